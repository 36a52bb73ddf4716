// A jsonb argument (a policy, template variables) as the JSON text the core parses.
#pragma once

#include "core/policy_cache.hpp"
#include "pg/postgres_api.hpp"

#include <optional>
#include <string_view>

namespace dunning::pg {

// Empty for NULL, which ParsePolicy reads as the default policy (SPEC §3).
std::string_view PolicyArgText(FunctionCallInfo fcinfo, int n);

// The jsonb argument's binary form, a cheap identity of the policy (PolicyCache's key); absent
// for NULL.
std::optional<std::string_view> PolicyArgBytes(FunctionCallInfo fcinfo, int n);

// What a call site of a function over items and a policy (the assess aggregates, assess_items)
// keeps for the whole query in fn_extra: the item row descriptor (ReadItemDatum's cache slot), and
// the policies parsed so far (a C++ object owned by fn_mcxt, destroyed with it).
struct ItemsPolicyCache {
	void *item_rows;
	PolicyCache *policies;
};
ItemsPolicyCache *ItemsPolicyCacheOf(FunctionCallInfo fcinfo);

} // namespace dunning::pg
