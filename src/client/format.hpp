// Localized dates, amounts and labels of the print PDF (en, nl, fr, de; English otherwise).
#pragma once

#include <string>

namespace pg_dunning {

// "16 November 2026" (en), "16 november 2026" (nl), "16 novembre 2026" (fr), "16. November 2026"
// (de); the ISO text itself when it is not a date.
std::string FormatDate(const std::string &iso, const std::string &locale);

// "€12,619.77" (en), "€ 12.619,77" (nl), "12 619,77 €" (fr), "12.619,77 €" (de); amount is
// numeric text such as "-12619.77".
std::string FormatMoney(const std::string &amount, const std::string &currency, const std::string &locale);

// A label of the PDF (key: "document", "due_date", ...) in the locale's language.
std::string Label(const std::string &key, const std::string &locale);

} // namespace pg_dunning
