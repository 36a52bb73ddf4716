// Amounts and dates per locale (SPEC §13), byte for byte as ICU 72 (Debian 12) writes them:
// U+00A0 NO-BREAK SPACE is "\xc2\xa0", U+202F NARROW NO-BREAK SPACE "\xe2\x80\xaf", € "\xe2\x82\xac".
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/locale_format.hpp"

#include <chrono>
#include <random>
#include <string>
#include <vector>
#include <gtest/gtest.h>

#include "error_of.hpp"

using dunning::FormatAmount;
using dunning::FormatLongDate;

namespace {

#define EURO "\xe2\x82\xac"
#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

std::int32_t
Day(int year, unsigned month, unsigned day) {
	return dunning::Date::FromCivil(year, month, day).pg_days();
}


} // namespace

TEST(LocaleFormat, AmountsOfSpec13) {
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "nl"), EURO NBSP "12.619,77");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "fr"), "12" NNBSP "619,77" NBSP EURO);
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "de"), "12.619,77" NBSP EURO);
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "en"), EURO "12,619.77");
}

TEST(LocaleFormat, AmountsWithCountries) {
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "nl-BE"), EURO NBSP "12.619,77");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "fr-BE"), "12" NNBSP "619,77" NBSP EURO);
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "de-AT"), EURO NBSP "12.619,77");
	EXPECT_EQ(FormatAmount("12619.77", "CHF", "de-CH"), "CHF" NBSP "12\xe2\x80\x99" "619.77");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "en-US"), EURO "12,619.77");
	EXPECT_EQ(FormatAmount("12619.77", "USD", "en-US"), "$12,619.77");
}

TEST(LocaleFormat, NegativeAmounts) {
	EXPECT_EQ(FormatAmount("-12619.77", "EUR", "nl"), EURO NBSP "-12.619,77");
	EXPECT_EQ(FormatAmount("-12619.77", "EUR", "fr"), "-12" NNBSP "619,77" NBSP EURO);
	EXPECT_EQ(FormatAmount("-12619.77", "EUR", "de"), "-12.619,77" NBSP EURO);
	EXPECT_EQ(FormatAmount("-12619.77", "EUR", "en"), "-" EURO "12,619.77");
	// A negative amount that rounds to zero is zero, not "-0,00".
	EXPECT_EQ(FormatAmount("-0.004", "EUR", "nl"), EURO NBSP "0,00");
}

TEST(LocaleFormat, AlwaysTheCurrencysMinorUnitsRoundedHalfAwayFromZero) {
	EXPECT_EQ(FormatAmount("5", "EUR", "nl"), EURO NBSP "5,00");
	EXPECT_EQ(FormatAmount("12.5", "EUR", "de"), "12,50" NBSP EURO);
	EXPECT_EQ(FormatAmount("2.675", "EUR", "en"), EURO "2.68"); // a double would give 2.67
	EXPECT_EQ(FormatAmount("-2.675", "EUR", "en"), "-" EURO "2.68");
	EXPECT_EQ(FormatAmount("0.125", "EUR", "en"), EURO "0.13"); // half away from zero, not to even
	EXPECT_EQ(FormatAmount("1250.5", "JPY", "en"), "JP\xc2\xa5" "1,251"); // en is en-GB: JP¥
	EXPECT_EQ(FormatAmount("1250.4", "JPY", "de"), "1.250" NBSP "\xc2\xa5");
	// Exact beyond a double's 15 to 17 digits.
	EXPECT_EQ(FormatAmount("12345678901234567890.125", "EUR", "en"), EURO "12,345,678,901,234,567,890.13");
}

TEST(LocaleFormat, NoCurrencyIsTheNumberWithTwoDecimals) {
	EXPECT_EQ(FormatAmount("12619.77", "", "nl"), "12.619,77");
	EXPECT_EQ(FormatAmount("12619.7", "", "fr"), "12" NNBSP "619,70");
	EXPECT_EQ(FormatAmount("-3", "", "de"), "-3,00");
	EXPECT_EQ(FormatAmount("1234.565", "", "en"), "1,234.57");
}

