// dunning.assess (SPEC §7): the unit's level, action, tone, fee and figures. Reason texts and
// codes are in assessment_reason_test.cpp, the next review date in assessment_next_review_test.cpp.
#include "assessment_test_support.hpp"
#include "core/assessment.hpp"
#include "core/error.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace dunning;
using namespace dunning::testing;

namespace {

Policy
MinAmount(std::string_view item_min_amount, bool skip_levels = false) {
	Policy policy;
	policy.item_min_amount = Eur(item_min_amount);
	policy.skip_levels = skip_levels;
	return policy;
}

} // namespace

// Seed (a): 10 EUR 90 days and 5,000 EUR 30 days overdue; the letter follows the 5,000.
TEST(AssessUnit, SmallOldItemDoesNotDriveTheLevel) {
	UnitAssessment a = Assess({Inv("INV-3", "10", 90), Inv("INV-7", "5000", 30)}, MinAmount("25", true));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.computed_level, 3);
	EXPECT_EQ(a.tone, Tone::kFinal);
	EXPECT_EQ(Cents(a.fee), "15.00");
	EXPECT_EQ(a.significant_overdue_days, 30);
	EXPECT_EQ(a.oldest_overdue_days, 90);
	EXPECT_EQ(Cents(a.dunnable_amount), "5000.00");
	EXPECT_EQ(Cents(a.balance.overdue_open), "5010.00");
	EXPECT_EQ(a.items, 2);
	EXPECT_EQ(a.items_overdue, 2);
	EXPECT_EQ(a.items_significant, 1);
	EXPECT_EQ(a.reason, "level 3: 5000.00 EUR overdue 30 days (INV-7); INV-3 10.00 EUR ignored: below 25.00 EUR");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "item_insignificant"}));

	// Never level 4 (45 days) while the 5,000 is younger than that, however old the 10 EUR.
	for (int days = 30; days < 45; ++days)
		EXPECT_EQ(Assess({Inv("INV-3", "10", 900), Inv("INV-7", "5000", days)}, MinAmount("25", true)).level, 3)
		    << days;
	EXPECT_EQ(Assess({Inv("INV-3", "10", 90), Inv("INV-7", "5000", 45)}, MinAmount("25", true)).level, 4);
}

TEST(AssessUnit, WithoutSkipLevelsTheFirstLetterIsLevelOne) {
	UnitAssessment a = Assess({Inv("INV-3", "10", 90), Inv("INV-7", "5000", 30)}, MinAmount("25"));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 1);
	EXPECT_EQ(a.computed_level, 3);
	EXPECT_EQ(a.tone, Tone::kStandard);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "escalation_capped", "item_insignificant"}));
}

// Seed (b): fees and interest do not lift a 5 EUR residual over a 25 EUR minimum.
TEST(AssessUnit, ChargesDoNotLiftASmallResidualAboveTheMinimum) {
	UnitAssessment a = Assess({PartlyPaid("INV-1", "100", "5", 40), Charge("FEE-1", "20", 10),
	                           Charge("INT-1", "10", 10, ItemKind::kInterest)},
	                          MinAmount("25"));
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.level, 0);
	EXPECT_EQ(a.computed_level, 0);
	EXPECT_FALSE(a.tone);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(Cents(a.balance.charges_open), "30.00");
	EXPECT_EQ(Cents(a.balance.net_balance), "35.00");
	EXPECT_EQ(Cents(a.dunnable_amount), "0.00");
	EXPECT_FALSE(a.significant_overdue_days);
	EXPECT_EQ(a.oldest_overdue_days, 40);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"item_insignificant"}));

	// Without an item minimum the 5 EUR is significant, but level 1 needs 25 EUR of principal.
	a = Assess({PartlyPaid("INV-1", "100", "5", 40), Charge("FEE-1", "20", 10),
	            Charge("INT-1", "10", 10, ItemKind::kInterest)});
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.items_significant, 1);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"below_level_minimum"}));
}

