#include "core/item.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace dunning {

namespace {

// Messages name the item; they are built only when something is wrong, since MakeItem runs for
// every row of every aggregate.
std::string
QuoteId(std::string_view id) {
	return fmt::format("item \"{}\"", id);
}

// The errors of MakeItem, out of line: MakeItem runs for every row of every aggregate, and the
// message formatting inlined into it cost a large stack frame on every call.
[[noreturn, gnu::cold, gnu::noinline]] void
ThrowNotFinite(std::string_view id, std::string_view field, Date date) {
	ThrowInvalid(fmt::format("{}: {} must be a finite date, not {}", QuoteId(id), field, date.ToIsoString()));
}

[[noreturn, gnu::cold, gnu::noinline]] void
ThrowOutOfPgRange(std::string_view id, std::string_view field, std::int32_t value) {
	ThrowInvalid(fmt::format("{}: {} day {} is outside PostgreSQL's date range", QuoteId(id), field, value));
}

std::optional<Date>
FiniteDate(std::optional<std::int32_t> value, std::string_view id, std::string_view field) {
	if (!value)
		return std::nullopt;
	Date date = Date::FromPgDays(*value);
	if (!date.IsFinite()) [[unlikely]]
		ThrowNotFinite(id, field, date);
	// Not from SQL, whose dates all lie in this range; the rest of the core relies on it.
	if (!date.IsInPgRange()) [[unlikely]]
		ThrowOutOfPgRange(id, field, *value);
	return date;
}

// An amount given as text (not decoded by the glue): parsed, or the documented error.
[[gnu::noinline]] Money
AmountFromText(std::optional<std::string_view> text, std::string_view id, std::string_view field) {
	if (!text)
		ThrowInvalid(fmt::format("{}: {} must not be NULL", QuoteId(id), field));
	Money m;
	if (Money::TryParse(*text, &m) != Money::ParseStatus::kOk)
		m = Money::Parse(*text, fmt::format("{}: {}", QuoteId(id), field)); // throws the documented error
	if (m.IsNegative())
		ThrowInvalid(fmt::format("{}: {} {} must not be negative", QuoteId(id), field, *text), {},
		             "Credits are items of kind credit_note, payment or bank_receipt with a positive amount.");
	return m;
}

inline Money
RequiredAmount(std::optional<std::string_view> text, std::optional<std::int64_t> units, std::string_view id,
               std::string_view field) {
	if (units) [[likely]]
		return Money::FromUnits(*units);
	return AmountFromText(text, id, field);
}

// The value as the user wrote it when we have the text, else its exact decimal form.
std::string
Shown(std::optional<std::string_view> text, Money value) {
	return text ? std::string(*text) : FormatExact(value);
}

} // namespace

