#!/usr/bin/env bash
# Concurrent CALL dunning.run (SPEC §11) with real sessions, in database runs_concurrency:
# a second run waits on the documented advisory lock and then issues no duplicate; runs racing
# for the lock never collide; REPEATABLE READ and SERIALIZABLE are refused with 0A000; a run
# failing after it has started writing leaves nothing behind, and the session can run again.
# Prints "ok"/"not ok" lines (test/runs/run.sh counts them).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tap.sh"

db=runs_concurrency
seed=$(dirname "$0")/seed.sql
# The documented lock key of dunning.run; pg_locks shows a bigint advisory key as its high and
# low 32 bits in classid and objid, with objsubid 1.
lock_key=28276614830321255
lock_classid=$((lock_key >> 32))
lock_objid=$((lock_key & 0xffffffff))
tmp=$(mktemp -d /tmp/dunning-runs-concurrency.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

sql() { # psql arguments...
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# The state a failed run must leave untouched: counts and a hash of every row it writes.
snapshot_sql="SELECT (SELECT count(*) FROM dunning.runs) || ' runs, '
	            || (SELECT count(*) FROM dunning.letters) || ' letters, '
	            || (SELECT count(*) FROM dunning.letter_items) || ' letter items, '
	            || (SELECT count(*) FROM dunning.unit_state) || ' unit states, hash '
	            || md5(concat((SELECT string_agg(r::text, '|' ORDER BY r.run_id) FROM dunning.runs r),
	                          (SELECT string_agg(l::text, '|' ORDER BY l.letter_id) FROM dunning.letters l),
	                          (SELECT string_agg(i::text, '|' ORDER BY i.letter_id, i.item_id) FROM dunning.letter_items i),
	                          (SELECT string_agg(s::text, '|' ORDER BY s.customer_id, s.department, s.project)
	                             FROM dunning.unit_state s)))"
snapshot() {
	sql -c "$snapshot_sql"
}

# Units a run as of $1 should write a letter for: action remind or pre_due, no letter yet that day.
due_units() {
	sql -c "SELECT count(*) FROM dunning.assess_units('$1') a
	         WHERE (a.assessment).action IN ('remind', 'pre_due')
	           AND (a.last_letter_date IS NULL OR a.last_letter_date < '$1')"
}

# Waits up to $2 seconds until the query $1 returns true.
wait_for() {
	local deadline=$((SECONDS + $2))
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ "$(sql -c "$1")" = t ] && return 0
		sleep 0.1
	done
	return 1
}

dropdb --if-exists "$db" 2>/dev/null
createdb "$db" || exit 1
sql -c 'CREATE EXTENSION dunning' || exit 1
sql -v prefix=C -v n=50 -v as_of=2026-11-23 -f "$seed" || exit 1
as_of=2026-11-23
expected=$(due_units "$as_of")
echo "# 50 customers seeded; $expected units due a letter as of $as_of"

# (a)-(c) Session A runs and holds its transaction open for 3 s; session B calls ~1 s later. -------
PGAPPNAME=runs_a psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" >"$tmp/a.out" 2>&1 <<SQL &
BEGIN;
CALL dunning.run('$as_of');
SELECT 'run_id=' || currval('dunning.runs_run_id_seq');
SELECT pg_sleep(3);
SELECT 'before_commit=' || clock_timestamp();
COMMIT;
SQL
a_pid=$!
wait_for "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = 'runs_a' AND query LIKE '%pg_sleep%')" 10 ||
	echo "# session A never reached its pg_sleep"
sleep 1
b_start=$SECONDS
PGAPPNAME=runs_b psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" \
	-c "CALL dunning.run('$as_of')" -c "SELECT 'run_id=' || currval('dunning.runs_run_id_seq')" >"$tmp/b.out" 2>&1 &
b_pid=$!
# A third session: is B waiting for the documented advisory lock that A holds?
run_locks="SELECT a.application_name, l.granted
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.classid = $lock_classid
              AND l.objid = $lock_objid AND l.objsubid = 1
              AND a.application_name IN ('runs_a', 'runs_b')"
wait_for "SELECT EXISTS ($run_locks AND a.application_name = 'runs_b')" 2
locks=$(sql -F ' ' -c "$run_locks ORDER BY 1")
wait "$a_pid"
a_status=$?
wait "$b_pid"
b_status=$?
b_seconds=$((SECONDS - b_start))
grep -v '^$' "$tmp/a.out" | sed 's/^/# session A: /'
grep -v '^$' "$tmp/b.out" | sed 's/^/# session B: /'
echo "# advisory locks (key $lock_key = classid $lock_classid, objid $lock_objid) seen by a third session:" $locks
a_run=$(sed -n 's/^run_id=//p' "$tmp/a.out")
b_run=$(sed -n 's/^run_id=//p' "$tmp/b.out")
a_before_commit=$(sed -n 's/^before_commit=//p' "$tmp/a.out")
check "both sessions' CALL dunning.run succeed (A: status $a_status, B: status $b_status)" \
	test "$a_status" -eq 0 -a "$b_status" -eq 0 -a -n "$a_run" -a -n "$b_run"
check "B waits on pg_advisory_xact_lock($lock_key) while A holds it (pg_locks: $(echo $locks))" \
	test "$(echo $locks)" = "runs_a t runs_b f"
b_waited=$(sql -c "SELECT started_at >= '${a_before_commit:-infinity}'::timestamptz FROM dunning.runs WHERE run_id = ${b_run:-0}")
check "B's run starts only after A commits (B took ${b_seconds} s)" test "$b_waited" = t
counts=$(sql -F ' ' -c "SELECT count(*), count(DISTINCT (customer_id, department, project)),
                               (SELECT letters FROM dunning.runs WHERE run_id = ${a_run:-0}),
                               (SELECT letters FROM dunning.runs WHERE run_id = ${b_run:-0})
                          FROM dunning.letters WHERE as_of = '$as_of'")
read -r letters units a_letters b_letters <<<"$counts"
echo "# letters as of $as_of: $letters for $units units; run A wrote ${a_letters:-?}, run B ${b_letters:-?}"
check "exactly one letter per unit ($letters letters, $units units)" test "$letters" -eq "$units"
check "B's runs row has letters = 0, A's has them all" test "${b_letters:-x}" = 0 -a "${a_letters:-x}" = "$letters"
check "letters = units whose action is remind or pre_due ($letters = $expected)" test "$letters" -eq "$expected" -a "$expected" -gt 0
check "the seed's 31 dunnable units (30 customers, one split by department) get their letter" test "$letters" -eq 31
state=$(sql -c "SELECT count(*) FROM dunning.unit_state WHERE last_letter_date = '$as_of' AND last_level = 1")
items=$(sql -c "SELECT count(*) FROM dunning.letters l WHERE l.as_of = '$as_of'
                   AND NOT EXISTS (SELECT FROM dunning.letter_items i WHERE i.letter_id = l.letter_id)")
check "unit_state advanced for every letter ($state), every letter lists its items ($items without)" \
	test "$state" -eq "$letters" -a "$items" -eq 0

# (d) Two runs released at the same moment, five times with fresh dates and new customers. -------
# A third session holds the lock; both runs queue behind it and race when it commits.
for i in 1 2 3 4 5; do
	day=$(date -d "$as_of + $((15 * i)) days" +%F)
	sql -v prefix="N$i-" -v n=10 -v as_of="$day" -f "$seed" || exit 1
	expected=$(due_units "$day")
	runs_before=$(sql -c "SELECT coalesce(max(run_id), 0) FROM dunning.runs")
	PGAPPNAME=runs_blocker psql -X -q -At -d "$db" \
		-c "BEGIN" -c "SELECT pg_advisory_xact_lock($lock_key)" -c "SELECT pg_sleep(1.5)" -c "COMMIT" >/dev/null 2>&1 &
	blocker=$!
	wait_for "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = 'runs_blocker' AND query LIKE '%pg_sleep%')" 10
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "CALL dunning.run('$day')" >"$tmp/d1.out" 2>&1 &
	one=$!
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "CALL dunning.run('$day')" >"$tmp/d2.out" 2>&1 &
	two=$!
	wait "$one"
	one_status=$?
	wait "$two"
	two_status=$?
	wait "$blocker"
	cat "$tmp/d1.out" "$tmp/d2.out" | sed 's/^/# /'
	read -r runs letters units run_letters <<<"$(sql -F ' ' -c "
	    SELECT (SELECT count(*) FROM dunning.runs WHERE run_id > $runs_before AND finished_at IS NOT NULL),
	           count(*), count(DISTINCT (customer_id, department, project)),
	           (SELECT string_agg(letters::text, ',' ORDER BY letters) FROM dunning.runs WHERE run_id > $runs_before)
	      FROM dunning.letters WHERE as_of = '$day'")"
	check "race $i as of $day: both runs succeed (status $one_status, $two_status), $runs runs rows, letters per run $run_letters, $letters letters for $units units, $expected due" \
		test "$one_status" -eq 0 -a "$two_status" -eq 0 -a "$runs" -eq 2 -a "$letters" -eq "$units" \
		-a "$letters" -eq "$expected" -a "$expected" -gt 0 -a "$run_letters" = "0,$expected"
done
dups=$(sql -c "SELECT count(*) - count(DISTINCT (customer_id, department, project, as_of)) FROM dunning.letters")
check "no unit has two letters for one as_of in the whole history ($dups duplicates)" test "$dups" -eq 0

# (e) Above READ COMMITTED the run refuses with 0A000 and writes nothing. -------------------------
refused() { # isolation level, description
	local before after out status
	before=$(snapshot)
	out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1 <<SQL
\set VERBOSITY verbose
BEGIN ISOLATION LEVEL $1;
CALL dunning.run('2027-06-01');
COMMIT;
SQL
	)
	status=$?
	after=$(snapshot)
	echo "$out" | head -3 | sed 's/^/# /'
	check "$2" bash -c '[ "$0" -ne 0 ] && grep -q "0A000" <<<"$1" && [ "$2" = "$3" ]' "$status" "$out" "$before" "$after"
}
refused 'REPEATABLE READ' 'BEGIN ISOLATION LEVEL REPEATABLE READ; CALL dunning.run(...) fails with SQLSTATE 0A000 and writes nothing'
refused 'SERIALIZABLE' 'BEGIN ISOLATION LEVEL SERIALIZABLE; CALL dunning.run(...) fails with SQLSTATE 0A000 and writes nothing'
before=$(snapshot)
out=$(PGOPTIONS='-c default_transaction_isolation=serializable' psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" \
	-c '\set VERBOSITY verbose' -c "CALL dunning.run('2027-06-01')" 2>&1)
status=$?
check "a bare CALL under default_transaction_isolation = serializable is refused with 0A000 too" \
	bash -c '[ "$0" -ne 0 ] && grep -q "0A000" <<<"$1" && [ "$2" = "$3" ]' "$status" "$out" "$before" "$(snapshot)"
before=$(snapshot)
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "BEGIN ISOLATION LEVEL READ COMMITTED" \
	-c "CALL dunning.run('2027-06-01')" -c "ROLLBACK" 2>&1)
check "inside an explicit READ COMMITTED transaction the run works (and is rolled back here)" \
	bash -c '[ "$0" -eq 0 ] && [ "$1" = "$2" ]' "$?" "$before" "$(snapshot)"

# (f) A run failing after it has started writing leaves nothing half-written (with on_error =>
# 'stop' for bad data; 'skip' is t_history.sh's); the same session runs again once the cause is gone. Each session prints its snapshot between the two CALLs.
failed_then_fixed() { # as_of, break (SQL), fix (SQL), description of the failure, grep -E pattern of the error
	local day=$1 break=$2 fix=$3 description=$4 pattern=$5 expected before out error middle letters
	expected=$(due_units "$day")
	sql -c "$break" || exit 1
	pattern=${pattern//@expected@/$expected}
	before=$(snapshot)
	out=$(psql -X -q -At -d "$db" 2>&1 <<SQL
\set VERBOSITY verbose
CALL dunning.run('$day', on_error => 'stop');
SELECT 'snapshot=' || x FROM ($snapshot_sql) s(x);
$fix
CALL dunning.run('$day');
SELECT 'letters=' || letters FROM dunning.runs WHERE run_id = currval('dunning.runs_run_id_seq');
SQL
	)
	error=$(grep -E '^ERROR' <<<"$out" | head -1)
	middle=$(sed -n 's/^snapshot=//p' <<<"$out")
	letters=$(sed -n 's/^letters=//p' <<<"$out")
	echo "# ${error:-no error}"
	check "$description" bash -c 'grep -qE "$1" <<<"$0"' "$error" "$pattern"
	check "after the failed CALL runs, letters, letter_items and unit_state are unchanged ($middle)" test "$middle" = "$before"
	check "the same session runs again once fixed: $letters of $expected letters as of $day" \
		test "$letters" = "$expected" -a "$expected" -gt 0
}
# 1. Data that passes the table's constraints but not dunning.item: a credit note with a negative
#    amount. The run has inserted its runs row when the assessment raises.
sql -v prefix=F1- -v n=10 -v as_of=2027-03-01 -f "$seed" || exit 1
failed_then_fixed 2027-03-01 \
	"INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
	 VALUES ('C004', 'BAD-CN-1', 'credit_note', -5, 0, '2027-02-01')" \
	"DELETE FROM dunning.ledger_items WHERE item_id = 'BAD-CN-1';" \
	"a credit note with a negative amount fails the run with 22023 naming the item" '22023.*BAD-CN-1'
# 2. A failure after the letters, their items and unit_state are written: a trigger of ours on
#    dunning.runs raises when the run records its counts, its very last statement, and reports
#    what the run had written by then.
sql -v prefix=F2- -v n=10 -v as_of=2027-04-01 -f "$seed" || exit 1
sql -c "CREATE FUNCTION public.fail_run() RETURNS trigger LANGUAGE plpgsql AS \$\$
        BEGIN
            RAISE EXCEPTION 'failing the run after it wrote % letters: % letter rows, % letter items, % unit states',
                NEW.letters,
                (SELECT count(*) FROM dunning.letters l WHERE l.run_id = NEW.run_id),
                (SELECT count(*) FROM dunning.letter_items i JOIN dunning.letters l USING (letter_id)
                  WHERE l.run_id = NEW.run_id),
                (SELECT count(*) FROM dunning.unit_state s WHERE s.last_letter_date = NEW.as_of);
        END \$\$" || exit 1
failed_then_fixed 2027-04-01 \
	"CREATE TRIGGER fail_run AFTER UPDATE ON dunning.runs FOR EACH ROW EXECUTE FUNCTION public.fail_run()" \
	"DROP TRIGGER fail_run ON dunning.runs;" \
	"a failure at the run's last statement, after its letters, items and unit_state were written" \
	'failing the run after it wrote @expected@ letters: @expected@ letter rows, [1-9][0-9]* letter items, @expected@ unit states'
