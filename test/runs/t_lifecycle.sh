#!/usr/bin/env bash
# SPEC §11.1 (version 0.3): runs a team can leave to pg_cron, the letter lifecycle and what a
# person decides for a unit.
#   1. errors per unit: bad rows among good ones (open_amount > amount, 10^13, a document number
#      twice in a unit, USD under a EUR policy, no customer_id); the default on_error skips and
#      lists exactly the bad units (dunning.run_errors, runs.errors, a WARNING with the count,
#      dunning.run_overview), on_error => 'stop' writes nothing, a re-run of the same as_of after
#      the fix dunns exactly the units left out;
#   2. currencies: one letter and one history per currency under a policy with "currency": null;
#      under a EUR policy the USD unit is a unit error and the EUR unit still gets its letter;
#   3. approval and cancellation: setting approval = manual, dunning.approve / approve_run /
#      cancel, the history restored by a cancelled, failed or deleted letter, and concurrent
#      approve and cancel of one letter in two real sessions (both orders);
#   4. the deadline (pay_by) of a unit's last letter defers the next one, whatever
#      min_interval_days says;
#   5. blocks (dunning.blocks): action hold, reason code blocked, per customer and per department;
#   6. NOTIFY dunning_letters after a run that wrote letters commits, none after a rollback;
#   7. BI: a customer filter on dunning.unit_overview reaches the index of dunning.ledger_items
#      and gives the row of the unfiltered view.
#
# Runs inside a started throwaway cluster (PG* variables set, connected as a superuser over TCP);
# creates the databases life_errors, life_currency, life_approval, life_deadline, life_blocks,
# life_notify and life_bi and the LOGIN role life_op (an operator, dunning.grant_operator), and
# drops them when every check passed. Prints `ok - ...` / `not ok - ...` lines (diagnostics start
# with #); exits non-zero when a check fails.
set -uo pipefail

started=$SECONDS
here=$(dirname "${BASH_SOURCE[0]}")
source "$here/tap.sh"
source "$here/sql_helpers.sh"
tmp=$(mktemp -d /tmp/t_lifecycle.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

databases=(life_errors life_currency life_approval life_deadline life_blocks life_notify life_bi)
db=postgres
for d in "${databases[@]}"; do
	PGOPTIONS="-c client_min_messages=warning" dropdb --if-exists "$d" || exit 1
done
q "SET client_min_messages = warning; DROP ROLE IF EXISTS life_op" || exit 1
q "CREATE ROLE life_op LOGIN NOSUPERUSER PASSWORD '$role_password'" || exit 1

new_db() { # name
	db=postgres
	createdb "$1" || exit 1
	db=$1
	q "CREATE EXTENSION dunning" >/dev/null || exit 1
}

# The letters of a date per unit: customer[/department][/currency when not EUR]:count, e.g.
# "C1:1,C3/Sales:1,M1/USD:1" ('-' for none); cancelled and failed letters aside.
letters_per_unit() { # date
	q "SELECT coalesce(string_agg(u || ':' || n, ',' ORDER BY u COLLATE \"C\"), '-')
	   FROM (SELECT coalesce(customer_id, '?') || coalesce('/' || department, '') || coalesce('/' || project, '')
	                || coalesce('/' || nullif(currency, 'EUR'), '') AS u, count(*) AS n
	         FROM dunning.letters WHERE as_of = '$1' AND status NOT IN ('cancelled', 'failed')
	         GROUP BY 1) l"
}

# The letters of one run, as customer[/department][/currency when not EUR]:level ('-' for none).
run_letters() { # run_id
	q "SELECT coalesce(string_agg(coalesce(customer_id, '?') || coalesce('/' || department, '')
	                              || coalesce('/' || nullif(currency, 'EUR'), '') || ':' || level, ','
	                              ORDER BY customer_id, department, currency), '-')
	   FROM dunning.letters WHERE run_id = ${1:-0}"
}

last_run() {
	q "SELECT max(run_id) FROM dunning.runs"
}

# The one live (neither cancelled nor failed) letter of a customer on a date.
letter_of() { # customer date
	q "SELECT letter_id FROM dunning.letters
	   WHERE customer_id = '$1' AND as_of = '$2' AND status NOT IN ('cancelled', 'failed')"
}

# A unit's history: last_level|last_letter_date|last_pay_by ('0||' when it has no row).
history_of() { # customer [currency]
	q "SELECT coalesce((SELECT last_level || '|' || coalesce(last_letter_date::text, '') || '|' || coalesce(last_pay_by::text, '')
	                    FROM dunning.unit_state WHERE customer_id = '$1' AND currency IS NOT DISTINCT FROM '${2:-EUR}'), '0||')"
}