// Seed (c): a credit note or bank receipt that covers the overdue invoice.
TEST(AssessUnit, CreditCoveringTheOverdueInvoiceStopsTheReminder) {
	UnitAssessment a = Assess({Inv("INV-1", "100", 30), CreditOf("CN-1", "100", 5)});
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(Cents(a.balance.overdue_open), "0.00");
	EXPECT_EQ(a.items_overdue, 0);
	EXPECT_EQ(a.oldest_overdue_days, 30); // the naive figure ignores credits
	EXPECT_EQ(a.reason_codes.Names(), Codes({"settled_by_credit", "nothing_overdue"}));

	a = Assess({Inv("INV-1", "100", 30), CreditOf("BR-1", "120", 0, ItemKind::kBankReceipt)});
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(Cents(a.balance.net_balance), "-20.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"settled_by_credit", "in_credit", "nothing_overdue"}));

	// A partial payment leaves 20 EUR, below level 1's 25.
	a = Assess({Inv("INV-1", "100", 30), CreditOf("PAY-1", "80", 5, ItemKind::kPayment)});
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(Cents(a.dunnable_amount), "20.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"below_level_minimum"}));
}

TEST(AssessUnit, UnappliedCreditsStayOutWithoutAllocation) {
	Policy policy;
	policy.allocation = AllocationRule::kNone;
	UnitAssessment a = Assess({Inv("INV-1", "100", 30), CreditOf("CN-1", "100", 5)}, policy);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(Cents(a.dunnable_amount), "100.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "escalation_capped"}));
}

// Seed (d): disputes, holds and plans suspend dunning for the items they cover.
TEST(AssessUnit, BlockedPastDueItemsHoldTheUnit) {
	UnitAssessment a = Assess({Disputed(Inv("INV-1", "500", 60)), HeldUntil(Inv("INV-2", "300", 55), D(2026, 12, 1)),
	                           OnPlan(Inv("INV-3", "200", 50))});
	EXPECT_EQ(a.action, Action::kHold);
	EXPECT_EQ(a.level, 0);
	EXPECT_EQ(a.computed_level, 0);
	EXPECT_FALSE(a.tone);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(Cents(a.balance.overdue_open), "500.00"); // the disputed invoice still counts as overdue
	EXPECT_EQ(a.items_overdue, 1);
	EXPECT_EQ(a.oldest_overdue_days, 60);
	EXPECT_FALSE(a.significant_overdue_days);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"disputed", "held", "on_plan"}));
	EXPECT_EQ(a.reason, "nothing dunnable: INV-1 disputed; INV-2 held until 2026-12-01; INV-3 on payment plan");
}

TEST(AssessUnit, DisputedItemsNeverRaiseTheLevel) {
	UnitAssessment a = Assess({Disputed(Inv("INV-D", "10000", 90)), Inv("INV-1", "100", 5)}, MinAmount("0", true));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.computed_level, 1);
	EXPECT_EQ(a.significant_overdue_days, 5);
	EXPECT_EQ(a.oldest_overdue_days, 90);
	EXPECT_EQ(Cents(a.dunnable_amount), "100.00");
	EXPECT_EQ(Cents(a.balance.overdue_open), "10100.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "disputed"}));

	// The disputed principal still counts in the unit's principal for a level's percentage.
	Policy policy = MinAmount("0", true);
	policy.levels[0].min_percent = Eur("5");
	a = Assess({Disputed(Inv("INV-D", "10000", 90)), Inv("INV-1", "100", 5)}, policy);
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"below_level_percent", "disputed"}));
}

TEST(AssessUnit, HoldOnlyWhenEveryPastDueItemIsBlocked) {
	// The 10 EUR invoice is free (just insignificant), so the unit is not on hold.
	UnitAssessment a = Assess({Disputed(Inv("INV-1", "500", 60)), Inv("INV-2", "10", 20)}, MinAmount("25"));
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"item_insignificant", "disputed"}));

	// Blocked items that are not yet past their due date do not hold the unit.
	a = Assess({Disputed(Inv("INV-1", "500", -5)), OnPlan(Inv("INV-2", "500", -5))});
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"disputed", "on_plan", "nothing_overdue"}));

	// A hold that ends today frees the item: it is dunned again, 30 days overdue as it stood.
	a = Assess({HeldUntil(Inv("INV-1", "500", 30), kAsOf)}, MinAmount("0", true));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.significant_overdue_days, 30);
	a = Assess({HeldUntil(Inv("INV-1", "500", 30), In(1))});
	EXPECT_EQ(a.action, Action::kHold);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"held", "nothing_overdue"}));

	// A settled blocked item holds nothing.
	a = Assess({Disputed(PartlyPaid("INV-1", "500", "0", 30))});
	EXPECT_EQ(a.action, Action::kNone);
}

