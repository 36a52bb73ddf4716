// The next review date of a unit (SPEC §7): the earliest day after as_of on which, with the same
// items and history, the decision (action, level) would change. Internal to src/core.
#pragma once

#include "core/assessment_rules.hpp"

#include <optional>
#include <vector>

namespace dunning::rules {

// `positions` and `model` are today's (AllocateCredits of `canonical` on `as_of`), `today` the
// decision they gave.
std::optional<Date> NextReviewDate(const std::vector<const Item *> &canonical, const std::vector<ItemPosition> &positions,
                                   const UnitModel &model, const Policy &policy, Date as_of, const History &history,
                                   const Decision &today);

} // namespace dunning::rules
