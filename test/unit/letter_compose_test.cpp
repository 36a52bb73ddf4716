// The letter composition of a run (src/core/letter_compose.cpp). test/pgtap/compose_equal.sql
// compares it with the PL/pgSQL it replaced on many generated letters; these tests pin the rules.
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/letter_compose.hpp"
#include "core/locale_format.hpp"
#include "core/render.hpp"

#include <gtest/gtest.h>

using dunning::ComposeLetter;
using dunning::ItemsTable;
using dunning::LetterFacts;
using dunning::LetterLine;
using dunning::LetterPhrases;

namespace {

std::int32_t
Day(int year, unsigned month, unsigned day) {
	return dunning::Date::FromCivil(year, month, day).pg_days();
}

LetterLine
Line(std::string id, std::optional<std::int32_t> due, std::string open, std::string status,
     std::optional<std::int32_t> days) {
	LetterLine line;
	line.item_id = std::move(id);
	line.due_date = due;
	line.open_amount = open;
	line.net_open = open;
	line.status = std::move(status);
	line.days_overdue = days;
	return line;
}

LetterFacts
Facts() {
	LetterFacts facts;
	facts.locale = "en";
	facts.currency = "EUR";
	facts.customer = "Acme";
	facts.as_of = Day(2026, 3, 2);
	facts.as_of_text = "2026-03-02";
	facts.amount = "100.00";
	facts.total = "100.00";
	facts.fee = "0";
	return facts;
}

} // namespace

TEST(ItemsTable, AlignsColumnsAndRightAlignsAmounts) {
	std::vector<LetterLine> lines = {Line("BIG-1", Day(2026, 1, 31), "12345678901.23", "overdue", 1),
	                                 Line("S-2", std::nullopt, "5", "overdue", 1)};
	LetterPhrases phrases = {{"items_header", "Doc|Date|Due|Original|Open|Days"}};
	EXPECT_EQ(ItemsTable(lines, phrases, std::string("en"), std::string("EUR")),
	          "Doc    Date             Due                        Original                Open  Days\n"
	          "BIG-1  31 January 2026  31 January 2026  €12,345,678,901.23  €12,345,678,901.23     1\n"
	          "S-2                                                   €5.00               €5.00     1");
}

TEST(ItemsTable, CreditsUnderTheirItemDaysOnlyWhenOverdue) {
	LetterLine credited = Line("A", Day(2026, 1, 31), "10", "overdue", 30);
	credited.allocated = "2.50";
	LetterLine fee = Line("F", Day(2026, 2, 1), "5", "charge", 29);
	fee.allocated = "1"; // a charge shows no credit line
	LetterPhrases phrases = {{"items_header", "D|a|b|c|d|e"}, {"item_credit", "less {credit_amount}"}};
	EXPECT_EQ(ItemsTable({credited, fee}, phrases, std::string("en"), std::string("EUR")),
	          "D  a                b                     c       d   e\n"
	          "A  31 January 2026  31 January 2026  €10.00  €10.00  30\n"
	          "    less €2.50\n"
	          "F  1 February 2026  1 February 2026   €5.00   €5.00");
}

TEST(ItemsTable, WidthsCountCharactersNotBytes) {
	LetterPhrases phrases = {{"items_header", "Ä|b|c|d|e|f"}};
	// "Äpfel" is 5 characters, 6 bytes: the header cell pads to 5
	auto table = ItemsTable({Line("Äpfel", std::nullopt, "1", "not_due", std::nullopt)}, phrases, std::string("de"),
	                        std::nullopt);
	ASSERT_TRUE(table);
	EXPECT_EQ(table->substr(0, table->find('\n')), "Ä      b  c     d     e  f");
}

TEST(ItemsTable, WhatTheSqlVersionGaveNullForIsNull) {
	EXPECT_EQ(ItemsTable({Line("A", 1, "1", "overdue", std::nullopt)}, {}, std::string("en"), std::string("EUR")),
	          std::nullopt);
	EXPECT_EQ(ItemsTable({}, {{"items_header", "a|b"}}, std::string("en"), std::string("EUR")), std::nullopt);
	EXPECT_THROW(ItemsTable({Line("A", 1, "1", "overdue", 1)}, {{"items_header", "a|b"}}, std::string("en"),
	                        std::string("EUR")),
	             dunning::Error);
}

