-- Checking items without raising -------------------------------------------------------------------
-- dunning.item_check (src/pg/item_check.cpp): the validation of dunning.item without raising, so
-- that a run finds every bad row of its source in one statement (dunning.unit_errors), with no
-- subtransaction per row; an amount out of range (22003) names the item and the field.

CREATE FUNCTION dunning.item_check(item_id text, kind text, amount numeric, open_amount numeric,
                                   due_date date, doc_date date, currency text, disputed boolean,
                                   hold_until date, on_plan boolean)
RETURNS text
AS 'MODULE_PATHNAME', 'dunning_item_check'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.item_check(text, text, numeric, numeric, date, date, text, boolean, date, boolean) IS
    'internal: NULL when dunning.item accepts the values, else its SQLSTATE, a tab and its message (for an amount out of range, with the item and field of its detail); other errors raise';
