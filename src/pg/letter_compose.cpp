// dunning.compose_letter(subject, body, phrases jsonb, facts jsonb, lines dunning.letter_items[])
// and dunning.items_table(lines, phrases, locale, currency) (SPEC §13): the glue reads the jsonb
// and the array into the core's plain values (src/core/letter_compose.hpp), one call per letter.
//
// The job (facts, lines, result) and the phrases last read live in the function's fn_mcxt, owned
// by that context (pg/context_owned.hpp): a frame that calls PostgreSQL holds only pointers. A run
// passes the same phrases to thousands of letters; they are read again only when their bytes
// change. Texts reach the core as UTF-8 (converted from another server encoding) and go back in
// the server's encoding, as dunning.format_amount's do.
#include "core/letter_compose.hpp"

#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/jsonb_text.hpp"
#include "pg/row_columns.hpp"

extern "C" {
#include "catalog/pg_collation.h"
#include "utils/array.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/varlena.h"
}

#include <algorithm>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace {

using dunning::pg::Utf8TextDatum;

// Calls visit(key, value) for each member of a jsonb object, values not descended into.
template <typename Visit>
void
ForEachMember(JsonbContainer *object, Visit visit) {
	JsonbIterator *it = JsonbIteratorInit(object);
	JsonbValue key;
	JsonbValue value;
	JsonbIteratorToken token;
	while ((token = JsonbIteratorNext(&it, &key, true)) != WJB_DONE) {
		if (token != WJB_KEY)
			continue;
		JsonbIteratorNext(&it, &value, true);
		visit(key, value);
	}
}

using Text = std::optional<std::string>;

// The columns of dunning.letter_items the letter reads.
enum LineColumn {
	kItemId,
	kDueDate,
	kDocDate,
	kAmount,
	kOpenAmount,
	kNetOpen,
	kAllocated,
	kStatus,
	kDaysOverdue,
	kLineColumns
};
constexpr const char *kLineColumnNames[kLineColumns] = {
	"item_id", "due_date", "doc_date", "amount", "open_amount", "net_open", "allocated", "status", "days_overdue"};

// What a column of dunning.letter_facts fills: a text, an amount, a date (several for as_of and
// pay_by, which are a text and a date), or the plan.
struct FactColumn {
	int attribute = -1; // index into the row's values
	Text dunning::LetterFacts::*text = nullptr;
	Text dunning::LetterFacts::*amount = nullptr;
	std::optional<std::int32_t> dunning::LetterFacts::*date = nullptr;
	bool plan = false;
	Oid type = InvalidOid;
	Oid output = InvalidOid; // the type's output function, for a text that is not of type text
};

struct ComposeJob {
	dunning::LetterFacts facts;
	std::vector<dunning::LetterLine> lines;
	std::vector<dunning::LetterLine> sorted;
	std::vector<int> order;
	dunning::LetterPhrases phrases;
	std::string phrases_bytes; // the jsonb the phrases were read from
	bool phrases_read = false;
	dunning::ComposedLetter letter;
	std::optional<std::string> table;
	Text scratch;
	Text subject, body;									// the template arguments
	std::vector<std::optional<std::int32_t>> plan_keys; // (n)::integer of each instalment
	Oid line_type = InvalidOid;
	AttrNumber line_attnum[kLineColumns] = {};
	Oid facts_type = InvalidOid; // the dunning.letter_facts row type last read
	std::vector<FactColumn> fact_columns;
	std::vector<Datum> row_values; // one line's columns, deformed
	std::unique_ptr<bool[]> row_nulls;
	TupleDesc result_desc = nullptr; // compose_letter's (subject, body), blessed, in fn_mcxt
};

ComposeJob *
Job(FunctionCallInfo fcinfo) {
	if (!fcinfo->flinfo->fn_extra)
		fcinfo->flinfo->fn_extra = dunning::pg::NewInContext<ComposeJob>(fcinfo->flinfo->fn_mcxt);
	return static_cast<ComposeJob *>(fcinfo->flinfo->fn_extra);
}

