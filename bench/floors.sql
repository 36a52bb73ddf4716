-- What a grouped aggregate of this extension costs beyond PostgreSQL's own work, for the closing
-- note of issue 18 (docs/performance.md, "What the remaining time is spent on"). In a database
-- loaded as bench/in_cluster.sh loads it (bench_items, bench/harness.sql): the baseline hashed, the
-- same grouping sorted, the sort of every column the item constructor reads under trivial
-- aggregates, the constructor alone sorted, then balance and assess as make bench times them.
-- Serial; medians of three executions (EXPLAIN ANALYZE's execution time); ratios to the hashed
-- baseline.
--   psql -X -d DB -f bench/floors.sql
SET max_parallel_workers_per_gather = 0;
CREATE FUNCTION pg_temp.median_ms(query text, reps int DEFAULT 3) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    times numeric[] := '{}';
    plan json;
BEGIN
    FOR i IN 1..reps LOOP
        EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || query INTO plan;
        times := times || (plan -> 0 ->> 'Execution Time')::numeric;
    END LOOP;
    RETURN (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t);
END
$$;
-- The queries of make bench come from bench_query (bench/harness.sql), so that they are the ones it
-- times; the sort of the columns is this file's own.
CREATE TEMP TABLE floor_queries (n int, name text, hashagg bool, query text);
INSERT INTO floor_queries VALUES
    (1, 'baseline (hashed)', true, bench_query('baseline')),
    (2, 'baseline, sorted', false, bench_query('baseline')),
    (3, 'sort of the constructor''s 9 columns, trivial aggregates', false,
     $q$SELECT customer_id, count(item_id), count(kind), count(amount), count(open_amount), count(due_date),
               count(disputed), count(hold_until), count(on_plan)
          FROM bench_items GROUP BY customer_id$q$),
    (4, 'constructor, sorted', false, bench_query('item')),
    (5, 'balance (planner''s choice)', true, bench_query('balance')),
    (6, 'assess (planner''s choice)', true, bench_query('assess'));
CREATE TEMP TABLE floor_results (n int, name text, median_ms numeric);
DO $$
DECLARE
    q record;
BEGIN
    FOR q IN SELECT * FROM floor_queries ORDER BY n LOOP
        PERFORM set_config('enable_hashagg', q.hashagg::text, true);
        INSERT INTO floor_results VALUES (q.n, q.name, pg_temp.median_ms(q.query));
    END LOOP;
END
$$;
SELECT n, name, median_ms, round(median_ms / (SELECT median_ms FROM floor_results WHERE n = 1), 2) AS vs_baseline
  FROM floor_results ORDER BY n;
