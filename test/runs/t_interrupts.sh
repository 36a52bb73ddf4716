#!/usr/bin/env bash
# SPEC §11.2 "Loops stop when asked": statement_timeout and pg_cancel_backend stop dunning.balance
# and dunning.assess over one unit of 2,000,000 items and dunning.assess_items over an array of
# 1,000,000 within 200 ms, with SQLSTATE 57014; propose_plan refuses more than 1,200 instalments.
#
# The items are materialized first, so only the statement under test is timed. Reading them is
# interruptible in PostgreSQL itself, and a timeout of 100 ms usually fires there; what the
# extension must make interruptible is its own work after the input: the aggregates' final
# functions (sorting, credit allocation, assessment) and assess_items once the array is detoasted.
# So each is also timed with a statement_timeout that expires inside that work: calibration runs
# measure when the input ends (for the aggregates, a marker row after the items records it in a
# sequence, which no rollback undoes; for assess_items, reading the array alone) and how long the
# whole statement takes; the timeout is then set a third of the way into the rest. The
# pg_cancel_backend test waits for the marker and cancels the final function from a second session.
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser); creates
# and drops the database runs_interrupts. Prints `ok - ...` / `not ok - ...` lines.
set -uo pipefail

started=$SECONDS
source "$(dirname "${BASH_SOURCE[0]}")/tap.sh"
db=runs_interrupts
# How late after the timeout or the cancel a statement may end (SPEC: 100 ms, tested with slack).
slack_ms=200
tmp=$(mktemp -d /tmp/dunning-runs-interrupts.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

sql() { # psql arguments...
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

dropdb --if-exists "$db" 2>/dev/null
createdb "$db" || exit 1
# Serial plans, so that the marker row is the aggregate's last input and the final function runs
# in this backend; no JIT compilation inside the timed statements.
sql -c "ALTER DATABASE $db SET max_parallel_workers_per_gather = 0" -c "ALTER DATABASE $db SET jit = off" || exit 1
sql <<'SQL' || exit 1
CREATE EXTENSION dunning;

-- One unit: invoices over 2,000 due dates, every tenth item a credit note, every seventh on hold.
CREATE UNLOGGED TABLE unit_items AS
SELECT dunning.item('INV-' || g, CASE WHEN g % 10 = 0 THEN 'credit_note' ELSE 'invoice' END, 100,
                    CASE WHEN g % 10 = 0 THEN 7 ELSE 100 END, date '2020-01-01' + g % 2000,
                    hold_until => CASE WHEN g % 7 = 0 THEN date '2026-07-01' END) AS i
  FROM generate_series(1, 2000000) g;
-- Stored uncompressed: decompressing 80 MB would be PostgreSQL's own uninterruptible work.
CREATE UNLOGGED TABLE unit_array (items dunning.item[]);
ALTER TABLE unit_array ALTER items SET STORAGE EXTERNAL;
INSERT INTO unit_array SELECT array_agg(i) FROM (SELECT i FROM unit_items LIMIT 1000000) s;

-- Milliseconds from the start of the statement to the end of the aggregate's input; is_called
-- says whether the input ended at all. A sequence, because the cancelled statement rolls back.
CREATE SEQUENCE input_ended;
CREATE FUNCTION input_end_marker() RETURNS dunning.item LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM setval('input_ended', greatest(1, round(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000))::bigint);
    RETURN NULL; -- a NULL item, which the aggregates ignore
END $$;

-- Runs `query` and reports its SQLSTATE and how long after the start of the statement (when
-- statement_timeout starts counting) it ended.
CREATE FUNCTION timed(query text, OUT state text, OUT ms int) LANGUAGE plpgsql AS $$
BEGIN
    PERFORM setval('input_ended', 1, false);
    BEGIN
        EXECUTE query;
        state := '00000';
    EXCEPTION WHEN query_canceled OR others THEN
        state := SQLSTATE;
    END;
    ms := round(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000);
END $$;
SQL

# The aggregates over the whole unit, with the marker row after the last item.
balance_sql="SELECT dunning.balance(i, '2026-06-01') FROM (SELECT i FROM unit_items UNION ALL SELECT input_end_marker()) s"
assess_sql="SELECT dunning.assess(i, NULL, '2026-06-01') FROM (SELECT i FROM unit_items UNION ALL SELECT input_end_marker()) s"
assess_items_sql="SELECT count(*) FROM unit_array, dunning.assess_items(items, NULL, '2026-06-01')"

# timed TIMEOUT QUERY: "state ms input_ms" (input_ms empty when the input did not end).
timed() {
	sql -c "SET statement_timeout = '$1'" \
		-c "SELECT t.state || ' ' || t.ms || ' ' || CASE WHEN s.is_called THEN s.last_value::text ELSE '' END
		      FROM timed(\$q\$$2\$q\$) t, input_ended s"
}

# stops_within NAME TIMEOUT_MS QUERY: the query under statement_timeout ends with 57014 at most
# slack_ms after the timeout.
stops_within() {
	local name=$1 timeout_ms=$2 query=$3 state ms input_ms
	read -r state ms input_ms <<<"$(timed "${timeout_ms}ms" "$query")"
	diag "$name, statement_timeout ${timeout_ms} ms: SQLSTATE $state after $ms ms${input_ms:+ (input ended at $input_ms ms)}"
	if [ "$state" = 57014 ] && [ "${ms:-999999}" -le $((timeout_ms + slack_ms)) ]; then
		pass "$name stops within $slack_ms ms of a $timeout_ms ms statement_timeout"
	else
		fail "$name stops within $slack_ms ms of a $timeout_ms ms statement_timeout (SQLSTATE $state after $ms ms)"
	fi
}

# stops_after_input NAME QUERY [INPUT_QUERY]: calibrates, then sets statement_timeout a third of
# the way from the end of the input to the end of the statement, i.e. inside the extension's own
# work. The input ends where the marker row says, or, for a function without one, after as long
# as INPUT_QUERY (reading the same input alone) takes.
stops_after_input() {
	local name=$1 query=$2 input_query=${3:-} state total input_ms timeout_ms ms ended attempt
	# A statement that ends before its timeout on a machine that got faster since the calibration
	# proves nothing either way: calibrate and try again (at most three times).
	for attempt in 1 2 3; do
		ended=
		read -r state total input_ms <<<"$(timed 0 "$query")"
		if [ -n "$input_query" ]; then
			read -r state input_ms _ <<<"$(timed 0 "$input_query")"
			ended=yes
		fi
		if [ "$state" != 00000 ] || [ -z "$input_ms" ]; then
			fail "$name: the calibration runs succeed (SQLSTATE $state)"
			return
		fi
		if [ $((total - input_ms)) -lt $((3 * slack_ms)) ]; then
			fail "$name: the extension's work after the input is long enough to time out inside it (input $input_ms ms, total $total ms)"
			return
		fi
		timeout_ms=$((input_ms + (total - input_ms) / 3))
		read -r state ms ended <<<"$(timed "${timeout_ms}ms" "$query") $ended"
		diag "$name (attempt $attempt): input ends at $input_ms ms, the statement at $total ms without a timeout; statement_timeout $timeout_ms ms: SQLSTATE $state after $ms ms (input ended: ${ended:-no})"
		[ "$state" = 00000 ] && [ "${ms:-0}" -lt "$timeout_ms" ] || break
	done
	if [ "$state" = 57014 ] && [ -n "$ended" ] && [ "$ms" -le $((timeout_ms + slack_ms)) ]; then
		pass "$name stops within $slack_ms ms of a statement_timeout after its input"
	else
		fail "$name stops within $slack_ms ms of a statement_timeout after its input (SQLSTATE $state after $ms ms, timeout $timeout_ms ms, input ended: ${ended:-no})"
	fi
}

# 1. propose_plan: the cap, and the largest allowed plan is far below the timeout.
out=$(sql -c "SET statement_timeout = '100ms'" \
	-c "SELECT state || ' ' || ms FROM timed(\$q\$SELECT count(*) FROM dunning.propose_plan(1e9, '2026-01-01', 10000000, '1 day')\$q\$)")
read -r state ms <<<"$out"
diag "propose_plan of 10,000,000 daily instalments: SQLSTATE $state after $ms ms"
check "propose_plan(1e9, '2026-01-01', 10000000, '1 day') is refused with 22023 at once" \
	test "$state" = 22023 -a "${ms:-999999}" -le 100
out=$(sql -c "SELECT count(*) FROM dunning.propose_plan(1e9, '2026-01-01', 10000000)" 2>&1)
check "propose_plan(1e9, '2026-01-01', 10000000) names the limit and the value" \
	grep -q 'propose_plan: installments 10000000 exceeds the limit of 1200' <<<"$out"
out=$(sql -c "SET statement_timeout = '100ms'" -c "SELECT count(*) FROM dunning.propose_plan(1e9, '2026-01-01', 1200)" 2>&1)
is "$out" "1200" "the largest allowed plan (1,200 monthly instalments) runs well within a 100 ms statement_timeout"

# 2. statement_timeout of 100 ms. It fires while PostgreSQL reads the items (or, for
#    assess_items, detoasts the array) or in the extension's first loops, depending on the load.
stops_within "dunning.balance over 2,000,000 items" 100 "$balance_sql"
stops_within "dunning.assess over 2,000,000 items" 100 "$assess_sql"
stops_within "dunning.assess_items over 1,000,000 items" 100 "$assess_items_sql"

# 3. statement_timeout inside the extension's own work: the final functions, and assess_items
#    after the array is read.
stops_after_input "dunning.balance over 2,000,000 items" "$balance_sql"
stops_after_input "dunning.assess over 2,000,000 items" "$assess_sql"
stops_after_input "dunning.assess_items over 1,000,000 items" "$assess_items_sql" \
	"SELECT cardinality(items) FROM unit_array"

# 4. pg_cancel_backend from a second session while dunning.assess is in its final function: the
#    canceller waits for the marker row and 300 ms more, cancels, and reports when it did, in
#    milliseconds since the start of the cancelled statement, which reports when it ended on the
#    same scale.
sql -c "SELECT setval('input_ended', 1, false)" >/dev/null
timed 0 "$assess_sql" >"$tmp/cancelled" 2>&1 &
victim=$!
canceller=$(sql <<'SQL' 2>&1
SET statement_timeout = '60s';
DO $$
DECLARE
    victim record;
BEGIN
    LOOP
        EXIT WHEN (SELECT is_called FROM input_ended);
        PERFORM pg_sleep(0.005);
    END LOOP;
    -- Well inside the final function, not in the few instructions after the marker row where
    -- PostgreSQL itself checks.
    PERFORM pg_sleep(0.3);
    SELECT pid, query_start INTO STRICT victim FROM pg_stat_activity
     WHERE query LIKE '%timed(%input_end_marker%' AND pid <> pg_backend_pid();
    PERFORM pg_cancel_backend(victim.pid);
    RAISE NOTICE 'cancelled at % ms', round(extract(epoch FROM clock_timestamp() - victim.query_start) * 1000);
END $$;
SQL
)
wait "$victim"
read -r state ms input_ms <"$tmp/cancelled"
cancelled_ms=$(sed -nE 's/.*cancelled at ([0-9]+) ms.*/\1/p' <<<"$canceller")
diag "pg_cancel_backend of dunning.assess over 2,000,000 items: input ended at ${input_ms:-?} ms, cancelled at ${cancelled_ms:-?} ms; SQLSTATE $state after $ms ms"
if [ "$state" = 57014 ] && [ -n "$input_ms" ] && [ -n "$cancelled_ms" ] && [ "$ms" -le $((cancelled_ms + slack_ms)) ]; then
	pass "pg_cancel_backend stops dunning.assess in its final function within $slack_ms ms"
else
	fail "pg_cancel_backend stops dunning.assess in its final function within $slack_ms ms"
	diag "$canceller"
fi

# 5. The backend that was interrupted serves the next statement, and the states were released.
is "$(sql -c "SELECT (dunning.balance(i, '2026-06-01')).net_balance FROM (SELECT i FROM unit_items LIMIT 1000) s")" \
	"89300.00" "the same kind of statement succeeds after the interruptions"

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	dropdb "$db"
fi
echo "# t_interrupts: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
