#include "core/allocation.hpp"
#include "core/balance.hpp"
#include "core/error.hpp"
#include "test_items.hpp"

#include <algorithm>
#include <map>
#include <gtest/gtest.h>
#include <random>

using namespace dunning;
using namespace dunning::testing;

namespace {

const Date kAsOf = D(2026, 3, 1);

std::string
Cents(MoneySum sum) {
	return FormatCentsString(sum);
}

Item
Flagged(Item item, bool disputed, bool on_plan) {
	item.disputed = disputed;
	item.on_plan = on_plan;
	return item;
}

} // namespace

TEST(Allocation, OldestEffectiveDueFirstThenCharges) {
	Item fee = MakeTestItem("FEE", ItemKind::kFee, "15", "15", D(2026, 1, 20));
	ItemSet set = SetOf({Invoice("NEW", "100", D(2026, 2, 20)), Invoice("OLD", "50", D(2026, 1, 10)),
	                     Credit("CN", "130", D(2026, 2, 25)), fee});
	auto positions = AllocateCredits(set.Canonical(), kAsOf, AllocationRule::kOldestFirst);
	std::map<std::string, std::pair<std::string, std::string>, std::less<>> got;
	for (const auto &p : positions)
		got[std::string(p.item->id)] = {Cents(MoneySum(p.allocated)), Cents(MoneySum(p.net_open))};
	EXPECT_EQ(got["OLD"], (std::pair<std::string, std::string>{"50.00", "0.00"}));
	EXPECT_EQ(got["NEW"], (std::pair<std::string, std::string>{"80.00", "20.00"}));
	EXPECT_EQ(got["FEE"], (std::pair<std::string, std::string>{"0.00", "15.00"}));
	EXPECT_EQ(got["CN"], (std::pair<std::string, std::string>{"130.00", "0.00"})); // fully used
}

TEST(Allocation, LeftoverCreditPaysChargesAndStaysOnTheCredit) {
	Item fee = MakeTestItem("FEE", ItemKind::kFee, "15", "15", D(2026, 1, 20));
	ItemSet set = SetOf({Invoice("A", "10", D(2026, 1, 10)), Credit("P", "40", D(2026, 2, 1), ItemKind::kPayment), fee});
	auto positions = AllocateCredits(set.Canonical(), kAsOf, AllocationRule::kOldestFirst);
	for (const auto &p : positions) {
		if (p.item->id == "FEE") {
			EXPECT_EQ(p.net_open.units(), 0);
		}
		if (p.item->id == "P") {
			EXPECT_EQ(Cents(MoneySum(p.net_open)), "15.00"); // 40 − 10 − 15 unapplied
		}
	}
}

TEST(Allocation, DisputedOnPlanAndFutureInstalmentsTakeNoCredit) {
	Item inst_due = MakeTestItem("I1", ItemKind::kInstallment, "30", "30", D(2026, 2, 1));
	Item inst_future = MakeTestItem("I2", ItemKind::kInstallment, "30", "30", D(2026, 4, 1));
	ItemSet set = SetOf({Flagged(Invoice("D", "100", D(2025, 12, 1)), true, false),
	                     Flagged(Invoice("P", "60", D(2025, 11, 1)), false, true), inst_due, inst_future,
	                     Credit("CN", "100", D(2026, 2, 1))});
	auto positions = AllocateCredits(set.Canonical(), kAsOf, AllocationRule::kOldestFirst);
	for (const auto &p : positions) {
		if (p.item->id == "I1") {
			EXPECT_EQ(Cents(MoneySum(p.allocated)), "30.00");
		} else if (p.item->id == "CN") {
			EXPECT_EQ(Cents(MoneySum(p.net_open)), "70.00");
		} else {
			EXPECT_EQ(p.allocated.units(), 0) << p.item->id;
		}
	}
}

TEST(Allocation, NoneLeavesCreditsUnapplied) {
	ItemSet set = SetOf({Invoice("A", "10", D(2026, 1, 10)), Credit("CN", "10", D(2026, 2, 1))});
	for (const auto &p : AllocateCredits(set.Canonical(), kAsOf, AllocationRule::kNone))
		EXPECT_EQ(p.allocated.units(), 0);
}

TEST(Allocation, HeldInvoicesAreDueFromTheirHold) {
	Item held = Invoice("HELD", "100", D(2026, 1, 1));
	held.hold_until = D(2026, 4, 1);
	ItemSet set = SetOf({held, Invoice("LATER", "100", D(2026, 2, 1)), Credit("CN", "100", D(2026, 2, 1))});
	for (const auto &p : AllocateCredits(set.Canonical(), kAsOf, AllocationRule::kOldestFirst)) {
		if (p.item->id == "HELD") {
			EXPECT_EQ(p.allocated.units(), 0); // due later than LATER, so credited after it
			EXPECT_EQ(p.effective_due, D(2026, 4, 1));
			// Days overdue count from the due date; the hold suspends, it does not restart them.
			EXPECT_EQ(p.days_overdue, 59);
			EXPECT_TRUE(p.held);
			EXPECT_FALSE(p.IsPastEffectiveDue());
		}
		if (p.item->id == "LATER") {
			EXPECT_EQ(p.net_open.units(), 0);
		}
	}
}

