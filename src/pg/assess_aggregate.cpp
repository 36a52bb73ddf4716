// Aggregate dunning.assess(item, policy, as_of [, last_level, last_letter_date, loyalty_score])
// → dunning.assessment (SPEC §7).
#include "core/assess_state.hpp"
#include "core/numeric_codec.hpp"
#include "core/policy_cache.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/policy_datum.hpp"
#include "pg/result_datum.hpp"
#include "pg/row_columns.hpp"

extern "C" {
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"
}

#include <vector>

namespace {

using dunning::AssessRow;
using dunning::AssessState;
using dunning::ItemFields;
using dunning::PolicyCache;
using dunning::UnitAssessment;

// Argument numbers of the transition function (0 is the state).
enum Arg { kArgItem = 1, kArgPolicy, kArgAsOf, kArgLastLevel, kArgLastLetter, kArgScore };

using TransitionCache = dunning::pg::ItemsPolicyCache;

// The C++ side of one row: validates the item and adds it with the row's constants. `made`: an
// item dunning.item(...) validated already (RecallConstructed), then `fields` is not read.
void
AddRow(AssessState &state, const AssessRow &row, const dunning::Item *made, const ItemFields *fields,
       PolicyCache &policies) {
	if (made) {
		state.Add(row, made, policies);
	} else if (fields) {
		const dunning::Item item = dunning::MakeItem(*fields);
		state.Add(row, &item, policies);
	} else {
		state.Add(row, nullptr, policies);
	}
}

bool
NeedsPolicyText(const AssessState &state, AssessRow &row, PolicyCache &policies) {
	return state.NeedsPolicyText(row, policies);
}

void
Finish(const AssessState &state, UnitAssessment *out) {
	*out = state.Finish();
}

std::optional<std::int32_t>
IntArg(FunctionCallInfo fcinfo, int n) {
	if (PG_NARGS() <= n || PG_ARGISNULL(n))
		return std::nullopt;
	return PG_GETARG_INT32(n);
}

// The common body of the transition functions: the item is read by the caller (from the
// composite, or from the flat overload's columns), the group's constants from arguments
// `policy_arg`, `policy_arg` + 1 (as_of) and, when present, the three after (history).
Datum
Transition(FunctionCallInfo fcinfo, TransitionCache *cache, const dunning::Item *made, const ItemFields *fields,
           int policy_arg) {
	const int as_of_arg = policy_arg + 1, last_level_arg = policy_arg + 2, last_letter_arg = policy_arg + 3,
	          score_arg = policy_arg + 4;
	AssessState *state = dunning::pg::TransitionState<AssessState>(fcinfo);
	AssessRow row;
	row.as_of = dunning::pg::DateArg(fcinfo, as_of_arg);
	row.policy_bytes = dunning::pg::PolicyArgBytes(fcinfo, policy_arg);
	// The JSON text only for a policy this query has not parsed yet.
	if (NeedsPolicyText(*state, row, *cache->policies))
		row.policy_text = dunning::pg::PolicyArgText(fcinfo, policy_arg);
	row.last_level = IntArg(fcinfo, last_level_arg);
	row.last_letter_date = PG_NARGS() > last_letter_arg ? dunning::pg::DateArg(fcinfo, last_letter_arg) : std::nullopt;
	if (PG_NARGS() > score_arg && !PG_ARGISNULL(score_arg)) {
		struct varlena *score = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(score_arg));
		std::int64_t units;
		if (dunning::DecodeNumericUnitsTruncating(reinterpret_cast<const unsigned char *>(VARDATA_ANY(score)),
		                                          VARSIZE_ANY_EXHDR(score), &units) == dunning::NumericDecode::kOk)
			row.score_units = units;
		else
			row.score_text = dunning::pg::NumericText(PG_GETARG_DATUM(score_arg));
	}

	AddRow(*state, row, made, fields, *cache->policies);
	PG_RETURN_POINTER(state);
}

} // namespace

