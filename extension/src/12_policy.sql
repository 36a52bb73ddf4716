-- §8 Policy -------------------------------------------------------------------------------------

CREATE FUNCTION dunning.validate_policy(policy jsonb)
RETURNS jsonb AS 'MODULE_PATHNAME', 'dunning_validate_policy' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.validate_policy(jsonb) IS
    'checks a dunning policy (SQLSTATE 22023 naming the key, with a hint for a likely typo) and returns it with every default filled in; NULL is the default policy';

