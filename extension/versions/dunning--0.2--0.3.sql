-- pg_dunning 0.2 -> 0.3 (SPEC §11.1, §11.2): the install cannot be hijacked, the schema belongs to the
-- extension, updates keep the owner and re-apply grants.
\echo Use "ALTER EXTENSION dunning UPDATE TO '0.3'" to load this file. \quit

-- The schema ---------------------------------------------------------------------------------------

-- Up to 0.2 CREATE EXTENSION created schema dunning as the extension's schema, owned by the role
-- that ran it (for the trusted extension: possibly a non-superuser, who could then create objects in
-- it) and not a member of the extension (DROP EXTENSION left it behind). 0.3 creates the schema in
-- its script, with pg_catalog as the nominal schema of the extension (dunning.control): move such an
-- installation to that layout. The catalog rows are those CREATE EXTENSION and ALTER EXTENSION ADD
-- SCHEMA would write; the latter refuses the schema an extension lives in, hence the direct update.
DO LANGUAGE plpgsql $layout$
DECLARE
    extension_id oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname OPERATOR(pg_catalog.=) 'dunning');
    schema_id    oid := (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname OPERATOR(pg_catalog.=) 'dunning');
    grantee      text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_depend d
               WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
                 AND d.objid OPERATOR(pg_catalog.=) schema_id
                 AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                 AND d.refobjid OPERATOR(pg_catalog.=) extension_id
                 AND d.deptype OPERATOR(pg_catalog.=) 'e') THEN
        RETURN;
    END IF;
    UPDATE pg_catalog.pg_extension SET extnamespace = 'pg_catalog'::pg_catalog.regnamespace
    WHERE oid OPERATOR(pg_catalog.=) extension_id;
    DELETE FROM pg_catalog.pg_depend
    WHERE classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND objid OPERATOR(pg_catalog.=) extension_id
      AND refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
      AND refobjid OPERATOR(pg_catalog.=) schema_id;
    INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
    VALUES ('pg_catalog.pg_namespace'::pg_catalog.regclass, schema_id, 0,
            'pg_catalog.pg_extension'::pg_catalog.regclass, extension_id, 0, 'e');
    FOR grantee IN
        SELECT DISTINCT CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                             ELSE pg_catalog.quote_ident(a.grantee::pg_catalog.regrole::pg_catalog.text) END
        FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
        WHERE n.oid OPERATOR(pg_catalog.=) schema_id AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner
    LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA dunning FROM %s', grantee);
    END LOOP;
END
$layout$;
COMMENT ON SCHEMA dunning IS
    'pg_dunning: customer-friendly dunning decisions, runs, letters and their history (created and dropped with the extension)';
GRANT USAGE ON SCHEMA dunning TO PUBLIC;

-- propose_plan caps installments (src/core/plan.hpp kMaxInstallments)
COMMENT ON FUNCTION dunning.propose_plan(numeric, date, integer, interval, numeric) IS
    'payment plan proposal: installments equal instalments (at most 1200; fewer when min_installment requires), truncated to the cent with the remainder on the last, due on first_due + (n - 1) * step; a NULL argument or a bad value is SQLSTATE 22023';

-- The fast path: dunning.balance and dunning.assess over an item's columns
\ir ../src/18_fast_path.sql

-- Errors without empty DETAIL or HINT lines, and items checked without raising ---------------------------
\ir ../src/01_raise_error.sql
\ir ../src/19_item_check.sql

-- Calls with exact argument types (an untyped NULL could resolve to another overload) ------------------
\replace ../src/21_sources.sql dunning.settings_apply_source
\replace ../src/21_sources.sql dunning.set_source

-- A policy in use cannot be deleted under a concurrent change of a customer (row lock) --------------
\replace ../src/32_customers.sql dunning.check_customer_policy
\replace ../src/31_policies.sql dunning.check_policy_row

-- Templates are checked with the values of a pre-due letter too -----------------------------------
-- Letters a credit controller can send (SPEC §13): localized variables, phrases, texts from files
DROP FUNCTION dunning.letter_vars(text, text, text, text, text, integer, date, date, text, numeric, numeric, numeric, integer, text, integer, text);
\replace ../src/40_templates.sql dunning.letter_sample_vars
\replace ../src/40_templates.sql dunning.check_template_row