# Everything a run or a letter operation writes: counts and a hash of every row.
snapshot() {
	q "SELECT (SELECT count(*) FROM dunning.runs) || ' runs, ' || (SELECT count(*) FROM dunning.letters) || ' letters, '
	          || (SELECT count(*) FROM dunning.letter_items) || ' letter items, '
	          || (SELECT count(*) FROM dunning.unit_state) || ' unit states, '
	          || (SELECT count(*) FROM dunning.run_errors) || ' run errors, hash '
	          || md5(concat((SELECT string_agg(r::text, '|' ORDER BY r.run_id) FROM dunning.runs r),
	                        (SELECT string_agg(l::text, '|' ORDER BY l.letter_id) FROM dunning.letters l),
	                        (SELECT string_agg(i::text, '|' ORDER BY i::text) FROM dunning.letter_items i),
	                        (SELECT string_agg(s::text, '|' ORDER BY s::text) FROM dunning.unit_state s),
	                        (SELECT string_agg(e::text, '|' ORDER BY e::text) FROM dunning.run_errors e)))"
}

# unchanged DESCRIPTION EXPECTED_STATE BEFORE: the last statement failed with EXPECTED_STATE and
# the snapshot is still BEFORE (vacuous otherwise: a statement that did not run changes nothing).
unchanged() {
	local now
	now=$(snapshot)
	if [ "$state" = "$2" ] && [ "$now" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		diag "SQLSTATE $state (expected $2)"
		[ "$now" != "$3" ] && diag "before: $3" && diag "after:  $now"
	fi
}

# The WARNING lines of the last try.
warnings() {
	grep -E '^(psql:[^ ]*: )?WARNING:' <<<"$last_error"
}


# 1. Errors per unit -------------------------------------------------------------------------------
# The ERP table has no constraints, so the source can hold what dunning.ledger_items refuses (a
# document number twice, a row without customer). G1-G3 are good; B1-B3 have one good and one bad
# item each (the bad one is named); B4's one item is in USD, which its (default, EUR) policy
# refuses; N-1 has no customer. Everything is due 2026-09-01.
new_db life_errors
run_sql - "errors: a registered ERP view with good units G1-G3 dunned on 2026-09-05" <<'SQL' || exit 1
CREATE SCHEMA erp;
CREATE TABLE erp.items (customer_id text, item_id text, amount numeric, open_amount numeric, currency text);
CREATE VIEW erp.open_items WITH (security_invoker = true) AS
SELECT customer_id, NULL::text AS department, NULL::text AS project, item_id, 'invoice'::text AS kind,
       amount, open_amount, DATE '2026-09-01' AS due_date, NULL::date AS doc_date, currency,
       false AS disputed, NULL::date AS hold_until, false AS on_plan
FROM erp.items;
SELECT dunning.set_source('open_items', 'erp.open_items');
SELECT setval('dunning.runs_run_id_seq', 100);  -- no run id looks like the count of a WARNING
INSERT INTO erp.items VALUES ('G1', 'G1-1', 100, 100, NULL), ('G2', 'G2-1', 200, 200, 'EUR'), ('G3', 'G3-1', 300, 300, NULL);
CALL dunning.run('2026-09-05');
SQL
is "$(letters_per_unit 2026-09-05)" "G1:1,G2:1,G3:1" "errors: G1-G3 got their first letters on 2026-09-05"
run_sql - "errors: bad rows B1-2 (open > amount), B2-2 (10^13), B3-1 twice, B4-1 (USD), N-1 (no customer)" <<'SQL' || exit 1
INSERT INTO erp.items VALUES
    ('B1', 'B1-1', 100, 100, NULL), ('B1', 'B1-2', 100, 150, NULL),
    ('B2', 'B2-1', 100, 100, NULL), ('B2', 'B2-2', 1e13, 1e13, NULL),
    ('B3', 'B3-1', 100, 100, NULL), ('B3', 'B3-1', 120, 120, NULL),
    ('B4', 'B4-1', 100, 100, 'USD'),
    (NULL, 'N-1', 100, 100, NULL);
SQL

before=$(snapshot)
try - "CALL dunning.run('2026-09-20', on_error => 'stop');"
check "errors: with on_error => 'stop' the run of 2026-09-20 fails with a data exception (got $state)" grep -qE '^22' <<<"$state"
error_mentions 'customer "?B([1-4])"?.*item "?B\1-[12]"?|item "?B([1-4])-[12]"?.*customer "?B\2\b' \
	"errors: the stop run's error names a bad unit's customer and item"
# (only a failure of class 22 counts: a CALL that did not run at all changes nothing either)
unchanged "errors: the stop run wrote nothing (no runs row; letters, letter_items, unit_state, run_errors unchanged)" \
	"$(grep -E '^22' <<<"$state" || echo 'class 22')" "$before"

try - "CALL dunning.run('2026-09-20');"
is "$state" 00000 "errors: with the default on_error the run of 2026-09-20 succeeds"
[ "$state" != 00000 ] && diag "$(error_text)"
run_id=$(last_run)
is "$(run_letters "$run_id")" "G1:2,G2:2,G3:2" "errors: every good unit (G1-G3) gets its letter, no bad unit one"
is "$(q "SELECT coalesce(string_agg(coalesce(customer_id, '-') || '|' || coalesce(currency, '-') || '|' || coalesce(item_id, '-') || '|' || sqlstate,
                                     ',' ORDER BY customer_id NULLS LAST, item_id), '(none)')
         FROM dunning.run_errors WHERE run_id = ${run_id:-0}")" \
	"B1|EUR|B1-2|22023,B2|EUR|B2-2|22003,B3|EUR|B3-1|22023,B4|USD|B4-1|22023,-|EUR|N-1|22023" \
	"errors: dunning.run_errors lists each bad unit once with its bad item and SQLSTATE (customer|currency|item|sqlstate)"
is "$(q "SELECT coalesce(string_agg(coalesce(customer_id, '-') || ': ' || message, ' / ' ORDER BY item_id), '')
         FROM dunning.run_errors WHERE run_id = ${run_id:-0}
           AND NOT (position(item_id IN message) > 0
                    AND CASE WHEN customer_id IS NULL THEN message ~* 'customer(_id)? .*(null|missing)|no customer'
                             ELSE position(customer_id IN message) > 0 END)")" "" \
	"errors: every run_errors message names its customer (or the missing customer_id) and its item"
is "$(q "SELECT errors FROM dunning.runs WHERE run_id = ${run_id:-0}")" 5 "errors: runs.errors counts the 5 units left out"
warning=$(warnings)
check "errors: the CALL ends with a WARNING naming the count 5 (${warning:-no warning})" grep -qw 5 <<<"$warning"
is "$(q "SELECT letters || '|' || errors || '|' || (error_customers @> '{B1,B2,B3,B4}') || '|' || cardinality(error_customers)
         FROM dunning.run_overview WHERE run_id = ${run_id:-0}")" "3|5|true|5" \
	"errors: dunning.run_overview shows the run with 3 letters, 5 errors and the customers B1-B4 and the row without one"

run_sql - "errors: the data fixed (B1-2, B2-2, B3's second B3-1, B4 on a policy for any currency, N-1 given customer B5)" <<'SQL' || exit 1
UPDATE erp.items SET open_amount = amount WHERE item_id = 'B1-2';
UPDATE erp.items SET amount = 1000, open_amount = 1000 WHERE item_id = 'B2-2';
UPDATE erp.items SET item_id = 'B3-2' WHERE item_id = 'B3-1' AND amount = 120;
INSERT INTO dunning.policies (name, body) VALUES ('any_currency', '{"currency": null}');
INSERT INTO dunning.customers (customer_id, policy) VALUES ('B4', 'any_currency');
UPDATE erp.items SET customer_id = 'B5' WHERE item_id = 'N-1';
SQL
try - "CALL dunning.run('2026-09-20');"
is "$state|$(warnings)" "00000|" "errors: the re-run of 2026-09-20 succeeds without a WARNING"
rerun=$(last_run)
is "$(run_letters "$rerun")" "B1:1,B2:1,B3:1,B4/USD:1,B5:1" \
	"errors: the re-run dunns exactly the units left out before (B1-B4, the row now of B5), no good unit again"
is "$(letters_per_unit 2026-09-20)" "B1:1,B2:1,B3:1,B4/USD:1,B5:1,G1:1,G2:1,G3:1" "errors: one letter per unit on 2026-09-20"
is "$(q "SELECT errors FROM dunning.runs WHERE run_id = ${rerun:-0}")|$(q "SELECT count(*) FROM dunning.run_errors WHERE run_id = ${rerun:-0}")" \
	"0|0" "errors: the re-run records no error"

# 2. Currencies ------------------------------------------------------------------------------------
new_db life_currency
run_sql - "currency: M1 (policy any_currency, \"currency\": null) and X1 (default policy, EUR), each with EUR and USD invoices" <<'SQL' || exit 1
INSERT INTO dunning.policies (name, body) VALUES ('any_currency', '{"currency": null}');
INSERT INTO dunning.customers (customer_id, name, policy) VALUES ('M1', 'Multi Currency Ltd', 'any_currency'),
                                                                ('X1', 'Euro Only Ltd', 'default');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency) VALUES
    ('M1', 'M1-E1', 'invoice', 300, 300, '2026-09-01', 'EUR'),
    ('M1', 'M1-E2', 'invoice', 50, 50, '2026-09-02', 'EUR'),
    ('M1', 'M1-U1', 'invoice', 700, 700, '2026-09-01', 'USD'),
    ('X1', 'X1-E1', 'invoice', 400, 400, '2026-09-01', 'EUR'),
    ('X1', 'X1-U1', 'invoice', 600, 600, '2026-09-01', 'USD');
