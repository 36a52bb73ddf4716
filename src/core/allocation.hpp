// Credit allocation (SPEC §6.1) and the per-item position it yields: what is still owed on each
// item once credit notes, unapplied payments and bank receipts are netted against the debt.
#pragma once

#include "core/date.hpp"
#include "core/item.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <memory_resource>
#include <optional>
#include <span>
#include <vector>

namespace dunning {

enum class AllocationRule {
	kOldestFirst, // credits pay the oldest eligible principal first, then charges
	kNone, // credits stay unapplied
};

struct ItemPosition {
	const Item *item = nullptr;
	// Debt items: credit applied to them. Credit items: the part of the credit used up.
	Money allocated;
	// open_amount − allocated: still owed, or for a credit, still unapplied.
	Money net_open;
	// Greatest of due date and hold_until: when dunning may resume (SPEC §6.2).
	std::optional<Date> effective_due;
	// as_of − due date (negative: days until due); absent without a date. A hold suspends dunning
	// but never restarts this count, so after a broken promise dunning resumes where it stood.
	std::optional<std::int64_t> days_overdue;
	// as_of is after the effective due date: the item counts in overdue_open, and an instalment
	// takes credit (SPEC §5, §6.1).
	bool past_effective_due = false;
	// hold_until is after as_of: the item is held, not dunnable (SPEC §6.6).
	bool held = false;

	bool
	IsPastEffectiveDue() const {
		return past_effective_due;
	}
};

// Positions of `canonical` items (ItemSet::Canonical order), in that order.
std::pmr::vector<ItemPosition> AllocateCredits(std::span<const Item *const> canonical, Date as_of, AllocationRule rule,
                                               std::pmr::memory_resource *memory = std::pmr::get_default_resource());

} // namespace dunning
