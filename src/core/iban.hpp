// Bank account identifiers a letter prints (SPEC §11.1 settings iban and bic): IBAN (ISO 13616)
// and BIC (ISO 9362).
#pragma once

#include <string>
#include <string_view>

namespace dunning {

// The IBAN in its electronic form (upper case, no spaces) when it is valid: a country of the
// IBAN registry, that country's length, letters and digits only, and check digits with
// mod-97 = 1. Otherwise throws 22023 naming the value and what is wrong.
std::string CheckIban(std::string_view iban);

// A valid IBAN in its print form: groups of four characters separated by a space
// ("BE68 5390 0754 7034"). Throws like CheckIban.
std::string FormatIban(std::string_view iban);

// The registered IBAN length of a country (ISO 3166-1 alpha-2), or 0 when the country issues none.
int IbanLength(std::string_view country);

// ISO 7064 MOD 97-10 of an alphanumeric text, letters counting as 10 (A) to 35 (Z): what IBAN and
// ISO 11649 check digits are computed with. The text must hold only digits and upper-case letters.
int Mod97(std::string_view text);

// The BIC (upper case, no spaces) when it is valid: 8 or 11 characters, a 4-letter bank code, a
// 2-letter country code, a 2-character location code (letters or digits), optionally a
// 3-character branch code (letters or digits). Otherwise throws 22023 naming the value.
std::string CheckBic(std::string_view bic);

} // namespace dunning