TEST(Balance, SumsPrincipalChargesCreditsAndSplitsDueFromOverdue) {
	Item fee = MakeTestItem("FEE", ItemKind::kFee, "15", "15", D(2026, 1, 20));
	Item interest = MakeTestItem("INT", ItemKind::kInterest, "2.5", "2.5", D(2026, 1, 20));
	Item inst = MakeTestItem("I1", ItemKind::kInstallment, "50", "50", D(2026, 2, 1));
	ItemSet set = SetOf({Invoice("OLD", "100", D(2026, 1, 10)), Invoice("DUE-TODAY", "40", kAsOf),
	                     Flagged(Invoice("DISP", "70", D(2026, 1, 5)), true, false),
	                     Flagged(Invoice("PLAN", "150", D(2025, 12, 1)), false, true), inst, fee, interest,
	                     Credit("CN", "30", D(2026, 2, 1)), Credit("BR", "20", D(2026, 2, 28), ItemKind::kBankReceipt)});
	BalanceFigures f = ComputeBalance(set, kAsOf, "EUR");
	EXPECT_EQ(Cents(f.principal_open), "360.00"); // invoices only: 100 + 40 + 70 + 150
	EXPECT_EQ(Cents(f.charges_open), "17.50");
	EXPECT_EQ(Cents(f.credits_open), "50.00");
	EXPECT_EQ(Cents(f.net_balance), "327.50");
	EXPECT_EQ(Cents(f.disputed_open), "70.00");
	EXPECT_EQ(Cents(f.not_due_open), "40.00"); // due on as_of is not overdue
	// OLD 100 − 50 credit, disputed 70, instalment 50; the on-plan invoice counts via its instalment
	EXPECT_EQ(Cents(f.overdue_open), "170.00");
}

TEST(Balance, InCreditIsNegative) {
	ItemSet set = SetOf({Invoice("A", "10", D(2026, 1, 10)), Credit("CN", "25.555", D(2026, 2, 1))});
	BalanceFigures f = ComputeBalance(set, kAsOf, "EUR");
	EXPECT_EQ(Cents(f.net_balance), "-15.56"); // −15.555 rounds away from zero
	EXPECT_EQ(Cents(f.overdue_open), "0.00");
}

TEST(Balance, AnyInputOrderGivesTheSameFigures) {
	std::vector<Item> items;
	for (int i = 0; i < 40; ++i) {
		items.push_back(Invoice("INV-" + std::to_string(i), std::to_string(10 + i) + ".25", D(2026, 1, 1 + i % 28)));
		if (i % 5 == 0)
			items.push_back(Credit("CN-" + std::to_string(i), "33.3333", D(2026, 2, 1 + i % 20)));
	}
	std::mt19937 rng(7);
	std::string first;
	for (int round = 0; round < 20; ++round) {
		std::shuffle(items.begin(), items.end(), rng);
		ItemSet set;
		for (const Item &item : items)
			set.Add(item);
		BalanceFigures f = ComputeBalance(set, kAsOf, "EUR");
		std::string key = Cents(f.overdue_open) + "/" + Cents(f.not_due_open) + "/" + Cents(f.net_balance);
		if (round == 0)
			first = key;
		EXPECT_EQ(key, first);
	}
}

TEST(BalanceState, AsOfMustBePresentAndTheSameThroughoutTheGroup) {
	BalanceState state;
	EXPECT_THROW(state.Add(std::nullopt, std::nullopt), Error);
	state.Add(kAsOf, std::nullopt); // a NULL item is ignored
	EXPECT_FALSE(state.HasItems());
	state.Add(kAsOf, Invoice("A", "1", D(2026, 1, 1)));
	try {
		state.Add(D(2026, 3, 2), Invoice("B", "1", D(2026, 1, 1)));
		FAIL();
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(), "as_of differs within one group: 2026-03-01 and 2026-03-02");
	}
	BalanceState other;
	other.Add(D(2026, 3, 2), Invoice("C", "1", D(2026, 1, 1)));
	EXPECT_THROW(state.Merge(other), Error);
}

TEST(BalanceState, MergedPartialStatesEqualOneState) {
	BalanceState whole, left, right;
	for (int i = 0; i < 10; ++i) {
		Item item = Invoice("INV-" + std::to_string(i), "12.34", D(2026, 1, 1 + i));
		whole.Add(kAsOf, item);
		(i % 2 ? left : right).Add(kAsOf, item);
	}
	Item cn = Credit("CN", "50", D(2026, 1, 15));
	whole.Add(kAsOf, cn);
	right.Add(kAsOf, cn);
	BalanceState empty; // a worker that saw no rows
	left.Merge(empty);
	left.Merge(right);
	EXPECT_EQ(Cents(left.Finish().overdue_open), Cents(whole.Finish().overdue_open));
	EXPECT_EQ(Cents(left.Finish().net_balance), "73.40");
}
