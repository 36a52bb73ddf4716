-- Seed data of the runs suite (test/runs): :n customers named :'prefix' || 001..n with open items
-- as of :'as_of' in dunning.ledger_items, and for the first ten a few dunning.customers and
-- dunning.contacts rows. Usage: psql -v prefix=C -v n=50 -v as_of=2026-11-23 -f seed.sql
-- With the default policy, of every ten customers (i mod 10):
--   0  one invoice of 10.00, 40 days overdue: below the level's min_amount 25, no letter
--   1  an invoice of 500 and a credit note of 500 (credits have a positive amount): net 0, none
--   2  an invoice due in 10 days: not due, none (the default policy sends no pre-due reminder)
--   3  a disputed invoice, 40 days overdue: never dunned, none
--   4-9  two invoices, 40 and 20 days overdue (departments Sales and Ops): one letter (level 1)
-- and customer 006 is split by department: two units, two letters. So n = 50 gives 31 letters.

INSERT INTO dunning.customers (customer_id, name, parent_id, bill_to_parent, language, unit_by)
SELECT :'prefix' || c.suffix, c.name, CASE WHEN c.parent IS NOT NULL THEN :'prefix' || c.parent END,
       c.bill_to_parent, c.language, c.unit_by
FROM (VALUES ('004', 'Noorderlicht BV', NULL, false, 'nl', 'customer'),
             ('005', 'Soleil SARL', NULL, false, 'fr', 'customer'),
             ('006', 'Split by Department Ltd', NULL, false, 'en', 'department'),
             ('007', 'Group Parent plc', NULL, false, 'en', 'customer'),
             ('008', 'Group Subsidiary Ltd', '007', true, 'en', 'customer'),
             ('009', 'No Contact Inc', NULL, false, 'en', 'customer'))
     AS c(suffix, name, parent, bill_to_parent, language, unit_by)
WHERE :n >= 10;

INSERT INTO dunning.contacts (customer_id, department, project, email, role)
SELECT :'prefix' || k.suffix, k.department, NULL, k.email, k.role
FROM (VALUES ('004', NULL, 'debiteuren@noorderlicht.example', 'to'),
             ('004', NULL, 'cfo@noorderlicht.example', 'cc'),
             ('005', NULL, 'compta@soleil.example', 'to'),
             ('006', 'Sales', 'sales-ap@split.example', 'to'),
             ('006', NULL, 'ap@split.example', 'to'),
             ('007', NULL, 'ap@group.example', 'to'),
             ('008', NULL, 'ap@subsidiary.example', 'to'))
     AS k(suffix, department, email, role)
WHERE :n >= 10;

INSERT INTO dunning.ledger_items (customer_id, department, project, item_id, kind, amount,
                                  open_amount, due_date, doc_date, currency, disputed)
SELECT :'prefix' || lpad(i::text, 3, '0'), x.department, NULL, x.item_id, x.kind, x.amount,
       x.amount, x.due_date, x.due_date - 30, NULL, x.disputed
FROM generate_series(1, :n) i
CROSS JOIN LATERAL (
    SELECT 'INV-' || i || '-1' AS item_id, 'invoice' AS kind, 10.00 AS amount,
           :'as_of'::date - 40 AS due_date, 'Sales' AS department, false AS disputed
    WHERE i % 10 = 0
    UNION ALL
    SELECT 'INV-' || i || '-1', 'invoice', 500.00, :'as_of'::date - 40, 'Sales', false WHERE i % 10 = 1
    UNION ALL
    SELECT 'CN-' || i || '-1', 'credit_note', 500.00, :'as_of'::date - 35, 'Sales', false WHERE i % 10 = 1
    UNION ALL
    SELECT 'INV-' || i || '-1', 'invoice', 300.00, :'as_of'::date + 10, 'Sales', false WHERE i % 10 = 2
    UNION ALL
    SELECT 'INV-' || i || '-1', 'invoice', 400.00, :'as_of'::date - 40, 'Sales', true WHERE i % 10 = 3
    UNION ALL
    SELECT 'INV-' || i || '-1', 'invoice', 100.00 + i, :'as_of'::date - 40, 'Sales', false WHERE i % 10 >= 4
    UNION ALL
    SELECT 'INV-' || i || '-2', 'invoice', 50.00, :'as_of'::date - 20, 'Ops', false WHERE i % 10 >= 4
) x;
