#!/usr/bin/env bash
# Runs inside the demo's throwaway cluster (scripts/demo.sh): a NetSuite-style ERP mirror of a few
# hundred customers, the mapping a user writes once, one dunning run, and what it decided.
set -euo pipefail
cd "$(dirname "$0")"
as_of=2026-11-23
psql=(psql -X -q -v ON_ERROR_STOP=1 -v as_of=$as_of)
echo "loading the NetSuite mirror and connecting it to pg_dunning..."
"${psql[@]}" -c 'CREATE EXTENSION dunning' -f netsuite_mirror.sql -f showcase.sql -f mapping.sql
echo "CALL dunning.run('$as_of')"
"${psql[@]}" -c "CALL dunning.run('$as_of')"
"${psql[@]}" -f summary.sql
"${psql[@]}" -f letters.sql
"${psql[@]}" -f plans.sql
