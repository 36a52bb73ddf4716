-- dunning.letter_charges and dunning.be_waiting_end (C++, src/core/letter_charges.cpp and
-- src/core/assessment_letter.cpp) give the same results as the PL/pgSQL and SQL they replaced
-- (issue 18), kept here as the oracle in pg_temp: tens of thousands of generated argument
-- combinations (consumer rules none/BE/NL, every jurisdiction, consumer or business, reminder or
-- pre-due letter, every tone, levels 0-5, fees, costs rules, amounts and episode figures of
-- different numeric scales, announced costs and deadlines around as_of, e-mail and post, as_of on
-- every weekday), compared column by column and as the row's text, so that a numeric printed with
-- another scale (12.5 for 12.50) is a difference; and the same errors for broken input.
\ir setup.psql
SELECT plan(15);

-- The SQL and PL/pgSQL of extension/src/52_letter_compose.sql before issue 18, verbatim but for the names.
-- The end of the Belgian consumer waiting period after a reminder (art. XIX.2 CEL): 14 calendar
-- days from the third working day after a paper reminder, the first after an e-mailed one.
CREATE FUNCTION pg_temp.be_waiting_end_sql(sent date, channel text)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT d + 14 FROM (
        SELECT d FROM generate_series($1 + 1, $1 + 10, interval '1 day') g(t), LATERAL (SELECT g.t::date AS d) x
        WHERE extract(isodow FROM g.t) < 6
        ORDER BY d OFFSET CASE $2 WHEN 'email' THEN 0 ELSE 2 END LIMIT 1) w
$$;

