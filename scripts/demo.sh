#!/usr/bin/env bash
# `make demo`: build, install into a staging directory, start a throwaway cluster, load a
# NetSuite-style ERP mirror, run dunning once and print what it decided (demo/run.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$repo_root/scripts/deps.sh"
trap cleanup_stage EXIT
echo "building the extension..."
stage_extension
with_cluster -- "$repo_root/demo/run.sh"
"$repo_root/scripts/demo_delivery.sh"