-- Shipped rows survive TRUNCATE
\ir ../src/43_keep_shipped_rows.sql

-- Settings: approval -------------------------------------------------------------------------------
ALTER TABLE dunning.settings DROP CONSTRAINT settings_name_check;
ALTER TABLE dunning.settings ADD CONSTRAINT settings_name_check
    CHECK (name IN ('open_items', 'paid_items', 'sender', 'pay_within_days', 'approval',
                    'sender_address', 'sender_registration', 'iban', 'bic',
                    'payment_reference', 'dispute_contact'));
COMMENT ON TABLE dunning.settings IS
    'source registrations (open_items, paid_items: the relation dunning.set_source registered) and letter settings (sender: the signature of letters; pay_within_days: days until pay_by, default 14; approval: auto, the default, writes letters approved, manual writes them proposed for a person to approve)';

-- Customers, contacts and templates: locale, address, the person addressed (SPEC §11.1, §13) -------
ALTER TABLE dunning.customers DROP CONSTRAINT customers_language_check;
ALTER TABLE dunning.customers ADD CONSTRAINT customers_language_check CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$');
ALTER TABLE dunning.customers
    ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$'),
    ADD COLUMN postal_address text;
ALTER TABLE dunning.contacts ADD COLUMN name text;
\ir ../src/33_customer_locale.sql
ALTER TABLE dunning.templates DROP CONSTRAINT templates_language_check;
ALTER TABLE dunning.templates ADD CONSTRAINT templates_language_check CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$');
\ir ../src/41_phrases.sql
\ir ../../build/gen/42_template_texts.sql

-- Runs, letters and history: errors per unit, units by currency, the letter lifecycle -------------
ALTER TABLE dunning.runs ADD COLUMN errors integer;
COMMENT ON COLUMN dunning.runs.errors IS 'units left out because of their data (listed in dunning.run_errors)';

ALTER TABLE dunning.letters
    ADD COLUMN status text NOT NULL DEFAULT 'approved'
        CHECK (status IN ('proposed', 'approved', 'sending', 'sent', 'failed', 'cancelled')),
    ADD COLUMN channel text NOT NULL DEFAULT 'post' CHECK (channel IN ('email', 'post')),
    ADD COLUMN pay_by date,
    ADD COLUMN approved_by name,
    ADD COLUMN approved_at timestamptz,
    ADD COLUMN cancel_reason text,
    ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN last_error text,
    ADD COLUMN message_id text,
    ADD COLUMN costs numeric NOT NULL DEFAULT 0,
    ADD COLUMN interest numeric NOT NULL DEFAULT 0,
    ADD COLUMN charges numeric NOT NULL DEFAULT 0,
    ADD COLUMN total numeric,
    ADD COLUMN locale text,
    ADD COLUMN addressee_name text,
    ADD COLUMN postal_address text,
    ADD COLUMN payment_reference text,
    ADD COLUMN announced_costs numeric,
    ADD COLUMN episode_start date;
ALTER TABLE dunning.letter_items ADD COLUMN doc_date date, ADD COLUMN amount numeric, ADD COLUMN allocated numeric;
-- 0.2 letters: sent when the mailer set sent_at, else approved (0.2 had no approval); the deadline
-- they gave was as_of + pay_within_days.
UPDATE dunning.letters l
SET status = CASE WHEN l.sent_at IS NOT NULL THEN 'sent' ELSE 'approved' END,
    channel = CASE WHEN l.to_email IS NOT NULL THEN 'email' ELSE 'post' END,
    pay_by = CASE l.action WHEN 'pre_due' THEN NULL
                  ELSE l.as_of + coalesce((SELECT s.value::integer FROM dunning.settings s WHERE s.name = 'pay_within_days'), 14) END,
    approved_by = (SELECT r.run_by FROM dunning.runs r WHERE r.run_id = l.run_id),
    approved_at = (SELECT r.finished_at FROM dunning.runs r WHERE r.run_id = l.run_id);