// A text of the server's encoding as UTF-8 (palloc'd, or the input itself).
const char *
ToUtf8(const char *text, int length, int *out_length) {
	*out_length = length;
	const int encoding = GetDatabaseEncoding();
	if (encoding == PG_UTF8 || encoding == PG_SQL_ASCII)
		return text;
	char *converted = pg_server_to_any(text, length, PG_UTF8);
	if (converted != text)
		*out_length = static_cast<int>(std::strlen(converted));
	return converted;
}

void
Assign(Text *out, const char *text, int length) {
	int utf8_length;
	const char *utf8 = ToUtf8(text, length, &utf8_length);
	out->emplace(utf8, static_cast<std::size_t>(utf8_length));
}

void
AssignText(Text *out, text *value) {
	Assign(out, VARDATA_ANY(value), static_cast<int>(VARSIZE_ANY_EXHDR(value)));
}

// `(facts ->> key)::numeric` as numeric prints it.
void
AssignNumeric(Text *out, const JsonbValue &value) {
	if (value.type == jbvNumeric) {
		const char *text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value.val.numeric)));
		out->emplace(text);
		return;
	}
	const char *text;
	int length;
	if (!dunning::pg::JsonbValueText(value, &text, &length))
		return;
	Datum number = DirectFunctionCall3(numeric_in, CStringGetDatum(pnstrdup(text, length)),
									   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	out->emplace(DatumGetCString(DirectFunctionCall1(numeric_out, number)));
}

// `(facts ->> key)::date`
void
AssignDate(std::optional<std::int32_t> *out, const JsonbValue &value) {
	const char *text;
	int length;
	if (!dunning::pg::JsonbValueText(value, &text, &length))
		return;
	*out = DatumGetDateADT(DirectFunctionCall1(date_in, CStringGetDatum(pnstrdup(text, length))));
}

void
AssignValueText(Text *out, const JsonbValue &value) {
	const char *text;
	int length;
	if (dunning::pg::JsonbValueText(value, &text, &length))
		Assign(out, text, length);
}

// The facts a letter is composed from, by name: texts, amounts (numeric's text) and dates.
using dunning::LetterFacts;
constexpr std::pair<std::string_view, Text LetterFacts::*> kTexts[] = {
	{"locale", &LetterFacts::locale},
	{"currency", &LetterFacts::currency},
	{"customer", &LetterFacts::customer},
	{"unit", &LetterFacts::unit},
	{"addressee", &LetterFacts::addressee},
	{"contact_name", &LetterFacts::contact_name},
	{"customer_id", &LetterFacts::customer_id},
	{"department", &LetterFacts::department},
	{"project", &LetterFacts::project},
	{"sender", &LetterFacts::sender},
	{"sender_address", &LetterFacts::sender_address},
	{"sender_registration", &LetterFacts::sender_registration},
	{"dispute_contact", &LetterFacts::dispute_contact},
	{"as_of", &LetterFacts::as_of_text},
	{"pay_by", &LetterFacts::pay_by_text},
	{"level", &LetterFacts::level},
	{"days_overdue", &LetterFacts::days_overdue},
	{"item_count", &LetterFacts::item_count},
	{"iban", &LetterFacts::iban},
	{"bic", &LetterFacts::bic},
	{"payment_reference", &LetterFacts::payment_reference},
	{"interest_rate", &LetterFacts::interest_rate},
	{"invoice_count", &LetterFacts::invoice_count},
	{"announced_interest_rate", &LetterFacts::announced_interest_rate},
	{"interest_notice", &LetterFacts::interest_notice},
	{"costs_notice", &LetterFacts::costs_notice},
};
constexpr std::pair<std::string_view, Text LetterFacts::*> kAmounts[] = {
	{"amount", &LetterFacts::amount},	{"fee", &LetterFacts::fee},
	{"charges", &LetterFacts::charges}, {"interest", &LetterFacts::interest},
	{"costs", &LetterFacts::costs},		{"credits", &LetterFacts::credits},
	{"total", &LetterFacts::total},		{"announced_costs", &LetterFacts::announced_costs},
};
constexpr std::pair<std::string_view, std::optional<std::int32_t> LetterFacts::*> kDates[] = {
	{"as_of", &LetterFacts::as_of},
	{"pay_by", &LetterFacts::pay_by},
	{"previous_pay_by", &LetterFacts::previous_pay_by},
	{"previous_letter_date", &LetterFacts::previous_letter_date},
	{"waiting_end", &LetterFacts::waiting_end},
};


