-- §11 Letter templates --------------------------------------------------------------------------

CREATE FUNCTION dunning.render(template text, vars jsonb)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_render' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.render(text, jsonb) IS
    'fills an fmt named-argument template ({customer}, {amount:>10.2f}) from a JSON object; numbers are exact decimals; a placeholder without value is SQLSTATE 22023 naming it';

