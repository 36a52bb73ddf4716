#include "core/letter_charges.hpp"

#include "core/assessment_letter.hpp"
#include "core/collection_costs.hpp"
#include "core/error.hpp"
#include "core/interest.hpp"
#include "core/jurisdiction.hpp"
#include "core/message_text.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace dunning {

namespace {

constexpr Units128 kOneCent = Money::kScale / 100;
// Integer digits a ScaledNumber holds: 10^30 × 10^4 units stay far below 2^127.
constexpr std::size_t kMaxIntegerDigits = 30;

bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}

// A whole-number literal of SQL (0, 40 × n): scale 0.
ScaledNumber
Whole(Units128 n) {
	return {n * Money::kScale, 0};
}

// numeric's + and -: the larger scale of the two.
ScaledNumber
Plus(ScaledNumber a, ScaledNumber b) {
	return {a.units + b.units, std::max(a.scale, b.scale)};
}
ScaledNumber
Minus(ScaledNumber a, ScaledNumber b) {
	return {a.units - b.units, std::max(a.scale, b.scale)};
}

// greatest(a, b) and least(a, b) return one argument unchanged, the first on a tie.
ScaledNumber
Greatest(ScaledNumber a, ScaledNumber b) {
	return b.units > a.units ? b : a;
}
ScaledNumber
Least(ScaledNumber a, ScaledNumber b) {
	return b.units < a.units ? b : a;
}

bool
Positive(ScaledNumber v) {
	return v.units > 0;
}

// Whether numeric's text is of a value below 0.01: greatest(amount, 0.01) is then 0.01. A text
// Money cannot hold (more than 4 decimals, out of range) is compared by its first 4 decimals:
// cut toward zero, a value below 0.01 stays below it and one at or above it stays there.
bool
BelowOneCent(std::string_view text) {
	if (!text.empty() && text.front() == '-')
		return true; // negative, or -Infinity
	if (text == "NaN" || text == "Infinity")
		return false; // numeric orders NaN above every number
	std::size_t point = text.find('.');
	if (point != std::string_view::npos && text.size() > point + 1 + Money::kDecimals)
		text = text.substr(0, point + 1 + Money::kDecimals);
	Money value;
	if (Money::TryParse(text, &value) != Money::ParseStatus::kOk)
		return false; // out of range: far above
	return value.units() < kOneCent;
}

// collection_costs(greatest(amount, 0.01), ...)'s principal, with the errors collection_costs raises.
Money
Principal(const LetterChargesInput &in) {
	if (!in.amount || BelowOneCent(*in.amount))
		return Money::FromUnits(kOneCent);
	return ParsePrincipal(*in.amount, "collection_costs");
}

// dunning.collection_costs: rounded to cents, scale 2.
ScaledNumber
Costs(const LetterChargesInput &in, Jurisdiction jurisdiction, bool consumer) {
	return {RoundToCents(CollectionCosts(Principal(in), jurisdiction, consumer).units()), 2};
}

class Reasons {
public:
	explicit Reasons(LetterCharges &out) : out_(out) {
	}
	void
	Add(const char *code, std::string_view reason) {
		if (!out_.charge_reason.empty())
			out_.charge_reason += "; ";
		out_.charge_reason += reason;
		out_.charge_codes[static_cast<std::size_t>(out_.charge_code_count++)] = code;
	}
	bool
	Has(const char *code) const {
		for (int i = 0; i < out_.charge_code_count; ++i)
			if (std::strcmp(out_.charge_codes[static_cast<std::size_t>(i)], code) == 0)
				return true;
		return false;
	}

private:
	LetterCharges &out_;
};

void
Reset(const LetterChargesInput &in, LetterCharges &out) {
	out.fee = in.level_fee;
	out.fee_is_level_fee = true;
	out.costs = Whole(0);
	out.announced_costs.reset();
	out.waiting_end.reset();
	out.announce_deadline.reset();
	out.interest_notice = nullptr;
	out.costs_notice = nullptr;
	out.announces_interest_rate = false;
	out.charge_reason.clear();
	out.charge_code_count = 0;
}

void
SetFee(LetterCharges &out, ScaledNumber fee) {
	out.fee = fee;
	out.fee_is_level_fee = false;
}

