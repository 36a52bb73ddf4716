-- CALL dunning.run (SPEC §11, issue 5): letters for the right units, recipients, templates and
-- languages, history, loyalty, pre-due reminders, one letter per unit and date, atomic failure,
-- the tables' constraints and the BI views. Two-session guarantees (the advisory lock, READ
-- COMMITTED only) and pg_cron are in test/runs/.
\ir setup.psql
SELECT plan(85);

-- The ledger: one customer per situation the run must get right.
INSERT INTO dunning.policies VALUES ('early', '{"pre_due_days": 7}');
INSERT INTO dunning.customers (customer_id, name, parent_id, bill_to_parent, language, policy, unit_by) VALUES
    ('GROUP', 'Group NV', NULL, false, 'nl', 'default', 'customer'),
    ('SUB', 'Sub BV', 'GROUP', true, 'fr', 'default', 'customer'),
    ('DEPT', 'Dept SA', NULL, false, 'fr', 'default', 'department'),
    ('PROJ', 'Proj Ltd', NULL, false, 'en', 'default', 'project'),
    ('GERMAN', 'Spanish SL', NULL, false, 'es', 'default', 'customer'),
    ('LOYAL', 'Loyal Ltd', NULL, false, 'en', 'default', 'customer'),
    ('LATE', 'Late Ltd', NULL, false, 'en', 'default', 'customer'),
    ('SOON', 'Soon Ltd', NULL, false, 'en', 'early', 'customer');
INSERT INTO dunning.contacts (customer_id, department, project, email, role) VALUES
    ('GROUP', NULL, NULL, 'ap@group.test', 'to'),
    ('GROUP', NULL, NULL, 'cfo@group.test', 'cc'),
    ('SUB', NULL, NULL, 'ap@sub.test', 'to'),
    ('SUB', NULL, NULL, 'boss@sub.test', 'cc'),
    ('DEPT', NULL, NULL, 'main@dept.test', 'to'),
    ('DEPT', 'Sales', NULL, 'sales@dept.test', 'to'),
    ('DEPT', 'Sales', NULL, 'sales-cc@dept.test', 'cc');
INSERT INTO dunning.ledger_items (customer_id, department, project, item_id, kind, amount, open_amount, due_date, currency, disputed, on_plan) VALUES
    ('GROUP', NULL, NULL, 'G-1', 'invoice', 500, 500, '2026-10-01', 'EUR', false, false),
    ('SUB', NULL, NULL, 'S-1', 'invoice', 1000, 1000, '2026-09-01', 'EUR', false, false),
    ('DEPT', 'Sales', NULL, 'D-1', 'invoice', 200, 200, '2026-11-01', 'EUR', false, false),
    ('DEPT', 'Ops', NULL, 'D-2', 'invoice', 300, 300, '2026-11-01', 'EUR', false, false),
    ('PROJ', 'Sales', 'Bridge', 'P-1', 'invoice', 400, 400, '2026-11-01', 'EUR', false, false),
    ('PROJ', 'Ops', 'Tunnel', 'P-2', 'invoice', 400, 400, '2026-11-01', 'EUR', false, false),
    ('GERMAN', NULL, NULL, 'DE-1', 'invoice', 100, 100, '2026-11-01', 'EUR', false, false),
    ('LOYAL', NULL, NULL, 'L-1', 'invoice', 100, 100, '2026-11-10', 'EUR', false, false),
    ('LATE', NULL, NULL, 'LT-1', 'invoice', 100, 100, '2026-11-10', 'EUR', false, false),
    ('SOON', NULL, NULL, 'SO-1', 'invoice', 700, 700, '2026-11-26', 'EUR', false, false),
    ('SETTLED', NULL, NULL, 'X-1', 'invoice', 100, 100, '2026-10-01', 'EUR', false, false),
    ('SETTLED', NULL, NULL, 'X-2', 'credit_note', 100, 100, '2026-10-05', 'EUR', false, false),
    ('CHARGES', NULL, NULL, 'C-1', 'fee', 15, 15, '2026-10-01', 'EUR', false, false),
    ('DISPUTED', NULL, NULL, 'Q-1', 'invoice', 900, 900, '2026-10-01', 'EUR', true, false),
    ('PLAN', NULL, NULL, 'PL-1', 'invoice', 900, 900, '2026-10-01', 'EUR', false, true),
    ('PLAN', NULL, NULL, 'PL-1/1', 'installment', 300, 300, '2026-12-15', 'EUR', false, false),
    ('CREDIT', NULL, NULL, 'CR-1', 'credit_note', 50, 50, '2026-10-01', 'EUR', false, false),
    ('NOBODY', NULL, NULL, 'N-1', 'invoice', 60, 60, '2026-11-01', NULL, false, false);
