-- A run's failures --------------------------------------------------------------------------------

CREATE TABLE dunning.run_errors (
    run_id       bigint NOT NULL,
    customer_id  text,
    department   text,
    project      text,
    currency     text,
    item_id      text,
    sqlstate     text NOT NULL,
    message      text NOT NULL
);
COMMENT ON TABLE dunning.run_errors IS
    'the units a run left out because of their data (on_error => ''skip''): an invalid item, a duplicate document number, no template for the letter; fix the data and run the same as_of again';
COMMENT ON COLUMN dunning.run_errors.run_id IS 'the run (dunning.runs.run_id)';
COMMENT ON COLUMN dunning.run_errors.customer_id IS 'the customer of the unit; NULL for a source row without customer_id';
COMMENT ON COLUMN dunning.run_errors.department IS 'the department of the unit, when the customer is split by department';
COMMENT ON COLUMN dunning.run_errors.project IS 'the project of the unit, when the customer is split by project';
COMMENT ON COLUMN dunning.run_errors.currency IS 'the currency of the unit, when known';
COMMENT ON COLUMN dunning.run_errors.item_id IS 'the item at fault; NULL when the unit as a whole is (no template)';
COMMENT ON COLUMN dunning.run_errors.sqlstate IS 'the SQLSTATE the error has (22023: invalid item, 22003: amount out of range)';
COMMENT ON COLUMN dunning.run_errors.message IS 'the error message, naming the customer and the item';
CREATE INDEX run_errors_run_id ON dunning.run_errors (run_id);
SELECT pg_catalog.pg_extension_config_dump('dunning.run_errors', '');

