#include "core/date.hpp"

#include <climits>
#include <gtest/gtest.h>

using dunning::Date;

TEST(Date, PostgresEpochIsDayZero) {
	EXPECT_EQ(Date::FromCivil(2000, 1, 1).pg_days(), 0);
	EXPECT_EQ(Date::FromPgDays(0).ToIsoString(), "2000-01-01");
	EXPECT_EQ(Date::FromCivil(1999, 12, 31).pg_days(), -1);
}

TEST(Date, RoundTripsAcrossLeapYearsAndCenturies) {
	for (int days = -800'000; days <= 800'000; days += 997) {
		Date d = Date::FromPgDays(days);
		std::string iso = d.ToIsoString();
		if (iso.size() != 10)
			continue; // BC dates print differently; checked below
		int y = std::stoi(iso.substr(0, 4));
		unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
		unsigned dd = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
		EXPECT_EQ(Date::FromCivil(y, m, dd), d) << iso;
	}
	EXPECT_EQ(Date::FromCivil(2024, 3, 1).DaysSince(Date::FromCivil(2024, 2, 28)), 2);
	EXPECT_EQ(Date::FromCivil(2100, 3, 1).DaysSince(Date::FromCivil(2100, 2, 28)), 1);
	EXPECT_EQ(Date::FromCivil(2000, 3, 1).DaysSince(Date::FromCivil(2000, 2, 28)), 2);
}

TEST(Date, DayCountsAreCalendarDays) {
	Date due = Date::FromCivil(2026, 1, 31);
	EXPECT_EQ(Date::FromCivil(2026, 3, 2).DaysSince(due), 30);
	EXPECT_EQ(due.DaysSince(Date::FromCivil(2026, 3, 2)), -30);
}

TEST(Date, InfinityIsNotFinite) {
	EXPECT_FALSE(Date::FromPgDays(INT32_MIN).IsFinite());
	EXPECT_FALSE(Date::FromPgDays(INT32_MAX).IsFinite());
	EXPECT_TRUE(Date::FromPgDays(INT32_MAX - 1).IsFinite());
	EXPECT_EQ(Date::FromPgDays(INT32_MAX).ToIsoString(), "infinity");
	EXPECT_EQ(Date::FromPgDays(INT32_MIN).ToIsoString(), "-infinity");
	// Day counts between extreme finite dates do not overflow.
	EXPECT_EQ(Date::FromPgDays(INT32_MAX - 1).DaysSince(Date::FromPgDays(INT32_MIN + 1)), 4294967293LL);
}

TEST(Date, BeforeChristPrintsLikePostgres) {
	EXPECT_EQ(Date::FromCivil(0, 12, 31).ToIsoString(), "0001-12-31 BC");
	EXPECT_EQ(Date::FromCivil(1, 1, 1).ToIsoString(), "0001-01-01");
}
