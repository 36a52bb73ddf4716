// Tone and fee of the unit's letter (SPEC §7 loyalty, tone and fee; §10 consumer protection).
// Internal to src/core.
#pragma once

#include "core/assessment.hpp"
#include "core/assessment_rules.hpp"
#include "core/policy.hpp"

#include <optional>

namespace dunning::rules {

// Why consumer rules (BE, NL) withheld the level's fee.
enum class ConsumerWaiver {
	kNone,
	kFirstReminder, // the first reminder of an episode never carries a fee
	kWaitingPeriod, // the legal waiting period since the previous letter has not passed
	kUnknownLetterDate, // a later letter, but its date is unknown, so the period cannot be shown to have passed
};

struct LetterTerms {
	std::optional<Tone> tone; // absent: no letter (none, hold)
	Money fee;
	bool loyal = false;
	bool loyal_friendly = false; // loyalty, not the level, made the tone friendly
	bool fee_waived_loyalty = false;
	ConsumerWaiver consumer_waiver = ConsumerWaiver::kNone;
	std::optional<Date> fee_allowed_from; // with kWaitingPeriod: the first day a fee is allowed
};

LetterTerms DecideLetterTerms(const Decision &decision, const Policy &policy, const History &history, Date as_of);

// The first day a letter may carry a fee after a letter sent on `previous`: NL 14 days counted
// from the day after it; BE 14 days counted from the third working day (Monday–Friday) after it.
Date ConsumerFeeAllowedFrom(ConsumerRules rules, Date previous);

// The last day of the Belgian consumer waiting period after a reminder sent on `sent` (art. XIX.2
// CEL, dunning.be_waiting_end): 14 days from the third working day (Monday–Friday) after a paper
// reminder, from the first working day after an e-mailed one.
Date BelgianWaitingEnd(Date sent, bool emailed);

} // namespace dunning::rules
