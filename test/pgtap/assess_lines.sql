-- dunning.assess_lines (extension/src/55_run.sql), the items a run's letters list: per unit whose
-- assessment asks for a letter (action remind or pre_due), the rows of dunning.assess_items with
-- each item's due_date and doc_date, as dunning.letter_items rows without letter_id, and NULL for
-- every other unit; the same in a query that also asks for dunning.assess with the same
-- arguments (PostgreSQL then shares one transition state between the two), serial and in
-- parallel plans; and dunning.assess_items itself with several policies in one query (it keeps the
-- policies it parsed, by their bytes).
\ir setup.psql
SELECT plan(8);

SELECT setseed(0.55);
-- A plain table (the file's transaction is rolled back): parallel workers cannot read temp tables.
CREATE TABLE line_rows AS
SELECT 'U' || u AS unit, 'D' || u || '-' || i AS item_id,
       (ARRAY['invoice', 'invoice', 'installment', 'credit_note', 'payment', 'fee', 'interest'])[1 + floor(random() * 7)::int] AS kind,
       a AS amount, CASE WHEN random() < 0.3 THEN round(a * random()::numeric, 2) ELSE a END AS open_amount,
       DATE '2026-03-01' - (floor(random() * 140)::int - 20) AS due_date,
       CASE WHEN random() < 0.7 THEN DATE '2025-10-01' + floor(random() * 100)::int END AS doc_date,
       NULL::text AS currency, random() < 0.05 AS disputed,
       CASE WHEN random() < 0.1 THEN DATE '2026-03-10' END AS hold_until, random() < 0.05 AS on_plan
  FROM generate_series(1, 300) u, generate_series(1, 1 + (u % 13)) i,
       LATERAL (SELECT round((1 + random() * 900 + 0 * i)::numeric, 2) AS a) amounts;  -- per row (refers to i)
ANALYZE line_rows;
CREATE TEMP TABLE line_policies (n, policy) AS
VALUES (1, '{"item_min_amount": 25}'::jsonb), (2, '{"grace_days": 30, "allocation": "none", "pre_due_days": 30}'::jsonb),
       (3, '{}'::jsonb);

-- per unit and policy: the aggregate's lines and the unit's action, each aggregate alone
CREATE TEMP TABLE unit_lines AS
SELECT r.unit, p.n,
       dunning.assess_lines(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                            r.disputed, r.hold_until, r.on_plan, p.policy, DATE '2026-03-01', 2,
                            DATE '2026-02-01', 0.5) AS lines
  FROM line_rows r CROSS JOIN line_policies p GROUP BY r.unit, p.n;
CREATE TEMP TABLE unit_actions AS
SELECT r.unit, p.n,
       (dunning.assess(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                       r.disputed, r.hold_until, r.on_plan, p.policy, DATE '2026-03-01', 2,
                       DATE '2026-02-01', 0.5)).action
  FROM line_rows r CROSS JOIN line_policies p GROUP BY r.unit, p.n;
CREATE TEMP VIEW lines_by_aggregate AS
SELECT r.unit, r.n, l.* FROM unit_lines r, unnest(r.lines) l;
-- the units with a letter: assess_items over their items
CREATE TEMP VIEW lines_by_items AS
SELECT u.unit, u.n, NULL::bigint AS letter_id, a.item_id, a.kind, i.due_date, a.effective_due_date, a.open_amount,
       a.net_open, a.days_overdue, a.item_level, a.status,
       coalesce(i.doc_date, i.due_date) AS doc_date,  -- dunning.item's default, as the composite has it
       a.amount, a.allocated
  FROM (SELECT r.unit, p.n, p.policy,
               array_agg(dunning.item(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                                      r.disputed, r.hold_until, r.on_plan)) AS items
          FROM line_rows r CROSS JOIN line_policies p GROUP BY r.unit, p.n, p.policy) u
  JOIN unit_actions ua ON ua.unit = u.unit AND ua.n = u.n AND ua.action IN ('remind', 'pre_due')
  CROSS JOIN LATERAL dunning.assess_items(u.items, u.policy, DATE '2026-03-01') a
  JOIN line_rows i ON i.unit = u.unit AND i.item_id = a.item_id;

SELECT is((SELECT string_agg(DISTINCT a.action || ': ' || CASE WHEN l.lines IS NULL THEN 'NULL' ELSE 'lines' END, ', ')
             FROM unit_lines l JOIN unit_actions a USING (unit, n)),
          'hold: NULL, none: NULL, pre_due: lines, remind: lines',
          'assess_lines: lines for the units a letter is for, NULL for the others');

SELECT is((SELECT count(*) FROM lines_by_aggregate), (SELECT count(*) FROM lines_by_items),
          'assess_lines: a row per row of assess_items');
SELECT set_eq($$SELECT unit, n, letter_id, item_id, kind, due_date, effective_due_date, open_amount, net_open,
                       days_overdue, item_level, status, doc_date, amount, allocated FROM lines_by_aggregate$$,
              $$SELECT * FROM lines_by_items$$,
              'assess_lines: the rows of assess_items, with each item''s due_date and doc_date, per policy');

-- with dunning.assess beside it (one shared state), serial and parallel: the same rows and
-- assessments as each alone
CREATE TEMP VIEW both_aggregates AS
SELECT r.unit,
       dunning.assess(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency, r.disputed,
                      r.hold_until, r.on_plan, '{}', DATE '2026-03-01', 2, DATE '2026-02-01', 0.5) AS assessment,
       dunning.assess_lines(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date, r.currency,
                            r.disputed, r.hold_until, r.on_plan, '{}', DATE '2026-03-01', 2, DATE '2026-02-01',
                            0.5) AS lines
  FROM line_rows r GROUP BY r.unit;
CREATE TEMP TABLE both_serial AS SELECT * FROM both_aggregates;
SELECT set_eq($$SELECT unit, (l).* FROM (SELECT unit, unnest(lines) AS l FROM both_serial) s$$,
              $$SELECT unit, letter_id, item_id, kind, due_date, effective_due_date, open_amount, net_open, days_overdue,
                       item_level, status, doc_date, amount, allocated FROM lines_by_items WHERE n = 3$$,
              'beside dunning.assess: the same lines');
SELECT set_eq($$SELECT unit, assessment::text FROM both_serial$$,
              $$SELECT r.unit, dunning.assess(r.item_id, r.kind, r.amount, r.open_amount, r.due_date, r.doc_date,
                                               r.currency, r.disputed, r.hold_until, r.on_plan, '{}', DATE '2026-03-01',
                                               2, DATE '2026-02-01', 0.5)::text
                  FROM line_rows r GROUP BY r.unit$$,
              'beside dunning.assess_lines: the same assessments');
\ir parallel.psql
SELECT set_eq($$SELECT unit, assessment::text, lines::text FROM both_aggregates$$,
              $$SELECT unit, assessment::text, lines::text FROM both_serial$$,
              'in a parallel plan: the same assessments and lines');
RESET max_parallel_workers_per_gather;
RESET force_parallel_mode;

-- assess_items with three policies in one query: each row with its own
SELECT set_eq(
    $$SELECT u.unit, p.n, a.* FROM (SELECT unit, array_agg(dunning.item(item_id, kind, amount, open_amount, due_date))
                                        AS items FROM line_rows GROUP BY unit) u
        CROSS JOIN line_policies p CROSS JOIN LATERAL dunning.assess_items(u.items, p.policy, DATE '2026-03-01') a$$,
    $$SELECT u.unit, 1, a.* FROM (SELECT unit, array_agg(dunning.item(item_id, kind, amount, open_amount, due_date))
                                    AS items FROM line_rows GROUP BY unit) u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{"item_min_amount": 25}', DATE '2026-03-01') a
      UNION ALL
      SELECT u.unit, 2, a.* FROM (SELECT unit, array_agg(dunning.item(item_id, kind, amount, open_amount, due_date))
                                    AS items FROM line_rows GROUP BY unit) u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{"grace_days": 30, "allocation": "none", "pre_due_days": 30}', DATE '2026-03-01') a
      UNION ALL
      SELECT u.unit, 3, a.* FROM (SELECT unit, array_agg(dunning.item(item_id, kind, amount, open_amount, due_date))
                                    AS items FROM line_rows GROUP BY unit) u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{}', DATE '2026-03-01') a$$,
    'assess_items: each row with its own policy');

-- the state size unit_assessment's hash aggregate is planned with: the same for the two aggregates
-- that share the state, near a ten-item unit's (PostgreSQL's 8 KB default made it spill)
SELECT is(
    (SELECT string_agg(p.proname || ' ' || a.aggtransspace, ', ' ORDER BY p.proname)
       FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc p ON p.oid = a.aggfnoid
      WHERE a.aggtransfn = 'dunning.assess_columns_transition'::regproc),
    'assess 2048, assess_lines 2048',
    'assess and assess_lines over the columns declare a state of 2 KB');

SELECT * FROM finish();
ROLLBACK;
