#!/usr/bin/env bash
# Runs inside the demo's throwaway cluster (scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION dunning' -f sample_ledger.sql
psql -X -v ON_ERROR_STOP=1 -f report.sql
