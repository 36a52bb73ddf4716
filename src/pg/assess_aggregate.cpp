// Aggregate dunning.assess(item, policy, as_of [, last_level, last_letter_date, loyalty_score])
// → dunning.assessment (SPEC §7).
#include "core/assess_state.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/policy_datum.hpp"
#include "pg/result_datum.hpp"

namespace {

using dunning::AssessRow;
using dunning::AssessState;
using dunning::ItemFields;
using dunning::UnitAssessment;

// Argument numbers of the transition function (0 is the state).
enum Arg { kArgItem = 1, kArgPolicy, kArgAsOf, kArgLastLevel, kArgLastLetter, kArgScore };

void
AddRow(AssessState &state, const AssessRow &row, const ItemFields *fields) {
	state.Add(row, fields ? std::optional(dunning::MakeItem(*fields)) : std::nullopt);
}

const UnitAssessment *
Finish(AssessState &state) {
	return &state.Finish();
}

std::optional<std::int32_t>
IntArg(FunctionCallInfo fcinfo, int n) {
	if (PG_NARGS() <= n || PG_ARGISNULL(n))
		return std::nullopt;
	return PG_GETARG_INT32(n);
}

} // namespace

DUNNING_FUNCTION(dunning_assess_transition) {
	AssessState *state = dunning::pg::TransitionState<AssessState>(fcinfo);
	ItemFields fields;
	bool has_item =
	    !PG_ARGISNULL(kArgItem) && dunning::pg::ReadItemDatum(fcinfo, PG_GETARG_DATUM(kArgItem), &fields);

	AssessRow row;
	row.as_of = dunning::pg::DateArg(fcinfo, kArgAsOf);
	if (!PG_ARGISNULL(kArgPolicy)) {
		struct varlena *policy = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(kArgPolicy));
		row.policy_bytes = std::string_view(VARDATA_ANY(policy), VARSIZE_ANY_EXHDR(policy));
	}
	if (state->NeedsPolicyText(row.policy_bytes))
		row.policy_text = dunning::pg::PolicyArgText(fcinfo, kArgPolicy);
	row.last_level = IntArg(fcinfo, kArgLastLevel);
	row.last_letter_date = PG_NARGS() > kArgLastLetter ? dunning::pg::DateArg(fcinfo, kArgLastLetter) : std::nullopt;
	if (PG_NARGS() > kArgScore && !PG_ARGISNULL(kArgScore))
		row.score_text = dunning::pg::NumericText(PG_GETARG_DATUM(kArgScore));

	AddRow(*state, row, has_item ? &fields : nullptr);
	PG_RETURN_POINTER(state);
}

DUNNING_FUNCTION(dunning_assess_final) {
	(void)dunning::pg::AggregateContext(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	auto *state = reinterpret_cast<AssessState *>(PG_GETARG_POINTER(0));
	if (!state->HasItems())
		PG_RETURN_NULL();
	return dunning::pg::AssessmentDatum(fcinfo, *Finish(*state));
}

DUNNING_FUNCTION(dunning_assess_combine) {
	return dunning::pg::CombineStates<AssessState>(fcinfo);
}

DUNNING_FUNCTION(dunning_assess_serialize) {
	return dunning::pg::SerializeState<AssessState>(fcinfo);
}

DUNNING_FUNCTION(dunning_assess_deserialize) {
	return dunning::pg::DeserializeState<AssessState>(fcinfo);
}
