#include "core/error.hpp"
#include "core/iban.hpp"

#include <gtest/gtest.h>

#include "error_of.hpp"

using dunning::CheckBic;
using dunning::CheckIban;
using dunning::FormatIban;

// Published example IBANs (the IBAN registry's and the banks' own examples).
TEST(Iban, AcceptsValidIbans) {
	for (const char *iban : {"BE68539007547034", "NL91ABNA0417164300", "DE89370400440532013000",
	                         "FR1420041010050500013M02606", "GB29NWBK60161331926819", "CH9300762011623852957",
	                         "NO9386011117947", "AT611904300234573201", "LU280019400644750000",
	                         "MT84MALT011000012345MTLCAST001S", "ES9121000418450200051332", "IT60X0542811101000000123456",
	                         "LC55HEMM000100010012001200023015"})
		EXPECT_EQ(CheckIban(iban), iban);
}

TEST(Iban, NormalizesCaseAndSpaces) {
	EXPECT_EQ(CheckIban("be68 5390 0754 7034"), "BE68539007547034");
	EXPECT_EQ(CheckIban("  NL91 ABNA 0417 1643 00 "), "NL91ABNA0417164300");
	EXPECT_EQ(FormatIban("BE68539007547034"), "BE68 5390 0754 7034");
	EXPECT_EQ(FormatIban("fr1420041010050500013m02606"), "FR14 2004 1010 0505 0001 3M02 606");
	EXPECT_EQ(FormatIban("NO9386011117947"), "NO93 8601 1117 947");
}

TEST(Iban, RegistryLengthsOfSepaCountries) {
	const std::pair<const char *, int> sepa[] = {
	    {"AT", 20}, {"BE", 16}, {"BG", 22}, {"HR", 21}, {"CY", 28}, {"CZ", 24}, {"DK", 18}, {"EE", 20}, {"FI", 18},
	    {"FR", 27}, {"DE", 22}, {"GR", 27}, {"HU", 28}, {"IE", 22}, {"IT", 27}, {"LV", 21}, {"LT", 20}, {"LU", 20},
	    {"MT", 31}, {"NL", 18}, {"PL", 28}, {"PT", 25}, {"RO", 24}, {"SK", 24}, {"SI", 19}, {"ES", 24}, {"SE", 24},
	    {"IS", 26}, {"LI", 21}, {"NO", 15}, {"CH", 21}, {"GB", 22}, {"MC", 27}, {"SM", 27}, {"VA", 22}, {"AD", 24},
	    {"GI", 23}, {"AL", 28}, {"MD", 24}, {"ME", 22}, {"MK", 19}};
	for (auto [country, length] : sepa)
		EXPECT_EQ(dunning::IbanLength(country), length) << country;
	EXPECT_EQ(dunning::IbanLength("US"), 0);
	EXPECT_EQ(dunning::IbanLength("ZZ"), 0);
	EXPECT_EQ(dunning::IbanLength("AA"), 0);
}

TEST(Iban, NamesWhatIsWrong) {
	EXPECT_EQ(ErrorOf([] { CheckIban("BE69539007547034"); }), "iban \"BE69539007547034\" has wrong check digits");
	EXPECT_EQ(ErrorOf([] { CheckIban("BE68539007547043"); }), "iban \"BE68539007547043\" has wrong check digits");
	EXPECT_EQ(ErrorOf([] { CheckIban("BE6853900754703"); }),
	          "iban \"BE6853900754703\" has 15 characters, not the 16 of a BE IBAN");
	EXPECT_EQ(ErrorOf([] { CheckIban("US12345678901234"); }), "iban \"US12345678901234\" has an unknown country code \"US\"");
	EXPECT_EQ(ErrorOf([] { CheckIban("1234"); }), "iban \"1234\" does not start with a country code and two check digits");
	EXPECT_EQ(ErrorOf([] { CheckIban(""); }), "iban \"\" does not start with a country code and two check digits");
	EXPECT_EQ(ErrorOf([] { CheckIban("BE68-5390-0754-7034"); }),
	          "iban \"BE68-5390-0754-7034\" has a character other than a letter, a digit or a space");
	EXPECT_EQ(ErrorOf([] { CheckIban("BE68" + std::string(100, '1')); }),
	          "iban \"BE68" + std::string(60, '1') + "...\" has more than 34 characters, not the 16 of a BE IBAN");
	EXPECT_EQ(ErrorOf([] { FormatIban("NL91ABNA0417164301"); }), "iban \"NL91ABNA0417164301\" has wrong check digits");
}

TEST(Iban, EverySingleDigitChangeIsCaught) {
	const std::string valid = "DE89370400440532013000";
	for (std::size_t i = 2; i < valid.size(); ++i) {
		for (char d = '0'; d <= '9'; ++d) {
			if (d == valid[i])
				continue;
			std::string typo = valid;
			typo[i] = d;
			EXPECT_THROW(CheckIban(typo), dunning::Error) << typo;
		}
	}
}

TEST(Iban, Mod97) {
	EXPECT_EQ(dunning::Mod97("539007547034BE68"), 1);
	EXPECT_EQ(dunning::Mod97("97"), 0);
	EXPECT_EQ(dunning::Mod97("A"), 10);
	EXPECT_EQ(dunning::Mod97("Z"), 35);
	// A long number: 10^30 mod 97 (10^48 = 1 mod 97, Fermat; 10^30 mod 97 computed by hand below).
	int expected = 1;
	for (int i = 0; i < 30; ++i)
		expected = expected * 10 % 97;
	EXPECT_EQ(dunning::Mod97("1" + std::string(30, '0')), expected);
}

TEST(Bic, AcceptsValidBics) {
	EXPECT_EQ(CheckBic("GEBABEBB"), "GEBABEBB");
	EXPECT_EQ(CheckBic("GEBABEBB036"), "GEBABEBB036");
	EXPECT_EQ(CheckBic("deutdeff500"), "DEUTDEFF500");
	EXPECT_EQ(CheckBic("ABNA NL 2A"), "ABNANL2A");
	EXPECT_EQ(CheckBic("BNPAFRPPXXX"), "BNPAFRPPXXX");
}

TEST(Bic, NamesWhatIsWrong) {
	EXPECT_EQ(ErrorOf([] { CheckBic("GEBABEB"); }), "bic \"GEBABEB\" has 7 characters, not 8 or 11");
	EXPECT_EQ(ErrorOf([] { CheckBic("GEBABEBB03"); }), "bic \"GEBABEBB03\" has 10 characters, not 8 or 11");
	EXPECT_EQ(ErrorOf([] { CheckBic("GEB1BEBB"); }), "bic \"GEB1BEBB\" has a bank code that is not 4 letters");
	EXPECT_EQ(ErrorOf([] { CheckBic("GEBAB3BB"); }), "bic \"GEBAB3BB\" has a country code that is not 2 letters");
	EXPECT_EQ(ErrorOf([] { CheckBic("GEBABEB-"); }),
	          "bic \"GEBABEB-\" has a location or branch code that is not letters and digits");
	EXPECT_EQ(ErrorOf([] { CheckBic(""); }), "bic \"\" has 0 characters, not 8 or 11");
}
