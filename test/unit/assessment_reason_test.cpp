// The unit's reason (one line for people) and reason_codes (the contract for machines), SPEC §7.
#include "assessment_test_support.hpp"
#include "core/assessment.hpp"

#include <gtest/gtest.h>
#include <set>

using namespace dunning;
using namespace dunning::testing;

namespace {

Policy
Skipping(std::string_view item_min_amount = "0") {
	Policy policy;
	policy.skip_levels = true;
	policy.item_min_amount = Eur(item_min_amount);
	return policy;
}

const std::vector<std::string> kVocabulary = {
    "level_reached",     "escalation_capped",  "interval_not_passed", "below_level_minimum",
    "below_level_percent", "item_insignificant", "in_grace",          "disputed",
    "held",              "on_plan",            "settled_by_credit",   "in_credit",
    "charges_only",      "pre_due",            "loyal_friendly",      "fee_waived_loyalty",
    "fee_waived_consumer_rules", "nothing_overdue",
};

} // namespace

TEST(AssessReason, RemindNamesTheLevelAmountDaysAndItems) {
	EXPECT_EQ(Assess({Inv("INV-3", "10", 90), Inv("INV-7", "5000", 30)}, Skipping("25")).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); INV-3 10.00 EUR ignored: below 25.00 EUR");
	// At most three items, most overdue first, then "+N more".
	UnitAssessment a = Assess({Inv("A", "10", 9), Inv("B", "10", 8), Inv("C", "10", 7), Inv("D", "10", 6),
	                           Inv("E", "10", 10)},
	                          Skipping());
	EXPECT_EQ(a.reason, "level 1: 50.00 EUR overdue 10 days (E, A, B +2 more)");
}

TEST(AssessReason, IgnoredItemsSayWhichThresholdTheyMiss) {
	Policy policy = Skipping();
	policy.item_min_percent = Eur("12.5");
	UnitAssessment a = Assess({Inv("INV-1", "100", 20), PartlyPaid("INV-2", "1000", "100", 10)}, policy);
	EXPECT_EQ(a.reason, "level 2: 100.00 EUR overdue 20 days (INV-1); INV-2 100.00 EUR ignored: below 12.5% of the "
	                    "item amount");
	policy.item_min_amount = Eur("50");
	a = Assess({Inv("INV-1", "100", 20), PartlyPaid("INV-2", "1000", "100", 10), Inv("INV-3", "40", 12),
	            Inv("INV-4", "30", 11), Inv("INV-5", "20", 13)},
	           policy);
	EXPECT_EQ(a.reason, "level 2: 100.00 EUR overdue 20 days (INV-1); INV-5 20.00 EUR, INV-3 40.00 EUR, INV-4 30.00 "
	                    "EUR +1 more ignored: below 50.00 EUR or 12.5% of the item amount");
}

TEST(AssessReason, WaitSaysUntilWhen) {
	UnitAssessment a = Assess({Inv("INV-1", "100", 20)}, Policy(), Letter(1, kAsOf));
	EXPECT_EQ(a.reason, "level 2 due, waiting until 2026-03-15 (interval 14 days since last letter 2026-03-01)");
	Policy policy;
	policy.pre_due_days = 5;
	a = Assess({Inv("INV-9", "120", -4)}, policy, Letter(0, Ago(5)));
	EXPECT_EQ(a.reason, "pre-due reminder due, waiting until 2026-03-10 (interval 14 days since last letter "
	                    "2026-02-24)");
}

TEST(AssessReason, HoldNamesTheBlockedItems) {
	UnitAssessment a = Assess({Disputed(Inv("INV-1", "500", 60)), HeldUntil(Inv("INV-2", "300", 55), D(2026, 12, 1)),
	                           OnPlan(Inv("INV-3", "200", 50)), Disputed(Inv("INV-4", "1", 40)),
	                           Disputed(Inv("INV-5", "1", 30)), Disputed(Inv("INV-6", "1", -30))});
	EXPECT_EQ(a.action, Action::kHold);
	EXPECT_EQ(a.reason,
	          "nothing dunnable: INV-1 disputed; INV-2 held until 2026-12-01; INV-3 on payment plan; +2 more");
}

TEST(AssessReason, NothingToSendSaysWhy) {
	EXPECT_EQ(Assess({Inv("INV-1", "100", -30)}).reason, "nothing overdue");
	EXPECT_EQ(Assess({CreditOf("CN-1", "50", 3)}).reason, "in credit: net balance -50.00 EUR");
	EXPECT_EQ(Assess({PartlyPaid("INV-1", "100", "0", 30), Charge("FEE-1", "30", 10)}).reason,
	          "only charges open: 30.00 EUR");
	EXPECT_EQ(Assess({Inv("INV-1", "20", 5)}).reason,
	          "below level minimum: 20.00 EUR overdue, level 1 needs 25.00 EUR");
	EXPECT_EQ(Assess({Inv("INV-1", "100", 30), CreditOf("CN-1", "100", 5)}).reason,
	          "nothing overdue; settled by credit: INV-1");
	Policy policy;
	policy.levels[0].min_percent = Eur("50");
	EXPECT_EQ(Assess({Inv("INV-1", "100", 5), Inv("INV-2", "300", -5)}, policy).reason,
	          "below level percent: 100.00 EUR overdue of 400.00 EUR open, level 1 needs 50%");
	policy = Policy();
	policy.grace_days = 5;
	EXPECT_EQ(Assess({Inv("INV-1", "100", 3)}, policy).reason, "in grace: INV-1 (grace 5 days)");
	policy.item_min_amount = Eur("25");
	EXPECT_EQ(Assess({PartlyPaid("INV-1", "100", "5", 40), Charge("FEE-1", "30", 10)}, policy).reason,
	          "INV-1 5.00 EUR ignored: below 25.00 EUR");
}