// Belgian consumers (Book XIX CEL): the first reminder free, nothing unannounced, the episode
// within the scale, the deadline after the waiting period.
void
BelgianConsumer(const LetterChargesInput &in, ScaledNumber wanted, LetterCharges &out) {
	Reasons reasons(out);
	const ScaledNumber scale = Costs(in, Jurisdiction::kBE, true);
	const ScaledNumber room = Greatest(Whole(0), Minus(Minus(scale, in.episode_fees), in.episode_costs));
	if (in.episode_letters == 0) {
		out.announced_costs = scale;
		out.announces_interest_rate = true;
		out.costs_notice = "costs_announce_consumer";
		if (Positive(out.fee) || Positive(wanted))
			reasons.Add("costs_not_announced",
			            "costs_not_announced: the first reminder of an episode is free (art. XIX.2 CEL)");
		SetFee(out, Whole(0));
		wanted = Whole(0);
	} else if (!in.announced && (Positive(out.fee) || Positive(wanted))) {
		reasons.Add("costs_not_announced",
		            "costs_not_announced: no earlier letter of the episode announced the costs");
		SetFee(out, Whole(0));
		wanted = Whole(0);
	}
	if (out.fee.units > room.units) {
		if (Positive(room))
			reasons.Add("fee_capped_by_law",
			            fmt::format("fee_capped_by_law: the fees of an episode stay within {} (Book XIX CEL)",
			                        FormatScaledNumber(scale)));
		else
			reasons.Add("costs_already_charged",
			            fmt::format("costs_already_charged: the episode already charged the Book XIX maximum of {}",
			                        FormatScaledNumber(scale)));
		SetFee(out, room);
	}
	out.costs = Least(wanted, Minus(room, out.fee));
	if (out.costs.units < wanted.units && !reasons.Has("costs_already_charged"))
		reasons.Add("costs_already_charged",
		            fmt::format("costs_already_charged: the episode already charged {} of the Book XIX maximum of {}",
		                        FormatScaledNumber(Plus(in.episode_fees, in.episode_costs)),
		                        FormatScaledNumber(scale)));
	if (Positive(out.costs))
		out.costs_notice = "costs_charged_consumer";
	if (in.as_of.IsFinite())
		out.waiting_end = rules::BelgianWaitingEnd(in.as_of, in.emailed);
}

// Dutch consumers (art. 6:96 BW): no level fees; the WIK amount once per episode, after a 14-day
// letter stated it and its deadline passed.
void
DutchConsumer(const LetterChargesInput &in, std::int64_t costs_from, ScaledNumber wanted, LetterCharges &out) {
	Reasons reasons(out);
	SetFee(out, Whole(0)); // the assessment says fee_waived_consumer_rules
	if (!in.costs_rule)
		return;
	if (costs_from == std::numeric_limits<std::int32_t>::min())
		throw Error(ErrorCode::kNumericValueOutOfRange, "integer out of range"); // SQL's costs_from - 1
	if (in.level < costs_from - 1)
		return;
	if (Positive(in.episode_costs)) {
		if (Positive(wanted))
			reasons.Add("costs_already_charged", "costs_already_charged: the WIK amount is charged once per episode");
	} else if (in.announced && in.announced_pay_by && *in.announced_pay_by < in.as_of && Positive(wanted)) {
		out.costs = Least(*in.announced, wanted);
		out.costs_notice = "costs_charged_consumer";
	} else {
		if (Positive(wanted))
			reasons.Add("costs_not_announced",
			            "costs_not_announced: a 14-day letter must first state the amount (art. 6:96 lid 6 BW)");
		// this letter is the 14-day letter: 14 days from the day after receipt
		out.announced_costs = Costs(in, Jurisdiction::kNL, true);
		out.announce_deadline = in.as_of.IsFinite() ? in.as_of.PlusDays(in.emailed ? 15 : 17) : in.as_of;
		out.costs_notice = "costs_announce_consumer";
	}
}

} // namespace

