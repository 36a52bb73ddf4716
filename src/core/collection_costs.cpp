#include "core/collection_costs.hpp"

#include "core/fixed_point.hpp"

#include <algorithm>

namespace dunning {

namespace {

constexpr Units128 kEuro = Money::kScale;

// A bracket of a scale: `permille` of the principal's part within [from, to) EUR.
struct Bracket {
	Units128 from;
	Units128 to;
	Units128 permille;
};

// Σ permille × part over the brackets, exactly, in units × 1,000.
Units128
ScaleMilli(Units128 principal, const Bracket *brackets, std::size_t n) {
	Units128 milli = 0;
	for (std::size_t i = 0; i < n; ++i) {
		Units128 part = std::clamp(principal, brackets[i].from, brackets[i].to) - brackets[i].from;
		milli += part * brackets[i].permille;
	}
	return milli;
}

// Units × 1,000 rounded half away from zero to whole cents, as units.
Units128
MilliToCents(Units128 milli) {
	return RoundedQuotient(milli, 1000 * (kEuro / 100), 0) * (kEuro / 100);
}

Units128
WikScale(Units128 principal) {
	// Besluit vergoeding voor buitengerechtelijke incassokosten, art. 2(1).
	constexpr Units128 kTop = static_cast<Units128>(10'000'000'000'000LL) * kEuro; // above any Money
	static constexpr Bracket kBrackets[] = {
	    {0, 2'500 * kEuro, 150},
	    {2'500 * kEuro, 5'000 * kEuro, 100},
	    {5'000 * kEuro, 10'000 * kEuro, 50},
	    {10'000 * kEuro, 200'000 * kEuro, 10},
	    {200'000 * kEuro, kTop, 5},
	};
	Units128 cost = MilliToCents(ScaleMilli(principal, kBrackets, std::size(kBrackets)));
	return std::clamp(cost, 40 * kEuro, 6'775 * kEuro);
}

Units128
BelgianConsumerScale(Units128 principal) {
	// Code of Economic Law art. XIX.2: the maximum damages for a consumer debt.
	if (principal <= 150 * kEuro)
		return 20 * kEuro;
	if (principal <= 500 * kEuro)
		return 30 * kEuro + MilliToCents((principal - 150 * kEuro) * 100);
	return std::min(65 * kEuro + MilliToCents((principal - 500 * kEuro) * 50), 2'000 * kEuro);
}

} // namespace

MoneySum
CollectionCosts(Money principal, Jurisdiction jurisdiction, bool consumer) {
	const Units128 p = principal.units();
	if (p <= 0)
		return MoneySum();
	if (jurisdiction == Jurisdiction::kNL)
		return MoneySum::FromUnits(WikScale(p));
	if (!consumer)
		return MoneySum::FromUnits(40 * kEuro);
	if (jurisdiction == Jurisdiction::kBE)
		return MoneySum::FromUnits(BelgianConsumerScale(p));
	return MoneySum();
}

} // namespace dunning
