-- pg_dunning 0.1 -> 0.2: dunning runs (SPEC §11). Sources, settings, policies, customers,
-- contacts, templates, runs, letters, unit state, CALL dunning.run and the BI views.
-- CREATE EXTENSION dunning installs 0.1 and then this script; ALTER EXTENSION dunning UPDATE
-- runs it on an existing 0.1 installation.
\echo Use "ALTER EXTENSION dunning UPDATE TO '0.2'" to load this file. \quit

-- Ledger tables for users without an ERP mirror --------------------------------------------------

CREATE TABLE dunning.ledger_items (
    customer_id  text    NOT NULL,
    department   text,
    project      text,
    item_id      text    NOT NULL,
    kind         text    NOT NULL,
    amount       numeric NOT NULL,
    open_amount  numeric,
    due_date     date,
    doc_date     date,
    currency     text,
    disputed     boolean NOT NULL DEFAULT false,
    hold_until   date,
    on_plan      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (customer_id, item_id),
    CONSTRAINT ledger_items_kind_check CHECK (kind IN ('invoice', 'credit_note', 'payment', 'bank_receipt',
                                                       'fee', 'interest', 'installment'))
);
COMMENT ON TABLE dunning.ledger_items IS
    'open items of every customer for users without an ERP mirror; dunning.open_items reads it while no source is registered (dunning.set_source)';
COMMENT ON COLUMN dunning.ledger_items.department IS 'department of the item; splits the customer into units when customers.unit_by = ''department''';
COMMENT ON COLUMN dunning.ledger_items.project IS 'project of the item; splits the customer into units when customers.unit_by = ''project''';
COMMENT ON COLUMN dunning.ledger_items.kind IS 'a dunning.item_kind label: invoice, credit_note, payment, bank_receipt, fee, interest or installment';

CREATE TABLE dunning.paid_ledger (
    customer_id  text    NOT NULL,
    department   text,
    project      text,
    item_id      text    NOT NULL,
    due_date     date    NOT NULL,
    paid_date    date,
    amount       numeric NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (customer_id, item_id)
);
COMMENT ON TABLE dunning.paid_ledger IS
    'paid invoices, one row each, for the loyalty score (dunning.payment_behaviour); dunning.paid_items reads it while no source is registered';

-- Sources ----------------------------------------------------------------------------------------

CREATE TABLE dunning.settings (
    name   text PRIMARY KEY CHECK (name IN ('open_items', 'paid_items', 'sender', 'pay_within_days')),
    value  text NOT NULL
);
COMMENT ON TABLE dunning.settings IS
    'source registrations (open_items, paid_items: the relation dunning.set_source registered) and letter settings (sender: the signature of letters; pay_within_days: days until pay_by, default 14)';

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
        PERFORM dunning.define_source_view(OLD.name, NULL);
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
        PERFORM dunning.define_source_view(source, NULL);
    ELSE
        INSERT INTO dunning.settings AS s (name, value) VALUES (source, relation::text)
        ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value;
    END IF;
END
$$;
COMMENT ON FUNCTION dunning.set_source(text, regclass) IS
    'registers the relation (your view over the ERP mirror) that dunning.open_items or dunning.paid_items reads; NULL returns to dunning.ledger_items / dunning.paid_ledger; a missing or mistyped column is SQLSTATE 22023 naming it';

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
    RAISE EXCEPTION 'policy "%": %', NEW.name, message
        USING ERRCODE = 'invalid_parameter_value', HINT = coalesce(hint, '');
END
$$;
COMMENT ON FUNCTION dunning.check_policy_row() IS 'internal: validates dunning.policies.body, naming the policy';
CREATE TRIGGER policies_check BEFORE INSERT OR UPDATE ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.check_policy_row();
CREATE TRIGGER policies_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();

-- Customers and contacts -------------------------------------------------------------------------

CREATE TABLE dunning.customers (
    customer_id     text PRIMARY KEY,
    name            text,
    parent_id       text,
    bill_to_parent  boolean NOT NULL DEFAULT false,
    language        text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$'),
    policy          text NOT NULL DEFAULT 'default',
    unit_by         text NOT NULL DEFAULT 'customer' CHECK (unit_by IN ('customer', 'department', 'project')),
    CONSTRAINT customers_not_own_parent CHECK (parent_id <> customer_id),
    CONSTRAINT customers_bill_to_parent_needs_parent CHECK (NOT bill_to_parent OR parent_id IS NOT NULL)
);
COMMENT ON TABLE dunning.customers IS
    'dunning settings per customer; a customer without a row is assessed as one unit with the default policy, in English';
COMMENT ON COLUMN dunning.customers.parent_id IS 'the group''s parent customer';
COMMENT ON COLUMN dunning.customers.bill_to_parent IS 'true: dunned on its own items, but letters go to the parent''s contact with this customer''s contact in cc';
COMMENT ON COLUMN dunning.customers.language IS 'ISO 639-1 code of the letters (templates fall back to en)';
COMMENT ON COLUMN dunning.customers.policy IS 'name of the dunning.policies row that applies';
COMMENT ON COLUMN dunning.customers.unit_by IS 'customer: one unit; department or project: one unit per department or project of the items';
CREATE INDEX customers_parent_id ON dunning.customers (parent_id);
CREATE INDEX customers_policy ON dunning.customers (policy);

CREATE TABLE dunning.contacts (
    customer_id  text NOT NULL,
    department   text,
    project      text,
    email        text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    role         text NOT NULL DEFAULT 'to' CHECK (role IN ('to', 'cc')),
    CONSTRAINT contacts_unique UNIQUE NULLS NOT DISTINCT (customer_id, department, project, email)
);
COMMENT ON TABLE dunning.contacts IS
    'letter recipients: role to (addressee) or cc, per department or project of a customer, or general when both are NULL';
COMMENT ON COLUMN dunning.contacts.role IS 'to: the addressee (the most specific one is used); cc: copied on every matching letter';

-- No foreign keys between the tables pg_dump keeps: pg_restore -j loads their data in parallel,
-- in no order, and a foreign key would refuse a customer whose policy is not loaded yet. The
-- policy of a customer is checked by a trigger instead, which is skipped while restoring a dump
-- (pg_dump and pg_restore set check_function_bodies = off, the signal PostgreSQL's own validators
-- use; the rows were checked when first written), and again by every run; a policy in use cannot
-- be deleted or renamed. Contacts and parents need no row in dunning.customers.
CREATE FUNCTION dunning.check_customer_policy()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_setting('check_function_bodies')::boolean
       AND NOT EXISTS (SELECT FROM dunning.policies p WHERE p.name = NEW.policy) THEN
        RAISE EXCEPTION 'customer "%": policy "%" does not exist', NEW.customer_id, NEW.policy
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The policies are ' || (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM dunning.policies p) || '.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION dunning.check_customer_policy() IS 'internal: a customer''s policy must exist';
CREATE TRIGGER customers_check_policy BEFORE INSERT OR UPDATE OF policy ON dunning.customers
    FOR EACH ROW EXECUTE FUNCTION dunning.check_customer_policy();

