#!/usr/bin/env bash
# Runs inside a throwaway cluster (scripts/sql_suites.sh): the memory test, test/memory/memory.sql,
# in one session of database $1. Records "memory passed failed": its ok/not ok lines, plus one
# check that the error rounds raised exactly the errors they were built to raise.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
log="$repo_root/build/memory.log"
errors="$repo_root/build/memory.err"

psql -X -d "$1" -f "$repo_root/test/memory/memory.sql" >"$log" 2>"$errors"
status=$?
grep '^# ' "$log" | sed 's/^# /memory: /'
passed=$(grep -c '^ok ' "$log")
failed=$(grep -c '^not ok ' "$log")
# 10 rounds of each error, plus one of each in the warm-up; nothing else may fail.
transition=$(grep -c 'ERROR:  item "BAD": amount 1.00001 has more than 4 decimal places' "$errors")
final=$(grep -c 'ERROR:  item "DOC-7": duplicate item_id in one unit' "$errors")
other=$(grep 'ERROR:' "$errors" | grep -vc 'item "BAD": amount 1.00001\|item "DOC-7": duplicate')
if [ "$transition" -eq 11 ] && [ "$final" -eq 11 ] && [ "$other" -eq 0 ]; then
	passed=$((passed + 1))
else
	echo "memory: expected 11 + 11 errors mid-aggregate, got $transition + $final and $other others"
	failed=$((failed + 1))
fi
# memory.sql prints 6 checks; fewer means it stopped early (a crash: psql exits with 2).
if [ "$status" -ne 0 ] || [ $((passed + failed)) -ne 7 ]; then
	echo "memory: psql exited with $status after $((passed + failed)) checks"
	failed=$((failed + 1))
fi
if [ "$failed" -ne 0 ]; then
	cat "$log"
	tail -20 "$errors"
fi
record_result memory "$passed" "$failed"
[ "$failed" -eq 0 ]
