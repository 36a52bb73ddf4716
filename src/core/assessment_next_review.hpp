// The next review date of a unit (SPEC §7): the earliest day after as_of on which, with the same
// items and history, the decision (action, level) would change. Internal to src/core.
#pragma once

#include "core/assessment_rules.hpp"

#include <optional>
#include <vector>

namespace dunning::rules {

// `debts` (DebtsOf AllocateCredits on `as_of`) and `model` (of the debts) are today's, `credits` the
// unit's open credit (BalanceFigures::credits_open), `today` the decision they gave.
std::optional<Date> NextReviewDate(std::span<const Debt> debts, const UnitModel &model, MoneySum credits,
                                   const Policy &policy, Date as_of, const History &history, const Decision &today,
                                   std::pmr::memory_resource *memory);

} // namespace dunning::rules
