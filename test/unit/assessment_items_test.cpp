// dunning.assess_items (SPEC §6): per-item positions, significance, level and status.
#include "assessment_test_support.hpp"
#include "core/assessment.hpp"
#include "core/error.hpp"

#include <gtest/gtest.h>
#include <map>
#include <random>

using namespace dunning;
using namespace dunning::testing;

namespace {

// The assessments by item id; `set` must outlive them (they point into it).
std::map<std::string, ItemAssessment>
ById(const ItemSet &set, const Policy &policy, Date as_of = kAsOf) {
	std::map<std::string, ItemAssessment> out;
	for (const ItemAssessment &a : AssessItems(set, policy, as_of))
		out.emplace(a.position.item->id, a);
	return out;
}

} // namespace

TEST(AssessNames, StatusAndActionNamesAreTheSqlVocabulary) {
	const std::vector<std::pair<ItemStatus, std::string_view>> statuses = {
	    {ItemStatus::kCredit, "credit"},       {ItemStatus::kCharge, "charge"},
	    {ItemStatus::kSettled, "settled"},     {ItemStatus::kDisputed, "disputed"},
	    {ItemStatus::kOnPlan, "on_plan"},      {ItemStatus::kHeld, "held"},
	    {ItemStatus::kPreDue, "pre_due"},      {ItemStatus::kNotDue, "not_due"},
	    {ItemStatus::kGrace, "grace"},         {ItemStatus::kInsignificant, "insignificant"},
	    {ItemStatus::kOverdue, "overdue"},
	};
	for (const auto &[status, name] : statuses)
		EXPECT_EQ(ItemStatusName(status), name);
	EXPECT_EQ(ActionName(Action::kNone), "none");
	EXPECT_EQ(ActionName(Action::kPreDue), "pre_due");
	EXPECT_EQ(ActionName(Action::kRemind), "remind");
	EXPECT_EQ(ActionName(Action::kWait), "wait");
	EXPECT_EQ(ActionName(Action::kHold), "hold");
}

TEST(AssessItems, StatusIsTheFirstThatApplies) {
	Policy policy;
	policy.grace_days = 5;
	policy.pre_due_days = 3;
	policy.item_min_amount = Eur("25");
	policy.allocation = AllocationRule::kNone; // keep the credit out of the other items
	ItemSet set = SetOf({
	    CreditOf("CN", "10", 40),
	    Charge("FEE", "5", 40),
	    PartlyPaid("PAID", "100", "0", 40),
	    HeldUntil(Disputed(Inv("DISP", "100", 40)), In(10)), // disputed wins over held
	    OnPlan(Inv("PLAN", "100", 40)),
	    HeldUntil(Inv("HELD", "100", 40), In(10)),
	    Inv("TODAY", "100", 0),
	    Inv("SOON", "100", -3),
	    Inv("LATER", "100", -4),
	    Inv("GRACE", "100", 5),
	    Inv("SMALL", "10", 40),
	    Inv("LATE", "100", 6),
	    HeldUntil(Disputed(PartlyPaid("DISP-PAID", "100", "0", 40)), In(10)), // settled wins over all
	});
	auto got = ById(set, policy);
	const std::map<std::string, std::string_view> expected = {
	    {"CN", "credit"},   {"FEE", "charge"},   {"PAID", "settled"},     {"DISP", "disputed"},
	    {"PLAN", "on_plan"}, {"HELD", "held"},    {"TODAY", "pre_due"},   {"SOON", "pre_due"},
	    {"LATER", "not_due"}, {"GRACE", "grace"}, {"SMALL", "insignificant"}, {"LATE", "overdue"},
	    {"DISP-PAID", "settled"},
	};
	for (const auto &[id, status] : expected)
		EXPECT_EQ(ItemStatusName(got.at(id).status), status) << id;

	policy.pre_due_days.reset();
	got = ById(set, policy);
	EXPECT_EQ(got.at("TODAY").status, ItemStatus::kNotDue);
	EXPECT_EQ(got.at("SOON").status, ItemStatus::kNotDue);
}