-- Six invoices paid on time make LOYAL loyal; LATE paid six invoices a month late.
INSERT INTO dunning.paid_ledger (customer_id, item_id, due_date, paid_date, amount)
SELECT c, c || '-PAID-' || n, date '2026-01-01' + 30 * n, date '2026-01-01' + 30 * n + CASE c WHEN 'LOYAL' THEN -2 ELSE 30 END, 100
FROM unnest(ARRAY['LOYAL', 'LATE']) c, generate_series(1, 6) n;

CALL dunning.run('2026-11-23');
SET LOCAL dunning.as_of = '2026-11-23';

CREATE TEMP VIEW letter AS
SELECT l.*, (SELECT array_agg(i.item_id ORDER BY i.item_id) FROM dunning.letter_items i WHERE i.letter_id = l.letter_id) AS items
FROM dunning.letters l;

-- 1. Who gets a letter ----------------------------------------------------------------------------
SELECT is((SELECT array_agg(coalesce(customer_id || '/' || coalesce(department, '') || '/' || coalesce(project, ''), '') ORDER BY letter_id) FROM letter),
          ARRAY['DEPT/Ops/', 'DEPT/Sales/', 'GERMAN//', 'GROUP//', 'LATE//', 'LOYAL//', 'NOBODY//', 'PROJ//Bridge', 'PROJ//Tunnel', 'SOON//', 'SUB//'],
          'one letter per overdue unit, in unit order; none for settled, charges-only, disputed or on-plan customers');
SELECT is((SELECT (units, letters) FROM dunning.runs), (16, 11), 'the runs row counts 16 units and 11 letters');
SELECT ok((SELECT finished_at >= started_at FROM dunning.runs), 'the runs row has its duration');
SELECT is((SELECT array_agg(action ORDER BY customer_id) FROM dunning.unit_overview
           WHERE customer_id IN ('SETTLED', 'CHARGES', 'DISPUTED', 'PLAN')),
          ARRAY['none', 'hold', 'hold', 'none'], 'the others are none (settled, charges only) or hold (disputed, on plan)');

-- 2. Recipients -----------------------------------------------------------------------------------
SELECT is((SELECT (addressee_id, to_email, cc_emails) FROM letter WHERE customer_id = 'GROUP'),
          ('GROUP'::text, 'ap@group.test'::text, ARRAY['cfo@group.test']), 'the customer''s to contact, its cc contact in cc');
SELECT is((SELECT (addressee_id, to_email, cc_emails) FROM letter WHERE customer_id = 'SUB'),
          ('GROUP'::text, 'ap@group.test'::text, ARRAY['ap@sub.test', 'boss@sub.test', 'cfo@group.test']),
          'billed to the group: to the parent, the subsidiary''s contacts and the parent''s cc in cc');
SELECT is((SELECT (to_email, cc_emails) FROM letter WHERE customer_id = 'DEPT' AND department = 'Sales'),
          ('sales@dept.test'::text, ARRAY['sales-cc@dept.test']), 'a department''s own contact before the general one');
SELECT is((SELECT (to_email, cc_emails) FROM letter WHERE customer_id = 'DEPT' AND department = 'Ops'),
          ('main@dept.test'::text, '{}'::text[]), 'a department without a contact: the customer''s general contact');
SELECT is((SELECT (addressee_id, to_email, cc_emails) FROM letter WHERE customer_id = 'NOBODY'),
          ('NOBODY'::text, NULL::text, '{}'::text[]), 'no contact at all: the letter is still issued, to_email NULL');
SELECT is((SELECT needs_address FROM dunning.letter_queue WHERE customer_id = 'NOBODY'), true,
          'letter_queue flags the letter without address');

-- 3. Units, items, amounts ------------------------------------------------------------------------
SELECT is((SELECT items FROM letter WHERE customer_id = 'DEPT' AND department = 'Sales'), ARRAY['D-1'],
          'unit_by department: each department''s letter lists its own items');
SELECT is((SELECT (project, department, items) FROM letter WHERE customer_id = 'PROJ' AND project = 'Tunnel'),
          ('Tunnel'::text, NULL::text, ARRAY['P-2']), 'unit_by project: department NULL, the project''s items');
