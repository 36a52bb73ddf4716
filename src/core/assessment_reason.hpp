// Why the unit got its decision (SPEC §7): reason_codes, the machine-readable contract, and the
// one-line reason for people. Internal to src/core.
#pragma once

#include "core/assessment.hpp"
#include "core/assessment_letter.hpp"
#include "core/assessment_rules.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace dunning::rules {

struct ReasonInput {
	std::span<const ItemPosition> positions; // today's allocation, canonical order
	const UnitModel &model; // built from `positions`
	const Policy &policy;
	Date as_of;
	const History &history;
	const Decision &decision;
	const LetterTerms &terms;
	const BalanceFigures &balance;
	std::string_view currency;
	bool nothing_overdue; // no scheduled principal item is overdue with net open > 0
};

struct Explanation {
	std::string reason;
	ReasonCodes codes;
};

Explanation Explain(const ReasonInput &in);

} // namespace dunning::rules
