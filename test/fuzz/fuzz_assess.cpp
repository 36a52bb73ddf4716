// The assessment of random units (SPEC §5-7): fuzz input decoded into items, a valid policy and
// history (fuzz_unit.hpp); ComputeBalance, AssessItems and AssessUnit must not crash, must reject
// exactly the units with duplicate ids or mixed currencies, and must keep the invariants below.
// The same items in another order, and split over partial aggregate states that are merged and
// sent through serialization (what a parallel plan does), must give the very same result.
#include "core/assess_state.hpp"
#include "core/assessment.hpp"
#include "core/balance.hpp"
#include "fuzz_support.hpp"
#include "fuzz_unit.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace {

using namespace dunning;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;
using dunning::fuzz::Fail;

constexpr std::array<std::string_view, 18> kReasonCodes = {
    "level_reached",   "escalation_capped", "interval_not_passed", "below_level_minimum", "below_level_percent",
    "item_insignificant", "in_grace",       "disputed",            "held",                "on_plan",
    "settled_by_credit", "in_credit",       "charges_only",        "pre_due",             "loyal_friendly",
    "fee_waived_loyalty", "fee_waived_consumer_rules", "nothing_overdue"};

ItemSet
SetOf(const std::vector<Item> &items) {
	ItemSet set;
	for (const Item &item : items)
		set.Add(item);
	return set;
}

// Runs `f`; returns false when it threw the unit-wide 22023 the unit was expected to raise.
template <typename F>
bool
Run(bool expect_error, F &&f) {
	try {
		f();
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
		Check(expect_error, "unexpected error", e.what());
		return false;
	}
	Check(!expect_error, "duplicate ids or mixed currencies accepted");
	return true;
}

bool
SameBalance(const BalanceFigures &a, const BalanceFigures &b) {
	return a.principal_open == b.principal_open && a.charges_open == b.charges_open &&
	       a.credits_open == b.credits_open && a.net_balance == b.net_balance && a.disputed_open == b.disputed_open &&
	       a.not_due_open == b.not_due_open && a.overdue_open == b.overdue_open;
}

bool
SameAssessment(const UnitAssessment &a, const UnitAssessment &b) {
	return a.level == b.level && a.computed_level == b.computed_level && a.action == b.action && a.tone == b.tone &&
	       a.fee == b.fee && SameBalance(a.balance, b.balance) && a.dunnable_amount == b.dunnable_amount &&
	       a.significant_overdue_days == b.significant_overdue_days &&
	       a.oldest_overdue_days == b.oldest_overdue_days && a.items == b.items && a.items_overdue == b.items_overdue &&
	       a.items_significant == b.items_significant && a.next_review_date == b.next_review_date &&
	       a.reason == b.reason && a.reason_codes == b.reason_codes;
}

void
CheckBalance(const BalanceFigures &b, const std::vector<Item> &items) {
	MoneySum principal, charges, credits, disputed;
	for (const Item &item : items) {
		if (item.kind == ItemKind::kInvoice)
			principal += item.open;
		if (item.kind == ItemKind::kInvoice && item.disputed)
			disputed += item.open;
		if (IsCharge(item.kind))
			charges += item.open;
		if (IsCredit(item.kind))
			credits += item.open;
	}
	Check(b.principal_open == principal && b.charges_open == charges && b.credits_open == credits &&
	          b.disputed_open == disputed,
	      "balance sums differ from the items");
	Check(b.net_balance == b.principal_open - b.credits_open + b.charges_open,
	      "principal - credits + charges != net_balance");
	Check(b.overdue_open >= MoneySum() && b.not_due_open >= MoneySum(), "negative due or overdue principal");
}

