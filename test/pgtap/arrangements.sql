-- Arrangements end to end (SPEC §4-7, §10): promise to pay (hold_until), disputes, payment plans
-- whose instalments come from dunning.propose_plan, the consumer rules of BE and NL with the fees
-- of an earlier letter in the ledger, and the seed's 25 EUR case with fees, interest and
-- collection costs computed by the extension: charges never count toward thresholds.
\ir setup.psql
SELECT plan(50);

CREATE TEMP TABLE ledger (unit text, item dunning.item);
INSERT INTO ledger VALUES
    -- A promise to pay by 15 March for an invoice due 15 January.
    ('PROMISE', dunning.item('INV-H', 'invoice', 400, 400, '2026-01-15', hold_until => '2026-03-15')),
    -- A hold_until before the due date changes nothing: the effective due date is the later one.
    ('EARLY', dunning.item('INV-E', 'invoice', 400, 400, '2026-02-01', hold_until => '2026-01-20')),
    -- A disputed invoice beside an undisputed one, and a credit note.
    ('DISPUTE', dunning.item('D-1', 'invoice', 600, 600, '2025-12-01', disputed => true)),
    ('DISPUTE', dunning.item('D-2', 'invoice', 80, 80, '2026-02-20')),
    ('DISPUTE-CN', dunning.item('D-1', 'invoice', 600, 600, '2025-12-01', disputed => true)),
    ('DISPUTE-CN', dunning.item('D-2', 'invoice', 80, 80, '2026-02-20')),
    ('DISPUTE-CN', dunning.item('CN-1', 'credit_note', 600, 600, '2026-02-25'));
-- A payment plan for a 900 EUR invoice due 30 November: three monthly instalments from 31 January,
-- proposed by the extension; the first one is paid.
INSERT INTO ledger VALUES ('PLAN', dunning.item('INV-P', 'invoice', 900, 600, '2025-11-30', on_plan => true));
INSERT INTO ledger
SELECT 'PLAN', dunning.item('INV-P/' || n, 'installment', amount, CASE WHEN n = 1 THEN 0 ELSE amount END, due_date)
  FROM dunning.propose_plan(900, '2026-01-31', 3);

CREATE TEMP VIEW on_2_march AS
SELECT unit, dunning.assess(item, NULL, '2026-03-02') AS a FROM ledger GROUP BY unit;

-- Promise to pay.
SELECT is((a).action, 'hold', 'promise to pay: on hold until the promised date') FROM on_2_march WHERE unit = 'PROMISE';
SELECT is((a).reason, 'nothing dunnable: INV-H held until 2026-03-15', 'promise to pay: the reason names the date')
  FROM on_2_march WHERE unit = 'PROMISE';
SELECT ok('held' = ANY((a).reason_codes), 'promise to pay: reason code held') FROM on_2_march WHERE unit = 'PROMISE';
SELECT is((a).next_review_date, '2026-03-15'::date, 'promise to pay: reviewed when the promise falls due')
  FROM on_2_march WHERE unit = 'PROMISE';
SELECT results_eq($$SELECT status, effective_due_date, days_overdue FROM dunning.assess_items(
                      (SELECT array_agg(item) FROM ledger WHERE unit IN ('PROMISE', 'EARLY')), NULL, '2026-03-02')$$,
                  $$VALUES ('held', DATE '2026-03-15', 46), ('overdue', DATE '2026-02-01', 29)$$,
                  'assess_items: the effective due date is the later of due_date and hold_until; days overdue count from due_date');
SELECT is((SELECT (dunning.balance(item, '2026-03-02')).overdue_open FROM ledger WHERE unit = 'PROMISE'), 0.00,
          'promise to pay: not overdue in the balance before the promised date');
SELECT is((SELECT ((a).action, (a).level, (a).computed_level, (a).significant_overdue_days, (a).oldest_overdue_days)
             FROM (SELECT dunning.assess(item, NULL, '2026-03-16') AS a FROM ledger WHERE unit = 'PROMISE') x),
          ('remind'::text, 1, 4, 60, 60),
          'promise broken, no letter before: a first letter (level 1) that counts the real 60 days from the due date');
