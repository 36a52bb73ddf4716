// Item validation that reports instead of raising (dunning.item_check): a run finds the bad rows
// among a million items in one pass, without a subtransaction per row. The rules are MakeItem's;
// this only turns its data errors into a value.
#pragma once

#include "core/error.hpp"
#include "core/item.hpp"

#include <optional>
#include <string>

namespace dunning {

struct ItemProblem {
	ErrorCode code; // kInvalidParameterValue (22023) or kNumericValueOutOfRange (22003)
	// The error's message, with its detail appended where it has one: the message of an amount
	// out of range is PostgreSQL's fixed "numeric value out of range", and only the detail names
	// the item.
	std::string message;
};

// Validates `fields` as MakeItem does; absent when the item is valid. Anything but a data error
// (an internal error, bad_alloc, Interrupted) propagates.
std::optional<ItemProblem> CheckItem(const ItemFields &fields);

} // namespace dunning
