#!/usr/bin/env bash
# The extension under valgrind (memcheck): one single-user backend, `postgres --single`, runs
# test/valgrind/backend.sql (long aggregates and every error path) with the staged extension.
# Single-user mode keeps valgrind on exactly one process, the backend, with no postmaster or
# children to trace. Suppressions for PostgreSQL's own noise: test/valgrind/postgres.supp.
# Usage: valgrind.sh [stage_dir]; without one it builds and stages the extension itself.
# Records "valgrind passed failed". VALGRIND_ITEMS sets the size of the long aggregates.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

items=${VALGRIND_ITEMS:-20000}
errors_expected=12 # the failing statements of backend.sql
work=$(mktemp -d /tmp/dunning-valgrind.XXXXXX)
chmod 755 "$work"
own_stage=false
cleanup() {
	rm -rf "$work"
	[ "$own_stage" = true ] && cleanup_stage
	return 0
}
trap cleanup EXIT
if [ $# -ge 1 ]; then
	stage_dir=$1
elif own_stage=true && ! stage_extension; then
	echo "valgrind: building the extension failed"
	record_result valgrind 0 1
	exit 1
fi

bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/$pg_version/bin)
# PostgreSQL refuses to run as root: as root, the backend runs as postgres.
as_server=()
[ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as_server=(runuser -u postgres --); }
log="$repo_root/build/valgrind.log"
out="$repo_root/build/valgrind.out"
err="$repo_root/build/valgrind.err"

if ! "${as_server[@]}" "$bindir/initdb" -D "$work/data" -A trust -U postgres >"$err" 2>&1; then
	cat "$err"
	record_result valgrind 0 1
	exit 1
fi
cat >>"$work/data/postgresql.conf" <<CONF
extension_destdir = '$stage_dir'
dynamic_library_path = '$stage_dir/usr/lib/postgresql/$pg_version/lib:\$libdir'
jit = off
fsync = off
CONF
sed "s/@ITEMS@/$items/g" "$repo_root/test/valgrind/backend.sql" >"$work/backend.sql"
cp "$repo_root/test/valgrind/postgres.supp" "$work/"
chmod 644 "$work"/*.sql "$work"/*.supp

start=$(date +%s)
"${as_server[@]}" valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
	--errors-for-leak-kinds=definite --num-callers=30 --suppressions="$work/postgres.supp" \
	--log-file="$work/valgrind.log" \
	"$bindir/postgres" --single -j -D "$work/data" postgres <"$work/backend.sql" >"$out" 2>"$err"
status=$?
cp "$work/valgrind.log" "$log"
echo "valgrind: $items-item aggregates and $errors_expected error paths in $(($(date +%s) - start)) s"

passed=0
failed=0
check() { # description, condition result (0 = ok)
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "valgrind: FAILED: $1"
	fi
}
grep -q '"workload complete"' "$out"
check "the backend ran the whole workload (exit status $status)" $(($? + status))
errors=$(grep -c '\] ERROR:' "$err")
[ "$errors" -eq "$errors_expected" ] && ! grep -qE '\] (FATAL|PANIC):' "$err"
check "the failing statements raised $errors_expected clean errors (got $errors)" $?
summary=$(grep -E 'ERROR SUMMARY: [0-9]+ errors' "$log" | tail -1)
grep -qE 'ERROR SUMMARY: 0 errors' <<<"$summary"
check "memcheck reports no error: $summary" $?
lost=$(grep -E 'definitely lost: ' "$log" | tail -1)
[ -z "$lost" ] || grep -qE 'definitely lost: 0 bytes' <<<"$lost"
check "no memory definitely lost${lost:+: ${lost#*== }}" $?
grep -E 'ERROR SUMMARY|definitely lost' "$log" | sed 's/^==[0-9]*== */valgrind: /'
[ "$failed" -ne 0 ] && { grep -vE '^==[0-9]+== *$' "$log" | head -80; tail -20 "$err"; }
record_result valgrind "$passed" "$failed"
[ "$failed" -eq 0 ]