void
StorePhrase(ComposeJob *job, const char *name, std::size_t length) {
	job->phrases.insert_or_assign(std::string(name, length), std::move(*job->scratch));
}

// The phrases of a language: name → `phrases ->> name`; an argument that is not an object has none.
void
ReadPhrases(ComposeJob *job, Jsonb *phrases) {
	const char *bytes = reinterpret_cast<const char *>(phrases);
	const std::size_t size = VARSIZE(phrases);
	if (job->phrases_read && job->phrases_bytes.size() == size &&
		std::memcmp(job->phrases_bytes.data(), bytes, size) == 0)
		return;
	job->phrases_read = false;
	job->phrases.clear();
	if (JB_ROOT_IS_OBJECT(phrases)) {
		ForEachMember(&phrases->root, [job](const JsonbValue &key, const JsonbValue &value) {
			job->scratch.reset();
			AssignValueText(&job->scratch, value);
			if (job->scratch)
				StorePhrase(job, key.val.string.val, static_cast<std::size_t>(key.val.string.len));
		});
	}
	job->phrases_bytes.assign(bytes, size);
	job->phrases_read = true;
}

// The plan offered: its instalments ordered by (n)::integer (NULL last), the sum of their amounts.
void
SortPlan(ComposeJob *job) {
	std::vector<int> order(job->facts.plan.size());
	std::iota(order.begin(), order.end(), 0);
	const auto &keys = job->plan_keys;
	std::stable_sort(order.begin(), order.end(), [&keys](int a, int b) {
		const auto &x = keys[static_cast<std::size_t>(a)];
		const auto &y = keys[static_cast<std::size_t>(b)];
		if (!x || !y)
			return x && !y;
		return *x < *y;
	});
	std::vector<dunning::PlanInstallment> sorted;
	for (int i : order)
		sorted.push_back(std::move(job->facts.plan[static_cast<std::size_t>(i)]));
	job->facts.plan.swap(sorted);
}

void
ReadPlan(ComposeJob *job, const JsonbValue &plan) {
	dunning::LetterFacts *facts = &job->facts;
	if (plan.type != jbvBinary || !JsonContainerIsArray(plan.val.binary.data) ||
		JsonContainerIsScalar(plan.val.binary.data))
		return;
	facts->has_plan = true;
	JsonbIterator *it = JsonbIteratorInit(plan.val.binary.data);
	JsonbValue element;
	JsonbIteratorToken token;
	Datum sum = 0;
	bool has_sum = false;
	while ((token = JsonbIteratorNext(&it, &element, true)) != WJB_DONE) {
		if (token != WJB_ELEM)
			continue;
		dunning::PlanInstallment &installment = facts->plan.emplace_back();
		std::optional<std::int32_t> &sort_key = job->plan_keys.emplace_back();
		if (element.type != jbvBinary || !JsonContainerIsObject(element.val.binary.data))
			continue;
		JsonbContainer *object = element.val.binary.data;
		JsonbValue found;
		if (getKeyJsonValueFromContainer(object, "n", 1, &found)) {
			AssignValueText(&installment.n, found);
			if (installment.n)
				sort_key = DatumGetInt32(DirectFunctionCall1(int4in, CStringGetDatum(installment.n->c_str())));
		}
		if (getKeyJsonValueFromContainer(object, "due_date", 8, &found))
			AssignDate(&installment.due_date, found);
		if (getKeyJsonValueFromContainer(object, "amount", 6, &found)) {
			AssignNumeric(&installment.amount, found);
			if (installment.amount) {
				Datum amount = DirectFunctionCall3(numeric_in, CStringGetDatum(installment.amount->c_str()),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
				sum = has_sum ? DirectFunctionCall2(numeric_add, sum, amount) : amount;
				has_sum = true;
			}
		}
	}
	if (has_sum)
		facts->plan_total.emplace(DatumGetCString(DirectFunctionCall1(numeric_out, sum)));
	if (facts->plan.size() > 1)
		SortPlan(job);
}

// The layout of a dunning.letter_facts row: which member each column fills, by its name.
void
LoadFactColumns(ComposeJob *job, TupleDesc desc, Oid type) {
	if (job->facts_type == type && static_cast<int>(job->fact_columns.size()) <= desc->natts)
		return;
	job->fact_columns.clear();
	job->facts_type = InvalidOid;
	for (int a = 0; a < desc->natts; ++a) {
		Form_pg_attribute attribute = TupleDescAttr(desc, a);
		if (attribute->attisdropped)
			continue;
		const std::string_view name(NameStr(attribute->attname));
		FactColumn column;
		column.attribute = a;
		column.type = attribute->atttypid;
		for (const auto &[key, member] : kTexts)
			if (key == name)
				column.text = member;
		for (const auto &[key, member] : kAmounts)
			if (key == name)
				column.amount = member;
		for (const auto &[key, member] : kDates)
			if (key == name)
				column.date = member;
		column.plan = name == "plan";
		if ((column.date && column.type != DATEOID) || (column.plan && column.type != JSONBOID))
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
							errmsg("dunning.letter_facts.%s has type %s", NameStr(attribute->attname),
								   format_type_be(column.type))));
		if (column.text || column.amount) {
			bool varlena;
			getTypeOutputInfo(column.type, &column.output, &varlena);
		}
		if (column.text || column.amount || column.date || column.plan)
			job->fact_columns.push_back(column);
	}
	job->facts_type = type;
}

