// The items of one dunning unit as an aggregate accumulates them: in any order, from any number
// of partial states, checked for one currency as they arrive and for unique ids when finished.
#pragma once

#include "core/item.hpp"
#include "core/serialize.hpp"

#include <string>
#include <vector>

namespace dunning {

class ItemSet {
public:
	// Throws when the item's currency differs from an earlier item's.
	void Add(Item item);
	void Merge(const ItemSet &other);

	std::size_t
	size() const {
		return items_.size();
	}
	// The unit's currency: the one its items name, else `policy_currency`. Throws when items
	// without a currency (meaning the policy's) are mixed with items in another one.
	std::string UnitCurrency(std::string_view policy_currency) const;

	// The items in canonical order (due date, absent first; then item id). Throws on a duplicate
	// item id, so every result is independent of input order.
	std::vector<const Item *> Canonical() const;

	void Serialize(ByteWriter &out) const;
	static ItemSet Deserialize(ByteReader &in);

private:
	void NoteCurrency(const Item &item);

	std::vector<Item> items_;
	std::string currency_; // the explicit currency seen first, empty while none
	std::string currency_item_; // the item that named it, for error messages
	std::string implicit_item_; // an item without currency, empty while none
};

} // namespace dunning
