-- Issue 16, engine part: holds suspend, they do not restart (SPEC §4, §6.2, §7), through runs over
-- several dates. A level 3 letter on 1 October, a promise to pay until 20 October that is not
-- kept: the run of 21 October sends level 4 (one step above the last letter), and the letter and
-- its items count the days overdue from the due date (81), never "overdue 1 days" from the end
-- of the promise. A customer whose promise breaks before any letter gets a first letter (level 1)
-- that says the real days too.
\ir setup.psql
SELECT plan(14);

-- Level 1 of this policy has the firm tone, whose template says "{days_overdue} days past due".
INSERT INTO dunning.policies VALUES ('firm_first', '{"levels": [{"level": 1, "days": 1, "tone": "firm"},
                                                              {"level": 2, "days": 30, "tone": "final"}]}');
INSERT INTO dunning.customers (customer_id, name, language, policy, unit_by) VALUES
    ('PROMISED', 'Promised Ltd', 'en', 'default', 'customer'),
    ('FIRST', 'First Ltd', 'en', 'firm_first', 'customer');
INSERT INTO dunning.contacts (customer_id, email, role) VALUES
    ('PROMISED', 'ap@promised.test', 'to'), ('FIRST', 'ap@first.test', 'to');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency, hold_until) VALUES
    ('PROMISED', 'PR-1', 'invoice', 500, 500, '2026-08-01', 'EUR', NULL),
    -- promised before any letter
    ('FIRST', 'FI-1', 'invoice', 300, 300, '2026-08-01', 'EUR', '2026-10-20');

CREATE TEMP VIEW letter AS
SELECT l.as_of, l.customer_id, l.level, l.tone, l.body, l.reason, i.item_id, i.days_overdue, i.item_level, i.status
  FROM dunning.letters l JOIN dunning.letter_items i USING (letter_id);

-- The episode up to the level 3 letter of 1 October.
CALL dunning.run('2026-08-05');
CALL dunning.run('2026-08-20');
CALL dunning.run('2026-10-01');
SELECT results_eq($$SELECT as_of, level, tone, days_overdue FROM letter WHERE customer_id = 'PROMISED' ORDER BY as_of$$,
                  $$VALUES (DATE '2026-08-05', 1, 'standard', 4), (DATE '2026-08-20', 2, 'firm', 19),
                           (DATE '2026-10-01', 3, 'final', 61)$$,
                  'PROMISED: levels 1, 2 and 3 before the promise');
-- the item table's last column: days overdue
SELECT ok((SELECT body ~ '\s61(\n|$)' FROM letter WHERE customer_id = 'PROMISED' AND as_of = '2026-10-01'),
          'the level 3 letter says 61 days');

-- The customer promises to pay by 20 October.
UPDATE dunning.ledger_items SET hold_until = '2026-10-20' WHERE item_id = 'PR-1';
CALL dunning.run('2026-10-16');
SELECT is((SELECT count(*)::int FROM dunning.letters WHERE as_of = '2026-10-16'), 0, 'no letter while the promises run');
SET LOCAL dunning.as_of = '2026-10-16';
SELECT is((SELECT (action, next_review_date) FROM dunning.unit_overview WHERE customer_id = 'PROMISED'),
          ('hold'::text, DATE '2026-10-20'), 'unit_overview: on hold, reviewed on the promised date');
SELECT results_eq($$SELECT x.status, x.effective_due_date, x.days_overdue
                      FROM dunning.assess_items(ARRAY[dunning.item('PR-1', 'invoice', 500, 500, '2026-08-01', hold_until => '2026-10-20')],
                                                NULL, '2026-10-16') x$$,
                  $$VALUES ('held', DATE '2026-10-20', 76)$$,
                  'assess_items: held, effective due date the promised date, 76 days overdue');

-- The promises are broken: the run of 21 October.
CALL dunning.run('2026-10-21');
SELECT is((SELECT (level, tone) FROM letter WHERE customer_id = 'PROMISED' AND as_of = '2026-10-21'),
          (4, 'formal_notice'::text), 'broken promise after a level 3 letter: the next letter is level 4');
SELECT is((SELECT (item_id, days_overdue, item_level, status) FROM letter WHERE customer_id = 'PROMISED' AND as_of = '2026-10-21'),
          ('PR-1'::text, 81, 4, 'overdue'::text), 'its letter_items: 81 days overdue since the due date, item level 4');
SELECT is((SELECT reason FROM letter WHERE customer_id = 'PROMISED' AND as_of = '2026-10-21'),
          'level 4: 500.00 EUR overdue 81 days (PR-1)', 'its reason: 81 days');
SELECT is((SELECT (level, tone, days_overdue) FROM letter WHERE customer_id = 'FIRST' AND as_of = '2026-10-21'),
          (1, 'firm'::text, 81), 'broken promise without history: a first letter (level 1) at 81 days');
SELECT ok((SELECT body ~ '\s81(\n|$)' AND body !~ '\s1(\n|$)' FROM letter WHERE customer_id = 'FIRST' AND as_of = '2026-10-21'),
          'its text says 81 days past due');
SELECT ok((SELECT body NOT LIKE '% 1 days%' FROM letter WHERE customer_id = 'FIRST' AND as_of = '2026-10-21'),
          '... never "1 days"');
SELECT is((SELECT reason FROM letter WHERE customer_id = 'FIRST' AND as_of = '2026-10-21'),
          'level 1: 300.00 EUR overdue 81 days (FI-1); escalation capped at level 1 (computed 2)', 'its reason');

-- The history goes on from there, once the interval and the last letter's deadline have passed.
CALL dunning.run('2026-11-05');
SELECT is((SELECT (level, days_overdue) FROM letter WHERE customer_id = 'FIRST' AND as_of = '2026-11-05'),
          (2, 96), 'after the broken promise the episode goes on: level 2 at 96 days');
SELECT is((SELECT (level, days_overdue) FROM letter WHERE customer_id = 'PROMISED' AND as_of = '2026-11-05'),
          (4, 96), 'PROMISED: stays at the top level, 96 days');

SELECT * FROM finish();
ROLLBACK;
