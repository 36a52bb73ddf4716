// Money parsing and rounding (SPEC §3): Money::Parse and ParseTruncating on arbitrary text, checked
// against a separate decimal-string oracle; RoundToCents and FormatCents on arbitrary 128-bit sums,
// checked against plain integer arithmetic; and sums of valid amounts, which must never wrap.
#include "core/money.hpp"
#include "fuzz_support.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <optional>
#include <string>

namespace {

using dunning::Error;
using dunning::ErrorCode;
using dunning::Money;
using dunning::MoneySum;
using dunning::Units128;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

enum class Verdict { kValid, kInvalid, kOutOfRange };

struct Expected {
	Verdict verdict = Verdict::kInvalid;
	std::string normalized; // kValid: the value as FormatExact prints it
};

bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}

// What Parse must make of `text`, worked out on the digits as a string.
Expected
Oracle(std::string_view text) {
	Expected out;
	std::size_t pos = 0;
	bool negative = false;
	if (pos < text.size() && (text[pos] == '+' || text[pos] == '-'))
		negative = text[pos++] == '-';
	std::string int_digits, frac_digits;
	while (pos < text.size() && IsDigit(text[pos]))
		int_digits.push_back(text[pos++]);
	if (pos < text.size() && text[pos] == '.') {
		++pos;
		while (pos < text.size() && IsDigit(text[pos]))
			frac_digits.push_back(text[pos++]);
	}
	if (pos != text.size() || (int_digits.empty() && frac_digits.empty()))
		return out;
	while (frac_digits.size() > 4 && frac_digits.back() == '0')
		frac_digits.pop_back();
	if (frac_digits.size() > 4)
		return out; // more than 4 decimals
	int_digits.erase(0, int_digits.find_first_not_of('0') == std::string::npos ? int_digits.size()
	                                                                             : int_digits.find_first_not_of('0'));
	while (!frac_digits.empty() && frac_digits.back() == '0')
		frac_digits.pop_back();
	if (int_digits.size() > 13) {
		out.verdict = Verdict::kOutOfRange;
		return out;
	}
	const bool zero = int_digits.empty() && frac_digits.empty();
	out.verdict = Verdict::kValid;
	out.normalized = (negative && !zero ? "-" : "") + (int_digits.empty() ? std::string("0") : int_digits) +
	                 (frac_digits.empty() ? "" : "." + frac_digits);
	return out;
}

void
CheckParse(std::string_view text) {
	const Expected expected = Oracle(text);
	std::optional<Money> parsed;
	try {
		parsed = Money::Parse(text, "fuzz amount");
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue, ErrorCode::kNumericValueOutOfRange});
		Check(expected.verdict != Verdict::kValid, "Parse rejected a valid amount", text);
		Check((e.code() == ErrorCode::kNumericValueOutOfRange) == (expected.verdict == Verdict::kOutOfRange),
		      "Parse gave the wrong SQLSTATE", text);
	}
	if (parsed) {
		Check(expected.verdict == Verdict::kValid, "Parse accepted an invalid amount", text);
		Check(dunning::FormatExact(*parsed) == expected.normalized, "Parse changed the value", text);
		Check(parsed->units() < Money::kLimitUnits && parsed->units() > -Money::kLimitUnits, "amount beyond 10^13");
		Check(Money::Parse(dunning::FormatExact(*parsed), "again") == *parsed, "FormatExact does not round-trip");
		// Truncating parsing agrees wherever exact parsing succeeds.
		Check(Money::ParseTruncating(text, "fuzz score") == *parsed, "ParseTruncating differs from Parse", text);
	}
}

// Cents of `units` rounded half away from zero, and their text, by plain integer arithmetic.
Units128
ReferenceCents(Units128 units) {
	Units128 cents = units / 100;
	Units128 rest = units % 100;
	if (rest >= 50)
		++cents;
	else if (rest <= -50)
		--cents;
	return cents;
}

std::string
ReferenceText(Units128 cents) {
	bool negative = cents < 0;
	unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-cents) : cents;
	std::string digits;
	do {
		digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
		magnitude /= 10;
	} while (magnitude != 0);
	while (digits.size() < 3)
		digits.insert(digits.begin(), '0');
	digits.insert(digits.end() - 2, '.');
	return (negative ? "-" : "") + digits;
}

void
CheckRounding(Units128 units) {
	const Units128 cents = ReferenceCents(units);
	Check(dunning::RoundToCents(units) == cents * 100, "RoundToCents is not half away from zero");
	Check(dunning::FormatCentsString(MoneySum::FromUnits(units)) == ReferenceText(cents), "FormatCents text is wrong");
}

// Sums of many maximal amounts: what SPEC §3 promises never wraps.
void
CheckSum(FuzzedDataProvider &in) {
	MoneySum sum;
	Units128 reference = 0;
	const int count = in.ConsumeIntegralInRange(0, 64);
	for (int i = 0; i < count; ++i) {
		const std::int64_t units = in.ConsumeIntegralInRange<std::int64_t>(-Money::kLimitUnits + 1, Money::kLimitUnits - 1);
		const std::int64_t repeat = in.ConsumeIntegralInRange<std::int64_t>(1, 1'000'000);
		// Adding `repeat` times is the same as adding the product: 10^6 maximal items.
		sum += MoneySum::FromUnits(static_cast<Units128>(units) * repeat);
		reference += static_cast<Units128>(units) * repeat;
	}
	Check(sum.units() == reference, "sum wrapped");
	CheckRounding(sum.units());
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	FuzzedDataProvider in(data, size);
	switch (in.ConsumeIntegralInRange(0, 2)) {
	case 0:
		CheckParse(in.ConsumeRemainingBytesAsString());
		break;
	case 1: {
		// Any value a sum of valid amounts can reach (|units| < 10^30 covers 10^13 maximal items).
		constexpr Units128 kBound = static_cast<Units128>(1'000'000'000'000'000LL) * 1'000'000'000'000'000LL;
		const auto high = static_cast<unsigned __int128>(in.ConsumeIntegral<std::uint64_t>());
		const Units128 units = static_cast<Units128>(high << 64 | in.ConsumeIntegral<std::uint64_t>());
		CheckRounding(units % kBound);
		break;
	}
	default:
		CheckSum(in);
		break;
	}
	return 0;
}
