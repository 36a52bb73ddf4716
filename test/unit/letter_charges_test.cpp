#include "core/assessment_letter.hpp"
#include "core/error.hpp"
#include "core/letter_charges.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>
#include <string>

using namespace dunning;
using namespace dunning::testing;

namespace {

ScaledNumber
N(std::string_view text) {
	return ParseScaledNumber(text, "test");
}

std::string
Text(ScaledNumber value) {
	return FormatScaledNumber(value);
}

std::string
Codes(const LetterCharges &out) {
	std::string codes;
	for (int i = 0; i < out.charge_code_count; ++i)
		codes += std::string(i ? "," : "") + out.charge_codes[static_cast<std::size_t>(i)];
	return codes;
}

// A Belgian consumer's reminder at level 3 with collection costs from level 2, on Monday 2 March 2026.
LetterChargesInput
BelgianReminder() {
	LetterChargesInput in;
	in.rules = "BE";
	in.jurisdiction = "BE";
	in.consumer = true;
	in.remind = true;
	in.level = 3;
	in.level_fee = N("12.50");
	in.costs_rule = true;
	in.costs_from_level = 2;
	in.amount = "400";
	in.invoice_count = 2;
	in.as_of = D(2026, 3, 2);
	return in;
}

} // namespace

TEST(LetterCharges, ScaledNumbersKeepNumericScale) {
	EXPECT_EQ(Text(N("12.50")), "12.50");
	EXPECT_EQ(Text(N("12.5")), "12.5");
	EXPECT_EQ(Text(N("0")), "0");
	EXPECT_EQ(Text(N("-3.5")), "-3.5");
	EXPECT_EQ(Text(N("12.500000")), "12.500000"); // zeros past the fourth decimal keep their scale
	EXPECT_EQ(N("12.500000").scale, 6);
	EXPECT_EQ(Text(N("123456789012345678901234.0001")), "123456789012345678901234.0001");
	EXPECT_THROW(N("1.23456"), Error);
	EXPECT_THROW(N("NaN"), Error);
	EXPECT_TRUE(NumericTextPositive("0.01"));
	EXPECT_TRUE(NumericTextPositive("NaN"));
	EXPECT_FALSE(NumericTextPositive("0.00"));
	EXPECT_FALSE(NumericTextPositive("-1"));
}

TEST(LetterCharges, BelgianFirstReminderIsFreeAndAnnounces) {
	LetterChargesInput in = BelgianReminder();
	LetterCharges out;
	DecideLetterCharges(in, out);
	EXPECT_EQ(Text(out.fee), "0");
	EXPECT_FALSE(out.fee_is_level_fee);
	EXPECT_EQ(Text(out.costs), "0");
	ASSERT_TRUE(out.announced_costs);
	EXPECT_EQ(Text(*out.announced_costs), "55.00"); // 30 + 10% of the 250 above 150
	EXPECT_TRUE(out.announces_interest_rate);
	EXPECT_STREQ(out.costs_notice, "costs_announce_consumer");
	EXPECT_EQ(Codes(out), "costs_not_announced");
	EXPECT_EQ(out.charge_reason, "costs_not_announced: the first reminder of an episode is free (art. XIX.2 CEL)");
	EXPECT_EQ(out.waiting_end, D(2026, 3, 19)); // post: Thursday, the third working day, + 14
	in.emailed = true;
	DecideLetterCharges(in, out);
	EXPECT_EQ(out.waiting_end, D(2026, 3, 17)); // e-mail: Tuesday + 14
}

TEST(LetterCharges, BelgianEpisodeStaysWithinTheScale) {
	LetterChargesInput in = BelgianReminder();
	in.episode_letters = 2;
	in.episode_fees = N("50.00");
	in.announced = N("55.00");
	LetterCharges out;
	DecideLetterCharges(in, out);
	EXPECT_EQ(Text(out.fee), "5.00");
	EXPECT_EQ(Text(out.costs), "0.00");
	EXPECT_EQ(Codes(out), "fee_capped_by_law,costs_already_charged");
	EXPECT_EQ(out.charge_reason, "fee_capped_by_law: the fees of an episode stay within 55.00 (Book XIX CEL); "
	                             "costs_already_charged: the episode already charged 50.00 of the Book XIX maximum "
	                             "of 55.00");
}

TEST(LetterCharges, DutchFourteenDayLetterAnnounces) {
	LetterChargesInput in = BelgianReminder();
	in.rules = "NL";
	in.jurisdiction = "NL";
	in.level = 1;
	LetterCharges out;
	DecideLetterCharges(in, out);
	EXPECT_EQ(Text(out.fee), "0");
	EXPECT_EQ(Text(*out.announced_costs), "60.00"); // WIK: 15% of 400
	EXPECT_EQ(out.announce_deadline, D(2026, 3, 19));
	EXPECT_EQ(Codes(out), "");
	// the deadline passed unpaid: the announced amount is charged
	in.level = 3;
	in.episode_letters = 1;
	in.announced = N("60.00");
	in.announced_pay_by = D(2026, 3, 1);
	DecideLetterCharges(in, out);
	EXPECT_EQ(Text(out.costs), "60.00");
	EXPECT_STREQ(out.costs_notice, "costs_charged_consumer");
}

TEST(LetterCharges, BusinessCostsPerInvoiceAndPreDueLetters) {
	LetterChargesInput in = BelgianReminder();
	in.rules.reset();
	in.jurisdiction = "DE";
	in.consumer = false;
	in.formal_notice = true;
	LetterCharges out;
	DecideLetterCharges(in, out);
	EXPECT_TRUE(out.fee_is_level_fee);
	EXPECT_EQ(Text(out.costs), "80"); // 40 * invoice_count: a bigint
	EXPECT_STREQ(out.costs_notice, "costs_notice_business");
	EXPECT_STREQ(out.interest_notice, "interest_right_business");
	in.remind = false;
	DecideLetterCharges(in, out);
	EXPECT_EQ(Text(out.costs), "0");
	EXPECT_EQ(out.costs_notice, nullptr);
	EXPECT_EQ(out.interest_notice, nullptr);
}

TEST(LetterCharges, BelgianWaitingEnd) {
	using rules::BelgianWaitingEnd;
	EXPECT_EQ(BelgianWaitingEnd(D(2026, 2, 27), false), D(2026, 3, 18)); // Fri → Wed 4th
	EXPECT_EQ(BelgianWaitingEnd(D(2026, 2, 27), true), D(2026, 3, 16));	 // Fri → Mon 2nd
	EXPECT_EQ(BelgianWaitingEnd(D(2026, 2, 28), true), D(2026, 3, 16));	 // Sat → Mon 2nd
	EXPECT_EQ(BelgianWaitingEnd(D(2026, 3, 2), true), D(2026, 3, 17));	 // Mon → Tue 3rd
}
