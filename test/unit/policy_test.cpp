#include <cstdint>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <string>

#include "core/error.hpp"
#include "core/policy.hpp"
#include "core/serialize.hpp"

using dunning::AllocationRule;
using dunning::ConsumerRules;
using dunning::Error;
using dunning::ErrorCode;
using dunning::LevelRule;
using dunning::Money;
using dunning::ParsePolicy;
using dunning::Policy;
using dunning::Tone;

namespace {

struct Failure {
	ErrorCode code = ErrorCode::kInternal;
	std::string message;
	std::string hint;
};

Failure
Fails(std::string_view json) {
	try {
		ParsePolicy(json);
	} catch (const Error &e) {
		return {e.code(), e.what(), e.hint()};
	}
	ADD_FAILURE() << "no error for " << json;
	return {};
}

// The message of a 22023 error.
std::string
Message(std::string_view json) {
	Failure f = Fails(json);
	EXPECT_EQ(f.code, ErrorCode::kInvalidParameterValue) << json;
	return f.message;
}

std::string
Hint(std::string_view json) {
	return Fails(json).hint;
}

Money
Whole(std::int64_t n) {
	return Money::FromUnits(n * Money::kScale);
}

void
ExpectDefaultPolicy(const Policy &p) {
	EXPECT_EQ(p.currency, "EUR");
	EXPECT_EQ(p.grace_days, 0);
	EXPECT_EQ(p.item_min_amount, Money());
	EXPECT_EQ(p.item_min_percent, Money());
	EXPECT_EQ(p.allocation, AllocationRule::kOldestFirst);
	EXPECT_FALSE(p.pre_due_days.has_value());
	EXPECT_EQ(p.min_interval_days, 14);
	EXPECT_FALSE(p.skip_levels);
	EXPECT_EQ(p.consumer_rules, ConsumerRules::kNone);
	ASSERT_EQ(p.levels.size(), 4u);
	const int days[] = {1, 15, 30, 45};
	const std::int64_t min_amount[] = {25, 25, 25, 100};
	const std::int64_t fee[] = {0, 0, 15, 0};
	const Tone tone[] = {Tone::kStandard, Tone::kFirm, Tone::kFinal, Tone::kFormalNotice};
	for (std::size_t i = 0; i < 4; ++i) {
		EXPECT_EQ(p.levels[i].level, static_cast<int>(i + 1));
		EXPECT_EQ(p.levels[i].days, days[i]);
		EXPECT_EQ(p.levels[i].min_amount, Whole(min_amount[i]));
		EXPECT_EQ(p.levels[i].min_percent, Money());
		EXPECT_EQ(p.levels[i].fee, Whole(fee[i]));
		EXPECT_EQ(p.levels[i].tone, tone[i]);
	}
	EXPECT_EQ(p.loyalty.min_score, Money::FromUnits(9'000));
	EXPECT_EQ(p.loyalty.min_history, 6);
	EXPECT_TRUE(p.loyalty.waive_fees);
}

// SPEC §8's example, as jsonb_out prints it.
constexpr std::string_view kSpecExample =
	R"({"levels": [{"fee": 0, "days": 1, "tone": "standard", "level": 1, "min_amount": 25, "min_percent": 0}, )"
	R"({"fee": 0, "days": 15, "tone": "firm", "level": 2, "min_amount": 25, "min_percent": 0}, )"
	R"({"fee": 15, "days": 30, "tone": "final", "level": 3, "min_amount": 25, "min_percent": 0}, )"
	R"({"fee": 0, "days": 45, "tone": "formal_notice", "level": 4, "min_amount": 100, "min_percent": 0}], )"
	R"("loyalty": {"min_score": 0.9, "waive_fees": true, "min_history": 6}, "currency": "EUR", "allocation": )"
	R"("oldest_first", "grace_days": 0, "skip_levels": false, "pre_due_days": null, "consumer_rules": null, )"
	R"("item_min_amount": 0, "item_min_percent": 0, "min_interval_days": 14})";

} // namespace

TEST(Policy, SqlNullAndEmptyObjectGiveTheDefaults) {
	ExpectDefaultPolicy(Policy{});
	ExpectDefaultPolicy(ParsePolicy(""));
	ExpectDefaultPolicy(ParsePolicy("{}"));
}

TEST(Policy, JsonNullAndNonObjectsAreRefused) {
	EXPECT_EQ(Message("null"), "policy must be a JSON object, not null");
	EXPECT_EQ(Message(" null "), "policy must be a JSON object, not null");
	EXPECT_EQ(Message("[]"), "policy must be a JSON object, not an array");
	EXPECT_EQ(Hint("null"), "Pass SQL NULL for the default policy, or an object with the keys to change.");
}

TEST(Policy, SpecExampleIsTheDefaultPolicy) {
	ExpectDefaultPolicy(ParsePolicy(kSpecExample));
}

TEST(Policy, TopLevelMustBeAnObject) {
	EXPECT_EQ(Message("[]"), "policy must be a JSON object, not an array");
	EXPECT_EQ(Message("\"EUR\""), "policy must be a JSON object, not a string");
	EXPECT_EQ(Message("14"), "policy must be a JSON object, not a number");
	EXPECT_EQ(Message("true"), "policy must be a JSON object, not a boolean");
	EXPECT_EQ(Message("{"),
			  "policy is not valid JSON: unexpected end of input, expected a string as object key at offset 1");
}

TEST(Policy, ReadsEveryTopLevelKey) {
	Policy p = ParsePolicy(R"({"currency": "usd", "grace_days": 3, "item_min_amount": 5.25, "item_min_percent": 2.5,
		"allocation": "none", "pre_due_days": 5, "min_interval_days": 7, "skip_levels": true, "consumer_rules": "BE",
		"levels": [{"level": 1, "days": 10}], "loyalty": {"min_score": 0.75, "min_history": 3, "waive_fees": false}})");
	EXPECT_EQ(p.currency, "USD");
	EXPECT_EQ(p.grace_days, 3);
	EXPECT_EQ(p.item_min_amount, Money::FromUnits(52'500));
	EXPECT_EQ(p.item_min_percent, Money::FromUnits(25'000));
	EXPECT_EQ(p.allocation, AllocationRule::kNone);
	EXPECT_EQ(p.pre_due_days, 5);
	EXPECT_EQ(p.min_interval_days, 7);
	EXPECT_TRUE(p.skip_levels);
	EXPECT_EQ(p.consumer_rules, ConsumerRules::kBE);
	ASSERT_EQ(p.levels.size(), 1u);
	EXPECT_EQ(p.levels[0].days, 10);
	EXPECT_EQ(p.loyalty.min_score, Money::FromUnits(7'500));
	EXPECT_EQ(p.loyalty.min_history, 3);
	EXPECT_FALSE(p.loyalty.waive_fees);
}

TEST(Policy, EachKeyAloneKeepsTheOtherDefaults) {
	Policy p = ParsePolicy(R"({"grace_days": 5})");
	EXPECT_EQ(p.grace_days, 5);
	p.grace_days = 0;
	ExpectDefaultPolicy(p);

	p = ParsePolicy(R"({"loyalty": {"min_history": 2}})");
	EXPECT_EQ(p.loyalty.min_history, 2);
	EXPECT_EQ(p.loyalty.min_score, Money::FromUnits(9'000));
	EXPECT_TRUE(p.loyalty.waive_fees);
	p.loyalty.min_history = 6;
	ExpectDefaultPolicy(p);

	ExpectDefaultPolicy(ParsePolicy(R"({"loyalty": {}})"));
	ExpectDefaultPolicy(ParsePolicy(R"({"pre_due_days": null, "consumer_rules": null})"));
}

TEST(Policy, Currency) {
	EXPECT_EQ(ParsePolicy(R"({"currency": "chf"})").currency, "CHF");
	EXPECT_EQ(ParsePolicy(R"({"currency": "GbP"})").currency, "GBP");
	EXPECT_EQ(Message(R"({"currency": "EURO"})"),
			  R"(policy key "currency" must be a three-letter ISO 4217 code, not "EURO")");
	for (std::string_view bad : {R"("")", R"("EU")", R"("E1R")", R"("E R")", R"("\u00c9UR")"})
		EXPECT_EQ(Fails(fmt::format(R"({{"currency": {}}})", bad)).code, ErrorCode::kInvalidParameterValue) << bad;
	EXPECT_EQ(Message(R"({"currency": 978})"), R"(policy key "currency" must be a string, not a number)");
	// null: any one currency per unit
	EXPECT_EQ(ParsePolicy(R"({"currency": null})").currency, "");
	EXPECT_NE(FormatPolicy(ParsePolicy(R"({"currency": null})")).find(R"("currency": null)"), std::string::npos);
}

TEST(Policy, IntegersAreWholeAndInRange) {
	EXPECT_EQ(ParsePolicy(R"({"grace_days": 0})").grace_days, 0);
	EXPECT_EQ(ParsePolicy(R"({"grace_days": -0})").grace_days, 0);
	EXPECT_EQ(ParsePolicy(R"({"grace_days": 100000})").grace_days, 100'000);
	EXPECT_EQ(ParsePolicy(R"({"min_interval_days": 0})").min_interval_days, 0);
	EXPECT_EQ(ParsePolicy(R"({"pre_due_days": 0})").pre_due_days, 0);

	EXPECT_EQ(Message(R"({"grace_days": 100001})"),
			  R"(policy key "grace_days" must be an integer between 0 and 100000, not 100001)");
	EXPECT_EQ(Message(R"({"grace_days": -1})"),
			  R"(policy key "grace_days" must be an integer between 0 and 100000, not -1)");
	EXPECT_EQ(Message(R"({"min_interval_days": 99999999999999999999999})"),
			  R"(policy key "min_interval_days" must be an integer between 0 and 100000, not 99999999999999999999999)");
	EXPECT_EQ(Message(R"({"grace_days": 1.5})"), R"(policy key "grace_days" must be an integer, not 1.5)");
	EXPECT_EQ(Message(R"({"grace_days": 1.0})"), R"(policy key "grace_days" must be an integer, not 1.0)");
	EXPECT_EQ(Message(R"({"grace_days": "3"})"), R"(policy key "grace_days" must be an integer, not a string)");
	EXPECT_EQ(Message(R"({"grace_days": null})"), R"(policy key "grace_days" must be an integer, not null)");
	EXPECT_EQ(Message(R"({"pre_due_days": -3})"),
			  R"(policy key "pre_due_days" must be an integer between 0 and 100000, not -3)");
	EXPECT_EQ(Message(R"({"pre_due_days": false})"),
			  R"(policy key "pre_due_days" must be an integer or null, not a boolean)");
	EXPECT_EQ(Message(R"({"loyalty": {"min_history": [6]}})"),
			  R"(policy key "loyalty.min_history" must be an integer, not an array)");
}

TEST(Policy, ExponentsAreRejectedWithAHint) {
	Failure f = Fails(R"({"grace_days": 1e3})");
	EXPECT_EQ(f.code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(f.message, R"(policy key "grace_days" must be written without an exponent, not 1e3)");
	EXPECT_EQ(f.hint, "Write the number in plain decimal form, e.g. 1500 rather than 1.5e3.");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1, "fee": 1.5E+1}]})"),
			  R"(policy key "levels[1].fee" must be written without an exponent, not 1.5E+1)");
	EXPECT_EQ(Message(R"({"item_min_percent": 0e0})"),
			  R"(policy key "item_min_percent" must be written without an exponent, not 0e0)");
}

TEST(Policy, AmountsAreExactAndNonNegative) {
	EXPECT_EQ(ParsePolicy(R"({"item_min_amount": 0.0001})").item_min_amount, Money::FromUnits(1));
	EXPECT_EQ(ParsePolicy(R"({"item_min_amount": 12.345000})").item_min_amount, Money::FromUnits(123'450));
	EXPECT_EQ(ParsePolicy(R"({"item_min_amount": 9999999999999.9999})").item_min_amount,
			  Money::FromUnits(Money::kLimitUnits - 1));
	EXPECT_EQ(ParsePolicy(R"({"item_min_amount": -0.0})").item_min_amount, Money());

	Failure decimals = Fails(R"({"item_min_amount": 0.00001})");
	EXPECT_EQ(decimals.code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(decimals.message, R"(policy key "item_min_amount" 0.00001 has more than 4 decimal places)");
	Failure range = Fails(R"({"item_min_amount": 10000000000000})");
	EXPECT_EQ(range.code, ErrorCode::kNumericValueOutOfRange);
	EXPECT_EQ(Fails(R"({"levels": [{"level": 1, "days": 1, "fee": 123456789012345678901234567890}]})").code,
			  ErrorCode::kNumericValueOutOfRange);

	EXPECT_EQ(Message(R"({"item_min_amount": -5})"), R"(policy key "item_min_amount" must not be negative, not -5)");
	EXPECT_EQ(Message(R"({"item_min_amount": "5"})"), R"(policy key "item_min_amount" must be a number, not a string)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1, "fee": -0.01}]})"),
			  R"(policy key "levels[1].fee" must not be negative, not -0.01)");
}

TEST(Policy, PercentagesAreBetweenZeroAndHundred) {
	EXPECT_EQ(ParsePolicy(R"({"item_min_percent": 100})").item_min_percent, Whole(100));
	EXPECT_EQ(ParsePolicy(R"({"item_min_percent": 100.0000})").item_min_percent, Whole(100));
	EXPECT_EQ(ParsePolicy(R"({"item_min_percent": 12.3456})").item_min_percent, Money::FromUnits(123'456));
	EXPECT_EQ(Message(R"({"item_min_percent": 100.0001})"),
			  R"(policy key "item_min_percent" must be between 0 and 100, not 100.0001)");
	EXPECT_EQ(Message(R"({"item_min_percent": -1})"),
			  R"(policy key "item_min_percent" must be between 0 and 100, not -1)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1, "min_percent": 150}]})"),
			  R"(policy key "levels[1].min_percent" must be between 0 and 100, not 150)");
	EXPECT_EQ(Message(R"({"item_min_percent": 1.23456})"),
			  R"(policy key "item_min_percent" 1.23456 has more than 4 decimal places)");
}

TEST(Policy, Allocation) {
	EXPECT_EQ(ParsePolicy(R"({"allocation": "oldest_first"})").allocation, AllocationRule::kOldestFirst);
	EXPECT_EQ(ParsePolicy(R"({"allocation": "none"})").allocation, AllocationRule::kNone);
	Failure f = Fails(R"({"allocation": "oldest-first"})");
	EXPECT_EQ(f.message, R"(policy key "allocation" must be one of "oldest_first", "none", not "oldest-first")");
	EXPECT_EQ(f.hint, R"(Did you mean "oldest_first"?)");
	EXPECT_EQ(Message(R"({"allocation": null})"), R"(policy key "allocation" must be a string, not null)");
	EXPECT_EQ(Hint(R"({"allocation": "fifo"})"), "");
}

TEST(Policy, Booleans) {
	EXPECT_FALSE(ParsePolicy(R"({"skip_levels": false})").skip_levels);
	EXPECT_EQ(Message(R"({"skip_levels": 1})"), R"(policy key "skip_levels" must be a boolean, not a number)");
	EXPECT_EQ(Message(R"({"skip_levels": "true"})"), R"(policy key "skip_levels" must be a boolean, not a string)");
	EXPECT_EQ(Message(R"({"loyalty": {"waive_fees": null}})"),
			  R"(policy key "loyalty.waive_fees" must be a boolean, not null)");
}

TEST(Policy, ConsumerRules) {
	EXPECT_EQ(ParsePolicy(R"({"consumer_rules": "BE"})").consumer_rules, ConsumerRules::kBE);
	EXPECT_EQ(ParsePolicy(R"({"consumer_rules": "NL"})").consumer_rules, ConsumerRules::kNL);
	EXPECT_EQ(ParsePolicy(R"({"consumer_rules": null})").consumer_rules, ConsumerRules::kNone);
	Failure f = Fails(R"({"consumer_rules": "nl"})");
	EXPECT_EQ(f.message, R"(policy key "consumer_rules" must be one of "BE", "NL", not "nl")");
	EXPECT_EQ(f.hint, R"(Did you mean "NL"?)");
	EXPECT_EQ(Fails(R"({"consumer_rules": "DE"})").code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(Message(R"({"consumer_rules": false})"),
			  R"(policy key "consumer_rules" must be "BE", "NL" or null, not a boolean)");
}

TEST(Policy, Loyalty) {
	EXPECT_EQ(ParsePolicy(R"({"loyalty": {"min_score": 1}})").loyalty.min_score, Whole(1));
	EXPECT_EQ(ParsePolicy(R"({"loyalty": {"min_score": 0}})").loyalty.min_score, Money());
	EXPECT_EQ(ParsePolicy(R"({"loyalty": {"min_score": 0.1234}})").loyalty.min_score, Money::FromUnits(1'234));
	EXPECT_EQ(Message(R"({"loyalty": {"min_score": 1.01}})"),
			  R"(policy key "loyalty.min_score" must be between 0 and 1, not 1.01)");
	EXPECT_EQ(Message(R"({"loyalty": {"min_score": 0.12345}})"),
			  R"(policy key "loyalty.min_score" 0.12345 has more than 4 decimal places)");
	EXPECT_EQ(Message(R"({"loyalty": {"min_score": "high"}})"),
			  R"(policy key "loyalty.min_score" must be a number, not a string)");
	EXPECT_EQ(Message(R"({"loyalty": true})"), R"(policy key "loyalty" must be an object, not a boolean)");
	EXPECT_EQ(Message(R"({"loyalty": null})"), R"(policy key "loyalty" must be an object, not null)");
	Failure f = Fails(R"({"loyalty": {"min_scor": 0.5}})");
	EXPECT_EQ(f.message, R"(unknown policy key "loyalty.min_scor")");
	EXPECT_EQ(f.hint, R"(Did you mean "min_score"?)");
}

TEST(Policy, UnknownKeysHintTheLikelyTypo) {
	Failure f = Fails(R"({"grace_day": 3})");
	EXPECT_EQ(f.code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(f.message, R"(unknown policy key "grace_day")");
	EXPECT_EQ(f.hint, R"(Did you mean "grace_days"?)");

	f = Fails(R"({"levels": [{"level": 1, "days": 1}, {"level": 2, "days": 9, "min_amout": 5}]})");
	EXPECT_EQ(f.message, R"(unknown policy key "levels[2].min_amout")");
	EXPECT_EQ(f.hint, R"(Did you mean "min_amount"?)");

	EXPECT_EQ(Hint(R"({"levels": [{"level": 1, "days": 1, "min_amount_eur": 5}]})"), R"(Did you mean "min_amount"?)");
	EXPECT_EQ(Hint(R"({"currnecy": "EUR"})"), R"(Did you mean "currency"?)"); // transposition
	EXPECT_EQ(Hint(R"({"Currency": "EUR"})"), R"(Did you mean "currency"?)");
	EXPECT_EQ(Hint(R"({"level": []})"), R"(Did you mean "levels"?)");
	EXPECT_EQ(Hint(R"({"skip_level": true})"), R"(Did you mean "skip_levels"?)");
	EXPECT_EQ(Hint(R"({"levels": [{"level": 1, "days": 1, "tones": "firm"}]})"), R"(Did you mean "tone"?)");

	// Nothing close: the hint lists the keys valid at that position.
	f = Fails(R"({"reminders": []})");
	EXPECT_EQ(f.message, R"(unknown policy key "reminders")");
	EXPECT_EQ(f.hint,
			  R"(Valid keys here are "currency", "grace_days", "item_min_amount", "item_min_percent", )"
			  R"("allocation", "pre_due_days", "min_interval_days", "skip_levels", "consumer_rules", "levels", )"
			  R"("loyalty", "interest", "collection_costs", "plan_offer".)");
	EXPECT_EQ(Hint(R"({"levels": [{"level": 1, "days": 1, "x": 1}]})"),
			  R"(Valid keys here are "level", "days", "min_amount", "min_percent", "fee", "tone".)");
	EXPECT_EQ(Hint(R"({"loyalty": {"": 1}})"), R"(Valid keys here are "min_score", "min_history", "waive_fees".)");
	// A key that belongs elsewhere is unknown here.
	EXPECT_EQ(Message(R"({"loyalty": {"fee": 1}})"), R"(unknown policy key "loyalty.fee")");
	EXPECT_EQ(Message(R"({"min_amount": 1})"), R"(unknown policy key "min_amount")");
}

TEST(Policy, UnknownKeysAreEchoedSafely) {
	EXPECT_EQ(Message(R"({"a\"b\n": 1})"), R"(unknown policy key "a\"b\u000a")");
	std::string long_key(200, 'k');
	EXPECT_EQ(Message(fmt::format(R"({{"{}": 1}})", long_key)),
			  fmt::format(R"(unknown policy key "{}...")", std::string(64, 'k')));
	// The cut never splits a UTF-8 sequence.
	std::string accented = std::string(63, 'k') + "\xC3\xA9" + "tail";
	EXPECT_EQ(Message(fmt::format(R"({{"{}": 1}})", accented)),
			  fmt::format(R"(unknown policy key "{}...")", std::string(63, 'k')));
}

TEST(Policy, UnknownKeysAreReportedBeforeValueErrors) {
	EXPECT_EQ(Message(R"({"grace_days": -1, "bogus": 1})"), R"(unknown policy key "bogus")");
	EXPECT_EQ(Message(R"({"grace_days": -1, "skip_levels": 0})"),
			  R"(policy key "grace_days" must be an integer between 0 and 100000, not -1)");
}

TEST(Policy, LevelsReadEveryField) {
	Policy p = ParsePolicy(R"({"levels": [{"level": 1, "days": 0, "min_amount": 10.5, "min_percent": 5, "fee": 2.5,
		"tone": "friendly"}, {"days": 7, "level": 2}]})");
	ASSERT_EQ(p.levels.size(), 2u);
	EXPECT_EQ(p.levels[0].level, 1);
	EXPECT_EQ(p.levels[0].days, 0);
	EXPECT_EQ(p.levels[0].min_amount, Money::FromUnits(105'000));
	EXPECT_EQ(p.levels[0].min_percent, Whole(5));
	EXPECT_EQ(p.levels[0].fee, Money::FromUnits(25'000));
	EXPECT_EQ(p.levels[0].tone, Tone::kFriendly);
	// Omitted fields default to 0 and the default tone, not to the default policy's level.
	EXPECT_EQ(p.levels[1].level, 2);
	EXPECT_EQ(p.levels[1].days, 7);
	EXPECT_EQ(p.levels[1].min_amount, Money());
	EXPECT_EQ(p.levels[1].min_percent, Money());
	EXPECT_EQ(p.levels[1].fee, Money());
	EXPECT_EQ(p.levels[1].tone, Tone::kFirm);
}

TEST(Policy, EmptyLevelsMeanNoReminders) {
	EXPECT_TRUE(ParsePolicy(R"({"levels": []})").levels.empty());
}

TEST(Policy, LevelToneDefaultsFollowTheLevelNumber) {
	Policy p = ParsePolicy(R"({"levels": [{"level": 1, "days": 1}, {"level": 2, "days": 2}, {"level": 3, "days": 3},
		{"level": 4, "days": 4}, {"level": 5, "days": 5}, {"level": 6, "days": 6}]})");
	ASSERT_EQ(p.levels.size(), 6u);
	const Tone expected[] = {Tone::kStandard,	  Tone::kFirm,		   Tone::kFinal,
							 Tone::kFormalNotice, Tone::kFormalNotice, Tone::kFormalNotice};
	for (std::size_t i = 0; i < 6; ++i)
		EXPECT_EQ(p.levels[i].tone, expected[i]) << "level " << i + 1;
}

TEST(Policy, EveryToneNameParses) {
	const std::pair<std::string_view, Tone> tones[] = {{"friendly", Tone::kFriendly},
													   {"standard", Tone::kStandard},
													   {"firm", Tone::kFirm},
													   {"final", Tone::kFinal},
													   {"formal_notice", Tone::kFormalNotice}};
	for (auto [name, tone] : tones) {
		Policy p = ParsePolicy(fmt::format(R"({{"levels": [{{"level": 1, "days": 1, "tone": "{}"}}]}})", name));
		EXPECT_EQ(p.levels[0].tone, tone) << name;
	}
	Failure f = Fails(R"({"levels": [{"level": 1, "days": 1, "tone": "frendly"}]})");
	EXPECT_EQ(f.message, R"(policy key "levels[1].tone" must be one of "friendly", "standard", "firm", "final", )"
						 R"("formal_notice", not "frendly")");
	EXPECT_EQ(f.hint, R"(Did you mean "friendly"?)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1, "tone": 3}]})"),
			  R"(policy key "levels[1].tone" must be a string, not a number)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1, "tone": null}]})"),
			  R"(policy key "levels[1].tone" must be a string, not null)");
}

TEST(Policy, LevelsMustBeObjectsInAnArray) {
	EXPECT_EQ(Message(R"({"levels": {"level": 1, "days": 1}})"),
			  R"(policy key "levels" must be an array, not an object)");
	EXPECT_EQ(Message(R"({"levels": null})"), R"(policy key "levels" must be an array, not null)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1}, 2]})"),
			  R"(policy key "levels[2]" must be an object, not a number)");
	EXPECT_EQ(Message(R"({"levels": [[]]})"), R"(policy key "levels[1]" must be an object, not an array)");
}

TEST(Policy, LevelAndDaysAreRequired) {
	Failure f = Fails(R"({"levels": [{"days": 1}]})");
	EXPECT_EQ(f.message, R"(missing required policy key "levels[1].level")");
	EXPECT_EQ(f.hint, R"(Every level needs its "level" number and the "days" overdue that reach it.)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1}, {"level": 2}]})"),
			  R"(missing required policy key "levels[2].days")");
	EXPECT_EQ(Message(R"({"levels": [{}]})"), R"(missing required policy key "levels[1].level")");
	EXPECT_EQ(Message(R"({"levels": [{"level": "1", "days": 1}]})"),
			  R"(policy key "levels[1].level" must be an integer, not a string)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": -1}]})"),
			  R"(policy key "levels[1].days" must be an integer between 0 and 100000, not -1)");
}

TEST(Policy, LevelsAreNumberedOneToNInOrder) {
	Failure f = Fails(R"({"levels": [{"level": 1, "days": 1}, {"level": 3, "days": 9}]})");
	EXPECT_EQ(f.code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(f.message, R"(policy key "levels[2].level" must be 2, not 3)");
	EXPECT_EQ(f.hint, "Levels are numbered 1..n in array order.");
	EXPECT_EQ(Message(R"({"levels": [{"level": 0, "days": 1}]})"), R"(policy key "levels[1].level" must be 1, not 0)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 2, "days": 1}, {"level": 1, "days": 9}]})"),
			  R"(policy key "levels[1].level" must be 1, not 2)");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 1}, {"level": 1, "days": 9}]})"),
			  R"(policy key "levels[2].level" must be 2, not 1)");
}

