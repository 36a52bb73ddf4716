// Locale formatting with ICU (SPEC §13). ICU's objects live in process-wide caches that only this
// file touches; a PostgreSQL backend is single-threaded, and so are the unit tests.
#include "core/locale_format.hpp"

#include <fmt/format.h>
#include <memory>
#include <string>
#include <unicode/datefmt.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/numberformatter.h>
#include <unicode/timezone.h>
#include <unicode/ucurr.h>
#include <unicode/uloc.h>
#include <unordered_map>
#include <unordered_set>

#include "core/ascii.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/message_text.hpp"

namespace dunning {
namespace {

using ascii::IsDigit;
using ascii::IsLower;
using ascii::IsUpper;

namespace number = icu::number;

// Caches grow with the distinct locales and currencies a database uses (a few dozen); a caller
// cycling through many would otherwise hold every formatter forever.
constexpr std::size_t kMaxCached = 512;

[[noreturn]] void
ThrowIcu(const char *what, UErrorCode status) {
	throw Error(ErrorCode::kInternal, fmt::format("ICU could not {}: {}", what, u_errorName(status)));
}

// The languages ICU has formatting data for (e.g. "nl", "fr"), and the ISO 3166-1 countries it knows.
const std::unordered_set<std::string> &
KnownLanguages() {
	static const std::unordered_set<std::string> languages = [] {
		std::unordered_set<std::string> out;
		int32_t count = 0;
		const icu::Locale *available = icu::Locale::getAvailableLocales(count);
		for (int32_t i = 0; i < count; ++i)
			out.insert(available[i].getLanguage());
		return out;
	}();
	return languages;
}

const std::unordered_set<std::string> &
KnownCountries() {
	static const std::unordered_set<std::string> countries = [] {
		std::unordered_set<std::string> out;
		for (const char *const *code = uloc_getISOCountries(); *code; ++code)
			out.insert(*code);
		return out;
	}();
	return countries;
}

struct LocaleParts {
	std::string language;
	std::string country; // empty: none
};

LocaleParts
ParseLocale(std::string_view locale) {
	const bool well_formed =
		(locale.size() == 2 || (locale.size() == 5 && locale[2] == '-' && IsUpper(locale[3]) && IsUpper(locale[4]))) &&
		IsLower(locale[0]) && IsLower(locale[1]);
	if (!well_formed)
		ThrowInvalid(fmt::format("locale \"{}\" is not of the form ll or ll-CC", ShownText(locale)),
					 "A locale is an ISO 639-1 language in lower case, optionally followed by a hyphen and an ISO "
					 "3166-1 country in upper case.",
					 "For example nl, nl-BE, fr-BE, de-AT or en-GB.");
	LocaleParts parts{std::string(locale.substr(0, 2)), locale.size() == 5 ? std::string(locale.substr(3, 2)) : ""};
	if (!KnownLanguages().contains(parts.language))
		ThrowInvalid(fmt::format("locale \"{}\" has a language ICU has no data for: \"{}\"", locale, parts.language));
	if (!parts.country.empty() && !KnownCountries().contains(parts.country))
		ThrowInvalid(fmt::format("locale \"{}\" has an unknown country: \"{}\"", locale, parts.country), {},
					 "The country is an ISO 3166-1 alpha-2 code in upper case, e.g. BE.");
	return parts;
}

// The ICU locale of a letter locale. A bare `en` follows British English: letters in English for
// readers in Europe write the day before the month. Dates always use the Gregorian calendar (th
// would otherwise count Buddhist years).
icu::Locale
IcuLocale(const LocaleParts &parts, bool gregorian) {
	const char *country = parts.country.empty() ? (parts.language == "en" ? "GB" : nullptr) : parts.country.c_str();
	return icu::Locale(parts.language.c_str(), country, nullptr, gregorian ? "calendar=gregorian" : nullptr);
}

// -?digits(.digits)?, as numeric's output function prints a finite value.
bool
IsDecimal(std::string_view text) {
	std::size_t i = 0;
	if (i < text.size() && text[i] == '-')
		++i;
	const std::size_t int_start = i;
	while (i < text.size() && IsDigit(text[i]))
		++i;
	if (i == int_start)
		return false;
	if (i == text.size())
		return true;
	if (text[i] != '.')
		return false;
	const std::size_t frac_start = ++i;
	while (i < text.size() && IsDigit(text[i]))
		++i;
	return i == text.size() && i > frac_start;
}

// numeric holds up to 131072 digits before the point; a letter never shows more than a few dozen.
constexpr std::size_t kMaxAmountChars = 1000;

void
CheckCurrency(std::string_view currency) {
	if (currency.size() != 3 || !IsUpper(currency[0]) || !IsUpper(currency[1]) || !IsUpper(currency[2]))
		ThrowInvalid(fmt::format("currency \"{}\" is not an ISO 4217 code", ShownText(currency)), {},
					 "A currency is three upper-case letters, e.g. EUR; NULL formats the number without one.");
	UChar code[4] = {static_cast<UChar>(currency[0]), static_cast<UChar>(currency[1]), static_cast<UChar>(currency[2]),
					 0};
	UErrorCode status = U_ZERO_ERROR;
	if (!ucurr_isAvailable(code, U_DATE_MIN, U_DATE_MAX, &status) || U_FAILURE(status))
		ThrowInvalid(fmt::format("currency \"{}\" is not an ISO 4217 code ICU knows", currency), {},
					 "A currency is three upper-case letters, e.g. EUR; NULL formats the number without one.");
}

// A formatter and the texts it has made: a run formats the same due dates and many of the same
// amounts (an item's original and open amount) for thousands of letters, and ICU takes 1-1.5 µs
// per value; formatting was half of composing a letter.
constexpr std::size_t kMaxTextsPerFormatter = 8192;
template <typename Format, typename Key>
struct MemoizedFormat {
	Format format;
	std::unordered_map<Key, std::string> texts;

