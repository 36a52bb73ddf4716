// Open ledger items of one dunning unit (SPEC §4) and their validation.
#pragma once

#include "core/date.hpp"
#include "core/money.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dunning {

// Order matches the SQL enum dunning.item_kind.
enum class ItemKind : std::uint8_t {
	kInvoice,
	kCreditNote,
	kPayment,
	kBankReceipt,
	kFee,
	kInterest,
	kInstallment,
};

inline constexpr std::array<std::string_view, 7> kItemKindNames = {
    "invoice", "credit_note", "payment", "bank_receipt", "fee", "interest", "installment",
};

std::optional<ItemKind> ParseItemKind(std::string_view label);
constexpr std::string_view
ItemKindName(ItemKind kind) {
	return kItemKindNames[static_cast<std::size_t>(kind)];
}

// Unapplied money of the customer that nets against the debt.
constexpr bool
IsCredit(ItemKind kind) {
	return kind == ItemKind::kCreditNote || kind == ItemKind::kPayment || kind == ItemKind::kBankReceipt;
}
// Background charges: never significant, never count toward a threshold.
constexpr bool
IsCharge(ItemKind kind) {
	return kind == ItemKind::kFee || kind == ItemKind::kInterest;
}
// Items that carry a due date the customer can be late on.
constexpr bool
IsDueBearing(ItemKind kind) {
	return kind == ItemKind::kInvoice || kind == ItemKind::kInstallment;
}

struct Item {
	std::string id;
	ItemKind kind = ItemKind::kInvoice;
	Money amount;
	Money open;
	std::optional<Date> due; // absent only where the kind allows it (credits, charges)
	std::optional<Date> doc;
	std::string currency; // upper-case ISO code; empty: the policy currency
	bool disputed = false;
	std::optional<Date> hold_until;
	bool on_plan = false;

	// Greatest of due_date and hold_until (SPEC §6.2).
	std::optional<Date> EffectiveDue() const;
	// Counts in the unit's due / overdue principal: invoices not on a plan, and instalments.
	bool
	IsScheduledPrincipal() const {
		return (kind == ItemKind::kInvoice && !on_plan) || kind == ItemKind::kInstallment;
	}
};

// The fields of one item as they come from SQL, before validation: absent = SQL NULL. Amounts
// are in numeric's text form; dates are PostgreSQL day numbers. Holds only views, so the glue can
// fill it without owning C++ objects.
struct ItemFields {
	std::optional<std::string_view> id;
	std::optional<std::string_view> kind;
	std::optional<std::string_view> amount;
	std::optional<std::string_view> open_amount;
	// The glue's fast path: amounts already decoded from numeric's binary form (non-negative and in
	// range). When set they are used instead of the text, which is then not read.
	std::optional<std::int64_t> amount_units;
	std::optional<std::int64_t> open_units;
	std::optional<std::int32_t> due_date;
	std::optional<std::int32_t> doc_date;
	std::optional<std::string_view> currency;
	std::optional<bool> disputed;
	std::optional<std::int32_t> hold_until;
	std::optional<bool> on_plan;
};

// Validates the fields (SQLSTATE 22023 naming the item and the field; 22003 for amounts out of
// range) and returns the item with its defaults applied.
Item MakeItem(const ItemFields &fields);

// Whether `item` keeps every rule MakeItem enforces: what a deserialized aggregate state must be
// checked against, since the rest of the core relies on those rules (e.g. invoices have a due date).
bool IsWellFormed(const Item &item);

// Upper-case three-letter currency code, or throws naming `context`.
std::string NormalizeCurrency(std::string_view code, std::string_view context);

} // namespace dunning
