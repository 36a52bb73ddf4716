#!/usr/bin/env bash
# SPEC §11 Privileges: a non-superuser installs the trusted extension and owns its tables and
# views; any role may compute but reads no table (statutory_rates aside), view, run or source
# registration without a grant; every view is security_invoker, so row-level security on the
# user's tables holds through the views and through CALL dunning.run; the install scripts have no
# top-level CREATE OR REPLACE / IF NOT EXISTS.
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser); creates
# the databases runs_priv and runs_priv_copy and the roles app_owner, nobody_special, clerk_a, clerk_b and bi_reader.
# Prints `ok - ...` / `not ok - ...` lines (diagnostics start with #) and exits non-zero when a
# check fails.
set -uo pipefail

started=$SECONDS
source "$(dirname "${BASH_SOURCE[0]}")/tap.sh"
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
db=runs_priv

# The output of SQL as the superuser, unaligned, tuples only.
q() { # sql
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"
}

# The output of SQL run as ROLE (SET SESSION AUTHORIZATION); errors go to stderr.
as() { # role sql
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "SET SESSION AUTHORIZATION $1" -c "$2"
}

# Runs SQL as ROLE and sets $state to the SQLSTATE it raised (00000 when it succeeded) and
# $last_error to its error messages.
sqlstate_as() { # role sql
	local out
	out=$(psql -X -q -At -d "$db" -o /dev/null 2>&1 <<SQL
SET SESSION AUTHORIZATION $1;
$2
\echo sqlstate=:LAST_ERROR_SQLSTATE
SQL
	)
	last_error=$(grep -v '^sqlstate=' <<<"$out")
	state=$(sed -n 's/^sqlstate=//p' <<<"$out")
}

# state_is ROLE SQL EXPECTED DESCRIPTION: the statement's SQLSTATE is EXPECTED.
state_is() {
	sqlstate_as "$1" "$2"
	is "$state" "$3" "$4"
	if [ "$state" != "$3" ] && [ -n "$last_error" ]; then
		diag "$last_error"
	fi
}

# denied_is ROLE SQL OBJECT DESCRIPTION: the statement fails with 42501 on OBJECT itself ("table
# letters", "procedure run"), not on something it uses.
denied_is() {
	sqlstate_as "$1" "$2"
	local got
	got="$state: $(grep -o 'permission denied for .*' <<<"$last_error" | head -1)"
	is "$got" "42501: permission denied for $3" "$4"
}

# A script from stdin run as ROLE (or the superuser with role '-'), stopping at the first error.
run_sql() { # role description
	local out
	if out=$( (
		[ "$1" != - ] && echo "SET SESSION AUTHORIZATION $1;"
		cat
	) | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1); then
		pass "$2"
	else
		fail "$2"
		diag "$out"
		return 1
	fi
}

roles="app_owner, nobody_special, clerk_a, clerk_b, bi_reader"
psql -X -q -d postgres -v ON_ERROR_STOP=1 <<SQL || exit 1
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $db;
DROP DATABASE IF EXISTS runs_priv_copy;
DROP ROLE IF EXISTS $roles;
CREATE ROLE app_owner NOLOGIN;
CREATE ROLE nobody_special NOLOGIN;
CREATE ROLE clerk_a NOLOGIN;
CREATE ROLE clerk_b NOLOGIN;
CREATE ROLE bi_reader NOLOGIN;
CREATE DATABASE $db OWNER app_owner;
SQL

# (a) A non-superuser with CREATE on the database installs the trusted extension and owns it ----
state_is app_owner "CREATE EXTENSION dunning;" 00000 "app_owner (not a superuser) installs the trusted extension"
is "$(q "SELECT extowner::regrole FROM pg_extension WHERE extname = 'dunning'")" "app_owner" \
	"the extension is owned by app_owner"
is "$(q "SELECT count(*) >= 21 FROM pg_class WHERE relnamespace = 'dunning'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S')")" "t" \
	"the extension's tables, views and sequences are found"