ScaledNumber
ParseScaledNumber(std::string_view text, std::string_view context) {
	std::size_t pos = 0;
	const bool negative = !text.empty() && text.front() == '-';
	if (negative)
		++pos;
	const std::size_t int_begin = pos;
	while (pos < text.size() && IsDigit(text[pos]))
		++pos;
	std::string_view int_digits = text.substr(int_begin, pos - int_begin);
	std::string_view frac_digits;
	if (pos < text.size() && text[pos] == '.') {
		const std::size_t frac_begin = ++pos;
		while (pos < text.size() && IsDigit(text[pos]))
			++pos;
		frac_digits = text.substr(frac_begin, pos - frac_begin);
	}
	if (pos != text.size() || int_digits.empty())
		ThrowInvalid(fmt::format("{} must be a finite number, not {}", context, ShownText(text, 40)));
	for (std::size_t i = Money::kDecimals; i < frac_digits.size(); ++i)
		if (frac_digits[i] != '0')
			ThrowInvalid(fmt::format("{} {} has more than {} decimal places", context, ShownText(text, 40),
			                         Money::kDecimals),
			             {}, "Amounts are exact to 1/10,000.");
	while (int_digits.size() > 1 && int_digits.front() == '0')
		int_digits.remove_prefix(1);
	if (int_digits.size() > kMaxIntegerDigits)
		throw Error(ErrorCode::kNumericValueOutOfRange, "numeric value out of range",
		            fmt::format("{} {} is not below 10^{} in magnitude.", context, ShownText(text, 40),
		                        kMaxIntegerDigits));
	Units128 units = 0;
	for (char c : int_digits)
		units = units * 10 + (c - '0');
	for (std::size_t i = 0; i < static_cast<std::size_t>(Money::kDecimals); ++i)
		units = units * 10 + (i < frac_digits.size() ? frac_digits[i] - '0' : 0);
	return {negative ? -units : units, static_cast<int>(frac_digits.size())};
}

std::string
FormatScaledNumber(ScaledNumber value) {
	Units128 magnitude = value.units < 0 ? -value.units : value.units;
	Units128 whole = magnitude / Money::kScale;
	auto fraction = static_cast<unsigned>(magnitude % Money::kScale);
	char digits[48];
	char *end = digits + sizeof digits;
	char *p = end;
	do {
		*--p = static_cast<char>('0' + static_cast<int>(whole % 10));
		whole /= 10;
	} while (whole != 0);
	std::string text;
	text.reserve(static_cast<std::size_t>(end - p) + 2 + static_cast<std::size_t>(value.scale));
	if (value.units < 0)
		text += '-';
	text.append(p, end);
	if (value.scale > 0) {
		text += '.';
		unsigned divisor = Money::kScale / 10;
		for (int i = 0; i < value.scale; ++i) {
			if (divisor == 0) {
				text += '0';
				continue;
			}
			text += static_cast<char>('0' + fraction / divisor % 10);
			divisor /= 10;
		}
	}
	return text;
}

bool
NumericTextPositive(std::string_view text) {
	if (text.empty() || text.front() == '-')
		return false;
	if (text == "NaN" || text == "Infinity")
		return true;
	return std::any_of(text.begin(), text.end(), [](char c) { return c >= '1' && c <= '9'; });
}

void
DecideLetterCharges(const LetterChargesInput &in, LetterCharges &out) {
	Reset(in, out);
	if (!in.remind)
		return;
	const std::int64_t costs_from = in.costs_from_level.value_or(1);
	const std::string_view costs_jurisdiction = in.costs_jurisdiction.value_or(in.jurisdiction);
	ScaledNumber wanted = Whole(0);
	if (in.costs_rule && in.level >= costs_from) {
		if (in.consumer || costs_jurisdiction == "NL") {
			wanted = Costs(in, ParseJurisdiction(costs_jurisdiction), in.consumer);
		} else {
			// 40 * invoice_count is bigint arithmetic in SQL
			const Units128 lump = static_cast<Units128>(40) * in.invoice_count;
			if (lump > std::numeric_limits<std::int64_t>::max() || lump < std::numeric_limits<std::int64_t>::min())
				throw Error(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
			wanted = Whole(lump);
		}
	}

	const std::string_view rules = in.rules.value_or(std::string_view());
	if (rules == "BE") {
		BelgianConsumer(in, wanted, out);
	} else if (rules == "NL") {
		DutchConsumer(in, costs_from, wanted, out);
	} else {
		out.costs = wanted;
		if (Positive(out.costs))
			out.costs_notice = in.consumer ? "costs_notice_consumer" : "costs_notice_business";
		else if (in.formal_notice && !in.consumer)
			out.costs_notice = "costs_right_business";
	}

	if (in.interest_positive && in.contractual)
		out.interest_notice = "interest_notice_contractual";
	else if (in.interest_positive && in.consumer)
		out.interest_notice = "interest_notice_consumer";
	else if (in.interest_positive)
		out.interest_notice = "interest_notice_business";
	else if (in.formal_notice && !in.consumer)
		out.interest_notice = "interest_right_business";
}

} // namespace dunning
