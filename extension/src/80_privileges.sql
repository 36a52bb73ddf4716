-- Privileges (SPEC §11, §11.2) ---------------------------------------------------------------------
--
-- The schema, its tables, views and sequences belong to the extension's owner (pg_extension.extowner:
-- the role that ran CREATE EXTENSION), routines and types to the role that ran the script (the
-- bootstrap superuser when a non-superuser installs the trusted extension). Any role may compute;
-- everything else is for the owner and the roles it gives dunning.grant_operator or
-- dunning.grant_reader. dunning.apply_privileges() sets all of this from the catalog, so the install
-- and every update end with the same call and an update run by another role (a superuser) keeps the
-- owner and re-applies the grants given before (the script's extowner placeholder would be the
-- updating role).

CREATE TABLE dunning.role_grants (
    role_name   name NOT NULL,
    grant_kind  text NOT NULL CHECK (grant_kind IN ('operator', 'reader')),
    granted_by  name NOT NULL DEFAULT current_user,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, grant_kind)
);
COMMENT ON TABLE dunning.role_grants IS
    'the roles given dunning.grant_operator or dunning.grant_reader; every update of the extension grants them again what its version needs';
COMMENT ON COLUMN dunning.role_grants.role_name IS 'the role (by name, so that a dump restores it)';
COMMENT ON COLUMN dunning.role_grants.grant_kind IS 'operator: runs dunning and edits its settings; reader: reads the BI views and letters';
COMMENT ON COLUMN dunning.role_grants.granted_by IS 'the role that gave the grant';
COMMENT ON COLUMN dunning.role_grants.granted_at IS 'when the grant was given';
SELECT pg_catalog.pg_extension_config_dump('dunning.role_grants', '');

-- The computational API that PUBLIC may execute (SPEC §11 Privileges), by routine name.
CREATE FUNCTION dunning.public_routine(routine regprocedure)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.proname IN ('item', 'balance', 'assess', 'assess_items', 'validate_policy', 'payment_behaviour',
                         'propose_plan', 'late_interest', 'statutory_interest', 'collection_costs', 'render',
                         'format_amount', 'format_date', 'letter_locale', 'check_iban', 'format_iban', 'check_bic',
                         'payment_reference', 'check_payment_reference')
    FROM pg_catalog.pg_proc p WHERE p.oid = $1
$$;
COMMENT ON FUNCTION dunning.public_routine(regprocedure) IS
    'internal: whether a routine of schema dunning belongs to the computational API that PUBLIC may execute';

