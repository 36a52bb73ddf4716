// CheckItem (dunning.item_check): MakeItem's validation as a value. Every data error MakeItem
// raises comes back with the same code and message; a valid item gives none.
#include "core/error.hpp"
#include "core/item.hpp"
#include "core/item_check.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

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

ItemFields
With(const std::function<void(ItemFields &)> &change) {
	ItemFields f = ValidInvoice();
	change(f);
	return f;
}

} // namespace

TEST(ItemCheck, ValidItemsHaveNoProblem) {
	EXPECT_FALSE(CheckItem(ValidInvoice()).has_value());
	EXPECT_FALSE(CheckItem(With([](ItemFields &f) {
		             f.amount.reset();
		             f.amount_units = 1'000'000; // the glue's decoded fast path
		             f.kind = "credit_note";
		             f.due_date.reset();
	             })).has_value());
}

TEST(ItemCheck, ReportsWhatMakeItemRaises) {
	const std::vector<ItemFields> bad = {
	    With([](ItemFields &f) { f.id.reset(); }),
	    With([](ItemFields &f) { f.id = ""; }),
	    With([](ItemFields &f) { f.kind = "bill"; }),
	    With([](ItemFields &f) { f.kind.reset(); }),
	    With([](ItemFields &f) { f.amount = "-5.00"; }),
	    With([](ItemFields &f) { f.amount = "NaN"; }),
	    With([](ItemFields &f) { f.amount = "Infinity"; }),
	    With([](ItemFields &f) { f.amount = "1.00001"; }),
	    With([](ItemFields &f) { f.open_amount = "120.00"; }),
	    With([](ItemFields &f) { f.open_amount.reset(); }),
	    With([](ItemFields &f) { f.due_date.reset(); }),
	    With([](ItemFields &f) { f.due_date = INT32_MAX; }),
	    With([](ItemFields &f) { f.hold_until = INT32_MIN; }),
	    With([](ItemFields &f) { f.currency = "EURO"; }),
	};
	for (const ItemFields &f : bad) {
		std::optional<ItemProblem> problem = CheckItem(f);
		ASSERT_TRUE(problem.has_value());
		try {
			(void)MakeItem(f);
			ADD_FAILURE() << "MakeItem accepts what CheckItem reports: " << problem->message;
		} catch (const Error &e) {
			EXPECT_EQ(problem->code, e.code());
			EXPECT_EQ(problem->message, e.what());
		}
	}
}

TEST(ItemCheck, MessagesSayWhatIsWrong) {
	EXPECT_EQ(CheckItem(With([](ItemFields &f) {
		          f.id = "X";
		          f.amount = "3";
		          f.open_amount = "5";
	          }))->message,
	          "item \"X\": open_amount 5 exceeds amount 3");
	std::optional<ItemProblem> no_id = CheckItem(With([](ItemFields &f) { f.id.reset(); }));
	EXPECT_EQ(no_id->code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(no_id->message, "item_id must not be NULL");
}

// The message of an amount out of range is PostgreSQL's fixed text; the detail that names the item
// is appended, so the problem says which item it is.
TEST(ItemCheck, AmountOutOfRangeNamesTheItem) {
	std::optional<ItemProblem> problem = CheckItem(With([](ItemFields &f) {
		f.id = "BIG-1";
		f.amount = "10000000000000";
		f.open_amount = "1";
	}));
	ASSERT_TRUE(problem.has_value());
	EXPECT_EQ(problem->code, ErrorCode::kNumericValueOutOfRange);
	EXPECT_EQ(problem->message,
	          "numeric value out of range: item \"BIG-1\": amount 10000000000000 is not below 10^13 in magnitude");
	static const std::string minus_1e1000 = "-1" + std::string(1000, '0'); // numeric_out's form of -1e1000
	problem = CheckItem(With([](ItemFields &f) { f.open_amount = minus_1e1000; }));
	ASSERT_TRUE(problem.has_value());
	EXPECT_EQ(problem->code, ErrorCode::kNumericValueOutOfRange);
	EXPECT_NE(problem->message.find("item \"INV-1\": open_amount"), std::string::npos) << problem->message;
}
