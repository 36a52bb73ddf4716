#include "core/assessment_reason.hpp"

#include "core/interrupt.hpp"

#include <climits>
#include <fmt/format.h>

namespace dunning::rules {

namespace {

// A reason names at most this many items, then "+N more".
constexpr std::size_t kNamed = 3;

// Items behind one finding: the first kNamed in the order added, how many there are, their total.
struct ItemList {
	std::vector<const ItemPosition *> named;
	std::size_t count = 0;
	MoneySum total;

	void
	Add(const ItemPosition &p) {
		if (named.size() < kNamed)
			named.push_back(&p);
		++count;
		total += p.net_open;
	}
	bool
	empty() const {
		return count == 0;
	}
	std::string
	More() const {
		return count > named.size() ? fmt::format(" +{} more", count - named.size()) : std::string();
	}
};

// What the item-level rules found on as_of, beyond the decision itself.
struct Findings {
	ItemList insignificant; // eligible, beyond grace, open, not significant
	bool below_amount = false; // one of them is below item_min_amount
	bool below_percent_only = false; // one of them reaches the amount but not the percentage
	ItemList in_grace;
	bool disputed = false;
	bool held = false;
	bool on_plan = false;
	ItemList settled_by_credit;
	ItemList past_due; // open invoices and instalments past their original due date
	MoneySum charges_open; // net of credit
};

// Levels above the computed one that have dunnable items old enough but too little money.
struct Shortfall {
	bool below_minimum = false;
	bool below_percent = false;
	const LevelRule *lowest = nullptr; // the lowest such level, which the reason names
	bool lowest_below_minimum = false;
	UnitModel::Qualifying lowest_qualifying;
};

Findings
Find(const ReasonInput &in) {
	Findings f;
	InterruptPoll poll;
	for (const ItemPosition &p : in.positions) {
		poll.Tick();
		const Item &item = *p.item;
		const bool open = p.net_open.units() > 0;
		if (open && item.hold_until && *item.hold_until > in.as_of)
			f.held = true;
		if (IsCharge(item.kind))
			f.charges_open += p.net_open;
		if (!IsDueBearing(item.kind))
			continue;
		if (p.allocated.units() > 0 && !open)
			f.settled_by_credit.Add(p);
		if (!open)
			continue;
		f.disputed |= item.disputed;
		f.on_plan |= item.kind == ItemKind::kInvoice && item.on_plan;
		if (*item.due < in.as_of)
			f.past_due.Add(p);
		if (!IsEligible(item))
			continue;
		const std::int64_t days = *p.days_overdue;
		const bool significant = IsSignificant(p, in.policy);
		if (days > in.policy.grace_days && !significant) {
			f.insignificant.Add(p);
			if (p.net_open < in.policy.item_min_amount)
				f.below_amount = true;
			else
				f.below_percent_only = true;
		}
		if (significant && days > 0 && days <= in.policy.grace_days)
			f.in_grace.Add(p);
	}
	return f;
}

Shortfall
FindShortfall(const ReasonInput &in) {
	Shortfall s;
	for (const LevelRule &rule : in.policy.levels) {
		if (rule.level <= in.decision.computed_level)
			continue;
		UnitModel::Qualifying q = in.model.QualifyingAt(in.as_of, LevelThreshold(rule, in.policy));
		if (q.count == 0)
			continue;
		const bool below_minimum = q.amount < MoneySum(rule.min_amount);
		const bool below_percent = !ReachesPercent(q.amount, rule.min_percent, in.model.principal());
		s.below_minimum |= below_minimum;
		s.below_percent |= below_percent;
		if ((below_minimum || below_percent) && (!s.lowest || rule.level < s.lowest->level)) {
			s.lowest = &rule;
			s.lowest_below_minimum = below_minimum;
			s.lowest_qualifying = q;
		}
	}
	return s;
}

// No principal left to dun, only fees and interest.
bool
ChargesOnly(const ReasonInput &in, const Findings &f) {
	return in.model.principal() == MoneySum() && f.charges_open > MoneySum();
}

// Percentages as people write them: "5", "2.5", "0.125".
std::string
FormatPercent(Decimal4 percent) {
	const std::int64_t units = percent.units();
	std::string text = fmt::format("{}", units / Money::kScale);
	std::int64_t fraction = units % Money::kScale;
	if (fraction != 0) {
		std::string digits = fmt::format("{:04}", fraction);
		digits.erase(digits.find_last_not_of('0') + 1);
		text += "." + digits;
	}
	return text;
}

// `d` + `days` in ISO form; past the last finite date, PostgreSQL's infinity.
std::string
IsoDatePlus(Date d, std::int64_t days) {
	const std::int64_t day = d.pg_days() + days;
	if (day >= INT32_MAX)
		return "infinity";
	if (day <= INT32_MIN)
		return "-infinity";
	return Date::FromPgDays(static_cast<std::int32_t>(day)).ToIsoString();
}

std::string_view
ConsumerRulesName(ConsumerRules rules) {
	return rules == ConsumerRules::kBE ? "BE" : "NL";
}

class ReasonWriter {
public:
	ReasonWriter(const ReasonInput &in, const Findings &f, const Shortfall &s) : in_(in), f_(f), s_(s) {
	}

