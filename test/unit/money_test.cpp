#include "core/error.hpp"
#include "core/money.hpp"

#include <gtest/gtest.h>
#include <vector>

using dunning::Error;
using dunning::ErrorCode;
using dunning::Money;
using dunning::MoneySum;

namespace {

ErrorCode
ParseError(std::string_view text) {
	try {
		Money::Parse(text, "amount");
	} catch (const Error &e) {
		return e.code();
	}
	ADD_FAILURE() << "no error for " << text;
	return ErrorCode::kInternal;
}

} // namespace

TEST(Money, ParsesExactDecimals) {
	EXPECT_EQ(Money::Parse("12.3456", "a").units(), 123456);
	EXPECT_EQ(Money::Parse("-0.0001", "a").units(), -1);
	EXPECT_EQ(Money::Parse("100", "a").units(), 1'000'000);
	EXPECT_EQ(Money::Parse(".5", "a").units(), 5'000);
	EXPECT_EQ(Money::Parse("0", "a").units(), 0);
	// Trailing zeros beyond four decimals are still exact.
	EXPECT_EQ(Money::Parse("1.23450000", "a").units(), 12'345);
}

TEST(Money, RejectsMoreThanFourDecimals) {
	EXPECT_EQ(ParseError("1.23451"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("0.00001"), ErrorCode::kInvalidParameterValue);
}

TEST(Money, RangeBoundaryIsTenToTheThirteenth) {
	EXPECT_EQ(Money::Parse("9999999999999.9999", "a").units(), Money::kLimitUnits - 1);
	EXPECT_EQ(Money::Parse("-9999999999999.9999", "a").units(), -(Money::kLimitUnits - 1));
	EXPECT_EQ(ParseError("10000000000000"), ErrorCode::kNumericValueOutOfRange);
	EXPECT_EQ(ParseError("-10000000000000.0000"), ErrorCode::kNumericValueOutOfRange);
	EXPECT_EQ(ParseError("123456789012345678901234567890"), ErrorCode::kNumericValueOutOfRange);
	// Leading zeros do not count toward the magnitude.
	EXPECT_EQ(Money::Parse("00000000000000001", "a").units(), 10'000);
}

TEST(Money, RejectsNonNumbers) {
	EXPECT_EQ(ParseError("NaN"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("Infinity"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("-Infinity"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError(""), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("-"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("."), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("1e5"), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(ParseError("12,50"), ErrorCode::kInvalidParameterValue);
}

TEST(Money, ErrorNamesTheValue) {
	try {
		Money::Parse("1.23456", "item \"INV-1\": amount");
		FAIL();
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(), "item \"INV-1\": amount 1.23456 has more than 4 decimal places");
		EXPECT_FALSE(e.hint().empty());
	}
}

TEST(Money, FormatsCentsHalfAwayFromZero) {
	auto fmt = [](std::int64_t units) { return dunning::FormatCentsString(MoneySum(Money::FromUnits(units))); };
	EXPECT_EQ(fmt(0), "0.00");
	EXPECT_EQ(fmt(50), "0.01"); // 0.005 → 0.01
	EXPECT_EQ(fmt(49), "0.00");
	EXPECT_EQ(fmt(-50), "-0.01");
	EXPECT_EQ(fmt(-49), "0.00"); // no negative zero
	EXPECT_EQ(fmt(123456), "12.35");
	EXPECT_EQ(fmt(-123449), "-12.34");
	EXPECT_EQ(fmt(5'000'000), "500.00");
}

// ToCents takes a 64-bit path for the usual sums: the same cents as the 128-bit rounding, on both
// sides of the boundary and at every half cent.
TEST(Money, ToCentsAgreesWithTheWideRounding) {
	auto wide = [](dunning::Units128 units) {
		return static_cast<std::int64_t>(dunning::RoundToCents(units) / 100);
	};
	const dunning::Units128 boundary = dunning::Units128(1) << 62;
	std::vector<dunning::Units128> values;
	for (dunning::Units128 base : {dunning::Units128(0), boundary, -boundary, boundary * 37, -boundary * 37})
		for (int d = -260; d <= 260; ++d)
			values.push_back(base + d);
	for (std::int64_t v : {std::int64_t{123456}, std::int64_t{-123449}, std::int64_t{99999999999999999},
	                       std::int64_t{-4999999999950}, INT64_MAX, INT64_MIN})
		values.push_back(v);
	for (dunning::Units128 units : values) {
		std::int64_t cents = 0;
		ASSERT_TRUE(dunning::ToCents(dunning::MoneySum::FromUnits(units), &cents));
		EXPECT_EQ(cents, wide(units)) << static_cast<long double>(units);
	}
}

TEST(Money, SumsOfManyMaximalAmountsDoNotWrap) {
	MoneySum sum;
	Money max = Money::FromUnits(Money::kLimitUnits - 1);
	for (int i = 0; i < 2000; ++i)
		sum += max;
	// 2000 × 9999999999999.9999 = 19999999999999999.8000
	EXPECT_EQ(dunning::FormatCentsString(sum), "19999999999999999.80");
	MoneySum negative;
	for (int i = 0; i < 2000; ++i)
		negative += Money::FromUnits(-(Money::kLimitUnits - 1));
	EXPECT_EQ(dunning::FormatCentsString(negative), "-19999999999999999.80");
	EXPECT_EQ(dunning::FormatCentsString(sum + negative), "0.00");
}

TEST(Money, FormatsExactWithoutTrailingZeros) {
	EXPECT_EQ(dunning::FormatExact(Money::FromUnits(250'000)), "25");
	EXPECT_EQ(dunning::FormatExact(Money::FromUnits(9'000)), "0.9");
	EXPECT_EQ(dunning::FormatExact(Money::FromUnits(-12'345)), "-1.2345");
	EXPECT_EQ(dunning::FormatExact(Money::FromUnits(0)), "0");
	EXPECT_EQ(dunning::FormatExact(Money::FromUnits(-(Money::kLimitUnits - 1))), "-9999999999999.9999");
}

TEST(Money, TruncatingParseKeepsThresholdComparisonsExact) {
	EXPECT_EQ(Money::ParseTruncating("0.95238095238095238095", "s").units(), 9'523);
	EXPECT_EQ(Money::ParseTruncating("0.89999999", "s").units(), 8'999); // stays below 0.9
	EXPECT_EQ(Money::ParseTruncating("0.9", "s").units(), 9'000);
	EXPECT_EQ(Money::ParseTruncating("-0.00001", "s").units(), 0);
	EXPECT_THROW(Money::ParseTruncating("NaN", "s"), dunning::Error);
}
