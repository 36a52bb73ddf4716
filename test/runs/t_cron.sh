#!/usr/bin/env bash
# CALL dunning.run() scheduled with pg_cron (SPEC §11), in database dunning_runs, the cluster's
# cron.database_name (test/runs/run.sh starts it with pg_cron preloaded and background workers).
# The job must run without any session of ours calling dunning.run, succeed, issue letters, and
# date them with current_date in the time zone of the job's session. That zone is set on the
# database to one whose date differs from UTC's right now, so a date taken in UTC (the zone of
# pg_cron's schedules) would show. Prints "ok"/"not ok" lines (test/runs/run.sh counts them).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tap.sh"

db=dunning_runs
seed=$(dirname "$0")/seed.sql
wait_seconds=${RUNS_CRON_WAIT:-130}

sql() { # psql arguments...
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}

createdb "$db" || exit 1
sql -c 'CREATE EXTENSION pg_cron' -c 'CREATE EXTENSION dunning' || exit 1
echo "# pg_cron $(sql -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'"), $(sql -c 'SHOW cron.use_background_workers' | sed 's/^/background workers /')"

# A zone whose date is not UTC's for the next hour or more: UTC+14 from 11:00 UTC on, else UTC-12.
zone=$(sql -c "SELECT CASE WHEN extract(hour FROM now() AT TIME ZONE 'UTC') >= 11
                            THEN 'Pacific/Kiritimati' ELSE 'Etc/GMT+12' END")
cluster_zone=$(psql -X -At -d postgres -c 'SHOW timezone')
sql -c "ALTER DATABASE $db SET timezone = '$zone'" || exit 1
today=$(sql -c 'SELECT current_date')
sql -v prefix=K -v n=10 -v as_of="$today" -f "$seed" || exit 1
expected=$(sql -c "SELECT count(*) FROM dunning.assess_units(current_date) a
                    WHERE (a.assessment).action IN ('remind', 'pre_due')")
check "no run before the schedule ($expected units due a letter today, $today in $zone)" \
	test "$(sql -c 'SELECT count(*) FROM dunning.runs')" -eq 0 -a "$expected" -gt 0

# The job belongs to an operator set up as docs/runs.md says: LOGIN (pg_cron's background worker
# connects as it), USAGE on schema cron, dunning.grant_operator. One unit of the ledger has a bad
# row: the scheduled run leaves it out, lists it in dunning.run_errors and still succeeds.
psql -X -q -d postgres -c "DROP ROLE IF EXISTS cron_operator" -c "CREATE ROLE cron_operator LOGIN" || exit 1
sql -c "GRANT USAGE ON SCHEMA cron TO cron_operator" -c "SELECT dunning.grant_operator('cron_operator')" >/dev/null || exit 1
sql -c "INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
        VALUES ('KBAD', 'KBAD-1', 'invoice', 100, 250, current_date - 40)" || exit 1
job=$(sql -c "SET ROLE cron_operator" -c "SELECT cron.schedule('dunning', '* * * * *', 'CALL dunning.run()')")
job_user=$(sql -c "SELECT username FROM cron.job WHERE jobid = $job")
echo "# job $job scheduled at $(date -u +%T) UTC; waiting up to ${wait_seconds}s for its first run"
deadline=$((SECONDS + wait_seconds))
start=$SECONDS
while [ "$SECONDS" -lt "$deadline" ] &&
	[ "$(sql -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status IN ('succeeded', 'failed')")" -eq 0 ]; do
	sleep 2
done
echo "# waited $((SECONDS - start)) s"
sql -c "SET ROLE cron_operator" -c "SELECT cron.unschedule('dunning')" >/dev/null
sql -F ' | ' -c "SELECT runid, job_pid, status, command, return_message, start_time, end_time
                   FROM cron.job_run_details WHERE jobid = $job ORDER BY runid" | sed 's/^/# job_run_details: /'
sql -F ' | ' -c 'SELECT run_id, as_of, run_by, started_at, finished_at, units, letters FROM dunning.runs' | sed 's/^/# runs: /'

check "cron.job_run_details has a succeeded run of the job with command CALL dunning.run()" \
	test "$(sql -c "SELECT count(*) FROM cron.job_run_details
                     WHERE jobid = $job AND status = 'succeeded' AND command = 'CALL dunning.run()'")" -ge 1
# The runs row the job made: started while the job ran, by the job's role (our sessions are the
# superuser's). Its end is not compared: pg_cron's background-worker mode may record end_time
# before the procedure's last statement (seen on a busy machine: 1.2 s before finished_at).
inside_job="r.run_by = '$job_user' AND EXISTS (SELECT FROM cron.job_run_details d
                     WHERE d.jobid = $job AND d.status = 'succeeded'
                       AND r.started_at BETWEEN d.start_time AND coalesce(d.end_time, 'infinity'))"
read -r runs inside cron_run <<<"$(sql -F ' ' -c "
    SELECT count(*), count(*) FILTER (WHERE $inside_job), coalesce(min(r.run_id) FILTER (WHERE $inside_job), 0)
      FROM dunning.runs r")"
check "the runs row was made by the scheduler: $runs run(s), all inside the job's run ($inside), none by our sessions" \
	test "$runs" -ge 1 -a "$runs" = "$inside"
check "run_by is the job's user ($job_user)" \
	test "$(sql -c "SELECT bool_and(run_by = '$job_user') FROM dunning.runs")" = t
read -r letters recorded <<<"$(sql -F ' ' -c "
    SELECT (SELECT count(*) FROM dunning.letters l WHERE l.run_id = r.run_id), r.letters
      FROM dunning.runs r WHERE r.run_id = $cron_run")"
check "the scheduled run issued letters ($letters, runs.letters $recorded, $expected due)" \
	test "${letters:-0}" -gt 0 -a "${letters:-0}" = "${recorded:-x}" -a "${letters:-0}" -eq "$expected"
check "the job ran as the operator cron_operator ($job_user)" test "$job_user" = cron_operator
check "the scheduled run left the bad unit out and listed it (runs.errors, dunning.run_errors)" \
	test "$(sql -c "SELECT r.errors || ':' || string_agg(e.customer_id || '/' || e.item_id || '/' || e.sqlstate, ',')
	                FROM dunning.runs r JOIN dunning.run_errors e USING (run_id) WHERE r.run_id = $cron_run GROUP BY r.errors")" \
	     = "1:KBAD/KBAD-1/22023"
check "cron.job_run_details shows the run succeeded" \
	test "$(sql -c "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status = 'succeeded'")" -ge 1
check "cron.unschedule('dunning') removed the job" test "$(sql -c 'SELECT count(*) FROM cron.job')" -eq 0

# The time zone: pg_cron's schedule is UTC; the run's default as_of is current_date of the job's
# session, i.e. the timezone setting the job connects with (database, else server).
read -r as_of local_date utc_date setting <<<"$(sql -F ' ' -c "
    SELECT r.as_of, (r.started_at AT TIME ZONE current_setting('timezone'))::date,
           (r.started_at AT TIME ZONE 'UTC')::date, current_setting('timezone')
      FROM dunning.runs r WHERE r.run_id = $cron_run")"
echo "# time zone: cluster timezone $cluster_zone, database $db timezone $setting; pg_cron schedules in UTC;"
echo "#   runs.as_of $as_of; current_date in $setting when the job ran: $local_date; the UTC date then: $utc_date"
check "runs.as_of is current_date in the time zone of the job's session ($as_of = $local_date, UTC $utc_date)" \
	test -n "$as_of" -a "$as_of" = "$local_date"
