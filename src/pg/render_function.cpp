// dunning.render(template text, vars jsonb) → text (SPEC §11).
#include "core/render.hpp"
#include "pg/context_owned.hpp"
#include "pg/guard.hpp"
#include "pg/item_datum.hpp"
#include "pg/policy_datum.hpp"

DUNNING_FUNCTION(dunning_render) {
	std::string_view tmpl = *dunning::pg::TextArg(fcinfo, 0);
	std::string_view vars = dunning::pg::PolicyArgText(fcinfo, 1);
	auto *rendered = dunning::pg::NewInContext<std::string>(CurrentMemoryContext);
	*rendered = dunning::Render(tmpl, vars);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(rendered->data(), static_cast<int>(rendered->size())));
}