-- What a letter charges and which notices it carries (SPEC §10, §13), from its assessment, the
-- policy's collection_costs and the unit's episode so far:
--   business debts: the policy's costs (40 EUR per invoice; the WIK scale in NL); the formal notice
--     states commercial interest and the 40 EUR compensation even when the policy claims neither;
--   BE consumers: the first reminder of an episode is free and announces the costs the scale
--     allows; fees and costs of an episode together stay within the Book XIX scale
--     (fee_capped_by_law, costs_already_charged); the deadline is never before the waiting period ends;
--   NL consumers: no level fees; the WIK amount once per episode, only after a 14-day letter
--     stated it and its deadline passed unpaid;
--   consumers: nothing is charged that no earlier letter of the episode announced (costs_not_announced).
CREATE FUNCTION pg_temp.letter_charges_sql(
    rules text, jurisdiction text, consumer boolean, action text, tone text, level integer, level_fee numeric,
    costs_rule jsonb, amount numeric, invoice_count bigint, interest numeric,
    contractual boolean, episode_letters bigint, episode_fees numeric, episode_costs numeric,
    announced numeric, announced_pay_by date, announced_on date, channel text, as_of date,
    OUT fee numeric, OUT costs numeric, OUT announced_costs numeric, OUT waiting_end date,
    OUT announce_deadline date, OUT interest_notice text, OUT costs_notice text, OUT charge_reason text,
    OUT charge_codes text[], OUT interest_rate numeric, OUT announced_interest_rate numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    costs_from  integer := coalesce((costs_rule ->> 'from_level')::integer, 1);
    costs_juris text := coalesce(costs_rule ->> 'jurisdiction', jurisdiction);
    wanted      numeric := 0;
    scale       numeric;  -- BE: the Book XIX maximum for the debt
    room        numeric;
    reasons     text[] := '{}';
BEGIN
    fee := level_fee;
    costs := 0;
    charge_codes := '{}';
    interest_rate := (SELECT r.rate FROM dunning.statutory_rates r
                      WHERE r.jurisdiction = letter_charges_sql.jurisdiction AND r.consumer = letter_charges_sql.consumer
                        AND r.valid_from <= as_of ORDER BY r.valid_from DESC LIMIT 1);
    IF action <> 'remind' THEN
        RETURN;
    END IF;
    IF costs_rule IS NOT NULL AND level >= costs_from THEN
        wanted := CASE WHEN consumer OR costs_juris = 'NL' THEN dunning.collection_costs(greatest(amount, 0.01), costs_juris, consumer)
                       ELSE 40 * invoice_count END;
    END IF;

    IF rules = 'BE' THEN
        scale := dunning.collection_costs(greatest(amount, 0.01), 'BE', true);
        room := greatest(0, scale - episode_fees - episode_costs);
        IF episode_letters = 0 THEN
            -- the free first reminder announces what may follow
            announced_costs := scale;
            announced_interest_rate := interest_rate;
            costs_notice := 'costs_announce_consumer';
            IF fee > 0 OR wanted > 0 THEN
                reasons := array_append(reasons, ('costs_not_announced: the first reminder of an episode is free (art. XIX.2 CEL)')::text);
                charge_codes := charge_codes || 'costs_not_announced'::text;
            END IF;
            fee := 0;
            wanted := 0;
        ELSIF announced IS NULL AND (fee > 0 OR wanted > 0) THEN
            reasons := array_append(reasons, ('costs_not_announced: no earlier letter of the episode announced the costs')::text);
            charge_codes := charge_codes || 'costs_not_announced'::text;
            fee := 0;
            wanted := 0;
        END IF;
        IF fee > room THEN
            reasons := array_append(reasons, (CASE WHEN room > 0 THEN format('fee_capped_by_law: the fees of an episode stay within %s (Book XIX CEL)', scale)
                                       ELSE format('costs_already_charged: the episode already charged the Book XIX maximum of %s', scale) END)::text);
            charge_codes := charge_codes || CASE WHEN room > 0 THEN 'fee_capped_by_law' ELSE 'costs_already_charged' END;
            fee := room;
        END IF;
        costs := least(wanted, room - fee);
        IF costs < wanted AND NOT 'costs_already_charged' = ANY (charge_codes) THEN
            reasons := array_append(reasons, (format('costs_already_charged: the episode already charged %s of the Book XIX maximum of %s',
                                         episode_fees + episode_costs, scale))::text);
            charge_codes := charge_codes || 'costs_already_charged'::text;
        END IF;
        IF costs > 0 THEN
            costs_notice := 'costs_charged_consumer';
        END IF;
        waiting_end := pg_temp.be_waiting_end_sql(as_of, channel);
    ELSIF rules = 'NL' THEN
        fee := 0;  -- no per-letter fees for Dutch consumers (the assessment says fee_waived_consumer_rules)
        IF costs_rule IS NOT NULL AND level >= costs_from - 1 THEN
            IF episode_costs > 0 THEN
                IF wanted > 0 THEN
                    reasons := array_append(reasons, ('costs_already_charged: the WIK amount is charged once per episode')::text);
                    charge_codes := charge_codes || 'costs_already_charged'::text;
                END IF;
            ELSIF announced IS NOT NULL AND announced_pay_by < as_of AND wanted > 0 THEN
                costs := least(announced, wanted);
                costs_notice := 'costs_charged_consumer';
            ELSE
                IF wanted > 0 THEN
                    reasons := array_append(reasons, ('costs_not_announced: a 14-day letter must first state the amount (art. 6:96 lid 6 BW)')::text);
                    charge_codes := charge_codes || 'costs_not_announced'::text;
                END IF;
                -- this letter is the 14-day letter: 14 days from the day after receipt
                announced_costs := dunning.collection_costs(greatest(amount, 0.01), 'NL', true);
                announce_deadline := as_of + CASE channel WHEN 'email' THEN 15 ELSE 17 END;
                costs_notice := 'costs_announce_consumer';
            END IF;
        END IF;
    ELSE
        costs := wanted;
        IF costs > 0 THEN
            costs_notice := CASE WHEN consumer THEN 'costs_notice_consumer' ELSE 'costs_notice_business' END;
        ELSIF tone = 'formal_notice' AND NOT consumer THEN
            costs_notice := 'costs_right_business';
        END IF;
    END IF;

    interest_notice := CASE WHEN interest > 0 AND contractual THEN 'interest_notice_contractual'
                            WHEN interest > 0 AND consumer THEN 'interest_notice_consumer'
                            WHEN interest > 0 THEN 'interest_notice_business'
                            WHEN tone = 'formal_notice' AND NOT consumer THEN 'interest_right_business' END;
    charge_reason := nullif(array_to_string(reasons, '; '), '');
END
$$;

-- The statutory rate the run passes: in force on as_of, per jurisdiction and kind of debt (55_run.sql).
CREATE FUNCTION pg_temp.rate_on(jurisdiction text, consumer boolean, as_of date) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT sr.rate FROM (
        SELECT DISTINCT ON (r.jurisdiction, r.consumer) r.jurisdiction, r.consumer, r.rate
        FROM dunning.statutory_rates r
        WHERE r.valid_from <= $3
        ORDER BY r.jurisdiction, r.consumer, r.valid_from DESC) sr
    WHERE sr.jurisdiction = $1 AND sr.consumer = $2
$$;

-- The cases: each argument drawn from its list by a seeded random number.
SELECT setseed(0.18);
CREATE TEMP TABLE cases AS
WITH draws AS (
    SELECT g AS n, array_agg(random() ORDER BY k) AS r
    FROM generate_series(1, 30000) g CROSS JOIN generate_series(1, 18) k GROUP BY g
)
SELECT n,
       (ARRAY[NULL, 'BE', 'NL'])[1 + floor(r[1] * 3)::integer] AS rules,
       (ARRAY['EU', 'BE', 'NL', 'DE', 'FR'])[1 + floor(r[2] * 5)::integer] AS jurisdiction,
       r[3] < 0.6 AS consumer,
       CASE WHEN r[4] < 0.85 THEN 'remind' ELSE 'pre_due' END AS action,
       (ARRAY['friendly', 'firm', 'formal_notice', 'final'])[1 + floor(r[5] * 4)::integer] AS tone,
       floor(r[6] * 6)::integer AS level,
       (ARRAY[0, 10, 12.50, 7.5, 25.0000, 0.00, 150, 2500.99])[1 + floor(r[7] * 8)::integer]::numeric AS level_fee,
       (ARRAY[NULL, '{"from_level": 2}', '{"from_level": 1, "jurisdiction": "NL"}', '{}',
              '{"from_level": 4, "jurisdiction": "BE"}', '{"from_level": null, "jurisdiction": "DE"}'])[1 + floor(r[8] * 6)::integer]::jsonb AS costs_rule,
       (ARRAY[0, 0.0001, 0.005, 0.01, 0.0099, 12, 100.5, 149.99, 150, 150.01, 400, 500.00, 1234.5678, 2500,
              7345.67, 10000.1, 99999.99, 450000.125, 9999999999.9999, 123456789012.3, -5.00, 0.010])[1 + floor(r[9] * 22)::integer]::numeric AS amount,
       (ARRAY[0, 1, 2, 3, 17])[1 + floor(r[10] * 5)::integer]::bigint AS invoice_count,
       (ARRAY[0, 1.25, 0.00, 13.4567, NULL, -2])[1 + floor(r[11] * 6)::integer]::numeric AS interest,
       (ARRAY[true, false, NULL])[1 + floor(r[12] * 3)::integer] AS contractual,
       e.episode_letters, e.episode_fees, e.episode_costs,
       (ARRAY[NULL, NULL, 30.00, 525.00, 20, 40.0, 6775.00, 0.00])[1 + floor(r[14] * 8)::integer]::numeric AS announced,
       d.as_of + (ARRAY[NULL, -20, -1, 0, 1, 14])[1 + floor(r[15] * 6)::integer] AS announced_pay_by,
       d.as_of - 14 AS announced_on,
       CASE WHEN r[16] < 0.5 THEN 'email' ELSE 'post' END AS channel,
       d.as_of
FROM draws
JOIN (VALUES (0, 0::bigint, 0::numeric, 0::numeric), (1, 0, 0.00, 0.00), (2, 1, 10.00, 0), (3, 1, 12.5, 0.0000),
             (4, 2, 15.00, 20.00), (5, 3, 0, 40.00), (6, 2, 70.5, 0), (7, 4, 2000.00, 0), (8, 1, 0, 525.00),
             (9, 2, 5, 17.50)) e(i, episode_letters, episode_fees, episode_costs) ON e.i = floor(r[13] * 10)::integer
CROSS JOIN LATERAL (SELECT DATE '2026-02-26' + floor(r[17] * 10)::integer AS as_of) d;

CREATE TEMP TABLE compared AS
SELECT c.n, c.rules, c.level_fee, ROW(cc.*)::text AS c_row, ROW(s.*)::text AS sql_row,
       cc.fee AS c_fee, s.fee AS sql_fee, cc.charge_codes, cc.charge_reason, cc.costs, cc.waiting_end,
       cc.announce_deadline, cc.announced_costs,
       ROW(cc.*) IS NOT DISTINCT FROM ROW(s.*) AS same_values
FROM cases c
CROSS JOIN LATERAL dunning.letter_charges(c.rules, c.jurisdiction, c.consumer, c.action, c.tone, c.level, c.level_fee,
                                          c.costs_rule, c.amount, c.invoice_count, c.interest, c.contractual,
                                          c.episode_letters, c.episode_fees, c.episode_costs, c.announced,
                                          c.announced_pay_by, c.channel, c.as_of,
                                          pg_temp.rate_on(c.jurisdiction, c.consumer, c.as_of)) cc
CROSS JOIN LATERAL pg_temp.letter_charges_sql(c.rules, c.jurisdiction, c.consumer, c.action, c.tone, c.level, c.level_fee,
                                              c.costs_rule, c.amount, c.invoice_count, c.interest, c.contractual,
                                              c.episode_letters, c.episode_fees, c.episode_costs, c.announced,
                                              c.announced_pay_by, c.announced_on, c.channel, c.as_of) s;

SELECT is((SELECT count(*) FROM compared), 30000::bigint, '30,000 argument combinations compared');
SELECT is((SELECT count(*) FROM compared WHERE NOT same_values), 0::bigint, 'the same values in every column');
SELECT is((SELECT count(*) FROM compared WHERE c_row IS DISTINCT FROM sql_row), 0::bigint,
          'the same row text: numeric scales, reasons and codes included');
SELECT diag('first difference in case ' || n || E':\n  C++:       ' || c_row || E'\n  PL/pgSQL:  ' || sql_row)
FROM compared WHERE c_row IS DISTINCT FROM sql_row OR NOT same_values ORDER BY n LIMIT 3;
-- the cases reach what they are meant to
SELECT is((SELECT array_agg(DISTINCT code ORDER BY code) FROM compared, unnest(charge_codes) code),
          ARRAY['costs_already_charged', 'costs_not_announced', 'fee_capped_by_law'],
          'every charge code is produced');
SELECT cmp_ok((SELECT count(*) FROM compared WHERE cardinality(charge_codes) >= 2), '>', 100::bigint,
              'over 100 cases with two reasons or more');
SELECT cmp_ok((SELECT count(DISTINCT c_fee::text) FILTER (WHERE c_fee::text NOT IN (SELECT level_fee::text FROM cases)) FROM compared),
              '>', 3::bigint, 'fees capped to amounts of several scales');
SELECT cmp_ok((SELECT count(*) FROM compared WHERE costs > 0 AND rules = 'NL'), '>', 100::bigint, 'Dutch costs charged');
SELECT cmp_ok((SELECT count(*) FROM compared WHERE costs > 0 AND rules = 'BE'), '>', 100::bigint, 'Belgian costs charged');
SELECT cmp_ok((SELECT count(DISTINCT extract(isodow FROM waiting_end)) FROM compared), '>=', 5::bigint,
              'waiting periods from every weekday');
SELECT cmp_ok((SELECT count(*) FROM compared WHERE charge_reason ~ '[0-9]\.[0-9]'), '>', 100::bigint,
              'reasons that print amounts');

-- be_waiting_end alone: three years of days, each channel, NULL dates
SELECT is((SELECT count(*) FROM generate_series(DATE '2025-01-01', DATE '2027-12-31', interval '1 day') g(t),
                  unnest(ARRAY['email', 'post', NULL, 'sms']) ch
           WHERE dunning.be_waiting_end(g.t::date, ch) IS DISTINCT FROM pg_temp.be_waiting_end_sql(g.t::date, ch)), 0::bigint,
          'be_waiting_end: the same day for every day of three years and every channel');
-- (the SQL never ends for an infinite date: generate_series from infinity to infinity)
SELECT is(ARRAY[dunning.be_waiting_end(NULL, 'post'), dunning.be_waiting_end(NULL, 'email')],
          ARRAY[pg_temp.be_waiting_end_sql(NULL, 'post'), pg_temp.be_waiting_end_sql(NULL, 'email')],
          'be_waiting_end: no date, no end');
SELECT is(ARRAY[dunning.be_waiting_end('infinity', 'post'), dunning.be_waiting_end('-infinity', 'email')],
          ARRAY[NULL, NULL]::date[], 'be_waiting_end: an infinite date has no end either');

-- the same errors: an error, with the same SQLSTATE and message
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
CREATE TEMP TABLE broken(costs_rule, amount) AS VALUES
    ('{"from_level": "two"}'::jsonb, 100::numeric), ('{"from_level": 2.5}', 100), ('{"from_level": true}', 100),
    ('{"from_level": [1]}', 100), ('{"jurisdiction": "XX"}', 100), ('{"jurisdiction": 7}', 100),
    ('{}', 1.00001), ('{}', 'NaN'), ('{}', 'Infinity'), ('{}', 1e20), ('{}', 0.000001), ('{}', '-Infinity');
SELECT is((SELECT count(*) FROM broken b, unnest(ARRAY[NULL, 'BE', 'NL']) rules, unnest(ARRAY[true, false]) consumer
           WHERE pg_temp.error_of(format($$SELECT dunning.letter_charges(%L, 'BE', %L, 'remind', 'firm', 3, 10, %L, %L, 2, 0, false, 1, 0, 0, NULL, NULL, 'post', '2026-03-02', NULL)$$,
                                         rules, consumer, b.costs_rule, b.amount))
                 IS DISTINCT FROM
                 pg_temp.error_of(format($$SELECT pg_temp.letter_charges_sql(%L, 'BE', %L, 'remind', 'firm', 3, 10, %L, %L, 2, 0, false, 1, 0, 0, NULL, NULL, NULL, 'post', '2026-03-02')$$,
                                         rules, consumer, b.costs_rule, b.amount))), 0::bigint,
          'broken costs rules and amounts: the same errors (or none) as the PL/pgSQL');
SELECT is(pg_temp.error_of($$SELECT dunning.letter_charges(NULL, 'BE', true, 'remind', 'firm', 3, NULL, NULL, 100, 2, 0, false, 1, 0, 0, NULL, NULL, 'post', '2026-03-02', NULL)$$),
          '22004: dunning.letter_charges: level_fee must not be NULL', 'a NULL the run never passes is an error');

SELECT * FROM finish();
ROLLBACK;
