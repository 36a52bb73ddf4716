#include "core/numeric_codec.hpp"

#include "core/money.hpp"

#include <cstring>
#include <string>

namespace dunning {

namespace {

// From PostgreSQL's src/backend/utils/adt/numeric.c (the storage format, not code).
constexpr std::uint16_t kSignMask = 0xC000;
constexpr std::uint16_t kNegative = 0x4000;
constexpr std::uint16_t kShort = 0x8000;
constexpr std::uint16_t kSpecial = 0xC000;
constexpr std::uint16_t kShortSignMask = 0x2000;
constexpr std::uint16_t kShortWeightSignMask = 0x0040;
constexpr std::uint16_t kShortWeightMask = 0x003F;
constexpr int kBase = 10'000;
constexpr int kShortDscaleShift = 7;
constexpr std::uint16_t kShortDscaleMask = 0x1F80;
constexpr std::uint16_t kDscaleMask = 0x3FFF;

std::uint16_t
ReadU16(const unsigned char *p) {
	std::uint16_t v;
	std::memcpy(&v, p, sizeof v);
	return v;
}

// The parts of a finite numeric's storage; false for NaN, infinities and malformed input.
struct Layout {
	bool negative;
	int weight;				// of the first base-10,000 digit
	int dscale;				// decimal digits after the point that numeric_out prints
	std::size_t offset;		// where the digits start
	std::size_t digits;		// how many
};

bool
ReadLayout(const unsigned char *payload, std::size_t size, Layout *layout) {
	if (size < sizeof(std::uint16_t))
		return false;
	const std::uint16_t header = ReadU16(payload);
	const std::uint16_t flags = header & kSignMask;
	if (flags == kSpecial)
		return false; // NaN, ±Infinity: the text path names them
	if (flags == kShort) {
		layout->negative = (header & kShortSignMask) != 0;
		layout->weight = (header & kShortWeightSignMask)
		                     ? static_cast<int>(~kShortWeightMask | (header & kShortWeightMask))
		                     : static_cast<int>(header & kShortWeightMask);
		layout->dscale = (header & kShortDscaleMask) >> kShortDscaleShift;
		layout->offset = sizeof(std::uint16_t);
	} else {
		if (size < 2 * sizeof(std::uint16_t))
			return false;
		layout->negative = flags == kNegative;
		layout->weight = static_cast<std::int16_t>(ReadU16(payload + sizeof(std::uint16_t)));
		layout->dscale = header & kDscaleMask;
		layout->offset = 2 * sizeof(std::uint16_t);
	}
	if ((size - layout->offset) % sizeof(std::int16_t) != 0)
		return false;
	layout->digits = (size - layout->offset) / sizeof(std::int16_t);
	return true;
}

// A base-10,000 digit as its four decimal digits.
void
FourDigits(int digit, char *four) {
	four[0] = static_cast<char>('0' + digit / 1000);
	four[1] = static_cast<char>('0' + digit / 100 % 10);
	four[2] = static_cast<char>('0' + digit / 10 % 10);
	four[3] = static_cast<char>('0' + digit % 10);
}

NumericDecode
Decode(const unsigned char *payload, std::size_t size, bool truncate, std::int64_t *units, int *dscale = nullptr) {
	Layout layout;
	if (!ReadLayout(payload, size, &layout))
		return NumericDecode::kDeclined;
	const bool negative = layout.negative;
	const int weight = layout.weight;
	const std::size_t offset = layout.offset;

	// Digit i is worth 10,000^(weight − i) whole units of currency, i.e. 10,000^(weight − i + 1)
	// Money units. In 64 bits: a digit worth 10^16 units is at most 9 below the limit of 10^17
	// (checked below), so the total stays under 10^17 + 10^16 before the range check.
	static_assert(Money::kLimitUnits <= Units128(100'000'000'000'000'000));
	constexpr std::uint64_t kPower[] = {1, 10'000, 100'000'000, 1'000'000'000'000, 10'000'000'000'000'000};
	std::uint64_t total = 0;
	for (std::size_t i = 0; i < layout.digits; ++i) {
		const auto digit = static_cast<std::int16_t>(ReadU16(payload + offset + i * sizeof(std::int16_t)));
		if (digit < 0 || digit >= kBase)
			return NumericDecode::kDeclined;
		if (digit == 0)
			continue;
		const long exponent = static_cast<long>(weight) - static_cast<long>(i) + 1;
		if (exponent < 0 && truncate)
			break; // this digit and all after it are beyond the fourth decimal
		if (exponent < 0 || exponent > 4)
			return NumericDecode::kDeclined; // more than 4 decimals, or far beyond 10^13
		if (exponent == 4 && digit >= 10)
			return NumericDecode::kDeclined; // 10^17 units or more: beyond 10^13
		total += static_cast<std::uint64_t>(digit) * kPower[exponent];
	}
	if (total >= static_cast<std::uint64_t>(Money::kLimitUnits))
		return NumericDecode::kDeclined;
	*units = negative ? -static_cast<std::int64_t>(total) : static_cast<std::int64_t>(total);
	if (dscale)
		*dscale = layout.dscale;
	return NumericDecode::kOk;
}

} // namespace

NumericDecode
DecodeNumericUnits(const unsigned char *payload, std::size_t size, std::int64_t *units) {
	return Decode(payload, size, false, units);
}

NumericDecode
DecodeNumericUnitsTruncating(const unsigned char *payload, std::size_t size, std::int64_t *units) {
	return Decode(payload, size, true, units);
}

NumericDecode
DecodeNumericUnitsScaled(const unsigned char *payload, std::size_t size, std::int64_t *units, int *dscale) {
	return Decode(payload, size, false, units, dscale);
}

bool
FormatNumericText(const unsigned char *payload, std::size_t size, std::string *out) {
	Layout layout;
	if (!ReadLayout(payload, size, &layout))
		return false;
	auto digit_at = [&](long d) -> int {
		if (d < 0 || static_cast<std::size_t>(d) >= layout.digits)
			return 0;
		return static_cast<std::int16_t>(ReadU16(payload + layout.offset + static_cast<std::size_t>(d) * 2));
	};
	for (std::size_t d = 0; d < layout.digits; ++d)
		if (const int digit = digit_at(static_cast<long>(d)); digit < 0 || digit >= kBase)
			return false;
	out->clear();
	// numeric.c's get_str_from_var: the sign, the whole part without leading zeros (a lone 0 when
	// there is none), then dscale decimals, four per base-10,000 digit.
	if (layout.negative)
		out->push_back('-');
	long d = 0;
	if (layout.weight < 0) {
		d = layout.weight + 1;
		out->push_back('0');
	} else {
		for (; d <= layout.weight; ++d) {
			char four[4];
			FourDigits(digit_at(d), four);
			int first = 0;
			if (d == 0)
				while (first < 3 && four[first] == '0')
					++first;
			out->append(four + first, four + 4);
		}
	}
	if (layout.dscale > 0) {
		out->push_back('.');
		const std::size_t end = out->size() + static_cast<std::size_t>(layout.dscale);
		for (int i = 0; i < layout.dscale; ++d, i += 4) {
			char four[4];
			FourDigits(digit_at(d), four);
			out->append(four, 4);
		}
		out->resize(end);
	}
	return true;
}

std::size_t
EncodeNumericCents(std::int64_t cents, unsigned char *out) {
	constexpr int kScale = 2;
	const bool negative = cents < 0;
	// |INT64_MIN| fits in the unsigned type
	const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
	// Digits from the least significant: the fraction (hundredths as 1/10,000s), then the whole part.
	std::int16_t digits[6];
	int count = 0;
	digits[count++] = static_cast<std::int16_t>((magnitude % 100) * 100);
	for (std::uint64_t whole = magnitude / 100; whole != 0; whole /= kBase)
		digits[count++] = static_cast<std::int16_t>(whole % kBase);
	// digits[count - 1] is the most significant and non-zero, unless the whole part is 0
	int weight = count - 2; // of the most significant digit
	int top = count - 1;
	if (count == 1) { // no whole part: the fraction is the only digit, weight −1
		weight = -1;
		top = 0;
	}
	int bottom = 0; // trailing zero digits are dropped
	while (bottom <= top && digits[bottom] == 0)
		++bottom;
	std::uint16_t header = kShort | static_cast<std::uint16_t>(kScale << kShortDscaleShift);
	if (bottom > top) { // zero: no digits, weight 0, positive
		std::memcpy(out, &header, sizeof header);
		return sizeof header;
	}
	if (negative)
		header |= kShortSignMask;
	if (weight < 0)
		header |= kShortWeightSignMask;
	header |= static_cast<std::uint16_t>(weight) & kShortWeightMask;
	std::memcpy(out, &header, sizeof header);
	std::size_t size = sizeof header;
	for (int i = top; i >= bottom; --i) {
		std::memcpy(out + size, &digits[i], sizeof digits[i]);
		size += sizeof digits[i];
	}
	return size;
}

} // namespace dunning
