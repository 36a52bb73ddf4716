// Composite results: core results to dunning.assessment / dunning.item_assessment tuples. The
// results are C++ objects owned elsewhere (an aggregate state, a context-owned job); these
// functions only read them while they call into PostgreSQL.
#pragma once

#include "core/assessment.hpp"
#include "pg/item_datum.hpp"
#include "pg/postgres_api.hpp"

namespace dunning::pg {

Datum AssessmentDatum(FunctionCallInfo fcinfo, const UnitAssessment &result);
// A UnitAssessment owned by the final function's fn_mcxt, for the result of one group at a time:
// the glue holds only a pointer to it while it builds the datum.
UnitAssessment *AssessmentSlot(FunctionCallInfo fcinfo);

// Fills values/nulls (11 columns of dunning.item_assessment) for one assessed item.
void ItemAssessmentValues(const ItemAssessment &row, const KindOids &kinds, Datum *values, bool *nulls);

// A numeric with 2 decimals, for a column of a result row (heap_form_tuple, tuplestore_putvalues):
// zero is one datum shared by every call, so it must not be freed or returned as it is.
Datum MoneyDatum(MoneySum value);
// The blessed result descriptor of a composite-returning function, cached in fn_extra; checks
// that the SQL type still has `expected_columns` columns.
TupleDesc ResultDesc(FunctionCallInfo fcinfo, int expected_columns, const char *type_name);
// A day count as int4; out of range is SQLSTATE 22003.
Datum DaysDatum(std::int64_t days);

} // namespace dunning::pg
