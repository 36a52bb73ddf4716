#include "core/letter_locale.hpp"

#include <algorithm>

namespace dunning {

std::string
LetterLocale(std::string_view language, std::optional<std::string_view> country) {
	std::string locale(language);
	if (language.find('-') == std::string_view::npos && country && !country->empty())
		locale.append(1, '-').append(*country);
	return locale;
}

std::vector<std::string>
LanguageChain(std::string_view locale) {
	std::vector<std::string> chain;
	for (std::string_view language : {locale, locale.substr(0, locale.find('-')), std::string_view("en")})
		if (std::find(chain.begin(), chain.end(), language) == chain.end())
			chain.emplace_back(language);
	return chain;
}

} // namespace dunning
