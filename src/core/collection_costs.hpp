// Statutory compensation for recovery costs of one claim (SPEC §10, dunning.collection_costs):
// - EU, BE, DE, FR business debts: the fixed EUR 40 of Directive 2011/7/EU art. 6 (BE: Law of
//   2 August 2002 art. 6; DE: § 288(5) BGB; FR: Code de commerce L441-10 and D441-5);
// - NL, consumers and (by default) businesses: the WIK scale of the Besluit vergoeding voor
//   buitengerechtelijke incassokosten art. 2: 15% of the first 2,500, 10% of the next 2,500, 5% of
//   the next 5,000, 1% of the next 190,000, 0.5% above, at least 40 and at most 6,775;
// - BE consumers: the maximum of Code of Economic Law art. XIX.2: 20 up to 150; 30 + 10% of the
//   part above 150 up to 500; 65 + 5% of the part above 500, at most 2,000;
// - EU, DE, FR consumers: no statutory lump sum (the directive covers business debts only): 0.
// A principal of 0 is no claim: 0. The result is rounded once to cents, half away from zero.
#pragma once

#include "core/jurisdiction.hpp"
#include "core/money.hpp"

namespace dunning {

MoneySum CollectionCosts(Money principal, Jurisdiction jurisdiction, bool consumer);

} // namespace dunning