DUNNING_FUNCTION(dunning_assess_transition) {
	TransitionCache *cache = dunning::pg::ItemsPolicyCacheOf(fcinfo);
	const dunning::Item *made =
	    PG_ARGISNULL(kArgItem) ? nullptr : dunning::pg::RecallConstructed(PG_GETARG_DATUM(kArgItem));
	ItemFields fields;
	bool has_item = !made && !PG_ARGISNULL(kArgItem) &&
	                dunning::pg::ReadItemDatum(fcinfo, PG_GETARG_DATUM(kArgItem), &fields, &cache->item_rows);
	return Transition(fcinfo, cache, made, has_item ? &fields : nullptr, kArgPolicy);
}

// The fast path (extension/src/18_fast_path.sql): dunning.assess(item_id, kind, amount, open_amount,
// due_date, policy, as_of), the item's columns without the composite. The same as the composite
// built by dunning.item(item_id, kind, amount, open_amount, due_date) (text kind), whose
// validation MakeItem repeats here.
DUNNING_FUNCTION(dunning_assess_flat_transition) {
	TransitionCache *cache = dunning::pg::ItemsPolicyCacheOf(fcinfo);
	ItemFields fields;
	dunning::pg::ReadFlatItem(fcinfo, 1, &fields);
	return Transition(fcinfo, cache, nullptr, &fields, 1 + dunning::pg::kFlatItemArgs);
}

// The fast path over all of an item's columns and the unit's history (extension/src/18_fast_path.sql):
// dunning.assess(item_id, kind, amount, open_amount, due_date, doc_date, currency, disputed,
// hold_until, on_plan, policy, as_of, last_level, last_letter_date, loyalty_score), which
// dunning.unit_assessment aggregates. The same as the composite built by dunning.item(...) with
// these ten arguments (text kind), whose validation MakeItem repeats here.
DUNNING_FUNCTION(dunning_assess_columns_transition) {
	TransitionCache *cache = dunning::pg::ItemsPolicyCacheOf(fcinfo);
	ItemFields fields;
	dunning::pg::ReadItemArguments(fcinfo, &fields, 1);
	fields.kind = dunning::pg::TextArg(fcinfo, 1 + dunning::pg::kItemArgKind);
	return Transition(fcinfo, cache, nullptr, &fields, 1 + dunning::pg::kItemArgs);
}

namespace {

// The group's state for a final function; null for a group without items (the result is NULL).
const AssessState *
FinalState(FunctionCallInfo fcinfo) {
	(void)dunning::pg::AggregateContext(fcinfo);
	if (PG_ARGISNULL(0))
		return nullptr;
	const auto *state = reinterpret_cast<const AssessState *>(PG_GETARG_POINTER(0));
	return state->HasItems() ? state : nullptr;
}

} // namespace

