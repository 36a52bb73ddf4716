-- Data of test/citus/run.sh and bench/citus.sh: :n customers 'C0000001'.. with ten open items each
-- in the table :"items" (created by the caller with the columns of dunning.ledger_items: plain on
-- one node, distributed by customer_id on Citus), invoices of every age, credit notes, payments,
-- fees, disputes and holds in two departments; every seventh customer bills in USD under the
-- policy "usd". With :customers = 'on', dunning.customers, dunning.contacts and the policy "usd"
-- get their rows too (a few customers split by department, in French or Dutch, billed to a parent,
-- with contacts, some with letters before), for CALL dunning.run.
\if :{?customers}
\else
\set customers on
\endif
\if :customers
INSERT INTO dunning.policies (name, body)
SELECT 'usd', jsonb_set(p.body, '{currency}', '"USD"') FROM dunning.policies p WHERE p.name = 'default';

INSERT INTO dunning.customers (customer_id, name, parent_id, bill_to_parent, language, unit_by, policy)
SELECT 'C' || lpad(c::text, 7, '0'), 'Customer ' || c,
       CASE WHEN c % 101 = 1 AND c > 1 THEN 'C' || lpad((c - 1)::text, 7, '0') END, c % 101 = 1 AND c > 1,
       (ARRAY['en', 'fr', 'nl', 'en'])[1 + c % 4],
       CASE WHEN c % 13 = 0 THEN 'department' ELSE 'customer' END,
       CASE WHEN c % 7 = 0 THEN 'usd' ELSE 'default' END
FROM generate_series(1, :n) c
WHERE c % 4 <> 0 OR c % 7 = 0 OR c % 13 = 0 OR c % 101 IN (0, 1);

INSERT INTO dunning.contacts (customer_id, department, project, email, role)
SELECT 'C' || lpad(c::text, 7, '0'), CASE WHEN c % 13 = 0 THEN 'Sales' END, NULL,
       'ap' || c || '@customer.example', 'to'
FROM generate_series(1, :n) c
WHERE c % 3 = 0
UNION ALL
SELECT 'C' || lpad(c::text, 7, '0'), NULL, NULL, 'cfo' || c || '@customer.example', 'cc'
FROM generate_series(1, :n) c
WHERE c % 9 = 0;

-- Letter history: every fifth customer had a first reminder, every 25th a second one.
INSERT INTO dunning.unit_state (customer_id, department, project, currency, last_level, last_letter_date, last_pay_by)
SELECT 'C' || lpad(c::text, 7, '0'), NULL, NULL, CASE WHEN c % 7 = 0 THEN 'USD' ELSE 'EUR' END,
       CASE WHEN c % 25 = 0 THEN 2 ELSE 1 END, DATE '2026-02-01', DATE '2026-02-15'
FROM generate_series(1, :n) c
WHERE c % 5 = 0 AND c % 13 <> 0;
\endif

INSERT INTO :"items" (customer_id, department, project, item_id, kind, amount, open_amount, due_date,
                      doc_date, currency, disputed, hold_until, on_plan)
SELECT 'C' || lpad(c::text, 7, '0'), (ARRAY['Sales', 'Ops'])[1 + i % 2], NULL, 'D' || c || '-' || i,
       (ARRAY['invoice', 'invoice', 'invoice', 'invoice', 'credit_note', 'fee', 'payment', 'invoice'])[1 + (c * 7 + i) % 8],
       10 + (c * 31 + i * 17) % 3000, 10 + (c * 31 + i * 17) % 3000,
       DATE '2026-03-02' - ((c * 13 + i * 29) % 120) + 20, DATE '2026-03-02' - ((c * 13 + i * 29) % 120) - 10,
       CASE WHEN c % 7 = 0 THEN 'USD' ELSE 'EUR' END,
       (c + i) % 31 = 0, CASE WHEN (c + i) % 37 = 0 THEN DATE '2026-03-20' END, false
FROM generate_series(1, :n) c, generate_series(1, 10) i;
