// `->>` of a jsonb value, as the glue reads jsonb arguments (a letter's phrases and plan, a policy's
// costs rule) the way the SQL they replaced did.
#pragma once

#include "pg/postgres_api.hpp"

extern "C" {
#include "utils/jsonb.h"
}

namespace dunning::pg {

// A string as such, a number as numeric prints it, true/false, a nested array or object as its
// JSON text (palloc'd where made); false for JSON null.
bool JsonbValueText(const JsonbValue &value, const char **text, int *length);

} // namespace dunning::pg
