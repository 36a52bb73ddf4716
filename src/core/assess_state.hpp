// The aggregate state of dunning.assess: the unit's items plus the values that must be the same on
// every row of a group (as_of, policy, history). The policy comes parsed from a PolicyCache, so a
// query parses each distinct policy once; a row whose constants are byte for byte the group's
// first costs a few comparisons, and only a row that differs is checked in full.
#pragma once

#include "core/assessment.hpp"
#include "core/item_set.hpp"
#include "core/memory.hpp"
#include "core/policy.hpp"
#include "core/policy_cache.hpp"
#include "core/serialize.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dunning {

class AssessState;

// One row's group-constant arguments, as views. Absent = SQL NULL.
struct AssessRow {
	std::optional<std::int32_t> as_of;
	std::optional<std::string_view> policy_bytes; // the jsonb's binary form: a cheap identity
	std::string_view policy_text; // its JSON text; needed only where NeedsPolicyText() said so
	std::optional<std::int32_t> last_level;
	std::optional<std::int32_t> last_letter_date;
	// loyalty_score: decoded (truncated to 4 decimals) into `score_units` by the glue when it can,
	// else its numeric text in `score_text`; neither: NULL.
	std::optional<std::int64_t> score_units;
	std::optional<std::string_view> score_text;
	// Set by NeedsPolicyText to the state whose group's policy `policy_bytes` are, so that Add to
	// that state does not compare them again (a policy is about a kilobyte, compared per row: 1M
	// items, about 1% of dunning.assess_units); any other state compares them.
	const AssessState *policy_is_group_of = nullptr;
};

class AssessState {
public:
	explicit AssessState(MemorySource &memory = HeapMemory()) noexcept : items_(memory) {
	}

	// Whether the row's policy must be supplied as text: neither the group's nor in `policies`.
	// Notes in `row` when it is the group's.
	bool NeedsPolicyText(AssessRow &row, PolicyCache &policies) const noexcept;

	// `item` null: a NULL item, which only checks the row's constants.
	void Add(const AssessRow &row, const Item *item, PolicyCache &policies);
	// The same with a cache of its own, which parses the row's policy text if it must (tests).
	void
	Add(const AssessRow &row, const std::optional<Item> &item) {
		PolicyCache policies;
		Add(row, item ? &*item : nullptr, policies);
	}
	void Merge(const AssessState &other);
	bool
	HasItems() const {
		return items_.size() > 0;
	}
	// Assesses the unit. Not kept in the state: with hash aggregation every group's state is alive
	// at once, and the result is larger than the state. Its action is kept (AsksForLetter).
	UnitAssessment Finish() const;
	// Whether the unit's assessment asks for a letter (action remind or pre_due; a block or an
	// open deadline may still defer it, dunning.decided_assessment). From the last Finish() when
	// no item has arrived since: dunning.assess's final function, which a query asking for both
	// aggregates runs first on the shared state. Else the unit is assessed here.
	bool AsksForLetter() const;
	// The unit's items as dunning.assess_items assesses them (history plays no part), in its order.
	std::vector<ItemAssessment> Items() const;
	// Bytes of items taken from the memory source.
	std::size_t
	allocated() const {
		return items_.allocated();
	}

	void Serialize(ByteWriter &out) const;
	static AssessState Deserialize(ByteReader &in, MemorySource &memory = HeapMemory());

private:
	void Start(const AssessRow &row, PolicyCache &policies);
	// Whether the row's constants are byte for byte those of the group's first row.
	bool SameAsFirst(const AssessRow &row) const noexcept;
	// `policy` null: the row's policy is byte-identical to the group's, nothing to compare.
	void NoteConstants(Date as_of, const Policy *policy, const History &history);

	bool started_ = false;
	Date as_of_;
	std::shared_ptr<const ParsedPolicy> policy_;
	History history_;
	// The first row's history arguments as given, for SameAsFirst.
	std::optional<std::int32_t> first_last_level_;
	std::optional<std::int32_t> first_last_letter_date_;
	std::optional<std::int64_t> first_score_units_;
	bool first_score_text_ = false; // the first row's score came as text: compare in full
	ItemSet items_;
	// The action of the last Finish(), until the next Add or Merge.
	mutable std::optional<Action> finished_action_;
};

} // namespace dunning