SELECT is((SELECT (a).reason FROM (SELECT dunning.assess(item, NULL, '2026-03-16') AS a FROM ledger WHERE unit = 'PROMISE') x),
          'level 1: 400.00 EUR overdue 60 days (INV-H); escalation capped at level 1 (computed 4)',
          'promise broken: the reason says 60 days, not 1');

-- Issue 16: holds suspend, they do not restart. A level 3 letter on 1 October, a promise to pay
-- until 20 October, not kept: on 21 October the next letter is level 4 about 81 days overdue.
CREATE TEMP TABLE broken (item dunning.item);
INSERT INTO broken VALUES (dunning.item('INV-B', 'invoice', 500, 500, '2026-08-01', hold_until => '2026-10-20'));
CREATE FUNCTION pg_temp.broken_on(as_of date) RETURNS dunning.assessment LANGUAGE sql AS $$
    SELECT dunning.assess(item, NULL, as_of, 3, '2026-10-01', NULL) FROM broken
$$;
SELECT is(((a).action, (a).level, (a).tone, (a).significant_overdue_days, (a).reason),
          ('remind'::text, 4, 'formal_notice'::text, 81, 'level 4: 500.00 EUR overdue 81 days (INV-B)'::text),
          'broken promise after a level 3 letter: level 4, 81 days overdue') FROM pg_temp.broken_on('2026-10-21') a;
SELECT is(((a).action, (a).level, (a).significant_overdue_days), ('remind'::text, 4, 80),
          'hold_until itself is no longer held (held means hold_until after as_of)') FROM pg_temp.broken_on('2026-10-20') a;
SELECT is(((a).action, (a).level, (a).dunnable_amount, (a).next_review_date), ('hold'::text, 0, 0.00, DATE '2026-10-20'),
          'while the promise runs: hold, reviewed on the hold''s end') FROM pg_temp.broken_on('2026-10-19') a;
SELECT results_eq($$SELECT d, x.status, x.effective_due_date, x.days_overdue, x.item_level
                      FROM unnest(ARRAY[DATE '2026-10-19', DATE '2026-10-21']) d,
                           LATERAL dunning.assess_items((SELECT array_agg(item) FROM broken), NULL, d) x$$,
                  $$VALUES (DATE '2026-10-19', 'held', DATE '2026-10-20', 79, 0),
                           (DATE '2026-10-21', 'overdue', DATE '2026-10-20', 81, 4)$$,
                  'assess_items: held with its real days overdue, then overdue at level 4');
-- A hold that ends mid-interval: the letter waits for min_interval_days since the last one.
SELECT is((SELECT ((a).action, (a).level, (a).next_review_date)
             FROM (SELECT dunning.assess(item, NULL, '2026-10-08', 2, '2026-10-01', NULL) AS a
                     FROM (VALUES (dunning.item('INV-M', 'invoice', 500, 500, '2026-08-20', hold_until => '2026-10-08'))) v(item)) x),
          ('wait'::text, 3, DATE '2026-10-15'), 'a hold ending mid-interval: level 3 waits for the interval');
-- The balance keeps its figures by the effective due date: held principal is not yet overdue.
SELECT is((SELECT ((dunning.balance(item, '2026-10-19')).overdue_open, (dunning.balance(item, '2026-10-21')).overdue_open) FROM broken),
          (0.00, 500.00), 'balance: held principal is overdue only after its effective due date');
-- The fast path has no hold_until: an item without one gives the composite form's result.
SELECT is((SELECT dunning.assess(item_id, kind::text, amount, open_amount, due_date, NULL, '2026-10-21')
             FROM (SELECT (item).* FROM broken) i),
          (SELECT dunning.assess(dunning.item((item).item_id, (item).kind, (item).amount, (item).open_amount, (item).due_date),
                                 NULL, '2026-10-21') FROM broken),
          'fast path: the same as the composite form without hold_until');

