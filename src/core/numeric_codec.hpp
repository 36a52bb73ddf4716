// PostgreSQL's numeric storage format, decoded straight into Money units. The format is part of
// PostgreSQL's on-disk format (pg_upgrade keeps data files), so it is stable across versions:
// a 16-bit header (sign, display scale, and in the short form the weight), an int16 weight in the
// long form, then base-10,000 digits. Because the base is 10,000 and Money counts 1/10,000 units,
// each digit maps to a power of 10,000 units with no arithmetic on decimals.
//
// Decoding replaces numeric_out + text parsing on the hot path of every aggregate row; whatever it
// declines (NaN, infinities, more than 4 decimals, out of range, anything malformed) goes through
// the text path, which raises the documented error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dunning {

enum class NumericDecode { kOk, kDeclined };

// `payload` is the numeric's data after its varlena header (VARDATA_ANY), possibly unaligned.
NumericDecode DecodeNumericUnits(const unsigned char *payload, std::size_t size, std::int64_t *units);
// The same, but digits past the fourth decimal are dropped (toward zero), as Money::ParseTruncating
// does with the text.
NumericDecode DecodeNumericUnitsTruncating(const unsigned char *payload, std::size_t size, std::int64_t *units);
// DecodeNumericUnits, with the numeric's display scale (the decimals numeric_out prints, which
// sum() keeps: the largest of its inputs') when it decodes.
NumericDecode DecodeNumericUnitsScaled(const unsigned char *payload, std::size_t size, std::int64_t *units,
									   int *dscale);

// The text numeric_out prints for a finite numeric (its display scale kept: "12.50", "-0.5",
// "100"), into `out`; false for NaN, infinities and malformed input, which the caller prints
// with numeric_out. A run's letters print some 3M amounts; numeric_out allocated each.
bool FormatNumericText(const unsigned char *payload, std::size_t size, std::string *out);

// The payload (after the varlena header) of the numeric PostgreSQL's int64_div_fast_to_numeric(cents,
// 2) makes: display scale 2, the short form, base-10,000 digits without leading or trailing zeros
// (what make_result writes). Writes at most kEncodedCentsMax bytes to `out`; returns how many.
// Result rows build their amounts with it instead of through NumericVar (1M items: the 7 amounts
// of dunning.balance's row were about 4% of the query).
inline constexpr std::size_t kEncodedCentsMax = 2 + 6 * 2;
std::size_t EncodeNumericCents(std::int64_t cents, unsigned char *out);

} // namespace dunning
