#!/usr/bin/env bash
# Runs inside the benchmark's throwaway cluster (bench/run.sh).
set -euo pipefail
psql=(psql -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -c 'CREATE EXTENSION dunning' -f "$BENCH_DIR/harness.sql" \
	-f "$BENCH_DIR/../test/reference/reference.sql"
csv=$(mktemp /tmp/dunning-bench.XXXXXX.csv)
trap 'rm -f "$csv"' EXIT
for items in $BENCH_SIZES; do
	echo "== $items items: generating and loading"
	"$BENCH_GENERATOR" $((items / 10)) 20261123 >"$csv"
	"${psql[@]}" -c 'TRUNCATE bench_items, bench_items_partitioned' \
		-c "\\copy bench_items FROM '$csv' WITH (FORMAT csv)" \
		-c 'INSERT INTO bench_items_partitioned SELECT * FROM bench_items' \
		-c 'VACUUM ANALYZE bench_items' -c 'VACUUM ANALYZE bench_items_partitioned' \
		-c 'TRUNCATE dunning.ledger_items' \
		-c "INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date,
		        disputed, hold_until, on_plan)
		    SELECT customer_id, item_id, kind, amount, open_amount, due_date, coalesce(disputed, false),
		           hold_until, coalesce(on_plan, false) FROM bench_items" \
		-c 'VACUUM ANALYZE dunning.ledger_items'
	# the aggregates and assess_units on an empty history, as before a first run (the previous
	# size's run would leave a history for some of these customers)
	"${psql[@]}" -c 'TRUNCATE dunning.letter_items, dunning.letters, dunning.unit_state, dunning.runs'
	reps=$BENCH_REPS
	[ "$items" -ge 10000000 ] && reps=3
	for query in ${BENCH_QUERIES:-baseline plain5 item balance balance_flat assess assess_flat assess_units baseline_partitionwise assess_partitionwise reference}; do
		[ "$query" = reference ] && [ "$items" -gt "$BENCH_REFERENCE_MAX" ] && continue
		for mode in serial parallel; do
			# The reference rows of the table (SQL reference, plain aggregates, constructor): serial only.
			case "$query" in reference | plain5 | item) [ "$mode" = parallel ] && continue ;; esac
			r=$reps
			[ "$query" = reference ] && r=1
			# A fresh backend per measurement, so its peak RSS is this query's.
			"${psql[@]}" -c "SELECT bench_measure('$query', '$mode', $r)" >/dev/null
			echo "   $query $mode done"
		done
	done
	# the unit_state the runs leave behind stays: a dashboard reads a ledger with a history
	if [ "$items" -le "$BENCH_RUN_MAX" ]; then
		"${psql[@]}" -c "SELECT bench_measure_run('run', 3)" >/dev/null && echo "   run done"
		# the next run on the history the run left (the daily case), once autovacuum has analyzed it
		# (within a minute of the run's commit; before, the planner takes unit_state for a third of
		# its size and sorts the items to merge-join it, docs/performance.md)
		"${psql[@]}" -c 'ANALYZE dunning.unit_state' -c "SELECT bench_measure_run('run_next', 3)" >/dev/null &&
			echo "   run_next done"
		# assess_units again, on the history the run left (the daily case)
		case " ${BENCH_QUERIES:-assess_units} " in *" assess_units "*)
			"${psql[@]}" -c "SELECT bench_measure('assess_units_history', 'serial', $reps)" >/dev/null
			echo "   assess_units_history serial done" ;;
		esac
	fi
	"${psql[@]}" -c "SELECT bench_measure_overview(200)" >/dev/null && echo "   unit_overview done"
done
"${psql[@]}" -f "$BENCH_DIR/report.sql"
