#include "core/assessment_rules.hpp"

#include <algorithm>

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
	// Both sides in 1/10,000 units squared: part × 100 × 10^4 ≥ percent × whole. Amounts stay below
	// 10^17 units and sums of them below 10^23 units, so the products fit in 128 bits.
	return part.units() * 100 * Money::kScale >= static_cast<Units128>(percent.units()) * whole.units();
}

bool
IsSignificant(const ItemPosition &p, const Policy &policy) {
	const Item &item = *p.item;
	if (!IsDueBearing(item.kind) || p.net_open.units() <= 0 || p.net_open < policy.item_min_amount)
		return false;
	return ReachesPercent(MoneySum(p.net_open), policy.item_min_percent, MoneySum(item.amount));
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

UnitModel::UnitModel(const std::vector<ItemPosition> &positions, const Policy &policy) : policy_(&policy) {
	auto take_min = [](std::optional<std::int64_t> &slot, std::int64_t day) {
		if (!slot || day < *slot)
			slot = day;
	};
	for (const ItemPosition &p : positions) {
		const Item &item = *p.item;
		if (!IsDueBearing(item.kind))
			continue;
		if (item.IsScheduledPrincipal())
			principal_ += p.net_open;
		if (p.net_open.units() <= 0)
			continue;
		// Due-bearing kinds always have a due date (MakeItem enforces it).
		const std::int64_t day_after_due = static_cast<std::int64_t>(item.due->pg_days()) + 1;
		take_min(past_due_from_, day_after_due);
		if (!IsEligible(item))
			continue;
		std::int64_t free = day_after_due;
		if (item.hold_until)
			free = std::max<std::int64_t>(free, item.hold_until->pg_days());
		take_min(free_from_, free);
		if (IsSignificant(p, policy))
			claims_.push_back({p.effective_due->pg_days(), p.net_open, &p});
	}
	// Canonical order is by due date, so only held items are out of place; stable keeps ties canonical.
	auto by_due = [](const Claim &a, const Claim &b) { return a.effective_due < b.effective_due; };
	if (!std::is_sorted(claims_.begin(), claims_.end(), by_due))
		std::stable_sort(claims_.begin(), claims_.end(), by_due);
	running_.reserve(claims_.size() + 1);
	running_.push_back(MoneySum());
	for (const Claim &c : claims_)
		running_.push_back(running_.back() + MoneySum(c.net_open));
}

UnitModel::Qualifying
UnitModel::QualifyingAt(Date d, std::int64_t threshold_days) const {
	// days overdue ≥ threshold ⟺ effective due ≤ d − threshold
	const std::int64_t latest_due = static_cast<std::int64_t>(d.pg_days()) - threshold_days;
	auto end = std::upper_bound(claims_.begin(), claims_.end(), latest_due,
	                            [](std::int64_t day, const Claim &c) { return day < c.effective_due; });
	std::size_t count = static_cast<std::size_t>(end - claims_.begin());
	return {running_[count], count};
}

UnitModel::Qualifying
UnitModel::DunnableAt(Date d) const {
	return QualifyingAt(d, static_cast<std::int64_t>(policy_->grace_days) + 1);
}

int
UnitModel::ComputedLevel(Date d) const {
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
	// Nothing significant overdue yet, and the first claim falls due within pre_due_days.
	if (policy_->pre_due_days && !claims_.empty()) {
		const std::int64_t until_due = claims_.front().effective_due - day;
		if (until_due >= 0 && until_due <= *policy_->pre_due_days) {
			out.pre_due_letter = true;
			out.action = interval_passed ? Action::kPreDue : Action::kWait;
		}
	}
	return out;
}

} // namespace dunning::rules