is "$(q "SELECT coalesce(string_agg(relname || ' (' || relowner::regrole || ')', ', ' ORDER BY relname), '') FROM pg_class
         WHERE relnamespace = 'dunning'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S')
           AND relowner <> 'app_owner'::regrole")" "" \
	"every table, view and sequence of dunning is owned by app_owner"

state_is app_owner "INSERT INTO dunning.customers (customer_id, name) VALUES ('OWN-1', 'Own One'), ('A1', 'Alpha One'), ('B1', 'Beta One');" \
	00000 "app_owner inserts customers"
state_is app_owner "INSERT INTO dunning.contacts (customer_id, email) VALUES ('A1', 'ap@alpha.example'), ('B1', 'ap@beta.example');" \
	00000 "app_owner inserts contacts"
state_is app_owner "INSERT INTO dunning.policies (name, body) VALUES ('house', '{\"grace_days\": 2}');" \
	00000 "app_owner inserts a policy (its row triggers run)"
state_is app_owner "INSERT INTO dunning.templates (level, tone, language, subject, body) VALUES (NULL, 'firm', 'en', 'Firm reminder {level}: {customer}', 'Pay {total} by {pay_by}.');" \
	00000 "app_owner inserts a template (its row triggers run)"
state_is app_owner "INSERT INTO dunning.settings (name, value) VALUES ('sender', 'Owner Receivables');" \
	00000 "app_owner inserts a setting"
state_is app_owner "INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES ('OWN-1', 'O-1', 'invoice', 400, 400, '2026-10-01');" \
	00000 "app_owner inserts ledger items"
state_is app_owner "CALL dunning.run('2026-11-23');" 00000 "app_owner calls dunning.run"
is "$(q "SELECT string_agg(run_by || ':' || letters, ',') FROM dunning.runs")" "app_owner:1" \
	"app_owner's run wrote the letter for its ledger item"

# The ERP mirror with row-level security, owned by app_owner: clerk_a sees customers A*, clerk_b
# B*, bi_reader all. FORCE: the owner too is subject to the policies (it gets its own).
run_sql app_owner "app_owner creates the ERP table with row-level security and its view" <<'SQL'
CREATE SCHEMA erp;
CREATE TABLE erp.items (
    cust         text NOT NULL,
    item_no      text NOT NULL,
    kind         text NOT NULL DEFAULT 'invoice',
    amount       numeric NOT NULL,
    open_amount  numeric,
    due          date,
    PRIMARY KEY (cust, item_no)
);
INSERT INTO erp.items (cust, item_no, amount, open_amount, due) VALUES
    ('A1', 'a1-1', 500, 500, '2026-10-01'),
    ('A1', 'a1-2', 120, 120, '2026-10-20'),
    ('A2', 'a2-1', 300, 300, '2026-10-15'),
    ('B1', 'b1-1', 700, 700, '2026-10-01'),
    ('B2', 'b2-1', 260, 260, '2026-10-20'),
    ('C1', 'c1-1', 400, 400, '2026-10-01');
ALTER TABLE erp.items ENABLE ROW LEVEL SECURITY;
ALTER TABLE erp.items FORCE ROW LEVEL SECURITY;
CREATE POLICY items_owner ON erp.items TO app_owner USING (true) WITH CHECK (true);
CREATE POLICY items_clerk_a ON erp.items FOR SELECT TO clerk_a USING (cust LIKE 'A%');
CREATE POLICY items_clerk_b ON erp.items FOR SELECT TO clerk_b USING (cust LIKE 'B%');
CREATE POLICY items_bi ON erp.items FOR SELECT TO bi_reader USING (true);
-- security_invoker: without it the view would read erp.items with its owner's policies.
CREATE VIEW erp.dunning_items WITH (security_invoker = true) AS
SELECT cust AS customer_id, NULL::text AS department, NULL::text AS project, item_no AS item_id,
       kind, amount, open_amount, due AS due_date, NULL::date AS doc_date, 'EUR'::text AS currency,
       false AS disputed, NULL::date AS hold_until, false AS on_plan
FROM erp.items;
SQL
state_is app_owner "SELECT dunning.set_source('open_items', 'erp.dunning_items');" 00000 \
	"app_owner registers its view with dunning.set_source"
