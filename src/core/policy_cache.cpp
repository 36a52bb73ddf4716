#include "core/policy_cache.hpp"

namespace dunning {

const std::shared_ptr<const ParsedPolicy> *
PolicyCache::Find(std::optional<std::string_view> bytes) noexcept {
	if (entries_[last_hit_] && entries_[last_hit_]->SameBytes(bytes))
		return &entries_[last_hit_];
	for (std::size_t i = 0; i < kEntries; ++i) {
		if (entries_[i] && entries_[i]->SameBytes(bytes)) {
			last_hit_ = i;
			return &entries_[i];
		}
	}
	return nullptr;
}

const std::shared_ptr<const ParsedPolicy> &
PolicyCache::Get(std::optional<std::string_view> bytes, std::string_view text) {
	if (const auto *found = Find(bytes))
		return *found;
	// Parse first: a policy that does not parse leaves the cache as it was.
	auto parsed = std::make_shared<ParsedPolicy>();
	parsed->policy = ParsePolicy(text);
	if (bytes)
		parsed->bytes.emplace(*bytes);
	std::size_t slot = next_victim_;
	next_victim_ = (next_victim_ + 1) % kEntries;
	entries_[slot] = std::move(parsed);
	last_hit_ = slot;
	return entries_[slot];
}

} // namespace dunning
