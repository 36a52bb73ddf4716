// Locale formatting with ICU (SPEC §13). ICU's objects live in process-wide caches that only this
// file touches; a PostgreSQL backend is single-threaded, and so are the unit tests.
#include "core/locale_format.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <unicode/datefmt.h>
#include <unicode/formattedvalue.h>
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

// A formatter and the texts it has made: a run formats the same due dates for thousands of letters,
// and ICU takes 1-1.5 µs per value.
constexpr std::size_t kMaxTextsPerFormatter = 8192;
template <typename Format, typename Key> struct MemoizedFormat {
	Format format;
	std::unordered_map<Key, std::string> texts;

	template <typename Make> const std::string &Text(const Key &key, Make make) {
		if (auto found = texts.find(key); found != texts.end())
			return found->second;
		std::string text = make(format);
		if (texts.size() >= kMaxTextsPerFormatter)
			texts.clear();
		return texts.emplace(key, std::move(text)).first->second;
	}
};
using DateFormatter = MemoizedFormat<std::unique_ptr<icu::DateFormat>, std::int32_t>;

// An amount's text around its fraction digits, e.g. "€ 12.619," and "" for nl: every amount of
// that sign and integer part differs only in the digits between.
struct AmountShape {
	std::string head;
	std::string tail;
};

// Few amounts repeat (a run's open amounts are mostly distinct), but their integer parts do: ICU
// formats one amount per sign and integer part, and the others of that shape take their own
// fraction digits, rounded here as ICU rounds. Where ICU writes other digits than ASCII
// (ar, for example) or a fraction other than the one rounded here, every amount goes to ICU.
// The shapes of all formatters together are bounded (a few megabytes): past the bound they start
// over.
constexpr std::size_t kMaxShapes = 65536;
std::size_t shape_count = 0;
struct AmountFormatter {
	MemoizedFormat<number::LocalizedNumberFormatter, std::string> icu;
	std::unordered_map<std::string, AmountShape> shapes; // by "-" for a negative amount and the integer digits
	int fraction_digits = -1; // -1: not yet known; the currency's minor units (2 without currency)
	bool by_shape = true;
};
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
	if (amount_formatters.size() >= kMaxCached) {
		amount_formatters.clear();
		shape_count = 0;
	}
	return amount_formatters
		.emplace(std::move(key), AmountFormatter{{formatter.locale(IcuLocale(parts, false)), {}}, {}, -1, true})
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

void
CheckAmount(std::string_view amount) {
	if (amount.size() > kMaxAmountChars || !IsDecimal(amount))
		ThrowInvalid(
			fmt::format("amount \"{}\" cannot be formatted: it is not a finite decimal number", ShownText(amount)),
			amount.size() > kMaxAmountChars
				? fmt::format("The amount has {} characters; at most {} are formatted.", amount.size(), kMaxAmountChars)
				: std::string());
}

// ICU's text of an amount and where in it the fraction digits are (UTF-16 indexes; without a
// fraction, as for JPY, both are the text's length).
struct IcuAmount {
	icu::UnicodeString text;
	std::int32_t fraction_begin = 0;
	std::int32_t fraction_end = 0;
	bool has_fraction = false;
};

IcuAmount
FormatWithIcu(const number::LocalizedNumberFormatter &formatter, std::string_view amount) {
	UErrorCode status = U_ZERO_ERROR;
	const number::FormattedNumber formatted =
		formatter.formatDecimal(icu::StringPiece(amount.data(), static_cast<int32_t>(amount.size())), status);
	IcuAmount out;
	out.text = formatted.toString(status);
	icu::ConstrainedFieldPosition position;
	position.constrainField(UFIELD_CATEGORY_NUMBER, UNUM_FRACTION_FIELD);
	out.has_fraction = U_SUCCESS(status) && formatted.nextPosition(position, status);
	if (U_FAILURE(status))
		ThrowIcu(fmt::format("format amount \"{}\"", ShownText(amount)).c_str(), status);
	out.fraction_begin = out.has_fraction ? position.getStart() : out.text.length();
	out.fraction_end = out.has_fraction ? position.getLimit() : out.text.length();
	return out;
}

// An amount rounded to a number of fraction digits, half away from zero (ICU's UNUM_ROUND_HALFUP):
// its sign (none for zero), integer digits without leading zeros, and exactly that many fraction digits.
struct RoundedAmount {
	bool negative = false;
	std::string integer;
	std::string fraction;

	std::string Text() const {
		std::string text = negative ? "-" : "";
		text.append(integer);
		if (!fraction.empty())
			text.append(1, '.').append(fraction);
		return text;
	}
};

