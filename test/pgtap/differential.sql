-- Differential test (issue 3): the C++ engine against the plain-SQL reference implementation in
-- test/reference/ on thousands of seeded random units. They must agree exactly on every field
-- but the free-text reason. The seed is fixed, so a failure reproduces.
\ir setup.psql
\ir ../reference/reference.sql
\ir ../reference/generator.sql
SET LOCAL jit = off; -- the reference queries are many and short: compiling them costs seconds
SELECT plan(7);

CREATE TEMP TABLE units AS SELECT * FROM dunning_ref.random_units(20261123, 6000);
SELECT cmp_ok((SELECT count(*) FROM units), '>=', 5000::bigint, 'at least 5,000 random units');
SELECT cmp_ok((SELECT count(DISTINCT policy) FROM units), '>=', 50::bigint, 'many distinct policies');

CREATE TEMP TABLE engine AS
SELECT u.unit_id,
       (SELECT dunning.assess(i, u.policy, u.as_of, u.last_level, u.last_letter_date, u.loyalty_score)
          FROM unnest(u.items) i) AS a,
       (SELECT dunning.balance(i, u.as_of) FROM (SELECT unnest(u.items) AS i) s) AS b
  FROM units u;

CREATE TEMP TABLE oracle AS
SELECT u.unit_id, r.*
  FROM units u, LATERAL dunning_ref.assess(u.items, u.policy, u.as_of, u.last_level, u.last_letter_date, u.loyalty_score) r;

CREATE TEMP VIEW unit_mismatches AS
SELECT e.unit_id,
       ((e.a).level, (e.a).computed_level, (e.a).action, (e.a).tone, (e.a).fee, (e.a).principal_open,
        (e.a).charges_open, (e.a).credits_open, (e.a).net_balance, (e.a).overdue_amount, (e.a).dunnable_amount,
        (e.a).significant_overdue_days, (e.a).oldest_overdue_days, (e.a).items, (e.a).items_overdue,
        (e.a).items_significant, (e.a).next_review_date, (e.a).reason_codes)::text AS engine,
       (o.level, o.computed_level, o.action, o.tone, o.fee, o.principal_open, o.charges_open, o.credits_open,
        o.net_balance, o.overdue_amount, o.dunnable_amount, o.significant_overdue_days, o.oldest_overdue_days,
        o.items, o.items_overdue, o.items_significant, o.next_review_date, o.reason_codes)::text AS oracle
  FROM engine e FULL JOIN oracle o USING (unit_id)
 WHERE (e.a).level IS DISTINCT FROM o.level OR (e.a).computed_level IS DISTINCT FROM o.computed_level
    OR (e.a).action IS DISTINCT FROM o.action OR (e.a).tone IS DISTINCT FROM o.tone
    OR (e.a).fee IS DISTINCT FROM o.fee OR (e.a).principal_open IS DISTINCT FROM o.principal_open
    OR (e.a).charges_open IS DISTINCT FROM o.charges_open OR (e.a).credits_open IS DISTINCT FROM o.credits_open
    OR (e.a).net_balance IS DISTINCT FROM o.net_balance OR (e.a).overdue_amount IS DISTINCT FROM o.overdue_amount
    OR (e.a).dunnable_amount IS DISTINCT FROM o.dunnable_amount
    OR (e.a).significant_overdue_days IS DISTINCT FROM o.significant_overdue_days
    OR (e.a).oldest_overdue_days IS DISTINCT FROM o.oldest_overdue_days OR (e.a).items IS DISTINCT FROM o.items
    OR (e.a).items_overdue IS DISTINCT FROM o.items_overdue
    OR (e.a).items_significant IS DISTINCT FROM o.items_significant
    OR (e.a).next_review_date IS DISTINCT FROM o.next_review_date
    OR (e.a).reason_codes IS DISTINCT FROM o.reason_codes;

SELECT is((SELECT count(*) FROM unit_mismatches), 0::bigint, 'dunning.assess agrees with the reference on every unit');
SELECT diag('unit ' || unit_id || E'\n  engine: ' || engine || E'\n  oracle: ' || oracle)
  FROM (SELECT * FROM unit_mismatches ORDER BY unit_id LIMIT 5) m;

SELECT is((SELECT count(*) FROM engine e, units u, LATERAL dunning_ref.balance(u.items, u.as_of) r
            WHERE e.unit_id = u.unit_id
              AND e.b IS DISTINCT FROM ROW(r.principal_open, r.charges_open, r.credits_open, r.net_balance,
                                           r.disputed_open, r.not_due_open, r.overdue_open)::dunning.balance),
          0::bigint, 'dunning.balance agrees with the reference on every unit');

CREATE TEMP VIEW item_mismatches AS
SELECT u.unit_id, e.*, r.*
  FROM units u
  CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY ord) AS rows
                        FROM dunning.assess_items(u.items, u.policy, u.as_of) WITH ORDINALITY x(item_id, kind, amount, open_amount, allocated, net_open, effective_due_date, days_overdue, significant, item_level, status, ord)) e(engine)
  CROSS JOIN LATERAL (SELECT array_agg(x::text ORDER BY ord) AS rows
                        FROM dunning_ref.assess_items(u.items, u.policy, u.as_of) WITH ORDINALITY x(item_id, kind, amount, open_amount, allocated, net_open, effective_due_date, days_overdue, significant, item_level, status, ord)) r(oracle)
 WHERE e.engine IS DISTINCT FROM r.oracle;
SELECT is((SELECT count(*) FROM item_mismatches), 0::bigint, 'dunning.assess_items agrees with the reference on every item');
SELECT diag('unit ' || unit_id || E'\n  engine: ' || engine::text || E'\n  oracle: ' || oracle::text)
  FROM (SELECT * FROM item_mismatches ORDER BY unit_id LIMIT 3) m;

-- The same units in reverse item order give the same decisions (determinism).
SELECT is((SELECT count(*) FROM units u, engine e
            WHERE e.unit_id = u.unit_id
              AND e.a IS DISTINCT FROM (SELECT dunning.assess(i, u.policy, u.as_of, u.last_level, u.last_letter_date, u.loyalty_score)
                                          FROM (SELECT u.items[k] AS i FROM generate_subscripts(u.items, 1) k ORDER BY k DESC) r)),
          0::bigint, 'reversed input order gives identical assessments');
SELECT cmp_ok((SELECT count(DISTINCT (a).action) FROM engine), '>=', 4::bigint, 'the units exercise most actions');

SELECT * FROM finish();
ROLLBACK;
