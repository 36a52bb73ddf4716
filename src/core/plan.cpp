#include "core/plan.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace dunning {

namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000LL;
constexpr std::int64_t kCentUnits = Money::kScale / 100;
// PostgreSQL timestamps end before 294277-01-01; date + interval is a timestamp.
const Date kEndOfTimestamps = Date::FromCivil(294277, 1, 1);

Money
RoundedToCents(Money m) {
	return Money::FromUnits(static_cast<std::int64_t>(RoundToCents(m.units())));
}

} // namespace

std::optional<Date>
AddMonthsAndDays(Date date, std::int64_t months, std::int64_t days) {
	if (!date.IsFinite() || date >= kEndOfTimestamps)
		return std::nullopt;
	CivilDate c = date.ToCivil();
	// Months since year 0 fit easily: |months| is at most 2^31 × 2^31 here.
	std::int64_t month_index = c.year * 12 + (c.month - 1) + months;
	std::int64_t year = month_index >= 0 ? month_index / 12 : (month_index - 11) / 12;
	unsigned month = static_cast<unsigned>(month_index - year * 12) + 1;
	if (year >= 294277 || year < -4713)
		return std::nullopt;
	unsigned day = std::min(c.day, DaysInMonth(year, month));
	std::int64_t result = Date::FromCivil(static_cast<int>(year), month, day).pg_days() + days;
	if (result >= kEndOfTimestamps.pg_days())
		return std::nullopt;
	return Date::FromPgDays(static_cast<std::int32_t>(result));
}

Plan
ProposePlan(const PlanRequest &r) {
	for (auto [present, name] : {std::pair{r.total.has_value(), "total"},
	                             {r.first_due.has_value(), "first_due"},
	                             {r.installments.has_value(), "installments"},
	                             {r.step.has_value(), "step"},
	                             {r.min_installment.has_value(), "min_installment"}})
		if (!present)
			ThrowInvalid(fmt::format("propose_plan: {} must not be NULL", name));

	Plan plan;
	Money total = Money::Parse(*r.total, "propose_plan: total");
	if (total.units() <= 0)
		ThrowInvalid(fmt::format("propose_plan: total {} must be positive", *r.total));
	plan.total = RoundedToCents(total);

	plan.first_due = Date::FromPgDays(*r.first_due);
	if (!AddMonthsAndDays(plan.first_due, 0, 0))
		ThrowInvalid(fmt::format("propose_plan: first_due {} is out of range", plan.first_due.ToIsoString()), {},
		             "first_due must be a finite date before 294277-01-01.");

	if (*r.installments < 1)
		ThrowInvalid(fmt::format("propose_plan: installments {} must be at least 1", *r.installments));
	if (*r.installments > kMaxInstallments)
		ThrowInvalid(fmt::format("propose_plan: installments {} exceeds the limit of {}", *r.installments,
		                         kMaxInstallments),
		             {},
		             fmt::format("Pass at most {} installments (100 years of monthly payments).", kMaxInstallments));

	const IntervalFields &step = *r.step;
	if (step.micros % kMicrosPerDay != 0)
		ThrowInvalid("propose_plan: step must be whole months and days", {},
		             "Its time part is not a multiple of 24 hours; a due date is a date.");
	plan.step_months = step.months;
	plan.step_days = static_cast<std::int64_t>(step.days) + step.micros / kMicrosPerDay;
	if (plan.step_months < 0 || plan.step_days < 0 || (plan.step_months == 0 && plan.step_days == 0))
		ThrowInvalid(fmt::format("propose_plan: step of {} months and {} days must be positive", plan.step_months,
		                         plan.step_days),
		             {}, "Pass a step such as '1 month' or '14 days', with no negative part.");

	Money min = Money::Parse(*r.min_installment, "propose_plan: min_installment");
	if (min.IsNegative())
		ThrowInvalid(fmt::format("propose_plan: min_installment {} must not be negative", *r.min_installment));

	std::int64_t count = *r.installments;
	if (min.units() > 0)
		count = std::max<std::int64_t>(1, std::min(count, plan.total.units() / min.units()));
	plan.count = static_cast<std::int32_t>(count);
	// Equal instalments truncated to the cent; the last one takes the remainder.
	std::int64_t instalment = plan.total.units() / count / kCentUnits * kCentUnits;
	if (instalment < kCentUnits)
		ThrowInvalid(fmt::format("propose_plan: {} instalments of {} would be below one cent", count,
		                         FormatExact(plan.total)),
		             {}, "Use fewer installments.");
	plan.instalment = Money::FromUnits(instalment);
	plan.last = Money::FromUnits(plan.total.units() - (count - 1) * instalment);
	(void)PlanDueDate(plan, plan.count); // the last due date must exist: fail before any row
	return plan;
}

Date
PlanDueDate(const Plan &plan, std::int32_t n) {
	// From first_due each time, never chained: 31 Jan + 2 months is 31 Mar, not 28 Mar.
	std::int64_t k = static_cast<std::int64_t>(n) - 1;
	std::optional<Date> due = AddMonthsAndDays(plan.first_due, k * plan.step_months, k * plan.step_days);
	if (!due)
		ThrowInvalid(fmt::format("propose_plan: the due date of instalment {} is out of range", n), {},
		             "Dates must stay before 294277-01-01, the end of PostgreSQL's timestamps.");
	return *due;
}

Money
PlanAmount(const Plan &plan, std::int32_t n) {
	return n == plan.count ? plan.last : plan.instalment;
}

} // namespace dunning
