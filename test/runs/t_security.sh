#!/usr/bin/env bash
# SPEC §11.2 (version 0.3), the security half of issue 13:
#   A. the install and the update cannot be hijacked: a non-superuser with CREATE on the database
#      plants a dunning.validate_policy(text) overload, a dunning.format(text, regprocedure) or an
#      operator dunning.+ (numeric, integer) (or just an empty schema dunning) that would make it
#      superuser when the trusted scripts call them as the bootstrap superuser; CREATE EXTENSION
#      and ALTER EXTENSION UPDATE refuse with 42P06 naming the object, and nobody gains anything;
#      a clean install's schema belongs to a superuser and goes with DROP EXTENSION;
#   B. a superuser's ALTER EXTENSION UPDATE from 0.2 leaves the installing role owning everything;
#   C. dunning.grant_operator / dunning.grant_reader are all an operator and a BI role need;
#   D. letters follow the row-level security of the user's ERP source: each BI role sees only its
#      customers' letters (letters, letter_items, letter_queue), an operator's run writes only the
#      letters of the customers it sees, the owner sees all.
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser over TCP);
# creates the databases sec_install, sec_update, sec_upgrade, sec_grants and sec_rls and the LOGIN
# roles sec_tenant, sec_owner, sec_clerk_a, sec_clerk_b, sec_bi_a and sec_bi_b (prefixed: other
# scripts of the suite use app_owner, clerk_a...), and drops them when every check passed.
# Prints `ok - ...` / `not ok - ...` lines (diagnostics start with #); exits non-zero on a failure.
set -uo pipefail

started=$SECONDS
here=$(dirname "${BASH_SOURCE[0]}")
source "$here/tap.sh"
source "$here/sql_helpers.sh"

databases=(sec_install sec_update sec_upgrade sec_grants sec_rls)
roles="sec_tenant, sec_owner, sec_clerk_a, sec_clerk_b, sec_bi_a, sec_bi_b"
db=postgres
for d in "${databases[@]}"; do
	PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$d" || exit 1
