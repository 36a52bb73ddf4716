#!/usr/bin/env bash
# Multi-session tests of CALL dunning.run (SPEC §11): concurrent runs, isolation levels, failures
# mid-run, pg_cron, and whatever else test/runs/t_*.sh checks. One throwaway cluster (lib.sh's
# with_cluster, loading the staged extension and pg_cron); inside it every t_*.sh runs in name
# order with the cluster's PG* environment and creates its own database(s). Each script prints
# "ok - ..." / "not ok - ..." lines and "#" diagnostics; a script that exits non-zero without a
# "not ok", or prints no result at all, counts as one more failure. Records "runs passed failed".
# The caller stages the extension (scripts/test.sh); run alone, this script stages it itself.
# RUNS_ONLY=name runs t_name.sh alone (a glob: RUNS_ONLY='c*').
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

suite_dir="$repo_root/test/runs"
# Seconds one script may take before it is stopped and counted as failed.
script_timeout=${RUNS_SCRIPT_TIMEOUT:-240}

# Inside the cluster: run every script, write "passed failed" to $1.
if [ "${1:-}" = "--inside" ]; then
	counts_file=$2
	passed=0
	failed=0
	for script in "$suite_dir"/t_${RUNS_ONLY:-*}.sh; do
		[ -e "$script" ] || continue
		name=$(basename "$script")
		echo "# $name"
		out=$(mktemp /tmp/dunning-runs-out.XXXXXX)
		start=$SECONDS
		timeout --kill-after=10 "$script_timeout" bash "$script" 2>&1 | tee "$out"
		status=${PIPESTATUS[0]}
		oks=$(grep -cE '^ok( |$)' "$out")
		not_oks=$(grep -cE '^not ok( |$)' "$out")
		rm -f "$out"
		if [ "$status" -ne 0 ] && [ "$not_oks" -eq 0 ]; then
			echo "not ok - $name exited with status $status$([ "$status" -eq 124 ] && echo " (timed out after ${script_timeout}s)")"
			not_oks=1
		elif [ $((oks + not_oks)) -eq 0 ]; then
			echo "not ok - $name printed no result"
			not_oks=1
		fi
		echo "# $name: $oks ok, $not_oks not ok, $((SECONDS - start)) s"
		passed=$((passed + oks))
		failed=$((failed + not_oks))
	done
	echo "$passed $failed" >"$counts_file"
	[ "$failed" -eq 0 ]
	exit
fi

if [ -z "${stage_dir:-}" ]; then
	stage_extension || { echo "building the extension failed"; exit 1; }
	trap cleanup_stage EXIT
fi
# pg_cron runs its jobs in dunning_runs (t_cron.sh); Debian 12's pg_cron 1.4 needs background
# workers to run a job without a password-less libpq connection.
cluster_suite runs "$0" -o shared_preload_libraries=pg_cron -o cron.database_name=dunning_runs \
	-o cron.use_background_workers=on -o max_worker_processes=20
