#include "core/error.hpp"
#include "core/item.hpp"
#include "core/item_set.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>

using namespace dunning;
using namespace dunning::testing;

namespace {

ItemFields
ValidInvoice() {
	ItemFields f;
	f.id = "INV-1";
	f.kind = "invoice";
	f.amount = "100.00";
	f.open_amount = "60.00";
	f.due_date = D(2026, 1, 31).pg_days();
	return f;
}

std::string
ErrorOf(const ItemFields &f, ErrorCode expected = ErrorCode::kInvalidParameterValue) {
	try {
		MakeItem(f);
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), expected) << e.what();
		return e.what();
	}
	return "no error";
}

} // namespace

TEST(Item, AppliesDefaults) {
	Item item = MakeItem(ValidInvoice());
	EXPECT_EQ(item.id, "INV-1");
	EXPECT_EQ(item.kind, ItemKind::kInvoice);
	EXPECT_EQ(item.open.units(), 600'000);
	EXPECT_EQ(item.doc, item.due); // doc_date defaults to due_date
	EXPECT_EQ(item.currency, "");
	EXPECT_FALSE(item.disputed);
	EXPECT_FALSE(item.on_plan);
	EXPECT_FALSE(item.hold_until.has_value());
}

TEST(Item, EveryKindParses) {
	for (std::string_view name : kItemKindNames) {
		auto kind = ParseItemKind(name);
		ASSERT_TRUE(kind.has_value()) << name;
		EXPECT_EQ(ItemKindName(*kind), name);
	}
	EXPECT_FALSE(ParseItemKind("Invoice").has_value());
	EXPECT_FALSE(ParseItemKind("").has_value());
	// Every name with one character changed, cut short or extended parses to nothing.
	for (std::string_view name : kItemKindNames) {
		for (std::size_t i = 0; i < name.size(); ++i) {
			std::string changed(name);
			changed[i] = changed[i] == 'x' ? 'y' : 'x';
			EXPECT_FALSE(ParseItemKind(changed).has_value()) << changed;
		}
		EXPECT_FALSE(ParseItemKind(name.substr(0, name.size() - 1)).has_value()) << name;
		EXPECT_FALSE(ParseItemKind(std::string(name) + "s").has_value()) << name;
	}
	for (std::string_view other : {"fees", "paymentx", "interes", "credit_notes", "bank_receipts", "xnvoice", "ixxxxxx"})
		EXPECT_FALSE(ParseItemKind(other).has_value()) << other;
}

TEST(Item, ErrorsNameTheItemAndTheField) {
	ItemFields f = ValidInvoice();
	f.id.reset();
	EXPECT_EQ(ErrorOf(f), "item_id must not be NULL");
	f = ValidInvoice();
	f.id = "";
	EXPECT_EQ(ErrorOf(f), "item_id must not be empty");
	f = ValidInvoice();
	f.kind = "bill";
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": unknown kind \"bill\"");
	f = ValidInvoice();
	f.kind.reset();
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": kind must not be NULL");
	f = ValidInvoice();
	f.amount = "-5.00";
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": amount -5.00 must not be negative");
	f = ValidInvoice();
	f.open_amount = "120.00";
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": open_amount 120.00 exceeds amount 100.00");
	f = ValidInvoice();
	f.open_amount.reset();
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": open_amount must not be NULL");
	f = ValidInvoice();
	f.amount = "NaN";
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": amount must be a number, not NaN");
	f = ValidInvoice();
	f.due_date.reset();
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": due_date must not be NULL for an invoice");
	f = ValidInvoice();
	f.due_date = INT32_MAX;
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": due_date must be a finite date, not infinity");
	f = ValidInvoice();
	f.hold_until = INT32_MIN;
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": hold_until must be a finite date, not -infinity");
	f = ValidInvoice();
	f.currency = "EURO";
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": currency \"EURO\" is not a three-letter ISO 4217 code");
	f = ValidInvoice();
	f.amount = "10000000000000";
	f.open_amount = "1";
	EXPECT_EQ(ErrorOf(f, ErrorCode::kNumericValueOutOfRange), "numeric value out of range");
}

TEST(Item, CreditsAndChargesMayLackADueDate) {
	for (const char *kind : {"credit_note", "payment", "bank_receipt", "fee", "interest"}) {
		ItemFields f = ValidInvoice();
		f.kind = kind;
		f.due_date.reset();
		EXPECT_NO_THROW(MakeItem(f)) << kind;
	}
	ItemFields f = ValidInvoice();
	f.kind = "installment";
	f.due_date.reset();
	EXPECT_EQ(ErrorOf(f), "item \"INV-1\": due_date must not be NULL for an installment");
}

TEST(Item, CurrencyIsNormalizedAndNullFlagsAreFalse) {
	ItemFields f = ValidInvoice();
	f.currency = "usd";
	f.disputed = std::nullopt;
	f.on_plan = true;
	Item item = MakeItem(f);
	EXPECT_EQ(item.currency, "USD");
	EXPECT_FALSE(item.disputed);
	EXPECT_TRUE(item.on_plan);
}

TEST(Item, EffectiveDueIsTheLaterOfDueAndHold) {
	Item item = Invoice("A", "10", D(2026, 1, 31));
	EXPECT_EQ(item.EffectiveDue(), D(2026, 1, 31));
	item.hold_until = D(2026, 2, 15);
	EXPECT_EQ(item.EffectiveDue(), D(2026, 2, 15));
	item.hold_until = D(2026, 1, 1);
	EXPECT_EQ(item.EffectiveDue(), D(2026, 1, 31));
}

