// Datum conversions for dunning.item and money: composite rows and enum labels to the core's
// ItemFields, core money to numeric. Everything here calls PostgreSQL and owns no C++ object.
#pragma once

#include "core/item.hpp"
#include "core/money.hpp"
#include "pg/postgres_api.hpp"

#include <string>

namespace dunning::pg {

// The OIDs of dunning.item_kind's labels, in core ItemKind order.
struct KindOids {
	Oid enum_type;
	Oid label[kItemKindNames.size()];
};
void LoadKindOids(Oid enum_type, KindOids *out);
// The label of an enum value, as a NUL-terminated literal.
const char *KindLabel(const KindOids &kinds, Oid value);
// The enum value of a label, or InvalidOid when the label is unknown.
Oid KindOid(const KindOids &kinds, std::string_view label);

// Argument numbers of dunning.item(...) and dunning.item_check(...), which take the same
// arguments in the order of dunning.item's fields.
enum ItemArg {
	kItemArgId,
	kItemArgKind,
	kItemArgAmount,
	kItemArgOpen,
	kItemArgDue,
	kItemArgDoc,
	kItemArgCurrency,
	kItemArgDisputed,
	kItemArgHold,
	kItemArgOnPlan,
	kItemArgs
};
// Reads those arguments into `out`, all but kind, which the caller reads as enum or text. `first`:
// the argument number of item_id (1 in a transition function, after the state).
void ReadItemArguments(FunctionCallInfo fcinfo, ItemFields *out, int first = 0);

// The flat overloads' item (extension/src/18_fast_path.sql): item_id text, kind text, amount,
// open_amount, due_date as arguments `first` .. `first` + 4, read as dunning.item(...) with the
// text kind and the other fields at their defaults reads them.
inline constexpr int kFlatItemArgs = 5;
void ReadFlatItem(FunctionCallInfo fcinfo, int first, ItemFields *out);

// Reads a dunning.item composite datum; strings point into the (detoasted) datum or into
// CurrentMemoryContext. Keeps its tuple descriptor cache in `*cache_slot` (allocated in
// fn_mcxt), by default fcinfo->flinfo->fn_extra. Returns false for a row whose fields are all
// NULL, which is NULL in SQL (`ROW(NULL, ...) IS NULL`) and is what `FROM unnest(items) i` makes
// of a NULL element: the caller ignores it like a NULL item.
bool ReadItemDatum(FunctionCallInfo fcinfo, Datum item, ItemFields *out, void **cache_slot = nullptr);

// memcpy, out of line on purpose: inlined where the compiler knows a bound on the size (a short
// varlena is below 128 bytes), GCC copies with `rep movsq`, whose start-up cost was 40% of the
// item constructor and of RememberConstructed (1M items: 5% of dunning.balance); libc's memcpy
// copies an item's few dozen bytes in a few instructions.
void CopyBytes(void *to, const void *from, std::size_t size);

// The item dunning.item(...) made last, remembered with a copy of the datum it returned. Every
// aggregate row deformed and validated that datum again, field by field; given a datum byte for
// byte the same (the same type, the same fields), the aggregates take the validated Item from
// here instead. Anything else, a ROW(...) value among them, misses and is read and validated as
// before: the bytes, not where they came from, decide. One item, so it costs a copy of ~100 bytes
// per constructor call and a comparison of them per aggregate row.
void RememberConstructed(Datum item, const Item &validated);
// The remembered Item when `item` is byte-identical to the remembered datum, else null. Its id
// views the remembered copy, valid until the next constructor call.
const Item *RecallConstructed(Datum item);

// The setting dunning.check_forms (src/pg/module.cpp): when on, dunning.item(...) compares the
// tuple it forms itself with the one heap_form_tuple makes, result rows their amounts with
// int64_div_fast_to_numeric's, and each raises an error if they differ (the tests).
extern bool check_forms;

// A numeric datum's bytes past the varlena header (detoasted), which the core's codec reads
// (core/numeric_codec.hpp).
struct NumericPayload {
	const unsigned char *bytes;
	std::size_t size;
};
NumericPayload PayloadOf(Datum numeric);
// numeric's text form, as Money::Parse reads it.
std::string_view NumericText(Datum numeric);
// The same text into `out`, without numeric_out's allocation for a finite numeric.
void NumericTextInto(Datum numeric, std::string *out);
// An amount argument: decoded from numeric's binary form into `units` when it is a non-negative,
// in-range amount with at most 4 decimals (the hot path), else its text into `text`, from which
// the core raises the documented error.
void ReadAmount(Datum numeric, std::optional<std::string_view> *text, std::optional<std::int64_t> *units);
// A numeric from its decimal text ("-12.34").
Datum NumericFromText(const char *text);
inline Datum
NumericFromCents(const CentsText &cents) {
	return NumericFromText(cents.text);
}

// A text datum of UTF-8 bytes (what the core writes: ICU's output, rendered letters), converted to
// the database's encoding.
Datum Utf8TextDatum(const std::string &utf8);

// A text datum's bytes, detoasted where need be (a short or plain text is not copied).
inline std::string_view
TextView(Datum value) {
	text *t = DatumGetTextPP(value);
	return {VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)};
}
// A deformed row's text column `att`; absent: NULL.
inline std::optional<std::string_view>
TextField(const Datum *values, const bool *nulls, int att) {
	if (nulls[att])
		return std::nullopt;
	return TextView(values[att]);
}
inline std::optional<std::string_view>
TextArg(FunctionCallInfo fcinfo, int n) {
	if (PG_ARGISNULL(n))
		return std::nullopt;
	return TextView(PG_GETARG_DATUM(n));
}
inline std::optional<std::int32_t>
DateArg(FunctionCallInfo fcinfo, int n) {
	if (PG_ARGISNULL(n))
		return std::nullopt;
	return PG_GETARG_DATEADT(n);
}

} // namespace dunning::pg