TEST(Policy, LevelDaysIncreaseStrictly) {
	Failure f = Fails(R"({"levels": [{"level": 1, "days": 10}, {"level": 2, "days": 10}]})");
	EXPECT_EQ(f.code, ErrorCode::kInvalidParameterValue);
	EXPECT_EQ(f.message, R"(policy key "levels[2].days" must be greater than 10 (the days of level 1), not 10)");
	EXPECT_EQ(f.hint, "Level days must increase strictly with the level.");
	EXPECT_EQ(Message(R"({"levels": [{"level": 1, "days": 0}, {"level": 2, "days": 5}, {"level": 3, "days": 4}]})"),
			  R"(policy key "levels[3].days" must be greater than 5 (the days of level 2), not 4)");
	EXPECT_EQ(ParsePolicy(R"({"levels": [{"level": 1, "days": 0}, {"level": 2, "days": 1}]})").levels.size(), 2u);
}

TEST(Policy, AcceptsAnyWhitespaceAndKeyOrder) {
	Policy p = ParsePolicy("{\n\t\"skip_levels\" : true ,\r\n \"grace_days\":2}");
	EXPECT_TRUE(p.skip_levels);
	EXPECT_EQ(p.grace_days, 2);
}

TEST(Policy, RejectsDuplicateKeys) {
	EXPECT_EQ(Message(R"({"grace_days": 1, "grace_days": 2})"),
			  "policy is not valid JSON: duplicate object key at offset 18");
}

