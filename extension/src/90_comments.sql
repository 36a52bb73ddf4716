-- Comments (SPEC §11.1 BI) ------------------------------------------------------------------------
--
-- Every object of the extension carries a COMMENT ON, for psql's \d+, BI tools and catalogs that
-- show them: here the columns, composite type attributes, indexes, sequences, triggers and
-- row-level security policies that their source file leaves without one, grouped by table. The
-- update from 0.2 includes this file last, so both paths end with the same comments
-- (test/pgtap/comments.sql lists any object without one). Amounts are in the unit's currency.

-- Types --------------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.item.item_id IS 'document number, unique within the unit';
COMMENT ON COLUMN dunning.item.kind IS 'invoice, credit_note, payment, bank_receipt, fee, interest or installment';
COMMENT ON COLUMN dunning.item.amount IS 'original gross amount, >= 0 (credits too)';
COMMENT ON COLUMN dunning.item.open_amount IS 'amount still open (for a credit: still unapplied), between 0 and amount';
COMMENT ON COLUMN dunning.item.due_date IS 'due date; for a credit its document date; required for invoices and instalments';
COMMENT ON COLUMN dunning.item.doc_date IS 'document date; dunning.item sets it to due_date when NULL';
COMMENT ON COLUMN dunning.item.currency IS 'ISO 4217 code; NULL: the policy currency (EUR by default)';
COMMENT ON COLUMN dunning.item.disputed IS 'disputed: counted in the balance, never dunned';
COMMENT ON COLUMN dunning.item.hold_until IS 'promise to pay: the item is held (not dunned) while hold_until is after as_of; days overdue still count from due_date, so dunning resumes where it stood (an agreed extension is a new due_date); NULL: no hold';
COMMENT ON COLUMN dunning.item.on_plan IS 'covered by a payment plan: its instalments are dunned instead';

COMMENT ON COLUMN dunning.balance.principal_open IS 'open amount of the invoices, disputed and on-plan ones included, before credits';
COMMENT ON COLUMN dunning.balance.charges_open IS 'open amount of the fees and interest';
COMMENT ON COLUMN dunning.balance.credits_open IS 'open amount of the credit notes, payments and bank receipts';
COMMENT ON COLUMN dunning.balance.net_balance IS 'principal_open + charges_open - credits_open; negative: the customer is in credit';
COMMENT ON COLUMN dunning.balance.disputed_open IS 'open amount of the disputed invoices';
COMMENT ON COLUMN dunning.balance.not_due_open IS 'net open principal (invoices not on a plan, instalments) due on as_of or later, after credit allocation';
COMMENT ON COLUMN dunning.balance.overdue_open IS 'net open principal past its effective due date (the later of due_date and hold_until), disputed included';

COMMENT ON COLUMN dunning.item_assessment.item_id IS 'document number of the item';
COMMENT ON COLUMN dunning.item_assessment.kind IS 'kind of the item';
COMMENT ON COLUMN dunning.item_assessment.amount IS 'original gross amount of the item';
COMMENT ON COLUMN dunning.item_assessment.open_amount IS 'open amount of the item, before credit allocation';
COMMENT ON COLUMN dunning.item_assessment.allocated IS 'for a debt item the credit applied to it; for a credit the part of it used up';
COMMENT ON COLUMN dunning.item_assessment.net_open IS 'open_amount - allocated: still owed, or for a credit still unapplied';
COMMENT ON COLUMN dunning.item_assessment.effective_due_date IS 'the later of due_date and hold_until: when dunning may resume; credit allocation and overdue_open go by it';
COMMENT ON COLUMN dunning.item_assessment.days_overdue IS 'as_of - due_date in days (negative: days until due); a hold suspends dunning but does not restart this count; NULL without a due date';
COMMENT ON COLUMN dunning.item_assessment.significant IS 'an invoice or instalment whose net open amount is positive and reaches item_min_amount and item_min_percent of its amount';
COMMENT ON COLUMN dunning.item_assessment.item_level IS 'the highest policy level whose days a dunnable item (significant, eligible, beyond grace) reaches; 0 for any other item';
COMMENT ON COLUMN dunning.item_assessment.status IS 'the first that applies of credit, charge, settled, disputed, on_plan, held, pre_due, not_due, grace, insignificant, overdue';

COMMENT ON COLUMN dunning.assessment.level IS 'the letter level for action remind or wait, else 0';
COMMENT ON COLUMN dunning.assessment.computed_level IS 'the level the items justify, before escalation limits (one step per letter) and the interval';
COMMENT ON COLUMN dunning.assessment.action IS 'none, pre_due, remind, wait (the interval since the last letter has not passed) or hold (only disputed, held or on-plan items are overdue)';
COMMENT ON COLUMN dunning.assessment.tone IS 'friendly, standard, firm, final or formal_notice; NULL without a letter';
COMMENT ON COLUMN dunning.assessment.fee IS 'the dunning fee of the letter, charged with action remind only; 0 otherwise';
COMMENT ON COLUMN dunning.assessment.principal_open IS 'open amount of the invoices before credits, as in dunning.balance';
COMMENT ON COLUMN dunning.assessment.charges_open IS 'open amount of the fees and interest, as in dunning.balance';
COMMENT ON COLUMN dunning.assessment.credits_open IS 'open amount of the credit notes, payments and bank receipts, as in dunning.balance';
COMMENT ON COLUMN dunning.assessment.net_balance IS 'principal + charges - credits; negative: the customer is in credit';
COMMENT ON COLUMN dunning.assessment.overdue_amount IS 'net open principal past its effective due date, disputed included (dunning.balance''s overdue_open)';
COMMENT ON COLUMN dunning.assessment.dunnable_amount IS 'net open amount of the dunnable items (significant, eligible, overdue beyond grace): what a letter is about';
COMMENT ON COLUMN dunning.assessment.significant_overdue_days IS 'greatest days overdue among the dunnable items; NULL when there is none';
COMMENT ON COLUMN dunning.assessment.oldest_overdue_days IS 'days since the oldest open invoice or instalment fell due, before credits and holds (the naive figure); NULL when none is past due';
COMMENT ON COLUMN dunning.assessment.items IS 'number of items of the unit';
COMMENT ON COLUMN dunning.assessment.items_overdue IS 'number of invoices not on a plan and instalments past their effective due date with a net open amount';
COMMENT ON COLUMN dunning.assessment.items_significant IS 'number of dunnable items (significant, eligible, overdue beyond grace)';
COMMENT ON COLUMN dunning.assessment.next_review_date IS 'first later day on which the action or level would change without new data; NULL: no change within the 64 days examined';
COMMENT ON COLUMN dunning.assessment.reason IS 'why, for people: the level, amounts, days and items that decided it';
COMMENT ON COLUMN dunning.assessment.reason_codes IS 'why, for machines: codes such as level_reached, escalation_capped, interval_not_passed (docs/how-levels-are-decided.md §7)';

