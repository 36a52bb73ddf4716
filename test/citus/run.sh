#!/usr/bin/env bash
# Citus test (SPEC §12, docs/scale-out.md): builds and installs Citus from the vendored source
# when that version is not installed yet (test/citus/build.sh; cached by the installed files),
# starts a coordinator and two workers as throwaway clusters, creates the extension through the
# coordinator, and distributes a ledger of 10,000 customers (ar_items, by customer_id). Checks with
# EXPLAIN and results that dunning.balance and dunning.assess grouped by customer run whole on the
# workers, that other groupings (currency; policy through the coordinator's dunning.customers)
# gather the rows to the coordinator, and that all of them equal the single-node results on the
# same rows; that dunning.unit_assessment over the distributed source (dunning.set_source) equals
# the single node's; and that CALL dunning.run on the coordinator over a snapshot of the
# distributed source writes the letters of a single-node run (database "single", no Citus), while
# Citus refuses the run straight over the distributed table. Prints one "ok"/"not ok" line per check and records "citus passed failed".
# The caller stages the extension (scripts/test.sh); run alone, this script stages it itself.
# CITUS_CUSTOMERS=n changes the size (default 10000).
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

customers=${CITUS_CUSTOMERS:-10000}
# ok/not ok lines and their counts (passed, failed), check and is
source "$repo_root/test/runs/tap.sh"
start=$SECONDS

give_up() { # description
	echo "not ok - $1"
	record_result citus "$passed" $((failed + 1))
	exit 1
}

mkdir -p "$(dirname "$results_file")"
"$repo_root/test/citus/build.sh" || give_up "citus is installed from the vendored source"
if [ -z "${stage_dir:-}" ]; then
	citus_own_stage=1
	stage_extension || give_up "the extension builds"
fi
source "$repo_root/test/citus/cluster.sh"
citus_start worker1 worker2 -- 'citus.shard_count = 4' || give_up "a coordinator and two workers start"

# The extension through the coordinator; Citus creates it on the workers.
citus_sql coordinator -c 'CREATE EXTENSION dunning' || give_up "CREATE EXTENSION dunning on the coordinator"
version=$(citus_sql coordinator -c "SELECT extversion FROM pg_extension WHERE extname = 'dunning'")
for worker in worker1 worker2; do
	found=$(citus_sql "$worker" -c "SELECT extversion FROM pg_extension WHERE extname = 'dunning'")
	check "CREATE EXTENSION on the coordinator installs dunning $version on $worker (found: ${found:-none})" \
		test "$found" = "$version"
done

# ar_items distributed by customer; ar_local holds the same rows on the coordinator, as one node.
citus_sql coordinator -c 'CREATE TABLE ar_items (LIKE dunning.ledger_items INCLUDING ALL)' \
	-c "SELECT create_distributed_table('ar_items', 'customer_id')" \
	-c 'CREATE TABLE ar_local (LIKE dunning.ledger_items INCLUDING ALL)' >/dev/null ||
	give_up "ar_items is distributed by customer_id"
citus_sql coordinator -v n="$customers" -v items=ar_items -f "$repo_root/test/citus/data.sql" &&
	citus_sql coordinator -c 'INSERT INTO ar_local SELECT * FROM ar_items' -c 'ANALYZE ar_local' -c 'ANALYZE ar_items' ||
	give_up "the test ledger loads"
placements=$(citus_sql coordinator -c "SELECT count(DISTINCT nodeport) FROM pg_dist_shard_placement
    JOIN pg_dist_shard USING (shardid) WHERE logicalrelid = 'ar_items'::regclass")
check "ar_items has shards on both workers ($placements nodes)" test "$placements" -eq 2

assess="dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
            disputed => disputed, hold_until => hold_until, on_plan => on_plan),
            '{\"item_min_amount\": 25}'::jsonb, DATE '2026-03-02')"
balance="dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), DATE '2026-03-02')"
by_customer="SELECT customer_id AS k, $assess AS a, $balance AS b FROM %s GROUP BY customer_id"
by_currency="SELECT currency AS k, $assess AS a, $balance AS b FROM %s GROUP BY currency"
by_policy="SELECT coalesce(c.policy, 'default') AS k, $balance AS b
             FROM %s o LEFT JOIN dunning.customers c USING (customer_id) GROUP BY 1"

