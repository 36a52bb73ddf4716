-- Items made by dunning.item(...) (issue 18): the aggregates take the item the constructor validated
-- last when their argument is byte for byte the datum it returned (src/pg/item_datum.cpp,
-- RememberConstructed), and read and validate every other datum. Results equal those of the same
-- items built with ROW(...) (always read and validated), on every unit of a generated ledger with
-- every field set, serial and in parallel plans; constructed and ROW items interleaved row by row
-- give the same results too; and a ROW item next to a valid constructed one is still refused.
\ir setup.psql
SELECT plan(18);

SELECT setseed(0.1818);
-- A plain table (the file's transaction is rolled back): parallel workers cannot read temp tables.
CREATE TABLE made_items AS
SELECT 'U' || u AS unit, 'M' || u || '-' || i AS item_id,
       (ARRAY['invoice', 'invoice', 'invoice', 'installment', 'credit_note', 'payment', 'bank_receipt', 'fee',
              'interest'])[1 + floor(random() * 9)::int]::dunning.item_kind AS kind,
       round((1 + random() * 900)::numeric, (random() * 4)::int) AS amount,
       NULL::numeric AS open_amount,
       DATE '2026-03-01' - (floor(random() * 140)::int - 20) AS due_date,
       CASE WHEN random() < 0.3 THEN DATE '2026-03-01' - floor(random() * 160)::int END AS doc_date,
       CASE WHEN random() < 0.2 THEN 'eur' WHEN random() < 0.3 THEN 'EUR' END AS currency,
       CASE WHEN random() < 0.1 THEN true WHEN random() < 0.1 THEN NULL ELSE false END AS disputed,
       CASE WHEN random() < 0.1 THEN DATE '2026-03-01' + floor(random() * 20)::int - 10 END AS hold_until,
       CASE WHEN random() < 0.1 THEN true WHEN random() < 0.1 THEN NULL ELSE false END AS on_plan,
       i AS n
  FROM generate_series(1, 300) u, generate_series(1, 1 + (u % 19)) i;
UPDATE made_items SET open_amount = CASE WHEN random() < 0.2 THEN 0
                                         WHEN random() < 0.3 THEN round(amount * random()::numeric, 2)
                                         ELSE amount END;
ANALYZE made_items;

-- The same item three ways: by the constructor (remembered), by ROW (read and validated: the
-- constructor's defaults spelled out), and row by row alternately.
CREATE TEMP VIEW made_balance AS
SELECT unit,
       dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency, disputed,
                                    hold_until, on_plan), DATE '2026-03-01') AS made,
       dunning.balance(ROW(item_id, kind, amount, open_amount, due_date, coalesce(doc_date, due_date), currency,
                           coalesce(disputed, false), hold_until, coalesce(on_plan, false))::dunning.item,
                       DATE '2026-03-01') AS rowed,
       dunning.balance(CASE WHEN n % 2 = 0
                            THEN dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency,
                                              disputed, hold_until, on_plan)
                            ELSE ROW(item_id, kind, amount, open_amount, due_date, coalesce(doc_date, due_date),
                                     currency, coalesce(disputed, false), hold_until,
                                     coalesce(on_plan, false))::dunning.item END,
                       DATE '2026-03-01') AS mixed
  FROM made_items GROUP BY unit;
CREATE TEMP VIEW made_assess AS
SELECT unit, p.policy,
       dunning.assess(dunning.item(item_id, kind::text, amount, open_amount, due_date, doc_date, currency, disputed,
                                   hold_until, on_plan), p.policy, DATE '2026-03-01') AS made,
       dunning.assess(ROW(item_id, kind, amount, open_amount, due_date, coalesce(doc_date, due_date), currency,
                          coalesce(disputed, false), hold_until, coalesce(on_plan, false))::dunning.item,
                      p.policy, DATE '2026-03-01') AS rowed,
       dunning.assess(CASE WHEN n % 3 = 0
                           THEN ROW(item_id, kind, amount, open_amount, due_date, coalesce(doc_date, due_date),
                                    currency, coalesce(disputed, false), hold_until,
                                    coalesce(on_plan, false))::dunning.item
                           ELSE dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency,
                                             disputed, hold_until, on_plan) END,
                      p.policy, DATE '2026-03-01') AS mixed
  FROM made_items,
       (VALUES (NULL::jsonb), ('{"item_min_amount": 25, "grace_days": 5, "pre_due_days": 7}'),
               ('{"item_min_percent": 10, "skip_levels": true, "allocation": "none"}')) p(policy)
 GROUP BY unit, p.policy;

SELECT is((SELECT count(*) FROM made_balance WHERE (made).principal_open IS NOT NULL), 300::bigint, 'balance: every unit has a result');
SELECT is((SELECT count(*) FROM made_balance WHERE made IS DISTINCT FROM rowed OR mixed IS DISTINCT FROM rowed),
          0::bigint, 'balance: constructed, ROW and interleaved items give the same result on every unit');