SQL
try - "CALL dunning.run('2026-09-20');"
is "$state" 00000 "currency: the run succeeds (the USD unit of X1 is a unit error, not a run failure)"
[ "$state" != 00000 ] && diag "$(error_text)"
run_id=$(last_run)
is "$(q "SELECT coalesce(string_agg(customer_id || ' ' || currency || ' ' || amount, ', ' ORDER BY customer_id, currency), '-')
         FROM dunning.letters WHERE run_id = ${run_id:-0}")" "M1 EUR 350.00, M1 USD 700.00, X1 EUR 400.00" \
	"currency: M1 gets a EUR letter (350.00) and a USD letter (700.00), X1 its EUR letter (400.00)"
is "$(q "SELECT coalesce(string_agg(l.currency || ':' || li.items, ', ' ORDER BY l.currency), '-')
         FROM dunning.letters l
         CROSS JOIN LATERAL (SELECT string_agg(i.item_id, '+' ORDER BY i.item_id) AS items
                             FROM dunning.letter_items i WHERE i.letter_id = l.letter_id) li
         WHERE l.run_id = ${run_id:-0} AND l.customer_id = 'M1'")" "EUR:M1-E1+M1-E2, USD:M1-U1" \
	"currency: each letter of M1 lists the items of its currency only"
