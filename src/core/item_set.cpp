#include "core/item_set.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <map>
#include <fmt/format.h>

namespace dunning {

void
ItemSet::Add(Item item) {
	// Units have about ten items; growing 1, 2, 4, 8 would move them all four times.
	if (items_.empty())
		items_.reserve(16);
	items_.push_back(std::move(item));
}

void
ItemSet::Merge(const ItemSet &other) {
	// One item at a time rather than one insert: a parallel worker's share of a unit can be millions.
	items_.reserve(items_.size() + other.items_.size());
	InterruptPoll poll;
	for (const Item &item : other.items_) {
		poll.Tick();
		items_.push_back(item);
	}
}

std::string
ItemSet::UnitCurrency(std::string_view policy_currency) const {
	// currency → the smallest item id in it
	std::map<std::string_view, std::string_view> first_item;
	InterruptPoll poll;
	for (const Item &item : items_) {
		poll.Tick();
		std::string_view currency = item.currency.empty() ? policy_currency : std::string_view(item.currency);
		auto [it, inserted] = first_item.emplace(currency, item.id);
		if (!inserted && item.id < it->second)
			it->second = item.id;
	}
	if (first_item.size() > 1) {
		auto a = first_item.begin();
		auto b = std::next(a);
		ThrowInvalid(fmt::format("mixed currencies in one unit: item \"{}\" is in {}, item \"{}\" in {}", a->second,
		                         a->first, b->second, b->first),
		             fmt::format("An item without currency is in the policy currency {}.", policy_currency),
		             "A unit is dunned in one currency; group the items by currency as well.");
	}
	return first_item.empty() ? std::string(policy_currency) : std::string(first_item.begin()->first);
}

std::string
ItemSet::PolicyCurrency(std::string_view policy_currency) const {
	std::string currency = UnitCurrency(policy_currency);
	// A policy that names a currency accepts only items in it (SPEC §4): its amounts are in it.
	if (!policy_currency.empty() && currency != policy_currency) {
		std::string_view first;
		for (const Item &item : items_)
			if (item.currency == currency && (first.empty() || item.id < first))
				first = item.id;
		ThrowInvalid(fmt::format("item \"{}\" is in {}, but the policy accepts only {}", first, currency, policy_currency),
		             {}, "Dun it with a policy in its currency, or with \"currency\": null in the policy.");
	}
	return currency;
}

std::vector<const Item *>
ItemSet::Canonical() const {
	std::vector<const Item *> sorted;
	sorted.reserve(items_.size());
	for (const Item &item : items_)
		sorted.push_back(&item);

	InterruptibleSort(sorted.begin(), sorted.end(), [](const Item *a, const Item *b) { return a->id < b->id; });
	// Polled too: comparing a million ids scattered over memory takes tens of milliseconds.
	InterruptPoll poll;
	auto dup = std::adjacent_find(sorted.begin(), sorted.end(), [&poll](const Item *a, const Item *b) {
		poll.Tick();
		return a->id == b->id;
	});
	if (dup != sorted.end())
		ThrowInvalid(fmt::format("item \"{}\": duplicate item_id in one unit", (*dup)->id), {},
		             "Item ids must be unique within a unit; group by the unit's key, or make the id unique.");

	InterruptibleStableSort(sorted.begin(), sorted.end(), [](const Item *a, const Item *b) { return a->due < b->due; });
	return sorted;
}

namespace {

constexpr std::uint32_t kItemSetFormat = 0x44554e31; // "DUN1"

void
PutOptionalDate(ByteWriter &out, const std::optional<Date> &d) {
	out.Put<std::uint8_t>(d.has_value());
	out.Put<std::int32_t>(d ? d->pg_days() : 0);
}

std::optional<Date>
GetOptionalDate(ByteReader &in) {
	auto present = in.Get<std::uint8_t>();
	auto days = in.Get<std::int32_t>();
	if (present > 1)
		ByteReader::Corrupt();
	return present ? std::optional<Date>(Date::FromPgDays(days)) : std::nullopt;
}

} // namespace

void
ItemSet::Serialize(ByteWriter &out) const {
	out.Put<std::uint32_t>(kItemSetFormat);
	out.Put<std::uint64_t>(items_.size());
	InterruptPoll poll;
	for (const Item &item : items_) {
		poll.Tick();
		out.PutString(item.id);
		out.Put<std::uint8_t>(static_cast<std::uint8_t>(item.kind));
		out.Put<std::int64_t>(item.amount.units());
		out.Put<std::int64_t>(item.open.units());
		PutOptionalDate(out, item.due);
		PutOptionalDate(out, item.doc);
		out.PutString(item.currency);
		out.Put<std::uint8_t>(static_cast<std::uint8_t>(item.disputed | (item.on_plan << 1)));
		PutOptionalDate(out, item.hold_until);
	}
}

ItemSet
ItemSet::Deserialize(ByteReader &in) {
	if (in.Get<std::uint32_t>() != kItemSetFormat)
		ByteReader::Corrupt();
	auto count = in.Get<std::uint64_t>();
	ItemSet set;
	InterruptPoll poll;
	for (std::uint64_t i = 0; i < count; ++i) {
		poll.Tick();
		Item item;
		item.id = std::string(in.GetString());
		auto kind = in.Get<std::uint8_t>();
		if (kind >= kItemKindNames.size())
			ByteReader::Corrupt();
		item.kind = static_cast<ItemKind>(kind);
		item.amount = Money::FromUnits(in.Get<std::int64_t>());
		item.open = Money::FromUnits(in.Get<std::int64_t>());
		item.due = GetOptionalDate(in);
		item.doc = GetOptionalDate(in);
		item.currency = std::string(in.GetString());
		auto flags = in.Get<std::uint8_t>();
		if (flags > 3)
			ByteReader::Corrupt();
		item.disputed = flags & 1;
		item.on_plan = flags & 2;
		item.hold_until = GetOptionalDate(in);
		// Bytes that frame correctly can still hold an item MakeItem would never have made.
		if (!IsWellFormed(item))
			ByteReader::Corrupt();
		set.Add(std::move(item));
	}
	return set;
}

} // namespace dunning
