#include "core/item_set.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <type_traits>
#include <fmt/format.h>

namespace dunning {

static_assert(std::is_trivially_copyable_v<Item> && std::is_trivially_destructible_v<Item>);
static_assert(sizeof(void *) != 8 || sizeof(Item) == 64, "an item fills one cache line");

ItemSet::ItemSet(ItemSet &&other) noexcept
    : items_(other.items_), size_(other.size_), capacity_(other.capacity_), ids_(std::move(other.ids_)) {
	other.items_ = nullptr;
	other.size_ = other.capacity_ = 0;
}

ItemSet &
ItemSet::operator=(ItemSet &&other) noexcept {
	if (this != &other) {
		ReleaseItems();
		items_ = other.items_;
		size_ = other.size_;
		capacity_ = other.capacity_;
		ids_ = std::move(other.ids_);
		other.items_ = nullptr;
		other.size_ = other.capacity_ = 0;
	}
	return *this;
}

ItemSet::~ItemSet() {
	ReleaseItems();
}

void
ItemSet::ReleaseItems() noexcept {
	if (items_)
		ids_.source().Free(items_, capacity_ * sizeof(Item));
	items_ = nullptr;
	size_ = capacity_ = 0;
}

void
ItemSet::Reserve(std::size_t capacity) {
	if (capacity <= capacity_)
		return;
	if (capacity > SIZE_MAX / 2 / sizeof(Item))
		throw std::bad_alloc();
	auto *grown = static_cast<Item *>(ids_.source().Allocate(capacity * sizeof(Item)));
	if (size_ > 0)
		std::memcpy(static_cast<void *>(grown), items_, size_ * sizeof(Item));
	if (items_)
		ids_.source().Free(items_, capacity_ * sizeof(Item));
	items_ = grown;
	capacity_ = capacity;
}

void
ItemSet::Add(const Item &item) {
	// Units have about ten items: start at 16, so that a usual unit never moves its items.
	if (size_ == capacity_)
		Reserve(capacity_ == 0 ? 16 : capacity_ * 2);
	Item *slot = new (items_ + size_) Item(item);
	slot->id = ids_.Copy(item.id);
	++size_;
}

void
ItemSet::Merge(const ItemSet &other) {
	// One item at a time rather than one copy: a parallel worker's share of a unit can be millions.
	Reserve(size_ + other.size_);
	InterruptPoll poll;
	for (const Item &item : other.items()) {
		poll.Tick();
		Add(item);
	}
}

std::string
ItemSet::UnitCurrency(std::string_view policy_currency) const {
	// The common case, one currency: a scan, nothing allocated.
	std::optional<std::string_view> unit;
	bool mixed = false;
	InterruptPoll poll;
	for (const Item &item : items()) {
		poll.Tick();
		std::string_view currency = item.currency.empty() ? policy_currency : item.currency.view();
		if (!unit)
			unit = currency;
		else if (currency != *unit) {
			mixed = true;
			break;
		}
	}
	if (!mixed)
		return std::string(unit.value_or(policy_currency));

	// currency → the smallest item id in it, for a message that does not depend on row order
	std::map<std::string_view, std::string_view> first_item;
	for (const Item &item : items()) {
		poll.Tick();
		std::string_view currency = item.currency.empty() ? policy_currency : item.currency.view();
		auto [it, inserted] = first_item.emplace(currency, item.id);
		if (!inserted && item.id < it->second)
			it->second = item.id;
	}
	auto a = first_item.begin();
	auto b = std::next(a);
	ThrowInvalid(fmt::format("mixed currencies in one unit: item \"{}\" is in {}, item \"{}\" in {}", a->second,
	                         a->first, b->second, b->first),
	             fmt::format("An item without currency is in the policy currency {}.", policy_currency),
	             "A unit is dunned in one currency; group the items by currency as well.");
}

std::string
ItemSet::PolicyCurrency(std::string_view policy_currency) const {
	std::string currency = UnitCurrency(policy_currency);
	// A policy that names a currency accepts only items in it (SPEC §4): its amounts are in it.
	if (!policy_currency.empty() && currency != policy_currency) {
		std::string_view first;
		for (const Item &item : items())
			if (item.currency == currency && (first.empty() || item.id < first))
				first = item.id;
		ThrowInvalid(fmt::format("item \"{}\" is in {}, but the policy accepts only {}", first, currency, policy_currency),
		             {}, "Dun it with a policy in its currency, or with \"currency\": null in the policy.");
	}
	return currency;
}

namespace {

[[noreturn]] void
ThrowDuplicate(std::string_view id) {
	ThrowInvalid(fmt::format("item \"{}\": duplicate item_id in one unit", id), {},
	             "Item ids must be unique within a unit; group by the unit's key, or make the id unique.");
}

// Equal ids have equal keys: the length and the first and last 8 bytes, which for ids of up to 16
// bytes are the whole id. Comparing keys is two integer compares, not a call to memcmp.
struct IdKey {
	std::uint64_t head = 0;
	std::uint64_t tail = 0;
	std::size_t size = 0;