TEST(Policy, MutatedPoliciesParseOrThrowError) {
	// Every byte of the spec example replaced by a few troublesome ones, and every byte dropped:
	// the result is a policy or a dunning::Error, nothing else.
	const std::string seed(kSpecExample);
	const char replacements[] = {'\0', '"', '-', '1', '9', '.', 'e', '}', ']', '[', '{', ',', 'x', '\x80'};
	int parsed = 0;
	auto attempt = [&parsed](const std::string &text) {
		try {
			ParsePolicy(text);
			++parsed;
		} catch (const Error &e) {
			EXPECT_TRUE(e.code() == ErrorCode::kInvalidParameterValue || e.code() == ErrorCode::kNumericValueOutOfRange)
				<< text;
		}
	};
	for (std::size_t at = 0; at < seed.size(); ++at) {
		for (char c : replacements) {
			std::string s = seed;
			s[at] = c;
			attempt(s);
		}
		std::string dropped = seed;
		dropped.erase(at, 1);
		attempt(dropped);
	}
	EXPECT_GT(parsed, 0);
}

TEST(PolicyFormat, DefaultPolicyShowsEveryKey) {
	EXPECT_EQ(dunning::FormatPolicy(dunning::Policy{}),
	          R"({"currency": "EUR", "grace_days": 0, "item_min_amount": 0, "item_min_percent": 0, )"
	          R"("allocation": "oldest_first", "pre_due_days": null, "min_interval_days": 14, "skip_levels": false, )"
	          R"("consumer_rules": null, "levels": [)"
	          R"({"level": 1, "days": 1, "min_amount": 25, "min_percent": 0, "fee": 0, "tone": "standard"}, )"
	          R"({"level": 2, "days": 15, "min_amount": 25, "min_percent": 0, "fee": 0, "tone": "firm"}, )"
	          R"({"level": 3, "days": 30, "min_amount": 25, "min_percent": 0, "fee": 15, "tone": "final"}, )"
	          R"({"level": 4, "days": 45, "min_amount": 100, "min_percent": 0, "fee": 0, "tone": "formal_notice"}], )"
	          R"("loyalty": {"min_score": 0.9, "min_history": 6, "waive_fees": true}})");
}