CREATE FUNCTION dunning.keep_policy_in_use()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    users text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.name = OLD.name THEN
        RETURN NEW;
    END IF;
    SELECT string_agg(c.customer_id, ', ' ORDER BY c.customer_id) INTO users
    FROM (SELECT c.customer_id FROM dunning.customers c WHERE c.policy = OLD.name ORDER BY c.customer_id LIMIT 5) c;
    IF users IS NOT NULL THEN
        RAISE EXCEPTION 'policy "%" is the policy of customers (%)', OLD.name, users
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Point those customers at another policy first.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION dunning.keep_policy_in_use() IS 'internal: a policy that customers use cannot be deleted or renamed';
CREATE TRIGGER policies_keep_in_use BEFORE DELETE OR UPDATE OF name ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.keep_policy_in_use();

-- Templates --------------------------------------------------------------------------------------

CREATE TABLE dunning.templates (
    level     integer CHECK (level >= 0),
    tone      text NOT NULL CHECK (tone IN ('friendly', 'standard', 'firm', 'final', 'formal_notice')),
    language  text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    subject   text NOT NULL,
    body      text NOT NULL,
    builtin   boolean NOT NULL DEFAULT false,
    CONSTRAINT templates_unique UNIQUE NULLS NOT DISTINCT (level, tone, language, builtin)
);
COMMENT ON TABLE dunning.templates IS
    'letter texts (dunning.render templates) per level, tone and language; level NULL = any level, level 0 = the pre-due reminder; your rows (builtin = false) take precedence over the shipped ones';
COMMENT ON COLUMN dunning.templates.builtin IS 'shipped with the extension: refreshed by upgrades, not dumped, not editable';

-- The variables a letter template may use; the run and the template check build them here alone.
CREATE FUNCTION dunning.letter_vars(customer text, customer_id text, addressee text, department text,
                                    project text, level integer, as_of date, pay_by date, currency text,
                                    amount numeric, fee numeric, net_balance numeric,
                                    days_overdue integer, items text, item_count integer, sender text)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object(
        'customer', $1, 'unit', $1 || coalesce(' / ' || $4, '') || coalesce(' / ' || $5, ''),
        'customer_id', $2, 'addressee', $3, 'department', coalesce($4, ''),
        'project', coalesce($5, ''), 'level', $6, 'as_of', to_char($7, 'YYYY-MM-DD'), 'pay_by', to_char($8, 'YYYY-MM-DD'),
        'currency', $9, 'amount', $10, 'fee', $11, 'total', $10 + $11, 'net_balance', $12,
        'days_overdue', $13, 'items', $14, 'item_count', $15, 'sender', $16)
$$;
COMMENT ON FUNCTION dunning.letter_vars(text, text, text, text, text, integer, date, date, text, numeric, numeric, numeric, integer, text, integer, text) IS
    'internal: the variables of a letter template (customer, unit, customer_id, addressee, department, project, level, as_of, pay_by, currency, amount, fee, total, net_balance, days_overdue, items, item_count, sender)';

CREATE FUNCTION dunning.check_template_row()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    sample  jsonb := dunning.letter_vars('Sample Customer', 'C-1', 'Sample Parent', 'Sales', 'P-1', 2,
                                         '2026-01-31', '2026-02-14', 'EUR', 1234.56, 15, 1500,
                                         30, 'INV-1  2025-12-31  1234.56 EUR', 1, 'Accounts receivable');
    message text;
    detail  text;
    part    text := 'subject';
BEGIN
    PERFORM dunning.render(NEW.subject, sample);
    part := 'body';
    PERFORM dunning.render(NEW.body, sample);
    RETURN NEW;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'template (level %, tone %, language %) %: %', coalesce(NEW.level::text, 'any'),
                    NEW.tone, NEW.language, part, message
        USING ERRCODE = 'invalid_parameter_value', DETAIL = coalesce(detail, ''),
              HINT = 'Templates may use ' || (SELECT string_agg('{' || k || '}', ', ' ORDER BY k)
                                              FROM jsonb_object_keys(sample) k) || '.';
END
$$;
COMMENT ON FUNCTION dunning.check_template_row() IS
    'internal: renders a template''s subject and body with sample values, so a bad placeholder is refused when stored, not during a run';
CREATE TRIGGER templates_check BEFORE INSERT OR UPDATE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.check_template_row();

