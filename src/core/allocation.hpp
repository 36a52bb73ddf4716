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
	std::optional<Date> effective_due;
	// as_of − effective due date (negative: days until due); absent without a date.
	std::optional<std::int64_t> days_overdue;

	bool
	IsOverdue() const {
		return days_overdue && *days_overdue > 0;
	}
};

// Positions of `canonical` items (ItemSet::Canonical order), in that order.
std::pmr::vector<ItemPosition> AllocateCredits(std::span<const Item *const> canonical, Date as_of, AllocationRule rule,
                                               std::pmr::memory_resource *memory = std::pmr::get_default_resource());

} // namespace dunning
