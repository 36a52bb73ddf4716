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

-- Every unit's assessment as of dunning.view_date(), with its history, loyalty score, block and
-- the deadline of its last letter: the run (which sets dunning.as_of to its date) and the BI views
-- read it. A view, not a function, so that a filter on a unit's columns (customer_id = 'A1') reaches
-- the scan of the source and of the paid history: a dashboard click assesses one customer.
-- One aggregation per policy, with the policy body as its parameter: as a joined column the body
-- would travel with every item through the sort (a gigabyte more at a million items).
CREATE VIEW dunning.unit_assessment WITH (security_invoker = true) AS
-- materialized: each policy is checked, and the date read, once, not once per item row (a call of
-- view_date() per row, with its search_path setting, costs as much as the aggregate itself)
WITH chosen AS MATERIALIZED (
    SELECT p.name, p.body, f.full_body ->> 'currency' AS currency,
           (f.full_body -> 'loyalty' ->> 'min_history')::integer AS min_history, dunning.view_date() AS as_of
    FROM dunning.policies p CROSS JOIN LATERAL (SELECT dunning.validate_policy(p.body) AS full_body) f
)
SELECT a.customer_id, a.department, a.project, a.currency, a.policy, a.as_of,
       -- most units have neither a block nor an open deadline: no call for them
       CASE WHEN free.engine_decides THEN a.assessment
            ELSE dunning.decided_assessment(a.assessment, a.as_of, b.reason IS NOT NULL, b.until, b.reason,
                                            h.last_pay_by) END AS assessment,
       h.last_level, h.last_letter_date, h.last_pay_by, a.loyalty_score,
       -- a run lists the items of its letters from these; a query that does not read them leaves
       -- them out of the grouping (the planner drops unused outputs of a subquery). Only a letter's:
       -- a unit that a block holds or an open deadline defers (decided_assessment's hold and wait)
       -- carries none through a run's CTEs, which copy every row (the day after a first run, 100k
       -- units wait, 1M lines)
       CASE WHEN free.engine_decides THEN a.lines END AS lines
FROM chosen p
CROSS JOIN LATERAL (
    SELECT u.customer_id, u.department, u.project, coalesce(u.currency, p.currency) AS currency,
           p.name AS policy, p.as_of,
           -- the fast path over the item's columns (18_fast_path.sql): the same result as
           -- dunning.assess(u.item, ...) over dunning.unit_items, which builds a dunning.item per row
           -- that the aggregate takes apart again (1M items: about 0.3 s of 1.5 s)
           dunning.assess(u.item_id, u.kind, u.amount, u.open_amount, u.due_date, u.doc_date, u.currency,
                          u.disputed, u.hold_until, u.on_plan, p.body, p.as_of, s.last_level, s.last_letter_date,
                          l.score) AS assessment,
           min(l.score) AS loyalty_score,
           -- the items assessed, for a run's letters: the same arguments as dunning.assess, so the
           -- two share one state per unit; computed only when read
           dunning.assess_lines(u.item_id, u.kind, u.amount, u.open_amount, u.due_date, u.doc_date, u.currency,
                                u.disputed, u.hold_until, u.on_plan, p.body, p.as_of, s.last_level,
                                s.last_letter_date, l.score) AS lines
    FROM dunning.unit_rows u
    LEFT JOIN dunning.unit_state s
           ON s.customer_id = u.customer_id AND s.department IS NOT DISTINCT FROM u.department
          AND s.project IS NOT DISTINCT FROM u.project
          AND s.currency IS NOT DISTINCT FROM coalesce(u.currency, p.currency)
    LEFT JOIN (
        SELECT pi.customer_id, pi.department, pi.project,
               (dunning.payment_behaviour(pi.due_date, pi.paid_date, pi.amount,
                                          p.min_history)).score
        FROM dunning.unit_paid_items pi
        WHERE pi.policy = p.name
        GROUP BY pi.customer_id, pi.department, pi.project
    ) l ON l.customer_id = u.customer_id AND l.department IS NOT DISTINCT FROM u.department
       AND l.project IS NOT DISTINCT FROM u.project
    WHERE u.policy = p.name
    GROUP BY u.customer_id, u.department, u.project, coalesce(u.currency, p.currency)
) a
-- the history again, for the output: a join per unit costs less than carrying it through the grouping
LEFT JOIN dunning.unit_state h
       ON h.customer_id = a.customer_id AND h.department IS NOT DISTINCT FROM a.department
      AND h.project IS NOT DISTINCT FROM a.project AND h.currency IS NOT DISTINCT FROM a.currency