-- What each kind of grant gives, applied to one role. Runs as the extension's owner (who holds the
-- routines' EXECUTE with grant option) or as a superuser.
CREATE FUNCTION dunning.apply_role_grant(role_name name, grant_kind text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    object record;
BEGIN
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA dunning TO %I', role_name);
    IF grant_kind = 'reader' THEN
        -- the BI views call these
        EXECUTE format('GRANT EXECUTE ON FUNCTION dunning.assess_units(date, text), dunning.view_date(),'
                       ' dunning.decided_assessment(dunning.assessment, date, boolean, date, text, date) TO %I', role_name);
        RETURN;
    END IF;
    FOR object IN
        SELECT p.oid::regprocedure AS routine FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'dunning'::regnamespace AND NOT dunning.public_routine(p.oid::regprocedure)
          AND p.proname NOT IN ('grant_operator', 'grant_reader', 'record_role_grant', 'apply_role_grant', 'apply_privileges',
                                'set_source', 'define_source_view', 'boundary_selftest')
    LOOP
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %I', object.routine, role_name);
    END LOOP;
    FOR object IN
        SELECT c.oid::regclass AS relation, c.relname, c.relkind FROM pg_catalog.pg_class c
        WHERE c.relnamespace = 'dunning'::regnamespace AND c.relkind IN ('r', 'p', 'S')
    LOOP
        IF object.relkind = 'S' THEN
            EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I', object.relation, role_name);
        ELSIF object.relname IN ('customers', 'contacts', 'policies', 'templates', 'phrases', 'settings', 'blocks') THEN
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO %I', object.relation, role_name);
        ELSIF object.relname IN ('runs', 'letters', 'letter_items', 'unit_state', 'run_errors', 'plan_offers') THEN
            -- what a run and the letter lifecycle write
            EXECUTE format('GRANT INSERT, UPDATE ON %s TO %I', object.relation, role_name);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION dunning.apply_role_grant(name, text) IS
    'internal: grants one role what dunning.grant_operator or dunning.grant_reader gives in this version';

-- Gives one role a kind of grant and records it, for the updates to give it again.
CREATE FUNCTION dunning.record_role_grant(role regrole, grant_kind text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'dunning.grant_%: role must not be NULL', grant_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM dunning.apply_role_grant(role::text::name, grant_kind);
    INSERT INTO dunning.role_grants AS g (role_name, grant_kind) VALUES (role::text::name, grant_kind)
    ON CONFLICT ON CONSTRAINT role_grants_pkey
    DO UPDATE SET granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at;
END
$$;
COMMENT ON FUNCTION dunning.record_role_grant(regrole, text) IS
    'internal: gives a role what grant_operator or grant_reader gives and records it in dunning.role_grants';

CREATE FUNCTION dunning.grant_operator(role regrole)
RETURNS void LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$
    SELECT dunning.record_role_grant($1, 'operator'::text)
$$;
COMMENT ON FUNCTION dunning.grant_operator(regrole) IS
    'lets a role run dunning (CALL dunning.run), edit customers, contacts, policies, templates, settings and blocks, approve and cancel letters and read everything; updates of the extension grant it again what they need; run it as the extension''s owner';

CREATE FUNCTION dunning.grant_reader(role regrole)
RETURNS void LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$
    SELECT dunning.record_role_grant($1, 'reader'::text)
$$;
COMMENT ON FUNCTION dunning.grant_reader(regrole) IS
    'lets a role read the BI views, letters and history (row-level security still limits the letters to the customers it can see in the sources); updates of the extension grant it again what they need; run it as the extension''s owner';

CREATE FUNCTION dunning.apply_privileges()
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    owner  name := (SELECT e.extowner::regrole::text FROM pg_catalog.pg_extension e WHERE e.extname = 'dunning');
    object record;
BEGIN
    -- The owner re-creates the source views (dunning.set_source), which takes CREATE on the schema.
    -- Objects it adds there are no danger to the scripts: every script refuses to run beside them
    -- (extension/guard.sql), and every call in the extension's routines has exact argument types.
    EXECUTE format('ALTER SCHEMA dunning OWNER TO %I', owner);
    FOR object IN
        SELECT c.oid::regclass AS relation, c.relkind FROM pg_catalog.pg_class c
        WHERE c.relnamespace = 'dunning'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
    LOOP
        -- a table's owned sequences follow it
        EXECUTE format('ALTER %s %s OWNER TO %I',
                       CASE object.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                       object.relation, owner);
    END LOOP;
    FOR object IN
        SELECT p.oid::regprocedure AS routine FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'dunning'::regnamespace AND NOT dunning.public_routine(p.oid::regprocedure)
    LOOP
        EXECUTE format('REVOKE ALL ON ROUTINE %s FROM PUBLIC', object.routine);
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %I WITH GRANT OPTION', object.routine, owner);
    END LOOP;
    GRANT SELECT ON dunning.statutory_rates TO PUBLIC;
    FOR object IN SELECT g.role_name, g.grant_kind FROM dunning.role_grants g
                  WHERE EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = g.role_name)
    LOOP
        PERFORM dunning.apply_role_grant(object.role_name, object.grant_kind);
    END LOOP;
END
$$;
COMMENT ON FUNCTION dunning.apply_privileges() IS
    'internal: gives the tables, views and sequences to the extension''s owner, keeps the internal routines from PUBLIC and grants the roles of dunning.role_grants again; the install and every update end with it';

SELECT dunning.apply_privileges();
