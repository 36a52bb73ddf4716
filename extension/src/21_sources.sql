-- Sources ----------------------------------------------------------------------------------------

CREATE TABLE dunning.settings (
    name   text PRIMARY KEY CHECK (name IN ('open_items', 'paid_items', 'sender', 'pay_within_days', 'approval',
                                      'sender_address', 'sender_registration', 'iban', 'bic',
                                      'payment_reference', 'dispute_contact')),
    value  text NOT NULL
);
COMMENT ON TABLE dunning.settings IS
    'source registrations (open_items, paid_items: the relation dunning.set_source registered) and letter settings (sender: the signature of letters; pay_within_days: days until pay_by, default 14; approval: auto, the default, writes letters approved, manual writes them proposed for a person to approve)';

CREATE VIEW dunning.open_items WITH (security_invoker = true) AS
SELECT customer_id, department, project, item_id, kind, amount, open_amount, due_date, doc_date,
       currency, disputed, hold_until, on_plan
FROM dunning.ledger_items;
COMMENT ON VIEW dunning.open_items IS
    'the open items dunning.run assesses: the relation registered with dunning.set_source(''open_items'', ...), else dunning.ledger_items; never redefine it by hand';

CREATE VIEW dunning.paid_items WITH (security_invoker = true) AS
SELECT customer_id, department, project, item_id, due_date, paid_date, amount
FROM dunning.paid_ledger;
COMMENT ON VIEW dunning.paid_items IS
    'paid invoices for the loyalty score: the relation registered with dunning.set_source(''paid_items'', ...), else dunning.paid_ledger; never redefine it by hand';

-- The columns each source must have, in the order of the view, with the type the view casts to.
CREATE FUNCTION dunning.source_columns(source text, OUT column_name text, OUT column_type regtype)
RETURNS SETOF record LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.column_name, c.column_type
    FROM (VALUES
        ('open_items', 1, 'customer_id', 'text'::regtype), ('open_items', 2, 'department', 'text'),
        ('open_items', 3, 'project', 'text'), ('open_items', 4, 'item_id', 'text'),
        ('open_items', 5, 'kind', 'text'), ('open_items', 6, 'amount', 'numeric'),
        ('open_items', 7, 'open_amount', 'numeric'), ('open_items', 8, 'due_date', 'date'),
        ('open_items', 9, 'doc_date', 'date'), ('open_items', 10, 'currency', 'text'),
        ('open_items', 11, 'disputed', 'boolean'), ('open_items', 12, 'hold_until', 'date'),
        ('open_items', 13, 'on_plan', 'boolean'),
        ('paid_items', 1, 'customer_id', 'text'), ('paid_items', 2, 'department', 'text'),
        ('paid_items', 3, 'project', 'text'), ('paid_items', 4, 'item_id', 'text'),
        ('paid_items', 5, 'due_date', 'date'), ('paid_items', 6, 'paid_date', 'date'),
        ('paid_items', 7, 'amount', 'numeric')
    ) AS c(source, position, column_name, column_type)
    WHERE c.source = $1
    ORDER BY c.position
$$;
COMMENT ON FUNCTION dunning.source_columns(text) IS
    'internal: the columns of the source open_items or paid_items, in order, with their types';

-- Re-creates dunning.open_items or dunning.paid_items over a relation (NULL: the extension's own
-- table) after checking that it has every column with a type that casts exactly.
CREATE FUNCTION dunning.define_source_view(source text, relation regclass)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wanted     record;
    found_type regtype;
    kind       "char";
    select_list text[] := '{}';
    needed     text;
