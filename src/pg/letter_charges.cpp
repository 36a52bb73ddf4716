// dunning.letter_charges(...) and dunning.be_waiting_end(sent, channel) (SPEC §10, §13): the glue
// reads the arguments into the core's plain input (src/core/letter_charges.hpp), one call per
// letter of a run, and builds the row. The statutory rate comes in as an argument (the run looks it
// up once per jurisdiction), so the function reads no table.
//
// The job (input, result, the row's descriptor) lives in the function's fn_mcxt, owned by that
// context (pg/context_owned.hpp): a frame that calls PostgreSQL holds only pointers.
#include "core/assessment_letter.hpp"
#include "core/letter_charges.hpp"

#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/jsonb_text.hpp"

extern "C" {
#include "utils/array.h"
#include "utils/jsonb.h"
}

#include <cstring>

namespace {

enum ChargesArg {
	kArgRules,
	kArgJurisdiction,
	kArgConsumer,
	kArgAction,
	kArgTone,
	kArgLevel,
	kArgLevelFee,
	kArgCostsRule,
	kArgAmount,
	kArgInvoiceCount,
	kArgInterest,
	kArgContractual,
	kArgEpisodeLetters,
	kArgEpisodeFees,
	kArgEpisodeCosts,
	kArgAnnounced,
	kArgAnnouncedPayBy,
	kArgChannel,
	kArgAsOf,
	kArgStatutoryRate,
	kChargesArgs
};

enum ChargesColumn {
	kColFee,
	kColCosts,
	kColAnnouncedCosts,
	kColWaitingEnd,
	kColAnnounceDeadline,
	kColInterestNotice,
	kColCostsNotice,
	kColChargeReason,
	kColChargeCodes,
	kColInterestRate,
	kColAnnouncedInterestRate,
	kChargesColumns
};

struct ChargesJob {
	dunning::LetterChargesInput input;
	dunning::LetterCharges result;
	// numeric's text of the amount arguments, parsed by the C++ helper
	const char *level_fee = nullptr;
	const char *episode_fees = nullptr;
	const char *episode_costs = nullptr;
	const char *announced = nullptr;
	// the result's amounts as numeric's text, for numeric_in
	std::string fee, costs, announced_costs;
	TupleDesc desc = nullptr; // blessed, in fn_mcxt
};

ChargesJob *
Job(FunctionCallInfo fcinfo) {
	if (!fcinfo->flinfo->fn_extra)
		fcinfo->flinfo->fn_extra = dunning::pg::NewInContext<ChargesJob>(fcinfo->flinfo->fn_mcxt);
	return static_cast<ChargesJob *>(fcinfo->flinfo->fn_extra);
}

// C++ helper: parse the amounts, decide, format. No PostgreSQL calls.
void
Decide(ChargesJob &job) {
	dunning::LetterChargesInput &in = job.input;
	in.level_fee = dunning::ParseScaledNumber(job.level_fee, "letter_charges: level_fee");
	in.episode_fees = dunning::ParseScaledNumber(job.episode_fees, "letter_charges: episode_fees");
	in.episode_costs = dunning::ParseScaledNumber(job.episode_costs, "letter_charges: episode_costs");
	in.announced.reset();
	if (job.announced)
		in.announced = dunning::ParseScaledNumber(job.announced, "letter_charges: announced");
	dunning::DecideLetterCharges(in, job.result);
	if (!job.result.fee_is_level_fee)
		job.fee = dunning::FormatScaledNumber(job.result.fee);
	job.costs = dunning::FormatScaledNumber(job.result.costs);
	if (job.result.announced_costs)
		job.announced_costs = dunning::FormatScaledNumber(*job.result.announced_costs);
}

void
RequireArgs(FunctionCallInfo fcinfo) {
	static constexpr std::pair<int, const char *> kRequired[] = {
	    {kArgJurisdiction, "jurisdiction"},	 {kArgConsumer, "consumer"},
	    {kArgAction, "action"},				 {kArgLevel, "level"},
	    {kArgLevelFee, "level_fee"},		 {kArgInvoiceCount, "invoice_count"},
	    {kArgEpisodeLetters, "episode_letters"}, {kArgEpisodeFees, "episode_fees"},
	    {kArgEpisodeCosts, "episode_costs"}, {kArgAsOf, "as_of"}};
	for (const auto &[arg, name] : kRequired)
		if (PG_ARGISNULL(arg))
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			                errmsg("dunning.letter_charges: %s must not be NULL", name)));
}

