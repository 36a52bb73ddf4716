#include "core/error.hpp"
#include "core/plan.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace dunning;
using namespace dunning::testing;

namespace {

PlanRequest
Request(std::string_view total, Date first_due, std::int32_t installments, IntervalFields step = {1, 0, 0},
        std::string_view min = "0") {
	PlanRequest r;
	r.total = total;
	r.first_due = first_due.pg_days();
	r.installments = installments;
	r.step = step;
	r.min_installment = min;
	return r;
}

// "n due amount" per instalment.
std::vector<std::string>
Rows(const PlanRequest &request) {
	Plan plan = ProposePlan(request);
	std::vector<std::string> rows;
	for (std::int32_t n = 1; n <= plan.count; ++n)
		rows.push_back(std::to_string(n) + " " + PlanDueDate(plan, n).ToIsoString() + " " +
		               FormatCentsString(MoneySum(PlanAmount(plan, n))));
	return rows;
}

std::string
PlanError(const PlanRequest &request) {
	try {
		(void)Rows(request);
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue) << e.what();
		return e.what();
	}
	ADD_FAILURE() << "no error";
	return {};
}

constexpr std::int64_t kDay = 86'400'000'000LL;

} // namespace

TEST(ProposePlan, EqualInstalmentsRemainderOnTheLastMonthEndsClamped) {
	// 31 January + 1 month is 28 February, + 2 months 31 March: each from first_due, not chained.
	EXPECT_EQ(Rows(Request("1000", D(2026, 1, 31), 3)),
	          (std::vector<std::string>{"1 2026-01-31 333.33", "2 2026-02-28 333.33", "3 2026-03-31 333.34"}));
	EXPECT_EQ(Rows(Request("100", D(2024, 1, 31), 2)),
	          (std::vector<std::string>{"1 2024-01-31 50.00", "2 2024-02-29 50.00"}));
}

TEST(ProposePlan, AddsLikePostgresDatePlusInterval) {
	// '2023-12-31'::date + '2 mons' = 2024-02-29; '2024-02-29'::date + '1 year' = 2025-02-28.
	EXPECT_EQ(AddMonthsAndDays(D(2023, 12, 31), 2, 0), D(2024, 2, 29));
	EXPECT_EQ(AddMonthsAndDays(D(2024, 2, 29), 12, 0), D(2025, 2, 28));
	// Months first, then days: '2026-01-31'::date + '1 mon 1 day' = 2026-03-01.
	EXPECT_EQ(AddMonthsAndDays(D(2026, 1, 31), 1, 1), D(2026, 3, 1));
	EXPECT_EQ(AddMonthsAndDays(D(2026, 11, 30), 14, 0), D(2028, 1, 30));
	EXPECT_EQ(AddMonthsAndDays(D(294276, 12, 31), 0, 0), D(294276, 12, 31));
	EXPECT_FALSE(AddMonthsAndDays(D(294276, 12, 31), 0, 1));
	EXPECT_FALSE(AddMonthsAndDays(D(294276, 12, 31), 1, 0));
	EXPECT_FALSE(AddMonthsAndDays(Date::FromPgDays(INT32_MAX), 0, 0));
}

TEST(ProposePlan, StepsOfMonthsDaysAndWholeDayHours) {
	// 2 × '1 mon 1 day' = '2 mons 2 days': 31 March + 2 days.
	EXPECT_EQ(Rows(Request("90", D(2026, 1, 31), 3, {1, 1, 0})),
	          (std::vector<std::string>{"1 2026-01-31 30.00", "2 2026-03-01 30.00", "3 2026-04-02 30.00"}));
	EXPECT_EQ(Rows(Request("20", D(2026, 3, 1), 2, {0, 14, 0})),
	          (std::vector<std::string>{"1 2026-03-01 10.00", "2 2026-03-15 10.00"}));
	// '48:00:00' is two whole days.
	EXPECT_EQ(Rows(Request("20", D(2026, 3, 1), 2, {0, 0, 2 * kDay})),
	          (std::vector<std::string>{"1 2026-03-01 10.00", "2 2026-03-03 10.00"}));
	EXPECT_EQ(PlanError(Request("20", D(2026, 3, 1), 2, {0, 1, kDay / 2})),
	          "propose_plan: step must be whole months and days");
	EXPECT_EQ(PlanError(Request("20", D(2026, 3, 1), 2, {0, 0, 0})),
	          "propose_plan: step of 0 months and 0 days must be positive");
	EXPECT_EQ(PlanError(Request("20", D(2026, 3, 1), 2, {-1, 40, 0})),
	          "propose_plan: step of -1 months and 40 days must be positive");
	EXPECT_EQ(PlanError(Request("20", D(2026, 3, 1), 2, {1, 0, -kDay})),
	          "propose_plan: step of 1 months and -1 days must be positive");
}

