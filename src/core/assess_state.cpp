#include "core/assess_state.hpp"

#include "core/balance.hpp"
#include "core/error.hpp"

#include <climits>
#include <fmt/format.h>

namespace dunning {

namespace {

template <typename T, typename Show>
void
CheckSame(std::string_view what, const std::optional<T> &seen, const std::optional<T> &now, Show show) {
	if (seen != now)
		ThrowInvalid(fmt::format("{} differs within one group: {} and {}", what, seen ? show(*seen) : "NULL",
		                         now ? show(*now) : "NULL"),
		             {}, "Pass one value per group, e.g. from the table the group's key comes from.");
}

History
HistoryOf(const AssessRow &row) {
	History history;
	if (row.last_level) {
		if (*row.last_level < 0)
			ThrowInvalid(fmt::format("last_level {} must not be negative", *row.last_level), {},
			             "Pass 0 or NULL for a unit that has had no letter.");
		history.last_level = *row.last_level;
	}
	if (row.last_letter_date) {
		Date date = Date::FromPgDays(*row.last_letter_date);
		if (!date.IsFinite())
			ThrowInvalid(fmt::format("last_letter_date must be a finite date, not {}", date.ToIsoString()));
		history.last_letter_date = date;
	}
	if (row.score_units)
		history.loyalty_score = Decimal4::FromUnits(*row.score_units);
	else if (row.score_text)
		history.loyalty_score = Money::ParseTruncating(*row.score_text, "loyalty_score");
	return history;
}

} // namespace

bool
AssessState::NeedsPolicyText(AssessRow &row, PolicyCache &policies) const noexcept {
	const bool groups = started_ && policy_->SameBytes(row.policy_bytes);
	row.policy_is_group_of = groups ? this : nullptr;
	if (groups)
		return false;
	return policies.Find(row.policy_bytes) == nullptr;
}

void
AssessState::Start(const AssessRow &row, PolicyCache &policies) {
	// The checks in the order the arguments come: as_of, history, then the policy.
	Date as_of = RequireAsOf(row.as_of ? std::optional(Date::FromPgDays(*row.as_of)) : std::nullopt);
	History history = HistoryOf(row);
	policy_ = policies.Get(row.policy_bytes, row.policy_text);
	as_of_ = as_of;
	history_ = history;
	first_last_level_ = row.last_level;
	first_last_letter_date_ = row.last_letter_date;
	first_score_units_ = row.score_units;
	first_score_text_ = row.score_text.has_value();
	started_ = true;
}

bool
AssessState::SameAsFirst(const AssessRow &row) const noexcept {
	return row.as_of && *row.as_of == as_of_.pg_days() && row.last_level == first_last_level_ &&
	       row.last_letter_date == first_last_letter_date_ && !first_score_text_ && !row.score_text &&
	       row.score_units == first_score_units_ && (row.policy_is_group_of == this || policy_->SameBytes(row.policy_bytes));
}

void
AssessState::NoteConstants(Date as_of, const Policy *policy, const History &history) {
	CheckSameAsOf(as_of_, as_of);
	if (policy && !(policy_->policy == *policy))
		ThrowInvalid("policy differs within one group", {},
		             "Pass one policy per group, e.g. the customer's policy joined on the group key.");
	CheckSame<int>("last_level", history_.last_level, history.last_level, [](int v) { return std::to_string(v); });
	CheckSame<Date>("last_letter_date", history_.last_letter_date, history.last_letter_date,
	                [](Date d) { return d.ToIsoString(); });
	CheckSame<Decimal4>("loyalty_score", history_.loyalty_score, history.loyalty_score,
	                    [](Decimal4 v) { return FormatExact(v); });
}

void
AssessState::Add(const AssessRow &row, const Item *item, PolicyCache &policies) {
	if (!started_) {
		Start(row, policies);
	} else if (!SameAsFirst(row)) {
		Date as_of = RequireAsOf(row.as_of ? std::optional(Date::FromPgDays(*row.as_of)) : std::nullopt);
		History history = HistoryOf(row);
		const Policy *policy = nullptr;
		if (row.policy_is_group_of != this && !policy_->SameBytes(row.policy_bytes))
			policy = &policies.Get(row.policy_bytes, row.policy_text)->policy;
		NoteConstants(as_of, policy, history);
	}
	finished_action_.reset();
	if (item)
		items_.Add(*item);
}

void
AssessState::Merge(const AssessState &other) {
	if (other.started_) {
		if (!started_) {
			as_of_ = other.as_of_;
			policy_ = other.policy_;
			history_ = other.history_;
			first_last_level_ = other.first_last_level_;
			first_last_letter_date_ = other.first_last_letter_date_;
			first_score_units_ = other.first_score_units_;
			first_score_text_ = other.first_score_text_;
			started_ = true;
		} else {
			NoteConstants(other.as_of_, policy_ == other.policy_ ? nullptr : &other.policy_->policy, other.history_);
		}
	}
	finished_action_.reset();
	items_.Merge(other.items_);
}

UnitAssessment
AssessState::Finish() const {
	// Items only arrive with the group's constants, so a state with items has its policy.
	UnitAssessment result = AssessUnit(items_, policy_->policy, as_of_, history_);
	finished_action_ = result.action;
	return result;
}

bool
AssessState::AsksForLetter() const {
	const Action action = finished_action_ ? *finished_action_ : Finish().action;
	return action == Action::kRemind || action == Action::kPreDue;
}

std::vector<ItemAssessment>
AssessState::Items() const {
	return AssessItems(items_, policy_->policy, as_of_);
}

namespace {

void
PutOptionalInt(ByteWriter &out, const std::optional<std::int64_t> &v) {
	out.Put<std::uint8_t>(v.has_value());
	out.Put<std::int64_t>(v.value_or(0));
}

std::optional<std::int64_t>
GetOptionalInt(ByteReader &in) {
	auto present = in.Get<std::uint8_t>();
	auto value = in.Get<std::int64_t>();
	if (present > 1)
		ByteReader::Corrupt();
	return present ? std::optional(value) : std::nullopt;
}

} // namespace

void
AssessState::Serialize(ByteWriter &out) const {
	out.Put<std::uint8_t>(started_);
	out.Put<std::int32_t>(as_of_.pg_days());
	SerializePolicy(policy_ ? policy_->policy : Policy{}, out);
	PutOptionalInt(out, history_.last_level);
	PutOptionalInt(out, history_.last_letter_date ? std::optional<std::int64_t>(history_.last_letter_date->pg_days())
	                                              : std::nullopt);
	PutOptionalInt(out, history_.loyalty_score ? std::optional<std::int64_t>(history_.loyalty_score->units())
	                                           : std::nullopt);
	items_.Serialize(out);
}

AssessState
AssessState::Deserialize(ByteReader &in, MemorySource &memory) {
	AssessState state(memory);
	auto started = in.Get<std::uint8_t>();
	if (started > 1)
		ByteReader::Corrupt();
	state.started_ = started;
	state.as_of_ = Date::FromPgDays(in.Get<std::int32_t>());
	// The checks Add makes on the group's constants hold for a state that came from Serialize; bytes
	// that break them are corrupt (XX001), not bad user input.
	if (state.started_ && !state.as_of_.IsInPgRange())
		ByteReader::Corrupt();
	auto policy = std::make_shared<ParsedPolicy>();
	policy->policy = DeserializePolicy(in);
	policy->from_bytes = false;
	state.policy_ = std::move(policy);
	if (auto level = GetOptionalInt(in)) {
		if (*level < 0 || *level > INT32_MAX)
			ByteReader::Corrupt();
		state.history_.last_level = static_cast<int>(*level);
	}
	if (auto date = GetOptionalInt(in)) {
		if (*date < Date::kFirstPgDay || *date > Date::kLastPgDay)
			ByteReader::Corrupt();
		state.history_.last_letter_date = Date::FromPgDays(static_cast<std::int32_t>(*date));
	}
	if (auto score = GetOptionalInt(in)) {
		if (*score <= -Money::kLimitUnits || *score >= Money::kLimitUnits)
			ByteReader::Corrupt();
		state.history_.loyalty_score = Decimal4::FromUnits(*score);
	}
	state.items_ = ItemSet::Deserialize(in, memory);
	// Items only arrive with the group's constants (Add).
	if (!in.AtEnd() || (state.HasItems() && !state.started_))
		ByteReader::Corrupt();
	return state;
}

} // namespace dunning