is "$(q "SELECT count(*) FROM dunning.letters WHERE run_id = ${run_id:-0} AND customer_id = 'M1' AND currency = 'USD'
           AND position(dunning.format_amount(amount, 'USD', locale) IN body) > 0 AND body NOT LIKE '%€%' AND body NOT LIKE '%EUR%'")" 1 \
	"currency: the body of M1's USD letter states its amounts in USD and nowhere in EUR"
is "$(q "SELECT coalesce(string_agg(currency || ':' || last_level || ':' || last_letter_date, ',' ORDER BY currency), '-')
         FROM dunning.unit_state WHERE customer_id = 'M1'")" "EUR:1:2026-09-20,USD:1:2026-09-20" \
	"currency: M1 has two unit_state rows, EUR and USD"
is "$(q "SELECT coalesce(string_agg(customer_id || '|' || coalesce(currency, '-') || '|' || item_id || '|' || sqlstate, ','), '(none)')
         FROM dunning.run_errors WHERE run_id = ${run_id:-0}")" "X1|USD|X1-U1|22023" \
	"currency: X1's USD unit is a unit error naming X1-U1 (22023)"
is "$(q "SELECT coalesce(string_agg(message, ' / '), '') FROM dunning.run_errors
         WHERE run_id = ${run_id:-0} AND NOT (message LIKE '%USD%' AND message LIKE '%EUR%')")" "" \
	"currency: its message names both currencies"
is "$(q "SELECT errors FROM dunning.runs WHERE run_id = ${run_id:-0}")" 1 "currency: runs.errors is 1"

# 3. Approval, cancellation, failed and deleted letters ---------------------------------------------
# A1-A4 are due 2026-09-01 (default policy: level 1 after a day, level 2 after 15, level 3 after
# 30; 14 days between letters; pay_by 14 days after the letter).
new_db life_approval
run_sql - "approval: setting approval = manual, A1-A4 overdue, life_op an operator" <<'SQL' || exit 1
INSERT INTO dunning.settings (name, value) VALUES ('approval', 'manual');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
SELECT 'A' || i, 'INV-A' || i, 'invoice', 100 * i, 100 * i, '2026-09-01' FROM generate_series(1, 4) i;
SELECT dunning.grant_operator('life_op');
-- letter ids no other number in an error message looks like
SELECT setval('dunning.letters_letter_id_seq', 4100);
SQL
state_is life_op "CALL dunning.run('2026-09-05');" 00000 "approval: the operator's run of 2026-09-05 succeeds"
r1=$(last_run)
is "$(q "SELECT string_agg(customer_id || ':' || status || ':' || (approved_by IS NULL) || ':' || (approved_at IS NULL), ',' ORDER BY customer_id)
         FROM dunning.letters WHERE run_id = ${r1:-0}")" \
	"A1:proposed:true:true,A2:proposed:true:true,A3:proposed:true:true,A4:proposed:true:true" \
	"approval: the run writes its 4 letters with status proposed, not approved by anyone"
is "$(as life_op "SELECT string_agg(customer_id || ':' || status, ',' ORDER BY customer_id) FROM dunning.letter_queue WHERE run_id = ${r1:-0}")" \
	"A1:proposed,A2:proposed,A3:proposed,A4:proposed" "approval: dunning.letter_queue lists them with status proposed"

a1=$(letter_of A1 2026-09-05)
a2=$(letter_of A2 2026-09-05)
is "$(as life_op "SELECT dunning.approve(ARRAY[${a1:-0}]::bigint[])")" 1 "approval: dunning.approve(ARRAY[A1's letter]) returns 1"
is "$(q "SELECT status || '|' || approved_by || '|' || (approved_at IS NOT NULL) FROM dunning.letters WHERE letter_id = ${a1:-0}")" \
	"approved|life_op|true" "approval: A1's letter is approved, by life_op, with approved_at"
before=$(snapshot)
try life_op "SELECT dunning.approve(ARRAY[${a1:-0}]::bigint[]);"
unchanged "approval: approving the approved letter again is 55000 and changes nothing" 55000 "$before"
error_mentions "\\b${a1:-0}\\b" "approval: that error names the letter ($a1)"
try life_op "SELECT dunning.approve(ARRAY[${a2:-0}, 987654]::bigint[]);"
unchanged "approval: approving A2's proposed letter with an unknown one (987654) is 55000 and approves neither" 55000 "$before"
error_mentions '\b987654\b' "approval: that error names the unknown letter 987654"
is "$(as life_op "SELECT dunning.approve_run(${r1:-0})")" 3 "approval: dunning.approve_run approves the 3 others and returns 3"
is "$(q "SELECT string_agg(DISTINCT status || ':' || approved_by, ',') FROM dunning.letters WHERE run_id = ${r1:-0}")" \
	"approved:life_op" "approval: every letter of the run is approved now, by life_op"

