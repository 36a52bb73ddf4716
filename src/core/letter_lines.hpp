// Which of a unit's assessed items a letter lists (SPEC §10, §13), and which of them count as
// invoices in its wording. The items arrive as dunning.assess_items assesses them
// (unit_assessment.lines); dunning.letter_lines applies these rules to each letter's.
#pragma once

#include <string_view>

namespace dunning {

// A reminder lists the overdue items and the charges still open on the ledger (fees and interest
// with a positive net open amount); a pre-due notice lists the items coming due. Other actions
// list nothing.
bool LetterListsLine(std::string_view action, std::string_view status, bool net_open_positive);

// An invoice the letter counts ("3 invoices"): an overdue invoice or instalment.
bool LetterCountsInvoice(std::string_view status, std::string_view kind);

} // namespace dunning
