-- dunning.assess, dunning.assess_items, dunning.validate_policy through SQL (SPEC §6-8): the seed
-- documents' cases end to end, history, NULL semantics, policy errors and parallel aggregation.
\ir setup.psql
SELECT plan(47);

CREATE TEMP TABLE unit_items (unit text, item dunning.item);
INSERT INTO unit_items VALUES
    -- seed: 10 EUR 90 days and 5,000 EUR 30 days overdue
    ('seed', dunning.item('INV-3', 'invoice', 10, 10, '2025-12-02')),
    ('seed', dunning.item('INV-7', 'invoice', 5000, 5000, '2026-01-31')),
    -- seed: a 5 EUR residual with 30 EUR of fees under a 25 EUR minimum
    ('residual', dunning.item('INV-31', 'invoice', 105, 5, '2026-01-15')),
    ('residual', dunning.item('FEE-1', 'fee', 15, 15, '2026-02-01')),
    ('residual', dunning.item('FEE-2', 'fee', 15, 15, '2026-02-15')),
    -- seed: a credit note covers the overdue invoice
    ('credited', dunning.item('INV-20', 'invoice', 480, 480, '2026-01-15')),
    ('credited', dunning.item('CN-5', 'credit_note', 480, 480, '2026-02-20')),
    -- seed: the latest bank statement shows the payment
    ('banked', dunning.item('INV-21', 'invoice', 480, 480, '2026-01-15')),
    ('banked', dunning.item('BR-9', 'bank_receipt', 500, 500, '2026-03-01')),
    -- disputed, held and on-plan items never raise the level
    ('blocked', dunning.item('D-1', 'invoice', 900, 900, '2025-10-01', disputed => true)),
    ('blocked', dunning.item('H-1', 'invoice', 700, 700, '2025-11-01', hold_until => '2026-03-20')),
    ('blocked', dunning.item('P-1', 'invoice', 800, 800, '2025-09-01', on_plan => true)),
    -- a plan's overdue instalment is dunned instead of the invoice
    ('plan', dunning.item('P-2', 'invoice', 900, 600, '2025-09-01', on_plan => true)),
    ('plan', dunning.item('P-2/2', 'installment', 300, 300, '2026-02-10')),
    ('plan', dunning.item('P-2/3', 'installment', 300, 300, '2026-04-10')),
    -- in credit
    ('credit', dunning.item('INV-9', 'invoice', 40, 40, '2026-02-01')),
    ('credit', dunning.item('PAY-1', 'payment', 100, 100, '2026-02-10'));

CREATE TEMP VIEW decided AS
SELECT unit, dunning.assess(item, '{"item_min_amount": 25, "skip_levels": true}', '2026-03-02') AS a
  FROM unit_items GROUP BY unit;

-- Seed case 1: the level follows the significant 5,000 EUR, not the oldest 10 EUR.
SELECT is((a).level, 3, 'seed 10 + 5000: level 3 from the 5000 EUR 30 days overdue') FROM decided WHERE unit = 'seed';
SELECT is((a).significant_overdue_days, 30, 'seed: significant overdue days 30') FROM decided WHERE unit = 'seed';
SELECT is((a).oldest_overdue_days, 90, 'seed: the naive oldest figure is 90 days') FROM decided WHERE unit = 'seed';
SELECT is((a).dunnable_amount, 5000.00, 'seed: the letter is about 5000 EUR') FROM decided WHERE unit = 'seed';
SELECT is((a).reason, 'level 3: 5000.00 EUR overdue 30 days (INV-7); INV-3 10.00 EUR ignored: below 25.00 EUR',
          'seed: the reason of SPEC §7') FROM decided WHERE unit = 'seed';
SELECT is((SELECT (dunning.assess(item, '{"item_min_amount": 25}', '2026-03-02')).level FROM unit_items WHERE unit = 'seed'),
          1, 'seed without skip_levels: the first letter of an episode is level 1');
