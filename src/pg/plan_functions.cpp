// dunning.propose_plan(total, first_due, installments, step, min_installment) → TABLE(n, due_date,
// amount) (SPEC §10), in materialize mode (STYLE.md §5).
#include "core/plan.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/result_datum.hpp"

extern "C" {
#include "utils/timestamp.h"
}

namespace {

enum Arg { kArgTotal, kArgFirstDue, kArgInstallments, kArgStep, kArgMinInstallment };

dunning::Plan
Propose(const dunning::PlanRequest &request) {
	return dunning::ProposePlan(request);
}

} // namespace

DUNNING_FUNCTION(dunning_propose_plan) {
	dunning::PlanRequest request;
	if (!PG_ARGISNULL(kArgTotal))
		request.total = dunning::pg::NumericText(PG_GETARG_DATUM(kArgTotal));
	request.first_due = dunning::pg::DateArg(fcinfo, kArgFirstDue);
	if (!PG_ARGISNULL(kArgInstallments))
		request.installments = PG_GETARG_INT32(kArgInstallments);
	if (!PG_ARGISNULL(kArgStep)) {
		const Interval *step = PG_GETARG_INTERVAL_P(kArgStep);
		request.step = dunning::IntervalFields{step->month, step->day, step->time};
	}
	if (!PG_ARGISNULL(kArgMinInstallment))
		request.min_installment = dunning::pg::NumericText(PG_GETARG_DATUM(kArgMinInstallment));
	const dunning::Plan plan = Propose(request);

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	auto *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
	if (result->setDesc->natts != 3)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.propose_plan has an unexpected definition")));
	// A long plan's numerics would pile up in the caller's context until the call ends.
	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "dunning.propose_plan row", ALLOCSET_SMALL_SIZES);
	Datum values[3];
	bool nulls[3] = {};
	for (std::int32_t n = 1; n <= plan.count; ++n) {
		CHECK_FOR_INTERRUPTS(); // this frame owns no C++ object (`plan` is plain data)
		MemoryContext caller = MemoryContextSwitchTo(scratch);
		values[0] = Int32GetDatum(n);
		values[1] = DateADTGetDatum(dunning::PlanDueDate(plan, n).pg_days());
		values[2] = dunning::pg::MoneyDatum(dunning::MoneySum(dunning::PlanAmount(plan, n)));
		MemoryContextSwitchTo(caller);
		tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
		MemoryContextReset(scratch);
	}
	MemoryContextDelete(scratch);
	return Datum(0);
}
