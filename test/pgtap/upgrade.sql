-- Upgrades (issue 5): ALTER EXTENSION dunning UPDATE from 0.1 gives exactly what a fresh install
-- of the current version gives: the same objects, definitions, comments, owners, privileges,
-- shipped rows and dump registrations. The test drops and re-creates the extension inside its
-- transaction, which it rolls back.
\ir setup.psql
SELECT plan(10);

CREATE FUNCTION pg_temp.snapshot(label text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
    CREATE TEMP TABLE %I AS
    SELECT kind, name, detail FROM (
        -- every member object, with its definition
        SELECT 'member' AS kind, pg_describe_object(d.classid, d.objid, 0) AS name,
               CASE d.classid
                   WHEN 'pg_proc'::regclass THEN (SELECT md5(ROW(p.prosrc, p.probin, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
                                                            p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.prosecdef,
                                                            p.proconfig, p.proacl, a.*)::text)
                                                  FROM pg_proc p LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE p.oid = d.objid)
                   WHEN 'pg_class'::regclass THEN coalesce(pg_get_viewdef(d.objid), '') || coalesce((SELECT relacl::text || reloptions::text FROM pg_class WHERE oid = d.objid), '')
                   ELSE '' END AS detail
        FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
        WHERE e.extname = 'dunning' AND d.deptype = 'e'
        UNION ALL
        -- columns (with their compression) and constraints of its tables, comments, owners
        SELECT 'column', c.oid::regclass::text || '.' || a.attname,
               format_type(a.atttypid, a.atttypmod) || a.attnotnull::text || a.attcompression::text || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') || coalesce(col_description(c.oid, a.attnum), '')
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
        WHERE c.relnamespace = 'dunning'::regnamespace
        UNION ALL
        SELECT 'constraint', conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'dunning'::regnamespace
        UNION ALL
        SELECT 'trigger', tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid)
        FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'dunning'::regnamespace)
        UNION ALL
        SELECT 'relation', oid::regclass::text, relkind::text || pg_get_userbyid(relowner)::text || coalesce(obj_description(oid, 'pg_class'), '')
        FROM pg_class WHERE relnamespace = 'dunning'::regnamespace
        UNION ALL
        SELECT 'function comment', oid::regprocedure::text, coalesce(obj_description(oid, 'pg_proc'), '')
        FROM pg_proc WHERE pronamespace = 'dunning'::regnamespace
        UNION ALL
        -- shipped rows and what pg_dump keeps
        SELECT 'template', concat_ws('/', level, tone, language), md5(subject || body) FROM dunning.templates
        UNION ALL
        SELECT 'phrase', language || '/' || name, md5(text) FROM dunning.phrases
        UNION ALL
        SELECT 'policy', name, body::text || builtin FROM dunning.policies
        UNION ALL
        SELECT 'rate', concat_ws('/', jurisdiction, consumer, valid_from), rate::text || builtin FROM dunning.statutory_rates
        UNION ALL
        SELECT 'dumped', c.oid::regclass::text, x.condition
        FROM pg_extension e, unnest(e.extconfig, e.extcondition) x(config, condition) JOIN pg_class c ON c.oid = x.config
        WHERE e.extname = 'dunning'
        UNION ALL
        SELECT 'version', extversion, '' FROM pg_extension WHERE extname = 'dunning'
    ) s $q$, label);
END $$;

SELECT pg_temp.snapshot('fresh');
SELECT cmp_ok((SELECT count(*) FROM fresh WHERE kind = 'member'), '>', 60::bigint, 'the fresh install has its objects');

DROP EXTENSION dunning;
CREATE EXTENSION dunning VERSION '0.1';
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'dunning'), '0.1', 'version 0.1 installs');
SELECT is(to_regclass('dunning.letters'), NULL, '... without the 0.2 tables');
ALTER EXTENSION dunning UPDATE;
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'dunning'),
          (SELECT name FROM fresh WHERE kind = 'version'), 'ALTER EXTENSION dunning UPDATE reaches the version a fresh install has');
SELECT pg_temp.snapshot('upgraded');

SELECT is((SELECT array_agg(kind || ' ' || name ORDER BY kind, name) FROM (SELECT kind, name FROM fresh EXCEPT SELECT kind, name FROM upgraded) x),
          NULL, 'nothing of the fresh install is missing after the upgrade');
SELECT is((SELECT array_agg(kind || ' ' || name ORDER BY kind, name) FROM (SELECT kind, name FROM upgraded EXCEPT SELECT kind, name FROM fresh) x),
          NULL, 'the upgrade adds nothing a fresh install lacks');
SELECT is((SELECT array_agg(f.kind || ' ' || f.name ORDER BY f.kind, f.name) FROM fresh f JOIN upgraded u USING (kind, name)
           WHERE f.detail IS DISTINCT FROM u.detail),
          NULL, 'definitions, comments, owners, privileges, shipped rows and dump registrations are the same');
-- every file of templates/ (6 letters in each of en, nl, fr and de, Belgian variants, the phrases)
SELECT cmp_ok((SELECT count(*) FROM upgraded WHERE kind = 'template'), '>=', 24::bigint, 'the shipped templates are there');
SELECT cmp_ok((SELECT count(*) FROM upgraded WHERE kind = 'phrase'), '>=', 4 * 30::bigint, 'the shipped phrases are there');
SELECT lives_ok($$CALL dunning.run('2026-11-23')$$, 'the upgraded extension runs');

SELECT * FROM finish();
ROLLBACK;
