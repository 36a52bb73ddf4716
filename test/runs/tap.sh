# TAP output of the shell suites (test/runs/t_*.sh, whose lines run.sh counts; the delivery,
# shards and Citus suites); source it.
passed=0
failed=0

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; failed=$((failed + 1)); }

diag() { # text: each line as a TAP diagnostic
	local line
	while IFS= read -r line; do
		echo "# $line"
	done <<<"$1"
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3"
		diag "got:      $1"
		diag "expected: $2"
	fi
}

check() { # description, command...: ok when the command succeeds
	local description=$1
	shift
	if "$@"; then
		pass "$description"
	else
		fail "$description"
	fi
}
