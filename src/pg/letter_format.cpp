// dunning.letter_locale, language_chain, format_amount, format_date, check_iban, format_iban, check_bic, payment_reference and
// check_payment_reference (SPEC §11.1 settings, §13 locale): the core formats and checks, the glue
// reads arguments and builds text.
//
// The core's result goes into a static buffer (no object with a destructor in a frame that calls
// PostgreSQL), from which the result text is copied: ICU writes UTF-8, which a database in another
// encoding receives converted (a character it cannot hold is PostgreSQL's 22P05).
#include "core/iban.hpp"
#include "core/letter_locale.hpp"
#include "core/locale_format.hpp"
#include "core/payment_reference.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

#include <string>
#include <vector>

extern "C" {
#include "catalog/pg_type.h"
#include "utils/array.h"
}

namespace {

using dunning::pg::Utf8TextDatum;

// One result at a time: a backend runs one function call at a time, and the text is copied out
// before the next call.
std::string result;

std::vector<std::string> chain;

const std::string &
LetterLocaleText(std::string_view language, std::optional<std::string_view> country) {
	result = dunning::LetterLocale(language, country);
	return result;
}
const std::vector<std::string> &
LanguageChainTexts(std::string_view locale) {
	chain = dunning::LanguageChain(locale);
	return chain;
}

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

// Not STRICT: a NULL country gives the language alone. The result is made of the arguments' bytes,
// so it stays in the server's encoding.
DUNNING_FUNCTION(dunning_letter_locale) {
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	const std::string &locale = LetterLocaleText(
		*dunning::pg::TextArg(fcinfo, 0), PG_ARGISNULL(1) ? std::nullopt : dunning::pg::TextArg(fcinfo, 1));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(locale.data(), static_cast<int>(locale.size())));
}

// Not STRICT, as the SQL version was: NULL gives {NULL,en}.
DUNNING_FUNCTION(dunning_language_chain) {
	Datum elements[3];
	bool nulls[3] = {false, false, false};
	int count = 0;
	if (PG_ARGISNULL(0)) {
		nulls[count] = true;
		elements[count++] = Datum(0);
		elements[count++] = PointerGetDatum(cstring_to_text("en"));
	} else {
		for (const std::string &language : LanguageChainTexts(*dunning::pg::TextArg(fcinfo, 0)))
			elements[count++] = PointerGetDatum(cstring_to_text_with_len(language.data(), static_cast<int>(language.size())));
	}
	int dims[1] = {count};
	int lbs[1] = {1};
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elements, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
}

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
