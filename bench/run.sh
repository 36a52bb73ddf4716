#!/usr/bin/env bash
# `make bench`: the benchmark of docs/performance.md. Generates a seeded ledger of about 10 items
# per customer for each size, loads it with COPY into a throwaway cluster, and runs each query
# several times in one session, printing medians, ratios to the baseline query of the same size,
# and the backend's peak memory.
#
#   bench/run.sh [ITEMS ...]        default: 100000 1000000 10000000
#   BENCH_REPS=5 BENCH_REFERENCE_MAX=1000000 bench/run.sh 100000
#   BENCH_QUERIES="baseline assess" bench/run.sh 1000000   # only these queries (and the run)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000 10000000)
export BENCH_REPS=${BENCH_REPS:-5}
# The SQL reference runs a query per unit: slow by design, so only up to this size.
export BENCH_REFERENCE_MAX=${BENCH_REFERENCE_MAX:-100000}
# CALL dunning.run writes a letter per overdue unit; measured up to this size.
export BENCH_RUN_MAX=${BENCH_RUN_MAX:-1000000}
export BENCH_SIZES="${sizes[*]}"

"$repo_root/scripts/deps.sh"
mkdir -p "$repo_root/build"
cmake -S "$repo_root" -B "$repo_root/build/bench" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$repo_root/build/bench" --target dunning_bench_generate -j"$jobs" >/dev/null
export BENCH_GENERATOR="$repo_root/build/bench/dunning_bench_generate"
export BENCH_DIR="$repo_root/bench"
trap cleanup_stage EXIT
stage_extension
with_cluster -o shared_buffers=512MB -o work_mem=256MB -o max_parallel_workers_per_gather=2 -o jit=off \
	-- "$repo_root/bench/in_cluster.sh"
