#include "core/error.hpp"
#include "core/payment_reference.hpp"

#include <cstdint>
#include <gtest/gtest.h>

#include "error_of.hpp"

using dunning::IsValidPaymentReference;
using dunning::PaymentReference;
using dunning::ReferenceScheme;

TEST(PaymentReference, Letter) {
	EXPECT_EQ(PaymentReference("letter", 4711), "4711");
	EXPECT_EQ(PaymentReference("letter", INT64_MAX), "9223372036854775807");
	EXPECT_TRUE(IsValidPaymentReference("letter", "4711"));
	EXPECT_TRUE(IsValidPaymentReference("letter", "9223372036854775807"));
	EXPECT_FALSE(IsValidPaymentReference("letter", "9223372036854775808"));
	EXPECT_FALSE(IsValidPaymentReference("letter", "04711"));
	EXPECT_FALSE(IsValidPaymentReference("letter", "0"));
	EXPECT_FALSE(IsValidPaymentReference("letter", ""));
	EXPECT_FALSE(IsValidPaymentReference("letter", "47 11"));
}

// Checked by hand: 909337554 = 97 x 9374613 + 93, so the check number is 93; 4711 = 97 x 48 + 55;
// 97 = 97 x 1 + 0, so 97.
TEST(PaymentReference, BelgianStructuredCommunication) {
	EXPECT_EQ(PaymentReference("be_ogm", 909337554), "+++090/9337/55493+++");
	EXPECT_EQ(PaymentReference("be_ogm", 4711), "+++000/0004/71155+++");
	EXPECT_EQ(PaymentReference("be_ogm", 1), "+++000/0000/00101+++");
	EXPECT_EQ(PaymentReference("be_ogm", 97), "+++000/0000/09797+++");
	EXPECT_EQ(PaymentReference("be_ogm", 9999999999), "+++999/9999/99948+++");
	EXPECT_EQ(ErrorOf([] { PaymentReference("be_ogm", 10000000000); }),
	          "letter id 10000000000 is too large for a Belgian structured communication");
	EXPECT_TRUE(IsValidPaymentReference("be_ogm", "+++090/9337/55493+++"));
	EXPECT_TRUE(IsValidPaymentReference("be_ogm", "***090/9337/55493***"));
	EXPECT_TRUE(IsValidPaymentReference("be_ogm", "090933755493"));
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++090/9337/55494+++")); // check number
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++090/9373/55493+++")); // swapped digits
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++090/9337/55493***")); // mixed delimiters
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++090-9337-55493+++"));
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++000/0000/00000+++")); // 0 mod 97 is written 97
	EXPECT_TRUE(IsValidPaymentReference("be_ogm", "+++000/0000/00097+++"));
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "+++0a0/9337/55493+++"));
	EXPECT_FALSE(IsValidPaymentReference("be_ogm", "4711"));
}

// ISO 11649's example: RF18 5390 0754 7034.
TEST(PaymentReference, CreditorReference) {
	EXPECT_EQ(PaymentReference("rf", 539007547034), "RF18539007547034");
	EXPECT_EQ(PaymentReference("rf", 1), "RF741");
	EXPECT_EQ(PaymentReference("rf", INT64_MAX), "RF329223372036854775807");
	EXPECT_TRUE(IsValidPaymentReference("rf", "RF18539007547034"));
	EXPECT_TRUE(IsValidPaymentReference("rf", "RF18 5390 0754 7034"));
	EXPECT_TRUE(IsValidPaymentReference("rf", "rf18 5390 0754 7034"));
	EXPECT_TRUE(IsValidPaymentReference("rf", "RF712348231")); // ISO 11649 example with letters-free body
	EXPECT_FALSE(IsValidPaymentReference("rf", "RF19539007547034"));
	EXPECT_FALSE(IsValidPaymentReference("rf", "RF18539007547043"));
	EXPECT_FALSE(IsValidPaymentReference("rf", "RF18"));
	EXPECT_FALSE(IsValidPaymentReference("rf", "XX18539007547034"));
	EXPECT_FALSE(IsValidPaymentReference("rf", "RF18" + std::string(22, '1')));
	EXPECT_FALSE(IsValidPaymentReference("rf", "RF18-5390"));
}

TEST(PaymentReference, RoundTrips) {
	for (ReferenceScheme scheme : {ReferenceScheme::kLetter, ReferenceScheme::kBeOgm, ReferenceScheme::kRf}) {
		for (std::int64_t id = 1; id < 100'000'000; id = id * 3 + 7)
			EXPECT_TRUE(IsValidPaymentReference(scheme, PaymentReference(scheme, id))) << id;
	}
}

TEST(PaymentReference, SchemesAndIds) {
	EXPECT_EQ(ErrorOf([] { PaymentReference("iso", 1); }), "unknown payment reference scheme \"iso\"");
	EXPECT_EQ(ErrorOf([] { IsValidPaymentReference("OGM", "1"); }), "unknown payment reference scheme \"OGM\"");
	try {
		dunning::ParseReferenceScheme("x");
	} catch (const dunning::Error &e) {
		EXPECT_NE(e.hint().find("letter"), std::string::npos);
		EXPECT_NE(e.hint().find("be_ogm"), std::string::npos);
		EXPECT_NE(e.hint().find("rf"), std::string::npos);
	}
	EXPECT_EQ(ErrorOf([] { PaymentReference("rf", 0); }), "letter id 0 cannot make a payment reference: it must be positive");
	EXPECT_EQ(ErrorOf([] { PaymentReference("letter", -5); }),
	          "letter id -5 cannot make a payment reference: it must be positive");
}
