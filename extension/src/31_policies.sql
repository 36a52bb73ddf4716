-- Policies ---------------------------------------------------------------------------------------

CREATE TABLE dunning.policies (
    name     text PRIMARY KEY CHECK (name <> ''),
    body     jsonb NOT NULL DEFAULT '{}',
    builtin  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE dunning.policies IS
    'named dunning policies (SPEC §8); the builtin row ''default'' holds every default and is used for customers without a row in dunning.customers';
COMMENT ON COLUMN dunning.policies.body IS 'the policy as jsonb; checked by dunning.validate_policy on every insert and update';
COMMENT ON COLUMN dunning.policies.builtin IS 'shipped with the extension: refreshed by upgrades, not dumped, not editable';
INSERT INTO dunning.policies (name, body, builtin) VALUES ('default', dunning.validate_policy(NULL::jsonb), true);

CREATE FUNCTION dunning.check_policy_row()
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
    PERFORM dunning.raise_error('22023'::text, format('policy "%s": %s', NEW.name, message), NULL::text, hint);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.check_policy_row() IS 'internal: validates dunning.policies.body, naming the policy';
CREATE TRIGGER policies_check BEFORE INSERT OR UPDATE ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.check_policy_row();
CREATE TRIGGER policies_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();

