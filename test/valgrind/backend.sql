-- The valgrind workload (scripts/valgrind.sh): one `postgres --single -j` backend, so statements end
-- with a semicolon and an empty line. Long aggregates of @ITEMS@ items, grouped ones, per-item rows,
-- policies, and every error path: mid-aggregate in the transition function, in the final function,
-- the policy of the first row, C++ failures of each kind through the boundary. 12 statements fail.

CREATE EXTENSION dunning;

SELECT 'start' AS marker;

SELECT (dunning.balance(dunning.item('INV-' || g, (ARRAY['invoice', 'invoice', 'installment', 'credit_note', 'fee'])[1 + g % 5], 10 + g % 90, 10 + g % 90, date '2025-06-01' + g % 400), '2026-03-01')).net_balance FROM generate_series(1, @ITEMS@) g;

SELECT (a).items, (a).level, (a).action FROM (SELECT dunning.assess(dunning.item('INV-' || g, (ARRAY['invoice', 'invoice', 'installment', 'credit_note', 'fee'])[1 + g % 5], 10 + g % 90, 10 + g % 90, date '2025-06-01' + g % 400, hold_until => CASE WHEN g % 97 = 0 THEN date '2026-04-01' END, disputed => g % 89 = 0), '{"grace_days": 3, "item_min_amount": 25, "pre_due_days": 5, "consumer_rules": "BE"}', '2026-03-01', 2, '2026-02-20', 0.95) a FROM generate_series(1, @ITEMS@) g) s;

SELECT count(*), sum((a).level) FROM (SELECT g % 500 AS unit, dunning.assess(dunning.item('INV-' || g, 'invoice', 10 + g % 90, 10 + g % 90, date '2025-06-01' + g % 400), NULL, '2026-03-01') a FROM generate_series(1, @ITEMS@) g GROUP BY 1) s;

SELECT count(*), sum(item_level) FROM dunning.assess_items((SELECT array_agg(dunning.item('INV-' || g, (ARRAY['invoice', 'payment', 'installment', 'interest'])[1 + g % 4], 10 + g % 90, 10 + g % 90, date '2025-06-01' + g % 400)) FROM generate_series(1, @ITEMS@ / 5) g), '{"levels": [{"level": 1, "days": 10}, {"level": 2, "days": 40, "fee": 5}]}', '2026-03-01');

SELECT dunning.validate_policy('{"currency": "usd", "levels": [{"level": 1, "days": 3, "min_percent": 12.5}], "loyalty": {"min_score": 0.8}}');

SELECT (dunning.assess(CASE WHEN g = @ITEMS@ / 2 THEN ROW('BAD', 'invoice', 1.00001, 1, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item ELSE dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01') END, NULL, '2026-03-01')).items FROM generate_series(1, @ITEMS@) g;

SELECT (dunning.balance(dunning.item('INV-' || (g % (@ITEMS@ - 1)), 'invoice', 10, 10, '2026-01-01'), '2026-03-01')).net_balance FROM generate_series(1, @ITEMS@) g;

SELECT (dunning.assess(dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01'), '{"levels": [{"level": 1, "days": 1, "min_amout": 5}]}', '2026-03-01')).items FROM generate_series(1, 1000) g;

SELECT (dunning.balance(dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01'), CASE WHEN g < @ITEMS@ / 2 THEN date '2026-03-01' ELSE date '2026-03-02' END)).net_balance FROM generate_series(1, @ITEMS@) g;

SELECT count(*) FROM dunning.assess_items((SELECT array_agg(dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01', currency => CASE WHEN g = 700 THEN 'USD' END)) FROM generate_series(1, 1000) g), NULL, '2026-03-01');

SELECT dunning.item(repeat('é', 600), 'bill', 1, 1, '2026-01-01');

SELECT dunning.item('X', 'invoice', 1e1000, 1, '2026-01-01');

SELECT dunning.boundary_selftest('core_error');

SELECT dunning.boundary_selftest('out_of_range');

SELECT dunning.boundary_selftest('bad_alloc');

SELECT dunning.boundary_selftest('std_exception');

SELECT dunning.boundary_selftest('unknown');

SELECT dunning.boundary_selftest(NULL) AS probes_destroyed;

SELECT 'workload complete' AS marker;

