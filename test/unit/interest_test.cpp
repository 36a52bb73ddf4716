#include "core/collection_costs.hpp"
#include "core/error.hpp"
#include "core/interest.hpp"
#include "test_items.hpp"

#include <gtest/gtest.h>
#include <string>

using namespace dunning;
using namespace dunning::testing;

namespace {

std::string
Late(std::string_view principal, Date from, Date to, std::string_view rate) {
	return FormatCentsString(LateInterest(Eur(principal), from, to, ParseRate(rate, "rate")));
}

std::string
Costs(std::string_view principal, std::string_view jurisdiction, bool consumer = false) {
	return FormatCentsString(CollectionCosts(Eur(principal), ParseJurisdiction(jurisdiction), consumer));
}

std::string
ErrorOf(const auto &f) {
	try {
		f();
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue) << e.what();
		return e.what();
	}
	ADD_FAILURE() << "no error";
	return {};
}

// Basiszinssatz + 9 points (§ 288(2) BGB): 2.27 from 2025-01-01, 1.27 from 2025-07-01.
void
AddGermanBusiness2025(StatutoryInterest &interest) {
	interest.AddPeriod(D(2025, 1, 1).pg_days(), D(2025, 6, 30).pg_days(), "11.27");
	interest.AddPeriod(D(2025, 7, 1).pg_days(), D(2025, 12, 31).pg_days(), "10.27");
}

} // namespace

TEST(LateInterest, SimpleActual365RoundedOnce) {
	// 1,000 × 8% × 365 / 365 = 80.00; × 30 / 365 = 6.5753… → 6.58.
	EXPECT_EQ(Late("1000", D(2025, 1, 1), D(2026, 1, 1), "8"), "80.00");
	EXPECT_EQ(Late("1000", D(2025, 1, 1), D(2025, 1, 31), "8"), "6.58");
	// 182.50 × 1% × 1 / 365 = 0.005 exactly: half away from zero, 0.01.
	EXPECT_EQ(Late("182.50", D(2025, 1, 1), D(2025, 1, 2), "1"), "0.01");
	EXPECT_EQ(Late("182.49", D(2025, 1, 1), D(2025, 1, 2), "1"), "0.00");
	// A leap year has 366 days of interest at 1/365 each.
	EXPECT_EQ(Late("365", D(2024, 1, 1), D(2025, 1, 1), "10"), "36.60");
	// Paid before the due date: no days, no interest.
	EXPECT_EQ(Late("1000", D(2025, 1, 31), D(2025, 1, 1), "8"), "0.00");
	EXPECT_EQ(Late("0", D(2025, 1, 1), D(2026, 1, 1), "8"), "0.00");
	EXPECT_EQ(ErrorOf([] { ParseRate("-1", "late_interest: annual_rate_percent"); }),
	          "late_interest: annual_rate_percent -1 must not be negative");
	EXPECT_EQ(ErrorOf([] { ParsePrincipal("-1", "late_interest"); }), "late_interest: principal -1 must not be negative");
	EXPECT_EQ(ErrorOf([] { RequireFiniteDate(INT32_MAX, "late_interest", "to_date"); }),
	          "late_interest: to_date must be a finite date, not infinity");
}

TEST(StatutoryInterest, SumsOverRatePeriodsAndRoundsOnce) {
	// 10,000 EUR due 2025-06-15, paid 2025-07-15: 15 days (16-30 June) at 11.27% and 15 days
	// (1-15 July) at 10.27%: 10,000 × (11.27 × 15 + 10.27 × 15) / 36,500 = 3,231,000 / 36,500
	// = 88.5205… → 88.52.
	StatutoryInterest interest(Eur("10000"), D(2025, 6, 15), D(2025, 7, 15), Jurisdiction::kDE, false);
	ASSERT_TRUE(interest.NeedsRates());
	AddGermanBusiness2025(interest);
	EXPECT_EQ(FormatCentsString(interest.Finish()), "88.52");
	// Rounded once: per-period rounding would give 46.32 + 42.21 = 88.53.
}

