#include "pg/item_datum.hpp"
#include "pg/row_columns.hpp"

#include "core/numeric_codec.hpp"

#include <cstring>

namespace dunning::pg {

namespace {

// Attribute numbers of dunning.item, in declaration order (extension/dunning--*.sql).
enum ItemAttr {
	kAttId,
	kAttKind,
	kAttAmount,
	kAttOpen,
	kAttDue,
	kAttDoc,
	kAttCurrency,
	kAttDisputed,
	kAttHold,
	kAttOnPlan,
	kItemAttrs
};

struct ItemRowCache {
	Oid row_type;
	TupleDesc desc;
	KindOids kinds;
};

ItemRowCache *
RowCache(FunctionCallInfo fcinfo, void **slot, Oid row_type, int32 typmod) {
	auto *cache = static_cast<ItemRowCache *>(*slot);
	if (cache && cache->row_type == row_type)
		return cache;
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (!cache)
		cache = static_cast<ItemRowCache *>(palloc0(sizeof(ItemRowCache)));
	TupleDesc desc = lookup_rowtype_tupdesc(row_type, typmod);
	cache->desc = CreateTupleDescCopy(desc);
	ReleaseTupleDesc(desc);
	MemoryContextSwitchTo(old);
	if (cache->desc->natts != kItemAttrs || TupleDescAttr(cache->desc, kAttKind)->atttypid == InvalidOid)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.item has an unexpected definition"),
		                errhint("Reinstall the extension: ALTER EXTENSION dunning UPDATE.")));
	LoadKindOids(TupleDescAttr(cache->desc, kAttKind)->atttypid, &cache->kinds);
	cache->row_type = row_type;
	*slot = cache;
	return cache;
}

std::optional<std::int32_t>
DateField(const Datum *values, const bool *nulls, int att) {
	if (nulls[att])
		return std::nullopt;
	return DatumGetDateADT(values[att]);
}

std::optional<bool>
BoolField(const Datum *values, const bool *nulls, int att) {
	if (nulls[att])
		return std::nullopt;
	return DatumGetBool(values[att]);
}

// RememberConstructed's copy. Items of up to this size (ids up to about 130 bytes) are
// remembered; a larger one is read from its datum.
struct ConstructedMemo {
	std::uint32_t length; // 0: nothing remembered
	Item item; // its id views `bytes`
	alignas(MAXIMUM_ALIGNOF) char bytes[256];
};
ConstructedMemo constructed_memo;

} // namespace

void
CopyBytes(void *to, const void *from, std::size_t size) {
	std::memcpy(to, from, size);
}

void
RememberConstructed(Datum item, const Item &validated) {
	ConstructedMemo &memo = constructed_memo;
	memo.length = 0;
	const auto *raw = reinterpret_cast<const struct varlena *>(DatumGetPointer(item));
	if (VARATT_IS_EXTENDED(raw) || VARSIZE(raw) > sizeof memo.bytes)
		return;
	const auto header = reinterpret_cast<const HeapTupleHeaderData *>(raw);
	// The id is the first attribute, never NULL in a valid item; the Item must view its copy.
	if (HeapTupleHeaderGetNatts(header) != kItemAttrs ||
	    ((header->t_infomask & HEAP_HASNULL) && att_isnull(kAttId, header->t_bits)))
		return;
	const char *id = reinterpret_cast<const char *>(header) + header->t_hoff;
	if (VARATT_IS_EXTERNAL(id) || VARATT_IS_COMPRESSED(id))
		return;
	const std::size_t id_size = VARSIZE_ANY_EXHDR(id);
	if (id_size != validated.id.size() || std::memcmp(VARDATA_ANY(id), validated.id.data(), id_size) != 0)
		return;
	CopyBytes(memo.bytes, raw, VARSIZE(raw));
	memo.item = validated;
	memo.item.id = std::string_view(memo.bytes + (VARDATA_ANY(id) - reinterpret_cast<const char *>(raw)), id_size);
	memo.length = VARSIZE(raw);
}

const Item *
RecallConstructed(Datum item) {
	const ConstructedMemo &memo = constructed_memo;
	const auto *raw = reinterpret_cast<const struct varlena *>(DatumGetPointer(item));
	if (memo.length == 0 || VARATT_IS_EXTENDED(raw) || VARSIZE(raw) != memo.length ||
	    std::memcmp(raw, memo.bytes, memo.length) != 0)
		return nullptr;
	return &memo.item;
}

void
LoadKindOids(Oid enum_type, KindOids *out) {
	out->enum_type = enum_type;
	for (std::size_t i = 0; i < kItemKindNames.size(); ++i) {
		out->label[i] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid, ObjectIdGetDatum(enum_type),
		                                CStringGetDatum(kItemKindNames[i].data()));
		if (!OidIsValid(out->label[i]))
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
			                errmsg("dunning.item_kind has no label \"%s\"", kItemKindNames[i].data()),
			                errhint("Reinstall the extension: ALTER EXTENSION dunning UPDATE.")));
	}
}

const char *
KindLabel(const KindOids &kinds, Oid value) {
	for (std::size_t i = 0; i < kItemKindNames.size(); ++i)
		if (kinds.label[i] == value)
			return kItemKindNames[i].data();
	ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("unknown dunning.item_kind value %u", value)));
	pg_unreachable();
}

