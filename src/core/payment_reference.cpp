// Payment references of letters: letter ids, Belgian structured communications, ISO 11649.
#include "core/payment_reference.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "core/ascii.hpp"
#include "core/error.hpp"
#include "core/iban.hpp"
#include "core/message_text.hpp"

namespace dunning {
namespace {

using ascii::IsDigit;
constexpr auto IsAlnum = ascii::IsUpperAlnum;

constexpr std::int64_t kOgmLimit = 10'000'000'000; // 10^10: the base has 10 digits
constexpr std::size_t kRfMaxBody = 21;			   // ISO 11649: at most 25 characters in all

bool
AllDigits(std::string_view text) {
	return std::all_of(text.begin(), text.end(), IsDigit);
}

// The check number of a Belgian structured communication: base mod 97, 97 when that is 0.
int
OgmCheck(std::int64_t base) {
	const int remainder = static_cast<int>(base % 97);
	return remainder == 0 ? 97 : remainder;
}

// ISO 11649 check digits of a reference body: 98 - (body + "RF00") mod 97.
int
RfCheck(std::string_view body) {
	return 98 - Mod97(std::string(body) + "RF00");
}

std::int64_t
RequirePositive(std::int64_t letter_id) {
	if (letter_id <= 0)
		ThrowInvalid(fmt::format("letter id {} cannot make a payment reference: it must be positive", letter_id));
	return letter_id;
}

} // namespace

ReferenceScheme
ParseReferenceScheme(std::string_view name) {
	if (name == "letter")
		return ReferenceScheme::kLetter;
	if (name == "be_ogm")
		return ReferenceScheme::kBeOgm;
	if (name == "rf")
		return ReferenceScheme::kRf;
	ThrowInvalid(fmt::format("unknown payment reference scheme \"{}\"", PrefixAtCharacter(name, 64)), {},
				 "The schemes are letter (the letter id), be_ogm (Belgian structured communication "
				 "+++ddd/dddd/ddddd+++) and rf (ISO 11649 creditor reference).");
}

std::string
PaymentReference(ReferenceScheme scheme, std::int64_t letter_id) {
	RequirePositive(letter_id);
	switch (scheme) {
	case ReferenceScheme::kLetter:
		return fmt::format("{}", letter_id);
	case ReferenceScheme::kBeOgm: {
		if (letter_id >= kOgmLimit)
			ThrowInvalid(fmt::format("letter id {} is too large for a Belgian structured communication", letter_id),
						 "Its base has 10 digits: letter ids up to 9999999999.", "Use the payment reference rf.");
		const std::string digits = fmt::format("{:010d}{:02d}", letter_id, OgmCheck(letter_id));
		return fmt::format("+++{}/{}/{}+++", digits.substr(0, 3), digits.substr(3, 4), digits.substr(7, 5));
	}
	case ReferenceScheme::kRf: {
		const std::string body = fmt::format("{}", letter_id);
		return fmt::format("RF{:02d}{}", RfCheck(body), body);
	}
	}
	throw Error(ErrorCode::kInternal, "unhandled payment reference scheme");
}

std::string
PaymentReference(std::string_view scheme, std::int64_t letter_id) {
	return PaymentReference(ParseReferenceScheme(scheme), letter_id);
}

bool
IsValidPaymentReference(ReferenceScheme scheme, std::string_view reference) {
	switch (scheme) {
	case ReferenceScheme::kLetter:
		// A positive bigint as its decimal text: 1 to 19 digits, no leading zero, at most 2^63 - 1.
		return !reference.empty() && reference.size() <= 19 && reference[0] != '0' && AllDigits(reference) &&
			   (reference.size() < 19 || reference <= "9223372036854775807");
	case ReferenceScheme::kBeOgm: {
		std::string digits;
		if (reference.size() == 20 && (reference.starts_with("+++") || reference.starts_with("***")) &&
			reference.substr(17) == reference.substr(0, 3) && reference[6] == '/' && reference[11] == '/') {
			digits = std::string(reference.substr(3, 3)) + std::string(reference.substr(7, 4)) +
					 std::string(reference.substr(12, 5));
		} else if (reference.size() == 12) {
			digits = std::string(reference);
		} else {
			return false;
		}
		if (!AllDigits(digits))
			return false;
		const std::int64_t base = std::stoll(digits.substr(0, 10));
		return std::stoi(digits.substr(10, 2)) == OgmCheck(base);
	}
	case ReferenceScheme::kRf: {
		std::string compact;
		for (char c : reference) {
			if (c == ' ')
				continue;
			compact.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
			if (compact.size() > 4 + kRfMaxBody)
				return false;
		}
		if (compact.size() < 5 || !compact.starts_with("RF") || !IsDigit(compact[2]) || !IsDigit(compact[3]) ||
			!std::all_of(compact.begin() + 4, compact.end(), IsAlnum))
			return false;
		return Mod97(compact.substr(4) + compact.substr(0, 4)) == 1;
	}
	}
	return false;
}

bool
IsValidPaymentReference(std::string_view scheme, std::string_view reference) {
	return IsValidPaymentReference(ParseReferenceScheme(scheme), reference);
}

} // namespace dunning
