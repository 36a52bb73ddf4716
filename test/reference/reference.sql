-- Plain-SQL reference implementation of the dunning assessment (SPEC §5-8): a test oracle for the
-- C++ engine and the baseline of the benchmark. Set-based: CTEs and window functions, no loops.
-- Requires the extension (types dunning.item, dunning.item_kind, dunning.balance).
--
-- Conventions shared with the engine (see README.md):
--   * credits are allocated by (effective due date NULLS FIRST, item_id) with item_id compared
--     bytewise (COLLATE "C"), never by the database collation; output rows come by due date;
--   * days overdue count from due_date; a hold (hold_until after as_of) suspends dunning, it
--     does not restart the count (SPEC §6.2);
--   * computations are exact; amounts are rounded to cents (round(x, 2): half away from zero)
--     only at output;
--   * a NULL array element is ignored; no item at all: balance is NULL, assess returns no row.
-- Public: assess_items, assess, balance and next_review_complete; the
-- functions starting with _ are internal.

CREATE SCHEMA dunning_ref;

-- Policy (§8) ------------------------------------------------------------------------------------

-- The scalar settings of a policy, defaults filled in (NULL policy = defaults).
CREATE FUNCTION dunning_ref._policy(policy jsonb)
RETURNS TABLE(grace_days int, item_min_amount numeric, item_min_percent numeric, allocation text,
              pre_due_days int, min_interval_days int, skip_levels boolean, consumer_rules text,
              loyalty_min_score numeric, loyalty_waive_fees boolean)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce((p ->> 'grace_days')::int, 0),
           coalesce((p ->> 'item_min_amount')::numeric, 0),
           coalesce((p ->> 'item_min_percent')::numeric, 0),
           coalesce(p ->> 'allocation', 'oldest_first'),
           (p ->> 'pre_due_days')::int,
           coalesce((p ->> 'min_interval_days')::int, 14),
           coalesce((p ->> 'skip_levels')::boolean, false),
           p ->> 'consumer_rules',
           coalesce((p -> 'loyalty' ->> 'min_score')::numeric, 0.9),
           coalesce((p -> 'loyalty' ->> 'waive_fees')::boolean, true)
    FROM (SELECT coalesce(policy, '{}'::jsonb) AS p) AS s
$$;

-- The levels of a policy (the default four when `levels` is absent), level defaults filled in.
CREATE FUNCTION dunning_ref._levels(policy jsonb)
RETURNS TABLE(level int, days int, min_amount numeric, min_percent numeric, fee numeric, tone text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (l ->> 'level')::int,
           (l ->> 'days')::int,
           coalesce((l ->> 'min_amount')::numeric, 0),
           coalesce((l ->> 'min_percent')::numeric, 0),
           coalesce((l ->> 'fee')::numeric, 0),
           coalesce(l ->> 'tone',
                    CASE (l ->> 'level')::int WHEN 1 THEN 'standard' WHEN 2 THEN 'firm'
                                              WHEN 3 THEN 'final' ELSE 'formal_notice' END)
    FROM jsonb_array_elements(
        CASE WHEN jsonb_typeof(policy -> 'levels') = 'array' THEN policy -> 'levels'
             ELSE '[{"level": 1, "days": 1,  "min_amount": 25,  "min_percent": 0, "fee": 0,  "tone": "standard"},
                    {"level": 2, "days": 15, "min_amount": 25,  "min_percent": 0, "fee": 0,  "tone": "firm"},
                    {"level": 3, "days": 30, "min_amount": 25,  "min_percent": 0, "fee": 15, "tone": "final"},
                    {"level": 4, "days": 45, "min_amount": 100, "min_percent": 0, "fee": 0,  "tone": "formal_notice"}]'::jsonb
        END) AS l
$$;

-- Per-item assessment (§6), exact, for one or more reference dates at once ---------------------

