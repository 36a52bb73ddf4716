-- dunning.payment_behaviour through SQL (SPEC §9): the figures, NULL semantics, parallel
-- aggregation, and the seed's loyal customer end to end with dunning.assess (SPEC §7).
\ir setup.psql
SELECT plan(32);

CREATE TEMP TABLE paid (customer text, due_date date, paid_date date, amount numeric);
INSERT INTO paid
-- LOYAL pays every invoice on time: eleven monthly invoices of 120.50, paid a few days early.
SELECT 'LOYAL', d::date, d::date - 3, 120.50 FROM generate_series(DATE '2025-02-10', '2025-12-10', interval '1 month') d
UNION ALL
-- LATE pays the same invoices 10 to 40 days late, except two.
SELECT 'LATE', d::date, d::date + (CASE WHEN i % 5 = 0 THEN 0 ELSE 10 * (i % 4 + 1) END)::int, 120.50
  FROM generate_series(DATE '2025-02-10', '2025-12-10', interval '1 month') WITH ORDINALITY AS g (d, i)
UNION ALL
-- MIXED (a worked example): 300 paid on the due date, 100 paid 10 days late, 200 paid 4 days late.
VALUES ('MIXED', DATE '2025-06-30', DATE '2025-06-30', 300), ('MIXED', '2025-06-30', '2025-07-10', 100),
       ('MIXED', '2025-06-30', '2025-07-04', 200),
-- NEW has paid 3 invoices, all on time: too little history to be loyal yet.
       ('NEW', '2025-10-01', '2025-10-01', 80), ('NEW', '2025-11-01', '2025-10-30', 80),
       ('NEW', '2025-12-01', '2025-12-01', 80),
-- EDGE: 899.9999 of 1,000 on time: ratio 0.8999999, truncated to 0.899999, so not >= 0.9.
       ('EDGE', '2025-01-10', '2025-01-10', 899.9999), ('EDGE', '2025-02-10', '2025-02-11', 100.0001),
       ('EDGE', '2025-03-10', '2025-03-10', 0), ('EDGE', '2025-04-10', '2025-04-10', 0),
       ('EDGE', '2025-05-10', '2025-05-10', 0), ('EDGE', '2025-06-10', '2025-06-10', 0);

CREATE TEMP VIEW behaviour AS
SELECT customer, dunning.payment_behaviour(due_date, paid_date, amount) AS b FROM paid GROUP BY customer;

-- MIXED: on time 300 of 600 = 0.5; late days weighted by amount (100 × 10 + 200 × 4) / 300 = 6;
-- three invoices, below min_history 6: (3 × 0.5 + 3 × 0.5) / 6 = 0.5.
SELECT is((SELECT b FROM behaviour WHERE customer = 'MIXED'),
          ROW(3, 1, 0.500000, 6.00, 10, 0.500000)::dunning.behaviour, 'MIXED: the worked example, field by field');
SELECT is((b).score::text, '1.000000', 'LOYAL: eleven invoices on time, score 1') FROM behaviour WHERE customer = 'LOYAL';
SELECT is((b).avg_days_late::text, '0.00', 'LOYAL: never late') FROM behaviour WHERE customer = 'LOYAL';
-- LATE: i = 1..11; on time when i % 5 = 0 (i = 5, 10); otherwise 10 × (i % 4 + 1) days late.
SELECT is((b).paid_on_time, 2, 'LATE: two of eleven on time') FROM behaviour WHERE customer = 'LATE';
SELECT is((b).on_time_ratio::text, '0.181818', 'LATE: 2/11, truncated to 6 decimals') FROM behaviour WHERE customer = 'LATE';
SELECT is((b).max_days_late, 40::numeric, 'LATE: at most 40 days late') FROM behaviour WHERE customer = 'LATE';
-- Days late for i = 1..11 without 5 and 10: 20 30 40 10 30 40 10 20 40 → 240 / 9 = 26.666… → 26.67.
SELECT is((b).avg_days_late::text, '26.67', 'LATE: average days late rounded half away from zero')
  FROM behaviour WHERE customer = 'LATE';