-- Disputes: in the balance, never dunned, never paid by credits.
SELECT is((a).dunnable_amount, 80.00, 'dispute: the letter is about the undisputed invoice only') FROM on_2_march WHERE unit = 'DISPUTE';
SELECT is(((a).level, (a).significant_overdue_days, (a).oldest_overdue_days), (1, 10, 91),
          'dispute: level and days from the undisputed invoice; the naive figure counts the disputed one')
  FROM on_2_march WHERE unit = 'DISPUTE';
SELECT ok('disputed' = ANY((a).reason_codes), 'dispute: reason code disputed') FROM on_2_march WHERE unit = 'DISPUTE';
SELECT is((SELECT dunning.balance(item, '2026-03-02') FROM ledger WHERE unit = 'DISPUTE'),
          ROW(680.00, 0.00, 0.00, 680.00, 600.00, 0.00, 680.00)::dunning.balance,
          'dispute: principal, disputed and overdue in the balance');
SELECT results_eq($$SELECT item_id, allocated, net_open, status FROM dunning.assess_items(
                      (SELECT array_agg(item) FROM ledger WHERE unit = 'DISPUTE-CN'), NULL, '2026-03-02')$$,
                  $$VALUES ('D-1', 0.00, 600.00, 'disputed'), ('D-2', 80.00, 0.00, 'settled'), ('CN-1', 80.00, 520.00, 'credit')$$,
                  'dispute: a credit note pays the undisputed invoice, never the disputed one');
SELECT is((a).action, 'hold', 'dispute with the rest paid by credit: on hold') FROM on_2_march WHERE unit = 'DISPUTE-CN';

-- Payment plan: the overdue instalment is dunned instead of the invoice.
SELECT results_eq($$SELECT item_id, due_date, amount FROM unnest((SELECT array_agg(item ORDER BY (item).item_id)
                      FROM ledger WHERE unit = 'PLAN' AND (item).kind = 'installment'))$$,
                  $$VALUES ('INV-P/1', DATE '2026-01-31', 300.00), ('INV-P/2', DATE '2026-02-28', 300.00),
                           ('INV-P/3', DATE '2026-03-31', 300.00)$$,
                  'plan: instalments from propose_plan, month ends clamped');
SELECT is(((a).action, (a).level, (a).dunnable_amount, (a).significant_overdue_days), ('remind'::text, 1, 300.00, 2),
          'plan: the instalment due 28 February is dunned, 2 days overdue') FROM on_2_march WHERE unit = 'PLAN';
SELECT is((a).oldest_overdue_days, 92, 'plan: only the naive oldest figure still counts the on-plan invoice (92 days)')
  FROM on_2_march WHERE unit = 'PLAN';
SELECT results_eq($$SELECT item_id, status FROM dunning.assess_items((SELECT array_agg(item) FROM ledger WHERE unit = 'PLAN'), NULL, '2026-03-02')$$,
                  $$VALUES ('INV-P', 'on_plan'), ('INV-P/1', 'settled'), ('INV-P/2', 'overdue'), ('INV-P/3', 'not_due')$$,
                  'plan: statuses of the invoice and its instalments');
SELECT is((SELECT dunning.balance(item, '2026-03-02') FROM ledger WHERE unit = 'PLAN'),
          ROW(600.00, 0.00, 0.00, 600.00, 0.00, 300.00, 300.00)::dunning.balance,
          'plan: instalments are a schedule, not extra debt');
SELECT is((SELECT ((a).action, (a).reason) FROM (SELECT dunning.assess(item, NULL, '2026-02-28') AS a FROM ledger WHERE unit = 'PLAN') x),
          ('hold'::text, 'nothing dunnable: INV-P on payment plan'::text), 'plan kept: on hold, not dunned');
SELECT is((SELECT ((a).action, (a).dunnable_amount) FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a
                                     FROM (SELECT item FROM ledger WHERE unit = 'PLAN'
                                           UNION ALL SELECT dunning.item('PAY-1', 'payment', 300, 300, '2026-03-01')) u) x),
          ('hold'::text, 0.00), 'plan: a payment settles the overdue instalment; the plan holds the invoice');

