-- Random dunning units for the differential test (C++ engine vs dunning_ref). Load after
-- reference.sql. Deterministic: every random draw is a hash of (seed, unit, item, purpose), so the
-- result does not depend on evaluation order, plan or parallelism.
--
--   SELECT * FROM dunning_ref.random_units(seed => 42, units => 2000);

-- Uniform in [0, 1) from md5(seed:a:b:salt) (52 bits).
CREATE FUNCTION dunning_ref._h(seed int, a int, b int, salt text)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ('x' || substr(md5($1 || ':' || $2 || ':' || $3 || ':' || $4), 1, 13))::bit(52)::bigint
           / 4503599627370496.0::double precision
$$;

-- Uniform integer in lo..hi.
CREATE FUNCTION dunning_ref._ri(seed int, a int, b int, salt text, lo int, hi int)
RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT $5 + floor(dunning_ref._h($1, $2, $3, $4) * ($6 - $5 + 1))::int
$$;

-- One element of a non-empty array, uniformly.
CREATE FUNCTION dunning_ref._pick(seed int, a int, b int, salt text, choices anyarray)
RETURNS anyelement LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT $5[array_lower($5, 1) + floor(dunning_ref._h($1, $2, $3, $4) * cardinality($5))::int]
$$;

-- An amount with 0..4 decimals: tiny (0.01..30), medium, large, rarely huge.
CREATE FUNCTION dunning_ref._amount(seed int, a int, b int, salt text)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT greatest(0.01, round((CASE WHEN dunning_ref._h($1, $2, $3, $4 || ':m') < 0.25 THEN 0.01 + dunning_ref._h($1, $2, $3, $4 || ':u') * 29.99
                                      WHEN dunning_ref._h($1, $2, $3, $4 || ':m') < 0.85 THEN 30 + dunning_ref._h($1, $2, $3, $4 || ':u') * 2970
                                      WHEN dunning_ref._h($1, $2, $3, $4 || ':m') < 0.97 THEN 3000 + dunning_ref._h($1, $2, $3, $4 || ':u') * 197000
                                      ELSE 200000 + dunning_ref._h($1, $2, $3, $4 || ':u') * 4999800000 END)::numeric,
                                dunning_ref._pick($1, $2, $3, $4 || ':dp', ARRAY[0, 1, 2, 2, 2, 3, 4])))
$$;

-- A part of `total` (0 < part <= total) with 0..4 decimals.
CREATE FUNCTION dunning_ref._part(seed int, a int, b int, salt text, total numeric)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least($5, greatest(round(($5 * dunning_ref._h($1, $2, $3, $4)::numeric),
                                    dunning_ref._pick($1, $2, $3, $4 || ':dp', ARRAY[0, 2, 2, 3, 4])),
                              least($5, 0.0001)))
$$;

