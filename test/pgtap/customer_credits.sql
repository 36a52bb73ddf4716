-- Customer-level credits (SPEC §11.1): with unit_by department or project, credits without
-- department (project) belong to the customer as a whole and are applied across its units of that
-- currency, oldest effective due date first, before each unit is assessed; what is left over stays
-- on the customer's general unit. A split customer is never dunned for more than it owes net.
\ir setup.psql
SELECT plan(9);

INSERT INTO dunning.policies VALUES ('any_currency', '{"currency": null}');
INSERT INTO dunning.customers (customer_id, unit_by, policy) VALUES
    ('SPLIT', 'department', 'default'), ('PROJ', 'project', 'default'), ('OVER', 'department', 'default'),
    ('TWO', 'department', 'any_currency');
INSERT INTO dunning.ledger_items (customer_id, department, project, item_id, kind, amount, open_amount, due_date, currency, hold_until) VALUES
    -- the issue's case: 800 over two departments, an unapplied 500 payment without department
    ('SPLIT', 'D1', NULL, 'I1', 'invoice', 400, 400, '2026-09-01', NULL, NULL),
    ('SPLIT', 'D2', NULL, 'I2', 'invoice', 400, 400, '2026-09-15', NULL, NULL),
    ('SPLIT', NULL, NULL, 'P1', 'payment', 500, 500, '2026-10-01', NULL, NULL),
    -- oldest effective due date first: a hold moves P-A's invoice behind P-B's
    ('PROJ', NULL, 'PA', 'A1', 'invoice', 300, 300, '2026-08-01', NULL, '2026-10-01'),
    ('PROJ', NULL, 'PB', 'B1', 'invoice', 300, 300, '2026-09-01', NULL, NULL),
    ('PROJ', NULL, NULL, 'CN1', 'credit_note', 300, 300, '2026-09-20', NULL, NULL),
    -- more credit than debt: the rest stays on the general unit
    ('OVER', 'D1', NULL, 'O1', 'invoice', 100, 100, '2026-09-01', NULL, NULL),
    ('OVER', NULL, NULL, 'OP', 'payment', 250, 250, '2026-10-01', NULL, NULL),
    -- a credit applies within its currency only
    ('TWO', 'D1', NULL, 'E1', 'invoice', 200, 200, '2026-09-01', 'EUR', NULL),
    ('TWO', 'D2', NULL, 'U1', 'invoice', 200, 200, '2026-09-01', 'USD', NULL),
    ('TWO', NULL, NULL, 'UP', 'payment', 150, 150, '2026-10-01', 'USD', NULL);

SELECT is((SELECT array_agg(department || ':' || open_amount ORDER BY department) FROM dunning.unit_rows WHERE item_id = 'P1'),
          '{D1:400,D2:100}', 'the 500 payment covers D1''s older invoice, then 100 of D2''s');
SELECT is((SELECT sum((assessment).net_balance) FROM dunning.assess_units('2026-11-01') WHERE customer_id = 'SPLIT'), 300.00,
          'the units'' net balances add up to what the customer owes net (800 - 500)');
CALL dunning.run('2026-11-01');
SELECT is((SELECT array_agg(department || ':' || amount ORDER BY department) FROM dunning.letters WHERE customer_id = 'SPLIT'),
          '{D2:300.00}', 'one letter, for D2''s 300, none for the paid D1');
SELECT is((SELECT array_agg(project || ':' || open_amount ORDER BY project) FROM dunning.unit_rows WHERE item_id = 'CN1'),
          '{PB:300}', 'a credit goes first to the debt that can be dunned first (a hold moved the older invoice back)');
SELECT is((SELECT array_agg(coalesce(department, '-') || ':' || open_amount ORDER BY department NULLS FIRST) FROM dunning.unit_rows WHERE item_id = 'OP'),
          '{-:150,D1:100}', 'more credit than debt: 100 to D1, the remaining 150 on the general unit');
SELECT is((SELECT count(*)::integer FROM dunning.letters WHERE customer_id = 'OVER'), 0, 'a customer in credit gets no letter');
SELECT is((SELECT array_agg(department || ':' || open_amount) FROM dunning.unit_rows WHERE item_id = 'UP'),
          '{D2:150}', 'a USD payment covers only the USD unit');
SELECT is((SELECT array_agg(department || ':' || currency || ':' || amount ORDER BY department) FROM dunning.letters WHERE customer_id = 'TWO'),
          '{D1:EUR:200.00,D2:USD:50.00}', 'each currency''s unit is dunned for its own net amount');
SELECT is((SELECT count(*)::integer FROM dunning.unit_rows WHERE customer_id = 'SPLIT' AND item_id = 'P1' AND department IS NULL), 0,
          'a fully applied customer credit leaves no general unit behind');

SELECT * FROM finish();
ROLLBACK;