// Issue 16: a hold suspends dunning, it does not restart it. Days overdue count from the due date.
TEST(AssessUnit, HoldSuspendsTheCountItDoesNotRestartIt) {
	UnitAssessment a = Assess({HeldUntil(Inv("INV-1", "100", 60), Ago(10))}, MinAmount("0", true));
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(a.significant_overdue_days, 60);
	EXPECT_EQ(a.oldest_overdue_days, 60);
	// While held the item counts for nothing but the hold.
	a = Assess({HeldUntil(Inv("INV-1", "100", 60), In(1)), Inv("INV-2", "100", 5)}, MinAmount("0", true));
	EXPECT_EQ(a.computed_level, 1);
	EXPECT_EQ(Cents(a.dunnable_amount), "100.00");
	EXPECT_EQ(a.significant_overdue_days, 5);
	EXPECT_EQ(a.reason, "level 1: 100.00 EUR overdue 5 days (INV-2)");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "held"}));
}

// The case: a level 3 letter on 1 October, a promise to pay until 20 October, not kept.
TEST(AssessUnit, BrokenPromiseResumesOneStepAboveTheLastLetter) {
	const Item item = HeldUntil(Invoice("INV-1", "500", D(2026, 8, 1)), D(2026, 10, 20));
	const History history = Letter(3, D(2026, 10, 1));
	ItemSet set = SetOf({item});
	UnitAssessment a = AssessUnit(set, Policy(), D(2026, 10, 21), history);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 4);
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(a.tone, Tone::kFormalNotice);
	EXPECT_EQ(a.significant_overdue_days, 81);
	EXPECT_EQ(a.reason, "level 4: 500.00 EUR overdue 81 days (INV-1)");
	// The hold's last day is already a dunning day (hold_until is not after as_of).
	a = AssessUnit(set, Policy(), D(2026, 10, 20), history);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 4);
	EXPECT_EQ(a.significant_overdue_days, 80);
	// The day before, the unit is on hold and is reviewed on the hold's end.
	a = AssessUnit(set, Policy(), D(2026, 10, 19), history);
	EXPECT_EQ(a.action, Action::kHold);
	EXPECT_EQ(a.level, 0);
	EXPECT_EQ(a.next_review_date, D(2026, 10, 20));
	std::vector<ItemAssessment> items = AssessItems(set, Policy(), D(2026, 10, 19));
	EXPECT_EQ(items[0].status, ItemStatus::kHeld);
	EXPECT_EQ(items[0].item_level, 0);
	EXPECT_EQ(items[0].position.days_overdue, 79);
	EXPECT_EQ(items[0].position.effective_due, D(2026, 10, 20));
	items = AssessItems(set, Policy(), D(2026, 10, 21));
	EXPECT_EQ(items[0].status, ItemStatus::kOverdue);
	EXPECT_EQ(items[0].item_level, 4);
	EXPECT_EQ(items[0].position.days_overdue, 81);
}

TEST(AssessUnit, BrokenPromiseWithoutHistoryStartsAtLevelOneWithTheRealDays) {
	ItemSet set = SetOf({HeldUntil(Invoice("INV-1", "500", D(2026, 8, 1)), D(2026, 10, 20))});
	UnitAssessment a = AssessUnit(set, Policy(), D(2026, 10, 21), History());
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 1); // one step per letter: the first letter of an episode is level 1
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(a.significant_overdue_days, 81);
	EXPECT_EQ(a.reason, "level 1: 500.00 EUR overdue 81 days (INV-1); escalation capped at level 1 (computed 4)");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "escalation_capped"}));
	// With skip_levels the letter goes straight to the level the real days reach.
	Policy skip;
	skip.skip_levels = true;
	a = AssessUnit(set, skip, D(2026, 10, 21), History());
	EXPECT_EQ(a.level, 4);
}

