// dunning.letter_lines(all_lines, action) (SPEC §10, §13): the lines a letter lists, out of its
// unit's assessed items (unit_assessment.lines), with the sums the letter states. One call per
// letter of a run; before, each letter unnested its unit's items, filtered them and aggregated them
// back in SQL (1M items, 100k letters: about 0.9 s). The rule which lines are listed is the core's
// (src/core/letter_lines.hpp); the glue picks the array elements and adds the numerics so that the
// sums are sum()'s to the last digit and scale (NumericSum below).
//
// Only PostgreSQL data and plain values live in a call's frame (the rule takes string views into
// the datums).
#include "core/letter_lines.hpp"

#include "core/numeric_codec.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/result_datum.hpp"
#include "pg/row_columns.hpp"

extern "C" {
#include "utils/array.h"
}

#include <string_view>

namespace {

// The columns of dunning.letter_items the function reads, by name.
enum LineColumn { kLineKind, kLineDueDate, kLineNetOpen, kLineStatus, kLineAllocated, kLineColumns };
constexpr const char *kLineColumnNames[kLineColumns] = {"kind", "due_date", "net_open", "status", "allocated"};

// The result's columns, in the order of the OUT parameters.
enum ResultColumn {
	kResultLines,
	kResultAmount,
	kResultCharges,
	kResultCredits,
	kResultInvoices,
	kResultFirstDue,
	kResultColumns
};

struct LinesCache {
	Oid element_type;
	int16 element_length;
	bool element_by_value;
	char element_align;
	TupleDesc line_desc;
	int attribute[kLineColumns];
	dunning::pg::KindOids kinds;
	TupleDesc result_desc;
	Datum zero;		   // numeric 0: the sums of no line, and what net_open is compared with
	Datum *row_values; // one line's columns (line_desc->natts of them)
	bool *row_nulls;
};

LinesCache *
CacheOf(FunctionCallInfo fcinfo) {
	if (fcinfo->flinfo->fn_extra)
		return static_cast<LinesCache *>(fcinfo->flinfo->fn_extra);
	const Oid array_type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	const Oid element_type = OidIsValid(array_type) ? get_element_type(array_type) : InvalidOid;
	if (!OidIsValid(element_type) || !type_is_rowtype(element_type))
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("dunning.letter_lines takes an array of dunning.letter_items")));
	TupleDesc result_desc;
	if (get_call_result_type(fcinfo, nullptr, &result_desc) != TYPEFUNC_COMPOSITE ||
		result_desc->natts != kResultColumns)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.letter_lines must return its row")));
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	auto *cache = static_cast<LinesCache *>(palloc0(sizeof(LinesCache)));
	cache->element_type = element_type;
	get_typlenbyvalalign(element_type, &cache->element_length, &cache->element_by_value, &cache->element_align);
	cache->line_desc = lookup_rowtype_tupdesc_copy(element_type, -1);
	cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(result_desc));
	cache->zero = NumericGetDatum(int64_to_numeric(0));
	cache->row_values = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<std::size_t>(cache->line_desc->natts)));
	cache->row_nulls = static_cast<bool *>(palloc(sizeof(bool) * static_cast<std::size_t>(cache->line_desc->natts)));
	MemoryContextSwitchTo(old);
	dunning::pg::RequireColumns(cache->line_desc, "dunning.letter_items", kLineColumnNames, kLineColumns,
								cache->attribute);
	dunning::pg::LoadKindOids(TupleDescAttr(cache->line_desc, cache->attribute[kLineKind])->atttypid, &cache->kinds);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

// A numeric column as the decoder reads it: its value in 1/10,000 units and its display scale, when
// the decoder takes it (not NaN, not infinite, at most 4 decimals).
struct DecodedNumeric {
	bool decoded;
	std::int64_t units;
	int dscale;
};

DecodedNumeric
DecodeNumeric(Datum numeric) {
	const dunning::pg::NumericPayload payload = dunning::pg::PayloadOf(numeric);
	DecodedNumeric out{};
	out.decoded = dunning::DecodeNumericUnitsScaled(payload.bytes, payload.size, &out.units, &out.dscale) ==
				  dunning::NumericDecode::kOk;
	return out;
}

// value > 0, as numeric_gt has it (NaN is greater than every number).
bool
IsPositive(Datum value, const DecodedNumeric &decoded, Datum zero) {
	if (decoded.decoded)
		return decoded.units > 0;
	return DatumGetBool(DirectFunctionCall2(numeric_gt, value, zero));
}

