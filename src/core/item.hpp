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

// A currency of an item: an upper-case ISO 4217 code, or empty (the policy currency). Held in
// place, so that an Item owns no memory and copies as plain bytes.
class CurrencyCode {
public:
	constexpr CurrencyCode() = default;
	// `code` must have at most 3 characters (MakeItem normalizes and checks what users give).
	CurrencyCode(std::string_view code) noexcept { // NOLINT: implicit, as the string it replaces
		size_ = static_cast<std::uint8_t>(code.size() < 3 ? code.size() : 3);
		for (std::size_t i = 0; i < size_; ++i)
			code_[i] = code[i];
	}
	CurrencyCode(const char *code) noexcept : CurrencyCode(std::string_view(code)) { // NOLINT
	}
	CurrencyCode(const std::string &code) noexcept : CurrencyCode(std::string_view(code)) { // NOLINT
	}
	constexpr std::string_view
	view() const noexcept {
		return {code_, size_};
	}
	constexpr operator std::string_view() const noexcept { // NOLINT
		return view();
	}
	constexpr bool
	empty() const noexcept {
		return size_ == 0;
	}
	friend constexpr bool
	operator==(const CurrencyCode &a, const CurrencyCode &b) noexcept {
		return a.view() == b.view();
	}
	friend constexpr bool
	operator==(const CurrencyCode &a, std::string_view b) noexcept {
		return a.view() == b;
	}
	friend bool
	operator==(const CurrencyCode &a, const std::string &b) noexcept {
		return a.view() == std::string_view(b);
	}
	friend constexpr bool
	operator==(const CurrencyCode &a, const char *b) noexcept {
		return a.view() == std::string_view(b);
	}

private:
	char code_[3] = {};
	std::uint8_t size_ = 0;
};

// One ledger item, validated. Plain data: `id` is a view of bytes its owner keeps (an ItemSet
// keeps its items' ids in its own arena; MakeItem's result views the ItemFields' id).
struct Item {
	// In this order, an item is 64 bytes: a unit of a thousand items is 64 KB of state.
	std::string_view id;
	Money amount;
	Money open;
	std::optional<Date> due; // absent only where the kind allows it (credits, charges)
	std::optional<Date> doc;
	std::optional<Date> hold_until;
	CurrencyCode currency; // empty: the policy currency
	ItemKind kind = ItemKind::kInvoice;
	bool disputed = false;
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
// range) and returns the item with its defaults applied. Allocates nothing unless it throws; the
// item's id views `fields.id`.
Item MakeItem(const ItemFields &fields);

// Whether `item` keeps every rule MakeItem enforces: what a deserialized aggregate state must be
// checked against, since the rest of the core relies on those rules (e.g. invoices have a due date).
bool IsWellFormed(const Item &item);

// Upper-case three-letter currency code, or throws naming `context`.
CurrencyCode NormalizeCurrency(std::string_view code, std::string_view context);

} // namespace dunning
