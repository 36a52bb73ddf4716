-- Ledger tables for users without an ERP mirror --------------------------------------------------

CREATE TABLE dunning.ledger_items (
    customer_id  text    NOT NULL,
    department   text,
    project      text,
    item_id      text    NOT NULL,
    kind         text    NOT NULL,
    amount       numeric NOT NULL,
    open_amount  numeric,
    due_date     date,
    doc_date     date,
    currency     text,
    disputed     boolean NOT NULL DEFAULT false,
    hold_until   date,
    on_plan      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (customer_id, item_id),
    CONSTRAINT ledger_items_kind_check CHECK (kind IN ('invoice', 'credit_note', 'payment', 'bank_receipt',
                                                       'fee', 'interest', 'installment'))
);
COMMENT ON TABLE dunning.ledger_items IS
    'open items of every customer for users without an ERP mirror; dunning.open_items reads it while no source is registered (dunning.set_source)';
COMMENT ON COLUMN dunning.ledger_items.department IS 'department of the item; splits the customer into units when customers.unit_by = ''department''';
COMMENT ON COLUMN dunning.ledger_items.project IS 'project of the item; splits the customer into units when customers.unit_by = ''project''';
COMMENT ON COLUMN dunning.ledger_items.kind IS 'a dunning.item_kind label: invoice, credit_note, payment, bank_receipt, fee, interest or installment';

CREATE TABLE dunning.paid_ledger (
    customer_id  text    NOT NULL,
    department   text,
    project      text,
    item_id      text    NOT NULL,
    due_date     date    NOT NULL,
    paid_date    date,
    amount       numeric NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (customer_id, item_id)
);
COMMENT ON TABLE dunning.paid_ledger IS
    'paid invoices, one row each, for the loyalty score (dunning.payment_behaviour); dunning.paid_items reads it while no source is registered';

