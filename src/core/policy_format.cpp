#include "core/policy.hpp"

#include <fmt/format.h>

namespace dunning {

namespace {

std::string
Quoted(std::string_view text) {
	// Policy strings are validated codes and names: no character needs escaping.
	return fmt::format("\"{}\"", text);
}

std::string
Level(const LevelRule &rule) {
	return fmt::format(R"({{"level": {}, "days": {}, "min_amount": {}, "min_percent": {}, "fee": {}, "tone": {}}})",
	                   rule.level, rule.days, FormatExact(rule.min_amount), FormatExact(rule.min_percent),
	                   FormatExact(rule.fee), Quoted(ToneName(rule.tone)));
}

} // namespace

std::string
FormatPolicy(const Policy &policy) {
	std::string levels;
	for (const LevelRule &rule : policy.levels)
		levels += (levels.empty() ? "" : ", ") + Level(rule);
	std::string consumer_rules = policy.consumer_rules == ConsumerRules::kBE   ? Quoted("BE")
	                             : policy.consumer_rules == ConsumerRules::kNL ? Quoted("NL")
	                                                                           : "null";
	return fmt::format(
	    R"({{"currency": {}, "grace_days": {}, "item_min_amount": {}, "item_min_percent": {}, "allocation": {}, )"
	    R"("pre_due_days": {}, "min_interval_days": {}, "skip_levels": {}, "consumer_rules": {}, "levels": [{}], )"
	    R"("loyalty": {{"min_score": {}, "min_history": {}, "waive_fees": {}}}}})",
	    policy.currency.empty() ? std::string("null") : Quoted(policy.currency), policy.grace_days,
	    FormatExact(policy.item_min_amount),
	    FormatExact(policy.item_min_percent),
	    Quoted(policy.allocation == AllocationRule::kNone ? "none" : "oldest_first"),
	    policy.pre_due_days ? std::to_string(*policy.pre_due_days) : "null", policy.min_interval_days,
	    policy.skip_levels, consumer_rules, levels, FormatExact(policy.loyalty.min_score),
	    policy.loyalty.min_history, policy.loyalty.waive_fees);
}

} // namespace dunning
