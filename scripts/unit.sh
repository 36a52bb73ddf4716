#!/usr/bin/env bash
# The core's unit tests: CMake build and CTest. Records "unit passed failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"

build_dir="$repo_root/build/core"
werror=OFF
[ "${CI:-}" = true ] && werror=ON
log="$repo_root/build/unit.log"
mkdir -p "$repo_root/build"
if ! cmake -S "$repo_root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDUNNING_WERROR="$werror" >"$log" 2>&1 ||
	! cmake --build "$build_dir" -j"$jobs" >>"$log" 2>&1; then
	cat "$log"
	record_result unit 0 1
	exit 1
fi
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" >"$log" 2>&1
status=$?
summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
if [ -z "$summary" ]; then
	cat "$log"
	record_result unit 0 1
	exit 1
fi
[ "$status" -ne 0 ] && grep -vE '^\s+[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log"
record_result unit $((total - failed)) "$failed"
[ "$status" -eq 0 ]