done
q "SET client_min_messages = warning; DROP ROLE IF EXISTS $roles" || exit 1
for role in ${roles//,/}; do
	q "CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$role_password'" || exit 1
done
superusers=$(q "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolsuper")
# pg_available_extensions does not see the staged extension (extension_destdir): install it in a
# transaction that is rolled back.
default_version=$(psql -X -q -At -v ON_ERROR_STOP=1 -d postgres -c 'BEGIN' -c 'CREATE EXTENSION dunning' \
	-c "SELECT extversion FROM pg_extension WHERE extname = 'dunning'" -c 'ROLLBACK')
[ -n "$default_version" ] || exit 1
echo "# superusers: $superusers; dunning's default version: $default_version"

# A fresh database sec_install in which sec_tenant may create schemas.
fresh_install_db() {
	db=postgres
	q "ALTER ROLE sec_tenant NOSUPERUSER" >/dev/null
	PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists sec_install || exit 1
	createdb sec_install || exit 1
	db=sec_install
	q "GRANT CREATE ON DATABASE sec_install TO sec_tenant" || exit 1
}

# gained_nothing DESCRIPTION: sec_tenant is no superuser, is a member of no role, and the cluster's
# superusers are the ones it started with; then takes back whatever it gained, for the next case.
gained_nothing() {
	is "$(q "SELECT rolsuper || ',' || rolcreaterole || ',' || rolcreatedb || ',' || rolbypassrls
	           || ',' || (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)
	         FROM pg_roles r WHERE rolname = 'sec_tenant'")|$(q "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolsuper")" \
		"false,false,false,false,0|$superusers" "$1"
	q "ALTER ROLE sec_tenant NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS" >/dev/null
}

installed() { # version of dunning in $db, or "none"
	q "SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname = 'dunning'), 'none')"
}

# The planted objects: each makes sec_tenant superuser when the bootstrap superuser calls it, and
# otherwise does what the real one would. The untyped NULL of dunning.validate_policy(NULL)
# resolves to a text overload; the 0.2 DO block calls format(..., routine) with a regprocedure;
# the shipped statutory rates add a numeric and an integer (p.ecb + e.margin).
declare -A plant remove names
plant[validate_policy]="
CREATE FUNCTION dunning.validate_policy(policy text) RETURNS jsonb LANGUAGE plpgsql AS \$\$
BEGIN
    ALTER ROLE sec_tenant SUPERUSER;
    RETURN '{}'::jsonb;
END \$\$;"
remove[validate_policy]="DROP FUNCTION dunning.validate_policy(text);"
names[validate_policy]='validate_policy'
plant[format]="
CREATE FUNCTION dunning.format(text, regprocedure) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
    ALTER ROLE sec_tenant SUPERUSER;
    RETURN pg_catalog.format(\$1, \$2);
END \$\$;"
remove[format]="DROP FUNCTION dunning.format(text, regprocedure);"
names[format]='format'
# The operator's function lives outside dunning: the operator alone is the planted object there.
plant[operator]="
CREATE SCHEMA IF NOT EXISTS tenant_tools;
CREATE OR REPLACE FUNCTION tenant_tools.plus(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS \$\$
BEGIN
    ALTER ROLE sec_tenant SUPERUSER;
    RETURN \$1 OPERATOR(pg_catalog.+) \$2;
END \$\$;
CREATE OPERATOR dunning.+ (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = tenant_tools.plus);"
remove[operator]="DROP OPERATOR dunning.+ (numeric, integer);"
names[operator]='operator|\+'
attacks=(validate_policy format operator)

# A. The install cannot be hijacked --------------------------------------------------------------
for attack in "${attacks[@]}"; do
	fresh_install_db
	state_is sec_tenant "CREATE SCHEMA dunning; ${plant[$attack]}" 00000 \
		"install, planted $attack: sec_tenant creates schema dunning with its object"
	try sec_tenant "CREATE EXTENSION dunning;"
	is "$state" 42P06 "install, planted $attack: CREATE EXTENSION dunning is refused with 42P06"
	[ "$state" != 42P06 ] && diag "$(head -6 <<<"${last_error:-(no error)}")"
	error_mentions "${names[$attack]}" "install, planted $attack: the error names the planted object"
	gained_nothing "install, planted $attack: sec_tenant gained nothing, no role became superuser"
	is "$(installed)" none "install, planted $attack: the extension is not installed"
done

fresh_install_db
state_is sec_tenant "CREATE SCHEMA dunning;" 00000 "install, empty schema: sec_tenant creates an empty schema dunning"
try sec_tenant "CREATE EXTENSION dunning;"
is "$state" 42P06 "install, empty schema: CREATE EXTENSION dunning over sec_tenant's empty schema is refused with 42P06"
gained_nothing "install, empty schema: sec_tenant gained nothing"
is "$(installed)" none "install, empty schema: the extension is not installed"

fresh_install_db
state_is sec_tenant "CREATE EXTENSION dunning;" 00000 "clean install: sec_tenant installs the trusted extension"
# The schema is the extension's (a member: DROP EXTENSION drops it) and belongs to the extension's
# owner, who re-creates the source views in it (set_source); what that owner adds there is refused
# by the next script that runs (the update attacks below), and blocks DROP EXTENSION until removed.
is "$(q "SELECT n.nspowner::regrole::text || '|' || (d.objid IS NOT NULL) FROM pg_namespace n
         LEFT JOIN pg_depend d ON d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e'
         WHERE n.nspname = 'dunning'")" "sec_tenant|true" \
	"clean install: schema dunning is a member of the extension and belongs to its owner sec_tenant"
gained_nothing "clean install: sec_tenant gained nothing"
state_is sec_tenant "CREATE FUNCTION dunning.x() RETURNS integer LANGUAGE sql AS 'SELECT 1';" 00000 \
	"clean install: sec_tenant, owning the schema, adds a function to it"
state_is sec_tenant "DROP EXTENSION dunning;" 2BP01 "clean install: DROP EXTENSION does not silently drop sec_tenant's function (2BP01)"
state_is sec_tenant "DROP FUNCTION dunning.x(); DROP EXTENSION dunning;" 00000 "clean install: without it, sec_tenant drops the extension"
is "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'dunning'")" 0 \
	"clean install: DROP EXTENSION leaves no schema dunning behind"

# A6. The update cannot be hijacked: 0.2, whose schema belongs to the installing role -----------
db=sec_update
createdb "$db" || exit 1
q "GRANT CREATE ON DATABASE $db TO sec_tenant" || exit 1
state_is sec_tenant "CREATE EXTENSION dunning VERSION '0.2';" 00000 "update: sec_tenant installs version 0.2"
is "$(installed)|$(q "SELECT nspowner::regrole FROM pg_namespace WHERE nspname = 'dunning'")" "0.2|sec_tenant" \
	"update: 0.2 is installed, its schema owned by sec_tenant (the old layout)"
for attack in "${attacks[@]}"; do
	state_is sec_tenant "${plant[$attack]}" 00000 "update, planted $attack: sec_tenant plants it into its schema dunning"
	try sec_tenant "ALTER EXTENSION dunning UPDATE;"
	is "$state" 42P06 "update, planted $attack: ALTER EXTENSION dunning UPDATE is refused with 42P06"
	[ "$state" != 42P06 ] && diag "$(head -6 <<<"${last_error:-(no error)}")"
	error_mentions "${names[$attack]}" "update, planted $attack: the error names the planted object"
	gained_nothing "update, planted $attack: sec_tenant gained nothing, no role became superuser"
	is "$(installed)" 0.2 "update, planted $attack: the extension is still at 0.2"
	state_is sec_tenant "${remove[$attack]}" 00000 "update, planted $attack: sec_tenant removes it again"
done
state_is sec_tenant "ALTER EXTENSION dunning UPDATE;" 00000 "update: with nothing planted, sec_tenant's ALTER EXTENSION dunning UPDATE succeeds"
is "$(installed)" "$default_version" "update: the extension is at the default version $default_version"
check "update: the default version is newer than 0.2 ($default_version)" test "$default_version" != 0.2
is "$(q "SELECT n.nspowner::regrole::text || '|' || (d.objid IS NOT NULL) FROM pg_namespace n
         LEFT JOIN pg_depend d ON d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e'
         WHERE n.nspname = 'dunning'")" "sec_tenant|true" \
	"update: schema dunning is then a member of the extension, still owned by sec_tenant"
is "$(q "SELECT extnamespace::regnamespace FROM pg_extension WHERE extname = 'dunning'")" "pg_catalog" \
	"update: the extension's nominal schema is pg_catalog, as on a fresh install"
gained_nothing "update: sec_tenant gained nothing"
state_is sec_tenant "DROP EXTENSION dunning;" 00000 "update: sec_tenant drops the extension"
is "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'dunning'")" 0 \
	"update: DROP EXTENSION leaves no schema dunning behind"

