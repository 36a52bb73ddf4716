// dunning.assess_items(items dunning.item[], policy jsonb, as_of date) → SETOF
// dunning.item_assessment (SPEC §6), in materialize mode (STYLE.md §5).
#include "core/assessment.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/policy_datum.hpp"
#include "pg/result_datum.hpp"

extern "C" {
#include "utils/array.h"
}

namespace {

using dunning::ItemFields;

// The C++ side of one call, owned by the call's memory context.
struct ItemsJob {
	dunning::ItemSet items;
	std::vector<dunning::ItemAssessment> rows;
};

void
AddItem(ItemsJob &job, const ItemFields &fields) {
	job.items.Add(dunning::MakeItem(fields)); // copies the id, which lives in the per-item context
}

void
Run(ItemsJob &job, const dunning::Policy &policy, std::optional<std::int32_t> as_of) {
	dunning::Date date =
	    dunning::RequireAsOf(as_of ? std::optional(dunning::Date::FromPgDays(*as_of)) : std::nullopt);
	job.rows = dunning::AssessItems(job.items, policy, date);
}

// The policy argument, parsed only when this call site has not seen its bytes yet: a query calls
// assess_items once per unit, mostly with the same policy, and printing and parsing it each time
// was a third of the call.
const dunning::Policy &
PolicyArg(FunctionCallInfo fcinfo, int n, dunning::PolicyCache &policies) {
	const std::optional<std::string_view> bytes = dunning::pg::PolicyArgBytes(fcinfo, n);
	const std::string_view text = policies.Find(bytes) ? std::string_view() : dunning::pg::PolicyArgText(fcinfo, n);
	return policies.Get(bytes, text)->policy;
}

// Reads every non-NULL element; each element's temporary text lives in `scratch`, reset per item.
// A plain frame (the items go to the job through AddItem), so it can check for interrupts itself.
void
ReadItems(FunctionCallInfo fcinfo, ItemsJob &job, void **item_rows) {
	ArrayType *array = PG_GETARG_ARRAYTYPE_P(0);
	int16 length;
	bool by_value;
	char align;
	get_typlenbyvalalign(ARR_ELEMTYPE(array), &length, &by_value, &align);
	Datum *elements;
	bool *nulls;
	int count;
	deconstruct_array(array, ARR_ELEMTYPE(array), length, by_value, align, &elements, &nulls, &count);

	MemoryContext scratch = AllocSetContextCreate(CurrentMemoryContext, "dunning.assess_items item",
	                                              ALLOCSET_SMALL_SIZES);
	for (int i = 0; i < count; ++i) {
		CHECK_FOR_INTERRUPTS();
		if (nulls[i])
			continue; // a NULL item is ignored (SPEC §3)
		MemoryContext caller = MemoryContextSwitchTo(scratch);
		ItemFields fields;
		bool present = dunning::pg::ReadItemDatum(fcinfo, elements[i], &fields, item_rows);
		MemoryContextSwitchTo(caller);
		if (present)
			AddItem(job, fields);
		MemoryContextReset(scratch);
	}
	MemoryContextDelete(scratch);
}

void
AssessItemsInto(FunctionCallInfo fcinfo) {
	dunning::pg::ItemsPolicyCache *cache = dunning::pg::ItemsPolicyCacheOf(fcinfo);
	ItemsJob *job = dunning::pg::NewInContext<ItemsJob>(CurrentMemoryContext);
	if (!PG_ARGISNULL(0))
		ReadItems(fcinfo, *job, &cache->item_rows);
	Run(*job, PolicyArg(fcinfo, 1, *cache->policies), dunning::pg::DateArg(fcinfo, 2));

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	auto *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
	dunning::pg::KindOids kinds;
	dunning::pg::LoadKindOids(TupleDescAttr(result->setDesc, 1)->atttypid, &kinds);
	constexpr int kColumns = 11;
	if (result->setDesc->natts != kColumns)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.item_assessment has an unexpected definition")));
	Datum values[kColumns];
	bool nulls[kColumns];
	// The job is owned by the memory context, so this frame holds only pointers into it.
	for (const dunning::ItemAssessment &row : job->rows) {
		CHECK_FOR_INTERRUPTS();
		dunning::pg::ItemAssessmentValues(row, kinds, values, nulls);
		tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
	}
}

} // namespace

DUNNING_FUNCTION(dunning_assess_items) {
	AssessItemsInto(fcinfo);
	return Datum(0);
}