# Cancelling A2's approved first letter: the history goes back to none.
is "$(history_of A2)" "1|2026-09-05|2026-09-19" "approval: A2's history is its letter (level 1, 2026-09-05, pay_by 2026-09-19)"
state_is life_op "SELECT dunning.cancel(${a2:-0}, 'paid by phone');" 00000 "approval: dunning.cancel of A2's approved letter succeeds"
is "$(q "SELECT status || '|' || cancel_reason FROM dunning.letters WHERE letter_id = ${a2:-0}")" "cancelled|paid by phone" \
	"approval: A2's letter is cancelled with its reason"
is "$(history_of A2)" "0||" "approval: A2's unit_state is back to no letter (last_level 0, no date, no pay_by)"
is "$(q "SELECT count(*) FROM dunning.letter_queue WHERE letter_id = ${a2:-0}")" 0 "approval: the cancelled letter left dunning.letter_queue"
state_is life_op "CALL dunning.run('2026-09-05');" 00000 "approval: a re-run of 2026-09-05 succeeds"
is "$(run_letters "$(last_run)")" "A2:1" "approval: it issues A2's letter again (level 1), and nobody else's"
is "$(letters_per_unit 2026-09-05)" "A1:1,A2:1,A3:1,A4:1" "approval: one live letter per unit on 2026-09-05"

# Letters being sent or sent cannot be cancelled; a reason is required.
a3=$(letter_of A3 2026-09-05)
a4=$(letter_of A4 2026-09-05)
q "UPDATE dunning.letters SET status = 'sent', sent_at = '2026-09-05 10:00+00' WHERE letter_id = ${a3:-0};
   UPDATE dunning.letters SET status = 'sending', attempts = 1 WHERE letter_id = ${a4:-0}" || exit 1
before=$(snapshot)
try life_op "SELECT dunning.cancel(${a3:-0}, 'too late');"
unchanged "approval: cancelling A3's sent letter is 55000 and changes nothing" 55000 "$before"
error_mentions "\\b${a3:-0}\\b" "approval: that error names the letter ($a3)"
try life_op "SELECT dunning.cancel(${a4:-0}, 'too late');"
unchanged "approval: cancelling A4's letter being sent is 55000 and changes nothing" 55000 "$before"
try life_op "SELECT dunning.cancel(${a1:-0}, NULL);"
unchanged "approval: cancel without a reason (NULL) is 22023 and changes nothing" 22023 "$before"
try life_op "SELECT dunning.cancel(${a1:-0}, '');"
unchanged "approval: cancel with an empty reason is 22023 and changes nothing" 22023 "$before"

# Level 2 on 2026-09-25 for everyone (24 days overdue; past min_interval and pay_by 2026-09-19).
state_is life_op "CALL dunning.run('2026-09-25');" 00000 "approval: the run of 2026-09-25 succeeds"
r3=$(last_run)
is "$(run_letters "$r3")" "A1:2,A2:2,A3:2,A4:2" "approval: it issues level 2 to A1-A4 (the re-issued letter of A2 counts)"
as life_op "SELECT dunning.approve_run(${r3:-0})" >/dev/null
# Cancelling A1's second letter sets the history back to its first, and the same day issues it again.
a1b=$(letter_of A1 2026-09-25)
state_is life_op "SELECT dunning.cancel(${a1b:-0}, 'wrong address');" 00000 "approval: cancel of A1's level-2 letter succeeds"
is "$(history_of A1)" "1|2026-09-05|2026-09-19" "approval: A1's history is back to its first letter (level 1, 2026-09-05)"
state_is life_op "CALL dunning.run('2026-09-25');" 00000 "approval: a re-run of 2026-09-25 succeeds"
is "$(run_letters "$(last_run)")" "A1:2" "approval: it issues A1's level-2 letter again, not level 3, and nobody else's"

# A failed letter does not count: A3's level-2 letter fails; on 2026-10-15 (44 days overdue:
# level 3 computed; past min_interval and pay_by 2026-10-09) A3 gets level 2 again, A4 level 3.
a3b=$(letter_of A3 2026-09-25)
q "UPDATE dunning.letters SET status = 'failed', attempts = 3, last_error = '550 mailbox unavailable' WHERE letter_id = ${a3b:-0}" >/dev/null ||
	fail "approval: the delivery client's UPDATE to failed"
is "$(history_of A3)" "1|2026-09-05|2026-09-19" "approval: A3's failed letter no longer is its history (back to level 1, 2026-09-05)"
state_is life_op "CALL dunning.run('2026-10-15');" 00000 "approval: the run of 2026-10-15 succeeds"
r4=$(last_run)
is "$(run_letters "$r4")" "A1:3,A2:3,A3:2,A4:3" "approval: A3 (failed level 2) gets level 2 again, not 3; A1, A2, A4 escalate to 3"

