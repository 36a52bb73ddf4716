#include "core/assessment_letter.hpp"

namespace dunning::rules {

namespace {

// PostgreSQL day 0, 2000-01-01, was a Saturday: day mod 7 is 0 on Saturdays and 1 on Sundays.
bool
IsWorkingDay(Date d) {
	const int weekday = ((d.pg_days() % 7) + 7) % 7;
	return weekday >= 2;
}

// The law's fee conditions, applied to a fee the level and loyalty would charge.
ConsumerWaiver
CheckConsumerRules(const Policy &policy, const History &history, Date as_of, std::optional<Date> &allowed_from) {
	if (policy.consumer_rules == ConsumerRules::kNone)
		return ConsumerWaiver::kNone;
	if (LastLevel(history) == 0)
		return ConsumerWaiver::kFirstReminder;
	// SQL's as_of ≥ NULL + 15 is not true: without the previous letter's date, no fee.
	if (!history.last_letter_date)
		return ConsumerWaiver::kUnknownLetterDate;
	allowed_from = ConsumerFeeAllowedFrom(policy.consumer_rules, *history.last_letter_date);
	return as_of >= *allowed_from ? ConsumerWaiver::kNone : ConsumerWaiver::kWaitingPeriod;
}

} // namespace

Date
ConsumerFeeAllowedFrom(ConsumerRules rules, Date previous) {
	if (rules == ConsumerRules::kBE)
		return BelgianWaitingEnd(previous, false);
	// NL: day 1 of the 14 is the day after the letter, so the 14 days are over after previous + 14.
	return previous.PlusDays(15);
}

Date
BelgianWaitingEnd(Date sent, bool emailed) {
	Date day = sent;
	for (int working = 0; working < (emailed ? 1 : 3);) {
		day = day.PlusDays(1);
		if (IsWorkingDay(day))
			++working;
	}
	return day.PlusDays(14);
}

LetterTerms
DecideLetterTerms(const Decision &decision, const Policy &policy, const History &history, Date as_of) {
	LetterTerms terms;
	terms.loyal = history.loyalty_score && *history.loyalty_score >= policy.loyalty.min_score &&
	              LastLevel(history) == 0;
	const bool letter = decision.action == Action::kRemind || decision.action == Action::kWait ||
	                    decision.action == Action::kPreDue;
	if (!letter)
		return terms;
	if (decision.pre_due_letter) {
		terms.tone = Tone::kFriendly;
		return terms;
	}
	const LevelRule *rule = FindLevel(policy, decision.level);
	const Tone level_tone = rule ? rule->tone : DefaultToneForLevel(decision.level);
	terms.tone = terms.loyal ? Tone::kFriendly : level_tone;
	terms.loyal_friendly = terms.loyal && level_tone != Tone::kFriendly;

	if (decision.action != Action::kRemind || !rule || rule->fee.units() <= 0)
		return terms;
	if (terms.loyal && policy.loyalty.waive_fees) {
		terms.fee_waived_loyalty = true;
		return terms;
	}
	terms.consumer_waiver = CheckConsumerRules(policy, history, as_of, terms.fee_allowed_from);
	if (terms.consumer_waiver == ConsumerWaiver::kNone)
		terms.fee = rule->fee;
	return terms;
}

} // namespace dunning::rules