TEST(ComposeLetter, RendersPhrasesIntoTheTemplate) {
	LetterPhrases phrases = {{"salutation_neutral", "Dear customer,"},
	                         {"salutation_named", "Dear {contact_name},"},
	                         {"line_amount", "Overdue: {amount}"},
	                         {"line_fee", "Fee: {fee}"},
	                         {"line_total", "Total: {total}"}};
	LetterFacts facts = Facts();
	auto letter = ComposeLetter("Reminder {customer}", "{salutation}\n\n{totals}\n\n{fee_line}\n\n\n{as_of}", phrases,
	                            facts, {});
	EXPECT_EQ(letter.subject, "Reminder Acme");
	// a zero fee leaves no line, and its empty paragraph no blank lines
	EXPECT_EQ(letter.body, "Dear customer,\n\nOverdue: €100.00\nTotal: €100.00\n\n2 March 2026");

	facts.contact_name = "Jan";
	facts.fee = "15";
	letter = ComposeLetter("x", "{salutation}\n{totals}\n{fee_line}", phrases, facts, {});
	EXPECT_EQ(letter.body, "Dear Jan,\nOverdue: €100.00\nFee: €15.00\nTotal: €100.00\nFee: €15.00");
}

TEST(ComposeLetter, PlanOfferInstalmentsInTheirOrder) {
	LetterPhrases phrases = {{"plan_offer_intro", "Pay {plan_total} in parts:"},
	                         {"plan_offer_line", "{installment_n}. {installment_amount} by {installment_due}"},
	                         {"plan_offer_accept", "Reply to accept."}};
	LetterFacts facts = Facts();
	facts.has_plan = true;
	facts.plan = {{"1", Day(2026, 3, 16), "50"}, {"2", Day(2026, 4, 16), "50.005"}};
	facts.plan_total = "100.005";
	auto letter = ComposeLetter(std::nullopt, "{plan_offer}", phrases, facts, {});
	EXPECT_EQ(letter.subject, std::nullopt);
	EXPECT_EQ(letter.body, "Pay €100.01 in parts:\n\n1. €50.00 by 16 March 2026\n2. €50.01 by 16 April "
	                       "2026\n\nReply to accept.");
}

TEST(ComposeLetter, BlankLinesCollapse) {
	LetterFacts facts = Facts();
	auto letter = ComposeLetter("x", "a \t\nb\n\n\n\n c  \n\n\nd  ", {}, facts, {});
	EXPECT_EQ(letter.body, "a\nb\n\n c\n\nd  ");
}

TEST(ComposeLetter, AMissingValueNamesItAndListsTheValuesInJsonbOrder) {
	try {
		ComposeLetter("{nope}", "x", {}, Facts(), {});
		FAIL() << "no error";
	} catch (const dunning::Error &e) {
		EXPECT_STREQ(e.what(), "template placeholder \"{nope}\" has no value in vars");
		// jsonb orders keys by length, then bytes
		EXPECT_EQ(e.detail().rfind("vars has: bic, fee, iban, unit, as_of, ", 0), 0u) << e.detail();
	}
}

TEST(Render, TextVarsAsTheJsonObjectOfThoseStrings) {
	dunning::TextVars vars = {{"amount", "12.50"}, {"customer", "Acme \"NV\""}, {"w", "8"}};
	const std::string json = R"({"w": "8", "amount": "12.50", "customer": "Acme \"NV\""})";
	for (std::string_view tmpl : {"{customer} owes {amount:>10}", "{w:<4}|", "{{x}} {customer}{customer}"})
		EXPECT_EQ(dunning::Render(tmpl, vars), dunning::Render(tmpl, json)) << tmpl;
	for (std::string_view tmpl : {"{missing}", "{0}", "{amount:.2f}", "{amount", "{amount:>{w}}", "{w x}", "{customer!r}"}) {
		std::string a, b;
		try {
			dunning::Render(tmpl, vars);
		} catch (const dunning::Error &e) {
			a = std::string(e.what()) + "|" + e.detail();
		}
		try {
			dunning::Render(tmpl, json);
		} catch (const dunning::Error &e) {
			b = std::string(e.what()) + "|" + e.detail();
		}
		EXPECT_FALSE(a.empty()) << tmpl;
		EXPECT_EQ(a, b) << tmpl;
	}
}