# Deleting a letter restores the history too: A4's level-3 letter deleted, the same day issues it again.
a4c=$(letter_of A4 2026-10-15)
q "DELETE FROM dunning.letters WHERE letter_id = ${a4c:-0}" >/dev/null || fail "approval: deleting A4's level-3 letter"
is "$(history_of A4)" "2|2026-09-25|2026-10-09" "approval: after deleting A4's level-3 letter its history is its level-2 letter"
is "$(q "SELECT count(*) FROM dunning.letter_items WHERE letter_id = ${a4c:-0}")" 0 "approval: the deleted letter's items are gone"
state_is life_op "CALL dunning.run('2026-10-15');" 00000 "approval: a re-run of 2026-10-15 succeeds"
is "$(run_letters "$(last_run)")" "A4:3" "approval: it issues A4's level-3 letter again, and nobody else's"

# Concurrent approve and cancel of one proposed letter, in both orders: K1's letter is approved in a
# transaction held open while another session cancels it; K2's is cancelled in a transaction held
# open while another session approves it.
run_sql - "race: K1 and K2 overdue, their letters of 2026-10-16 proposed" <<'SQL' || exit 1
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('K1', 'INV-K1', 'invoice', 500, 500, '2026-10-01'), ('K2', 'INV-K2', 'invoice', 500, 500, '2026-10-01');
CALL dunning.run('2026-10-16');
SQL
k1=$(letter_of K1 2026-10-16)
k2=$(letter_of K2 2026-10-16)
is "$(q "SELECT string_agg(status, ',' ORDER BY letter_id) FROM dunning.letters WHERE letter_id IN (${k1:-0}, ${k2:-0})")" \
	"proposed,proposed" "race: K1's and K2's letters are proposed"

# race FIRST SECOND LETTER: session 1 runs FIRST in an open transaction, session 2 then runs SECOND;
# session 1 commits after session 2 had time to wait. Sets first_state, second_state, second_waited.
race() {
	local s1_pid s2_pid
	rm -f "$tmp"/race_s1.* "$tmp"/race_s2.*
	session_start race_s1 7
	s1_pid=$session_pid
	printf '%s\n' '\set ON_ERROR_ROLLBACK off' "BEGIN;" "$1" '\echo first=:SQLSTATE' >&7
	first_state=$(marker "$tmp/race_s1.out" first 10)
	PGAPPNAME=race_s2 psql -X -q -At -v VERBOSITY=verbose -d "$db" >"$tmp/race_s2.out" 2>&1 7>&- <<SQL &
$2
\\echo second=:SQLSTATE
SQL
	s2_pid=$!
	second_waited=$(waits_for_lock race_s2 "$tmp/race_s2.out" second)
	printf '%s\n' "COMMIT;" '\echo commit=:SQLSTATE' >&7
	session_end 7 "$s1_pid"
	wait "$s2_pid"
	first_state=$first_state/$(marker "$tmp/race_s1.out" commit 1)
	second_state=$(marker "$tmp/race_s2.out" second 1)
	sed 's/^/# session 1: /' "$tmp/race_s1.out"
	sed 's/^/# session 2: /' "$tmp/race_s2.out"
}

# (a) approve holds the row, cancel waits: the cancel then either succeeds on the approved letter
# (final: cancelled, with the approval recorded) or is refused with 55000 (final: approved).
race "SELECT dunning.approve(ARRAY[${k1:-0}]::bigint[]);" "SELECT dunning.cancel(${k1:-0}, 'race');"
is "$first_state" "00000/00000" "race (a): session 1 approves K1's letter and commits"
is "$second_waited" waits "race (a): session 2's cancel waits for session 1's transaction"
final=$(q "SELECT status || '|' || coalesce(cancel_reason, '-') || '|' || coalesce(approved_by, '-') FROM dunning.letters WHERE letter_id = ${k1:-0}")
case "$second_state" in
00000) is "$final" "cancelled|race|postgres" "race (a): the cancel succeeded after the approval: the letter is cancelled, its approval recorded" ;;
55000) is "$final" "approved|-|postgres" "race (a): the cancel was refused (55000): the letter stays approved" ;;
*) fail "race (a): session 2's cancel succeeds or fails with 55000 (got ${second_state:-nothing})" ;;
esac
# (b) cancel holds the row, approve waits: the approve must then be refused (a cancelled letter is
# not approved), and the letter stays cancelled.
race "SELECT dunning.cancel(${k2:-0}, 'race');" "SELECT dunning.approve(ARRAY[${k2:-0}]::bigint[]);"
is "$first_state" "00000/00000" "race (b): session 1 cancels K2's letter and commits"
is "$second_waited" waits "race (b): session 2's approve waits for session 1's transaction"
is "$second_state" 55000 "race (b): session 2's approve is then refused with 55000"
is "$(q "SELECT status || '|' || coalesce(cancel_reason, '-') || '|' || coalesce(approved_by, '-') FROM dunning.letters WHERE letter_id = ${k2:-0}")" \
	"cancelled|race|-" "race (b): K2's letter stays cancelled, not approved"

