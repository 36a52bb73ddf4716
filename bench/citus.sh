#!/usr/bin/env bash
# Citus measurement of docs/scale-out.md: dunning.assess over ITEMS items (ten per customer,
# test/citus/data.sql) on a Citus cluster of a coordinator and two workers against the same rows
# in a plain table of the coordinator (one node, parallel query allowed), in the same run, on the
# same machine. Each figure is the median of BENCH_REPS runs (default 3), in milliseconds; the
# ratios compare figures of the same run. Needs Citus (test/citus/build.sh builds it if missing).
#
#   bench/citus.sh [ITEMS ...]      default: 1000000
#   CITUS_SHARDS=8 bench/citus.sh 1000000 10000000
#
# Queries: assess_fetch  assess … GROUP BY customer_id, every unit's result sent to the client
#          assess_count  the same, only the number of reminders sent (no result transfer)
#          balance_ccy   balance … GROUP BY currency (Citus: the items go to the coordinator)
#          scan          count(*) of the items (the cost of reading them)
# Then, where the time goes: the one-node plan of assess … GROUP BY customer_id, and Citus's
# EXPLAIN ANALYZE of it with every task (each shard's task time on its worker, and the total on the
# coordinator, which receives every unit's result; Citus 13.2.2's EXPLAIN ANALYZE reads composite
# results only with citus.enable_binary_protocol = off).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000000)
reps=${BENCH_REPS:-3}
shards=${CITUS_SHARDS:-8}

"$repo_root/test/citus/build.sh"
citus_own_stage=1
stage_extension
source "$repo_root/test/citus/cluster.sh"
citus_start worker1 worker2 -- "citus.shard_count = $shards" 'shared_buffers = 256MB' 'work_mem = 64MB' 'jit = off' \
	'max_parallel_workers_per_gather = 2'
citus_sql coordinator -c 'CREATE EXTENSION dunning'

assess="dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
            disputed => disputed, hold_until => hold_until, on_plan => on_plan),
            '{\"item_min_amount\": 25}'::jsonb, DATE '2026-03-02')"
declare -A query=(
	[assess_fetch]="COPY (SELECT customer_id, $assess FROM %s GROUP BY customer_id) TO STDOUT"
	[assess_count]="SELECT count(*) FILTER (WHERE (a).action = 'remind')
	                  FROM (SELECT customer_id, $assess AS a FROM %s GROUP BY customer_id) s"
	[balance_ccy]="SELECT currency, dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date),
	                      DATE '2026-03-02') FROM %s GROUP BY currency"
	[scan]="SELECT count(*) FROM %s"
)
order=(scan assess_count assess_fetch balance_ccy)

median_ms() { # sql: runs it $reps times in fresh sessions, prints the median wall time in ms
	local times=() t0 t1 i
	for ((i = 0; i < reps; i++)); do
		t0=$(date +%s%N)
		citus_sql coordinator -c "$1" >/dev/null
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((reps + 1) / 2))p"
}

printf '%-10s %-13s %10s %10s %8s\n' items query one_node citus ratio
for items in "${sizes[@]}"; do
	citus_sql coordinator -c 'SET client_min_messages = warning' -c 'DROP TABLE IF EXISTS ar_items, ar_local' \
		-c 'CREATE TABLE ar_items (LIKE dunning.ledger_items INCLUDING ALL)' \
		-c "SELECT create_distributed_table('ar_items', 'customer_id')" \
		-c 'CREATE TABLE ar_local (LIKE dunning.ledger_items INCLUDING ALL)' >/dev/null
	load_start=$(date +%s)
	citus_sql coordinator -v n=$((items / 10)) -v items=ar_local -v customers=off -f "$repo_root/test/citus/data.sql"
	citus_sql coordinator -c 'INSERT INTO ar_items SELECT * FROM ar_local' \
		-c 'VACUUM ANALYZE ar_local' -c 'VACUUM ANALYZE ar_items'
	echo "# $items items loaded in $(($(date +%s) - load_start)) s ($shards shards on 2 workers)" >&2
	for q in "${order[@]}"; do
		single=$(median_ms "$(printf "${query[$q]}" ar_local)")
		citus=$(median_ms "$(printf "${query[$q]}" ar_items)")
		printf '%-10s %-13s %10s %10s %8s\n' "$items" "$q" "$single" "$citus" \
			"$(awk -v a="$single" -v b="$citus" 'BEGIN { printf "%.2f", a / b }')"
	done
	by_customer="SELECT customer_id, $assess FROM %s GROUP BY customer_id"
	echo "# one node: $(citus_sql coordinator -c "EXPLAIN (COSTS OFF) $(printf "$by_customer" ar_local)" |
		sed -E 's/^ *(->)? *//; s/ on .*//' | grep -vE '^(Group|Sort) Key|^Workers' | paste -sd '>' | sed 's/>/ > /g')"
	serial=$(median_ms "SET max_parallel_workers_per_gather = 0; $(printf "${query[assess_count]}" ar_local)")
	echo "# one node without parallel workers: assess_count $serial ms"
	citus_sql coordinator -c 'SET citus.explain_all_tasks = on' -c 'SET citus.enable_binary_protocol = off' \
		-c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $(printf "$by_customer" ar_items)" |
		awk -v items="$items" '/Execution Time:/ { t[n++] = $3 }
			END { total = t[n - 1]; min = t[0]; max = t[0]; sum = 0
			      for (i = 0; i < n - 1; i++) { sum += t[i]; if (t[i] < min) min = t[i]; if (t[i] > max) max = t[i] }
			      printf "# citus, %s items: %d tasks of %.0f to %.0f ms on the workers (sum %.0f ms); %.0f ms on the coordinator in all\n",
			             items, n - 1, min, max, sum, total }'
done
echo "# ratio: one node / citus (above 1: Citus is faster); $(nproc) cores shared by all three servers"
