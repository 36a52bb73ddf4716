#!/usr/bin/env bash
# Scale-out test (SPEC §12): a coordinator and two shards, three throwaway clusters on loopback.
# ar_items is hash-partitioned by customer over postgres_fdw foreign partitions; with
# enable_partitionwise_aggregate, dunning.assess … GROUP BY customer must run whole on the shards
# (EXPLAIN VERBOSE shows it in each partition's Remote SQL) and give the single-node result.
# Prints one "ok"/"not ok" line per check and records "shards passed failed".
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

bin=/usr/lib/postgresql/$pg_version/bin
base=$(mktemp -d /tmp/dunning-shards.XXXXXX)
chmod 755 "$base"
as_owner=()
[ "$(id -u)" -eq 0 ] && { chown postgres "$base"; as_owner=(runuser -u postgres --); }
nodes=(coordinator shard1 shard2)
declare -A port
# ok/not ok lines and their counts (passed, failed), check and is
source "$repo_root/test/runs/tap.sh"

stop_all() {
	for node in "${nodes[@]}"; do
		[ -f "$base/$node/postmaster.pid" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$base/$node" -m immediate stop >/dev/null 2>&1
	done
	rm -rf "$base"
}
trap stop_all EXIT

for node in "${nodes[@]}"; do
	port[$node]=$(free_port)
	"${as_owner[@]}" "$bin/initdb" -D "$base/$node" -U postgres --auth=trust -E UTF8 >/dev/null || exit 1
	cat >>"$base/$node/postgresql.conf" <<CONF
port = ${port[$node]}
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
extension_destdir = '$stage_dir'
dynamic_library_path = '$stage_dir/usr/lib/postgresql/$pg_version/lib:\$libdir'
max_connections = 20
CONF
	"${as_owner[@]}" "$bin/pg_ctl" -D "$base/$node" -l "$base/$node.log" -w start >/dev/null || { cat "$base/$node.log"; exit 1; }
done

sql() { # node, psql arguments...
	local node=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$base" -p "${port[$node]}" -U postgres -d postgres "$@"
}

for shard in shard1 shard2; do
	n=${shard#shard}
	sql "$shard" -c 'CREATE EXTENSION dunning' -c "CREATE TABLE ar_items_p$((n - 1)) (
	    customer_id text, item_id text, kind text, amount numeric, open_amount numeric, due_date date,
	    disputed boolean, hold_until date, on_plan boolean)" || exit 1
done
sql coordinator -f "$repo_root/test/shards/coordinator.sql" \
	-v shard1_port="${port[shard1]}" -v shard2_port="${port[shard2]}" || exit 1

query="SELECT customer_id, dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
           disputed => disputed, hold_until => hold_until, on_plan => on_plan),
           '{\"item_min_amount\": 25}'::jsonb, DATE '2026-03-02') AS a
         FROM %s GROUP BY customer_id"
plan=$(sql coordinator -c 'SET enable_partitionwise_aggregate = on' -c "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$query" ar_items)")
remote=$(grep -c 'Remote SQL: SELECT customer_id, dunning.assess(dunning.item(' <<<"$plan")
check "EXPLAIN VERBOSE ships dunning.assess(dunning.item(...)) to both shards ($remote Remote SQL lines)" test "$remote" -eq 2
check "no aggregation left on the coordinator" bash -c "! grep -qE '^ *(->  )?(Hash|Group|Mixed)?Aggregate|Partial' <<<\"\$0\"" "$plan"

balance_plan=$(sql coordinator -c 'SET enable_partitionwise_aggregate = on' -c "EXPLAIN (VERBOSE, COSTS OFF)
    SELECT customer_id, dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), DATE '2026-03-02')
      FROM ar_items GROUP BY customer_id")
check "dunning.balance is shipped as well" test "$(grep -c 'Remote SQL: SELECT customer_id, dunning.balance(dunning.item(' <<<"$balance_plan")" -eq 2

differences=$(sql coordinator -c 'SET enable_partitionwise_aggregate = on' -c "
    SELECT count(*) FROM ($(printf "$query" ar_items)) sharded
      FULL JOIN ($(printf "$query" ar_local)) single USING (customer_id)
     WHERE sharded.a IS DISTINCT FROM single.a")
check "sharded results equal the single-node run (differences: $differences)" test "$differences" = 0
units=$(sql coordinator -c "SELECT count(DISTINCT customer_id) FROM ar_items")
check "every unit assessed across both shards ($units units)" test "$units" -ge 1000
reminders=$(sql coordinator -c 'SET enable_partitionwise_aggregate = on' -c "
    SELECT count(*) FROM ($(printf "$query" ar_items)) s WHERE (a).action = 'remind'")
check "the shards decide real reminders ($reminders)" test "$reminders" -gt 0

if [ "$failed" -ne 0 ] || [ -n "${SHOW_PLAN:-}" ]; then
	echo "$plan"
	for node in "${nodes[@]}"; do tail -5 "$base/$node.log"; done
fi
record_result shards "$passed" "$failed"
[ "$failed" -eq 0 ]
