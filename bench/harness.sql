-- The benchmark's table, queries and timing (bench/run.sh).
CREATE TABLE bench_items (
    customer_id text, item_id text, kind text, amount numeric, open_amount numeric, due_date date,
    disputed boolean, hold_until date, on_plan boolean
);
-- The same rows hash-partitioned by customer: with enable_partitionwise_aggregate each partition
-- is aggregated whole, so parallel workers (or shards) share the work without combining states.
CREATE TABLE bench_items_partitioned (LIKE bench_items) PARTITION BY HASH (customer_id);
DO $$
BEGIN
    FOR i IN 0..7 LOOP
        EXECUTE format('CREATE TABLE bench_items_p%s PARTITION OF bench_items_partitioned
                        FOR VALUES WITH (MODULUS 8, REMAINDER %s)', i, i);
    END LOOP;
END $$;

CREATE TABLE bench_results (
    items bigint, query text, mode text, reps int, median_ms numeric, peak_rss_mb numeric
);

-- Every query yields (customer, result) pairs; timing uses EXPLAIN ANALYZE's execution time, so
-- the aggregates run in full (parallel workers included) and no result travels to the client.
CREATE FUNCTION bench_query(query text) RETURNS text LANGUAGE sql AS $$
SELECT CASE query
    WHEN 'baseline' THEN
        $q$SELECT customer_id, sum(open_amount) FROM bench_items GROUP BY customer_id$q$
    WHEN 'plain5' THEN
        -- The floor of reading the five columns an assessment reads most: plain aggregates over them.
        $q$SELECT customer_id, count(item_id), min(kind), sum(amount), sum(open_amount), max(due_date)
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'item' THEN
        -- The constructor alone; count() of its result, so that it is evaluated.
        $q$SELECT customer_id, count(dunning.item(item_id, kind, amount, open_amount, due_date,
               disputed => disputed, hold_until => hold_until, on_plan => on_plan))
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'balance' THEN
        $q$SELECT customer_id, dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date,
               disputed => disputed, hold_until => hold_until, on_plan => on_plan), DATE '2026-03-02')
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'assess' THEN
        $q$SELECT customer_id, dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
               disputed => disputed, hold_until => hold_until, on_plan => on_plan),
               '{"item_min_amount": 25}', DATE '2026-03-02')
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'balance_flat' THEN
        -- The fast path over the item's columns (no flags: the bench's disputed, hold_until and
        -- on_plan are not passed, so the figures differ from 'balance', the work does not).
        $q$SELECT customer_id, dunning.balance(item_id, kind, amount, open_amount, due_date, DATE '2026-03-02')
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'assess_flat' THEN
        $q$SELECT customer_id, dunning.assess(item_id, kind, amount, open_amount, due_date,
               '{"item_min_amount": 25}', DATE '2026-03-02')
             FROM bench_items GROUP BY customer_id$q$
    WHEN 'assess_partitionwise' THEN
        $q$SELECT customer_id, dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
               disputed => disputed, hold_until => hold_until, on_plan => on_plan),
               '{"item_min_amount": 25}', DATE '2026-03-02')
             FROM bench_items_partitioned GROUP BY customer_id$q$
    WHEN 'baseline_partitionwise' THEN
        $q$SELECT customer_id, sum(open_amount) FROM bench_items_partitioned GROUP BY customer_id$q$
    WHEN 'assess_units' THEN
        $q$SELECT * FROM dunning.assess_units(DATE '2026-03-02')$q$
    WHEN 'assess_units_history' THEN
        -- the same, measured after the run: every unit with its history (the daily case)
        $q$SELECT * FROM dunning.assess_units(DATE '2026-03-02')$q$
    WHEN 'reference' THEN
        $q$SELECT g.customer_id, r
             FROM (SELECT customer_id, array_agg(dunning.item(item_id, kind, amount, open_amount, due_date,
                          disputed => disputed, hold_until => hold_until, on_plan => on_plan)) AS items
                     FROM bench_items GROUP BY customer_id) g
             CROSS JOIN LATERAL dunning_ref.assess(g.items, '{"item_min_amount": 25}', DATE '2026-03-02',
                                                   NULL, NULL, NULL) r$q$
END
$$;

