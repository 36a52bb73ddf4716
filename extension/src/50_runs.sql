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
    status        text NOT NULL DEFAULT 'approved'
                  CHECK (status IN ('proposed', 'approved', 'sending', 'sent', 'failed', 'cancelled')),
    channel       text NOT NULL DEFAULT 'post' CHECK (channel IN ('email', 'post')),
    pay_by        date,
    approved_by   name,
    approved_at   timestamptz,
    cancel_reason text,
    attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error    text,
    message_id    text,
    costs         numeric NOT NULL DEFAULT 0,
    interest      numeric NOT NULL DEFAULT 0,
    charges       numeric NOT NULL DEFAULT 0,
    total         numeric,
    locale        text,
    addressee_name text,
    postal_address text,
    payment_reference text,
    announced_costs numeric,
    episode_start date
);
ALTER SEQUENCE dunning.letters_letter_id_seq OWNED BY dunning.letters.letter_id;
-- At most one letter per unit and day, cancelled and failed ones aside: cancelling a letter
-- restores the history as if it had never been issued, so a run of the same day may issue it again.
CREATE UNIQUE INDEX letters_one_per_unit_and_day ON dunning.letters (customer_id, department, project, currency, as_of)
    NULLS NOT DISTINCT WHERE status NOT IN ('cancelled', 'failed');
COMMENT ON TABLE dunning.letters IS 'the letters dunning.run issued: at most one per unit and as_of (cancelled and failed ones aside), with recipients, rendered text and where each is in its lifecycle';
COMMENT ON COLUMN dunning.letters.addressee_id IS 'the customer the letter is addressed to: the parent when the customer is billed to its group';
COMMENT ON COLUMN dunning.letters.to_email IS 'the addressee''s contact; NULL when the customer has no contact';
COMMENT ON COLUMN dunning.letters.amount IS 'the net open amount of the listed items';
COMMENT ON COLUMN dunning.letters.currency IS 'the currency of the unit and of every amount of the letter';
COMMENT ON COLUMN dunning.letters.sent_at IS 'when the letter went out (set with status sent by the delivery client or your mailer)';
COMMENT ON COLUMN dunning.letters.status IS 'proposed (awaits approval, setting approval = manual), approved (awaits delivery), sending (claimed by a delivery client), sent, failed (delivery gave up; does not count as history), cancelled (dunning.cancel; does not count as history)';
COMMENT ON COLUMN dunning.letters.channel IS 'email when the letter has a to_email, else post';
COMMENT ON COLUMN dunning.letters.pay_by IS 'the deadline the letter gives; no new letter for the unit before it has passed';
COMMENT ON COLUMN dunning.letters.approved_by IS 'the role that approved the letter (the run''s role with approval = auto)';
COMMENT ON COLUMN dunning.letters.approved_at IS 'when the letter was approved';
COMMENT ON COLUMN dunning.letters.cancel_reason IS 'why the letter was cancelled (dunning.cancel)';
COMMENT ON COLUMN dunning.letters.attempts IS 'delivery attempts so far';
COMMENT ON COLUMN dunning.letters.last_error IS 'the last delivery error, e.g. the mail server''s reply';
COMMENT ON COLUMN dunning.letters.message_id IS 'the Message-ID the letter was sent with';
COMMENT ON INDEX dunning.letters_one_per_unit_and_day IS 'at most one letter per unit (customer, department, project, currency) and as_of, cancelled and failed letters aside';
CREATE INDEX letters_run_id ON dunning.letters (run_id);
COMMENT ON INDEX dunning.letters_run_id IS 'the letters of a run';
CREATE INDEX letters_customer_as_of ON dunning.letters (customer_id, as_of);
COMMENT ON INDEX dunning.letters_customer_as_of IS 'a customer''s letters by date (the same-day checks of a run)';

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
    doc_date            date,
    amount              numeric,
    allocated           numeric,
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
    currency          text,
    last_pay_by       date,
    CONSTRAINT unit_state_one_per_unit UNIQUE NULLS NOT DISTINCT (customer_id, department, project, currency)
);
COMMENT ON TABLE dunning.unit_state IS 'dunning history per unit: the level and date of its last letter (level 0 when the episode ended)';
COMMENT ON COLUMN dunning.unit_state.currency IS 'the currency of the unit: a customer with items in two currencies has two units';
COMMENT ON COLUMN dunning.unit_state.last_pay_by IS 'the deadline of the last letter: no new letter before it has passed';

