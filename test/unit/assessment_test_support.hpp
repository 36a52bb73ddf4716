// Builders for the assessment engine's tests: items by days overdue on one reference date, and a
// one-call unit assessment.
#pragma once

#include "core/assessment.hpp"
#include "test_items.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dunning::testing {

// A Sunday, so working-day rules are visible in tests.
inline const Date kAsOf = D(2026, 3, 1);

inline Date
Ago(int days) {
	return kAsOf.PlusDays(-days);
}
inline Date
In(int days) {
	return kAsOf.PlusDays(days);
}

// An invoice due `days` before kAsOf (negative: due in the future), fully open.
inline Item
Inv(std::string id, std::string_view open, int days) {
	return Invoice(std::move(id), open, Ago(days));
}
inline Item
PartlyPaid(std::string id, std::string_view amount, std::string_view open, int days) {
	return MakeTestItem(std::move(id), ItemKind::kInvoice, amount, open, Ago(days));
}
inline Item
Instalment(std::string id, std::string_view open, int days) {
	return MakeTestItem(std::move(id), ItemKind::kInstallment, open, open, Ago(days));
}
inline Item
Charge(std::string id, std::string_view open, int days, ItemKind kind = ItemKind::kFee) {
	return MakeTestItem(std::move(id), kind, open, open, Ago(days));
}
inline Item
CreditOf(std::string id, std::string_view open, int days, ItemKind kind = ItemKind::kCreditNote) {
	return Credit(std::move(id), open, Ago(days), kind);
}
inline Item
Disputed(Item item) {
	item.disputed = true;
	return item;
}
inline Item
OnPlan(Item item) {
	item.on_plan = true;
	return item;
}
inline Item
HeldUntil(Item item, Date until) {
	item.hold_until = until;
	return item;
}

inline History
Letter(int last_level, Date last_letter_date) {
	History h;
	h.last_level = last_level;
	h.last_letter_date = last_letter_date;
	return h;
}
inline History
Score(std::string_view score) {
	History h;
	h.loyalty_score = Eur(score);
	return h;
}

inline std::string
Cents(MoneySum sum) {
	return FormatCentsString(sum);
}
inline std::string
Cents(Money m) {
	return FormatCentsString(MoneySum(m));
}

inline UnitAssessment
Assess(std::initializer_list<Item> items, const Policy &policy = {}, const History &history = {},
       Date as_of = kAsOf) {
	return AssessUnit(SetOf(items), policy, as_of, history);
}

inline bool
HasCode(const UnitAssessment &a, std::string_view code) {
	return a.reason_codes.Has(code);
}

inline std::vector<std::string_view>
Codes(std::initializer_list<const char *> codes) {
	return std::vector<std::string_view>(codes.begin(), codes.end());
}

} // namespace dunning::testing