bool
TextEquals(FunctionCallInfo fcinfo, int arg, const char *literal) {
	std::optional<std::string_view> value = dunning::pg::TextArg(fcinfo, arg);
	return value && *value == literal;
}

// `costs_rule ->> key`: NULL (false) for a missing key, JSON null or a rule that is no object.
bool
RuleText(Jsonb *rule, const char *key, const char **text, int *length) {
	if (!JB_ROOT_IS_OBJECT(rule))
		return false;
	JsonbValue found;
	return getKeyJsonValueFromContainer(&rule->root, key, static_cast<uint32>(std::strlen(key)), &found) &&
	       dunning::pg::JsonbValueText(found, text, length);
}

// The costs rule's from_level ((costs_rule ->> 'from_level')::integer, errors included) and
// jurisdiction.
void
ReadCostsRule(FunctionCallInfo fcinfo, ChargesJob *job) {
	dunning::LetterChargesInput &in = job->input;
	in.costs_rule = !PG_ARGISNULL(kArgCostsRule);
	in.costs_from_level.reset();
	in.costs_jurisdiction.reset();
	if (!in.costs_rule)
		return;
	Jsonb *rule = PG_GETARG_JSONB_P(kArgCostsRule);
	const char *text;
	int length;
	if (RuleText(rule, "from_level", &text, &length))
		in.costs_from_level = DatumGetInt32(DirectFunctionCall1(int4in, CStringGetDatum(pnstrdup(text, length))));
	if (RuleText(rule, "jurisdiction", &text, &length))
		in.costs_jurisdiction = std::string_view(text, static_cast<std::size_t>(length));
}

void
ReadArgs(FunctionCallInfo fcinfo, ChargesJob *job) {
	RequireArgs(fcinfo);
	dunning::LetterChargesInput &in = job->input;
	in.rules = dunning::pg::TextArg(fcinfo, kArgRules);
	in.jurisdiction = *dunning::pg::TextArg(fcinfo, kArgJurisdiction);
	in.consumer = PG_GETARG_BOOL(kArgConsumer);
	in.remind = TextEquals(fcinfo, kArgAction, "remind");
	in.formal_notice = TextEquals(fcinfo, kArgTone, "formal_notice");
	in.level = PG_GETARG_INT32(kArgLevel);
	job->level_fee = dunning::pg::NumericText(PG_GETARG_DATUM(kArgLevelFee)).data();
	ReadCostsRule(fcinfo, job);
	in.amount.reset();
	if (!PG_ARGISNULL(kArgAmount))
		in.amount = dunning::pg::NumericText(PG_GETARG_DATUM(kArgAmount));
	in.invoice_count = PG_GETARG_INT64(kArgInvoiceCount);
	in.interest_positive =
	    !PG_ARGISNULL(kArgInterest) &&
	    dunning::NumericTextPositive(dunning::pg::NumericText(PG_GETARG_DATUM(kArgInterest)));
	in.contractual = !PG_ARGISNULL(kArgContractual) && PG_GETARG_BOOL(kArgContractual); // NULL: not true
	in.episode_letters = PG_GETARG_INT64(kArgEpisodeLetters);
	job->episode_fees = dunning::pg::NumericText(PG_GETARG_DATUM(kArgEpisodeFees)).data();
	job->episode_costs = dunning::pg::NumericText(PG_GETARG_DATUM(kArgEpisodeCosts)).data();
	job->announced =
	    PG_ARGISNULL(kArgAnnounced) ? nullptr : dunning::pg::NumericText(PG_GETARG_DATUM(kArgAnnounced)).data();
	in.announced_pay_by.reset();
	if (!PG_ARGISNULL(kArgAnnouncedPayBy))
		in.announced_pay_by = dunning::Date::FromPgDays(PG_GETARG_DATEADT(kArgAnnouncedPayBy));
	in.emailed = TextEquals(fcinfo, kArgChannel, "email");
	in.as_of = dunning::Date::FromPgDays(PG_GETARG_DATEADT(kArgAsOf));
}

