// Late-payment interest (SPEC §10): simple interest, actual/365, accruing for each day d with
// from < d ≤ to (from the day after the due date through the day of payment) at the annual rate
// in force on d, summed over rate periods and rounded once, at the end, to cents half away from
// zero: principal × Σ (rate% × days) / (100 × 365).
#pragma once

#include "core/date.hpp"
#include "core/jurisdiction.hpp"
#include "core/money.hpp"
#include "core/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dunning {

// A principal (≥ 0, exact to 4 decimals); `function` names the caller in errors.
Money ParsePrincipal(std::string_view text, std::string_view function);
// An annual rate in percent (≥ 0, exact to 4 decimals); `context` names it in errors.
Decimal4 ParseRate(std::string_view text, std::string_view context);
// A finite date argument.
Date RequireFiniteDate(std::int32_t pg_days, std::string_view function, std::string_view field);

// dunning.late_interest: `rate_percent` (≥ 0) a year, days = to − from (none when negative).
MoneySum LateInterest(Money principal, Date from, Date to, Decimal4 rate_percent);

// dunning.statutory_interest: the glue feeds it the rate periods of dunning.statutory_rates that
// overlap the interest days, ordered by valid_from. A day no period covers is SQLSTATE 22023
// naming the jurisdiction and the day; two periods covering one day are 22023 as well.
class StatutoryInterest {
public:
	StatutoryInterest(Money principal, Date from, Date to, Jurisdiction jurisdiction, bool consumer);
	// Whether any day accrues interest, i.e. whether the rates are needed at all.
	bool
	NeedsRates() const {
		return to_ > from_;
	}
	// One period [valid_from, valid_to] (inclusive) with its annual rate in percent (numeric text),
	// in order of valid_from.
	void AddPeriod(std::int32_t valid_from, std::int32_t valid_to, std::string_view rate_text);
	MoneySum Finish() const;

private:
	[[noreturn]] void NoRate(Date day) const;

	Money principal_;
	Date from_;
	Date to_;
	std::string label_; // "BE consumer", for messages
	std::optional<Date> last_to_; // valid_to of the previous period
	Date next_; // the first interest day not yet covered
	Units128 rate_days_ = 0; // Σ rate (1/10,000 percent) × days
};

} // namespace dunning
