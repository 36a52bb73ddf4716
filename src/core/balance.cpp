#include "core/balance.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/scratch.hpp"

#include <fmt/format.h>

namespace dunning {

Date
RequireAsOf(std::optional<Date> as_of) {
	if (!as_of)
		ThrowInvalid("as_of must not be NULL", {}, "Pass the reference date explicitly, e.g. current_date.");
	if (!as_of->IsFinite())
		ThrowInvalid(fmt::format("as_of must be a finite date, not {}", as_of->ToIsoString()));
	return *as_of;
}

void
CheckSameAsOf(Date seen, Date now) {
	if (seen != now)
		ThrowInvalid(fmt::format("as_of differs within one group: {} and {}", seen.ToIsoString(), now.ToIsoString()),
		             {}, "Pass one as_of for the whole group, e.g. a literal or a query parameter.");
}

BalanceFigures
ComputeBalance(const ItemSet &items, Date as_of, std::string_view currency) {
	items.UnitCurrency(currency);
	Scratch scratch(items.size());
	return SumBalance(
	    AllocateCredits(items.Canonical(scratch.get()), as_of, AllocationRule::kOldestFirst, scratch.get()));
}

BalanceFigures
SumBalance(std::span<const ItemPosition> positions) {
	BalanceFigures f;
	InterruptPoll poll;
	for (const ItemPosition &p : positions) {
		poll.Tick();
		const Item &item = *p.item;
		if (item.kind == ItemKind::kInvoice) {
			f.principal_open += item.open;
			if (item.disputed)
				f.disputed_open += item.open;
		} else if (IsCharge(item.kind)) {
			f.charges_open += item.open;
		} else if (IsCredit(item.kind)) {
			f.credits_open += item.open;
		}
		if (item.IsScheduledPrincipal())
			(p.IsPastEffectiveDue() ? f.overdue_open : f.not_due_open) += p.net_open;
	}
	f.net_balance = f.principal_open + f.charges_open - f.credits_open;
	return f;
}

void
BalanceState::NoteAsOf(Date as_of) {
	if (as_of_)
		CheckSameAsOf(*as_of_, as_of);
	else
		as_of_ = as_of;
}

void
BalanceState::Add(std::optional<Date> as_of, const Item *item) {
	if (!as_of_ || !as_of || *as_of != *as_of_) // the common case, a repeated as_of, checks nothing
		NoteAsOf(RequireAsOf(as_of));
	if (item)
		items_.Add(*item);
}

void
BalanceState::Merge(const BalanceState &other) {
	if (other.as_of_)
		NoteAsOf(*other.as_of_);
	items_.Merge(other.items_);
}

BalanceFigures
BalanceState::Finish() const {
	// Only rows with a valid as_of reach the state, so it is set whenever there are items.
	return ComputeBalance(items_, as_of_.value_or(Date()), kDefaultCurrency);
}

void
BalanceState::Serialize(ByteWriter &out) const {
	out.Put<std::uint8_t>(as_of_.has_value());
	out.Put<std::int32_t>(as_of_ ? as_of_->pg_days() : 0);
	items_.Serialize(out);
}

BalanceState
BalanceState::Deserialize(ByteReader &in, MemorySource &memory) {
	BalanceState state(memory);
	auto has_as_of = in.Get<std::uint8_t>();
	auto days = in.Get<std::int32_t>();
	if (has_as_of > 1 || (has_as_of && !Date::FromPgDays(days).IsInPgRange()))
		ByteReader::Corrupt();
	if (has_as_of)
		state.as_of_ = Date::FromPgDays(days);
	state.items_ = ItemSet::Deserialize(in, memory);
	// Items only arrive with a valid as_of (Add).
	if (!in.AtEnd() || (state.HasItems() && !state.as_of_))
		ByteReader::Corrupt();
	return state;
}

} // namespace dunning
