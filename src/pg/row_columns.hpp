// Columns of a row type found by name: a table's row type (dunning.letter_items) may carry
// dropped columns, so positions are not fixed. And a row's columns read in one pass.
#pragma once

#include "pg/postgres_api.hpp"

#include <cstring>

namespace dunning::pg {

// The index (0-based) of the live attribute `name`, or -1.
inline int
ColumnIndex(TupleDesc desc, const char *name) {
	for (int a = 0; a < desc->natts; ++a) {
		Form_pg_attribute attribute = TupleDescAttr(desc, a);
		if (!attribute->attisdropped && std::strcmp(NameStr(attribute->attname), name) == 0)
			return a;
	}
	return -1;
}

// The indexes of the live attributes `names` (count of them) into `index`; a missing one is an
// error naming the row type (a table's row type may have been altered).
inline void
RequireColumns(TupleDesc desc, const char *type_name, const char *const *names, int count, int *index) {
	for (int c = 0; c < count; ++c) {
		index[c] = ColumnIndex(desc, names[c]);
		if (index[c] < 0)
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("%s has no column \"%s\"", type_name, names[c])));
	}
}

// The columns of a composite datum (a row of type `desc`), in one pass: heap_getattr walks the
// varlena columns before the one it is asked for, each time.
inline void
DeformRow(HeapTupleHeader row, TupleDesc desc, Datum *values, bool *nulls) {
	HeapTupleData tuple;
	tuple.t_len = HeapTupleHeaderGetDatumLength(row);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = row;
	heap_deform_tuple(&tuple, desc, values, nulls);
}

} // namespace dunning::pg