-- Builtin letter templates (SPEC §11): en, nl, fr; level NULL = any level, level 0 = pre-due.
-- Rendered with dunning.render(): fmt named placeholders, {{ }} for literal braces.
INSERT INTO dunning.templates (level, tone, language, subject, body, builtin) VALUES
-- ------------------------------------------------------------------ English
(0, 'friendly', 'en', $t$Upcoming due date – {unit}$t$,
$t$Dear {addressee},

A courtesy note: the following items for the account of {unit} will fall due shortly. Nothing is late – this is just a heads-up to help with your payment planning.

Item, due date, open amount:
{items}

Total: {total:.2f} {currency}

We would be grateful for payment by {pay_by}. If payment is already scheduled, thank you – no action is needed. Should you have any questions about these items, or if anything looks wrong, please let us know.

Kind regards,
{sender}$t$, true),
(NULL, 'friendly', 'en', $t$Friendly payment reminder – {unit}$t$,
$t$Dear {addressee},

We hope all is well. Going through our books, we noticed that the following items for the account of {unit} are still open. Most likely this has simply slipped through the cracks.

Item, due date, open amount:
{items}

Total due: {total:.2f} {currency}

We would be grateful if you could arrange payment by {pay_by}. If you have already paid, thank you – please disregard this message, and our apologies if your payment crossed this letter. If anything looks wrong, just let us know and we will gladly sort it out.

Thank you for your business.

Kind regards,
{sender}$t$, true),
(NULL, 'standard', 'en', $t$Reminder {level}: open items – {unit}$t$,
$t$Dear {addressee},

According to our records, the following items for the account of {unit} are past due:

Item, due date, open amount:
{items}

Total due: {total:.2f} {currency}

We kindly ask you to pay this amount by {pay_by}. If your payment has crossed this letter, please accept our apologies and disregard it. If you believe an item is incorrect, or if there is a reason it has not been paid, please get in touch with us.

Kind regards,
{sender}$t$, true),
(NULL, 'firm', 'en', $t$Reminder {level}: payment requested by {pay_by} – {unit}$t$,
$t$Dear {addressee},

Our records show that the following items for the account of {unit} are still unpaid; the oldest is now {days_overdue} days past due.

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

Please pay the total by {pay_by} at the latest, or contact us before that date if you cannot pay in full – we are happy to discuss a payment plan. If anything is incorrect or already paid, please let us know; our apologies if your payment crossed this letter.

Kind regards,
{sender}$t$, true),
(NULL, 'final', 'en', $t$Final reminder – {unit}$t$,
$t$Dear {addressee},

The following items for the account of {unit} are still unpaid; the oldest is now {days_overdue} days past due. We would much prefer to settle this together, so this is our final reminder before we take further steps.

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

Please pay the total of {total:.2f} {currency} by {pay_by}. If we have not received payment or heard from you by then, we will send a formal notice of default and may pass the claim on for collection, which would entail additional costs. If you are facing difficulties or dispute an item, please contact us before {pay_by} – we will gladly look for a solution. If your payment crossed this letter, please accept our apologies.

Kind regards,
{sender}$t$, true),
(NULL, 'formal_notice', 'en', $t$Formal notice of default – {unit}$t$,
$t$Dear {addressee},

Re: formal notice of default

Despite our previous reminders, the following items for the account of {unit} remain unpaid:

Item, due date, open amount:
{items}

Open amount:   {amount:.2f} {currency}
Reminder fee:  {fee:.2f} {currency}
Total due:     {total:.2f} {currency}

We hereby give you formal notice of default and grant you a final term to pay {total:.2f} {currency} no later than {pay_by}. If payment has not been received by that date, we will be entitled, without further notice, to claim statutory interest for late payment and the costs of collection in addition to the amount above.

If you believe this claim is incorrect, or if you have already paid, please contact us before {pay_by} so that we can resolve the matter; our apologies if your payment crossed this letter.

Yours faithfully,
{sender}$t$, true),
-- ------------------------------------------------------------------ Dutch
(0, 'friendly', 'nl', $t$Binnenkort te betalen – {unit}$t$,
$t$Beste {addressee},

Ter informatie: de volgende posten ten name van {unit} vervallen binnenkort. Er is niets te laat; dit is alleen een geheugensteuntje voor uw betalingsplanning.

Post, vervaldatum, openstaand bedrag:
{items}

Totaal: {total:.2f} {currency}

Wij ontvangen de betaling graag uiterlijk {pay_by}. Staat de betaling al klaar, dan danken wij u hartelijk en hoeft u niets te doen. Heeft u vragen over deze posten of klopt er iets niet, laat het ons dan gerust weten.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'friendly', 'nl', $t$Vriendelijke herinnering – {unit}$t$,
$t$Beste {addressee},

Wij hopen dat alles goed met u gaat. Bij het doornemen van onze administratie zagen wij dat de volgende posten ten name van {unit} nog openstaan. Waarschijnlijk is dit gewoon aan de aandacht ontsnapt.

Post, vervaldatum, openstaand bedrag:
{items}

Totaal te betalen: {total:.2f} {currency}

Wij zouden het op prijs stellen als u dit bedrag uiterlijk {pay_by} overmaakt. Heeft u al betaald, dan danken wij u hartelijk en kunt u dit bericht als niet verzonden beschouwen; onze excuses als uw betaling en deze brief elkaar hebben gekruist. Klopt er iets niet, laat het ons dan gerust weten.

Hartelijk dank voor de prettige samenwerking.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'standard', 'nl', $t$Herinnering {level}: openstaande posten – {unit}$t$,
$t$Geachte {addressee},

Volgens onze administratie zijn de volgende posten ten name van {unit} vervallen en nog niet betaald:

Post, vervaldatum, openstaand bedrag:
{items}

Totaal te betalen: {total:.2f} {currency}

Wij verzoeken u vriendelijk dit bedrag uiterlijk {pay_by} te voldoen. Heeft uw betaling deze brief gekruist, dan bieden wij u onze excuses aan en kunt u deze brief als niet verzonden beschouwen. Is een post naar uw mening onjuist, of is er een reden waarom deze nog niet betaald is, neem dan gerust contact met ons op.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'firm', 'nl', $t$Herinnering {level}: graag betaling uiterlijk {pay_by} – {unit}$t$,
$t$Geachte {addressee},

Volgens onze administratie zijn de volgende posten ten name van {unit} nog altijd niet betaald; de oudste is inmiddels {days_overdue} dagen vervallen.

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Herinneringskosten:  {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Wij verzoeken u het totaalbedrag uiterlijk {pay_by} te voldoen, of vóór die datum contact met ons op te nemen als volledige betaling niet mogelijk is; een betalingsregeling bespreken wij graag. Is er iets onjuist of heeft u al betaald, laat het ons dan weten; onze excuses als uw betaling deze brief heeft gekruist.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'final', 'nl', $t$Laatste herinnering – {unit}$t$,
$t$Geachte {addressee},

De volgende posten ten name van {unit} zijn nog steeds niet betaald; de oudste is inmiddels {days_overdue} dagen vervallen. Wij lossen dit het liefst samen met u op. Dit is daarom onze laatste herinnering voordat wij verdere stappen nemen.

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Aanmaningskosten:    {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Wij verzoeken u het totaalbedrag van {total:.2f} {currency} uiterlijk {pay_by} te voldoen. Hebben wij op die datum geen betaling of bericht van u ontvangen, dan sturen wij u een formele ingebrekestelling en kunnen wij de vordering uit handen geven, wat extra kosten met zich meebrengt. Heeft u betalingsproblemen of bent u het met een post niet eens, neem dan vóór {pay_by} contact met ons op; wij zoeken graag samen naar een oplossing. Heeft uw betaling deze brief gekruist, dan bieden wij u onze excuses aan.

Met vriendelijke groet,
{sender}$t$, true),
(NULL, 'formal_notice', 'nl', $t$Ingebrekestelling – {unit}$t$,
$t$Geachte {addressee},

Betreft: ingebrekestelling

Ondanks onze eerdere herinneringen zijn de volgende posten ten name van {unit} nog altijd niet betaald:

Post, vervaldatum, openstaand bedrag:
{items}

Openstaand bedrag:   {amount:.2f} {currency}
Aanmaningskosten:    {fee:.2f} {currency}
Totaal te betalen:   {total:.2f} {currency}

Hierbij stellen wij u formeel in gebreke en geven wij u een laatste termijn om het bedrag van {total:.2f} {currency} uiterlijk {pay_by} te voldoen. Hebben wij de betaling op die datum niet ontvangen, dan zijn wij gerechtigd, zonder nadere aankondiging, naast het bovenstaande bedrag de wettelijke rente en de buitengerechtelijke incassokosten in rekening te brengen.

Meent u dat deze vordering onjuist is, of heeft u al betaald, neem dan vóór {pay_by} contact met ons op, zodat wij de zaak kunnen rechtzetten; onze excuses als uw betaling deze brief heeft gekruist.

Hoogachtend,
{sender}$t$, true),
-- ------------------------------------------------------------------ French
(0, 'friendly', 'fr', $t$Échéance prochaine – {unit}$t$,
$t$Bonjour {addressee},

Pour information, les montants suivants au nom de {unit} arriveront bientôt à échéance. Aucun retard : ce message vise simplement à faciliter la planification de vos paiements.

Référence, échéance, montant :
{items}

Total : {total:.2f} {currency}

Nous vous remercions par avance de votre règlement d'ici le {pay_by}. Si le paiement est déjà programmé, merci beaucoup : vous n'avez rien à faire. Pour toute question sur ces montants, ou si quelque chose vous semble incorrect, n'hésitez pas à nous contacter.

Cordialement,
{sender}$t$, true),
(NULL, 'friendly', 'fr', $t$Petit rappel amical – {unit}$t$,
$t$Bonjour {addressee},

Nous espérons que vous allez bien. En faisant le point sur nos comptes, nous avons constaté que les montants suivants au nom de {unit} restent ouverts. Il s'agit très probablement d'un simple oubli.

Référence, échéance, montant restant dû :
{items}

Total à régler : {total:.2f} {currency}

Nous vous serions reconnaissants de bien vouloir effectuer le règlement d'ici le {pay_by}. Si vous avez déjà payé, merci beaucoup et veuillez ne pas tenir compte de ce message ; toutes nos excuses si votre règlement a croisé ce courrier. Si quelque chose vous semble incorrect, n'hésitez pas à nous le signaler.

Merci de votre confiance.

Cordialement,
{sender}$t$, true),
(NULL, 'standard', 'fr', $t$Rappel {level} : montants en attente – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Sauf erreur de notre part, les montants suivants au nom de {unit} sont arrivés à échéance et restent impayés :

Référence, échéance, montant restant dû :
{items}

Total à régler : {total:.2f} {currency}

Nous vous prions de bien vouloir régler ce montant au plus tard le {pay_by}. Si votre règlement a croisé ce courrier, veuillez nous en excuser et ne pas en tenir compte. Si un élément vous paraît incorrect ou si ce retard a une raison particulière, n'hésitez pas à nous contacter.

Cordialement,
{sender}$t$, true),
(NULL, 'firm', 'fr', $t$Rappel {level} : paiement attendu au plus tard le {pay_by} – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Sauf erreur de notre part, les montants suivants au nom de {unit} restent impayés à ce jour ; le plus ancien est échu depuis {days_overdue} jours.

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Nous vous demandons de régler ce total au plus tard le {pay_by}, ou de nous contacter avant cette date si un paiement intégral n'est pas possible : nous étudierons volontiers un plan de paiement avec vous. Si un élément est incorrect ou déjà réglé, merci de nous le signaler ; toutes nos excuses si votre règlement a croisé ce courrier.

Cordialement,
{sender}$t$, true),
(NULL, 'final', 'fr', $t$Dernier rappel – {unit}$t$,
$t$À l'attention de {addressee}

Madame, Monsieur,

Les montants suivants au nom de {unit} restent impayés ; le plus ancien est échu depuis {days_overdue} jours. Nous préférons de loin régler cette question à l'amiable : ce courrier constitue donc notre dernier rappel avant d'engager d'autres démarches.

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Nous vous prions de régler la somme de {total:.2f} {currency} au plus tard le {pay_by}. Sans paiement ni nouvelles de votre part à cette date, nous vous adresserons une mise en demeure et pourrons confier le dossier au recouvrement, ce qui entraînerait des frais supplémentaires. Si vous rencontrez des difficultés ou contestez un montant, contactez-nous avant le {pay_by} : nous chercherons volontiers une solution avec vous. Si votre règlement a croisé ce courrier, veuillez nous en excuser.

Cordialement,
{sender}$t$, true),
(NULL, 'formal_notice', 'fr', $t$Mise en demeure – {unit}$t$,
$t$À l'attention de {addressee}

Objet : mise en demeure

Madame, Monsieur,

Malgré nos rappels précédents, les montants suivants au nom de {unit} restent impayés :

Référence, échéance, montant restant dû :
{items}

Montant dû :       {amount:.2f} {currency}
Frais de rappel :  {fee:.2f} {currency}
Total à régler :   {total:.2f} {currency}

Par la présente, nous vous mettons en demeure de régler la somme de {total:.2f} {currency} au plus tard le {pay_by}. À défaut de paiement à cette date, nous serons en droit de réclamer, sans autre avis et en sus de cette somme, les intérêts de retard au taux légal ainsi que les frais de recouvrement.

Si vous estimez que cette créance n'est pas fondée, ou si vous avez déjà effectué le paiement, merci de nous contacter avant le {pay_by} afin que nous puissions régulariser la situation ; toutes nos excuses si votre règlement a croisé ce courrier.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

{sender}$t$, true);

CREATE TRIGGER templates_guard_builtin BEFORE INSERT OR UPDATE OR DELETE ON dunning.templates
    FOR EACH ROW EXECUTE FUNCTION dunning.guard_builtin_row();

-- Runs, letters and the state of each unit -------------------------------------------------------

CREATE SEQUENCE dunning.runs_run_id_seq;
CREATE TABLE dunning.runs (
    run_id       bigint PRIMARY KEY DEFAULT nextval('dunning.runs_run_id_seq'),
    as_of        date NOT NULL,
    policy       text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    units        integer,
    letters      integer,
    run_by       name NOT NULL DEFAULT current_user
);
ALTER SEQUENCE dunning.runs_run_id_seq OWNED BY dunning.runs.run_id;
COMMENT ON TABLE dunning.runs IS 'one row per CALL dunning.run: its date, policy filter, duration, units assessed and letters issued';
COMMENT ON COLUMN dunning.runs.policy IS 'the policy the run was restricted to; NULL: every customer with its own policy';

CREATE SEQUENCE dunning.letters_letter_id_seq;
CREATE TABLE dunning.letters (
    letter_id     bigint PRIMARY KEY DEFAULT nextval('dunning.letters_letter_id_seq'),
    run_id        bigint NOT NULL,
    as_of         date NOT NULL,
    customer_id   text NOT NULL,
    department    text,
    project       text,
    level         integer NOT NULL,
    action        text NOT NULL CHECK (action IN ('remind', 'pre_due')),
    tone          text NOT NULL,
    language      text NOT NULL,
    addressee_id  text NOT NULL,
    to_email      text,
    cc_emails     text[] NOT NULL DEFAULT '{}',
    subject       text NOT NULL,
    body          text NOT NULL,
    fee           numeric NOT NULL,
    amount        numeric NOT NULL,
    currency      text,
    reason        text,
    reason_codes  text[],
    sent_at       timestamptz,
    CONSTRAINT letters_one_per_unit_and_day UNIQUE NULLS NOT DISTINCT (customer_id, department, project, as_of)
);
ALTER SEQUENCE dunning.letters_letter_id_seq OWNED BY dunning.letters.letter_id;
COMMENT ON TABLE dunning.letters IS 'the letters dunning.run issued: at most one per unit and as_of, with recipients and rendered text';
COMMENT ON COLUMN dunning.letters.addressee_id IS 'the customer the letter is addressed to: the parent when the customer is billed to its group';
COMMENT ON COLUMN dunning.letters.to_email IS 'the addressee''s contact; NULL when the customer has no contact';
COMMENT ON COLUMN dunning.letters.amount IS 'the net open amount of the listed items';
COMMENT ON COLUMN dunning.letters.sent_at IS 'set by your mailer when the letter went out; dunning.letter_queue lists the letters without it';
CREATE INDEX letters_run_id ON dunning.letters (run_id);

CREATE TABLE dunning.letter_items (
    letter_id           bigint NOT NULL,
    item_id             text NOT NULL,
    kind                dunning.item_kind NOT NULL,
    due_date            date,
    effective_due_date  date,
    open_amount         numeric,
    net_open            numeric,
    days_overdue        integer,
    item_level          integer,
    status              text,
    PRIMARY KEY (letter_id, item_id)
);
COMMENT ON TABLE dunning.letter_items IS 'the items each letter lists, as dunning.assess_items saw them on the run';

-- A deleted letter takes its items along (no foreign key: see dunning.check_customer_policy).
CREATE FUNCTION dunning.delete_letter_items()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM dunning.letter_items i WHERE i.letter_id IN (SELECT o.letter_id FROM old_letters o);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.delete_letter_items() IS 'internal: deletes the items of deleted letters';
CREATE TRIGGER letters_delete_items AFTER DELETE ON dunning.letters
    REFERENCING OLD TABLE AS old_letters
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.delete_letter_items();

CREATE TABLE dunning.unit_state (
    customer_id       text NOT NULL,
    department        text,
    project           text,
    last_level        integer NOT NULL DEFAULT 0,
    last_letter_date  date,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT unit_state_one_per_unit UNIQUE NULLS NOT DISTINCT (customer_id, department, project)
);
COMMENT ON TABLE dunning.unit_state IS 'dunning history per unit: the level and date of its last letter (level 0 when the episode ended)';

-- The units: a customer's items form one unit unless customers.unit_by splits them.
CREATE VIEW dunning.unit_items WITH (security_invoker = true) AS
SELECT o.customer_id,
       CASE WHEN c.unit_by = 'department' THEN o.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN o.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       dunning.item(o.item_id, o.kind, o.amount, o.open_amount, o.due_date, o.doc_date, o.currency,
                    o.disputed, o.hold_until, o.on_plan) AS item
FROM dunning.open_items o
LEFT JOIN dunning.customers c ON c.customer_id = o.customer_id;
COMMENT ON VIEW dunning.unit_items IS 'internal: dunning.open_items as validated items with their unit and policy';

CREATE VIEW dunning.unit_paid_items WITH (security_invoker = true) AS
SELECT p.customer_id,
       CASE WHEN c.unit_by = 'department' THEN p.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN p.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       p.due_date, p.paid_date, p.amount
FROM dunning.paid_items p
LEFT JOIN dunning.customers c ON c.customer_id = p.customer_id;
COMMENT ON VIEW dunning.unit_paid_items IS 'internal: dunning.paid_items with their unit and policy';

-- Every unit's assessment as of a date, with its history and its loyalty score.
CREATE FUNCTION dunning.assess_units(as_of date, policy text DEFAULT NULL)
RETURNS TABLE (customer_id text, department text, project text, policy text,
               assessment dunning.assessment, last_level integer, last_letter_date date,
               loyalty_score numeric)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    WITH chosen AS (
        SELECT p.name, p.body, dunning.validate_policy(p.body) AS full_body
        FROM dunning.policies p
        WHERE $2 IS NULL OR p.name = $2
    ), loyalty AS (
        SELECT u.customer_id, u.department, u.project,
               (dunning.payment_behaviour(u.due_date, u.paid_date, u.amount,
                                          (p.full_body -> 'loyalty' ->> 'min_history')::integer)).score
        FROM dunning.unit_paid_items u
        JOIN chosen p ON p.name = u.policy
        GROUP BY u.customer_id, u.department, u.project
    )
    -- One aggregation per policy, with the policy body as its parameter: as a joined column the
    -- body would travel with every item through the sort (a gigabyte more at a million items).
    -- Grouped by the unit alone; the history is constant per unit and joined again afterwards.
    SELECT a.customer_id, a.department, a.project, p.name, a.assessment,
           s.last_level, s.last_letter_date, l.score
    FROM chosen p
    CROSS JOIN LATERAL (
        SELECT u.customer_id, u.department, u.project,
               dunning.assess(u.item, p.body, $1, s.last_level, s.last_letter_date, l.score) AS assessment
        FROM dunning.unit_items u
        LEFT JOIN dunning.unit_state s
               ON s.customer_id = u.customer_id AND s.department IS NOT DISTINCT FROM u.department
              AND s.project IS NOT DISTINCT FROM u.project
        LEFT JOIN loyalty l
               ON l.customer_id = u.customer_id AND l.department IS NOT DISTINCT FROM u.department
              AND l.project IS NOT DISTINCT FROM u.project
        WHERE u.policy = p.name
        GROUP BY u.customer_id, u.department, u.project
    ) a
    LEFT JOIN dunning.unit_state s
           ON s.customer_id = a.customer_id AND s.department IS NOT DISTINCT FROM a.department
          AND s.project IS NOT DISTINCT FROM a.project
    LEFT JOIN loyalty l
           ON l.customer_id = a.customer_id AND l.department IS NOT DISTINCT FROM a.department
          AND l.project IS NOT DISTINCT FROM a.project
$$;
COMMENT ON FUNCTION dunning.assess_units(date, text) IS
    'every unit of dunning.open_items assessed as of a date with its policy, its unit_state history and the payment-behaviour score of its paid history as loyalty score; policy NULL: every customer';

-- Listed items of a letter, one per line, language neutral: the template says what they are.
CREATE FUNCTION dunning.item_lines(items dunning.letter_items[], currency text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT string_agg(format('%s  %s  %s %s',
                             rpad(i.item_id, w.width), coalesce(to_char(i.due_date, 'YYYY-MM-DD'), '          '),
                             lpad(a.amount, w.amount_width), $2),
                      E'\n' ORDER BY i.due_date NULLS LAST, i.item_id)
    FROM unnest($1) i
    CROSS JOIN (SELECT max(length(j.item_id)) AS width,
                       greatest(10, max(length(to_char(j.net_open, 'FM9999999999990.00')))) AS amount_width
                FROM unnest($1) j) w
    CROSS JOIN LATERAL (SELECT to_char(i.net_open, 'FM9999999999990.00') AS amount) a
$$;
COMMENT ON FUNCTION dunning.item_lines(dunning.letter_items[], text) IS
    'internal: the {items} text of a letter: item id, due date, open amount and currency per line';

-- Before a run: every customer's policy exists (no foreign key, see dunning.check_customer_policy)
-- and the source views read what dunning.settings registers (a restore that skipped triggers, or
-- a view redefined by hand, would silently read something else).
CREATE FUNCTION dunning.check_run_prerequisites()
RETURNS void LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    missing text;
    source  record;
BEGIN
    SELECT string_agg(format('%s (%s)', c.customer_id, c.policy), ', ' ORDER BY c.customer_id) INTO missing
    FROM (SELECT c.customer_id, c.policy FROM dunning.customers c
          WHERE NOT EXISTS (SELECT FROM dunning.policies p WHERE p.name = c.policy)
          ORDER BY c.customer_id LIMIT 5) c;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'customers with a policy that does not exist: %', missing
            USING ERRCODE = 'foreign_key_violation', HINT = 'Insert the policy or change the customers'' policy.';
    END IF;
    IF NOT EXISTS (SELECT FROM dunning.policies p WHERE p.name = 'default') THEN
        RAISE EXCEPTION 'the policy "default" is missing'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'It applies to customers without a row in dunning.customers; ALTER EXTENSION dunning UPDATE or a reinstall restores it.';
    END IF;
    FOR source IN
        -- compared as names: a cast of the registered name to regclass would need USAGE on its
        -- schema, which an operator reading the source through the view does not need
        SELECT v.name AS source, ('dunning.' || v.name)::regclass AS view,
               coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = v.name), v.fallback) AS relation
        FROM (VALUES ('open_items', 'dunning.ledger_items'), ('paid_items', 'dunning.paid_ledger')) v(name, fallback)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_rewrite r
                       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                       WHERE r.ev_class = source.view AND d.refclassid = 'pg_catalog.pg_class'::regclass
                         AND d.refobjid::regclass::text = source.relation) THEN
            RAISE EXCEPTION '% does not read its registered source %', source.view, source.relation
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = format('Register it again as the extension''s owner: SELECT dunning.set_source(%L, %L).',
                                    source.source, source.relation);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION dunning.check_run_prerequisites() IS
    'internal: refuses a run when a customer''s policy is missing or a source view does not read its registered relation';