	IdKey() = default;
	explicit IdKey(std::string_view id) : size(id.size()) {
		const std::size_t n = std::min<std::size_t>(id.size(), 8);
		if (n > 0) {
			std::memcpy(&head, id.data(), n);
			std::memcpy(&tail, id.data() + id.size() - n, n);
		}
	}
	bool
	operator==(const IdKey &other) const {
		return head == other.head && tail == other.tail && size == other.size;
	}
};

// Throws naming the smallest id that occurs twice, whatever the order of `items`.
void
CheckUniqueIds(const std::pmr::vector<const Item *> &items) {
	const std::size_t n = items.size();
	if (n <= 32) { // a usual unit: comparing pairs of keys beats sorting ids
		IdKey keys[32];
		for (std::size_t i = 0; i < n; ++i)
			keys[i] = IdKey(items[i]->id);
		std::optional<std::string_view> smallest;
		for (std::size_t i = 0; i < n; ++i)
			for (std::size_t j = i + 1; j < n; ++j)
				if (keys[i] == keys[j] && items[i]->id == items[j]->id && (!smallest || items[i]->id < *smallest))
					smallest = items[i]->id;
		if (smallest)
			ThrowDuplicate(*smallest);
		return;
	}
	std::pmr::vector<std::string_view> ids(items.get_allocator());
	ids.reserve(n);
	for (const Item *item : items)
		ids.push_back(item->id);
	InterruptibleSort(ids.begin(), ids.end(), std::less<>());
	// Polled too: comparing a million ids scattered over memory takes tens of milliseconds.
	InterruptPoll poll;
	auto dup = std::adjacent_find(ids.begin(), ids.end(), [&poll](std::string_view a, std::string_view b) {
		poll.Tick();
		return a == b;
	});
	if (dup != ids.end())
		ThrowDuplicate(*dup);
}

} // namespace

std::pmr::vector<const Item *>
ItemSet::Canonical(std::pmr::memory_resource *memory) const {
	std::pmr::vector<const Item *> sorted(memory);
	sorted.reserve(size_);
	for (const Item &item : items())
		sorted.push_back(&item);
	CheckUniqueIds(sorted);
	// Due date (absent first), then item id: with unique ids, a total order.
	InterruptibleSort(sorted.begin(), sorted.end(), [](const Item *a, const Item *b) {
		if (a->due != b->due)
			return a->due < b->due;
		return a->id < b->id;
	});
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
	out.Put<std::uint64_t>(size_);
	InterruptPoll poll;
	for (const Item &item : items()) {
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
ItemSet::Deserialize(ByteReader &in, MemorySource &memory) {
	if (in.Get<std::uint32_t>() != kItemSetFormat)
		ByteReader::Corrupt();
	auto count = in.Get<std::uint64_t>();
	ItemSet set(memory);
	InterruptPoll poll;
	for (std::uint64_t i = 0; i < count; ++i) {
		poll.Tick();
		Item item;
		item.id = in.GetString(); // a view of `in`, copied by Add below
		auto kind = in.Get<std::uint8_t>();
		if (kind >= kItemKindNames.size())
			ByteReader::Corrupt();
		item.kind = static_cast<ItemKind>(kind);
		item.amount = Money::FromUnits(in.Get<std::int64_t>());
		item.open = Money::FromUnits(in.Get<std::int64_t>());
		item.due = GetOptionalDate(in);
		item.doc = GetOptionalDate(in);
		std::string_view currency = in.GetString();
		if (currency.size() != 0 && currency.size() != 3)
			ByteReader::Corrupt();
		item.currency = currency;
		auto flags = in.Get<std::uint8_t>();
		if (flags > 3)
			ByteReader::Corrupt();
		item.disputed = flags & 1;
		item.on_plan = flags & 2;
		item.hold_until = GetOptionalDate(in);
		// Bytes that frame correctly can still hold an item MakeItem would never have made.
		if (!IsWellFormed(item))
			ByteReader::Corrupt();
		set.Add(item);
	}
	return set;
}

} // namespace dunning
