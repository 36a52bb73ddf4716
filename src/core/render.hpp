// Letter templates (SPEC §11): fmt named-argument templates filled from a JSON object. Values are
// data, never format strings; numbers are exact decimals, so `{amount:.2f}` rounds the JSON
// number's own digits half away from zero, with no floating point in between.
#pragma once

#include <string>
#include <string_view>

namespace dunning {

// Fills `tmpl` ("Dear {customer}, {amount:>10.2f} EUR ...") from `vars_json`, a JSON object.
// Errors (SQLSTATE 22023): vars not an object, a placeholder without a value (named in the
// message), a positional placeholder, a malformed template, a value that is an array or object.
// A JSON null prints as nothing; true/false as such.
std::string Render(std::string_view tmpl, std::string_view vars_json);

} // namespace dunning
