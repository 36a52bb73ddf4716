-- dunning.late_interest, dunning.statutory_interest over dunning.statutory_rates, and
-- dunning.collection_costs (SPEC §10). Each expected figure is worked out by hand in the comment
-- above it: interest = principal × Σ (rate% × days) / 36,500, rounded once to cents.
\ir setup.psql
SELECT plan(50);

-- late_interest
-- 1,000 × 8 × 30 / 36,500 = 6.5753… → 6.58
SELECT is(dunning.late_interest(1000, '2025-01-01', '2025-01-31', 8), 6.58, 'late_interest: 30 days at 8%');
-- 182.50 × 1 × 1 / 36,500 = 0.005 exactly → 0.01 (half away from zero)
SELECT is(dunning.late_interest(182.50, '2025-01-01', '2025-01-02', 1), 0.01, 'late_interest: half a cent rounds up');
-- 365 × 10 × 366 / 36,500 = 36.60: a leap year counts 366 days of 1/365
SELECT is(dunning.late_interest(365, '2024-01-01', '2025-01-01', 10), 36.60, 'late_interest: actual/365 over a leap year');
SELECT is(dunning.late_interest(1000, '2025-02-01', '2025-01-01', 8), 0.00, 'late_interest: paid early, no days, no interest');
SELECT is(dunning.late_interest(NULL, '2025-01-01', '2025-02-01', 8), NULL, 'late_interest: NULL in, NULL out');
SELECT throws_ok($$SELECT dunning.late_interest(1000, '2025-01-01', '2025-02-01', -2)$$, '22023',
                 'late_interest: annual_rate_percent -2 must not be negative', 'late_interest: negative rate');
SELECT throws_ok($$SELECT dunning.late_interest(-1, '2025-01-01', '2025-02-01', 2)$$, '22023',
                 'late_interest: principal -1 must not be negative', 'late_interest: negative principal');

