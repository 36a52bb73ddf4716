// dunning.validate_policy(policy jsonb) → jsonb: checks a policy without assessing and returns it
// with every default filled in, so a user sees exactly what applies.
#include "core/policy.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/policy_datum.hpp"

extern "C" {
#include "utils/jsonb.h"
}

namespace dunning::pg {

std::string_view
PolicyArgText(FunctionCallInfo fcinfo, int n) {
	if (PG_ARGISNULL(n))
		return {};
	return DatumGetCString(DirectFunctionCall1(jsonb_out, PG_GETARG_DATUM(n)));
}

} // namespace dunning::pg

DUNNING_FUNCTION(dunning_validate_policy) {
	std::string_view text = dunning::pg::PolicyArgText(fcinfo, 0);
	auto *effective = dunning::pg::NewInContext<std::string>(CurrentMemoryContext);
	*effective = dunning::FormatPolicy(dunning::ParsePolicy(text));
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(effective->c_str()));
}