BEGIN
    IF relation IS NULL THEN
        relation := CASE source WHEN 'open_items' THEN 'dunning.ledger_items'::regclass
                                ELSE 'dunning.paid_ledger'::regclass END;
    END IF;
    IF relation IN ('dunning.open_items'::regclass, 'dunning.paid_items'::regclass) THEN
        RAISE EXCEPTION 'source % cannot be % itself', source, relation
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'register your own view over the ERP tables, or NULL for the extension''s table';
    END IF;
    SELECT c.relkind INTO kind FROM pg_catalog.pg_class c WHERE c.oid = relation;
    IF kind NOT IN ('r', 'v', 'm', 'f', 'p') THEN
        RAISE EXCEPTION 'source % must be a table or a view: % is not', source, relation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT pg_catalog.string_agg(format('%I %s', c.column_name, c.column_type), ', ')
    INTO needed FROM dunning.source_columns(source) c;
    FOR wanted IN SELECT * FROM dunning.source_columns(source) LOOP
        SELECT a.atttypid::regtype INTO found_type
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = relation AND a.attname = wanted.column_name AND a.attnum > 0
          AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'source % (%) has no column "%"', source, relation, wanted.column_name
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('dunning.%s needs the columns %s.', source, needed),
                      HINT = format('Add it to the view, e.g. NULL::%s AS %I, if the ERP has none.',
                                    wanted.column_type, wanted.column_name);
        END IF;
        IF NOT (found_type = wanted.column_type
                OR (wanted.column_type = 'text'::regtype
                    AND (found_type IN ('character varying'::regtype, 'character'::regtype, 'name'::regtype)
                         OR (wanted.column_name = 'kind' AND found_type = 'dunning.item_kind'::regtype)))
                OR (wanted.column_type = 'numeric'::regtype
                    AND found_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype))) THEN
            RAISE EXCEPTION 'column "%" of source % (%) is %, not %', wanted.column_name, source,
                            relation, found_type, wanted.column_type
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = CASE WHEN wanted.column_type = 'numeric'::regtype
                                  THEN format('Money is exact: cast it in the view, %I::numeric, from an exact type.', wanted.column_name)
                                  ELSE format('Cast it in the view: %I::%s.', wanted.column_name, wanted.column_type) END;
        END IF;
        select_list := select_list || format('s.%1$I::%2$s AS %1$I', wanted.column_name, wanted.column_type);
    END LOOP;
    EXECUTE format('CREATE OR REPLACE VIEW dunning.%I WITH (security_invoker = true) AS SELECT %s FROM %s s',
                   source, pg_catalog.array_to_string(select_list, ', '), relation);
END
$$;
COMMENT ON FUNCTION dunning.define_source_view(text, regclass) IS
    'internal: re-creates dunning.open_items or dunning.paid_items over a relation after checking its columns (SQLSTATE 22023 naming a missing or mistyped column)';

-- The registration lives in dunning.settings, which pg_dump keeps: restoring its rows re-creates
-- the views through this trigger, so a restored database reads the same source.
CREATE FUNCTION dunning.settings_apply_source()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.name IN ('open_items', 'paid_items') THEN
        PERFORM dunning.define_source_view(OLD.name, NULL::regclass);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.name IN ('open_items', 'paid_items') THEN
        PERFORM dunning.define_source_view(NEW.name, NEW.value::regclass);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.name = 'approval' AND NEW.value NOT IN ('auto', 'manual') THEN
        RAISE EXCEPTION 'setting approval must be auto or manual, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'auto: a run writes its letters approved; manual: proposed, for dunning.approve.';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.name = 'pay_within_days' AND NEW.value !~ '^[0-9]{1,3}$' THEN
        RAISE EXCEPTION 'setting pay_within_days must be a whole number of days, not "%"', NEW.value
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.settings_apply_source() IS
    'internal: keeps dunning.open_items and dunning.paid_items on the registered sources';
-- Stored as regclass prints it, so the check before each run can compare names.
CREATE FUNCTION dunning.settings_normalize_source()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.name IN ('open_items', 'paid_items') THEN
        NEW.value := NEW.value::regclass::text;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION dunning.settings_normalize_source() IS
    'internal: stores a source registration as its regclass name';
CREATE TRIGGER settings_normalize_source BEFORE INSERT OR UPDATE ON dunning.settings
    FOR EACH ROW EXECUTE FUNCTION dunning.settings_normalize_source();
CREATE TRIGGER settings_apply_source AFTER INSERT OR UPDATE OR DELETE ON dunning.settings
    FOR EACH ROW EXECUTE FUNCTION dunning.settings_apply_source();

CREATE FUNCTION dunning.set_source(source text, relation regclass)
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
COMMENT ON FUNCTION dunning.set_source(text, regclass) IS
    'registers the relation (your view over the ERP mirror) that dunning.open_items or dunning.paid_items reads; NULL returns to dunning.ledger_items / dunning.paid_ledger; a missing or mistyped column is SQLSTATE 22023 naming it';

