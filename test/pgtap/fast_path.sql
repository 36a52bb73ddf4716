-- The fast path (issue 18, extension/src/18_fast_path.sql): dunning.balance and dunning.assess over
-- an item's columns give what the composite form gives with dunning.item(item_id, kind, amount,
-- open_amount, due_date), on every unit of generated ledgers, serial and in parallel plans, and
-- raise the same errors.
\ir setup.psql
SELECT plan(27);

-- Units of every shape the differential test uses: every kind, credits, partly paid items, due
-- dates around as_of, duplicate-free ids (seeded, so the test is stable).
SELECT setseed(0.18);
-- A plain table (the file's transaction is rolled back): parallel workers cannot read temp tables.
CREATE TABLE flat_items AS
SELECT 'U' || u AS unit, 'D' || u || '-' || i AS item_id,
       (ARRAY['invoice', 'invoice', 'invoice', 'installment', 'credit_note', 'payment', 'bank_receipt', 'fee',
              'interest'])[1 + floor(random() * 9)::int] AS kind,
       round((1 + random() * 900)::numeric, (random() * 4)::int) AS amount,
       NULL::numeric AS open_amount,
       DATE '2026-03-01' - (floor(random() * 140)::int - 20) AS due_date
  FROM generate_series(1, 400) u, generate_series(1, 1 + (u % 23)) i;
UPDATE flat_items SET open_amount = CASE WHEN random() < 0.2 THEN 0
                                         WHEN random() < 0.3 THEN round(amount * random()::numeric, 2)
                                         ELSE amount END;
-- A unit with many items, a unit with one item, and a unit in credit.
INSERT INTO flat_items
SELECT 'BIG', 'B' || g, CASE WHEN g % 7 = 0 THEN 'credit_note' ELSE 'invoice' END, 10 + g % 90, 10 + g % 90,
       DATE '2026-01-01' + g % 90
  FROM generate_series(1, 3000) g;
INSERT INTO flat_items VALUES ('ONE', 'X', 'invoice', 100, 100, '2026-01-15'),
                              ('CREDIT', 'C', 'credit_note', 500, 500, '2026-02-01'),
                              ('CREDIT', 'I', 'invoice', 100, 100, '2026-01-01');
ANALYZE flat_items;

CREATE TEMP VIEW balance_pairs AS
SELECT unit,
       dunning.balance(item_id, kind, amount, open_amount, due_date, DATE '2026-03-01') AS flat,
       dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), DATE '2026-03-01') AS composite
  FROM flat_items GROUP BY unit;
CREATE TEMP VIEW assess_pairs AS
SELECT unit, p.policy,
       dunning.assess(item_id, kind, amount, open_amount, due_date, p.policy, DATE '2026-03-01') AS flat,
       dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date), p.policy, DATE '2026-03-01') AS composite
  FROM flat_items,
       (VALUES (NULL::jsonb), ('{"item_min_amount": 25, "grace_days": 5}'),
               ('{"item_min_percent": 10, "pre_due_days": 7, "skip_levels": true, "allocation": "none"}')) p(policy)
 GROUP BY unit, p.policy;

SELECT is((SELECT count(*) FROM balance_pairs), 403::bigint, 'balance: every unit has a result');
SELECT is((SELECT count(*) FROM balance_pairs WHERE flat IS DISTINCT FROM composite), 0::bigint,
          'balance: the fast path equals the composite form on every unit');
SELECT is((SELECT count(*) FROM assess_pairs), 1209::bigint, 'assess: every unit and policy has a result');
SELECT is((SELECT count(*) FROM assess_pairs WHERE flat IS DISTINCT FROM composite), 0::bigint,
          'assess: the fast path equals the composite form on every unit and policy');
SELECT ok((SELECT count(DISTINCT (flat).action) FROM assess_pairs) >= 3, 'assess: the units reach several actions');

