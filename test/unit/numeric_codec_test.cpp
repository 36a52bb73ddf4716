#include "core/numeric_codec.hpp"

#include <cstring>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using dunning::DecodeNumericUnits;
using dunning::NumericDecode;

namespace {

// Appends a 16-bit value in native byte order, as PostgreSQL stores it.
void
Put16(std::vector<unsigned char> &out, std::uint16_t value) {
	unsigned char bytes[2];
	std::memcpy(bytes, &value, sizeof value);
	out.push_back(bytes[0]);
	out.push_back(bytes[1]);
}

// Builds a numeric payload in the long form: header (sign | dscale), weight, base-10000 digits.
std::vector<unsigned char>
Long(bool negative, int dscale, int weight, std::vector<std::int16_t> digits) {
	std::vector<unsigned char> out;
	Put16(out, static_cast<std::uint16_t>((negative ? 0x4000 : 0) | dscale));
	Put16(out, static_cast<std::uint16_t>(static_cast<std::int16_t>(weight)));
	for (auto d : digits)
		Put16(out, static_cast<std::uint16_t>(d));
	return out;
}

// The short form: header 0x8000 | sign 0x2000 | dscale << 7 | weight (6 bits, sign 0x40).
std::vector<unsigned char>
Short(bool negative, int dscale, int weight, std::vector<std::int16_t> digits) {
	std::vector<unsigned char> out;
	Put16(out, static_cast<std::uint16_t>(0x8000 | (negative ? 0x2000 : 0) | (dscale << 7) |
	                                      (weight < 0 ? 0x40 | (weight & 0x3F) : weight)));
	for (auto d : digits)
		Put16(out, static_cast<std::uint16_t>(d));
	return out;
}

std::optional<std::int64_t>
Decode(const std::vector<unsigned char> &payload) {
	std::int64_t units = 0;
	if (DecodeNumericUnits(payload.data(), payload.size(), &units) != NumericDecode::kOk)
		return std::nullopt;
	return units;
}

} // namespace

