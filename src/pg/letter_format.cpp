// dunning.format_amount, format_date, check_iban, format_iban, check_bic, payment_reference and
// check_payment_reference (SPEC §11.1 settings, §13 locale): the core formats and checks, the glue
// reads arguments and builds text.
//
// The core's result goes into a static buffer (no object with a destructor in a frame that calls
// PostgreSQL), from which the result text is copied: ICU writes UTF-8, which a database in another
// encoding receives converted (a character it cannot hold is PostgreSQL's 22P05).
#include "core/iban.hpp"
#include "core/locale_format.hpp"
#include "core/payment_reference.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

#include <string>

namespace {

using dunning::pg::Utf8TextDatum;

// One result at a time: a backend runs one function call at a time, and the text is copied out
// before the next call.
std::string result;

const std::string &
FormatAmountText(std::string_view amount, std::string_view currency, std::string_view locale) {
	result = dunning::FormatAmount(amount, currency, locale);
	return result;
}
const std::string &
FormatDateText(std::int32_t day, std::string_view locale) {
	result = dunning::FormatLongDate(day, locale);
	return result;
}
const std::string &
CheckIbanText(std::string_view iban) {
	result = dunning::CheckIban(iban);
	return result;
}
const std::string &
FormatIbanText(std::string_view iban) {
	result = dunning::FormatIban(iban);
	return result;
}
const std::string &
CheckBicText(std::string_view bic) {
	result = dunning::CheckBic(bic);
	return result;
}
const std::string &
PaymentReferenceText(std::string_view scheme, std::int64_t letter_id) {
	result = dunning::PaymentReference(scheme, letter_id);
	return result;
}

} // namespace

// Not STRICT: a NULL currency formats the number without a symbol.
DUNNING_FUNCTION(dunning_format_amount) {
	if (PG_ARGISNULL(0) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	std::string_view amount = dunning::pg::NumericText(PG_GETARG_DATUM(0));
	std::string_view currency = PG_ARGISNULL(1) ? std::string_view() : *dunning::pg::TextArg(fcinfo, 1);
	std::string_view locale = *dunning::pg::TextArg(fcinfo, 2);
	return Utf8TextDatum(FormatAmountText(amount, currency, locale));
}

DUNNING_FUNCTION(dunning_format_date) {
	return Utf8TextDatum(FormatDateText(PG_GETARG_DATEADT(0), *dunning::pg::TextArg(fcinfo, 1)));
}

DUNNING_FUNCTION(dunning_check_iban) {
	return Utf8TextDatum(CheckIbanText(*dunning::pg::TextArg(fcinfo, 0)));
}

DUNNING_FUNCTION(dunning_format_iban) {
	return Utf8TextDatum(FormatIbanText(*dunning::pg::TextArg(fcinfo, 0)));
}

DUNNING_FUNCTION(dunning_check_bic) {
	return Utf8TextDatum(CheckBicText(*dunning::pg::TextArg(fcinfo, 0)));
}

DUNNING_FUNCTION(dunning_payment_reference) {
	return Utf8TextDatum(PaymentReferenceText(*dunning::pg::TextArg(fcinfo, 0), PG_GETARG_INT64(1)));
}

DUNNING_FUNCTION(dunning_check_payment_reference) {
	PG_RETURN_BOOL(
	    dunning::IsValidPaymentReference(*dunning::pg::TextArg(fcinfo, 0), *dunning::pg::TextArg(fcinfo, 1)));
}