TEST(LocaleFormat, LongDates) {
	const std::int32_t day = Day(2026, 11, 16);
	EXPECT_EQ(FormatLongDate(day, "nl"), "16 november 2026");
	EXPECT_EQ(FormatLongDate(day, "nl-BE"), "16 november 2026");
	EXPECT_EQ(FormatLongDate(day, "fr"), "16 novembre 2026");
	EXPECT_EQ(FormatLongDate(day, "fr-BE"), "16 novembre 2026");
	EXPECT_EQ(FormatLongDate(day, "de"), "16. November 2026");
	EXPECT_EQ(FormatLongDate(day, "de-AT"), "16. November 2026");
	EXPECT_EQ(FormatLongDate(day, "en"), "16 November 2026");
	EXPECT_EQ(FormatLongDate(day, "en-GB"), "16 November 2026");
	EXPECT_EQ(FormatLongDate(day, "en-US"), "November 16, 2026");
	EXPECT_EQ(FormatLongDate(Day(2026, 3, 1), "de-AT"), "1. März 2026");
	EXPECT_EQ(FormatLongDate(Day(2026, 1, 5), "de-AT"), "5. Jänner 2026");
	EXPECT_EQ(FormatLongDate(0, "nl"), "1 januari 2000");
}

TEST(LocaleFormat, DatesAreCalendarDaysInTheGregorianCalendar) {
	// Each day of a leap year, in order, with no day twice (a time zone or DST would repeat one).
	std::string previous;
	for (std::int32_t day = Day(2024, 1, 1); day <= Day(2024, 12, 31); ++day) {
		std::string text = FormatLongDate(day, "nl");
		EXPECT_NE(text, previous);
		previous = text;
	}
	EXPECT_EQ(previous, "31 december 2024");
	EXPECT_EQ(FormatLongDate(Day(2024, 2, 29), "en"), "29 February 2024");
	// Proleptic Gregorian like PostgreSQL, not Julian before 1582; Thai dates in Gregorian years.
	EXPECT_EQ(FormatLongDate(Day(1500, 3, 1), "en"), "1 March 1500");
	EXPECT_EQ(FormatLongDate(Day(9999, 12, 31), "en"), "31 December 9999");
	EXPECT_NE(FormatLongDate(Day(2026, 11, 16), "th-TH").find("2026"), std::string::npos);
}

TEST(LocaleFormat, BadLocalesAreNamed) {
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EUR", "nl_BE"); }), "locale \"nl_BE\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EUR", "NL"); }), "locale \"NL\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EUR", "nl-be"); }), "locale \"nl-be\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EUR", ""); }), "locale \"\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(0, "dutch"); }), "locale \"dutch\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(0, "qq"); }), "locale \"qq\" has a language ICU has no data for: \"qq\"");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "", "xx-BE"); }),
	          "locale \"xx-BE\" has a language ICU has no data for: \"xx\"");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "", "nl-XY"); }), "locale \"nl-XY\" has an unknown country: \"XY\"");
	// A megabyte of locale or currency is refused before it becomes a cache key, named in 64 bytes.
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EUR", std::string(1 << 20, 'n')); }),
	          "locale \"" + std::string(64, 'n') + "...\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(0, std::string(1 << 20, 'n')); }),
	          "locale \"" + std::string(64, 'n') + "...\" is not of the form ll or ll-CC");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", std::string(1 << 20, 'E'), "nl"); }),
	          "currency \"" + std::string(64, 'E') + "...\" is not an ISO 4217 code");
	EXPECT_NO_THROW(dunning::CheckLocale("nl-BE"));
	EXPECT_THROW(dunning::CheckLocale("nl-"), dunning::Error);
}