COMMENT ON COLUMN dunning.behaviour.invoices IS 'number of paid invoices counted';
COMMENT ON COLUMN dunning.behaviour.paid_on_time IS 'number of those paid on or before their due date';
COMMENT ON COLUMN dunning.behaviour.on_time_ratio IS 'amount paid on time / amount paid, truncated to 6 decimals; NULL when the amounts sum to 0';
COMMENT ON COLUMN dunning.behaviour.avg_days_late IS 'amount-weighted average days late over the late invoices, rounded to 2 decimals; 0 when none was late';
COMMENT ON COLUMN dunning.behaviour.max_days_late IS 'the most days any invoice was paid late; 0 when none was';
COMMENT ON COLUMN dunning.behaviour.score IS 'loyalty score from 0 to 1: on_time_ratio, damped toward 0.5 below min_history invoices; truncated to 6 decimals';

-- dunning.statutory_rates ----------------------------------------------------------------------------

COMMENT ON INDEX dunning.statutory_rates_pkey IS 'one rate per jurisdiction, kind of debt and first day';

-- dunning.ledger_items, dunning.open_items ---------------------------------------------------------------

COMMENT ON COLUMN dunning.ledger_items.customer_id IS 'the customer the item belongs to';
COMMENT ON COLUMN dunning.ledger_items.item_id IS 'document number, unique per customer';
COMMENT ON COLUMN dunning.ledger_items.amount IS 'original gross amount, >= 0 (credits too)';
COMMENT ON COLUMN dunning.ledger_items.open_amount IS 'amount still open (for a credit: still unapplied), between 0 and amount';
COMMENT ON COLUMN dunning.ledger_items.due_date IS 'due date; for a credit its document date; required for invoices and instalments';
COMMENT ON COLUMN dunning.ledger_items.doc_date IS 'document date; NULL: the due date';
COMMENT ON COLUMN dunning.ledger_items.currency IS 'ISO 4217 code; NULL: the currency of the customer''s policy';
COMMENT ON COLUMN dunning.ledger_items.disputed IS 'disputed: counted in the balance, never dunned';
COMMENT ON COLUMN dunning.ledger_items.hold_until IS 'promise to pay: the item is held (not dunned) while hold_until is after as_of; days overdue still count from due_date, so dunning resumes where it stood (an agreed extension is a new due_date); NULL: no hold';
COMMENT ON COLUMN dunning.ledger_items.on_plan IS 'covered by a payment plan: its instalments are dunned instead';
COMMENT ON INDEX dunning.ledger_items_pkey IS 'one row per customer and document number';

COMMENT ON COLUMN dunning.open_items.customer_id IS 'the customer the item belongs to; a row without one is a unit error of a run';
COMMENT ON COLUMN dunning.open_items.department IS 'department of the item; splits the customer into units when customers.unit_by = ''department''';
COMMENT ON COLUMN dunning.open_items.project IS 'project of the item; splits the customer into units when customers.unit_by = ''project''';
COMMENT ON COLUMN dunning.open_items.item_id IS 'document number, unique within a unit';
COMMENT ON COLUMN dunning.open_items.kind IS 'a dunning.item_kind label: invoice, credit_note, payment, bank_receipt, fee, interest or installment';
COMMENT ON COLUMN dunning.open_items.amount IS 'original gross amount, >= 0 (credits too)';
COMMENT ON COLUMN dunning.open_items.open_amount IS 'amount still open (for a credit: still unapplied), between 0 and amount';
COMMENT ON COLUMN dunning.open_items.due_date IS 'due date; for a credit its document date; required for invoices and instalments';
COMMENT ON COLUMN dunning.open_items.doc_date IS 'document date; NULL: the due date';
COMMENT ON COLUMN dunning.open_items.currency IS 'ISO 4217 code; NULL: the currency of the customer''s policy';
COMMENT ON COLUMN dunning.open_items.disputed IS 'disputed: counted in the balance, never dunned';
COMMENT ON COLUMN dunning.open_items.hold_until IS 'promise to pay: the item is held (not dunned) while hold_until is after as_of; days overdue still count from due_date, so dunning resumes where it stood (an agreed extension is a new due_date); NULL: no hold';
COMMENT ON COLUMN dunning.open_items.on_plan IS 'covered by a payment plan: its instalments are dunned instead';

-- dunning.paid_ledger, dunning.paid_items -----------------------------------------------------------

COMMENT ON COLUMN dunning.paid_ledger.customer_id IS 'the customer that paid the invoice';
COMMENT ON COLUMN dunning.paid_ledger.department IS 'department of the invoice; counts toward that unit''s loyalty when customers.unit_by = ''department''';
COMMENT ON COLUMN dunning.paid_ledger.project IS 'project of the invoice; counts toward that unit''s loyalty when customers.unit_by = ''project''';
COMMENT ON COLUMN dunning.paid_ledger.item_id IS 'document number of the invoice, unique per customer';
COMMENT ON COLUMN dunning.paid_ledger.due_date IS 'due date of the invoice';
COMMENT ON COLUMN dunning.paid_ledger.paid_date IS 'the day it was paid (on time when on or before due_date); NULL: not paid yet, not counted';
COMMENT ON COLUMN dunning.paid_ledger.amount IS 'amount of the invoice, >= 0: the weight of its punctuality in the score';
COMMENT ON INDEX dunning.paid_ledger_pkey IS 'one row per customer and document number';

