#!/usr/bin/env bash
# SPEC §11.2 (version 0.3), the history half of issue 13: no single operation corrupts the
# dunning history.
#   1. TRUNCATE of the shipped-rows tables (templates, policies) by the extension's owner is
#      refused or restores the shipped rows;
#   2. a unit for which no template matches is a unit error (dunning.run_errors), never a letter
#      without text or history without a letter; with on_error => 'stop' the run writes nothing;
#   3. deleting a policy while another session points a customer at it cannot both commit (two
#      real sessions, in both orders);
#   4. deleting or resetting one unit's history, then re-running the same date, neither fails nor
#      duns anything twice;
#   5. switching a customer to unit_by = 'department' on a day it was dunned re-duns nothing;
#   6. templates are checked with the values a real letter can have (days_overdue is NULL in a
#      pre-due letter);
#   7. errors about data name the customer and the item (a document number shared by four
#      customers, 10^13, a NULL customer_id or item_id) without empty DETAIL or HINT lines; with
#      the default on_error ('skip') the bad unit alone is skipped and recorded.
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser over TCP);
# creates the databases hist_tpl, hist_race, hist_reset, hist_reset_level, hist_unit_by and hist_err
# and the LOGIN role hist_owner
# (the extension's owner), and drops them when every check passed. Prints `ok - ...` /
# `not ok - ...` lines (diagnostics start with #); exits non-zero when a check fails.
set -uo pipefail

started=$SECONDS
here=$(dirname "${BASH_SOURCE[0]}")
source "$here/tap.sh"
source "$here/sql_helpers.sh"
tmp=$(mktemp -d /tmp/t_history.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

databases=(hist_tpl hist_race hist_reset hist_reset_level hist_unit_by hist_err)
db=postgres
for d in "${databases[@]}"; do
	PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$d" || exit 1
done
q "SET client_min_messages = warning; DROP ROLE IF EXISTS hist_owner" || exit 1
q "CREATE ROLE hist_owner LOGIN NOSUPERUSER PASSWORD '$role_password'" || exit 1

# A database owned by hist_owner, which installs the extension (so it is the extension's owner).
new_db() { # name
	db=postgres
	createdb -O hist_owner "$1" || exit 1
	db=$1
	as hist_owner "CREATE EXTENSION dunning" || exit 1
}

# The letters of a date per unit, as the superuser sees them: customer[/department][/project]:count,
# e.g. "C1:1,C3/D1:1" ('-' for none).
letters_per_unit() { # date
	q "SELECT coalesce(string_agg(u || ':' || n, ',' ORDER BY u), '-')
	   FROM (SELECT customer_id || coalesce('/' || department, '') || coalesce('/' || project, '') AS u, count(*) AS n
	         FROM dunning.letters WHERE as_of = '$1' GROUP BY customer_id, department, project) l"
}

# The invariants of the history, each as the offending rows ('' when it holds), for a date.
letters_without_items() {
	q "SELECT coalesce(string_agg(l.customer_id || '@' || l.as_of, ',' ORDER BY l.letter_id), '') FROM dunning.letters l
	   WHERE NOT EXISTS (SELECT FROM dunning.letter_items i WHERE i.letter_id = l.letter_id)"
}
items_without_letter() {
	q "SELECT coalesce(string_agg(DISTINCT i.letter_id::text, ','), '') FROM dunning.letter_items i
	   WHERE NOT EXISTS (SELECT FROM dunning.letters l WHERE l.letter_id = i.letter_id)"
}
history_without_letter() { # date
	q "SELECT coalesce(string_agg(s.customer_id || coalesce('/' || s.department, '') || coalesce('/' || s.project, ''), ','
	                              ORDER BY s.customer_id), '')
	   FROM dunning.unit_state s
	   WHERE s.last_letter_date = '$1'
	     AND NOT EXISTS (SELECT FROM dunning.letters l
	                     WHERE l.customer_id = s.customer_id AND l.department IS NOT DISTINCT FROM s.department
	                       AND l.project IS NOT DISTINCT FROM s.project AND l.as_of = '$1')"
}
items_dunned_twice() { # date
	q "SELECT coalesce(string_agg(customer_id || ':' || item_id, ',' ORDER BY customer_id, item_id), '')
	   FROM (SELECT l.customer_id, i.item_id FROM dunning.letter_items i JOIN dunning.letters l USING (letter_id)
	         WHERE l.as_of = '$1' GROUP BY l.customer_id, i.item_id HAVING count(*) > 1) x"
}