LEFT JOIN LATERAL (
    SELECT longest.until, longest.reason FROM (
        -- the block that lasts longest
        SELECT b.until, b.reason FROM dunning.blocks b
        WHERE b.customer_id = a.customer_id AND (b.department IS NULL OR b.department = a.department)
          AND (b.project IS NULL OR b.project = a.project) AND (b.until IS NULL OR b.until >= a.as_of)
        ORDER BY b.until DESC NULLS FIRST LIMIT 1
    ) longest
    -- an InitPlan, checked once per query: while no customer is blocked, the units do not each start
    -- an index scan and a sort (1M items: about 75 ms of 1.6 s). SELECT 1, not SELECT: Citus cannot
    -- plan a subquery without columns over a distributed source (test/citus/run.sh).
    WHERE EXISTS (SELECT 1 FROM dunning.blocks)
) b ON true
-- neither a block nor the open deadline of the unit's last letter: the engine's assessment stands
CROSS JOIN LATERAL (
    SELECT b.reason IS NULL AND (h.last_pay_by IS NULL OR h.last_pay_by < a.as_of) AS engine_decides
) free;
COMMENT ON VIEW dunning.unit_assessment IS
    'internal: every unit''s assessment as of dunning.view_date() with its history, loyalty score, block, the deadline of its last letter and its items assessed; what dunning.run and the BI views read';

-- What a run decides, without writing. JIT off, as for dunning.run: the query is estimated at
-- millions (the assessment functions' costs), and compiling it took longer than running it (1M
-- items: 4.3 s with jit on, 2.1 s off).
CREATE FUNCTION dunning.assess_units(as_of date, only_policy text DEFAULT NULL)
RETURNS TABLE (customer_id text, department text, project text, currency text, policy text,
               assessment dunning.assessment, last_level integer, last_letter_date date,
               loyalty_score numeric)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
    saved text := current_setting('dunning.as_of', true);
BEGIN
    PERFORM set_config('dunning.as_of', to_char(as_of, 'YYYY-MM-DD'), true);
    RETURN QUERY
        SELECT a.customer_id, a.department, a.project, a.currency, a.policy, a.assessment, a.last_level,
               a.last_letter_date, a.loyalty_score
        FROM dunning.unit_assessment a
        WHERE only_policy IS NULL OR a.policy = only_policy;
    PERFORM set_config('dunning.as_of', coalesce(saved, ''), true);
END
$$;
COMMENT ON FUNCTION dunning.assess_units(date, text) IS
    'every unit of dunning.open_items assessed as of a date with its policy, its unit_state history, its block and the payment-behaviour score of its paid history as loyalty score; only_policy: only the customers with that policy (NULL: every customer)';

CREATE VIEW dunning.unit_overview WITH (security_invoker = true) AS
SELECT a.customer_id, c.name AS customer_name, a.department, a.project, a.policy,
       (a.assessment).level, (a.assessment).computed_level, (a.assessment).action,
       (a.assessment).tone, (a.assessment).fee, (a.assessment).net_balance,
       (a.assessment).overdue_amount, (a.assessment).dunnable_amount,
       (a.assessment).significant_overdue_days, (a.assessment).oldest_overdue_days,
       (a.assessment).items, (a.assessment).items_overdue, (a.assessment).next_review_date,
       (a.assessment).reason, (a.assessment).reason_codes,
       a.last_level, a.last_letter_date, a.loyalty_score, a.currency, a.last_pay_by,
       pl.status AS plan_status, pl.letter_id AS plan_letter_id, ni.due_date AS next_installment_due,
       ni.open_amount AS next_installment_amount
FROM dunning.unit_assessment a
LEFT JOIN dunning.customers c ON c.customer_id = a.customer_id
-- the unit's payment plan offered or running (SPEC §13), and its next open instalment
LEFT JOIN LATERAL (
    SELECT p.status, p.letter_id FROM dunning.plan_offers p JOIN dunning.letters l ON l.letter_id = p.letter_id
    WHERE p.n = 1 AND p.status IN ('offered', 'accepted') AND l.customer_id = a.customer_id
      AND l.department IS NOT DISTINCT FROM a.department AND l.project IS NOT DISTINCT FROM a.project
      AND l.currency IS NOT DISTINCT FROM a.currency
    ORDER BY p.letter_id DESC LIMIT 1
) pl ON true
LEFT JOIN LATERAL (
    SELECT i.due_date, i.open_amount FROM dunning.plan_installments i
    WHERE i.letter_id = pl.letter_id AND i.open_amount > 0 ORDER BY i.n LIMIT 1
) ni ON true;
COMMENT ON VIEW dunning.unit_overview IS
    'every unit''s dunning state as of dunning.view_date() (today, or the setting dunning.as_of): its assessment, reason, last letter and loyalty score; a filter on customer_id assesses only that customer';