// sum() of numerics, NULLs skipped (the caller's), to sum()'s value and scale (the largest of the
// inputs'). A run's lines carry amounts of two decimals (MoneyDatum): those are added in 1/10,000
// units and written once at the end, as MoneyDatum writes a sum, instead of a numeric_add per line
// (an allocation and two NumericVars each). A value of another scale, or one the decoder declines,
// moves the sum to numeric_add from there on.
struct NumericSum {
	bool has = false;		 // a value was added
	bool in_units = true;	 // the sum is `units` (two decimals); else `numeric`
	dunning::MoneySum units; // plain data: a frame that may longjmp can hold it
	Datum numeric = 0;
};

void
AddTo(NumericSum *sum, Datum value, const DecodedNumeric &decoded) {
	if (sum->in_units && decoded.decoded && decoded.dscale == 2) {
		sum->units += dunning::Money::FromUnits(decoded.units);
	} else {
		if (sum->in_units) {
			// the two-decimal sum so far, as the numeric sum() had for it
			if (sum->has)
				sum->numeric = dunning::pg::MoneyDatum(sum->units);
			sum->in_units = false;
		}
		sum->numeric = sum->has ? DirectFunctionCall2(numeric_add, sum->numeric, value) : value;
	}
	sum->has = true;
}

// coalesce(sum(...), 0): `zero` when nothing was added. A column of the result row, which
// heap_form_tuple copies (MoneyDatum's 0.00 is shared).
Datum
SumDatum(const NumericSum &sum, Datum zero) {
	if (!sum.has)
		return zero;
	return sum.in_units ? dunning::pg::MoneyDatum(sum.units) : sum.numeric;
}

} // namespace

DUNNING_FUNCTION(dunning_letter_lines) {
	LinesCache *cache = CacheOf(fcinfo);
	Datum result[kResultColumns] = {};
	bool result_null[kResultColumns] = {true, false, false, false, false, true};
	NumericSum amount, charges, credits;
	int64 invoices = 0;
	bool has_first_due = false;
	DateADT first_due = 0;
	if (!PG_ARGISNULL(0)) {
		const std::string_view action = dunning::pg::TextArg(fcinfo, 1).value_or(std::string_view());
		ArrayType *lines = PG_GETARG_ARRAYTYPE_P(0);
		Datum *elements;
		bool *element_null;
		int count;
		deconstruct_array(lines, cache->element_type, cache->element_length, cache->element_by_value,
						  cache->element_align, &elements, &element_null, &count);
		int listed = 0;
		for (int i = 0; i < count; ++i) {
			if (element_null[i])
				continue;
			dunning::pg::DeformRow(DatumGetHeapTupleHeader(elements[i]), cache->line_desc, cache->row_values,
								   cache->row_nulls);
			bool null[kLineColumns];
			Datum value[kLineColumns];
			for (int c = 0; c < kLineColumns; ++c) {
				value[c] = cache->row_values[cache->attribute[c]];
				null[c] = cache->row_nulls[cache->attribute[c]];
			}
			if (null[kLineStatus])
				continue; // NULL = 'overdue' is not true
			const std::string_view status = dunning::pg::TextView(value[kLineStatus]);
			const DecodedNumeric net_open = null[kLineNetOpen] ? DecodedNumeric{} : DecodeNumeric(value[kLineNetOpen]);
			const bool net_open_positive =
				!null[kLineNetOpen] && IsPositive(value[kLineNetOpen], net_open, cache->zero);
			if (!dunning::LetterListsLine(action, status, net_open_positive))
				continue;
			elements[listed++] = elements[i];
			const bool charge = status == "charge";
			if (!null[kLineNetOpen])
				AddTo(charge ? &charges : &amount, value[kLineNetOpen], net_open);
			if (!charge && !null[kLineAllocated])
				AddTo(&credits, value[kLineAllocated], DecodeNumeric(value[kLineAllocated]));
			if (!null[kLineKind] &&
				dunning::LetterCountsInvoice(status,
											 dunning::pg::KindLabel(cache->kinds, DatumGetObjectId(value[kLineKind]))))
				++invoices;
			if (!null[kLineDueDate] && (!has_first_due || DatumGetDateADT(value[kLineDueDate]) < first_due)) {
				first_due = DatumGetDateADT(value[kLineDueDate]);
				has_first_due = true;
			}
		}
		if (listed > 0) {
			result[kResultLines] =
				PointerGetDatum(construct_array(elements, listed, cache->element_type, cache->element_length,
												cache->element_by_value, cache->element_align));
			result_null[kResultLines] = false;
		}
	}
	// coalesce(sum(...), 0)
	result[kResultAmount] = SumDatum(amount, cache->zero);
	result[kResultCharges] = SumDatum(charges, cache->zero);
	result[kResultCredits] = SumDatum(credits, cache->zero);
	result[kResultInvoices] = Int64GetDatum(invoices);
	if (has_first_due) {
		result[kResultFirstDue] = DateADTGetDatum(first_due);
		result_null[kResultFirstDue] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->result_desc, result, result_null)));
}
