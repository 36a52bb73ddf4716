// Amounts and dates in a letter's locale, with ICU (SPEC §13): `€ 12.619,77` and `16 november
// 2026` for nl, `12 619,77 €` and `16 novembre 2026` for fr. Amounts go to ICU as their exact
// decimal text (never a double). Formatters are built once per (locale, currency) and kept for the
// life of the process: a run formats some ten values per letter for 100k letters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dunning {

// A letter locale: `ll` or `ll-CC` (e.g. `nl`, `nl-BE`), ISO 639-1 language in lower case, ISO
// 3166-1 country in upper case. Throws 22023 naming the locale when it is ill-formed, when ICU
// has no data for the language or does not know the country.
void CheckLocale(std::string_view locale);

// The amount (a decimal text as numeric prints it: "-12619.77") in the locale: with the currency's
// symbol and its minor units (EUR 2 decimals, JPY 0), or, for an empty currency, the number with 2
// decimals and no symbol. Rounded half away from zero; a negative amount that rounds to zero shows
// no minus sign. Throws 22023 for a malformed amount, an unknown currency (ISO 4217, upper case) or
// a bad locale.
std::string FormatAmount(std::string_view amount, std::string_view currency, std::string_view locale);
// The same, every amount through ICU: FormatAmount reuses ICU's text of one amount for the others of
// its sign and integer part (tests compare the two).
std::string FormatAmountWithIcu(std::string_view amount, std::string_view currency, std::string_view locale);

// A date (days since 2000-01-01, PostgreSQL's date) as the locale's long date in the Gregorian
// calendar: nl `16 november 2026`, de `16. November 2026`, en-US `November 16, 2026`. A bare `en`
// follows British English (day month year). Throws 22023 for infinity or a bad locale.
std::string FormatLongDate(std::int32_t pg_days, std::string_view locale);

// How many formatters the cache holds (tests).
std::size_t CachedFormatterCount();

} // namespace dunning