COMMENT ON COLUMN dunning.paid_items.customer_id IS 'the customer that paid the invoice';
COMMENT ON COLUMN dunning.paid_items.department IS 'department of the invoice; counts toward that unit''s loyalty when customers.unit_by = ''department''';
COMMENT ON COLUMN dunning.paid_items.project IS 'project of the invoice; counts toward that unit''s loyalty when customers.unit_by = ''project''';
COMMENT ON COLUMN dunning.paid_items.item_id IS 'document number of the invoice';
COMMENT ON COLUMN dunning.paid_items.due_date IS 'due date of the invoice';
COMMENT ON COLUMN dunning.paid_items.paid_date IS 'the day it was paid (on time when on or before due_date); NULL: not paid yet, not counted';
COMMENT ON COLUMN dunning.paid_items.amount IS 'amount of the invoice, >= 0: the weight of its punctuality in the score';

-- dunning.settings -------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.settings.name IS 'the setting: open_items, paid_items, sender or pay_within_days';
COMMENT ON COLUMN dunning.settings.value IS 'for a source the registered relation, as regclass prints it; for sender the signature of letters; for pay_within_days a whole number of days';
COMMENT ON INDEX dunning.settings_pkey IS 'one value per setting';
COMMENT ON TRIGGER settings_normalize_source ON dunning.settings IS 'stores a source registration as its regclass name';
COMMENT ON TRIGGER settings_apply_source ON dunning.settings IS
    're-creates dunning.open_items or dunning.paid_items over the relation a registration names, or over the extension''s table when it is removed (a restored dump too); refuses a pay_within_days that is not whole days';

-- dunning.policies --------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.policies.name IS 'the policy''s name, used by customers.policy and the policy argument of dunning.run';
COMMENT ON INDEX dunning.policies_pkey IS 'one row per policy name';
COMMENT ON TRIGGER policies_check ON dunning.policies IS 'refuses a body dunning.validate_policy rejects (SQLSTATE 22023 naming the policy and the key)';
COMMENT ON TRIGGER policies_guard_builtin ON dunning.policies IS 'refuses to insert, change or delete a shipped row (builtin = true)';
COMMENT ON TRIGGER policies_keep_in_use ON dunning.policies IS 'refuses to delete or rename a policy that customers use';

-- dunning.customers, dunning.contacts ------------------------------------------------------------------

COMMENT ON COLUMN dunning.customers.customer_id IS 'the customer''s id, as in dunning.open_items.customer_id';
COMMENT ON COLUMN dunning.customers.name IS 'the name letters use; NULL: the customer_id';
COMMENT ON INDEX dunning.customers_pkey IS 'one row per customer';
COMMENT ON INDEX dunning.customers_parent_id IS 'finds the subsidiaries of a parent';
COMMENT ON INDEX dunning.customers_policy IS 'finds the customers of a policy (a run''s policy filter, a policy that customers use)';
COMMENT ON TRIGGER customers_check_policy ON dunning.customers IS
    'refuses a customer whose policy is not a row of dunning.policies (skipped while a dump is restored; runs check again)';

COMMENT ON COLUMN dunning.contacts.customer_id IS 'the customer whose letters the contact receives';
COMMENT ON COLUMN dunning.contacts.department IS 'only the letters of this department''s unit; NULL: any department';
COMMENT ON COLUMN dunning.contacts.project IS 'only the letters of this project''s unit; NULL: any project';
COMMENT ON COLUMN dunning.contacts.email IS 'e-mail address (local@domain)';
COMMENT ON INDEX dunning.contacts_unique IS 'an address once per customer, department and project (NULLs equal)';

-- dunning.templates -------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.templates.level IS 'the letter level the text is for; NULL: any level; 0: the pre-due reminder';
COMMENT ON COLUMN dunning.templates.tone IS 'friendly, standard, firm, final or formal_notice';
COMMENT ON COLUMN dunning.templates.language IS 'the language of the text: ISO 639-1 ll, or ll-CC where a country''s wording differs (nl-BE, fr-BE)';
COMMENT ON COLUMN dunning.templates.subject IS 'dunning.render template of the subject, with the variables of dunning.letter_vars';
COMMENT ON COLUMN dunning.templates.body IS 'dunning.render template of the letter''s text, with the variables of dunning.letter_vars';
COMMENT ON INDEX dunning.templates_unique IS 'one shipped and one own text per level, tone and language (NULL level: any level)';
COMMENT ON TRIGGER templates_check ON dunning.templates IS
    'renders subject and body with the values of a reminder and of a pre-due letter, so a bad placeholder or format is refused when stored';
COMMENT ON TRIGGER templates_guard_builtin ON dunning.templates IS 'refuses to insert, change or delete a shipped row (builtin = true)';

-- dunning.runs ----------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.runs.run_id IS 'the run''s number, from dunning.runs_run_id_seq';
COMMENT ON COLUMN dunning.runs.as_of IS 'the date the run assessed as of (its as_of argument)';
COMMENT ON COLUMN dunning.runs.started_at IS 'when the run started (clock time)';
COMMENT ON COLUMN dunning.runs.finished_at IS 'when the run finished (clock time), in the same transaction';
COMMENT ON COLUMN dunning.runs.units IS 'units assessed, not counting those left out because of their data';
COMMENT ON COLUMN dunning.runs.letters IS 'letters issued';
COMMENT ON COLUMN dunning.runs.run_by IS 'the role that called dunning.run (current_user)';
COMMENT ON SEQUENCE dunning.runs_run_id_seq IS 'numbers dunning.runs.run_id; dumped with the table';
COMMENT ON INDEX dunning.runs_pkey IS 'one row per run';

