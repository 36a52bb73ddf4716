-- Checking items without raising -------------------------------------------------------------------

CREATE FUNCTION dunning.item_check(item_id text, kind text, amount numeric, open_amount numeric,
                                   due_date date, doc_date date, currency text, disputed boolean,
                                   hold_until date, on_plan boolean)
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM dunning.item($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range THEN
    RETURN SQLSTATE || E'\t' || SQLERRM;
END
$$;
COMMENT ON FUNCTION dunning.item_check(text, text, numeric, numeric, date, date, text, boolean, date, boolean) IS
    'internal: NULL when dunning.item accepts the values, else its SQLSTATE, a tab and its message';
