#include "core/allocation.hpp"

#include "core/interrupt.hpp"

#include <algorithm>

namespace dunning {

namespace {

// Credit may pay principal the customer can be dunned for: invoices outside disputes and plans,
// and instalments already overdue (future instalments are not yet owed).
bool
TakesCreditAsPrincipal(const ItemPosition &p) {
	const Item &item = *p.item;
	if (item.disputed)
		return false;
	if (item.kind == ItemKind::kInvoice)
		return !item.on_plan;
	return item.kind == ItemKind::kInstallment && p.IsPastEffectiveDue();
}

// Oldest effective due date first; ties by item id, so the order never depends on input order.
bool
OlderFirst(const ItemPosition *a, const ItemPosition *b) {
	if (a->effective_due != b->effective_due)
		return a->effective_due < b->effective_due;
	return a->item->id < b->item->id;
}

// Takes up to `budget` from the open amounts of `targets` in order; returns what was taken.
Units128
Consume(std::pmr::vector<ItemPosition *> &targets, Units128 budget) {
	// Canonical order is by due date and id, so targets are in order unless a hold moved one.
	if (!std::is_sorted(targets.begin(), targets.end(), OlderFirst))
		InterruptibleSort(targets.begin(), targets.end(), OlderFirst);
	Units128 taken = 0;
	InterruptPoll poll;
	for (ItemPosition *p : targets) {
		if (budget == 0)
			break;
		poll.Tick();
		std::int64_t take = static_cast<std::int64_t>(std::min<Units128>(budget, p->net_open.units()));
		p->allocated = Money::FromUnits(take);
		p->net_open = p->item->open - p->allocated;
		budget -= take;
		taken += take;
	}
	return taken;
}

} // namespace

std::pmr::vector<ItemPosition>
AllocateCredits(std::span<const Item *const> canonical, Date as_of, AllocationRule rule,
                std::pmr::memory_resource *memory) {
	std::pmr::vector<ItemPosition> positions(memory);
	positions.reserve(canonical.size());
	InterruptPoll poll;
	for (const Item *item : canonical) {
		poll.Tick();
		ItemPosition p;
		p.item = item;
		p.net_open = item->open;
		p.effective_due = item->EffectiveDue();
		if (item->due)
			p.days_overdue = as_of.DaysSince(*item->due);
		p.past_effective_due = p.effective_due && as_of > *p.effective_due;
		p.held = item->hold_until && *item->hold_until > as_of;
		positions.push_back(p);
	}
	if (rule == AllocationRule::kNone)
		return positions;

	std::pmr::vector<ItemPosition *> credits(memory), principal(memory), charges(memory);
	for (ItemPosition &p : positions) {
		poll.Tick();
		if (p.item->open.IsZero())
			continue;
		if (IsCredit(p.item->kind))
			credits.push_back(&p);
		else if (IsCharge(p.item->kind))
			charges.push_back(&p);
		else if (TakesCreditAsPrincipal(p))
			principal.push_back(&p);
	}
	Units128 available = 0;
	for (const ItemPosition *c : credits)
		available += c->item->open.units();

	Units128 used = Consume(principal, available);
	used += Consume(charges, available - used);
	// The credits that paid are the oldest ones; what remains of the rest stays unapplied.
	Consume(credits, used);
	return positions;
}

} // namespace dunning