CREATE FUNCTION dunning_ref.random_units(seed int, units int)
RETURNS TABLE(unit_id int, items dunning.item[], policy jsonb, as_of date, last_level int,
              last_letter_date date, loyalty_score numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
WITH u AS MATERIALIZED (
    SELECT g AS unit, date '2024-03-01' + dunning_ref._ri($1, g, 0, 'as_of', 0, 730) AS as_of
    FROM generate_series(1, $2) AS g
), lvl0 AS MATERIALIZED (
    -- custom levels (used by ~45% of the units): 1..5 levels, strictly increasing days
    SELECT u.unit, k, s.d1 + sum(s.inc) OVER (PARTITION BY u.unit ORDER BY k) AS days
    FROM u
    CROSS JOIN LATERAL generate_series(1, dunning_ref._ri($1, u.unit, 0, 'nlevels', 1, 5)) AS k
    CROSS JOIN LATERAL (SELECT dunning_ref._pick($1, u.unit, 0, 'd1', ARRAY[1, 1, 2, 3, 5]) AS d1,
                               CASE WHEN k = 1 THEN 0
                                    ELSE dunning_ref._pick($1, u.unit, k, 'inc', ARRAY[1, 2, 5, 7, 13, 14, 15, 30]) END AS inc) AS s
), lvl AS MATERIALIZED (
    SELECT l.unit,
           jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
               'level', l.k,
               'days', l.days,
               'min_amount', dunning_ref._pick($1, l.unit, l.k, 'lmin', ARRAY[NULL, 0, 10, 25, 25, 100, 0.5]::numeric[]),
               'min_percent', dunning_ref._pick($1, l.unit, l.k, 'lpct', ARRAY[NULL, 0, 0, 5, 12.5, 20, 50]::numeric[]),
               'fee', dunning_ref._pick($1, l.unit, l.k, 'lfee', ARRAY[NULL, 0, 0, 5, 7.5, 15, 40]::numeric[]),
               'tone', dunning_ref._pick($1, l.unit, l.k, 'ltone',
                                         ARRAY[NULL, NULL, 'friendly', 'standard', 'firm', 'final', 'formal_notice'])
           )) ORDER BY l.k) AS levels
    FROM lvl0 AS l
    GROUP BY l.unit
), pol AS MATERIALIZED (
    -- each key present or absent; present ones sometimes at their default
    SELECT u.unit, u.as_of,
        CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_cur') < 0.2 THEN '{"currency": "EUR"}' ELSE '{}' END::jsonb
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_grace') < 0.6
                THEN jsonb_build_object('grace_days', dunning_ref._pick($1, u.unit, 0, 'grace', ARRAY[0, 0, 1, 3, 5, 7, 10, 14]))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_imin') < 0.6
                THEN jsonb_build_object('item_min_amount', dunning_ref._pick($1, u.unit, 0, 'imin', ARRAY[0, 1, 5, 10, 25, 25.5, 100]::numeric[]))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_ipct') < 0.4
                THEN jsonb_build_object('item_min_percent', dunning_ref._pick($1, u.unit, 0, 'ipct', ARRAY[0, 1, 5, 10, 12.5, 50, 100]::numeric[]))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_alloc') < 0.5
                THEN jsonb_build_object('allocation', dunning_ref._pick($1, u.unit, 0, 'alloc', ARRAY['oldest_first', 'none', 'none']))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_pre') < 0.6
                THEN jsonb_build_object('pre_due_days', dunning_ref._pick($1, u.unit, 0, 'pre', ARRAY[NULL, 3, 3, 7, 7, 0]))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_int') < 0.6
                THEN jsonb_build_object('min_interval_days', dunning_ref._pick($1, u.unit, 0, 'int', ARRAY[0, 1, 7, 14, 14, 21, 30]))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_skip') < 0.5
                THEN jsonb_build_object('skip_levels', dunning_ref._h($1, u.unit, 0, 'skip') < 0.5)
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_cons') < 0.6
                THEN jsonb_build_object('consumer_rules', dunning_ref._pick($1, u.unit, 0, 'cons', ARRAY[NULL, 'BE', 'BE', 'NL', 'NL']))
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_lvl') < 0.45
                THEN jsonb_build_object('levels', lvl.levels)
                ELSE '{}' END
        || CASE WHEN dunning_ref._h($1, u.unit, 0, 'k_loy') < 0.5
                THEN jsonb_build_object('loyalty', jsonb_strip_nulls(jsonb_build_object(
                         'min_score', dunning_ref._pick($1, u.unit, 0, 'lmin', ARRAY[NULL, 0.9, 0.85, 0.95, 0.9001]::numeric[]),
                         'min_history', dunning_ref._pick($1, u.unit, 0, 'lhist', ARRAY[NULL, 6, 3]),
                         'waive_fees', dunning_ref._pick($1, u.unit, 0, 'lwaive', ARRAY[NULL, true, false, false]))))
                ELSE '{}' END AS policy
    FROM u JOIN lvl USING (unit)
), up AS MATERIALIZED (
    -- day offsets (days_overdue targets) on the boundaries of this unit's policy
    SELECT pol.*, p.grace_days AS grace,
           ARRAY[0, 1, -1, p.grace_days, p.grace_days + 1, p.grace_days - 1,
                 -coalesce(p.pre_due_days, 3), -coalesce(p.pre_due_days, 3) - 1, -coalesce(p.pre_due_days, 3) + 1]
             || (SELECT array_agg(x) FROM dunning_ref._levels(pol.policy) AS l,
                        LATERAL (VALUES (l.days - 1), (l.days), (l.days + 1), (l.days + p.grace_days)) AS v(x)) AS bdays
    FROM pol CROSS JOIN LATERAL dunning_ref._policy(pol.policy) AS p
), slot AS MATERIALIZED (
    -- 1..15 items; kind by weight
    SELECT up.unit, up.as_of, up.grace, up.bdays, k,
           CASE WHEN h < 0.48 THEN 'invoice' WHEN h < 0.58 THEN 'credit_note' WHEN h < 0.66 THEN 'payment'
                WHEN h < 0.73 THEN 'bank_receipt' WHEN h < 0.85 THEN 'fee' WHEN h < 0.93 THEN 'interest'
                ELSE 'installment' END::dunning.item_kind AS kind
    FROM up
    CROSS JOIN LATERAL generate_series(1, dunning_ref._ri($1, up.unit, 0, 'n', 1, 15)) AS k
    CROSS JOIN LATERAL (SELECT dunning_ref._h($1, up.unit, k, 'kind') AS h) AS s
), shaped AS MATERIALIZED (
    SELECT s.*,
           -- ids: mixed case and unpadded numbers, so bytewise and linguistic orders differ
           dunning_ref._pick($1, s.unit, s.k, 'case', ARRAY['', '', '', 'lower', 'mixed'])
             AS id_case,
           CASE WHEN s.kind IN ('fee', 'interest') THEN dunning_ref._h($1, s.unit, s.k, 'camt') < 0.7
                ELSE false END AS small,
           -- days overdue of the (original) due date: spread, or on a boundary of the policy
           CASE WHEN dunning_ref._h($1, s.unit, s.k, 'dmode') < 0.45
                THEN dunning_ref._ri($1, s.unit, s.k, 'dspread', -120, 120)
                ELSE dunning_ref._pick($1, s.unit, s.k, 'dbound', s.bdays) END AS dd,
           dunning_ref._h($1, s.unit, s.k, 'state') AS st
    FROM slot AS s
), item0 AS MATERIALIZED (
    SELECT sh.unit, sh.as_of, sh.grace, sh.bdays, sh.k, sh.kind,
           CASE sh.id_case WHEN 'lower' THEN lower(pre) WHEN 'mixed' THEN initcap(pre) ELSE pre END
             || CASE WHEN dunning_ref._h($1, sh.unit, sh.k, 'sep') < 0.5 THEN '-' ELSE '_' END || sh.k AS item_id,
           amt.amount, sh.dd, sh.st
    FROM shaped AS sh
    CROSS JOIN LATERAL (SELECT CASE sh.kind WHEN 'invoice' THEN 'INV' WHEN 'credit_note' THEN 'CN'
                                            WHEN 'payment' THEN 'PAY' WHEN 'bank_receipt' THEN 'BR'
                                            WHEN 'fee' THEN 'FEE' WHEN 'interest' THEN 'INT'
                                            ELSE 'INS' END AS pre) AS n
    CROSS JOIN LATERAL (SELECT CASE WHEN sh.small
                                    THEN round((0.5 + dunning_ref._h($1, sh.unit, sh.k, 'famt') * 49.5)::numeric,
                                               dunning_ref._pick($1, sh.unit, sh.k, 'fdp', ARRAY[0, 2, 2, 4]))
                                    ELSE dunning_ref._amount($1, sh.unit, sh.k, 'amt') END AS amount) AS amt
), item1 AS MATERIALIZED (
    -- open amount, dates and flags
    SELECT i.*,
           CASE WHEN i.kind IN ('invoice', 'installment') THEN
                    CASE WHEN i.st < 0.55 THEN i.amount
                         WHEN i.st < 0.80 THEN dunning_ref._part($1, i.unit, i.k, 'open', i.amount)
                         WHEN i.st < 0.90 THEN 0
                         ELSE least(i.amount, dunning_ref._pick($1, i.unit, i.k, 'resid', ARRAY[0.01, 0.0049, 0.005, 0.5, 4.99, 5, 24.99, 25]::numeric[])) END
                WHEN i.st < 0.70 THEN i.amount
                WHEN i.st < 0.90 THEN dunning_ref._part($1, i.unit, i.k, 'open', i.amount)
                ELSE 0 END AS open_amount,
           CASE WHEN i.kind NOT IN ('invoice', 'installment') AND dunning_ref._h($1, i.unit, i.k, 'nodate') < 0.15
                THEN NULL
                WHEN i.kind IN ('credit_note', 'payment', 'bank_receipt')
                THEN i.as_of - dunning_ref._ri($1, i.unit, i.k, 'cdate', -10, 90)
                ELSE i.as_of - i.dd END AS due_date,
           i.kind IN ('invoice', 'installment') AND dunning_ref._h($1, i.unit, i.k, 'disp') < 0.08 AS disputed,
           i.kind = 'invoice' AND dunning_ref._h($1, i.unit, i.k, 'plan') < 0.10 AS on_plan,
           CASE WHEN i.kind IN ('invoice', 'installment') AND dunning_ref._h($1, i.unit, i.k, 'hold') < 0.12
                THEN i.as_of + CASE WHEN dunning_ref._h($1, i.unit, i.k, 'hmode') < 0.4
                                    THEN dunning_ref._ri($1, i.unit, i.k, 'hspread', -20, 40)
                                    ELSE -dunning_ref._pick($1, i.unit, i.k, 'hbound', i.bdays) END
           END AS hold_until,
           CASE WHEN dunning_ref._h($1, i.unit, i.k, 'cur') < 0.15 THEN 'EUR' END AS currency
    FROM item0 AS i
), plan_rows AS MATERIALIZED (
    -- instalments of on-plan invoices: equal parts, the remainder on the last, monthly-ish
    SELECT i.unit, i.k, j, i.as_of, i.bdays,
           i.item_id || '/' || j AS item_id,
           CASE WHEN j < m THEN trunc(i.amount / m, 2) ELSE i.amount - (m - 1) * trunc(i.amount / m, 2) END AS amount,
           CASE WHEN dunning_ref._h($1, i.unit, i.k * 100 + j, 'idate') < 0.5
                THEN i.due_date + (j - 1) * 30
                ELSE i.as_of - dunning_ref._pick($1, i.unit, i.k * 100 + j, 'ibound', i.bdays) + (j - 1) * 30 END AS due_date,
           dunning_ref._h($1, i.unit, i.k * 100 + j, 'ist') AS st
    FROM item1 AS i
    CROSS JOIN LATERAL (SELECT dunning_ref._ri($1, i.unit, i.k, 'm', 1, 4) AS m) AS mm
    CROSS JOIN LATERAL generate_series(1, mm.m) AS j
    WHERE i.on_plan
), all_items AS MATERIALIZED (
    SELECT i.unit, i.k, 0 AS j,
           dunning.item(item_id => i.item_id, kind => i.kind, amount => i.amount,
                        open_amount => i.open_amount, due_date => i.due_date,
                        currency => i.currency, disputed => i.disputed,
                        hold_until => i.hold_until, on_plan => i.on_plan) AS item
    FROM item1 AS i
    UNION ALL
    SELECT r.unit, r.k, r.j,
           dunning.item(item_id => r.item_id, kind => 'installment'::dunning.item_kind, amount => r.amount,
                        open_amount => CASE WHEN r.st < 0.6 THEN r.amount
                                            WHEN r.st < 0.8 THEN dunning_ref._part($1, r.unit, r.k * 100 + r.j, 'iopen', r.amount)
                                            ELSE 0 END,
                        due_date => r.due_date,
                        disputed => dunning_ref._h($1, r.unit, r.k * 100 + r.j, 'idisp') < 0.05,
                        hold_until => CASE WHEN dunning_ref._h($1, r.unit, r.k * 100 + r.j, 'ihold') < 0.08
                                           THEN r.as_of + dunning_ref._ri($1, r.unit, r.k * 100 + r.j, 'ihspread', -10, 20) END)
    FROM plan_rows AS r
    UNION ALL
    -- a NULL element now and then: ignored by both sides
    SELECT u.unit, 0, 0, NULL::dunning.item
    FROM u WHERE dunning_ref._h($1, u.unit, 0, 'nullitem') < 0.02
), arr AS MATERIALIZED (
    -- array order shuffled: results must not depend on it
    SELECT a.unit, array_agg(a.item ORDER BY md5($1 || ':' || a.unit || ':' || a.k || ':' || a.j)) AS items
    FROM all_items AS a GROUP BY a.unit
)
SELECT up.unit, arr.items, up.policy, up.as_of,
       CASE WHEN dunning_ref._h($1, up.unit, 0, 'hl') < 0.3 THEN NULL
            ELSE dunning_ref._pick($1, up.unit, 0, 'last', ARRAY[0, 0, 1, 1, 2, 3, 4]) END,
       CASE WHEN dunning_ref._h($1, up.unit, 0, 'hd') < 0.3 THEN NULL
            WHEN dunning_ref._h($1, up.unit, 0, 'hdmode') < 0.6
            THEN up.as_of - dunning_ref._pick($1, up.unit, 0, 'lld',
                     ARRAY[0, 1, 2, 6, 7, 8, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 29, 30, 31])
            ELSE up.as_of - dunning_ref._ri($1, up.unit, 0, 'lldspread', 0, 90) END,
       CASE WHEN dunning_ref._h($1, up.unit, 0, 'hs') < 0.25 THEN NULL
            WHEN dunning_ref._h($1, up.unit, 0, 'hsmode') < 0.7
            THEN dunning_ref._pick($1, up.unit, 0, 'score',
                     ARRAY[0.5, 0.85, 0.8999, 0.9, 0.9, 0.9001, 0.9499, 0.95, 1, 0.89999, 0.900049, 0.666666666666666667]::numeric[])
            ELSE round(dunning_ref._h($1, up.unit, 0, 'score2')::numeric, 4) END
FROM up JOIN arr USING (unit)
ORDER BY up.unit
$$;
