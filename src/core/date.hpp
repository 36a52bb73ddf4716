// Calendar dates as PostgreSQL stores them: whole days since 2000-01-01. Day counts between
// dates are plain calendar days (SPEC §3).
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace dunning {

// A proleptic Gregorian calendar date; year 0 is 1 BC, as in PostgreSQL's internal arithmetic.
struct CivilDate {
	std::int64_t year;
	unsigned month; // 1..12
	unsigned day; // 1..31
};
bool IsLeapYear(std::int64_t year);
unsigned DaysInMonth(std::int64_t year, unsigned month);

class Date {
public:
	// PostgreSQL's finite dates, 4714-11-24 BC (Julian day 0) to 5874897-12-31, as day numbers. A
	// computed date beyond them (a review date, a day after the last) cannot exist in SQL.
	static constexpr std::int32_t kFirstPgDay = -2451545;
	static constexpr std::int32_t kLastPgDay = 2145031948;

	constexpr Date() = default;
	static constexpr Date
	FromPgDays(std::int32_t days) {
		Date d;
		d.days_ = days;
		return d;
	}
	static Date FromCivil(int year, unsigned month, unsigned day);

	constexpr std::int32_t
	pg_days() const {
		return days_;
	}
	// PostgreSQL's -infinity and infinity dates: valid SQL values, never valid business dates.
	constexpr bool
	IsFinite() const {
		return days_ != INT32_MIN && days_ != INT32_MAX;
	}
	// A date PostgreSQL can hold (finite and within its range).
	constexpr bool
	IsInPgRange() const {
		return days_ >= kFirstPgDay && days_ <= kLastPgDay;
	}
	// Days from `from` to this date; negative when this date is earlier.
	constexpr std::int64_t
	DaysSince(Date from) const {
		return static_cast<std::int64_t>(days_) - from.days_;
	}
	constexpr Date
	PlusDays(std::int32_t n) const {
		return FromPgDays(days_ + n);
	}
	std::string ToIsoString() const;
	// Year, month and day of a finite date.
	CivilDate ToCivil() const;

	friend constexpr auto operator<=>(Date, Date) = default;

private:
	std::int32_t days_ = 0;
};

} // namespace dunning