SELECT is((SELECT (amount, currency, fee) FROM letter WHERE customer_id = 'SUB'), (1000.00, 'EUR'::text, 0.00),
          'amount, currency and fee of a letter');
SELECT is((SELECT currency FROM letter WHERE customer_id = 'NOBODY'), 'EUR', 'no currency on the items: the policy''s');
SELECT is((SELECT sum(i.net_open) FROM dunning.letter_items i JOIN letter l USING (letter_id) WHERE l.customer_id = 'GROUP'),
          (SELECT amount FROM letter WHERE customer_id = 'GROUP'), 'the amount is the sum of the listed items');
SELECT is((SELECT (kind, due_date, days_overdue, status) FROM dunning.letter_items WHERE item_id = 'S-1'),
          ('invoice'::dunning.item_kind, date '2026-09-01', 83, 'overdue'::text), 'letter_items keep the item as assessed');
SELECT is((SELECT (level, tone, action) FROM letter WHERE customer_id = 'SUB'), (1, 'standard'::text, 'remind'::text),
          'the first letter is level 1 even 83 days late (one step per letter)');

-- 4. Templates and languages ----------------------------------------------------------------------
SELECT is((SELECT language FROM letter WHERE customer_id = 'SUB'), 'nl', 'billed to the group: the parent''s language');
SELECT is((SELECT language FROM letter WHERE customer_id = 'DEPT' AND department = 'Ops'), 'fr', 'the customer''s language');
SELECT is((SELECT language FROM letter WHERE customer_id = 'GERMAN'), 'en', 'a language without templates falls back to English');
SELECT ok((SELECT body LIKE 'Geachte heer, mevrouw,%' AND body LIKE '%Sub BV%'
                  AND body ~ ('S-1 +[0-9]+ [a-z]+ 2026 +1 september 2026 +€' || U&'\00A0' || '1\.000,00')
           FROM letter WHERE customer_id = 'SUB'),
          'the body is rendered: the neutral salutation, the customer and the item lines in Dutch');
SELECT ok((SELECT subject NOT LIKE '%{%' AND body NOT LIKE '%{%' FROM letter WHERE customer_id = 'DEPT' AND department = 'Ops'),
          'no placeholder is left in a French letter');
SELECT ok((SELECT subject LIKE '%Dept SA / Sales%' AND body LIKE '%Dept SA / Sales%' FROM letter WHERE customer_id = 'DEPT' AND department = 'Sales'),
          'the letter of a department names it: {unit}');
SELECT ok((SELECT pay_by = as_of + 14 AND body LIKE '%7 december 2026%' FROM letter WHERE customer_id = 'GROUP'), 'pay_by is as_of + 14 days');

INSERT INTO dunning.templates (level, tone, language, subject, body)
VALUES (NULL, 'firm', 'en', 'Ours: {customer}', 'Pay {total_value} {currency} by {pay_by}. {sender}');
INSERT INTO dunning.settings VALUES ('sender', 'Creditor & Co'), ('pay_within_days', '10');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.templates (level, tone, language, subject, body)
                                 VALUES (2, 'firm', 'en', 'Dear {custmer}', 'x')$$), '22023',
          'a template with an unknown placeholder is refused when stored');
SELECT matches(pg_temp.message_of($$INSERT INTO dunning.templates (level, tone, language, subject, body)
                                    VALUES (2, 'firm', 'en', 'Dear {custmer}', 'x')$$),
               '^template \(level 2, tone firm, language en\) subject: .*custmer', '... naming the template and the placeholder');
SELECT matches(pg_temp.hint_of($$INSERT INTO dunning.templates (level, tone, language, subject, body)
                                 VALUES (2, 'firm', 'en', 'Dear {custmer}', 'x')$$),
               '\{customer\}.*\{total\}', '... with the placeholders that exist as hint');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.templates SET subject = 'x' WHERE builtin AND language = 'en' AND tone = 'firm'$$),
          '42501', 'a shipped template cannot be edited');
SELECT matches(pg_temp.hint_of($$DELETE FROM dunning.templates WHERE builtin$$), 'takes precedence',
               '... the hint says how to override it');
SELECT is((SELECT array_agg(x.n ORDER BY x.language) FROM (SELECT t.language, count(*) AS n FROM dunning.templates t
           WHERE t.builtin AND t.language IN ('en', 'nl', 'fr', 'de') GROUP BY t.language) x), '{6,6,6,6}'::bigint[],
          'shipped: en, nl, fr and de for the five tones and the pre-due reminder');
