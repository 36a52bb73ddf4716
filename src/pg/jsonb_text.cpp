#include "pg/jsonb_text.hpp"

#include <cstring>

namespace dunning::pg {

bool
JsonbValueText(const JsonbValue &value, const char **text, int *length) {
	switch (value.type) {
	case jbvNull:
		return false;
	case jbvString:
		*text = value.val.string.val;
		*length = value.val.string.len;
		return true;
	case jbvNumeric:
		*text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value.val.numeric)));
		break;
	case jbvBool:
		*text = value.val.boolean ? "true" : "false";
		break;
	default:
		*text = JsonbToCString(nullptr, value.val.binary.data, value.val.binary.len);
		break;
	}
	*length = static_cast<int>(std::strlen(*text));
	return true;
}

} // namespace dunning::pg