if [ "$(q "SELECT count(*) FROM dunning.settings WHERE name = 'open_items'")" = 0 ]; then
	diag "registering erp.dunning_items as the superuser to go on"
	q "SELECT dunning.set_source('open_items', 'erp.dunning_items')" >/dev/null
fi
is "$(q "SELECT pg_get_viewdef('dunning.open_items') LIKE '%erp.dunning_items%'")" "t" \
	"dunning.open_items reads erp.dunning_items"
is "$(q "SELECT relowner::regrole FROM pg_class WHERE oid = 'dunning.open_items'::regclass")" "app_owner" \
	"the re-created dunning.open_items is still owned by app_owner"

# (b) Any role may compute, and nothing more ------------------------------------------------------
item="dunning.item('INV-1', 'invoice', 100, 100, '2026-01-10')"
is "$(as nobody_special "SELECT num_nonnulls($item)" 2>&1)" "1" "nobody_special: dunning.item works"
is "$(as nobody_special "SELECT num_nonnulls(dunning.balance(i, '2026-03-01')) FROM (VALUES ($item)) v (i)" 2>&1)" "1" \
	"nobody_special: dunning.balance works"
is "$(as nobody_special "SELECT (dunning.assess(i, NULL, '2026-03-01')).action FROM (VALUES ($item)) v (i)" 2>&1)" "remind" \
	"nobody_special: dunning.assess works"
is "$(as nobody_special "SELECT dunning.render('Dear {customer}', '{\"customer\": \"Alpha\"}')" 2>&1)" "Dear Alpha" \
	"nobody_special: dunning.render works"
is "$(as nobody_special "SELECT count(*) > 0 FROM dunning.statutory_rates" 2>&1)" "t" \
	"nobody_special: SELECT from dunning.statutory_rates works"
is "$(as nobody_special "SELECT dunning.statutory_interest(1000, '2025-01-01', '2025-12-31', 'NL') > 0" 2>&1)" "t" \
	"nobody_special: dunning.statutory_interest works"

# (denied on the table, or on the source view its row-level security policy reads, whichever
# PostgreSQL checks first)
state_is nobody_special "SELECT * FROM dunning.letters;" 42501 "nobody_special: SELECT from dunning.letters is 42501"
denied_is nobody_special "SELECT * FROM dunning.open_items;" "view open_items" \
	"nobody_special: SELECT from dunning.open_items is 42501"
denied_is nobody_special "SELECT * FROM dunning.unit_overview;" "view unit_overview" \
	"nobody_special: SELECT from dunning.unit_overview is 42501"
denied_is nobody_special "CALL dunning.run();" "procedure run" "nobody_special: CALL dunning.run() is 42501"
denied_is nobody_special "SELECT dunning.set_source('open_items', NULL);" "function set_source" \
	"nobody_special: dunning.set_source('open_items', NULL) is 42501"