# 4. Deadlines -------------------------------------------------------------------------------------
# D1 (policy quick: one day between letters) is due 2026-09-01: level 1 on 2026-09-14, pay_by
# 2026-09-28; level 2 is computed from 2026-09-16 on.
new_db life_deadline
run_sql - "deadline: D1 on policy quick (min_interval_days 1), level 1 on 2026-09-14" <<'SQL' || exit 1
INSERT INTO dunning.policies (name, body) VALUES ('quick', '{"min_interval_days": 1}');
INSERT INTO dunning.customers (customer_id, name, policy) VALUES ('D1', 'Deadline Ltd', 'quick');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('D1', 'INV-D1', 'invoice', 800, 800, '2026-09-01');
CALL dunning.run('2026-09-14');
SQL
is "$(q "SELECT level || '|' || pay_by FROM dunning.letters WHERE customer_id = 'D1'")" "1|2026-09-28" \
	"deadline: D1's first letter is level 1 with pay_by 2026-09-28"
for day in 2026-09-19 2026-09-28; do
	is "$(q "SET dunning.as_of = '$day';
	         SELECT action || '|' || ('previous_deadline_open' = ANY (reason_codes)) || '|' || computed_level
	         FROM dunning.unit_overview WHERE customer_id = 'D1'")" "wait|true|2" \
		"deadline: on $day (pay_by not passed) unit_overview shows D1 as wait, previous_deadline_open, level 2 computed"
	state_is - "CALL dunning.run('$day');" 00000 "deadline: the run of $day succeeds"
	is "$(letters_per_unit $day)" "-" "deadline: the run of $day writes no letter for D1"
done
is "$(q "SET dunning.as_of = '2026-09-29'; SELECT action FROM dunning.unit_overview WHERE customer_id = 'D1'")" "remind" \
	"deadline: on 2026-09-29 (after pay_by) unit_overview shows D1 as remind"
state_is - "CALL dunning.run('2026-09-29');" 00000 "deadline: the run of 2026-09-29 succeeds"
is "$(q "SELECT coalesce(string_agg(customer_id || ':' || level, ','), '-') FROM dunning.letters WHERE as_of = '2026-09-29'")" "D1:2" \
	"deadline: it writes D1's level-2 letter"

# 5. Blocks ----------------------------------------------------------------------------------------
# C1 blocked until 2026-09-25; C2 not blocked; DP split by department, only Sales blocked (no end).
new_db life_blocks
run_sql - "blocks: C1 blocked until 2026-09-25, DP's department Sales blocked" <<'SQL' || exit 1
INSERT INTO dunning.customers (customer_id, name, unit_by) VALUES ('DP', 'Departments Ltd', 'department');
INSERT INTO dunning.ledger_items (customer_id, department, item_id, kind, amount, open_amount, due_date) VALUES
    ('C1', NULL, 'INV-C1', 'invoice', 500, 500, '2026-09-01'),
    ('C2', NULL, 'INV-C2', 'invoice', 500, 500, '2026-09-01'),
    ('DP', 'Sales', 'INV-DP-S', 'invoice', 500, 500, '2026-09-01'),
    ('DP', 'Support', 'INV-DP-U', 'invoice', 500, 500, '2026-09-01');
INSERT INTO dunning.blocks (customer_id, until, reason) VALUES ('C1', DATE '2026-09-20' + 5, 'negotiating');
INSERT INTO dunning.blocks (customer_id, department, until, reason) VALUES ('DP', 'Sales', NULL, 'Sales invoices in dispute');
SQL
is "$(q "SET dunning.as_of = '2026-09-20';
         SELECT string_agg(customer_id || coalesce('/' || department, '') || ':' || action || ':' || ('blocked' = ANY (reason_codes))
                           || ':' || coalesce(reason LIKE CASE customer_id WHEN 'C1' THEN '%negotiating%' ELSE '%Sales invoices in dispute%' END, false),
                           ',' ORDER BY customer_id, department)
         FROM dunning.unit_overview")" "C1:hold:true:true,C2:remind:false:false,DP/Sales:hold:true:true,DP/Support:remind:false:false" \
	"blocks: on 2026-09-20 unit_overview holds C1 and DP/Sales (reason code blocked, the block's reason), not C2 and DP/Support"
state_is - "CALL dunning.run('2026-09-20');" 00000 "blocks: the run of 2026-09-20 succeeds"
is "$(letters_per_unit 2026-09-20)" "C2:1,DP/Support:1" "blocks: it writes letters for C2 and DP/Support only"
is "$(q "SET dunning.as_of = '2026-09-26'; SELECT action FROM dunning.unit_overview WHERE customer_id = 'C1'")" "remind" \
	"blocks: on 2026-09-26 (after until) unit_overview shows C1 as remind"
state_is - "CALL dunning.run('2026-09-26');" 00000 "blocks: the run of 2026-09-26 succeeds"
is "$(letters_per_unit 2026-09-26)" "C1:1" "blocks: it writes C1's letter; DP/Sales stays blocked"