-- dunning.letters ---------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.letters.letter_id IS 'the letter''s number, from dunning.letters_letter_id_seq, in unit order within a run';
COMMENT ON COLUMN dunning.letters.run_id IS 'the run that issued it (dunning.runs.run_id)';
COMMENT ON COLUMN dunning.letters.as_of IS 'the date of the run that issued it: the letter''s date';
COMMENT ON COLUMN dunning.letters.customer_id IS 'the customer whose items the letter dunns';
COMMENT ON COLUMN dunning.letters.department IS 'the unit''s department when the customer is split by department (customers.unit_by), else NULL';
COMMENT ON COLUMN dunning.letters.project IS 'the unit''s project when the customer is split by project (customers.unit_by), else NULL';
COMMENT ON COLUMN dunning.letters.level IS 'the reminder level; 0 for a pre-due reminder';
COMMENT ON COLUMN dunning.letters.action IS 'remind: a reminder at its level; pre_due: a reminder before the due date, without fee';
COMMENT ON COLUMN dunning.letters.tone IS 'friendly, standard, firm, final or formal_notice';
COMMENT ON COLUMN dunning.letters.language IS 'ISO 639-1 code of the text: the addressee''s language, or en when no template is in it';
COMMENT ON COLUMN dunning.letters.cc_emails IS 'the addresses copied: the unit''s cc contacts and, billed to the group, the subsidiary''s to contact; empty when none';
COMMENT ON COLUMN dunning.letters.subject IS 'the rendered subject';
COMMENT ON COLUMN dunning.letters.body IS 'the rendered text, with the listed items';
COMMENT ON COLUMN dunning.letters.fee IS 'the dunning fee the letter charges; 0 when none';
COMMENT ON COLUMN dunning.letters.reason IS 'why the letter went out, for people (dunning.assessment.reason)';
COMMENT ON COLUMN dunning.letters.reason_codes IS 'why, for machines (dunning.assessment.reason_codes)';
COMMENT ON SEQUENCE dunning.letters_letter_id_seq IS 'numbers dunning.letters.letter_id; dumped with the table';
COMMENT ON INDEX dunning.letters_pkey IS 'one row per letter';
COMMENT ON TRIGGER letters_delete_items ON dunning.letters IS 'deletes the items of deleted letters (there is no foreign key)';
COMMENT ON POLICY letters_read ON dunning.letters IS
    'a role other than the owner sees the letters of the customers it sees in dunning.open_items or dunning.paid_items';
COMMENT ON POLICY letters_write ON dunning.letters IS 'a run writes the letters of every customer it assessed';
COMMENT ON POLICY letters_change ON dunning.letters IS 'a role updates only the letters of the customers it sees in the sources';
COMMENT ON POLICY letters_remove ON dunning.letters IS 'a role deletes only the letters of the customers it sees in the sources';

-- dunning.letter_items ----------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.letter_items.letter_id IS 'the letter that lists the item (dunning.letters.letter_id)';
COMMENT ON COLUMN dunning.letter_items.item_id IS 'document number of the item in the source';
COMMENT ON COLUMN dunning.letter_items.kind IS 'kind of the item';
COMMENT ON COLUMN dunning.letter_items.due_date IS 'due date of the item in the source';
COMMENT ON COLUMN dunning.letter_items.effective_due_date IS 'the later of due_date and hold_until: when dunning may resume';
COMMENT ON COLUMN dunning.letter_items.open_amount IS 'open amount in the source on the run, before credit allocation';
COMMENT ON COLUMN dunning.letter_items.net_open IS 'what remained owed after credit allocation: the amount the letter lists';
COMMENT ON COLUMN dunning.letter_items.days_overdue IS 'days past due_date on the letter''s as_of, holds notwithstanding (negative in a pre-due reminder: days until due)';
COMMENT ON COLUMN dunning.letter_items.item_level IS 'the highest policy level whose days the item had reached; 0 in a pre-due reminder';
COMMENT ON COLUMN dunning.letter_items.status IS 'overdue, pre_due in a pre-due reminder, or charge: an open fee or interest on the ledger the letter lists under the items';
COMMENT ON INDEX dunning.letter_items_pkey IS 'an item once per letter';
COMMENT ON POLICY letter_items_read ON dunning.letter_items IS 'a letter''s items are visible with the letter';
COMMENT ON POLICY letter_items_write ON dunning.letter_items IS 'a run writes the items of its letters';
COMMENT ON POLICY letter_items_change ON dunning.letter_items IS 'a role updates only the items of letters it sees';
COMMENT ON POLICY letter_items_remove ON dunning.letter_items IS 'a role deletes only the items of letters it sees';

-- dunning.unit_state ------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.unit_state.customer_id IS 'the customer of the unit';
COMMENT ON COLUMN dunning.unit_state.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_state.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_state.last_level IS 'level of the unit''s last letter; 0 when the episode ended (paid) or after a pre-due reminder';
COMMENT ON COLUMN dunning.unit_state.last_letter_date IS 'as_of of the unit''s last letter, kept when the episode ends; NULL: none';
COMMENT ON COLUMN dunning.unit_state.updated_at IS 'when a run last changed the row';
COMMENT ON INDEX dunning.unit_state_one_per_unit IS 'one row per unit: customer, department, project and currency (NULLs equal)';
COMMENT ON POLICY unit_state_read ON dunning.unit_state IS
    'a role other than the owner sees the history of the customers it sees in dunning.open_items or dunning.paid_items';
COMMENT ON POLICY unit_state_write ON dunning.unit_state IS 'a run records the history of every unit it assessed';
COMMENT ON POLICY unit_state_change ON dunning.unit_state IS 'a role updates only the history of the customers it sees in the sources';
COMMENT ON POLICY unit_state_remove ON dunning.unit_state IS 'a role deletes only the history of the customers it sees in the sources';

-- dunning.run_errors ------------------------------------------------------------------------------------

COMMENT ON INDEX dunning.run_errors_run_id IS 'finds the errors of a run';
COMMENT ON POLICY run_errors_read ON dunning.run_errors IS
    'a role other than the owner sees the errors of the customers it sees in the sources, and those of rows without customer';
COMMENT ON POLICY run_errors_write ON dunning.run_errors IS 'a run records the errors of every unit it left out';
COMMENT ON POLICY run_errors_remove ON dunning.run_errors IS 'a role deletes only the errors it sees';

-- dunning.role_grants -----------------------------------------------------------------------------------

COMMENT ON INDEX dunning.role_grants_pkey IS 'one row per role and kind of grant';

-- Internal views of a run ---------------------------------------------------------------------------