CREATE VIEW dunning.aging WITH (security_invoker = true) AS
WITH units AS (
    SELECT u.customer_id, u.department, u.project, u.policy, u.currency, array_agg(u.item) AS items
    FROM dunning.unit_items u
    GROUP BY u.customer_id, u.department, u.project, u.policy, u.currency
)
SELECT u.customer_id, u.department, u.project,
       coalesce(u.currency, dunning.validate_policy(p.body) ->> 'currency') AS currency,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_past <= 0), 0.00) AS not_due,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_past BETWEEN 1 AND 30), 0.00) AS days_0_30,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_past BETWEEN 31 AND 60), 0.00) AS days_31_60,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_past BETWEEN 61 AND 90), 0.00) AS days_61_90,
       coalesce(sum(a.net_open) FILTER (WHERE a.principal AND a.days_past > 90), 0.00) AS days_over_90,
       coalesce(sum(a.net_open) FILTER (WHERE a.kind IN ('fee', 'interest')), 0.00) AS charges,
       coalesce(sum(a.net_open) FILTER (WHERE a.kind IN ('credit_note', 'payment', 'bank_receipt')), 0.00) AS unapplied_credits,
       coalesce(sum(CASE WHEN a.principal OR a.kind IN ('fee', 'interest') THEN a.net_open
                         WHEN a.kind IN ('credit_note', 'payment', 'bank_receipt') THEN -a.net_open END), 0.00) AS net_open
FROM units u
JOIN dunning.policies p ON p.name = u.policy
CROSS JOIN LATERAL (
    -- an invoice on a plan is owed through its instalments; days past the effective due date, so
    -- an item under a promise to pay ages from the promise (days_overdue counts from due_date)
    SELECT x.*, x.kind = 'installment' OR (x.kind = 'invoice' AND x.status <> 'on_plan') AS principal,
           d.as_of - x.effective_due_date AS days_past
    FROM (SELECT dunning.view_date() AS as_of) d
    CROSS JOIN LATERAL dunning.assess_items(u.items, p.body, d.as_of) x
) a
GROUP BY u.customer_id, u.department, u.project, u.currency, u.items, p.body;
COMMENT ON VIEW dunning.aging IS
    'net open principal per unit after credit allocation, by days past the effective due date as of dunning.view_date(): not due, 0-30, 31-60, 61-90, over 90; open charges and unapplied credits beside it';

CREATE VIEW dunning.letter_queue WITH (security_invoker = true) AS
SELECT l.letter_id, l.run_id, l.as_of, l.customer_id, l.department, l.project, l.level, l.action,
       l.tone, l.language, l.addressee_id, l.to_email, l.cc_emails, l.subject, l.body, l.fee,
       l.amount, l.currency, l.to_email IS NULL AS needs_address, l.status, l.channel, l.pay_by,
       l.attempts, l.last_error
FROM dunning.letters l
WHERE l.status IN ('proposed', 'approved', 'sending')
ORDER BY l.as_of, l.letter_id;
COMMENT ON VIEW dunning.letter_queue IS
    'letters awaiting approval (status proposed) or delivery (approved, sending), oldest first; needs_address: the customer has no to contact, the letter goes by post';

CREATE VIEW dunning.run_overview WITH (security_invoker = true) AS
SELECT r.run_id, r.as_of, r.policy, r.run_by, r.started_at, r.finished_at,
       r.finished_at - r.started_at AS duration, r.units, r.letters, r.errors,
       count(l.letter_id) FILTER (WHERE l.status = 'proposed') AS proposed,
       count(l.letter_id) FILTER (WHERE l.status = 'approved') AS approved,
       count(l.letter_id) FILTER (WHERE l.status = 'sending') AS sending,
       count(l.letter_id) FILTER (WHERE l.status = 'sent') AS sent,
       count(l.letter_id) FILTER (WHERE l.status = 'failed') AS failed,
       count(l.letter_id) FILTER (WHERE l.status = 'cancelled') AS cancelled,
       (SELECT array_agg(DISTINCT coalesce(e.customer_id, '(no customer)') ORDER BY coalesce(e.customer_id, '(no customer)'))
        FROM dunning.run_errors e WHERE e.run_id = r.run_id) AS error_customers
FROM dunning.runs r
LEFT JOIN dunning.letters l ON l.run_id = r.run_id
GROUP BY r.run_id;
COMMENT ON VIEW dunning.run_overview IS
    'one row per run: date, policy, who, duration, units assessed, letters written and where they are now, units left out and their customers (details in dunning.run_errors)';
