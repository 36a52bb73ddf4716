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