// A hold that ends before min_interval_days since the last letter have passed: the letter waits
// for the interval, not for a new count from the hold's end.
TEST(AssessUnit, HoldEndingMidIntervalWaitsForTheInterval) {
	ItemSet set = SetOf({HeldUntil(Invoice("INV-1", "500", D(2026, 8, 20)), D(2026, 10, 8))});
	const History history = Letter(2, D(2026, 10, 1));
	UnitAssessment a = AssessUnit(set, Policy(), D(2026, 10, 7), history);
	EXPECT_EQ(a.action, Action::kHold);
	EXPECT_EQ(a.next_review_date, D(2026, 10, 8));
	a = AssessUnit(set, Policy(), D(2026, 10, 8), history);
	EXPECT_EQ(a.action, Action::kWait);
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(a.next_review_date, D(2026, 10, 15));
	EXPECT_EQ(a.reason, "level 3 due, waiting until 2026-10-15 (interval 14 days since last letter 2026-10-01); "
	                    "escalation capped at level 3 (computed 4)");
	a = AssessUnit(set, Policy(), D(2026, 10, 15), history);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.significant_overdue_days, 56);
}

TEST(AssessUnit, InstalmentsAreDunnedInsteadOfTheirPlannedInvoice) {
	UnitAssessment a = Assess({OnPlan(Inv("INV-1", "300", 90)), Instalment("INV-1/1", "100", 20),
	                           Instalment("INV-1/2", "100", -10), Instalment("INV-1/3", "100", -40)},
	                          MinAmount("0", true));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 2);
	EXPECT_EQ(Cents(a.dunnable_amount), "100.00");
	EXPECT_EQ(Cents(a.balance.principal_open), "300.00"); // instalments are a schedule, not extra debt
	EXPECT_EQ(Cents(a.balance.not_due_open), "200.00");
	EXPECT_EQ(a.oldest_overdue_days, 90); // the naive figure: any open invoice, on a plan or not
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "on_plan"}));
}

TEST(AssessUnit, QualifyingAmountCountsOnlyItemsOldEnoughForTheLevel) {
	UnitAssessment a = Assess({Inv("INV-A", "20", 20), Inv("INV-B", "20", 5)}, MinAmount("0", true));
	EXPECT_EQ(a.computed_level, 1); // level 2 sees only INV-A's 20 EUR
	EXPECT_EQ(Cents(a.dunnable_amount), "40.00");
	EXPECT_EQ(a.significant_overdue_days, 20);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "below_level_minimum"}));

	a = Assess({Inv("INV-A", "25", 20), Inv("INV-B", "20", 5)}, MinAmount("0", true));
	EXPECT_EQ(a.computed_level, 2);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));
}

TEST(AssessUnit, LevelPercentIsOfTheUnitsNetOpenPrincipal) {
	Policy policy = MinAmount("0", true);
	policy.levels[0].min_percent = Eur("10");
	// 100 of 1,000 open principal is exactly 10%; 99.99 is not.
	UnitAssessment a = Assess({Inv("OLD", "100", 5), Inv("NEW", "900", -5)}, policy);
	EXPECT_EQ(a.computed_level, 1);
	a = Assess({Inv("OLD", "99.99", 5), Inv("NEW", "900.01", -5)}, policy);
	EXPECT_EQ(a.computed_level, 0);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"below_level_percent"}));
	// Fees never count toward the principal.
	a = Assess({Inv("OLD", "100", 5), Inv("NEW", "900", -5), Charge("FEE", "5000", 5)}, policy);
	EXPECT_EQ(a.computed_level, 1);
}

TEST(AssessUnit, GraceDelaysEveryLevel) {
	Policy policy = MinAmount("0", true);
	policy.grace_days = 5;
	UnitAssessment a = Assess({Inv("INV-1", "100", 5)}, policy);
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.items_overdue, 1);
	EXPECT_EQ(a.items_significant, 0);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"in_grace"}));
	a = Assess({Inv("INV-1", "100", 6)}, policy);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 1);
	// A level whose days lie within grace counts from the end of grace.
	policy.grace_days = 20;
	EXPECT_EQ(Assess({Inv("INV-1", "100", 20)}, policy).computed_level, 0);
	EXPECT_EQ(Assess({Inv("INV-1", "100", 21)}, policy).computed_level, 2);
}

