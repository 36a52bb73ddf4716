-- dunning.assess_lines (extension/src/55_run.sql), the rows a run's letters list: the rows of
-- dunning.assess_items with each item's due_date and doc_date, on units of every shape; and a call
-- site that sees several policies (each parsed once per query, by its jsonb bytes) assesses each
-- row with its own.
\ir setup.psql
SELECT plan(4);

SELECT setseed(0.55);
CREATE TEMP TABLE line_items AS
SELECT 'U' || u AS unit,
       dunning.item('D' || u || '-' || i,
                    (ARRAY['invoice', 'invoice', 'installment', 'credit_note', 'payment', 'fee', 'interest'])[1 + floor(random() * 7)::int],
                    a, CASE WHEN random() < 0.3 THEN round(a * random()::numeric, 2) ELSE a END,
                    DATE '2026-03-01' - (floor(random() * 140)::int - 20),
                    doc_date => CASE WHEN random() < 0.7 THEN DATE '2025-10-01' + floor(random() * 100)::int END,
                    hold_until => CASE WHEN random() < 0.1 THEN DATE '2026-03-10' END) AS item
  FROM generate_series(1, 300) u, generate_series(1, 1 + (u % 13)) i,
       LATERAL (SELECT round((1 + random() * 900)::numeric, 2) AS a) amounts;
CREATE TEMP TABLE line_units AS
SELECT unit, array_agg(item) AS items FROM line_items GROUP BY unit;
CREATE TEMP TABLE line_policies (n, policy) AS
VALUES (1, '{"item_min_amount": 25}'::jsonb), (2, '{"grace_days": 30, "allocation": "none"}'::jsonb),
       (3, '{}'::jsonb);

SELECT is((SELECT count(*) FROM line_units u CROSS JOIN line_policies p
                                CROSS JOIN LATERAL dunning.assess_lines(u.items, p.policy, DATE '2026-03-01')),
          (SELECT count(*) FROM line_units u CROSS JOIN line_policies p
                                CROSS JOIN LATERAL dunning.assess_items(u.items, p.policy, DATE '2026-03-01')),
          'assess_lines: a row per row of assess_items');

-- One query over every unit and policy, against a query per policy: the same rows.
SELECT set_eq(
    $$SELECT u.unit, p.n, l.item_id, l.kind, l.amount, l.open_amount, l.allocated, l.net_open, l.effective_due_date,
             l.days_overdue, l.significant, l.item_level, l.status
        FROM line_units u CROSS JOIN line_policies p
        CROSS JOIN LATERAL dunning.assess_lines(u.items, p.policy, DATE '2026-03-01') l$$,
    $$SELECT u.unit, 1, a.* FROM line_units u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{"item_min_amount": 25}', DATE '2026-03-01') a
      UNION ALL
      SELECT u.unit, 2, a.* FROM line_units u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{"grace_days": 30, "allocation": "none"}', DATE '2026-03-01') a
      UNION ALL
      SELECT u.unit, 3, a.* FROM line_units u
        CROSS JOIN LATERAL dunning.assess_items(u.items, '{}', DATE '2026-03-01') a$$,
    'assess_lines: the rows of assess_items, each with its own policy');

SELECT set_eq(
    $$SELECT u.unit, l.item_id, l.due_date, l.doc_date
        FROM line_units u CROSS JOIN LATERAL dunning.assess_lines(u.items, '{}', DATE '2026-03-01') l$$,
    $$SELECT unit, (item).item_id, (item).due_date, (item).doc_date FROM line_items$$,
    'assess_lines: each item''s due_date and doc_date');

SELECT throws_ok($$SELECT * FROM dunning.assess_lines(ARRAY[dunning.item('X', 'invoice', 1, 1, '2026-01-01')],
                                                      '{"grace_day": 1}', '2026-03-01')$$,
                 '22023', 'unknown policy key "grace_day"', 'assess_lines: a bad policy');

SELECT * FROM finish();
ROLLBACK;
