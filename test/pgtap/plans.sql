-- dunning.propose_plan (SPEC §10): instalments, due dates by PostgreSQL's own date + interval,
-- exact amounts, the minimum instalment, and errors.
\ir setup.psql
SELECT plan(25);

SELECT results_eq($$SELECT * FROM dunning.propose_plan(1000, '2026-01-31', 3)$$,
                  $$VALUES (1, DATE '2026-01-31', 333.33), (2, DATE '2026-02-28', 333.33), (3, DATE '2026-03-31', 333.34)$$,
                  '1,000 in 3 from 31 January: month ends clamped, remainder on the last');
SELECT results_eq($$SELECT * FROM dunning.propose_plan(total => 100, first_due => '2026-01-05', installments => 4, step => '14 days')$$,
                  $$VALUES (1, DATE '2026-01-05', 25.00), (2, DATE '2026-01-19', 25.00), (3, DATE '2026-02-02', 25.00),
                           (4, DATE '2026-02-16', 25.00)$$,
                  'named arguments and a step of 14 days');
SELECT results_eq($$SELECT n, amount FROM dunning.propose_plan(100, '2026-01-15', 12, min_installment => 30)$$,
                  $$VALUES (1, 33.33), (2, 33.33), (3, 33.34)$$, 'a minimum of 30 allows floor(100 / 30) = 3 instalments');
SELECT results_eq($$SELECT n, amount FROM dunning.propose_plan(100, '2026-01-15', 12, '1 month', 250)$$,
                  $$VALUES (1, 100.00)$$, 'a minimum above the total: a single instalment');
SELECT results_eq($$SELECT n, amount FROM dunning.propose_plan(100.005, '2026-01-15', 2)$$,
                  $$VALUES (1, 50.00), (2, 50.01)$$, 'the total is rounded to cents first, half away from zero');

-- Due dates are PostgreSQL's first_due + (n - 1) * step, never chained, for every first_due of a
-- leap winter and steps of months, days, both, years and whole-day hours.
SELECT is((SELECT count(*) FROM generate_series(DATE '2023-11-01', DATE '2024-03-31', interval '1 day') AS f (d),
                  unnest('{1 month, 2 months, 1 mon 1 day, 14 days, 1 year, 48 hours, 3 mons 15 days, 1 mon 30 days}'::interval[]) AS s (step),
                  LATERAL dunning.propose_plan(1200, d::date, 25, s.step) p
            WHERE p.due_date <> (d::date + (p.n - 1) * s.step)::date), 0::bigint,
          'due dates equal PostgreSQL''s date + interval for 152 first dues x 8 steps x 25 instalments');
SELECT is((SELECT count(*) FROM generate_series(DATE '2023-11-01', DATE '2024-03-31', interval '1 day') AS f (d),
                  LATERAL dunning.propose_plan(1200, d::date, 25, '1 month') p), 152 * 25::bigint, 'one row per instalment');
-- Amounts: equal instalments truncated to the cent, the remainder on the last, summing to the total.
SELECT is((SELECT count(*) FROM generate_series(1, 150) t, generate_series(1, 13) k,
                  LATERAL (SELECT sum(amount) AS total, count(DISTINCT amount) FILTER (WHERE n < k) AS sizes,
                                  min(amount) FILTER (WHERE n < k) AS each, max(amount) FILTER (WHERE n = k) AS last
                             FROM dunning.propose_plan(t * 7.13, '2026-01-01', k)) p
            WHERE p.total <> t * 7.13 OR p.sizes > 1 OR p.each <> trunc(t * 7.13 / k, 2) OR p.last < coalesce(p.each, p.last)),
          0::bigint, 'every plan sums to its total with equal truncated instalments and the remainder on the last');

-- Errors (SQLSTATE 22023).
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(0, '2026-01-01', 3)$$, '22023', 'propose_plan: total 0 must be positive', 'total 0');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(-5, '2026-01-01', 3)$$, '22023', 'propose_plan: total -5 must be positive', 'negative total');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 0)$$, '22023', 'propose_plan: installments 0 must be at least 1', 'no instalments');
-- At most 1,200 instalments (100 years of monthly ones), whatever min_installment would make of them.
SELECT is((SELECT count(*) FROM dunning.propose_plan(12000, '2026-01-01', 1200)), 1200::bigint, '1,200 instalments are allowed');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(12000, '2026-01-01', 1201)$$, '22023',
                 'propose_plan: installments 1201 exceeds the limit of 1200', '1,201 instalments are not');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(1e9, '2026-01-01', 10000000, '1 day', 500)$$, '22023',
                 'propose_plan: installments 10000000 exceeds the limit of 1200', 'the cap applies before min_installment');
SELECT is(pg_temp.hint_of($$SELECT * FROM dunning.propose_plan(1e9, '2026-01-01', 10000000)$$),
          'Pass at most 1200 installments (100 years of monthly payments).', 'the hint names the limit');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '0 days')$$, '22023',
                 'propose_plan: step of 0 months and 0 days must be positive', 'a zero step');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '-1 month')$$, '22023',
                 'propose_plan: step of -1 months and 0 days must be positive', 'a negative step');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '1 month -3 days')$$, '22023',
                 'propose_plan: step of 1 months and -3 days must be positive', 'a step with a negative part');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '1 day 12:00')$$, '22023',
                 'propose_plan: step must be whole months and days', 'a step with a time part');
SELECT is(pg_temp.hint_of($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '36 hours')$$),
          'Its time part is not a multiple of 24 hours; a due date is a date.', 'the hint says why');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, '1 month', -1)$$, '22023',
                 'propose_plan: min_installment -1 must not be negative', 'a negative minimum');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(0.05, '2026-01-01', 6)$$, '22023',
                 'propose_plan: 6 instalments of 0.05 would be below one cent', 'instalments below one cent');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '2026-01-01', 3, NULL)$$, '22023',
                 'propose_plan: step must not be NULL', 'a NULL argument');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, 'infinity', 3)$$, '22023',
                 'propose_plan: first_due infinity is out of range', 'an infinite first due date');
SELECT throws_ok($$SELECT * FROM dunning.propose_plan(100, '294276-11-30', 3)$$, '22023',
                 'propose_plan: the due date of instalment 3 is out of range', 'beyond PostgreSQL''s timestamps');

SELECT * FROM finish();
ROLLBACK;
