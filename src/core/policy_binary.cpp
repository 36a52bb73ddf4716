// The policy inside serialized aggregate states: binary, because a state crosses from a parallel
// worker to the leader once per group, and formatting and re-parsing JSON there cost more than
// the assessment itself.
#include "core/policy.hpp"
#include "core/serialize.hpp"

namespace dunning {

namespace {

template <typename Enum>
Enum
GetEnum(ByteReader &in, int count) {
	auto v = in.Get<std::uint8_t>();
	if (v >= count)
		ByteReader::Corrupt();
	return static_cast<Enum>(v);
}

Money
GetMoney(ByteReader &in) {
	auto units = in.Get<std::int64_t>();
	if (units <= -Money::kLimitUnits || units >= Money::kLimitUnits)
		ByteReader::Corrupt();
	return Money::FromUnits(units);
}

} // namespace

void
SerializePolicy(const Policy &p, ByteWriter &out) {
	out.PutString(p.currency);
	out.Put<std::int32_t>(p.grace_days);
	out.Put<std::int64_t>(p.item_min_amount.units());
	out.Put<std::int64_t>(p.item_min_percent.units());
	out.Put<std::uint8_t>(static_cast<std::uint8_t>(p.allocation));
	out.Put<std::uint8_t>(p.pre_due_days.has_value());
	out.Put<std::int32_t>(p.pre_due_days.value_or(0));
	out.Put<std::int32_t>(p.min_interval_days);
	out.Put<std::uint8_t>(p.skip_levels);
	out.Put<std::uint8_t>(static_cast<std::uint8_t>(p.consumer_rules));
	out.Put<std::uint32_t>(static_cast<std::uint32_t>(p.levels.size()));
	for (const LevelRule &l : p.levels) {
		out.Put<std::int32_t>(l.level);
		out.Put<std::int32_t>(l.days);
		out.Put<std::int64_t>(l.min_amount.units());
		out.Put<std::int64_t>(l.min_percent.units());
		out.Put<std::int64_t>(l.fee.units());
		out.Put<std::uint8_t>(static_cast<std::uint8_t>(l.tone));
	}
	out.Put<std::int64_t>(p.loyalty.min_score.units());
	out.Put<std::int32_t>(p.loyalty.min_history);
	out.Put<std::uint8_t>(p.loyalty.waive_fees);
}

Policy
DeserializePolicy(ByteReader &in) {
	Policy p;
	p.currency = std::string(in.GetString());
	p.grace_days = in.Get<std::int32_t>();
	p.item_min_amount = GetMoney(in);
	p.item_min_percent = GetMoney(in);
	p.allocation = GetEnum<AllocationRule>(in, 2);
	bool has_pre_due = GetEnum<bool>(in, 2);
	auto pre_due = in.Get<std::int32_t>();
	p.pre_due_days = has_pre_due ? std::optional(pre_due) : std::nullopt;
	p.min_interval_days = in.Get<std::int32_t>();
	p.skip_levels = GetEnum<bool>(in, 2);
	p.consumer_rules = GetEnum<ConsumerRules>(in, 3);
	auto levels = in.Get<std::uint32_t>();
	p.levels.clear();
	for (std::uint32_t i = 0; i < levels; ++i) {
		LevelRule l;
		l.level = in.Get<std::int32_t>();
		l.days = in.Get<std::int32_t>();
		l.min_amount = GetMoney(in);
		l.min_percent = GetMoney(in);
		l.fee = GetMoney(in);
		l.tone = GetEnum<Tone>(in, static_cast<int>(kToneNames.size()));
		p.levels.push_back(l);
	}
	p.loyalty.min_score = GetMoney(in);
	p.loyalty.min_history = in.Get<std::int32_t>();
	p.loyalty.waive_fees = GetEnum<bool>(in, 2);
	return p;
}

} // namespace dunning