CREATE FUNCTION bench_measure(query text, mode text, reps int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    plan json;
    times numeric[] := '{}';
    status text;
BEGIN
    IF mode = 'serial' THEN
        SET LOCAL max_parallel_workers_per_gather = 0;
    ELSE
        SET LOCAL max_parallel_workers_per_gather = 2;
        SET LOCAL parallel_setup_cost = 0;
        SET LOCAL parallel_tuple_cost = 0;
    END IF;
    SET LOCAL enable_partitionwise_aggregate = on;
    FOR i IN 1..reps LOOP
        EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || bench_query(query) INTO plan;
        times := times || (plan -> 0 ->> 'Execution Time')::numeric;
    END LOOP;
    status := pg_read_file('/proc/self/status');
    INSERT INTO bench_results
    SELECT (SELECT count(*) FROM bench_items), query, mode, reps,
           round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t)::numeric, 1),
           round(substring(status FROM 'VmHWM:\s+(\d+) kB')::numeric / 1024, 1);
END
$$;

-- CALL dunning.run over the same items in dunning.ledger_items, serial. 'run': the whole run
-- (assessment, recipients, templates, letters, letter items, unit state) from an empty history
-- each time. 'run_next': the run two weeks later on the history of the last 'run' (the daily
-- case: every unit has a letter, most an open deadline, a few get a new one), each repetition
-- rolled back (a subtransaction) so that each starts from the same history.
CREATE FUNCTION bench_measure_run(query text, reps int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    times numeric[] := '{}';
    started timestamptz;
    status text;
BEGIN
    SET LOCAL max_parallel_workers_per_gather = 0;
    FOR i IN 1..reps LOOP
        IF query = 'run' THEN
            TRUNCATE dunning.letter_items, dunning.letters, dunning.unit_state, dunning.runs;
            started := clock_timestamp();
            CALL dunning.run(DATE '2026-03-02');
            times := times || (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
        ELSE
            BEGIN
                started := clock_timestamp();
                CALL dunning.run(DATE '2026-03-16');
                times := times || (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
                RAISE EXCEPTION USING ERRCODE = 'DBRB1', MESSAGE = 'rolled back';
            EXCEPTION WHEN SQLSTATE 'DBRB1' THEN
                NULL;
            END;
        END IF;
    END LOOP;
    status := pg_read_file('/proc/self/status');
    INSERT INTO bench_results
    SELECT (SELECT count(*) FROM bench_items), query, 'serial', reps,
           round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(times) t)::numeric, 1),
           round(substring(status FROM 'VmHWM:\s+(\d+) kB')::numeric / 1024, 1);
END
$$;

-- One customer's dunning state as a dashboard asks for it (issue 18: <= 5 ms, whatever the ledger's
-- size): the row of dunning.unit_overview for `lookups` customers spread across the ledger. Once as
-- one-shot queries (EXECUTE ... USING: each planned, as from a client that sends the text each
-- time), mode 'serial'; once as the prepared `WHERE customer_id = $1` (PL/pgSQL's static SQL keeps
-- its plan as PREPARE does: custom plans first, then the generic plan where PostgreSQL finds it no
-- dearer), mode 'prepared', for other customers. The median of each, in ms.
CREATE FUNCTION bench_measure_overview(lookups int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    one_shot numeric[] := '{}';
    prepared numeric[] := '{}';
    started timestamptz;
    customer text;
    levels bigint;
BEGIN
    SET LOCAL max_parallel_workers_per_gather = 0;
    FOR customer IN
        SELECT c.customer_id FROM (SELECT DISTINCT customer_id FROM bench_items) c
        ORDER BY hashtext(c.customer_id) LIMIT lookups
    LOOP
        started := clock_timestamp();
        EXECUTE 'SELECT count(level) FROM dunning.unit_overview WHERE customer_id = $1' INTO levels USING customer;
        one_shot := one_shot || (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
    END LOOP;
    -- other customers than the one-shot loop's, so that neither loop finds the other's pages cached
    FOR customer IN
        SELECT c.customer_id FROM (SELECT DISTINCT customer_id FROM bench_items) c
        ORDER BY hashtext(c.customer_id) OFFSET lookups LIMIT lookups
    LOOP
        started := clock_timestamp();
        SELECT count(level) INTO levels FROM dunning.unit_overview o WHERE o.customer_id = customer;
        prepared := prepared || (extract(epoch FROM clock_timestamp() - started) * 1000)::numeric;
    END LOOP;
    INSERT INTO bench_results
    SELECT (SELECT count(*) FROM bench_items), 'unit_overview', m.mode, lookups,
           round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(m.times) t)::numeric, 2),
           NULL
    FROM (VALUES ('serial', one_shot), ('prepared', prepared)) m(mode, times);
END
$$;
