#!/usr/bin/env bash
# The pg_dunning delivery client against a real SMTP server (SPEC §14, docs/delivery.md): a
# throwaway cluster (lib.sh's with_cluster) with the staged extension and the staged pg_dunning,
# and test/delivery/smtp_sink.py (python3-aiosmtpd) on a free port storing every message.
#
#   content   every approved letter arrives once with its To/Cc/Subject/body and a PDF that
#             pdftotext reads back with the amounts and dates; the EPC QR decodes (zbarimg) to
#             the IBAN, amount and reference; post letters: a PDF each with the address in the
#             window, and the batch PDF
#   faults    451 (retried, then delivered), 550 (failed with the reply), server down (letters
#             stay approved, retried later), an empty body, a post letter without address, a
#             wrong SMTP URL, STARTTLS missing, a refused login, an unreachable database, a
#             password on the command line; AUTH with the password from the environment or a
#             file; a letter whose client died before recording it is sent again, same Message-ID
#   kill -9   in the middle of 500 letters, then a restart: nothing lost, duplicates only for
#             the letters in flight and with the same Message-ID
#   two       clients at once never send the same letter
#   listen    a running client wakes on NOTIFY dunning_letters (dunning.approve)
#
# The client runs as an operator role (dunning.grant_operator) with its password in a .pgpass
# file. Prints "ok"/"not ok" lines; records "delivery passed failed".
# DELIVERY_RATE=1 measures the delivery rate instead (docs/delivery.md).
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
suite_dir="$repo_root/test/delivery"

if [ "${1:-}" = "--inside" ]; then
	counts_file=$2
	source "$repo_root/test/runs/tap.sh"
	work=$(mktemp -d /tmp/dunning-delivery.XXXXXX)
	chmod 755 "$work"
	pg_dunning="$stage_dir/usr/lib/postgresql/$pg_version/bin/pg_dunning"
	[ -x "$pg_dunning" ] || pg_dunning="$repo_root/build/pg_dunning"
	python=/usr/bin/python3 # python3-aiosmtpd is a Debian package
	db=delivery
	sink_pid=
	finish() {
		[ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
		echo "$passed $failed" >"$counts_file"
		rm -rf "$work"
	}
	trap finish EXIT

	q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
	spool="$work/spool"
	print="$work/print"
	rules="$work/rules"
	mkdir -p "$spool" "$print"
	: >"$rules"
	smtp_port=$(free_port)
	"$python" "$suite_dir/smtp_sink.py" "$smtp_port" "$spool" "$rules" mailer:smtp-secret >"$work/sink.log" 2>&1 &
	sink_pid=$!

	psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL || exit 1
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $db;
DROP ROLE IF EXISTS deliverer;
CREATE ROLE deliverer LOGIN PASSWORD 'deliverer-secret';
CREATE DATABASE $db;
SQL
	# the client connects like every libpq program: PG* variables and a .pgpass file
	printf '%s:%s:%s:deliverer:deliverer-secret\n' "$PGHOST" "$PGPORT" "$db" >"$work/pgpass"
	chmod 600 "$work/pgpass"
	client_env=(env -u PGPASSWORD PGPASSFILE="$work/pgpass" PGUSER=deliverer PGDATABASE=$db)
	deliver() { # options...: pg_dunning deliver --once against the sink; stderr to $work/err
		"${client_env[@]}" "$pg_dunning" deliver --once --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-tls none \
			--from 'Gamma Receivables <ar@gamma.example>' --print-dir "$print" --retry-delay 1 "$@" 2>"$work/err"
	}
	for _ in $(seq 50); do grep -q listening "$work/sink.log" && break; sleep 0.1; done

	psql -X -q -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL' || exit 1
CREATE EXTENSION dunning;
SELECT dunning.grant_operator('deliverer');
INSERT INTO dunning.settings (name, value) VALUES ('sender', 'Gamma Receivables NV'),
    ('sender_address', E'Stationsplein 2\n2000 Antwerpen'), ('sender_registration', 'BE 0123.456.789'),
    ('iban', 'BE71096123456769'), ('bic', 'GKCCBEBB'), ('dispute_contact', 'disputes@gamma.example');
INSERT INTO dunning.customers (customer_id, name, language, postal_address) VALUES
    ('C1', 'Alpha Ltd', 'en', NULL),
    ('C2', 'Beta BV', 'nl', E'Kerkstraat 1\n1000 Brussel\nBelgium'),
    ('C3', 'Gamma Ltd', 'en', NULL), ('C4', 'Delta Ltd', 'en', NULL), ('C5', 'Epsilon Ltd', 'en', NULL),
    ('C6', 'Zeta BV', 'nl', NULL);
INSERT INTO dunning.contacts (customer_id, email, role) VALUES
    ('C1', 'ap@alpha.example', 'to'), ('C1', 'boss@alpha.example', 'cc'),
    ('C3', 'r451@gamma.example', 'to'), ('C4', 'r550@delta.example', 'to'), ('C5', 'ap@epsilon.example', 'to');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency) VALUES
    ('C1', 'INV-101', 'invoice', 1200.50, 1200.50, '2026-10-01', 'EUR'),
    ('C1', 'INV-102', 'invoice', 300, 300, '2026-10-15', 'EUR'),
    ('C2', 'INV-201', 'invoice', 12619.77, 12619.77, '2026-10-01', 'EUR'),
    ('C3', 'INV-301', 'invoice', 400, 400, '2026-10-01', 'EUR'),
    ('C4', 'INV-401', 'invoice', 500, 500, '2026-10-01', 'EUR'),
    ('C5', 'INV-501', 'invoice', 600, 600, '2026-10-01', 'EUR'),
    ('C6', 'INV-601', 'invoice', 700, 700, '2026-10-01', 'EUR');
