-- The benchmark's result table: medians, ratios to the baseline of the same size and mode.
\pset footer off
\echo
\echo 'pg_dunning benchmark: median execution time, ratio to the baseline sum() of the same size,'
\echo 'and the leader backend''s peak RSS (parallel workers'' memory not included).'
\echo
SELECT r.items, r.query, r.mode, r.reps, r.median_ms,
       round(r.median_ms / b.median_ms, 2) AS vs_baseline,
       r.peak_rss_mb
  FROM bench_results r
  JOIN bench_results b ON b.items = r.items AND b.query = 'baseline' AND b.mode = 'serial'
 ORDER BY r.items, array_position(ARRAY['baseline', 'plain5', 'item', 'balance', 'balance_flat', 'assess', 'assess_flat', 'assess_units', 'run', 'run_next', 'assess_units_history', 'unit_overview', 'baseline_partitionwise', 'assess_partitionwise', 'reference'], r.query), r.mode DESC;
\echo
\echo 'Targets (issue 6): assess within 1.5x the baseline; >= 20x faster than the SQL reference;'
\echo 'parallel speedup >= 1.6x with 2 workers.'
\echo
SELECT a.items,
       round(a.median_ms / b.median_ms, 2) AS assess_vs_baseline,
       round(ref.median_ms / a.median_ms, 1) AS reference_vs_assess,
       round(a.median_ms / p.median_ms, 2) AS assess_parallel_speedup,
       round(bs.median_ms / bp.median_ms, 2) AS balance_parallel_speedup,
       round(a.median_ms / pw.median_ms, 2) AS partitioned_parallel_vs_plain_serial
  FROM bench_results a
  JOIN bench_results b ON b.items = a.items AND b.query = 'baseline' AND b.mode = 'serial'
  JOIN bench_results p ON p.items = a.items AND p.query = 'assess' AND p.mode = 'parallel'
  JOIN bench_results bs ON bs.items = a.items AND bs.query = 'balance' AND bs.mode = 'serial'
  JOIN bench_results bp ON bp.items = a.items AND bp.query = 'balance' AND bp.mode = 'parallel'
  LEFT JOIN bench_results pw ON pw.items = a.items AND pw.query = 'assess_partitionwise' AND pw.mode = 'parallel'
  LEFT JOIN bench_results ref ON ref.items = a.items AND ref.query = 'reference'
 WHERE a.query = 'assess' AND a.mode = 'serial'
 ORDER BY a.items;
\echo
\echo 'Targets (issue 18), serial: balance <= 2.0x, assess <= 2.5x, assess_units <= 4x the baseline;'
\echo 'CALL dunning.run at 1M items <= 8 s; one customer in dunning.unit_overview <= 5 ms (median, ms;'
\echo 'one-shot queries, each planned, and the prepared WHERE customer_id = $1).'
\echo
SELECT b.items,
       round(bal.median_ms / b.median_ms, 2) AS balance_vs_baseline,
       round(bf.median_ms / b.median_ms, 2) AS balance_flat_vs_baseline,
       round(a.median_ms / b.median_ms, 2) AS assess_vs_baseline,
       round(af.median_ms / b.median_ms, 2) AS assess_flat_vs_baseline,
       round(u.median_ms / b.median_ms, 2) AS assess_units_vs_baseline,
       round(uh.median_ms / b.median_ms, 2) AS assess_units_history_vs_baseline,
       round(r.median_ms / 1000, 2) AS run_s,
       round(rn.median_ms / 1000, 2) AS run_next_s,
       o.median_ms AS unit_overview_ms,
       op.median_ms AS unit_overview_prepared_ms
  FROM bench_results b
  LEFT JOIN bench_results bal ON bal.items = b.items AND bal.query = 'balance' AND bal.mode = 'serial'
  LEFT JOIN bench_results bf ON bf.items = b.items AND bf.query = 'balance_flat' AND bf.mode = 'serial'
  LEFT JOIN bench_results a ON a.items = b.items AND a.query = 'assess' AND a.mode = 'serial'
  LEFT JOIN bench_results af ON af.items = b.items AND af.query = 'assess_flat' AND af.mode = 'serial'
  LEFT JOIN bench_results u ON u.items = b.items AND u.query = 'assess_units' AND u.mode = 'serial'
  LEFT JOIN bench_results uh ON uh.items = b.items AND uh.query = 'assess_units_history' AND uh.mode = 'serial'
  LEFT JOIN bench_results r ON r.items = b.items AND r.query = 'run'
  LEFT JOIN bench_results rn ON rn.items = b.items AND rn.query = 'run_next'
  LEFT JOIN bench_results o ON o.items = b.items AND o.query = 'unit_overview' AND o.mode = 'serial'
  LEFT JOIN bench_results op ON op.items = b.items AND op.query = 'unit_overview' AND op.mode = 'prepared'
 WHERE b.query = 'baseline' AND b.mode = 'serial'
 ORDER BY b.items;
