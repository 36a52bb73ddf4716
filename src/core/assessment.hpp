// The dunning assessment engine (SPEC §6-7): per-item positions, significance, levels and status;
// the unit's computed level, escalation with history, loyalty, action, tone, fee, next review date
// and the reason for the decision.
#pragma once

#include "core/allocation.hpp"
#include "core/balance.hpp"
#include "core/date.hpp"
#include "core/item_set.hpp"
#include "core/policy.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dunning {

enum class ItemStatus {
	kCredit,
	kCharge,
	kSettled,
	kDisputed,
	kOnPlan,
	kHeld,
	kPreDue,
	kNotDue,
	kGrace,
	kInsignificant,
	kOverdue,
};
std::string_view ItemStatusName(ItemStatus status);

struct ItemAssessment {
	ItemPosition position; // item, allocated, net_open, effective due date, days overdue
	bool significant = false;
	int item_level = 0;
	ItemStatus status = ItemStatus::kOverdue;
};

// Per-item assessment (dunning.assess_items), in canonical order (due date, then item id).
std::vector<ItemAssessment> AssessItems(const ItemSet &items, const Policy &policy, Date as_of);

// The unit's dunning history; absent = SQL NULL = no letter yet / no score.
struct History {
	std::optional<int> last_level;
	std::optional<Date> last_letter_date;
	std::optional<Decimal4> loyalty_score; // truncated to 4 decimals
};

enum class Action { kNone, kPreDue, kRemind, kWait, kHold };

// reason_codes (SPEC §7): a set over the core's part of the vocabulary, listed in its fixed order.
class ReasonCodes {
public:
	enum Code : unsigned {
		kLevelReached,
		kEscalationCapped,
		kIntervalNotPassed,
		kBelowLevelMinimum,
		kBelowLevelPercent,
		kItemInsignificant,
		kInGrace,
		kDisputed,
		kHeld,
		kOnPlan,
		kSettledByCredit,
		kInCredit,
		kChargesOnly,
		kPreDue,
		kLoyalFriendly,
		kFeeWaivedLoyalty,
		kFeeWaivedConsumerRules,
		kNothingOverdue,
		kCount
	};
	static constexpr std::array<std::string_view, kCount> kNames = {
	    "level_reached", "escalation_capped", "interval_not_passed", "below_level_minimum", "below_level_percent",
	    "item_insignificant", "in_grace", "disputed", "held", "on_plan", "settled_by_credit", "in_credit",
	    "charges_only", "pre_due", "loyal_friendly", "fee_waived_loyalty", "fee_waived_consumer_rules",
	    "nothing_overdue",
	};

	void
	Set(Code code, bool applies = true) noexcept {
		if (applies)
			mask_ |= std::uint32_t{1} << code;
	}
	bool Has(std::string_view name) const noexcept;
	// One bit per code, in vocabulary order: a key for caching what is built from the set.
	std::uint32_t
	mask() const noexcept {
		return mask_;
	}
	std::size_t size() const noexcept;
	// The codes' names, in vocabulary order.
	std::vector<std::string_view> Names() const;

	friend bool operator==(const ReasonCodes &, const ReasonCodes &) = default;

private:
	std::uint32_t mask_ = 0;
};
std::string_view ActionName(Action action);

struct UnitAssessment {
	int level = 0;
	int computed_level = 0;
	Action action = Action::kNone;
	std::optional<Tone> tone; // absent: no letter (none, hold)
	Money fee;
	BalanceFigures balance; // principal_open … overdue_open (overdue_amount = balance.overdue_open)
	MoneySum dunnable_amount;
	std::optional<std::int64_t> significant_overdue_days;
	std::optional<std::int64_t> oldest_overdue_days;
	std::int64_t items = 0;
	std::int64_t items_overdue = 0;
	std::int64_t items_significant = 0;
	std::optional<Date> next_review_date;
	std::string reason;
	ReasonCodes reason_codes;
};

UnitAssessment AssessUnit(const ItemSet &items, const Policy &policy, Date as_of, const History &history);

} // namespace dunning