ALTER TABLE dunning.letters DROP CONSTRAINT letters_one_per_unit_and_day;
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
COMMENT ON INDEX dunning.letters_run_id IS 'the letters of a run';
CREATE INDEX letters_customer_as_of ON dunning.letters (customer_id, as_of);
COMMENT ON INDEX dunning.letters_customer_as_of IS 'a customer''s letters by date (the same-day checks of a run)';

ALTER TABLE dunning.unit_state ADD COLUMN currency text, ADD COLUMN last_pay_by date;
-- A unit is (customer, department, project, currency) now: a 0.2 unit's history is in the currency
-- of its last letter, else in its policy's.
UPDATE dunning.unit_state s
SET currency = coalesce(
        (SELECT l.currency FROM dunning.letters l
         WHERE l.customer_id = s.customer_id AND l.department IS NOT DISTINCT FROM s.department
           AND l.project IS NOT DISTINCT FROM s.project
         ORDER BY l.as_of DESC LIMIT 1),
        (SELECT dunning.validate_policy(p.body) ->> 'currency' FROM dunning.policies p
         WHERE p.name = coalesce((SELECT c.policy FROM dunning.customers c WHERE c.customer_id = s.customer_id), 'default'))),
    last_pay_by = (SELECT l.pay_by FROM dunning.letters l
                   WHERE l.customer_id = s.customer_id AND l.department IS NOT DISTINCT FROM s.department
                     AND l.project IS NOT DISTINCT FROM s.project AND l.as_of = s.last_letter_date
                   ORDER BY l.letter_id DESC LIMIT 1);
ALTER TABLE dunning.unit_state DROP CONSTRAINT unit_state_one_per_unit;
ALTER TABLE dunning.unit_state ADD CONSTRAINT unit_state_one_per_unit
    UNIQUE NULLS NOT DISTINCT (customer_id, department, project, currency);
COMMENT ON COLUMN dunning.unit_state.currency IS 'the currency of the unit: a customer with items in two currencies has two units';
COMMENT ON COLUMN dunning.unit_state.last_pay_by IS 'the deadline of the last letter: no new letter before it has passed';

-- Units: the rows of a unit before its items are built, with their currency --------------------------
\replace ../src/50_runs.sql dunning.customer_credits
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
\ir ../src/47_plan_offers.sql
\replace ../src/50_runs.sql dunning.plan_items
\replace ../src/50_runs.sql dunning.plan_installments
\replace ../src/50_runs.sql dunning.unit_rows
COMMENT ON VIEW dunning.unit_rows IS 'internal: the rows of dunning.open_items with their unit and policy';
\replace ../src/50_runs.sql dunning.unit_items
COMMENT ON VIEW dunning.unit_items IS 'internal: dunning.open_items as validated items with their unit, policy and currency (NULL: the policy''s)';
-- a letter's item table is localized now (dunning.items_table)
DROP FUNCTION dunning.item_lines(dunning.letter_items[], text);
\ir ../src/52_letter_compose.sql
\ir ../src/53_plans.sql
\ir ../src/51_unit_decisions.sql
\ir ../src/54_letter_compression.sql
-- the BI views and what they read are created again (60_views.sql)
DROP VIEW dunning.unit_overview, dunning.aging, dunning.letter_queue;
DROP FUNCTION dunning.assess_units(date, text), dunning.view_date();
DROP PROCEDURE dunning.run(date, text);
DROP FUNCTION dunning.customers_of_failure(text);
\ir ../src/55_run.sql
\ir ../src/57_letter_lifecycle.sql
\ir ../src/60_views.sql

-- Letters follow the sources' visibility
\ir ../src/56_letter_visibility.sql

-- Locale formatting, IBAN/BIC checks, payment references; letter settings checked when written
\ir ../src/22_letter_format.sql
-- Delivery: claims, leases and outcomes for the pg_dunning client
\ir ../src/58_delivery.sql

-- Privileges: owned by the extension's owner, grants for operators and readers
\ir ../src/80_privileges.sql
\ir ../src/90_comments.sql
