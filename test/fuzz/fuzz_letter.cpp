// What letters print (SPEC §11.1, §13): CheckIban, FormatIban, CheckBic, the payment references
// and FormatAmount on arbitrary text. Invariants: only 22023 errors; a checked IBAN or BIC is its
// own normal form with the registry length; every reference made is valid for its scheme; and an
// amount formatted for en without currency is the decimal rounded half away from zero to cents,
// worked out here on the digits as a string; and every amount is formatted as ICU formats it alone.
#include "core/iban.hpp"
#include "core/locale_format.hpp"
#include "core/payment_reference.hpp"
#include "fuzz_support.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <string>

namespace {

using dunning::Error;
using dunning::ErrorCode;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}

void
CheckIbanInvariants(const std::string &text) {
	try {
		const std::string compact = dunning::CheckIban(text);
		Check(static_cast<int>(compact.size()) == dunning::IbanLength(compact.substr(0, 2)), "iban length", compact);
		Check(dunning::CheckIban(compact) == compact, "iban not its own normal form", compact);
		std::string printed = dunning::FormatIban(text);
		std::erase(printed, ' ');
		Check(printed == compact, "print form differs", compact);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
	try {
		const std::string bic = dunning::CheckBic(text);
		Check((bic.size() == 8 || bic.size() == 11) && dunning::CheckBic(bic) == bic, "bic normal form", bic);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
}

void
CheckReferences(FuzzedDataProvider &in) {
	const auto id = in.ConsumeIntegral<std::int64_t>();
	const std::string reference = in.ConsumeRemainingBytesAsString();
	for (auto scheme : {dunning::ReferenceScheme::kLetter, dunning::ReferenceScheme::kBeOgm, dunning::ReferenceScheme::kRf}) {
		(void)dunning::IsValidPaymentReference(scheme, reference); // never throws
		try {
			const std::string made = dunning::PaymentReference(scheme, id);
			Check(dunning::IsValidPaymentReference(scheme, made), "reference made is invalid", made);
		} catch (const Error &e) {
			ExpectCode(e, {ErrorCode::kInvalidParameterValue});
			Check(id <= 0 || (scheme == dunning::ReferenceScheme::kBeOgm && id >= 10'000'000'000), "id refused", e.what());
		}
	}
}

// -?I(.F)? rounded half away from zero to two decimals, without grouping; "" when not a decimal.
std::string
RoundedCents(std::string_view text) {
	std::size_t pos = 0;
	const bool negative = !text.empty() && text[0] == '-';
	if (negative)
		++pos;
	std::string int_digits, frac_digits;
	while (pos < text.size() && IsDigit(text[pos]))
		int_digits.push_back(text[pos++]);
	if (pos < text.size() && text[pos] == '.') {
		++pos;
		while (pos < text.size() && IsDigit(text[pos]))
			frac_digits.push_back(text[pos++]);
		if (frac_digits.empty())
			return "";
	}
	if (pos != text.size() || int_digits.empty())
		return "";
	const bool round_up = frac_digits.size() > 2 && frac_digits[2] >= '5';
	frac_digits.resize(2, '0');
	std::string digits = int_digits + frac_digits;
	if (round_up) {
		std::size_t i = digits.size();
		while (i > 0 && digits[i - 1] == '9')
			digits[--i] = '0';
		if (i == 0)
			digits.insert(digits.begin(), '1');
		else
			++digits[i - 1];
	}
	std::string whole = digits.substr(0, digits.size() - 2);
	whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
	const std::string cents = digits.substr(digits.size() - 2);
	const bool zero = whole == "0" && cents == "00";
	return (negative && !zero ? "-" : "") + whole + "." + cents;
}

void
CheckAmount(FuzzedDataProvider &in) {
	static const char *const kLocales[] = {"en", "nl-BE", "fr", "de-AT", "ja"};
	const std::string locale = in.ConsumeBool() ? kLocales[in.ConsumeIntegralInRange<std::size_t>(0, 4)]
	                                            : in.ConsumeRandomLengthString(8);
	const std::string currency = in.ConsumeBool() ? std::string() : in.ConsumeRandomLengthString(4);
	const std::string amount = in.ConsumeRemainingBytesAsString();
	std::string formatted;
	try {
		formatted = dunning::FormatAmount(amount, currency, locale);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
		return;
	}
	Check(!formatted.empty(), "empty amount");
	// by shape (one ICU text per sign and integer part) exactly as ICU formats each amount
	Check(formatted == dunning::FormatAmountWithIcu(amount, currency, locale), "amount not as ICU formats it", amount);
	if (locale == "en" && currency.empty()) {
		const std::string expected = RoundedCents(amount);
		Check(!expected.empty(), "formatted a non-decimal", amount);
		std::erase(formatted, ',');
		Check(formatted == expected, "amount not rounded half away from zero", amount);
	}
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	FuzzedDataProvider in(data, size);
	switch (in.ConsumeIntegralInRange(0, 2)) {
	case 0:
		CheckIbanInvariants(in.ConsumeRemainingBytesAsString());
		break;
	case 1:
		CheckReferences(in);
		break;
	default:
		CheckAmount(in);
		break;
	}
	return 0;
}
