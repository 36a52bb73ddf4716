#!/usr/bin/env bash
# Runs inside a throwaway cluster (scripts/test.sh): pg_regress, pgTAP, the SQL API contract and
# the memory test. Records one result line per suite.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"
status=0

# pg_regress (make installcheck): one result per test file.
log=build/regress.log
make -s installcheck >"$log" 2>&1 || status=1
passed=$(grep -cE '\.\.\. ok' "$log")
failed=$(grep -cE '\.\.\. FAILED|\.\.\. failed' "$log")
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ] || ! grep -q 'tests passed' "$log"; then
	cat "$log"
	[ -f regression.diffs ] && cat regression.diffs
	[ "$failed" -eq 0 ] && failed=1
	status=1
fi
record_result regress "$passed" "$failed"

# pgTAP (pg_prove): one result per assertion; a file that dies counts as one more failure.
log=build/pgtap.log
createdb dunning_tap && psql -X -q -d dunning_tap -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION dunning' ||
	status=1
pg_prove -d dunning_tap --ext .sql -r test/pgtap >"$log" 2>&1 || status=1
total=$(sed -nE 's/^Files=[0-9]+, Tests=([0-9]+),.*/\1/p' "$log")
failed=$(grep -oE 'Failed: [0-9]+\)' "$log" | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}')
broken=$(grep -cE 'Parse errors|Wstat: [1-9]' "$log")
total=${total:-0}
failed=${failed:-0}
if ! grep -q '^Result: PASS' "$log"; then
	cat "$log"
	status=1
	[ "$failed" -eq 0 ] && failed=$((broken > 0 ? broken : 1))
fi
record_result pgtap $((total - failed)) "$failed"

# SPEC's public API (../shared/contract/api.sql, else the copy in test/contract): every object of
# the contract must be present with its exact names and argument types: "api: N/N present".
contract=../shared/contract/api.sql
[ -f "$contract" ] || contract=test/contract/api.sql
log=build/api.log
psql -X -q -d dunning_tap -f "$contract" >"$log" 2>&1 || status=1
summary=$(grep -E '^api: [0-9]+/[0-9]+ present$' "$log")
present=$(sed -E 's#^api: ([0-9]+)/.*#\1#' <<<"$summary")
wanted=$(sed -E 's#^api: [0-9]+/([0-9]+).*#\1#' <<<"$summary")
passed=${present:-0}
failed=$(( ${wanted:-1} - passed ))
[ -z "$summary" ] && failed=$((failed + 1))
if [ "$failed" -ne 0 ]; then
	cat "$log"
	status=1
else
	echo "$summary"
fi
record_result api "$passed" "$failed"

# The backend's memory after repeated large aggregates and errors mid-aggregate.
"$repo_root/scripts/memory.sh" dunning_tap || status=1
exit $status