# B. A superuser's update keeps the installing role the owner -----------------------------------
db=sec_upgrade
createdb -O sec_owner "$db" || exit 1
run_sql sec_owner "upgrade: sec_owner installs 0.2 and records a customer and a ledger item" <<'SQL'
CREATE EXTENSION dunning VERSION '0.2';
INSERT INTO dunning.customers (customer_id, name) VALUES ('U1', 'Upgrade One');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('U1', 'U1-1', 'invoice', 400, 400, '2026-10-01');
SQL
state_is - "ALTER EXTENSION dunning UPDATE;" 00000 "upgrade: the superuser's ALTER EXTENSION dunning UPDATE succeeds"
is "$(installed)" "$default_version" "upgrade: the extension is at the default version $default_version"
check "upgrade: the update left 0.2 (default version $default_version)" test "$default_version" != 0.2
is "$(q "SELECT extowner::regrole FROM pg_extension WHERE extname = 'dunning'")" sec_owner \
	"upgrade: sec_owner still owns the extension"
is "$(q "SELECT coalesce(string_agg(relname || ' (' || relowner::regrole || ')', ', ' ORDER BY relname), '') FROM pg_class
         WHERE relnamespace = 'dunning'::regnamespace AND relkind IN ('r', 'v', 'S', 'm', 'p')
           AND relowner <> 'sec_owner'::regrole")" "" \
	"upgrade: sec_owner owns every table, view and sequence of schema dunning"
