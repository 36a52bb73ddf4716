// IBAN (ISO 13616) and BIC (ISO 9362) checks.
#include "core/iban.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "core/ascii.hpp"
#include "core/error.hpp"
#include "core/message_text.hpp"

namespace dunning {
namespace {

using ascii::IsDigit;
using ascii::IsUpper;
constexpr auto IsAlnum = ascii::IsUpperAlnum;

struct CountryLength {
	char code[3];
	int length;
};

// The IBAN registry (SWIFT, release 2024), sorted by country: every SEPA country (the EU, EEA,
// CH, GB, AD, MC, SM, VA, GI, AL, MD, ME, MK) and the other countries that issue IBANs.
constexpr std::array kIbanLengths = std::to_array<CountryLength>({
	{"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
	{"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
	{"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
	{"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22},
	{"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
	{"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
	{"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
	{"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
	{"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23},
	{"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
});

// The longest IBAN of the registry (LC, 32): anything longer is refused before it is checked.
constexpr std::size_t kMaxIban = 34;

// Upper case without spaces (the print form's groups).
std::string
Compact(std::string_view value) {
	std::string out;
	out.reserve(std::min(value.size(), kMaxIban + 1));
	for (char c : value) {
		if (c == ' ')
			continue;
		out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
		if (out.size() > kMaxIban)
			break;
	}
	return out;
}

} // namespace

int
IbanLength(std::string_view country) {
	auto found = std::lower_bound(
		kIbanLengths.begin(), kIbanLengths.end(), country,
		[](const CountryLength &entry, std::string_view code) { return std::string_view(entry.code) < code; });
	return found != kIbanLengths.end() && std::string_view(found->code) == country ? found->length : 0;
}

int
Mod97(std::string_view text) {
	int remainder = 0;
	for (char c : text) {
		if (IsDigit(c)) {
			remainder = (remainder * 10 + (c - '0')) % 97;
		} else {
			// A letter is two digits, 10 to 35.
			remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
		}
	}
	return remainder;
}

std::string
CheckIban(std::string_view iban) {
	const std::string compact = Compact(iban);
	const std::string hint = "An IBAN starts with its country code and two check digits, e.g. BE68 5390 0754 7034.";
	if (compact.size() < 4 || !IsUpper(compact[0]) || !IsUpper(compact[1]) || !IsDigit(compact[2]) ||
		!IsDigit(compact[3]))
		ThrowInvalid(
			fmt::format("iban \"{}\" does not start with a country code and two check digits", ShownText(iban)), {},
			hint);
	if (!std::all_of(compact.begin(), compact.end(), IsAlnum))
		ThrowInvalid(
			fmt::format("iban \"{}\" has a character other than a letter, a digit or a space", ShownText(iban)));
	const std::string_view country = std::string_view(compact).substr(0, 2);
	const int length = IbanLength(country);
	if (length == 0)
		ThrowInvalid(fmt::format("iban \"{}\" has an unknown country code \"{}\"", ShownText(iban), country),
					 "The country issues no IBAN according to the IBAN registry.", hint);
	if (compact.size() != static_cast<std::size_t>(length))
		ThrowInvalid(fmt::format("iban \"{}\" has {}{} characters, not the {} of a {} IBAN", ShownText(iban),
								 compact.size() > kMaxIban ? "more than " : "", std::min(compact.size(), kMaxIban),
								 length, country));
	// ISO 13616: the first four characters moved to the end, the whole read as a number, mod 97 = 1.
	if (Mod97(compact.substr(4) + compact.substr(0, 4)) != 1)
		ThrowInvalid(fmt::format("iban \"{}\" has wrong check digits", ShownText(iban)),
					 "The mod-97 check of ISO 13616 fails: a character is mistyped or two are swapped.");
	return compact;
}

std::string
FormatIban(std::string_view iban) {
	const std::string compact = CheckIban(iban);
	std::string out;
	for (std::size_t i = 0; i < compact.size(); ++i) {
		if (i > 0 && i % 4 == 0)
			out.push_back(' ');
		out.push_back(compact[i]);
	}
	return out;
}

std::string
CheckBic(std::string_view bic) {
	const std::string compact = Compact(bic);
	const std::string hint = "A BIC is 8 or 11 characters: bank (4 letters), country (2 letters), location (2 letters "
							 "or digits) and optionally branch (3 letters or digits), e.g. GEBABEBB or GEBABEBB036.";
	if (compact.size() != 8 && compact.size() != 11)
		ThrowInvalid(fmt::format("bic \"{}\" has {}{} characters, not 8 or 11", ShownText(bic),
								 compact.size() > kMaxIban ? "more than " : "", std::min(compact.size(), kMaxIban)),
					 {}, hint);
	if (!std::all_of(compact.begin(), compact.begin() + 4, IsUpper))
		ThrowInvalid(fmt::format("bic \"{}\" has a bank code that is not 4 letters", ShownText(bic)), {}, hint);
	if (!IsUpper(compact[4]) || !IsUpper(compact[5]))
		ThrowInvalid(fmt::format("bic \"{}\" has a country code that is not 2 letters", ShownText(bic)), {}, hint);
	if (!std::all_of(compact.begin() + 6, compact.end(), IsAlnum))
		ThrowInvalid(
			fmt::format("bic \"{}\" has a location or branch code that is not letters and digits", ShownText(bic)), {},
			hint);
	return compact;
}

} // namespace dunning
