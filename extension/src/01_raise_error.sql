-- Errors ---------------------------------------------------------------------------------------------

-- Raises an error with only the parts that have text: RAISE cannot leave out a DETAIL or HINT
-- given as a NULL, and an empty one prints an empty line (in cron.job_run_details too).
CREATE FUNCTION dunning.raise_error(sqlstate text, message text, detail text, hint text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF nullif(detail, '') IS NOT NULL AND nullif(hint, '') IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail, HINT = hint;
    ELSIF nullif(detail, '') IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, DETAIL = detail;
    ELSIF nullif(hint, '') IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message, HINT = hint;
    END IF;
    RAISE EXCEPTION USING ERRCODE = sqlstate, MESSAGE = message;
END
$$;
COMMENT ON FUNCTION dunning.raise_error(text, text, text, text) IS
    'internal: raises an error, leaving out an empty DETAIL or HINT';

