#!/usr/bin/env bash
# SPEC §11 Dump and restore: user rows, history, sequences and source registrations of the
# extension's configuration tables survive pg_dump | psql and pg_dump -Fc | pg_restore -j2; the
# rows the extension ships (builtin = true) are not dumped and exist exactly once after the restore;
# a restored database reads the registered source and runs on without a duplicate letter. A third
# target restores the archive with -j2 for everything but the extension's configuration data and
# then that data serially (the workaround while -j2 alone breaks the foreign keys between them).
# Version 0.3's tables come along: blocks (the restored block holds its customer), run_errors (of a
# run that left a bad row out), role_grants (and the grants they stand for), and letters keep their
# status (proposed, approved, sent, failed, cancelled).
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser) and creates
# its own databases runs_dump_src, runs_dump_plain, runs_dump_custom and runs_dump_custom_list and the
# roles runs_dump_operator and runs_dump_reader (dropped with them). Prints `ok - ...` /
# `not ok - ...` lines (diagnostics start with #) and exits non-zero when a check fails.
set -uo pipefail

started=$SECONDS
source "$(dirname "${BASH_SOURCE[0]}")/tap.sh"
shipped_letters=$(find "$(dirname "${BASH_SOURCE[0]}")/../../templates" -mindepth 2 -maxdepth 2 -name '*.txt' | wc -l)
shipped_phrases=$(find "$(dirname "${BASH_SOURCE[0]}")/../../templates" -path '*/phrases/*.txt' | wc -l)
work=$(mktemp -d /tmp/t_dump_restore.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The output of SQL in a database, unaligned, tuples only; errors go to stderr, and the
# caller's comparison fails on the empty or partial output.
q() { # db sql
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# Runs a SQL script from stdin; on error prints it as diagnostics and returns non-zero.
run_sql() { # db description
	local out
	if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" 2>&1); then
		pass "$2"
	else
		fail "$2"
		diag "$out"
		return 1
	fi
}

src=runs_dump_src
plain=runs_dump_plain
custom=runs_dump_custom
custom_list=runs_dump_custom_list
for db in "$src" "$plain" "$custom" "$custom_list"; do
	PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$db" || exit 1
done
# The roles given dunning.grant_operator / grant_reader (roles are the cluster's, so the restored
# databases find them).
roles=(runs_dump_operator runs_dump_reader)
for role in "${roles[@]}"; do
	psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; DROP ROLE IF EXISTS $role" \
		-c "CREATE ROLE $role NOLOGIN" || exit 1
done
createdb "$src" || exit 1

# 1. A source database with user data in every configuration table -----------------------------
run_sql "$src" "source database: extension, ERP views, registrations, user rows" <<'SQL' || exit 1
CREATE EXTENSION dunning;

-- The ERP mirror, in its own types and names; the user's views map it to the extension's columns.
CREATE SCHEMA erp;
CREATE TABLE erp.ar_open (
    cust      varchar(20) NOT NULL,
    dept      text,
    proj      text,
    doc_no    text NOT NULL,
    doc_type  text NOT NULL,
    total     numeric(12, 2) NOT NULL,
    open      numeric(12, 2),
    due       date,
    doc_date  date,
    cur       char(3),
    disputed  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (cust, doc_no)
);
CREATE VIEW erp.dunning_items AS
SELECT cust::text AS customer_id, dept AS department, proj AS project, doc_no AS item_id,
       doc_type AS kind, total AS amount, open AS open_amount, due AS due_date, doc_date,
       cur::text AS currency, disputed, NULL::date AS hold_until, false AS on_plan
FROM erp.ar_open;

CREATE TABLE erp.paid (
    cust     text NOT NULL,
    doc_no   text NOT NULL,
    due      date NOT NULL,
    paid_on  date,
    total    integer NOT NULL,
    PRIMARY KEY (cust, doc_no)
);
CREATE VIEW erp.dunning_paid AS
SELECT cust AS customer_id, NULL::text AS department, NULL::text AS project, doc_no AS item_id,
       due AS due_date, paid_on AS paid_date, total AS amount
FROM erp.paid;

INSERT INTO erp.ar_open VALUES
    ('GRP',   NULL,      NULL, 'G-1',  'invoice',     1000.00, 1000.00, '2026-09-15', '2026-08-16', 'EUR', false),
    ('GRP',   NULL,      NULL, 'G-2',  'invoice',      400.00,  150.00, '2026-10-20', '2026-09-20', 'EUR', false),
    ('SUB',   NULL,      NULL, 'S-1',  'invoice',      300.00,  300.00, '2026-10-10', '2026-09-10', 'EUR', false),
    ('SUB',   NULL,      NULL, 'S-CN', 'credit_note',   50.00,   50.00, '2026-10-12', '2026-10-12', 'EUR', false),
    ('DEPT',  'Sales',   NULL, 'D-1',  'invoice',      700.00,  700.00, '2026-10-01', '2026-09-01', 'EUR', false),
    ('DEPT',  'Support', NULL, 'D-2',  'invoice',      250.00,  250.00, '2026-10-20', '2026-09-20', 'EUR', false),
    ('DEPT',  'Support', NULL, 'D-3',  'invoice',       90.00,   90.00, '2026-10-25', '2026-09-25', 'EUR', true),
    ('NLC',   NULL,      NULL, 'N-1',  'invoice',      820.00,  820.00, '2026-09-30', '2026-08-31', 'EUR', false),
    ('ANON',  NULL,      NULL, 'A-1',  'invoice',       80.00,   80.00, '2026-10-25', '2026-09-25', 'EUR', false),
    ('LOYAL', NULL,      NULL, 'L-1',  'invoice',      500.00,  500.00, '2026-10-05', '2026-09-05', 'EUR', false),
    ('SOON',  NULL,      NULL, 'F-1',  'invoice',      640.00,  640.00, '2026-11-28', '2026-10-28', 'EUR', false),
    ('SOON',  NULL,      NULL, 'F-2',  'invoice',      120.00,  120.00, '2026-12-30', '2026-11-30', 'EUR', false);
INSERT INTO erp.paid
SELECT 'LOYAL', 'P-' || n, DATE '2026-01-10' + 30 * n, DATE '2026-01-08' + 30 * n, 100 * n
FROM generate_series(1, 8) n;

SELECT dunning.set_source('open_items', 'erp.dunning_items');
SELECT dunning.set_source('paid_items', 'erp.dunning_paid');
INSERT INTO dunning.settings (name, value) VALUES ('sender', 'ACME Receivables'), ('pay_within_days', '10');

-- A row in the extension's own ledger, which the registration bypasses but the dump must keep.
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('LEDGER', 'X-1', 'invoice', 99, 99, '2026-01-01');
INSERT INTO dunning.paid_ledger (customer_id, item_id, due_date, paid_date, amount)
VALUES ('LEDGER', 'X-0', '2025-12-01', '2025-12-03', 10);

INSERT INTO dunning.policies (name, body) VALUES
    ('strict', '{"grace_days": 0, "min_interval_days": 7, "skip_levels": true}'),
    ('lenient', '{"grace_days": 5, "pre_due_days": 7, "levels": [{"level": 1, "days": 10, "min_amount": 50}, {"level": 2, "days": 40, "fee": 5}]}');

INSERT INTO dunning.customers (customer_id, name, parent_id, bill_to_parent, language, policy, unit_by) VALUES
    ('GRP',   'Group Holding NV', NULL,  false, 'en', 'default', 'customer'),
    ('SUB',   'Subsidiary BV',    'GRP', true,  'nl', 'default', 'customer'),
    ('DEPT',  'Departments Ltd',  NULL,  false, 'en', 'default', 'department'),
    ('NLC',   'Nederland BV',     NULL,  false, 'nl', 'strict',  'customer'),
    ('LOYAL', 'Loyal SA',         NULL,  false, 'fr', 'default', 'customer'),
    ('SOON',  'Soon GmbH',        NULL,  false, 'en', 'lenient', 'customer');
INSERT INTO dunning.contacts (customer_id, department, project, email, role) VALUES
    ('GRP',  NULL,    NULL, 'ap@group.example',    'to'),
    ('GRP',  NULL,    NULL, 'cfo@group.example',   'cc'),
    ('SUB',  NULL,    NULL, 'ap@sub.example',      'to'),
    ('DEPT', NULL,    NULL, 'ap@dept.example',     'to'),
    ('DEPT', 'Sales', NULL, 'sales@dept.example',  'to'),
    ('NLC',  NULL,    NULL, 'crediteuren@nlc.example', 'to');

-- A user template overriding a shipped one (level any, standard, English).
INSERT INTO dunning.templates (level, tone, language, subject, body, builtin) VALUES
    (NULL, 'standard', 'en', 'ACME reminder {level} for {customer}',
     E'Dear {addressee},\n\n{items}\n\nPlease pay {total} by {pay_by}.\n\n{sender}', false);

-- A user period of statutory interest after the shipped ones.
INSERT INTO dunning.statutory_rates (jurisdiction, consumer, valid_from, valid_to, reference_rate, margin, rate, source, builtin)
VALUES ('NL', false, '2026-07-01', '2026-12-31', 2.15, 8, 10.15, 'test: user row after the shipped periods', false);

-- A row the runs leave out (open > total): both runs list it in dunning.run_errors; fixed after.
INSERT INTO erp.ar_open VALUES ('BAD', NULL, NULL, 'B-1', 'invoice', 100.00, 150.00, '2026-09-15', '2026-08-16', 'EUR', false);

SET client_min_messages = error;  -- the runs' WARNING about the row left out
CALL dunning.run('2026-11-01');
-- The second run's letters are proposed; approve one of them.
INSERT INTO dunning.settings (name, value) VALUES ('approval', 'manual');
CALL dunning.run('2026-11-23');
RESET client_min_messages;
DELETE FROM erp.ar_open WHERE cust = 'BAD';
SELECT dunning.approve(ARRAY(SELECT min(letter_id) FROM dunning.letters WHERE as_of = '2026-11-23'));

-- Letters of 2026-11-01 whose units got a letter on 2026-11-23 (so their unit history stays the
-- later letter): one sent, one failed, one cancelled, as the delivery client and a person leave them.
CREATE TEMP TABLE superseded AS
SELECT l1.letter_id, row_number() OVER (ORDER BY l1.letter_id) AS n
FROM dunning.letters l1
JOIN dunning.letters l2 ON l2.customer_id = l1.customer_id AND l2.department IS NOT DISTINCT FROM l1.department
 AND l2.currency IS NOT DISTINCT FROM l1.currency AND l2.as_of = '2026-11-23'
WHERE l1.as_of = '2026-11-01';
UPDATE dunning.letters SET status = 'sent', sent_at = '2026-11-01 09:00+00', attempts = 1, message_id = '<1@acme.example>'
WHERE letter_id = (SELECT letter_id FROM superseded WHERE n = 1);
UPDATE dunning.letters SET status = 'failed', attempts = 3, last_error = '550 mailbox unavailable'
WHERE letter_id = (SELECT letter_id FROM superseded WHERE n = 2);
UPDATE dunning.letters SET status = 'cancelled', cancel_reason = 'paid by phone'
WHERE letter_id = (SELECT letter_id FROM superseded WHERE n = 3);

-- A person's block: NLC is not dunned until the end of the year.
INSERT INTO dunning.blocks (customer_id, until, reason, created_by, created_at)
VALUES ('NLC', '2026-12-31', 'negotiating a settlement', 'credit_controller', '2026-11-24 08:00+00');
SELECT dunning.grant_operator('runs_dump_operator');
SELECT dunning.grant_reader('runs_dump_reader');
SQL

# The data the checks rely on really is there: two runs that wrote letters, the user template used.
is "$(q "$src" "SELECT string_agg(as_of || ':' || (letters > 0), ',' ORDER BY run_id) FROM dunning.runs")" \
	"2026-11-01:true,2026-11-23:true" "source: both runs wrote letters"
is "$(q "$src" "SELECT count(*) > 0 FROM dunning.letters WHERE subject LIKE 'ACME reminder %'")" "t" \
	"source: the user template overrides the shipped one"
is "$(q "$src" "SELECT count(*) FILTER (WHERE last_letter_date = '2026-11-23' AND last_level >= 2) > 0 FROM dunning.unit_state")" "t" \
	"source: unit_state advanced to level 2 on the second run"
status_sql="SELECT string_agg(status || ':' || n, ',' ORDER BY status) FROM (SELECT status, count(*) AS n FROM dunning.letters GROUP BY status) s"
statuses=$(q "$src" "$status_sql")
check "source: letters in every status but sending ($statuses)" \
	grep -qE '^approved:[0-9]+,cancelled:1,failed:1,proposed:[0-9]+,sent:1$' <<<"$statuses"
is "$(q "$src" "SELECT string_agg(r.as_of || ':' || r.errors || ':' || e.customer_id || '/' || e.item_id || '/' || e.sqlstate, ',' ORDER BY r.run_id)
               FROM dunning.runs r JOIN dunning.run_errors e USING (run_id)")" \
	"2026-11-01:1:BAD/B-1/22023,2026-11-23:1:BAD/B-1/22023" "source: both runs left BAD's row out and listed it in dunning.run_errors"
is "$(q "$src" "SELECT string_agg(role_name || ':' || grant_kind, ',' ORDER BY role_name) FROM dunning.role_grants")" \
	"runs_dump_operator:operator,runs_dump_reader:reader" "source: dunning.role_grants holds the operator and the reader"
# What the grants give, as has_*_privilege sees it in a database.
grants_sql="SELECT has_function_privilege('runs_dump_operator', 'dunning.approve(bigint[])', 'EXECUTE')
                   || '|' || has_table_privilege('runs_dump_operator', 'dunning.blocks', 'INSERT')
                   || '|' || has_table_privilege('runs_dump_reader', 'dunning.run_overview', 'SELECT')
                   || '|' || has_function_privilege('runs_dump_reader', 'dunning.cancel(bigint, text)', 'EXECUTE')"
is "$(q "$src" "$grants_sql")" "true|true|true|false" \
	"source: the operator may approve and block, the reader read run_overview but not cancel"

# 2. The round trips ------------------------------------------------------------------------------
# pg_dump warns on every database with the extension, because the configuration table
# dunning.customers references itself (parent_id); the restore is unaffected (one COPY fills the
# table and its foreign key is checked at the end of the statement). Only that warning is allowed.
known_warning='pg_dump: warning: there are circular foreign-key constraints on this table:
pg_dump: detail: customers
pg_dump: hint: You might not be able to restore the dump without using --disable-triggers or temporarily dropping the constraints.
pg_dump: hint: Consider using a full dump instead of a --data-only dump to avoid this problem.'

# dump FORMAT FILE: pg_dump with the checks on its exit status and stderr.
dump() {
	if pg_dump -F"$1" -d "$src" -f "$2" 2>"$2.err"; then
		pass "pg_dump -F$1 succeeds"
	else
		fail "pg_dump -F$1 succeeds"
	fi
	local err
	err=$(grep -vxF -e "$(sed -n 1p <<<"$known_warning")" -e "$(sed -n 2p <<<"$known_warning")" \
		-e "$(sed -n 3p <<<"$known_warning")" -e "$(sed -n 4p <<<"$known_warning")" "$2.err")
	is "$err" "" "pg_dump -F$1 writes nothing to stderr but the warning on dunning.customers' self-reference"
	if grep -qF 'circular foreign-key' "$2.err"; then
		diag "pg_dump -F$1: $(sed -n 1,2p "$2.err" | tr '\n' ' ')"
	fi
}

# restored DESCRIPTION ERR-FILE STATUS: the checks on a restore's exit status and stderr.
restored() {
	if [ "$3" -eq 0 ]; then
		pass "$1 succeeds"
	else
		fail "$1 succeeds"
	fi
	is "$(cat "$2")" "" "$1 writes nothing to stderr"
}

dump p "$work/plain.sql"
dump c "$work/custom.dump"

# (a) plain: pg_dump | psql -v ON_ERROR_STOP=1
createdb "$plain" || exit 1
psql -X -q -v ON_ERROR_STOP=1 -d "$plain" -f "$work/plain.sql" >/dev/null 2>"$work/plain.err"
restored "plain: psql -v ON_ERROR_STOP=1 < dump" "$work/plain.err" $?

# (b) custom: pg_dump -Fc, pg_restore -j2
createdb "$custom" || exit 1
pg_restore -j2 -d "$custom" "$work/custom.dump" 2>"$work/custom.err"
restored "custom: pg_restore -j2" "$work/custom.err" $?

# (c) the same archive restored in two steps: -j2 for everything but the extension's
# configuration data, then that data serially in the archive's order (pg_dump sorts it by the
# foreign keys between the tables; a parallel restore does not keep that order).
createdb "$custom_list" || exit 1
pg_restore -l "$work/custom.dump" >"$work/all.list"
grep -v ' TABLE DATA dunning ' "$work/all.list" >"$work/rest.list"
grep ' TABLE DATA dunning ' "$work/all.list" >"$work/dunning.list"
{ pg_restore -j2 -L "$work/rest.list" -d "$custom_list" "$work/custom.dump" &&
	pg_restore -L "$work/dunning.list" -d "$custom_list" "$work/custom.dump"; } 2>"$work/custom_list.err"
restored "custom_list: pg_restore -j2 -L (all but dunning's data), then -L (dunning's data)" "$work/custom_list.err" $?

# 3. What each restored database must hold --------------------------------------------------------
# md5 of a table's rows (optionally filtered), ordered by their text, so equal rows compare equal.
digest_sql() { # table [where]
	printf '%s\n' "SELECT count(*) || ' rows ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM $1 t ${2:-}"
}
user_tables=(
	"dunning.policies|WHERE NOT builtin"
	"dunning.customers|"
	"dunning.contacts|"
	"dunning.templates|WHERE NOT builtin"
	"dunning.settings|"
	"dunning.statutory_rates|WHERE NOT builtin"
	"dunning.ledger_items|"
	"dunning.paid_ledger|"
	"dunning.runs|"
	"dunning.letters|"
	"dunning.letter_items|"
	"dunning.unit_state|"
	"dunning.blocks|"
	"dunning.run_errors|"
	"dunning.role_grants|"
)
declare -A source_digest
for entry in "${user_tables[@]}"; do
	source_digest[$entry]=$(q "$src" "$(digest_sql "${entry%%|*}" "${entry#*|}")")
done
builtin_rates=$(q "$src" "SELECT count(*) FROM dunning.statutory_rates WHERE builtin")
open_count=$(q "$src" "SELECT count(*) FROM dunning.open_items")
paid_count=$(q "$src" "SELECT count(*) FROM dunning.paid_items")
max_run=$(q "$src" "SELECT max(run_id) FROM dunning.runs")
max_letter=$(q "$src" "SELECT max(letter_id) FROM dunning.letters")

for target in "$plain" "$custom" "$custom_list"; do
	label=${target#runs_dump_}
	for entry in "${user_tables[@]}"; do
		table=${entry%%|*}
		where=${entry#*|}
		is "$(q "$target" "$(digest_sql "$table" "$where")")" "${source_digest[$entry]}" \
			"$label: $table ${where:+($where) }rows equal the source's"
	done

	# Shipped rows: present exactly once (not dumped, so the restore's CREATE EXTENSION alone made them).
	is "$(q "$target" "SELECT count(*) FILTER (WHERE builtin) || '/' || count(*) FILTER (WHERE name = 'default') FROM dunning.policies")" \
		"1/1" "$label: one builtin policy, one 'default'"
	# the shipped texts: one row per file of templates/ (letters and phrases), once each
	is "$(q "$target" "SELECT count(*) FROM dunning.templates WHERE builtin")" "$shipped_letters" "$label: $shipped_letters builtin templates, one per letter file"
	is "$(q "$target" "SELECT count(*) FROM dunning.phrases WHERE builtin")" "$shipped_phrases" "$label: $shipped_phrases builtin phrases, one per phrase file"
	is "$(q "$target" "SELECT count(*) FROM (SELECT level, tone, language, builtin FROM dunning.templates GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d")" \
		"0" "$label: no duplicate template"
	is "$(q "$target" "SELECT count(*) FROM dunning.statutory_rates WHERE builtin")" "$builtin_rates" \
		"$label: builtin statutory rates present once"

	# The registrations survived and are in effect: the views read the user's views.
	is "$(q "$target" "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM dunning.settings WHERE name IN ('open_items', 'paid_items')")" \
		"open_items=erp.dunning_items,paid_items=erp.dunning_paid" "$label: source registrations restored"
	is "$(q "$target" "SELECT pg_get_viewdef('dunning.open_items') LIKE '%erp.dunning_items%'")" "t" \
		"$label: dunning.open_items is defined over erp.dunning_items"
	is "$(q "$target" "SELECT pg_get_viewdef('dunning.paid_items') LIKE '%erp.dunning_paid%'")" "t" \
		"$label: dunning.paid_items is defined over erp.dunning_paid"
	is "$(q "$target" "SELECT count(*) FROM dunning.open_items")" "$open_count" \
		"$label: dunning.open_items reads the source's $open_count items"
	is "$(q "$target" "SELECT count(*) FROM dunning.paid_items")" "$paid_count" \
		"$label: dunning.paid_items reads the source's $paid_count paid items"
	is "$(q "$target" "SELECT count(*) FROM dunning.open_items WHERE customer_id = 'LEDGER'")" "0" \
		"$label: dunning.open_items does not read dunning.ledger_items"
	is "$(q "$target" "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'dunning.open_items'::regclass")" \
		"security_invoker=true" "$label: the re-created dunning.open_items is security_invoker"
	is "$(q "$target" "SELECT count(*) FROM pg_depend WHERE objid = 'dunning.open_items'::regclass AND deptype = 'e'")" \
		"1" "$label: dunning.open_items is still a member of the extension"

	# Version 0.3's rows in effect: the statuses, the grants the role_grants rows stand for.
	is "$(q "$target" "$status_sql")" "$statuses" "$label: the letters keep their status ($statuses)"
	is "$(q "$target" "$grants_sql")" "true|true|true|false" \
		"$label: the operator may still approve and block, the reader read run_overview but not cancel"

	# A second run for the last date issues nothing; a later run continues the sequences.
	out=$(q "$target" "CALL dunning.run('2026-11-23')" 2>&1)
	is "$out" "" "$label: CALL dunning.run('2026-11-23') again runs without error"
	is "$(q "$target" "SELECT run_id > $max_run, letters FROM dunning.runs WHERE as_of = '2026-11-23' ORDER BY run_id DESC LIMIT 1")" \
		"t|0" "$label: the repeated run gets a new run_id and issues no letter"
	is "$(q "$target" "SELECT count(*) FROM dunning.letters")" "$(q "$src" "SELECT count(*) FROM dunning.letters")" \
		"$label: no letter added by the repeated run"
	out=$(q "$target" "CALL dunning.run('2026-12-15')" 2>&1)
	is "$out" "" "$label: CALL dunning.run('2026-12-15') runs without error"
	is "$(q "$target" "SELECT run_id > $max_run, letters > 0 FROM dunning.runs WHERE as_of = '2026-12-15'")" \
		"t|t" "$label: the later run continues run_id and writes letters"
	is "$(q "$target" "SELECT min(letter_id) > $max_letter FROM dunning.letters WHERE as_of = '2026-12-15'")" \
		"t" "$label: its letter_ids continue after the restored ones"
	is "$(q "$target" "SELECT count(*) FROM dunning.letters WHERE as_of = '2026-12-15' AND customer_id = 'NLC'")" 0 \
		"$label: the restored block holds NLC: no letter on 2026-12-15"
	is "$(q "$target" "SELECT string_agg(DISTINCT status, ',') FROM dunning.letters WHERE as_of = '2026-12-15'")" proposed \
		"$label: the restored setting approval = manual writes the later run's letters proposed"
	is "$(q "$target" "SELECT count(*) FROM dunning.unit_state WHERE last_letter_date = '2026-12-15'")" \
		"$(q "$target" "SELECT count(*) FROM dunning.letters WHERE as_of = '2026-12-15'")" \
		"$label: unit_state advances for every letter of the later run"
done

# The restores read the same data: the later run wrote the same letters in both (up to ids/times).
letters_sql="SELECT md5(string_agg(concat_ws('|', customer_id, department, project, level, action, tone, language, addressee_id, to_email, cc_emails, subject, body, fee, amount), E'\\n' ORDER BY customer_id, department, project)) FROM dunning.letters WHERE as_of = '2026-12-15'"
for target in "$custom" "$custom_list"; do
	is "$(q "$target" "$letters_sql")" "$(q "$plain" "$letters_sql")" \
		"${target#runs_dump_} and plain issue the same letters on 2026-12-15"
done

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	for db in "$plain" "$custom" "$custom_list" "$src"; do
		dropdb "$db"
	done
	for role in "${roles[@]}"; do
		psql -X -q -d postgres -c "DROP ROLE $role"
	done
fi
echo "# t_dump_restore: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