-- The customers whose items an error message of a run names (item "X"), for the message.
CREATE FUNCTION dunning.customers_of_failure(message text)
RETURNS text LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT string_agg(o.customer_id, ', ' ORDER BY o.customer_id)
    FROM (SELECT DISTINCT o.customer_id FROM dunning.open_items o
          WHERE o.item_id = substring($1 FROM 'item "([^"]*)"') ORDER BY o.customer_id LIMIT 3) o
$$;
COMMENT ON FUNCTION dunning.customers_of_failure(text) IS 'internal: the customers of the item an error message names';

-- The documented lock key of dunning.run: pg_advisory_xact_lock(28276614830321255), the bytes of
-- 'dunning' read as a bigint. A second run waits for the first to commit and then, reading its
-- letters and unit_state, issues no duplicate.
CREATE PROCEDURE dunning.run(as_of date DEFAULT current_date, policy text DEFAULT NULL)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    run_date       date := as_of;
    policy_filter  text := policy;
    this_run       bigint;
    unit_count     integer;
    letter_count   integer;
    failure        text;
    failure_detail text;
    failure_hint   text;
    failure_state  text;
    culprits       text;
    sender_name    text;
    pay_days       integer;
BEGIN
    -- READ UNCOMMITTED is READ COMMITTED in PostgreSQL
    IF current_setting('transaction_isolation') IN ('repeatable read', 'serializable') THEN
        RAISE EXCEPTION 'dunning.run needs the READ COMMITTED isolation level, not %',
                        upper(current_setting('transaction_isolation'))
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'A run waits for a concurrent run to commit and must then see its letters; a snapshot taken before the wait would not.',
                  HINT = 'Call it outside an explicit REPEATABLE READ or SERIALIZABLE transaction.';
    END IF;
    IF run_date IS NULL OR NOT isfinite(run_date) THEN
        RAISE EXCEPTION 'dunning.run: as_of must be a finite date, not %', coalesce(run_date::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF policy_filter IS NOT NULL AND NOT EXISTS (SELECT FROM dunning.policies p WHERE p.name = policy_filter) THEN
        RAISE EXCEPTION 'dunning.run: policy "%" does not exist', policy_filter
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The policies are ' || (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM dunning.policies p) || '.';
    END IF;

    PERFORM pg_advisory_xact_lock(28276614830321255);
    PERFORM dunning.check_run_prerequisites();
    sender_name := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'sender'), 'Accounts receivable');
    pay_days := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'pay_within_days'), '14')::integer;

    INSERT INTO dunning.runs (as_of, policy, started_at)
    VALUES (run_date, policy_filter, clock_timestamp())
    RETURNING run_id INTO this_run;

    BEGIN
    WITH assessed AS MATERIALIZED (
        SELECT * FROM dunning.assess_units(run_date, policy_filter)
    ), due AS MATERIALIZED (
        -- letter ids in unit order, whatever the plan
        SELECT a.*, nextval('dunning.letters_letter_id_seq') AS letter_id
        FROM (SELECT a.customer_id, a.department, a.project, a.policy, a.assessment
              FROM assessed a
              WHERE (a.assessment).action IN ('remind', 'pre_due')
                AND (a.last_letter_date IS NULL OR a.last_letter_date < run_date)
              ORDER BY a.customer_id, a.department NULLS FIRST, a.project NULLS FIRST) a
    ), letter_data AS MATERIALIZED (
        -- One row per letter with everything it needs, so that no join between two CTEs (whose
        -- sizes the planner cannot estimate) stands between the letters and their items.
        SELECT d.letter_id, d.customer_id, d.department, d.project, d.policy, d.assessment,
               x.lines, coalesce(x.amount, 0) AS amount,
               coalesce(x.currency, dunning.validate_policy(p.body) ->> 'currency') AS currency,
               x.first_due_date
        FROM (SELECT d.letter_id, d.customer_id, d.department, d.project, d.policy, d.assessment,
                     array_agg(u.item) AS items
              FROM due d
              JOIN dunning.unit_items u
                ON u.customer_id = d.customer_id AND u.department IS NOT DISTINCT FROM d.department
               AND u.project IS NOT DISTINCT FROM d.project
              GROUP BY d.letter_id, d.customer_id, d.department, d.project, d.policy, d.assessment) d
        JOIN dunning.policies p ON p.name = d.policy
        CROSS JOIN LATERAL (
            SELECT array_agg(ROW(d.letter_id, a.item_id, a.kind, i.due_date, a.effective_due_date,
                                 a.open_amount, a.net_open, a.days_overdue, a.item_level,
                                 a.status)::dunning.letter_items) AS lines,
                   sum(a.net_open) AS amount, min(i.currency) AS currency,
                   min(i.due_date) AS first_due_date
            FROM dunning.assess_items(d.items, p.body, run_date) a
            JOIN unnest(d.items) i ON i.item_id = a.item_id
            WHERE a.status = CASE (d.assessment).action WHEN 'pre_due' THEN 'pre_due' ELSE 'overdue' END
        ) x
    ), composed AS MATERIALIZED (
        -- Recipients: the addressee's most specific "to" contact (the unit's department or
        -- project before the general one); billed to the group, the addressee is the parent and
        -- the subsidiary's own "to" contact goes to cc, with the "cc" contacts of both. Template:
        -- the letter's language before English, a level's own text before the text for any
        -- level, your rows before the shipped ones. Inline subqueries, not functions: a run calls
        -- them once per letter.
        SELECT d.letter_id, d.customer_id, d.department, d.project, d.assessment, d.amount,
               d.currency, a.addressee_id, r.to_email, cc.cc_emails, t.language, t.subject, t.body,
               dunning.letter_vars(
                   coalesce(c.name, d.customer_id), d.customer_id,
                   coalesce(ac.name, a.addressee_id), d.department, d.project,
                   (d.assessment).level, run_date,
                   CASE (d.assessment).action WHEN 'pre_due' THEN d.first_due_date
                                              ELSE run_date + pay_days END,
                   d.currency, d.amount, (d.assessment).fee, (d.assessment).net_balance,
                   (d.assessment).significant_overdue_days, dunning.item_lines(d.lines, d.currency),
                   coalesce(cardinality(d.lines), 0), sender_name) AS vars
        FROM letter_data d
        LEFT JOIN dunning.customers c ON c.customer_id = d.customer_id
        CROSS JOIN LATERAL (
            SELECT CASE WHEN c.bill_to_parent THEN c.parent_id ELSE d.customer_id END AS addressee_id
        ) a
        LEFT JOIN dunning.customers ac ON ac.customer_id = a.addressee_id
        CROSS JOIN LATERAL (SELECT coalesce(ac.language, c.language, 'en') AS wanted) lang
        CROSS JOIN LATERAL (
            SELECT max(b.email) FILTER (WHERE b.customer_id = a.addressee_id) AS to_email,
                   max(b.email) FILTER (WHERE b.customer_id <> a.addressee_id) AS subsidiary_email
            FROM (SELECT DISTINCT ON (k.customer_id) k.customer_id, k.email
                  FROM dunning.contacts k
                  WHERE k.customer_id IN (d.customer_id, a.addressee_id) AND k.role = 'to'
                    AND (k.department IS NULL OR k.department = d.department)
                    AND (k.project IS NULL OR k.project = d.project)
                  ORDER BY k.customer_id,
                           (k.department IS NOT NULL)::integer + (k.project IS NOT NULL)::integer DESC,
                           k.email) b
        ) r
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(DISTINCT e.email ORDER BY e.email), '{}') AS cc_emails
            FROM (SELECT k.email FROM dunning.contacts k
                  WHERE k.customer_id IN (d.customer_id, a.addressee_id) AND k.role = 'cc'
                    AND (k.department IS NULL OR k.department = d.department)
                    AND (k.project IS NULL OR k.project = d.project)
                  UNION ALL
                  SELECT r.subsidiary_email) e
            WHERE e.email IS NOT NULL AND e.email IS DISTINCT FROM r.to_email
        ) cc
        CROSS JOIN LATERAL (
            SELECT t.language, t.subject, t.body
            FROM dunning.templates t
            WHERE t.tone = (d.assessment).tone
              AND (t.level = (d.assessment).level OR t.level IS NULL)
              AND t.language IN (lang.wanted, 'en')
            ORDER BY t.language = lang.wanted DESC, t.level IS NULL, t.builtin
            LIMIT 1
        ) t
    ), new_letters AS (
        INSERT INTO dunning.letters (letter_id, run_id, as_of, customer_id, department, project, level,
                                     action, tone, language, addressee_id, to_email, cc_emails,
                                     subject, body, fee, amount, currency, reason, reason_codes)
        SELECT m.letter_id, this_run, run_date, m.customer_id, m.department, m.project,
               (m.assessment).level, (m.assessment).action, (m.assessment).tone, m.language,
               m.addressee_id, m.to_email, m.cc_emails,
               dunning.render(m.subject, m.vars), dunning.render(m.body, m.vars),
               (m.assessment).fee, m.amount, m.currency, (m.assessment).reason,
               (m.assessment).reason_codes
        FROM composed m
        RETURNING 1
    ), new_letter_items AS (
        INSERT INTO dunning.letter_items
        SELECT l.* FROM letter_data d CROSS JOIN LATERAL unnest(d.lines) l
        RETURNING 1
    ), new_state AS (
        INSERT INTO dunning.unit_state AS s (customer_id, department, project, last_level, last_letter_date)
        SELECT d.customer_id, d.department, d.project, (d.assessment).level, run_date FROM due d
        UNION ALL
        SELECT a.customer_id, a.department, a.project, 0, a.last_letter_date FROM assessed a
        WHERE (a.assessment).action = 'none' AND (a.assessment).computed_level = 0 AND a.last_level > 0
          AND a.last_letter_date < run_date  -- a backdated run leaves the history alone
        ON CONFLICT (customer_id, department, project)
        DO UPDATE SET last_level = EXCLUDED.last_level, last_letter_date = EXCLUDED.last_letter_date,
                      updated_at = now()
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM assessed), (SELECT count(*) FROM new_letters)
    INTO unit_count, letter_count;
    EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range THEN
        -- A bad item: say whose, and drop the statement text PostgreSQL would print as context.
        GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT, failure_detail = PG_EXCEPTION_DETAIL,
                                failure_hint = PG_EXCEPTION_HINT, failure_state = RETURNED_SQLSTATE;
        culprits := dunning.customers_of_failure(failure);
        IF failure LIKE 'mixed currencies%' THEN
            failure_hint := 'A run dunns each unit in one currency: leave the other currency''s items out of the source, or split the customer into units (customers.unit_by) that each have one currency.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = failure_state,
            MESSAGE = coalesce('customer ' || culprits || ': ', '') || failure,
            DETAIL = coalesce(failure_detail, ''), HINT = coalesce(failure_hint, '');
    END;

    UPDATE dunning.runs r
    SET finished_at = clock_timestamp(), units = unit_count, letters = letter_count
    WHERE r.run_id = this_run;
