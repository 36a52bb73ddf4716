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
ctest_suite unit "$build_dir" "$log"
