// dunning.item(...): the constructor of the composite dunning.item, in two overloads that differ
// in the type of `kind` (dunning.item_kind, or text as ERP mirrors and untyped literals give it).
// It is a C function so that postgres_fdw can ship it to shards (SPEC §12).
#include "core/item.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

namespace {

using dunning::ItemFields;
using dunning::pg::KindOids;

enum Arg { kArgId, kArgKind, kArgAmount, kArgOpen, kArgDue, kArgDoc, kArgCurrency, kArgDisputed, kArgHold, kArgOnPlan };

struct ConstructorCache {
	TupleDesc result_desc;
	KindOids kinds;
};

ConstructorCache *
Cache(FunctionCallInfo fcinfo) {
	if (fcinfo->flinfo->fn_extra)
		return static_cast<ConstructorCache *>(fcinfo->flinfo->fn_extra);
	TupleDesc desc;
	if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("dunning.item must return a composite")));
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	auto *cache = static_cast<ConstructorCache *>(palloc0(sizeof(ConstructorCache)));
	cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	MemoryContextSwitchTo(old);
	dunning::pg::LoadKindOids(TupleDescAttr(cache->result_desc, kArgKind)->atttypid, &cache->kinds);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

std::optional<bool>
BoolArg(FunctionCallInfo fcinfo, int n) {
	if (PG_ARGISNULL(n))
		return std::nullopt;
	return PG_GETARG_BOOL(n);
}

// Runs the core's validation; the validated Item (a C++ object) lives and dies in this frame.
void
Validate(const ItemFields &fields) {
	(void)dunning::MakeItem(fields);
}

// The common body: `kind_oid` is the enum value of the kind (InvalidOid when NULL or unknown,
// which validation reports with the item's name).
Datum
BuildItem(FunctionCallInfo fcinfo, const ConstructorCache &cache, ItemFields &fields, Oid kind_oid) {
	fields.id = dunning::pg::TextArg(fcinfo, kArgId);
	if (!PG_ARGISNULL(kArgAmount))
		dunning::pg::ReadAmount(PG_GETARG_DATUM(kArgAmount), &fields.amount, &fields.amount_units);
	if (!PG_ARGISNULL(kArgOpen))
		dunning::pg::ReadAmount(PG_GETARG_DATUM(kArgOpen), &fields.open_amount, &fields.open_units);
	fields.due_date = dunning::pg::DateArg(fcinfo, kArgDue);
	fields.doc_date = dunning::pg::DateArg(fcinfo, kArgDoc);
	fields.currency = dunning::pg::TextArg(fcinfo, kArgCurrency);
	fields.disputed = BoolArg(fcinfo, kArgDisputed);
	fields.hold_until = dunning::pg::DateArg(fcinfo, kArgHold);
	fields.on_plan = BoolArg(fcinfo, kArgOnPlan);
	Validate(fields);

	Datum values[kArgOnPlan + 1];
	bool nulls[kArgOnPlan + 1];
	for (int i = 0; i <= kArgOnPlan; ++i) {
		nulls[i] = PG_ARGISNULL(i);
		values[i] = nulls[i] ? 0 : PG_GETARG_DATUM(i);
	}
	values[kArgKind] = ObjectIdGetDatum(kind_oid);
	if (nulls[kArgDoc]) { // doc_date defaults to due_date
		nulls[kArgDoc] = nulls[kArgDue];
		values[kArgDoc] = values[kArgDue];
	}
	// A NULL flag means "not set", as in the core.
	values[kArgDisputed] = BoolGetDatum(fields.disputed.value_or(false));
	values[kArgOnPlan] = BoolGetDatum(fields.on_plan.value_or(false));
	nulls[kArgDisputed] = nulls[kArgOnPlan] = false;
	return HeapTupleGetDatum(heap_form_tuple(cache.result_desc, values, nulls));
}

} // namespace

DUNNING_FUNCTION(dunning_item_enum) {
	ConstructorCache *cache = Cache(fcinfo);
	ItemFields fields;
	Oid kind_oid = PG_ARGISNULL(kArgKind) ? InvalidOid : PG_GETARG_OID(kArgKind);
	if (OidIsValid(kind_oid))
		fields.kind = dunning::pg::KindLabel(cache->kinds, kind_oid);
	return BuildItem(fcinfo, *cache, fields, kind_oid);
}

DUNNING_FUNCTION(dunning_item_text) {
	ConstructorCache *cache = Cache(fcinfo);
	ItemFields fields;
	fields.kind = dunning::pg::TextArg(fcinfo, kArgKind);
	Oid kind_oid = fields.kind ? dunning::pg::KindOid(cache->kinds, *fields.kind) : InvalidOid;
	return BuildItem(fcinfo, *cache, fields, kind_oid);
}
