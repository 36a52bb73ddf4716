// Template rendering (SPEC §11): Render on an arbitrary template and arbitrary vars, split at the
// first NUL byte (template before, vars JSON after). Either it renders, or the error is SQLSTATE
// 22023 with a message of bounded size; fmt's own exceptions must never escape (they would be
// XX000 in the server), and values are data: rendering "{v}" gives back a string value verbatim.
#include "core/render.hpp"
#include "fuzz_support.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using dunning::Error;
using dunning::ErrorCode;
using dunning::fuzz::Check;
using dunning::fuzz::ExpectCode;

// The detail lists the keys of vars, so it grows with them; the message itself stays short.
constexpr std::size_t kMaxMessage = 600;

// Escapes text as a JSON string.
std::string
JsonString(std::string_view text) {
	std::string out = "\"";
	for (unsigned char c : text) {
		if (c == '"' || c == '\\') {
			out.push_back('\\');
			out.push_back(static_cast<char>(c));
		} else if (c < 0x20) {
			static const char *hex = "0123456789abcdef";
			out += "\\u00";
			out.push_back(hex[c >> 4]);
			out.push_back(hex[c & 15]);
		} else {
			out.push_back(static_cast<char>(c));
		}
	}
	return out + "\"";
}

bool
IsValidUtf8(std::string_view s) {
	try {
		dunning::Render("", "{\"v\": " + JsonString(s) + "}");
		return true;
	} catch (const Error &) {
		return false;
	}
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
	const std::string_view input(reinterpret_cast<const char *>(data), size);
	const std::size_t split = input.find('\0');
	const std::string_view tmpl = input.substr(0, split);
	const std::string_view vars = split == std::string_view::npos ? std::string_view("{}") : input.substr(split + 1);
	try {
		(void)dunning::Render(tmpl, vars);
	} catch (const Error &e) {
		ExpectCode(e, {ErrorCode::kInvalidParameterValue});
		Check(std::string_view(e.what()).size() + e.hint().size() < kMaxMessage + tmpl.size(),
		      "error message grows beyond the template", e.what());
	}
	// A value is printed as given, whatever braces it holds.
	if (IsValidUtf8(tmpl)) {
		const std::string out = dunning::Render("{v}", "{\"v\": " + JsonString(tmpl) + "}");
		Check(out == tmpl, "a value was not printed verbatim", out);
	}
	return 0;
}
