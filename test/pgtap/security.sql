-- Security model (issue 7): every function is SECURITY INVOKER and lives in schema dunning; results
-- do not change under a hostile search_path that shadows operators and functions; the trusted
-- extension installs for, and is used by, a non-superuser with CREATE on the database; any role
-- may compute, and internal helpers are not for PUBLIC. (Row-level security through dunning.run is
-- issue 5's: dunning.run does not exist yet.)
\ir setup.psql
SELECT plan(13);

-- 1. Catalog: what the extension installs. -----------------------------------------------------------
CREATE TEMP VIEW ext_function AS
SELECT p.oid, p.oid::regprocedure AS signature, p.prosecdef, p.proconfig, l.lanname, p.pronamespace
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'dunning'
  JOIN pg_language l ON l.oid = p.prolang;

SELECT ok((SELECT count(*) FROM ext_function) >= 15, 'the extension''s functions are found');
SELECT is((SELECT array_agg(signature::text ORDER BY signature::text) FROM ext_function WHERE prosecdef), NULL,
          'no function is SECURITY DEFINER');
SELECT is((SELECT array_agg(signature::text) FROM ext_function WHERE pronamespace <> 'dunning'::regnamespace), NULL,
          'every function lives in schema dunning');
SELECT is((SELECT array_agg(signature::text) FROM ext_function
            WHERE lanname IN ('sql', 'plpgsql')
              AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (proconfig), false)), NULL,
          'SQL and plpgsql functions pin search_path = pg_catalog, pg_temp');
SELECT is((SELECT array_agg(t.typname::text) FROM pg_type t
             JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
             JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'dunning'
            WHERE t.typnamespace <> 'dunning'::regnamespace), NULL,
          'every type lives in schema dunning');