TEST(AssessItems, HoldSuspendsButDaysCountFromTheDueDate) {
	ItemSet set = SetOf({HeldUntil(Inv("HELD", "100", 40), In(10)), HeldUntil(Inv("ENDED", "100", 60), Ago(20)),
	                     HeldUntil(Inv("EARLY", "100", 20), Ago(30)), HeldUntil(Inv("TODAY", "100", 20), kAsOf)});
	auto got = ById(set, Policy());
	// Held: not dunnable, but the count goes on; the effective due date says when dunning resumes.
	EXPECT_EQ(got.at("HELD").position.effective_due, In(10));
	EXPECT_EQ(got.at("HELD").position.days_overdue, 40);
	EXPECT_EQ(got.at("HELD").item_level, 0);
	EXPECT_EQ(got.at("HELD").status, ItemStatus::kHeld);
	// A hold that has ended resumes where the item stood; a hold before the due date changes nothing.
	EXPECT_EQ(got.at("ENDED").position.effective_due, Ago(20));
	EXPECT_EQ(got.at("ENDED").position.days_overdue, 60);
	EXPECT_EQ(got.at("ENDED").item_level, 4);
	EXPECT_EQ(got.at("ENDED").status, ItemStatus::kOverdue);
	EXPECT_EQ(got.at("EARLY").position.effective_due, Ago(20));
	EXPECT_EQ(got.at("EARLY").position.days_overdue, 20);
	EXPECT_EQ(got.at("EARLY").item_level, 2);
	// hold_until = as_of is not after as_of: no longer held.
	EXPECT_EQ(got.at("TODAY").status, ItemStatus::kOverdue);
	EXPECT_EQ(got.at("TODAY").item_level, 2);
}

TEST(AssessItems, SignificanceIsExactAtTheThresholds) {
	Policy policy;
	policy.item_min_amount = Eur("25");
	policy.item_min_percent = Eur("10");
	ItemSet set = SetOf({
	    PartlyPaid("EXACT", "250", "25", 10), // 25 ≥ 25 and 25 = 10% of 250
	    PartlyPaid("PERCENT", "250.0001", "25", 10), // just under 10%
	    PartlyPaid("AMOUNT", "100", "24.9999", 10), // just under 25
	    Charge("FEE", "1000", 10),
	    Charge("INT", "1000", 10, ItemKind::kInterest),
	    MakeTestItem("INST", ItemKind::kInstallment, "100", "100", Ago(10)),
	});
	auto got = ById(set, policy);
	EXPECT_TRUE(got.at("EXACT").significant);
	EXPECT_FALSE(got.at("PERCENT").significant);
	EXPECT_FALSE(got.at("AMOUNT").significant);
	EXPECT_FALSE(got.at("FEE").significant);
	EXPECT_FALSE(got.at("INT").significant);
	EXPECT_TRUE(got.at("INST").significant);
	EXPECT_EQ(got.at("PERCENT").status, ItemStatus::kInsignificant);
	EXPECT_EQ(got.at("PERCENT").item_level, 0);
	EXPECT_EQ(got.at("EXACT").item_level, 1);
}

TEST(AssessItems, SignificanceLooksAtWhatIsLeftAfterCredits) {
	Policy policy;
	policy.item_min_amount = Eur("25");
	ItemSet set = SetOf({Inv("INV-1", "100", 10), CreditOf("CN-1", "80", 2)});
	auto got = ById(set, policy);
	EXPECT_EQ(Cents(got.at("INV-1").position.allocated), "80.00");
	EXPECT_EQ(Cents(got.at("INV-1").position.net_open), "20.00");
	EXPECT_FALSE(got.at("INV-1").significant);
	EXPECT_EQ(got.at("INV-1").status, ItemStatus::kInsignificant);
	EXPECT_FALSE(got.at("CN-1").significant);
	EXPECT_EQ(got.at("CN-1").status, ItemStatus::kCredit);

	policy.allocation = AllocationRule::kNone;
	got = ById(set, policy);
	EXPECT_TRUE(got.at("INV-1").significant);
	EXPECT_EQ(got.at("INV-1").status, ItemStatus::kOverdue);
}