-- The items of accepted plans: on a plan while it runs, whatever the source says.
CREATE VIEW dunning.plan_items WITH (security_invoker = true) AS
SELECT DISTINCT l.customer_id, i.item_id, p.letter_id
FROM dunning.plan_offers p
JOIN dunning.letters l ON l.letter_id = p.letter_id
JOIN dunning.letter_items i ON i.letter_id = p.letter_id
WHERE p.status = 'accepted' AND p.n = 1 AND i.status = 'overdue';

-- The instalments of accepted plans as items of their unit: an instalment is paid when the
-- covered items' open amount has dropped by the instalments up to it, in order (the source's
-- open amounts; an item gone from the source is paid).
CREATE VIEW dunning.plan_installments WITH (security_invoker = true) AS
SELECT l.customer_id, l.department, l.project, l.currency, p.letter_id, p.n,
       format('PLAN-%s-%s', p.letter_id, p.n) AS item_id, p.due_date, p.amount,
       greatest(0, least(p.amount, sum(p.amount) OVER w - greatest(0, p.covered_open - coalesce(c.open_now, 0)))) AS open_amount,
       l.as_of AS doc_date
FROM dunning.plan_offers p
JOIN dunning.letters l ON l.letter_id = p.letter_id
-- what the covered items owe now (a grouped join, not a lateral subquery: distributed sources
-- such as Citus tables can be joined so, docs/scale-out.md)
LEFT JOIN (
    SELECT i.letter_id, sum(o.open_amount) AS open_now
    FROM dunning.plan_offers a
    JOIN dunning.letters cl ON cl.letter_id = a.letter_id
    JOIN dunning.letter_items i ON i.letter_id = a.letter_id AND i.status = 'overdue'
    JOIN dunning.open_items o ON o.customer_id = cl.customer_id AND o.item_id = i.item_id
    WHERE a.status = 'accepted' AND a.n = 1
    GROUP BY i.letter_id
) c ON c.letter_id = p.letter_id
WHERE p.status = 'accepted'
WINDOW w AS (PARTITION BY p.letter_id ORDER BY p.n);

-- Credits that belong to a customer as a whole (SPEC §11.1): a credit note, payment or bank receipt
-- without department (project) of a customer split by department (project) is applied to the
-- customer's open principal across its units of that currency, oldest effective due date first,
-- before each unit is assessed: each unit gets the part of the credit that covers its items, under
-- the credit's own document number, and what is left over goes to the customer's general unit. So
-- no unit is dunned for money the customer already paid. The credits and the debts are laid end to
-- end, each on its own running total; a credit covers the debts its stretch overlaps.
CREATE VIEW dunning.customer_credits WITH (security_invoker = true) AS
WITH split AS (
    SELECT c.customer_id, c.unit_by, coalesce(c.policy, 'default') AS policy
    FROM dunning.customers c WHERE c.unit_by IN ('department', 'project')
)
SELECT k.customer_id, d.department, d.project, k.policy, k.item_id, k.kind, k.amount,
       sum(least(k.hi, d.hi) - greatest(k.lo, d.lo)) AS open_amount,
       k.due_date, k.doc_date, k.currency, k.disputed, k.hold_until, k.on_plan
