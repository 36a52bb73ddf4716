// ParsePolicy (SPEC §8): every key optional, everything else strict, and each error names the key
// path so that a user can find the mistake in a policy of several levels.
#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <span>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/message_text.hpp"
#include "core/policy.hpp"

namespace dunning {

namespace {

using json::Kind;
using json::Value;

// Day counts and level numbers: generous, yet far from int overflow once added to dates.
constexpr int kMaxInteger = 100'000;
// Echoed user text is cut so that a fuzzed megabyte key does not become a megabyte message.
constexpr std::size_t kMaxEcho = 64;

constexpr std::array<std::string_view, 14> kTopKeys = {
	"currency",			 "grace_days",	"item_min_amount", "item_min_percent", "allocation",
	"pre_due_days",		 "min_interval_days", "skip_levels", "consumer_rules", "levels",
	"loyalty",			 "interest",	"collection_costs", "plan_offer"};
// Keys only runs read (SPEC §8): checked here, ignored by the assessment.
constexpr std::array<std::string_view, 4> kInterestKeys = {"kind", "jurisdiction", "from_level", "rate"};
constexpr std::array<std::string_view, 2> kInterestKinds = {"statutory", "contractual"};
constexpr std::array<std::string_view, 2> kCostsKeys = {"jurisdiction", "from_level"};
constexpr std::array<std::string_view, 7> kPlanOfferKeys = {"from_level",	  "min_amount",		"installments",
															"step",			  "min_installment", "first_due_days",
															"break_after_days"};
constexpr std::array<std::string_view, 5> kJurisdictions = {"EU", "BE", "NL", "DE", "FR"};
constexpr std::array<std::string_view, 6> kLevelKeys = {"level", "days", "min_amount", "min_percent", "fee", "tone"};
constexpr std::array<std::string_view, 3> kLoyaltyKeys = {"min_score", "min_history", "waive_fees"};
constexpr std::array<std::string_view, 2> kAllocationNames = {"oldest_first", "none"};
constexpr std::array<std::string_view, 2> kConsumerRuleNames = {"BE", "NL"};

// User text for a message: JSON-style escapes for what would garble it, cut at a UTF-8 boundary.
std::string
Echo(std::string_view text) {
	std::string out;
	std::string_view prefix = PrefixAtCharacter(text, kMaxEcho);
	for (char c : prefix) {
		if (c == '"' || c == '\\')
			out.push_back('\\');
		if (static_cast<unsigned char>(c) < 0x20)
			out += fmt::format("\\u{:04x}", static_cast<int>(c));
		else
			out.push_back(c);
	}
	if (prefix.size() < text.size())
		out += "...";
	return out;
}

std::string
Child(std::string_view parent, std::string_view key) {
	return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string
Quoted(std::string_view path) {
	return fmt::format("policy key \"{}\"", path);
}

std::string_view
Describe(const Value &value) {
	switch (value.kind) {
	case Kind::kNull:
		return "null";
	case Kind::kBool:
		return "a boolean";
	case Kind::kNumber:
		return "a number";
	case Kind::kString:
		return "a string";
	case Kind::kArray:
		return "an array";
	case Kind::kObject:
		return "an object";
	}
	return "a value";
}

[[noreturn]] void
ThrowWrongType(std::string_view path, std::string_view expected, const Value &value) {
	ThrowInvalid(fmt::format("{} must be {}, not {}", Quoted(path), expected, Describe(value)));
}

// Optimal string alignment distance (a swap of neighbours counts once, as typos do), or
// `limit + 1` once it is certainly above `limit`.
std::size_t
EditDistance(std::string_view a, std::string_view b, std::size_t limit) {
	std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
	if (gap > limit)
		return limit + 1;
	std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
	for (std::size_t i = 0; i <= a.size(); ++i)
		d[i][0] = i;
	for (std::size_t j = 0; j <= b.size(); ++j)
		d[0][j] = j;
	for (std::size_t i = 1; i <= a.size(); ++i)
		for (std::size_t j = 1; j <= b.size(); ++j) {
			std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
		}
	return std::min(d[a.size()][b.size()], limit + 1);
}

// The candidate `word` was most likely meant to be: within two edits, or a prefix either way
// ("grace_day", "min_amount_eur"), preferring the fewest edits, then the earlier candidate.
std::optional<std::string_view>
ClosestMatch(std::string_view word, std::span<const std::string_view> candidates) {
	constexpr std::size_t kMaxEdits = 2;
	constexpr std::size_t kMinPrefix = 3; // "m" is a prefix of too much to mean anything
	// Case slips ("nl" for "NL") cost as many edits as real differences, so they are taken first.
	auto same_but_case = [word](std::string_view candidate) {
		auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
		return candidate.size() == word.size() && std::equal(word.begin(), word.end(), candidate.begin(),
															 [&](char a, char b) { return fold(a) == fold(b); });
	};
	for (std::string_view candidate : candidates)
		if (same_but_case(candidate))
			return candidate;
	std::optional<std::string_view> best;
	std::size_t best_score = kMaxEdits + 1;
	for (std::string_view candidate : candidates) {
		std::size_t score = EditDistance(word, candidate, kMaxEdits);
		bool prefix = std::min(word.size(), candidate.size()) >= kMinPrefix &&
					  (candidate.starts_with(word) || word.starts_with(candidate));
		if (prefix)
			score = std::min(score, kMaxEdits);
		if (score < best_score) {
			best = candidate;
			best_score = score;
		}
	}
	return best;
}

std::string
QuotedList(std::span<const std::string_view> names) {
	std::string out;
	for (std::string_view name : names)
		out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", name);
	return out;
}

[[noreturn]] void
ThrowUnknownKey(std::string_view parent, std::string_view key, std::span<const std::string_view> valid) {
	std::string hint;
	if (auto match = ClosestMatch(key, valid))
		hint = fmt::format("Did you mean \"{}\"?", *match);
	else
		hint = fmt::format("Valid keys here are {}.", QuotedList(valid));
	ThrowInvalid(fmt::format("unknown policy key \"{}\"", Child(parent, Echo(key))), {}, std::move(hint));
}

// One of a fixed set of names; a near miss gets a hint.
std::size_t
ReadName(std::string_view path, const Value &value, std::span<const std::string_view> names) {
	if (value.kind != Kind::kString)
		ThrowWrongType(path, "a string", value);
	for (std::size_t i = 0; i < names.size(); ++i)
		if (names[i] == value.text)
			return i;
	std::string hint;
	if (auto match = ClosestMatch(value.text, names))
		hint = fmt::format("Did you mean \"{}\"?", *match);
	ThrowInvalid(fmt::format("{} must be one of {}, not \"{}\"", Quoted(path), QuotedList(names), Echo(value.text)), {},
				 std::move(hint));
}

// jsonb_out prints numerics in plain decimal form; an exponent means the text came from elsewhere.
void
RejectExponent(std::string_view path, const Value &value) {
	if (value.text.find_first_of("eE") != std::string::npos)
		ThrowInvalid(fmt::format("{} must be written without an exponent, not {}", Quoted(path), Echo(value.text)), {},
					 "Write the number in plain decimal form, e.g. 1500 rather than 1.5e3.");
}

int
ReadInteger(std::string_view path, const Value &value) {
	if (value.kind != Kind::kNumber)
		ThrowWrongType(path, "an integer", value);
	RejectExponent(path, value);
	std::string_view text = value.text;
	if (text.find('.') != std::string_view::npos)
		ThrowInvalid(fmt::format("{} must be an integer, not {}", Quoted(path), Echo(text)));
	bool negative = text.starts_with('-');
	std::string_view digits = negative ? text.substr(1) : text;
	// JSON forbids leading zeros, so more than six digits is certainly above the limit.
	long magnitude = kMaxInteger + 1L;
	if (digits.size() <= 6) {
		magnitude = 0;
		for (char c : digits)
			magnitude = magnitude * 10 + (c - '0');
	}
	if (magnitude > kMaxInteger || (negative && magnitude != 0))
		ThrowInvalid(
			fmt::format("{} must be an integer between 0 and {}, not {}", Quoted(path), kMaxInteger, Echo(text)));
	return static_cast<int>(magnitude);
}

// A decimal exact to 4 places, at least 0 and, with `max`, at most `max` whole units.
Money
ReadDecimal(std::string_view path, const Value &value, std::optional<int> max = std::nullopt) {
	if (value.kind != Kind::kNumber)
		ThrowWrongType(path, "a number", value);
	RejectExponent(path, value);
	Money m = Money::Parse(value.text, Quoted(path));
	if (max && m > Money::FromUnits(*max * Money::kScale))
		ThrowInvalid(fmt::format("{} must be between 0 and {}, not {}", Quoted(path), *max, Echo(value.text)));
	if (m.IsNegative()) {
		if (max)
			ThrowInvalid(fmt::format("{} must be between 0 and {}, not {}", Quoted(path), *max, Echo(value.text)));
		ThrowInvalid(fmt::format("{} must not be negative, not {}", Quoted(path), Echo(value.text)));
	}
	return m;
}

bool
ReadBool(std::string_view path, const Value &value) {
	if (value.kind != Kind::kBool)
		ThrowWrongType(path, "a boolean", value);
	return value.boolean;
}

void
RequireObject(std::string_view path, const Value &value) {
	if (value.kind != Kind::kObject)
		ThrowWrongType(path, "an object", value);
}

// The key names come from the fixed tables above, so a match can be dispatched by name.
void
CheckKeys(std::string_view parent, const Value &object, std::span<const std::string_view> valid) {
	for (const json::Member &member : object.members)
		if (std::find(valid.begin(), valid.end(), member.key) == valid.end())
			ThrowUnknownKey(parent, member.key, valid);
}

// Three ASCII letters, normalized to upper case like item currencies.
std::string
ReadCurrency(std::string_view path, const Value &value) {
	if (value.kind != Kind::kString)
		ThrowWrongType(path, "a string", value);
	std::string code = value.text;
	for (char &c : code)
		if (c >= 'a' && c <= 'z')
			c = static_cast<char>(c - 'a' + 'A');
	if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
		ThrowInvalid(
			fmt::format("{} must be a three-letter ISO 4217 code, not \"{}\"", Quoted(path), Echo(value.text)));
	return code;
}

LevelRule
ReadLevel(std::string_view path, const Value &object, int position) {
	RequireObject(path, object);
	CheckKeys(path, object, kLevelKeys);
	LevelRule rule;
	std::optional<int> level, days;
	std::optional<Tone> tone;
	for (const json::Member &member : object.members) {
		std::string child = Child(path, member.key);
		const Value &value = member.value;
		if (member.key == "level")
			level = ReadInteger(child, value);
		else if (member.key == "days")
			days = ReadInteger(child, value);
		else if (member.key == "min_amount")
			rule.min_amount = ReadDecimal(child, value);
		else if (member.key == "min_percent")
			rule.min_percent = ReadDecimal(child, value, 100);
		else if (member.key == "fee")
			rule.fee = ReadDecimal(child, value);
		else if (member.key == "tone")
			tone = ParseTone(kToneNames[ReadName(child, value, kToneNames)]);
	}
	if (!level || !days)
		ThrowInvalid(fmt::format("missing required {}", Quoted(Child(path, level ? "days" : "level"))), {},
					 "Every level needs its \"level\" number and the \"days\" overdue that reach it.");
	if (*level != position)
		ThrowInvalid(fmt::format("{} must be {}, not {}", Quoted(Child(path, "level")), position, *level), {},
					 "Levels are numbered 1..n in array order.");
	rule.level = *level;
	rule.days = *days;
	rule.tone = tone.value_or(DefaultToneForLevel(rule.level));
	return rule;
}

std::vector<LevelRule>
ReadLevels(std::string_view path, const Value &value) {
	if (value.kind != Kind::kArray)
		ThrowWrongType(path, "an array", value);
	std::vector<LevelRule> levels;
	for (std::size_t i = 0; i < value.elements.size(); ++i) {
		// Positions count from 1, like the level numbers they must carry.
		int position = static_cast<int>(std::min<std::size_t>(i + 1, kMaxInteger + 1));
		std::string element = fmt::format("{}[{}]", path, i + 1);
		LevelRule rule = ReadLevel(element, value.elements[i], position);
		if (!levels.empty() && rule.days <= levels.back().days)
			ThrowInvalid(fmt::format("{} must be greater than {} (the days of level {}), not {}",
									 Quoted(Child(element, "days")), levels.back().days, levels.back().level,
									 rule.days),
						 {}, "Level days must increase strictly with the level.");
		levels.push_back(rule);
	}
	return levels;
}

LoyaltyRule
ReadLoyalty(std::string_view path, const Value &value) {
	RequireObject(path, value);
	CheckKeys(path, value, kLoyaltyKeys);
	LoyaltyRule rule;
	for (const json::Member &member : value.members) {
		std::string child = Child(path, member.key);
		if (member.key == "min_score")
			rule.min_score = ReadDecimal(child, member.value, 1);
		else if (member.key == "min_history")
			rule.min_history = ReadInteger(child, member.value);
		else if (member.key == "waive_fees")
			rule.waive_fees = ReadBool(child, member.value);
	}
	return rule;
}

// The keys only runs read: null (off) or an object whose keys and types are checked like the rest.
void
CheckRunKey(std::string_view key, const Value &value) {
	if (value.kind == Kind::kNull)
		return;
	RequireObject(key, value);
	if (key == "interest") {
		CheckKeys(key, value, kInterestKeys);
		bool contractual = false;
		bool has_rate = false;
		for (const json::Member &member : value.members) {
			std::string child = Child(key, member.key);
			if (member.key == "kind")
				contractual = ReadName(child, member.value, kInterestKinds) == 1;
			else if (member.key == "jurisdiction")
				ReadName(child, member.value, kJurisdictions);
			else if (member.key == "from_level")
				ReadInteger(child, member.value);
			else if (member.key == "rate") {
				ReadDecimal(child, member.value, 100);
				has_rate = true;
			}
		}
		if (contractual != has_rate)
			ThrowInvalid(fmt::format("{} needs \"rate\" exactly when \"kind\" is \"contractual\"", Quoted(key)), {},
						 "Statutory interest takes its rate from dunning.statutory_rates; contractual interest "
						 "names its annual rate in percent.");
	} else if (key == "collection_costs") {
		CheckKeys(key, value, kCostsKeys);
		for (const json::Member &member : value.members) {
			std::string child = Child(key, member.key);
			if (member.key == "jurisdiction")
				ReadName(child, member.value, kJurisdictions);
			else
				ReadInteger(child, member.value);
		}
	} else {
		CheckKeys(key, value, kPlanOfferKeys);
		for (const json::Member &member : value.members) {
			std::string child = Child(key, member.key);
			if (member.key == "min_amount" || member.key == "min_installment")
				ReadDecimal(child, member.value);
			else if (member.key == "step") {
				if (member.value.kind != Kind::kString || member.value.text.empty())
					ThrowWrongType(child, "an interval such as \"1 month\"", member.value);
			} else
				ReadInteger(child, member.value);
		}
	}
}

} // namespace

Policy
ParsePolicy(std::string_view text) {
	Policy policy;
	if (text.empty())
		return policy;
	Value root = json::Parse(text, "policy");
	// A JSON null (say from a document path that found nothing) is not SQL NULL: defaulting it
	// would send letters under a policy nobody chose (SPEC §3).
	if (root.kind != Kind::kObject)
		ThrowInvalid(fmt::format("policy must be a JSON object, not {}", Describe(root)), {},
		             "Pass SQL NULL for the default policy, or an object with the keys to change.");
	CheckKeys("", root, kTopKeys);
	for (const json::Member &member : root.members) {
		const std::string &key = member.key;
		const Value &value = member.value;
		if (key == "currency") {
			// null: any one currency per unit, its amounts applied in that currency (SPEC §4)
			policy.currency = value.kind == Kind::kNull ? std::string() : ReadCurrency(key, value);
		} else if (key == "grace_days") {
			policy.grace_days = ReadInteger(key, value);
		} else if (key == "item_min_amount") {
			policy.item_min_amount = ReadDecimal(key, value);
		} else if (key == "item_min_percent") {
			policy.item_min_percent = ReadDecimal(key, value, 100);
		} else if (key == "allocation") {
			policy.allocation =
				ReadName(key, value, kAllocationNames) == 0 ? AllocationRule::kOldestFirst : AllocationRule::kNone;
		} else if (key == "pre_due_days") {
			if (value.kind == Kind::kNull)
				policy.pre_due_days.reset();
			else if (value.kind == Kind::kNumber)
				policy.pre_due_days = ReadInteger(key, value);
			else
				ThrowWrongType(key, "an integer or null", value);
		} else if (key == "min_interval_days") {
			policy.min_interval_days = ReadInteger(key, value);
		} else if (key == "skip_levels") {
			policy.skip_levels = ReadBool(key, value);
		} else if (key == "consumer_rules") {
			if (value.kind == Kind::kNull)
				policy.consumer_rules = ConsumerRules::kNone;
			else if (value.kind == Kind::kString)
				policy.consumer_rules =
					ReadName(key, value, kConsumerRuleNames) == 0 ? ConsumerRules::kBE : ConsumerRules::kNL;
			else
				ThrowWrongType(key, "\"BE\", \"NL\" or null", value);
		} else if (key == "levels") {
			policy.levels = ReadLevels(key, value);
		} else if (key == "loyalty") {
			policy.loyalty = ReadLoyalty(key, value);
		} else {
			CheckRunKey(key, value);
		}
	}
	return policy;
}

} // namespace dunning
