// next_review_date (SPEC §7): the earliest day after as_of on which the decision would change.
#include "assessment_test_support.hpp"
#include "core/assessment.hpp"
#include "core/assessment_letter.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <random>

using namespace dunning;
using namespace dunning::testing;

namespace {

// The answer by brute force: assess every day up to `horizon` days ahead.
std::optional<Date>
ChangeByBruteForce(const ItemSet &set, const Policy &policy, const History &history, Date as_of, int horizon) {
	UnitAssessment today = AssessUnit(set, policy, as_of, history);
	for (int i = 1; i <= horizon; ++i) {
		UnitAssessment later = AssessUnit(set, policy, as_of.PlusDays(i), history);
		if (later.action != today.action || later.level != today.level)
			return as_of.PlusDays(i);
	}
	return std::nullopt;
}

std::string
Show(std::optional<Date> d) {
	return d ? d->ToIsoString() : "NULL";
}

} // namespace

TEST(AssessNextReview, NextLevelReached) {
	Policy policy;
	policy.skip_levels = true;
	policy.item_min_amount = Eur("25");
	// Seed (a): level 4 once the 5,000 EUR is 45 days overdue.
	EXPECT_EQ(Assess({Inv("INV-3", "10", 90), Inv("INV-7", "5000", 30)}, policy).next_review_date, In(15));
	// Not yet due: level 1 the day after the due date.
	EXPECT_EQ(Assess({Inv("INV-1", "100", -10)}).next_review_date, In(11));
	// In grace: level 1 the day grace ends.
	policy.grace_days = 5;
	EXPECT_EQ(Assess({Inv("INV-1", "100", 3)}, policy).next_review_date, In(3));
}

TEST(AssessNextReview, CappedEscalationWaitsForTheNextLetter) {
	// The first letter stays level 1 however high the computed level climbs: nothing changes.
	EXPECT_FALSE(Assess({Inv("INV-7", "5000", 30)}).next_review_date);
	// After a letter, the interval ends the wait.
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, Policy(), Letter(1, Ago(3))).next_review_date, In(11));
}

// Issue 16: an item whose hold ends resumes at its real days overdue, so the level can rise on the
// hold's end itself (not only a level's days later).
TEST(AssessNextReview, ReviewedOnTheHoldsEnd) {
	Policy policy;
	policy.skip_levels = true;
	policy.item_min_amount = Eur("25");
	UnitAssessment a = Assess({Inv("INV-A", "100", 5), HeldUntil(Inv("INV-B", "500", 60), In(7))}, policy);
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 1);
	EXPECT_EQ(a.next_review_date, In(7)); // INV-B counts again, 67 days overdue: level 4
	EXPECT_EQ(Assess({Inv("INV-A", "100", 5), HeldUntil(Inv("INV-B", "500", 60), In(7))}, policy, {}, In(7)).level, 4);
	// A held item not yet due does not open a pre-due window while held; its hold ending does.
	policy.pre_due_days = 5;
	a = Assess({HeldUntil(Inv("INV-C", "100", -4), In(2))}, policy);
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(a.next_review_date, In(2));
}

TEST(AssessNextReview, HoldEndsOnHoldUntil) {
	UnitAssessment a = Assess({Disputed(Inv("INV-1", "500", 60)), HeldUntil(Inv("INV-2", "300", 55), D(2026, 12, 1)),
	                           OnPlan(Inv("INV-3", "200", 50))});
	EXPECT_EQ(a.action, Action::kHold);
	// On 1 December INV-2 is no longer held (it is due that day), so the unit is no longer on hold.
	EXPECT_EQ(a.next_review_date, D(2026, 12, 1));
	// A disputed invoice not yet due puts the unit on hold the day after its due date.
	EXPECT_EQ(Assess({Disputed(Inv("INV-1", "100", -5))}).next_review_date, In(6));
	// Disputes alone never end by themselves.
	EXPECT_FALSE(Assess({Disputed(Inv("INV-1", "100", 5))}).next_review_date);
}

TEST(AssessNextReview, PreDueWindowOpensAndCloses) {
	Policy policy;
	policy.pre_due_days = 3;
	EXPECT_EQ(Assess({Inv("INV-1", "120", -10)}, policy).next_review_date, In(7));
	EXPECT_EQ(Assess({Inv("INV-1", "120", -2)}, policy).next_review_date, In(3)); // then level 1
	// With grace the pre-due letter ends the day the item falls overdue, before any level.
	policy.grace_days = 5;
	UnitAssessment a = Assess({Inv("INV-1", "120", -2)}, policy);
	EXPECT_EQ(a.action, Action::kPreDue);
	EXPECT_EQ(a.next_review_date, In(3));
}

TEST(AssessNextReview, ReallocatedCreditIsForeseen) {
	// Today the credit pays the future invoice; once the instalment falls overdue it takes the
	// credit instead (it is older), so no letter goes out until the invoice itself is overdue.
	ItemSet set = SetOf({Instalment("INST-1", "100", -5), Inv("INV-2", "100", -20), CreditOf("CN-1", "100", 1)});
	UnitAssessment a = AssessUnit(set, Policy(), kAsOf, History());
	EXPECT_EQ(a.action, Action::kNone);
	EXPECT_EQ(AssessUnit(set, Policy(), In(6), History()).action, Action::kNone);
	EXPECT_EQ(AssessUnit(set, Policy(), In(21), History()).action, Action::kRemind);
	EXPECT_EQ(a.next_review_date, In(21));

	// Credit used up before the instalment's place changes nothing when it falls overdue.
	set = SetOf({Inv("INV-1", "100", 10), Instalment("INST-1", "100", -5), CreditOf("CN-1", "50", 1)});
	a = AssessUnit(set, Policy(), kAsOf, History());
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.next_review_date, ChangeByBruteForce(set, Policy(), History(), kAsOf, 200));
}

