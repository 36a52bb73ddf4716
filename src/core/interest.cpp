#include "core/interest.hpp"

#include "core/error.hpp"
#include "core/fixed_point.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace dunning {

namespace {

// Interest in cents from principal units × Σ (rate units × days): rate units are 1/10,000 of a
// percent, so one cent is 10^4 (units per EUR) × 10^4 × 100 (percent) × 365 (days) / 100.
constexpr Units128 kCentDenominator = static_cast<Units128>(365) * 100'000'000;

MoneySum
SimpleInterest(Money principal, Units128 rate_days) {
	Units128 num = CheckedMultiply(principal.units(), rate_days, "The interest");
	Units128 cents = RoundedQuotient(num, kCentDenominator, 0);
	return MoneySum::FromUnits(CheckedMultiply(cents, Money::kScale / 100, "The interest"));
}

} // namespace

Decimal4
ParseRate(std::string_view text, std::string_view context) {
	Decimal4 rate = Money::Parse(text, context);
	if (rate.IsNegative())
		ThrowInvalid(fmt::format("{} {} must not be negative", context, text));
	return rate;
}

Money
ParsePrincipal(std::string_view text, std::string_view function) {
	Money principal = Money::Parse(text, fmt::format("{}: principal", function));
	if (principal.IsNegative())
		ThrowInvalid(fmt::format("{}: principal {} must not be negative", function, text));
	return principal;
}

Date
RequireFiniteDate(std::int32_t pg_days, std::string_view function, std::string_view field) {
	Date date = Date::FromPgDays(pg_days);
	if (!date.IsFinite())
		ThrowInvalid(fmt::format("{}: {} must be a finite date, not {}", function, field, date.ToIsoString()));
	return date;
}

MoneySum
LateInterest(Money principal, Date from, Date to, Decimal4 rate_percent) {
	std::int64_t days = std::max<std::int64_t>(0, to.DaysSince(from));
	return SimpleInterest(principal, static_cast<Units128>(rate_percent.units()) * days);
}

StatutoryInterest::StatutoryInterest(Money principal, Date from, Date to, Jurisdiction jurisdiction, bool consumer)
    : principal_(principal), from_(from), to_(to),
      label_(fmt::format("{} {}", JurisdictionCode(jurisdiction), consumer ? "consumer" : "business")),
      next_(from.PlusDays(1)) {
}

void
StatutoryInterest::NoRate(Date day) const {
	ThrowInvalid(fmt::format("no statutory interest rate for {} debts on {}", label_, day.ToIsoString()), {},
	             "Add the period to dunning.statutory_rates (its rows say where each rate comes from).");
}

void
StatutoryInterest::AddPeriod(std::int32_t valid_from, std::int32_t valid_to, std::string_view rate_text) {
	Date first = Date::FromPgDays(valid_from);
	Date last = Date::FromPgDays(valid_to);
	Decimal4 rate = ParseRate(rate_text, fmt::format("dunning.statutory_rates: rate of {} from {}", label_,
	                                                 first.ToIsoString()));
	if (last_to_ && first <= *last_to_)
		ThrowInvalid(fmt::format("dunning.statutory_rates: two periods of {} debts cover {}", label_,
		                         std::max(first, from_.PlusDays(1)).ToIsoString()),
		             {}, "Each day may have one rate per jurisdiction and kind of debt; fix the overlapping rows.");
	last_to_ = last;
	if (first > next_ && next_ <= to_)
		NoRate(next_);
	Date end = std::min(last, to_);
	if (end < next_)
		return;
	rate_days_ += static_cast<Units128>(rate.units()) * (end.DaysSince(next_) + 1);
	next_ = end.PlusDays(1);
}

MoneySum
StatutoryInterest::Finish() const {
	if (NeedsRates() && next_ <= to_)
		NoRate(next_);
	return SimpleInterest(principal_, rate_days_);
}

} // namespace dunning