END
$$;
COMMENT ON PROCEDURE dunning.run(date, text) IS
    'assesses every unit (of the customers with this policy; NULL: all) as of a date and issues at most one letter per unit and date, with recipients, items and rendered text, in one transaction; concurrent runs serialize on pg_advisory_xact_lock(28276614830321255); READ COMMITTED only (0A000 otherwise)';

-- Views for BI -----------------------------------------------------------------------------------

-- The BI views show the state as of today, or as of the date in the setting dunning.as_of
-- (SET dunning.as_of = '2026-06-30') for a report on a past date.
CREATE FUNCTION dunning.view_date()
RETURNS date LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(nullif(current_setting('dunning.as_of', true), '')::date, current_date)
$$;
COMMENT ON FUNCTION dunning.view_date() IS
    'the date of the BI views: the setting dunning.as_of when set, else current_date (session time zone)';

CREATE VIEW dunning.unit_overview WITH (security_invoker = true) AS
SELECT a.customer_id, c.name AS customer_name, a.department, a.project, a.policy,
       (a.assessment).level, (a.assessment).computed_level, (a.assessment).action,
       (a.assessment).tone, (a.assessment).fee, (a.assessment).net_balance,
       (a.assessment).overdue_amount, (a.assessment).dunnable_amount,
       (a.assessment).significant_overdue_days, (a.assessment).oldest_overdue_days,
       (a.assessment).items, (a.assessment).items_overdue, (a.assessment).next_review_date,
       (a.assessment).reason, (a.assessment).reason_codes,
       a.last_level, a.last_letter_date, a.loyalty_score
