-- Shipped rows: builtin = true, refreshed by upgrade scripts, never dumped, never edited ---------

CREATE FUNCTION dunning.guard_builtin_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF (TG_OP = 'INSERT' AND NEW.builtin) OR (TG_OP <> 'INSERT' AND OLD.builtin)
       OR (TG_OP = 'UPDATE' AND NEW.builtin) THEN
        RAISE EXCEPTION 'rows of dunning.% with builtin = true ship with the extension and cannot be changed',
                        TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  HINT = CASE TG_TABLE_NAME
                      WHEN 'templates' THEN 'Insert your own row with the same level, tone and language (builtin = false): it takes precedence.'
                      ELSE 'Insert your own policy under another name and set it in dunning.customers.policy.' END;
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION dunning.guard_builtin_row() IS
    'internal: refuses to change shipped rows (builtin = true), which upgrades refresh and dumps leave out';


