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
    run_by       name NOT NULL DEFAULT current_user,
    errors       integer
);
ALTER SEQUENCE dunning.runs_run_id_seq OWNED BY dunning.runs.run_id;
COMMENT ON TABLE dunning.runs IS 'one row per CALL dunning.run: its date, policy filter, duration, units assessed and letters issued';
COMMENT ON COLUMN dunning.runs.policy IS 'the policy the run was restricted to; NULL: every customer with its own policy';
COMMENT ON COLUMN dunning.runs.errors IS 'units left out because of their data (listed in dunning.run_errors)';

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

-- The units: a customer's items form one unit unless customers.unit_by splits them. unit_rows
-- has the source's columns as they are (dunning.unit_errors checks them), unit_items the items
-- built from them (dunning.item refuses a bad one).
CREATE VIEW dunning.unit_rows WITH (security_invoker = true) AS
SELECT o.customer_id,
       CASE WHEN c.unit_by = 'department' THEN o.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN o.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       o.item_id, o.kind, o.amount, o.open_amount, o.due_date, o.doc_date, o.currency,
       o.disputed, o.hold_until, o.on_plan
FROM dunning.open_items o
LEFT JOIN dunning.customers c ON c.customer_id = o.customer_id;
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';

CREATE VIEW dunning.unit_items WITH (security_invoker = true) AS
SELECT r.customer_id, r.department, r.project, r.policy,
       dunning.item(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                    r.disputed, r.hold_until, r.on_plan) AS item
FROM dunning.unit_rows r;
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

