// User text echoed in error messages stays short: a fuzzed megabyte must not become a megabyte
// message, and a cut must not split a UTF-8 character (the client's encoding conversion would
// fail with 22021 instead of reporting the error).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dunning {

// The longest prefix of `text` of at most `max_bytes` that ends on a character boundary.
inline std::string_view
PrefixAtCharacter(std::string_view text, std::size_t max_bytes) {
	if (text.size() <= max_bytes)
		return text;
	std::size_t end = max_bytes;
	while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
		--end;
	return text.substr(0, end);
}

// User text as a message shows it: at most `max_bytes`, cut on a character boundary, "..." when cut.
inline std::string
ShownText(std::string_view text, std::size_t max_bytes = 64) {
	std::string_view prefix = PrefixAtCharacter(text, max_bytes);
	return std::string(prefix) + (prefix.size() < text.size() ? "..." : "");
}

} // namespace dunning