	template <typename Make>
	const std::string &
	Text(const Key &key, Make make) {
		if (auto found = texts.find(key); found != texts.end())
			return found->second;
		std::string text = make(format);
		if (texts.size() >= kMaxTextsPerFormatter)
			texts.clear();
		return texts.emplace(key, std::move(text)).first->second;
	}
};
using AmountFormatter = MemoizedFormat<number::LocalizedNumberFormatter, std::string>;
using DateFormatter = MemoizedFormat<std::unique_ptr<icu::DateFormat>, std::int32_t>;
std::unordered_map<std::string, AmountFormatter> amount_formatters;
std::unordered_map<std::string, DateFormatter> date_formatters;

// The longest locale (ll-CC) and currency: a longer text is refused before it becomes a cache key.
constexpr std::size_t kMaxLocale = 5;
constexpr std::size_t kMaxCurrency = 3;

AmountFormatter &
AmountFormatterOf(std::string_view currency, std::string_view locale) {
	if (locale.size() > kMaxLocale)
		(void)ParseLocale(locale);
	if (currency.size() > kMaxCurrency)
		CheckCurrency(currency);
	std::string key;
	key.reserve(locale.size() + 1 + currency.size());
	key.append(locale).append(1, '|').append(currency);
	if (auto found = amount_formatters.find(key); found != amount_formatters.end())
		return found->second;
	const LocaleParts parts = ParseLocale(locale);
	number::UnlocalizedNumberFormatter formatter =
		number::NumberFormatter::with().roundingMode(UNUM_ROUND_HALFUP).sign(UNUM_SIGN_NEGATIVE);
	if (currency.empty()) {
		formatter = formatter.precision(number::Precision::fixedFraction(2));
	} else {
		CheckCurrency(currency);
		UErrorCode status = U_ZERO_ERROR;
		const std::string code(currency);
		icu::CurrencyUnit unit(icu::StringPiece(code.c_str()), status);
		if (U_FAILURE(status))
			ThrowIcu("make a currency unit", status);
		// The currency's minor units, always shown: 12.50 EUR, 1,250 JPY.
		formatter = formatter.unit(unit).precision(number::Precision::currency(UCURR_USAGE_STANDARD));
	}
	if (amount_formatters.size() >= kMaxCached)
		amount_formatters.clear();
	return amount_formatters.emplace(std::move(key), AmountFormatter{formatter.locale(IcuLocale(parts, false)), {}})
		.first->second;
}

DateFormatter &
DateFormatterOf(std::string_view locale) {
	if (locale.size() > kMaxLocale)
		(void)ParseLocale(locale);
	if (auto found = date_formatters.find(std::string(locale)); found != date_formatters.end())
		return found->second;
	const LocaleParts parts = ParseLocale(locale);
	std::unique_ptr<icu::DateFormat> format(
		icu::DateFormat::createDateInstance(icu::DateFormat::kLong, IcuLocale(parts, true)));
	if (!format)
		throw Error(ErrorCode::kInternal, fmt::format("ICU has no long date format for locale \"{}\"", locale));
	// A date is a calendar day, not an instant: format its midnight in UTC, proleptic Gregorian like
	// PostgreSQL (no Julian days before 1582).
	format->adoptTimeZone(icu::TimeZone::getGMT()->clone());
	if (auto *gregorian = dynamic_cast<icu::GregorianCalendar *>(format->getCalendar()->clone())) {
		UErrorCode status = U_ZERO_ERROR;
		gregorian->setGregorianChange(U_DATE_MIN, status);
		if (U_FAILURE(status))
			ThrowIcu("make a proleptic Gregorian calendar", status);
		format->adoptCalendar(gregorian);
	}
	if (date_formatters.size() >= kMaxCached)
		date_formatters.clear();
	return date_formatters.emplace(std::string(locale), DateFormatter{std::move(format), {}}).first->second;
}

std::string
ToUtf8(const icu::UnicodeString &text) {
	std::string out;
	text.toUTF8String(out);
	return out;
}

} // namespace

void
CheckLocale(std::string_view locale) {
	(void)ParseLocale(locale);
}

std::string
FormatAmount(std::string_view amount, std::string_view currency, std::string_view locale) {
	if (amount.size() > kMaxAmountChars || !IsDecimal(amount))
		ThrowInvalid(
			fmt::format("amount \"{}\" cannot be formatted: it is not a finite decimal number", ShownText(amount)),
			amount.size() > kMaxAmountChars
				? fmt::format("The amount has {} characters; at most {} are formatted.", amount.size(), kMaxAmountChars)
				: std::string());
	return AmountFormatterOf(currency, locale).Text(std::string(amount), [amount](const auto &formatter) {
		UErrorCode status = U_ZERO_ERROR;
		number::FormattedNumber formatted =
			formatter.formatDecimal(icu::StringPiece(amount.data(), static_cast<int32_t>(amount.size())), status);
		icu::UnicodeString text = formatted.toString(status);
		if (U_FAILURE(status))
			ThrowIcu(fmt::format("format amount \"{}\"", ShownText(amount)).c_str(), status);
		return ToUtf8(text);
	});
}

std::string
FormatLongDate(std::int32_t pg_days, std::string_view locale) {
	const Date date = Date::FromPgDays(pg_days);
	if (!date.IsFinite())
		ThrowInvalid(fmt::format("date {} cannot be formatted", pg_days > 0 ? "infinity" : "-infinity"));
	static const std::int32_t first = Date::FromCivil(1, 1, 1).pg_days();
	static const std::int32_t last = Date::FromCivil(9999, 12, 31).pg_days();
	if (pg_days < first || pg_days > last)
		ThrowInvalid(fmt::format("date {} cannot be formatted: only the years 1 to 9999 are", date.ToIsoString()));
	return DateFormatterOf(locale).Text(pg_days, [pg_days](const auto &format) {
		// 2000-01-01 is day 10957 of the Unix epoch. Exact in a double: |days| * 84375 < 2^53, times 2^10.
		const UDate midnight = (static_cast<double>(pg_days) + 10957.0) * 86400000.0;
		icu::UnicodeString text;
		format->format(midnight, text);
		return ToUtf8(text);
	});
}

std::size_t
CachedFormatterCount() {
	return amount_formatters.size() + date_formatters.size();
}

} // namespace dunning
