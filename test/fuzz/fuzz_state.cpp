// Aggregate state deserialization (the serialfunc/deserialfunc pair of dunning.balance and
// dunning.assess): ItemSet, BalanceState and AssessState::Deserialize on arbitrary bytes. A state
// either deserializes or the error is XX001 (data corrupted); one that deserializes serializes to
// bytes that deserialize to the same state again, and finishing it (what the final function does)
// never crashes. A fourth mode builds valid states from a decoded unit and checks that
// serialize → deserialize keeps both the bytes and the result.
#include "core/assess_state.hpp"
#include "core/balance.hpp"
#include "core/item_set.hpp"
#include "fuzz_support.hpp"
#include "fuzz_unit.hpp"

#include <vector>

namespace {

using namespace dunning;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

template <typename State>
std::vector<char>
BytesOf(const State &state) {
	ByteWriter counter;
	state.Serialize(counter);
	std::vector<char> bytes(counter.size());
	ByteWriter writer(bytes.data(), bytes.size());
	state.Serialize(writer);
	Check(writer.size() == bytes.size(), "serialized size changed between counting and writing");
	return bytes;
}

template <typename State>
State
StateOf(const std::vector<char> &bytes) {
	ByteReader reader(bytes.data(), bytes.size());
	State state = State::Deserialize(reader);
	if constexpr (std::is_same_v<State, ItemSet>)
		Check(reader.AtEnd(), "item set left bytes unread");
	return state;
}

// The final function's work on a state that deserialized: no crash, no error but a unit-wide 22023.
void
Finish(const ItemSet &set) {
	try {
		set.UnitCurrency(kDefaultCurrency);
		(void)set.Canonical();
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
}
void
Finish(const BalanceState &state) {
	try {
		(void)state.Finish();
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
}
void
Finish(AssessState &state) {
	try {
		(void)state.Finish();
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
}

template <typename State>
void
CheckArbitrary(const std::uint8_t *data, std::size_t size) {
	ByteReader reader(reinterpret_cast<const char *>(data), size);
	std::optional<State> state;
	try {
		state.emplace(State::Deserialize(reader));
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kDataCorrupted});
		return;
	}
	const std::vector<char> bytes = BytesOf(*state);
	State again = StateOf<State>(bytes);
	Check(BytesOf(again) == bytes, "serialize -> deserialize -> serialize changed the bytes");
	Finish(again);
}

// Valid states built row by row, as the transition functions build them.
void
CheckBuilt(FuzzedDataProvider &in) {
	const fuzz::Unit u = fuzz::DecodeUnit(in);
	const fuzz::UnitRow args(u);
	const AssessRow &row = args.row();

	AssessState assess;
	BalanceState balance;
	ItemSet set;
	for (const Item &item : u.items) {
		assess.Add(row, item);
		balance.Add(u.as_of, item);
		set.Add(item);
	}
	const std::vector<char> assess_bytes = BytesOf(assess), balance_bytes = BytesOf(balance), set_bytes = BytesOf(set);
	AssessState assess_copy = StateOf<AssessState>(assess_bytes);
	Check(BytesOf(assess_copy) == assess_bytes, "assess state round trip changed the bytes");
	Check(BytesOf(StateOf<BalanceState>(balance_bytes)) == balance_bytes, "balance state round trip changed the bytes");
	Check(BytesOf(StateOf<ItemSet>(set_bytes)) == set_bytes, "item set round trip changed the bytes");
	if (u.items.empty())
		return;
	try {
		const UnitAssessment a = assess.Finish();
		const UnitAssessment b = assess_copy.Finish();
		Check(a.level == b.level && a.action == b.action && a.reason == b.reason && a.fee == b.fee &&
		          a.next_review_date == b.next_review_date && a.balance.net_balance == b.balance.net_balance,
		      "a deserialized assess state decides differently");
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
	}
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		CheckArbitrary<ItemSet>(data + 1, size - 1);
		break;
	case 1:
		CheckArbitrary<BalanceState>(data + 1, size - 1);
		break;
	case 2:
		CheckArbitrary<AssessState>(data + 1, size - 1);
		break;
	default: {
		FuzzedDataProvider in(data + 1, size - 1);
		CheckBuilt(in);
		break;
	}
	}
	return 0;
}
