-- dunning.item_check: the validation of the constructor dunning.item(...) (text kind) without
-- raising (SPEC §4, §11.2). To be integrated into the install and upgrade scripts by the lead;
-- the C symbol dunning_item_check is in src/pg/item_check.cpp. Same arguments, names and defaults
-- as dunning.item(text, text, ...), so a call can be turned into the other by its name alone.

CREATE FUNCTION dunning.item_check(
    item_id text, kind text, amount numeric, open_amount numeric,
    due_date date DEFAULT NULL, doc_date date DEFAULT NULL, currency text DEFAULT NULL,
    disputed boolean DEFAULT false, hold_until date DEFAULT NULL, on_plan boolean DEFAULT false)
RETURNS text
AS 'MODULE_PATHNAME', 'dunning_item_check'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.item_check(text, text, numeric, numeric, date, date, text, boolean, date, boolean) IS
    'the checks of dunning.item(...) without raising: NULL when the item is valid, else SQLSTATE, a tab and the message (22023, or 22003 for an amount out of range, naming the item); other errors still raise';
