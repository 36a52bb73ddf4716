// The entry points of the assessment engine. The rules live in assessment_rules.cpp, the letter's
// tone and fee in assessment_letter.cpp, the explanation in assessment_reason.cpp and the look-ahead
// in assessment_next_review.cpp; this file puts them together for one unit.
#include "core/assessment.hpp"

#include "core/assessment_letter.hpp"
#include "core/assessment_next_review.hpp"
#include "core/assessment_reason.hpp"
#include "core/assessment_rules.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/scratch.hpp"

#include <array>
#include <fmt/format.h>

namespace dunning {

namespace {

constexpr std::array<std::string_view, 11> kStatusNames = {
    "credit",  "charge",  "settled", "disputed",      "on_plan", "held",
    "pre_due", "not_due", "grace",   "insignificant", "overdue",
};
constexpr std::array<std::string_view, 5> kActionNames = {"none", "pre_due", "remind", "wait", "hold"};

// SPEC §6.6: the first status that applies.
ItemStatus
StatusOf(const ItemPosition &p, bool significant, const Policy &policy) {
	const Item &item = *p.item;
	if (IsCredit(item.kind))
		return ItemStatus::kCredit;
	if (IsCharge(item.kind))
		return ItemStatus::kCharge;
	if (p.net_open.IsZero())
		return ItemStatus::kSettled;
	if (item.disputed)
		return ItemStatus::kDisputed;
	if (item.kind == ItemKind::kInvoice && item.on_plan)
		return ItemStatus::kOnPlan;
	if (p.held)
		return ItemStatus::kHeld;
	const std::int64_t days = *p.days_overdue;
	if (policy.pre_due_days && days <= 0 && -days <= *policy.pre_due_days)
		return ItemStatus::kPreDue;
	if (days <= 0)
		return ItemStatus::kNotDue;
	if (days <= policy.grace_days)
		return ItemStatus::kGrace;
	return significant ? ItemStatus::kOverdue : ItemStatus::kInsignificant;
}

// History comes from SQL arguments; values the rules cannot mean anything with are 22023.
void
CheckHistory(const History &history) {
	if (history.last_level && *history.last_level < 0)
		ThrowInvalid(fmt::format("last_level must not be negative, not {}", *history.last_level), {},
		             "Pass 0 or NULL for a unit that has had no letter in this episode.");
	if (history.last_letter_date && !history.last_letter_date->IsFinite())
		ThrowInvalid(fmt::format("last_letter_date must be a finite date, not {}",
		                         history.last_letter_date->ToIsoString()));
}

} // namespace

std::string_view
ItemStatusName(ItemStatus status) {
	return kStatusNames[static_cast<std::size_t>(status)];
}

std::string_view
ActionName(Action action) {
	return kActionNames[static_cast<std::size_t>(action)];
}

bool
ReasonCodes::Has(std::string_view name) const noexcept {
	for (unsigned code = 0; code < kCount; ++code)
		if (kNames[code] == name)
			return (mask_ >> code) & 1;
	return false;
}

std::size_t
ReasonCodes::size() const noexcept {
	return static_cast<std::size_t>(__builtin_popcount(mask_));
}

std::vector<std::string_view>
ReasonCodes::Names() const {
	std::vector<std::string_view> names;
	for (unsigned code = 0; code < kCount; ++code)
		if ((mask_ >> code) & 1)
			names.push_back(kNames[code]);
	return names;
}

std::vector<ItemAssessment>
AssessItems(const ItemSet &items, const Policy &policy, Date as_of) {
	items.PolicyCurrency(policy.currency);
	RequireAsOf(as_of);
	Scratch scratch(items.size());
	const std::pmr::vector<ItemPosition> positions =
	    AllocateCredits(items.Canonical(scratch.get()), as_of, policy.allocation, scratch.get());
	std::vector<ItemAssessment> out;
	out.reserve(positions.size());
	InterruptPoll poll;
	for (const ItemPosition &p : positions) {
		poll.Tick();
		ItemAssessment a;
		a.position = p;
		a.significant = rules::IsSignificant(p, policy);
		if (a.significant && rules::IsEligible(*p.item) && !p.held && *p.days_overdue > policy.grace_days)
			a.item_level = rules::LevelForDays(*p.days_overdue, policy);
		a.status = StatusOf(p, a.significant, policy);
		out.push_back(a);
	}
	return out;
}

UnitAssessment
AssessUnit(const ItemSet &items, const Policy &policy, Date as_of, const History &history) {
	const std::string currency = items.PolicyCurrency(policy.currency);
	RequireAsOf(as_of);
	CheckHistory(history);
	Scratch scratch(items.size());
	const std::pmr::vector<ItemPosition> positions =
	    AllocateCredits(items.Canonical(scratch.get()), as_of, policy.allocation, scratch.get());
	const std::pmr::vector<rules::Debt> debts = rules::DebtsOf(positions, scratch.get());
	const rules::UnitModel model(debts, policy, scratch.get());
	const rules::Decision decision = model.Decide(as_of, history);

	UnitAssessment out;
	out.level = decision.level;
	out.computed_level = decision.computed_level;
	out.action = decision.action;
	out.balance = SumBalance(positions);

	const rules::UnitModel::Qualifying dunnable = model.DunnableAt(as_of);
	out.dunnable_amount = dunnable.amount;
	out.items_significant = static_cast<std::int64_t>(dunnable.count);
	if (dunnable.count > 0) // the claim due first among those not held is the most overdue
		out.significant_overdue_days = as_of.pg_days() - model.FirstFreeClaim(as_of.pg_days())->due;

	out.items = static_cast<std::int64_t>(positions.size());
	InterruptPoll poll;
	for (const rules::Debt &d : debts) {
		poll.Tick();
		if (d.scheduled && d.effective_due < as_of.pg_days() && d.net_open.units() > 0)
			++out.items_overdue;
		// The naive figure other systems report: the original due date, before credits and holds.
		if (d.open.units() > 0 && d.due < as_of.pg_days()) {
			const std::int64_t days = as_of.pg_days() - static_cast<std::int64_t>(d.due);
			if (!out.oldest_overdue_days || days > *out.oldest_overdue_days)
				out.oldest_overdue_days = days;
		}
	}

	const rules::LetterTerms terms = rules::DecideLetterTerms(decision, policy, history, as_of);
	out.tone = terms.tone;
	out.fee = terms.fee;

	rules::Explanation why = rules::Explain({positions, model, policy, as_of, history, decision, terms, out.balance,
	                                         currency, out.items_overdue == 0});
	out.reason = std::move(why.reason);
	out.reason_codes = why.codes;
	out.next_review_date =
	    rules::NextReviewDate(debts, model, out.balance.credits_open, policy, as_of, history, decision, scratch.get());
	return out;
}

} // namespace dunning
