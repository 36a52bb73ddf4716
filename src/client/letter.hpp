// The letter as the delivery client sees it: what dunning.letters, dunning.letter_items and
// dunning.settings hold, as text (amounts are PostgreSQL's exact numeric text, never doubles).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace pg_dunning {

struct LetterItem {
	std::string item_id;
	std::string due_date;	  // ISO, may be empty
	std::string open_amount;  // numeric text, 2 decimals
	std::string days_overdue; // may be empty
};

struct Letter {
	long long letter_id = 0;
	long long run_id = 0;
	std::string channel; // email or post
	std::string status;
	std::string to_email;
	std::vector<std::string> cc_emails;
	std::string subject;
	std::string body;
	std::string currency;
	std::string total;	// what to pay: total, else amount + fee; numeric text with 2 decimals
	std::string pay_by; // ISO, may be empty
	std::string as_of;	// ISO
	std::string payment_reference;
	std::string postal_address; // multi-line, may be empty
	std::string addressee_name;
	std::string locale; // ll or ll-CC
	std::string customer_id;
	int level = 0;
	int attempts = 0;
	std::vector<LetterItem> items;
};

// dunning.settings: sender, sender_address, sender_registration, iban, bic, dispute_contact.
using Settings = std::map<std::string, std::string>;

inline std::string
Setting(const Settings &settings, const std::string &name) {
	auto found = settings.find(name);
	return found == settings.end() ? std::string() : found->second;
}

} // namespace pg_dunning
