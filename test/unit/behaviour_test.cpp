#include "core/behaviour.hpp"
#include "core/error.hpp"
#include "core/fixed_point.hpp"
#include "test_items.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace dunning;
using namespace dunning::testing;

namespace {

struct Paid {
	Date due;
	std::optional<Date> paid;
	std::string amount;
};

BehaviourRow
Row(const Paid &p, std::optional<std::int32_t> min_history = std::nullopt) {
	BehaviourRow row;
	row.due_date = p.due.pg_days();
	if (p.paid)
		row.paid_date = p.paid->pg_days();
	row.amount = p.amount;
	row.min_history = min_history;
	return row;
}

BehaviourState
StateOf(const std::vector<Paid> &rows, std::optional<std::int32_t> min_history = std::nullopt) {
	BehaviourState state;
	for (const Paid &p : rows)
		state.Add(Row(p, min_history));
	return state;
}

std::string
Text(std::optional<Units128> scaled, int decimals) {
	return scaled ? std::string(FormatScaled(*scaled, decimals).text) : "NULL";
}

ErrorCode
AddError(BehaviourState &state, const BehaviourRow &row, std::string *message = nullptr) {
	try {
		state.Add(row);
	} catch (const Error &e) {
		if (message)
			*message = e.what();
		return e.code();
	}
	ADD_FAILURE() << "no error";
	return ErrorCode::kInternal;
}

const Date kDue = D(2025, 6, 30);

} // namespace

