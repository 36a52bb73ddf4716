// The pure parts of the delivery client pg_dunning (src/client): localized dates and amounts of
// the PDF, the EPC QR payload (EPC069-12), and what goes into SMTP headers and commands.
#include <gtest/gtest.h>

#include "client/epc.hpp"
#include "client/format.hpp"
#include "client/smtp.hpp"

namespace pg_dunning {
namespace {

TEST(ClientFormat, DatesInTheLetterLanguage)
{
	EXPECT_EQ(FormatDate("2026-11-16", "en"), "16 November 2026");
	EXPECT_EQ(FormatDate("2026-11-16", "nl-BE"), "16 november 2026");
	EXPECT_EQ(FormatDate("2026-02-01", "fr"), "1 février 2026");
	EXPECT_EQ(FormatDate("2026-03-05", "de"), "5. März 2026");
	EXPECT_EQ(FormatDate("2026-03-05", "pt-BR"), "5 March 2026"); // unknown: English
	EXPECT_EQ(FormatDate("", "en"), "");
	EXPECT_EQ(FormatDate("2026-13-01", "en"), "2026-13-01"); // not a date: as it is
}

TEST(ClientFormat, AmountsInTheLetterLocale)
{
	EXPECT_EQ(FormatMoney("12619.77", "EUR", "en"), "€12,619.77");
	EXPECT_EQ(FormatMoney("12619.77", "EUR", "nl"), "€ 12.619,77");
	EXPECT_EQ(FormatMoney("12619.77", "EUR", "fr-BE"), "12\u202f619,77\u00a0€");
	EXPECT_EQ(FormatMoney("12619.77", "EUR", "de"), "12.619,77\u00a0€");
	EXPECT_EQ(FormatMoney("1234567.00", "USD", "en"), "$1,234,567.00");
	EXPECT_EQ(FormatMoney("-40.00", "CHF", "en"), "CHF -40.00");
	EXPECT_EQ(FormatMoney("999.50", "EUR", "en"), "€999.50");
	EXPECT_EQ(FormatMoney("5.00", "", "en"), "5.00");
}

TEST(ClientEpc, PayloadOfEpc069Version002)
{
	auto payload = EpcPayload("Gamma Receivables NV", "BE71 0961 2345 6769", "GKCCBEBB", "EUR", "1525.50",
							  "RF18539007547034");
	ASSERT_TRUE(payload);
	EXPECT_EQ(*payload, "BCD\n002\n1\nSCT\nGKCCBEBB\nGamma Receivables NV\nBE71096123456769\nEUR1525.50\n\nRF18539007547034");
	// anything but an RF creditor reference is unstructured remittance information
	payload = EpcPayload("Gamma", "BE71096123456769", "", "EUR", "10.00", "+++090/9337/55493+++");
	ASSERT_TRUE(payload);
	EXPECT_EQ(*payload, "BCD\n002\n1\nSCT\n\nGamma\nBE71096123456769\nEUR10.00\n\n\n+++090/9337/55493+++");
}

TEST(ClientEpc, NoCodeWhenThePaymentCannotBeMade)
{
	EXPECT_FALSE(EpcPayload("Gamma", "BE71096123456769", "", "USD", "10.00", "1"));       // EUR only
	EXPECT_FALSE(EpcPayload("Gamma", "", "", "EUR", "10.00", "1"));                       // no IBAN
	EXPECT_FALSE(EpcPayload("", "BE71096123456769", "", "EUR", "10.00", "1"));            // no beneficiary
	EXPECT_FALSE(EpcPayload("Gamma", "BE71096123456769", "", "EUR", "0.00", "1"));        // nothing to pay
	EXPECT_FALSE(EpcPayload("Gamma", "BE71096123456769", "", "EUR", "-5.00", "1"));       // a credit
	EXPECT_FALSE(EpcPayload("Gamma", "BE71096123456769", "", "EUR", "1000000000.00", "1")); // above the maximum
	EXPECT_TRUE(EpcPayload("Gamma", "BE71096123456769", "", "EUR", "999999999.99", "1"));
}

TEST(ClientEpc, LongFieldsAreCutWithoutBreakingUtf8)
{
	std::string name(69, 'a');
	name += "é"; // bytes 70 and 71: cut before it, not in the middle
	auto payload = EpcPayload(name, "BE71096123456769", "", "EUR", "1.00", "x");
	ASSERT_TRUE(payload);
	EXPECT_NE(payload->find("\n" + std::string(69, 'a') + "\n"), std::string::npos);
}

TEST(ClientEpc, QrCodeOfThePayload)
{
	QrMatrix qr = EncodeQr("BCD\n002\n1\nSCT\n\nGamma\nBE71096123456769\nEUR10.00");
	EXPECT_GE(qr.width, 21);
	EXPECT_EQ(qr.modules.size(), static_cast<size_t>(qr.width * qr.width));
	EXPECT_TRUE(qr.modules[0]); // the finder pattern's corner
}

TEST(ClientSmtp, HeadersCannotBeInjected)
{
	EXPECT_EQ(EncodeHeader("Reminder 1: open items"), "Reminder 1: open items");
	EXPECT_EQ(EncodeHeader("Reminder\r\nBcc: victim@example.com"), "Reminder  Bcc: victim@example.com");
	EXPECT_EQ(EncodeHeader("Rappel – Béta"), "=?UTF-8?B?UmFwcGVsIOKAkyBCw6l0YQ==?=");
	std::string encoded = EncodeHeader(std::string(40, 'x') + "€€€€€€");
	EXPECT_NE(encoded.find("?=\r\n =?UTF-8?B?"), std::string::npos) << encoded; // folded into words
}

TEST(ClientSmtp, OnlyPlainAddressesGoToTheServer)
{
	EXPECT_TRUE(PlainAddress("ap@alpha.example"));
	EXPECT_FALSE(PlainAddress("ap@alpha.example>\r\nRCPT TO:<x@y"));
	EXPECT_FALSE(PlainAddress("Ann <ap@alpha.example>"));
	EXPECT_FALSE(PlainAddress("a@b@c"));
	EXPECT_FALSE(PlainAddress("ap@"));
	EXPECT_FALSE(PlainAddress("a,b@c"));
}

TEST(ClientSmtp, TheUrlIsChecked)
{
	EXPECT_EQ(CheckSmtpUrl("smtp://mail.example.com:587"), "");
	EXPECT_EQ(CheckSmtpUrl("smtps://mail.example.com"), "");
	EXPECT_NE(CheckSmtpUrl("http://mail.example.com").find("use smtp://"), std::string::npos);
	EXPECT_NE(CheckSmtpUrl("smtp://user:secret@mail.example.com").find("must not contain a password"),
			  std::string::npos);
	EXPECT_EQ(CheckSmtpUrl("smtp://user:secret@mail.example.com").find("secret"), std::string::npos);
}

} // namespace
} // namespace pg_dunning
