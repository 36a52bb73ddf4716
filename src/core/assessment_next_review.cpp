// The decision is a step function of the date. Between two changes of credit allocation it
// changes only on these days, the candidates:
//   - a claim (eligible significant item) reaching a level's threshold: due + max(days, grace + 1),
//     or the end of its hold when that is later (a hold suspends the count, it does not restart
//     it); this covers entering the dunnable set (grace + 1) as well;
//   - with pre_due_days, the first claim not held entering the pre-due window (its due −
//     pre_due_days) and falling overdue (its due + 1), after which no pre-due letter is possible,
//     and a claim's hold ending, which may make it the first;
//   - the hold rule: the first day some open item is past its original due date, and the first day
//     some eligible one of them is past due and no longer held (hold_until, or due + 1);
//   - last_letter_date + min_interval_days;
//   - the first day credit allocation would change: an undisputed instalment falls overdue and so
//     starts taking credit (only if credit is left at its place in the oldest-first order).
// Candidates are visited in increasing order and the decision is re-taken on each, with credit
// allocated anew when it changes; the first that differs from today's is the answer.
//
// Bound: at most kMaxEvaluations (64) candidate days are evaluated; when none of them changes the
// decision, the result is absent (NULL). An evaluation costs O(levels × log n). A change of
// allocation costs a linear pass over the invoices and instalments (about 15 ms per million; the
// first one also puts them in allocation order). Usual units see none or a few; the worst case,
// unapplied credit reaching instalments that fall due on 64 different days, adds about a second on
// a unit of 1,000,000 items.
#include "core/assessment_next_review.hpp"

#include "core/interrupt.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>

namespace dunning::rules {

namespace {

constexpr int kMaxEvaluations = 64;

void
TakeMin(std::optional<std::int64_t> &slot, std::int64_t day) {
	if (!slot || day < *slot)
		slot = day;
}

// AllocateCredits' order of principal: oldest effective due date first, then item id.
bool
OlderThan(const Debt &a, const Debt &b) {
	if (a.effective_due != b.effective_due)
		return a.effective_due < b.effective_due;
	return a.position->item->id < b.position->item->id;
}

// Credit allocation to principal, re-done for later days. AllocateCredits stays the definition
// (today's debts come from it); this mirrors its principal part on the compact debts, which is all
// the decision looks at: an eligible open debt takes credit, an instalment only once overdue,
// oldest first. Charges and credits are left out: their positions never enter the decision.
class Reallocator {
public:
	// `credits`: the open amount of the unit's credit notes, payments and bank receipts.
	Reallocator(MoneySum credits, AllocationRule rule, std::pmr::memory_resource *memory)
	    : credit_(rule == AllocationRule::kNone ? 0 : credits.units()), order_(memory) {
	}

	// The first day after `built` on which the allocation would differ from that of `debts`
	// (allocated by AllocateCredits on `built`). Targets change only when an undisputed open
	// instalment falls overdue, and that changes nothing when the credit was used up before its
	// place in the order.
	std::optional<std::int64_t>
	ChangesFrom(std::span<const Debt> debts, std::int64_t built) const {
		if (credit_ == 0)
			return std::nullopt;
		// The newest debt that took credit: the latest effective due date first (plain integers), and
		// item ids only among the debts due that day.
		Units128 applied = 0;
		std::optional<std::int32_t> newest_due;
		InterruptPoll poll;
		for (const Debt &d : debts) {
			poll.Tick();
			const std::int64_t allocated = d.open.units() - d.net_open.units();
			if (allocated <= 0)
				continue;
			applied += allocated;
			if (!newest_due || d.effective_due > *newest_due)
				newest_due = d.effective_due;
		}
		const Debt *newest_paid = nullptr;
		for (const Debt &d : debts) {
			poll.Tick();
			if (d.open != d.net_open && d.effective_due == newest_due && (!newest_paid || OlderThan(*newest_paid, d)))
				newest_paid = &d;
		}
		const bool used_up = applied >= credit_;
		std::optional<std::int64_t> from;
		for (const Debt &d : debts) {
			poll.Tick();
			// Overdue instalments already take credit; this one will from the day after its effective due.
			if (!d.instalment || !d.eligible || d.open.IsZero() || d.effective_due < built)
				continue;
			if (used_up && newest_paid && OlderThan(*newest_paid, d))
				continue;
			TakeMin(from, static_cast<std::int64_t>(d.effective_due) + 1);
		}
		return from;
	}