differences() { # query template: rows of ar_items and ar_local that differ
	citus_sql coordinator -c "SELECT count(*) FROM ($(printf "$1" ar_items)) citus
	    FULL JOIN ($(printf "$1" ar_local)) single USING (k)
	    WHERE citus IS DISTINCT FROM single"
}

# Grouped by the distribution column: the whole aggregate runs in each shard's task.
plan=$(citus_sql coordinator -c "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$by_customer" ar_items)")
check "grouped by customer_id, dunning.assess runs on the workers (a task's query)" \
	grep -q 'Query: SELECT customer_id AS k, dunning.assess(dunning.item(.*GROUP BY customer_id' <<<"$plan"
check "grouped by customer_id, dunning.balance runs on the workers (the same task)" \
	grep -q 'Query: SELECT customer_id AS k, .*dunning.balance(dunning.item(.*GROUP BY customer_id' <<<"$plan"
check "grouped by customer_id, nothing is aggregated on the coordinator" \
	bash -c "! sed '/->  Task/,\$d' <<<\"\$0\" | grep -qE 'Aggregate|dunning\.(assess|balance)'" "$plan"
plan=$(citus_sql coordinator -c "EXPLAIN (VERBOSE, COSTS OFF)
    SELECT customer_id, department, $assess FROM ar_items GROUP BY customer_id, department")
check "grouped by customer_id and department, dunning.assess runs on the workers too" \
	grep -q 'Query: SELECT customer_id, department, dunning.assess(dunning.item(.*GROUP BY customer_id, department' <<<"$plan"
diff=$(differences "$by_customer")
units=$(citus_sql coordinator -c "SELECT count(*) FROM ($(printf "$by_customer" ar_items)) s")
reminders=$(citus_sql coordinator -c "SELECT count(*) FROM ($(printf "$by_customer" ar_items)) s WHERE (a).action = 'remind'")
check "grouped by customer_id, assess and balance on the workers equal the single node ($units units, $reminders reminders, $diff differ)" \
	test "$diff" = 0 -a "$units" -eq "$customers" -a "$reminders" -gt 0

# Grouped by something else: Citus cannot combine partial states of an aggregate whose state is
# `internal` (worker_partial_agg/coord_combine_agg need a transition type with I/O functions), so
# it gathers the rows (citus.coordinator_aggregation_strategy = 'row-gather') and aggregates them
# on the coordinator.
plan=$(citus_sql coordinator -c "EXPLAIN (VERBOSE, COSTS OFF) $(printf "$by_currency" ar_items)")
check "grouped by currency, the workers send the items (no aggregate in the task's query)" \
	bash -c "grep -q 'Query: SELECT currency AS k, dunning.item(' <<<\"\$0\" && ! grep -qE 'Query: .*dunning\.(assess|balance)\(' <<<\"\$0\"" "$plan"
check "grouped by currency, the coordinator aggregates the gathered items" \
	grep -qE 'Output: .*dunning\.assess\(remote_scan\.' <<<"$plan"
diff=$(differences "$by_currency")
groups=$(citus_sql coordinator -c "SELECT count(*) FROM ($(printf "$by_currency" ar_items)) s")
check "grouped by currency, assess and balance equal the single node ($groups groups, $diff differ)" \
	test "$diff" = 0 -a "$groups" -eq 2
diff=$(differences "$by_policy")
groups=$(citus_sql coordinator -c "SELECT count(*) FROM ($(printf "$by_policy" ar_items)) s")
check "grouped by policy (a join with the coordinator's dunning.customers), balance equals the single node ($groups groups, $diff differ)" \
	test "$diff" = 0 -a "$groups" -eq 2
refused=$(citus_sql coordinator -c "SET citus.coordinator_aggregation_strategy = 'disabled'" \
	-c "$(printf "$by_currency" ar_items)" 2>&1 >/dev/null)
check "without row gathering Citus refuses the aggregate (the documented limit: ${refused#ERROR:  })" \
	grep -q 'unsupported aggregate function assess' <<<"$refused"

# The same history and customers on one node: database "single" of the coordinator's server,
# without Citus, over a plain table.
citus_sql coordinator -c 'SET client_min_messages = warning' -c 'CREATE DATABASE single' >/dev/null || give_up "CREATE DATABASE single"
CITUS_DB=single citus_sql coordinator -c 'CREATE EXTENSION dunning' \
	-c 'CREATE TABLE ar_local (LIKE dunning.ledger_items INCLUDING ALL)' &&
	CITUS_DB=single citus_sql coordinator -v n="$customers" -v items=ar_local -f "$repo_root/test/citus/data.sql" &&
	CITUS_DB=single citus_sql coordinator -c 'ANALYZE ar_local' \
		-c "SELECT dunning.set_source('open_items', 'ar_local')" >/dev/null || give_up "the single node loads"
same_rows() { # COPY command: equal on the coordinator and on the single node
	cmp -s <(citus_sql coordinator -c "$1") <(CITUS_DB=single citus_sql coordinator -c "$1")
}

# The BI view every unit's decision comes from reads the distributed source (Citus gathers the
# rows, which the view joins with the coordinator's customers and history).
citus_sql coordinator -c "SELECT dunning.set_source('open_items', 'ar_items')" >/dev/null ||
	give_up "dunning.set_source('open_items', 'ar_items')"
view="SET dunning.as_of = '2026-03-02'; COPY (SELECT customer_id, department, project, currency, policy, assessment,
          last_level FROM dunning.unit_assessment ORDER BY 1, 2, 3, 4) TO STDOUT"
