// The locale of a letter and the languages its texts are looked up in (SPEC §13). Plain functions
// rather than SQL ones: a run asks for both once per letter, and a SQL function with its pinned
// search_path is executed, not inlined (about 8 µs a letter).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dunning {

// nl and BE give nl-BE; a language that names its country (nl-BE) keeps it; no country (absent
// or empty) gives the language alone.
std::string LetterLocale(std::string_view language, std::optional<std::string_view> country);

// Most specific first, each once: nl-BE → nl-BE, nl, en; nl → nl, en; en → en.
std::vector<std::string> LanguageChain(std::string_view locale);

} // namespace dunning