CALL dunning.run('2026-11-23');
-- what the lead's run fills in later; the client reads them when they are there
UPDATE dunning.letters SET total = amount + fee + 25.00, payment_reference = 'RF18539007547034',
    addressee_name = 'Ann Smith' WHERE customer_id = 'C1';
UPDATE dunning.letters SET payment_reference = '+++090/9337/55493+++', locale = 'nl-BE' WHERE customer_id = 'C2';
UPDATE dunning.letters SET body = E'  \n' WHERE customer_id = 'C5';
-- load letters for the kill and concurrency tests (customers the operator can see)
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency)
SELECT 'L' || g, 'INV-L' || g, 'invoice', 100 + g, 100 + g, '2026-10-01', 'EUR' FROM generate_series(1, 1300) g;
SQL
	letter_of() { q "SELECT letter_id FROM dunning.letters WHERE customer_id = '$1'"; }
	c1=$(letter_of C1) c2=$(letter_of C2) c3=$(letter_of C3) c4=$(letter_of C4) c5=$(letter_of C5) c6=$(letter_of C6)
	is "$(q "SELECT count(*) FROM dunning.letters WHERE status = 'approved'")" 6 "the run wrote six approved letters"

	# Load letters: approved e-mail letters for customers L<from>..L<to>, written as a run would.
	load_letters() { # from to
		q "INSERT INTO dunning.letters (run_id, as_of, customer_id, level, action, tone, language, addressee_id,
		       to_email, subject, body, fee, amount, currency, channel, status)
		   SELECT (SELECT max(run_id) FROM dunning.runs), '2026-11-23', 'L' || g, 1, 'remind', 'friendly', 'en', 'L' || g,
		          'l' || g || '@load.example', 'Reminder for L' || g, 'Please pay ' || (100 + g) || '.00 EUR.', 0, 100 + g,
		          'EUR', 'email', 'approved'
		   FROM generate_series($1, $2) g"
	}
	# Lines "Message-ID To" of the stored messages whose To matches a pattern (duplicates kept).
	stored() { "$python" "$suite_dir/mail.py" list "$spool" | awk -F'\t' -v p="$1" '$2 ~ p {print $1, $2}' | sort; }
	expected() { q "SELECT '<dunning-' || letter_id || '@gamma.example> ' || to_email FROM dunning.letters
	                WHERE customer_id ~ '$1' ORDER BY 1" | sort; }

	# (1) Content --------------------------------------------------------------------------------
	printf '451 r451@gamma.example 1\n550 r550@delta.example\n' >"$rules"
	deliver -v
	is "$?" 1 "deliver --once exits 1 when a letter failed or waits for a retry"
	is "$(q "SELECT status || ' ' || attempts || ' ' || message_id || ' ' || (sent_at IS NOT NULL) FROM dunning.letters WHERE letter_id = $c1")" \
		"sent 1 <dunning-$c1@gamma.example> true" "the e-mail letter is sent, with its Message-ID and sent_at"
	"$python" "$suite_dir/mail.py" list "$spool" >"$work/list"
	is "$(grep -c "^<dunning-$c1@gamma.example>" "$work/list")" 1 "it arrived once"
	is "$(grep "^<dunning-$c1@" "$work/list" | cut -f2,3,5)" \
		"$(printf 'ap@alpha.example\tboss@alpha.example\tap@alpha.example, boss@alpha.example')" \
		"To: the contact, Cc: the cc contact, both recipients of the envelope"
	is "$(grep "^<dunning-$c1@" "$work/list" | cut -f4)" "$(q "SELECT subject FROM dunning.letters WHERE letter_id = $c1")" \
		"the Subject is the letter's (UTF-8, RFC 2047)"
	"$python" "$suite_dir/mail.py" body "$spool" "<dunning-$c1@gamma.example>" >"$work/body.txt"
	q "SELECT body FROM dunning.letters WHERE letter_id = $c1" >"$work/body.db"
	check "the text body is the letter's body" diff -q <(sed -e '$a\' "$work/body.txt") "$work/body.db"
	"$python" "$suite_dir/mail.py" pdf "$spool" "<dunning-$c1@gamma.example>" "$work/c1.pdf"
	pdftotext -layout "$work/c1.pdf" "$work/c1.txt" 2>/dev/null
	for fact in 'Ann Smith' '23 November 2026' '7 December 2026' 'INV-101' '1 October 2026' '€1,200.50' '€1,525.50' \
		'RF18539007547034' 'BE71096123456769' 'Gamma Receivables NV'; do
		check "the attached PDF states $fact" grep -qF -- "$fact" "$work/c1.txt"
	done
	pdftoppm -r 150 -png "$work/c1.pdf" "$work/c1" 2>/dev/null
	zbarimg -q --raw "$work"/c1-*.png 2>/dev/null >"$work/c1.qr"
	is "$(sed -n '1,4p;6,8p;10p' "$work/c1.qr" | paste -sd'|')" \
		"BCD|002|1|SCT|Gamma Receivables NV|BE71096123456769|EUR1525.50|RF18539007547034" \
		"the EPC QR code decodes to the beneficiary, IBAN, total and the structured reference"

	is "$(q "SELECT status || ' ' || attempts || ' ' || (next_attempt_at IS NOT NULL) FROM dunning.letters WHERE letter_id = $c3")" \
		"approved 1 true" "451: the letter is approved again with a next attempt"
	like_error() { [[ "$(q "SELECT last_error FROM dunning.letters WHERE letter_id = $1")" == *"$2"* ]]; }
	check "451: last_error holds the server's reply" like_error "$c3" "451 4.3.0 <r451@gamma.example>: temporarily unavailable"
	is "$(q "SELECT status || ' | ' || last_error FROM dunning.letters WHERE letter_id = $c4")" \
		"failed | 550 5.1.1 <r550@delta.example>: mailbox unavailable" "550: the letter failed with the server's reply"
	check "550: the error names the letter and the reply on stderr" grep -q "letter $c4 (customer C4, email): failed: 550" "$work/err"
	is "$(q "SELECT status FROM dunning.letters WHERE letter_id = $c5")" failed "an empty body: the letter failed"
	check "an empty body: last_error says so" like_error "$c5" "body is empty"
	is "$(q "SELECT status FROM dunning.letters WHERE letter_id = $c6")" failed "a post letter without address failed"
	check "no address: last_error names the customer" like_error "$c6" "postal address (set dunning.customers.postal_address of customer C6)"
	is "$(grep -c $'\tr550@\|\tap@epsilon' "$work/list")" 0 "nothing was sent for the refused and the empty letter"

	# post
	is "$(q "SELECT status || ' ' || (message_id IS NULL) FROM dunning.letters WHERE letter_id = $c2")" "sent true" \
		"the post letter is sent (printed)"
	check "the post letter's PDF is in the print directory" test -s "$print/letter-$c2.pdf"
	pdftotext -layout "$print/letter-$c2.pdf" "$work/c2.txt" 2>/dev/null
	for fact in '€ 12.619,77' '23 november 2026' '7 december 2026' '+++090/9337/55493+++' 'Kerkstraat 1'; do
		check "the post letter's PDF states $fact" grep -qF -- "$fact" "$work/c2.txt"
	done
	# the address (name and lines) lies in the window: 20..105 mm from the left, 45..90 mm from the top
	pdftotext -f 1 -l 1 -bbox "$print/letter-$c2.pdf" - 2>/dev/null >"$work/c2.bbox"
	in_window() { # word
		awk -v w="$1" -F'"' '/<word/ && $0 ~ ">" w "<" {
			x = $2 / 72 * 25.4; y = $4 / 72 * 25.4; x2 = $6 / 72 * 25.4; y2 = $8 / 72 * 25.4
			if (x >= 19.9 && x2 <= 105 && y >= 45 && y2 <= 90) ok = 1 } END { exit !ok }' "$work/c2.bbox"
	}
	for word in Beta Kerkstraat Brussel Belgium; do
		check "the address word $word lies in the envelope window" in_window "$word"
	done
	not_in_window() { ! in_window "$1"; }
	check "the letter's text does not (Herinnering lies below the window)" not_in_window Herinnering
	pdftoppm -r 150 -png "$print/letter-$c2.pdf" "$work/c2" 2>/dev/null
	is "$(zbarimg -q --raw "$work"/c2-*.png 2>/dev/null | sed -n '7,8p;11p' | paste -sd'|')" \
		"BE71096123456769|EUR12619.77|+++090/9337/55493+++" "the post letter's QR: IBAN, amount (amount + fee) and the unstructured reference"
	batch=$(ls "$print"/batch-run"$(q "SELECT run_id FROM dunning.letters WHERE letter_id = $c2")"-*.pdf 2>/dev/null | head -1)
	check "a batch PDF of the run is written (batch-runRUN_ID-...)" test -s "$batch"
	is "$(pdfinfo "$batch" 2>/dev/null | awk '/^Pages:/ {print $2}')" "$(pdfinfo "$print/letter-$c2.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" \
		"the batch PDF holds the printed letter's pages"

	# 451 retried, then delivered
	sleep 1.1
	deliver
	is "$?" 0 "the next run exits 0"
	is "$(q "SELECT status || ' ' || attempts FROM dunning.letters WHERE letter_id = $c3")" "sent 2" "451: retried and sent on the second attempt"
	is "$("$python" "$suite_dir/mail.py" list "$spool" | grep -c "^<dunning-$c3@")" 1 "451: it arrived once"
	is "$("$python" "$suite_dir/mail.py" list "$spool" | grep -c "^<dunning-$c1@")" 1 "the sent letter is not sent again"

	# pdf: preview and reprint, status untouched
	"${client_env[@]}" "$pg_dunning" pdf "$c1" >"$work/preview.pdf" 2>"$work/err"
	is "$?" 0 "pg_dunning pdf exits 0"
	check "pg_dunning pdf writes the letter's PDF" bash -c "pdftotext '$work/preview.pdf' - 2>/dev/null | grep -qF 'Ann Smith'"
	"${client_env[@]}" "$pg_dunning" pdf 999999 >/dev/null 2>"$work/err"
	is "$?" 1 "pg_dunning pdf of a missing letter exits 1"
	check "... naming the letter" grep -q 'letter 999999 does not exist' "$work/err"

	# a client that died after the server accepted a letter and before recording it: the letter is
	# claimed again after the lease and sent again, with the same Message-ID
	q "UPDATE dunning.letters SET status = 'sending', lease_until = now() - interval '1 second', sent_at = NULL,
	       message_id = NULL WHERE letter_id = $c1"
	deliver
	is "$("$python" "$suite_dir/mail.py" list "$spool" | grep "^<dunning-$c1@" | cut -f1,2 | uniq -c | awk '{print $1, $2, $3}')" \
		"2 <dunning-$c1@gamma.example> ap@alpha.example" "a letter whose client died before recording it is sent again, with the same Message-ID"

	# SMTP AUTH: the password from the environment or a file
	load_letters 4 4
	PG_DUNNING_SMTP_PASSWORD=smtp-secret deliver --smtp-user mailer --smtp-tls try
	is "$? $(q "SELECT string_agg(status, ',') FROM dunning.letters WHERE customer_id = 'L4'")" "0 sent" \
		"AUTH with the password from PG_DUNNING_SMTP_PASSWORD"
	printf 'smtp-secret\n' >"$work/smtp.password"
	chmod 600 "$work/smtp.password"
	load_letters 5 5
	PG_DUNNING_SMTP_PASSWORD=wrong-secret deliver --smtp-user mailer --smtp-tls try
	is "$? $(q "SELECT status || ' ' || attempts FROM dunning.letters WHERE customer_id = 'L5'")" "2 approved 0" \
		"a refused login: exit status 2, the letter given back untouched"
	check "... the message says so and never shows the password" bash -c "grep -q 'refused the setup' '$work/err' && ! grep -q wrong-secret '$work/err'"
	PG_DUNNING_SMTP_PASSWORD=wrong-secret deliver --smtp-user mailer --smtp-tls try --smtp-password-file "$work/smtp.password"
	is "$? $(q "SELECT string_agg(status, ',') FROM dunning.letters WHERE customer_id = 'L5'")" "0 sent" \
		"AUTH with the password from --smtp-password-file (before the environment)"

	# (2) Faults of the setup -----------------------------------------------------------------------
	load_letters 1 3
	dead_port=$(free_port)
	deliver --smtp-url "smtp://127.0.0.1:$dead_port"
	is "$?" 1 "server down: exit status 1"
	is "$(q "SELECT string_agg(DISTINCT status, ',') FROM dunning.letters WHERE customer_id IN ('L1', 'L2', 'L3')")" approved \
		"server down: the letters stay approved"
	check "server down: the message names the letter and the server" grep -q "cannot reach the mail server smtp://127.0.0.1:$dead_port" "$work/err"
	is "$(q "SELECT string_agg(attempts::text, ',' ORDER BY customer_id) FROM dunning.letters WHERE customer_id IN ('L1', 'L2', 'L3')")" "1,0,0" \
		"server down: only the attempted letter counts an attempt, the rest of the batch is released"
	deliver --smtp-url 'htp://127.0.0.1'
	is "$?" 2 "a wrong SMTP URL: exit status 2"
	check "a wrong SMTP URL: a clear message" grep -q 'the SMTP URL "htp://127.0.0.1"' "$work/err"
	PG_DUNNING_SMTP_PASSWORD=pw-never-logged deliver --smtp-tls starttls --smtp-user mailer
	is "$?" 2 "STARTTLS required from a server without it: exit status 2"
	check "... the message says the server refused the setup" grep -q 'refused the setup' "$work/err"
	check "... and never shows the SMTP password" bash -c "! grep -q pw-never-logged '$work/err'"
	"$pg_dunning" deliver --help >"$work/help" 2>&1
	is "$? $(grep -cE '^(NAME|SYNOPSIS|DESCRIPTION|ENVIRONMENT|EXIT STATUS)$' "$work/help")" "0 5" "--help: a man page (NAME ... EXIT STATUS), exit 0"
	deliver --smtp-password secret
	is "$?" 2 "a password on the command line is refused"
	check "... and not echoed" bash -c "! grep -q secret '$work/err'"
	PGHOST=/nonexistent deliver
	is "$?" 2 "an unreachable database: exit status 2"
	check "an unreachable database: the message says so" grep -q 'cannot connect to the database' "$work/err"
	is "$(q "SELECT string_agg(DISTINCT status, ',') FROM dunning.letters WHERE customer_id IN ('L1', 'L2', 'L3')")" approved \
		"nothing was claimed by the failed starts"
	sleep 1.1
	deliver
	is "$?" 0 "server back: exit 0"
	is "$(stored '@load.example')" "$(expected '^L[1-5]$')" "server back: the letters are delivered once each"

	# (3) kill -9 in the middle of 500 letters --------------------------------------------------------
	load_letters 101 600
	"${client_env[@]}" "$pg_dunning" deliver --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-tls none \
		--from 'Gamma Receivables <ar@gamma.example>' --batch 10 --lease-seconds 2 2>/dev/null &
	client=$!
	for _ in $(seq 300); do
		[ "$(ls "$spool" | wc -l)" -ge 150 ] && break
		sleep 0.05
	done
	kill -9 $client
	wait $client 2>/dev/null
	before=$(q "SELECT count(*) FILTER (WHERE status = 'sent') || ' ' || count(*) FILTER (WHERE status = 'sending') FROM dunning.letters WHERE customer_id ~ '^L[1-6][0-9][0-9]$'")
	diag "killed with: $before (sent, sending) of 500"
	check "the client was killed in the middle" test "${before%% *}" -gt 0 -a "${before%% *}" -lt 500
	check "at most a batch (10) was in flight" test "${before##* }" -le 10
	sleep 2.1 # the lease
	deliver --batch 10
	is "$?" 0 "the restarted client delivers the rest"
	is "$(q "SELECT count(*) FROM dunning.letters WHERE customer_id ~ '^L[1-6][0-9][0-9]$' AND status <> 'sent'")" 0 \
		"kill -9: every letter is sent"
	stored '@load.example' | sort -u >"$work/kill.unique"
	is "$(diff <(expected '^L[1-6][0-9][0-9]$|^L[1-5]$') "$work/kill.unique" && echo same)" same \
		"kill -9: every letter arrived, each Message-ID with its own letter's recipient"
	dups=$(($(stored '@load.example' | wc -l) - $(wc -l <"$work/kill.unique")))
	diag "duplicates after kill -9: $dups"
	check "kill -9: duplicates only for the letters in flight (at most 10), with the same Message-ID" test "$dups" -le 10

	# (4) Two clients at once ---------------------------------------------------------------------------
	load_letters 1001 1300
	# the claim itself: while one client's claim is not committed, a second claims other letters at once
	psql -X -q -At -d $db -c "BEGIN" -c "SELECT letter_id FROM dunning.claim_letters(3, 60)" -c "SELECT pg_sleep(3)" \
		-c "COMMIT" 2>&1 | grep -v '^$' >"$work/claim_a" &
	holder=$!
	sleep 1
	t0=$SECONDS
	q "SELECT letter_id FROM dunning.claim_letters(3, 60)" >"$work/claim_b"
	claim_seconds=$((SECONDS - t0))
	wait $holder
	is "$(sort "$work/claim_a" "$work/claim_b" | uniq -d | wc -l) $(sort -u "$work/claim_a" "$work/claim_b" | wc -l)" "0 6" \
		"two claims at once take different letters (FOR UPDATE SKIP LOCKED)"
	check "the second claim did not wait for the first" test "$claim_seconds" -le 1
	q "SELECT dunning.release_letters(ARRAY(SELECT letter_id FROM dunning.letters WHERE status = 'sending'))" >/dev/null
	deliver --batch 5 &
	first=$!
	"${client_env[@]}" "$pg_dunning" deliver --once --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-tls none \
		--from 'Gamma Receivables <ar@gamma.example>' --batch 5 2>"$work/err2"
	second_status=$?
	wait $first
	first_status=$?
	is "$first_status $second_status" "0 0" "two clients at once: both succeed"
	is "$(stored '@load.example' | grep -cE '<dunning-[0-9]+@gamma.example> l(1[0-2][0-9][0-9]|1300)@')" 300 \
		"two clients at once: 300 letters, 300 messages: none sent twice"
	is "$(diff <(stored '@load.example' | grep -E ' l(1[0-2][0-9][0-9]|1300)@') <(expected '^L(1[0-2][0-9][0-9]|1300)$') && echo same)" same \
		"... every letter once, with its own Message-ID and recipient"
	diag "first client: $(tail -1 "$work/err")"
	diag "second client: $(tail -1 "$work/err2")"

	# (5) A running client wakes on NOTIFY ------------------------------------------------------------------
	"${client_env[@]}" "$pg_dunning" deliver --smtp-url "smtp://127.0.0.1:$smtp_port" --smtp-tls none \
		--from 'Gamma Receivables <ar@gamma.example>' --poll-seconds 600 2>"$work/err3" &
	client=$!
	sleep 1
	# a letter that awaits approval (setting approval = manual), approved while the client waits
	q "INSERT INTO dunning.letters (run_id, as_of, customer_id, level, action, tone, language, addressee_id,
	       to_email, subject, body, fee, amount, currency, channel, status)
	   VALUES ((SELECT max(run_id) FROM dunning.runs), '2026-11-23', 'L900', 1, 'remind', 'friendly', 'en', 'L900',
	           'n1@notify.example', 'Reminder', 'Please pay.', 0, 1000, 'EUR', 'email', 'proposed')"
	n1=$(q "SELECT letter_id FROM dunning.letters WHERE to_email = 'n1@notify.example'")
	is "$(q "SELECT status FROM dunning.letters WHERE letter_id = $n1")" proposed "a manual-approval letter waits (proposed)"
	q "SELECT dunning.approve(ARRAY[$n1]::bigint[])" >/dev/null
	for _ in $(seq 50); do
		[ "$(q "SELECT status FROM dunning.letters WHERE letter_id = $n1")" = sent ] && break
		sleep 0.1
	done
	is "$(q "SELECT status FROM dunning.letters WHERE letter_id = $n1")" sent "the running client delivers it within 5 s of dunning.approve (LISTEN)"
	kill -TERM $client
	wait $client
	is "$?" 0 "SIGTERM: the client stops with exit status 0"

	# the guard's own check: a client that ignored the lease would be seen
	is "$(q "SELECT count(*) FROM dunning.letters WHERE status = 'sending'")" 0 "no letter is left sending"
	exit 0
