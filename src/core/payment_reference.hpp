// The payment reference a letter asks the customer to quote (SPEC §11.1 setting
// payment_reference), made from the letter's id:
//   letter  the id as decimal text: 4711
//   be_ogm  the Belgian structured communication (OGM/VCS) +++ddd/dddd/ddddd+++: the id as a
//           10-digit base and its check number, base mod 97 (97 when 0)
//   rf      the ISO 11649 creditor reference: RF, two check digits (ISO 7064 MOD 97-10), the id:
//           RF18539007547034
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dunning {

enum class ReferenceScheme { kLetter, kBeOgm, kRf };

// The scheme of a name; throws 22023 naming it, with a hint listing letter, be_ogm and rf.
ReferenceScheme ParseReferenceScheme(std::string_view name);

// The reference of letter `letter_id` (positive; be_ogm: below 10^10) in `scheme`. Throws 22023
// for an id the scheme cannot carry.
std::string PaymentReference(ReferenceScheme scheme, std::int64_t letter_id);
std::string PaymentReference(std::string_view scheme, std::int64_t letter_id);

// Whether `reference` is a well-formed reference of the scheme with correct check digits:
//   letter  a positive decimal bigint without leading zeros
//   be_ogm  +++ddd/dddd/ddddd+++ (or ***...***, or the 12 digits alone), check number correct
//   rf      RF, 2 check digits and 1 to 21 letters or digits, mod 97 = 1 (spaces and lower case
//           accepted, as people type the print form RF18 5390 0754 7034)
bool IsValidPaymentReference(ReferenceScheme scheme, std::string_view reference);
bool IsValidPaymentReference(std::string_view scheme, std::string_view reference);

} // namespace dunning
