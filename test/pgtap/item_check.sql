-- dunning.item_check(...): the validation of dunning.item(...) (text kind) without raising (SPEC §4,
-- §11.2). NULL for a valid item, else the SQLSTATE, a tab and the message the constructor raises;
-- an amount out of range also names the item. Lets a run find the bad rows of a million items in
-- one statement, without a subtransaction per row.
\ir setup.psql
SELECT plan(36);

-- item_check with the constructor's defaults, so that both take the same argument lists below
-- (item_check itself, an internal helper of runs, takes all ten).
CREATE FUNCTION pg_temp.item_check(item_id text, kind text, amount numeric, open_amount numeric,
                                   due_date date DEFAULT NULL, doc_date date DEFAULT NULL, currency text DEFAULT NULL,
                                   disputed boolean DEFAULT false, hold_until date DEFAULT NULL,
                                   on_plan boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $$
    SELECT dunning.item_check(item_id, kind, amount, open_amount, due_date, doc_date, currency, disputed,
                              hold_until, on_plan)
$$;
-- item_check with the arguments `args` (SQL text), as the constructor takes them.
CREATE FUNCTION pg_temp.check_of(args text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE 'SELECT pg_temp.item_check(' || args || ')' INTO result;
    RETURN result;
END $$;
-- What the constructor raises for the same arguments, in item_check's form.
CREATE FUNCTION pg_temp.raised_by(args text) RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.sqlstate_of('SELECT dunning.item(' || args || ')') || E'\t'
           || pg_temp.message_of('SELECT dunning.item(' || args || ')')
$$;

-- The function: C, not strict (a NULL argument is a finding), immutable, parallel safe, with the
-- constructor's argument names and types.
SELECT is(l.lanname, 'c', 'item_check is a C function')
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.oid = 'dunning.item_check(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure;
SELECT ok(NOT p.proisstrict AND p.provolatile = 'i' AND p.proparallel = 's' AND p.prorettype = 'text'::regtype,
          'item_check is not strict, immutable, parallel safe and returns text')
  FROM pg_proc p WHERE p.oid = 'dunning.item_check(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure;
SELECT is((SELECT proargnames FROM pg_proc
            WHERE oid = 'dunning.item_check(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure),
          (SELECT proargnames FROM pg_proc
            WHERE oid = 'dunning.item(text,text,numeric,numeric,date,date,text,boolean,date,boolean)'::regprocedure),
          'the argument names of the constructor');

-- Valid items: NULL.
SELECT is(dunning.item_check('INV-1', 'invoice', 100, 60, '2026-01-31', NULL, NULL, false, NULL, false), NULL,
          'a valid invoice');
SELECT is(dunning.item_check('INV-3', 'invoice', 10, 10, '2026-01-31', '2026-01-01', 'usd', true, '2026-03-01', true),
          NULL, 'every field given');
SELECT is(pg_temp.item_check(item_id => 'P-1', kind => 'payment', amount => 50, open_amount => 50), NULL,
          'a payment without due date');
SELECT is(pg_temp.item_check('INV-4', 'invoice', 9999999999999.9999, 0.0001, '2026-01-31'), NULL, 'the largest amount');
SELECT is(dunning.item_check('INV-5', 'invoice', 10, 10, '2026-01-31', NULL, NULL, NULL, NULL, NULL), NULL,
          'NULL flags');

-- Every finding is exactly what the constructor raises.
SELECT is(pg_temp.check_of(args), pg_temp.raised_by(args), 'as the constructor: ' || description)
  FROM (VALUES ($$NULL, 'invoice', 1, 1, '2026-01-31'$$, 'NULL item_id'),
               ($$'', 'invoice', 1, 1, '2026-01-31'$$, 'empty item_id'),
               ($$'X-1', 'bill', 1, 1, '2026-01-31'$$, 'unknown kind'),
               ($$'X-1', NULL, 1, 1, '2026-01-31'$$, 'NULL kind'),
               ($$'X-1', 'invoice', NULL, 1, '2026-01-31'$$, 'NULL amount'),
               ($$'X-1', 'invoice', 1, NULL, '2026-01-31'$$, 'NULL open_amount'),
               ($$'X-1', 'invoice', -1, 0, '2026-01-31'$$, 'negative amount'),
               ($$'X-1', 'invoice', 1, -0.5, '2026-01-31'$$, 'negative open_amount'),
               ($$'X-1', 'invoice', 1, 2, '2026-01-31'$$, 'open_amount above amount'),
               ($$'X-1', 'invoice', 1, 1.0001, '2026-01-31'$$, 'open_amount above amount by 1/10,000'),
               ($$'X-1', 'invoice', 'NaN', 1, '2026-01-31'$$, 'NaN'),
               ($$'X-1', 'invoice', '-Infinity', 1, '2026-01-31'$$, 'infinite amount'),
               ($$'X-1', 'invoice', 1.00001, 1, '2026-01-31'$$, 'five decimals'),
               ($$'X-1', 'invoice', 1, 1, NULL$$, 'invoice without due date'),
               ($$'X-1', 'installment', 1, 1$$, 'instalment without due date'),
               ($$'X-1', 'invoice', 1, 1, 'infinity'$$, 'infinite due date'),
               ($$'X-1', 'invoice', 1, 1, '2026-01-31', '-infinity'$$, 'infinite doc date'),
               ($$'X-1', 'invoice', 1, 1, '2026-01-31', hold_until => 'infinity'$$, 'infinite hold'),
               ($$'X-1', 'invoice', 1, 1, '2026-01-31', currency => 'EURO'$$, 'bad currency')) AS c (args, description);

-- The form: SQLSTATE, tab, message.
SELECT is(pg_temp.item_check('X', 'invoice', 3, 5, '2026-01-31'), E'22023\titem "X": open_amount 5 exceeds amount 3',
          'SQLSTATE, a tab and the message');
-- A NULL item_id says so, whatever else is missing.
SELECT is(pg_temp.item_check(NULL, 'invoice', 3, 5, '2026-01-31'), E'22023\titem_id must not be NULL', 'NULL item_id');
SELECT is(dunning.item_check(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), E'22023\titem_id must not be NULL',
          'every argument NULL');
-- An amount out of range: 22003, and unlike the constructor's fixed message (whose DETAIL names
-- the item) the text names the item and the field.
SELECT is(pg_temp.item_check('BIG-1', 'invoice', 10000000000000, 1, '2026-01-31'),
          E'22003\tnumeric value out of range: item "BIG-1": amount 10000000000000 is not below 10^13 in magnitude',
          '10^13 is 22003 naming the item');
SELECT is(split_part(pg_temp.item_check('BIG-2', 'invoice', 1, -1e1000, '2026-01-31'), E'\t', 1), '22003',
          '-1e1000 is 22003');
SELECT matches(pg_temp.item_check('BIG-2', 'invoice', 1, -1e1000, '2026-01-31'),
               E'^22003\tnumeric value out of range: item "BIG-2": open_amount -10{38}\\.\\.\\. is not below 10\\^13 in magnitude$',
               'the value is cut at 40 characters');
-- A long multibyte item_id: the text is cut where a raised message is, at a whole character.
SELECT ok(octet_length(pg_temp.item_check(repeat('é', 2000), 'invoice', 3, 5, '2026-01-31')) BETWEEN 1000 AND 1030
          AND pg_temp.item_check(repeat('é', 2000), 'invoice', 3, 5, '2026-01-31') LIKE E'22023\titem "éé%é',
          'a long multibyte message is cut at a character');

-- What it is for: the bad rows of a large ledger in one statement, valid rows untouched.
SELECT results_eq(
    $$SELECT g, p FROM generate_series(1, 100000) g,
            dunning.item_check('INV-' || g, 'invoice', 100, CASE WHEN g % 25000 = 0 THEN 101 ELSE 100 END, '2026-01-31',
                               NULL, NULL, false, NULL, false) p
       WHERE p IS NOT NULL ORDER BY g$$,
    $$SELECT g, format(E'22023\titem "INV-%s": open_amount 101 exceeds amount 100', g) FROM unnest('{25000, 50000, 75000, 100000}'::int[]) g$$,
    'the 4 bad rows among 100,000');
SELECT is((SELECT count(*) FROM generate_series(1, 1000) g
            WHERE pg_temp.item_check('INV-' || g, 'invoice', 100, 100, '2026-01-31') IS NULL
              AND (dunning.item('INV-' || g, 'invoice', 100, 100, '2026-01-31')).item_id = 'INV-' || g), 1000::bigint,
          'what item_check accepts, the constructor builds');

SELECT * FROM finish();
ROLLBACK;
