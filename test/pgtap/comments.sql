-- Every object of the extension has a COMMENT ON (SPEC §11.1 BI, issue 14): the schema, its
-- relations and every column of its tables and views, routines, types and the attributes of
-- composite types, sequences, indexes, triggers and row-level security policies. Each check lists
-- the objects without one, so a failure names them. The update from 0.1 gives the same comments
-- as a fresh install, on every kind of object (the upgrade test compares those of relations,
-- columns and routines).
\ir setup.psql
SELECT plan(13);

-- Objects of the extension: its members (pg_depend 'e') and what hangs off its relations.
CREATE TEMP VIEW ext_member AS
SELECT d.classid, d.objid
FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
WHERE d.refclassid = 'pg_extension'::regclass AND e.extname = 'dunning' AND d.deptype = 'e';

CREATE TEMP VIEW ext_relation AS
SELECT c.oid, c.oid::regclass::text AS name, c.relkind
FROM pg_class c
WHERE c.relnamespace = 'dunning'::regnamespace
  AND (c.oid IN (SELECT objid FROM ext_member WHERE classid = 'pg_class'::regclass)
       -- indexes and composite types' relations hang off members
       OR c.relkind IN ('i', 'I', 'c'));

SELECT is((SELECT array_agg(n.nspname::text) FROM pg_namespace n
           WHERE n.nspname = 'dunning' AND obj_description(n.oid, 'pg_namespace') IS NULL),
          NULL, 'the schema has a comment');

SELECT is((SELECT array_agg(r.name ORDER BY r.name) FROM ext_relation r
           WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f') AND obj_description(r.oid, 'pg_class') IS NULL),
          NULL, 'every table and view has a comment');

SELECT is((SELECT array_agg(r.name || '.' || a.attname ORDER BY r.name, a.attnum) FROM ext_relation r
           JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f') AND col_description(r.oid, a.attnum) IS NULL),
          NULL, 'every column of every table and view has a comment');

SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text) FROM pg_proc p
           WHERE p.oid IN (SELECT objid FROM ext_member WHERE classid = 'pg_proc'::regclass)
             AND obj_description(p.oid, 'pg_proc') IS NULL),
          NULL, 'every function, procedure and aggregate has a comment');

SELECT is((SELECT array_agg(t.oid::regtype::text ORDER BY t.oid::regtype::text) FROM pg_type t
           WHERE t.oid IN (SELECT objid FROM ext_member WHERE classid = 'pg_type'::regclass)
             AND obj_description(t.oid, 'pg_type') IS NULL),
          NULL, 'every type has a comment');

SELECT is((SELECT array_agg(r.name || '.' || a.attname ORDER BY r.name, a.attnum) FROM ext_relation r
           JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
           WHERE r.relkind = 'c' AND col_description(r.oid, a.attnum) IS NULL),
          NULL, 'every attribute of every composite type has a comment');

SELECT is((SELECT array_agg(r.name ORDER BY r.name) FROM ext_relation r
           WHERE r.relkind = 'S' AND obj_description(r.oid, 'pg_class') IS NULL),
          NULL, 'every sequence has a comment');

SELECT is((SELECT array_agg(r.name ORDER BY r.name) FROM ext_relation r
           WHERE r.relkind IN ('i', 'I') AND obj_description(r.oid, 'pg_class') IS NULL),
          NULL, 'every index has a comment');

SELECT is((SELECT array_agg(g.tgname || ' ON ' || r.name ORDER BY r.name, g.tgname) FROM ext_relation r
           JOIN pg_trigger g ON g.tgrelid = r.oid AND NOT g.tgisinternal
           WHERE obj_description(g.oid, 'pg_trigger') IS NULL),
          NULL, 'every trigger has a comment');

SELECT is((SELECT array_agg(p.polname || ' ON ' || r.name ORDER BY r.name, p.polname) FROM ext_relation r
           JOIN pg_policy p ON p.polrelid = r.oid
           WHERE obj_description(p.oid, 'pg_policy') IS NULL),
          NULL, 'every row-level security policy has a comment');

-- dunning.set_source re-creates the source views (CREATE OR REPLACE VIEW): their comments stay.
CREATE VIEW public.erp_open_items AS SELECT * FROM dunning.ledger_items;
SELECT dunning.set_source('open_items', 'public.erp_open_items');
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
           WHERE a.attrelid = 'dunning.open_items'::regclass AND a.attnum > 0
             AND col_description(a.attrelid, a.attnum) IS NULL),
          NULL, 'the columns of dunning.open_items keep their comments over a registered source');
SELECT dunning.set_source('open_items', NULL);
DROP VIEW public.erp_open_items;

-- The same comments after ALTER EXTENSION UPDATE from 0.1: every comment on an object in schema
-- dunning (or on the schema), by the object's description, which names triggers and policies
-- with their table.
CREATE FUNCTION pg_temp.comments(label text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($q$
    CREATE TEMP TABLE %I AS
    SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid) AS object, d.description
    FROM pg_description d
    WHERE (d.classoid = 'pg_namespace'::regclass AND d.objoid = 'dunning'::regnamespace)
       OR (d.classoid = 'pg_class'::regclass AND d.objoid IN (SELECT oid FROM pg_class WHERE relnamespace = 'dunning'::regnamespace))
       OR (d.classoid = 'pg_proc'::regclass AND d.objoid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'dunning'::regnamespace))
       OR (d.classoid = 'pg_type'::regclass AND d.objoid IN (SELECT oid FROM pg_type WHERE typnamespace = 'dunning'::regnamespace))
       OR (d.classoid = 'pg_trigger'::regclass AND d.objoid IN (SELECT g.oid FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                                                                 WHERE c.relnamespace = 'dunning'::regnamespace))
       OR (d.classoid = 'pg_policy'::regclass AND d.objoid IN (SELECT p.oid FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                                                                WHERE c.relnamespace = 'dunning'::regnamespace))
    $q$, label);
END $$;

SELECT pg_temp.comments('fresh_comments');
DROP VIEW ext_relation, ext_member;  -- they depend on schema dunning
DROP EXTENSION dunning;
CREATE EXTENSION dunning VERSION '0.1';
ALTER EXTENSION dunning UPDATE;
SELECT pg_temp.comments('updated_comments');

SELECT is((SELECT array_agg(object ORDER BY object) FROM (SELECT object FROM fresh_comments EXCEPT SELECT object FROM updated_comments) x),
          NULL, 'after the update from 0.1 no object lacks a comment that a fresh install has');
SELECT is((SELECT array_agg(object ORDER BY object) FROM fresh_comments f FULL JOIN updated_comments u USING (object)
           WHERE f.description IS DISTINCT FROM u.description),
          NULL, 'after the update from 0.1 every comment reads as in a fresh install');

SELECT * FROM finish();
ROLLBACK;