# 6. NOTIFY dunning_letters -------------------------------------------------------------------------
new_db life_notify
q "INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
   VALUES ('N1', 'INV-N1', 'invoice', 500, 500, '2026-09-01')" >/dev/null || exit 1
# listen NAME: a session that listens for 3 s and then prints what it got ($tmp/NAME.out); waits
# until it is listening. Sets listener_pid.
listen() { # name
	PGAPPNAME=$1 psql -X -q -At -d "$db" >"$tmp/$1.out" 2>&1 <<'SQL' &
LISTEN dunning_letters;
SELECT pg_sleep(3);
SELECT 'listened';
SQL
	listener_pid=$!
	wait_for "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = '$1' AND query LIKE '%pg_sleep%')" 10 ||
		diag "the listener $1 never started listening"
}
listen listen_rollback
rolled_back=$(q "BEGIN; CALL dunning.run('2026-09-20'); SELECT count(*) FROM dunning.letters; ROLLBACK;")
wait "$listener_pid"
is "$rolled_back" 1 "notify: the run rolled back had written a letter"
is "$(grep -c 'Asynchronous notification' "$tmp/listen_rollback.out")|$(grep -c '^listened$' "$tmp/listen_rollback.out")" "0|1" \
	"notify: a listener gets no notification from the run that was rolled back"
listen listen_commit
q "CALL dunning.run('2026-09-20')" >/dev/null
wait "$listener_pid"
run_id=$(last_run)
notified=$(grep 'Asynchronous notification' "$tmp/listen_commit.out")
is "$(grep -c 'Asynchronous notification "dunning_letters"' <<<"$notified")|$(grep -c '^listened$' "$tmp/listen_commit.out")" "1|1" \
	"notify: a listener gets one notification on dunning_letters from the committed run that wrote a letter"
diag "$notified"
check "notify: its payload is the run's id ($run_id)" grep -q "payload \"${run_id:-x}\"" <<<"$notified"

# 7. BI: a customer filter reaches the source ------------------------------------------------------
new_db life_bi
run_sql - "BI: 3000 customers with two items each in dunning.ledger_items, analyzed" <<'SQL' || exit 1
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
SELECT 'C' || lpad(c::text, 4, '0'), 'INV-' || c || '-' || i, 'invoice', 100 + c % 97 + i, 100 + c % 97 + i,
       DATE '2026-06-01' + (c % 120) + 10 * i
FROM generate_series(1, 3000) c, generate_series(1, 2) i;
INSERT INTO dunning.paid_ledger (customer_id, item_id, due_date, paid_date, amount)
SELECT 'C' || lpad(c::text, 4, '0'), 'P-' || c || '-' || i, DATE '2026-01-01' + 20 * i, DATE '2026-01-01' + 20 * i + c % 9, 50
FROM generate_series(1, 3000) c, generate_series(1, 6) i;
ANALYZE dunning.ledger_items;
ANALYZE dunning.paid_ledger;
SQL
plan=$(q "EXPLAIN (COSTS OFF) SELECT * FROM dunning.unit_overview WHERE customer_id = 'C0042'")
ledger_scans=$(grep -E ' on ledger_items| on ledger_items_' <<<"$plan" | sed -E 's/^[ ->]*//')
diag "the scans of dunning.ledger_items: ${ledger_scans:-none}"
if grep -qE 'Index (Only )?Scan using ledger_items_[a-z_]+ on ledger_items|Bitmap Index Scan on ledger_items_' <<<"$ledger_scans"; then
	pass "BI: EXPLAIN of unit_overview WHERE customer_id = 'C0042' scans dunning.ledger_items by its index on customer_id"
else
	fail "BI: EXPLAIN of unit_overview WHERE customer_id = 'C0042' scans dunning.ledger_items by its index on customer_id"
	diag "$plan"
fi
is "$(grep -c 'Seq Scan on ledger_items' <<<"$plan")" 0 "BI: and reads no ledger_items row of another customer (no Seq Scan on it)"
filtered=$(q "SELECT u::text FROM dunning.unit_overview u WHERE customer_id = 'C0042'")
unfiltered=$(q "WITH everyone AS MATERIALIZED (SELECT * FROM dunning.unit_overview)
                SELECT u::text FROM everyone u WHERE customer_id = 'C0042'")
check "BI: the filtered view returns one row" test "$(grep -c . <<<"$filtered")" -eq 1
is "$filtered" "$unfiltered" "BI: it equals C0042's row of the unfiltered view"
is "$(q "SELECT count(*) FROM dunning.unit_overview")" 3000 "BI: the unfiltered view has the 3000 units"

# Kept on failure for a look inside (the cluster is throwaway anyway).
if [ "$failed" -eq 0 ]; then
	db=postgres
	for d in "${databases[@]}"; do
		dropdb "$d"
	done
	q "DROP ROLE life_op"
fi
echo "# t_lifecycle: $passed passed, $failed failed, $((SECONDS - started)) s"
[ "$failed" -eq 0 ]
