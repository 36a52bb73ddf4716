#include "core/fixed_point.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <limits>

namespace dunning {

namespace {

constexpr Units128 kMax = std::numeric_limits<Units128>::max();

[[noreturn]] void
OutOfRange(std::string_view what) {
	throw Error(ErrorCode::kNumericValueOutOfRange, "numeric value out of range",
	            fmt::format("{} does not fit in 128-bit arithmetic.", what));
}

// Long division, one decimal digit at a time, so that only the remainder (< den) is multiplied.
Units128
Divide(Units128 num, Units128 den, int decimals, Units128 &remainder) {
	if (num < 0 || den <= 0 || den > kMax / 10)
		throw Error(ErrorCode::kInternal, "fixed-point division outside its domain");
	Units128 q = num / den;
	Units128 r = num % den;
	for (int i = 0; i < decimals; ++i) {
		if (q > (kMax - 9) / 10)
			OutOfRange("a quotient");
		r *= 10;
		q = q * 10 + r / den;
		r %= den;
	}
	remainder = r;
	return q;
}

} // namespace

Units128
TruncatedQuotient(Units128 num, Units128 den, int decimals) {
	Units128 remainder;
	return Divide(num, den, decimals, remainder);
}

Units128
RoundedQuotient(Units128 num, Units128 den, int decimals) {
	Units128 remainder;
	Units128 q = Divide(num, den, decimals, remainder);
	// remainder < den ≤ kMax / 10, so doubling it cannot overflow.
	return remainder * 2 >= den ? q + 1 : q;
}

Units128
CheckedMultiply(Units128 a, Units128 b, std::string_view what) {
	Units128 out;
	if (__builtin_mul_overflow(a, b, &out))
		OutOfRange(what);
	return out;
}

Units128
CheckedAdd(Units128 a, Units128 b, std::string_view what) {
	Units128 out;
	if (__builtin_add_overflow(a, b, &out))
		OutOfRange(what);
	return out;
}

DecimalText
FormatScaled(Units128 value, int decimals) {
	bool negative = value < 0;
	unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : value;
	// Digits backwards, then copied forwards: at most 39 digits, a point, a sign and NUL.
	char reversed[48];
	int n = 0;
	for (int digit = 0; digit <= decimals || magnitude != 0; ++digit) {
		if (digit == decimals && decimals > 0)
			reversed[n++] = '.';
		reversed[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
		magnitude /= 10;
	}
	DecimalText out{};
	int k = 0;
	if (negative)
		out.text[k++] = '-';
	while (n > 0)
		out.text[k++] = reversed[--n];
	out.text[k] = '\0';
	return out;
}

} // namespace dunning
