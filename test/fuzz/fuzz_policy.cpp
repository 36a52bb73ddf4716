// Policy parsing (SPEC §8): ParsePolicy on arbitrary bytes, which is also the JSON reader's input.
// Either the text parses, or the error is SQLSTATE 22023/22003 with a message of bounded size; a
// parsed policy satisfies the validation rules, and FormatPolicy → ParsePolicy gives it back
// exactly (the assess aggregate's serialized state relies on that round trip).
#include "core/policy.hpp"
#include "fuzz_support.hpp"

#include <cstdint>
#include <string_view>

namespace {

using dunning::Error;
using dunning::ErrorCode;
using dunning::Policy;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

// Messages echo at most 64 bytes of user text; with the path and the hint, a few hundred bytes.
constexpr std::size_t kMaxMessage = 600;

void
CheckValid(const Policy &p) {
	Check(p.currency.size() == 3, "currency is not three letters");
	for (char c : p.currency)
		Check(c >= 'A' && c <= 'Z', "currency is not upper case");
	Check(p.grace_days >= 0 && p.min_interval_days >= 0, "negative day count");
	Check(!p.pre_due_days || *p.pre_due_days >= 0, "negative pre_due_days");
	Check(!p.item_min_amount.IsNegative(), "negative item_min_amount");
	Check(p.item_min_percent.units() >= 0 && p.item_min_percent.units() <= 100 * dunning::Money::kScale,
	      "item_min_percent outside 0..100");
	for (std::size_t i = 0; i < p.levels.size(); ++i) {
		const dunning::LevelRule &rule = p.levels[i];
		Check(rule.level == static_cast<int>(i + 1), "levels not numbered 1..n");
		Check(i == 0 || rule.days > p.levels[i - 1].days, "level days not increasing");
		Check(!rule.min_amount.IsNegative() && !rule.fee.IsNegative(), "negative level amount");
		Check(rule.min_percent.units() >= 0 && rule.min_percent.units() <= 100 * dunning::Money::kScale,
		      "level min_percent outside 0..100");
	}
	Check(p.loyalty.min_score.units() >= 0 && p.loyalty.min_score.units() <= dunning::Money::kScale,
	      "loyalty.min_score outside 0..1");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	const std::string_view text(reinterpret_cast<const char *>(data), size);
	Policy policy;
	try {
		policy = dunning::ParsePolicy(text);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue, ErrorCode::kNumericValueOutOfRange});
		Check(std::string_view(e.what()).size() + e.detail().size() + e.hint().size() < kMaxMessage,
		      "error message grows with the input", e.what());
		return 0;
	}
	CheckValid(policy);
	const std::string formatted = dunning::FormatPolicy(policy);
	const Policy again = dunning::ParsePolicy(formatted);
	Check(again == policy, "FormatPolicy does not round-trip", formatted);
	Check(dunning::FormatPolicy(again) == formatted, "FormatPolicy is not stable", formatted);
	return 0;
}