# What a failed run must leave untouched: every row of the history.
snapshot() {
	q "SELECT (SELECT count(*) FROM dunning.runs) || ' runs, ' || (SELECT count(*) FROM dunning.letters) || ' letters, '
	          || (SELECT count(*) FROM dunning.letter_items) || ' letter items, '
	          || (SELECT count(*) FROM dunning.unit_state) || ' unit states, hash '
	          || md5(concat((SELECT string_agg(r::text, '|' ORDER BY r.run_id) FROM dunning.runs r),
	                        (SELECT string_agg(l::text, '|' ORDER BY l.letter_id) FROM dunning.letters l),
	                        (SELECT string_agg(i::text, '|' ORDER BY i::text) FROM dunning.letter_items i),
	                        (SELECT string_agg(s::text, '|' ORDER BY s::text) FROM dunning.unit_state s)))"
}

# The last error is a run's own failure, not a CALL that found no such procedure (42883: a
# signature of 0.3 missing); checks of what a failed run did are vacuous otherwise.
run_failed() {
	[ "$state" != 00000 ] && [ "$state" != 42883 ]
}

# no_empty_lines DESCRIPTION: the last error (verbose) is a failed run's and has no empty DETAIL
# or HINT line.
no_empty_lines() {
	local empty
	if ! run_failed; then
		fail "$1"
		diag "no failed run to look at (SQLSTATE $state)"
		return
	fi
	empty=$(grep -E '^(psql:[^ ]*: )?(DETAIL|HINT): *$' <<<"$last_error")
	is "${empty:+$(wc -l <<<"$empty") empty line(s)}" "" "$1"
}

# wrote_nothing DESCRIPTION BEFORE: the last CALL failed as a run and the history is BEFORE.
wrote_nothing() {
	if ! run_failed; then
		fail "$1"
		diag "no failed run to look at (SQLSTATE $state)"
		return
	fi
	is "$(snapshot)" "$2" "$1"
}

