-- Memory test (issue 7), run by scripts/memory.sh in one session: the backend's memory returns to
-- its baseline after repeated large aggregates and after errors raised in the middle of them.
-- Two measures: the backend's resident set (VmRSS of /proc/<pid>/status, which sees the C++
-- heap the core allocates with new/malloc) and the bytes of all its memory contexts
-- (pg_backend_memory_contexts). One leaked aggregate state of 200,000 items is ~25 MB, so the
-- RSS bound below is under one leak; the context bound is tighter still.
-- Prints TAP-like "ok"/"not ok" lines and the figures; the errors of the error rounds go to
-- stderr, where scripts/memory.sh counts them.
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
\set ON_ERROR_STOP 0
\set rss_bound_kb 16384
\set ctx_bound_bytes 1048576
\set rounds 20
-- Measure the backend itself: no parallel workers, no JIT code.
SET max_parallel_workers_per_gather = 0;
SET jit = off;

SELECT pg_backend_pid() AS backend_at_start \gset
CREATE TEMP TABLE mem (n serial, at text PRIMARY KEY, rss_kb bigint, ctx_bytes bigint);
CREATE FUNCTION pg_temp.measure(at text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO mem (at, rss_kb, ctx_bytes)
    SELECT at,
           (regexp_match(pg_read_file('/proc/' || pg_backend_pid() || '/status'), 'VmRSS:\s+(\d+) kB'))[1]::bigint,
           (SELECT sum(total_bytes) FROM pg_backend_memory_contexts)
$$;

-- One unit of 200,000 items (invoices, instalments, credits, fees), and its ids again for a
-- duplicate at the end.
CREATE TEMP TABLE big AS
SELECT g, dunning.item('DOC-' || g,
                       (ARRAY['invoice', 'invoice', 'invoice', 'installment', 'credit_note', 'fee'])[1 + g % 6],
                       10 + g % 90, 10 + g % 90, date '2025-06-01' + g % 400) AS item
  FROM generate_series(1, 200000) g;
ANALYZE big;

-- A large aggregate: assess (six arguments) and balance over the whole unit.
PREPARE big_assess AS
SELECT (dunning.assess(item, '{"grace_days": 3, "item_min_amount": 25}', '2026-03-01', 1, '2026-02-01', 0.5)).items FROM big;
PREPARE big_balance AS SELECT (dunning.balance(item, '2026-03-01')).net_balance FROM big;
-- Errors mid-aggregate: an unvalidated row with five decimals half way through (the transition
-- function fails with 100,000 items in the state), and a duplicate id (the final function fails
-- with all 200,000 in it).
PREPARE bad_transition AS
SELECT (dunning.assess(CASE WHEN g = 100000
                            THEN ROW('BAD', 'invoice', 1.00001, 1, '2026-01-01', NULL, NULL, false, NULL, false)::dunning.item
                            ELSE item END, NULL, '2026-03-01')).items
  FROM big;
PREPARE bad_final AS
SELECT (dunning.balance(i, '2026-03-01')).net_balance
  FROM (SELECT item FROM big UNION ALL SELECT dunning.item('DOC-7', 'invoice', 1, 1, '2026-01-01')) s(i);

-- Warm-up: caches, plans and the allocator's arenas reach their working size.
\o /dev/null
EXECUTE big_assess;
EXECUTE big_balance;
EXECUTE bad_transition;
EXECUTE bad_final;
\o
SELECT pg_temp.measure('baseline');

-- One statement per row: \gexec runs each on its own, so an error ends only its own statement.
\o /dev/null
SELECT s FROM generate_series(1, :rounds / 2) g, (VALUES (1, 'EXECUTE big_assess'), (2, 'EXECUTE big_balance')) v(k, s)
 ORDER BY g, k \gexec
\o
SELECT pg_temp.measure('after aggregates');

\o /dev/null
SELECT s FROM generate_series(1, :rounds / 2) g, (VALUES (1, 'EXECUTE bad_transition'), (2, 'EXECUTE bad_final')) v(k, s)
 ORDER BY g, k \gexec
\o
SELECT pg_temp.measure('after errors');

-- Results.
SELECT format('# %s: VmRSS %s kB, memory contexts %s bytes', at, rss_kb, ctx_bytes) FROM mem ORDER BY n;
SELECT CASE WHEN m.rss_kb - b.rss_kb <= :rss_bound_kb THEN 'ok' ELSE 'not ok' END ||
       format(' - VmRSS %s: %s kB from the baseline (bound %s kB)', m.at, m.rss_kb - b.rss_kb, :rss_bound_kb)
  FROM mem b, mem m WHERE b.at = 'baseline' AND m.at <> 'baseline' ORDER BY m.n;
SELECT CASE WHEN m.ctx_bytes - b.ctx_bytes <= :ctx_bound_bytes THEN 'ok' ELSE 'not ok' END ||
       format(' - memory contexts %s: %s bytes from the baseline (bound %s)', m.at, m.ctx_bytes - b.ctx_bytes, :ctx_bound_bytes)
  FROM mem b, mem m WHERE b.at = 'baseline' AND m.at <> 'baseline' ORDER BY m.n;
-- The rounds really ran: each statement above is one row of this count.
SELECT CASE WHEN count(*) = 3 THEN 'ok' ELSE 'not ok' END || ' - three measurements taken' FROM mem;
SELECT CASE WHEN pg_backend_pid() = :backend_at_start THEN 'ok' ELSE 'not ok' END || ' - the same backend served every round';
