#include "core/assessment_rules.hpp"

#include "core/interrupt.hpp"

#include <algorithm>
#include <climits>

namespace dunning::rules {

bool
IsEligible(const Item &item) {
	if (item.disputed)
		return false;
	if (item.kind == ItemKind::kInvoice)
		return !item.on_plan;
	return item.kind == ItemKind::kInstallment;
}

bool
ReachesPercent(MoneySum part, Decimal4 percent, MoneySum whole) {
	if (percent.IsZero()) // the common case, without 128-bit products
		return part.units() >= 0;
	// Both sides in 1/10,000 units squared: part × 100 × 10^4 ≥ percent × whole. Amounts stay below
	// 10^17 units and sums of them below 10^23 units, so the products fit in 128 bits.
	return part.units() * 100 * Money::kScale >= static_cast<Units128>(percent.units()) * whole.units();
}

bool
IsSignificantAmount(Money net_open, Money amount, const Policy &policy) {
	if (net_open.units() <= 0 || net_open < policy.item_min_amount)
		return false;
	return ReachesPercent(MoneySum(net_open), policy.item_min_percent, MoneySum(amount));
}

bool
IsSignificant(const ItemPosition &p, const Policy &policy) {
	return IsDueBearing(p.item->kind) && IsSignificantAmount(p.net_open, p.item->amount, policy);
}

std::int64_t
LevelThreshold(const LevelRule &rule, const Policy &policy) {
	return std::max<std::int64_t>(rule.days, static_cast<std::int64_t>(policy.grace_days) + 1);
}

int
LevelForDays(std::int64_t days_overdue, const Policy &policy) {
	int level = 0;
	for (const LevelRule &rule : policy.levels)
		if (rule.days <= days_overdue)
			level = std::max(level, rule.level);
	return level;
}

const LevelRule *
FindLevel(const Policy &policy, int level) {
	for (const LevelRule &rule : policy.levels)
		if (rule.level == level)
			return &rule;
	return nullptr;
}

bool
IntervalPassed(Date d, const History &history, const Policy &policy) {
	return !history.last_letter_date || d.DaysSince(*history.last_letter_date) >= policy.min_interval_days;
}

int
LastLevel(const History &history) {
	return history.last_level.value_or(0);
}

std::pmr::vector<Debt>
DebtsOf(std::span<const ItemPosition> positions, std::pmr::memory_resource *memory) {
	std::pmr::vector<Debt> debts(memory);
	debts.reserve(positions.size());
	InterruptPoll poll;
	for (const ItemPosition &p : positions) {
		poll.Tick();
		const Item &item = *p.item;
		if (!IsDueBearing(item.kind))
			continue;
		Debt d;
		// Due-bearing kinds always have a due date (MakeItem enforces it).
		d.due = item.due->pg_days();
		d.effective_due = p.effective_due->pg_days();
		if (item.hold_until)
			d.hold_until = item.hold_until->pg_days();
		d.instalment = item.kind == ItemKind::kInstallment;
		d.eligible = IsEligible(item);
		d.scheduled = item.IsScheduledPrincipal();
		d.amount = item.amount;
		d.open = item.open;
		d.net_open = p.net_open;
		d.position = &p;
		debts.push_back(d);
	}
	return debts;
}

UnitModel::UnitModel(std::span<const Debt> debts, const Policy &policy, std::pmr::memory_resource *memory)
    : policy_(&policy), claims_(memory), running_(memory), held_(memory) {
	auto take_min = [](std::optional<std::int64_t> &slot, std::int64_t day) {
		if (!slot || day < *slot)
			slot = day;
	};
	// Canonical order is by due date, then item id: claims arrive sorted.
	InterruptPoll poll;
	for (const Debt &d : debts) {
		poll.Tick();
		if (d.scheduled)
			principal_ += d.net_open;
		if (d.net_open.units() <= 0)
			continue;
		const std::int64_t day_after_due = static_cast<std::int64_t>(d.due) + 1;
		take_min(past_due_from_, day_after_due);
		if (!d.eligible)
			continue;
		take_min(free_from_, std::max<std::int64_t>(day_after_due, d.hold_until.value_or(INT32_MIN)));
		if (!IsSignificantAmount(d.net_open, d.amount, policy))
			continue;
		if (d.hold_until)
			held_.push_back(claims_.size());
		claims_.push_back({d.due, d.hold_until ? static_cast<std::int64_t>(*d.hold_until) : kNoHold, d.net_open, &d});
	}
	running_.reserve(claims_.size() + 1);
	running_.push_back(MoneySum());
	for (const Claim &c : claims_) {
		poll.Tick();
		running_.push_back(running_.back() + MoneySum(c.net_open));
	}
}

UnitModel::Qualifying
UnitModel::QualifyingAt(Date d, std::int64_t threshold_days) const {
	// days overdue ≥ threshold ⟺ due ≤ d − threshold; then leave out the claims held on d.
	const std::int64_t day = d.pg_days();
	const std::int64_t latest_due = day - threshold_days;
	auto end = std::upper_bound(claims_.begin(), claims_.end(), latest_due,
	                            [](std::int64_t due, const Claim &c) { return due < c.due; });
	Qualifying q;
	q.end = static_cast<std::size_t>(end - claims_.begin());
	q.amount = running_[q.end];
	q.count = q.end;
	InterruptPoll poll;
	for (std::size_t i : held_) {
		poll.Tick();
		if (i >= q.end)
			break;
		if (claims_[i].HeldOn(day)) {
			q.amount -= MoneySum(claims_[i].net_open);
			--q.count;
		}
	}
	return q;
}

UnitModel::Qualifying
UnitModel::DunnableAt(Date d) const {
	return QualifyingAt(d, static_cast<std::int64_t>(policy_->grace_days) + 1);
}

const UnitModel::Claim *
UnitModel::FirstFreeClaim(std::int64_t day) const {
	InterruptPoll poll;
	for (const Claim &c : claims_) {
		poll.Tick();
		if (!c.HeldOn(day))
			return &c;
	}
	return nullptr;
}

std::optional<std::int64_t>
UnitModel::NextRelease(std::int64_t after) const {
	std::optional<std::int64_t> next;
	InterruptPoll poll;
	for (std::size_t i : held_) {
		poll.Tick();
		if (claims_[i].hold > after && (!next || claims_[i].hold < *next))
			next = claims_[i].hold;
	}
	return next;
}

std::optional<std::int64_t>
UnitModel::NextQualifying(std::int64_t after, std::int64_t threshold_days) const {
	// A claim counts from max(due + threshold, hold): the first claim whose due + threshold lies
	// after `after`, unless a hold moves it later, and then the claims behind it; and the claims
	// before it whose hold ends after `after`.
	std::optional<std::int64_t> next;
	auto offer = [&](std::int64_t day) {
		if (day > after && (!next || day < *next))
			next = day;
	};
	auto it = std::upper_bound(claims_.begin(), claims_.end(), after - threshold_days,
	                           [](std::int64_t day, const Claim &c) { return day < c.due; });
	const std::size_t first = static_cast<std::size_t>(it - claims_.begin());
	InterruptPoll poll;
	for (; it != claims_.end(); ++it) {
		poll.Tick();
		offer(std::max(it->due + threshold_days, it->hold));
		if (it->hold <= it->due + threshold_days)
			break; // later claims are due no earlier
	}
	for (std::size_t i : held_) {
		poll.Tick();
		if (i >= first)
			break;
		offer(claims_[i].hold);
	}
	return next;
}

int
UnitModel::ComputedLevel(Date d) const {
	// Levels are numbered 1..n in order (policy validation), so the first from the top that holds wins.
	for (auto rule = policy_->levels.rbegin(); rule != policy_->levels.rend(); ++rule) {
		Qualifying q = QualifyingAt(d, LevelThreshold(*rule, *policy_));
		if (q.count > 0 && q.amount >= MoneySum(rule->min_amount) &&
		    ReachesPercent(q.amount, rule->min_percent, principal_))
			return rule->level;
	}
	return 0;
}

Decision
UnitModel::Decide(Date d, const History &history) const {
	Decision out;
	out.computed_level = ComputedLevel(d);
	const bool interval_passed = IntervalPassed(d, history, *policy_);
	if (out.computed_level > 0) {
		out.level = policy_->skip_levels ? out.computed_level
		                                 : static_cast<int>(std::min<std::int64_t>(
		                                       out.computed_level, static_cast<std::int64_t>(LastLevel(history)) + 1));
		out.action = interval_passed ? Action::kRemind : Action::kWait;
		return out;
	}
	const std::int64_t day = d.pg_days();
	if (past_due_from_ && day >= *past_due_from_ && !(free_from_ && day >= *free_from_)) {
		out.action = Action::kHold;
		return out;
	}
	// Nothing significant overdue yet, and the first claim not held falls due within pre_due_days.
	const Claim *first = policy_->pre_due_days ? FirstFreeClaim(day) : nullptr;
	if (first) {
		const std::int64_t until_due = first->due - day;
		if (until_due >= 0 && until_due <= *policy_->pre_due_days) {
			out.pre_due_letter = true;
			out.action = interval_passed ? Action::kPreDue : Action::kWait;
		}
	}
	return out;
}

} // namespace dunning::rules