SELECT is((SELECT array_agg(DISTINCT language ORDER BY language) FROM dunning.templates WHERE builtin),
          '{de,en,fr,fr-BE,nl,nl-BE}', '... with Belgian variants');

-- 5. Pre-due reminder, loyalty ----------------------------------------------------------------------
SELECT is((SELECT (action, level, tone, fee, items) FROM letter WHERE customer_id = 'SOON'),
          ('pre_due'::text, 0, 'friendly'::text, 0.00, ARRAY['SO-1']), 'pre_due_days 7: a friendly pre-due letter, no fee');
SELECT ok((SELECT subject LIKE 'Coming up%' AND body LIKE '%26 November 2026%' AND pay_by = '2026-11-26' FROM letter WHERE customer_id = 'SOON'),
          'the pre-due template, asking payment by the due date');
SELECT is((SELECT (tone, 'loyal_friendly' = ANY (reason_codes)) FROM letter WHERE customer_id = 'LOYAL'), ('friendly'::text, true),
          'six invoices paid on time: the paid history makes the first letter friendly');
SELECT is((SELECT tone FROM letter WHERE customer_id = 'LATE'), 'standard', 'a late payer''s first letter is standard');
SELECT is((SELECT loyalty_score FROM dunning.unit_overview WHERE customer_id = 'LOYAL'), 1.000000::numeric,
          'unit_overview shows the loyalty score');

-- 6. History: unit_state, one letter per unit and date, escalation ----------------------------------
SELECT is((SELECT (last_level, last_letter_date) FROM dunning.unit_state WHERE customer_id = 'SUB'), (1, date '2026-11-23'),
          'unit_state records the letter');
SELECT is((SELECT count(*)::integer FROM dunning.unit_state), 11, 'one unit_state row per letter');

CALL dunning.run('2026-11-23');
SELECT is((SELECT letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1), 0, 'the same as_of again: no letter');
CALL dunning.run('2026-11-20', 'default');
SELECT is((SELECT letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1), 0, 'an earlier as_of: no letter');
SELECT is((SELECT count(*)::integer FROM dunning.letters), 11, 'still 11 letters');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.letters (run_id, as_of, customer_id, currency, level, action, tone, language, addressee_id, subject, body, fee, amount)
                                 SELECT run_id, as_of, customer_id, currency, level, action, tone, language, addressee_id, subject, body, fee, amount
                                 FROM dunning.letters WHERE customer_id = 'NOBODY'$$), '23505',
          'the table itself refuses a second letter for a unit and date (NULLS NOT DISTINCT)');

CALL dunning.run('2026-12-08');
SELECT is((SELECT (level, tone) FROM letter WHERE customer_id = 'SUB' AND as_of = '2026-12-08'), (2, 'firm'::text),
          '15 days later: level 2, firm');
SELECT ok((SELECT subject LIKE '%' || dunning.format_date(pay_by, 'nl') || '%' FROM letter WHERE customer_id = 'SUB' AND as_of = '2026-12-08'),
          'the firm letter''s subject gives its deadline');
SELECT is((SELECT (subject, body) FROM letter WHERE customer_id = 'NOBODY' AND as_of = '2026-12-08'),
          ('Ours: NOBODY'::text, 'Pay 60.00 EUR by 18 December 2026. Creditor & Co'::text),
          'your template before the shipped one; the sender and pay_within_days settings');
SELECT is((SELECT (last_level, last_letter_date) FROM dunning.unit_state WHERE customer_id = 'SUB'), (2, date '2026-12-08'),
          'unit_state advances');

-- The customer pays: the episode ends, the level goes back to 0.
UPDATE dunning.ledger_items SET open_amount = 0 WHERE customer_id = 'SUB';
CALL dunning.run('2026-12-09');
SELECT is((SELECT (last_level, last_letter_date) FROM dunning.unit_state WHERE customer_id = 'SUB'), (0, date '2026-12-08'),
          'paid: unit_state back to level 0, the last letter date kept');

CALL dunning.run('2026-12-01');
SELECT is((SELECT (last_level, last_letter_date) FROM dunning.unit_state WHERE customer_id = 'SUB'), (0, date '2026-12-08'),
          'a backdated run leaves the history alone');
