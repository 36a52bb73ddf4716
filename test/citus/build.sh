#!/usr/bin/env bash
# Builds and installs Citus for test/citus/run.sh from the vendored source
# (../shared/vendor/citus-13.2.2.tar.gz, or $CITUS_TARBALL), unless that exact version is already
# installed for the server: the installed citus.so says "Citus 13.2.2", so a second run costs
# nothing. Citus is a test dependency only; nothing of it goes into the extension.
# The tarball is never modified: it is unpacked into a temporary directory and that copy is
# patched (PostgreSQL 15.20 exports have_createdb_privilege, which Citus's pg_version_compat.h
# also defines as a static function for PostgreSQL 15). Installing needs root, as in CI; otherwise
# it prints the command to run and fails.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"

citus_version=13.2.2
tarball=${CITUS_TARBALL:-$repo_root/../shared/vendor/citus-$citus_version.tar.gz}
# The server the clusters run (lib.sh's pg_version), whatever pg_config is first in PATH.
pg_config=/usr/lib/postgresql/$pg_version/bin/pg_config
[ -x "$pg_config" ] || pg_config=$(command -v pg_config)
libdir=$("$pg_config" --pkglibdir)
sharedir=$("$pg_config" --sharedir)

citus_installed() {
	[ -f "$libdir/citus.so" ] && [ -f "$sharedir/extension/citus.control" ] &&
		grep -qaF "Citus $citus_version" "$libdir/citus.so"
}

if citus_installed; then
	echo "citus $citus_version is installed for PostgreSQL $pg_version"
	exit 0
fi
if [ ! -f "$tarball" ]; then
	echo "citus $citus_version is not installed and its source $tarball is missing" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "citus $citus_version is not installed; build and install it as root with:" >&2
	echo "  sudo $0" >&2
	exit 1
fi

work=$(mktemp -d /tmp/citus-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "building citus $citus_version from $tarball (one-time, cached by the installed files)"
tar -xzf "$tarball" -C "$work"
src="$work/citus-$citus_version"
compat="$src/src/include/pg_version_compat.h"
if grep -q 'have_createdb_privilege' "$("$pg_config" --includedir-server)/commands/dbcommands.h"; then
	# The server's exported function replaces Citus's static copy (the callers include dbcommands.h).
	sed -i 's/^have_createdb_privilege(void)$/citus_static_have_createdb_privilege(void)/' "$compat"
	grep -q '^citus_static_have_createdb_privilege(void)$' "$compat" ||
		{ echo "citus: the have_createdb_privilege patch no longer applies" >&2; exit 1; }
fi
(
	cd "$src"
	./configure --quiet PG_CONFIG="$pg_config" >"$work/configure.log" 2>&1 ||
		{ cat "$work/configure.log"; exit 1; }
	make -s -j"$jobs" with_llvm=no >"$work/make.log" 2>&1 || { tail -50 "$work/make.log"; exit 1; }
	make -s install with_llvm=no >"$work/install.log" 2>&1 || { tail -50 "$work/install.log"; exit 1; }
)
citus_installed || { echo "citus: installed, but $libdir/citus.so does not say Citus $citus_version" >&2; exit 1; }
echo "citus $citus_version built and installed in $(($(date +%s) - started)) s"
