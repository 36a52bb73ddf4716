// Exact quotients for figures that are infinite decimals (ratios, averages, interest): computed
// by long division on 128-bit integers and then truncated, or rounded half away from zero, to a
// fixed number of decimals. No floating point anywhere.
#pragma once

#include "core/money.hpp"

#include <string_view>

namespace dunning {

// floor(num / den × 10^decimals) for num ≥ 0, den > 0.
Units128 TruncatedQuotient(Units128 num, Units128 den, int decimals);
// num / den × 10^decimals rounded half away from zero (half up: both are non-negative).
Units128 RoundedQuotient(Units128 num, Units128 den, int decimals);

// a × b and a + b, or SQLSTATE 22003 naming `what` when the result does not fit in 128 bits.
Units128 CheckedMultiply(Units128 a, Units128 b, std::string_view what);
Units128 CheckedAdd(Units128 a, Units128 b, std::string_view what);

// A scaled integer's decimal text, in a plain array the PostgreSQL glue may hold across calls.
struct DecimalText {
	char text[48];
};
// `value` / 10^decimals with exactly `decimals` decimals: (916666, 6) → "0.916666".
DecimalText FormatScaled(Units128 value, int decimals);

} // namespace dunning
