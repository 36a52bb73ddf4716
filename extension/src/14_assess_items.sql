-- §6 Per-item assessment -------------------------------------------------------------------------

CREATE TYPE dunning.item_assessment AS (
    item_id            text,
    kind               dunning.item_kind,
    amount             numeric,
    open_amount        numeric,
    allocated          numeric,
    net_open           numeric,
    effective_due_date date,
    days_overdue       integer,
    significant        boolean,
    item_level         integer,
    status             text
);
COMMENT ON TYPE dunning.item_assessment IS 'one item of a unit as dunning.assess_items sees it';

CREATE FUNCTION dunning.assess_items(items dunning.item[], policy jsonb, as_of date)
RETURNS SETOF dunning.item_assessment
AS 'MODULE_PATHNAME', 'dunning_assess_items' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION dunning.assess_items(dunning.item[], jsonb, date) IS
    'per-item assessment of one unit: credit allocation, net open amount, effective due date, days overdue, significance, item level and status, ordered by due date then item id';

