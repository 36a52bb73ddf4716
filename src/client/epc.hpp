// The EPC QR code of a SEPA credit transfer (EPC069-12, version 002, UTF-8).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pg_dunning {

// The payload, or nothing when no valid code can be made (currency not EUR, no IBAN, no
// beneficiary name, an amount outside 0.01 .. 999999999.99). amount is numeric text with at most
// two decimals. A reference starting with "RF" is a structured creditor reference (ISO 11649);
// any other goes into the unstructured remittance field.
std::optional<std::string> EpcPayload(const std::string &name, const std::string &iban, const std::string &bic,
									  const std::string &currency, const std::string &amount,
									  const std::string &reference);

// The QR code of a payload at error correction level M (as EPC069-12 requires): width x width
// modules, row by row, true = dark. Empty when libqrencode fails.
struct QrMatrix {
	int width = 0;
	std::vector<bool> modules;
};
QrMatrix EncodeQr(const std::string &payload);

} // namespace pg_dunning
