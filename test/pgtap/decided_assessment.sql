-- dunning.decided_assessment (src/pg/decided_assessment.cpp), a unit's assessment with its block
-- and the open deadline of its last letter applied, is what its PL/pgSQL version of 0.3's
-- development returned (below, verbatim but for its name): for generated assessments, blocks,
-- reasons and deadlines, NULL fields among them, under two DateStyles, and with dates at the
-- ends of the range.
\ir setup.psql
SELECT plan(6);

CREATE FUNCTION pg_temp.decided_sql(assessment dunning.assessment, as_of date, blocked boolean,
                                           block_until date, block_reason text, last_pay_by date)
RETURNS dunning.assessment LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    decided dunning.assessment := assessment;
BEGIN
    IF decided IS NULL THEN
        RETURN NULL;
    ELSIF blocked THEN
        decided.action := 'hold';
        decided.fee := 0;
        decided.reason := CASE WHEN block_until IS NULL THEN format('blocked: %s', block_reason)
                               ELSE format('blocked until %s: %s', block_until, block_reason) END
                          || coalesce('; ' || assessment.reason, '');
        decided.reason_codes := ARRAY['blocked'] || coalesce(assessment.reason_codes, '{}');
        decided.next_review_date := CASE WHEN block_until IS NOT NULL THEN block_until + 1 END;
    ELSIF decided.action IN ('remind', 'pre_due') AND last_pay_by >= as_of THEN
        decided.action := 'wait';
        decided.fee := 0;
        decided.reason := format('waiting for the deadline of the last letter (%s)', last_pay_by)
                          || coalesce('; ' || assessment.reason, '');
        decided.reason_codes := ARRAY['previous_deadline_open'] || coalesce(assessment.reason_codes, '{}');
        decided.next_review_date := last_pay_by + 1;
    END IF;
    RETURN decided;
END
$$;

SELECT setseed(0.18);
CREATE TEMP TABLE decided_cases AS
SELECT n, a.assessment,
       DATE '2026-03-01' + (n % 5 - 2) AS as_of,
       CASE n % 7 WHEN 0 THEN NULL ELSE random() < 0.4 END AS blocked,
       CASE WHEN random() < 0.5 THEN DATE '2026-03-01' + floor(random() * 60)::int END AS block_until,
       CASE WHEN random() < 0.8 THEN (ARRAY['dispute', 'legal hold', 'Zahlung zugesagt', ''])[1 + n % 4] END AS block_reason,
       CASE WHEN random() < 0.7 THEN DATE '2026-03-01' + (floor(random() * 9)::int - 4) END AS last_pay_by
  FROM generate_series(1, 4000) n
 CROSS JOIN LATERAL (
    SELECT ROW(n % 5, n % 6,
               (ARRAY['remind', 'pre_due', 'none', 'wait', 'hold', NULL])[1 + n % 6],
               (ARRAY['friendly', 'standard', NULL])[1 + n % 3],
               CASE WHEN n % 4 = 0 THEN NULL ELSE round((random() * 40)::numeric, 2) END,
               100.00, 0, 0, 100.00, 50.00, 50.00, n % 90, n % 120, 3, 2, 1,
               CASE WHEN n % 3 = 0 THEN NULL ELSE DATE '2026-03-01' + n % 30 END,
               CASE WHEN n % 9 = 0 THEN NULL ELSE 'level ' || n % 5 || ': overdue' END,
               CASE n % 8 WHEN 0 THEN NULL WHEN 1 THEN '{}'::text[] ELSE ARRAY['level_reached', 'item_insignificant'] END
           )::dunning.assessment AS assessment
 ) a;
-- and the rows PL/pgSQL took for NULL: no assessment, and one of NULL fields
INSERT INTO decided_cases VALUES
    (-1, NULL, DATE '2026-03-01', true, DATE '2026-03-10', 'x', DATE '2026-03-05'),
    (-2, ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL)::dunning.assessment, DATE '2026-03-01', true, NULL, 'x', NULL);

SELECT is((SELECT count(*) FROM decided_cases c
            WHERE dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)::text
                  IS DISTINCT FROM pg_temp.decided_sql(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)::text),
          0::bigint, 'decided_assessment: as the PL/pgSQL version, DateStyle ISO');
SELECT ok((SELECT count(DISTINCT (dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)).action)
             FROM decided_cases c) = 5
          AND (SELECT count(*) FROM decided_cases c
                WHERE (dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)).reason
                      LIKE 'waiting for the deadline%') > 100
          AND (SELECT count(*) FROM decided_cases c
                WHERE (dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)).reason
                      LIKE 'blocked until%') > 100,
          'decided_assessment: the cases cover hold, wait and unchanged assessments');
SELECT is((SELECT count(*) FROM decided_cases c WHERE c.n < 0
            AND dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by) IS NULL),
          2::bigint, 'decided_assessment: NULL for no assessment and for one of NULL fields');

SET LOCAL DateStyle = 'SQL, DMY';
SELECT is((SELECT count(*) FROM decided_cases c
            WHERE dunning.decided_assessment(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)::text
                  IS DISTINCT FROM pg_temp.decided_sql(c.assessment, c.as_of, c.blocked, c.block_until, c.block_reason, c.last_pay_by)::text),
          0::bigint, 'decided_assessment: as the PL/pgSQL version, DateStyle SQL, DMY (dates in the reason as the session writes them)');
RESET DateStyle;

-- the ends of the date range: infinity stays infinity, the last day has no next one
SELECT is((dunning.decided_assessment(c.assessment, DATE '2026-03-01', true, 'infinity', 'x', NULL)).next_review_date,
          'infinity'::date, 'decided_assessment: blocked until infinity, reviewed at infinity')
  FROM decided_cases c WHERE c.n = 1;
SELECT is(pg_temp.sqlstate_of($$SELECT dunning.decided_assessment(c.assessment, DATE '2026-03-01', false, NULL, NULL,
                                                                   DATE '5874897-12-31') FROM decided_cases c WHERE c.n = 1$$),
          pg_temp.sqlstate_of($$SELECT pg_temp.decided_sql(c.assessment, DATE '2026-03-01', false, NULL, NULL,
                                                           DATE '5874897-12-31') FROM decided_cases c WHERE c.n = 1$$),
          'decided_assessment: a deadline on the last day is an error, as in PL/pgSQL');

SELECT * FROM finish();
ROLLBACK;
