// dunning.decided_assessment(assessment, as_of, blocked, block_until, block_reason, last_pay_by)
// (extension/src/51_unit_decisions.sql): a unit's assessment with what the engine cannot see, a
// block (action hold) and the open deadline of its last letter (action wait).
//
// It was PL/pgSQL; in C because dunning.unit_assessment calls it for every unit with a block or an
// open deadline, which the day after a run is nearly every unit (1M items, 100k units: 150 ms of
// a 1.4 s assess_units, half of it the function's search_path setting). Only PostgreSQL types and
// calls, no C++ object with a destructor: the texts are PostgreSQL's (a date as date_out writes it
// under the session's DateStyle, as format('%s', date) did), and every call may raise.
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/row_columns.hpp"

extern "C" {
#include "utils/array.h"
}

namespace {

// The columns of dunning.assessment the decision writes or reads.
enum DecidedColumn { kAction, kFee, kNextReview, kReason, kReasonCodes, kDecidedColumns };
constexpr const char *kDecidedColumnNames[kDecidedColumns] = {"action", "fee", "next_review_date", "reason",
															  "reason_codes"};

// The row type and where its columns are, per query (fn_extra).
struct DecidedCache {
	Oid type;
	TupleDesc desc;
	int attribute[kDecidedColumns];
};

DecidedCache *
CacheOf(FunctionCallInfo fcinfo, Oid type, int32 typmod) {
	auto *cache = static_cast<DecidedCache *>(fcinfo->flinfo->fn_extra);
	if (cache && cache->type == type)
		return cache;
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cache = static_cast<DecidedCache *>(palloc0(sizeof(DecidedCache)));
	cache->type = type;
	cache->desc = lookup_rowtype_tupdesc_copy(type, typmod);
	MemoryContextSwitchTo(old);
	dunning::pg::RequireColumns(cache->desc, "dunning.assessment", kDecidedColumnNames, kDecidedColumns,
								cache->attribute);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

// `head` || coalesce('; ' || reason, '')
Datum
ReasonAfter(const char *head, bool reason_null, Datum reason) {
	if (reason_null)
		return CStringGetTextDatum(head);
	return CStringGetTextDatum(psprintf("%s; %s", head, TextDatumGetCString(reason)));
}

// ARRAY[code] || coalesce(codes, '{}')
Datum
CodesAfter(const char *code, bool codes_null, Datum codes) {
	Datum first = CStringGetTextDatum(code);
	Datum head = PointerGetDatum(construct_array(&first, 1, TEXTOID, -1, false, TYPALIGN_INT));
	if (codes_null)
		return head;
	return DirectFunctionCall2(array_cat, head, codes);
}

Datum
DayAfter(Datum date) {
	return DirectFunctionCall2(date_pli, date, Int32GetDatum(1));
}

char *
DateText(Datum date) {
	return DatumGetCString(DirectFunctionCall1(date_out, date));
}

bool
AllNull(const bool *nulls, int natts) {
	for (int a = 0; a < natts; ++a)
		if (!nulls[a])
			return false;
	return true;
}

} // namespace

DUNNING_FUNCTION(dunning_decided_assessment) {
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	DecidedCache *cache = CacheOf(fcinfo, HeapTupleHeaderGetTypeId(row), HeapTupleHeaderGetTypMod(row));
	const int natts = cache->desc->natts;
	Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<std::size_t>(natts)));
	bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * static_cast<std::size_t>(natts)));
	dunning::pg::DeformRow(row, cache->desc, values, nulls);
	// a row of NULLs IS NULL, as PL/pgSQL tested it
	if (AllNull(nulls, natts))
		PG_RETURN_NULL();
	const int *at = cache->attribute;
	const bool blocked = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	const std::string_view action = dunning::pg::TextField(values, nulls, at[kAction]).value_or(std::string_view());
	const bool acts = action == "remind" || action == "pre_due";
	const bool deadline_open = !PG_ARGISNULL(1) && !PG_ARGISNULL(5) && PG_GETARG_DATEADT(5) >= PG_GETARG_DATEADT(1);
	if (!blocked && !(acts && deadline_open))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));

	const Datum reason = values[at[kReason]], codes = values[at[kReasonCodes]];
	const bool reason_null = nulls[at[kReason]], codes_null = nulls[at[kReasonCodes]];
	const char *head;
	Datum next_review = 0;
	bool next_review_null = false;
	if (blocked) {
		// format('%s', NULL) is ''
		const char *why = PG_ARGISNULL(4) ? "" : TextDatumGetCString(PG_GETARG_DATUM(4));
		if (PG_ARGISNULL(3)) {
			head = psprintf("blocked: %s", why);
			next_review_null = true;
		} else {
			head = psprintf("blocked until %s: %s", DateText(PG_GETARG_DATUM(3)), why);
			next_review = DayAfter(PG_GETARG_DATUM(3));
		}
		values[at[kAction]] = CStringGetTextDatum("hold");
		values[at[kReasonCodes]] = CodesAfter("blocked", codes_null, codes);
	} else {
		head = psprintf("waiting for the deadline of the last letter (%s)", DateText(PG_GETARG_DATUM(5)));
		next_review = DayAfter(PG_GETARG_DATUM(5));
		values[at[kAction]] = CStringGetTextDatum("wait");
		values[at[kReasonCodes]] = CodesAfter("previous_deadline_open", codes_null, codes);
	}
	nulls[at[kAction]] = false;
	nulls[at[kReasonCodes]] = false;
	values[at[kFee]] = NumericGetDatum(int64_to_numeric(0));
	nulls[at[kFee]] = false;
	values[at[kReason]] = ReasonAfter(head, reason_null, reason);
	nulls[at[kReason]] = false;
	values[at[kNextReview]] = next_review;
	nulls[at[kNextReview]] = next_review_null;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->desc, values, nulls)));
}