// A value as the text `(facts ->> key)` gave when the facts were a jsonb object: a date in ISO
// form whatever DateStyle says, anything else by its type's output function.
void
AssignColumnText(Text *out, const FactColumn &column, Datum value) {
	if (column.type == TEXTOID) {
		AssignText(out, DatumGetTextPP(value));
		return;
	}
	if (column.type == NUMERICOID) {
		dunning::pg::NumericTextInto(value, &out->emplace());
		return;
	}
	char buffer[MAXDATELEN + 1];
	const char *text = column.type == DATEOID ? JsonEncodeDateTime(buffer, value, DATEOID, nullptr)
											  : OidOutputFunctionCall(column.output, value);
	Assign(out, text, static_cast<int>(std::strlen(text)));
}

// The facts of one letter from a dunning.letter_facts row: one deform, no text parsed.
void
ReadFacts(ComposeJob *job, HeapTupleHeader row) {
	dunning::LetterFacts *facts = &job->facts;
	*facts = dunning::LetterFacts();
	job->plan_keys.clear();
	const Oid type = HeapTupleHeaderGetTypeId(row);
	TupleDesc desc = lookup_rowtype_tupdesc(type, HeapTupleHeaderGetTypMod(row));
	LoadFactColumns(job, desc, type);
	Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * static_cast<std::size_t>(desc->natts)));
	bool *nulls = static_cast<bool *>(palloc(sizeof(bool) * static_cast<std::size_t>(desc->natts)));
	dunning::pg::DeformRow(row, desc, values, nulls);
	for (const FactColumn &column : job->fact_columns) {
		if (nulls[column.attribute])
			continue;
		const Datum value = values[column.attribute];
		if (column.text)
			AssignColumnText(&(facts->*column.text), column, value);
		if (column.amount)
			AssignColumnText(&(facts->*column.amount), column, value);
		if (column.date)
			facts->*column.date = DatumGetDateADT(value);
		if (column.plan) {
			Jsonb *plan = DatumGetJsonbP(value);
			JsonbValue array;
			array.type = jbvBinary;
			array.val.binary.data = &plan->root;
			array.val.binary.len = static_cast<int>(VARSIZE(plan) - VARHDRSZ);
			ReadPlan(job, array);
		}
	}
	ReleaseTupleDesc(desc);
}

