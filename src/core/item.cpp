#include "core/item.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace dunning {

namespace {

std::string
QuoteId(std::string_view id) {
	return fmt::format("item \"{}\"", id);
}

std::optional<Date>
FiniteDate(std::optional<std::int32_t> value, std::string_view item, std::string_view field) {
	if (!value)
		return std::nullopt;
	Date date = Date::FromPgDays(*value);
	if (!date.IsFinite())
		ThrowInvalid(fmt::format("{}: {} must be a finite date, not {}", item, field, date.ToIsoString()));
	// Not from SQL, whose dates all lie in this range; the rest of the core relies on it.
	if (!date.IsInPgRange())
		ThrowInvalid(fmt::format("{}: {} day {} is outside PostgreSQL's date range", item, field, *value));
	return date;
}

Money
RequiredAmount(std::optional<std::string_view> text, std::string_view item, std::string_view field) {
	if (!text)
		ThrowInvalid(fmt::format("{}: {} must not be NULL", item, field));
	Money m = Money::Parse(*text, fmt::format("{}: {}", item, field));
	if (m.IsNegative())
		ThrowInvalid(fmt::format("{}: {} {} must not be negative", item, field, *text), {},
		             "Credits are items of kind credit_note, payment or bank_receipt with a positive amount.");
	return m;
}

} // namespace

std::optional<ItemKind>
ParseItemKind(std::string_view label) {
	for (std::size_t i = 0; i < kItemKindNames.size(); ++i)
		if (kItemKindNames[i] == label)
			return static_cast<ItemKind>(i);
	return std::nullopt;
}

std::optional<Date>
Item::EffectiveDue() const {
	if (!due)
		return hold_until;
	if (hold_until && *hold_until > *due)
		return hold_until;
	return due;
}

namespace {

bool
IsCurrencyCode(std::string_view code) {
	return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

} // namespace

bool
IsWellFormed(const Item &item) {
	auto date_ok = [](const std::optional<Date> &d) { return !d || d->IsInPgRange(); };
	return !item.id.empty() && static_cast<std::size_t>(item.kind) < kItemKindNames.size() &&
	       !item.open.IsNegative() && item.open <= item.amount && item.amount.units() < Money::kLimitUnits &&
	       (item.due || !IsDueBearing(item.kind)) && date_ok(item.due) && date_ok(item.doc) &&
	       date_ok(item.hold_until) && (item.currency.empty() || IsCurrencyCode(item.currency));
}

std::string
NormalizeCurrency(std::string_view code, std::string_view context) {
	std::string upper;
	for (char c : code) {
		if (c >= 'a' && c <= 'z')
			c = static_cast<char>(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			break;
		upper.push_back(c);
	}
	if (upper.size() != 3 || code.size() != 3)
		ThrowInvalid(fmt::format("{}: currency \"{}\" is not a three-letter ISO 4217 code", context, code));
	return upper;
}

Item
MakeItem(const ItemFields &fields) {
	if (!fields.id)
		ThrowInvalid("item_id must not be NULL", {}, "Every item needs a document number, unique within its unit.");
	if (fields.id->empty())
		ThrowInvalid("item_id must not be empty", {}, "Every item needs a document number, unique within its unit.");
	Item item;
	item.id = std::string(*fields.id);
	const std::string name = QuoteId(item.id);

	if (!fields.kind)
		ThrowInvalid(fmt::format("{}: kind must not be NULL", name));
	std::optional<ItemKind> kind = ParseItemKind(*fields.kind);
	if (!kind)
		ThrowInvalid(fmt::format("{}: unknown kind \"{}\"", name, *fields.kind), {},
		             "Valid kinds are invoice, credit_note, payment, bank_receipt, fee, interest and installment.");
	item.kind = *kind;

	item.amount = RequiredAmount(fields.amount, name, "amount");
	item.open = RequiredAmount(fields.open_amount, name, "open_amount");
	if (item.open > item.amount)
		ThrowInvalid(fmt::format("{}: open_amount {} exceeds amount {}", name, *fields.open_amount, *fields.amount));

	item.due = FiniteDate(fields.due_date, name, "due_date");
	if (!item.due && IsDueBearing(item.kind))
		ThrowInvalid(fmt::format("{}: due_date must not be NULL for an {}", name, ItemKindName(item.kind)));
	item.doc = fields.doc_date ? FiniteDate(fields.doc_date, name, "doc_date") : item.due;
	item.hold_until = FiniteDate(fields.hold_until, name, "hold_until");

	if (fields.currency)
		item.currency = NormalizeCurrency(*fields.currency, name);
	// An ERP mirror's NULL flag means "not set", the same as the constructor's default.
	item.disputed = fields.disputed.value_or(false);
	item.on_plan = fields.on_plan.value_or(false);
	return item;
}

} // namespace dunning
