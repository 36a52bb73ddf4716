// Net customer balance (SPEC §5): what the unit owes, in principal and charges, net of credits.
#pragma once

#include "core/allocation.hpp"
#include "core/date.hpp"
#include "core/item_set.hpp"
#include "core/memory.hpp"
#include "core/money.hpp"

namespace dunning {

struct BalanceFigures {
	MoneySum principal_open; // invoices, disputed and on-plan ones included
	MoneySum charges_open; // fees and interest
	MoneySum credits_open; // credit notes, payments, bank receipts
	MoneySum net_balance; // principal + charges − credits
	MoneySum disputed_open;
	MoneySum not_due_open; // net open scheduled principal due on as_of or later
	MoneySum overdue_open; // net open scheduled principal past its effective due date
};

// Sums positions (from AllocateCredits) into the unit's balance figures.
BalanceFigures SumBalance(std::span<const ItemPosition> positions);
// `currency` is the currency NULL item currencies stand for (the policy's).
BalanceFigures ComputeBalance(const ItemSet &items, Date as_of, std::string_view currency);

// The aggregate state of dunning.balance: the unit's items and the one as_of of the group.
class BalanceState {
public:
	explicit BalanceState(MemorySource &memory = HeapMemory()) noexcept : items_(memory) {
	}
	// `as_of` absent is SQL NULL (an error); `item` null is a NULL item (ignored).
	void Add(std::optional<Date> as_of, const Item *item);
	void
	Add(std::optional<Date> as_of, const std::optional<Item> &item) {
		Add(as_of, item ? &*item : nullptr);
	}
	void Merge(const BalanceState &other);
	// False while only NULL items have arrived: the aggregate then returns NULL, like sum().
	bool
	HasItems() const {
		return items_.size() > 0;
	}
	BalanceFigures Finish() const;
	// Bytes of items taken from the memory source.
	std::size_t
	allocated() const {
		return items_.allocated();
	}

	void Serialize(ByteWriter &out) const;
	static BalanceState Deserialize(ByteReader &in, MemorySource &memory = HeapMemory());

private:
	void NoteAsOf(Date as_of);

	std::optional<Date> as_of_;
	ItemSet items_;
};

// The default policy currency (SPEC §8), which NULL item currencies mean when no policy is given.
inline constexpr std::string_view kDefaultCurrency = "EUR";

// The group-constant as_of of an aggregate: NULL, infinite or differing values are SQLSTATE 22023.
Date RequireAsOf(std::optional<Date> as_of);
void CheckSameAsOf(Date seen, Date now);

} // namespace dunning
