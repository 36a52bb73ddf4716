// Builders for unit tests: readable items without repeating every field.
#pragma once

#include "core/item.hpp"
#include "core/item_set.hpp"

#include <deque>
#include <initializer_list>
#include <string>

namespace dunning::testing {

// Items view their ids (an ItemSet copies them): the texts of test items live as long as the test
// program.
inline std::string_view
Keep(std::string text) {
	static std::deque<std::string> kept;
	kept.push_back(std::move(text));
	return kept.back();
}

inline Date
D(int y, unsigned m, unsigned d) {
	return Date::FromCivil(y, m, d);
}

inline Money
Eur(std::string_view text) {
	return Money::Parse(text, "test amount");
}

inline Item
MakeTestItem(std::string id, ItemKind kind, std::string_view amount, std::string_view open, std::optional<Date> due) {
	Item item;
	item.id = Keep(std::move(id));
	item.kind = kind;
	item.amount = Eur(amount);
	item.open = Eur(open);
	item.due = due;
	item.doc = due;
	return item;
}

inline Item
Invoice(std::string id, std::string_view open, Date due) {
	return MakeTestItem(std::move(id), ItemKind::kInvoice, open, open, due);
}

inline Item
Credit(std::string id, std::string_view open, Date date, ItemKind kind = ItemKind::kCreditNote) {
	return MakeTestItem(std::move(id), kind, open, open, date);
}

inline ItemSet
SetOf(std::initializer_list<Item> items) {
	ItemSet set;
	for (const Item &item : items)
		set.Add(item);
	return set;
}

} // namespace dunning::testing