FROM (
    SELECT o.*, x.policy, sum(coalesce(o.open_amount, o.amount)) OVER w - coalesce(o.open_amount, o.amount) AS lo,
           sum(coalesce(o.open_amount, o.amount)) OVER w AS hi
    FROM split x JOIN dunning.open_items o ON o.customer_id = x.customer_id
    WHERE o.kind IN ('credit_note', 'payment', 'bank_receipt')
      AND CASE x.unit_by WHEN 'department' THEN o.department ELSE o.project END IS NULL
    WINDOW w AS (PARTITION BY o.customer_id, o.currency ORDER BY o.due_date, o.item_id ROWS UNBOUNDED PRECEDING)
) k
JOIN (
    SELECT o.customer_id, o.currency,
           CASE WHEN x.unit_by = 'department' THEN o.department END AS department,
           CASE WHEN x.unit_by = 'project' THEN o.project END AS project,
           sum(o.open_amount) OVER w - o.open_amount AS lo, sum(o.open_amount) OVER w AS hi
    FROM split x JOIN dunning.open_items o ON o.customer_id = x.customer_id
    WHERE o.kind IN ('invoice', 'installment') AND o.open_amount > 0 AND NOT coalesce(o.disputed, false)
      AND NOT coalesce(o.on_plan, false)
    WINDOW w AS (PARTITION BY o.customer_id, o.currency
                 ORDER BY greatest(o.due_date, o.hold_until), o.item_id ROWS UNBOUNDED PRECEDING)
) d ON d.customer_id = k.customer_id AND d.currency IS NOT DISTINCT FROM k.currency AND d.lo < k.hi AND k.lo < d.hi
GROUP BY k.customer_id, d.department, d.project, k.policy, k.item_id, k.kind, k.amount, k.due_date, k.doc_date,
         k.currency, k.disputed, k.hold_until, k.on_plan
UNION ALL
-- what the customer's debts do not take: its general unit (no department or project)
SELECT k.customer_id, NULL, NULL, k.policy, k.item_id, k.kind, k.amount,
       k.hi - greatest(k.lo, coalesce(t.total, 0)), k.due_date, k.doc_date, k.currency, k.disputed, k.hold_until,
       k.on_plan
FROM (
    SELECT o.*, x.policy, sum(coalesce(o.open_amount, o.amount)) OVER w - coalesce(o.open_amount, o.amount) AS lo,
           sum(coalesce(o.open_amount, o.amount)) OVER w AS hi
    FROM split x JOIN dunning.open_items o ON o.customer_id = x.customer_id
    WHERE o.kind IN ('credit_note', 'payment', 'bank_receipt')
      AND CASE x.unit_by WHEN 'department' THEN o.department ELSE o.project END IS NULL
    WINDOW w AS (PARTITION BY o.customer_id, o.currency ORDER BY o.due_date, o.item_id ROWS UNBOUNDED PRECEDING)
) k
LEFT JOIN LATERAL (
    SELECT sum(o.open_amount) AS total FROM dunning.open_items o
    WHERE o.customer_id = k.customer_id AND o.currency IS NOT DISTINCT FROM k.currency
      AND o.kind IN ('invoice', 'installment') AND o.open_amount > 0 AND NOT coalesce(o.disputed, false)
      AND NOT coalesce(o.on_plan, false)
) t ON true
WHERE k.hi > coalesce(t.total, 0);
COMMENT ON VIEW dunning.customer_credits IS
    'internal: the credits without department or project of customers split by department or project, shared out over the customer''s units oldest debt first, the rest on its general unit';