-- NEW: (3 × 1 + 3 × 0.5) / 6 = 0.75.
SELECT is((b).score::text, '0.750000', 'NEW: three on-time invoices, damped toward 0.5') FROM behaviour WHERE customer = 'NEW';
SELECT is((SELECT (dunning.payment_behaviour(due_date, paid_date, amount, 3)).score FROM paid WHERE customer = 'NEW'),
          1.000000, 'NEW with min_history 3: the ratio itself');
SELECT is((SELECT dunning.payment_behaviour(due_date, paid_date, amount, NULL) FROM paid WHERE customer = 'MIXED'),
          (SELECT b FROM behaviour WHERE customer = 'MIXED'), 'a NULL min_history is the default 6');
SELECT is((b).score::text, '0.899999', 'EDGE: truncated, not rounded up to 0.9') FROM behaviour WHERE customer = 'EDGE';
SELECT is((SELECT (dunning.payment_behaviour(d, d, 0)).on_time_ratio FROM (VALUES (DATE '2025-01-01')) v (d)), NULL,
          'zero amounts weigh nothing: no ratio');

-- NULL semantics (SPEC §3): unpaid and all-NULL rows are not history; zero rows give NULL.
SELECT is((SELECT dunning.payment_behaviour(due_date, paid_date, amount) FROM paid WHERE false), NULL, 'zero rows: NULL');
SELECT is((SELECT dunning.payment_behaviour(due_date, NULL, amount) FROM paid), NULL, 'only unpaid invoices: NULL');
SELECT is((SELECT dunning.payment_behaviour(d, p, a) FROM (VALUES ('2025-06-30'::date, '2025-06-30'::date, 300::numeric),
                                                                 (NULL, NULL, NULL), ('2025-06-30', '2025-07-10', 100),
                                                                 ('2025-06-30', '2025-07-04', 200), ('2025-06-30', NULL, -5)) v (d, p, a)),
          (SELECT b FROM behaviour WHERE customer = 'MIXED'), 'all-NULL and unpaid rows are skipped');
SELECT throws_ok($$SELECT dunning.payment_behaviour(NULL, DATE '2025-01-05', 10)$$, '22023',
                 'payment_behaviour: due_date must not be NULL for a paid invoice (paid on 2025-01-05)', 'NULL due_date of a paid invoice');
SELECT throws_ok($$SELECT dunning.payment_behaviour(DATE '2025-01-01', DATE '2025-01-05', NULL)$$, '22023',
                 'payment_behaviour: amount must not be NULL (invoice due 2025-01-01, paid 2025-01-05)', 'NULL amount of a paid invoice');
SELECT throws_ok($$SELECT dunning.payment_behaviour(DATE '2025-01-01', DATE '2025-01-05', -10)$$, '22023',
                 'payment_behaviour: amount -10 must not be negative', 'negative amount');
SELECT throws_ok($$SELECT dunning.payment_behaviour(DATE '2025-01-01', DATE 'infinity', 10)$$, '22023',
                 'payment_behaviour: paid_date must be a finite date, not infinity', 'infinite date');
SELECT throws_ok($$SELECT dunning.payment_behaviour(due_date, paid_date, amount, 0) FROM paid$$, '22023',
                 'payment_behaviour: min_history 0 must be at least 1', 'min_history below 1');
SELECT throws_ok($$SELECT dunning.payment_behaviour(due_date, paid_date, amount, CASE WHEN amount > 100 THEN 3 END) FROM paid WHERE customer = 'MIXED'$$,
                 '22023', 'payment_behaviour: min_history differs within one group: 3 and 6', 'min_history differing within a group');

