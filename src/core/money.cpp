#include "core/money.hpp"

#include "core/error.hpp"
#include "core/message_text.hpp"
#include "core/fixed_point.hpp"

#include <cstring>

#include <fmt/format.h>

namespace dunning {

namespace {

bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}

// The amount as an error message shows it: numeric has up to 147,455 digits, and a fuzzed policy
// number as many as the user types, but a message should stay one line.
std::string
Shown(std::string_view text) {
	return ShownText(text, 40);
}

} // namespace

Money::ParseStatus
Money::TryParse(std::string_view text, Money *out) {
	if (text == "NaN")
		return ParseStatus::kNaN;
	if (text == "Infinity" || text == "-Infinity")
		return ParseStatus::kInfinite;

	std::size_t pos = 0;
	bool negative = false;
	if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
		negative = text[pos] == '-';
		++pos;
	}
	std::size_t int_begin = pos;
	while (pos < text.size() && IsDigit(text[pos]))
		++pos;
	std::string_view int_digits = text.substr(int_begin, pos - int_begin);
	std::string_view frac_digits;
	if (pos < text.size() && text[pos] == '.') {
		std::size_t frac_begin = ++pos;
		while (pos < text.size() && IsDigit(text[pos]))
			++pos;
		frac_digits = text.substr(frac_begin, pos - frac_begin);
	}
	if (pos != text.size() || (int_digits.empty() && frac_digits.empty()))
		return ParseStatus::kMalformed;

	// Digits past the fourth decimal must be zeros: "1.23450" is exact, "1.23451" is not.
	for (std::size_t i = kDecimals; i < frac_digits.size(); ++i)
		if (frac_digits[i] != '0')
			return ParseStatus::kTooPrecise;

	while (!int_digits.empty() && int_digits.front() == '0')
		int_digits.remove_prefix(1);
	// 10^13 has 14 integer digits; anything with more is out of range before we multiply.
	if (int_digits.size() > 13)
		return ParseStatus::kOutOfRange;

	std::int64_t units = 0;
	for (char c : int_digits)
		units = units * 10 + (c - '0');
	for (int i = 0; i < kDecimals; ++i)
		units = units * 10 + (static_cast<std::size_t>(i) < frac_digits.size() ? frac_digits[i] - '0' : 0);
	if (units >= kLimitUnits)
		return ParseStatus::kOutOfRange;
	*out = FromUnits(negative ? -units : units);
	return ParseStatus::kOk;
}

Money
Money::Parse(std::string_view text, std::string_view context) {
	Money value;
	switch (TryParse(text, &value)) {
	case ParseStatus::kOk:
		return value;
	case ParseStatus::kNaN:
		ThrowInvalid(fmt::format("{} must be a number, not NaN", context));
	case ParseStatus::kInfinite:
		ThrowInvalid(fmt::format("{} must be finite, not {}", context, Shown(text)));
	case ParseStatus::kMalformed:
		ThrowInvalid(fmt::format("{} \"{}\" is not a number", context, Shown(text)));
	case ParseStatus::kTooPrecise:
		ThrowInvalid(fmt::format("{} {} has more than {} decimal places", context, Shown(text), kDecimals), {},
		             "Amounts are exact to 1/10,000; round the value before passing it.");
	case ParseStatus::kOutOfRange:
		break;
	}
	throw Error(ErrorCode::kNumericValueOutOfRange, "numeric value out of range",
	            fmt::format("{} {} is not below 10^13 in magnitude.", context, Shown(text)));
}

Money
Money::ParseTruncating(std::string_view text, std::string_view context) {
	std::size_t point = text.find('.');
	if (point != std::string_view::npos && text.size() > point + 1 + kDecimals)
		text = text.substr(0, point + 1 + kDecimals);
	return Parse(text, context);
}

Units128
RoundToCents(Units128 units) {
	constexpr Units128 kUnitsPerCent = Money::kScale / 100;
	Units128 magnitude = units < 0 ? -units : units;
	Units128 rounded = (magnitude + kUnitsPerCent / 2) / kUnitsPerCent * kUnitsPerCent;
	return units < 0 ? -rounded : rounded;
}

bool
ToCents(MoneySum value, std::int64_t *cents) {
	// The usual sum fits in 64 bits: the same rounding without two 128-bit divisions (result rows
	// convert every figure; 1M items: ToCents was about 3% of dunning.balance).
	constexpr Units128 kFast = Units128(1) << 62;
	if (value.units() > -kFast && value.units() < kFast) {
		const auto units = static_cast<std::int64_t>(value.units());
		const std::uint64_t magnitude = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
		const auto rounded = static_cast<std::int64_t>((magnitude + 50) / 100);
		*cents = units < 0 ? -rounded : rounded;
		return true;
	}
	Units128 rounded = RoundToCents(value.units()) / (Money::kScale / 100);
	if (rounded < INT64_MIN || rounded > INT64_MAX)
		return false;
	*cents = static_cast<std::int64_t>(rounded);
	return true;
}

CentsText
FormatCents(MoneySum value) {
	constexpr Units128 kUnitsPerCent = Money::kScale / 100;
	DecimalText text = FormatScaled(RoundToCents(value.units()) / kUnitsPerCent, 2);
	CentsText out{};
	static_assert(sizeof out.text == sizeof text.text);
	std::memcpy(out.text, text.text, sizeof out.text);
	return out;
}

std::string
FormatExact(Money value) {
	std::int64_t units = value.units();
	std::uint64_t magnitude = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
	std::string text = fmt::format("{}{}.{:04}", units < 0 ? "-" : "", magnitude / Money::kScale,
	                               magnitude % Money::kScale);
	while (text.back() == '0')
		text.pop_back();
	if (text.back() == '.')
		text.pop_back();
	return text;
}

std::string
FormatCentsString(MoneySum value) {
	return FormatCents(value).text;
}

} // namespace dunning
