// Payment plans (SPEC §10): dunning.propose_plan splits a total into equal instalments, truncated
// to the cent with the remainder on the last, due at first_due + (n − 1) × step by PostgreSQL's
// date + interval arithmetic (months first, clamped to the end of the month, then days).
#pragma once

#include "core/date.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace dunning {

// An interval as PostgreSQL stores it.
struct IntervalFields {
	std::int32_t months = 0;
	std::int32_t days = 0;
	std::int64_t micros = 0;
};

// The arguments of dunning.propose_plan; absent = SQL NULL.
struct PlanRequest {
	std::optional<std::string_view> total; // numeric text
	std::optional<std::int32_t> first_due; // PostgreSQL day number
	std::optional<std::int32_t> installments;
	std::optional<IntervalFields> step;
	std::optional<std::string_view> min_installment; // numeric text
};

struct Plan {
	Date first_due;
	std::int64_t step_months = 0;
	std::int64_t step_days = 0; // the interval's days plus its time part, which is whole days
	std::int32_t count = 0;
	Money total; // rounded to cents: Σ amounts
	Money instalment; // every instalment but the last
	Money last; // total − (count − 1) × instalment
};

// The most instalments a plan may have: 100 years of monthly ones. A plan is a proposal a person
// reads; the cap keeps one call from producing millions of rows (SPEC §11.2).
inline constexpr std::int32_t kMaxInstallments = 1200;

// Validates the request and sizes the plan; errors are SQLSTATE 22023 naming the argument.
Plan ProposePlan(const PlanRequest &request);
// Due date of instalment n (1..count); a date past PostgreSQL's timestamp range is 22023.
Date PlanDueDate(const Plan &plan, std::int32_t n);
Money PlanAmount(const Plan &plan, std::int32_t n);

// PostgreSQL's date + interval of `months` and `days` (timestamp_pl_interval): months first, the
// day clamped to the last day of the resulting month, then days. Absent past 294276-12-31, the
// end of PostgreSQL's timestamp range.
std::optional<Date> AddMonthsAndDays(Date date, std::int64_t months, std::int64_t days);

} // namespace dunning