TEST(AssessUnit, EscalatesOneStepPerLetter) {
	const Item item = Inv("INV-1", "100", 50); // computed level 4
	UnitAssessment a = Assess({item});
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(a.level, 1);
	EXPECT_EQ(a.tone, Tone::kStandard);
	a = Assess({item}, Policy(), Letter(1, Ago(20)));
	EXPECT_EQ(a.level, 2);
	EXPECT_EQ(a.tone, Tone::kFirm);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "escalation_capped"}));
	a = Assess({item}, Policy(), Letter(2, Ago(20)));
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(Cents(a.fee), "15.00");
	a = Assess({item}, Policy(), Letter(3, Ago(20)));
	EXPECT_EQ(a.level, 4);
	EXPECT_EQ(a.tone, Tone::kFormalNotice);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));
	// A NULL last_level with a letter date is level 0: the episode starts again at 1.
	History h;
	h.last_letter_date = Ago(20);
	EXPECT_EQ(Assess({item}, Policy(), h).level, 1);
	// skip_levels jumps to the computed level.
	EXPECT_EQ(Assess({item}, MinAmount("0", true), Letter(1, Ago(20))).level, 4);
}

TEST(AssessUnit, LevelFollowsDownWhenOldItemsArePaid) {
	UnitAssessment a = Assess({Inv("INV-9", "100", 5)}, Policy(), Letter(3, Ago(20)));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.computed_level, 1);
	EXPECT_EQ(a.level, 1);
	EXPECT_EQ(a.tone, Tone::kStandard);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));

	// At computed level 0 the episode ends: no letter, level 0.
	a = Assess({Inv("INV-9", "100", -10)}, Policy(), Letter(3, Ago(20)));
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.level, 0);
	EXPECT_FALSE(a.tone);
}

TEST(AssessUnit, WaitsUntilTheIntervalHasPassed) {
	UnitAssessment a = Assess({Inv("INV-1", "100", 35)}, Policy(), Letter(2, Ago(13)));
	EXPECT_EQ(a.action, Action::kWait);
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.tone, Tone::kFinal);
	EXPECT_EQ(Cents(a.fee), "0.00"); // a fee only comes with a letter
	EXPECT_EQ(a.reason_codes.Names(), Codes({"interval_not_passed"}));

	a = Assess({Inv("INV-1", "100", 35)}, Policy(), Letter(2, Ago(14)));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(Cents(a.fee), "15.00");

	// A letter dated after as_of (a rerun of an earlier date) is within the interval too.
	a = Assess({Inv("INV-1", "100", 35)}, Policy(), Letter(2, In(1)));
	EXPECT_EQ(a.action, Action::kWait);

	Policy policy;
	policy.min_interval_days = 0;
	EXPECT_EQ(Assess({Inv("INV-1", "100", 35)}, policy, Letter(2, kAsOf)).action, Action::kRemind);
}

TEST(AssessUnit, LoyalCustomerGetsAFriendlyLetterWithoutFee) {
	const Policy policy = MinAmount("0", true);
	const Item item = Inv("INV-1", "100", 35); // level 3: final, 15 EUR fee
	UnitAssessment a = Assess({item}, policy, Score("0.95"));
	EXPECT_EQ(a.level, 3);
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "loyal_friendly", "fee_waived_loyalty"}));

	EXPECT_EQ(Assess({item}, policy, Score("0.9")).tone, Tone::kFriendly); // the minimum itself is loyal
	a = Assess({item}, policy, Score("0.8999"));
	EXPECT_EQ(a.tone, Tone::kFinal);
	EXPECT_EQ(Cents(a.fee), "15.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));

	// Only the first letter of an episode is softened.
	History later = Score("1");
	later.last_level = 1;
	later.last_letter_date = Ago(20);
	a = Assess({item}, policy, later);
	EXPECT_EQ(a.tone, Tone::kFinal);
	EXPECT_EQ(Cents(a.fee), "15.00");

	Policy keep_fees = policy;
	keep_fees.loyalty.waive_fees = false;
	a = Assess({item}, keep_fees, Score("0.95"));
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(Cents(a.fee), "15.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "loyal_friendly"}));

	// Nothing to waive at a level without a fee.
	a = Assess({Inv("INV-1", "100", 5)}, policy, Score("0.95"));
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "loyal_friendly"}));

	// A level that is friendly anyway owes nothing to loyalty.
	Policy friendly = policy;
	friendly.levels[0].tone = Tone::kFriendly;
	a = Assess({Inv("INV-1", "100", 5)}, friendly, Score("0.95"));
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));

	// A loyal customer who is waiting keeps the friendly tone of the letter to come.
	History waiting = Score("0.95");
	waiting.last_letter_date = Ago(3);
	a = Assess({item}, policy, waiting);
	EXPECT_EQ(a.action, Action::kWait);
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"interval_not_passed", "loyal_friendly"}));
}