COMMENT ON COLUMN dunning.unit_rows.customer_id IS 'the customer of the row (NULL: a unit error of a run)';
COMMENT ON COLUMN dunning.unit_rows.department IS 'the unit''s department: the row''s when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_rows.project IS 'the unit''s project: the row''s when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_rows.policy IS 'the customer''s policy; default without a row in dunning.customers';
COMMENT ON COLUMN dunning.unit_rows.item_id IS 'dunning.open_items.item_id, unchecked';
COMMENT ON COLUMN dunning.unit_rows.kind IS 'dunning.open_items.kind, unchecked';
COMMENT ON COLUMN dunning.unit_rows.amount IS 'dunning.open_items.amount, unchecked';
COMMENT ON COLUMN dunning.unit_rows.open_amount IS 'dunning.open_items.open_amount, unchecked';
COMMENT ON COLUMN dunning.unit_rows.due_date IS 'dunning.open_items.due_date, unchecked';
COMMENT ON COLUMN dunning.unit_rows.doc_date IS 'dunning.open_items.doc_date, unchecked';
COMMENT ON COLUMN dunning.unit_rows.currency IS 'dunning.open_items.currency, unchecked';
COMMENT ON COLUMN dunning.unit_rows.disputed IS 'dunning.open_items.disputed, unchecked';
COMMENT ON COLUMN dunning.unit_rows.hold_until IS 'dunning.open_items.hold_until, unchecked';
COMMENT ON COLUMN dunning.unit_rows.on_plan IS 'dunning.open_items.on_plan, unchecked';

COMMENT ON COLUMN dunning.unit_items.customer_id IS 'the customer of the unit';
COMMENT ON COLUMN dunning.unit_items.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_items.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_items.policy IS 'the customer''s policy; default without a row in dunning.customers';
COMMENT ON COLUMN dunning.unit_items.item IS 'the row as a dunning.item, which refuses a bad row with SQLSTATE 22023 or 22003';
COMMENT ON COLUMN dunning.unit_items.currency IS 'the item''s currency; NULL: the policy''s';

COMMENT ON COLUMN dunning.unit_paid_items.customer_id IS 'the customer that paid the invoice';
COMMENT ON COLUMN dunning.unit_paid_items.department IS 'the unit''s department: the invoice''s when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_paid_items.project IS 'the unit''s project: the invoice''s when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_paid_items.policy IS 'the customer''s policy; default without a row in dunning.customers';
COMMENT ON COLUMN dunning.unit_paid_items.due_date IS 'due date of the invoice';
COMMENT ON COLUMN dunning.unit_paid_items.paid_date IS 'the day it was paid; NULL: not paid yet, not counted';
COMMENT ON COLUMN dunning.unit_paid_items.amount IS 'amount of the invoice: the weight of its punctuality in the score';

COMMENT ON COLUMN dunning.unit_assessment.customer_id IS 'the customer of the unit';
COMMENT ON COLUMN dunning.unit_assessment.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_assessment.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_assessment.currency IS 'the unit''s currency: its items'', else the policy''s';
COMMENT ON COLUMN dunning.unit_assessment.policy IS 'the customer''s policy; default without a row in dunning.customers';
COMMENT ON COLUMN dunning.unit_assessment.as_of IS 'the date assessed: dunning.view_date()';
COMMENT ON COLUMN dunning.unit_assessment.assessment IS 'the unit''s dunning.assessment with its history, a block (action hold) and an open deadline (action wait) applied';
COMMENT ON COLUMN dunning.unit_assessment.last_level IS 'level of the unit''s last letter (dunning.unit_state); NULL: no letter yet';
COMMENT ON COLUMN dunning.unit_assessment.last_letter_date IS 'date of the unit''s last letter; NULL: no letter yet';
COMMENT ON COLUMN dunning.unit_assessment.last_pay_by IS 'the deadline of the unit''s last letter; NULL: none';
COMMENT ON COLUMN dunning.unit_assessment.loyalty_score IS 'payment-behaviour score from 0 to 1 of the unit''s paid history; NULL without paid invoices';
COMMENT ON COLUMN dunning.unit_assessment.lines IS 'the unit''s items as dunning.assess_items assesses them, with due and document dates (dunning.assess_lines), which a run''s letters list; NULL for a unit that gets no letter (its assessment''s action is neither remind nor pre_due)';

-- BI: dunning.unit_overview ---------------------------------------------------------------------------

COMMENT ON COLUMN dunning.unit_overview.customer_id IS 'the customer of the unit';
COMMENT ON COLUMN dunning.unit_overview.customer_name IS 'the customer''s name in dunning.customers; NULL without one';
COMMENT ON COLUMN dunning.unit_overview.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.unit_overview.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.unit_overview.policy IS 'the customer''s policy; default without a row in dunning.customers';
COMMENT ON COLUMN dunning.unit_overview.level IS 'the letter level for action remind or wait, else 0';
COMMENT ON COLUMN dunning.unit_overview.computed_level IS 'the level the items justify, before escalation limits and the interval';
COMMENT ON COLUMN dunning.unit_overview.action IS 'none, pre_due, remind, wait (the interval or the last letter''s deadline has not passed) or hold (blocked, or only disputed, held or on-plan items overdue)';
COMMENT ON COLUMN dunning.unit_overview.tone IS 'friendly, standard, firm, final or formal_notice; NULL without a letter';
COMMENT ON COLUMN dunning.unit_overview.fee IS 'the dunning fee of a letter, charged with action remind only; 0 otherwise';
COMMENT ON COLUMN dunning.unit_overview.net_balance IS 'open principal + charges - credits; negative: the customer is in credit';
COMMENT ON COLUMN dunning.unit_overview.overdue_amount IS 'net open principal past its effective due date, disputed included';
COMMENT ON COLUMN dunning.unit_overview.dunnable_amount IS 'net open amount of the dunnable items (significant, eligible, overdue beyond grace): what a letter is about';
COMMENT ON COLUMN dunning.unit_overview.significant_overdue_days IS 'greatest days overdue among the dunnable items; NULL when there is none';
COMMENT ON COLUMN dunning.unit_overview.oldest_overdue_days IS 'days since the oldest open invoice or instalment fell due, before credits and holds; NULL when none is past due';
COMMENT ON COLUMN dunning.unit_overview.items IS 'number of open items of the unit';
COMMENT ON COLUMN dunning.unit_overview.items_overdue IS 'number of invoices not on a plan and instalments past their effective due date with a net open amount';
COMMENT ON COLUMN dunning.unit_overview.next_review_date IS 'first later day on which the action or level would change without new data; NULL: none within 64 days, or a block without end';
COMMENT ON COLUMN dunning.unit_overview.reason IS 'why, for people: the level, amounts, days and items that decided it';
COMMENT ON COLUMN dunning.unit_overview.reason_codes IS 'why, for machines (docs/how-levels-are-decided.md §7)';
COMMENT ON COLUMN dunning.unit_overview.last_level IS 'level of the unit''s last letter (dunning.unit_state); NULL: no letter yet';
COMMENT ON COLUMN dunning.unit_overview.last_letter_date IS 'date of the unit''s last letter; NULL: no letter yet';
COMMENT ON COLUMN dunning.unit_overview.loyalty_score IS 'payment-behaviour score from 0 to 1 of the unit''s paid history; NULL without paid invoices';
COMMENT ON COLUMN dunning.unit_overview.currency IS 'the unit''s currency, of every amount in the row: its items'', else the policy''s';
COMMENT ON COLUMN dunning.unit_overview.last_pay_by IS 'the deadline of the unit''s last letter; no new letter before it has passed; NULL: none';