is "$(q "SELECT relowner::regrole FROM pg_class WHERE oid = to_regclass('dunning.run_errors')")" sec_owner \
	"upgrade: dunning.run_errors, which the update creates (SPEC §11.1), is owned by sec_owner"
unreadable=()
for rel in $(q "SELECT oid::regclass FROM pg_class WHERE relnamespace = 'dunning'::regnamespace
                AND relkind IN ('r', 'v', 'm', 'p') ORDER BY 1"); do
	try sec_owner "SELECT FROM $rel LIMIT 1;"
	[ "$state" = 00000 ] || unreadable+=("$rel:$state")
done
is "${unreadable[*]:-}" "" "upgrade: sec_owner can SELECT from every table and view of dunning"
state_is sec_owner "INSERT INTO dunning.customers (customer_id, name) VALUES ('U2', 'Upgrade Two');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('U2', 'U2-1', 'invoice', 300, 300, '2026-10-15');" 00000 \
	"upgrade: sec_owner inserts customers and ledger items"
state_is sec_owner "CALL dunning.run('2026-12-01');" 00000 "upgrade: sec_owner calls dunning.run('2026-12-01')"
is "$(as sec_owner "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.letters WHERE as_of = '2026-12-01'" 2>&1)" \
	"U1,U2" "upgrade: sec_owner reads the letters of its run (U1, U2)"

# C. The grant helpers are all an operator and a BI role need -----------------------------------
db=sec_grants
createdb -O sec_owner "$db" || exit 1
run_sql sec_owner "grants: sec_owner installs the extension and records ledger items" <<'SQL'
CREATE EXTENSION dunning;
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES
    ('L1', 'L1-1', 'invoice', 400, 400, '2026-10-01'),
    ('L2', 'L2-1', 'invoice', 250, 250, '2026-10-10');
SQL
state_is sec_owner "SELECT dunning.grant_operator('sec_clerk_a');" 00000 "grants: sec_owner runs dunning.grant_operator('sec_clerk_a')"
state_is sec_owner "SELECT dunning.grant_reader('sec_bi_a');" 00000 "grants: sec_owner runs dunning.grant_reader('sec_bi_a')"

state_is sec_clerk_a "CALL dunning.run('2026-11-02');" 00000 "grants: the operator calls dunning.run"
is "$(q "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.letters WHERE as_of = '2026-11-02'")" "L1,L2" \
	"grants: the operator's run wrote the letters of L1 and L2"
is "$(as sec_clerk_a "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.letters" 2>&1)" "L1,L2" \
	"grants: the operator reads the letters"
state_is sec_clerk_a "INSERT INTO dunning.customers (customer_id, name) VALUES ('L3', 'Clerk''s customer');
UPDATE dunning.customers SET name = 'Clerk''s customer, renamed', language = 'nl' WHERE customer_id = 'L3';
DELETE FROM dunning.customers WHERE customer_id = 'L3';" 00000 \
	"grants: the operator inserts, updates and deletes customers"
state_is sec_clerk_a "INSERT INTO dunning.contacts (customer_id, email) VALUES ('L1', 'ap@l1.example');
UPDATE dunning.contacts SET email = 'billing@l1.example' WHERE customer_id = 'L1';
DELETE FROM dunning.contacts WHERE customer_id = 'L1';" 00000 \
	"grants: the operator inserts, updates and deletes contacts"
state_is sec_clerk_a "INSERT INTO dunning.policies (name, body) VALUES ('clerk', '{\"grace_days\": 3}');
UPDATE dunning.policies SET body = '{\"grace_days\": 5}' WHERE name = 'clerk';
DELETE FROM dunning.policies WHERE name = 'clerk';" 00000 \
	"grants: the operator inserts, updates and deletes policies"
state_is sec_clerk_a "INSERT INTO dunning.templates (level, tone, language, subject, body)
VALUES (2, 'firm', 'en', 'Second reminder: {unit}', 'Please pay {total} by {pay_by}.');
UPDATE dunning.templates SET subject = 'Second reminder {level}: {unit}' WHERE NOT builtin AND level = 2 AND tone = 'firm';
DELETE FROM dunning.templates WHERE NOT builtin AND level = 2 AND tone = 'firm';" 00000 \
	"grants: the operator inserts, updates and deletes templates"
state_is sec_clerk_a "INSERT INTO dunning.settings (name, value) VALUES ('sender', 'Receivables, clerk A');
UPDATE dunning.settings SET value = 'Receivables' WHERE name = 'sender';
DELETE FROM dunning.settings WHERE name = 'sender';" 00000 \
	"grants: the operator inserts, updates and deletes settings"

for view in dunning.unit_overview dunning.aging dunning.letter_queue dunning.letters; do
	state_is sec_bi_a "SELECT * FROM $view;" 00000 "grants: the reader selects from $view"
done
is "$(as sec_bi_a "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.letters" 2>&1)" "L1,L2" \
	"grants: the reader sees the letters of L1 and L2"
state_is sec_bi_a "CALL dunning.run('2026-11-20');" 42501 "grants: the reader may not call dunning.run (42501)"
state_is sec_bi_a "INSERT INTO dunning.customers (customer_id) VALUES ('L9');" 42501 \
	"grants: the reader may not insert into dunning.customers (42501)"
state_is sec_bi_a "DELETE FROM dunning.letters;" 42501 "grants: the reader may not delete letters (42501)"

# D. Letters follow the sources' visibility -------------------------------------------------------
db=sec_rls
createdb -O sec_owner "$db" || exit 1
# The ERP mirror, owned by sec_owner, with row-level security (FORCE: the owner has its own
# policy): clerk A and BI role A see the customers A*, clerk B and BI role B the customers B*.
run_sql sec_owner "rls: sec_owner installs the extension and its ERP table with row-level security" <<'SQL' || exit 1
CREATE EXTENSION dunning;
CREATE SCHEMA erp;
CREATE TABLE erp.items (
    cust         text NOT NULL,
    item_no      text NOT NULL,
    amount       numeric NOT NULL,
    open_amount  numeric NOT NULL,
    due          date NOT NULL,
    PRIMARY KEY (cust, item_no)
);
INSERT INTO erp.items VALUES
    ('A1', 'a1-1', 500, 500, '2026-10-01'),
    ('A1', 'a1-2', 120, 120, '2026-10-20'),
    ('A2', 'a2-1', 300, 300, '2026-10-15'),
    ('B1', 'b1-1', 700, 700, '2026-10-01'),
    ('B2', 'b2-1', 260, 260, '2026-10-20');
ALTER TABLE erp.items ENABLE ROW LEVEL SECURITY;
ALTER TABLE erp.items FORCE ROW LEVEL SECURITY;
CREATE POLICY items_owner ON erp.items TO sec_owner USING (true) WITH CHECK (true);
CREATE POLICY items_a ON erp.items FOR SELECT TO sec_clerk_a, sec_bi_a USING (cust LIKE 'A%');
CREATE POLICY items_b ON erp.items FOR SELECT TO sec_clerk_b, sec_bi_b USING (cust LIKE 'B%');
CREATE VIEW erp.dunning_items WITH (security_invoker = true) AS
SELECT cust AS customer_id, NULL::text AS department, NULL::text AS project, item_no AS item_id,
       'invoice'::text AS kind, amount, open_amount, due AS due_date, NULL::date AS doc_date,
       'EUR'::text AS currency, false AS disputed, NULL::date AS hold_until, false AS on_plan
FROM erp.items;
-- the user's own tables: reading them is the user's grant, not the extension's
GRANT USAGE ON SCHEMA erp TO sec_clerk_a, sec_clerk_b, sec_bi_a, sec_bi_b;
GRANT SELECT ON erp.items, erp.dunning_items TO sec_clerk_a, sec_clerk_b, sec_bi_a, sec_bi_b;
SQL
state_is sec_owner "SELECT dunning.set_source('open_items', 'erp.dunning_items');" 00000 \
	"rls: sec_owner registers erp.dunning_items as the open items"
state_is sec_owner "SELECT dunning.grant_operator('sec_clerk_a'), dunning.grant_operator('sec_clerk_b'),
       dunning.grant_reader('sec_bi_a'), dunning.grant_reader('sec_bi_b');" 00000 \
	"rls: sec_owner grants the operators and readers with the grant helpers"
state_is sec_owner "CALL dunning.run('2026-12-01');" 00000 "rls: the owner calls dunning.run('2026-12-01')"

# The customers of the letters ROLE sees in RELATION (as of DATE).
letters_seen() { # role relation [date]
	as "$1" "SELECT coalesce(string_agg(customer_id, ',' ORDER BY customer_id), '-') FROM $2
	         WHERE as_of = '${3:-2026-12-01}'" 2>&1
}
# The ids of the letters of CUSTOMERS as of 2026-12-01 (as the superuser), as a sorted list.
letter_ids_of() { # customers: 'A%' or 'B%'
	q "SELECT coalesce(string_agg(letter_id::text, ',' ORDER BY letter_id::text), '-') FROM dunning.letters
	   WHERE as_of = '2026-12-01' AND customer_id LIKE '$1'"
}
# The letter ids among all of 2026-12-01's that ROLE sees in dunning.letter_items.
letter_items_seen() { # role
	as "$1" "SELECT coalesce(string_agg(DISTINCT letter_id::text, ',' ORDER BY letter_id::text), '-') FROM dunning.letter_items
	         WHERE letter_id IN ($(q "SELECT coalesce(string_agg(letter_id::text, ','), '0') FROM dunning.letters WHERE as_of = '2026-12-01'"))" 2>&1
}
is "$(q "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.letters WHERE as_of = '2026-12-01'")" \
	"A1,A2,B1,B2" "rls: the owner's run wrote the 4 letters (it sees every customer)"
is "$(letters_seen sec_owner dunning.letters)" "A1,A2,B1,B2" "rls: the owner sees all 4 letters"
is "$(letters_seen sec_bi_a dunning.letters)" "A1,A2" "rls: BI role A sees only A1's and A2's letters in dunning.letters"
is "$(letter_items_seen sec_bi_a)" "$(letter_ids_of 'A%')" "rls: BI role A sees only the items of A1's and A2's letters in dunning.letter_items"
is "$(letters_seen sec_bi_a dunning.letter_queue)" "A1,A2" "rls: BI role A sees only A1's and A2's letters in dunning.letter_queue"
is "$(letters_seen sec_bi_b dunning.letters)" "B1,B2" "rls: BI role B sees only B1's and B2's letters in dunning.letters"
is "$(letter_items_seen sec_bi_b)" "$(letter_ids_of 'B%')" "rls: BI role B sees only the items of B1's and B2's letters in dunning.letter_items"
is "$(letters_seen sec_bi_b dunning.letter_queue)" "B1,B2" "rls: BI role B sees only B1's and B2's letters in dunning.letter_queue"
is "$(letters_seen sec_clerk_a dunning.letters)" "A1,A2" "rls: clerk A sees only A1's and A2's letters"

state_is sec_clerk_a "CALL dunning.run('2026-12-20');" 00000 "rls: clerk A calls dunning.run('2026-12-20')"
is "$(q "SELECT coalesce(string_agg(customer_id, ',' ORDER BY customer_id), '-') FROM dunning.letters WHERE as_of = '2026-12-20'")" \
	"A1,A2" "rls: clerk A's run wrote letters for A1 and A2 only"
is "$(letters_seen sec_clerk_a dunning.letters 2026-12-20)" "A1,A2" "rls: clerk A reads back the letters its run wrote"

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	db=postgres
	for d in "${databases[@]}"; do
		dropdb "$d"
	done
	q "DROP ROLE $roles"
fi
echo "# t_security: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
