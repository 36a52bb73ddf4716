// Item validation (SPEC §4): MakeItem on fuzzed ItemFields, every field present or NULL, amounts
// from plausible and hostile numeric texts, dates anywhere in int32 (±infinity included). Either
// the item is valid by every rule of §4, or the error is 22023/22003; a valid item survives the
// aggregate state's serialize → deserialize round trip unchanged.
#include "core/item.hpp"
#include "core/item_set.hpp"
#include "fuzz_support.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <climits>
#include <optional>
#include <string>
#include <vector>

namespace {

using dunning::Error;
using dunning::ErrorCode;
using dunning::Item;
using dunning::ItemFields;
using dunning::Money;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

// Text shaped like numeric_out's output most of the time, anything at all otherwise.
std::string
AmountText(FuzzedDataProvider &in) {
	switch (in.ConsumeIntegralInRange(0, 3)) {
	case 0:
		return in.ConsumeRandomLengthString(40);
	case 1:
		return in.PickValueInArray<std::string>({"NaN", "Infinity", "-Infinity", "0", "-0", "9999999999999.9999",
		                                         "10000000000000", "0.00001", "1.23450000", "-1"});
	default: {
		std::string text = in.ConsumeBool() ? "-" : "";
		text += std::to_string(in.ConsumeIntegralInRange<std::uint64_t>(0, 99'999'999'999'999ULL));
		if (in.ConsumeBool())
			text += "." + std::to_string(in.ConsumeIntegralInRange(0, 999'999));
		return text;
	}
	}
}

std::optional<std::int32_t>
DateValue(FuzzedDataProvider &in) {
	if (in.ConsumeBool())
		return std::nullopt;
	switch (in.ConsumeIntegralInRange(0, 3)) {
	case 0:
		return in.PickValueInArray<std::int32_t>({INT32_MIN, INT32_MAX, -2451545, 2147483494, 0});
	case 1:
		return in.ConsumeIntegral<std::int32_t>();
	default:
		return in.ConsumeIntegralInRange(9000, 11000); // 2024 .. 2030
	}
}

std::optional<std::string_view>
Text(FuzzedDataProvider &in, std::string &storage, std::initializer_list<const char *> usual) {
	if (in.ConsumeBool())
		return std::nullopt;
	if (in.ConsumeBool())
		storage = usual.begin()[in.ConsumeIntegralInRange<std::size_t>(0, usual.size() - 1)];
	else
		storage = in.ConsumeRandomLengthString(16);
	return storage;
}

std::optional<bool>
Flag(FuzzedDataProvider &in) {
	if (in.ConsumeBool())
		return std::nullopt;
	return in.ConsumeBool();
}

void
CheckValid(const Item &item, const ItemFields &fields) {
	Check(fields.id && item.id == *fields.id && !item.id.empty(), "item_id changed or empty");
	Check(fields.kind && dunning::ItemKindName(item.kind) == *fields.kind, "kind changed");
	Check(!item.amount.IsNegative() && !item.open.IsNegative(), "negative amount");
	Check(item.open <= item.amount, "open_amount above amount");
	Check(item.amount.units() < Money::kLimitUnits, "amount beyond 10^13");
	Check(item.due || !dunning::IsDueBearing(item.kind), "invoice or instalment without due date");
	for (const std::optional<dunning::Date> &d : {item.due, item.doc, item.hold_until})
		Check(!d || d->IsFinite(), "infinite date");
	if (fields.doc_date)
		Check(item.doc && item.doc->pg_days() == *fields.doc_date, "doc_date changed");
	else
		Check(item.doc == item.due, "doc_date does not default to due_date");
	Check(item.currency.empty() == !fields.currency, "currency lost or invented");
	if (!item.currency.empty()) {
		Check(item.currency.view().size() == 3, "currency is not three letters");
		for (char c : item.currency.view())
			Check(c >= 'A' && c <= 'Z', "currency is not upper case");
	}
	Check(item.disputed == fields.disputed.value_or(false) && item.on_plan == fields.on_plan.value_or(false),
	      "flag changed");
}

void
CheckRoundTrip(const Item &item) {
	dunning::ItemSet set;
	set.Add(item);
	dunning::ByteWriter counter;
	set.Serialize(counter);
	std::vector<char> bytes(counter.size());
	dunning::ByteWriter writer(bytes.data(), bytes.size());
	set.Serialize(writer);
	dunning::ByteReader reader(bytes.data(), bytes.size());
	const dunning::ItemSet back = dunning::ItemSet::Deserialize(reader);
	Check(reader.AtEnd() && back.size() == 1, "round trip lost the item");
	const Item &copy = *back.Canonical().front();
	Check(copy.id == item.id && copy.kind == item.kind && copy.amount == item.amount && copy.open == item.open &&
	          copy.due == item.due && copy.doc == item.doc && copy.currency == item.currency &&
	          copy.disputed == item.disputed && copy.hold_until == item.hold_until && copy.on_plan == item.on_plan,
	      "round trip changed the item");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	FuzzedDataProvider in(data, size);
	std::string id, kind, amount, open, currency;
	ItemFields fields;
	fields.id = Text(in, id, {"INV-1", "", "é", "a\"b"});
	fields.kind = Text(in, kind, {"invoice", "credit_note", "payment", "bank_receipt", "fee", "interest",
	                              "installment", "bill"});
	if (in.ConsumeIntegralInRange(0, 7) != 0)
		fields.amount = (amount = AmountText(in));
	if (in.ConsumeIntegralInRange(0, 7) != 0)
		fields.open_amount = in.ConsumeBool() ? std::string_view(amount) : std::string_view(open = AmountText(in));
	fields.due_date = DateValue(in);
	fields.doc_date = DateValue(in);
	fields.currency = Text(in, currency, {"EUR", "usd", "EURO", "E1R"});
	fields.disputed = Flag(in);
	fields.hold_until = DateValue(in);
	fields.on_plan = Flag(in);

	Item item;
	try {
		item = dunning::MakeItem(fields);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue, ErrorCode::kNumericValueOutOfRange});
		return 0;
	}
	CheckValid(item, fields);
	CheckRoundTrip(item);
	return 0;
}