TEST(ProposePlan, MinimumInstalmentReducesTheCount) {
	// floor(100 / 30) = 3 instalments instead of 12.
	EXPECT_EQ(Rows(Request("100", D(2026, 1, 15), 12, {1, 0, 0}, "30")),
	          (std::vector<std::string>{"1 2026-01-15 33.33", "2 2026-02-15 33.33", "3 2026-03-15 33.34"}));
	// A minimum above the total: one instalment.
	EXPECT_EQ(Rows(Request("100", D(2026, 1, 15), 12, {1, 0, 0}, "200")),
	          (std::vector<std::string>{"1 2026-01-15 100.00"}));
	// A minimum the equal split already meets changes nothing.
	EXPECT_EQ(Rows(Request("100", D(2026, 1, 15), 2, {1, 0, 0}, "10")).size(), 2u);
	EXPECT_EQ(PlanError(Request("100", D(2026, 1, 15), 2, {1, 0, 0}, "-1")),
	          "propose_plan: min_installment -1 must not be negative");
}

TEST(ProposePlan, CentsAndTheTotal) {
	// The total is rounded to cents first (half away from zero), so the plan sums to it exactly.
	EXPECT_EQ(Rows(Request("100.005", D(2026, 1, 1), 2)),
	          (std::vector<std::string>{"1 2026-01-01 50.00", "2 2026-02-01 50.01"}));
	EXPECT_EQ(Rows(Request("0.06", D(2026, 1, 1), 6)).back(), "6 2026-06-01 0.01");
	EXPECT_EQ(PlanError(Request("0.05", D(2026, 1, 1), 6)), "propose_plan: 6 instalments of 0.05 would be below one cent");
	EXPECT_EQ(PlanError(Request("0", D(2026, 1, 1), 6)), "propose_plan: total 0 must be positive");
	EXPECT_EQ(PlanError(Request("-10", D(2026, 1, 1), 6)), "propose_plan: total -10 must be positive");
	EXPECT_EQ(PlanError(Request("10", D(2026, 1, 1), 0)), "propose_plan: installments 0 must be at least 1");
}

TEST(ProposePlan, NullsAndDateRange) {
	PlanRequest r = Request("10", D(2026, 1, 1), 2);
	r.step.reset();
	EXPECT_EQ(PlanError(r), "propose_plan: step must not be NULL");
	r = Request("10", D(2026, 1, 1), 2);
	r.total.reset();
	EXPECT_EQ(PlanError(r), "propose_plan: total must not be NULL");
	EXPECT_EQ(PlanError(Request("10", D(294276, 12, 1), 2)), "propose_plan: the due date of instalment 2 is out of range");
	EXPECT_EQ(PlanError(Request("10", Date::FromPgDays(INT32_MIN), 2)), "propose_plan: first_due -infinity is out of range");
}

TEST(ProposePlan, InstallmentsAreCapped) {
	// kMaxInstallments monthly instalments are 100 years; one more is refused before any row, even
	// when min_installment would have reduced the count (the cap is on the argument).
	EXPECT_EQ(kMaxInstallments, 1200);
	std::vector<std::string> rows = Rows(Request("12000", D(2026, 1, 1), kMaxInstallments));
	ASSERT_EQ(rows.size(), 1200u);
	EXPECT_EQ(rows.back(), "1200 2125-12-01 10.00");
	EXPECT_EQ(PlanError(Request("12000", D(2026, 1, 1), kMaxInstallments + 1)),
	          "propose_plan: installments 1201 exceeds the limit of 1200");
	EXPECT_EQ(PlanError(Request("1000000000", D(2026, 1, 1), 10'000'000, {0, 1, 0}, "500")),
	          "propose_plan: installments 10000000 exceeds the limit of 1200");
	try {
		(void)ProposePlan(Request("10", D(2026, 1, 1), INT32_MAX));
		ADD_FAILURE() << "no error";
	} catch (const Error &e) {
		EXPECT_EQ(e.hint(), "Pass at most 1200 installments (100 years of monthly payments).");
	}
}
