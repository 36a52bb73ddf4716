// The subject and body of one letter of a run (SPEC §13): the values localized for the letter's
// locale, the paragraphs that apply built from the language's phrases, the {items} table, then the
// template rendered. The same output as the PL/pgSQL dunning.compose_letter it replaces (kept as
// the oracle of test/pgtap/compose_equal.sql), in one call per letter: the run composes ~100k
// letters, and each render of the SQL version parsed a ~70-key jsonb.
//
// Values arrive as the SQL version read them: numbers as numeric's text ("12.50"), dates as
// PostgreSQL day numbers, absent (NULL) as std::nullopt. Dates and amounts are formatted with
// FormatLongDate and FormatAmount (their formatter caches), texts rendered with Render.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/render.hpp"

namespace dunning {

// One row of dunning.letter_items as the letter lists it.
struct LetterLine {
	std::optional<std::string> item_id; // NULL only in a hand-made array: the table is then NULL
	std::optional<std::int32_t> due_date;
	std::optional<std::int32_t> doc_date;
	std::optional<std::string> amount; // numeric text
	std::optional<std::string> open_amount;
	std::optional<std::string> net_open;
	std::optional<std::string> allocated;
	std::optional<std::string> status; // overdue, charge, ...
	std::optional<std::int32_t> days_overdue;
};

// One instalment of the payment plan a letter offers.
struct PlanInstallment {
	std::optional<std::string> n; // its text, as facts->'plan' holds it
	std::optional<std::int32_t> due_date;
	std::optional<std::string> amount; // numeric text
};

// The facts a run decided for a letter (the jsonb `facts` of dunning.compose_letter). Each text is
// `facts ->> key`; dates are `(facts ->> key)::date`; amounts `(facts ->> key)::numeric` as text.
struct LetterFacts {
	std::optional<std::string> locale, currency, customer, unit, addressee, contact_name, customer_id, department,
		project, sender, sender_address, sender_registration, dispute_contact;
	std::optional<std::string> as_of_text, pay_by_text; // the raw texts ({as_of_iso}, {pay_by_iso})
	std::optional<std::int32_t> as_of, pay_by, previous_pay_by, previous_letter_date, waiting_end;
	std::optional<std::string> amount, fee, charges, interest, costs, credits, total, announced_costs;
	std::optional<std::string> level, days_overdue, item_count, iban, bic, payment_reference, interest_rate,
		invoice_count, announced_interest_rate, interest_notice, costs_notice;
	// facts->'plan' is an array: its instalments ordered by n, and the sum of their amounts
	// (numeric text; nullopt when there are none).
	bool has_plan = false;
	std::vector<PlanInstallment> plan;
	std::optional<std::string> plan_total;
};

// A language's phrases (dunning.letter_phrases): name → text; a name that is absent or JSON null
// has no phrase.
using LetterPhrases = std::unordered_map<std::string, std::string>;

struct ComposedLetter {
	std::optional<std::string> subject; // nullopt: the template was NULL
	std::optional<std::string> body;
};

// `lines` in the letter's order: the items (charges last), by due date (none last), then item id
// in the database's collation, which the caller applies.
ComposedLetter ComposeLetter(std::optional<std::string_view> subject, std::optional<std::string_view> body,
							 const LetterPhrases &phrases, const LetterFacts &facts,
							 const std::vector<LetterLine> &lines);

// The {items} table of a letter (dunning.items_table): a header and one row per line, columns
// padded to the widest value, amounts right-aligned, credits under their item. nullopt where the
// SQL version gave NULL (an overdue line without days overdue, a header of fewer than 6 columns
// and no line). A header that is not 6 columns with lines is 22023.
std::optional<std::string> ItemsTable(const std::vector<LetterLine> &lines, const LetterPhrases &phrases,
									  const std::optional<std::string> &locale,
									  const std::optional<std::string> &currency);

} // namespace dunning
