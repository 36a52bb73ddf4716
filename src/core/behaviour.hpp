// Payment behaviour (SPEC §9): how punctually a customer paid its past invoices, as the state of
// the aggregate dunning.payment_behaviour. Its score feeds dunning.assess's loyalty_score.
//
// Sums are exact: amounts in 1/10,000 units and amount × days late in 128-bit integers. The
// ratios are infinite decimals, so they are truncated toward zero to 6 decimals (which keeps
// `score >= threshold` exact for thresholds of up to 6 decimals); the average days late is
// rounded half away from zero to 2 decimals.
#pragma once

#include "core/money.hpp"
#include "core/serialize.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace dunning {

inline constexpr int kDefaultMinHistory = 6;
inline constexpr int kRatioDecimals = 6;
inline constexpr int kDaysLateDecimals = 2;

// One row's arguments; absent = SQL NULL.
struct BehaviourRow {
	std::optional<std::int32_t> due_date; // PostgreSQL day numbers
	std::optional<std::int32_t> paid_date;
	std::optional<std::string_view> amount; // numeric text
	std::optional<std::int32_t> min_history; // NULL, and the 3-argument form: the default 6
};

// The aggregate's result; the scaled figures are integers × 10^kRatioDecimals or
// × 10^kDaysLateDecimals.
struct BehaviourFigures {
	std::int64_t invoices = 0;
	std::int64_t paid_on_time = 0;
	std::optional<Units128> on_time_ratio; // NULL when Σ amount = 0
	std::optional<Units128> avg_days_late; // 0 without late rows; NULL when they all weigh 0
	std::int64_t max_days_late = 0;
	std::optional<Units128> score; // NULL when on_time_ratio is
};

class BehaviourState {
public:
	// Rows whose due_date, paid_date and amount are all NULL, and unpaid rows (paid_date NULL),
	// are not paid history and are skipped; min_history is checked on every row.
	void Add(const BehaviourRow &row);
	void Merge(const BehaviourState &other);
	// False while no paid invoice has arrived: the aggregate then returns NULL, like sum().
	bool
	HasInvoices() const {
		return invoices_ > 0;
	}
	BehaviourFigures Finish() const;

	void Serialize(ByteWriter &out) const;
	static BehaviourState Deserialize(ByteReader &in);

private:
	void NoteMinHistory(std::int32_t min_history);
	void CountInvoices(std::int64_t n);

	std::int32_t min_history_ = 0; // 0 until the first row
	std::int64_t invoices_ = 0;
	std::int64_t on_time_ = 0;
	std::int64_t late_ = 0;
	std::int64_t max_days_late_ = 0;
	Units128 amount_ = 0; // Σ amount, in 1/10,000 units
	Units128 on_time_amount_ = 0;
	Units128 late_amount_ = 0;
	Units128 late_weighted_ = 0; // Σ amount × days late over late rows
};

} // namespace dunning