TEST(AssessReason, PreDueNamesAmountDateAndItems) {
	Policy policy;
	policy.pre_due_days = 5;
	EXPECT_EQ(Assess({Inv("INV-9", "120", -4)}, policy).reason, "pre-due reminder: 120.00 EUR due 2026-03-05 (INV-9)");
	EXPECT_EQ(Assess({Inv("INV-9", "120", -4), Inv("INV-8", "30", -5), Inv("INV-7", "500", -6)}, policy).reason,
	          "pre-due reminder: 150.00 EUR due 2026-03-05 (INV-9, INV-8)");
}

TEST(AssessReason, LetterDetailsAreAppended) {
	// Capped escalation.
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, Policy(), Letter(1, Ago(20))).reason,
	          "level 2: 5000.00 EUR overdue 30 days (INV-7); escalation capped at level 2 (computed 3)");
	// Loyalty: friendly, fee waived.
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, Skipping(), Score("0.95")).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); friendly: loyal customer; fee waived: loyal customer");
	// Consumer rules.
	Policy nl = Skipping();
	nl.consumer_rules = ConsumerRules::kNL;
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, nl).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); no fee: first reminder (consumer rules NL)");
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, nl, Letter(2, Ago(14))).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); no fee: waiting period until 2026-03-02 (consumer rules "
	          "NL)");
	History no_date;
	no_date.last_level = 2;
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, nl, no_date).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); no fee: date of the previous letter unknown (consumer "
	          "rules NL)");
	Policy be = nl;
	be.consumer_rules = ConsumerRules::kBE;
	// Letter on Sunday 2026-02-15: third working day Wednesday the 18th, fee from 2026-03-04.
	EXPECT_EQ(Assess({Inv("INV-7", "5000", 30)}, be, Letter(2, D(2026, 2, 15))).reason,
	          "level 3: 5000.00 EUR overdue 30 days (INV-7); no fee: waiting period until 2026-03-04 (consumer rules "
	          "BE)");
}

TEST(AssessReason, CodesComeInTheVocabularysOrder) {
	Policy policy;
	policy.grace_days = 3;
	policy.item_min_percent = Eur("5");
	UnitAssessment a = Assess({Inv("A", "100", 20), PartlyPaid("B", "1000", "10", 20), Inv("C", "100", 2),
	                           Disputed(Inv("DIS", "100", 50)), HeldUntil(Inv("H", "100", 10), In(5)),
	                           OnPlan(Inv("P", "100", 50)), Inv("S", "50", 60), CreditOf("CN", "50", 1),
	                           Inv("E", "20", 35)},
	                          policy, Score("0.95"));
	EXPECT_EQ(a.action, Action::kRemind);
	EXPECT_EQ(a.level, 1);
	EXPECT_EQ(a.computed_level, 2);
	EXPECT_EQ(a.reason_codes.Names(),
	          Codes({"level_reached", "escalation_capped", "below_level_minimum", "item_insignificant", "in_grace",
	                 "disputed", "held", "on_plan", "settled_by_credit", "loyal_friendly"}));
	EXPECT_EQ(a.reason, "level 1: 120.00 EUR overdue 35 days (E, A); B 10.00 EUR ignored: below 5% of the item amount; "
	                    "below level minimum: 20.00 EUR overdue, level 3 needs 25.00 EUR; escalation capped at level 1 "
	                    "(computed 2); friendly: loyal customer");
}

// Every code of the vocabulary comes out of some unit, each at most once and in order.
TEST(AssessReason, EveryCodeIsReachable) {
	Policy pre_due;
	pre_due.pre_due_days = 5;
	Policy nl = Skipping();
	nl.consumer_rules = ConsumerRules::kNL;
	Policy percent;
	percent.levels[0].min_percent = Eur("50");
	Policy grace;
	grace.grace_days = 5;
	const std::vector<UnitAssessment> units = {
	    Assess({Inv("A", "100", 50)}),
	    Assess({Inv("A", "100", 50)}, Policy(), Letter(1, Ago(3))),
	    Assess({Inv("A", "20", 5)}),
	    Assess({Inv("A", "100", 5), Inv("B", "300", -5)}, percent),
	    Assess({Inv("A", "10", 5)}, Skipping("25")),
	    Assess({Inv("A", "100", 3)}, grace),
	    Assess({Disputed(Inv("A", "100", 50)), HeldUntil(Inv("B", "100", 50), In(3)), OnPlan(Inv("C", "100", 50))}),
	    Assess({Inv("A", "100", 30), CreditOf("CN", "150", 5)}),
	    Assess({Charge("FEE", "30", 5)}),
	    Assess({Inv("A", "100", -3)}, pre_due),
	    Assess({Inv("A", "100", 35)}, Skipping(), Score("1")),
	    Assess({Inv("A", "100", 35)}, nl),
	};
	std::set<std::string> seen;
	for (const UnitAssessment &a : units) {
		// Each at most once, in vocabulary order.
		std::size_t last = 0;
		for (std::string_view code : a.reason_codes.Names()) {
			auto pos = std::find(kVocabulary.begin(), kVocabulary.end(), code);
			ASSERT_NE(pos, kVocabulary.end()) << code;
			std::size_t index = static_cast<std::size_t>(pos - kVocabulary.begin()) + 1;
			EXPECT_GT(index, last) << a.reason;
			last = index;
			seen.insert(std::string(code));
		}
	}
	EXPECT_EQ(seen, std::set<std::string>(kVocabulary.begin(), kVocabulary.end()));
}