std::optional<ItemKind>
ParseItemKind(std::string_view label) {
	// The length and the first letter leave one candidate, compared in full with a fixed length: the
	// constructor parses every item's kind twice (1M items: the loop over the names, a memcmp call
	// per name, was about 3% of dunning.balance).
	auto is = [label](ItemKind kind) -> std::optional<ItemKind> {
		const std::string_view name = ItemKindName(kind);
		return std::memcmp(label.data(), name.data(), name.size()) == 0 ? std::optional(kind) : std::nullopt;
	};
	static_assert(kItemKindNames.size() == 7, "a new kind needs a case below");
	switch (label.size()) {
	case 3:
		return is(ItemKind::kFee);
	case 7:
		return label[0] == 'i' ? is(ItemKind::kInvoice) : is(ItemKind::kPayment);
	case 8:
		return is(ItemKind::kInterest);
	case 11:
		return label[0] == 'c' ? is(ItemKind::kCreditNote) : is(ItemKind::kInstallment);
	case 12:
		return is(ItemKind::kBankReceipt);
	default:
		return std::nullopt;
	}
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

namespace {

// Upper-cases a three-letter code; false for anything else.
bool
ToCurrencyCode(std::string_view code, CurrencyCode *out) {
	if (code.size() != 3)
		return false;
	char upper[3];
	for (std::size_t i = 0; i < 3; ++i) {
		char c = code[i];
		if (c >= 'a' && c <= 'z')
			c = static_cast<char>(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return false;
		upper[i] = c;
	}
	*out = CurrencyCode(std::string_view(upper, 3));
	return true;
}

[[noreturn]] void
ThrowBadCurrency(std::string_view context, std::string_view code) {
	ThrowInvalid(fmt::format("{}: currency \"{}\" is not a three-letter ISO 4217 code", context, code));
}

} // namespace

CurrencyCode
NormalizeCurrency(std::string_view code, std::string_view context) {
	CurrencyCode out;
	if (!ToCurrencyCode(code, &out))
		ThrowBadCurrency(context, code);
	return out;
}

namespace {

// MakeItem's other errors, out of line like ThrowNotFinite.
[[noreturn, gnu::cold, gnu::noinline]] void
ThrowBadId(bool null) {
	ThrowInvalid(null ? "item_id must not be NULL" : "item_id must not be empty", {},
	             "Every item needs a document number, unique within its unit.");
}

[[noreturn, gnu::cold, gnu::noinline]] void
ThrowBadKind(std::string_view id, std::optional<std::string_view> kind) {
	if (!kind)
		ThrowInvalid(fmt::format("{}: kind must not be NULL", QuoteId(id)));
	ThrowInvalid(fmt::format("{}: unknown kind \"{}\"", QuoteId(id), *kind), {},
	             "Valid kinds are invoice, credit_note, payment, bank_receipt, fee, interest and installment.");
}

[[noreturn, gnu::cold, gnu::noinline]] void
ThrowOpenExceeds(std::string_view id, const ItemFields &fields, const Item &item) {
	ThrowInvalid(fmt::format("{}: open_amount {} exceeds amount {}", QuoteId(id),
	                         Shown(fields.open_units ? std::nullopt : fields.open_amount, item.open),
	                         Shown(fields.amount_units ? std::nullopt : fields.amount, item.amount)));
}

[[noreturn, gnu::cold, gnu::noinline]] void
ThrowNoDue(std::string_view id, ItemKind kind) {
	ThrowInvalid(fmt::format("{}: due_date must not be NULL for an {}", QuoteId(id), ItemKindName(kind)));
}

[[noreturn, gnu::cold, gnu::noinline]] void
ThrowItemCurrency(std::string_view id, std::string_view currency) {
	ThrowBadCurrency(QuoteId(id), currency);
}

} // namespace

Item
MakeItem(const ItemFields &fields) {
	if (!fields.id || fields.id->empty()) [[unlikely]]
		ThrowBadId(!fields.id);
	Item item;
	item.id = *fields.id;
	const std::string_view id = item.id;

	std::optional<ItemKind> kind = fields.kind ? ParseItemKind(*fields.kind) : std::nullopt;
	if (!kind) [[unlikely]]
		ThrowBadKind(id, fields.kind);
	item.kind = *kind;

	item.amount = RequiredAmount(fields.amount, fields.amount_units, id, "amount");
	item.open = RequiredAmount(fields.open_amount, fields.open_units, id, "open_amount");
	if (item.open > item.amount) [[unlikely]]
		ThrowOpenExceeds(id, fields, item);

	item.due = FiniteDate(fields.due_date, id, "due_date");
	if (!item.due && IsDueBearing(item.kind)) [[unlikely]]
		ThrowNoDue(id, item.kind);
	item.doc = fields.doc_date ? FiniteDate(fields.doc_date, id, "doc_date") : item.due;
	item.hold_until = FiniteDate(fields.hold_until, id, "hold_until");

	if (fields.currency && !ToCurrencyCode(*fields.currency, &item.currency)) [[unlikely]]
		ThrowItemCurrency(id, *fields.currency);
	// An ERP mirror's NULL flag means "not set", the same as the constructor's default.
	item.disputed = fields.disputed.value_or(false);
	item.on_plan = fields.on_plan.value_or(false);
	return item;
}
} // namespace dunning