fi

if [ "${1:-}" = "--rate-inside" ]; then
	# DELIVERY_RATE=1: letters per second to the local SMTP sink, with and without PDF attachments.
	work=$(mktemp -d /tmp/dunning-rate.XXXXXX)
	pg_dunning="$stage_dir/usr/lib/postgresql/$pg_version/bin/pg_dunning"
	port=$(free_port)
	/usr/bin/python3 "$suite_dir/smtp_sink.py" "$port" "$work/spool" >/dev/null 2>&1 &
	sink=$!
	sleep 1
	n=${DELIVERY_RATE_LETTERS:-1000}
	psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION dunning' \
		-c "INSERT INTO dunning.settings (name, value) VALUES ('sender', 'Gamma Receivables NV'), ('iban', 'BE71096123456769')" >/dev/null
	for mode in attachment no-attachment; do
		psql -X -q -v ON_ERROR_STOP=1 -c "DELETE FROM dunning.letters" -c "INSERT INTO dunning.letters (run_id, as_of, customer_id, level, action, tone, language, addressee_id,
		       to_email, subject, body, fee, amount, currency, channel, status)
		   SELECT 1, '2026-11-23', 'L' || g, 1, 'remind', 'friendly', 'en', 'L' || g, 'l' || g || '@load.example',
		          'Reminder for L' || g, repeat('Please pay ' || (100 + g) || '.00 EUR. ', 40), 0, 100 + g, 'EUR', 'email', 'approved'
		   FROM generate_series(1, $n) g" >/dev/null
		flag=()
		[ $mode = no-attachment ] && flag=(--no-attachment)
		echo "pg_dunning deliver --once --batch 50 ${flag[*]} ($n letters):"
		"$pg_dunning" deliver --once --smtp-url "smtp://127.0.0.1:$port" --smtp-tls none --from ar@gamma.example \
			--batch 50 "${flag[@]}"
	done
	kill $sink
	rm -rf "$work"
	exit 0
fi

if [ -z "${stage_dir:-}" ]; then
	stage_extension || { echo "building the extension failed"; exit 1; }
	trap cleanup_stage EXIT
fi
if [ "${DELIVERY_RATE:-}" = 1 ]; then
	with_cluster -- "$0" --rate-inside
	exit
fi
cluster_suite delivery "$0"
