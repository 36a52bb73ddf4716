#include "core/letter_locale.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using dunning::LanguageChain;
using dunning::LetterLocale;
using Chain = std::vector<std::string>;

TEST(LetterLocale, LanguageAndCountry) {
	EXPECT_EQ(LetterLocale("nl", "BE"), "nl-BE");
	EXPECT_EQ(LetterLocale("nl-BE", "NL"), "nl-BE"); // the language names its country
	EXPECT_EQ(LetterLocale("fr", std::nullopt), "fr");
	EXPECT_EQ(LetterLocale("fr", ""), "fr");
}

TEST(LetterLocale, ChainMostSpecificFirstEachOnce) {
	EXPECT_EQ(LanguageChain("nl-BE"), (Chain{"nl-BE", "nl", "en"}));
	EXPECT_EQ(LanguageChain("nl"), (Chain{"nl", "en"}));
	EXPECT_EQ(LanguageChain("en"), (Chain{"en"}));
	EXPECT_EQ(LanguageChain("en-GB"), (Chain{"en-GB", "en"}));
	EXPECT_EQ(LanguageChain(""), (Chain{"", "en"}));
}
