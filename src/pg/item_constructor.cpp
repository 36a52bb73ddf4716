// dunning.item(...): the constructor of the composite dunning.item, in two overloads that differ
// in the type of `kind` (dunning.item_kind, or text as ERP mirrors and untyped literals give it).
// It is a C function so that postgres_fdw can ship it to shards (SPEC §12).
#include <type_traits>

#include "core/item.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

namespace {

using dunning::ItemFields;
static_assert(std::is_trivially_destructible_v<dunning::Item>, "BuildItem holds an Item across PostgreSQL calls");
using dunning::pg::KindOids;
using enum dunning::pg::ItemArg;

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
	dunning::pg::LoadKindOids(TupleDescAttr(cache->result_desc, kItemArgKind)->atttypid, &cache->kinds);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

// Runs the core's validation. The Item is plain data (no destructor), so the caller may hold it
// while it calls PostgreSQL.
dunning::Item
Validate(const ItemFields &fields) {
	return dunning::MakeItem(fields);
}

// The common body: `kind_oid` is the enum value of the kind (InvalidOid when NULL or unknown,
// which validation reports with the item's name).
Datum
BuildItem(FunctionCallInfo fcinfo, const ConstructorCache &cache, ItemFields &fields, Oid kind_oid) {
	dunning::pg::ReadItemArguments(fcinfo, &fields);
	const dunning::Item item = Validate(fields);

	Datum values[kItemArgs];
	bool nulls[kItemArgs];
	for (int i = 0; i < kItemArgs; ++i) {
		nulls[i] = PG_ARGISNULL(i);
		values[i] = nulls[i] ? 0 : PG_GETARG_DATUM(i);
	}
	values[kItemArgKind] = ObjectIdGetDatum(kind_oid);
	if (nulls[kItemArgDoc]) { // doc_date defaults to due_date
		nulls[kItemArgDoc] = nulls[kItemArgDue];
		values[kItemArgDoc] = values[kItemArgDue];
	}
	// A NULL flag means "not set", as in the core.
	values[kItemArgDisputed] = BoolGetDatum(fields.disputed.value_or(false));
	values[kItemArgOnPlan] = BoolGetDatum(fields.on_plan.value_or(false));
	nulls[kItemArgDisputed] = nulls[kItemArgOnPlan] = false;
	Datum result = HeapTupleGetDatum(heap_form_tuple(cache.result_desc, values, nulls));
	dunning::pg::RememberConstructed(result, item);
	return result;
}

} // namespace

DUNNING_FUNCTION(dunning_item_enum) {
	ConstructorCache *cache = Cache(fcinfo);
	ItemFields fields;
	Oid kind_oid = PG_ARGISNULL(kItemArgKind) ? InvalidOid : PG_GETARG_OID(kItemArgKind);
	if (OidIsValid(kind_oid))
		fields.kind = dunning::pg::KindLabel(cache->kinds, kind_oid);
	return BuildItem(fcinfo, *cache, fields, kind_oid);
}

DUNNING_FUNCTION(dunning_item_text) {
	ConstructorCache *cache = Cache(fcinfo);
	ItemFields fields;
	fields.kind = dunning::pg::TextArg(fcinfo, kItemArgKind);
	Oid kind_oid = fields.kind ? dunning::pg::KindOid(cache->kinds, *fields.kind) : InvalidOid;
	return BuildItem(fcinfo, *cache, fields, kind_oid);
}