COMMENT ON COLUMN dunning.customer_credits.customer_id IS 'the customer whose credit it is';
COMMENT ON COLUMN dunning.customer_credits.department IS 'the department of the unit the share goes to (customers split by department)';
COMMENT ON COLUMN dunning.customer_credits.project IS 'the project of the unit the share goes to (customers split by project)';
COMMENT ON COLUMN dunning.customer_credits.policy IS 'the customer''s policy';
COMMENT ON COLUMN dunning.customer_credits.item_id IS 'the credit''s document number (the same in every unit that gets a share)';
COMMENT ON COLUMN dunning.customer_credits.kind IS 'credit_note, payment or bank_receipt';
COMMENT ON COLUMN dunning.customer_credits.amount IS 'the credit''s original amount';
COMMENT ON COLUMN dunning.customer_credits.open_amount IS 'the share of the credit''s unapplied amount this unit gets';
COMMENT ON COLUMN dunning.customer_credits.due_date IS 'the credit''s document date';
COMMENT ON COLUMN dunning.customer_credits.doc_date IS 'the credit''s document date, as in the source';
COMMENT ON COLUMN dunning.customer_credits.currency IS 'the credit''s currency (NULL: the policy''s)';
COMMENT ON COLUMN dunning.customer_credits.disputed IS 'as in the source';
COMMENT ON COLUMN dunning.customer_credits.hold_until IS 'as in the source';
COMMENT ON COLUMN dunning.customer_credits.on_plan IS 'as in the source';

-- The units: a customer's items form one unit unless customers.unit_by splits them. unit_rows
-- has the source's columns as they are (dunning.unit_errors checks them), unit_items the items
-- built from them (dunning.item refuses a bad one).
CREATE VIEW dunning.unit_rows WITH (security_invoker = true) AS
SELECT o.customer_id,
       CASE WHEN c.unit_by = 'department' THEN o.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN o.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       o.item_id, o.kind, o.amount, o.open_amount, o.due_date, o.doc_date, o.currency,
       o.disputed, o.hold_until, CASE WHEN pi.item_id IS NOT NULL THEN true ELSE o.on_plan END AS on_plan
FROM dunning.open_items o
LEFT JOIN dunning.customers c ON c.customer_id = o.customer_id
LEFT JOIN dunning.plan_items pi ON pi.customer_id = o.customer_id AND pi.item_id = o.item_id
-- but a split customer's credits without department or project: dunning.customer_credits shares them out
WHERE coalesce(c.unit_by, 'customer') = 'customer'
   OR o.kind IS NULL OR o.kind NOT IN ('credit_note', 'payment', 'bank_receipt')
   OR CASE c.unit_by WHEN 'department' THEN o.department ELSE o.project END IS NOT NULL
UNION ALL
SELECT s.customer_id, s.department, s.project, s.policy, s.item_id, s.kind, s.amount, s.open_amount,
       s.due_date, s.doc_date, s.currency, s.disputed, s.hold_until, s.on_plan
FROM dunning.customer_credits s
UNION ALL
-- the open instalments of accepted plans (SPEC §13), dunned like invoices
SELECT pl.customer_id, pl.department, pl.project, coalesce(c.policy, 'default'), pl.item_id, 'installment',
       pl.amount, pl.open_amount, pl.due_date, pl.doc_date, pl.currency, false, NULL::date, false
FROM dunning.plan_installments pl
LEFT JOIN dunning.customers c ON c.customer_id = pl.customer_id
WHERE pl.open_amount > 0;
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';

CREATE VIEW dunning.unit_items WITH (security_invoker = true) AS
SELECT r.customer_id, r.department, r.project, r.policy,
       dunning.item(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                    r.disputed, r.hold_until, r.on_plan) AS item,
       r.currency
FROM dunning.unit_rows r;
COMMENT ON VIEW dunning.unit_items IS 'internal: dunning.open_items as validated items with their unit, policy and currency (NULL: the policy''s)';

CREATE VIEW dunning.unit_paid_items WITH (security_invoker = true) AS
SELECT p.customer_id,
       CASE WHEN c.unit_by = 'department' THEN p.department END AS department,
       CASE WHEN c.unit_by = 'project' THEN p.project END AS project,
       coalesce(c.policy, 'default') AS policy,
       p.due_date, p.paid_date, p.amount
FROM dunning.paid_items p
LEFT JOIN dunning.customers c ON c.customer_id = p.customer_id;
COMMENT ON VIEW dunning.unit_paid_items IS 'internal: dunning.paid_items with their unit and policy';

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

