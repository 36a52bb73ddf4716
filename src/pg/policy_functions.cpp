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

std::optional<std::string_view>
PolicyArgBytes(FunctionCallInfo fcinfo, int n) {
	if (PG_ARGISNULL(n))
		return std::nullopt;
	struct varlena *policy = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n));
	return std::string_view(VARDATA_ANY(policy), VARSIZE_ANY_EXHDR(policy));
}

ItemsPolicyCache *
ItemsPolicyCacheOf(FunctionCallInfo fcinfo) {
	if (fcinfo->flinfo->fn_extra)
		return static_cast<ItemsPolicyCache *>(fcinfo->flinfo->fn_extra);
	auto *cache =
	    static_cast<ItemsPolicyCache *>(MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ItemsPolicyCache)));
	cache->policies = NewInContext<PolicyCache>(fcinfo->flinfo->fn_mcxt);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

} // namespace dunning::pg

DUNNING_FUNCTION(dunning_validate_policy) {
	std::string_view text = dunning::pg::PolicyArgText(fcinfo, 0);
	auto *effective = dunning::pg::NewInContext<std::string>(CurrentMemoryContext);
	*effective = dunning::FormatPolicy(dunning::ParsePolicy(text));
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(effective->c_str()));
}
