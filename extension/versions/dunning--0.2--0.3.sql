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
CREATE OR REPLACE FUNCTION dunning.settings_apply_source()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.name IN ('open_items', 'paid_items') THEN
        PERFORM dunning.define_source_view(OLD.name, NULL::regclass);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.name IN ('open_items', 'paid_items') THEN
        PERFORM dunning.define_source_view(NEW.name, NEW.value::regclass);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.name = 'pay_within_days' AND NEW.value !~ '^[0-9]{1,3}$' THEN
        RAISE EXCEPTION 'setting pay_within_days must be a whole number of days, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION dunning.set_source(source text, relation regclass)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF source IS NULL OR source NOT IN ('open_items', 'paid_items') THEN
        RAISE EXCEPTION 'unknown source "%"', source
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The sources are open_items and paid_items.';
    END IF;
    IF relation IS NULL THEN
        DELETE FROM dunning.settings s WHERE s.name = source;
        PERFORM dunning.define_source_view(source, NULL::regclass);
    ELSE
        INSERT INTO dunning.settings AS s (name, value) VALUES (source, relation::text)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
    END IF;
END
$$;

-- A policy in use cannot be deleted under a concurrent change of a customer (row lock) --------------
CREATE OR REPLACE FUNCTION dunning.check_customer_policy()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT current_setting('check_function_bodies')::boolean THEN
        RETURN NEW;
    END IF;
    -- The row lock conflicts with a concurrent DELETE or rename of the policy: whichever commits
    -- first wins, and the other sees it (dunning.keep_policy_in_use, or no row here).
    PERFORM FROM dunning.policies p WHERE p.name = NEW.policy FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer "%": policy "%" does not exist', NEW.customer_id, NEW.policy
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The policies are ' || (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM dunning.policies p) || '.';
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION dunning.check_policy_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    message text;
    hint    text;
BEGIN
    PERFORM dunning.validate_policy(NEW.body);
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
    PERFORM dunning.raise_error('22023', format('policy "%s": %s', NEW.name, message), NULL, hint);
    RETURN NULL;
END
$$;

-- Templates are checked with the values of a pre-due letter too -----------------------------------
CREATE OR REPLACE FUNCTION dunning.check_template_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    reminder jsonb := dunning.letter_vars('Sample Customer'::text, 'C-1'::text, 'Sample Parent'::text, 'Sales'::text,
                                          'P-1'::text, 2, '2026-01-31'::date, '2026-02-14'::date, 'EUR'::text,
                                          1234.56::numeric, 15::numeric, 1500::numeric, 30,
                                          'INV-1  2025-12-31  1234.56 EUR'::text, 1, 'Accounts receivable'::text);
    sparse   jsonb := dunning.letter_vars('Sample Customer'::text, 'C-1'::text, 'Sample Customer'::text, NULL::text,
                                          NULL::text, 0, '2026-01-31'::date, '2026-02-14'::date, NULL::text,
                                          1234.56::numeric, 0::numeric, 1234.56::numeric, NULL::integer,
                                          'INV-1  2026-02-14  1234.56'::text, 1, 'Accounts receivable'::text);
    vars     jsonb;
    message  text;
    detail   text;
    part     text;
    variant  text;
BEGIN
    FOREACH variant IN ARRAY ARRAY['reminder', 'sparse'] LOOP
        vars := CASE variant WHEN 'reminder' THEN reminder ELSE sparse END;
        part := 'subject';
        PERFORM dunning.render(NEW.subject, vars);
        part := 'body';
        PERFORM dunning.render(NEW.body, vars);
    END LOOP;
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    PERFORM dunning.raise_error('22023',
        format('template (level %s, tone %s, language %s) %s: %s%s', coalesce(NEW.level::text, 'any'),
               NEW.tone, NEW.language, part, message,
               CASE variant WHEN 'sparse' THEN ' (with the values of a pre-due letter: days_overdue and currency empty, fee 0, no department or project)' ELSE '' END),
        detail,
        'Templates may use ' || (SELECT string_agg('{' || k || '}', ', ' ORDER BY k) FROM jsonb_object_keys(reminder) k)
            || '; a number format such as {days_overdue:.0f} fails when the value is empty.');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.check_template_row() IS
    'internal: renders a template''s subject and body with the values of a reminder and of a pre-due letter, so a bad placeholder or a format an empty value fails is refused when stored, not during a run';

-- Shipped rows survive TRUNCATE
\ir ../src/43_keep_shipped_rows.sql

-- Runs: the rows of a unit before its items are built, errors per unit -------------------------------
ALTER TABLE dunning.runs ADD COLUMN errors integer;
COMMENT ON COLUMN dunning.runs.errors IS 'units left out because of their data (listed in dunning.run_errors)';
CREATE VIEW dunning.unit_rows WITH (security_invoker = true) AS
SELECT o.customer_id,
       CASE WHEN c.unit_by = 'department' THEN o.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN o.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       o.item_id, o.kind, o.amount, o.open_amount, o.due_date, o.doc_date, o.currency,
       o.disputed, o.hold_until, o.on_plan
FROM dunning.open_items o
LEFT JOIN dunning.customers c ON c.customer_id = o.customer_id;
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';
CREATE OR REPLACE VIEW dunning.unit_items WITH (security_invoker = true) AS
SELECT r.customer_id, r.department, r.project, r.policy,
       dunning.item(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                    r.disputed, r.hold_until, r.on_plan) AS item
FROM dunning.unit_rows r;
\ir ../src/51_assess_units_except.sql
CREATE OR REPLACE FUNCTION dunning.assess_units(as_of date, policy text DEFAULT NULL)
RETURNS TABLE (customer_id text, department text, project text, policy text,
               assessment dunning.assessment, last_level integer, last_letter_date date,
               loyalty_score numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM dunning.assess_units_except($1, $2, NULL)
$$;
DROP PROCEDURE dunning.run(date, text);
DROP FUNCTION dunning.customers_of_failure(text);
\ir ../src/55_run.sql

-- Letters follow the sources' visibility
\ir ../src/56_letter_visibility.sql

-- Privileges: owned by the extension's owner, grants for operators and readers
\ir ../src/80_privileges.sql
