// The decision is a step function of the date. Between two allocations of credit it changes only
// on these days, the candidates:
//   - a claim (eligible significant item) reaching a level's threshold: effective due + max(days,
//     grace + 1); this covers entering the dunnable set (grace + 1) as well;
//   - with pre_due_days, the first claim entering the pre-due window (its due − pre_due_days) and
//     falling overdue (its due + 1), after which no pre-due letter is possible;
//   - the hold rule: the first day some open item is past its original due date, and the first day
//     some eligible one of them is past due and no longer held (hold_until, or due + 1);
//   - last_letter_date + min_interval_days;
//   - the first day credit allocation would change: an undisputed instalment falls overdue and so
//     starts taking credit (only if credit is left at its place in the oldest-first order).
// Candidates are visited in increasing order and the decision is re-run on each (rebuilding the
// allocation when it changes); the first that differs from today's is the answer.
//
// Bound: at most kMaxEvaluations (64) candidate days are evaluated; when none of them changes the
// decision, the result is absent (NULL). An evaluation costs O(levels × log n), a rebuild of the
// allocation O(n log n); rebuilds happen only on days allocation really changes, so a unit of
// 1,000,000 items stays well under a second unless dozens of its instalments fall due on different
// days within the look-ahead while unapplied credit reaches them.
#include "core/assessment_next_review.hpp"

#include <algorithm>
#include <climits>
#include <memory>

namespace dunning::rules {

namespace {

constexpr int kMaxEvaluations = 64;

// AllocateCredits' order of targets: oldest effective due date first, then item id.
bool
OlderThan(const ItemPosition &a, const ItemPosition &b) {
	if (a.effective_due != b.effective_due)
		return a.effective_due < b.effective_due;
	return a.item->id < b.item->id;
}

void
TakeMin(std::optional<std::int64_t> &slot, std::int64_t day) {
	if (!slot || day < *slot)
		slot = day;
}

// The first day after `built` on which AllocateCredits would give other positions than
// `positions` (made on `built`), if any. Targets change only when an undisputed open instalment
// falls overdue; that changes nothing when the credit was used up before its place in the order.
std::optional<std::int64_t>
AllocationChangesFrom(const std::vector<ItemPosition> &positions, Date built, AllocationRule rule) {
	if (rule == AllocationRule::kNone)
		return std::nullopt;
	Units128 credit = 0, applied = 0;
	const ItemPosition *newest_paid = nullptr;
	for (const ItemPosition &p : positions) {
		if (IsCredit(p.item->kind)) {
			credit += p.item->open.units();
		} else if (IsDueBearing(p.item->kind) && p.allocated.units() > 0) {
			applied += p.allocated.units();
			if (!newest_paid || OlderThan(*newest_paid, p))
				newest_paid = &p;
		}
	}
	if (credit == 0)
		return std::nullopt;
	const bool used_up = applied >= credit;
	std::optional<std::int64_t> from;
	for (const ItemPosition &p : positions) {
		const Item &item = *p.item;
		if (item.kind != ItemKind::kInstallment || item.disputed || item.open.IsZero() || p.IsOverdue())
			continue;
		if (used_up && OlderThan(*newest_paid, p))
			continue;
		// Overdue, and so a target, from the day after its effective due date.
		const std::int64_t overdue_from = static_cast<std::int64_t>(p.effective_due->pg_days()) + 1;
		if (overdue_from > built.pg_days())
			TakeMin(from, overdue_from);
	}
	return from;
}

// The smallest candidate day after `after`, if any.
std::optional<std::int64_t>
NextCandidate(const UnitModel &model, const Policy &policy, const History &history, std::int64_t after,
              std::optional<std::int64_t> reallocation) {
	std::optional<std::int64_t> next;
	auto offer = [&](std::optional<std::int64_t> day) {
		if (day && *day > after)
			TakeMin(next, *day);
	};
	const auto &claims = model.claims();
	for (const LevelRule &rule : policy.levels) {
		const std::int64_t threshold = LevelThreshold(rule, policy);
		// The first claim whose effective due + threshold lies after `after`.
		auto it = std::upper_bound(claims.begin(), claims.end(), after - threshold,
		                           [](std::int64_t day, const UnitModel::Claim &c) { return day < c.effective_due; });
		if (it != claims.end())
			offer(it->effective_due + threshold);
	}
	if (policy.pre_due_days && !claims.empty()) {
		offer(claims.front().effective_due - *policy.pre_due_days);
		offer(claims.front().effective_due + 1);
	}
	offer(model.past_due_from());
	offer(model.free_from());
	if (history.last_letter_date)
		offer(static_cast<std::int64_t>(history.last_letter_date->pg_days()) + policy.min_interval_days);
	offer(reallocation);
	return next;
}

} // namespace

std::optional<Date>
NextReviewDate(const std::vector<const Item *> &canonical, const std::vector<ItemPosition> &positions,
               const UnitModel &model, const Policy &policy, Date as_of, const History &history,
               const Decision &today) {
	// After a change of allocation the model is rebuilt; these own the rebuilt one.
	std::unique_ptr<std::vector<ItemPosition>> own_positions;
	std::unique_ptr<UnitModel> own_model;
	const UnitModel *current = &model;
	std::optional<std::int64_t> reallocation = AllocationChangesFrom(positions, as_of, policy.allocation);

	std::int64_t after = as_of.pg_days();
	for (int evaluated = 0; evaluated < kMaxEvaluations; ++evaluated) {
		std::optional<std::int64_t> next = NextCandidate(*current, policy, history, after, reallocation);
		// INT32_MAX is the infinite date: no finite day is left to review on.
		if (!next || *next >= INT32_MAX)
			return std::nullopt;
		const Date day = Date::FromPgDays(static_cast<std::int32_t>(*next));
		if (reallocation && *next >= *reallocation) {
			auto fresh_positions =
			    std::make_unique<std::vector<ItemPosition>>(AllocateCredits(canonical, day, policy.allocation));
			auto fresh_model = std::make_unique<UnitModel>(*fresh_positions, policy);
			reallocation = AllocationChangesFrom(*fresh_positions, day, policy.allocation);
			own_model = std::move(fresh_model);
			own_positions = std::move(fresh_positions);
			current = own_model.get();
		}
		if (!current->Decide(day, history).SameOutcome(today))
			return day;
		after = *next;
	}
	return std::nullopt;
}

} // namespace dunning::rules