# names_only DESCRIPTION REGEX... -- OTHER...: the ERROR, DETAIL and HINT lines of the last error
# match every REGEX (grep -E) and mention none of the words OTHER.
names_only() {
	local description=$1 text missing=() extra=()
	shift
	text=$(error_text)
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		grep -qE "$1" <<<"$text" || missing+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	for word in "$@"; do
		grep -qw -- "$word" <<<"$text" && extra+=("$word")
	done
	if [ ${#missing[@]} -eq 0 ] && [ ${#extra[@]} -eq 0 ]; then
		pass "$description"
	else
		fail "$description"
		[ ${#missing[@]} -gt 0 ] && diag "not named: ${missing[*]}"
		[ ${#extra[@]} -gt 0 ] && diag "named although innocent: ${extra[*]}"
		diag "${text:-(no error)}"
	fi
}

# 1. TRUNCATE of a shipped-rows table by the owner ---------------------------------------------
new_db hist_tpl
builtin_rows() { # table: count and hash of its builtin rows
	q "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-')
	   FROM dunning.$1 t WHERE builtin"
}
for table in templates policies; do
	before=$(builtin_rows "$table")
	# In a transaction rolled back at the end, so that a TRUNCATE that works leaves the database
	# usable for what follows; the count is taken inside it, after the TRUNCATE.
	out=$(psql_as hist_owner -v VERBOSITY=verbose 2>&1 <<SQL
\set ON_ERROR_ROLLBACK on
BEGIN;
TRUNCATE dunning.$table;
\echo truncate=:SQLSTATE
SELECT 'after=' || count(*) || ' rows, ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-')
FROM dunning.$table t WHERE builtin;
ROLLBACK;
SQL
	)
	truncate_state=$(sed -n 's/^truncate=//p' <<<"$out")
	after=$(sed -n 's/^after=//p' <<<"$out")
	echo "# TRUNCATE dunning.$table by hist_owner: SQLSTATE ${truncate_state:-?}"
	is "$after" "$before" "TRUNCATE dunning.$table by the owner is refused or restores the shipped rows (builtin = true)"
done

# 6. Templates are checked for every value they can meet (before 2, which deletes templates) ---
state_is - "INSERT INTO dunning.templates (level, tone, language, subject, body)
VALUES (0, 'friendly', 'en', 'Due soon: {unit}', 'Your items fall due in {days_overdue:.0f} days.');" 22023 \
	"a pre-due template (level 0, friendly) using {days_overdue:.0f} is refused with 22023 when inserted"
state_is - "INSERT INTO dunning.templates (level, tone, language, subject, body)
VALUES (NULL, 'standard', 'en', 'Reminder {level}: {unit}', 'Department: {department}
Please pay {total} by {pay_by}.

{items}');" 00000 "a standard template (any level) using {department} is accepted"

# 2. No template for a tone ----------------------------------------------------------------------
# H01-H06: first letter on 2026-11-01 (level 1, standard), so level 2 (firm) on 2026-12-01;
# H07-H12: due 2026-11-10, first letter (level 1, standard) on 2026-12-01;
# H13: policy firm_first (level 1 is firm), due 2026-12-01, so its first letter is on 2026-12-02.
run_sql - "no template: the ledger of H01-H13" <<'SQL' || exit 1
INSERT INTO dunning.policies (name, body)
VALUES ('firm_first', '{"levels": [{"level": 1, "days": 1, "min_amount": 25, "tone": "firm"}]}');
INSERT INTO dunning.customers (customer_id, name, policy) VALUES ('H13', 'Firm First Ltd', 'firm_first');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
SELECT 'H' || lpad(i::text, 2, '0'), 'INV-H' || i, 'invoice', 200, 200,
       CASE WHEN i <= 6 THEN DATE '2026-09-01' WHEN i <= 12 THEN DATE '2026-11-10' ELSE DATE '2026-12-01' END
FROM generate_series(1, 13) i;
SQL
state_is - "CALL dunning.run('2026-11-01');" 00000 "no template: the run of 2026-11-01 (every template there) succeeds"
is "$(letters_per_unit 2026-11-01)" "H01:1,H02:1,H03:1,H04:1,H05:1,H06:1" "no template: it wrote the first letters of H01-H06"
run_sql - "no template: the superuser deletes every standard template, its guard disabled" <<'SQL' || exit 1
ALTER TABLE dunning.templates DISABLE TRIGGER USER;
DELETE FROM dunning.templates WHERE tone = 'standard';
ALTER TABLE dunning.templates ENABLE TRIGGER USER;
SQL
try - "CALL dunning.run('2026-12-01');"
is "$state" 00000 "no template: the run of 2026-12-01 (default on_error, skip) succeeds"
[ "$state" != 00000 ] && diag "$(head -4 <<<"$last_error")"
warning=$(grep -E '^(psql:[^ ]*: )?WARNING:' <<<"$last_error")
check "no template: the run ends with a WARNING naming its 6 unit errors (${warning:-no warning})" \
	grep -qw 6 <<<"$warning"
is "$(letters_without_items)" "" "no template: every letter has its items"
is "$(items_without_letter)" "" "no template: every letter item has its letter"
is "$(history_without_letter 2026-12-01)" "" "no template: every unit_state dated 2026-12-01 has its letter of that day"
is "$(letters_per_unit 2026-12-01)" "H01:1,H02:1,H03:1,H04:1,H05:1,H06:1" \
	"no template: H01-H06 (level 2, firm) got their letters, H07-H12 none"
run_id=$(q "SELECT max(run_id) FROM dunning.runs WHERE as_of = '2026-12-01'")
is "$(q "SELECT string_agg(customer_id, ',' ORDER BY customer_id) FROM dunning.run_errors WHERE run_id = ${run_id:-0}" 2>&1)" \
	"H07,H08,H09,H10,H11,H12" "no template: H07-H12 are in dunning.run_errors for that run"
is "$(q "SELECT coalesce(string_agg(customer_id || ': ' || message, ' | ' ORDER BY customer_id), '')
         FROM (SELECT run_id, customer_id, department, project, currency, item_id, sqlstate, message
               FROM dunning.run_errors WHERE run_id = ${run_id:-0}) e
         WHERE NOT (message ~* 'template' AND message ~ 'standard' AND message ~ '\men\M' AND message ~ '\m1\M')" 2>&1)" "" \
	"no template: each run_errors row names the missing template (level 1, tone standard, language en)"
is "$(q "SELECT errors FROM dunning.runs WHERE run_id = ${run_id:-0}" 2>&1)" 6 "no template: runs.errors counts the 6 skipped units"

before=$(snapshot)
try - "CALL dunning.run('2026-12-02', on_error => 'stop');"
check "no template: with on_error => 'stop' the run of 2026-12-02 fails ($state)" run_failed
error_mentions 'template' "no template: the stop run's error is about the missing template"
wrote_nothing "no template: the failed stop run wrote nothing (no runs row; letters, letter_items, unit_state unchanged)" "$before"
state_is - "CALL dunning.run('2026-12-02');" 00000 "no template: the same run with on_error skip succeeds"
is "$(letters_per_unit 2026-12-02)" "H13:1" "no template: it writes H13's letter, which the stop run had held back"

# 3. Deleting a policy while a customer is pointed at it ----------------------------------------
new_db hist_race
run_sql - "policy race: customers C1 and C2 on the default policy, policies p2 and p3" <<'SQL' || exit 1
INSERT INTO dunning.policies (name, body) VALUES ('p2', '{}'), ('p3', '{}');
INSERT INTO dunning.customers (customer_id, name) VALUES ('C1', 'Race One'), ('C2', 'Race Two');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES
    ('C1', 'INV-C1', 'invoice', 300, 300, '2026-10-01'),
    ('C2', 'INV-C2', 'invoice', 300, 300, '2026-10-01');
SQL


# (a) s1 points C1 at p2 and keeps its transaction open; s2 deletes p2; s1 commits.
session_start race_a1 7
a1_pid=$session_pid
printf '%s\n' "BEGIN;" "UPDATE dunning.customers SET policy = 'p2' WHERE customer_id = 'C1';" '\echo update=:SQLSTATE' >&7
a1_update=$(marker "$tmp/race_a1.out" update 10)
PGAPPNAME=race_a2 psql -X -q -At -v VERBOSITY=verbose -d "$db" >"$tmp/race_a2.out" 2>&1 7>&- <<'SQL' &
DELETE FROM dunning.policies WHERE name = 'p2';
\echo delete=:SQLSTATE
SQL
a2_pid=$!
a2_waited=$(waits_for_lock race_a2 "$tmp/race_a2.out" delete)
printf '%s\n' "COMMIT;" '\echo commit=:SQLSTATE' >&7
session_end 7 "$a1_pid"
wait "$a2_pid"
sed 's/^/# session 1: /' "$tmp/race_a1.out"
sed 's/^/# session 2: /' "$tmp/race_a2.out"
is "$a1_update|$(marker "$tmp/race_a1.out" commit 1)" "00000|00000" "policy race (a): session 1 points C1 at p2 and commits"
is "$a2_waited" waits "policy race (a): session 2's DELETE of p2 waits for session 1"
is "$(marker "$tmp/race_a2.out" delete 1)" 23503 "policy race (a): session 2's DELETE of p2 then fails with 23503"
is "$(q "SELECT policy FROM dunning.customers WHERE customer_id = 'C1'")|$(q "SELECT count(*) FROM dunning.policies WHERE name = 'p2'")" \
	"p2|1" "policy race (a): C1's policy is p2, which still exists"

# (b) s2 deletes p3 and keeps its transaction open; s1 points C2 at p3; s2 commits.
session_start race_b2 8
b2_pid=$session_pid
printf '%s\n' "BEGIN;" "DELETE FROM dunning.policies WHERE name = 'p3';" '\echo delete=:SQLSTATE' >&8
b2_delete=$(marker "$tmp/race_b2.out" delete 10)
PGAPPNAME=race_b1 psql -X -q -At -v VERBOSITY=verbose -d "$db" >"$tmp/race_b1.out" 2>&1 8>&- <<'SQL' &
UPDATE dunning.customers SET policy = 'p3' WHERE customer_id = 'C2';
\echo update=:SQLSTATE
SQL
b1_pid=$!
b1_waited=$(waits_for_lock race_b1 "$tmp/race_b1.out" update)
printf '%s\n' "COMMIT;" '\echo commit=:SQLSTATE' >&8
session_end 8 "$b2_pid"
wait "$b1_pid"
sed 's/^/# session 2: /' "$tmp/race_b2.out"
sed 's/^/# session 1: /' "$tmp/race_b1.out"
is "$b2_delete|$(marker "$tmp/race_b2.out" commit 1)" "00000|00000" "policy race (b): session 2 deletes p3 and commits"
is "$b1_waited" waits "policy race (b): session 1's UPDATE of C2 to p3 waits for session 2"
is "$(marker "$tmp/race_b1.out" update 1)" 23503 "policy race (b): session 1's UPDATE then fails with 23503"
is "$(q "SELECT coalesce(string_agg(customer_id || ' (' || policy || ')', ', ' ORDER BY customer_id), '') FROM dunning.customers c
         WHERE NOT EXISTS (SELECT FROM dunning.policies p WHERE p.name = c.policy)")" "" \
	"policy race: after both, every customer's policy exists"
state_is - "CALL dunning.run('2026-12-01');" 00000 "policy race: a run afterwards succeeds"
is "$(letters_per_unit 2026-12-01)" "C1:1,C2:1" "policy race: it writes the letters of C1 and C2"

# 4. Resetting one unit's history and re-running the same day --------------------------------
# 5. Switching a customer to unit_by = 'department' on a day it was dunned
# Each case in a database of its own, dunned once on $day: C1-C4, C3's items in departments D1 and
# D2 (one unit while C3's unit_by is customer).
day=2026-12-01
everyone="C1:1,C2:1,C3:1,C4:1"
dunned_db() { # name
	new_db "$1"
	run_sql - "$1: customers C1-C4 dunned on $day" <<SQL || exit 1
INSERT INTO dunning.customers (customer_id, name) VALUES ('C1', 'Reset One'), ('C2', 'Reset Two'), ('C3', 'Split Later');
INSERT INTO dunning.ledger_items (customer_id, department, item_id, kind, amount, open_amount, due_date) VALUES
    ('C1', NULL, 'INV-C1', 'invoice', 300, 300, '2026-10-01'),
    ('C2', NULL, 'INV-C2', 'invoice', 400, 400, '2026-10-15'),
    ('C3', 'D1', 'INV-C3-1', 'invoice', 500, 500, '2026-10-01'),
    ('C3', 'D2', 'INV-C3-2', 'invoice', 200, 200, '2026-10-20'),
    ('C4', NULL, 'INV-C4', 'invoice', 150, 150, '2026-11-01');
CALL dunning.run('$day');
SQL
	is "$(letters_per_unit $day)" "$everyone" "$1: one letter per customer on $day, C3's two departments in one"
	letters_before=$(q "SELECT string_agg(letter_id::text, ',' ORDER BY letter_id) FROM dunning.letters WHERE as_of = '$day'")
}
# After the re-run: still one letter per unit (the same letters), no item twice, history whole.
same_day_rerun() { # case
	state_is - "CALL dunning.run('$day');" 00000 "$1: a re-run of $day succeeds"
	is "$(letters_per_unit $day)" "$everyone" "$1: still exactly one letter per customer on $day, nobody a second one"
	is "$(q "SELECT string_agg(letter_id::text, ',' ORDER BY letter_id) FROM dunning.letters WHERE as_of = '$day'")" "$letters_before" \
		"$1: the letters of $day are the same letters"
	is "$(items_dunned_twice $day)" "" "$1: no item is in two letters of $day"
	is "$(letters_without_items)|$(items_without_letter)|$(history_without_letter $day)" "||" \
		"$1: every letter has its items, every item its letter, every unit_state of $day its letter"
}

dunned_db hist_reset
q "DELETE FROM dunning.unit_state WHERE customer_id = 'C1'" || exit 1
same_day_rerun "reset (C1's unit_state deleted)"

dunned_db hist_reset_level
q "UPDATE dunning.unit_state SET last_level = 0, last_letter_date = NULL WHERE customer_id = 'C2'" || exit 1
same_day_rerun "reset (C2's unit_state set to level 0, no date)"

dunned_db hist_unit_by
q "UPDATE dunning.customers SET unit_by = 'department' WHERE customer_id = 'C3'" || exit 1
same_day_rerun "unit_by (C3 split by department after its letter)"

# 7. Errors name the row -------------------------------------------------------------------------
new_db hist_err
# DOC-1 at four customers; D3's is bad (open_amount > amount).
run_sql - "errors: DOC-1 at D1-D4, D3's with open_amount > amount" <<'SQL' || exit 1
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES
    ('D1', 'DOC-1', 'invoice', 100, 100, '2026-10-01'),
    ('D2', 'DOC-1', 'invoice', 100, 100, '2026-10-01'),
    ('D3', 'DOC-1', 'invoice', 100, 150, '2026-10-01'),
    ('D4', 'DOC-1', 'invoice', 100, 100, '2026-10-01');
SQL
before=$(snapshot)
try - "CALL dunning.run('2026-12-01', on_error => 'stop');"
is "$state" 22023 "errors: with on_error => 'stop' the run fails with 22023"
names_only "errors: the error names customer D3 and item DOC-1, and no other customer" '\bD3\b' 'DOC-1' -- D1 D2 D4
no_empty_lines "errors: the error has no empty DETAIL or HINT line"
wrote_nothing "errors: the failed stop run wrote nothing" "$before"

try - "CALL dunning.run('2026-12-01');"
is "$state" 00000 "errors: with the default on_error the run succeeds"
[ "$state" != 00000 ] && diag "$(error_text)"
is "$(letters_per_unit 2026-12-01)" "D1:1,D2:1,D4:1" "errors: D1, D2 and D4 get their letters"
run_id=$(q "SELECT max(run_id) FROM dunning.runs WHERE as_of = '2026-12-01'")
is "$(q "SELECT string_agg(customer_id || '|' || item_id || '|' || sqlstate, ',') FROM dunning.run_errors WHERE run_id = ${run_id:-0}" 2>&1)" \
	"D3|DOC-1|22023" "errors: one dunning.run_errors row, for D3's DOC-1 with 22023"

run_sql - "errors: D3's item repaired, E1 with an amount of 10^13" <<'SQL' || exit 1
UPDATE dunning.ledger_items SET open_amount = amount WHERE customer_id = 'D3';
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('E1', 'BIG-1', 'invoice', 1e13, 1e13, '2026-10-01');
SQL
try - "CALL dunning.run('2026-12-01', on_error => 'stop');"
is "$state" 22003 "errors: an amount of 10^13 fails the stop run with 22003"
names_only "errors: the error names customer E1 and item BIG-1" '\bE1\b' 'BIG-1' -- D1 D2 D3 D4
no_empty_lines "errors: the 22003 error has no empty DETAIL or HINT line"

# NULL customer_id and NULL item_id cannot be in dunning.ledger_items: a source of ours.
run_sql - "errors: a registered source with a NULL customer_id" <<'SQL' || exit 1
CREATE TABLE public.erp_items (customer_id text, item_id text, amount numeric, due_date date);
INSERT INTO public.erp_items VALUES ('N1', 'GOOD-1', 100, '2026-10-01'), (NULL, 'NUL-1', 100, '2026-10-01');
CREATE VIEW public.erp_open WITH (security_invoker = true) AS
SELECT customer_id, NULL::text AS department, NULL::text AS project, item_id, 'invoice'::text AS kind,
       amount, amount AS open_amount, due_date, NULL::date AS doc_date, NULL::text AS currency,
       false AS disputed, NULL::date AS hold_until, false AS on_plan
FROM public.erp_items;
SELECT dunning.set_source('open_items', 'public.erp_open');
SQL
try - "CALL dunning.run('2026-12-03', on_error => 'stop');"
check "errors: an item without customer_id fails the stop run with a data exception (class 22; got $state)" grep -q '^22' <<<"$state"
names_only "errors: the error names the item NUL-1" 'NUL-1' -- N1
no_empty_lines "errors: that error has no empty DETAIL or HINT line"
q "UPDATE public.erp_items SET customer_id = 'N2', item_id = NULL WHERE item_id = 'NUL-1'" || exit 1
try - "CALL dunning.run('2026-12-03', on_error => 'stop');"
check "errors: an item without item_id fails the stop run with a data exception (class 22; got $state)" grep -q '^22' <<<"$state"
names_only "errors: the error names its customer N2" '\bN2\b' -- N1
no_empty_lines "errors: that error has no empty DETAIL or HINT line"

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	db=postgres
	for d in "${databases[@]}"; do
		dropdb "$d"
	done
	q "DROP ROLE hist_owner"
fi
echo "# t_history: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