-- Parallel plans (partial aggregation, serialized states) give the serial result.
CREATE TEMP TABLE serial_assess AS SELECT unit, policy, flat FROM assess_pairs;
CREATE TEMP TABLE serial_balance AS SELECT unit, flat FROM balance_pairs;
\ir parallel.psql
SELECT ok(pg_temp.plan_of($$SELECT unit, dunning.assess(item_id, kind, amount, open_amount, due_date, NULL, '2026-03-01') FROM flat_items GROUP BY unit$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'assess: the planner uses partial aggregation');
SELECT ok(pg_temp.plan_of($$SELECT unit, dunning.balance(item_id, kind, amount, open_amount, due_date, '2026-03-01') FROM flat_items GROUP BY unit$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'balance: the planner uses partial aggregation');
SELECT is((SELECT count(*) FROM assess_pairs a JOIN serial_assess s USING (unit)
            WHERE a.policy IS NOT DISTINCT FROM s.policy AND a.flat IS DISTINCT FROM s.flat), 0::bigint,
          'assess: parallel equals serial');
SELECT is((SELECT count(*) FROM balance_pairs b JOIN serial_balance s USING (unit) WHERE b.flat IS DISTINCT FROM s.flat),
          0::bigint, 'balance: parallel equals serial');
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;

-- NULLs and errors: as the constructor and the composite aggregates raise them.
SELECT is(dunning.assess(item_id, kind, amount, open_amount, due_date, NULL, '2026-03-01'), NULL,
          'assess: no rows, no result')
  FROM flat_items WHERE false;
SELECT throws_ok($$SELECT dunning.assess(NULL, 'invoice', 1, 1, '2026-01-01', NULL, '2026-03-01')$$, '22023',
                 'item_id must not be NULL', 'assess: a NULL item_id');
SELECT throws_ok($$SELECT dunning.balance('X', 'bill', 1, 1, '2026-01-01', '2026-03-01')$$, '22023',
                 'item "X": unknown kind "bill"', 'balance: an unknown kind names the item');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 2, '2026-01-01', NULL, '2026-03-01')$$, '22023',
                 'item "X": open_amount 2 exceeds amount 1', 'assess: open above amount');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, NULL, NULL, '2026-03-01')$$, '22023',
                 'item "X": due_date must not be NULL for an invoice', 'assess: an invoice without due date');
SELECT throws_ok($$SELECT dunning.balance('X', 'invoice', 1e1000, 1, '2026-01-01', '2026-03-01')$$, '22003',
                 'numeric value out of range', 'balance: an amount out of range');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, '2026-01-01', NULL, NULL)$$, '22023',
                 'as_of must not be NULL', 'assess: a NULL as_of');
SELECT throws_ok($$SELECT dunning.assess(i, 'invoice', 1, 1, '2026-01-01', NULL, '2026-03-01') FROM (VALUES ('A'), ('A')) v(i)$$,
                 '22023', 'item "A": duplicate item_id in one unit', 'assess: a duplicate id');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, '2026-01-01', '{"grace_day": 1}', '2026-03-01')$$,
                 '22023', 'unknown policy key "grace_day"', 'assess: a bad policy');

-- The overload over all of an item's columns and the history (what dunning.unit_assessment
-- aggregates): the composite form's result with every field and history argument set, serial and
-- parallel, and the composite form's errors.
CREATE TABLE full_items AS
SELECT unit, item_id, kind, amount, open_amount, due_date,
       CASE WHEN random() < 0.3 THEN due_date - floor(random() * 30)::int END AS doc_date,
       CASE WHEN random() < 0.2 THEN 'eur' WHEN random() < 0.2 THEN 'EUR' END AS currency,
       CASE WHEN random() < 0.1 THEN true WHEN random() < 0.1 THEN NULL ELSE false END AS disputed,
       CASE WHEN random() < 0.1 THEN DATE '2026-03-01' + floor(random() * 20)::int - 10 END AS hold_until,
       CASE WHEN random() < 0.1 THEN true WHEN random() < 0.1 THEN NULL ELSE false END AS on_plan
  FROM flat_items;