-- Seed case 2: fees never make a residual dunnable.
SELECT is((a).action, 'none', 'residual 5 EUR + 30 EUR fees: no reminder') FROM decided WHERE unit = 'residual';
SELECT is((a).charges_open, 30.00, 'residual: charges reported separately') FROM decided WHERE unit = 'residual';
SELECT ok('item_insignificant' = ANY((a).reason_codes), 'residual: item_insignificant') FROM decided WHERE unit = 'residual';
-- Seed case 3: credits and bank receipts net before anything is sent.
SELECT is((a).action, 'none', 'credit note covering the invoice: no reminder') FROM decided WHERE unit = 'credited';
SELECT ok('settled_by_credit' = ANY((a).reason_codes), 'credited: settled_by_credit') FROM decided WHERE unit = 'credited';
SELECT is((a).action, 'none', 'bank receipt covering the invoice: no reminder') FROM decided WHERE unit = 'banked';
SELECT ok((a).reason_codes @> ARRAY['settled_by_credit', 'in_credit'], 'banked: settled and in credit') FROM decided WHERE unit = 'banked';
-- Arrangements.
SELECT is((a).action, 'hold', 'disputed, held and on-plan items only: hold') FROM decided WHERE unit = 'blocked';
SELECT is((a).computed_level, 0, 'blocked items never raise the level') FROM decided WHERE unit = 'blocked';
SELECT ok((a).reason_codes @> ARRAY['disputed', 'held', 'on_plan'], 'blocked: each arrangement named') FROM decided WHERE unit = 'blocked';
-- On 20 March the hold ends: H-1 is dunnable again at its real 139 days, so the action changes.
SELECT is((a).next_review_date, '2026-03-20'::date, 'blocked: reviewed when the hold ends') FROM decided WHERE unit = 'blocked';
SELECT is((SELECT ((a).action, (a).level, (a).significant_overdue_days)
             FROM (SELECT dunning.assess(item, '{"item_min_amount": 25, "skip_levels": true}', '2026-03-20') AS a
                     FROM unit_items WHERE unit = 'blocked') x),
          ('remind'::text, 4, 139), 'blocked: when the hold ends, dunning resumes at the days from the due date');
SELECT is((a).dunnable_amount, 300.00, 'plan: the overdue instalment is dunned') FROM decided WHERE unit = 'plan';
SELECT is((a).level, 2, 'plan: level from the instalment (20 days)') FROM decided WHERE unit = 'plan';
SELECT is((a).net_balance, -60.00, 'in credit: negative net balance') FROM decided WHERE unit = 'credit';
SELECT ok('in_credit' = ANY((a).reason_codes), 'in credit: in_credit') FROM decided WHERE unit = 'credit';

-- History: one step per letter, the interval, loyalty.
SELECT is((SELECT (dunning.assess(item, NULL, '2026-03-02', 1, '2026-02-10', NULL)).level FROM unit_items WHERE unit = 'seed'),
          2, 'escalation: one step above the last letter');
SELECT is((SELECT (dunning.assess(item, NULL, '2026-03-02', 1, '2026-02-25', NULL)).action FROM unit_items WHERE unit = 'seed'),
          'wait', 'a new letter waits for min_interval_days');
SELECT is((SELECT (dunning.assess(item, NULL, '2026-03-02', 0, NULL, 0.95)).tone FROM unit_items WHERE unit = 'seed'),
          'friendly', 'loyal customer: friendly first letter');
SELECT is((SELECT (dunning.assess(item, '{"skip_levels": true}', '2026-03-02', NULL, NULL, 0.95)).fee FROM unit_items WHERE unit = 'seed'),
          0.00, 'loyal customer: level 3 fee waived');
SELECT is((SELECT (dunning.assess(item, '{"skip_levels": true}', '2026-03-02', NULL, NULL, 0.5)).fee FROM unit_items WHERE unit = 'seed'),
          15.00, 'habitual late payer: the level fee applies');
SELECT is((SELECT dunning.assess(item, NULL, '2026-03-02') FROM unit_items WHERE unit = 'seed'),
          (SELECT dunning.assess(item, NULL, '2026-03-02', NULL, NULL, NULL) FROM unit_items WHERE unit = 'seed'),
          'NULL history is no history');

-- Per-item assessment.
SELECT results_eq(
    $$SELECT item_id, allocated, net_open, days_overdue, significant, item_level, status
        FROM dunning.assess_items((SELECT array_agg(item) FROM unit_items WHERE unit = 'plan'), NULL, '2026-03-02')$$,
    $$VALUES ('P-2', 0.00, 600.00, 182, true, 0, 'on_plan'),
             ('P-2/2', 0.00, 300.00, 20, true, 2, 'overdue'),
             ('P-2/3', 0.00, 300.00, -39, true, 0, 'not_due')$$,
    'assess_items: on-plan invoice, overdue and future instalments');
SELECT results_eq(
    $$SELECT item_id, status FROM dunning.assess_items(
        ARRAY[dunning.item('B', 'invoice', 10, 10, '2026-03-01'), NULL, dunning.item('A', 'fee', 5, 5, '2026-01-01'),
              dunning.item('C', 'payment', 5, 5, '2026-02-01')], '{"grace_days": 3}', '2026-03-02')$$,
    $$VALUES ('A', 'charge'), ('C', 'credit'), ('B', 'grace')$$,
    'assess_items: NULL elements ignored, ordered by due date then id, one day overdue is in grace');
SELECT is((SELECT net_open FROM dunning.assess_items(
        ARRAY[dunning.item('B', 'invoice', 10, 10, '2026-03-01'), dunning.item('C', 'payment', 5, 5, '2026-02-01')],
        NULL, '2026-03-02') WHERE item_id = 'B'), 5.00, 'assess_items: the payment pays half of B');
