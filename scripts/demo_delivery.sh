#!/usr/bin/env bash
# The delivery part of `make demo` (docs/delivery.md): the demo's letters leave the database.
# In a throwaway cluster it loads the demo's NetSuite mirror and runs dunning as demo/run.sh does,
# starts a local SMTP sink (test/delivery/smtp_sink.py, python3-aiosmtpd), runs
# `pg_dunning deliver --once`, which e-mails the letters with a contact and writes the others as
# print PDFs, and prints where to look: build/demo-delivery/mail (one .eml per message) and
# build/demo-delivery/print (a PDF per post letter and the batch PDF).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "${1:-}" != "--inside" ]; then
	if [ -z "${stage_dir:-}" ]; then
		trap cleanup_stage EXIT
		echo "building the extension and pg_dunning..."
		stage_extension
	fi
	with_cluster -- "$0" --inside
	exit
fi

as_of=2026-11-23
out="$repo_root/build/demo-delivery"
pg_dunning="$stage_dir/usr/lib/postgresql/$pg_version/bin/pg_dunning"
rm -rf "$out"
mkdir -p "$out/mail" "$out/print"
port=$(free_port)
/usr/bin/python3 "$repo_root/test/delivery/smtp_sink.py" "$port" "$out/mail" >"$out/smtp.log" 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null' EXIT

echo
echo "== delivery: pg_dunning deliver (docs/delivery.md) =="
echo "loading the demo mirror again in a fresh cluster and running dunning as of $as_of..."
cd "$repo_root/demo"
psql -X -q -v ON_ERROR_STOP=1 -v as_of=$as_of -c 'CREATE EXTENSION dunning' -f netsuite_mirror.sql -f mapping.sql \
	-c "CALL dunning.run('$as_of')" >/dev/null 2>&1
# What the letters' payment slip and the print address need, where the mirror has none (demo values).
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO dunning.settings (name, value) VALUES
    ('sender_address', E'Herengracht 100\n1015 BS Amsterdam\nNetherlands'),
    ('sender_registration', 'KvK 12345678'), ('iban', 'NL91ABNA0417164300'), ('bic', 'ABNANL2A'),
    ('dispute_contact', 'credit.control@orbis.example')
ON CONFLICT (name) DO NOTHING;
UPDATE dunning.customers c SET postal_address = E'Accounts payable\nDemo street ' || length(c.customer_id) || E'\n1000 AA Demo city'
WHERE c.postal_address IS NULL
  AND c.customer_id IN (SELECT l.addressee_id FROM dunning.letters l WHERE l.channel = 'post' AND l.postal_address IS NULL);
SQL
for _ in $(seq 50); do grep -q listening "$out/smtp.log" && break; sleep 0.1; done
psql -X -q -At -c "SELECT 'approved letters: ' || count(*) || ' (' || count(*) FILTER (WHERE channel = 'email') || ' by e-mail, '
                          || count(*) FILTER (WHERE channel = 'post') || ' by post)' FROM dunning.letters WHERE status = 'approved'"
echo "\$ pg_dunning deliver --once --smtp-url smtp://127.0.0.1:$port --smtp-tls none --from 'Orbis Credit Control <credit.control@orbis.example>' --print-dir build/demo-delivery/print"
set +e
"$pg_dunning" deliver --once --smtp-url "smtp://127.0.0.1:$port" --smtp-tls none \
	--from 'Orbis Credit Control <credit.control@orbis.example>' --print-dir "$out/print"
status=$?
set -e
echo "(exit status $status)"
psql -X -q -c "SELECT status, channel, count(*) AS letters, max(last_error) AS last_error FROM dunning.letters GROUP BY 1, 2 ORDER BY 1, 2"
first_pdf=$(ls "$out/print"/letter-*.pdf 2>/dev/null | head -1)
echo "where to look:"
echo "  e-mails (one .eml each, with the PDF attached): $out/mail/ ($(ls "$out/mail" | grep -c '\.eml$') messages)"
echo "  print PDFs: $out/print/ ($(ls "$out/print" | grep -c '^letter-') letters and the batch $(ls "$out/print" | grep '^batch-' | head -1))"
[ -n "$first_pdf" ] && echo "  e.g. pdftotext -layout $first_pdf - | head -40"
echo "  one letter again as PDF: pg_dunning pdf LETTER_ID > letter.pdf"