TEST(AssessItems, ItemLevelIsTheHighestLevelReachedBeyondGrace) {
	const std::vector<std::pair<int, int>> days_to_level = {{1, 1},  {14, 1}, {15, 2}, {29, 2},
	                                                        {30, 3}, {44, 3}, {45, 4}, {400, 4}};
	for (const auto &[days, level] : days_to_level) {
		ItemSet set = SetOf({Inv("INV", "100", days)});
		EXPECT_EQ(AssessItems(set, Policy(), kAsOf).front().item_level, level) << days;
	}
	Policy policy;
	policy.grace_days = 20;
	ItemSet set = SetOf({Inv("IN-GRACE", "100", 20), Inv("BEYOND", "100", 21)});
	auto got = ById(set, policy);
	EXPECT_EQ(got.at("IN-GRACE").item_level, 0);
	EXPECT_EQ(got.at("IN-GRACE").status, ItemStatus::kGrace);
	EXPECT_EQ(got.at("BEYOND").item_level, 2);
}

TEST(AssessItems, IneligibleItemsHaveNoLevel) {
	ItemSet set = SetOf({Disputed(Inv("DISP", "100", 60)), OnPlan(Inv("PLAN", "300", 60)),
	                     Instalment("PLAN-1", "100", 20), Disputed(Instalment("PLAN-2", "100", 20))});
	auto got = ById(set, Policy());
	EXPECT_TRUE(got.at("DISP").significant); // significance is about the money, eligibility apart
	EXPECT_EQ(got.at("DISP").item_level, 0);
	EXPECT_EQ(got.at("PLAN").item_level, 0);
	EXPECT_EQ(got.at("PLAN").status, ItemStatus::kOnPlan);
	EXPECT_EQ(got.at("PLAN-1").item_level, 2);
	EXPECT_EQ(got.at("PLAN-1").status, ItemStatus::kOverdue);
	EXPECT_EQ(got.at("PLAN-2").item_level, 0);
	EXPECT_EQ(got.at("PLAN-2").status, ItemStatus::kDisputed);
}

TEST(AssessItems, OutputIsInCanonicalOrderWhateverTheInputOrder) {
	std::vector<Item> items = {Inv("B", "10", 5),  Inv("A", "10", 5),         Inv("C", "10", 50),
	                           CreditOf("CN", "5", 1), Charge("FEE", "3", 9), Inv("D", "10", -5)};
	std::vector<std::string> first;
	std::mt19937 rng(7);
	for (int round = 0; round < 10; ++round) {
		std::shuffle(items.begin(), items.end(), rng);
		ItemSet set;
		for (const Item &item : items)
			set.Add(item);
		std::vector<std::string> ids;
		for (const ItemAssessment &a : AssessItems(set, Policy(), kAsOf))
			ids.push_back(std::string(a.position.item->id) + ":" + Cents(a.position.net_open));
		if (round == 0)
			first = ids;
		EXPECT_EQ(ids, first);
	}
	EXPECT_EQ(first, (std::vector<std::string>{"C:5.00", "FEE:3.00", "A:10.00", "B:10.00", "CN:0.00", "D:10.00"}));
}

TEST(AssessItems, MixedCurrenciesAreRejected) {
	Item usd = Inv("USD-1", "10", 5);
	usd.currency = "USD";
	ItemSet set = SetOf({Inv("EUR-1", "10", 5), usd});
	EXPECT_THROW(AssessItems(set, Policy(), kAsOf), Error);
	EXPECT_THROW(AssessUnit(set, Policy(), kAsOf, History()), Error);
}