TEST(AssessUnit, PreDueReminderBeforeTheFirstDueDate) {
	Policy policy;
	policy.pre_due_days = 5;
	UnitAssessment a = Assess({Inv("INV-9", "120", -4)}, policy);
	EXPECT_EQ(a.action, Action::kPreDue);
	EXPECT_EQ(a.level, 0);
	EXPECT_EQ(a.computed_level, 0);
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"pre_due", "nothing_overdue"}));
	// Due today is still pre-due; due beyond the window is not.
	EXPECT_EQ(Assess({Inv("INV-9", "120", 0)}, policy).action, Action::kPreDue);
	EXPECT_EQ(Assess({Inv("INV-9", "120", -5)}, policy).action, Action::kPreDue);
	EXPECT_EQ(Assess({Inv("INV-9", "120", -6)}, policy).action, Action::kNone);

	// The interval applies to pre-due reminders too.
	a = Assess({Inv("INV-9", "120", -4)}, policy, Letter(0, Ago(5)));
	EXPECT_EQ(a.action, Action::kWait);
	EXPECT_EQ(a.level, 0);
	EXPECT_EQ(a.tone, Tone::kFriendly);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"interval_not_passed", "nothing_overdue"}));

	// Not when a significant eligible item is already overdue, even one below every level.
	a = Assess({Inv("INV-9", "120", -4), Inv("INV-1", "10", 3)}, policy);
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"below_level_minimum"}));
	// Nor for insignificant, disputed or planned items.
	policy.item_min_amount = Eur("200");
	EXPECT_EQ(Assess({Inv("INV-9", "120", -4)}, policy).action, Action::kNone);
	policy.item_min_amount = Money();
	EXPECT_EQ(Assess({Disputed(Inv("INV-9", "120", -4))}, policy).action, Action::kNone);
	EXPECT_EQ(Assess({OnPlan(Inv("INV-9", "120", -4))}, policy).action, Action::kNone);
	// An overdue but insignificant item does not stop the pre-due reminder.
	policy.item_min_amount = Eur("25");
	EXPECT_EQ(Assess({Inv("INV-9", "120", -4), Inv("INV-1", "10", 3)}, policy).action, Action::kPreDue);
	// Without pre_due_days there is none.
	EXPECT_EQ(Assess({Inv("INV-9", "120", -4)}).action, Action::kNone);
}

TEST(AssessUnit, ConsumerRulesNL) {
	Policy policy = MinAmount("0", true);
	policy.consumer_rules = ConsumerRules::kNL;
	const Item item = Inv("INV-1", "100", 35); // level 3, 15 EUR fee
	// The first reminder of an episode never carries a fee.
	UnitAssessment a = Assess({item}, policy);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "fee_waived_consumer_rules"}));
	// 14 days counted from the day after the previous letter: a fee from letter + 15.
	a = Assess({item}, policy, Letter(2, Ago(14)));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "fee_waived_consumer_rules"}));
	a = Assess({item}, policy, Letter(2, Ago(15)));
	EXPECT_EQ(Cents(a.fee), "15.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));
	// A later letter whose date is unknown cannot show the period has passed.
	History no_date;
	no_date.last_level = 2;
	a = Assess({item}, policy, no_date);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "fee_waived_consumer_rules"}));
	// No code when there is no fee to withhold.
	a = Assess({Inv("INV-1", "100", 5)}, policy);
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));
	// Loyalty waives first; consumer rules then have nothing left to withhold.
	a = Assess({item}, policy, Score("0.95"));
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "loyal_friendly", "fee_waived_loyalty"}));
}