TEST(PolicyFormat, RoundTripsThroughTheParser) {
	dunning::Policy p = dunning::ParsePolicy(
	    R"({"currency": "usd", "grace_days": 3, "item_min_amount": 25.5, "item_min_percent": 2.25,
	        "allocation": "none", "pre_due_days": 3, "skip_levels": true, "consumer_rules": "NL",
	        "levels": [{"level": 1, "days": 5, "fee": 7.5}], "loyalty": {"min_score": 0.95, "waive_fees": false}})");
	EXPECT_EQ(dunning::ParsePolicy(dunning::FormatPolicy(p)), p);
	EXPECT_EQ(dunning::ParsePolicy(dunning::FormatPolicy(dunning::Policy{})), dunning::Policy{});
	EXPECT_NE(p, dunning::Policy{});
}

TEST(PolicyBinary, RoundTripsAndRejectsCorruptBytes) {
	dunning::Policy p = dunning::ParsePolicy(
	    R"({"currency": "CHF", "grace_days": 3, "item_min_amount": 25.5, "pre_due_days": 3, "consumer_rules": "BE",
	        "levels": [{"level": 1, "days": 5, "fee": 7.5, "tone": "friendly"}], "loyalty": {"min_score": 0.95}})");
	for (const dunning::Policy &policy : {p, dunning::Policy{}}) {
		dunning::ByteWriter counter;
		dunning::SerializePolicy(policy, counter);
		std::string bytes(counter.size(), '\0');
		dunning::ByteWriter writer(bytes.data(), bytes.size());
		dunning::SerializePolicy(policy, writer);
		dunning::ByteReader reader(bytes.data(), bytes.size());
		EXPECT_EQ(dunning::DeserializePolicy(reader), policy);
		EXPECT_TRUE(reader.AtEnd());
		for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
			dunning::ByteReader truncated(bytes.data(), cut);
			EXPECT_THROW(dunning::DeserializePolicy(truncated), dunning::Error) << cut;
		}
	}
}

