-- dunning.balance per customer over a small ledger: the figures a finance user reads.
CREATE TABLE ar_items (customer_id text, item dunning.item);
INSERT INTO ar_items VALUES
    -- Acme: an old small invoice, a large recent one, a credit note
    ('ACME', dunning.item('INV-3', 'invoice', 10, 10, '2025-12-02')),
    ('ACME', dunning.item('INV-7', 'invoice', 5000, 5000, '2026-01-31')),
    ('ACME', dunning.item('CN-1', 'credit_note', 200, 200, '2026-02-10')),
    -- Bakery: paid by a bank receipt on the latest statement
    ('BAKERY', dunning.item('INV-20', 'invoice', 480, 480, '2026-02-15')),
    ('BAKERY', dunning.item('BR-5', 'bank_receipt', 480, 480, '2026-02-28')),
    -- Cafe: a 5 EUR residual and 30 EUR of fees
    ('CAFE', dunning.item('INV-31', 'invoice', 105, 5, '2026-01-15')),
    ('CAFE', dunning.item('FEE-1', 'fee', 15, 15, '2026-02-01')),
    ('CAFE', dunning.item('FEE-2', 'fee', 15, 15, '2026-02-15')),
    -- Dairy: a disputed invoice and one on a payment plan with its instalments
    ('DAIRY', dunning.item('INV-40', 'invoice', 300, 300, '2026-01-20', disputed => true)),
    ('DAIRY', dunning.item('INV-41', 'invoice', 900, 600, '2025-11-30', on_plan => true)),
    ('DAIRY', dunning.item('INV-41/2', 'installment', 300, 300, '2026-02-28')),
    ('DAIRY', dunning.item('INV-41/3', 'installment', 300, 300, '2026-03-31')),
    -- Estate: in credit
    ('ESTATE', dunning.item('PAY-9', 'payment', 120, 120, '2026-02-20')),
    ('ESTATE', dunning.item('INV-50', 'invoice', 80, 80, '2026-03-15'));

SELECT customer_id, (dunning.balance(item, '2026-03-01')).*
  FROM ar_items GROUP BY customer_id ORDER BY customer_id;

-- The same with a forced parallel plan.
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET force_parallel_mode = on;
SELECT customer_id, (dunning.balance(item, '2026-03-01')).*
  FROM ar_items GROUP BY customer_id ORDER BY customer_id;
RESET ALL;
DROP TABLE ar_items;
