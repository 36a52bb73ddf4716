// The items of one dunning unit as an aggregate accumulates them, in any order and from any
// number of partial states. Unit-wide checks (one currency, unique ids) run when the unit is
// finished, over the whole set, so their errors do not depend on row order either.
#pragma once

#include "core/item.hpp"
#include "core/memory.hpp"
#include "core/serialize.hpp"

#include <memory_resource>
#include <span>
#include <string>
#include <vector>

namespace dunning {

// The items live in one array and their ids in an arena, both from the set's MemorySource (in
// PostgreSQL: the aggregate's memory context). Items are plain data, so adding one copies its
// bytes and its id, and nothing is allocated per item.
class ItemSet {
public:
	explicit ItemSet(MemorySource &memory = HeapMemory()) noexcept : ids_(memory) {
	}
	ItemSet(const ItemSet &) = delete;
	ItemSet &operator=(const ItemSet &) = delete;
	ItemSet(ItemSet &&other) noexcept;
	ItemSet &operator=(ItemSet &&other) noexcept;
	~ItemSet();

	// Copies `item`, its id included: the caller's id may go away.
	void Add(const Item &item);
	void Merge(const ItemSet &other);

	std::size_t
	size() const {
		return size_;
	}
	std::span<const Item>
	items() const {
		return {items_, size_};
	}
	// Bytes taken from the memory source.
	std::size_t
	allocated() const {
		return capacity_ * sizeof(Item) + ids_.allocated();
	}
	// The unit's currency: the one its items name, else `policy_currency` (what an item without
	// currency means). Throws on two currencies, naming the smallest item id of each.
	std::string UnitCurrency(std::string_view policy_currency) const;
	// UnitCurrency under a policy: one that names a currency (non-empty) accepts only items in it,
	// and throws naming the smallest item id of another (SPEC §4). dunning.balance has no policy.
	std::string PolicyCurrency(std::string_view policy_currency) const;

	// The items in canonical order (due date, absent first; then item id). Throws on a duplicate
	// item id, so every result is independent of input order.
	std::pmr::vector<const Item *> Canonical(std::pmr::memory_resource *memory = std::pmr::get_default_resource()) const;

	void Serialize(ByteWriter &out) const;
	static ItemSet Deserialize(ByteReader &in, MemorySource &memory = HeapMemory());

private:
	void Reserve(std::size_t capacity);
	void ReleaseItems() noexcept;

	Item *items_ = nullptr;
	std::size_t size_ = 0;
	std::size_t capacity_ = 0;
	ByteArena ids_;
};

} // namespace dunning
