// A jsonb argument (a policy, template variables) as the JSON text the core parses.
#pragma once

#include "pg/postgres_api.hpp"

#include <string_view>

namespace dunning::pg {

// Empty for NULL, which ParsePolicy reads as the default policy (SPEC §3).
std::string_view PolicyArgText(FunctionCallInfo fcinfo, int n);

} // namespace dunning::pg