TEST(FixedPoint, TruncatesRoundsAndFormats) {
	EXPECT_EQ(TruncatedQuotient(2, 3, 6), 666'666);
	EXPECT_EQ(RoundedQuotient(2, 3, 6), 666'667);
	EXPECT_EQ(RoundedQuotient(1, 2, 0), 1); // half away from zero
	EXPECT_EQ(RoundedQuotient(1, 3, 0), 0);
	EXPECT_EQ(TruncatedQuotient(7, 7, 6), 1'000'000);
	EXPECT_STREQ(FormatScaled(916'666, 6).text, "0.916666");
	EXPECT_STREQ(FormatScaled(5, 2).text, "0.05");
	EXPECT_STREQ(FormatScaled(0, 0).text, "0");
	EXPECT_STREQ(FormatScaled(-350, 2).text, "-3.50");
	EXPECT_STREQ(FormatScaled(1'000'000, 6).text, "1.000000");
	Units128 big = static_cast<Units128>(1) << 120;
	EXPECT_THROW(CheckedMultiply(big, big, "x"), Error);
	EXPECT_THROW(CheckedAdd(big * 120, big * 120, "x"), Error);
	EXPECT_EQ(CheckedMultiply(big, 2, "x"), big * 2);
}

TEST(PaymentBehaviour, AlwaysOnTime) {
	std::vector<Paid> rows;
	for (int i = 0; i < 8; ++i)
		rows.push_back({kDue.PlusDays(30 * i), kDue.PlusDays(30 * i - 2), "100"});
	BehaviourFigures f = StateOf(rows).Finish();
	EXPECT_EQ(f.invoices, 8);
	EXPECT_EQ(f.paid_on_time, 8);
	EXPECT_EQ(Text(f.on_time_ratio, 6), "1.000000");
	EXPECT_EQ(Text(f.avg_days_late, 2), "0.00");
	EXPECT_EQ(f.max_days_late, 0);
	EXPECT_EQ(Text(f.score, 6), "1.000000");
}

TEST(PaymentBehaviour, AmountWeightedAndDampedTowardOneHalf) {
	// 300 paid on the due date, 100 paid 10 days late, 200 paid 4 days late.
	BehaviourFigures f = StateOf({{kDue, kDue, "300"}, {kDue, kDue.PlusDays(10), "100"}, {kDue, kDue.PlusDays(4), "200"}})
	                         .Finish();
	EXPECT_EQ(f.invoices, 3);
	EXPECT_EQ(f.paid_on_time, 1);
	EXPECT_EQ(Text(f.on_time_ratio, 6), "0.500000"); // 300 / 600
	EXPECT_EQ(Text(f.avg_days_late, 2), "6.00"); // (100 × 10 + 200 × 4) / 300
	EXPECT_EQ(f.max_days_late, 10);
	EXPECT_EQ(Text(f.score, 6), "0.500000"); // (3 × 0.5 + 3 × 0.5) / 6
}

TEST(PaymentBehaviour, RatiosTruncateAverageRoundsHalfAwayFromZero) {
	// On time 1 of 3 EUR: 0.333333…, truncated.
	BehaviourFigures f = StateOf({{kDue, kDue, "1"}, {kDue, kDue.PlusDays(1), "2"}}).Finish();
	EXPECT_EQ(Text(f.on_time_ratio, 6), "0.333333");
	// (2 × 1/3 + 4 × 0.5) / 6 = (2/3 + 2) / 6 = 0.444444…
	EXPECT_EQ(Text(f.score, 6), "0.444444");
	// 2 of 3 EUR on time: 0.666666…, truncated, not rounded to 0.666667.
	f = StateOf({{kDue, kDue, "2"}, {kDue, kDue.PlusDays(1), "1"}}, 1).Finish();
	EXPECT_EQ(Text(f.on_time_ratio, 6), "0.666666");
	EXPECT_EQ(Text(f.score, 6), "0.666666"); // n ≥ min_history: the ratio itself
	// (1 × 1 + 199 × 2) / 200 = 1.995 days: rounded up to 2.00.
	f = StateOf({{kDue, kDue.PlusDays(1), "1"}, {kDue, kDue.PlusDays(2), "199"}}).Finish();
	EXPECT_EQ(Text(f.avg_days_late, 2), "2.00");
	// (1 × 1 + 2 × 2) / 3 = 1.666… days: 1.67.
	f = StateOf({{kDue, kDue.PlusDays(1), "1"}, {kDue, kDue.PlusDays(2), "2"}}).Finish();
	EXPECT_EQ(Text(f.avg_days_late, 2), "1.67");
}

TEST(PaymentBehaviour, ScoreBelowAndAtMinHistory) {
	// One on-time invoice: (1 × 1 + 5 × 0.5) / 6 = 0.583333…
	EXPECT_EQ(Text(StateOf({{kDue, kDue, "50"}}).Finish().score, 6), "0.583333");
	// The customer of the seed: eleven invoices paid on time, n ≥ 6: score 1.
	std::vector<Paid> loyal;
	for (int i = 0; i < 11; ++i)
		loyal.push_back({kDue.PlusDays(i), kDue.PlusDays(i), "120.50"});
	EXPECT_EQ(Text(StateOf(loyal).Finish().score, 6), "1.000000");
	// The same with min_history 12: (11 × 1 + 1 × 0.5) / 12 = 0.958333…
	EXPECT_EQ(Text(StateOf(loyal, 12).Finish().score, 6), "0.958333");
}

TEST(PaymentBehaviour, ZeroAmountsWeighNothing) {
	BehaviourFigures f = StateOf({{kDue, kDue, "0"}, {kDue, kDue.PlusDays(3), "0"}}).Finish();
	EXPECT_EQ(f.invoices, 2);
	EXPECT_EQ(f.paid_on_time, 1);
	EXPECT_FALSE(f.on_time_ratio);
	EXPECT_FALSE(f.score);
	EXPECT_FALSE(f.avg_days_late); // late rows exist but weigh nothing
	EXPECT_EQ(f.max_days_late, 3);
	f = StateOf({{kDue, kDue, "0"}}).Finish();
	EXPECT_EQ(Text(f.avg_days_late, 2), "0.00"); // no late rows at all
}

TEST(PaymentBehaviour, NullRules) {
	BehaviourState state;
	state.Add(BehaviourRow{}); // all NULL: skipped
	BehaviourRow unpaid;
	unpaid.due_date = kDue.pg_days();
	unpaid.amount = "-5"; // never read: an unpaid invoice is not history
	state.Add(unpaid);
	EXPECT_FALSE(state.HasInvoices());

	std::string message;
	BehaviourRow no_due;
	no_due.paid_date = kDue.pg_days();
	no_due.amount = "10";
	EXPECT_EQ(AddError(state, no_due, &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: due_date must not be NULL for a paid invoice (paid on 2025-06-30)");
	BehaviourRow no_amount = Row({kDue, kDue, "1"});
	no_amount.amount.reset();
	EXPECT_EQ(AddError(state, no_amount, &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: amount must not be NULL (invoice due 2025-06-30, paid 2025-06-30)");
	EXPECT_EQ(AddError(state, Row({kDue, kDue, "-1"}), &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: amount -1 must not be negative");
	EXPECT_EQ(AddError(state, Row({kDue, kDue, "NaN"})), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(AddError(state, Row({kDue, kDue, "1.00001"})), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(AddError(state, Row({Date::FromPgDays(INT32_MAX), kDue, "1"}), &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: due_date must be a finite date, not infinity");
	EXPECT_FALSE(state.HasInvoices());
}

TEST(PaymentBehaviour, MinHistoryIsOneValuePerGroup) {
	BehaviourState state;
	std::string message;
	EXPECT_EQ(AddError(state, Row({kDue, kDue, "1"}, 0), &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: min_history 0 must be at least 1");
	state.Add(Row({kDue, kDue, "1"}, std::nullopt));
	state.Add(Row({kDue, kDue, "1"}, 6)); // NULL means 6: the same
	EXPECT_EQ(AddError(state, Row({kDue, kDue, "1"}, 3), &message), ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(message, "payment_behaviour: min_history differs within one group: 6 and 3");
	BehaviourState other = StateOf({{kDue, kDue, "1"}}, 3);
	EXPECT_THROW(state.Merge(other), Error);
}

TEST(PaymentBehaviour, MergeAndSerializationGiveTheSerialResult) {
	std::mt19937 random(7);
	std::vector<Paid> rows;
	for (int i = 0; i < 300; ++i) {
		Date due = kDue.PlusDays(static_cast<int>(random() % 400));
		int delay = static_cast<int>(random() % 40) - 20;
		rows.push_back({due, due.PlusDays(delay), std::to_string(random() % 100000) + "." + std::to_string(random() % 100)});
	}
	BehaviourFigures serial = StateOf(rows, 7).Finish();
	std::shuffle(rows.begin(), rows.end(), random);
	BehaviourState parts[3];
	for (std::size_t i = 0; i < rows.size(); ++i)
		parts[i % 3].Add(Row(rows[i], 7));
	BehaviourState merged;
	for (const BehaviourState &part : parts) {
		ByteWriter counter;
		part.Serialize(counter);
		std::string bytes(counter.size(), '\0');
		ByteWriter writer(bytes.data(), bytes.size());
		part.Serialize(writer);
		ByteReader reader(bytes.data(), bytes.size());
		merged.Merge(BehaviourState::Deserialize(reader));
	}
	BehaviourFigures parallel = merged.Finish();
	EXPECT_EQ(parallel.invoices, serial.invoices);
	EXPECT_EQ(parallel.paid_on_time, serial.paid_on_time);
	EXPECT_EQ(parallel.on_time_ratio, serial.on_time_ratio);
	EXPECT_EQ(parallel.avg_days_late, serial.avg_days_late);
	EXPECT_EQ(parallel.max_days_late, serial.max_days_late);
	EXPECT_EQ(parallel.score, serial.score);
	EXPECT_EQ(serial.invoices, 300);
}

TEST(PaymentBehaviour, CorruptStateIsDetected) {
	BehaviourState state = StateOf({{kDue, kDue, "1"}});
	ByteWriter counter;
	state.Serialize(counter);
	std::string bytes(counter.size(), '\0');
	ByteWriter writer(bytes.data(), bytes.size());
	state.Serialize(writer);
	bytes[4] = 5; // invoices no longer equals on time + late
	ByteReader reader(bytes.data(), bytes.size());
	try {
		(void)BehaviourState::Deserialize(reader);
		ADD_FAILURE() << "no error";
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), ErrorCode::kDataCorrupted);
	}
	ByteReader short_reader(bytes.data(), 3);
	EXPECT_THROW((void)BehaviourState::Deserialize(short_reader), Error);
}