-- The units whose data a run cannot assess, with the item at fault: rows of the source that
-- dunning.item refuses (checked by dunning.item_check, which raises nothing, so one statement finds
-- them all), rows without customer_id, items in a currency their policy does not accept, document
-- numbers that repeat in a unit. Only called after a run's statement failed on data.
CREATE FUNCTION dunning.unit_errors(excluded_units text[])
RETURNS TABLE (customer_id text, department text, project text, currency text, item_id text,
               sqlstate text, message text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    WITH keyed AS (
        SELECT r.*, pc.currency AS policy_currency, coalesce(r.currency, pc.currency) AS unit_currency,
               dunning.unit_key(r.customer_id, r.department, r.project, coalesce(r.currency, pc.currency)) AS unit_key
        FROM dunning.unit_rows r
        JOIN (SELECT p.name, dunning.validate_policy(p.body) ->> 'currency' AS currency FROM dunning.policies p) pc
          ON pc.name = r.policy
    ), remaining AS (
        SELECT r.* FROM keyed r WHERE NOT r.unit_key = ANY (coalesce($1, '{}'))
    ), problems AS (
        SELECT r.customer_id, r.department, r.project, r.unit_currency, r.item_id,
               CASE WHEN r.customer_id IS NULL
                    THEN '22023' || E'\t' || format('item "%s": customer_id is NULL', r.item_id)
                    ELSE coalesce(dunning.item_check(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date,
                                                     r.currency, r.disputed, r.hold_until, r.on_plan),
                                  CASE WHEN r.currency <> r.policy_currency
                                       THEN '22023' || E'\t' || format('item "%s" is in %s, but policy "%s" accepts only %s',
                                                                      r.item_id, r.currency, r.policy, r.policy_currency) END) END AS problem
        FROM remaining r
    )
    SELECT p.customer_id, p.department, p.project, p.unit_currency, p.item_id,
           split_part(p.problem, E'\t', 1),
           CASE WHEN p.customer_id IS NULL THEN split_part(p.problem, E'\t', 2)
                ELSE format('customer "%s": %s', p.customer_id, split_part(p.problem, E'\t', 2)) END
    FROM problems p WHERE p.problem IS NOT NULL
    UNION ALL
    SELECT r.customer_id, r.department, r.project, r.unit_currency, r.item_id, '22023',
           format('customer "%s": item "%s" appears %s times in one unit', r.customer_id, r.item_id, count(*))
    FROM remaining r WHERE r.customer_id IS NOT NULL
    GROUP BY r.customer_id, r.department, r.project, r.unit_currency, r.item_id HAVING count(*) > 1
$$;
COMMENT ON FUNCTION dunning.unit_errors(text[]) IS
    'internal: the units of dunning.open_items (other than the excluded ones) whose data a run cannot assess, naming customer and item';

-- A run's letters list their unit's items as dunning.assess_items assesses them, with each item's
-- due_date and doc_date: an aggregate with the transition of dunning.assess over the unit's rows
-- (18_fast_path.sql), so that dunning.unit_assessment, asked for both, keeps one state per unit
-- for the two (PostgreSQL shares the transition of aggregates with the same transition and
-- arguments; both final functions only read it). The rows are dunning.letter_items without a
-- letter_id; a unit whose assessment asks for no letter (action neither remind nor pre_due) has
-- none (NULL): a daily run lists a few letters' items, not every unit's.
CREATE FUNCTION dunning.assess_lines_final(internal)
RETURNS dunning.letter_items[] AS 'MODULE_PATHNAME', 'dunning_assess_lines_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_lines_final(internal) IS
    'internal: final function of dunning.assess_lines';
CREATE AGGREGATE dunning.assess_lines(item_id text, kind text, amount numeric, open_amount numeric, due_date date,
                                      doc_date date, currency text, disputed boolean, hold_until date, on_plan boolean,
                                      policy jsonb, as_of date, last_level integer, last_letter_date date,
                                      loyalty_score numeric) (
    SFUNC = dunning.assess_columns_transition,
    STYPE = internal,
    SSPACE = 2048, -- as dunning.assess over the same columns (18_fast_path.sql)
    FINALFUNC = dunning.assess_lines_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = dunning.assess_combine,
    SERIALFUNC = dunning.assess_serialize,
    DESERIALFUNC = dunning.assess_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.assess_lines(text, text, numeric, numeric, date, date, text, boolean, date, boolean, jsonb,
                                          date, integer, date, numeric) IS
    'internal: a unit''s items as dunning.assess_items assesses them, with due_date and doc_date, as dunning.letter_items rows without letter_id; what a run''s letters list: NULL when the unit''s assessment asks for no letter (action neither remind nor pre_due)';

-- The lines a letter lists out of its unit's assessed items (unit_assessment.lines), with what
-- the letter states of them, in one call per letter: a reminder lists the overdue items and the
-- open charges (net_open > 0), a pre-due notice the items coming due. amount, charges and credits
-- are coalesce(sum(...), 0) of the listed items' net_open (not charges), net_open (charges) and
-- allocated (not charges); invoice_count counts the overdue invoices and instalments;
-- first_due_date is the earliest due date. lines is NULL when nothing is listed.
CREATE FUNCTION dunning.letter_lines(all_lines dunning.letter_items[], action text,
                                     OUT lines dunning.letter_items[], OUT amount numeric, OUT charges numeric,
                                     OUT credits numeric, OUT invoice_count bigint, OUT first_due_date date)
AS 'MODULE_PATHNAME', 'dunning_letter_lines' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.letter_lines(dunning.letter_items[], text) IS
    'internal: the lines a letter of this action lists out of its unit''s assessed items (a reminder: overdue items and open charges; pre_due: items coming due), with their sums and invoice count';

-- The documented lock key of dunning.run: pg_advisory_xact_lock(28276614830321255), the bytes of
-- 'dunning' read as a bigint. A second run waits for the first to commit and then, reading its
-- letters and unit_state, issues no duplicate.
-- A unit whose data fails (an invalid item, see dunning.unit_errors) or that no template fits is
-- left out and recorded in dunning.run_errors (on_error => 'skip', the default), or stops the run
-- with nothing written (on_error => 'stop'). The run's statement writes letters, their items and the
-- units' history together: data errors show as an exception of the whole statement, which is then
-- repeated without the failing units (one subtransaction per attempt, not per unit).
-- JIT is off for the whole run: its statements are estimated at millions (the assessment
-- functions' costs), which switches JIT on with inlining and optimization. Compiling the run's
-- ~1,000 expressions took 17 s of a 22 s run at 100k items, and its other statements 2 s at
-- 1M (docs/performance.md); the time is in C functions, which JIT cannot speed up.
CREATE PROCEDURE dunning.run(as_of date DEFAULT current_date, policy text DEFAULT NULL, on_error text DEFAULT 'skip')
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp SET jit = off AS $$
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
    error_mode     text := on_error;
    excluded       text[];
    failed_units   dunning.run_errors[] := '{}';
    unit_failures  dunning.run_errors[];
    first_found    dunning.run_errors;
    error_count    integer;
    sender_name    text;
    pay_days       integer;
    approval       text;
    sender_address text;
    sender_registration text;
    dispute_contact text;
    iban           text;
    bic            text;
    reference_scheme text;
    carried        text;
    saved_as_of    text := current_setting('dunning.as_of', true);
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

    IF error_mode IS NULL OR error_mode NOT IN ('skip', 'stop') THEN
        RAISE EXCEPTION 'dunning.run: on_error must be ''skip'' or ''stop'', not %', coalesce(quote_literal(error_mode), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'skip: units with bad data are left out and listed in dunning.run_errors; stop: nothing is written.';
    END IF;

    PERFORM pg_advisory_xact_lock(28276614830321255);
    PERFORM dunning.check_run_prerequisites();
    sender_name := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'sender'), 'Accounts receivable');
    pay_days := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'pay_within_days'), '14')::integer;
    approval := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'approval'), 'auto');
    sender_address := (SELECT s.value FROM dunning.settings s WHERE s.name = 'sender_address');
    sender_registration := (SELECT s.value FROM dunning.settings s WHERE s.name = 'sender_registration');
    dispute_contact := (SELECT s.value FROM dunning.settings s WHERE s.name = 'dispute_contact');
    iban := (SELECT s.value FROM dunning.settings s WHERE s.name = 'iban');
    bic := (SELECT s.value FROM dunning.settings s WHERE s.name = 'bic');
    reference_scheme := coalesce((SELECT s.value FROM dunning.settings s WHERE s.name = 'payment_reference'), 'letter');
    -- payment plans as of this date: expired offers, kept and broken plans (their items dunned again)
    PERFORM dunning.refresh_plans(run_date);
    -- dunning.unit_assessment assesses as of this date
    PERFORM set_config('dunning.as_of', to_char(run_date, 'YYYY-MM-DD'), true);
    INSERT INTO dunning.runs (as_of, policy, started_at)
    VALUES (run_date, policy_filter, clock_timestamp())
    RETURNING run_id INTO this_run;

    -- Each attempt is one statement in a subtransaction; one that fails on a unit's data is rolled
    -- back whole and repeated without the units dunning.unit_errors finds.
    LOOP
        BEGIN
        WITH policy_currency AS MATERIALIZED (
            -- once per policy (inlined into a join, each letter would check its policy again)
            SELECT p.name, dunning.validate_policy(p.body) ->> 'currency' AS currency FROM dunning.policies p
        ), assessed AS MATERIALIZED (
            -- the excluded units' rows are left out before their items are built (the filter is
            -- on the unit's columns, which the view's grouping passes down to the source's rows)
            SELECT a.* FROM dunning.unit_assessment a
            WHERE (policy_filter IS NULL OR a.policy = policy_filter)
              AND (excluded IS NULL OR NOT dunning.unit_key(a.customer_id, a.department, a.project, a.currency) = ANY (excluded))
        ), due AS MATERIALIZED (
            -- letter ids in unit order, whatever the plan. At most one letter per unit and day: not
            -- after a letter of that day, even when the unit's history was reset or deleted since, and
            -- not for items a letter of that day already listed (the customer's units were split or
            -- merged since, customers.unit_by, or its policy's currency changed).
            SELECT a.*, nextval('dunning.letters_letter_id_seq') AS letter_id
            FROM (SELECT a.customer_id, a.department, a.project, a.currency, a.policy, pc.currency AS policy_currency,
                         a.assessment, a.last_level, a.lines
                  FROM assessed a JOIN policy_currency pc ON pc.name = a.policy
                  WHERE (a.assessment).action IN ('remind', 'pre_due')
                    AND a.customer_id IS NOT NULL  -- rows without customer: a unit error, below
                    AND (a.last_letter_date IS NULL OR a.last_letter_date < run_date)
                    AND NOT EXISTS (SELECT FROM dunning.letters l
                                    WHERE l.customer_id = a.customer_id AND l.as_of = run_date
                                      AND l.status NOT IN ('cancelled', 'failed')
                                      AND ((l.department IS NOT DISTINCT FROM a.department
                                            AND l.project IS NOT DISTINCT FROM a.project
                                            AND l.currency IS NOT DISTINCT FROM a.currency)
                                           -- the unit's items, whatever unit they were in then
                                           OR EXISTS (SELECT FROM dunning.letter_items li
                                                      JOIN dunning.unit_rows u ON u.item_id = li.item_id
                                                      WHERE li.letter_id = l.letter_id
                                                        AND u.customer_id = a.customer_id
                                                        AND u.department IS NOT DISTINCT FROM a.department
                                                        AND u.project IS NOT DISTINCT FROM a.project
                                                        AND coalesce(u.currency, pc.currency) IS NOT DISTINCT FROM a.currency)))
                  ORDER BY a.customer_id, a.department NULLS FIRST, a.project NULLS FIRST, a.currency NULLS FIRST) a
        ), policy_rules AS MATERIALIZED (
            -- what the letters read of their policy, once per policy rather than per letter; only
            -- these keys travel with a letter, not the policy body
            SELECT p.name, p.body ->> 'consumer_rules' AS rules,
                   coalesce(p.body ->> 'consumer_rules', p.body -> 'interest' ->> 'jurisdiction',
                            p.body -> 'collection_costs' ->> 'jurisdiction') AS jurisdiction,
                   CASE WHEN jsonb_typeof(p.body -> 'interest') = 'object' THEN p.body -> 'interest' END AS interest,
                   CASE WHEN jsonb_typeof(p.body -> 'interest') = 'object'
                        THEN coalesce((p.body -> 'interest' ->> 'from_level')::integer, 1) END AS interest_from_level,
                   CASE WHEN jsonb_typeof(p.body -> 'collection_costs') = 'object' THEN p.body -> 'collection_costs' END AS collection_costs,
                   CASE WHEN jsonb_typeof(p.body -> 'plan_offer') = 'object' THEN p.body -> 'plan_offer' END AS plan_offer
            FROM dunning.policies p
        ), letter_data AS (
            -- One row per letter with everything it needs. Its items come assessed with the unit's
            -- assessment (unit_assessment.lines): joining the source again and grouping it by
            -- letter sorted every item with its letter's row (1M items: 400 MB to disk). The
            -- listed items: the overdue (pre-due) ones and, in a reminder, the open charges (fees
            -- and interest on the ledger). Interest by the policy's "interest" (SPEC §8, §10) from
            -- each listed invoice's due date to as_of, once the letter's level reaches from_level.
            SELECT d.letter_id, d.customer_id, d.department, d.project, d.policy, d.assessment, d.last_level,
                   x.lines, x.amount, x.charges, x.credits, coalesce(i.interest, 0) AS interest, i.carried_from,
                   x.invoice_count, d.currency, x.first_due_date, j.plan_rule, j.jurisdiction, j.consumer, j.interest_rule,
                   j.costs_rule, j.rules
            FROM due d
            JOIN policy_rules p ON p.name = d.policy
            LEFT JOIN dunning.customers c ON c.customer_id = d.customer_id
            CROSS JOIN LATERAL (
                -- the law the letter's charges and wording follow: the policy's consumer rules, interest or costs
                -- jurisdiction, else the customer's country
                SELECT coalesce(p.jurisdiction, CASE WHEN c.country IN ('BE', 'NL', 'DE', 'FR') THEN c.country END, 'EU') AS jurisdiction,
                       p.rules,
                       coalesce(p.rules, 'null') <> 'null' AS consumer,
                       CASE WHEN (d.assessment).action = 'remind' AND (d.assessment).level >= p.interest_from_level
                            THEN p.interest END AS interest_rule,
                       CASE WHEN (d.assessment).action = 'remind' THEN p.collection_costs END AS costs_rule,
                       CASE WHEN (d.assessment).action = 'remind' THEN p.plan_offer END AS plan_rule
            ) j
            -- the listed lines and their sums (dunning.letter_lines), then interest on the listed
            -- overdue invoices, only where the letter charges interest
            CROSS JOIN LATERAL dunning.letter_lines(d.lines, (d.assessment).action) x
            LEFT JOIN LATERAL (
                SELECT sum(r.amount) AS interest, min(r.carried_from) AS carried_from
                FROM unnest(x.lines) a
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN j.interest_rule ->> 'kind' = 'contractual'
                                THEN dunning.late_interest(a.net_open, a.due_date, run_date, (j.interest_rule ->> 'rate')::numeric)
                                ELSE s.amount END AS amount,
                           s.carried_from
                    FROM (SELECT NULL) one
                    LEFT JOIN LATERAL dunning.run_interest(a.net_open, a.due_date, run_date,
                                                           coalesce(j.interest_rule ->> 'jurisdiction', j.jurisdiction), j.consumer) s
                      ON coalesce(j.interest_rule ->> 'kind', 'statutory') = 'statutory'
                ) r
                WHERE j.interest_rule IS NOT NULL AND a.status = 'overdue' AND a.kind IN ('invoice', 'installment')
            ) i ON true
        ), composed AS MATERIALIZED (
            -- Recipients: the addressee's most specific "to" contact (the unit's department or
            -- project before the general one); billed to the group, the addressee is the parent and
            -- the subsidiary's own "to" contact goes to cc, with the "cc" contacts of both. The
            -- locale chooses the template (template_choice). The episode:
            -- the unit's letters since it last had nothing to dun. Inline subqueries, not functions:
            -- a run calls them once per letter.
            SELECT d.*, a.addressee_id, r.to_email, r.to_name, cc.cc_emails,
                   loc.locale, lang.wanted AS wanted_language, coalesce(ac.name, a.addressee_id) AS addressee_name,
                   coalesce(c.name, d.customer_id) AS customer_name, ac.postal_address,
                   CASE WHEN r.to_email IS NOT NULL THEN 'email' ELSE 'post' END AS channel,
                   CASE WHEN (d.assessment).action = 'pre_due' THEN NULL
                        WHEN d.last_level > 0 AND prev.as_of IS NOT NULL THEN coalesce(prev.episode_start, prev.as_of)
                        ELSE run_date END AS episode_start
            FROM letter_data d
            LEFT JOIN dunning.customers c ON c.customer_id = d.customer_id
            CROSS JOIN LATERAL (
                SELECT CASE WHEN c.bill_to_parent THEN c.parent_id ELSE d.customer_id END AS addressee_id
            ) a
            LEFT JOIN dunning.customers ac ON ac.customer_id = a.addressee_id
            CROSS JOIN LATERAL (SELECT coalesce(ac.language, c.language, 'en') AS wanted) lang
            CROSS JOIN LATERAL (SELECT dunning.letter_locale(lang.wanted, coalesce(ac.country, c.country)) AS locale) loc
            -- the contacts of both customers in one look-up: each one's most specific "to" contact
            -- (then the first e-mail address), and the "cc" addresses
            CROSS JOIN LATERAL (
                SELECT (array_agg(k.email ORDER BY k.specificity DESC, k.email)
                            FILTER (WHERE k.role = 'to' AND k.customer_id = a.addressee_id))[1] AS to_email,
                       (array_agg(k.name ORDER BY k.specificity DESC, k.email)
                            FILTER (WHERE k.role = 'to' AND k.customer_id = a.addressee_id))[1] AS to_name,
                       (array_agg(k.email ORDER BY k.specificity DESC, k.email)
                            FILTER (WHERE k.role = 'to' AND k.customer_id <> a.addressee_id))[1] AS subsidiary_email,
                       array_agg(k.email) FILTER (WHERE k.role = 'cc') AS cc_all
                FROM (SELECT k.customer_id, k.role, k.email, k.name,
                             (k.department IS NOT NULL)::integer + (k.project IS NOT NULL)::integer AS specificity
                      FROM dunning.contacts k
                      WHERE k.customer_id IN (d.customer_id, a.addressee_id) AND k.role IN ('to', 'cc')
                        AND (k.department IS NULL OR k.department = d.department)
                        AND (k.project IS NULL OR k.project = d.project)) k
            ) r
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(DISTINCT e.email ORDER BY e.email), '{}') AS cc_emails
                FROM unnest(r.cc_all || r.subsidiary_email) e(email)
                WHERE e.email IS NOT NULL AND e.email IS DISTINCT FROM r.to_email
            ) cc
            LEFT JOIN LATERAL (
                SELECT l.as_of, l.episode_start FROM dunning.letters l
                WHERE l.customer_id = d.customer_id AND l.department IS NOT DISTINCT FROM d.department
                  AND l.project IS NOT DISTINCT FROM d.project AND l.currency IS NOT DISTINCT FROM d.currency
                  AND l.status NOT IN ('cancelled', 'failed') AND l.as_of < run_date AND l.action = 'remind'
                  -- only a reminder of a unit with history continues an episode: no look-up for the others
                  AND d.last_level > 0 AND (d.assessment).action <> 'pre_due'
                ORDER BY l.as_of DESC, l.letter_id DESC LIMIT 1
            ) prev ON true
        ), template_choice AS MATERIALIZED (
            -- The template of each tone, level and locale the letters need (a handful), not a
            -- look-up per letter: the letter's locale, then its language, then English (nl-BE, nl,
            -- en), a level's own text before the text for any level, your rows before the shipped
            -- ones. The template's key, not its text: written reads the text.
            SELECT k.tone, k.level, k.locale, t.language, t.subject, t.template_level, t.template_builtin
            FROM (SELECT DISTINCT (m.assessment).tone AS tone, (m.assessment).level AS level, m.locale FROM composed m) k
            -- the chain once per key (OFFSET 0 keeps it from being pulled up into each use)
            CROSS JOIN LATERAL (SELECT dunning.language_chain(k.locale) AS languages OFFSET 0) chain
            LEFT JOIN LATERAL (
                SELECT t.language, t.subject, t.level AS template_level, t.builtin AS template_builtin
                FROM dunning.templates t
                WHERE t.tone = k.tone AND (t.level = k.level OR t.level IS NULL) AND t.language = ANY (chain.languages)
                ORDER BY array_position(chain.languages, t.language), t.level IS NULL, t.builtin
                LIMIT 1
            ) t ON true
        ), templated AS NOT MATERIALIZED (
            -- subject NULL: no template fits (a unit error, below). Looked up among the few choices
            -- rather than joined: the planner guesses both CTEs' sizes and merge-joined them, sorting
            -- the 100k letters with their items to join a handful of rows.
            SELECT m.*, tc.language, tc.subject, tc.template_level, tc.template_builtin
            FROM composed m
            LEFT JOIN LATERAL (
                SELECT tc.language, tc.subject, tc.template_level, tc.template_builtin
                FROM template_choice tc
                WHERE tc.tone = (m.assessment).tone AND tc.level = (m.assessment).level AND tc.locale = m.locale
                LIMIT 1  -- one row per key
            ) tc ON true
        ), decided AS (
            -- What the letter charges and states (SPEC §10): level fees, collection costs and the
            -- consumer rules that need the episode's letters (announcement, channel, what was charged).
            SELECT m.*, ch.*,
                   -- a reminder's deadline: never before a consumer's waiting period or 14-day term ends
                   CASE WHEN (m.assessment).action = 'remind'
                        THEN greatest(m.base_pay_by, ch.waiting_end, ch.announce_deadline,
                                      CASE WHEN m.consumer THEN run_date + 14 END)
                        ELSE m.base_pay_by END AS pay_by
            FROM (
                SELECT m.*, ep.*,
                       CASE (m.assessment).action WHEN 'pre_due' THEN m.first_due_date ELSE run_date + pay_days END AS base_pay_by
                FROM templated m
                LEFT JOIN LATERAL (
                    SELECT coalesce(sum(l.fee), 0) AS episode_fees, coalesce(sum(l.costs), 0) AS episode_costs,
                           count(*) AS episode_letters,
                           (array_agg(l.announced_costs ORDER BY l.as_of DESC) FILTER (WHERE l.announced_costs IS NOT NULL))[1] AS announced,
                           (array_agg(l.pay_by ORDER BY l.as_of DESC) FILTER (WHERE l.announced_costs IS NOT NULL))[1] AS announced_pay_by,
                           (array_agg(l.as_of ORDER BY l.as_of DESC) FILTER (WHERE l.announced_costs IS NOT NULL))[1] AS announced_on
                    FROM dunning.letters l
                    WHERE l.customer_id = m.customer_id AND l.department IS NOT DISTINCT FROM m.department
                      AND l.project IS NOT DISTINCT FROM m.project AND l.currency IS NOT DISTINCT FROM m.currency
                      AND l.status NOT IN ('cancelled', 'failed') AND l.episode_start = m.episode_start
                      AND l.as_of < run_date
                      -- an episode that starts with this letter has no earlier letters: no look-up
                      -- (an episode starts on the date of its first letter)
                      AND m.episode_start < run_date
                ) ep ON true
            ) m
            -- the statutory rate in force on the run's date, once per jurisdiction and kind of debt
            -- (statutory_rates' key: one row each)
            LEFT JOIN (
                SELECT DISTINCT ON (r.jurisdiction, r.consumer) r.jurisdiction, r.consumer, r.rate
                FROM dunning.statutory_rates r
                WHERE r.valid_from <= run_date
                ORDER BY r.jurisdiction, r.consumer, r.valid_from DESC
            ) sr ON sr.jurisdiction = m.jurisdiction AND sr.consumer = m.consumer
            CROSS JOIN LATERAL dunning.letter_charges(m.rules, m.jurisdiction, m.consumer, (m.assessment).action,
                                                      (m.assessment).tone, (m.assessment).level, (m.assessment).fee,
                                                      m.costs_rule, m.amount, m.invoice_count, m.interest,
                                                      m.interest_rule IS NOT NULL AND m.interest_rule ->> 'kind' = 'contractual',
                                                      m.episode_letters, m.episode_fees, m.episode_costs, m.announced,
                                                      m.announced_pay_by, m.channel, run_date, sr.rate) ch
        ), offered AS NOT MATERIALIZED (
            -- A payment plan is offered (SPEC §13 plan_offer) in a reminder whose level and amount
            -- reach the policy's plan_offer, unless a plan is offered or running for the unit, or one
            -- was declined or broken in this episode. It covers the listed overdue items (not the
            -- charges on the ledger, nor the letter's own fee, interest and costs).
            SELECT m.*, po.schedule
            FROM decided m
            LEFT JOIN LATERAL (
                SELECT jsonb_agg(jsonb_build_object('n', s.n, 'due_date', s.due_date, 'amount', s.amount) ORDER BY s.n) AS schedule
                FROM dunning.propose_plan(m.amount,
                                          run_date + coalesce((m.plan_rule ->> 'first_due_days')::integer, 14),
                                          coalesce((m.plan_rule ->> 'installments')::integer, 3),
                                          coalesce(m.plan_rule ->> 'step', '1 month')::interval,
                                          coalesce((m.plan_rule ->> 'min_installment')::numeric, 0)) s
                WHERE m.plan_rule IS NOT NULL
                  AND (m.assessment).level >= coalesce((m.plan_rule ->> 'from_level')::integer, 1)
                  AND m.amount >= coalesce((m.plan_rule ->> 'min_amount')::numeric, 0)
                  AND m.amount > 0
                  AND NOT EXISTS (
                      SELECT FROM dunning.plan_offers p JOIN dunning.letters l ON l.letter_id = p.letter_id
                      WHERE p.n = 1 AND l.customer_id = m.customer_id AND l.department IS NOT DISTINCT FROM m.department
                        AND l.project IS NOT DISTINCT FROM m.project AND l.currency IS NOT DISTINCT FROM m.currency
                        AND (p.status IN ('offered', 'accepted')
                             OR (p.status IN ('declined', 'broken') AND l.episode_start = m.episode_start)))
            ) po ON true
        ), phrase_sets AS MATERIALIZED (
            SELECT s.locale, s.jurisdiction, dunning.letter_phrases(s.locale, s.jurisdiction) AS phrases
            -- from composed (the same letters), so that offered is read once and not materialized
            FROM (SELECT DISTINCT m.locale, m.jurisdiction FROM composed m) s
        ), written AS MATERIALIZED (
            -- the letters to write, without their text: composed as they are inserted (new_letters),
            -- so that 100k bodies are not written to and read back from this CTE's store
            SELECT m.*, v.payment_reference, v.total
            FROM offered m
            CROSS JOIN LATERAL (
                SELECT dunning.payment_reference(reference_scheme, m.letter_id) AS payment_reference,
                       m.amount + m.charges + m.fee + m.interest + m.costs AS total
            ) v
            WHERE m.subject IS NOT NULL
        ), new_letters AS (
            INSERT INTO dunning.letters (letter_id, run_id, as_of, customer_id, department, project, level,
                                         action, tone, language, addressee_id, to_email, cc_emails,
                                         subject, body, fee, amount, currency, reason, reason_codes,
                                         status, channel, pay_by, approved_by, approved_at,
                                         costs, interest, charges, total, locale, addressee_name, postal_address,
                                         payment_reference, announced_costs, episode_start)
            SELECT m.letter_id, this_run, run_date, m.customer_id, m.department, m.project,
                   (m.assessment).level, (m.assessment).action, (m.assessment).tone, m.language,
                   m.addressee_id, m.to_email, m.cc_emails, f.letter_subject, f.letter_body,
                   m.fee, m.amount, m.currency,
                   (m.assessment).reason || coalesce('; ' || m.charge_reason, ''),
                   (m.assessment).reason_codes || m.charge_codes
                       || CASE WHEN m.carried_from IS NOT NULL THEN ARRAY['rate_carried_forward'] ELSE '{}' END,
                   CASE approval WHEN 'manual' THEN 'proposed' ELSE 'approved' END,
                   m.channel, m.pay_by,
                   CASE approval WHEN 'manual' THEN NULL ELSE current_user END,
                   CASE approval WHEN 'manual' THEN NULL ELSE now() END,
                   m.costs, m.interest, m.charges, m.total, m.locale, m.addressee_name, m.postal_address,
                   m.payment_reference, m.announced_costs, m.episode_start
            FROM written m
            -- the template composed chose (templates_unique)
            JOIN dunning.templates tb ON tb.tone = (m.assessment).tone AND tb.language = m.language
                                     AND tb.level IS NOT DISTINCT FROM m.template_level
                                     AND tb.builtin = m.template_builtin
            -- the phrases of the letter's locale and jurisdiction (one set of each pair, never NULL),
            -- looked up per letter: joined, written's 100k rows became the hash table
            CROSS JOIN LATERAL dunning.compose_letter(tb.subject, tb.body,
                (SELECT ps.phrases FROM phrase_sets ps WHERE ps.locale = m.locale AND ps.jurisdiction = m.jurisdiction), ROW(
                m.locale, m.currency, m.customer_name,
                m.customer_name || coalesce(' / ' || m.department, '') || coalesce(' / ' || m.project, ''),
                m.addressee_name, m.to_name, m.customer_id, m.department, m.project, sender_name,
                sender_address, sender_registration, dispute_contact, run_date, m.pay_by,
                m.amount, m.fee, m.charges, m.interest, m.costs, m.credits, m.total, m.announced_costs,
                (m.assessment).level, (m.assessment).significant_overdue_days, coalesce(cardinality(m.lines), 0),
                iban, bic, m.payment_reference, m.interest_rate, m.invoice_count, m.announced_pay_by,
                m.announced_on, m.waiting_end, m.announced_interest_rate, m.interest_notice, m.costs_notice,
                m.schedule)::dunning.letter_facts, m.lines) f
            RETURNING letter_id, customer_id, department, project, currency, level, pay_by
        ), new_letter_items AS (
            -- the items of the letters written (the same condition as new_letters: no join of two
            -- CTEs, whose sizes the planner cannot estimate), and of no other
            INSERT INTO dunning.letter_items (letter_id, item_id, kind, due_date, effective_due_date, open_amount,
                                              net_open, days_overdue, item_level, status, doc_date, amount, allocated)
            SELECT m.letter_id, l.item_id, l.kind, l.due_date, l.effective_due_date, l.open_amount, l.net_open,
                   l.days_overdue, l.item_level, l.status, l.doc_date, l.amount, l.allocated
            FROM written m CROSS JOIN LATERAL unnest(m.lines) l
            RETURNING 1
        ), new_offers AS (
            INSERT INTO dunning.plan_offers (letter_id, n, due_date, amount)
            SELECT m.letter_id, (o ->> 'n')::integer, (o ->> 'due_date')::date, (o ->> 'amount')::numeric
            FROM written m CROSS JOIN LATERAL jsonb_array_elements(m.schedule) o
            WHERE m.schedule IS NOT NULL
            RETURNING 1
        ), new_state AS (
            INSERT INTO dunning.unit_state AS s (customer_id, department, project, currency, last_level,
                                                 last_letter_date, last_pay_by)
            SELECT n.customer_id, n.department, n.project, n.currency, n.level, run_date, n.pay_by FROM new_letters n
            UNION ALL
            SELECT a.customer_id, a.department, a.project, a.currency, 0, a.last_letter_date, a.last_pay_by
            FROM assessed a
            WHERE (a.assessment).action = 'none' AND (a.assessment).computed_level = 0 AND a.last_level > 0
              AND a.last_letter_date < run_date  -- a backdated run leaves the history alone
            ON CONFLICT (customer_id, department, project, currency)
            DO UPDATE SET last_level = EXCLUDED.last_level, last_letter_date = EXCLUDED.last_letter_date,
                          last_pay_by = EXCLUDED.last_pay_by, updated_at = now()
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM assessed), (SELECT count(*) FROM new_letters),
               coalesce((SELECT array_agg(ROW(this_run, m.customer_id, m.department, m.project, m.currency, NULL,
                                              '22023',
                                              format('customer "%s": no template for a letter of level %s, tone %s, language %s',
                                                     m.customer_id, (m.assessment).level, (m.assessment).tone, m.wanted_language)
                                             )::dunning.run_errors ORDER BY m.letter_id)
                         FROM templated m WHERE m.subject IS NULL), '{}')
                   || coalesce((SELECT array_agg(ROW(this_run, NULL, r.department, r.project, coalesce(r.currency, pc.currency), r.item_id, '22023',
                                                     format('item "%s": customer_id is NULL', r.item_id))::dunning.run_errors
                                                 ORDER BY r.item_id)
                                FROM dunning.unit_rows r JOIN policy_currency pc ON pc.name = r.policy
                                WHERE EXISTS (SELECT FROM assessed a WHERE a.customer_id IS NULL) AND r.customer_id IS NULL), '{}'),
               (SELECT string_agg(DISTINCT format('%s (%s debts) from %s', coalesce(w.interest_rule ->> 'jurisdiction', w.jurisdiction),
                                                  CASE WHEN w.consumer THEN 'consumer' ELSE 'business' END, w.carried_from), ', ')
                FROM written w WHERE w.carried_from IS NOT NULL)
            INTO unit_count, letter_count, unit_failures, carried;
            EXIT;
        EXCEPTION WHEN data_exception THEN
            GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT, failure_detail = PG_EXCEPTION_DETAIL,
                                    failure_hint = PG_EXCEPTION_HINT, failure_state = RETURNED_SQLSTATE;
            SELECT coalesce(array_agg(ROW(this_run, e.customer_id, e.department, e.project, e.currency, e.item_id,
                                          e.sqlstate, e.message)::dunning.run_errors
                                      ORDER BY e.customer_id, e.department, e.project, e.item_id), '{}')
            INTO unit_failures FROM dunning.unit_errors(excluded) e;
            IF cardinality(unit_failures) = 0 THEN
                -- not about one unit's data: the run stops
                PERFORM dunning.raise_error(failure_state, failure, failure_detail, failure_hint);
            END IF;
            IF error_mode = 'stop' THEN
                first_found := unit_failures[1];
                PERFORM dunning.raise_error(first_found.sqlstate, first_found.message,
                    CASE WHEN cardinality(unit_failures) > 1 THEN format('%s more units have bad data.', cardinality(unit_failures) - 1) END,
                    'Fix the item in the source, or run with on_error => ''skip'' to dun every other unit.'::text);
            END IF;
            failed_units := failed_units || unit_failures;
            excluded := coalesce(excluded, '{}') || ARRAY(SELECT DISTINCT dunning.unit_key(e.customer_id, e.department, e.project, e.currency)
                                                          FROM unnest(unit_failures) e);
        END;
    END LOOP;
    -- units without a template and rows without customer (found by the statement that succeeded)
    IF cardinality(unit_failures) > 0 AND error_mode = 'stop' THEN
        first_found := unit_failures[1];
        PERFORM dunning.raise_error(first_found.sqlstate, first_found.message, NULL::text,
            CASE WHEN first_found.customer_id IS NULL THEN 'Every row of the source needs a customer_id.'
                 ELSE 'Insert a template for that level, tone and language into dunning.templates.' END);
    END IF;
    failed_units := failed_units || unit_failures;
    INSERT INTO dunning.run_errors SELECT * FROM unnest(failed_units);
    error_count := (SELECT count(DISTINCT dunning.unit_key(e.customer_id, e.department, e.project, e.currency)) FROM unnest(failed_units) e);
    IF error_count > 0 THEN
        RAISE WARNING 'dunning.run: % units left out because of their data (run %)', error_count, this_run
            USING HINT = format('SELECT * FROM dunning.run_errors WHERE run_id = %s; fix the data and run the same as_of again.', this_run);
    END IF;

    IF carried IS NOT NULL THEN
        RAISE WARNING 'dunning.run: dunning.statutory_rates has no rate for %; the last known rate was carried forward (rate_carried_forward)', carried
            USING HINT = 'Insert the rates of the new period into dunning.statutory_rates (builtin = false).';
    END IF;
    UPDATE dunning.runs r
    SET finished_at = clock_timestamp(), units = unit_count, letters = letter_count, errors = error_count
    WHERE r.run_id = this_run;
    PERFORM set_config('dunning.as_of', coalesce(saved_as_of, ''), true);
    -- delivered at commit: the delivery client (pg_dunning deliver) wakes up
    IF letter_count > 0 THEN
        PERFORM pg_notify('dunning_letters', this_run::text);
    END IF;
END
$$;
COMMENT ON PROCEDURE dunning.run(date, text, text) IS
    'assesses every unit (of the customers with this policy; NULL: all) as of a date and issues at most one letter per unit and date, with recipients, items and rendered text, in one transaction; a unit with bad data is left out and listed in dunning.run_errors (on_error ''skip'') or stops the run with nothing written (''stop''); concurrent runs serialize on pg_advisory_xact_lock(28276614830321255); READ COMMITTED only (0A000 otherwise)';