TEST(ItemSet, MixedCurrencyNamesTheSmallestIdOfEachWhateverTheOrder) {
	Item a = Invoice("A", "10", D(2026, 1, 1));
	a.currency = "USD";
	Item b = Invoice("B", "10", D(2026, 1, 1));
	b.currency = "EUR";
	Item c = Invoice("C", "10", D(2026, 1, 1));
	c.currency = "USD";
	for (const ItemSet &set : {SetOf({a, b, c}), SetOf({c, b, a})}) {
		try {
			set.UnitCurrency("EUR");
			FAIL();
		} catch (const Error &e) {
			EXPECT_STREQ(e.what(), "mixed currencies in one unit: item \"B\" is in EUR, item \"A\" in USD");
		}
	}
}

TEST(ItemSet, APolicyCurrencyAcceptsOnlyItemsInIt) {
	Item usd = Invoice("A", "10", D(2026, 1, 1));
	usd.currency = "USD";
	try {
		SetOf({usd}).PolicyCurrency("EUR");
		FAIL();
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(), "item \"A\" is in USD, but the policy accepts only EUR");
	}
	EXPECT_EQ(SetOf({usd}).PolicyCurrency(""), "USD"); // "currency": null: any one currency
	EXPECT_EQ(SetOf({usd}).PolicyCurrency("USD"), "USD");
	EXPECT_EQ(SetOf({usd}).UnitCurrency("EUR"), "USD"); // without a policy (dunning.balance): its own
}

TEST(ItemSet, ImplicitCurrencyIsThePolicyCurrency) {
	Item usd = Invoice("A", "10", D(2026, 1, 1));
	usd.currency = "USD";
	EXPECT_EQ(SetOf({Invoice("B", "1", D(2026, 1, 1))}).UnitCurrency("EUR"), "EUR");
	EXPECT_THROW(SetOf({usd, Invoice("B", "1", D(2026, 1, 1))}).UnitCurrency("EUR"), Error);
	EXPECT_EQ(SetOf({usd, Invoice("B", "1", D(2026, 1, 1))}).UnitCurrency("USD"), "USD");
}

TEST(ItemSet, CanonicalOrderIsDueDateThenIdAndRejectsDuplicates) {
	ItemSet set = SetOf({Invoice("B", "1", D(2026, 2, 1)), Invoice("C", "1", D(2026, 1, 1)),
	                     Credit("Z", "1", D(2026, 3, 1)), Invoice("A", "1", D(2026, 2, 1))});
	Item undated = Credit("N", "1", D(2026, 1, 1));
	undated.due.reset();
	set.Add(undated);
	std::string order;
	for (const Item *item : set.Canonical())
		order += item->id;
	EXPECT_EQ(order, "NCABZ");

	set.Add(Invoice("A", "2", D(2020, 1, 1)));
	try {
		set.Canonical();
		FAIL();
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(), "item \"A\": duplicate item_id in one unit");
	}
}

TEST(ItemSet, SerializationRoundTripsEveryField) {
	Item full = Invoice("INV-ü-1", "123.4567", D(2026, 5, 31));
	full.amount = Eur("200");
	full.doc = D(2026, 5, 1);
	full.currency = "CHF";
	full.disputed = true;
	full.on_plan = true;
	full.hold_until = D(2026, 6, 30);
	Item bare = Credit("CN", "5", D(2026, 1, 1), ItemKind::kBankReceipt);
	bare.due.reset();
	bare.doc.reset();
	bare.currency = "CHF";
	ItemSet set = SetOf({full, bare});

	ByteWriter counter;
	set.Serialize(counter);
	std::string bytes(counter.size(), '\0');
	ByteWriter writer(bytes.data(), bytes.size());
	set.Serialize(writer);
	ByteReader reader(bytes.data(), bytes.size());
	ItemSet back = ItemSet::Deserialize(reader);
	EXPECT_TRUE(reader.AtEnd());
	ASSERT_EQ(back.size(), 2u);
	auto items = back.Canonical();
	const Item &b = *items[0];
	const Item &f = *items[1];
	EXPECT_EQ(b.id, "CN");
	EXPECT_EQ(b.kind, ItemKind::kBankReceipt);
	EXPECT_FALSE(b.due.has_value());
	EXPECT_FALSE(b.doc.has_value());
	EXPECT_EQ(f.id, "INV-ü-1");
	EXPECT_EQ(f.amount, Eur("200"));
	EXPECT_EQ(f.open, Eur("123.4567"));
	EXPECT_EQ(f.due, D(2026, 5, 31));
	EXPECT_EQ(f.doc, D(2026, 5, 1));
	EXPECT_EQ(f.currency, "CHF");
	EXPECT_TRUE(f.disputed);
	EXPECT_TRUE(f.on_plan);
	EXPECT_EQ(f.hold_until, D(2026, 6, 30));
}

TEST(ItemSet, TruncatedOrForeignBytesAreRejected) {
	ItemSet set = SetOf({Invoice("A", "1", D(2026, 1, 1))});
	ByteWriter counter;
	set.Serialize(counter);
	std::string bytes(counter.size(), '\0');
	ByteWriter writer(bytes.data(), bytes.size());
	set.Serialize(writer);
	for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
		ByteReader reader(bytes.data(), cut);
		EXPECT_THROW(ItemSet::Deserialize(reader), Error) << cut;
	}
	std::string foreign = bytes;
	foreign[0] ^= 0x5a;
	ByteReader reader(foreign.data(), foreign.size());
	EXPECT_THROW(ItemSet::Deserialize(reader), Error);
}
