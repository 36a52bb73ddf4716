#include "pg/result_datum.hpp"

#include "core/numeric_codec.hpp"
#include "pg/context_owned.hpp"
#include "pg/item_datum.hpp"

#include <cstring>

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

namespace dunning::pg {

namespace {

constexpr int kAssessmentColumns = 19;

Datum
TextDatum(std::string_view text) {
	return PointerGetDatum(cstring_to_text_with_len(text.data(), static_cast<int>(text.size())));
}

// What a final function keeps for the query in fn_extra: its result descriptor, and the text[]
// of the reason-code sets it has built. Units fall into a handful of sets, so most groups copy
// a ready array instead of building one.
struct FinalCache {
	TupleDesc desc;
	UnitAssessment *assessment; // AssessmentSlot
	int codes_cached;
	std::uint32_t code_masks[32];
	Datum code_arrays[32];
};

FinalCache *
CacheOf(FunctionCallInfo fcinfo, int expected_columns, const char *type_name) {
	if (fcinfo->flinfo->fn_extra)
		return static_cast<FinalCache *>(fcinfo->flinfo->fn_extra);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE || desc->natts != expected_columns)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("%s has an unexpected definition", type_name),
		                errhint("Reinstall the extension: ALTER EXTENSION dunning UPDATE.")));
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	auto *cache = static_cast<FinalCache *>(palloc0(sizeof(FinalCache)));
	cache->desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

Datum
BuildCodes(ReasonCodes codes) {
	Datum elements[ReasonCodes::kCount];
	int n = 0;
	for (unsigned code = 0; code < ReasonCodes::kCount; ++code)
		if ((codes.mask() >> code) & 1)
			elements[n++] = TextDatum(ReasonCodes::kNames[code]);
	return PointerGetDatum(construct_array(elements, n, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum
CodesDatum(FunctionCallInfo fcinfo, FinalCache *cache, ReasonCodes codes) {
	for (int i = 0; i < cache->codes_cached; ++i)
		if (cache->code_masks[i] == codes.mask())
			return cache->code_arrays[i];
	if (cache->codes_cached == static_cast<int>(sizeof cache->code_masks / sizeof cache->code_masks[0]))
		return BuildCodes(codes);
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	Datum array = BuildCodes(codes);
	MemoryContextSwitchTo(old);
	cache->code_masks[cache->codes_cached] = codes.mask();
	cache->code_arrays[cache->codes_cached] = array;
	++cache->codes_cached;
	return array;
}

} // namespace

TupleDesc
ResultDesc(FunctionCallInfo fcinfo, int expected_columns, const char *type_name) {
	return CacheOf(fcinfo, expected_columns, type_name)->desc;
}

UnitAssessment *
AssessmentSlot(FunctionCallInfo fcinfo) {
	FinalCache *cache = CacheOf(fcinfo, kAssessmentColumns, "dunning.assessment");
	if (!cache->assessment)
		cache->assessment = NewInContext<UnitAssessment>(fcinfo->flinfo->fn_mcxt);
	return cache->assessment;
}

// With dunning.check_forms on (the tests): `formed` must be the bytes of PostgreSQL's numeric.
void
CheckMoneyForm(Datum formed, std::int64_t cents) {
	Datum expected = NumericGetDatum(int64_div_fast_to_numeric(cents, 2));
	const auto *a = reinterpret_cast<const struct varlena *>(DatumGetPointer(formed));
	const auto *b = reinterpret_cast<const struct varlena *>(DatumGetPointer(expected));
	if (VARSIZE_ANY(a) != VARSIZE_ANY(b) || std::memcmp(a, b, VARSIZE_ANY(a)) != 0)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
		                errmsg("amount %lld cents formed differently from int64_div_fast_to_numeric",
		                       static_cast<long long>(cents))));
	pfree(DatumGetPointer(expected));
}