SELECT is(dunning.items_table(ARRAY[ROW(1, 'BIG-1', 'invoice', '2026-01-31', NULL, 12345678901.23, 12345678901.23, 1, 1, 'overdue', NULL, NULL, NULL)::dunning.letter_items,
                                    ROW(1, 'S-2', 'invoice', NULL, NULL, 5, 5, 1, 1, 'overdue', NULL, NULL, NULL)::dunning.letter_items],
                              '{"items_header": "Doc|Date|Due|Original|Open|Days"}', 'en', 'EUR'),
          'Doc    Date             Due                        Original                Open  Days' || E'\n' ||
          'BIG-1  31 January 2026  31 January 2026  €12,345,678,901.23  €12,345,678,901.23     1' || E'\n' ||
          'S-2                                                   €5.00               €5.00     1',
          'item table: 13-digit amounts in full, columns aligned, no date printed as blank');

-- 7. The policy filter ------------------------------------------------------------------------------
UPDATE dunning.ledger_items SET due_date = '2026-12-28' WHERE item_id = 'SO-1';
CALL dunning.run('2026-12-22', 'early');
SELECT is((SELECT (units, letters, policy) FROM dunning.runs ORDER BY run_id DESC LIMIT 1), (1, 1, 'early'::text),
          'run(as_of, policy) assesses only that policy''s customers');
SELECT is(pg_temp.sqlstate_of($$CALL dunning.run('2026-12-22', 'erly')$$), '22023', 'an unknown policy is 22023');
SELECT matches(pg_temp.hint_of($$CALL dunning.run('2026-12-22', 'erly')$$), 'default, early', '... listing the policies');
SELECT is(pg_temp.sqlstate_of($$CALL dunning.run(NULL)$$), '22023', 'as_of NULL is 22023');
SELECT is(pg_temp.sqlstate_of($$CALL dunning.run('infinity')$$), '22023', 'as_of infinity is 22023');

-- 8. A failure leaves nothing half-written ------------------------------------------------------------
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency)
VALUES ('ZZZ', 'BAD-1', 'invoice', 100, 100, '2026-11-01', 'EURO');
SELECT is(pg_temp.message_of($$CALL dunning.run('2027-01-15', on_error => 'stop')$$),
          'customer "ZZZ": item "BAD-1": currency "EURO" is not a three-letter ISO 4217 code', 'with on_error => stop, a bad item stops the run, naming it and its customer');
SELECT is((SELECT (count(*), max(as_of)) FROM dunning.runs), (7::bigint, date '2026-12-22'), 'no runs row from the failed run');
SELECT is((SELECT count(*)::integer FROM dunning.letters WHERE as_of = '2027-01-15'), 0, 'no letter from the failed run');
SELECT is((SELECT count(*)::integer FROM dunning.unit_state WHERE last_letter_date = '2027-01-15'), 0, 'no unit_state change from the failed run');
DELETE FROM dunning.ledger_items WHERE item_id = 'BAD-1';
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency)
VALUES ('GROUP', 'G-USD', 'invoice', 100, 100, '2026-11-01', 'USD');
SELECT is(pg_temp.message_of($$CALL dunning.run('2027-01-15', on_error => 'stop')$$),
          'customer "GROUP": item "G-USD" is in USD, but policy "default" accepts only EUR',
          'an item in a currency its policy refuses names the customer, the item and both currencies');
SELECT is(pg_temp.hint_of($$CALL dunning.run('2027-01-15', on_error => 'stop')$$),
          'Fix the item in the source, or run with on_error => ''skip'' to dun every other unit.', '... and the hint says what to do');
DELETE FROM dunning.ledger_items WHERE item_id = 'G-USD';

-- 9. Constraints on the tables ---------------------------------------------------------------------
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.customers (customer_id, unit_by) VALUES ('Q', 'region')$$), '23514', 'unit_by is customer, department or project');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.customers (customer_id, bill_to_parent) VALUES ('Q', true)$$), '23514', 'bill_to_parent needs a parent');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.customers (customer_id, policy) VALUES ('Q', 'nope')$$), '23503', 'the policy must exist');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.contacts (customer_id, email, role) VALUES ('GROUP', 'x@y.test', 'bcc')$$), '23514', 'a contact''s role is to or cc');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.contacts (customer_id, email) VALUES ('GROUP', 'not an address')$$), '23514', 'an email address has one @ and no space');
SELECT is(pg_temp.message_of($$INSERT INTO dunning.policies VALUES ('typo', '{"grace_dayz": 3}')$$),
          'policy "typo": unknown policy key "grace_dayz"', 'a policy body is validated, naming the policy');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.policies SET body = '{}' WHERE name = 'default'$$), '42501', 'the shipped default policy cannot be edited');
