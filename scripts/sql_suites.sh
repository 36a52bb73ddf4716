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
# the contract must be present with its exact names and argument types: "api: N/N present". Until
# version 0.3 is complete, the objects test/contract/pending.txt lists (those of unresolved issues)
# may still be missing; any other missing or different object fails.
contract=../shared/contract/api.sql
[ -f "$contract" ] || contract=test/contract/api.sql
log=build/api.log
psql -X -q -d dunning_tap -f "$contract" >"$log" 2>&1 || status=1
summary=$(grep -E '^api: [0-9]+/[0-9]+ present$' "$log")
present=$(sed -E 's#^api: ([0-9]+)/.*#\1#' <<<"$summary")
wanted=$(sed -E 's#^api: [0-9]+/([0-9]+).*#\1#' <<<"$summary")
unexpected=$(awk -v pending=test/contract/pending.txt '
	BEGIN {
		while ((getline line < pending) > 0) {
			if (line ~ /^#/ || line !~ /[^ ]/) continue
			split(line, f, " ")
			key = f[2] " " f[3]
			if (f[4] == "") whole[key] = 1
			else { n = split(f[4], cols, ","); for (i = 1; i <= n; i++) column[key "." cols[i]] = 1 }
		}
	}
	/^api: / { next }
	{
		name = $2; sub(/:$/, "", name); key = $1 " " name
		if (key in whole) next
		problem = $0; sub(/^[^:]*: /, "", problem)
		if (problem ~ /^columns missing: /) {
			sub(/^columns missing: /, "", problem)
			n = split(problem, cols, ","); allowed = 1
			for (i = 1; i <= n; i++) if (!((key "." cols[i]) in column)) allowed = 0
			if (allowed) next
		}
		print
	}' "$log")
pending=$(grep -vcE '^(#|api: |$)' "$log")
passed=${present:-0}
failed=$(grep -c . <<<"$unexpected")
[ -z "$summary" ] && failed=$((failed + 1))
if [ "$failed" -ne 0 ]; then
	cat "$log"
	echo "not pending (test/contract/pending.txt):"
	echo "$unexpected"
	status=1
else
	echo "$summary; $pending pending for unresolved issues (test/contract/pending.txt)"
fi
record_result api "$passed" "$failed"

# The backend's memory after repeated large aggregates and errors mid-aggregate.
"$repo_root/scripts/memory.sh" dunning_tap || status=1
exit $status
