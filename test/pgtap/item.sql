-- dunning.item(...): both overloads, defaults, and validation (SPEC §4, issue 9).
\ir setup.psql
SELECT plan(34);

-- Overloads: untyped literals and text columns take the text overload; a typed kind the enum one.
SELECT is((dunning.item('INV-1', 'invoice', 100, 60, '2026-01-31')).kind, 'invoice'::dunning.item_kind,
          'text overload resolves an untyped kind literal');
SELECT is((dunning.item('INV-1', 'credit_note'::dunning.item_kind, 10, 10, '2026-01-31')).kind,
          'credit_note'::dunning.item_kind, 'enum overload');
SELECT is((dunning.item('INV-1', k, 10, 10, '2026-01-31')).kind, 'bank_receipt'::dunning.item_kind,
          'text column as kind') FROM (VALUES ('bank_receipt'::text)) v(k);
SELECT is(l.lanname, 'c', 'constructor is a C function: ' || p.oid::regprocedure::text)
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.oid IN ('dunning.item(text,dunning.item_kind,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure,
                 'dunning.item(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure);
SELECT ok(NOT p.proisstrict AND p.provolatile = 'i' AND p.proparallel = 's',
          'constructor is not strict, immutable, parallel safe')
  FROM pg_proc p WHERE p.oid = 'dunning.item(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure;

-- Defaults and named arguments.
SELECT is(dunning.item('INV-1', 'invoice', 100, 60, '2026-01-31'),
          ROW('INV-1', 'invoice', 100, 60, '2026-01-31', '2026-01-31', NULL, false, NULL, false)::dunning.item,
          'doc_date defaults to due_date, flags to false');
SELECT is(dunning.item(item_id => 'P-1', kind => 'payment', amount => 50, open_amount => 50, currency => 'EUR'),
          ROW('P-1', 'payment', 50, 50, NULL, NULL, 'EUR', false, NULL, false)::dunning.item,
          'a payment needs no due date');
SELECT is(dunning.item('INV-2', 'invoice', 10, 10, '2026-01-31', disputed => NULL, on_plan => NULL),
          ROW('INV-2', 'invoice', 10, 10, '2026-01-31', '2026-01-31', NULL, false, NULL, false)::dunning.item,
          'NULL flags mean false');
SELECT is(dunning.item('INV-3', 'invoice', 10, 10, '2026-01-31', '2026-01-01', 'usd', true, '2026-03-01', true),
          ROW('INV-3', 'invoice', 10, 10, '2026-01-31', '2026-01-01', 'usd', true, '2026-03-01', true)::dunning.item,
          'every field given');
SELECT is((dunning.item('INV-4', 'invoice', 9999999999999.9999, 0.0001, '2026-01-31')).amount,
          9999999999999.9999, 'the largest amount is accepted');
SELECT is((dunning.item('INV-5', 'invoice', 1.23450000, 1, '2026-01-31')).amount, 1.23450000,
          'trailing zeros beyond 4 decimals are exact');

-- Validation: SQLSTATE 22023 naming the item and the field.
SELECT throws_ok($$SELECT dunning.item(NULL, 'invoice', 1, 1, '2026-01-31')$$, '22023',
                 'item_id must not be NULL', 'NULL item_id');
SELECT throws_ok($$SELECT dunning.item('', 'invoice', 1, 1, '2026-01-31')$$, '22023',
                 'item_id must not be empty', 'empty item_id');
SELECT throws_ok($$SELECT dunning.item('X-1', 'bill', 1, 1, '2026-01-31')$$, '22023',
                 'item "X-1": unknown kind "bill"', 'unknown text kind names the item');
SELECT throws_ok($$SELECT dunning.item('X-1', NULL::text, 1, 1, '2026-01-31')$$, '22023',
                 'item "X-1": kind must not be NULL', 'NULL kind (text)');
SELECT throws_ok($$SELECT dunning.item('X-1', NULL::dunning.item_kind, 1, 1, '2026-01-31')$$, '22023',
                 'item "X-1": kind must not be NULL', 'NULL kind (enum)');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', NULL, 1, '2026-01-31')$$, '22023',
                 'item "X-1": amount must not be NULL', 'NULL amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', -1, 0, '2026-01-31')$$, '22023',
                 'item "X-1": amount -1 must not be negative', 'negative amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, -0.5, '2026-01-31')$$, '22023',
                 'item "X-1": open_amount -0.5 must not be negative', 'negative open_amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, 2, '2026-01-31')$$, '22023',
                 'item "X-1": open_amount 2 exceeds amount 1', 'open_amount above amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 'NaN', 1, '2026-01-31')$$, '22023',
                 'item "X-1": amount must be a number, not NaN', 'NaN amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 'Infinity', 1, '2026-01-31')$$, '22023',
                 'item "X-1": amount must be finite, not Infinity', 'infinite amount');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1.00001, 1, '2026-01-31')$$, '22023',
                 'item "X-1": amount 1.00001 has more than 4 decimal places', 'five decimals');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 10000000000000, 1, '2026-01-31')$$, '22003',
                 'numeric value out of range', '10^13 is out of range');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1e30, 1, '2026-01-31')$$, '22003',
                 'numeric value out of range', 'far out of range');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, NULL)$$, '22023',
                 'item "X-1": due_date must not be NULL for an invoice', 'invoice without due date');
SELECT throws_ok($$SELECT dunning.item('X-1', 'installment', 1, 1)$$, '22023',
                 'item "X-1": due_date must not be NULL for an installment', 'instalment without due date');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, 'infinity')$$, '22023',
                 'item "X-1": due_date must be a finite date, not infinity', 'infinite due date');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, '2026-01-31', hold_until => '-infinity')$$, '22023',
                 'item "X-1": hold_until must be a finite date, not -infinity', 'infinite hold');
SELECT throws_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, '2026-01-31', currency => 'EURO')$$, '22023',
                 'item "X-1": currency "EURO" is not a three-letter ISO 4217 code', 'bad currency');

-- Dates at the edges of PostgreSQL's range are valid business dates.
SELECT lives_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, '4713-01-01 BC')$$, 'earliest date');
SELECT lives_ok($$SELECT dunning.item('X-1', 'invoice', 1, 1, '5874897-12-31')$$, 'latest date');

-- The hint helps fix the input.
SELECT is(hint, 'Valid kinds are invoice, credit_note, payment, bank_receipt, fee, interest and installment.',
          'unknown kind has a hint')
  FROM (SELECT pg_temp.hint_of($$SELECT dunning.item('X-1', 'invoce', 1, 1, '2026-01-31')$$) AS hint) h;

SELECT * FROM finish();
ROLLBACK;