	std::string
	Write() {
		switch (in_.decision.action) {
		case Action::kRemind: {
			const ItemList dunnable = Dunnable();
			Add(fmt::format("level {}: {} overdue {} days ({})", in_.decision.level, Amount(dunnable.total),
			                DunnableDays(), Ids(dunnable)));
			AddLetterDetails();
			break;
		}
		case Action::kWait:
			Add(fmt::format("{} due, waiting until {} (interval {} days since last letter {})",
			                in_.decision.pre_due_letter ? std::string("pre-due reminder")
			                                            : fmt::format("level {}", in_.decision.level),
			                IsoDatePlus(*in_.history.last_letter_date, in_.policy.min_interval_days),
			                in_.policy.min_interval_days, in_.history.last_letter_date->ToIsoString()));
			if (!in_.decision.pre_due_letter)
				AddLetterDetails();
			break;
		case Action::kHold:
			AddHold();
			break;
		case Action::kPreDue:
			AddPreDue();
			break;
		case Action::kNone:
			AddNothingToSend();
			break;
		}
		return text_;
	}

private:
	void
	Add(const std::string &part) {
		if (!text_.empty())
			text_ += "; ";
		text_ += part;
	}

	std::string
	Amount(MoneySum amount) const {
		return fmt::format("{} {}", FormatCentsString(amount), in_.currency);
	}

	static std::string
	Ids(const ItemList &list) {
		std::string text;
		for (const ItemPosition *p : list.named)
			text += (text.empty() ? "" : ", ") + p->item->id;
		return text + list.More();
	}

	std::string
	IdsWithAmounts(const ItemList &list) const {
		std::string text;
		for (const ItemPosition *p : list.named)
			text += fmt::format("{}{} {}", text.empty() ? "" : ", ", p->item->id, Amount(MoneySum(p->net_open)));
		return text + list.More();
	}

	// The dunnable items, most overdue first.
	ItemList
	Dunnable() const {
		UnitModel::Qualifying q = in_.model.DunnableAt(in_.as_of);
		ItemList list;
		for (std::size_t i = 0; i < q.count && i < kNamed; ++i)
			list.named.push_back(in_.model.claims()[i].debt->position);
		list.count = q.count;
		list.total = q.amount;
		return list;
	}

	std::int64_t
	DunnableDays() const {
		return in_.as_of.pg_days() - in_.model.claims().front().effective_due;
	}

	void
	AddIgnored() {
		if (f_.insignificant.empty())
			return;
		std::string amount = Amount(MoneySum(in_.policy.item_min_amount));
		std::string percent = FormatPercent(in_.policy.item_min_percent) + "% of the item amount";
		std::string below = !f_.below_percent_only ? amount
		                    : !f_.below_amount     ? percent
		                                           : fmt::format("{} or {}", amount, percent);
		Add(fmt::format("{} ignored: below {}", IdsWithAmounts(f_.insignificant), below));
	}

	void
	AddShortfall() {
		if (!s_.lowest)
			return;
		const UnitModel::Qualifying &q = s_.lowest_qualifying;
		if (s_.lowest_below_minimum)
			Add(fmt::format("below level minimum: {} overdue, level {} needs {}", Amount(q.amount), s_.lowest->level,
			                Amount(MoneySum(s_.lowest->min_amount))));
		else
			Add(fmt::format("below level percent: {} overdue of {} open, level {} needs {}%", Amount(q.amount),
			                Amount(in_.model.principal()), s_.lowest->level, FormatPercent(s_.lowest->min_percent)));
	}

