// Decodes fuzz input into a dunning unit: reference date, a valid policy, history and items, with
// the duplicate ids and mixed currencies that must be rejected. Shared by the assessment and the
// aggregate-state targets. Dates stay within PostgreSQL's date range (4714-11-24 BC to
// 5874897-12-31), since no SQL date lies outside it, but reach both ends.
#pragma once

#include "core/assess_state.hpp"
#include "core/assessment.hpp"
#include "core/item.hpp"
#include "core/policy.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace dunning::fuzz {

inline Date
ClampedDay(std::int64_t day) {
	return Date::FromPgDays(static_cast<std::int32_t>(std::clamp<std::int64_t>(day, Date::kFirstPgDay, Date::kLastPgDay)));
}

struct Unit {
	Date as_of;
	Policy policy;
	History history;
	std::vector<Item> items;
	// What the unit-wide checks must say, worked out independently.
	bool duplicate_ids = false;
	std::set<std::string> currencies; // item currencies, empty ones as ""
};

inline Money
SmallAmount(FuzzedDataProvider &in) {
	switch (in.ConsumeIntegralInRange(0, 7)) {
	case 0:
		return Money();
	case 1: // up to 10^13 − 1/10,000: the largest amounts there are
		return Money::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, Money::kLimitUnits - 1));
	case 2: // whole units
		return Money::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, 200) * Money::kScale);
	default: // 0 .. 10,000 with 4 decimals
		return Money::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, 100'000'000));
	}
}

inline Decimal4
Percent(FuzzedDataProvider &in) {
	return in.ConsumeBool() ? Decimal4() : Decimal4::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, 1'000'000));
}

inline int
DayCount(FuzzedDataProvider &in) {
	return in.ConsumeIntegralInRange(0, 15) == 0 ? in.ConsumeIntegralInRange(0, 100'000)
	                                             : in.ConsumeIntegralInRange(0, 40);
}

inline Policy
DecodePolicy(FuzzedDataProvider &in) {
	Policy p;
	if (in.ConsumeIntegralInRange(0, 7) == 0)
		return p; // the defaults
	p.currency = in.ConsumeIntegralInRange(0, 3) == 0 ? "USD" : "EUR";
	p.grace_days = DayCount(in);
	p.item_min_amount = in.ConsumeBool() ? Money() : SmallAmount(in);
	p.item_min_percent = Percent(in);
	p.allocation = in.ConsumeIntegralInRange(0, 3) == 0 ? AllocationRule::kNone : AllocationRule::kOldestFirst;
	if (in.ConsumeBool())
		p.pre_due_days = DayCount(in);
	p.min_interval_days = DayCount(in);
	p.skip_levels = in.ConsumeBool();
	p.consumer_rules = static_cast<ConsumerRules>(in.ConsumeIntegralInRange(0, 2));
	if (in.ConsumeIntegralInRange(0, 3) != 0) {
		p.levels.clear();
		const int count = in.ConsumeIntegralInRange(0, 6);
		int days = in.ConsumeIntegralInRange(0, 5);
		for (int level = 1; level <= count && days <= 100'000; ++level) {
			LevelRule rule;
			rule.level = level;
			rule.days = days;
			rule.min_amount = in.ConsumeBool() ? Money() : SmallAmount(in);
			rule.min_percent = Percent(in);
			rule.fee = in.ConsumeBool() ? Money() : SmallAmount(in);
			rule.tone = static_cast<Tone>(in.ConsumeIntegralInRange(0, 4));
			p.levels.push_back(rule);
			days += in.ConsumeIntegralInRange(0, 15) == 0 ? in.ConsumeIntegralInRange(1, 50'000)
			                                              : in.ConsumeIntegralInRange(1, 30);
		}
	}
	p.loyalty.min_score = Decimal4::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, Money::kScale));
	p.loyalty.min_history = in.ConsumeIntegralInRange(0, 12);
	p.loyalty.waive_fees = in.ConsumeBool();
	return p;
}

inline Date
DecodeAsOf(FuzzedDataProvider &in) {
	const Date base = Date::FromCivil(2026, 3, 1);
	switch (in.ConsumeIntegralInRange(0, 15)) {
	case 0:
		return ClampedDay(std::int64_t{Date::kFirstPgDay} + in.ConsumeIntegralInRange(0, 400));
	case 1:
		return ClampedDay(std::int64_t{Date::kLastPgDay} - in.ConsumeIntegralInRange(0, 400));
	default:
		return ClampedDay(base.pg_days() + in.ConsumeIntegralInRange(-30, 30));
	}
}

// A date near `as_of`, or now and then at either end of the range.
inline Date
NearDate(FuzzedDataProvider &in, Date as_of) {
	switch (in.ConsumeIntegralInRange(0, 31)) {
	case 0:
		return ClampedDay(std::int64_t{Date::kFirstPgDay} + in.ConsumeIntegralInRange(0, 100));
	case 1:
		return ClampedDay(std::int64_t{Date::kLastPgDay} - in.ConsumeIntegralInRange(0, 100));
	default:
		return ClampedDay(static_cast<std::int64_t>(as_of.pg_days()) + in.ConsumeIntegralInRange(-120, 60));
	}
}

