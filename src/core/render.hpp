// Letter templates (SPEC §11): fmt named-argument templates filled from a JSON object. Values are
// data, never format strings; numbers are exact decimals, so `{amount:.2f}` rounds the JSON
// number's own digits half away from zero, with no floating point in between.
#pragma once

#include <cstring>
#include <map>
#include <string>
#include <string_view>

namespace dunning {

// Fills `tmpl` ("Dear {customer}, {amount:>10.2f} EUR ...") from `vars_json`, a JSON object.
// Errors (SQLSTATE 22023): vars not an object, a placeholder without a value (named in the
// message), a positional placeholder, a malformed template, a value that is an array or object.
// A JSON null prints as nothing; true/false as such.
std::string Render(std::string_view tmpl, std::string_view vars_json);

// jsonb's order of object keys: shorter first, then bytewise. An error lists the keys in this order,
// as it lists them for the jsonb a SQL caller passes.
struct JsonbKeyLess {
	using is_transparent = void;
	bool
	operator()(std::string_view a, std::string_view b) const {
		if (a.size() != b.size())
			return a.size() < b.size();
		return a.size() > 0 && std::memcmp(a.data(), b.data(), a.size()) < 0;
	}
};
// Template variables that are all text (a JSON object of strings; a JSON null is the empty text).
using TextVars = std::map<std::string, std::string, JsonbKeyLess>;

// Render(tmpl, vars_json) for the JSON object of those strings, with the same output and errors,
// without printing and parsing JSON: the letters of a run render some twenty texts each.
std::string Render(std::string_view tmpl, const TextVars &vars);

} // namespace dunning