TEST(StatutoryInterest, GapsAndOverlapsNameTheDay) {
	StatutoryInterest gap(Eur("100"), D(2024, 12, 20), D(2025, 1, 10), Jurisdiction::kDE, true);
	EXPECT_EQ(ErrorOf([&] { AddGermanBusiness2025(gap); }), "no statutory interest rate for DE consumer debts on 2024-12-21");
	StatutoryInterest tail(Eur("100"), D(2025, 12, 20), D(2026, 1, 10), Jurisdiction::kNL, false);
	AddGermanBusiness2025(tail);
	EXPECT_EQ(ErrorOf([&] { tail.Finish(); }), "no statutory interest rate for NL business debts on 2026-01-01");
	StatutoryInterest none(Eur("100"), D(2025, 12, 20), D(2026, 1, 10), Jurisdiction::kEU, false);
	EXPECT_EQ(ErrorOf([&] { none.Finish(); }), "no statutory interest rate for EU business debts on 2025-12-21");
	StatutoryInterest twice(Eur("100"), D(2025, 3, 1), D(2025, 8, 1), Jurisdiction::kFR, false);
	twice.AddPeriod(D(2025, 1, 1).pg_days(), D(2025, 6, 30).pg_days(), "13.15");
	EXPECT_EQ(ErrorOf([&] { twice.AddPeriod(D(2025, 6, 1).pg_days(), D(2025, 12, 31).pg_days(), "12.15"); }),
	          "dunning.statutory_rates: two periods of FR business debts cover 2025-06-01");
	// No interest days: no rates needed, and none looked up.
	StatutoryInterest paid_early(Eur("100"), D(2025, 3, 1), D(2025, 2, 1), Jurisdiction::kBE, false);
	EXPECT_FALSE(paid_early.NeedsRates());
	EXPECT_EQ(FormatCentsString(paid_early.Finish()), "0.00");
}

TEST(CollectionCosts, DirectiveFlatFortyForBusinessDebts) {
	for (const char *j : {"EU", "BE", "DE", "FR"})
		EXPECT_EQ(Costs("1234.56", j), "40.00") << j;
	EXPECT_EQ(Costs("5", "DE"), "40.00");
	EXPECT_EQ(Costs("0", "FR"), "0.00"); // no claim, no costs
	// Consumers: the directive covers business debts only.
	EXPECT_EQ(Costs("1234.56", "DE", true), "0.00");
	EXPECT_EQ(Costs("1234.56", "FR", true), "0.00");
	EXPECT_EQ(Costs("1234.56", "EU", true), "0.00");
	EXPECT_EQ(ErrorOf([] { ParseJurisdiction("nl"); }), "unknown jurisdiction \"nl\"");
	EXPECT_EQ(ErrorOf([] { ParseJurisdiction("UK"); }), "unknown jurisdiction \"UK\"");
}

TEST(CollectionCosts, DutchWikScale) {
	// 4,000: 15% × 2,500 + 10% × 1,500 = 375 + 150 = 525.
	EXPECT_EQ(Costs("4000", "NL", true), "525.00");
	EXPECT_EQ(Costs("4000", "NL"), "525.00"); // businesses by default too
	EXPECT_EQ(Costs("100", "NL", true), "40.00"); // 15 → the minimum
	EXPECT_EQ(Costs("266.67", "NL", true), "40.00"); // 40.0005
	EXPECT_EQ(Costs("300", "NL", true), "45.00");
	EXPECT_EQ(Costs("1234.56", "NL", true), "185.18"); // 185.184
	EXPECT_EQ(Costs("2500", "NL", true), "375.00");
	EXPECT_EQ(Costs("5000", "NL", true), "625.00");
	EXPECT_EQ(Costs("10000", "NL", true), "875.00");
	EXPECT_EQ(Costs("200000", "NL", true), "2775.00");
	EXPECT_EQ(Costs("200001", "NL", true), "2775.01"); // 2,775.005: half away from zero
	EXPECT_EQ(Costs("1000000", "NL", true), "6775.00");
	EXPECT_EQ(Costs("2000000", "NL", true), "6775.00"); // the maximum
}

TEST(CollectionCosts, BelgianConsumerScale) {
	EXPECT_EQ(Costs("100", "BE", true), "20.00");
	EXPECT_EQ(Costs("150", "BE", true), "20.00");
	EXPECT_EQ(Costs("150.01", "BE", true), "30.00"); // 30 + 0.001
	EXPECT_EQ(Costs("300", "BE", true), "45.00"); // 30 + 10% × 150
	EXPECT_EQ(Costs("500", "BE", true), "65.00"); // 30 + 10% × 350
	EXPECT_EQ(Costs("1000", "BE", true), "90.00"); // 65 + 5% × 500
	EXPECT_EQ(Costs("39200", "BE", true), "2000.00"); // 65 + 5% × 38,700
	EXPECT_EQ(Costs("50000", "BE", true), "2000.00"); // capped
	EXPECT_EQ(Costs("1000", "BE"), "40.00"); // a business debt: the directive's 40
}