-- Consumer rules (SPEC §10) with the fee of the previous letter in the ledger. Level 1 charged
-- 7.50; the unit's invoice is now 41 days overdue, so level 2 (fee 15) is due.
CREATE TEMP TABLE consumer_items (item dunning.item);
INSERT INTO consumer_items VALUES
    (dunning.item('INV-C', 'invoice', 200, 200, '2026-01-20')),
    (dunning.item('FEE-1', 'fee', 7.50, 7.50, '2026-02-16'));
CREATE FUNCTION pg_temp.consumer_letter(rules text, as_of date, last_level int, last_letter date) RETURNS dunning.assessment
LANGUAGE sql AS $$
    SELECT dunning.assess(item, jsonb_build_object('consumer_rules', rules, 'levels', '[{"level": 1, "days": 1, "fee": 7.50},
                                                   {"level": 2, "days": 30, "fee": 15}]'::jsonb),
                          as_of, last_level, last_letter, NULL)
      FROM consumer_items
$$;
-- NL (art. 6:96 BW): 14 days counted from the day after the letter of Monday 16 February, so a
-- fee from 3 March; min_interval_days 14 allows the letter itself on 2 March.
SELECT is(((a).action, (a).level, (a).fee), ('remind'::text, 2, 0.00), 'NL: the letter of 2 March carries no fee')
  FROM pg_temp.consumer_letter('NL', '2026-03-02', 1, '2026-02-16') a;
SELECT ok((a).reason LIKE '%no fee: waiting period until 2026-03-03 (consumer rules NL)%' AND 'fee_waived_consumer_rules' = ANY((a).reason_codes),
          'NL: the reason gives the end of the waiting period') FROM pg_temp.consumer_letter('NL', '2026-03-02', 1, '2026-02-16') a;
SELECT is((a).fee, 15.00, 'NL: from 3 March the level 2 fee applies') FROM pg_temp.consumer_letter('NL', '2026-03-03', 1, '2026-02-16') a;
-- BE (art. XIX.2): 14 calendar days from the third working day after the letter of Friday
-- 20 February (Mon 23, Tue 24, Wed 25): a fee from 11 March.
SELECT is(((a).action, (a).level, (a).fee), ('remind'::text, 2, 0.00), 'BE: the letter of 6 March carries no fee')
  FROM pg_temp.consumer_letter('BE', '2026-03-06', 1, '2026-02-20') a;
SELECT ok((a).reason LIKE '%no fee: waiting period until 2026-03-11 (consumer rules BE)%', 'BE: the reason gives the end of the waiting period')
  FROM pg_temp.consumer_letter('BE', '2026-03-06', 1, '2026-02-20') a;
SELECT is((a).fee, 0.00, 'BE: still none on 10 March') FROM pg_temp.consumer_letter('BE', '2026-03-10', 1, '2026-02-20') a;
SELECT is((a).fee, 15.00, 'BE: the level 2 fee from 11 March') FROM pg_temp.consumer_letter('BE', '2026-03-11', 1, '2026-02-20') a;
SELECT is((a).fee, 15.00, 'without consumer rules the fee applies on 2 March') FROM pg_temp.consumer_letter(NULL, '2026-03-02', 1, '2026-02-16') a;
-- The first reminder of an episode never carries a fee, whatever its level.
SELECT is(((a).level, (a).fee), (1, 0.00), 'BE: no fee on the first reminder') FROM pg_temp.consumer_letter('BE', '2026-03-02', NULL, NULL) a;
SELECT ok((a).reason LIKE '%no fee: first reminder (consumer rules NL)%', 'NL: the reason names the first reminder')
  FROM pg_temp.consumer_letter('NL', '2026-03-02', 0, NULL) a;
SELECT is((SELECT (dunning.assess(item, '{"consumer_rules": "NL", "skip_levels": true, "levels": [{"level": 1, "days": 1, "fee": 7.50}, {"level": 2, "days": 30, "fee": 15}]}',
                                  '2026-03-02')).fee FROM consumer_items), 0.00, 'NL: a first reminder at level 2 has no fee either');
