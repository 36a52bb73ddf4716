// Regression tests for what the fuzz targets (test/fuzz) found: bounded error messages, dates
// beyond PostgreSQL's range, and aggregate states that frame correctly but hold what no transition
// function could have put there.
#include "core/assess_state.hpp"
#include "core/balance.hpp"
#include "core/error.hpp"
#include "core/policy.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

using namespace dunning;
using namespace dunning::testing;

namespace {

// The error `f` throws (ErrorCode::kInternal with an empty message when it throws none).
Error
ErrorOf(const std::function<void()> &f) {
	try {
		f();
	} catch (const Error &e) {
		return e;
	}
	return Error(ErrorCode::kInternal, "");
}

constexpr std::optional<ErrorCode> kNoError;

template <typename Write>
std::string
Bytes(Write write) {
	ByteWriter counter;
	write(counter);
	std::string bytes(counter.size(), '\0');
	ByteWriter writer(bytes.data(), bytes.size());
	write(writer);
	return bytes;
}

template <typename State>
std::optional<ErrorCode>
DeserializeError(const std::string &bytes) {
	try {
		ByteReader reader(bytes.data(), bytes.size());
		(void)State::Deserialize(reader);
	} catch (const Error &e) {
		return e.code();
	}
	return kNoError;
}

std::string
SetBytes(const Item &item) {
	ItemSet set;
	set.Add(item);
	return Bytes([&](ByteWriter &out) { set.Serialize(out); });
}

} // namespace

// fuzz_policy: a policy number of 700 digits was echoed whole into the message (and a numeric
// amount of 100,000 digits would have been too).
TEST(Robustness, AmountsInMessagesAreCut) {
	const std::string digits = "1." + std::string(700, '0') + "1";
	Error e = ErrorOf([&] { Money::Parse(digits, "amount"); });
	EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(std::string(e.what()), "amount 1." + std::string(38, '0') + "... has more than 4 decimal places");
	e = ErrorOf([&] { Money::Parse(std::string(500, '9'), "amount"); });
	EXPECT_EQ(e.code(), ErrorCode::kNumericValueOutOfRange);
	EXPECT_LT(e.detail().size(), 100u);
	e = ErrorOf([&] { ParsePolicy(R"({"item_min_amount": )" + digits + "}"); });
	EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue);
	EXPECT_LT(std::string(e.what()).size(), 120u) << e.what();
	// Short amounts are shown whole, as before.
	e = ErrorOf([] { Money::Parse("1.00001", "amount"); });
	EXPECT_STREQ(e.what(), "amount 1.00001 has more than 4 decimal places");
	// A cut never splits a UTF-8 character.
	e = ErrorOf([] { Money::Parse(std::string(39, '1') + "\xc3\xa9" + "0", "amount"); });
	EXPECT_EQ(std::string(e.what()), "amount \"" + std::string(39, '1') + "...\" is not a number");
}

// MakeItem accepted any finite int32 day; SQL dates stop at 5874897-12-31.
TEST(Robustness, ItemDatesStayInPostgresRange) {
	ItemFields f;
	f.id = "X";
	f.kind = "invoice";
	f.amount = "1";
	f.open_amount = "1";
	f.due_date = Date::kLastPgDay;
	EXPECT_EQ(MakeItem(f).due, Date::FromPgDays(Date::kLastPgDay));
	f.due_date = Date::kFirstPgDay;
	EXPECT_EQ(MakeItem(f).due, Date::FromPgDays(Date::kFirstPgDay));
	f.due_date = Date::kLastPgDay + 1;
	EXPECT_EQ(ErrorOf([&] { MakeItem(f); }).code(), ErrorCode::kInvalidParameterValue);
	f.due_date = Date::kFirstPgDay - 1;
	EXPECT_EQ(ErrorOf([&] { MakeItem(f); }).code(), ErrorCode::kInvalidParameterValue);
}

// fuzz_state: deserialized items were trusted, so an invoice without due date (dereferenced by the
// rules), open above amount or an amount beyond 10^13 reached the final function.
TEST(Robustness, DeserializedItemsKeepMakeItemsRules) {
	const Item good = Invoice("A", "10", D(2026, 1, 1));
	const std::string ok = SetBytes(good);
	ByteReader reader(ok.data(), ok.size());
	EXPECT_EQ(ItemSet::Deserialize(reader).size(), 1u);

	std::vector<Item> bad(8, good);
	bad[0].due.reset(); // an invoice without due date
	bad[1].open = Eur("11"); // open above amount
	bad[2].amount = Money::FromUnits(Money::kLimitUnits); // 10^13
	bad[2].open = bad[2].amount;
	bad[3].amount = bad[3].open = Eur("-1");
	bad[4].id = {};
	bad[5].currency = "eu";
	bad[6].hold_until = Date::FromPgDays(INT32_MAX); // infinity
	bad[7].doc = Date::FromPgDays(Date::kLastPgDay + 1);
	for (std::size_t i = 0; i < bad.size(); ++i)
		EXPECT_EQ(DeserializeError<ItemSet>(SetBytes(bad[i])), ErrorCode::kDataCorrupted) << i;
}