-- statutory_interest: days d with from_date < d <= to_date at the rate in force on d.
-- DE business (§ 288(2) BGB, Basiszinssatz + 9): 10,000 due 15 June 2025, paid 15 July 2025:
-- 16-30 June, 15 days at 2.27 + 9 = 11.27; 1-15 July, 15 days at 1.27 + 9 = 10.27:
-- 10,000 × (169.05 + 154.05) / 36,500 = 88.5205… → 88.52 (per-period rounding would give 88.53)
SELECT is(dunning.statutory_interest(10000, '2025-06-15', '2025-07-15', 'DE'), 88.52, 'DE business across the July 2025 change');
-- DE consumer (§ 288(1) BGB, + 5): 15 × 7.27 + 15 × 6.27 = 203.10 → 10,000 × 203.10 / 36,500 = 55.6438… → 55.64
SELECT is(dunning.statutory_interest(10000, '2025-06-15', '2025-07-15', 'DE', true), 55.64, 'DE consumer across the July 2025 change');
-- EU (ECB + 8): 5,000 from 20 June to 10 July 2024: 10 days at 4.50 + 8 = 12.50, 10 days at
-- 4.25 + 8 = 12.25: 5,000 × 247.5 / 36,500 = 33.9041… → 33.90
SELECT is(dunning.statutory_interest(5000, '2024-06-20', '2024-07-10', 'EU'), 33.90, 'EU across the July 2024 change');
-- BE business (ECB + 8, rounded up to the next half point): 12.50 both halves of 2024:
-- 5,000 × 12.5 × 20 / 36,500 = 34.2465… → 34.25
SELECT is(dunning.statutory_interest(5000, '2024-06-20', '2024-07-10', 'BE'), 34.25, 'BE business: 12.25 rounds up to 12.50');
-- NL business (art. 6:119a BW, ECB + 8): 12.25 to the end of 2024, 11.15 from 2025:
-- 2,000 × (12.25 × 11 + 11.15 × 9) / 36,500 = 2,000 × 235.1 / 36,500 = 12.8821… → 12.88
SELECT is(dunning.statutory_interest(2000, '2024-12-20', '2025-01-09', 'NL'), 12.88, 'NL business across the 2025 change');
-- NL consumer (art. 6:119 BW): 4% to 30 June 2023, 6% from 1 July: 2,000 × (4 × 15 + 6 × 15) / 36,500
-- = 8.2191… → 8.22
SELECT is(dunning.statutory_interest(2000, '2023-06-15', '2023-07-15', 'NL', true), 8.22, 'NL consumer across the July 2023 decree');
-- FR business (L441-10, ECB + 10): 12.50 in the first half of 2023: 1,000 × 12.5 × 30 / 36,500 = 10.2739… → 10.27
SELECT is(dunning.statutory_interest(1000, '2023-01-31', '2023-03-02', 'FR'), 10.27, 'FR business: ECB + 10');
-- FR consumer debt (taux de l'intérêt légal, "autres cas"): 2.76 in the second half of 2025,
-- 2.62 in the first half of 2026: 1,000 × (27.6 + 26.2) / 36,500 = 1.4739… → 1.47
SELECT is(dunning.statutory_interest(1000, '2025-12-21', '2026-01-10', 'FR', true), 1.47, 'FR consumer across the 2026 arrêté');
-- BE consumer (legal rate, 5.75% in 2024): 1,000 × 5.75 × 366 / 36,500 = 57.6575… → 57.66
SELECT is(dunning.statutory_interest(1000, '2023-12-31', '2024-12-31', 'BE', true), 57.66, 'BE consumer: the legal rate of 2024');
-- EU over three periods: 184 days at 8 (second half of 2022), 181 at 10.50 (first half of 2023),
-- 1 at 12 (1 July 2023): 1,000 × (1,472 + 1,900.5 + 12) / 36,500 = 92.7260… → 92.73
SELECT is(dunning.statutory_interest(1000, '2022-06-30', '2023-07-01', 'EU'), 92.73, 'EU over three rate periods');
SELECT is(dunning.statutory_interest(1000, '2025-03-01', '2025-03-01', 'EU'), 0.00, 'paid on the due date: no interest');
SELECT is(dunning.statutory_interest(1000, '2030-03-01', '2010-03-01', 'EU'), 0.00, 'no days: no interest, no rate needed');
SELECT is(dunning.statutory_interest(1000, '2025-01-01', '2025-03-01', 'DE'), dunning.statutory_interest(1000, '2025-01-01', '2025-03-01', 'DE', false),
          'consumer defaults to false');
SELECT is(dunning.statutory_interest(1000, NULL, '2025-03-01', 'DE'), NULL, 'statutory_interest: NULL in, NULL out');
SELECT throws_ok($$SELECT dunning.statutory_interest(1000, '2025-01-01', '2025-03-01', 'UK')$$, '22023',
                 'unknown jurisdiction "UK"', 'an unknown jurisdiction');
SELECT is(pg_temp.hint_of($$SELECT dunning.statutory_interest(1000, '2025-01-01', '2025-03-01', 'nl')$$),
          'Jurisdictions are ''EU'' (Directive 2011/7/EU), ''BE'', ''NL'', ''DE'' and ''FR'', in upper case.', 'the hint lists the jurisdictions');
SELECT throws_ok($$SELECT dunning.statutory_interest(100, '2018-12-20', '2019-01-10', 'DE')$$, '22023',
                 'no statutory interest rate for DE business debts on 2018-12-21', 'a day before the table names jurisdiction and date');
SELECT throws_ok($$SELECT dunning.statutory_interest(100, '2025-01-01', '2025-01-10', 'EU', true)$$, '22023',
                 'no statutory interest rate for EU consumer debts on 2025-01-02', 'the directive has no consumer rate');
SELECT throws_ok($$SELECT dunning.statutory_interest(2000, '2025-06-20', '2025-07-10', 'NL', true)$$, '22023',
                 'no statutory interest rate for NL consumer debts on 2025-07-01', 'NL consumer rates stop where no decree was found');
-- A user's own period extends the table: 2,000 × (6 × 10 + 5 × 10) / 36,500 = 6.0273… → 6.03
INSERT INTO dunning.statutory_rates (jurisdiction, consumer, valid_from, valid_to, rate, source)
VALUES ('NL', true, '2025-07-01', '2025-12-31', 5.00, 'test: a user''s own figure');
SELECT is(dunning.statutory_interest(2000, '2025-06-20', '2025-07-10', 'NL', true), 6.03, 'a user-added period is used');
INSERT INTO dunning.statutory_rates (jurisdiction, consumer, valid_from, valid_to, rate, source)
VALUES ('NL', true, '2025-06-01', '2025-06-30', 9.00, 'test: overlapping');
SELECT throws_ok($$SELECT dunning.statutory_interest(2000, '2025-05-20', '2025-06-10', 'NL', true)$$, '22023',
                 'dunning.statutory_rates: two periods of NL consumer debts cover 2025-06-01', 'overlapping periods are an error');
SELECT throws_ok($$INSERT INTO dunning.statutory_rates (jurisdiction, consumer, valid_from, valid_to, rate, source)
                   VALUES ('NL', false, '2027-01-01', '2027-06-30', 8.12345, 'too precise')$$, '23514', NULL,
                 'rates have at most 4 decimals');

-- The shipped table.
SELECT is((SELECT count(*) FROM (SELECT valid_from, lag(valid_to) OVER w AS previous_to
                                   FROM dunning.statutory_rates WHERE builtin
                                 WINDOW w AS (PARTITION BY jurisdiction, consumer ORDER BY valid_from)) r
            WHERE valid_from <> previous_to + 1), 0::bigint, 'shipped periods are contiguous, without gaps or overlaps');
SELECT results_eq($$SELECT jurisdiction, consumer, min(valid_from), max(valid_to) FROM dunning.statutory_rates WHERE builtin
                     GROUP BY 1, 2 ORDER BY 1, 2$$,
                  $$VALUES ('BE', false, DATE '2019-01-01', DATE '2026-06-30'), ('BE', true, '2019-01-01', '2026-12-31'),
                           ('DE', false, '2019-01-01', '2026-06-30'), ('DE', true, '2019-01-01', '2026-06-30'),
                           ('EU', false, '2019-01-01', '2026-06-30'), ('FR', false, '2019-01-01', '2026-06-30'),
                           ('FR', true, '2019-01-01', '2026-06-30'), ('NL', false, '2019-01-01', '2026-06-30'),
                           ('NL', true, '2019-01-01', '2025-06-30')$$,
                  'shipped coverage per jurisdiction and kind of debt');
SELECT is((SELECT count(*) FROM dunning.statutory_rates WHERE builtin AND (source IS NULL OR length(source) < 40)), 0::bigint,
          'every shipped rate names its source');
SELECT ok(EXISTS (SELECT FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS c (relid, condition)
                   WHERE e.extname = 'dunning' AND c.relid = 'dunning.statutory_rates'::regclass AND c.condition = 'WHERE NOT builtin'),
          'user rows are dumped, shipped rows are not');
SELECT ok(has_table_privilege('public', 'dunning.statutory_rates', 'SELECT'), 'anyone may read the rates');
-- Another role computes statutory interest (SELECT on the table, EXECUTE on the function).
CREATE ROLE dunning_test_reader;
GRANT USAGE ON SCHEMA dunning TO dunning_test_reader;
SET LOCAL ROLE dunning_test_reader;
SELECT is(dunning.statutory_interest(10000, '2025-06-15', '2025-07-15', 'DE'), 88.52, 'a role without privileges of its own computes it');
RESET ROLE;

-- Parallel workers read the rates too.
CREATE TABLE parallel_claims AS
SELECT g AS id, (g % 5000) + 0.5 AS principal, DATE '2023-01-01' + (g % 700) AS due, (ARRAY['EU', 'BE', 'NL', 'DE', 'FR'])[1 + g % 5] AS j
  FROM generate_series(1, 20000) g;
ANALYZE parallel_claims;
CREATE TEMP TABLE serial_interest AS
SELECT id, dunning.statutory_interest(principal, due, due + 90, j, false) AS interest FROM parallel_claims;
\ir parallel.psql
SELECT is((SELECT count(*) FROM (SELECT id, dunning.statutory_interest(principal, due, due + 90, j, false) AS interest FROM parallel_claims) p
             JOIN serial_interest s USING (id) WHERE p.interest IS DISTINCT FROM s.interest), 0::bigint,
          'statutory_interest in parallel workers equals serial');
RESET force_parallel_mode;

-- collection_costs
-- Business debts: the fixed EUR 40 of Directive 2011/7/EU art. 6, whatever the principal.
SELECT results_eq($$SELECT dunning.collection_costs(1234.56, j) FROM unnest(ARRAY['EU', 'BE', 'DE', 'FR']) j$$,
                  $$VALUES (40.00), (40.00), (40.00), (40.00)$$, 'EU, BE, DE, FR business debts: 40 EUR');
SELECT results_eq($$SELECT dunning.collection_costs(1234.56, j, true) FROM unnest(ARRAY['EU', 'DE', 'FR']) j$$,
                  $$VALUES (0.00), (0.00), (0.00)$$, 'EU, DE, FR consumer debts: no statutory lump sum');
-- NL, WIK (Besluit vergoeding voor buitengerechtelijke incassokosten art. 2): 4,000 →
-- 15% × 2,500 + 10% × 1,500 = 375 + 150 = 525
SELECT is(dunning.collection_costs(4000, 'NL', true), 525.00, 'WIK: 4,000 gives 525');
SELECT is(dunning.collection_costs(4000, 'NL'), 525.00, 'WIK applies to business debts by default');
-- 15% × 100 = 15, below the minimum of 40
SELECT is(dunning.collection_costs(100, 'NL', true), 40.00, 'WIK: at least 40');
-- 375 + 250 + 250 + 1,900 + 0.5% × 800,000 = 6,775: the maximum from 1,000,000 on
SELECT is(dunning.collection_costs(1000000, 'NL', true), 6775.00, 'WIK: 1,000,000 reaches the maximum of 6,775');
SELECT is(dunning.collection_costs(5000000, 'NL', true), 6775.00, 'WIK: at most 6,775');
-- 375 + 250 + 5% × 2,345.67 = 742.2835 → 742.28
SELECT is(dunning.collection_costs(7345.67, 'NL', true), 742.28, 'WIK: third bracket, rounded once');
-- BE consumers (Code of Economic Law art. XIX.2): at most 20 up to 150; 30 + 10% of the part
-- above 150 up to 500; 65 + 5% of the part above 500, at most 2,000. 1,000 → 65 + 25 = 90.
SELECT results_eq($$SELECT dunning.collection_costs(p, 'BE', true) FROM unnest(ARRAY[150, 400, 1000, 50000]::numeric[]) p$$,
                  $$VALUES (20.00), (55.00), (90.00), (2000.00)$$, 'BE consumer scale: 150, 400, 1,000, 50,000');
SELECT is(dunning.collection_costs(0, 'NL', true), 0.00, 'no principal, no costs');
SELECT throws_ok($$SELECT dunning.collection_costs(100, 'BEL')$$, '22023', 'unknown jurisdiction "BEL"', 'collection_costs: unknown jurisdiction');

-- Catalogue: comments, volatility and parallel safety of this feature's objects.
SELECT is((SELECT count(*) FROM pg_proc p
            WHERE p.pronamespace = 'dunning'::regnamespace
              AND (p.proname LIKE 'payment\_behaviour%' OR p.proname IN ('propose_plan', 'late_interest', 'statutory_interest', 'collection_costs'))
              AND obj_description(p.oid, 'pg_proc') IS NULL), 0::bigint, 'every function and aggregate has a comment');
SELECT is((SELECT count(*) FROM pg_attribute a WHERE a.attrelid = 'dunning.statutory_rates'::regclass AND a.attnum > 0
              AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL)
          + (obj_description('dunning.statutory_rates'::regclass, 'pg_class') IS NULL)::int
          + (obj_description('dunning.behaviour'::regtype, 'pg_type') IS NULL)::int, 0::bigint,
          'the table, its columns and the type dunning.behaviour have comments');
SELECT is((SELECT string_agg(proname || ' ' || provolatile::text || proparallel::text, ', ' ORDER BY proname, pronargs) FROM pg_proc
             WHERE pronamespace = 'dunning'::regnamespace
               AND proname IN ('payment_behaviour', 'propose_plan', 'late_interest', 'statutory_interest', 'collection_costs')),
          'collection_costs is, late_interest is, payment_behaviour is, payment_behaviour is, propose_plan is, statutory_interest ss',
          'computational functions are IMMUTABLE PARALLEL SAFE, statutory_interest STABLE');

SELECT * FROM finish();
ROLLBACK;
