// Exact money: a fixed-point integer of 1/10,000 units (SPEC §3). No floating point anywhere.
// One amount is held in 64 bits (|amount| < 10^13, so |units| < 10^17); sums are 128-bit, so
// adding any number of valid amounts that fits in memory cannot wrap.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dunning {

using Units128 = __int128;

class Money {
public:
	static constexpr int kDecimals = 4;
	static constexpr std::int64_t kScale = 10'000;
	// |amount| must stay below 10^13 (SPEC §3).
	static constexpr std::int64_t kLimitUnits = 10'000'000'000'000LL * kScale;

	constexpr Money() = default;
	static constexpr Money
	FromUnits(std::int64_t units) {
		Money m;
		m.units_ = units;
		return m;
	}

	enum class ParseStatus { kOk, kNaN, kInfinite, kMalformed, kTooPrecise, kOutOfRange };
	// Parses the text form PostgreSQL's numeric_out produces ("-12.3400", "NaN", "Infinity")
	// without allocating; on failure says why.
	static ParseStatus TryParse(std::string_view text, Money *out);
	// The same, throwing the documented error; `context` names the value in its message, e.g.
	// `item "INV-1": amount`.
	static Money Parse(std::string_view text, std::string_view context);
	// The same, but digits past the fourth decimal are dropped (truncation toward zero), for
	// ratios such as a payment-behaviour score that are only compared with 4-decimal thresholds:
	// truncation keeps every `score >= threshold` comparison exact.
	static Money ParseTruncating(std::string_view text, std::string_view context);

	constexpr std::int64_t
	units() const {
		return units_;
	}
	constexpr bool
	IsZero() const {
		return units_ == 0;
	}
	constexpr bool
	IsNegative() const {
		return units_ < 0;
	}

	friend constexpr Money
	operator+(Money a, Money b) {
		return FromUnits(a.units_ + b.units_);
	}
	friend constexpr Money
	operator-(Money a, Money b) {
		return FromUnits(a.units_ - b.units_);
	}
	friend constexpr auto operator<=>(Money, Money) = default;

private:
	std::int64_t units_ = 0;
};

// A sum of amounts in 1/10,000 units.
class MoneySum {
public:
	constexpr MoneySum() = default;
	constexpr explicit MoneySum(Money m) : units_(m.units()) {
	}
	static constexpr MoneySum
	FromUnits(Units128 units) {
		MoneySum s;
		s.units_ = units;
		return s;
	}

	constexpr Units128
	units() const {
		return units_;
	}
	constexpr MoneySum &
	operator+=(Money m) {
		units_ += m.units();
		return *this;
	}
	constexpr MoneySum &
	operator+=(MoneySum m) {
		units_ += m.units_;
		return *this;
	}
	constexpr MoneySum &
	operator-=(MoneySum m) {
		units_ -= m.units_;
		return *this;
	}
	friend constexpr MoneySum
	operator+(MoneySum a, MoneySum b) {
		return a += b;
	}
	friend constexpr MoneySum
	operator-(MoneySum a, MoneySum b) {
		return a -= b;
	}
	friend constexpr auto operator<=>(MoneySum, MoneySum) = default;
	friend constexpr bool operator==(MoneySum, MoneySum) = default;

private:
	Units128 units_ = 0;
};

// Text of a value rounded to cents, half away from zero ("-1234.57"). The buffer is a plain
// array so that the PostgreSQL glue can hold it across calls that may longjmp.
struct CentsText {
	// 128-bit units hold at most 39 digits; sign, point and NUL fit easily.
	char text[48];
};
CentsText FormatCents(MoneySum value);
// The value rounded to whole cents (half away from zero), when that fits in 64 bits.
bool ToCents(MoneySum value, std::int64_t *cents);
std::string FormatCentsString(MoneySum value);
// Exact text of a value with trailing fractional zeros dropped ("25", "0.9", "-1.2345").
std::string FormatExact(Money value);

// Units rounded to whole cents (half away from zero), still expressed in 1/10,000 units.
Units128 RoundToCents(Units128 units);

} // namespace dunning
