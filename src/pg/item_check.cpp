// dunning.item_check(...) → text: the validation of dunning.item(...) (text kind) without
// raising, so that a run can find the bad rows among a million items without a subtransaction
// per row. NULL for a valid item, else "SQLSTATE<TAB>message" for a data error (22023, 22003);
// any other error still raises.
#include "core/item_check.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"

#include <optional>

namespace {

// The outcome as plain data, so that no C++ string is alive when PostgreSQL allocates the result.
// The message is cut where the guard cuts a raised one.
struct CheckOutcome {
	bool valid;
	int sqlerrcode;
	char message[1024];
};

void
Check(const dunning::ItemFields &fields, CheckOutcome *out) {
	std::optional<dunning::ItemProblem> problem = dunning::CheckItem(fields);
	out->valid = !problem;
	if (problem) {
		out->sqlerrcode = dunning::pg::SqlStateOf(problem->code);
		dunning::pg::CopyText(out->message, sizeof out->message, "", problem->message.c_str());
	}
}

} // namespace

DUNNING_FUNCTION(dunning_item_check) {
	dunning::ItemFields fields;
	fields.kind = dunning::pg::TextArg(fcinfo, dunning::pg::kItemArgKind);
	dunning::pg::ReadItemArguments(fcinfo, &fields);
	CheckOutcome outcome;
	Check(fields, &outcome);
	if (outcome.valid)
		PG_RETURN_NULL();
	dunning::pg::ClipToCharacters(outcome.message, sizeof outcome.message);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%s\t%s", unpack_sql_state(outcome.sqlerrcode), outcome.message)));
}