units=$(citus_sql coordinator -c "SET dunning.as_of = '2026-03-02'" -c 'SELECT count(*) FROM dunning.unit_assessment')
view_matches() { [ "$units" -gt "$customers" ] && same_rows "$view"; }
check "dunning.unit_assessment over the distributed source equals the single node ($units units)" view_matches

# CALL dunning.run: on one node, and on the coordinator, where Citus refuses it straight over the
# distributed table but runs it over a snapshot.
CITUS_DB=single citus_sql coordinator -c "CALL dunning.run(DATE '2026-03-02')" || give_up "CALL dunning.run on one node"
refused=$(citus_sql coordinator -c "CALL dunning.run(DATE '2026-03-02')" 2>&1 >/dev/null)
written=$(citus_sql coordinator -c 'SELECT count(*) FROM dunning.runs')
check "Citus refuses CALL dunning.run straight over the distributed table, nothing written (${refused%%$'\n'*})" \
	test -n "$refused" -a "$written" = 0
citus_sql coordinator -c 'CREATE MATERIALIZED VIEW ar_items_snapshot AS SELECT * FROM ar_items' \
	-c "SELECT dunning.set_source('open_items', 'ar_items_snapshot')" \
	-c "CALL dunning.run(DATE '2026-03-02')" >/dev/null ||
	give_up "CALL dunning.run on the coordinator over a snapshot of the distributed table"
letters="COPY (SELECT letter_id, customer_id, department, project, level, action, tone, language,
                      addressee_id, to_email, cc_emails, subject, body, fee, amount, currency, reason,
                      reason_codes, status, channel, pay_by FROM dunning.letters ORDER BY letter_id) TO STDOUT"
items="COPY (SELECT * FROM dunning.letter_items ORDER BY letter_id, item_id) TO STDOUT"
state="COPY (SELECT customer_id, department, project, currency, last_level, last_letter_date, last_pay_by
               FROM dunning.unit_state ORDER BY 1, 2, 3, 4) TO STDOUT"
count=$(citus_sql coordinator -c 'SELECT count(*) FROM dunning.letters')
single_count=$(CITUS_DB=single citus_sql coordinator -c 'SELECT count(*) FROM dunning.letters')
check "the run on the coordinator writes the letters of the single-node run ($count and $single_count letters)" \
	same_rows "$letters"
check "... with the same items" same_rows "$items"
check "... and the same history (dunning.unit_state)" same_rows "$state"
mix=$(citus_sql coordinator -c "SELECT format('%s levels, languages %s, %s to a parent, %s in USD', count(DISTINCT level),
        string_agg(DISTINCT language, '/'), count(*) FILTER (WHERE addressee_id <> customer_id),
        count(*) FILTER (WHERE currency = 'USD')) FROM dunning.letters")
check "the letters compared are of every kind ($mix)" \
	grep -qE '^[2-9] levels, languages en/fr/nl, [1-9][0-9]* to a parent, [1-9][0-9]* in USD$' <<<"$mix"

if [ "$failed" -ne 0 ] || [ -n "${SHOW_PLAN:-}" ]; then
	echo "$plan"
	for node in "${citus_nodes[@]}"; do tail -5 "$citus_base/$node.log"; done
fi
echo "# citus suite: $((SECONDS - start)) s"
record_result citus "$passed" "$failed"
[ "$failed" -eq 0 ]