-- BI: dunning.aging -------------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.aging.customer_id IS 'the customer of the unit';
COMMENT ON COLUMN dunning.aging.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.aging.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.aging.currency IS 'ISO 4217 code of the amounts: the items'' currency, else the policy''s';
COMMENT ON COLUMN dunning.aging.not_due IS 'net open principal (invoices not on a plan, instalments) due on the view''s date or later';
COMMENT ON COLUMN dunning.aging.days_0_30 IS 'net open principal 1 to 30 days past its effective due date';
COMMENT ON COLUMN dunning.aging.days_31_60 IS 'net open principal 31 to 60 days past its effective due date';
COMMENT ON COLUMN dunning.aging.days_61_90 IS 'net open principal 61 to 90 days past its effective due date';
COMMENT ON COLUMN dunning.aging.days_over_90 IS 'net open principal more than 90 days past its effective due date';
COMMENT ON COLUMN dunning.aging.charges IS 'open fees and interest left after credit allocation';
COMMENT ON COLUMN dunning.aging.unapplied_credits IS 'credit notes, payments and bank receipts not applied to principal or charges';
COMMENT ON COLUMN dunning.aging.net_open IS 'principal + charges - unapplied credits; negative: the customer is in credit';

-- BI: dunning.letter_queue ------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.letter_queue.letter_id IS 'the letter (dunning.letters.letter_id)';
COMMENT ON COLUMN dunning.letter_queue.run_id IS 'the run that issued it';
COMMENT ON COLUMN dunning.letter_queue.as_of IS 'the letter''s date';
COMMENT ON COLUMN dunning.letter_queue.customer_id IS 'the customer whose items the letter dunns';
COMMENT ON COLUMN dunning.letter_queue.department IS 'the unit''s department when the customer is split by department, else NULL';
COMMENT ON COLUMN dunning.letter_queue.project IS 'the unit''s project when the customer is split by project, else NULL';
COMMENT ON COLUMN dunning.letter_queue.level IS 'the reminder level; 0 for a pre-due reminder';
COMMENT ON COLUMN dunning.letter_queue.action IS 'remind or pre_due';
COMMENT ON COLUMN dunning.letter_queue.tone IS 'friendly, standard, firm, final or formal_notice';
COMMENT ON COLUMN dunning.letter_queue.language IS 'ISO 639-1 code of the text';
COMMENT ON COLUMN dunning.letter_queue.addressee_id IS 'the customer the letter is addressed to: the parent when the customer is billed to its group';
COMMENT ON COLUMN dunning.letter_queue.to_email IS 'the address to send it to; NULL: no to contact, see needs_address';
COMMENT ON COLUMN dunning.letter_queue.cc_emails IS 'the addresses to copy; empty when none';
COMMENT ON COLUMN dunning.letter_queue.subject IS 'the rendered subject';
COMMENT ON COLUMN dunning.letter_queue.body IS 'the rendered text';
COMMENT ON COLUMN dunning.letter_queue.fee IS 'the dunning fee the letter charges; 0 when none';
COMMENT ON COLUMN dunning.letter_queue.amount IS 'the net open amount of the listed items';
COMMENT ON COLUMN dunning.letter_queue.currency IS 'ISO 4217 code of amount and fee';
COMMENT ON COLUMN dunning.letter_queue.needs_address IS 'true when the letter has no to_email: add a contact, or send it by post';
COMMENT ON COLUMN dunning.letter_queue.status IS 'proposed (awaits approval), approved (awaits delivery) or sending (claimed by a delivery client)';
COMMENT ON COLUMN dunning.letter_queue.channel IS 'email when the letter has a to_email, else post';
COMMENT ON COLUMN dunning.letter_queue.pay_by IS 'the deadline the letter gives';
COMMENT ON COLUMN dunning.letter_queue.attempts IS 'delivery attempts so far';
COMMENT ON COLUMN dunning.letter_queue.last_error IS 'the last delivery error; NULL: none';

-- BI: dunning.run_overview ------------------------------------------------------------------------------

COMMENT ON COLUMN dunning.run_overview.run_id IS 'the run (dunning.runs.run_id)';
COMMENT ON COLUMN dunning.run_overview.as_of IS 'the date the run assessed as of';
COMMENT ON COLUMN dunning.run_overview.policy IS 'the policy the run was restricted to; NULL: every customer with its own policy';
COMMENT ON COLUMN dunning.run_overview.run_by IS 'the role that called dunning.run';
COMMENT ON COLUMN dunning.run_overview.started_at IS 'when the run started';
COMMENT ON COLUMN dunning.run_overview.finished_at IS 'when the run finished';
COMMENT ON COLUMN dunning.run_overview.duration IS 'finished_at - started_at';
COMMENT ON COLUMN dunning.run_overview.units IS 'units assessed, not counting those left out because of their data';
COMMENT ON COLUMN dunning.run_overview.letters IS 'letters the run wrote';
COMMENT ON COLUMN dunning.run_overview.errors IS 'units left out because of their data (listed in dunning.run_errors)';
COMMENT ON COLUMN dunning.run_overview.proposed IS 'the run''s letters now awaiting approval';
COMMENT ON COLUMN dunning.run_overview.approved IS 'the run''s letters now approved, awaiting delivery';
COMMENT ON COLUMN dunning.run_overview.sending IS 'the run''s letters now being delivered';
COMMENT ON COLUMN dunning.run_overview.sent IS 'the run''s letters sent';
COMMENT ON COLUMN dunning.run_overview.failed IS 'the run''s letters whose delivery failed';
COMMENT ON COLUMN dunning.run_overview.cancelled IS 'the run''s letters cancelled';
COMMENT ON COLUMN dunning.run_overview.error_customers IS 'the customers of the units left out, sorted; (no customer) for source rows without customer_id; NULL: none';