// The attribute numbers of dunning.letter_items' columns in the array's element type.
void
LoadLineColumns(ComposeJob *job, Oid type) {
	if (job->line_type == type)
		return;
	TupleDesc desc = lookup_rowtype_tupdesc(type, -1);
	for (int c = 0; c < kLineColumns; ++c) {
		const int index = dunning::pg::ColumnIndex(desc, kLineColumnNames[c]);
		job->line_attnum[c] = index < 0 ? InvalidAttrNumber : TupleDescAttr(desc, index)->attnum;
		if (job->line_attnum[c] == InvalidAttrNumber) {
			ReleaseTupleDesc(desc);
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
							errmsg("dunning.letter_items has no column \"%s\"", kLineColumnNames[c])));
		}
	}
	ReleaseTupleDesc(desc);
	job->line_type = type;
}

// Orders the lines as `ORDER BY status = 'charge', due_date NULLS LAST, item_id` in the database's
// collation: non-charges, charges, then lines without status.
int
CompareLines(const void *a, const void *b, void *arg) {
	const auto *job = static_cast<const ComposeJob *>(arg);
	const dunning::LetterLine &x = job->lines[*static_cast<const int *>(a)];
	const dunning::LetterLine &y = job->lines[*static_cast<const int *>(b)];
	auto group = [](const dunning::LetterLine &line) { return !line.status ? 2 : *line.status == "charge" ? 1 : 0; };
	if (group(x) != group(y))
		return group(x) < group(y) ? -1 : 1;
	if (x.due_date != y.due_date) {
		if (!x.due_date || !y.due_date)
			return x.due_date ? -1 : 1;
		return *x.due_date < *y.due_date ? -1 : 1;
	}
	if (!x.item_id || !y.item_id)
		return x.item_id ? -1 : y.item_id ? 1 : 0;
	return varstr_cmp(x.item_id->data(), static_cast<int>(x.item_id->size()), y.item_id->data(),
					  static_cast<int>(y.item_id->size()), DEFAULT_COLLATION_OID);
}

void
Reorder(ComposeJob *job) {
	job->sorted.clear();
	for (int i : job->order)
		job->sorted.push_back(std::move(job->lines[static_cast<std::size_t>(i)]));
	job->lines.swap(job->sorted);
}

void
ResizeLines(ComposeJob *job, int count) {
	job->lines.clear();
	job->lines.resize(static_cast<std::size_t>(count));
	job->order.resize(static_cast<std::size_t>(count));
	std::iota(job->order.begin(), job->order.end(), 0);
}

// The lines of the array argument, in the letter's order (a NULL element is a line of NULLs, as
// `SELECT * FROM unnest(lines)` reads it).
void
ReadLines(FunctionCallInfo fcinfo, ComposeJob *job, int arg) {
	if (PG_ARGISNULL(arg)) {
		ResizeLines(job, 0);
		return;
	}
	ArrayType *array = PG_GETARG_ARRAYTYPE_P(arg);
	const Oid type = ARR_ELEMTYPE(array);
	LoadLineColumns(job, type);
	Datum *elements;
	bool *element_nulls;
	int count;
	deconstruct_array(array, type, -1, false, TYPALIGN_DOUBLE, &elements, &element_nulls, &count);
	ResizeLines(job, count);
	TupleDesc desc = lookup_rowtype_tupdesc(type, -1);
	if (job->row_values.size() < static_cast<std::size_t>(desc->natts)) {
		job->row_values.resize(static_cast<std::size_t>(desc->natts));
		job->row_nulls = std::make_unique<bool[]>(static_cast<std::size_t>(desc->natts));
	}
	for (int i = 0; i < count; ++i) {
		CHECK_FOR_INTERRUPTS();
		if (element_nulls[i])
			continue;
		dunning::LetterLine &line = job->lines[static_cast<std::size_t>(i)];
		dunning::pg::DeformRow(DatumGetHeapTupleHeader(elements[i]), desc, job->row_values.data(), job->row_nulls.get());
		const auto column = [job](LineColumn c, Datum *value) {
			const int index = job->line_attnum[c] - 1;
			*value = job->row_values[static_cast<std::size_t>(index)];
			return !job->row_nulls[static_cast<std::size_t>(index)];
		};
		Datum value;
		if (column(kItemId, &value))
			AssignText(&line.item_id, DatumGetTextPP(value));
		if (column(kStatus, &value))
			AssignText(&line.status, DatumGetTextPP(value));
		if (column(kDueDate, &value))
			line.due_date = DatumGetDateADT(value);
		if (column(kDocDate, &value))
			line.doc_date = DatumGetDateADT(value);
		if (column(kDaysOverdue, &value))
			line.days_overdue = DatumGetInt32(value);
		const std::pair<LineColumn, Text dunning::LetterLine::*> amounts[] = {
			{kAmount, &dunning::LetterLine::amount},
			{kOpenAmount, &dunning::LetterLine::open_amount},
			{kNetOpen, &dunning::LetterLine::net_open},
			{kAllocated, &dunning::LetterLine::allocated}};
		for (const auto &[amount_column, member] : amounts)
			if (column(amount_column, &value))
				dunning::pg::NumericTextInto(value, &(line.*member).emplace());
	}
	ReleaseTupleDesc(desc);
	if (count > 1) {
		qsort_arg(job->order.data(), static_cast<std::size_t>(count), sizeof(int), CompareLines, job);
		Reorder(job);
	}
}