-- One row per (as_of, item). Several dates are assessed in one pass so that next_review_date can
-- re-run the whole decision, allocation included, for all candidate dates set-based.
CREATE FUNCTION dunning_ref._item_rows(items dunning.item[], policy jsonb, as_ofs date[])
RETURNS TABLE(
    as_of date, item_id text, kind dunning.item_kind, amount numeric, open_amount numeric,
    due_date date, disputed boolean, hold_until date, on_plan boolean,
    allocated numeric, net_open numeric, effective_due_date date, days_overdue int,
    past_effective_due boolean, -- as_of after the effective due date (§5 overdue_open)
    held boolean,          -- hold_until after as_of: not dunnable (§6.6)
    is_credit boolean,     -- credit_note, payment, bank_receipt
    is_charge boolean,     -- fee, interest
    is_principal boolean,  -- invoice, installment
    is_scheduled boolean,  -- invoice not on a plan, or installment (§5 not_due/overdue)
    eligible boolean,      -- invoice not disputed and not on plan, or installment not disputed
    significant boolean,
    dunnable boolean,      -- significant, eligible, not held, beyond grace
    item_level int, status text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
WITH p AS (
    SELECT * FROM dunning_ref._policy(policy)
), lv AS (
    SELECT * FROM dunning_ref._levels(policy)
), base AS (
    SELECT i.item_id, i.kind, i.amount, i.open_amount, i.due_date,
           coalesce(i.disputed, false) AS disputed, i.hold_until, coalesce(i.on_plan, false) AS on_plan,
           greatest(i.due_date, i.hold_until) AS eff,          -- greatest() ignores NULLs
           i.kind IN ('credit_note', 'payment', 'bank_receipt') AS is_credit,
           i.kind IN ('fee', 'interest') AS is_charge,
           i.kind IN ('invoice', 'installment') AS is_principal,
           (i.kind = 'invoice' AND NOT coalesce(i.on_plan, false)) OR i.kind = 'installment' AS is_scheduled,
           (i.kind = 'invoice' AND NOT coalesce(i.disputed, false) AND NOT coalesce(i.on_plan, false))
             OR (i.kind = 'installment' AND NOT coalesce(i.disputed, false)) AS eligible
    FROM unnest(items) AS i
    WHERE i.item_id IS NOT NULL                                -- a NULL element is ignored
), x AS (
    -- recv: 1 = principal that credits pay first (eligible invoices, eligible overdue
    -- installments), 2 = charges paid from what is left; NULL = receives nothing.
    SELECT d.as_of, b.*, d.as_of - b.due_date AS days, d.as_of > b.eff AS past_eff,
           coalesce(b.hold_until > d.as_of, false) AS held,
           CASE WHEN b.open_amount <= 0 THEN NULL
                WHEN b.eligible AND (b.kind = 'invoice' OR d.as_of - b.eff > 0) THEN 1
                WHEN b.is_charge THEN 2 END AS recv
    FROM (SELECT DISTINCT unnest(as_ofs) AS as_of) AS d CROSS JOIN base AS b
), pool AS (
    SELECT x.as_of,
           CASE WHEN (SELECT p.allocation FROM p) = 'none' THEN 0
                ELSE coalesce(sum(x.open_amount) FILTER (WHERE x.is_credit), 0) END AS pool,
           coalesce(sum(x.open_amount) FILTER (WHERE x.recv IS NOT NULL), 0) AS demand
    FROM x GROUP BY x.as_of
), ordered AS (
    -- Running total of the items before this one in its queue: receivers in (recv, effective
    -- due date, item_id) order; credits, which give, in (effective due date, item_id) order.
    SELECT x.*, pool.pool, least(pool.pool, pool.demand) AS used,
           coalesce(sum(x.open_amount) OVER (
               PARTITION BY x.as_of, x.recv IS NOT NULL, x.is_credit
               ORDER BY x.recv, x.eff NULLS FIRST, x.item_id COLLATE "C"
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM x JOIN pool USING (as_of)
), alloc AS (
    SELECT o.*,
           CASE WHEN o.recv IS NOT NULL THEN greatest(0, least(o.open_amount, o.pool - o.before))
                WHEN o.is_credit THEN greatest(0, least(o.open_amount, o.used - o.before))
                ELSE 0 END AS allocated
    FROM ordered AS o
), sig AS (
    SELECT a.*, a.open_amount - a.allocated AS net,
           a.is_principal
             AND a.open_amount - a.allocated > 0
             AND a.open_amount - a.allocated >= p.item_min_amount
             AND (a.open_amount - a.allocated) * 100 >= p.item_min_percent * a.amount AS significant
    FROM alloc AS a CROSS JOIN p
), dun AS (
    SELECT s.*, coalesce(s.significant AND s.eligible AND NOT s.held AND s.days > p.grace_days, false) AS dunnable
    FROM sig AS s CROSS JOIN p
)
SELECT d.as_of, d.item_id, d.kind, d.amount, d.open_amount, d.due_date, d.disputed, d.hold_until, d.on_plan,
       d.allocated, d.net, d.eff, d.days, d.past_eff, d.held,
       d.is_credit, d.is_charge, d.is_principal, d.is_scheduled, d.eligible, d.significant, d.dunnable,
       CASE WHEN d.dunnable
            THEN coalesce((SELECT max(lv.level) FROM lv WHERE lv.days <= d.days), 0)
            ELSE 0 END,
       CASE WHEN d.is_credit THEN 'credit'
            WHEN d.is_charge THEN 'charge'
            WHEN d.net = 0 THEN 'settled'
            WHEN d.disputed THEN 'disputed'
            WHEN d.kind = 'invoice' AND d.on_plan THEN 'on_plan'
            WHEN d.held THEN 'held'
            WHEN p.pre_due_days IS NOT NULL AND -d.days BETWEEN 0 AND p.pre_due_days THEN 'pre_due'
            WHEN d.days <= 0 THEN 'not_due'
            WHEN d.days <= p.grace_days THEN 'grace'
            WHEN NOT d.significant THEN 'insignificant'
            ELSE 'overdue' END
FROM dun AS d CROSS JOIN p
$$;

-- §6 output: one row per item, amounts rounded to cents.
CREATE FUNCTION dunning_ref.assess_items(items dunning.item[], policy jsonb, as_of date)
RETURNS TABLE(item_id text, kind dunning.item_kind, amount numeric, open_amount numeric,
              allocated numeric, net_open numeric, effective_due_date date, days_overdue int,
              significant boolean, item_level int, status text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT r.item_id, r.kind, round(r.amount, 2), round(r.open_amount, 2), round(r.allocated, 2),
           round(r.net_open, 2), r.effective_due_date, r.days_overdue, r.significant, r.item_level,
           r.status
    FROM dunning_ref._item_rows($1, $2, ARRAY[$3]) AS r
    ORDER BY r.due_date NULLS FIRST, r.item_id COLLATE "C"
$$;

-- §5: the net balance, always with oldest-first allocation. NULL when there is no item.
CREATE FUNCTION dunning_ref.balance(items dunning.item[], as_of date)
RETURNS dunning.balance
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(round(coalesce(sum(r.open_amount) FILTER (WHERE r.kind = 'invoice'), 0), 2),
               round(coalesce(sum(r.open_amount) FILTER (WHERE r.is_charge), 0), 2),
               round(coalesce(sum(r.open_amount) FILTER (WHERE r.is_credit), 0), 2),
               round(coalesce(sum(r.open_amount) FILTER (WHERE r.kind = 'invoice'), 0)
                     + coalesce(sum(r.open_amount) FILTER (WHERE r.is_charge), 0)
                     - coalesce(sum(r.open_amount) FILTER (WHERE r.is_credit), 0), 2),
               round(coalesce(sum(r.open_amount) FILTER (WHERE r.kind = 'invoice' AND r.disputed), 0), 2),
               round(coalesce(sum(r.net_open) FILTER (WHERE r.is_scheduled AND NOT r.past_effective_due), 0), 2),
               round(coalesce(sum(r.net_open) FILTER (WHERE r.is_scheduled AND r.past_effective_due), 0), 2)
           )::dunning.balance
    FROM dunning_ref._item_rows($1, '{"allocation": "oldest_first"}'::jsonb, ARRAY[$2]) AS r
    HAVING count(*) > 0
$$;

-- Unit decision (§7), exact, for one or more reference dates at once ----------------------------

CREATE FUNCTION dunning_ref._decide(items dunning.item[], policy jsonb, as_ofs date[],
                                    last_level int, last_letter_date date, loyalty_score numeric)
RETURNS TABLE(as_of date, level int, computed_level int, action text, tone text, fee numeric,
              principal_open numeric, charges_open numeric, credits_open numeric,
              net_balance numeric, overdue_amount numeric, dunnable_amount numeric,
              significant_overdue_days int, oldest_overdue_days int, items int,
              items_overdue int, items_significant int, reason_codes text[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
WITH p AS (
    SELECT * FROM dunning_ref._policy($2)
), lv AS (
    SELECT * FROM dunning_ref._levels($2)
), r AS (
    SELECT * FROM dunning_ref._item_rows($1, $2, $3)
), u AS (
    SELECT r.as_of,
           coalesce(sum(r.open_amount) FILTER (WHERE r.kind = 'invoice'), 0) AS principal_open,
           coalesce(sum(r.open_amount) FILTER (WHERE r.is_charge), 0) AS charges_open,
           coalesce(sum(r.open_amount) FILTER (WHERE r.is_credit), 0) AS credits_open,
           coalesce(sum(r.net_open) FILTER (WHERE r.is_scheduled AND NOT r.past_effective_due), 0) AS not_due_open,
           coalesce(sum(r.net_open) FILTER (WHERE r.is_scheduled AND r.past_effective_due), 0) AS overdue_open,
           coalesce(sum(r.net_open) FILTER (WHERE r.is_scheduled), 0) AS scheduled_net,
           coalesce(sum(r.net_open) FILTER (WHERE r.is_charge), 0) AS charges_net,
           coalesce(sum(r.net_open) FILTER (WHERE r.dunnable), 0) AS dunnable_amount,
           max(r.days_overdue) FILTER (WHERE r.dunnable) AS significant_overdue_days,
           max(r.as_of - r.due_date) FILTER (
               WHERE r.is_principal AND r.open_amount > 0 AND r.due_date < r.as_of) AS oldest_overdue_days,
           count(*)::int AS items,
           count(*) FILTER (WHERE r.is_scheduled AND r.past_effective_due AND r.net_open > 0)::int AS items_overdue,
           count(*) FILTER (WHERE r.dunnable)::int AS items_significant,
           -- hold: open principal past its original due date, all of it blocked
           count(*) FILTER (WHERE r.is_principal AND r.net_open > 0 AND r.due_date < r.as_of) AS past_due,
           coalesce(bool_and(r.disputed OR r.on_plan OR r.held)
                    FILTER (WHERE r.is_principal AND r.net_open > 0 AND r.due_date < r.as_of), false) AS all_blocked,
           -- pre-due (held items are not reminded)
           coalesce(bool_or(r.eligible AND r.significant AND NOT r.held AND r.days_overdue > 0), false) AS any_overdue,
           coalesce(bool_or(r.eligible AND r.significant AND NOT r.held AND -r.days_overdue BETWEEN 0 AND p.pre_due_days), false) AS any_pre_due,
           -- reason flags
           coalesce(bool_or(r.eligible AND NOT r.held AND r.days_overdue > p.grace_days AND r.net_open > 0 AND NOT r.significant), false) AS f_item_insignificant,
           coalesce(bool_or(r.eligible AND r.significant AND NOT r.held AND r.days_overdue > 0 AND r.days_overdue <= p.grace_days), false) AS f_in_grace,
           coalesce(bool_or(r.is_principal AND r.disputed AND r.open_amount > 0), false) AS f_disputed,
           coalesce(bool_or(r.held AND r.net_open > 0), false) AS f_held,
           coalesce(bool_or(r.kind = 'invoice' AND r.on_plan AND r.open_amount > 0), false) AS f_on_plan,
           coalesce(bool_or(r.is_principal AND r.allocated > 0 AND r.net_open = 0), false) AS f_settled_by_credit
    FROM r CROSS JOIN p
    GROUP BY r.as_of
), ql AS (
    -- qualifying amount per level and date
    SELECT u.as_of, lv.level, lv.min_amount, lv.min_percent,
           count(*) FILTER (WHERE r.dunnable AND r.days_overdue >= lv.days) AS n,
           coalesce(sum(r.net_open) FILTER (WHERE r.dunnable AND r.days_overdue >= lv.days), 0) AS q,
           u.not_due_open + u.overdue_open AS principal
    FROM u CROSS JOIN lv JOIN r ON r.as_of = u.as_of
    GROUP BY u.as_of, lv.level, lv.min_amount, lv.min_percent, u.not_due_open, u.overdue_open
), cl AS (
    SELECT ql.as_of,
           coalesce(max(ql.level) FILTER (
               WHERE ql.n >= 1 AND ql.q >= ql.min_amount AND ql.q * 100 >= ql.min_percent * ql.principal), 0) AS computed
    FROM ql GROUP BY ql.as_of
), bl AS (
    SELECT ql.as_of,
           coalesce(bool_or(ql.n >= 1 AND ql.q < ql.min_amount), false) AS below_minimum,
           coalesce(bool_or(ql.n >= 1 AND ql.q * 100 < ql.min_percent * ql.principal), false) AS below_percent
    FROM ql JOIN cl USING (as_of)
    WHERE ql.level > cl.computed
    GROUP BY ql.as_of
), d1 AS (
    SELECT u.*, coalesce(cl.computed, 0) AS computed,
           coalesce(bl.below_minimum, false) AS below_minimum,
           coalesce(bl.below_percent, false) AS below_percent,
           coalesce($4, 0) AS last,
           ($5 IS NULL OR u.as_of - $5 >= p.min_interval_days) AS interval_ok,
           ($6 IS NOT NULL AND trunc($6, 4) >= p.loyalty_min_score AND coalesce($4, 0) = 0) AS loyal,
           p.pre_due_days, p.skip_levels, p.consumer_rules, p.loyalty_waive_fees
    FROM u CROSS JOIN p LEFT JOIN cl USING (as_of) LEFT JOIN bl USING (as_of)
), d2 AS (
    SELECT d1.*,
           CASE WHEN d1.computed = 0 THEN 0
                WHEN d1.skip_levels THEN d1.computed
                ELSE least(d1.computed, d1.last + 1) END AS lvl,
           CASE WHEN d1.computed > 0 THEN CASE WHEN d1.interval_ok THEN 'remind' ELSE 'wait' END
                WHEN d1.past_due > 0 AND d1.all_blocked THEN 'hold'
                WHEN d1.pre_due_days IS NOT NULL AND NOT d1.any_overdue AND d1.any_pre_due
                    THEN CASE WHEN d1.interval_ok THEN 'pre_due' ELSE 'wait' END
                ELSE 'none' END AS act,
           -- consumer-rules waiting period since the previous letter (not shown to have passed
           -- when the date of that letter is unknown: no fee)
           CASE WHEN $5 IS NULL THEN false
                WHEN d1.consumer_rules = 'NL' THEN d1.as_of >= $5 + 15
                WHEN d1.consumer_rules = 'BE' THEN d1.as_of >= (
                    SELECT w.d FROM generate_series($5 + 1, $5 + 7, interval '1 day') AS w(d)
                    WHERE extract(isodow FROM w.d) < 6 ORDER BY w.d OFFSET 2 LIMIT 1)::date + 14
                ELSE true END AS waited
    FROM d1
), d3 AS (
    SELECT d2.*, lv.tone AS level_tone,
           CASE WHEN d2.act = 'remind' THEN coalesce(lv.fee, 0) ELSE 0 END AS base_fee,
           d2.act = 'remind' AND d2.loyal AND d2.loyalty_waive_fees AS waive_loyal,
           d2.act = 'remind' AND NOT (d2.loyal AND d2.loyalty_waive_fees)
             AND d2.consumer_rules IN ('BE', 'NL') AND (d2.last = 0 OR NOT d2.waited) AS waive_consumer
    FROM d2 LEFT JOIN lv ON lv.level = d2.lvl
)
SELECT d.as_of,
       CASE WHEN d.act IN ('remind', 'wait') THEN d.lvl ELSE 0 END,
       d.computed,
       d.act,
       CASE WHEN d.computed > 0 THEN CASE WHEN d.loyal THEN 'friendly' ELSE d.level_tone END
            WHEN d.act IN ('pre_due', 'wait') THEN 'friendly' END,
       CASE WHEN d.waive_loyal OR d.waive_consumer THEN 0 ELSE d.base_fee END,
       d.principal_open, d.charges_open, d.credits_open,
       d.principal_open + d.charges_open - d.credits_open,
       d.overdue_open, d.dunnable_amount, d.significant_overdue_days, d.oldest_overdue_days,
       d.items, d.items_overdue, d.items_significant,
       array_remove(ARRAY[
           CASE WHEN d.act = 'remind' THEN 'level_reached' END,
           CASE WHEN d.computed > 0 AND d.lvl < d.computed THEN 'escalation_capped' END,
           CASE WHEN d.act = 'wait' THEN 'interval_not_passed' END,
           CASE WHEN d.below_minimum THEN 'below_level_minimum' END,
           CASE WHEN d.below_percent THEN 'below_level_percent' END,
           CASE WHEN d.f_item_insignificant THEN 'item_insignificant' END,
           CASE WHEN d.f_in_grace THEN 'in_grace' END,
           CASE WHEN d.f_disputed THEN 'disputed' END,
           CASE WHEN d.f_held THEN 'held' END,
           CASE WHEN d.f_on_plan THEN 'on_plan' END,
           CASE WHEN d.f_settled_by_credit THEN 'settled_by_credit' END,
           CASE WHEN d.principal_open + d.charges_open - d.credits_open < 0 THEN 'in_credit' END,
           CASE WHEN d.scheduled_net = 0 AND d.charges_net > 0 THEN 'charges_only' END,
           CASE WHEN d.act = 'pre_due' THEN 'pre_due' END,
           -- only where loyalty changed the tone of a letter
           CASE WHEN d.loyal AND d.computed > 0 AND d.act IN ('remind', 'wait')
                     AND d.level_tone IS DISTINCT FROM 'friendly' THEN 'loyal_friendly' END,
           CASE WHEN d.waive_loyal AND d.base_fee > 0 THEN 'fee_waived_loyalty' END,
           CASE WHEN d.waive_consumer AND d.base_fee > 0 THEN 'fee_waived_consumer_rules' END,
           CASE WHEN d.items_overdue = 0 THEN 'nothing_overdue' END
       ], NULL)
FROM d3 AS d
$$;

-- The first date after as_of on which (action, level) changes, found among every date at which
-- some input of the decision can flip (SPEC §7: "the earliest date after as_of on which, with no
-- new data, the action would change").
CREATE FUNCTION dunning_ref.next_review_complete(items dunning.item[], policy jsonb, as_of date,
                                                 last_level int, last_letter_date date,
                                                 loyalty_score numeric)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
WITH t AS (
    SELECT * FROM dunning_ref._decide($1, $2, ARRAY[$3], $4, $5, $6)
), p AS (
    SELECT * FROM dunning_ref._policy($2)
), lv AS (
    SELECT * FROM dunning_ref._levels($2)
), r AS (
    SELECT * FROM dunning_ref._item_rows($1, $2, ARRAY[$3])
), flip AS (
    -- days_overdue (from due_date) crossing 0, grace, a level's days, the pre-due window
    SELECT r.due_date + 1 AS d FROM r
    UNION SELECT r.due_date + p.grace_days + 1 FROM r CROSS JOIN p
    UNION SELECT r.due_date + lv.days FROM r CROSS JOIN lv
    UNION SELECT r.due_date - p.pre_due_days FROM r CROSS JOIN p
    -- past the effective due date (overdue_open, an instalment taking credit)
    UNION SELECT r.effective_due_date + 1 FROM r
    -- a hold ending (hold_until > as_of turns false)
    UNION SELECT r.hold_until FROM r
    -- the interval since the last letter
    UNION SELECT $5 + p.min_interval_days FROM p
), later AS (
    SELECT * FROM dunning_ref._decide($1, $2, ARRAY(SELECT f.d FROM flip AS f WHERE f.d > $3), $4, $5, $6)
)
SELECT min(l.as_of) FROM later AS l CROSS JOIN t
WHERE l.action IS DISTINCT FROM t.action OR l.level IS DISTINCT FROM t.level
$$;

-- §7 output: the unit's assessment at as_of (no row when there is no item), amounts rounded,
-- with next_review_date as SPEC §7 words it (see next_review_complete).
CREATE FUNCTION dunning_ref.assess(items dunning.item[], policy jsonb, as_of date,
                                   last_level int, last_letter_date date, loyalty_score numeric)
RETURNS TABLE(level int, computed_level int, action text, tone text, fee numeric,
              principal_open numeric, charges_open numeric, credits_open numeric,
              net_balance numeric, overdue_amount numeric, dunnable_amount numeric,
              significant_overdue_days int, oldest_overdue_days int, items int, items_overdue int,
              items_significant int, next_review_date date, reason_codes text[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT t.level, t.computed_level, t.action, t.tone, round(t.fee, 2),
       round(t.principal_open, 2), round(t.charges_open, 2), round(t.credits_open, 2),
       round(t.net_balance, 2), round(t.overdue_amount, 2), round(t.dunnable_amount, 2),
       t.significant_overdue_days, t.oldest_overdue_days, t.items, t.items_overdue,
       t.items_significant, dunning_ref.next_review_complete($1, $2, $3, $4, $5, $6), t.reason_codes
FROM dunning_ref._decide($1, $2, ARRAY[$3], $4, $5, $6) AS t
$$;
