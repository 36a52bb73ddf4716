// The items of one dunning unit as an aggregate accumulates them, in any order and from any
// number of partial states. Unit-wide checks (one currency, unique ids) run when the unit is
// finished, over the whole set, so their errors do not depend on row order either.
#pragma once

#include "core/item.hpp"
#include "core/serialize.hpp"

#include <string>
#include <vector>

namespace dunning {

class ItemSet {
public:
	void Add(Item item);
	void Merge(const ItemSet &other);

	std::size_t
	size() const {
		return items_.size();
	}
	// The unit's currency: the one its items name, else `policy_currency` (what an item without
	// currency means). Throws on two currencies, naming the smallest item id of each.
	std::string UnitCurrency(std::string_view policy_currency) const;
	// UnitCurrency under a policy: one that names a currency (non-empty) accepts only items in it,
	// and throws naming the smallest item id of another (SPEC §4). dunning.balance has no policy.
	std::string PolicyCurrency(std::string_view policy_currency) const;

	// The items in canonical order (due date, absent first; then item id). Throws on a duplicate
	// item id, so every result is independent of input order.
	std::vector<const Item *> Canonical() const;

	void Serialize(ByteWriter &out) const;
	static ItemSet Deserialize(ByteReader &in);

private:
	std::vector<Item> items_;
};

} // namespace dunning
