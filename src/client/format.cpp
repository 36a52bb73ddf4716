#include "client/format.hpp"

#include <array>
#include <cstdlib>
#include <map>

namespace pg_dunning {

namespace {

/* The language of a locale: "nl-BE" -> "nl"; unknown languages read English. */
std::string
Language(const std::string &locale) {
	std::string language = locale.substr(0, locale.find_first_of("-_"));
	if (language == "nl" || language == "fr" || language == "de")
		return language;
	return "en";
}

const std::map<std::string, std::array<const char *, 12>> month_names = {
	{"en",
	 {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
	  "December"}},
	{"nl",
	 {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
	  "december"}},
	{"fr",
	 {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
	  "décembre"}},
	{"de",
	 {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
	  "Dezember"}},
};

const std::map<std::string, std::array<const char *, 4>> labels = {
	// en, nl, fr, de
	{"document", {"Document", "Document", "Document", "Beleg"}},
	{"due_date", {"Due date", "Vervaldatum", "Échéance", "Fällig am"}},
	{"open_amount", {"Open amount", "Openstaand", "Montant dû", "Offener Betrag"}},
	{"days_overdue", {"Days overdue", "Dagen te laat", "Jours de retard", "Tage überfällig"}},
	{"payment", {"Payment", "Betaling", "Paiement", "Zahlung"}},
	{"beneficiary", {"Beneficiary", "Begunstigde", "Bénéficiaire", "Empfänger"}},
	{"amount", {"Amount", "Bedrag", "Montant", "Betrag"}},
	{"reference", {"Reference", "Mededeling", "Communication", "Verwendungszweck"}},
	{"pay_by", {"Pay by", "Te betalen vóór", "À payer avant le", "Zahlbar bis"}},
	{"letter", {"Letter", "Brief", "Lettre", "Schreiben"}},
	{"customer", {"Customer", "Klant", "Client", "Kunde"}},
	{"page", {"page", "pagina", "page", "Seite"}},
	{"scan", {"Scan to pay", "Scan om te betalen", "Scanner pour payer", "Zum Bezahlen scannen"}},
};

int
LanguageIndex(const std::string &language) {
	return language == "nl" ? 1 : language == "fr" ? 2 : language == "de" ? 3 : 0;
}

std::string
CurrencySymbol(const std::string &currency) {
	if (currency == "EUR")
		return "€";
	if (currency == "USD")
		return "$";
	if (currency == "GBP")
		return "£";
	return currency;
}

} // namespace

std::string
FormatDate(const std::string &iso, const std::string &locale) {
	if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-')
		return iso;
	int month = std::atoi(iso.substr(5, 2).c_str());
	int day = std::atoi(iso.substr(8, 2).c_str());
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return iso;
	std::string language = Language(locale);
	std::string name = month_names.at(language)[static_cast<size_t>(month - 1)];
	std::string year = iso.substr(0, 4);
	if (language == "de")
		return std::to_string(day) + ". " + name + " " + year;
	return std::to_string(day) + " " + name + " " + year;
}

std::string
FormatMoney(const std::string &amount, const std::string &currency, const std::string &locale) {
	std::string language = Language(locale);
	bool negative = !amount.empty() && amount[0] == '-';
	std::string digits = negative ? amount.substr(1) : amount;
	size_t point = digits.find('.');
	std::string whole = digits.substr(0, point);
	std::string fraction = point == std::string::npos ? "00" : digits.substr(point + 1);
	std::string group = language == "en" ? "," : language == "fr" ? "\u202f" : ".";
	std::string decimal = language == "en" ? "." : ",";
	std::string grouped;
	for (size_t i = 0; i < whole.size(); i++) {
		if (i > 0 && (whole.size() - i) % 3 == 0)
			grouped += group;
		grouped += whole[i];
	}
	std::string number = (negative ? "-" : "") + grouped + decimal + fraction;
	std::string symbol = CurrencySymbol(currency);
	if (currency.empty())
		return number;
	if (language == "en")
		return symbol.size() > 1 && symbol != "€" && symbol != "£" ? symbol + " " + number : symbol + number;
	if (language == "nl")
		return symbol + " " + number;
	return number + "\u00a0" + symbol;
}

std::string
Label(const std::string &key, const std::string &locale) {
	auto found = labels.find(key);
	if (found == labels.end())
		return key;
	return found->second[static_cast<size_t>(LanguageIndex(Language(locale)))];
}

} // namespace pg_dunning