-- The seed (SPEC §1): a customer who always pays on time forgot one invoice and paid the next one.
-- Both customers below have the same open ledger: the forgotten invoice, 20 days overdue.
CREATE TEMP TABLE open_items (customer text, item dunning.item);
INSERT INTO open_items SELECT c, dunning.item('INV-2026-014', 'invoice', 240, 240, '2026-02-10')
  FROM unnest(ARRAY['LOYAL', 'LATE', 'NEW', 'EDGE']) c;
CREATE TEMP VIEW letters AS
SELECT customer, dunning.assess(item, '{"levels": [{"level": 1, "days": 1, "fee": 7.50}, {"level": 2, "days": 30, "fee": 15}]}',
                                '2026-03-02', NULL, NULL, (b).score) AS a
  FROM open_items JOIN behaviour USING (customer) GROUP BY customer;
SELECT is((a).action, 'remind', 'loyal customer: reminded') FROM letters WHERE customer = 'LOYAL';
SELECT is((a).tone, 'friendly', 'loyal customer: a friendly first reminder') FROM letters WHERE customer = 'LOYAL';
SELECT is((a).fee, 0.00, 'loyal customer: without fee') FROM letters WHERE customer = 'LOYAL';
SELECT ok((a).reason_codes @> ARRAY['loyal_friendly', 'fee_waived_loyalty'], 'loyal customer: the reason says why')
  FROM letters WHERE customer = 'LOYAL';
SELECT is(((a).tone, (a).fee), ('standard'::text, 7.50::numeric), 'habitual late payer: the standard reminder with the level fee')
  FROM letters WHERE customer = 'LATE';
SELECT is(((a).tone, (a).fee), ('standard'::text, 7.50::numeric), 'three on-time invoices are not yet loyalty')
  FROM letters WHERE customer = 'NEW';
SELECT is(((a).tone, (a).fee), ('standard'::text, 7.50::numeric), 'a score of 0.8999999 is below 0.9: no loyalty')
  FROM letters WHERE customer = 'EDGE';
SELECT is((SELECT (dunning.assess(item, NULL, '2026-03-02', 1, '2026-02-20', (SELECT (b).score FROM behaviour WHERE customer = 'LOYAL'))).tone
             FROM open_items WHERE customer = 'LOYAL'),
          'firm', 'loyalty softens the first letter of an episode only: the second one has its level''s tone');

-- Parallel aggregation equals serial (SPEC §12).
CREATE TABLE parallel_paid AS
SELECT 'C' || (g % 97) AS customer, DATE '2025-01-01' + (g % 300) AS due_date,
       CASE WHEN g % 11 = 0 THEN NULL ELSE DATE '2025-01-01' + (g % 300) + (g % 37) - 12 END AS paid_date,
       (g % 500) + 0.25 AS amount
  FROM generate_series(1, 30000) g;
ANALYZE parallel_paid;
CREATE TEMP TABLE serial_behaviour AS
SELECT customer, dunning.payment_behaviour(due_date, paid_date, amount, 8) AS b FROM parallel_paid GROUP BY customer;
\ir parallel.psql
SELECT ok(pg_temp.plan_of($$SELECT customer, dunning.payment_behaviour(due_date, paid_date, amount, 8) FROM parallel_paid GROUP BY customer$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'the planner uses partial aggregation for payment_behaviour');
SELECT is((SELECT count(*) FROM (SELECT customer, dunning.payment_behaviour(due_date, paid_date, amount, 8) AS b
                                   FROM parallel_paid GROUP BY customer) p
             FULL JOIN serial_behaviour s USING (customer) WHERE p.b IS DISTINCT FROM s.b), 0::bigint,
          'parallel payment_behaviour equals serial for every customer');
SELECT is((SELECT sum((b).invoices) FROM serial_behaviour), 30000 - 30000 / 11::bigint, 'every paid row counted once');

SELECT * FROM finish();
ROLLBACK;