FROM dunning.assess_units(dunning.view_date()) a
LEFT JOIN dunning.customers c ON c.customer_id = a.customer_id;
COMMENT ON VIEW dunning.unit_overview IS
    'every unit''s dunning state as of dunning.view_date() (today, or the setting dunning.as_of): its assessment, reason, last letter and loyalty score';

CREATE VIEW dunning.aging WITH (security_invoker = true) AS
WITH units AS (
    SELECT u.customer_id, u.department, u.project, u.policy, array_agg(u.item) AS items
    FROM dunning.unit_items u
    GROUP BY u.customer_id, u.department, u.project, u.policy
)
SELECT u.customer_id, u.department, u.project,
       coalesce((SELECT min(i.currency) FROM unnest(u.items) i),
                dunning.validate_policy(p.body) ->> 'currency') AS currency,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_overdue <= 0), 0.00) AS not_due,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_overdue BETWEEN 1 AND 30), 0.00) AS days_0_30,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_overdue BETWEEN 31 AND 60), 0.00) AS days_31_60,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_overdue BETWEEN 61 AND 90), 0.00) AS days_61_90,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_overdue > 90), 0.00) AS days_over_90,
       coalesce(sum(a.net_open) FILTER (WHERE a.kind IN ('fee', 'interest')), 0.00) AS charges,
       coalesce(sum(a.net_open) FILTER (WHERE a.kind IN ('credit_note', 'payment', 'bank_receipt')), 0.00) AS unapplied_credits,
       coalesce(sum(CASE WHEN a.principal OR a.kind IN ('fee', 'interest') THEN a.net_open
                         WHEN a.kind IN ('credit_note', 'payment', 'bank_receipt') THEN -a.net_open END), 0.00) AS net_open
