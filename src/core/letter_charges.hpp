// What a letter charges and which notices it carries (SPEC §10, §13), dunning.letter_charges: the
// level fee, the collection costs of the policy's collection_costs (src/core/collection_costs.hpp)
// and the consumer rules that need the unit's episode so far:
//   business debts: the policy's costs; the formal notice states commercial interest and the 40 EUR
//     compensation even when the policy claims neither;
//   BE consumers: the first reminder of an episode is free and announces the Book XIX maximum;
//     fees and costs of an episode together stay within it; the deadline is never before the
//     waiting period ends;
//   NL consumers: no level fees; the WIK amount once per episode, only after a 14-day letter
//     stated it and its deadline passed unpaid;
//   consumers: nothing is charged that no earlier letter of the episode announced.
//
// The results are the values the PL/pgSQL this replaced returned, numeric scale included: an
// amount carries the display scale numeric would give it (a sum the larger scale of its terms, a
// literal 0 scale 0, collection costs scale 2), and the reasons print amounts as numeric prints
// them. test/pgtap/charges_equal.sql holds that PL/pgSQL and compares the two.
#pragma once

#include "core/date.hpp"
#include "core/money.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dunning {

// A numeric as SQL computes with it here: its value in 1/10,000 units and its display scale (the
// decimals numeric prints: 12.50 has scale 2, 12.5 scale 1).
struct ScaledNumber {
	Units128 units = 0;
	int scale = 0;
};
// numeric's text ("-12.50"); digits past the fourth decimal must be zeros (SQLSTATE 22023 names
// `context` otherwise), as must NaN and infinities.
ScaledNumber ParseScaledNumber(std::string_view text, std::string_view context);
// The text numeric prints for the value at its scale ("12.50", "0", "-3.5").
std::string FormatScaledNumber(ScaledNumber value);
// Whether numeric's text is of a value above 0 (NaN is, as numeric orders it above every number).
bool NumericTextPositive(std::string_view text);

struct LetterChargesInput {
	std::optional<std::string_view> rules; // the policy's consumer_rules: "BE", "NL", else none
	std::string_view jurisdiction;
	bool consumer = false;
	bool remind = false;		// action = 'remind' (else nothing is charged)
	bool formal_notice = false; // tone = 'formal_notice'
	std::int32_t level = 0;
	ScaledNumber level_fee;
	bool costs_rule = false;					   // the policy has collection_costs
	std::optional<std::int32_t> costs_from_level;  // its from_level (default 1)
	std::optional<std::string_view> costs_jurisdiction; // its jurisdiction (default `jurisdiction`)
	std::optional<std::string_view> amount;		   // numeric text; NULL counts as 0.01 for the scales
	std::int64_t invoice_count = 0;
	bool interest_positive = false;
	bool contractual = false;
	std::int64_t episode_letters = 0;
	ScaledNumber episode_fees;
	ScaledNumber episode_costs;
	std::optional<ScaledNumber> announced; // the costs an earlier letter of the episode announced
	std::optional<Date> announced_pay_by;  // that letter's deadline
	bool emailed = false;				   // channel = 'email'
	Date as_of;
};

struct LetterCharges {
	ScaledNumber fee;
	bool fee_is_level_fee = true; // fee is the input level_fee unchanged
	ScaledNumber costs;
	std::optional<ScaledNumber> announced_costs;
	std::optional<Date> waiting_end;
	std::optional<Date> announce_deadline;
	const char *interest_notice = nullptr;
	const char *costs_notice = nullptr;
	bool announces_interest_rate = false; // announced_interest_rate is the statutory rate
	std::string charge_reason;			  // "" for none (NULL in SQL)
	std::array<const char *, 4> charge_codes{};
	int charge_code_count = 0;
};

// Fills `out` (reused across calls: its reason text keeps its buffer).
void DecideLetterCharges(const LetterChargesInput &in, LetterCharges &out);

} // namespace dunning
