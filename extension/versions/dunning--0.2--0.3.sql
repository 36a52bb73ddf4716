-- pg_dunning 0.2 -> 0.3 (SPEC §11.1, §11.2): the install cannot be hijacked, the schema belongs to the
-- extension, updates keep the owner and re-apply grants.
\echo Use "ALTER EXTENSION dunning UPDATE TO '0.3'" to load this file. \quit

-- The schema ---------------------------------------------------------------------------------------

-- Up to 0.2 CREATE EXTENSION created schema dunning as the extension's schema, owned by the role
-- that ran it (for the trusted extension: possibly a non-superuser, who could then create objects in
-- it) and not a member of the extension (DROP EXTENSION left it behind). 0.3 creates the schema in
-- its script, with pg_catalog as the nominal schema of the extension (dunning.control): move such an
-- installation to that layout. The catalog rows are those CREATE EXTENSION and ALTER EXTENSION ADD
-- SCHEMA would write; the latter refuses the schema an extension lives in, hence the direct update.
DO LANGUAGE plpgsql $layout$
DECLARE
    extension_id oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'dunning');
    schema_id    oid := (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'dunning');
    grantee      text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_depend d
               WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
                 AND d.objid OPERATOR(pg_catalog.=) schema_id
                 AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.refobjid OPERATOR(pg_catalog.=) extension_id
                 AND d.deptype OPERATOR(pg_catalog.=) 'e') THEN
        RETURN;
    END IF;
    UPDATE pg_catalog.pg_extension SET extnamespace = 'pg_catalog'::pg_catalog.regnamespace
    WHERE oid OPERATOR(pg_catalog.=) extension_id;
    DELETE FROM pg_catalog.pg_depend
    WHERE classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND objid OPERATOR(pg_catalog.=) extension_id
      AND refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND refobjid OPERATOR(pg_catalog.=) schema_id;
    INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
    VALUES ('pg_catalog.pg_namespace'::pg_catalog.regclass, schema_id, 0,
            'pg_catalog.pg_extension'::pg_catalog.regclass, extension_id, 0, 'e');
    FOR grantee IN
        SELECT DISTINCT CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                             ELSE pg_catalog.quote_ident(a.grantee::pg_catalog.regrole::pg_catalog.text) END
        FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
        WHERE n.oid OPERATOR(pg_catalog.=) schema_id AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA dunning FROM %s', grantee);
    END LOOP;
END
$layout$;
COMMENT ON SCHEMA dunning IS
    'pg_dunning: customer-friendly dunning decisions, runs, letters and their history (created and dropped with the extension)';
GRANT USAGE ON SCHEMA dunning TO PUBLIC;

-- Errors without empty DETAIL or HINT lines, and items checked without raising ---------------------------
\ir ../src/01_raise_error.sql
\ir ../src/19_item_check.sql

-- Calls with exact argument types (an untyped NULL could resolve to another overload) ------------------
\replace ../src/21_sources.sql dunning.settings_apply_source
\replace ../src/21_sources.sql dunning.set_source

-- A policy in use cannot be deleted under a concurrent change of a customer (row lock) --------------
\replace ../src/32_customers.sql dunning.check_customer_policy
\replace ../src/31_policies.sql dunning.check_policy_row

-- Templates are checked with the values of a pre-due letter too -----------------------------------
\replace ../src/40_templates.sql dunning.check_template_row
COMMENT ON FUNCTION dunning.check_template_row() IS
    'internal: renders a template''s subject and body with the values of a reminder and of a pre-due letter, so a bad placeholder or a format an empty value fails is refused when stored, not during a run';

-- Shipped rows survive TRUNCATE
\ir ../src/43_keep_shipped_rows.sql

-- Runs: the rows of a unit before its items are built, errors per unit -------------------------------
ALTER TABLE dunning.runs ADD COLUMN errors integer;
COMMENT ON COLUMN dunning.runs.errors IS 'units left out because of their data (listed in dunning.run_errors)';
\replace ../src/50_runs.sql dunning.unit_rows
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';
\replace ../src/50_runs.sql dunning.unit_items
\ir ../src/51_assess_units_except.sql
\replace ../src/52_assess_units.sql dunning.assess_units
DROP PROCEDURE dunning.run(date, text);
DROP FUNCTION dunning.customers_of_failure(text);
\ir ../src/55_run.sql

-- Letters follow the sources' visibility
\ir ../src/56_letter_visibility.sql

-- Privileges: owned by the extension's owner, grants for operators and readers
\ir ../src/80_privileges.sql