// Keys only runs read (SPEC §8): accepted, checked, and without effect on the assessment.
TEST(Policy, RunKeysAreCheckedAndIgnoredByTheAssessment) {
	Policy with = ParsePolicy(
		R"({"interest": {"kind": "statutory", "jurisdiction": "NL", "from_level": 3},
		    "collection_costs": {"jurisdiction": "NL", "from_level": 4},
		    "plan_offer": {"from_level": 2, "min_amount": 500, "installments": 3, "step": "1 month",
		                   "min_installment": 50, "first_due_days": 14, "break_after_days": 30}})");
	ExpectDefaultPolicy(with);
	ExpectDefaultPolicy(ParsePolicy(R"({"interest": null, "collection_costs": null, "plan_offer": null})"));
	ExpectDefaultPolicy(ParsePolicy(R"({"interest": {"kind": "contractual", "rate": 8.5}})"));
	EXPECT_EQ(Message(R"({"interest": {"kind": "statutory", "jurisdiction": "UK"}})"),
			  "policy key \"interest.jurisdiction\" must be one of \"EU\", \"BE\", \"NL\", \"DE\", \"FR\", not \"UK\"");
	EXPECT_EQ(Message(R"({"interest": {"kind": "contractual"}})"),
			  "policy key \"interest\" needs \"rate\" exactly when \"kind\" is \"contractual\"");
	EXPECT_EQ(Message(R"({"interest": {"rate": 101, "kind": "contractual"}})"),
			  "policy key \"interest.rate\" must be between 0 and 100, not 101");
	EXPECT_EQ(Message(R"({"collection_costs": {"from_levle": 2}})"), "unknown policy key \"collection_costs.from_levle\"");
	EXPECT_EQ(Message(R"({"plan_offer": {"step": 30}})"),
			  "policy key \"plan_offer.step\" must be an interval such as \"1 month\", not a number");
	EXPECT_EQ(Message(R"({"interest": 3})"), "policy key \"interest\" must be an object, not a number");
}