TEST(LocaleFormat, BadAmountsAndCurrenciesAreNamed) {
	const std::string not_decimal = "\" cannot be formatted: it is not a finite decimal number";
	EXPECT_EQ(ErrorOf([] { FormatAmount("NaN", "EUR", "nl"); }), "amount \"NaN" + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount("Infinity", "EUR", "nl"); }), "amount \"Infinity" + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount("1e5", "EUR", "nl"); }), "amount \"1e5" + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount("1.", "EUR", "nl"); }), "amount \"1." + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount("", "EUR", "nl"); }), "amount \"" + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount(std::string(2000, '9'), "EUR", "nl"); }),
	          "amount \"" + std::string(64, '9') + "..." + not_decimal);
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "eur", "nl"); }), "currency \"eur\" is not an ISO 4217 code");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "EURO", "nl"); }), "currency \"EURO\" is not an ISO 4217 code");
	EXPECT_EQ(ErrorOf([] { FormatAmount("1", "QQQ", "nl"); }), "currency \"QQQ\" is not an ISO 4217 code ICU knows");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(INT32_MAX, "nl"); }), "date infinity cannot be formatted");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(INT32_MIN, "nl"); }), "date -infinity cannot be formatted");
	EXPECT_EQ(ErrorOf([] { FormatLongDate(Day(10000, 1, 1), "nl"); }),
	          "date 10000-01-01 cannot be formatted: only the years 1 to 9999 are");
}

TEST(LocaleFormat, FormattersAreCachedPerLocaleAndCurrency) {
	FormatAmount("1", "EUR", "nl-BE");
	FormatLongDate(0, "nl-BE");
	const std::size_t cached = dunning::CachedFormatterCount();
	for (int i = 0; i < 100; ++i) {
		FormatAmount("1", "EUR", "nl-BE");
		FormatLongDate(i, "nl-BE");
	}
	EXPECT_EQ(dunning::CachedFormatterCount(), cached);
	FormatAmount("1", "USD", "nl-BE");
	EXPECT_EQ(dunning::CachedFormatterCount(), cached + 1);
	// A failed lookup caches nothing.
	EXPECT_THROW(FormatAmount("1", "EUR", "qq"), dunning::Error);
	EXPECT_EQ(dunning::CachedFormatterCount(), cached + 1);
}

// Formatted texts are remembered per formatter, up to a bound: past it the memory starts over and
// every text is still the same.
TEST(LocaleFormat, RememberedTextsStayRight) {
	EXPECT_EQ(FormatLongDate(Day(2026, 11, 16), "nl"), "16 november 2026");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "fr"), "12\u202f619,77\u00a0€");
	std::vector<std::string> first;
	for (int i = 0; i < 20'000; ++i)
		first.push_back(FormatLongDate(i, "de") + FormatAmount(std::to_string(i) + ".5", "EUR", "de"));
	for (int i = 20'000; i-- > 0;)
		ASSERT_EQ(FormatLongDate(i, "de") + FormatAmount(std::to_string(i) + ".5", "EUR", "de"), first[i]) << i;
	EXPECT_EQ(FormatLongDate(Day(2026, 11, 16), "nl"), "16 november 2026");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "fr"), "12\u202f619,77\u00a0€");
	EXPECT_EQ(FormatAmount("12619.77", "EUR", "de"), "12.619,77\u00a0€");
}