TEST(NumericCodec, DecodesShortAndLongForms) {
	EXPECT_EQ(Decode(Short(false, 0, 0, {})), 0); // 0
	EXPECT_EQ(Decode(Short(false, 2, 0, {12, 3400})), 123'400); // 12.34
	EXPECT_EQ(Decode(Short(true, 4, -1, {5})), -5); // -0.0005
	EXPECT_EQ(Decode(Short(false, 0, 1, {1})), 100'000'000); // 10000
	EXPECT_EQ(Decode(Long(false, 4, 3, {9, 9999, 9999, 9999, 9999})), 99'999'999'999'999'999); // 9999999999999.9999
	EXPECT_EQ(Decode(Long(false, 4, 3, {9999, 9999, 9999, 9999})), std::nullopt); // 9999999999999999 ≥ 10^13
	EXPECT_EQ(Decode(Long(true, 2, 0, {5000})), -50'000'000); // -5000
}

TEST(NumericCodec, DeclinesWhatTheTextPathMustReport) {
	EXPECT_EQ(Decode(Short(false, 5, -2, {1000})), std::nullopt); // 0.00001: more than 4 decimals
	EXPECT_EQ(Decode(Long(false, 0, 3, {1})), 10'000'000'000'000'000); // 10^12 is in range
	EXPECT_EQ(Decode(Long(false, 0, 4, {1})), std::nullopt); // 10^16 ≥ 10^13
	EXPECT_EQ(Decode(Long(false, 0, 3, {10})), std::nullopt); // 10^13 exactly
	std::vector<unsigned char> nan = {0x00, 0xC0};
	EXPECT_EQ(Decode(nan), std::nullopt);
	EXPECT_EQ(Decode(Short(false, 0, 0, {10000})), std::nullopt); // digit out of base
	EXPECT_EQ(Decode({0x00}), std::nullopt); // truncated
}

// The display scale comes with the value: what tells a sum of two-decimal amounts (scale 2, as
// sum() keeps it) from one that needs numeric_add.
TEST(NumericCodec, DecodesTheDisplayScaleWithTheValue) {
	auto scaled = [](const std::vector<unsigned char> &payload) -> std::optional<std::pair<std::int64_t, int>> {
		std::int64_t units = 0;
		int dscale = -1;
		if (dunning::DecodeNumericUnitsScaled(payload.data(), payload.size(), &units, &dscale) != NumericDecode::kOk)
			return std::nullopt;
		return std::pair(units, dscale);
	};
	EXPECT_EQ(scaled(Short(false, 2, 0, {})), std::pair(std::int64_t{0}, 2));				// 0.00
	EXPECT_EQ(scaled(Short(false, 0, 0, {})), std::pair(std::int64_t{0}, 0));				// 0
	EXPECT_EQ(scaled(Short(false, 2, 0, {12, 5000})), std::pair(std::int64_t{125'000}, 2)); // 12.50
	EXPECT_EQ(scaled(Short(true, 1, 0, {12, 5000})), std::pair(std::int64_t{-125'000}, 1)); // -12.5
	EXPECT_EQ(scaled(Long(false, 4, 0, {7, 1})), std::pair(std::int64_t{70'001}, 4));		// 7.0001
	EXPECT_EQ(scaled(Short(false, 6, 0, {1})), std::pair(std::int64_t{10'000}, 6)); // 1.000000: zeros only past 4
	EXPECT_EQ(scaled(Short(false, 5, -2, {1000})), std::nullopt);					// 0.00001
	EXPECT_EQ(scaled({0x00, 0xC0}), std::nullopt);									// NaN
}

namespace {

// EncodeNumericCents's bytes as a vector.
std::vector<unsigned char>
Encoded(std::int64_t cents) {
	unsigned char out[dunning::kEncodedCentsMax];
	std::size_t size = dunning::EncodeNumericCents(cents, out);
	return {out, out + size};
}

// The short form PostgreSQL's make_result writes: sign, dscale 2, weight, digits.
std::vector<unsigned char>
Short2(bool negative, int weight, std::vector<std::int16_t> digits) {
	std::vector<unsigned char> out;
	Put16(out, static_cast<std::uint16_t>(0x8000 | (negative ? 0x2000 : 0) | (2 << 7) | (weight < 0 ? 0x0040 : 0) |
	                                      (static_cast<std::uint16_t>(weight) & 0x003F)));
	for (auto d : digits)
		Put16(out, static_cast<std::uint16_t>(d));
	return out;
}

} // namespace

TEST(NumericCodec, EncodesCentsAsMakeResultDoes) {
	EXPECT_EQ(Encoded(0), Short2(false, 0, {}));
	EXPECT_EQ(Encoded(123456), Short2(false, 0, {1234, 5600}));
	EXPECT_EQ(Encoded(-5), Short2(true, -1, {500}));
	EXPECT_EQ(Encoded(10000), Short2(false, 0, {100})); // 100.00: the zero fraction is dropped
	EXPECT_EQ(Encoded(1000000), Short2(false, 1, {1})); // 10000.00: trailing zero digits dropped
	EXPECT_EQ(Encoded(1000001), Short2(false, 1, {1, 0, 100})); // 10000.01: inner zeros stay
	EXPECT_EQ(Encoded(99), Short2(false, -1, {9900}));
	EXPECT_EQ(Encoded(-123456789012345), Short2(true, 3, {1, 2345, 6789, 123, 4500}));
	EXPECT_EQ(Encoded(INT64_MAX), Short2(false, 4, {9, 2233, 7203, 6854, 7758, 700}));
	EXPECT_EQ(Encoded(INT64_MIN), Short2(true, 4, {9, 2233, 7203, 6854, 7758, 800}));
}

TEST(NumericCodec, EncodedCentsDecodeBack) {
	for (std::int64_t cents : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{100}, std::int64_t{12345},
	                           std::int64_t{-99999999}, std::int64_t{99999999999999}, std::int64_t{-99999999999999}}) {
		std::vector<unsigned char> bytes = Encoded(cents);
		std::int64_t units = 0;
		ASSERT_EQ(DecodeNumericUnits(bytes.data(), bytes.size(), &units), NumericDecode::kOk) << cents;
		EXPECT_EQ(units, cents * 100) << cents;
	}
}

namespace {

std::optional<std::string>
Text(const std::vector<unsigned char> &payload) {
	std::string out = "stale";
	if (!dunning::FormatNumericText(payload.data(), payload.size(), &out))
		return std::nullopt;
	return out;
}

// The text of the numeric EncodeNumericCents makes.
std::string
EncodeAndFormat(std::int64_t cents) {
	unsigned char bytes[dunning::kEncodedCentsMax];
	const std::size_t size = dunning::EncodeNumericCents(cents, bytes);
	return Text(std::vector<unsigned char>(bytes, bytes + size)).value_or("declined");
}

} // namespace

// What numeric_out prints for these values (SELECT x::numeric, by hand from numeric.c's layout).
TEST(NumericCodec, FormatsTextAsNumericOut) {
	EXPECT_EQ(Text(Short(false, 0, 0, {})), "0");
	EXPECT_EQ(Text(Short(false, 2, 0, {})), "0.00");
	EXPECT_EQ(Text(Short(false, 2, 0, {12, 5000})), "12.50");
	EXPECT_EQ(Text(Short(true, 1, 0, {12, 5000})), "-12.5");
	EXPECT_EQ(Text(Short(false, 2, -1, {500})), "0.05");
	EXPECT_EQ(Text(Short(true, 1, -1, {5000})), "-0.5");
	EXPECT_EQ(Text(Short(false, 0, 1, {1})), "10000");	   // trailing zero digits are not stored
	EXPECT_EQ(Text(Short(false, 4, 1, {1})), "10000.0000"); // dscale past the stored digits
	EXPECT_EQ(Text(Short(false, 2, 1, {123, 4567, 8900})), "1234567.89");
	EXPECT_EQ(Text(Long(false, 8, -2, {1234})), "0.00001234");
	EXPECT_EQ(Text(Long(false, 10, -3, {100})), "0.0000000001");
	EXPECT_EQ(Text(Long(true, 9, 4, {1234, 5678, 9012, 3456, 7890, 1234, 5678, 9000})),
			  "-12345678901234567890.123456789");
	EXPECT_EQ(EncodeAndFormat(-1), "-0.01");
	EXPECT_EQ(Text(Long(false, 0, 0, {10000})), std::nullopt); // a digit out of range
	EXPECT_EQ(Text({0x00, 0xC0}), std::nullopt);				 // NaN
	EXPECT_EQ(Text({0x00}), std::nullopt);
}
