#include <gtest/gtest.h>

#include "core/letter_lines.hpp"

using dunning::LetterCountsInvoice;
using dunning::LetterListsLine;

TEST(LetterLines, ReminderListsOverdueItemsAndOpenCharges) {
	EXPECT_TRUE(LetterListsLine("remind", "overdue", false));
	EXPECT_TRUE(LetterListsLine("remind", "charge", true));
	EXPECT_FALSE(LetterListsLine("remind", "charge", false)); // paid or credited charge
	EXPECT_FALSE(LetterListsLine("remind", "pre_due", true));
	EXPECT_FALSE(LetterListsLine("remind", "not_due", true));
	EXPECT_FALSE(LetterListsLine("remind", "disputed", true));
}

TEST(LetterLines, PreDueNoticeListsOnlyItemsComingDue) {
	EXPECT_TRUE(LetterListsLine("pre_due", "pre_due", false));
	EXPECT_FALSE(LetterListsLine("pre_due", "overdue", true));
	EXPECT_FALSE(LetterListsLine("pre_due", "charge", true));
}

TEST(LetterLines, OtherActionsListOverdueItemsLikeTheSqlRule) {
	// status = CASE action WHEN 'pre_due' THEN 'pre_due' ELSE 'overdue' END OR (remind AND charge AND > 0)
	EXPECT_TRUE(LetterListsLine("none", "overdue", false));
	EXPECT_FALSE(LetterListsLine("none", "charge", true));
	EXPECT_FALSE(LetterListsLine("", "", true));
}

TEST(LetterLines, CountsOverdueInvoicesAndInstallments) {
	EXPECT_TRUE(LetterCountsInvoice("overdue", "invoice"));
	EXPECT_TRUE(LetterCountsInvoice("overdue", "installment"));
	EXPECT_FALSE(LetterCountsInvoice("overdue", "fee"));
	EXPECT_FALSE(LetterCountsInvoice("pre_due", "invoice"));
	EXPECT_FALSE(LetterCountsInvoice("charge", "interest"));
}
