-- dunning.balance(item, as_of) (SPEC §3, §5; issue 9's NULL semantics and money range).
\ir setup.psql
SELECT plan(32);

CREATE TEMP TABLE ledger (unit text, item dunning.item);
INSERT INTO ledger VALUES
    ('u1', dunning.item('OLD', 'invoice', 100, 100, '2026-01-10')),
    ('u1', dunning.item('TODAY', 'invoice', 40, 40, '2026-03-01')),
    ('u1', dunning.item('DISP', 'invoice', 70, 70, '2026-01-05', disputed => true)),
    ('u1', dunning.item('PLAN', 'invoice', 150, 150, '2025-12-01', on_plan => true)),
    ('u1', dunning.item('I1', 'installment', 50, 50, '2026-02-01')),
    ('u1', dunning.item('I2', 'installment', 100, 100, '2026-04-01')),
    ('u1', dunning.item('FEE', 'fee', 15, 15, '2026-01-20')),
    ('u1', dunning.item('INT', 'interest', 2.5, 2.5, '2026-01-20')),
    ('u1', dunning.item('CN', 'credit_note', 30, 30, '2026-02-01')),
    ('u1', dunning.item('BR', 'bank_receipt', 20, 20, '2026-02-28')),
    ('credit', dunning.item('A', 'invoice', 10, 10, '2026-01-10')),
    ('credit', dunning.item('P', 'payment', 25.555, 25.555, '2026-02-01')),
    ('paid', dunning.item('A', 'invoice', 500, 0, '2026-01-10'));

SELECT is(b, ROW(360.00, 17.50, 50.00, 327.50, 70.00, 140.00, 170.00)::dunning.balance,
          'principal, charges, credits, net, disputed, not due (due today), overdue after credits')
  FROM (SELECT dunning.balance(item, '2026-03-01') b FROM ledger WHERE unit = 'u1') x;
-- overdue: OLD 100 − 50 credit, DISP 70, I1 50 → 170; plus I2 not yet due; the on-plan invoice counts via instalments
SELECT is((dunning.balance(item, '2026-03-01')).overdue_open, 170.00, 'overdue open principal')
  FROM ledger WHERE unit = 'u1';
SELECT is((dunning.balance(item, '2026-03-01')).not_due_open, 140.00, 'not due: TODAY and the future instalment')
  FROM ledger WHERE unit = 'u1';
SELECT is((dunning.balance(item, '2026-03-01')).principal_open, 360.00, 'instalments are not added to principal')
  FROM ledger WHERE unit = 'u1';
SELECT is((dunning.balance(item, '2026-03-01')).net_balance, -15.56, 'in credit: negative, rounded half away from zero')
  FROM ledger WHERE unit = 'credit';
SELECT is((dunning.balance(item, '2026-03-01')).overdue_open, 0.00, 'a payment covering the invoice leaves nothing overdue')
  FROM ledger WHERE unit = 'credit';
SELECT is(dunning.balance(item, '2026-03-01'), ROW(0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00)::dunning.balance,
          'a settled item is all zeros') FROM ledger WHERE unit = 'paid';
SELECT is((dunning.balance(item, '2026-01-10')).not_due_open, 10.00, 'due on as_of is not overdue')
  FROM ledger WHERE unit = 'credit' AND (item).kind = 'invoice';
SELECT is((dunning.balance(item, '2026-01-11')).overdue_open, 10.00, 'overdue the day after the due date')
  FROM ledger WHERE unit = 'credit' AND (item).kind = 'invoice';
SELECT is((dunning.balance(dunning.item('H', 'invoice', 10, 10, '2026-01-10', hold_until => '2026-04-01'), '2026-03-01')).not_due_open,
          10.00, 'a held invoice is due from its hold_until');

-- Order of rows never matters.
SELECT is((SELECT dunning.balance(item, '2026-03-01' ORDER BY random()) FROM ledger WHERE unit = 'u1'),
          (SELECT dunning.balance(item, '2026-03-01' ORDER BY (item).item_id DESC) FROM ledger WHERE unit = 'u1'),
          'any row order gives the same balance');

-- NULL semantics (SPEC §3).
SELECT is((SELECT dunning.balance(item, '2026-03-01') FROM ledger WHERE false), NULL, 'zero items: NULL');
SELECT is((SELECT dunning.balance(NULL::dunning.item, '2026-03-01') FROM generate_series(1, 3)), NULL,
          'only NULL items: NULL');
SELECT is((SELECT dunning.balance(i, '2026-03-01') FROM (SELECT item FROM ledger WHERE unit = 'u1' UNION ALL SELECT NULL) s(i)),
          (SELECT dunning.balance(item, '2026-03-01') FROM ledger WHERE unit = 'u1'), 'a NULL item is ignored');
SELECT is((SELECT dunning.balance(i, '2026-03-01') FROM unnest(ARRAY[dunning.item('A', 'invoice', 5, 5, '2026-01-01'), NULL]) i),
          (SELECT dunning.balance(dunning.item('A', 'invoice', 5, 5, '2026-01-01'), '2026-03-01')),
          'a row of NULL fields (FROM unnest(items) i with a NULL element) is a NULL item');
SELECT throws_ok($$SELECT dunning.balance(item, NULL) FROM ledger$$, '22023', 'as_of must not be NULL', 'NULL as_of');
SELECT throws_ok($$SELECT dunning.balance(item, '2026-03-01'::date + (item).amount::int % 2) FROM ledger WHERE unit = 'u1'$$,
                 '22023', NULL, 'as_of differing within a group');
SELECT throws_ok($$SELECT dunning.balance(item, 'infinity') FROM ledger$$, '22023',
                 'as_of must be a finite date, not infinity', 'infinite as_of');
SELECT ok(NOT proisstrict, 'transition function is not strict') FROM pg_proc
 WHERE oid = 'dunning.balance_transition(internal, dunning.item, date)'::regprocedure;

-- Bad items reach the aggregate without the constructor too; the aggregate validates them.
SELECT throws_ok($$SELECT dunning.balance(i, '2026-03-01') FROM (VALUES (dunning.item('A', 'invoice', 1, 1, '2026-01-01')),
                   (dunning.item('A', 'invoice', 2, 2, '2026-01-02'))) v(i)$$,
                 '22023', 'item "A": duplicate item_id in one unit', 'duplicate item_id');
SELECT throws_ok($$SELECT dunning.balance(i, '2026-03-01') FROM (VALUES (dunning.item('A', 'invoice', 1, 1, '2026-01-01', currency => 'EUR')),
                   (dunning.item('B', 'invoice', 2, 2, '2026-01-02', currency => 'USD'))) v(i)$$,
                 '22023', 'mixed currencies in one unit: item "A" is in EUR, item "B" in USD', 'mixed currencies');
SELECT throws_ok($$SELECT dunning.balance(i, '2026-03-01') FROM (VALUES (dunning.item('A', 'invoice', 1, 1, '2026-01-01', currency => 'USD')),
                   (dunning.item('B', 'invoice', 2, 2, '2026-01-02'))) v(i)$$,
                 '22023', 'mixed currencies in one unit: item "B" is in EUR, item "A" in USD',
                 'an item without currency is in the default policy currency EUR');
SELECT throws_ok($$SELECT dunning.balance(ROW('A', 'invoice', 1.00001, 1, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item, '2026-03-01')$$,
                 '22023', 'item "A": amount 1.00001 has more than 4 decimal places', 'five decimals in a ROW item');
SELECT throws_ok($$SELECT dunning.balance(ROW('A', 'invoice', 1e13, 1, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item, '2026-03-01')$$,
                 '22003', 'numeric value out of range', '10^13 in a ROW item');
SELECT throws_ok($$SELECT dunning.balance(ROW('A', 'invoice', 1, 2, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item, '2026-03-01')$$,
                 '22023', 'item "A": open_amount 2 exceeds amount 1', 'open above amount in a ROW item');

-- 128-bit sums: 2,000 items just under the limit sum exactly.
SELECT is((dunning.balance(dunning.item('I' || g, 'invoice', 9999999999999.9999, 9999999999999.9999, '2026-01-01'), '2026-03-01')).principal_open,
          19999999999999999.80, '2,000 maximal amounts sum exactly')
  FROM generate_series(1, 2000) g;
SELECT is((dunning.balance(dunning.item('I' || g, CASE WHEN g % 2 = 0 THEN 'invoice' ELSE 'credit_note' END,
                                        9999999999999.9999, 9999999999999.9999, '2026-01-01'), '2026-03-01')).net_balance,
          0.00, 'maximal debits and credits cancel exactly')
  FROM generate_series(1, 2000) g;

-- Declared for parallel aggregation.
SELECT ok(aggcombinefn <> 0 AND aggserialfn <> 0 AND aggdeserialfn <> 0, 'combine, serial and deserial functions')
  FROM pg_aggregate WHERE aggfnoid = 'dunning.balance(dunning.item, date)'::regprocedure;
SELECT is(proparallel, 's', 'aggregate is parallel safe') FROM pg_proc
 WHERE oid = 'dunning.balance(dunning.item, date)'::regprocedure;

-- Parallel aggregation gives the serial result (SPEC §12). Workers cannot read temp tables.
CREATE TABLE parallel_items AS
SELECT 'C' || (g % 97) AS customer,
       dunning.item('D' || g, (ARRAY['invoice', 'invoice', 'credit_note', 'fee', 'installment', 'payment'])[1 + g % 6],
                    (g % 1000) + 0.25, (g % 1000) + 0.25, DATE '2026-01-01' + (g % 90), disputed => g % 17 = 0) AS item
  FROM generate_series(1, 30000) g;
ANALYZE parallel_items;
CREATE TEMP TABLE serial_result AS
SELECT customer, dunning.balance(item, '2026-03-01') AS b FROM parallel_items GROUP BY customer;
\ir parallel.psql
SELECT ok(pg_temp.plan_of($$SELECT customer, dunning.balance(item, '2026-03-01') FROM parallel_items GROUP BY customer$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'the planner uses partial aggregation');
SELECT is((SELECT count(*) FROM (SELECT customer, dunning.balance(item, '2026-03-01') AS b FROM parallel_items GROUP BY customer) p
             FULL JOIN serial_result s USING (customer) WHERE p.b IS DISTINCT FROM s.b), 0::bigint,
          'parallel result equals serial result for every customer');
SELECT is((SELECT count(*) FROM serial_result), 97::bigint, 'every customer assessed');

SELECT * FROM finish();
ROLLBACK;