	// What shaped a letter at a level: ignored items, levels not reached, capping, loyalty, fee.
	void
	AddLetterDetails() {
		AddIgnored();
		AddShortfall();
		if (in_.decision.level < in_.decision.computed_level)
			Add(fmt::format("escalation capped at level {} (computed {})", in_.decision.level,
			                in_.decision.computed_level));
		if (in_.terms.loyal_friendly)
			Add("friendly: loyal customer");
		if (in_.terms.fee_waived_loyalty)
			Add("fee waived: loyal customer");
		const std::string_view rules = ConsumerRulesName(in_.policy.consumer_rules);
		switch (in_.terms.consumer_waiver) {
		case ConsumerWaiver::kNone:
			break;
		case ConsumerWaiver::kFirstReminder:
			Add(fmt::format("no fee: first reminder (consumer rules {})", rules));
			break;
		case ConsumerWaiver::kWaitingPeriod:
			Add(fmt::format("no fee: waiting period until {} (consumer rules {})",
			                in_.terms.fee_allowed_from->ToIsoString(), rules));
			break;
		case ConsumerWaiver::kUnknownLetterDate:
			Add(fmt::format("no fee: date of the previous letter unknown (consumer rules {})", rules));
			break;
		}
	}

	void
	AddHold() {
		// On hold every open item past its original due date is disputed, on a plan or held.
		std::string text = "nothing dunnable: ";
		for (std::size_t i = 0; i < f_.past_due.named.size(); ++i) {
			const Item &item = *f_.past_due.named[i]->item;
			std::string why = item.disputed ? std::string("disputed")
			                  : item.kind == ItemKind::kInvoice && item.on_plan
			                      ? std::string("on payment plan")
			                      : fmt::format("held until {}", item.hold_until->ToIsoString());
			text += fmt::format("{}{} {}", i == 0 ? "" : "; ", item.id, why);
		}
		Add(text);
		if (f_.past_due.count > f_.past_due.named.size())
			Add(fmt::format("+{} more", f_.past_due.count - f_.past_due.named.size()));
	}

	void
	AddPreDue() {
		// Claims come by effective due date, so the window is one run of them.
		ItemList due_soon;
		const auto &claims = in_.model.claims();
		InterruptPoll poll;
		for (const UnitModel::Claim &c : claims) {
			poll.Tick();
			const std::int64_t until_due = c.effective_due - in_.as_of.pg_days();
			if (until_due > *in_.policy.pre_due_days)
				break;
			if (until_due >= 0)
				due_soon.Add(*c.debt->position);
		}
		Add(fmt::format("pre-due reminder: {} due {} ({})", Amount(due_soon.total),
		                due_soon.named.front()->effective_due->ToIsoString(), Ids(due_soon)));
	}

	void
	AddNothingToSend() {
		if (in_.balance.net_balance < MoneySum())
			Add(fmt::format("in credit: net balance {}", Amount(in_.balance.net_balance)));
		if (ChargesOnly(in_, f_))
			Add(fmt::format("only charges open: {}", Amount(f_.charges_open)));
		AddShortfall();
		AddIgnored();
		if (!f_.in_grace.empty())
			Add(fmt::format("in grace: {} (grace {} days)", Ids(f_.in_grace), in_.policy.grace_days));
		if (in_.nothing_overdue && text_.empty())
			Add("nothing overdue");
		if (!f_.settled_by_credit.empty())
			Add(fmt::format("settled by credit: {}", Ids(f_.settled_by_credit)));
		if (text_.empty())
			Add("nothing dunnable");
	}

	const ReasonInput &in_;
	const Findings &f_;
	const Shortfall &s_;
	std::string text_;
};

} // namespace

Explanation
Explain(const ReasonInput &in) {
	const Findings f = Find(in);
	const Shortfall s = FindShortfall(in);
	const Action action = in.decision.action;

	Explanation out;
	auto code = [&](bool applies, const char *name) {
		if (applies)
			out.codes.emplace_back(name);
	};
	code(action == Action::kRemind, "level_reached");
	code(in.decision.level < in.decision.computed_level, "escalation_capped");
	code(action == Action::kWait, "interval_not_passed");
	code(s.below_minimum, "below_level_minimum");
	code(s.below_percent, "below_level_percent");
	code(!f.insignificant.empty(), "item_insignificant");
	code(!f.in_grace.empty(), "in_grace");
	code(f.disputed, "disputed");
	code(f.held, "held");
	code(f.on_plan, "on_plan");
	code(!f.settled_by_credit.empty(), "settled_by_credit");
	code(in.balance.net_balance < MoneySum(), "in_credit");
	code(ChargesOnly(in, f), "charges_only");
	code(action == Action::kPreDue, "pre_due");
	code(in.terms.loyal_friendly, "loyal_friendly");
	code(in.terms.fee_waived_loyalty, "fee_waived_loyalty");
	code(in.terms.consumer_waiver != ConsumerWaiver::kNone, "fee_waived_consumer_rules");
	code(in.nothing_overdue, "nothing_overdue");
	out.reason = ReasonWriter(in, f, s).Write();
	return out;
}

} // namespace dunning::rules