DUNNING_FUNCTION(dunning_assess_final) {
	const AssessState *state = FinalState(fcinfo);
	if (!state)
		PG_RETURN_NULL();
	UnitAssessment *result = dunning::pg::AssessmentSlot(fcinfo);
	Finish(*state, result);
	return dunning::pg::AssessmentDatum(fcinfo, *result);
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

// dunning.assess_lines_final: the same group's items as dunning.letter_items rows (letter_id
// NULL), for a run's letters; NULL for a unit whose assessment asks for no letter. Declared with
// the same transition as dunning.assess, so that a query that asks for both shares one state per
// group (the final functions only read it).
namespace {

// The columns of dunning.letter_items the lines fill, by name (a table's row type may have
// dropped columns).
enum LineColumn {
	kLineItemId,
	kLineKind,
	kLineDueDate,
	kLineEffectiveDue,
	kLineOpenAmount,
	kLineNetOpen,
	kLineDaysOverdue,
	kLineItemLevel,
	kLineStatus,
	kLineDocDate,
	kLineAmount,
	kLineAllocated,
	kLineColumns
};
constexpr const char *kLineColumnNames[kLineColumns] = {
	"item_id", "kind",	 "due_date", "effective_due_date", "open_amount", "net_open",
	"days_overdue", "item_level", "status", "doc_date", "amount", "allocated"};

// What the final function keeps for the query in fn_extra: the row type, where each column is,
// the kind labels, and the group's rows (a C++ object owned by fn_mcxt).
struct LinesCache {
	Oid element_type;
	TupleDesc desc;
	int attribute[kLineColumns];
	dunning::pg::KindOids kinds;
	std::vector<dunning::ItemAssessment> *rows;
};

LinesCache *
LinesCacheOf(FunctionCallInfo fcinfo) {
	if (fcinfo->flinfo->fn_extra)
		return static_cast<LinesCache *>(fcinfo->flinfo->fn_extra);
	const Oid array_type = get_fn_expr_rettype(fcinfo->flinfo);
	const Oid element_type = OidIsValid(array_type) ? get_element_type(array_type) : InvalidOid;
	if (!OidIsValid(element_type) || !type_is_rowtype(element_type))
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.assess_lines_final must return an array of rows")));
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	auto *cache = static_cast<LinesCache *>(palloc0(sizeof(LinesCache)));
	cache->element_type = element_type;
	cache->desc = lookup_rowtype_tupdesc_copy(element_type, -1);
	MemoryContextSwitchTo(old);
	dunning::pg::RequireColumns(cache->desc, "dunning.letter_items", kLineColumnNames, kLineColumns, cache->attribute);
	dunning::pg::LoadKindOids(TupleDescAttr(cache->desc, cache->attribute[kLineKind])->atttypid, &cache->kinds);
	cache->rows = dunning::pg::NewInContext<std::vector<dunning::ItemAssessment>>(fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

bool
AsksForLetter(const AssessState &state) {
	return state.AsksForLetter();
}

void
AssessLines(const AssessState &state, std::vector<dunning::ItemAssessment> *rows) {
	*rows = state.Items();
}

} // namespace

DUNNING_FUNCTION(dunning_assess_lines_final) {
	const AssessState *state = FinalState(fcinfo);
	// Only a letter lists lines: a run's daily assessment of 100k units, of which a few get one,
	// then builds a few arrays, not a million rows
	if (!state || !AsksForLetter(*state))
		PG_RETURN_NULL();
	LinesCache *cache = LinesCacheOf(fcinfo);
	AssessLines(*state, cache->rows);
	const int natts = cache->desc->natts;
	Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<std::size_t>(natts)));
	bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * static_cast<std::size_t>(natts)));
	Datum *elements = static_cast<Datum *>(palloc(sizeof(Datum) * (cache->rows->size() + 1)));
	constexpr int kAssessmentColumns = 11; // dunning.item_assessment, as ItemAssessmentValues fills it
	Datum assessed[kAssessmentColumns];
	bool assessed_null[kAssessmentColumns];
	int count = 0;
	// The rows are owned by the cache, so this frame holds only pointers into it.
	for (const dunning::ItemAssessment &row : *cache->rows) {
		CHECK_FOR_INTERRUPTS();
		dunning::pg::ItemAssessmentValues(row, cache->kinds, assessed, assessed_null);
		for (int a = 0; a < natts; ++a)
			nulls[a] = true; // letter_id and any other column: NULL
		const auto set = [&](LineColumn column, int from) {
			values[cache->attribute[column]] = assessed[from];
			nulls[cache->attribute[column]] = assessed_null[from];
		};
		// dunning.item_assessment: item_id, kind, amount, open_amount, allocated, net_open,
		// effective_due_date, days_overdue, significant, item_level, status
		set(kLineItemId, 0);
		set(kLineKind, 1);
		set(kLineAmount, 2);
		set(kLineOpenAmount, 3);
		set(kLineAllocated, 4);
		set(kLineNetOpen, 5);
		set(kLineEffectiveDue, 6);
		set(kLineDaysOverdue, 7);
		set(kLineItemLevel, 9);
		set(kLineStatus, 10);
		const dunning::Item &item = *row.position.item;
		nulls[cache->attribute[kLineDueDate]] = !item.due;
		values[cache->attribute[kLineDueDate]] = item.due ? DateADTGetDatum(item.due->pg_days()) : Datum(0);
		nulls[cache->attribute[kLineDocDate]] = !item.doc;
		values[cache->attribute[kLineDocDate]] = item.doc ? DateADTGetDatum(item.doc->pg_days()) : Datum(0);
		elements[count++] = HeapTupleGetDatum(heap_form_tuple(cache->desc, values, nulls));
	}
	int16 length;
	bool by_value;
	char align;
	get_typlenbyvalalign(cache->element_type, &length, &by_value, &align);
	PG_RETURN_ARRAYTYPE_P(construct_array(elements, count, cache->element_type, length, by_value, align));
}