// Per-item rows: money is conserved by allocation, rows come in canonical order, and they agree
// with the unit's dunnable figures.
void
CheckItems(const std::vector<ItemAssessment> &rows, const fuzz::Unit &u, const UnitAssessment &a) {
	Check(rows.size() == u.items.size(), "assess_items lost or invented rows");
	Units128 given = 0, taken = 0;
	MoneySum dunnable;
	std::int64_t dunnable_count = 0;
	std::optional<std::int64_t> most_days;
	for (std::size_t i = 0; i < rows.size(); ++i) {
		const ItemPosition &p = rows[i].position;
		const Item &item = *p.item;
		Check(!p.allocated.IsNegative() && p.allocated <= item.open, "allocated outside 0..open");
		Check(p.net_open == item.open - p.allocated, "net_open != open - allocated");
		Check(u.policy.allocation == AllocationRule::kOldestFirst || p.allocated.IsZero(), "allocation none allocated");
		Check(rows[i].item_level >= 0 && rows[i].item_level <= static_cast<int>(u.policy.levels.size()),
		      "item level outside 0..levels");
		(IsCredit(item.kind) ? taken : given) += p.allocated.units();
		if (i > 0) {
			const Item &prev = *rows[i - 1].position.item;
			Check(prev.due < item.due || (prev.due == item.due && prev.id < item.id), "rows not in canonical order");
		}
		if (rows[i].significant && IsDueBearing(item.kind) && !item.disputed &&
		    !(item.kind == ItemKind::kInvoice && item.on_plan) && !p.held && *p.days_overdue > u.policy.grace_days) {
			dunnable += p.net_open;
			++dunnable_count;
			most_days = std::max(most_days.value_or(*p.days_overdue), *p.days_overdue);
		}
	}
	Check(given == taken, "allocation created or destroyed money");
	Check(dunnable == a.dunnable_amount && dunnable_count == a.items_significant,
	      "assess_items and assess disagree on the dunnable items");
	Check(most_days == a.significant_overdue_days, "significant_overdue_days is not the dunnable items' maximum");
}

void
CheckAssessment(const UnitAssessment &a, const fuzz::Unit &u, const BalanceFigures &balance) {
	const int levels = static_cast<int>(u.policy.levels.size());
	CheckBalance(a.balance, u.items);
	Check(SameBalance(a.balance, balance) || u.policy.allocation == AllocationRule::kNone,
	      "assess and balance disagree");
	// An item whose hold ends on as_of is dunnable that day (held means hold_until after as_of) but
	// not yet past its effective due date (the hold's end), so not in overdue_open (SPEC §5-6).
	bool hold_ends_today = false;
	for (const Item &item : u.items)
		hold_ends_today |= item.hold_until == u.as_of;
	Check(a.dunnable_amount >= MoneySum() && (hold_ends_today || a.dunnable_amount <= a.balance.overdue_open),
	      "dunnable > overdue");
	Check(a.level >= 0 && a.level <= levels && a.computed_level >= 0 && a.computed_level <= levels,
	      "level outside 0..number of levels");
	if (!u.policy.skip_levels)
		Check(a.level <= u.history.last_level.value_or(0) + 1, "escalated more than one step");
	Check(a.items == static_cast<std::int64_t>(u.items.size()), "items != row count");
	Check(a.items_significant >= 0 && (hold_ends_today || a.items_significant <= a.items_overdue) &&
	          a.items_overdue <= a.items,
	      "item counts out of order");
	Check(!a.fee.IsNegative() && (a.fee.IsZero() || a.action == Action::kRemind), "fee without a reminder");
	const bool letter = a.action == Action::kRemind || a.action == Action::kWait || a.action == Action::kPreDue;
	Check(a.tone.has_value() == letter, "tone without a letter, or a letter without tone");
	Check(a.level == 0 || a.action == Action::kRemind || a.action == Action::kWait, "a level without a letter");
	Check(a.level > 0 || a.action != Action::kRemind, "a reminder at level 0");
	if (a.next_review_date)
		Check(*a.next_review_date > u.as_of && a.next_review_date->pg_days() <= Date::kLastPgDay,
		      "next_review_date not after as_of or beyond the last date",
		      a.next_review_date->ToIsoString());
	Check(a.significant_overdue_days.has_value() == (a.items_significant > 0), "significant_overdue_days presence");
	if (a.significant_overdue_days)
		Check(*a.significant_overdue_days > u.policy.grace_days, "significant days within grace");
	Check(!a.reason.empty(), "empty reason");
	const std::vector<std::string_view> codes = a.reason_codes.Names();
	for (std::size_t i = 0; i < codes.size(); ++i) {
		Check(std::find(kReasonCodes.begin(), kReasonCodes.end(), codes[i]) != kReasonCodes.end(),
		      "reason code outside the vocabulary", std::string(codes[i]));
		Check(std::count(codes.begin(), codes.end(), codes[i]) == 1, "reason code repeated");
	}
}

// The items in another order: a rotation, then pairs swapped by the fuzz input.
std::vector<Item>
Shuffled(std::vector<Item> items, FuzzedDataProvider &in) {
	if (items.empty())
		return items;
	std::rotate(items.begin(), items.begin() + in.ConsumeIntegralInRange<std::size_t>(0, items.size() - 1),
	            items.end());
	// A range of one value consumes no input: stop after a bounded number of swaps.
	for (int swaps = 0; swaps < 64 && items.size() > 1 && in.remaining_bytes() > 0; ++swaps) {
		std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, items.size() - 1);
		std::size_t j = in.ConsumeIntegralInRange<std::size_t>(0, items.size() - 1);
		std::swap(items[i], items[j]);
	}
	return items;
}