TEST(Robustness, DeserializedStatesKeepTheirGroupConstants) {
	const std::string items = SetBytes(Invoice("A", "10", D(2026, 1, 1)));
	auto balance = [&](std::uint8_t has_as_of, std::int32_t as_of) {
		std::string head = Bytes([&](ByteWriter &out) {
			out.Put<std::uint8_t>(has_as_of);
			out.Put<std::int32_t>(as_of);
		});
		return head + items;
	};
	EXPECT_EQ(DeserializeError<BalanceState>(balance(1, 9000)), kNoError);
	EXPECT_EQ(DeserializeError<BalanceState>(balance(0, 0)), ErrorCode::kDataCorrupted); // items without as_of
	EXPECT_EQ(DeserializeError<BalanceState>(balance(1, INT32_MAX)), ErrorCode::kDataCorrupted);

	// The policy travels in its binary form (SerializePolicy); byte 27 is the allocation rule.
	const std::string default_policy = Bytes([](ByteWriter &out) { dunning::SerializePolicy(dunning::Policy{}, out); });
	struct Head {
		std::uint8_t started = 1;
		std::int32_t as_of = 9000;
		std::string policy;
		std::int64_t last_level = 1;
		std::int64_t letter = 9000;
		std::int64_t score = 9000;
	};
	auto assess = [&](const Head &h) {
		std::string head = Bytes([&](ByteWriter &out) {
			out.Put<std::uint8_t>(h.started);
			out.Put<std::int32_t>(h.as_of);
			for (char c : h.policy)
				out.Put<char>(c);
			for (std::int64_t v : {h.last_level, h.letter, h.score}) {
				out.Put<std::uint8_t>(1);
				out.Put<std::int64_t>(v);
			}
		});
		return head + items;
	};
	Head h;
	h.policy = default_policy;
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), kNoError);
	h.policy[27] = 9; // no such allocation rule
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.started = 0; // items without the group's constants
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.as_of = INT32_MIN;
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.last_level = -1;
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.last_level = std::int64_t{1} << 40; // was truncated to int
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.letter = std::int64_t{1} << 40;
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
	h = {};
	h.policy = default_policy;
	h.score = Money::kLimitUnits;
	EXPECT_EQ(DeserializeError<AssessState>(assess(h)), ErrorCode::kDataCorrupted);
}

// The glue asks NeedsPolicyText before each Add, with one AssessRow reused row after row; the row
// then notes that its policy is the group's and Add does not compare it again. A row with another
// policy (bytes and text) after rows with the group's is still refused, and a row noted by one
// state is compared in full by another.
TEST(Robustness, PolicyNotedAsTheGroupsIsStillCheckedPerRow) {
	const std::string first = R"({"item_min_amount": 25})", second = R"({"item_min_amount": 30})";
	PolicyCache policies;
	AssessState state;
	AssessRow row;
	row.as_of = D(2026, 3, 1).pg_days();
	auto add = [&](AssessState &into, const std::string &policy, std::string id) {
		row.policy_bytes = policy; // the JSON text stands in for the jsonb bytes
		row.policy_text = {};
		if (into.NeedsPolicyText(row, policies))
			row.policy_text = policy;
		const Item item = Invoice(std::move(id), "10", D(2026, 1, 1));
		into.Add(row, &item, policies);
	};
	add(state, first, "A");
	EXPECT_EQ(row.policy_is_group_of, nullptr); // the first row starts the group
	add(state, first, "B");
	EXPECT_EQ(row.policy_is_group_of, &state);
	try {
		add(state, second, "C");
		ADD_FAILURE() << "a second policy in one group was accepted";
	} catch (const Error &e) {
		EXPECT_NE(std::string(e.what()).find("policy differs within one group"), std::string::npos) << e.what();
	}
	EXPECT_EQ(row.policy_is_group_of, nullptr);
	// noted by `state`, then added to another state whose group has the other policy
	AssessState other;
	add(other, second, "D");
	row.policy_bytes = first;
	row.policy_text = first;
	ASSERT_FALSE(state.NeedsPolicyText(row, policies));
	ASSERT_EQ(row.policy_is_group_of, &state);
	const Item item = Invoice("E", "10", D(2026, 1, 1));
	EXPECT_THROW(other.Add(row, &item, policies), Error);
}

// AsksForLetter, which decides whether dunning.assess_lines builds a unit's lines, answers for the
// items the state holds now: after Finish() from its result, and after an Add or Merge since
// from the new items, not from the action Finish() remembered.
TEST(Robustness, AsksForLetterAnswersForTheItemsSinceTheLastFinish) {
	const std::string policy = "{}";
	AssessRow row;
	row.as_of = D(2026, 3, 1).pg_days();
	row.policy_bytes = policy;
	row.policy_text = policy;
	const Item not_due = Invoice("A", "100", D(2026, 4, 1)), overdue = Invoice("B", "500", D(2025, 12, 1));
	PolicyCache policies;
	AssessState state;
	state.Add(row, &not_due, policies);
	EXPECT_FALSE(state.AsksForLetter()); // assessed here
	EXPECT_EQ(state.Finish().action, Action::kNone);
	EXPECT_FALSE(state.AsksForLetter()); // remembered
	state.Add(row, &overdue, policies);
	EXPECT_TRUE(state.AsksForLetter());
	EXPECT_EQ(state.Finish().action, Action::kRemind);

	AssessState merged;
	merged.Add(row, &not_due, policies);
	EXPECT_EQ(merged.Finish().action, Action::kNone);
	AssessState other;
	other.Add(row, &overdue, policies);
	merged.Merge(other);
	EXPECT_TRUE(merged.AsksForLetter());
}
