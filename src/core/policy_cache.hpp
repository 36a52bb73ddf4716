// Parsed policies by the bytes of their jsonb, for the life of one query: dunning.assess over
// 100,000 customers gets the same policy on every row, and parsing it once per group cost as much
// as assessing the group. The glue keeps one cache per aggregate call site (fn_extra).
#pragma once

#include "core/policy.hpp"

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dunning {

// A policy and the jsonb bytes it was parsed from (absent: SQL NULL, the default policy).
struct ParsedPolicy {
	std::optional<std::string> bytes;
	Policy policy;
	// False for a policy that came otherwise (a deserialized state): it matches no bytes.
	bool from_bytes = true;

	bool
	SameBytes(std::optional<std::string_view> other) const noexcept {
		if (!from_bytes)
			return false;
		return bytes ? other && *other == *bytes : !other;
	}
};

class PolicyCache {
public:
	// The parsed policy of `bytes`, if this cache has it.
	const std::shared_ptr<const ParsedPolicy> *Find(std::optional<std::string_view> bytes) noexcept;
	// The parsed policy of `bytes`, parsing `text` (its JSON; empty for NULL) when the cache lacks it.
	// The result stays valid until the next call; copy the shared_ptr to keep it.
	const std::shared_ptr<const ParsedPolicy> &Get(std::optional<std::string_view> bytes, std::string_view text);

private:
	// A query with more distinct policies than this re-parses some, which costs time, not results.
	static constexpr std::size_t kEntries = 8;
	std::array<std::shared_ptr<const ParsedPolicy>, kEntries> entries_;
	std::size_t last_hit_ = 0;
	std::size_t next_victim_ = 0;
};

} // namespace dunning
