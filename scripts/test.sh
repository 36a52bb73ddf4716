#!/usr/bin/env bash
# `make test`: unit tests (CTest), the same under ASan+UBSan, a 10 s smoke run of every fuzz
# target, then pg_regress, pgTAP, the API contract and the memory test in a throwaway cluster, and
# the extension under valgrind. Ends with one line "N passed, N failed" summing every suite; exits
# non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

"$repo_root/scripts/deps.sh" || exit 1
mkdir -p "$repo_root/build"
: >"$results_file"
status=0
trap cleanup_stage EXIT

"$repo_root/scripts/unit.sh" || status=1
"$repo_root/scripts/sanitize.sh" || status=1
"$repo_root/scripts/fuzz.sh" 10 || status=1
# The shipped letter texts: layout, placeholders, required paragraphs and legal wording (no database).
if "$repo_root/templates/check.sh" "$repo_root/templates" >"$repo_root/build/texts.log" 2>&1; then
	record_result texts "$(find "$repo_root/templates" -name '*.txt' | wc -l)" 0
else
	cat "$repo_root/build/texts.log"
	record_result texts 0 "$(grep -c . "$repo_root/build/texts.log")"
	status=1
fi

if stage_extension; then
	with_cluster -- "$repo_root/scripts/sql_suites.sh" || status=1
	"$repo_root/test/shards/run.sh" || status=1
	"$repo_root/test/citus/run.sh" || status=1
	"$repo_root/test/runs/run.sh" || status=1
	"$repo_root/test/delivery/run.sh" || status=1
	"$repo_root/scripts/valgrind.sh" "$stage_dir" || status=1
else
	echo "building the extension failed"
	record_result build 0 1
	status=1
fi

read -r passed failed < <(awk '{p += $2; f += $3} END {print p + 0, f + 0}' "$results_file")
[ "$failed" -ne 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
