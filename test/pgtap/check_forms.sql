-- What the extension forms itself instead of calling PostgreSQL (issue 18): dunning.item(...) its
-- tuple (src/pg/item_constructor.cpp, FormItem, instead of heap_form_tuple), and result rows their
-- amounts (src/pg/result_datum.cpp, MoneyDatum, instead of int64_div_fast_to_numeric). With
-- dunning.check_forms on, each also calls PostgreSQL and raises an error unless the bytes are the
-- same: these statements pass only while both agree. Items: NULLs in every field, both overloads,
-- ids and amounts around the short varlena limit (126 bytes of data) and beyond, values read from a
-- table (short headers) and computed (4-byte headers), a TOAST-ed id (left to heap_form_tuple).
-- Amounts: balances and assessments of units with amounts from cents to 10^11, negative ones among
-- them (credits above principal).
\ir setup.psql
SELECT plan(11);

SET LOCAL dunning.check_forms = on;

SELECT setseed(0.2026);
CREATE TEMP TABLE form_items AS
SELECT 'F' || g || repeat('x', (ARRAY[0, 1, 100, 118, 119, 120, 125, 126, 127, 300])[1 + g % 10]) AS item_id,
       (ARRAY['invoice', 'installment', 'credit_note', 'payment', 'bank_receipt', 'fee', 'interest'])[1 + g % 7]
           AS kind,
       round((random() * 10 ^ (g % 12))::numeric, g % 5) AS amount,
       NULL::numeric AS open_amount,
       CASE WHEN g % 5 = 0 THEN NULL ELSE DATE '2026-03-01' - g % 300 END AS due_date,
       CASE WHEN g % 3 = 0 THEN DATE '2026-01-01' + g % 90 END AS doc_date,
       (ARRAY[NULL, 'EUR', 'usd', 'CHF'])[1 + g % 4] AS currency,
       CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END AS disputed,
       CASE WHEN g % 6 = 0 THEN DATE '2026-04-01' END AS hold_until,
       CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END AS on_plan
  FROM generate_series(1, 2000) g;
UPDATE form_items SET open_amount = CASE WHEN random() < 0.7 THEN trunc(amount * random()::numeric, 2) END;

SELECT is((SELECT count(dunning.item(item_id, kind, amount, coalesce(open_amount, amount), due_date, doc_date, currency,
                                     disputed, hold_until, on_plan))
             FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          (SELECT count(*) FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          'text kind: every field as read from a table, the same bytes as heap_form_tuple');
SELECT is((SELECT count(dunning.item(item_id, kind::dunning.item_kind, amount, coalesce(open_amount, amount), due_date))
             FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          (SELECT count(*) FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          'enum kind, defaults: the same bytes');
-- computed values arrive with 4-byte varlena headers, which the tuple stores short when they fit
SELECT is((SELECT count(dunning.item(item_id || '', kind, amount * 1, coalesce(open_amount, amount) + 0, due_date,
                                     currency => upper(currency)))
             FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          (SELECT count(*) FROM form_items WHERE due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment')),
          'computed values (4-byte headers): the same bytes');
SELECT is(pg_column_size(dunning.item(repeat('L', 5000), 'invoice', 1.5, 1.5, '2026-01-01')),
          pg_column_size(ROW(repeat('L', 5000), 'invoice', 1.5, 1.5, '2026-01-01', '2026-01-01', NULL, false, NULL,
                             false)::dunning.item),
          'a long id keeps its 4-byte header: the size of the ROW value');
SELECT is(dunning.item(repeat('L', 5000), 'invoice', 1.5, 1.5, '2026-01-01')::text,
          ROW(repeat('L', 5000), 'invoice', 1.5, 1.5, '2026-01-01', '2026-01-01', NULL, false, NULL,
              false)::dunning.item::text,
          'a long id reads back');
CREATE TEMP TABLE form_toasted AS SELECT repeat(md5(g::text), 10000) AS item_id FROM generate_series(1, 2) g;
SELECT is((SELECT count(dunning.item(item_id, 'fee', 1, 1, NULL)) FROM form_toasted), 2::bigint,
          'a TOAST-ed id: formed by heap_form_tuple');
-- the fields read back, field by field, as the ROW value of the constructor's defaults
SELECT is((SELECT count(*) FROM form_items
            WHERE (due_date IS NOT NULL OR kind NOT IN ('invoice', 'installment'))
              AND dunning.item(item_id, kind, amount, coalesce(open_amount, amount), due_date, doc_date, currency,
                               disputed, hold_until, on_plan)
                  IS DISTINCT FROM ROW(item_id, kind::dunning.item_kind, amount, coalesce(open_amount, amount),
                                       due_date, coalesce(doc_date, due_date), currency,
                                       coalesce(disputed, false), hold_until, coalesce(on_plan, false))::dunning.item),
          0::bigint, 'every item reads back as its ROW value');
-- result rows: every figure of balances and assessments, positive, negative and zero
CREATE TEMP TABLE form_units AS
SELECT 'U' || abs(hashtext(item_id) % 150) AS unit, item_id, kind, amount, coalesce(open_amount, amount) AS open_amount,
       coalesce(due_date, DATE '2026-02-01') AS due_date, currency IS NOT NULL AS in_currency
  FROM form_items;
SELECT is((SELECT count(b) FROM (
              SELECT dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), DATE '2026-03-01') AS b
                FROM form_units WHERE NOT in_currency GROUP BY unit) s),
          (SELECT count(DISTINCT unit) FROM form_units WHERE NOT in_currency),
          'balance: every unit''s amounts, the same bytes as int64_div_fast_to_numeric');
SELECT ok((SELECT count(*) FROM (
              SELECT dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), DATE '2026-03-01') AS b
                FROM form_units WHERE NOT in_currency GROUP BY unit) s WHERE (b).net_balance < 0) > 0,
          'balance: some units have a negative net balance');
SELECT is((SELECT count(a) FROM (
              SELECT dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date), NULL, DATE '2026-03-01') AS a
                FROM form_units WHERE NOT in_currency GROUP BY unit) s),
          (SELECT count(DISTINCT unit) FROM form_units WHERE NOT in_currency),
          'assess: every unit''s amounts, the same bytes');
-- the check itself: the setting is the module's, and on
SELECT is(current_setting('dunning.check_forms'), 'on', 'the byte comparison was on');

SELECT * FROM finish();
ROLLBACK;