Datum
MoneyDatum(MoneySum value) {
	std::int64_t cents;
	if (ToCents(value, &cents)) {
		// Most units have several zero figures (charges, credits, disputed, fee): one 0.00 for all,
		// built once per backend (heap_form_tuple copies it into each result).
		if (cents == 0) {
			static Datum zero = 0;
			if (!zero) {
				MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
				zero = NumericGetDatum(int64_div_fast_to_numeric(0, 2));
				MemoryContextSwitchTo(old);
			}
			return zero;
		}
		// The bytes int64_div_fast_to_numeric(cents, 2) makes, without its NumericVar.
		unsigned char payload[kEncodedCentsMax];
		const std::size_t size = EncodeNumericCents(cents, payload);
		auto *numeric = static_cast<struct varlena *>(palloc(VARHDRSZ + size));
		SET_VARSIZE(numeric, VARHDRSZ + size);
		std::memcpy(VARDATA(numeric), payload, size);
		Datum result = PointerGetDatum(numeric);
		if (check_forms)
			CheckMoneyForm(result, cents);
		return result;
	}
	return NumericFromCents(FormatCents(value));
}

Datum
DaysDatum(std::int64_t days) {
	if (days < PG_INT32_MIN || days > PG_INT32_MAX)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("day count %lld out of range for integer",
		                                                                     static_cast<long long>(days))));
	return Int32GetDatum(static_cast<std::int32_t>(days));
}

Datum
AssessmentDatum(FunctionCallInfo fcinfo, const UnitAssessment &r) {
	constexpr int kColumns = kAssessmentColumns;
	FinalCache *cache = CacheOf(fcinfo, kColumns, "dunning.assessment");
	TupleDesc desc = cache->desc;
	Datum v[kColumns];
	bool n[kColumns] = {};
	int i = 0;
	v[i++] = Int32GetDatum(r.level);
	v[i++] = Int32GetDatum(r.computed_level);
	v[i++] = TextDatum(ActionName(r.action));
	n[i] = !r.tone;
	v[i++] = r.tone ? TextDatum(ToneName(*r.tone)) : Datum(0);
	v[i++] = MoneyDatum(MoneySum(r.fee));
	v[i++] = MoneyDatum(r.balance.principal_open);
	v[i++] = MoneyDatum(r.balance.charges_open);
	v[i++] = MoneyDatum(r.balance.credits_open);
	v[i++] = MoneyDatum(r.balance.net_balance);
	v[i++] = MoneyDatum(r.balance.overdue_open);
	v[i++] = MoneyDatum(r.dunnable_amount);
	n[i] = !r.significant_overdue_days;
	v[i++] = r.significant_overdue_days ? DaysDatum(*r.significant_overdue_days) : Datum(0);
	n[i] = !r.oldest_overdue_days;
	v[i++] = r.oldest_overdue_days ? DaysDatum(*r.oldest_overdue_days) : Datum(0);
	v[i++] = DaysDatum(r.items);
	v[i++] = DaysDatum(r.items_overdue);
	v[i++] = DaysDatum(r.items_significant);
	n[i] = !r.next_review_date;
	v[i++] = r.next_review_date ? DateADTGetDatum(r.next_review_date->pg_days()) : Datum(0);
	v[i++] = TextDatum(r.reason);
	v[i++] = CodesDatum(fcinfo, cache, r.reason_codes);
	return HeapTupleGetDatum(heap_form_tuple(desc, v, n));
}

void
ItemAssessmentValues(const ItemAssessment &row, const KindOids &kinds, Datum *v, bool *n) {
	const ItemPosition &p = row.position;
	const Item &item = *p.item;
	int i = 0;
	for (int k = 0; k < 11; ++k)
		n[k] = false;
	v[i++] = TextDatum(item.id);
	v[i++] = ObjectIdGetDatum(kinds.label[static_cast<std::size_t>(item.kind)]);
	v[i++] = MoneyDatum(MoneySum(item.amount));
	v[i++] = MoneyDatum(MoneySum(item.open));
	v[i++] = MoneyDatum(MoneySum(p.allocated));
	v[i++] = MoneyDatum(MoneySum(p.net_open));
	n[i] = !p.effective_due;
	v[i++] = p.effective_due ? DateADTGetDatum(p.effective_due->pg_days()) : Datum(0);
	n[i] = !p.days_overdue;
	v[i++] = p.days_overdue ? DaysDatum(*p.days_overdue) : Datum(0);
	v[i++] = BoolGetDatum(row.significant);
	v[i++] = Int32GetDatum(row.item_level);
	v[i++] = TextDatum(ItemStatusName(row.status));
}

} // namespace dunning::pg
