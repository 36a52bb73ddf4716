#!/usr/bin/env bash
# The core under AddressSanitizer and UndefinedBehaviorSanitizer: a separate CMake tree,
# build/sanitize, built with clang (-DDUNNING_SANITIZE=ON: every report fatal, libstdc++
# assertions on) together with the libFuzzer targets (-DDUNNING_FUZZ=ON), which scripts/fuzz.sh
# runs. Runs the unit tests there with CTest and records "sanitize passed failed".
# `scripts/sanitize.sh --build-only` only builds.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

build_dir="$repo_root/build/sanitize"
log="$repo_root/build/sanitize.log"
werror=OFF
[ "${CI:-}" = true ] && werror=ON
mkdir -p "$repo_root/build"
cxx=$(clang_cxx) || {
	echo "sanitize: clang++ not found (Debian: apt-get install clang-14 libclang-rt-14-dev)"
	record_result sanitize 0 1
	exit 1
}
# -O1 and line tables only: about half the build time of RelWithDebInfo, still with file:line in
# every sanitizer report and fuzz crash.
if ! cmake -S "$repo_root" -B "$build_dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE= \
	-DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
	-DDUNNING_SANITIZE=ON -DDUNNING_FUZZ=ON -DDUNNING_WERROR="$werror" >"$log" 2>&1 ||
	! cmake --build "$build_dir" -j"$jobs" >>"$log" 2>&1; then
	cat "$log"
	[ "${1:-}" = --build-only ] || record_result sanitize 0 1
	exit 1
fi
[ "${1:-}" = --build-only ] && exit 0
# Leak checking at exit too; abort (not just report) on the first finding, with a stack.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest_suite sanitize "$build_dir" "$log"