Oid
KindOid(const KindOids &kinds, std::string_view label) {
	std::optional<ItemKind> kind = ParseItemKind(label);
	return kind ? kinds.label[static_cast<std::size_t>(*kind)] : InvalidOid;
}

bool
ReadItemDatum(FunctionCallInfo fcinfo, Datum item, ItemFields *out, void **cache_slot) {
	HeapTupleHeader header = DatumGetHeapTupleHeader(item);
	ItemRowCache *cache = RowCache(fcinfo, cache_slot ? cache_slot : &fcinfo->flinfo->fn_extra,
	                               HeapTupleHeaderGetTypeId(header), HeapTupleHeaderGetTypMod(header));

	Datum values[kItemAttrs];
	bool nulls[kItemAttrs];
	DeformRow(header, cache->desc, values, nulls);
	bool all_null = true;
	for (bool null : nulls)
		all_null = all_null && null;
	if (all_null)
		return false;

	out->id = TextField(values, nulls, kAttId);
	out->kind = nulls[kAttKind]
	                ? std::nullopt
	                : std::optional<std::string_view>(KindLabel(cache->kinds, DatumGetObjectId(values[kAttKind])));
	if (!nulls[kAttAmount])
		ReadAmount(values[kAttAmount], &out->amount, &out->amount_units);
	if (!nulls[kAttOpen])
		ReadAmount(values[kAttOpen], &out->open_amount, &out->open_units);
	out->due_date = DateField(values, nulls, kAttDue);
	out->doc_date = DateField(values, nulls, kAttDoc);
	out->currency = TextField(values, nulls, kAttCurrency);
	out->disputed = BoolField(values, nulls, kAttDisputed);
	out->hold_until = DateField(values, nulls, kAttHold);
	out->on_plan = BoolField(values, nulls, kAttOnPlan);
	return true;
}

void
ReadItemArguments(FunctionCallInfo fcinfo, ItemFields *out, int first) {
	out->id = TextArg(fcinfo, first + kItemArgId);
	if (!PG_ARGISNULL(first + kItemArgAmount))
		ReadAmount(PG_GETARG_DATUM(first + kItemArgAmount), &out->amount, &out->amount_units);
	if (!PG_ARGISNULL(first + kItemArgOpen))
		ReadAmount(PG_GETARG_DATUM(first + kItemArgOpen), &out->open_amount, &out->open_units);
	out->due_date = DateArg(fcinfo, first + kItemArgDue);
	out->doc_date = DateArg(fcinfo, first + kItemArgDoc);
	out->currency = TextArg(fcinfo, first + kItemArgCurrency);
	out->disputed = PG_ARGISNULL(first + kItemArgDisputed) ? std::nullopt
	                                                       : std::optional(PG_GETARG_BOOL(first + kItemArgDisputed));
	out->hold_until = DateArg(fcinfo, first + kItemArgHold);
	out->on_plan = PG_ARGISNULL(first + kItemArgOnPlan) ? std::nullopt
	                                                    : std::optional(PG_GETARG_BOOL(first + kItemArgOnPlan));
}

void
ReadFlatItem(FunctionCallInfo fcinfo, int first, ItemFields *out) {
	out->id = TextArg(fcinfo, first);
	out->kind = TextArg(fcinfo, first + 1);
	if (!PG_ARGISNULL(first + 2))
		ReadAmount(PG_GETARG_DATUM(first + 2), &out->amount, &out->amount_units);
	if (!PG_ARGISNULL(first + 3))
		ReadAmount(PG_GETARG_DATUM(first + 3), &out->open_amount, &out->open_units);
	out->due_date = DateArg(fcinfo, first + 4);
}

std::string_view
NumericText(Datum numeric) {
	return DatumGetCString(DirectFunctionCall1(numeric_out, numeric));
}

NumericPayload
PayloadOf(Datum numeric) {
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(numeric);
	return {reinterpret_cast<const unsigned char *>(VARDATA_ANY(packed)), VARSIZE_ANY_EXHDR(packed)};
}

void
NumericTextInto(Datum numeric, std::string *out) {
	const NumericPayload payload = PayloadOf(numeric);
	if (!FormatNumericText(payload.bytes, payload.size, out))
		out->assign(NumericText(numeric));
}

void
ReadAmount(Datum numeric, std::optional<std::string_view> *text, std::optional<std::int64_t> *units) {
	const NumericPayload payload = PayloadOf(numeric);
	std::int64_t decoded;
	if (DecodeNumericUnits(payload.bytes, payload.size, &decoded) == NumericDecode::kOk && decoded >= 0)
		*units = decoded;
	else
		*text = NumericText(numeric);
}

Datum
NumericFromText(const char *text) {
	return DirectFunctionCall3(numeric_in, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

Datum
Utf8TextDatum(const std::string &utf8) {
	const int length = static_cast<int>(utf8.size());
	char *server = pg_any_to_server(utf8.data(), length, PG_UTF8);
	if (server == utf8.data())
		return PointerGetDatum(cstring_to_text_with_len(utf8.data(), length));
	return PointerGetDatum(cstring_to_text(server));
}

} // namespace dunning::pg