SELECT is((SELECT count(*) FROM made_assess WHERE (made).items > 0), 900::bigint,
          'assess: every unit and policy has a result');
SELECT is((SELECT count(*) FROM made_assess WHERE made IS DISTINCT FROM rowed OR mixed IS DISTINCT FROM rowed),
          0::bigint, 'assess: constructed, ROW and interleaved items give the same result on every unit and policy');
SELECT ok((SELECT count(DISTINCT (made).action) FROM made_assess) >= 3, 'assess: the units reach several actions');
SELECT ok((SELECT count(*) FROM made_balance WHERE (made).disputed_open > 0) > 10,
          'balance: the ledger has disputed items');

-- Parallel plans: each worker remembers its own constructor's items.
CREATE TEMP TABLE serial_made AS SELECT unit, policy, made FROM made_assess;
\ir parallel.psql
SELECT ok(pg_temp.plan_of($$SELECT unit, dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date), NULL, '2026-03-01') FROM made_items GROUP BY unit$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'the planner uses partial aggregation');
SELECT is((SELECT count(*) FROM made_assess a JOIN serial_made s USING (unit)
            WHERE a.policy IS NOT DISTINCT FROM s.policy
              AND (a.made IS DISTINCT FROM s.made OR a.rowed IS DISTINCT FROM s.made OR a.mixed IS DISTINCT FROM s.made)),
          0::bigint, 'assess: parallel equals serial');
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;

-- A ROW item right after a valid constructed item: bytes that differ are validated, even when only
-- one field differs (here open_amount, above the amount).
SELECT throws_ok($$SELECT dunning.balance(i, '2026-03-01')
                     FROM (VALUES (1, dunning.item('A', 'invoice', 10, 5, '2026-01-01')),
                                  (2, ROW('A', 'invoice', 10, 20, '2026-01-01', '2026-01-01', NULL, false, NULL,
                                          false)::dunning.item)) v(n, i)$$,
                 '22023', 'item "A": open_amount 20 exceeds amount 10', 'balance: an invalid ROW item is refused');
SELECT throws_ok($$SELECT dunning.assess(CASE WHEN n = 1 THEN dunning.item('B', 'invoice', 10, 5, '2026-01-01')
                                             ELSE ROW('B', 'invoice', 10, 5, NULL, NULL, NULL, false, NULL,
                                                      false)::dunning.item END, NULL, '2026-03-01')
                     FROM generate_series(1, 2) n$$,
                 '22023', 'item "B": due_date must not be NULL for an invoice',
                 'assess: an invalid ROW item is refused');
-- The same datum twice: a duplicate, whichever path reads it.
SELECT throws_ok($$SELECT dunning.assess(dunning.item('C', 'invoice', 10, 5, '2026-01-01'), NULL, '2026-03-01')
                     FROM generate_series(1, 2)$$,
                 '22023', 'item "C": duplicate item_id in one unit', 'assess: a repeated constructed item');
-- A constructed item equal to a ROW item: the same bytes, the same item.
SELECT is((SELECT dunning.balance(i, '2026-03-01')
             FROM (VALUES (dunning.item('D', 'invoice', 10, 5, '2026-01-01')),
                          (ROW('E', 'invoice', 7, 7, '2026-01-01', '2026-01-01', NULL, false, NULL, false)::dunning.item),
                          (dunning.item('F', 'credit_note', 3, 3))) v(i)),
          (SELECT dunning.balance(i, '2026-03-01')
             FROM (VALUES (ROW('D', 'invoice', 10, 5, '2026-01-01', '2026-01-01', NULL, false, NULL, false)::dunning.item),
                          (ROW('E', 'invoice', 7, 7, '2026-01-01', '2026-01-01', NULL, false, NULL, false)::dunning.item),
                          (ROW('F', 'credit_note', 3, 3, NULL, NULL, NULL, false, NULL, false)::dunning.item)) v(i)),
          'balance: constructed and ROW values of the same items agree');
-- Items stored in a table and read back (no constructor call in the query): read and validated.
CREATE TEMP TABLE stored_items AS
SELECT unit, dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency, disputed, hold_until,
                          on_plan) AS item
  FROM made_items;
SELECT is((SELECT count(*) FROM (SELECT unit, dunning.balance(item, '2026-03-01') AS b FROM stored_items GROUP BY unit) s
             JOIN made_balance m USING (unit) WHERE s.b IS DISTINCT FROM m.rowed), 0::bigint,
          'balance: stored constructed items give the same result');
SELECT is((SELECT count(*) FROM (SELECT unit, dunning.assess(item, NULL, '2026-03-01') AS a FROM stored_items GROUP BY unit) s
             JOIN made_assess m USING (unit) WHERE m.policy IS NULL AND s.a IS DISTINCT FROM m.rowed), 0::bigint,
          'assess: stored constructed items give the same result');

