// dunning.late_interest, dunning.statutory_interest and dunning.collection_costs (SPEC §10).
// statutory_interest reads the periods of dunning.statutory_rates through SPI; the plan is
// prepared once per backend and kept (SPI_keepplan), revalidated by PostgreSQL when the table
// changes.
#include "core/collection_costs.hpp"
#include "core/interest.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

extern "C" {
#include "executor/spi.h"
}

namespace {

using dunning::CentsText;

// C++ helpers: parse, validate, compute. No PostgreSQL calls.
CentsText
LateInterestCents(std::string_view principal, std::int32_t from, std::int32_t to, std::string_view rate) {
	constexpr std::string_view kFunction = "late_interest";
	return dunning::FormatCents(dunning::LateInterest(
	    dunning::ParsePrincipal(principal, kFunction), dunning::RequireFiniteDate(from, kFunction, "from_date"),
	    dunning::RequireFiniteDate(to, kFunction, "to_date"),
	    dunning::ParseRate(rate, "late_interest: annual_rate_percent")));
}

CentsText
CollectionCostsCents(std::string_view principal, std::string_view jurisdiction, bool consumer) {
	return dunning::FormatCents(dunning::CollectionCosts(dunning::ParsePrincipal(principal, "collection_costs"),
	                                                     dunning::ParseJurisdiction(jurisdiction), consumer));
}

// The C++ side of one statutory_interest call, owned by the call's memory context.
struct StatutoryJob {
	std::optional<dunning::StatutoryInterest> interest;
};

void
BeginStatutory(StatutoryJob &job, std::string_view principal, std::int32_t from, std::int32_t to,
               std::string_view jurisdiction, bool consumer) {
	constexpr std::string_view kFunction = "statutory_interest";
	job.interest.emplace(dunning::ParsePrincipal(principal, kFunction),
	                     dunning::RequireFiniteDate(from, kFunction, "from_date"),
	                     dunning::RequireFiniteDate(to, kFunction, "to_date"), dunning::ParseJurisdiction(jurisdiction),
	                     consumer);
}

bool
NeedsRates(const StatutoryJob &job) {
	return job.interest->NeedsRates();
}

void
AddPeriod(StatutoryJob &job, std::int32_t valid_from, std::int32_t valid_to, const char *rate) {
	job.interest->AddPeriod(valid_from, valid_to, rate);
}

CentsText
FinishStatutory(const StatutoryJob &job) {
	return dunning::FormatCents(job.interest->Finish());
}

enum StatutoryArg { kArgPrincipal, kArgFrom, kArgTo, kArgJurisdiction, kArgConsumer };

// The periods overlapping the interest days (from_date, to_date], in order. Operators are
// qualified: the query runs under the caller's search_path.
constexpr const char *kRatesQuery =
    "SELECT valid_from, valid_to, rate FROM dunning.statutory_rates"
    " WHERE jurisdiction OPERATOR(pg_catalog.=) $1 AND consumer OPERATOR(pg_catalog.=) $2"
    "   AND valid_from OPERATOR(pg_catalog.<=) $4 AND valid_to OPERATOR(pg_catalog.>) $3"
    " ORDER BY valid_from";

SPIPlanPtr rates_plan = nullptr;

// Reads the periods into the job. PostgreSQL calls only; the job's C++ work is in the helpers.
void
LoadRates(FunctionCallInfo fcinfo, StatutoryJob &job) {
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("dunning.statutory_interest could not connect to SPI")));
	if (!rates_plan) {
		Oid types[] = {TEXTOID, BOOLOID, DATEOID, DATEOID};
		SPIPlanPtr plan = SPI_prepare(kRatesQuery, 4, types);
		if (!plan || SPI_keepplan(plan) != 0)
			ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
			                errmsg("dunning.statutory_interest could not prepare its query: %s",
			                       SPI_result_code_string(SPI_result))));
		rates_plan = plan;
	}
	Datum args[] = {PG_GETARG_DATUM(kArgJurisdiction), PG_GETARG_DATUM(kArgConsumer), PG_GETARG_DATUM(kArgFrom),
	                PG_GETARG_DATUM(kArgTo)};
	int rc = SPI_execute_plan(rates_plan, args, nullptr, true, 0);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
		                errmsg("dunning.statutory_interest could not read dunning.statutory_rates: %s",
		                       SPI_result_code_string(rc))));
	TupleDesc desc = SPI_tuptable->tupdesc;
	for (uint64 i = 0; i < SPI_processed; ++i) {
		HeapTuple row = SPI_tuptable->vals[i];
		bool from_null, to_null;
		Datum from = SPI_getbinval(row, desc, 1, &from_null);
		Datum to = SPI_getbinval(row, desc, 2, &to_null);
		char *rate = SPI_getvalue(row, desc, 3);
		if (from_null || to_null || !rate)
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			                errmsg("dunning.statutory_rates has a row with a NULL valid_from, valid_to or rate")));
		AddPeriod(job, DatumGetDateADT(from), DatumGetDateADT(to), rate);
	}
	SPI_finish();
}

} // namespace

DUNNING_FUNCTION(dunning_late_interest) {
	CentsText cents = LateInterestCents(dunning::pg::NumericText(PG_GETARG_DATUM(0)), PG_GETARG_DATEADT(1),
	                                    PG_GETARG_DATEADT(2), dunning::pg::NumericText(PG_GETARG_DATUM(3)));
	return dunning::pg::NumericFromCents(cents);
}

DUNNING_FUNCTION(dunning_statutory_interest) {
	StatutoryJob *job = dunning::pg::NewInContext<StatutoryJob>(CurrentMemoryContext);
	BeginStatutory(*job, dunning::pg::NumericText(PG_GETARG_DATUM(kArgPrincipal)), PG_GETARG_DATEADT(kArgFrom),
	               PG_GETARG_DATEADT(kArgTo), *dunning::pg::TextArg(fcinfo, kArgJurisdiction),
	               PG_GETARG_BOOL(kArgConsumer));
	if (NeedsRates(*job))
		LoadRates(fcinfo, *job);
	CentsText cents = FinishStatutory(*job);
	return dunning::pg::NumericFromCents(cents);
}

DUNNING_FUNCTION(dunning_collection_costs) {
	CentsText cents = CollectionCostsCents(dunning::pg::NumericText(PG_GETARG_DATUM(0)),
	                                       *dunning::pg::TextArg(fcinfo, 1), PG_GETARG_BOOL(2));
	return dunning::pg::NumericFromCents(cents);
}