	// Sets every debt's net_open as allocation on `day` gives it, and returns the first later day on
	// which it would change again: when an instalment not yet overdue finds credit left at its place.
	std::optional<std::int64_t>
	Reallocate(std::pmr::vector<Debt> &debts, std::int64_t day) {
		if (!ordered_)
			Order(debts);
		Units128 budget = credit_;
		std::optional<std::int64_t> changes_from;
		InterruptPoll poll;
		for (std::size_t i : order_) {
			poll.Tick();
			Debt &d = debts[i];
			if (d.instalment && d.effective_due >= day) {
				d.net_open = d.open; // not yet overdue: takes no credit
				if (budget > 0)
					TakeMin(changes_from, static_cast<std::int64_t>(d.effective_due) + 1);
				continue;
			}
			const std::int64_t take = static_cast<std::int64_t>(std::min<Units128>(budget, d.open.units()));
			d.net_open = d.open - Money::FromUnits(take);
			budget -= take;
		}
		return changes_from;
	}

private:
	// The debts that can take credit, in allocation order. Canonical order is by due date and item id,
	// which is allocation order except for debts a hold moved later: sort those and merge them in.
	void
	Order(const std::pmr::vector<Debt> &debts) {
		std::pmr::vector<std::size_t> moved(order_.get_allocator());
		InterruptPoll poll;
		for (std::size_t i = 0; i < debts.size(); ++i) {
			poll.Tick();
			const Debt &d = debts[i];
			if (!d.eligible || d.open.IsZero())
				continue;
			(d.effective_due == d.due ? order_ : moved).push_back(i);
		}
		auto older = [&debts](std::size_t a, std::size_t b) { return OlderThan(debts[a], debts[b]); };
		if (!std::is_sorted(order_.begin(), order_.end(), older))
			InterruptibleSort(order_.begin(), order_.end(), older);
		if (!moved.empty()) {
			InterruptibleSort(moved.begin(), moved.end(), older);
			std::pmr::vector<std::size_t> merged(order_.get_allocator());
			merged.reserve(order_.size() + moved.size());
			std::merge(order_.begin(), order_.end(), moved.begin(), moved.end(), std::back_inserter(merged), older);
			order_ = std::move(merged);
		}
		ordered_ = true;
	}

	Units128 credit_ = 0;
	bool ordered_ = false;
	std::pmr::vector<std::size_t> order_;
};

// No day: where a day number is kept as a plain integer rather than an optional (see `offer`).
constexpr std::int64_t kNoDay = INT64_MAX;

// The smallest candidate day after `after`, if any; `reallocation` may be kNoDay. `computed` is the
// computed level on `after` under `model`: while the allocation stays, qualifying sums only grow
// with the date, so the computed level never falls, and days on which a level up to `computed`
// is reached cannot change the decision; nor can any level once the escalation cap fixes the
// letter's level; and the hold and pre-due rules apply only while no level is reached. A unit at
// its highest level (most units of a ledger that is overdue) then has no candidate at all.
std::optional<std::int64_t>
NextCandidate(const UnitModel &model, const Policy &policy, const History &history, std::int64_t after,
              std::int64_t reallocation, int computed) {
	std::optional<std::int64_t> next;
	// value_or rather than `day && *day > after`: GCC may then test the payload of an empty
	// optional before its flag (harmless, but valgrind reports a jump on an uninitialised value).
	auto offer = [&](std::optional<std::int64_t> day) {
		if (day.value_or(after) > after)
			TakeMin(next, *day);
	};
	const bool level_can_change =
	    policy.skip_levels || static_cast<std::int64_t>(computed) < static_cast<std::int64_t>(LastLevel(history)) + 1;
	if (level_can_change) {
		for (const LevelRule &rule : policy.levels) {
			if (rule.level <= computed)
				continue;
			offer(model.NextQualifying(after, LevelThreshold(rule, policy)));
		}
	}
	if (computed == 0) {
		if (policy.pre_due_days) {
			if (const UnitModel::Claim *first = model.FirstFreeClaim(after)) {
				offer(first->due - *policy.pre_due_days);
				offer(first->due + 1);
			}
			offer(model.NextRelease(after));
		}
		offer(model.past_due_from());
		offer(model.free_from());
	}
	if (history.last_letter_date)
		offer(static_cast<std::int64_t>(history.last_letter_date->pg_days()) + policy.min_interval_days);
	if (reallocation != kNoDay)
		offer(reallocation);
	return next;
}

} // namespace

std::optional<Date>
NextReviewDate(std::span<const Debt> debts, const UnitModel &model, MoneySum credits, const Policy &policy,
               Date as_of, const History &history, const Decision &today, std::pmr::memory_resource *memory) {
	Reallocator reallocator(credits, policy.allocation, memory);
	// A plain integer (kNoDay: none) rather than an optional: see `offer` in NextCandidate.
	std::int64_t reallocation = reallocator.ChangesFrom(debts, as_of.pg_days()).value_or(kNoDay);
	// Once allocation changes, the debts as allocated on a later day, and their model.
	std::pmr::vector<Debt> later_debts(memory);
	std::optional<UnitModel> later_model;
	const UnitModel *current = &model;

	std::int64_t after = as_of.pg_days();
	int computed = today.computed_level; // on `after`, under `current`
	for (int evaluated = 0; evaluated < kMaxEvaluations; ++evaluated) {
		std::optional<std::int64_t> next = NextCandidate(*current, policy, history, after, reallocation, computed);
		// Past PostgreSQL's last date (5874897-12-31) no day is left to review on.
		if (!next || *next > Date::kLastPgDay)
			return std::nullopt;
		if (*next >= reallocation) {
			if (!later_model)
				later_debts.assign(debts.begin(), debts.end());
			later_model.reset(); // it points into later_debts, which change now
			reallocation = reallocator.Reallocate(later_debts, *next).value_or(kNoDay);
			// Rebuilt up to kMaxEvaluations times: from the heap, so that each rebuild frees the last
			// (the scratch memory only grows).
			later_model.emplace(later_debts, policy, std::pmr::new_delete_resource());
			current = &*later_model;
		}
		const Date day = Date::FromPgDays(static_cast<std::int32_t>(*next));
		const Decision decision = current->Decide(day, history);
		if (!decision.SameOutcome(today))
			return day;
		computed = decision.computed_level;
		after = *next;
	}
	return std::nullopt;
}

} // namespace dunning::rules