// FormatAmount formats one amount per formatter, sign and integer part with ICU and gives the others
// of that shape their own rounded fraction digits: every text is ICU's own, in locales with other
// grouping (hi-IN: 12,34,567.89; es: 1234 but 12.345), other digits (ar, fa: ICU alone), other minor
// units (JPY none, KWD three), rounding that carries (9.995), negative amounts that round to zero,
// and leading zeros.
TEST(LocaleFormat, AmountsByShapeAreIcusOwn) {
	const char *locales[] = {"en", "en-US", "nl", "nl-BE", "fr", "fr-CH", "de", "de-CH", "es", "it",
	                         "pt-BR", "hi-IN", "ar", "ar-EG", "fa", "ja", "sv", "pl", "bn", "th"};
	const char *currencies[] = {"", "EUR", "USD", "JPY", "CHF", "KWD", "INR", "SEK"};
	std::mt19937_64 random(18);
	std::vector<std::string> amounts = {"0", "-0", "-0.004", "0.005", "-0.005", "9.995", "-9.995", "99999.9999",
	                                    "0.0001", "007.50", "-000", "1234", "12345", "1000000", "999.5", "0.49999"};
	for (int i = 0; i < 300; ++i) {
		// few integer parts, so that shapes are reused with other fractions
		std::string amount = random() % 3 == 0 ? "-" : "";
		const int integer_digits = static_cast<int>(random() % 9);
		amount += integer_digits == 0 ? "0" : std::to_string(random() % 5 + 1);
		for (int d = 1; d < integer_digits; ++d)
			amount += static_cast<char>('0' + random() % (d % 3 == 0 ? 10 : 2));
		const int fraction_digits = static_cast<int>(random() % 6);
		if (fraction_digits > 0) {
			amount += '.';
			for (int d = 0; d < fraction_digits; ++d)
				amount += static_cast<char>('0' + random() % 10);
		}
		amounts.push_back(amount);
	}
	for (const char *locale : locales)
		for (const char *currency : currencies)
			for (int pass = 0; pass < 2; ++pass)
				for (const std::string &amount : amounts)
					ASSERT_EQ(FormatAmount(amount, currency, locale), dunning::FormatAmountWithIcu(amount, currency, locale))
						<< amount << " " << currency << " " << locale;
}

// The shapes of all formatters are bounded together; past the bound they start over and every
// text is still ICU's own.
TEST(LocaleFormat, ShapesStartOverPastTheirBound) {
	for (int i = 0; i < 70'000; ++i)
		ASSERT_EQ(FormatAmount(std::to_string(i) + ".25", "EUR", i % 2 ? "nl" : "fr"),
		          dunning::FormatAmountWithIcu(std::to_string(i) + ".25", "EUR", i % 2 ? "nl" : "fr"))
			<< i;
	for (int i = 0; i < 70'000; i += 997)
		ASSERT_EQ(FormatAmount(std::to_string(i) + ".75", "EUR", "nl"),
		          dunning::FormatAmountWithIcu(std::to_string(i) + ".75", "EUR", "nl"))
			<< i;
}

// What a run pays per formatted value (about ten per letter): cached formatters keep it to a few
// microseconds. Printed for docs; the bound is loose so that a loaded CI machine passes.
TEST(LocaleFormat, CostPerCall) {
#if defined(__OPTIMIZE__) && !defined(DUNNING_SANITIZED)
	constexpr int kCalls = 100'000;
	const char *locales[] = {"nl-BE", "fr-BE", "de", "en"};
	FormatAmount("1", "EUR", "en");
	auto start = std::chrono::steady_clock::now();
	std::size_t bytes = 0;
	for (int i = 0; i < kCalls; ++i)
		bytes += FormatAmount(std::to_string(i) + ".25", "EUR", locales[i % 4]).size();
	auto amounts = std::chrono::steady_clock::now() - start;
	start = std::chrono::steady_clock::now();
	for (int i = 0; i < kCalls; ++i)
		bytes += FormatLongDate(9000 + i % 1000, locales[i % 4]).size();
	auto dates = std::chrono::steady_clock::now() - start;
	const double amount_us = std::chrono::duration<double, std::micro>(amounts).count() / kCalls;
	const double date_us = std::chrono::duration<double, std::micro>(dates).count() / kCalls;
	std::printf("format_amount %.2f us/call, format_date %.2f us/call (%zu bytes)\n", amount_us, date_us, bytes);
	EXPECT_LT(amount_us, 50.0);
	EXPECT_LT(date_us, 50.0);
#else
	GTEST_SKIP() << "timed in optimized builds only";
#endif
}
