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

