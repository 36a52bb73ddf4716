-- A small accounts-receivable ledger, as an ERP mirror would hold it: one row per open item.
CREATE TABLE ar_open_items (
    customer_id text NOT NULL,
    item_id     text NOT NULL,
    kind        text NOT NULL,
    amount      numeric NOT NULL,
    open_amount numeric NOT NULL,
    due_date    date,
    disputed    boolean NOT NULL DEFAULT false,
    hold_until  date,
    on_plan     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (customer_id, item_id)
);

INSERT INTO ar_open_items (customer_id, item_id, kind, amount, open_amount, due_date, disputed, hold_until, on_plan) VALUES
    -- Acme owes 10 EUR for 90 days and 5,000 EUR for 30 days; a 200 EUR credit note is not applied yet.
    ('ACME',   'INV-3',    'invoice',      10,    10,   '2025-12-02', false, NULL, false),
    ('ACME',   'INV-7',    'invoice',      5000,  5000, '2026-01-30', false, NULL, false),
    ('ACME',   'CN-1',     'credit_note',  200,   200,  '2026-02-10', false, NULL, false),
    -- The bakery paid yesterday: the receipt is on the latest bank statement, not matched yet.
    ('BAKERY', 'INV-20',   'invoice',      480,   480,  '2026-02-15', false, NULL, false),
    ('BAKERY', 'BR-5',     'bank_receipt', 480,   480,  '2026-02-28', false, NULL, false),
    -- The cafe left 5 EUR unpaid; two reminder fees were charged in the background.
    ('CAFE',   'INV-31',   'invoice',      105,   5,    '2026-01-15', false, NULL, false),
    ('CAFE',   'FEE-1',    'fee',          15,    15,   '2026-02-01', false, NULL, false),
    ('CAFE',   'FEE-2',    'fee',          15,    15,   '2026-02-15', false, NULL, false),
    -- The dairy disputes one invoice and pays another in instalments.
    ('DAIRY',  'INV-40',   'invoice',      300,   300,  '2026-01-20', true,  NULL, false),
    ('DAIRY',  'INV-41',   'invoice',      900,   600,  '2025-11-30', false, NULL, true),
    ('DAIRY',  'INV-41/2', 'installment',  300,   300,  '2026-02-28', false, NULL, false),
    ('DAIRY',  'INV-41/3', 'installment',  300,   300,  '2026-03-31', false, NULL, false),
    -- The estate agent promised to pay by 15 March and has an unapplied payment.
    ('ESTATE', 'INV-50',   'invoice',      800,   800,  '2026-02-01', false, '2026-03-15', false),
    ('ESTATE', 'PAY-9',    'payment',      120,   120,  '2026-02-20', false, NULL, false),
    -- The florist is in credit.
    ('FLORIST','INV-60',   'invoice',      80,    80,   '2026-03-20', false, NULL, false),
    ('FLORIST','CN-61',    'credit_note',  100,   100,  '2026-02-25', false, NULL, false);