-- 2. A hostile search_path: results unchanged. ------------------------------------------------------
-- Everything the extension computes, as text, computed under the search_path of the moment.
CREATE TEMP TABLE computed (search text, what text, result text);
CREATE FUNCTION pg_temp.compute(search text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- No operator in here: under the hostile path this very function would find the shadowing ones.
    INSERT INTO computed
    SELECT search, 'item', dunning.item('INV-1', 'invoice', 100, 60, '2026-01-01', currency => 'eur', hold_until => '2026-01-20')::text
    UNION ALL
    SELECT search, 'balance', dunning.balance(h.item, '2026-03-01')::text FROM pg_temp.hostile_items h
    UNION ALL
    SELECT search, 'assess/3', dunning.assess(h.item, '{"grace_days": 3, "item_min_amount": 25}', '2026-03-01')::text FROM pg_temp.hostile_items h
    UNION ALL
    SELECT search, 'assess/6', dunning.assess(h.item, NULL, '2026-03-01', 1, '2026-02-01', 0.95)::text FROM pg_temp.hostile_items h
    UNION ALL
    SELECT search, 'assess_items', string_agg(a::text, ';') FROM dunning.assess_items(
        (SELECT array_agg(h.item) FROM pg_temp.hostile_items h), '{"allocation": "none"}', '2026-03-01') a
    UNION ALL
    SELECT search, 'validate_policy', dunning.validate_policy('{"levels": [{"level": 1, "days": 5}]}')::text;
END $$;
CREATE TEMP TABLE hostile_items (item dunning.item);
INSERT INTO hostile_items VALUES
    (dunning.item('INV-1', 'invoice', 100, 100, '2026-01-10')),
    (dunning.item('INV-2', 'invoice', 5000, 5000, '2026-02-01')),
    (dunning.item('CN-1', 'credit_note', 30, 30, '2026-02-15')),
    (dunning.item('FEE-1', 'fee', 15, 15, '2026-02-01'));
SELECT pg_temp.compute('normal');

CREATE SCHEMA evil;
CREATE FUNCTION evil.hijacked() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'hijacked by a shadowing object';
END $$;
-- Operators and functions a careless SQL implementation would resolve through search_path.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['numeric', 'date', 'integer', 'text', 'jsonb', 'boolean', 'dunning.item_kind'] LOOP
        EXECUTE format('CREATE FUNCTION evil.op(%1$s, %1$s) RETURNS boolean LANGUAGE sql AS ''SELECT evil.hijacked()''', t);
        EXECUTE format('CREATE OPERATOR evil.= (LEFTARG = %1$s, RIGHTARG = %1$s, FUNCTION = evil.op)', t);
        EXECUTE format('CREATE OPERATOR evil.< (LEFTARG = %1$s, RIGHTARG = %1$s, FUNCTION = evil.op)', t);
        EXECUTE format('CREATE OPERATOR evil.> (LEFTARG = %1$s, RIGHTARG = %1$s, FUNCTION = evil.op)', t);
    END LOOP;
END $$;
CREATE FUNCTION evil.op2(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT 1 / 0::numeric';
CREATE OPERATOR evil.+ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.op2);
CREATE OPERATOR evil.- (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = evil.op2);
CREATE FUNCTION evil.coalesce(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT 1 / 0::numeric';
CREATE FUNCTION evil.round(numeric, integer) RETURNS numeric LANGUAGE sql AS 'SELECT 1 / 0::numeric';
CREATE FUNCTION evil.numeric_out(numeric) RETURNS cstring LANGUAGE internal AS 'int4out';
CREATE FUNCTION evil.jsonb_out(jsonb) RETURNS cstring LANGUAGE internal AS 'int4out';
CREATE FUNCTION evil.greatest(date, date) RETURNS date LANGUAGE sql AS 'SELECT NULL::date';
CREATE FUNCTION evil.item(text, text, numeric, numeric, date) RETURNS dunning.item LANGUAGE sql AS 'SELECT NULL::dunning.item';
CREATE FUNCTION evil.balance_transition(internal, dunning.item, date) RETURNS internal LANGUAGE internal AS 'int4out';

SET LOCAL search_path = evil, pg_catalog, dunning, public;
SELECT pg_temp.compute('hostile');
RESET search_path;
SET LOCAL search_path = public, dunning;

SELECT is((SELECT count(*) FROM computed WHERE search = 'hostile'), 6::bigint, 'every function ran under the hostile search_path');
SELECT is((SELECT array_agg(h.what ORDER BY h.what) FROM computed h JOIN computed n USING (what)
            WHERE h.search = 'hostile' AND n.search = 'normal' AND h.result IS DISTINCT FROM n.result), NULL,
          'results are unchanged under a search_path that shadows =, <, >, +, -, coalesce, round, numeric_out, jsonb_out, greatest and item');
SELECT ok((SELECT bool_and(result IS NOT NULL) FROM computed), 'and none of them is NULL');

-- 3. A non-superuser with CREATE on the database installs the trusted extension and uses it. -------
CREATE ROLE dunning_tap_owner NOLOGIN;
CREATE ROLE dunning_tap_reader NOLOGIN;
CREATE ROLE dunning_tap_outsider NOLOGIN;
SELECT format('GRANT CREATE ON DATABASE %I TO dunning_tap_owner', current_database()) \gexec
SET LOCAL client_min_messages = warning; -- not the list of what CASCADE drops
DROP EXTENSION dunning CASCADE; -- the suite's own installation, with the traps above; ROLLBACK brings it back
RESET client_min_messages;

SET ROLE dunning_tap_outsider;
SELECT pg_temp.sqlstate_of('CREATE EXTENSION dunning') AS outsider_state \gset
SET ROLE dunning_tap_owner;
CREATE EXTENSION dunning;
SELECT (dunning.balance(dunning.item('INV-1', 'invoice', 100, 60, '2026-01-01'), '2026-03-01')).net_balance AS owner_net \gset
SELECT (dunning.assess(dunning.item('INV-1', 'invoice', 100, 60, '2026-01-01'), NULL, '2026-03-01')).action AS owner_action \gset
SELECT count(*) AS owner_rows FROM dunning.assess_items(ARRAY[dunning.item('INV-1', 'invoice', 100, 60, '2026-01-01')], NULL, '2026-03-01') \gset
SET ROLE dunning_tap_reader;
SELECT (dunning.balance(dunning.item('INV-1', 'invoice', 100, 60, '2026-01-01'), '2026-03-01')).net_balance AS reader_net \gset
SELECT dunning.validate_policy('{}') IS NOT NULL AS reader_policy \gset
SELECT pg_temp.sqlstate_of('SELECT dunning.boundary_selftest(NULL)') AS reader_selftest_state \gset
RESET ROLE;

SELECT is(:'outsider_state'::text, '42501', 'a role without CREATE on the database cannot install it');
SELECT is((SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'dunning'), 'dunning_tap_owner',
          'a non-superuser with CREATE on the database installs the trusted extension and owns it');
SELECT is(:'owner_net' || ' ' || :'owner_action' || ' ' || :'owner_rows', '60.00 remind 1'::text,
          'its owner computes balances, assessments and per-item rows');
SELECT is(:'reader_net' || ' ' || :'reader_policy', '60.00 t'::text, 'any other role may compute (USAGE and EXECUTE for PUBLIC)');
SELECT is(:'reader_selftest_state'::text, '42501', 'internal helpers are not executable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