-- Letters a credit controller can send (0.3, SPEC §13) ----------------------------------------------
COMMENT ON COLUMN dunning.customers.language IS 'the language of the letters: ISO 639-1 ll or ll-CC (e.g. nl-BE); templates fall back from ll-CC to ll to en';
COMMENT ON COLUMN dunning.customers.country IS 'ISO 3166-1 alpha-2 country of the customer (e.g. BE): with language it makes the letter''s locale (dates, amounts) and legal wording';
COMMENT ON COLUMN dunning.customers.postal_address IS 'the address printed in the window of a post letter, one line per line';
COMMENT ON COLUMN dunning.contacts.name IS 'the person addressed, e.g. Ms J. Peeters (the salutation); NULL: the language''s neutral salutation';
COMMENT ON COLUMN dunning.letters.costs IS 'the statutory collection costs this letter charges (policy collection_costs, SPEC §10); 0 when none';
COMMENT ON COLUMN dunning.letters.interest IS 'the interest this letter claims, accrued from each item''s due date to as_of (policy interest); 0 when none';
COMMENT ON COLUMN dunning.letters.charges IS 'open fees and interest on the ledger (items of kind fee and interest) the letter lists';
COMMENT ON COLUMN dunning.letters.total IS 'what the letter asks to be paid: amount + charges + fee + interest + costs';
COMMENT ON COLUMN dunning.letters.locale IS 'the locale the letter''s dates and amounts are written in (language and country, e.g. nl-BE)';
COMMENT ON COLUMN dunning.letters.addressee_name IS 'the name of the addressee (the customer, or the parent when billed to the group) as printed on the letter';
COMMENT ON COLUMN dunning.letters.postal_address IS 'the addressee''s postal address when the letter was written (customers.postal_address)';
COMMENT ON COLUMN dunning.letters.payment_reference IS 'the reference the customer pays with (setting payment_reference: the letter id, a Belgian structured communication or an ISO 11649 RF reference)';
COMMENT ON COLUMN dunning.letters.announced_costs IS 'the collection costs this letter announced (the Dutch 14-day letter, the Belgian free first reminder): a later letter of the episode may charge at most this, once its pay_by has passed unpaid';
COMMENT ON COLUMN dunning.letters.episode_start IS 'the date of the first letter of the unit''s episode (the letters since the unit last had nothing to dun): consumer caps and announcements count within it';
COMMENT ON COLUMN dunning.letter_items.doc_date IS 'the document date of the item';
COMMENT ON COLUMN dunning.letter_items.amount IS 'the original amount of the item';
COMMENT ON COLUMN dunning.letter_items.allocated IS 'the credits applied to the item (for a credit: the part of it applied)';
COMMENT ON FUNCTION dunning.letter_sample_vars(boolean) IS
    'internal: every variable letters and phrases may use, with sample values (sparse: those of a pre-due letter with the optional values empty); templates and phrases are checked against them when stored';
COMMENT ON FUNCTION dunning.check_template_row() IS
    'internal: renders a template''s subject and body with the sample values of a reminder and of a pre-due letter, so a bad placeholder or format is refused when stored, not during a run';

-- Payment plans offered in letters (0.3, SPEC §13) ----------------------------------------------------
COMMENT ON TABLE dunning.plan_offers IS
    'payment plans offered in letters: one row per instalment (the schedule of dunning.propose_plan), the offer''s status on every row; accepted plans are an overlay on the source (dunning.plan_installments)';
COMMENT ON COLUMN dunning.plan_offers.letter_id IS 'the letter that offers the plan (dunning.letters.letter_id)';
COMMENT ON COLUMN dunning.plan_offers.n IS 'the instalment''s number, from 1';
COMMENT ON COLUMN dunning.plan_offers.due_date IS 'the instalment''s due date';
COMMENT ON COLUMN dunning.plan_offers.amount IS 'the instalment''s amount';
COMMENT ON COLUMN dunning.plan_offers.status IS 'offered, accepted (dunning.accept_plan), declined (dunning.decline_plan), expired (not accepted by the letter''s pay_by), kept (every instalment paid), broken (an instalment overdue more than plan_offer.break_after_days)';
COMMENT ON COLUMN dunning.plan_offers.covered_open IS 'the open amount of the covered items when the plan was accepted; the instalments are paid as it drops';
COMMENT ON COLUMN dunning.plan_offers.accepted_at IS 'when the plan was accepted';
COMMENT ON COLUMN dunning.plan_offers.accepted_by IS 'the role that accepted it';
COMMENT ON COLUMN dunning.plan_offers.closed_on IS 'when the offer or plan ended (declined, expired, kept or broken)';
COMMENT ON INDEX dunning.plan_offers_pkey IS 'one row per instalment of a letter''s offer';
COMMENT ON INDEX dunning.plan_offers_open IS 'the offers and plans that are still open';
COMMENT ON VIEW dunning.plan_items IS 'internal: the items covered by accepted plans: on a plan while it runs';
COMMENT ON COLUMN dunning.plan_items.customer_id IS 'the customer of the plan';
COMMENT ON COLUMN dunning.plan_items.item_id IS 'a covered item';
COMMENT ON COLUMN dunning.plan_items.letter_id IS 'the letter whose offer was accepted';
COMMENT ON VIEW dunning.plan_installments IS 'the instalments of accepted plans with what is still open of each: paid in order as the covered items'' open amount drops';
COMMENT ON COLUMN dunning.plan_installments.customer_id IS 'the customer of the plan';
COMMENT ON COLUMN dunning.plan_installments.department IS 'the department of the unit, when split by department';
COMMENT ON COLUMN dunning.plan_installments.project IS 'the project of the unit, when split by project';
COMMENT ON COLUMN dunning.plan_installments.currency IS 'the currency of the unit';
COMMENT ON COLUMN dunning.plan_installments.letter_id IS 'the letter whose offer was accepted';
COMMENT ON COLUMN dunning.plan_installments.n IS 'the instalment''s number';
COMMENT ON COLUMN dunning.plan_installments.item_id IS 'the instalment as an item: PLAN-letter_id-n, the document a reminder about it names';
COMMENT ON COLUMN dunning.plan_installments.due_date IS 'the instalment''s due date';
COMMENT ON COLUMN dunning.plan_installments.amount IS 'the instalment''s amount';
COMMENT ON COLUMN dunning.plan_installments.open_amount IS 'what is still open of the instalment';
COMMENT ON COLUMN dunning.plan_installments.doc_date IS 'the date of the letter that offered the plan';
COMMENT ON FUNCTION dunning.open_offer(bigint, text) IS 'internal: refuses an operation on a letter''s offer unless the letter exists, offers a plan and the offer is still open (an offer past its letter''s pay_by is marked expired)';
COMMENT ON FUNCTION dunning.accept_plan(bigint) IS
    'accepts the payment plan a letter offers: its items are on a plan from now on and its instalments are dunned instead; 22023 for a letter without an offer, 55000 for an offer that is not open (accepted, declined, expired, or the letter cancelled)';
