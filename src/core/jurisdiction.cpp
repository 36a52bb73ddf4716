#include "core/jurisdiction.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace dunning {

Jurisdiction
ParseJurisdiction(std::string_view code) {
	for (std::size_t i = 0; i < kJurisdictionCodes.size(); ++i)
		if (kJurisdictionCodes[i] == code)
			return static_cast<Jurisdiction>(i);
	ThrowInvalid(fmt::format("unknown jurisdiction \"{}\"", code), {},
	             "Jurisdictions are 'EU' (Directive 2011/7/EU), 'BE', 'NL', 'DE' and 'FR', in upper case.");
}

std::string_view
JurisdictionCode(Jurisdiction jurisdiction) {
	return kJurisdictionCodes[static_cast<std::size_t>(jurisdiction)];
}

} // namespace dunning
