// dunning.item(...): the constructor of the composite dunning.item, in two overloads that differ
// in the type of `kind` (dunning.item_kind, or text as ERP mirrors and untyped literals give it).
// It is a C function so that postgres_fdw can ship it to shards (SPEC §12).
#include <cstring>
#include <type_traits>

#include "core/item.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

namespace {

using dunning::ItemFields;
static_assert(std::is_trivially_destructible_v<dunning::Item>, "BuildItem holds an Item across PostgreSQL calls");
using dunning::pg::KindOids;
using enum dunning::pg::ItemArg;

// What heap_form_tuple reads of each attribute of dunning.item, copied once per query.
struct ItemLayout {
	int16 length[kItemArgs];
	char align[kItemArgs];
	bool packable[kItemArgs]; // a varlena whose storage is not plain: a short header when it fits
};

struct ConstructorCache {
	TupleDesc result_desc;
	KindOids kinds;
	ItemLayout layout;
	bool layout_ok; // every attribute by value up to 8 bytes or a varlena, as FormItem handles
	HeapTupleHeaderData header; // of a tuple heap_form_tuple made with result_desc (FormItem)
};

// Checks what FormItem relies on and copies the attributes' lengths and alignments.
bool
LoadLayout(TupleDesc desc, ItemLayout *layout) {
	if (desc->natts != kItemArgs)
		return false;
	for (int i = 0; i < kItemArgs; ++i) {
		Form_pg_attribute att = TupleDescAttr(desc, i);
		if (att->attisdropped || (att->attbyval ? att->attlen < 1 || att->attlen > 8 : att->attlen != -1))
			return false;
		layout->length[i] = att->attlen;
		layout->align[i] = att->attalign;
		layout->packable[i] = att->attlen == -1 && att->attstorage != TYPSTORAGE_PLAIN;
	}
	return true;
}

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
	cache->layout_ok = LoadLayout(cache->result_desc, &cache->layout);
	if (cache->layout_ok) {
		Datum values[kItemArgs] = {};
		bool nulls[kItemArgs];
		for (bool &null : nulls)
			null = true;
		HeapTuple sample = heap_form_tuple(cache->result_desc, values, nulls);
		std::memcpy(&cache->header, sample->t_data, SizeofHeapTupleHeader);
		heap_freetuple(sample);
	}
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

// Runs the core's validation. The Item is plain data (no destructor), so the caller may hold it
// while it calls PostgreSQL.
dunning::Item
Validate(const ItemFields &fields) {
	return dunning::MakeItem(fields);
}

// The bytes heap_form_tuple(desc, values, nulls) makes, as a composite datum, for the fixed ten
// attributes of dunning.item, without its generic per-attribute dispatch (1M items:
// heap_form_tuple was about 13% of dunning.balance). The data area follows heap_compute_data_size
// and heap_fill_tuple (alignment, short varlena headers); the header is the server's own, taken
// from a tuple heap_form_tuple made for the same descriptor (Cache: type, typmod and the row type's
// version, which this server keeps in datum headers), with the length, null and width flags of
// this tuple. Returns 0 when a value is a TOAST pointer or an expanded object, which only
// heap_form_tuple handles. dunning.check_forms compares every result with heap_form_tuple's.
Datum
FormItem(const ConstructorCache &cache, const Datum *values, const bool *nulls) {
	const ItemLayout &layout = cache.layout;
	bool has_null = false;
	Size data_size = 0;
	for (int i = 0; i < kItemArgs; ++i) {
		if (nulls[i]) {
			has_null = true;
			continue;
		}
		if (layout.length[i] > 0) {
			data_size = att_align_nominal(data_size, layout.align[i]) + layout.length[i];
			continue;
		}
		const auto *value = reinterpret_cast<const struct varlena *>(DatumGetPointer(values[i]));
		if (VARATT_IS_EXTERNAL(value))
			return 0;
		if (VARATT_IS_SHORT(value))
			data_size += VARSIZE_SHORT(value);
		else if (layout.packable[i] && VARATT_CAN_MAKE_SHORT(value))
			data_size += VARATT_CONVERTED_SHORT_SIZE(value);
		else
			data_size = att_align_nominal(data_size, layout.align[i]) + VARSIZE(value);
	}
	Size header_size = SizeofHeapTupleHeader;
	if (has_null)
		header_size += BITMAPLEN(kItemArgs);
	header_size = MAXALIGN(header_size);
	const Size length = header_size + data_size;

	auto *tuple = static_cast<HeapTupleHeader>(palloc0(length));
	std::memcpy(tuple, &cache.header, SizeofHeapTupleHeader);
	HeapTupleHeaderSetDatumLength(tuple, length);
	tuple->t_hoff = static_cast<uint8>(header_size);

	char *const start = reinterpret_cast<char *>(tuple) + header_size;
	char *data = start;
	uint16 infomask = 0;
	bits8 *bits = has_null ? tuple->t_bits : nullptr;
	for (int i = 0; i < kItemArgs; ++i) {
		if (nulls[i]) {
			infomask |= HEAP_HASNULL;
			continue;
		}
		if (bits)
			bits[i >> 3] |= static_cast<bits8>(1 << (i & 7));
		if (layout.length[i] > 0) {
			data = reinterpret_cast<char *>(att_align_nominal(data, layout.align[i]));
			store_att_byval(data, values[i], layout.length[i]);
			data += layout.length[i];
			continue;
		}
		infomask |= HEAP_HASVARWIDTH;
		const auto *value = reinterpret_cast<const struct varlena *>(DatumGetPointer(values[i]));
		Size size;
		if (VARATT_IS_SHORT(value)) {
			size = VARSIZE_SHORT(value);
			dunning::pg::CopyBytes(data, value, size);
		} else if (layout.packable[i] && VARATT_CAN_MAKE_SHORT(value)) {
			size = VARATT_CONVERTED_SHORT_SIZE(value);
			SET_VARSIZE_SHORT(data, size);
			dunning::pg::CopyBytes(data + 1, VARDATA(value), size - 1);
		} else {
			data = reinterpret_cast<char *>(att_align_nominal(data, layout.align[i]));
			size = VARSIZE(value);
			dunning::pg::CopyBytes(data, value, size);
		}
		data += size;
	}
	Assert(static_cast<Size>(data - start) == data_size);
	tuple->t_infomask = (tuple->t_infomask & ~(HEAP_HASNULL | HEAP_HASVARWIDTH | HEAP_HASEXTERNAL)) | infomask;
	return PointerGetDatum(tuple);
}

// With dunning.check_forms on (the tests): FormItem's bytes must be heap_form_tuple's.
void
CheckForm(const ConstructorCache &cache, Datum formed, Datum *values, bool *nulls) {
	HeapTuple expected = heap_form_tuple(cache.result_desc, values, nulls);
	const auto *a = reinterpret_cast<const struct varlena *>(DatumGetPointer(formed));
	const auto *b = reinterpret_cast<const struct varlena *>(DatumGetPointer(HeapTupleGetDatum(expected)));
	if (VARSIZE(a) != VARSIZE(b) || std::memcmp(a, b, VARSIZE(a)) != 0)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
		                errmsg("dunning.item formed %u bytes that differ from heap_form_tuple's %u bytes",
		                       VARSIZE(a), VARSIZE(b))));
	heap_freetuple(expected);
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
	Datum result = cache.layout_ok ? FormItem(cache, values, nulls) : 0;
	if (!result)
		result = HeapTupleGetDatum(heap_form_tuple(cache.result_desc, values, nulls));
	else if (dunning::pg::check_forms)
		CheckForm(cache, result, values, nulls);
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