COMMENT ON FUNCTION dunning.decline_plan(bigint) IS
    'declines the payment plan a letter offers: not offered again in the same episode; the same errors as dunning.accept_plan';
COMMENT ON FUNCTION dunning.refresh_plans(date) IS
    'internal: as of a date, offers past their letter''s pay_by expire, accepted plans become kept (all paid) or broken (an instalment overdue more than plan_offer.break_after_days)';
COMMENT ON POLICY plan_offers_read ON dunning.plan_offers IS 'a letter''s plan offer is visible with the letter';
COMMENT ON POLICY plan_offers_write ON dunning.plan_offers IS 'a run writes the offers of its letters';
COMMENT ON POLICY plan_offers_change ON dunning.plan_offers IS 'a role accepts, declines or closes only the offers of letters it sees';
COMMENT ON COLUMN dunning.unit_overview.plan_status IS 'the unit''s payment plan: offered (awaiting an answer) or accepted (running); NULL: none';
COMMENT ON COLUMN dunning.unit_overview.plan_letter_id IS 'the letter that offered the plan';
COMMENT ON COLUMN dunning.unit_overview.next_installment_due IS 'the due date of the running plan''s next open instalment';
COMMENT ON COLUMN dunning.unit_overview.next_installment_amount IS 'what is open of that instalment';
COMMENT ON COLUMN dunning.letter_facts.locale IS 'the letter''s locale (ll or ll-CC), for ICU dates and amounts and the texts'' language';
COMMENT ON COLUMN dunning.letter_facts.currency IS 'the unit''s currency; NULL: amounts without a symbol';
COMMENT ON COLUMN dunning.letter_facts.customer IS 'the customer''s name (its id without one)';
COMMENT ON COLUMN dunning.letter_facts.unit IS 'the unit as the letter names it: customer, department, project';
COMMENT ON COLUMN dunning.letter_facts.addressee IS 'who the letter is addressed to: the customer or, billed to the group, its parent';
COMMENT ON COLUMN dunning.letter_facts.contact_name IS 'the name of the letter''s contact, for the salutation; NULL: the neutral salutation';
COMMENT ON COLUMN dunning.letter_facts.customer_id IS 'the customer''s id';
COMMENT ON COLUMN dunning.letter_facts.department IS 'the unit''s department, if split by department';
COMMENT ON COLUMN dunning.letter_facts.project IS 'the unit''s project, if split by project';
COMMENT ON COLUMN dunning.letter_facts.sender IS 'the setting sender';
COMMENT ON COLUMN dunning.letter_facts.sender_address IS 'the setting sender_address';
COMMENT ON COLUMN dunning.letter_facts.sender_registration IS 'the setting sender_registration (enterprise number)';
COMMENT ON COLUMN dunning.letter_facts.dispute_contact IS 'the setting dispute_contact';
COMMENT ON COLUMN dunning.letter_facts.as_of IS 'the run''s date';
COMMENT ON COLUMN dunning.letter_facts.pay_by IS 'the letter''s payment deadline';
COMMENT ON COLUMN dunning.letter_facts.amount IS 'the overdue (or pre-due) amount the letter lists';
COMMENT ON COLUMN dunning.letter_facts.fee IS 'the letter''s fee';
COMMENT ON COLUMN dunning.letter_facts.charges IS 'the open fees and interest on the ledger the letter lists';
COMMENT ON COLUMN dunning.letter_facts.interest IS 'the interest the letter charges';
COMMENT ON COLUMN dunning.letter_facts.costs IS 'the collection costs the letter charges';
COMMENT ON COLUMN dunning.letter_facts.credits IS 'the credits applied to the listed items';
COMMENT ON COLUMN dunning.letter_facts.total IS 'amount + charges + fee + interest + costs';
COMMENT ON COLUMN dunning.letter_facts.announced_costs IS 'the collection costs the letter announces (NL 14-day letter, BE first reminder)';
COMMENT ON COLUMN dunning.letter_facts.level IS 'the letter''s level';
COMMENT ON COLUMN dunning.letter_facts.days_overdue IS 'the unit''s significant overdue days';
COMMENT ON COLUMN dunning.letter_facts.item_count IS 'how many lines the letter lists';
COMMENT ON COLUMN dunning.letter_facts.iban IS 'the setting iban';
COMMENT ON COLUMN dunning.letter_facts.bic IS 'the setting bic';
COMMENT ON COLUMN dunning.letter_facts.payment_reference IS 'the letter''s payment reference';
COMMENT ON COLUMN dunning.letter_facts.interest_rate IS 'the statutory interest rate of the letter''s jurisdiction';
COMMENT ON COLUMN dunning.letter_facts.invoice_count IS 'how many overdue invoices and instalments the letter lists';
COMMENT ON COLUMN dunning.letter_facts.previous_pay_by IS 'the deadline of the letter that announced the costs';
COMMENT ON COLUMN dunning.letter_facts.previous_letter_date IS 'the date of the letter that announced the costs';
COMMENT ON COLUMN dunning.letter_facts.waiting_end IS 'the end of the Belgian consumer waiting period';
COMMENT ON COLUMN dunning.letter_facts.announced_interest_rate IS 'the interest rate the letter announces (BE first reminder)';
COMMENT ON COLUMN dunning.letter_facts.interest_notice IS 'the phrase of the interest paragraph; NULL: none';
COMMENT ON COLUMN dunning.letter_facts.costs_notice IS 'the phrase of the costs paragraph; NULL: none';
COMMENT ON COLUMN dunning.letter_facts.plan IS 'the payment plan offered: [{n, due_date, amount}]; NULL: none';
