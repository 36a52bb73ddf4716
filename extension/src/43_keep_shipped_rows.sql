-- Shipped rows survive TRUNCATE -------------------------------------------------------------------

-- TRUNCATE fires no row trigger: without this, the owner's TRUNCATE would remove the shipped rows,
-- and a run would then find no template for a letter or no default policy.
CREATE FUNCTION dunning.refuse_truncate()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'TRUNCATE dunning.% would remove the rows that ship with the extension', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = format('Delete your own rows instead: DELETE FROM dunning.%I WHERE NOT builtin.', TG_TABLE_NAME);
END
$$;
COMMENT ON FUNCTION dunning.refuse_truncate() IS
    'internal: refuses TRUNCATE of a table with shipped rows (policies, templates, statutory_rates)';

CREATE TRIGGER statutory_rates_keep_builtin BEFORE TRUNCATE ON dunning.statutory_rates
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.refuse_truncate();
COMMENT ON TRIGGER statutory_rates_keep_builtin ON dunning.statutory_rates IS
    'refuses TRUNCATE, which would remove the shipped rates';
CREATE TRIGGER policies_keep_builtin BEFORE TRUNCATE ON dunning.policies
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.refuse_truncate();
COMMENT ON TRIGGER policies_keep_builtin ON dunning.policies IS 'refuses TRUNCATE, which would remove the default policy';
CREATE TRIGGER templates_keep_builtin BEFORE TRUNCATE ON dunning.templates
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.refuse_truncate();
COMMENT ON TRIGGER templates_keep_builtin ON dunning.templates IS 'refuses TRUNCATE, which would remove the shipped templates';
