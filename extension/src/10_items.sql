-- §4 Items ---------------------------------------------------------------------------------------

CREATE TYPE dunning.item_kind AS ENUM (
    'invoice', 'credit_note', 'payment', 'bank_receipt', 'fee', 'interest', 'installment'
);
COMMENT ON TYPE dunning.item_kind IS
    'kind of an open ledger item: invoice, credit_note, payment (unapplied cash), bank_receipt (latest bank statement, not yet matched), fee, interest, installment (payment-plan instalment)';

CREATE TYPE dunning.item AS (
    item_id     text,
    kind        dunning.item_kind,
    amount      numeric,
    open_amount numeric,
    due_date    date,
    doc_date    date,
    currency    text,
    disputed    boolean,
    hold_until  date,
    on_plan     boolean
);
COMMENT ON TYPE dunning.item IS
    'one open item of a dunning unit; build it with dunning.item(...), which validates it';

CREATE FUNCTION dunning.item(
    item_id text, kind dunning.item_kind, amount numeric, open_amount numeric,
    due_date date DEFAULT NULL, doc_date date DEFAULT NULL, currency text DEFAULT NULL,
    disputed boolean DEFAULT false, hold_until date DEFAULT NULL, on_plan boolean DEFAULT false)
RETURNS dunning.item
AS 'MODULE_PATHNAME', 'dunning_item_enum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.item(text, dunning.item_kind, numeric, numeric, date, date, text, boolean, date, boolean) IS
    'validated dunning.item; doc_date defaults to due_date, currency NULL means the policy currency; bad input is SQLSTATE 22023 naming the item';

CREATE FUNCTION dunning.item(
    item_id text, kind text, amount numeric, open_amount numeric,
    due_date date DEFAULT NULL, doc_date date DEFAULT NULL, currency text DEFAULT NULL,
    disputed boolean DEFAULT false, hold_until date DEFAULT NULL, on_plan boolean DEFAULT false)
RETURNS dunning.item
AS 'MODULE_PATHNAME', 'dunning_item_text'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.item(text, text, numeric, numeric, date, date, text, boolean, date, boolean) IS
    'validated dunning.item from a text kind (ERP mirror columns, untyped literals); an unknown kind is SQLSTATE 22023 naming the item';