FROM units u
JOIN dunning.policies p ON p.name = u.policy
CROSS JOIN LATERAL (
    -- an invoice on a plan is owed through its instalments
    SELECT x.*, x.kind = 'installment' OR (x.kind = 'invoice' AND x.status <> 'on_plan') AS principal
    FROM dunning.assess_items(u.items, p.body, dunning.view_date()) x
) a
GROUP BY u.customer_id, u.department, u.project, u.items, p.body;
COMMENT ON VIEW dunning.aging IS
    'net open principal per unit after credit allocation, by days past the effective due date as of dunning.view_date(): not due, 0-30, 31-60, 61-90, over 90; open charges and unapplied credits beside it';

CREATE VIEW dunning.letter_queue WITH (security_invoker = true) AS
SELECT l.letter_id, l.run_id, l.as_of, l.customer_id, l.department, l.project, l.level, l.action,
       l.tone, l.language, l.addressee_id, l.to_email, l.cc_emails, l.subject, l.body, l.fee,
       l.amount, l.currency, l.to_email IS NULL AS needs_address
FROM dunning.letters l
WHERE l.sent_at IS NULL
ORDER BY l.as_of, l.letter_id;
COMMENT ON VIEW dunning.letter_queue IS
    'letters waiting to be sent (sent_at NULL), oldest first; needs_address: the customer has no to contact';

