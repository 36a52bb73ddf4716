#include "client/epc.hpp"

#include <cctype>
#include <qrencode.h>

namespace pg_dunning {

namespace {

std::string
WithoutSpaces(const std::string &text) {
	std::string out;
	for (char c : text)
		if (!std::isspace(static_cast<unsigned char>(c)))
			out += c;
	return out;
}

/* At most n bytes of UTF-8 text, never cutting a character, on one line. */
std::string
Truncated(const std::string &text, size_t n) {
	std::string line;
	for (char c : text)
		line += (c == '\n' || c == '\r') ? ' ' : c;
	if (line.size() <= n)
		return line;
	size_t end = n;
	while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
		end--;
	return line.substr(0, end);
}

/* Whether amount is 0.01 .. 999999999.99 with at most two decimals. */
bool
ValidAmount(const std::string &amount) {
	size_t point = amount.find('.');
	std::string whole = amount.substr(0, point);
	std::string fraction = point == std::string::npos ? "" : amount.substr(point + 1);
	if (whole.empty() || whole.size() > 9 || fraction.size() > 2)
		return false;
	for (char c : whole + fraction)
		if (!std::isdigit(static_cast<unsigned char>(c)))
			return false;
	return (whole + fraction).find_first_not_of('0') != std::string::npos;
}

} // namespace

std::optional<std::string>
EpcPayload(const std::string &name, const std::string &iban, const std::string &bic, const std::string &currency,
		   const std::string &amount, const std::string &reference) {
	std::string account = WithoutSpaces(iban);
	if (currency != "EUR" || account.size() < 15 || account.size() > 34 || name.empty() || !ValidAmount(amount))
		return std::nullopt;
	std::string ref = WithoutSpaces(reference);
	bool structured = ref.size() >= 5 && ref.size() <= 25 && (ref.rfind("RF", 0) == 0);
	std::string payload = "BCD\n002\n1\nSCT\n";
	payload += WithoutSpaces(bic) + "\n";
	payload += Truncated(name, 70) + "\n";
	payload += account + "\n";
	payload += "EUR" + amount + "\n";
	payload += "\n"; // purpose
	payload += (structured ? ref : "") + "\n";
	payload += structured ? "" : Truncated(reference, 140);
	while (!payload.empty() && payload.back() == '\n')
		payload.pop_back();
	return payload;
}

QrMatrix
EncodeQr(const std::string &payload) {
	QrMatrix matrix;
	QRcode *code = QRcode_encodeData(static_cast<int>(payload.size()),
									 reinterpret_cast<const unsigned char *>(payload.data()), 0, QR_ECLEVEL_M);
	if (code == nullptr)
		return matrix;
	matrix.width = code->width;
	matrix.modules.resize(static_cast<size_t>(code->width) * static_cast<size_t>(code->width));
	for (size_t i = 0; i < matrix.modules.size(); i++)
		matrix.modules[i] = (code->data[i] & 1) != 0;
	QRcode_free(code);
	return matrix;
}

} // namespace pg_dunning