denied=()
for rel in $(q "SELECT oid::regclass FROM pg_class WHERE relnamespace = 'dunning'::regnamespace
                AND relkind IN ('r', 'p', 'v', 'm') AND oid <> 'dunning.statutory_rates'::regclass ORDER BY 1"); do
	sqlstate_as nobody_special "SELECT FROM $rel LIMIT 1;"
	[ "$state" = 42501 ] || denied+=("$rel:$state")
done
is "${denied[*]:-}" "" "nobody_special: SELECT from every other table and view of dunning is 42501"
denied=()
for seq in $(q "SELECT oid::regclass FROM pg_class WHERE relnamespace = 'dunning'::regnamespace AND relkind = 'S' ORDER BY 1"); do
	sqlstate_as nobody_special "SELECT nextval('$seq');"
	[ "$state" = 42501 ] || denied+=("$seq:$state")
done
is "${denied[*]:-}" "" "nobody_special: nextval on every sequence of dunning is 42501"
is "$(q "SELECT coalesce(string_agg(oid::regprocedure::text, ', '), '') FROM pg_proc
         WHERE pronamespace = 'dunning'::regnamespace
           AND (obj_description(oid, 'pg_proc') LIKE 'internal:%'
                OR oid IN ('dunning.run(date, text, text)'::regprocedure, 'dunning.set_source(text, regclass)'::regprocedure,
                           'dunning.assess_units(date, text)'::regprocedure))
           AND has_function_privilege('nobody_special', oid, 'EXECUTE')")" "" \
	"no internal helper, dunning.run, set_source or assess_units is executable by PUBLIC"
is "$(q "SELECT coalesce(string_agg(oid::regprocedure::text, ', '), '') FROM pg_proc
         WHERE pronamespace = 'dunning'::regnamespace AND prosecdef")" "" "no function is SECURITY DEFINER"

# (c) Every view is security_invoker -------------------------------------------------------------
invoker_check="SELECT coalesce(string_agg(relname, ', ' ORDER BY relname), '') FROM pg_class
    WHERE relnamespace = 'dunning'::regnamespace AND relkind = 'v'
      AND NOT coalesce((SELECT bool_or(lower(split_part(o, '=', 2)) IN ('true', 'on', 'yes', '1'))
                        FROM unnest(reloptions) o WHERE split_part(o, '=', 1) = 'security_invoker'), false)"
is "$(q "$invoker_check")" "" "every view in dunning is security_invoker (source registered)"
is "$(q "SELECT count(*) FROM pg_class WHERE relnamespace = 'dunning'::regnamespace AND relkind = 'v'")" "13" \
	"the thirteen views of dunning are checked"

# (d) Row-level security holds through the views and through dunning.run --------------------------
# The operator and the read-only BI role get their grants from dunning.grant_operator and
# dunning.grant_reader, run by app_owner; the ERP source is app_owner's to grant.
run_sql app_owner "app_owner grants the ERP source and the operator and BI roles (grant_operator, grant_reader)" <<'SQL'
GRANT SELECT ON erp.items, erp.dunning_items TO clerk_a, clerk_b, bi_reader;
SELECT dunning.grant_operator('clerk_a');
SELECT dunning.grant_operator('clerk_b');
SELECT dunning.grant_reader('bi_reader');
SQL

customers_seen() { # role relation
	as "$1" "SELECT coalesce(string_agg(DISTINCT customer_id, ','), '-') FROM $2" 2>&1
}
is "$(q "$invoker_check")" "" "every view in dunning is still security_invoker"
is "$(customers_seen clerk_a dunning.open_items)" "A1,A2" "clerk_a: dunning.open_items shows only A customers"
is "$(customers_seen clerk_a dunning.unit_overview)" "A1,A2" "clerk_a: dunning.unit_overview shows only A customers"
is "$(customers_seen clerk_a dunning.aging)" "A1,A2" "clerk_a: dunning.aging shows only A customers"
is "$(customers_seen clerk_b dunning.open_items)" "B1,B2" "clerk_b: dunning.open_items shows only B customers"
is "$(customers_seen clerk_b dunning.unit_overview)" "B1,B2" "clerk_b: dunning.unit_overview shows only B customers"
is "$(customers_seen nobody_special dunning.open_items)" "ERROR:  permission denied for view open_items" \
	"nobody_special still may not read dunning.open_items"

# The customers with a letter on a date (OWN-1's, from app_owner's run in (a), left out).
letters_on() { # date
	q "SELECT coalesce(string_agg(customer_id, ',' ORDER BY customer_id), '-') FROM dunning.letters WHERE as_of = '$1' AND customer_id <> 'OWN-1'"
}
state_is clerk_a "CALL dunning.run('2026-11-23');" 00000 "clerk_a: CALL dunning.run('2026-11-23') works with the operator grants"
is "$(letters_on 2026-11-23)" "A1,A2" "clerk_a's run wrote letters for A customers only"
is "$(q "SELECT run_by || ':' || units || ':' || letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1")" "clerk_a:2:2" \
	"clerk_a's run assessed its 2 units and wrote 2 letters"
state_is clerk_b "CALL dunning.run('2026-11-23');" 00000 "clerk_b: CALL dunning.run('2026-11-23') on the same date works"
is "$(letters_on 2026-11-23)" "A1,A2,B1,B2" "clerk_b's run added letters for B customers only"
is "$(q "SELECT run_by || ':' || units || ':' || letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1")" "clerk_b:2:2" \
	"clerk_b's run assessed its 2 units and wrote 2 letters"
state_is clerk_a "CALL dunning.run('2026-11-23');" 00000 "clerk_a: a second run on the same date works"
is "$(q "SELECT letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1")|$(letters_on 2026-11-23)" "0|A1,A2,B1,B2" \
	"the second run wrote no letter (no duplicate)"
is "$(q "SELECT string_agg(customer_id || ':' || last_level, ',' ORDER BY customer_id) FROM dunning.unit_state WHERE customer_id <> 'OWN-1'")" \
	"A1:1,A2:1,B1:1,B2:1" "unit_state holds the units of both clerks, C1 untouched"
is "$(q "SELECT count(*) FROM dunning.letters l JOIN dunning.letter_items i USING (letter_id) WHERE l.customer_id LIKE 'C%'")" "0" \
	"no letter item for a customer neither clerk sees"
denied_is clerk_a "SELECT dunning.set_source('open_items', NULL);" "function set_source" \
	"clerk_a: dunning.set_source is not among the operator's grants (42501)"

# The read-only BI role sees every unit and cannot run.
is "$(customers_seen bi_reader dunning.unit_overview)" "A1,A2,B1,B2,C1" "bi_reader: dunning.unit_overview shows every customer"
is "$(customers_seen bi_reader dunning.aging)" "A1,A2,B1,B2,C1" "bi_reader: dunning.aging shows every customer"
is "$(as bi_reader "SELECT count(*) FROM dunning.letter_queue WHERE customer_id <> 'OWN-1'" 2>&1)" "4" \
	"bi_reader: dunning.letter_queue lists the clerks' 4 letters"
denied_is bi_reader "CALL dunning.run('2026-12-01');" "procedure run" "bi_reader: CALL dunning.run is 42501"
denied_is bi_reader "UPDATE dunning.letters SET sent_at = now();" "table letters" "bi_reader: UPDATE dunning.letters is 42501"

# Delivery (pg_dunning, docs/delivery.md): an operator claims, and gives back, the letters it sees;
# a reader cannot claim.
is "$(as clerk_a "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.claim_letters(100, 60)" 2>&1)" "A1,A2" \
	"clerk_a: dunning.claim_letters claims the letters of the customers it sees"
is "$(as clerk_a "SELECT dunning.release_letters(ARRAY(SELECT letter_id FROM dunning.letters WHERE status = 'sending'))" 2>&1)" "2" \
	"clerk_a: dunning.release_letters gives them back"
denied_is bi_reader "SELECT * FROM dunning.claim_letters(100, 60);" "function claim_letters" "bi_reader: dunning.claim_letters is 42501"

# (f) The database dumps and restores as its owner -----------------------------------------------
# pg_dump does not record who installed an extension: restored by a superuser, the superuser would
# own dunning's tables. Restored with --role=app_owner, app_owner installs it again and owns it.
copy=runs_priv_copy
work=$(mktemp -d /tmp/t_privileges.XXXXXX)
trap 'rm -rf "$work"' EXIT
pg_dump -Fc -d "$db" -f "$work/priv.dump" 2>"$work/dump.err"
is "$?" "0" "pg_dump -Fc of the non-superuser installation succeeds"
createdb -O app_owner "$copy" || exit 1
pg_restore --role=app_owner -d "$copy" "$work/priv.dump" 2>"$work/restore.err"
restore_status=$?
is "$restore_status|$(grep -c . "$work/restore.err") lines on stderr" "0|0 lines on stderr" \
	"pg_restore --role=app_owner restores it without an error"
[ -s "$work/restore.err" ] && diag "$(grep -v '^\s*$' "$work/restore.err" | head -12)"
db=$copy
is "$(q "SELECT extowner::regrole FROM pg_extension WHERE extname = 'dunning'")|$(q "SELECT coalesce(string_agg(DISTINCT relowner::regrole::text, ','), '') FROM pg_class
         WHERE relnamespace = 'dunning'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'S')")" "app_owner|app_owner" \
	"restored: app_owner owns the extension and its tables, views and sequences"
