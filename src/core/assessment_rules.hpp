// The rules of the assessment engine (SPEC §6-7) that its parts share: which items a letter may be
// about, and the unit's decision (action, level) as a function of the reference date. Internal to
// src/core: AssessItems, AssessUnit, the reason and the next review date all go through here, so
// the decision for today and for a future date can never disagree.
//
// The decision depends on the items only through a few figures of one credit allocation: the
// eligible significant items ("claims") sorted by due date with running sums, the few of them that
// carry a hold, the unit's net open principal, and two dates for the hold rule. Days overdue count
// from the due date and a hold only suspends (SPEC §6.2): a claim counts toward a level on day d
// when d − due ≥ the level's days and its hold_until is not after d. With those figures, deciding
// for any date costs O(levels × (log n + h)) for h claims with a hold, which is what lets the next
// review date look ahead cheaply on huge units.
#pragma once

#include "core/allocation.hpp"
#include "core/assessment.hpp"
#include "core/policy.hpp"

#include <climits>
#include <cstdint>
#include <memory_resource>
#include <optional>
#include <span>
#include <vector>

namespace dunning::rules {

// Invoices outside disputes and plans, and undisputed instalments.
bool IsEligible(const Item &item);
// SPEC §6.4, in exact integer arithmetic; fees, interest and credits never are.
bool IsSignificant(const ItemPosition &p, const Policy &policy);
// The same for an invoice or instalment with `net_open` left of its `amount`.
bool IsSignificantAmount(Money net_open, Money amount, const Policy &policy);
// `part` × 100 ≥ `percent` × `whole`, exactly.
bool ReachesPercent(MoneySum part, Decimal4 percent, MoneySum whole);
// Days overdue from which an item counts toward `rule`: the level's days, and always beyond grace.
std::int64_t LevelThreshold(const LevelRule &rule, const Policy &policy);
// The highest level whose days ≤ `days_overdue`; 0 when none.
int LevelForDays(std::int64_t days_overdue, const Policy &policy);
// The rule of level number `level`, or nullptr.
const LevelRule *FindLevel(const Policy &policy, int level);
// A new letter needs min_interval_days since the last one.
bool IntervalPassed(Date d, const History &history, const Policy &policy);
// last_level, NULL meaning no letter in this episode.
int LastLevel(const History &history);

struct Decision {
	Action action = Action::kNone;
	int level = 0; // the letter's level for remind and wait, else 0
	int computed_level = 0;
	bool pre_due_letter = false; // the letter sent or waited for is a pre-due reminder

	// What the next review date watches: a change of either is a change of the decision.
	bool
	SameOutcome(const Decision &other) const {
		return action == other.action && level == other.level;
	}
};

// An invoice or instalment as the decision sees it: a compact copy of its position, so that the
// decision can be re-taken for later dates (with credit allocated anew) without touching the items.
struct Debt {
	std::int32_t due; // PostgreSQL day numbers
	std::int32_t effective_due;
	std::optional<std::int32_t> hold_until;
	bool instalment;
	bool eligible; // IsEligible
	bool scheduled; // Item::IsScheduledPrincipal
	Money amount;
	Money open;
	Money net_open; // after credit allocation
	const ItemPosition *position; // as of the assessment date: names the item in reasons
};

// The invoices and instalments of `positions`, in the same (canonical) order.
std::pmr::vector<Debt> DebtsOf(std::span<const ItemPosition> positions, std::pmr::memory_resource *memory);

class UnitModel {
public:
	// An eligible significant item: what a letter could be about once it is beyond grace and not held.
	struct Claim {
		std::int64_t due; // PostgreSQL day numbers
		std::int64_t hold; // hold_until, kNoHold without one
		Money net_open;
		const Debt *debt;

		// hold_until is after `day`: not dunnable on that day (SPEC §6.6).
		bool
		HeldOn(std::int64_t day) const {
			return hold > day;
		}
	};
	static constexpr std::int64_t kNoHold = INT64_MIN;
	struct Qualifying {
		MoneySum amount;
		std::size_t count = 0; // the claims counted
		std::size_t end = 0; // they are the claims of [0, end) not held on the day asked for
	};

	// `debts` (in canonical order) and `policy` must outlive the model.
	UnitModel(std::span<const Debt> debts, const Policy &policy, std::pmr::memory_resource *memory);

	// Claims with days overdue ≥ `threshold_days` on date `d` and not held on it.
	Qualifying QualifyingAt(Date d, std::int64_t threshold_days) const;
	// The claim due first among those not held on `day`; nullptr when none.
	const Claim *FirstFreeClaim(std::int64_t day) const;
	// The first day after `after` on which a claim's hold ends; absent when none.
	std::optional<std::int64_t> NextRelease(std::int64_t after) const;
	// The first day after `after` on which a claim starts to count toward a level whose threshold
	// is `threshold_days`; absent when none.
	std::optional<std::int64_t> NextQualifying(std::int64_t after, std::int64_t threshold_days) const;
	// Dunnable items on `d`: claims beyond grace.
	Qualifying DunnableAt(Date d) const;
	int ComputedLevel(Date d) const;
	Decision Decide(Date d, const History &history) const;

	// Sorted by due date (most overdue first), ties in canonical order.
	const std::pmr::vector<Claim> &
	claims() const {
		return claims_;
	}
	// Net open scheduled principal (invoices not on a plan, instalments; disputed included).
	MoneySum
	principal() const {
		return principal_;
	}
	// From this day on some open invoice or instalment is past its original due date.
	std::optional<std::int64_t>
	past_due_from() const {
		return past_due_from_;
	}
	// From this day on some eligible open item is past its original due date and not held.
	std::optional<std::int64_t>
	free_from() const {
		return free_from_;
	}

private:
	const Policy *policy_;
	std::pmr::vector<Claim> claims_;
	std::pmr::vector<MoneySum> running_; // running_[i]: Σ net_open of claims_[0, i)
	std::pmr::vector<std::size_t> held_; // the claims with a hold, in claims_ order
	MoneySum principal_;
	std::optional<std::int64_t> past_due_from_;
	std::optional<std::int64_t> free_from_;
};

} // namespace dunning::rules