RoundedAmount
RoundAmount(std::string_view amount, int fraction_digits) {
	const auto digits = static_cast<std::size_t>(fraction_digits);
	RoundedAmount out;
	out.negative = !amount.empty() && amount.front() == '-';
	if (out.negative)
		amount.remove_prefix(1);
	const std::size_t point = amount.find('.');
	const std::string_view fraction = point == std::string_view::npos ? std::string_view() : amount.substr(point + 1);
	// the integer digits and the kept fraction digits, then one unit in the last place where the
	// first digit dropped is 5 or more
	std::string kept(amount.substr(0, point));
	kept.append(fraction.substr(0, std::min(fraction.size(), digits)));
	kept.append(digits - std::min(fraction.size(), digits), '0');
	if (fraction.size() > digits && fraction[digits] >= '5') {
		std::size_t i = kept.size();
		while (i > 0 && kept[i - 1] == '9')
			kept[--i] = '0';
		if (i == 0)
			kept.insert(0, 1, '1');
		else
			++kept[i - 1];
	}
	const std::size_t integer_end = kept.size() - digits;
	const std::size_t first_digit = std::min(kept.find_first_not_of('0'), integer_end);
	out.integer = first_digit == integer_end ? "0" : kept.substr(first_digit, integer_end - first_digit);
	out.fraction = kept.substr(integer_end);
	if (kept.find_first_not_of('0') == std::string::npos)
		out.negative = false; // -0.004 is 0.00
	return out;
}

// Whether ICU wrote the fraction rounded here, in ASCII digits.
bool
FractionAsRounded(const IcuAmount &icu, const RoundedAmount &rounded) {
	if (rounded.fraction.empty())
		return !icu.has_fraction;
	return icu.has_fraction &&
		   ToUtf8(icu.text.tempSubStringBetween(icu.fraction_begin, icu.fraction_end)) == rounded.fraction;
}

// The formatter's fraction digits, from a probe whose digits no rounding increment (CHF cash
// rounding's 0.05, say) keeps: where ICU writes them otherwise than rounded here, or in other
// digits, amounts are formatted by ICU alone.
void
LearnFraction(AmountFormatter &formatter) {
	constexpr std::string_view kProbe = "0.3333333333";
	const IcuAmount icu = FormatWithIcu(formatter.icu.format, kProbe);
	formatter.fraction_digits = icu.has_fraction ? icu.fraction_end - icu.fraction_begin : 0;
	formatter.by_shape = FractionAsRounded(icu, RoundAmount(kProbe, formatter.fraction_digits));
}

} // namespace

void
CheckLocale(std::string_view locale) {
	(void)ParseLocale(locale);
}

std::string
FormatAmount(std::string_view amount, std::string_view currency, std::string_view locale) {
	CheckAmount(amount);
	AmountFormatter &formatter = AmountFormatterOf(currency, locale);
	if (formatter.fraction_digits < 0)
		LearnFraction(formatter);
	if (!formatter.by_shape)
		return formatter.icu.Text(std::string(amount),
								  [amount](const auto &format) { return ToUtf8(FormatWithIcu(format, amount).text); });
	const RoundedAmount rounded = RoundAmount(amount, formatter.fraction_digits);
	std::string key = rounded.negative ? "-" : "";
	key.append(rounded.integer);
	auto found = formatter.shapes.find(key);
	if (found == formatter.shapes.end()) {
		const IcuAmount icu = FormatWithIcu(formatter.icu.format, rounded.Text());
		if (!FractionAsRounded(icu, rounded)) {
			formatter.by_shape = false;
			return ToUtf8(icu.text);
		}
		if (shape_count >= kMaxShapes) {
			for (auto &entry : amount_formatters)
				entry.second.shapes.clear();
			shape_count = 0;
		}
		++shape_count;
		AmountShape shape{ToUtf8(icu.text.tempSubStringBetween(0, icu.fraction_begin)),
						  ToUtf8(icu.text.tempSubString(icu.fraction_end))};
		found = formatter.shapes.emplace(std::move(key), std::move(shape)).first;
	}
	std::string text;
	text.reserve(found->second.head.size() + rounded.fraction.size() + found->second.tail.size());
	return text.append(found->second.head).append(rounded.fraction).append(found->second.tail);
}

std::string
FormatAmountWithIcu(std::string_view amount, std::string_view currency, std::string_view locale) {
	CheckAmount(amount);
	return ToUtf8(FormatWithIcu(AmountFormatterOf(currency, locale).icu.format, amount).text);
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
