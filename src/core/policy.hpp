// Dunning policy (SPEC §8): parsed once per aggregate group from the jsonb's text, strictly
// validated. A default-constructed Policy is the default policy.
#pragma once

#include "core/allocation.hpp"
#include "core/money.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dunning {

enum class Tone { kFriendly, kStandard, kFirm, kFinal, kFormalNotice };
// In Tone's order.
inline constexpr std::array<std::string_view, 5> kToneNames = {"friendly", "standard", "firm", "final",
                                                              "formal_notice"};
std::string_view ToneName(Tone tone);
std::optional<Tone> ParseTone(std::string_view name);
// The default policy's tone for a level number (level 5 and above: formal_notice).
Tone DefaultToneForLevel(int level);

enum class ConsumerRules { kNone, kBE, kNL };

// Percentages and scores are fixed-point decimals with 4 decimals, held in Money's units.
using Decimal4 = Money;

struct LevelRule {
	int level = 0; // 1..n, in order
	int days = 0; // minimum days overdue, strictly increasing with level
	Money min_amount; // qualifying amount must reach this
	Decimal4 min_percent; // ... and this percentage of the unit's net open principal (0..100)
	Money fee;
	Tone tone = Tone::kStandard;

	friend bool operator==(const LevelRule &, const LevelRule &) = default;
};

struct LoyaltyRule {
	Decimal4 min_score = Decimal4::FromUnits(9'000); // 0.9
	int min_history = 6;
	bool waive_fees = true;

	friend bool operator==(const LoyaltyRule &, const LoyaltyRule &) = default;
};

std::vector<LevelRule> DefaultLevels();

struct Policy {
	std::string currency = "EUR";
	int grace_days = 0;
	Money item_min_amount;
	Decimal4 item_min_percent; // 0..100
	AllocationRule allocation = AllocationRule::kOldestFirst;
	std::optional<int> pre_due_days;
	int min_interval_days = 14;
	bool skip_levels = false;
	ConsumerRules consumer_rules = ConsumerRules::kNone;
	std::vector<LevelRule> levels = DefaultLevels();
	LoyaltyRule loyalty;

	// Two spellings of one policy (1.0 and 1, key order) compare equal.
	friend bool operator==(const Policy &, const Policy &) = default;
};

// Parses a policy from JSON text (as jsonb_out prints it). Every key is optional; an unknown key,
// a wrong type or an out-of-range value throws SQLSTATE 22023 naming the key path (e.g.
// `levels[1].min_amout`) with a hint for a likely typo ("did you mean \"min_amount\"?").
// Empty text or JSON null gives the default policy.
Policy ParsePolicy(std::string_view json);

class ByteWriter;
class ByteReader;
// A compact binary form for serialized aggregate states (not for storage: native byte order).
void SerializePolicy(const Policy &policy, ByteWriter &out);
Policy DeserializePolicy(ByteReader &in);

// The policy as JSON with every key present: what dunning.validate_policy returns, so a user sees
// the defaults that apply.
std::string FormatPolicy(const Policy &policy);

} // namespace dunning
