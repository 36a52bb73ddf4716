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
	std::array<const ItemPosition *, kNamed> named{};
	std::size_t named_count = 0;
	std::size_t count = 0;
	MoneySum total;

	void
	Name(const ItemPosition &p) {
		if (named_count < kNamed)
			named[named_count++] = &p;
	}
	void
	Add(const ItemPosition &p) {
		Name(p);
		++count;
		total += p.net_open;
	}
	bool
	empty() const {
		return count == 0;
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
		if (open && p.held)
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
		if (!IsEligible(item) || p.held)
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

// Appends pieces of the reason to one buffer: the reason is built for every unit of every
// assessment, so no piece is formatted into a string of its own.
class Text {
public:
	explicit Text(std::string &out) : out_(out) {
	}
	// Starts a part of the reason: parts are separated by "; ".
	Text &
	Part() {
		if (!out_.empty())
			out_ += "; ";
		return *this;
	}
	Text &
	operator<<(std::string_view s) {
		out_ += s;
		return *this;
	}
	Text &
	operator<<(char c) {
		out_ += c;
		return *this;
	}
	Text &
	Int(std::int64_t n) {
		fmt::format_int text(n);
		out_.append(text.data(), text.size());
		return *this;
	}
	Text &
	Cents(MoneySum amount) {
		return *this << std::string_view(FormatCents(amount).text);
	}
	// Percentages as people write them: "5", "2.5", "0.125".
	Text &
	Percent(Decimal4 percent) {
		const std::int64_t units = percent.units();
		Int(units / Money::kScale);
		std::int64_t fraction = units % Money::kScale;
		if (fraction != 0) {
			char digits[4];
			for (int i = 3; i >= 0; --i, fraction /= 10)
				digits[i] = static_cast<char>('0' + fraction % 10);
			std::size_t length = 4;
			while (digits[length - 1] == '0')
				--length;
			*this << '.' << std::string_view(digits, length);
		}
		return *this;
	}
	// `d` + `days` in ISO form; past the last finite date, PostgreSQL's infinity.
	Text &
	IsoDatePlus(Date d, std::int64_t days) {
		const std::int64_t day = d.pg_days() + days;
		if (day >= INT32_MAX)
			return *this << "infinity";
		if (day <= INT32_MIN)
			return *this << "-infinity";
		return *this << Date::FromPgDays(static_cast<std::int32_t>(day)).ToIsoString();
	}

private:
	std::string &out_;
};

std::string_view
ConsumerRulesName(ConsumerRules rules) {
	return rules == ConsumerRules::kBE ? "BE" : "NL";
}

class ReasonWriter {
public:
	ReasonWriter(const ReasonInput &in, const Findings &f, const Shortfall &s, std::string &out)
	    : in_(in), f_(f), s_(s), out_(out), text_(out) {
	}

	void
	Write() {
		switch (in_.decision.action) {
		case Action::kRemind: {
			const ItemList dunnable = Dunnable();
			text_.Part() << "level ";
			text_.Int(in_.decision.level) << ": ";
			Amount(dunnable.total) << " overdue ";
			text_.Int(DunnableDays()) << " days (";
			Ids(dunnable) << ')';
			AddLetterDetails();
			break;
		}
		case Action::kWait:
			text_.Part();
			if (in_.decision.pre_due_letter)
				text_ << "pre-due reminder";
			else
				text_ << "level ", text_.Int(in_.decision.level);
			text_ << " due, waiting until ";
			text_.IsoDatePlus(*in_.history.last_letter_date, in_.policy.min_interval_days) << " (interval ";
			text_.Int(in_.policy.min_interval_days) << " days since last letter "
			                                        << in_.history.last_letter_date->ToIsoString() << ')';
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
	}

private:
	Text &
	Amount(MoneySum amount) {
		return text_.Cents(amount) << ' ' << in_.currency;
	}

	Text &
	More(const ItemList &list) {
		if (list.count > list.named_count) {
			text_ << " +";
			text_.Int(static_cast<std::int64_t>(list.count - list.named_count)) << " more";
		}
		return text_;
	}

	Text &
	Ids(const ItemList &list) {
		for (std::size_t i = 0; i < list.named_count; ++i) {
			if (i > 0)
				text_ << ", ";
			text_ << list.named[i]->item->id;
		}
		return More(list);
	}

	Text &
	IdsWithAmounts(const ItemList &list) {
		for (std::size_t i = 0; i < list.named_count; ++i) {
			if (i > 0)
				text_ << ", ";
			text_ << list.named[i]->item->id << ' ';
			Amount(MoneySum(list.named[i]->net_open));
		}
		return More(list);
	}

	// The dunnable items, most overdue first.
	ItemList
	Dunnable() const {
		UnitModel::Qualifying q = in_.model.DunnableAt(in_.as_of);
		ItemList list;
		const auto &claims = in_.model.claims();
		for (std::size_t i = 0; i < q.end && list.named_count < kNamed; ++i)
			if (!claims[i].HeldOn(in_.as_of.pg_days()))
				list.Name(*claims[i].debt->position);
		list.count = q.count;
		list.total = q.amount;
		return list;
	}

	std::int64_t
	DunnableDays() const {
		return in_.as_of.pg_days() - in_.model.FirstFreeClaim(in_.as_of.pg_days())->due;
	}

	void
	AddIgnored() {
		if (f_.insignificant.empty())
			return;
		text_.Part();
		IdsWithAmounts(f_.insignificant) << " ignored: below ";
		if (!f_.below_percent_only || f_.below_amount)
			Amount(MoneySum(in_.policy.item_min_amount));
		if (f_.below_percent_only && f_.below_amount)
			text_ << " or ";
		if (f_.below_percent_only)
			text_.Percent(in_.policy.item_min_percent) << "% of the item amount";
	}

	void
	AddShortfall() {
		if (!s_.lowest)
			return;
		const UnitModel::Qualifying &q = s_.lowest_qualifying;
		text_.Part();
		if (s_.lowest_below_minimum) {
			text_ << "below level minimum: ";
			Amount(q.amount) << " overdue, level ";
			text_.Int(s_.lowest->level) << " needs ";
			Amount(MoneySum(s_.lowest->min_amount));
		} else {
			text_ << "below level percent: ";
			Amount(q.amount) << " overdue of ";
			Amount(in_.model.principal()) << " open, level ";
			text_.Int(s_.lowest->level) << " needs ";
			text_.Percent(s_.lowest->min_percent) << '%';
		}
	}

	// What shaped a letter at a level: ignored items, levels not reached, capping, loyalty, fee.
	void
	AddLetterDetails() {
		AddIgnored();
		AddShortfall();
		if (in_.decision.level < in_.decision.computed_level) {
			text_.Part() << "escalation capped at level ";
			text_.Int(in_.decision.level) << " (computed ";
			text_.Int(in_.decision.computed_level) << ')';
		}
		if (in_.terms.loyal_friendly)
			text_.Part() << "friendly: loyal customer";
		if (in_.terms.fee_waived_loyalty)
			text_.Part() << "fee waived: loyal customer";
		const std::string_view rules = ConsumerRulesName(in_.policy.consumer_rules);
		switch (in_.terms.consumer_waiver) {
		case ConsumerWaiver::kNone:
			break;
		case ConsumerWaiver::kFirstReminder:
			text_.Part() << "no fee: first reminder (consumer rules " << rules << ')';
			break;
		case ConsumerWaiver::kWaitingPeriod:
			text_.Part() << "no fee: waiting period until " << in_.terms.fee_allowed_from->ToIsoString()
			             << " (consumer rules " << rules << ')';
			break;
		case ConsumerWaiver::kUnknownLetterDate:
			text_.Part() << "no fee: date of the previous letter unknown (consumer rules " << rules << ')';
			break;
		}
	}

	void
	AddHold() {
		// On hold every open item past its original due date is disputed, on a plan or held.
		text_.Part() << "nothing dunnable: ";
		for (std::size_t i = 0; i < f_.past_due.named_count; ++i) {
			const Item &item = *f_.past_due.named[i]->item;
			if (i > 0)
				text_ << "; ";
			text_ << item.id << ' ';
			if (item.disputed)
				text_ << "disputed";
			else if (item.kind == ItemKind::kInvoice && item.on_plan)
				text_ << "on payment plan";
			else
				text_ << "held until " << item.hold_until->ToIsoString();
		}
		if (f_.past_due.count > f_.past_due.named_count) {
			text_.Part() << '+';
			text_.Int(static_cast<std::int64_t>(f_.past_due.count - f_.past_due.named_count)) << " more";
		}
	}

	void
	AddPreDue() {
		// Claims come by due date, so the window is one run of them; held ones are not reminded.
		ItemList due_soon;
		const auto &claims = in_.model.claims();
		const std::int64_t today = in_.as_of.pg_days();
		InterruptPoll poll;
		for (const UnitModel::Claim &c : claims) {
			poll.Tick();
			const std::int64_t until_due = c.due - today;
			if (until_due > *in_.policy.pre_due_days)
				break;
			if (until_due >= 0 && !c.HeldOn(today))
				due_soon.Add(*c.debt->position);
		}
		text_.Part() << "pre-due reminder: ";
		Amount(due_soon.total) << " due " << due_soon.named[0]->item->due->ToIsoString() << " (";
		Ids(due_soon) << ')';
	}

	void
	AddNothingToSend() {
		if (in_.balance.net_balance < MoneySum()) {
			text_.Part() << "in credit: net balance ";
			Amount(in_.balance.net_balance);
		}
		if (ChargesOnly(in_, f_)) {
			text_.Part() << "only charges open: ";
			Amount(f_.charges_open);
		}
		AddShortfall();
		AddIgnored();
		if (!f_.in_grace.empty()) {
			text_.Part() << "in grace: ";
			Ids(f_.in_grace) << " (grace ";
			text_.Int(in_.policy.grace_days) << " days)";
		}
		if (in_.nothing_overdue && out_.empty())
			text_.Part() << "nothing overdue";
		if (!f_.settled_by_credit.empty()) {
			text_.Part() << "settled by credit: ";
			Ids(f_.settled_by_credit);
		}
		if (out_.empty())
			text_.Part() << "nothing dunnable";
	}

	const ReasonInput &in_;
	const Findings &f_;
	const Shortfall &s_;
	const std::string &out_;
	Text text_;
};

} // namespace

Explanation
Explain(const ReasonInput &in) {
	const Findings f = Find(in);
	const Shortfall s = FindShortfall(in);
	const Action action = in.decision.action;

	Explanation out;
	ReasonCodes &codes = out.codes;
	codes.Set(ReasonCodes::kLevelReached, action == Action::kRemind);
	codes.Set(ReasonCodes::kEscalationCapped, in.decision.level < in.decision.computed_level);
	codes.Set(ReasonCodes::kIntervalNotPassed, action == Action::kWait);
	codes.Set(ReasonCodes::kBelowLevelMinimum, s.below_minimum);
	codes.Set(ReasonCodes::kBelowLevelPercent, s.below_percent);
	codes.Set(ReasonCodes::kItemInsignificant, !f.insignificant.empty());
	codes.Set(ReasonCodes::kInGrace, !f.in_grace.empty());
	codes.Set(ReasonCodes::kDisputed, f.disputed);
	codes.Set(ReasonCodes::kHeld, f.held);
	codes.Set(ReasonCodes::kOnPlan, f.on_plan);
	codes.Set(ReasonCodes::kSettledByCredit, !f.settled_by_credit.empty());
	codes.Set(ReasonCodes::kInCredit, in.balance.net_balance < MoneySum());
	codes.Set(ReasonCodes::kChargesOnly, ChargesOnly(in, f));
	codes.Set(ReasonCodes::kPreDue, action == Action::kPreDue);
	codes.Set(ReasonCodes::kLoyalFriendly, in.terms.loyal_friendly);
	codes.Set(ReasonCodes::kFeeWaivedLoyalty, in.terms.fee_waived_loyalty);
	codes.Set(ReasonCodes::kFeeWaivedConsumerRules, in.terms.consumer_waiver != ConsumerWaiver::kNone);
	codes.Set(ReasonCodes::kNothingOverdue, in.nothing_overdue);
	out.reason.reserve(160);
	ReasonWriter(in, f, s, out.reason).Write();
	return out;
}

} // namespace dunning::rules