void
TextOrNull(FunctionCallInfo fcinfo, int arg, Text *holder) {
	holder->reset();
	if (!PG_ARGISNULL(arg))
		AssignText(holder, PG_GETARG_TEXT_PP(arg));
}

void
Compose(ComposeJob *job) {
	auto view = [](const Text &text) { return text ? std::optional<std::string_view>(*text) : std::nullopt; };
	job->letter = dunning::ComposeLetter(view(job->subject), view(job->body), job->phrases, job->facts, job->lines);
}

void
Table(ComposeJob *job, const Text &locale, const Text &currency) {
	job->table = dunning::ItemsTable(job->lines, job->phrases, locale, currency);
}

void
ResetFacts(ComposeJob *job) {
	job->facts = dunning::LetterFacts();
	job->plan_keys.clear();
}

void
ReadPhrasesArg(FunctionCallInfo fcinfo, ComposeJob *job, int arg) {
	if (PG_ARGISNULL(arg)) {
		job->phrases.clear();
		job->phrases_read = false;
		return;
	}
	ReadPhrases(job, PG_GETARG_JSONB_P(arg));
}

} // namespace

DUNNING_FUNCTION(dunning_compose_letter) {
	ComposeJob *job = Job(fcinfo);
	TextOrNull(fcinfo, 0, &job->subject);
	TextOrNull(fcinfo, 1, &job->body);
	ReadPhrasesArg(fcinfo, job, 2);
	if (PG_ARGISNULL(3))
		ResetFacts(job);
	else
		ReadFacts(job, PG_GETARG_HEAPTUPLEHEADER(3));
	ReadLines(fcinfo, job, 4);
	Compose(job);

	// the result's descriptor once per query: get_call_result_type builds it anew at each call
	if (!job->result_desc) {
		TupleDesc desc;
		if (get_call_result_type(fcinfo, nullptr, &desc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("dunning.compose_letter must return a row")));
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		job->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	TupleDesc desc = job->result_desc;
	Datum values[2];
	bool nulls[2] = {!job->letter.subject, !job->letter.body};
	values[0] = job->letter.subject ? Utf8TextDatum(*job->letter.subject) : Datum(0);
	values[1] = job->letter.body ? Utf8TextDatum(*job->letter.body) : Datum(0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

DUNNING_FUNCTION(dunning_items_table) {
	ComposeJob *job = Job(fcinfo);
	ReadLines(fcinfo, job, 0);
	ReadPhrasesArg(fcinfo, job, 1);
	TextOrNull(fcinfo, 2, &job->subject); // the locale
	TextOrNull(fcinfo, 3, &job->body);	  // the currency
	Table(job, job->subject, job->body);
	if (!job->table)
		PG_RETURN_NULL();
	return Utf8TextDatum(*job->table);
}