TupleDesc
ResultDesc(FunctionCallInfo fcinfo, ChargesJob *job) {
	if (job->desc)
		return job->desc;
	TupleDesc desc;
	if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE || desc->natts != kChargesColumns)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
		                errmsg("dunning.letter_charges must return a row of %d columns", kChargesColumns)));
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	desc = CreateTupleDescCopy(desc);
	MemoryContextSwitchTo(old);
	job->desc = BlessTupleDesc(desc);
	return job->desc;
}

Datum
TextDatum(const char *text) {
	return PointerGetDatum(cstring_to_text(text));
}

Datum
CodesArray(const dunning::LetterCharges &result) {
	if (result.charge_code_count == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	Datum codes[std::tuple_size_v<decltype(result.charge_codes)>];
	for (int i = 0; i < result.charge_code_count; ++i)
		codes[i] = TextDatum(result.charge_codes[static_cast<std::size_t>(i)]);
	return PointerGetDatum(construct_array(codes, result.charge_code_count, TEXTOID, -1, false, TYPALIGN_INT));
}

} // namespace

DUNNING_FUNCTION(dunning_letter_charges) {
	ChargesJob *job = Job(fcinfo);
	ReadArgs(fcinfo, job);
	Decide(*job);

	const dunning::LetterCharges &result = job->result;
	TupleDesc desc = ResultDesc(fcinfo, job);
	Datum values[kChargesColumns] = {};
	bool nulls[kChargesColumns];
	for (bool &null : nulls)
		null = true;
	auto set = [&](int column, Datum value) {
		values[column] = value;
		nulls[column] = false;
	};
	set(kColFee, result.fee_is_level_fee ? PG_GETARG_DATUM(kArgLevelFee)
	                                     : dunning::pg::NumericFromText(job->fee.c_str()));
	set(kColCosts, dunning::pg::NumericFromText(job->costs.c_str()));
	if (result.announced_costs)
		set(kColAnnouncedCosts, dunning::pg::NumericFromText(job->announced_costs.c_str()));
	if (result.waiting_end)
		set(kColWaitingEnd, DateADTGetDatum(result.waiting_end->pg_days()));
	if (result.announce_deadline)
		set(kColAnnounceDeadline, DateADTGetDatum(result.announce_deadline->pg_days()));
	if (result.interest_notice)
		set(kColInterestNotice, TextDatum(result.interest_notice));
	if (result.costs_notice)
		set(kColCostsNotice, TextDatum(result.costs_notice));
	if (!result.charge_reason.empty())
		set(kColChargeReason, TextDatum(result.charge_reason.c_str()));
	set(kColChargeCodes, CodesArray(result));
	if (!PG_ARGISNULL(kArgStatutoryRate)) {
		set(kColInterestRate, PG_GETARG_DATUM(kArgStatutoryRate));
		if (result.announces_interest_rate)
			set(kColAnnouncedInterestRate, PG_GETARG_DATUM(kArgStatutoryRate));
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

// dunning.be_waiting_end(sent, channel): NULL for no date (or an infinite one); any channel but
// 'email' counts as post.
DUNNING_FUNCTION(dunning_be_waiting_end) {
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	const dunning::Date sent = dunning::Date::FromPgDays(PG_GETARG_DATEADT(0));
	if (!sent.IsFinite())
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(dunning::rules::BelgianWaitingEnd(sent, TextEquals(fcinfo, 1, "email")).pg_days());
}
