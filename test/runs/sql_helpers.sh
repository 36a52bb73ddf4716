# SQL helpers of the runs suite's security, history and lifecycle scripts (t_security.sh,
# t_history.sh, t_lifecycle.sh);
# source it after tap.sh and set $db (the database the helpers connect to). Roles log in for real
# (over the cluster's TCP connection, PGHOST), all with the password $role_password: create them
# with `LOGIN PASSWORD '$role_password'`. The role '-' is the suite's superuser (PGUSER).

role_password=${role_password:-pw$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')}

# psql as ROLE in $db, unaligned, tuples only; the remaining arguments go to psql.
psql_as() { # role psql-arguments...
	local role=$1
	shift
	if [ "$role" = - ]; then
		psql -X -q -At -d "$db" "$@"
	else
		PGUSER=$role PGPASSWORD=$role_password psql -X -q -At -d "$db" "$@"
	fi
}

# The output of SQL as the superuser; errors go to stderr (the caller's comparison then fails).
q() { # sql
	psql_as - -v ON_ERROR_STOP=1 -c "$1"
}

# The output of SQL as ROLE; errors go to stderr.
as() { # role sql
	psql_as "$1" -v ON_ERROR_STOP=1 -c "$2"
}

# Runs the SQL script as ROLE (each statement in its own transaction unless the script says
# BEGIN), stopping at the first error. Sets $state to that error's SQLSTATE (00000 when every
# statement succeeded) and $last_error to everything psql printed on stderr, errors in verbose
# form (ERROR:  <sqlstate>: message, DETAIL, HINT, CONTEXT, LOCATION lines).
try() { # role sql
	local status
	last_error=$(psql_as "$1" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -o /dev/null 2>&1 >/dev/null <<<"$2")
	status=$?
	state=$(grep -oE 'ERROR:  [0-9A-Z]{5}:' <<<"$last_error" | head -1 | sed -E 's/ERROR:  ([0-9A-Z]{5}):/\1/')
	if [ -z "$state" ]; then
		if [ "$status" -eq 0 ]; then state=00000; else state="psql status $status"; fi
	fi
}

# state_is ROLE SQL EXPECTED DESCRIPTION: the script's first error is EXPECTED (00000: none).
state_is() {
	try "$1" "$2"
	is "$state" "$3" "$4"
	if [ "$state" != "$3" ] && [ -n "$last_error" ]; then
		diag "$(head -8 <<<"$last_error")"
	fi
}

# The ERROR, DETAIL and HINT lines of $last_error (what a person reads of an error).
error_text() {
	grep -E '^(psql:[^ ]*: )?(ERROR|DETAIL|HINT):' <<<"$last_error"
}

# error_mentions REGEX DESCRIPTION: the ERROR or DETAIL line of the last error matches REGEX
# (grep -E, case-insensitive).
error_mentions() {
	if grep -E '^(psql:[^ ]*: )?(ERROR|DETAIL):' <<<"$last_error" | grep -qiE "$1"; then
		pass "$2"
	else
		fail "$2"
		diag "no ERROR or DETAIL line matches /$1/ in:"
		diag "${last_error:-(no error)}"
	fi
}

# Waits up to SECONDS for the superuser's query to return t.
wait_for() { # sql seconds
	local deadline=$((SECONDS + $2))
	while [ "$SECONDS" -lt "$deadline" ]; do
		[ "$(q "$1" 2>/dev/null)" = t ] && return 0
		sleep 0.1
	done
	return 1
}

# A script from stdin run as ROLE ('-': the superuser), stopping at the first error; a check.
run_sql() { # role description
	local out
	if out=$(psql_as "$1" -v ON_ERROR_STOP=1 2>&1); then
		pass "$2"
	else
		fail "$2"
		diag "$out"
		return 1
	fi
}

# Two sessions at once: a psql reading its statements from a FIFO ($tmp/NAME.in), so a script can
# hold a transaction open in one while the other waits for its lock.
# A session kept open on a FIFO, fed statement by statement: session_start NAME FD, then
# `echo SQL >&FD`, and session_end FD PID. Its output (verbose errors) goes to $tmp/NAME.out.
session_start() { # name fd; sets $session_pid
	mkfifo "$tmp/$1.in"
	PGAPPNAME=$1 psql -X -q -At -v VERBOSITY=verbose -d "$db" <"$tmp/$1.in" >"$tmp/$1.out" 2>&1 &
	session_pid=$!
	eval "exec $2>\"\$tmp/\$1.in\""
}
session_end() { # fd pid
	eval "exec $1>&-"
	wait "$2"
}
# Waits up to SECONDS for a line NAME=... in the file, and prints its value.
marker() { # file name seconds
	local deadline=$((SECONDS + $3))
	while [ "$SECONDS" -lt "$deadline" ]; do
		grep -q "^$2=" "$1" 2>/dev/null && break
		sleep 0.05
	done
	sed -n "s/^$2=//p" "$1" 2>/dev/null | head -1
}
# Waits up to 3 s until the session APPNAME waits for a lock (prints "waits") or its output file
# has the marker NAME (it finished without waiting: prints "did not wait").
waits_for_lock() { # appname file name
	local deadline=$((SECONDS + 3))
	while [ "$SECONDS" -lt "$deadline" ]; do
		if [ "$(q "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = '$1' AND wait_event_type = 'Lock')")" = t ]; then
			echo waits
			return
		fi
		grep -q "^$3=" "$2" 2>/dev/null && break
		sleep 0.05
	done
	echo "did not wait"
}
