#!/usr/bin/env bash
# Builds an older install script or an update script of extension/versions/ (Makefile): the guard
# (extension/guard.sql) right after its \echo ... \quit line, and two directives resolved against
# extension/versions/ as psql would:
#   \ir FILE            the file (an update creates what is new in a version from the same source
#                       file as the install script)
#   \replace FILE NAME  the CREATE FUNCTION, CREATE PROCEDURE or CREATE VIEW statement of NAME in
#                       FILE, as CREATE OR REPLACE (an update redefines what changed from the source)
set -euo pipefail
script=$1
dir=$(dirname "$script")
guard=$(dirname "$dir")/guard.sql
awk -v dir="$dir" -v guard="$guard" '
	function include(file,    line) {
		while ((getline line < file) > 0) print line
		close(file)
	}
	# A routine ends at its "$$;" line, a view at its first line ending in ";".
	function replace(file, name,    line, inside, found, view) {
		while ((getline line < file) > 0) {
			if (!found && (index(line, "CREATE FUNCTION " name "(") == 1 || index(line, "CREATE PROCEDURE " name "(") == 1 ||
			               index(line, "CREATE VIEW " name " ") == 1)) {
				found = inside = 1
				view = index(line, "CREATE VIEW ") == 1
				sub(/^CREATE /, "CREATE OR REPLACE ", line)
			}
			if (inside) {
				print line
				if ((view && line ~ /;$/) || (!view && line == "$$;")) inside = 0
			}
		}
		close(file)
		if (!found) { print "sql_script.sh: " name " not found in " file > "/dev/stderr"; exit 1 }
	}
	/^\\ir / { include(dir "/" $2); next }
	/^\\replace / { replace(dir "/" $2, $3); next }
	{ print }
	!done && /^\\echo / { include(guard); done = 1 }
' "$script"
