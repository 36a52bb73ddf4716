// Aggregate dunning.payment_behaviour(due_date date, paid_date date, amount numeric
// [, min_history int]) → dunning.behaviour (SPEC §9).
#include "core/behaviour.hpp"
#include "core/fixed_point.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/result_datum.hpp"

namespace {

using dunning::BehaviourFigures;
using dunning::BehaviourRow;
using dunning::BehaviourState;

// Argument numbers of the transition function (0 is the state).
enum Arg { kArgDue = 1, kArgPaid, kArgAmount, kArgMinHistory };

// C++ side of the transition: validates the row and adds it. No PostgreSQL calls.
void
AddRow(BehaviourState &state, const BehaviourRow &row) {
	state.Add(row);
}

BehaviourFigures
Finish(const BehaviourState &state) {
	return state.Finish();
}

// A scaled figure as numeric, NULL when absent.
Datum
ScaledDatum(const std::optional<dunning::Units128> &value, int decimals, bool *isnull) {
	*isnull = !value;
	if (!value)
		return Datum(0);
	dunning::DecimalText text = dunning::FormatScaled(*value, decimals);
	return dunning::pg::NumericFromText(text.text);
}

} // namespace

DUNNING_FUNCTION(dunning_behaviour_transition) {
	BehaviourState *state = dunning::pg::TransitionState<BehaviourState>(fcinfo);
	BehaviourRow row;
	row.due_date = dunning::pg::DateArg(fcinfo, kArgDue);
	row.paid_date = dunning::pg::DateArg(fcinfo, kArgPaid);
	if (!PG_ARGISNULL(kArgAmount))
		row.amount = dunning::pg::NumericText(PG_GETARG_DATUM(kArgAmount));
	if (PG_NARGS() > kArgMinHistory && !PG_ARGISNULL(kArgMinHistory))
		row.min_history = PG_GETARG_INT32(kArgMinHistory);
	AddRow(*state, row);
	PG_RETURN_POINTER(state);
}

DUNNING_FUNCTION(dunning_behaviour_final) {
	(void)dunning::pg::AggregateContext(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	const BehaviourState *state = reinterpret_cast<const BehaviourState *>(PG_GETARG_POINTER(0));
	if (!state->HasInvoices())
		PG_RETURN_NULL();
	BehaviourFigures f = Finish(*state);

	constexpr int kFields = 6;
	TupleDesc desc = dunning::pg::ResultDesc(fcinfo, kFields, "dunning.behaviour");
	Datum values[kFields];
	bool nulls[kFields] = {};
	// The state keeps the counts within int (SQLSTATE 22003 beyond).
	values[0] = Int32GetDatum(static_cast<int32>(f.invoices));
	values[1] = Int32GetDatum(static_cast<int32>(f.paid_on_time));
	values[2] = ScaledDatum(f.on_time_ratio, dunning::kRatioDecimals, &nulls[2]);
	values[3] = ScaledDatum(f.avg_days_late, dunning::kDaysLateDecimals, &nulls[3]);
	values[4] = NumericGetDatum(int64_to_numeric(f.max_days_late));
	values[5] = ScaledDatum(f.score, dunning::kRatioDecimals, &nulls[5]);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

DUNNING_FUNCTION(dunning_behaviour_combine) {
	return dunning::pg::CombineStates<BehaviourState>(fcinfo);
}

DUNNING_FUNCTION(dunning_behaviour_serialize) {
	return dunning::pg::SerializeState<BehaviourState>(fcinfo);
}

DUNNING_FUNCTION(dunning_behaviour_deserialize) {
	return dunning::pg::DeserializeState<BehaviourState>(fcinfo);
}