SELECT is(pg_temp.message_of($$DELETE FROM dunning.policies WHERE name = 'early'$$), 'policy "early" is the policy of customers (SOON)',
          'a policy in use cannot be deleted');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.policies SET name = 'earlier' WHERE name = 'early'$$), '23503', '... nor renamed');
SELECT is(pg_temp.message_of($$UPDATE dunning.customers SET policy = 'erly' WHERE customer_id = 'SOON'$$),
          'customer "SOON": policy "erly" does not exist', 'a customer''s policy must exist');
DELETE FROM dunning.letters WHERE customer_id = 'SUB';
SELECT is((SELECT count(*)::integer FROM dunning.letter_items i WHERE NOT EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = i.letter_id)),
          0, 'deleting letters deletes their items');

-- 10. BI views ---------------------------------------------------------------------------------------
SELECT is((SELECT count(*)::integer FROM dunning.unit_overview), 16, 'unit_overview: one row per unit');
SET LOCAL dunning.as_of = '2027-01-05';
SELECT is((SELECT (not_due, days_0_30, days_31_60, days_61_90, days_over_90, net_open) FROM dunning.aging WHERE customer_id = 'GROUP'),
          (0.00, 0.00, 0.00, 0.00, 500.00, 500.00), 'aging buckets the net open principal by days overdue (96 days)');
SELECT is((SELECT (not_due, days_0_30, days_61_90, net_open) FROM dunning.aging WHERE customer_id = 'DEPT' AND department = 'Ops'),
          (0.00, 0.00, 300.00, 300.00), '... 65 days: 61-90');
SELECT is((SELECT (days_0_30, charges, unapplied_credits, net_open) FROM dunning.aging WHERE customer_id = 'SETTLED'),
          (0.00, 0.00, 0.00, 0.00), '... a credit allocated to the invoice leaves nothing open');
SELECT is((SELECT (days_0_30, net_open) FROM dunning.aging WHERE customer_id = 'PLAN'), (300.00, 300.00),
          '... an invoice on a plan is counted through its instalments, not twice');
SELECT is((SELECT (unapplied_credits, net_open) FROM dunning.aging WHERE customer_id = 'CREDIT'), (50.00, -50.00),
          '... a customer in credit has a negative net open');
SET LOCAL dunning.as_of = '2026-11-26';
SELECT is((SELECT (not_due, days_0_30) FROM dunning.aging WHERE customer_id = 'SOON'), (700.00, 0.00),
          '... an item due today is not yet due');
SET LOCAL dunning.as_of = '2026-12-20';
SELECT is((SELECT (not_due, days_0_30) FROM dunning.aging WHERE customer_id = 'SOON'), (700.00, 0.00), '... not yet due');
SELECT is((SELECT (action, level) FROM dunning.unit_overview WHERE customer_id = 'GROUP'), ('wait'::text, 3),
          'unit_overview as of the setting dunning.as_of');
UPDATE dunning.letters SET status = 'sent', sent_at = now() WHERE customer_id = 'NOBODY';
SELECT is((SELECT count(*)::integer FROM dunning.letter_queue WHERE customer_id = 'NOBODY'), 0, 'a sent letter leaves letter_queue');

-- JIT: off while a run runs (compiling its statements cost more than they take), as the caller had
-- it afterwards.
SELECT ok((SELECT 'jit=off' = ANY (proconfig) FROM pg_proc WHERE oid = 'dunning.run(date, text, text)'::regprocedure),
          'dunning.run runs with jit = off');
SELECT ok((SELECT 'jit=off' = ANY (proconfig) FROM pg_proc WHERE oid = 'dunning.assess_units(date, text)'::regprocedure),
          'dunning.assess_units runs with jit = off');
SET LOCAL jit = on;
CALL dunning.run(DATE '2026-12-01');
SELECT is(current_setting('jit'), 'on', 'a run leaves the caller''s jit setting as it was');

-- letter bodies compressed with lz4 where the server has it (pglz was 0.4 s of a 1M-item run)
SELECT is((SELECT a.attcompression::text FROM pg_attribute a WHERE a.attrelid = 'dunning.letters'::regclass AND a.attname = 'body'),
          CASE WHEN (SELECT 'lz4' = ANY (enumvals) FROM pg_settings WHERE name = 'default_toast_compression') THEN 'l' ELSE '' END,
          'letters.body is compressed with lz4 when the server offers it');

SELECT * FROM finish();
ROLLBACK;
