# Shared by the scripts behind `make test` and `make demo`: building, a staged install that
# needs no root, a throwaway cluster, and per-suite result counts. Source it; do not run it.

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_version=15
jobs=$(nproc 2>/dev/null || echo 2)

# Results of each suite as "name passed failed" lines, summed by print_summary.
results_file="$repo_root/build/test-results.txt"

record_result() { # suite passed failed
	echo "$1 $2 $3" >>"$results_file"
	printf '%-10s %d passed, %d failed\n' "$1:" "$2" "$3"
}

# Runs CTest in a built CMake tree and records its counts as suite `suite`; prints the log on failure.
ctest_suite() { # suite build_dir log
	local suite=$1 build_dir=$2 log=$3 status summary total failed
	ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" >"$log" 2>&1
	status=$?
	summary=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
	if [ -z "$summary" ]; then
		cat "$log"
		record_result "$suite" 0 1
		return 1
	fi
	total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
	failed=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$summary")
	[ "$status" -ne 0 ] && grep -vE '^\s+[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log"
	record_result "$suite" $((total - failed)) "$failed"
	[ "$status" -eq 0 ]
}

# The clang++ for the sanitizer and fuzz build (Debian 12: clang-14).
clang_cxx() {
	command -v clang++-14 || command -v clang++
}

# Builds the extension and installs it into a world-readable staging directory (the server may
# run as another user), which the throwaway cluster loads through Debian's extension_destdir.
stage_extension() {
	stage_dir=$(mktemp -d /tmp/dunning-stage.XXXXXX)
	export stage_dir
	chmod 755 "$stage_dir"
	make -C "$repo_root" -s -j"$jobs" >/dev/null &&
		make -C "$repo_root" -s install DESTDIR="$stage_dir" >/dev/null
}

cleanup_stage() {
	[ -n "${stage_dir:-}" ] && rm -rf "$stage_dir"
	return 0
}

# A TCP port nothing listens on and no PostgreSQL socket uses. pg_virtualenv -t would take 5432
# even when another throwaway cluster (a second run, a shard) already holds its socket.
# Ports come from below the kernel's ephemeral range (ip_local_port_range, 32768 by default): an
# outgoing connection may hold an ephemeral port as its local address, and then nothing listens
# there (the probe below finds it free) yet a server cannot bind it.
free_port() {
	local ephemeral_start=32768 span port
	[ -r /proc/sys/net/ipv4/ip_local_port_range ] && read -r ephemeral_start _ </proc/sys/net/ipv4/ip_local_port_range
	span=$((ephemeral_start - 20000))
	[ "$span" -ge 1000 ] || span=20000
	port=$((20000 + RANDOM % span))
	while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || [ -e "/var/run/postgresql/.s.PGSQL.$port" ] ||
		[ -e "/tmp/.s.PGSQL.$port" ]; do
		port=$((port + 1))
	done
	echo "$port"
}

# Runs a command inside a throwaway cluster (pg_virtualenv -t: a temporary directory, so runs can
# coexist) that loads the staged extension; extra pg_virtualenv options go before `--`.
with_cluster() {
	local options=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		options+=("$1")
		shift
	done
	shift
	PGPORT=$(free_port) pg_virtualenv -t -v "$pg_version" \
		-o "extension_destdir=$stage_dir" \
		-o "dynamic_library_path=$stage_dir/usr/lib/postgresql/$pg_version/lib:\$libdir" \
		"${options[@]}" "$@"
}

# Runs a suite script's "--inside COUNTS_FILE" part in a throwaway cluster (with_cluster options
# as given) and records the "passed failed" it leaves there as suite `suite`; a cluster that does
# not start or a suite that dies counts as one failure. Returns whether nothing failed.
cluster_suite() { # suite script [with_cluster options...]
	local suite=$1 script=$2 counts_file status passed failed start=$SECONDS
	shift 2
	mkdir -p "$(dirname "$results_file")"
	counts_file=$(mktemp "/tmp/dunning-$suite-counts.XXXXXX")
	with_cluster "$@" -- "$script" --inside "$counts_file"
	status=$?
	read -r passed failed <"$counts_file" 2>/dev/null
	rm -f "$counts_file"
	if [ -z "${passed:-}" ]; then
		echo "not ok - the cluster of the $suite suite did not start or the suite died (status $status)"
		passed=0
		failed=1
	fi
	[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
	echo "# $suite suite: $((SECONDS - start)) s"
	record_result "$suite" "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
