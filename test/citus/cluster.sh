# shellcheck shell=bash
# Throwaway Citus clusters on loopback for test/citus/run.sh and bench/citus.sh: a coordinator and
# workers, each a fresh initdb that preloads citus and loads the staged extension (lib.sh's
# stage_extension) the way lib.sh's with_cluster does. Source it after lib.sh; it sets an EXIT trap
# that stops the clusters and removes their directory.
#
#   citus_start worker1 worker2 [-- extra postgresql.conf lines]
#   citus_sql coordinator -c 'SELECT 1'      # psql -X -q -At -v ON_ERROR_STOP=1 on that node
#
# Citus connects to the workers with citus.node_conninfo, whose default sslmode=require would
# fail on these clusters (no SSL): they set sslmode=disable.

citus_bin=/usr/lib/postgresql/$pg_version/bin
citus_base=$(mktemp -d /tmp/dunning-citus.XXXXXX)
chmod 755 "$citus_base"
citus_as_owner=()
[ "$(id -u)" -eq 0 ] && { chown postgres "$citus_base"; citus_as_owner=(runuser -u postgres --); }
citus_nodes=()
declare -A citus_port

citus_stop() {
	local node
	for node in "${citus_nodes[@]}"; do
		[ -f "$citus_base/$node/postmaster.pid" ] &&
			"${citus_as_owner[@]}" "$citus_bin/pg_ctl" -D "$citus_base/$node" -m immediate stop >/dev/null 2>&1
	done
	rm -rf "$citus_base"
	[ -n "${citus_own_stage:-}" ] && cleanup_stage
	return 0
}
trap citus_stop EXIT

citus_sql() { # node, psql arguments...
	local node=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$citus_base" -p "${citus_port[$node]}" -U postgres -d "${CITUS_DB:-postgres}" "$@"
}

# Starts the coordinator and the named workers, creates citus on each and adds the workers.
citus_start() { # worker... [-- conf lines]
	local workers=() conf=() node
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		workers+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift && conf=("$@")
	citus_nodes=(coordinator "${workers[@]}")
	for node in "${citus_nodes[@]}"; do
		citus_port[$node]=$(free_port)
		"${citus_as_owner[@]}" "$citus_bin/initdb" -D "$citus_base/$node" -U postgres --auth=trust -E UTF8 \
			>/dev/null || return 1
		{
			cat <<CONF
port = ${citus_port[$node]}
listen_addresses = '127.0.0.1'
unix_socket_directories = '$citus_base'
extension_destdir = '$stage_dir'
dynamic_library_path = '$stage_dir/usr/lib/postgresql/$pg_version/lib:\$libdir'
shared_preload_libraries = 'citus'
citus.node_conninfo = 'sslmode=disable'
max_connections = 60
CONF
			printf '%s\n' "${conf[@]}"
		} >>"$citus_base/$node/postgresql.conf"
		"${citus_as_owner[@]}" "$citus_bin/pg_ctl" -D "$citus_base/$node" -l "$citus_base/$node.log" -w start \
			>/dev/null || { cat "$citus_base/$node.log"; return 1; }
		citus_sql "$node" -c 'CREATE EXTENSION citus' || return 1
	done
	citus_sql coordinator -c "SELECT citus_set_coordinator_host('127.0.0.1', ${citus_port[coordinator]})" \
		>/dev/null || return 1
	for node in "${workers[@]}"; do
		citus_sql coordinator -c "SELECT citus_add_node('127.0.0.1', ${citus_port[$node]})" >/dev/null || return 1
	done
}