is "$(q "SELECT pg_get_viewdef('dunning.open_items') LIKE '%erp.dunning_items%'")" "t" \
	"restored: dunning.open_items reads erp.dunning_items"
state_is clerk_a "CALL dunning.run('2026-12-21');" 00000 "restored: clerk_a runs with the restored grants"
is "$(letters_on 2026-12-21)" "A1,A2" "restored: clerk_a's run wrote letters for A customers only"
db=runs_priv

# (e) Install script hygiene: no top-level CREATE OR REPLACE or IF NOT EXISTS ----------------------
# Strips comments, quoted identifiers, string literals and dollar-quoted bodies (where
# define_source_view builds its CREATE OR REPLACE VIEW), then looks at each top-level statement.
hygiene() { # files...
	perl -e '
		my $bad = 0;
		for my $file (@ARGV) {
			open my $fh, "<", $file or die "$file: $!\n";
			local $/;
			my $text = <$fh>;
			close $fh;
			$text =~ s/^\\[^\n]*//mg;    # psql meta-commands: \echo ... \quit
			my $top = "";
			pos($text) = 0;
			while (pos($text) < length $text) {
				if ($text =~ /\G--[^\n]*/gc || $text =~ m{\G/\*.*?\*/}gcs) {
					$top .= " ";
				} elsif ($text =~ /\G(\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$)/gc) {
					my $tag = $1;
					$text =~ /\G.*?\Q$tag\E/gcs or die "$file: unterminated $tag\n";
					$top .= " \$\$ ";
				} elsif ($text =~ /\G[Ee]\x27(?:[^\x27\\]|\\.|\x27\x27)*\x27/gcs
				         || $text =~ /\G\x27(?:[^\x27]|\x27\x27)*\x27/gc) {
					$top .= " \x27\x27 ";
				} elsif ($text =~ /\G"(?:[^"]|"")*"/gc) {
					$top .= " \"\" ";
				} else {
					$text =~ /\G([^-\/\$\x27"Ee]+|.)/gcs;
					$top .= $1;
				}
			}
			for my $statement (split /;/, $top) {
				(my $s = $statement) =~ s/\s+/ /g;
				$s =~ s/^ //;
				if ($s =~ /\bCREATE OR REPLACE\b/i || $s =~ /\bIF NOT EXISTS\b/i) {
					print "$file: ", substr($s, 0, 120), "\n";
					$bad++;
				}
			}
		}
		exit($bad ? 1 : 0);
	' "$@"
}
# The built install scripts (make builds them into build/extension/); update scripts may replace
# a function the extension already owns (CREATE OR REPLACE), as PostgreSQL's docs allow.
scripts=()
for script in "$repo_root"/build/extension/dunning--*.sql; do
	[[ "${script##*/}" == dunning--*--*.sql ]] || scripts+=("$script")
done
is "${#scripts[@]}" "2" "the install scripts are found (${scripts[*]##*/})"
# The checker itself: a top-level statement is caught, the same text in a body or string is not.
sample=$work/sample.sql
printf '%s\n' "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS \$f\$ BEGIN EXECUTE 'CREATE OR REPLACE VIEW v AS SELECT 1'; END \$f\$;" \
	"COMMENT ON FUNCTION f() IS 'never CREATE OR REPLACE; IF NOT EXISTS';" "-- CREATE OR REPLACE in a comment" >"$sample"
hygiene "$sample" >/dev/null
is "$?" "0" "the hygiene check allows CREATE OR REPLACE inside a function body, a string, a comment"
printf '%s\n' "CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';" "CREATE TABLE IF NOT EXISTS t (a int);" >>"$sample"
is "$(hygiene "$sample" | wc -l)" "2" "the hygiene check catches a top-level CREATE OR REPLACE and IF NOT EXISTS"
out=$(hygiene "${scripts[@]}" 2>&1)
is "$out" "" "the install scripts have no top-level CREATE OR REPLACE or IF NOT EXISTS"

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	psql -X -q -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE $copy" -c "DROP ROLE $roles"
fi
echo "# t_privileges: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
