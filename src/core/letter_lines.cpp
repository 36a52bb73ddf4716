#include "core/letter_lines.hpp"

namespace dunning {

bool
LetterListsLine(std::string_view action, std::string_view status, bool net_open_positive) {
	if (action == "pre_due")
		return status == "pre_due";
	if (status == "overdue")
		return true;
	return action == "remind" && status == "charge" && net_open_positive;
}

bool
LetterCountsInvoice(std::string_view status, std::string_view kind) {
	return status == "overdue" && (kind == "invoice" || kind == "installment");
}

} // namespace dunning