-- Every shape of item the constructor makes reads back as the ROW(...) value of the same fields,
-- attribute by attribute and in binary (*=): NULLs in each nullable field, ids and amounts around
-- the 1-byte header limit (126 bytes of data), values with 4-byte headers (computed) and compressed
-- ones (stored), and ids too long for RememberConstructed's copy (256 bytes).
CREATE TABLE shapes AS
SELECT n, id, kind, amount, open_amount, due, doc, cur, disp, hold, onplan
  FROM (VALUES
    (1, 'A', 'invoice', 10::numeric, 5::numeric, DATE '2026-01-01', NULL::date, NULL::text, NULL::boolean, NULL::date, NULL::boolean),
    (2, 'B', 'credit_note', 10, 10, NULL, NULL, 'eur', true, DATE '2026-02-01', true),
    (3, 'C', 'payment', 1, 1, NULL, DATE '2025-12-01', NULL, false, NULL, false),
    (4, repeat('d', 126), 'invoice', 1234567890123.5678, 0.0001, DATE '2026-01-01', DATE '2025-12-24', 'USD', NULL, DATE '2026-03-05', NULL),
    (5, repeat('e', 127), 'fee', 0, 0, DATE '2026-01-01', NULL, 'CHF', true, NULL, NULL),
    (6, repeat('f', 300), 'installment', 99.99, 99.99, DATE '2026-01-01', NULL, NULL, NULL, NULL, true),
    (7, repeat('g', 5000), 'interest', 1.5, 1.5, DATE '2026-01-01', NULL, 'EUR', NULL, NULL, NULL)
  ) v(n, id, kind, amount, open_amount, due, doc, cur, disp, hold, onplan);
SELECT is((SELECT count(*) FROM shapes s
            WHERE NOT dunning.item(s.id, s.kind, s.amount, s.open_amount, s.due, s.doc, s.cur, s.disp, s.hold, s.onplan)
                      *= ROW(s.id, s.kind::dunning.item_kind, s.amount, s.open_amount, s.due, coalesce(s.doc, s.due), s.cur,
                             coalesce(s.disp, false), s.hold, coalesce(s.onplan, false))::dunning.item),
          0::bigint, 'constructor: stored values of every shape give the ROW value, in binary');
SELECT is((SELECT count(*) FROM shapes s, LATERAL (SELECT repeat(s.id, 1) AS id, s.amount + 0 AS amount) c
            WHERE NOT dunning.item(c.id, s.kind::dunning.item_kind, c.amount, s.open_amount, s.due, s.doc, s.cur, s.disp, s.hold, s.onplan)
                      *= ROW(c.id, s.kind::dunning.item_kind, c.amount, s.open_amount, s.due, coalesce(s.doc, s.due), s.cur,
                             coalesce(s.disp, false), s.hold, coalesce(s.onplan, false))::dunning.item),
          0::bigint, 'constructor: computed values (4-byte headers) of every shape give the ROW value, in binary');
SELECT is((SELECT string_agg(format('%s %s %s %s %s %s %s %s %s %s', length((i).item_id), (i).kind, (i).amount,
                                    (i).open_amount, (i).due_date, (i).doc_date, (i).currency, (i).disputed,
                                    (i).hold_until, (i).on_plan), '; ' ORDER BY n)
             FROM (SELECT n, dunning.item(id, kind, amount, open_amount, due, doc, cur, disp, hold, onplan) AS i FROM shapes) t),
          '1 invoice 10 5 2026-01-01 2026-01-01  f  f; '
          '1 credit_note 10 10   eur t 2026-02-01 t; '
          '1 payment 1 1  2025-12-01  f  f; '
          '126 invoice 1234567890123.5678 0.0001 2026-01-01 2025-12-24 USD f 2026-03-05 f; '
          '127 fee 0 0 2026-01-01 2026-01-01 CHF t  f; '
          '300 installment 99.99 99.99 2026-01-01 2026-01-01  f  t; '
          '5000 interest 1.5 1.5 2026-01-01 2026-01-01 EUR f  f',
          'constructor: every field of every shape reads back');
CREATE TEMP TABLE stored_shapes AS
SELECT n, dunning.item(id, kind, amount, open_amount, due, doc, cur, disp, hold, onplan) AS i FROM shapes;
SELECT is((SELECT count(*) FROM stored_shapes t JOIN shapes s USING (n)
            WHERE NOT t.i *= ROW(s.id, s.kind::dunning.item_kind, s.amount, s.open_amount, s.due, coalesce(s.doc, s.due),
                                 s.cur, coalesce(s.disp, false), s.hold, coalesce(s.onplan, false))::dunning.item),
          0::bigint, 'constructor: items stored in a table read back as the ROW value');

SELECT * FROM finish();
ROLLBACK;
