#include "core/behaviour.hpp"

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/fixed_point.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace dunning {

namespace {

constexpr std::int64_t kMaxInvoices = std::numeric_limits<std::int32_t>::max();

Date
RequireDate(std::optional<std::int32_t> value, std::string_view field, std::optional<Date> paid) {
	if (!value)
		ThrowInvalid(fmt::format("payment_behaviour: {} must not be NULL for a paid invoice{}", field,
		                         paid ? fmt::format(" (paid on {})", paid->ToIsoString()) : std::string()),
		             {}, "Pass NULL as paid_date for an invoice that is not paid yet: it is then skipped.");
	Date date = Date::FromPgDays(*value);
	if (!date.IsFinite())
		ThrowInvalid(fmt::format("payment_behaviour: {} must be a finite date, not {}", field, date.ToIsoString()));
	return date;
}

} // namespace

void
BehaviourState::NoteMinHistory(std::int32_t min_history) {
	if (min_history < 1)
		ThrowInvalid(fmt::format("payment_behaviour: min_history {} must be at least 1", min_history), {},
		             "Pass NULL for the default of 6 paid invoices.");
	if (min_history_ == 0)
		min_history_ = min_history;
	else if (min_history_ != min_history)
		ThrowInvalid(
		    fmt::format("payment_behaviour: min_history differs within one group: {} and {}", min_history_, min_history),
		    {}, "Pass one value per group (NULL means 6), e.g. the policy's loyalty.min_history.");
}

void
BehaviourState::CountInvoices(std::int64_t n) {
	// The count is an int in the result; bounding it also bounds every 128-bit sum.
	if (n > kMaxInvoices - invoices_)
		throw Error(ErrorCode::kNumericValueOutOfRange, "numeric value out of range",
		            fmt::format("payment_behaviour counts at most {} invoices in one group.", kMaxInvoices));
	invoices_ += n;
}

void
BehaviourState::Add(const BehaviourRow &row) {
	NoteMinHistory(row.min_history.value_or(kDefaultMinHistory));
	if (!row.paid_date)
		return; // an unpaid invoice (or an all-NULL row) is not paid history
	Date paid = RequireDate(row.paid_date, "paid_date", std::nullopt);
	Date due = RequireDate(row.due_date, "due_date", paid);
	if (!row.amount)
		ThrowInvalid(fmt::format("payment_behaviour: amount must not be NULL (invoice due {}, paid {})",
		                         due.ToIsoString(), paid.ToIsoString()));
	Money amount = Money::Parse(*row.amount, "payment_behaviour: amount");
	if (amount.IsNegative())
		ThrowInvalid(fmt::format("payment_behaviour: amount {} must not be negative", *row.amount), {},
		             "Pass the invoice's gross amount; credit notes are not paid invoices.");

	CountInvoices(1);
	amount_ += amount.units();
	std::int64_t days_late = paid.DaysSince(due);
	if (days_late <= 0) {
		++on_time_;
		on_time_amount_ += amount.units();
		return;
	}
	++late_;
	late_amount_ += amount.units();
	// < 2^31 rows × 10^17 units × 2^32 days: far below 2^127.
	late_weighted_ += static_cast<Units128>(amount.units()) * days_late;
	max_days_late_ = std::max(max_days_late_, days_late);
}

void
BehaviourState::Merge(const BehaviourState &other) {
	if (other.min_history_ != 0)
		NoteMinHistory(other.min_history_);
	CountInvoices(other.invoices_);
	on_time_ += other.on_time_;
	late_ += other.late_;
	max_days_late_ = std::max(max_days_late_, other.max_days_late_);
	amount_ += other.amount_;
	on_time_amount_ += other.on_time_amount_;
	late_amount_ += other.late_amount_;
	late_weighted_ += other.late_weighted_;
}

BehaviourFigures
BehaviourState::Finish() const {
	BehaviourFigures f;
	f.invoices = invoices_;
	f.paid_on_time = on_time_;
	f.max_days_late = max_days_late_;
	if (late_ == 0)
		f.avg_days_late = 0;
	else if (late_amount_ > 0)
		f.avg_days_late = RoundedQuotient(late_weighted_, late_amount_, kDaysLateDecimals);
	if (amount_ == 0)
		return f;
	f.on_time_ratio = TruncatedQuotient(on_time_amount_, amount_, kRatioDecimals);
	const std::int64_t n = invoices_;
	const std::int64_t m = min_history_ == 0 ? kDefaultMinHistory : min_history_;
	if (n >= m) {
		f.score = f.on_time_ratio;
	} else {
		// (n × ratio + (m − n) × 0.5) / m, with ratio = on_time / amount, as one exact fraction.
		Units128 num = 2 * static_cast<Units128>(n) * on_time_amount_ + static_cast<Units128>(m - n) * amount_;
		Units128 den = 2 * static_cast<Units128>(m) * amount_;
		f.score = TruncatedQuotient(num, den, kRatioDecimals);
	}
	return f;
}

void
BehaviourState::Serialize(ByteWriter &out) const {
	out.Put<std::int32_t>(min_history_);
	out.Put<std::int64_t>(invoices_);
	out.Put<std::int64_t>(on_time_);
	out.Put<std::int64_t>(late_);
	out.Put<std::int64_t>(max_days_late_);
	out.Put<Units128>(amount_);
	out.Put<Units128>(on_time_amount_);
	out.Put<Units128>(late_amount_);
	out.Put<Units128>(late_weighted_);
}

BehaviourState
BehaviourState::Deserialize(ByteReader &in) {
	BehaviourState s;
	s.min_history_ = in.Get<std::int32_t>();
	s.invoices_ = in.Get<std::int64_t>();
	s.on_time_ = in.Get<std::int64_t>();
	s.late_ = in.Get<std::int64_t>();
	s.max_days_late_ = in.Get<std::int64_t>();
	s.amount_ = in.Get<Units128>();
	s.on_time_amount_ = in.Get<Units128>();
	s.late_amount_ = in.Get<Units128>();
	s.late_weighted_ = in.Get<Units128>();
	const bool consistent = in.AtEnd() && s.min_history_ >= 0 && s.invoices_ >= 0 && s.invoices_ <= kMaxInvoices &&
	                        s.on_time_ >= 0 && s.late_ >= 0 && s.on_time_ + s.late_ == s.invoices_ &&
	                        s.max_days_late_ >= 0 && s.on_time_amount_ >= 0 && s.late_amount_ >= 0 &&
	                        s.on_time_amount_ + s.late_amount_ == s.amount_ && s.late_weighted_ >= 0;
	if (!consistent)
		ByteReader::Corrupt();
	return s;
}

} // namespace dunning
