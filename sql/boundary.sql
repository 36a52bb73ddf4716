-- The C++/PostgreSQL boundary: every C++ failure becomes a clean SQL error with its SQLSTATE,
-- the C++ destructors run, and the same backend goes on serving queries.
SELECT pg_backend_pid() AS backend_before \gset
SELECT dunning.boundary_selftest(NULL) AS probes_before \gset

SELECT dunning.boundary_selftest('core_error');
\echo :LAST_ERROR_SQLSTATE
SELECT dunning.boundary_selftest('out_of_range');
\echo :LAST_ERROR_SQLSTATE
SELECT dunning.boundary_selftest('bad_alloc');
\echo :LAST_ERROR_SQLSTATE
SELECT dunning.boundary_selftest('std_exception');
\echo :LAST_ERROR_SQLSTATE
SELECT dunning.boundary_selftest('unknown');
\echo :LAST_ERROR_SQLSTATE
-- The core stopping for a cancel that PostgreSQL then does not raise (none is pending here): the
-- guard's own 57014.
SELECT dunning.boundary_selftest('interrupted');
\echo :LAST_ERROR_SQLSTATE

-- Each failure unwound one C++ probe object.
SELECT dunning.boundary_selftest(NULL) - :probes_before AS probes_destroyed;

-- A core error raised mid-aggregate: row 5,000 of 10,000 has an amount with 5 decimals (built
-- with ROW, so only the aggregate's own validation catches it).
SELECT (dunning.balance(CASE WHEN g = 5000
                             THEN ROW('INV-5000', 'invoice', 10.00001, 10, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item
                             ELSE dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01') END,
                        '2026-02-01')).net_balance
  FROM generate_series(1, 10000) g;
\echo :LAST_ERROR_SQLSTATE

-- The same in an aggregate over 100 groups, failing in one group's final function
-- (unit 99 has "INV-99" twice).
SELECT unit, (dunning.balance(item, '2026-02-01')).net_balance
  FROM (SELECT g % 100 AS unit,
               dunning.item(CASE WHEN g = 9999 THEN 'INV-99' ELSE 'INV-' || g END, 'invoice', 10, 10, '2026-01-01') AS item
          FROM generate_series(1, 10000) g) s
 GROUP BY unit ORDER BY unit;
\echo :LAST_ERROR_SQLSTATE

-- An error raised inside a parallel worker reaches the leader as the same clean error.
CREATE TABLE boundary_items AS
SELECT g AS n, CASE WHEN g = 20000
                    THEN ROW('INV-20000', 'invoice', 10, 10.00001, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item
                    ELSE dunning.item('INV-' || g, 'invoice', 10, 10, '2026-01-01') END AS item
  FROM generate_series(1, 40000) g;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SET parallel_leader_participation = off; -- only workers scan, so the error always comes from one
SELECT (dunning.balance(item, '2026-02-01')).net_balance FROM boundary_items WHERE n <> 20000;
SELECT (dunning.balance(item, '2026-02-01')).net_balance FROM boundary_items;
\echo :LAST_ERROR_SQLSTATE
RESET ALL;
DROP TABLE boundary_items;

-- Still the same backend, still computing.
SELECT pg_backend_pid() = :backend_before AS same_backend,
       (dunning.balance(dunning.item('INV-1', 'invoice', 10, 10, '2026-01-01'), '2026-02-01')).overdue_open;