inline History
DecodeHistory(FuzzedDataProvider &in, Date as_of, const Policy &policy) {
	History h;
	if (in.ConsumeBool())
		h.last_level = in.ConsumeIntegralInRange(0, static_cast<int>(policy.levels.size()) + 2);
	if (in.ConsumeBool())
		h.last_letter_date = ClampedDay(static_cast<std::int64_t>(as_of.pg_days()) - in.ConsumeIntegralInRange(-5, 60));
	if (in.ConsumeBool())
		h.loyalty_score = Decimal4::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(-10'000, 20'000));
	return h;
}

// Item ids "I0", "I1", ...: items view their ids, so the texts live as long as the program.
inline std::string_view
IdText(int n) {
	static const std::vector<std::string> ids = [] {
		std::vector<std::string> texts;
		for (int i = 0; i <= 4 * 40 + 8; ++i)
			texts.push_back("I" + std::to_string(i));
		return texts;
	}();
	return ids.at(static_cast<std::size_t>(n));
}

inline Item
DecodeItem(FuzzedDataProvider &in, Date as_of, int id_space, const Policy &policy) {
	Item item;
	item.id = IdText(in.ConsumeIntegralInRange(0, id_space));
	item.kind = static_cast<ItemKind>(in.ConsumeIntegralInRange(0, 6));
	// Invoices and instalments most of the time: they are what the rules are about.
	if (in.ConsumeBool())
		item.kind = in.ConsumeIntegralInRange(0, 3) == 0 ? ItemKind::kInstallment : ItemKind::kInvoice;
	item.amount = SmallAmount(in);
	switch (in.ConsumeIntegralInRange(0, 3)) {
	case 0:
		item.open = item.amount;
		break;
	case 1:
		item.open = Money();
		break;
	default:
		item.open = Money::FromUnits(in.ConsumeIntegralInRange<std::int64_t>(0, item.amount.units()));
	}
	if (IsDueBearing(item.kind) || in.ConsumeIntegralInRange(0, 3) != 0)
		item.due = NearDate(in, as_of);
	item.doc = item.due;
	switch (in.ConsumeIntegralInRange(0, 15)) {
	case 0:
		item.currency = policy.currency;
		break;
	case 1:
		item.currency = "USD";
		break;
	case 2:
		item.currency = "EUR";
		break;
	default:
		break;
	}
	item.disputed = in.ConsumeIntegralInRange(0, 7) == 0;
	item.on_plan = in.ConsumeIntegralInRange(0, 7) == 0;
	if (in.ConsumeIntegralInRange(0, 5) == 0)
		item.hold_until = NearDate(in, as_of);
	return item;
}

inline Unit
DecodeUnit(FuzzedDataProvider &in) {
	Unit u;
	u.as_of = DecodeAsOf(in);
	u.policy = DecodePolicy(in);
	u.history = DecodeHistory(in, u.as_of, u.policy);
	const int count = in.ConsumeIntegralInRange(0, 40);
	// A large id space makes duplicates rare but possible.
	const int id_space = in.ConsumeIntegralInRange(0, 7) == 0 ? count : 4 * count + 8;
	std::set<std::string> ids;
	for (int i = 0; i < count && in.remaining_bytes() > 0; ++i) {
		u.items.push_back(DecodeItem(in, u.as_of, id_space, u.policy));
		u.duplicate_ids |= !ids.insert(std::string(u.items.back().id)).second;
		u.currencies.insert(std::string(u.items.back().currency.view()));
	}
	return u;
}

// Whether one unit-wide currency results when empty item currencies mean `policy_currency`.
inline bool
MixedCurrencies(const std::set<std::string> &currencies, std::string_view policy_currency) {
	std::set<std::string> effective;
	for (const std::string &c : currencies)
		effective.insert(c.empty() ? std::string(policy_currency) : c);
	return effective.size() > 1;
}

// A policy that names a currency refuses a unit in another one (SPEC §4).
inline bool
PolicyRefuses(const std::set<std::string> &currencies, std::string_view policy_currency) {
	if (policy_currency.empty())
		return false;
	for (const std::string &c : currencies)
		if (!c.empty() && c != policy_currency)
			return true;
	return false;
}

// The transition function's group-constant arguments for a unit, as the glue passes them. The
// row's views point into the texts held here, so the holder stays where it is while it is used.
class UnitRow {
public:
	explicit UnitRow(const Unit &u)
	    : policy_text_(FormatPolicy(u.policy)),
	      score_(u.history.loyalty_score ? FormatExact(*u.history.loyalty_score) : std::string()) {
		row_.as_of = u.as_of.pg_days();
		row_.policy_bytes = policy_text_;
		row_.policy_text = policy_text_;
		row_.last_level = u.history.last_level;
		if (u.history.last_letter_date)
			row_.last_letter_date = u.history.last_letter_date->pg_days();
		if (u.history.loyalty_score)
			row_.score_text = score_;
	}
	UnitRow(const UnitRow &) = delete;
	UnitRow &operator=(const UnitRow &) = delete;

	const AssessRow &
	row() const {
		return row_;
	}

private:
	std::string policy_text_;
	std::string score_;
	AssessRow row_;
};

} // namespace dunning::fuzz
