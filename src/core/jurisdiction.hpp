// The jurisdictions whose statutory interest and collection costs the extension knows (SPEC §10).
#pragma once

#include <array>
#include <string_view>

namespace dunning {

enum class Jurisdiction { kEU, kBE, kNL, kDE, kFR };
// In Jurisdiction's order.
inline constexpr std::array<std::string_view, 5> kJurisdictionCodes = {"EU", "BE", "NL", "DE", "FR"};

// 'EU', 'BE', 'NL', 'DE' or 'FR', exactly; anything else is SQLSTATE 22023.
Jurisdiction ParseJurisdiction(std::string_view code);
std::string_view JurisdictionCode(Jurisdiction jurisdiction);

} // namespace dunning