TEST(AssessUnit, ConsumerRulesBE) {
	Policy policy = MinAmount("0", true);
	policy.consumer_rules = ConsumerRules::kBE;
	policy.min_interval_days = 0;
	const Item item = Invoice("INV-1", "100", D(2026, 1, 1)); // level 4 in March
	Policy with_fee = policy;
	with_fee.levels[3].fee = Eur("20");
	// Letter on Friday 2026-02-27: working days Mon 2, Tue 3, Wed 4 March; fee from 14 days later.
	const History h = Letter(3, D(2026, 2, 27));
	UnitAssessment a = AssessUnit(SetOf({item}), with_fee, D(2026, 3, 17), h);
	EXPECT_EQ(a.level, 4);
	EXPECT_EQ(Cents(a.fee), "0.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached", "fee_waived_consumer_rules"}));
	a = AssessUnit(SetOf({item}), with_fee, D(2026, 3, 18), h);
	EXPECT_EQ(Cents(a.fee), "20.00");
	EXPECT_EQ(a.reason_codes.Names(), Codes({"level_reached"}));
	a = AssessUnit(SetOf({item}), with_fee, D(2026, 3, 5), Letter(0, D(2026, 2, 27)));
	EXPECT_EQ(Cents(a.fee), "0.00");
}

TEST(AssessUnit, FiguresCountTheRightItems) {
	UnitAssessment a = Assess({Inv("A", "100", 40), Inv("B", "10", 20), Disputed(Inv("C", "50", 10)),
	                           Inv("D", "70", -3), CreditOf("CN", "30", 1), Charge("FEE", "5", 12),
	                           PartlyPaid("E", "80", "0", 60)},
	                          MinAmount("25", true));
	EXPECT_EQ(a.items, 7);
	EXPECT_EQ(Cents(a.balance.principal_open), "230.00");
	EXPECT_EQ(Cents(a.balance.credits_open), "30.00");
	EXPECT_EQ(Cents(a.balance.overdue_open), "130.00"); // A 70 after credit, B 10, C 50
	EXPECT_EQ(Cents(a.balance.not_due_open), "70.00");
	EXPECT_EQ(a.items_overdue, 3);
	EXPECT_EQ(a.items_significant, 1); // A (70 left); B is insignificant, C disputed
	EXPECT_EQ(Cents(a.dunnable_amount), "70.00");
	EXPECT_EQ(a.significant_overdue_days, 40);
	EXPECT_EQ(a.oldest_overdue_days, 40); // E is paid (open 0)
	EXPECT_EQ(a.computed_level, 3);
}

TEST(AssessUnit, BadHistoryIsRejected) {
	History h;
	h.last_level = -1;
	EXPECT_THROW(Assess({Inv("A", "100", 40)}, Policy(), h), Error);
	h.last_level = 1;
	h.last_letter_date = Date::FromPgDays(INT32_MAX);
	EXPECT_THROW(Assess({Inv("A", "100", 40)}, Policy(), h), Error);
}

TEST(AssessUnit, PolicyWithoutLevelsNeverDuns) {
	Policy policy;
	policy.levels.clear();
	UnitAssessment a = Assess({Inv("A", "100", 400)}, policy);
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.computed_level, 0);
	EXPECT_EQ(Cents(a.dunnable_amount), "100.00"); // still dunnable money, just no level for it
	EXPECT_FALSE(a.next_review_date);
}

TEST(AssessUnit, ExtremeAmountsDoNotOverflow) {
	Policy policy = MinAmount("9999999999999.9999", true);
	policy.item_min_percent = Eur("100");
	for (LevelRule &rule : policy.levels)
		rule.min_percent = Eur("100");
	ItemSet set;
	for (int i = 0; i < 1000; ++i)
		set.Add(Inv(fmt::format("INV-{:04}", i), "9999999999999.9999", 50));
	UnitAssessment a = AssessUnit(set, policy, kAsOf, History());
	EXPECT_EQ(a.computed_level, 4);
	EXPECT_EQ(Cents(a.dunnable_amount), "9999999999999999.90"); // 1000 × (10^13 − 0.0001)
}
