// Aggregate dunning.balance(item dunning.item, as_of date) → dunning.balance (SPEC §5).
#include "core/balance.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/result_datum.hpp"

namespace {

using dunning::BalanceFigures;
using dunning::BalanceState;
using dunning::ItemFields;

std::optional<dunning::Date>
AsOf(std::optional<std::int32_t> as_of) {
	return as_of ? std::optional(dunning::Date::FromPgDays(*as_of)) : std::nullopt;
}

// C++ side of the transition: validates the row and adds it. No PostgreSQL calls.
void
AddRow(BalanceState &state, std::optional<std::int32_t> as_of, const ItemFields *fields) {
	if (fields) {
		const dunning::Item item = dunning::MakeItem(*fields);
		state.Add(AsOf(as_of), &item);
	} else {
		state.Add(AsOf(as_of), nullptr);
	}
}

// The same for an item dunning.item(...) validated already (RecallConstructed).
void
AddValidated(BalanceState &state, std::optional<std::int32_t> as_of, const dunning::Item &item) {
	state.Add(AsOf(as_of), &item);
}

BalanceFigures
Finish(const BalanceState &state) {
	return state.Finish();
}

} // namespace

DUNNING_FUNCTION(dunning_balance_transition) {
	BalanceState *state = dunning::pg::TransitionState<BalanceState>(fcinfo);
	if (const dunning::Item *made = PG_ARGISNULL(1) ? nullptr : dunning::pg::RecallConstructed(PG_GETARG_DATUM(1))) {
		AddValidated(*state, dunning::pg::DateArg(fcinfo, 2), *made);
		PG_RETURN_POINTER(state);
	}
	ItemFields fields;
	bool has_item = !PG_ARGISNULL(1) && dunning::pg::ReadItemDatum(fcinfo, PG_GETARG_DATUM(1), &fields);
	AddRow(*state, dunning::pg::DateArg(fcinfo, 2), has_item ? &fields : nullptr);
	PG_RETURN_POINTER(state);
}

// The fast path (extension/src/18_fast_path.sql): dunning.balance(item_id, kind, amount,
// open_amount, due_date, as_of), as dunning.balance(dunning.item(item_id, kind, amount,
// open_amount, due_date), as_of).
DUNNING_FUNCTION(dunning_balance_flat_transition) {
	BalanceState *state = dunning::pg::TransitionState<BalanceState>(fcinfo);
	ItemFields fields;
	dunning::pg::ReadFlatItem(fcinfo, 1, &fields);
	AddRow(*state, dunning::pg::DateArg(fcinfo, 1 + dunning::pg::kFlatItemArgs), &fields);
	PG_RETURN_POINTER(state);
}

DUNNING_FUNCTION(dunning_balance_final) {
	(void)dunning::pg::AggregateContext(fcinfo);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	const BalanceState *state = reinterpret_cast<const BalanceState *>(PG_GETARG_POINTER(0));
	if (!state->HasItems())
		PG_RETURN_NULL();
	BalanceFigures figures = Finish(*state);

	const dunning::MoneySum fields[] = {figures.principal_open, figures.charges_open, figures.credits_open,
	                                    figures.net_balance,    figures.disputed_open, figures.not_due_open,
	                                    figures.overdue_open};
	constexpr int kFields = sizeof fields / sizeof fields[0];
	TupleDesc desc = dunning::pg::ResultDesc(fcinfo, kFields, "dunning.balance");
	Datum values[kFields];
	bool nulls[kFields] = {};
	for (int i = 0; i < kFields; ++i)
		values[i] = dunning::pg::MoneyDatum(fields[i]);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

DUNNING_FUNCTION(dunning_balance_combine) {
	return dunning::pg::CombineStates<BalanceState>(fcinfo);
}

DUNNING_FUNCTION(dunning_balance_serialize) {
	return dunning::pg::SerializeState<BalanceState>(fcinfo);
}

DUNNING_FUNCTION(dunning_balance_deserialize) {
	return dunning::pg::DeserializeState<BalanceState>(fcinfo);
}