SELECT is((SELECT count(*) FROM dunning.assess_items(NULL, NULL, '2026-03-02')), 0::bigint, 'assess_items: NULL array, no rows');
SELECT throws_ok($$SELECT * FROM dunning.assess_items(ARRAY[dunning.item('A', 'invoice', 1, 1, '2026-01-01')], NULL, NULL)$$,
                 '22023', 'as_of must not be NULL', 'assess_items: NULL as_of');

-- NULL semantics of the aggregate (SPEC §3).
SELECT is((SELECT dunning.assess(item, NULL, '2026-03-02') FROM unit_items WHERE false), NULL, 'zero items: NULL');
SELECT is((SELECT dunning.assess(NULL::dunning.item, NULL, '2026-03-02')), NULL, 'only a NULL item: NULL');
SELECT throws_ok($$SELECT dunning.assess(item, NULL, NULL) FROM unit_items$$, '22023', 'as_of must not be NULL', 'NULL as_of');
SELECT throws_ok($$SELECT dunning.assess(item, CASE WHEN (item).amount > 100 THEN '{"grace_days": 1}' END::jsonb, '2026-03-02') FROM unit_items WHERE unit = 'seed'$$,
                 '22023', 'policy differs within one group', 'policy differing within a group');
SELECT lives_ok($$SELECT dunning.assess(item, CASE WHEN (item).amount > 100 THEN '{}' END::jsonb, '2026-03-02') FROM unit_items WHERE unit = 'seed'$$,
                'NULL and {} are the same (default) policy');
SELECT throws_ok($$SELECT dunning.assess(item, NULL, '2026-03-02', (item).amount::int, NULL, NULL) FROM unit_items WHERE unit = 'seed'$$,
                 '22023', 'last_level differs within one group: 10 and 5000', 'history differing within a group');
SELECT throws_ok($$SELECT dunning.assess(item, NULL, '2026-03-02', -1, NULL, NULL) FROM unit_items$$,
                 '22023', 'last_level -1 must not be negative', 'negative last level');

-- Policy validation: strict, with hints.
SELECT throws_ok($$SELECT dunning.validate_policy('{"levels": [{"level": 1, "days": 3, "min_amout": 5}]}')$$,
                 '22023', 'unknown policy key "levels[1].min_amout"', 'unknown key');
SELECT is(pg_temp.hint_of($$SELECT dunning.validate_policy('{"levels": [{"level": 1, "days": 3, "min_amout": 5}]}')$$),
          'Did you mean "min_amount"?', 'typo hint names the likely key');
SELECT throws_ok($$SELECT dunning.assess(item, '{"grace_day": 3}', '2026-03-02') FROM unit_items$$,
                 '22023', 'unknown policy key "grace_day"', 'the aggregate validates its policy');
SELECT is(dunning.validate_policy(NULL) -> 'levels' -> 3 ->> 'tone', 'formal_notice', 'NULL policy: the defaults');

-- Parallel aggregation equals serial (SPEC §12).
CREATE TABLE parallel_units AS
SELECT 'C' || (g % 89) AS customer,
       dunning.item('D' || g, (ARRAY['invoice', 'invoice', 'credit_note', 'fee', 'invoice', 'payment'])[1 + g % 6],
                    (g % 700) + 0.5, (g % 700) + 0.5, DATE '2026-01-01' + (g % 75), disputed => g % 23 = 0,
                    -- promises to pay ending before, on and after as_of (2 March)
                    hold_until => CASE WHEN g % 6 IN (0, 1, 4) AND g % 11 = 0 THEN DATE '2026-02-20' + (g % 25) END) AS item
  FROM generate_series(1, 30000) g;
ANALYZE parallel_units;
CREATE TEMP TABLE serial_assessment AS
SELECT customer, dunning.assess(item, '{"item_min_amount": 5}', '2026-03-02', 1, '2026-02-01', 0.91) AS a
  FROM parallel_units GROUP BY customer;
\ir parallel.psql
SELECT ok(pg_temp.plan_of($$SELECT customer, dunning.assess(item, '{"item_min_amount": 5}', '2026-03-02', 1, '2026-02-01', 0.91) FROM parallel_units GROUP BY customer$$)
          ~ 'Partial (Hash|Group)?Aggregate', 'the planner uses partial aggregation for assess');
SELECT is((SELECT count(*) FROM (SELECT customer, dunning.assess(item, '{"item_min_amount": 5}', '2026-03-02', 1, '2026-02-01', 0.91) AS a
                                   FROM parallel_units GROUP BY customer) p
             FULL JOIN serial_assessment s USING (customer) WHERE p.a IS DISTINCT FROM s.a), 0::bigint,
          'parallel assess equals serial assess for every customer');
SELECT cmp_ok((SELECT count(*) FROM serial_assessment WHERE 'held' = ANY((a).reason_codes)), '>=', 10::bigint,
              '... customers with held items among them');

SELECT * FROM finish();
ROLLBACK;
