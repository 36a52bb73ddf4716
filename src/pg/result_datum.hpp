// Composite results: core results to dunning.assessment / dunning.item_assessment tuples. The
// results are C++ objects owned elsewhere (an aggregate state, a context-owned job); these
// functions only read them while they call into PostgreSQL.
#pragma once

#include "core/assessment.hpp"
#include "pg/item_datum.hpp"
#include "pg/postgres_api.hpp"

namespace dunning::pg {

Datum AssessmentDatum(FunctionCallInfo fcinfo, const UnitAssessment &result);

// Fills values/nulls (11 columns of dunning.item_assessment) for one assessed item.
void ItemAssessmentValues(const ItemAssessment &row, const KindOids &kinds, Datum *values, bool *nulls);

// The blessed descriptor of the composite a function returns, checked to have `expected_columns`.
TupleDesc ResultDesc(FunctionCallInfo fcinfo, int expected_columns, const char *type_name);

Datum MoneyDatum(MoneySum value);
// A day count as int4; out of range is SQLSTATE 22003.
Datum DaysDatum(std::int64_t days);

} // namespace dunning::pg