-- Dump and restore (SPEC §11): user rows are dumped, shipped rows are not -------------------------

SELECT pg_catalog.pg_extension_config_dump('dunning.ledger_items', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.paid_ledger', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.settings', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.policies', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('dunning.customers', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.contacts', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.templates', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('dunning.runs', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.runs_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letters', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letters_letter_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.letter_items', '');
SELECT pg_catalog.pg_extension_config_dump('dunning.unit_state', '');

-- Privileges (SPEC §11): owned by the role that installed the extension; nothing for PUBLIC -------

ALTER TABLE dunning.ledger_items OWNER TO @extowner@;
ALTER TABLE dunning.paid_ledger OWNER TO @extowner@;
ALTER TABLE dunning.settings OWNER TO @extowner@;
ALTER TABLE dunning.policies OWNER TO @extowner@;
ALTER TABLE dunning.customers OWNER TO @extowner@;
ALTER TABLE dunning.contacts OWNER TO @extowner@;
ALTER TABLE dunning.templates OWNER TO @extowner@;
ALTER TABLE dunning.runs OWNER TO @extowner@;
ALTER TABLE dunning.letters OWNER TO @extowner@;
ALTER TABLE dunning.letter_items OWNER TO @extowner@;
ALTER TABLE dunning.unit_state OWNER TO @extowner@;
ALTER VIEW dunning.open_items OWNER TO @extowner@;
ALTER VIEW dunning.paid_items OWNER TO @extowner@;
ALTER VIEW dunning.unit_items OWNER TO @extowner@;
ALTER VIEW dunning.unit_paid_items OWNER TO @extowner@;
ALTER VIEW dunning.unit_overview OWNER TO @extowner@;
ALTER VIEW dunning.aging OWNER TO @extowner@;
ALTER VIEW dunning.letter_queue OWNER TO @extowner@;

-- The run, set_source and the internal helpers are not for PUBLIC. They belong to the bootstrap
-- superuser; the role that installed the extension runs dunning and grants it to its operators.
DO $$
DECLARE
    routine regprocedure;
BEGIN
    FOREACH routine IN ARRAY ARRAY[
        'dunning.run(date, text)',
        'dunning.set_source(text, regclass)',
        'dunning.source_columns(text)',
        'dunning.define_source_view(text, regclass)',
        'dunning.settings_apply_source()',
        'dunning.settings_normalize_source()',
        'dunning.guard_builtin_row()',
        'dunning.check_policy_row()',
        'dunning.letter_vars(text, text, text, text, text, integer, date, date, text, numeric, numeric, numeric, integer, text, integer, text)',
        'dunning.check_template_row()',
        'dunning.assess_units(date, text)',
        'dunning.item_lines(dunning.letter_items[], text)',
        'dunning.view_date()',
        'dunning.check_customer_policy()',
        'dunning.keep_policy_in_use()',
        'dunning.delete_letter_items()',
        'dunning.check_run_prerequisites()',
        'dunning.customers_of_failure(text)'
    ]::regprocedure[] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', routine);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON ROUTINE %s TO @extowner@ WITH GRANT OPTION', routine);
    END LOOP;
END
$$;
