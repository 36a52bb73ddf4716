#include "core/date.hpp"

#include <fmt/format.h>

namespace dunning {

namespace {

// 2000-01-01 counted from 1970-01-01.
constexpr std::int64_t kPgEpochUnixDays = 10957;

// Howard Hinnant's days_from_civil / civil_from_days, proleptic Gregorian calendar.
std::int64_t
DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
	y -= m <= 2;
	const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = static_cast<unsigned>(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate
CivilFromDays(std::int64_t z) {
	z += 719468;
	const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = static_cast<unsigned>(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	const unsigned d = doy - (153 * mp + 2) / 5 + 1;
	const unsigned m = mp < 10 ? mp + 3 : mp - 9;
	return {y + (m <= 2), m, d};
}

} // namespace

bool
IsLeapYear(std::int64_t year) {
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned
DaysInMonth(std::int64_t year, unsigned month) {
	static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

CivilDate
Date::ToCivil() const {
	return CivilFromDays(static_cast<std::int64_t>(days_) + kPgEpochUnixDays);
}

Date
Date::FromCivil(int year, unsigned month, unsigned day) {
	return FromPgDays(static_cast<std::int32_t>(DaysFromCivil(year, month, day) - kPgEpochUnixDays));
}

std::string
Date::ToIsoString() const {
	if (days_ == INT32_MIN)
		return "-infinity";
	if (days_ == INT32_MAX)
		return "infinity";
	CivilDate c = ToCivil();
	if (c.year <= 0) // PostgreSQL prints year 0 as 1 BC, -1 as 2 BC, ...
		return fmt::format("{:04}-{:02}-{:02} BC", 1 - c.year, c.month, c.day);
	return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

} // namespace dunning