CREATE TABLE full_history AS
SELECT unit,
       CASE WHEN random() < 0.6 THEN floor(random() * 4)::int END AS last_level,
       CASE WHEN random() < 0.6 THEN DATE '2026-03-01' - floor(random() * 40)::int END AS last_letter_date,
       CASE WHEN random() < 0.5 THEN round((random() * 100)::numeric, 5) END AS score
  FROM (SELECT DISTINCT unit FROM flat_items) u;
ANALYZE full_items;
ANALYZE full_history;
CREATE TEMP VIEW full_pairs AS
SELECT i.unit, p.policy,
       dunning.assess(i.item_id, i.kind, i.amount, i.open_amount, i.due_date, i.doc_date, i.currency, i.disputed,
                      i.hold_until, i.on_plan, p.policy, DATE '2026-03-01', h.last_level, h.last_letter_date,
                      h.score) AS flat,
       dunning.assess(dunning.item(i.item_id, i.kind, i.amount, i.open_amount, i.due_date, i.doc_date, i.currency,
                                   i.disputed, i.hold_until, i.on_plan),
                      p.policy, DATE '2026-03-01', h.last_level, h.last_letter_date, h.score) AS composite
  FROM full_items i JOIN full_history h USING (unit),
       (VALUES (NULL::jsonb), ('{"item_min_amount": 25, "grace_days": 5, "loyalty": {"min_history": 1}}'),
               ('{"item_min_percent": 10, "pre_due_days": 7, "skip_levels": true, "allocation": "none"}')) p(policy)
 GROUP BY i.unit, p.policy;
SELECT is((SELECT count(*) FROM full_pairs WHERE (flat).items > 0), 1209::bigint,
          'assess over all columns: every unit and policy has a result');
SELECT is((SELECT count(*) FROM full_pairs WHERE flat IS DISTINCT FROM composite), 0::bigint,
          'assess over all columns: equals the composite form with every field and the history');
SELECT ok((SELECT count(DISTINCT (flat).level) FROM full_pairs) >= 3 AND (SELECT count(*) FROM full_pairs WHERE (flat).action = 'wait') > 0,
          'assess over all columns: the history changes levels and actions');
CREATE TEMP TABLE serial_full AS SELECT unit, policy, flat FROM full_pairs;
\ir parallel.psql
SELECT is((SELECT count(*) FROM full_pairs a JOIN serial_full s USING (unit)
            WHERE a.policy IS NOT DISTINCT FROM s.policy AND (a.flat IS DISTINCT FROM s.flat OR a.composite IS DISTINCT FROM s.flat)),
          0::bigint, 'assess over all columns: parallel equals serial');
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, '2026-01-01', 'infinity', NULL, false, NULL, false, NULL,
                                         '2026-03-01', NULL, NULL, NULL)$$,
                 '22023', 'item "X": doc_date must be a finite date, not infinity', 'assess over all columns: a bad doc_date');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, '2026-01-01', NULL, 'euro', false, NULL, false, NULL,
                                         '2026-03-01', NULL, NULL, NULL)$$,
                 '22023', 'item "X": currency "euro" is not a three-letter ISO 4217 code', 'assess over all columns: a bad currency');
SELECT throws_ok($$SELECT dunning.assess('X', 'invoice', 1, 1, '2026-01-01', NULL, NULL, false, NULL, false, NULL,
                                         '2026-03-01', -1, NULL, NULL)$$,
                 '22023', 'last_level -1 must not be negative', 'assess over all columns: a negative last_level');
SELECT throws_ok($$SELECT dunning.assess(i, 'invoice', 1, 1, '2026-01-01', NULL, NULL, false, NULL, false, NULL,
                                         '2026-03-01', l, NULL, NULL) FROM (VALUES ('A', 1), ('B', 2)) v(i, l)$$,
                 '22023', 'last_level differs within one group: 1 and 2', 'assess over all columns: history differs within a group');
SELECT is((SELECT dunning.assess(NULL::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '2026-03-01', NULL, NULL, NULL)
             FROM full_items WHERE false), NULL, 'assess over all columns: no rows, no result');

SELECT * FROM finish();
ROLLBACK;