SELECT ok((SELECT NOT (dunning.assess(item, '{"consumer_rules": "BE"}', '2026-03-02', 1, NULL, NULL)).reason_codes @> ARRAY['fee_waived_consumer_rules']
              FROM consumer_items), 'default levels have no fee at level 2: nothing to waive');
-- The earlier fee is a charge: never in the letter's amount.
SELECT is(((a).dunnable_amount, (a).charges_open, (a).net_balance), (200.00, 7.50, 207.50),
          'the previous fee is reported as a charge, not dunned as principal') FROM pg_temp.consumer_letter('NL', '2026-03-03', 1, '2026-02-16') a;

-- The seed's case: a 105 EUR invoice paid but for 5 EUR, under "nothing below 25 EUR", with a
-- fee of an earlier letter, interest and collection costs computed by the extension on top.
CREATE TEMP TABLE residual (item dunning.item);
INSERT INTO residual VALUES
    (dunning.item('INV-31', 'invoice', 105, 5, '2026-01-15')),
    (dunning.item('FEE-31', 'fee', 15, 15, '2026-02-01')),
    -- 105 × 8% × 31 / 365 = 0.7134… → 0.71
    (dunning.item('INT-31', 'interest', dunning.late_interest(105, '2026-01-15', '2026-02-15', 8),
                  dunning.late_interest(105, '2026-01-15', '2026-02-15', 8), '2026-02-15')),
    -- WIK: 15% of 105 = 15.75, below the minimum of 40
    (dunning.item('COST-31', 'fee', dunning.collection_costs(105, 'NL', true), dunning.collection_costs(105, 'NL', true), '2026-02-20'));
SELECT is((SELECT ((a).charges_open, (a).net_balance) FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a FROM residual) x),
          (55.71, 60.71), 'seed 25 EUR: 55.71 of charges push the balance to 60.71');
SELECT is((SELECT ((a).action, (a).computed_level) FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a FROM residual) x),
          ('none'::text, 0), 'seed 25 EUR: nothing is sent, the 5 EUR principal is below the level minimum of 25');
SELECT is((SELECT (a).reason FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a FROM residual) x),
          'below level minimum: 5.00 EUR overdue, level 1 needs 25.00 EUR', 'seed 25 EUR: the reason counts principal only');
SELECT ok((SELECT (a).reason_codes @> ARRAY['below_level_minimum'] FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a FROM residual) x),
          'seed 25 EUR: below_level_minimum');
SELECT is((SELECT ((a).action, (a).dunnable_amount) FROM (SELECT dunning.assess(item, '{"item_min_amount": 25}', '2026-03-02') AS a FROM residual) x),
          ('none'::text, 0.00), 'seed 25 EUR with an item minimum: the residual is insignificant');
SELECT ok((SELECT 'item_insignificant' = ANY((a).reason_codes) FROM (SELECT dunning.assess(item, '{"item_min_amount": 25}', '2026-03-02') AS a FROM residual) x),
          'seed 25 EUR: item_insignificant');
SELECT is((SELECT (a).action FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a
                                     FROM (SELECT item FROM residual UNION ALL SELECT dunning.item('INV-32', 'invoice', 30, 30, '2026-02-01')) u) x),
          'remind', 'a principal of 35 EUR reaches the 25 EUR minimum');
-- Charges alone never make a unit dunnable, however large.
SELECT ok((SELECT (a).action = 'none' AND 'charges_only' = ANY((a).reason_codes)
             FROM (SELECT dunning.assess(item, NULL, '2026-03-02') AS a FROM residual WHERE (item).kind <> 'invoice') x),
          'only charges open: nothing is sent');
SELECT is((SELECT (dunning.balance(item, '2026-03-02')).overdue_open FROM residual), 5.00,
          'the balance''s overdue figure is principal only');

SELECT * FROM finish();
ROLLBACK;
