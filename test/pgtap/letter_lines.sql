-- dunning.letter_lines (C, src/pg/letter_lines.cpp; the rule in src/core/letter_lines.cpp): the
-- lines a letter lists out of its unit's assessed items and the sums it states, equal to the SQL a
-- run evaluated per letter before (issue 18), kept here as the oracle: thousands of generated
-- arrays (every status and kind, NULLs, numerics of different scales, negative and zero net open
-- amounts) for every action, compared as the row's text, so that a numeric printed with another
-- scale (12.5 for 12.50) or a line in another order is a difference.
\ir setup.psql
SELECT plan(6);

SELECT setseed(0.18);
CREATE TEMP TABLE generated_lines AS
SELECT g AS unit,
       array_agg(ROW(NULL, 'D' || g || '-' || i,
                     (ARRAY['invoice', 'installment', 'credit_note', 'payment', 'fee', 'interest', 'bank_receipt'])[1 + floor(random() * 7)::int]::dunning.item_kind,
                     CASE WHEN random() < 0.9 THEN DATE '2026-01-01' + floor(random() * 120)::int END,
                     DATE '2026-01-05' + floor(random() * 120)::int,
                     round((random() * 2000 - 400)::numeric, (ARRAY[0, 1, 2, 2, 3])[1 + floor(random() * 5)::int]),
                     CASE WHEN random() < 0.92
                          THEN round((random() * 1500 - 500)::numeric, (ARRAY[0, 2, 2, 4])[1 + floor(random() * 4)::int]) END,
                     floor(random() * 200)::int, floor(random() * 5)::int,
                     CASE WHEN random() < 0.97
                          THEN (ARRAY['overdue', 'overdue', 'charge', 'pre_due', 'not_due', 'disputed', 'on_plan', 'credit'])[1 + floor(random() * 8)::int] END,
                     DATE '2025-12-01' + floor(random() * 90)::int,
                     round((random() * 2000)::numeric, 2),
                     CASE WHEN random() < 0.9 THEN round((random() * 300)::numeric, (ARRAY[0, 2])[1 + floor(random() * 2)::int]) END
                 )::dunning.letter_items ORDER BY i) AS lines
  FROM generate_series(1, 3000) g, generate_series(1, 1 + (g % 11)) i
 GROUP BY g;
-- a few arrays with NULL elements, and no array at all
INSERT INTO generated_lines
SELECT 10000 + unit, lines || ARRAY[NULL::dunning.letter_items] FROM generated_lines WHERE unit <= 20;
INSERT INTO generated_lines VALUES (20000, NULL), (20001, '{}');

-- What dunning.run computed per letter before, verbatim but for the interest (a separate step now).
CREATE FUNCTION pg_temp.letter_lines_sql(all_lines dunning.letter_items[], action text,
                                         OUT lines dunning.letter_items[], OUT amount numeric, OUT charges numeric,
                                         OUT credits numeric, OUT invoice_count bigint, OUT first_due_date date)
LANGUAGE sql AS $$
    SELECT array_agg(a) AS lines,
           coalesce(sum(a.net_open) FILTER (WHERE a.status <> 'charge'), 0) AS amount,
           coalesce(sum(a.net_open) FILTER (WHERE a.status = 'charge'), 0) AS charges,
           coalesce(sum(a.allocated) FILTER (WHERE a.status <> 'charge'), 0) AS credits,
           count(*) FILTER (WHERE a.status = 'overdue' AND a.kind IN ('invoice', 'installment')) AS invoice_count,
           min(a.due_date) AS first_due_date
    FROM unnest(all_lines) a
    WHERE a.status = CASE action WHEN 'pre_due' THEN 'pre_due' ELSE 'overdue' END
       OR (action = 'remind' AND a.status = 'charge' AND a.net_open > 0)
$$;

SELECT is((SELECT count(*) FROM generated_lines g, (VALUES ('remind'), ('pre_due'), ('none'), (NULL)) a(action),
                  LATERAL (SELECT (dunning.letter_lines(g.lines, a.action)).*) c,
                  LATERAL (SELECT (pg_temp.letter_lines_sql(g.lines, a.action)).*) s
            WHERE ROW(c.*)::text IS DISTINCT FROM ROW(s.*)::text), 0::bigint,
          'letter_lines: the SQL''s lines and sums, to the scale, for 3,000 units and every action');
SELECT ok((SELECT count(*) FILTER (WHERE (dunning.letter_lines(g.lines, 'remind')).lines IS NOT NULL) > 2000
              AND count(*) FILTER (WHERE (dunning.letter_lines(g.lines, 'remind')).charges <> 0) > 500
              AND count(*) FILTER (WHERE (dunning.letter_lines(g.lines, 'pre_due')).lines IS NOT NULL) > 500
             FROM generated_lines g),
          'the generated units list overdue items, charges and pre-due items');

-- the rule by hand
SELECT is((SELECT array_agg(l.item_id ORDER BY l.item_id)
             FROM unnest((dunning.letter_lines(ARRAY[
                 ROW(NULL, 'A', 'invoice', DATE '2026-01-10', NULL, 100, 100, 50, 1, 'overdue', NULL, 100, 0),
                 ROW(NULL, 'B', 'fee', DATE '2026-01-11', NULL, 10, 10, NULL, NULL, 'charge', NULL, 10, 0),
                 ROW(NULL, 'C', 'interest', DATE '2026-01-12', NULL, 5, 0, NULL, NULL, 'charge', NULL, 5, 5),
                 ROW(NULL, 'D', 'invoice', DATE '2026-04-01', NULL, 70, 70, NULL, NULL, 'pre_due', NULL, 70, 0)
             ]::dunning.letter_items[], 'remind')).lines) l),
          ARRAY['A', 'B'], 'a reminder lists the overdue items and the charges still open');
SELECT is((SELECT ROW(l.amount, l.charges, l.credits, l.invoice_count, l.first_due_date)::text
             FROM dunning.letter_lines(ARRAY[
                 ROW(NULL, 'A', 'invoice', DATE '2026-01-10', NULL, 100, 100.5, 50, 1, 'overdue', NULL, 100, 20),
                 ROW(NULL, 'B', 'fee', DATE '2026-01-11', NULL, 10, 10, NULL, NULL, 'charge', NULL, 10, 0),
                 ROW(NULL, 'E', 'installment', DATE '2026-01-09', NULL, 30, 30.25, 60, 1, 'overdue', NULL, 30, NULL)
             ]::dunning.letter_items[], 'remind') l),
          ROW(130.75, 10, 20, 2, DATE '2026-01-09')::text,
          'amount, charges, credits, invoice count and first due date (lines aside)');
SELECT is((SELECT ROW(l.lines, l.amount, l.charges, l.credits, l.invoice_count, l.first_due_date)::text
             FROM dunning.letter_lines(ARRAY[
                 ROW(NULL, 'A', 'invoice', DATE '2026-01-10', NULL, 100, 100, 50, 1, 'overdue', NULL, 100, 0)
             ]::dunning.letter_items[], 'pre_due') l),
          ROW(NULL::dunning.letter_items[], 0, 0, 0, 0, NULL::date)::text,
          'nothing listed: no lines, zero sums, no first due date');
SELECT is((SELECT ROW(l.*)::text FROM dunning.letter_lines(NULL, 'remind') l),
          ROW(NULL::dunning.letter_items[], 0, 0, 0, 0, NULL::date)::text, 'no lines at all: the same');

SELECT * FROM finish();
ROLLBACK;
