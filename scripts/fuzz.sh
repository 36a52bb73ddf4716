#!/usr/bin/env bash
# Runs every libFuzzer target of test/fuzz (built by scripts/sanitize.sh into build/sanitize, with
# ASan and UBSan) for a fixed time each: `fuzz.sh [seconds]`, 60 by default (`make fuzz`); `make
# test` runs a 10 s smoke run. Each starts from its committed seeds, test/fuzz/corpus/<target>/,
# and adds what it finds to build/fuzz/corpus/<target>/, so later runs go on from there; a crash
# leaves its input in build/fuzz/artifacts/. Records "fuzz passed failed", one per target, and
# prints the executions of each.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${1:-60}
targets=(policy item assess state money render letter)
build_dir="$repo_root/build/sanitize"
work="$repo_root/build/fuzz"
mkdir -p "$work/artifacts" "$work/logs"
if ! "$repo_root/scripts/sanitize.sh" --build-only; then
	record_result fuzz 0 ${#targets[@]}
	exit 1
fi

run_target() { # target
	local target=$1
	mkdir -p "$work/corpus/$target"
	"$build_dir/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$work/artifacts/$target-" "$work/corpus/$target" "$repo_root/test/fuzz/corpus/$target" \
		>"$work/logs/$target.log" 2>&1
}
export -f run_target
export build_dir work seconds repo_root
# One target per core at a time.
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target {}'

passed=0
failed=0
for target in "${targets[@]}"; do
	log="$work/logs/$target.log"
	runs=$(sed -nE 's/^stat::number_of_executed_units: ([0-9]+)/\1/p' "$log")
	if grep -qE '^Done [0-9]+ runs' "$log" && ! grep -qE 'ERROR: |invariant violated|runtime error' "$log"; then
		passed=$((passed + 1))
		printf 'fuzz:      %-7s %10s executions in %s s\n' "$target" "${runs:-?}" "$seconds"
	else
		failed=$((failed + 1))
		echo "fuzz: $target FAILED after ${runs:-?} executions; the input is in $work/artifacts/:"
		grep -E 'invariant violated|ERROR: |runtime error|SUMMARY|^ +#[0-9]+ .* in (dunning|LLVMFuzzerTestOneInput|\(anonymous)' "$log" | head -30
	fi
done
record_result fuzz "$passed" "$failed"
[ "$failed" -eq 0 ]
