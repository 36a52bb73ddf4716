// The aggregate state of dunning.assess: the unit's items plus the values that must be the same on
// every row of a group (as_of, policy, history). The policy is parsed once per group; later rows
// are compared by their raw bytes, and parsed again only when the bytes differ.
#pragma once

#include "core/assessment.hpp"
#include "core/item_set.hpp"
#include "core/policy.hpp"
#include "core/serialize.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace dunning {

// One row's group-constant arguments, as views. Absent = SQL NULL.
struct AssessRow {
	std::optional<std::int32_t> as_of;
	std::optional<std::string_view> policy_bytes; // the jsonb's binary form: a cheap identity
	std::string_view policy_text; // its JSON text; needed only where NeedsPolicyText() said so
	std::optional<std::int32_t> last_level;
	std::optional<std::int32_t> last_letter_date;
	std::optional<std::string_view> score_text; // numeric text of loyalty_score
};

class AssessState {
public:
	// Whether the row's policy must be supplied as text (first row, or bytes unlike the first's).
	bool NeedsPolicyText(std::optional<std::string_view> policy_bytes) const noexcept;

	void Add(const AssessRow &row, std::optional<Item> item);
	void Merge(const AssessState &other);
	bool
	HasItems() const {
		return items_.size() > 0;
	}
	// Assesses the unit; the result lives in the state, so the glue only holds a pointer to it.
	const UnitAssessment &Finish();

	void Serialize(ByteWriter &out) const;
	static AssessState Deserialize(ByteReader &in);

private:
	// `policy` null: the row's policy is byte-identical to the group's, nothing to compare.
	void NoteConstants(Date as_of, const Policy *policy, const History &history);

	bool started_ = false;
	Date as_of_;
	Policy policy_;
	std::optional<std::string> policy_bytes_; // of the first row, for the cheap comparison
	History history_;
	ItemSet items_;
	UnitAssessment result_;
};

} // namespace dunning