template <typename State>
State
ThroughBytes(const State &state) {
	ByteWriter counter;
	state.Serialize(counter);
	std::vector<char> bytes(counter.size());
	ByteWriter writer(bytes.data(), bytes.size());
	state.Serialize(writer);
	ByteReader reader(bytes.data(), bytes.size());
	return State::Deserialize(reader);
}

// What the assess aggregate computes when a parallel plan splits the rows over three partial
// states, one of which crosses a process boundary in serialized form.
UnitAssessment
AssessAsAggregate(const fuzz::Unit &u, const std::vector<Item> &items) {
	const fuzz::UnitRow args(u);
	const AssessRow &row = args.row();
	std::array<AssessState, 3> parts;
	for (std::size_t i = 0; i < items.size(); ++i)
		parts[i % 3].Add(row, items[i]);
	parts[0].Add(row, std::nullopt); // a NULL item changes nothing
	AssessState merged = ThroughBytes(parts[1]);
	merged.Merge(parts[0]);
	merged.Merge(ThroughBytes(parts[2]));
	return merged.Finish();
}

BalanceFigures
BalanceAsAggregate(const fuzz::Unit &u, const std::vector<Item> &items) {
	std::array<BalanceState, 2> parts;
	for (std::size_t i = 0; i < items.size(); ++i)
		parts[i % 2].Add(u.as_of, items[i]);
	BalanceState merged = ThroughBytes(parts[0]);
	merged.Merge(ThroughBytes(parts[1]));
	return merged.Finish();
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	FuzzedDataProvider in(data, size);
	const fuzz::Unit u = fuzz::DecodeUnit(in);
	const std::vector<Item> shuffled = Shuffled(u.items, in);
	const ItemSet items = SetOf(u.items);
	// dunning.balance has no policy: an item without currency is in the default currency there.
	const bool aggregate_balance_error = u.duplicate_ids || fuzz::MixedCurrencies(u.currencies, kDefaultCurrency);
	const bool unit_error = u.duplicate_ids || fuzz::MixedCurrencies(u.currencies, u.policy.currency);

	BalanceFigures aggregate_balance;
	if (!u.items.empty() && Run(aggregate_balance_error, [&] { aggregate_balance = BalanceAsAggregate(u, shuffled); }))
		CheckBalance(aggregate_balance, u.items);

	BalanceFigures balance;
	if (!Run(unit_error, [&] { balance = ComputeBalance(items, u.as_of, u.policy.currency); }))
		return 0;
	CheckBalance(balance, u.items);
	Check(SameBalance(balance, ComputeBalance(SetOf(shuffled), u.as_of, u.policy.currency)),
	      "balance depends on row order");
	if (!u.items.empty() && !aggregate_balance_error)
		Check(SameBalance(balance, aggregate_balance), "partial balance states differ from one state");

	if (fuzz::PolicyRefuses(u.currencies, u.policy.currency)) {
		Run(true, [&] { AssessUnit(items, u.policy, u.as_of, u.history); });
		Run(true, [&] { AssessItems(items, u.policy, u.as_of); });
		return 0;
	}
	const UnitAssessment a = AssessUnit(items, u.policy, u.as_of, u.history);
	CheckAssessment(a, u, balance);
	const std::vector<ItemAssessment> rows = AssessItems(items, u.policy, u.as_of);
	CheckItems(rows, u, a);

	Check(SameAssessment(a, AssessUnit(SetOf(shuffled), u.policy, u.as_of, u.history)),
	      "assessment depends on row order");
	const ItemSet shuffled_set = SetOf(shuffled); // the rows point into it
	const std::vector<ItemAssessment> shuffled_rows = AssessItems(shuffled_set, u.policy, u.as_of);
	for (std::size_t i = 0; i < rows.size(); ++i) {
		const ItemAssessment &x = rows[i], &y = shuffled_rows[i];
		if (x.position.item->id != y.position.item->id || x.position.allocated != y.position.allocated ||
		    x.position.net_open != y.position.net_open || x.significant != y.significant ||
		    x.item_level != y.item_level || x.status != y.status)
			Fail("assess_items depends on row order", x.position.item->id);
	}
	if (!u.items.empty())
		Check(SameAssessment(a, AssessAsAggregate(u, shuffled)), "partial assess states differ from one state");
	return 0;
}