TEST(AssessNextReview, EvaluatesAtMostSixtyFourCandidateDays) {
	// One level that needs every one of n daily 1 EUR invoices overdue: the change is the nth
	// candidate day.
	auto unit = [](int n) {
		Policy policy;
		policy.levels = {LevelRule{1, 1, Eur(std::to_string(n)), Decimal4(), Money(), Tone::kStandard}};
		ItemSet set;
		for (int i = 1; i <= n; ++i)
			set.Add(Inv(fmt::format("INV-{:03}", i), "1", -i));
		return AssessUnit(set, policy, kAsOf, History());
	};
	EXPECT_EQ(unit(60).next_review_date, In(61));
	EXPECT_EQ(unit(64).next_review_date, In(65));
	EXPECT_FALSE(unit(65).next_review_date); // beyond the bound: NULL
}

// Found by fuzz_assess: a review day past 5874897-12-31 came out as a date PostgreSQL cannot hold
// (shown as 5874898-01-04, and `+ 1` on it gave garbage).
TEST(AssessNextReview, NeverBeyondPostgresLastDate) {
	Policy policy;
	policy.skip_levels = true;
	const Date last = Date::FromPgDays(Date::kLastPgDay);
	EXPECT_EQ(last, D(5874897, 12, 31));
	// Level 2 would be reached on 5874898-01-04, which does not exist.
	UnitAssessment a = AssessUnit(SetOf({Invoice("I", "100", D(5874897, 12, 20))}), policy, D(5874897, 12, 30), {});
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_FALSE(a.next_review_date) << Show(a.next_review_date);
	// On the last day itself it still counts.
	a = AssessUnit(SetOf({Invoice("I", "100", D(5874897, 12, 16))}), policy, D(5874897, 12, 30), {});
	EXPECT_EQ(Show(a.next_review_date), "5874897-12-31");
}

TEST(AssessNextReview, MatchesBruteForceOnRandomUnits) {
	std::mt19937 rng(20260301);
	auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
	const ItemKind kinds[] = {ItemKind::kInvoice, ItemKind::kInvoice,    ItemKind::kInvoice,    ItemKind::kInstallment,
	                          ItemKind::kInstallment, ItemKind::kCreditNote, ItemKind::kBankReceipt, ItemKind::kFee};
	for (int round = 0; round < 2000; ++round) {
		ItemSet set;
		const int n = pick(1, 7);
		for (int i = 0; i < n; ++i) {
			ItemKind kind = kinds[pick(0, 7)];
			std::string amount = std::to_string(pick(1, 12) * 10);
			Item item = MakeTestItem(fmt::format("I{}", i), kind, amount, amount, Ago(pick(-40, 60)));
			if (IsDueBearing(kind)) {
				item.disputed = pick(0, 7) == 0;
				item.on_plan = kind == ItemKind::kInvoice && pick(0, 7) == 0;
				if (pick(0, 5) == 0)
					item.hold_until = Ago(pick(-40, 10));
			}
			set.Add(item);
		}
		Policy policy;
		policy.grace_days = pick(0, 1) ? 0 : pick(1, 6);
		policy.skip_levels = pick(0, 1);
		policy.item_min_amount = Eur(pick(0, 1) ? "0" : "25");
		if (pick(0, 1))
			policy.pre_due_days = pick(0, 5);
		if (pick(0, 1))
			policy.levels[static_cast<std::size_t>(pick(0, 3))].min_percent = Eur("20");
		if (pick(0, 4) == 0)
			policy.allocation = AllocationRule::kNone;
		policy.min_interval_days = pick(0, 20);
		History history;
		if (pick(0, 1)) {
			history.last_level = pick(0, 4);
			history.last_letter_date = Ago(pick(0, 20));
		}
		// Every change comes from a date within about 60 + 45 + 20 days; 200 covers them all.
		std::optional<Date> expected = ChangeByBruteForce(set, policy, history, kAsOf, 200);
		std::optional<Date> got = AssessUnit(set, policy, kAsOf, history).next_review_date;
		ASSERT_EQ(Show(got), Show(expected)) << "round " << round;
	}
}

TEST(AssessLetter, ConsumerFeeWaitingPeriods) {
	using rules::ConsumerFeeAllowedFrom;
	// NL: 14 days counted from the day after the letter.
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kNL, D(2026, 2, 27)), D(2026, 3, 14));
	// BE: 14 days from the third working day (Monday–Friday) after the letter.
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kBE, D(2026, 2, 27)), D(2026, 3, 18)); // Fri → Wed 4th
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kBE, D(2026, 2, 28)), D(2026, 3, 18)); // Sat → Wed 4th
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kBE, D(2026, 3, 2)), D(2026, 3, 19)); // Mon → Thu 5th
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kBE, D(2026, 3, 4)), D(2026, 3, 23)); // Wed → Mon 9th
	EXPECT_EQ(ConsumerFeeAllowedFrom(ConsumerRules::kBE, D(1999, 12, 31)), D(2000, 1, 19)); // before day 0
}
