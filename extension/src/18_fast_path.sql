-- The fast path (issue 18): dunning.balance and dunning.assess over an item's columns instead of
-- the dunning.item composite. Forming the composite for every row in the constructor and taking
-- it apart again in the transition function costs about as much as the assessment itself (see
-- docs/performance.md); these overloads read the columns directly. They take the columns of an
-- item without flags: the result is that of the composite form with
-- dunning.item(item_id, kind, amount, open_amount, due_date), which the pgTAP suite
-- test/pgtap/fast_path.sql checks. The composite form stays the API for items with flags,
-- currency, doc_date or hold_until.

CREATE FUNCTION dunning.balance_flat_transition(state internal, item_id text, kind text, amount numeric,
                                                open_amount numeric, due_date date, as_of date)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_balance_flat_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_flat_transition(internal, text, text, numeric, numeric, date, date) IS
    'internal: transition function of the fast path of dunning.balance over an item''s columns (not strict)';

CREATE AGGREGATE dunning.balance(item_id text, kind text, amount numeric, open_amount numeric, due_date date,
                                 as_of date) (
    SFUNC = dunning.balance_flat_transition,
    STYPE = internal,
    FINALFUNC = dunning.balance_final,
    COMBINEFUNC = dunning.balance_combine,
    SERIALFUNC = dunning.balance_serialize,
    DESERIALFUNC = dunning.balance_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.balance(text, text, numeric, numeric, date, date) IS
    'fast path of dunning.balance over an item''s columns: the same as dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date), as_of), without forming the composite';

CREATE FUNCTION dunning.assess_flat_transition(state internal, item_id text, kind text, amount numeric,
                                               open_amount numeric, due_date date, policy jsonb, as_of date)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_flat_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_flat_transition(internal, text, text, numeric, numeric, date, jsonb, date) IS
    'internal: transition function of the fast path of dunning.assess over an item''s columns (not strict)';

CREATE AGGREGATE dunning.assess(item_id text, kind text, amount numeric, open_amount numeric, due_date date,
                                policy jsonb, as_of date) (
    SFUNC = dunning.assess_flat_transition,
    STYPE = internal,
    FINALFUNC = dunning.assess_final,
    COMBINEFUNC = dunning.assess_combine,
    SERIALFUNC = dunning.assess_serialize,
    DESERIALFUNC = dunning.assess_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.assess(text, text, numeric, numeric, date, jsonb, date) IS
    'fast path of dunning.assess over an item''s columns, for a unit without letter history: the same as dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date), policy, as_of), without forming the composite';

-- The same over all of an item's columns and the unit's history: what dunning.unit_assessment
-- aggregates for every run and BI query. The result is that of
-- dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency,
-- disputed, hold_until, on_plan), policy, as_of, last_level, last_letter_date, loyalty_score),
-- which test/pgtap/fast_path.sql checks.
CREATE FUNCTION dunning.assess_columns_transition(state internal, item_id text, kind text, amount numeric,
                                                  open_amount numeric, due_date date, doc_date date, currency text,
                                                  disputed boolean, hold_until date, on_plan boolean, policy jsonb,
                                                  as_of date, last_level integer, last_letter_date date,
                                                  loyalty_score numeric)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_columns_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_columns_transition(internal, text, text, numeric, numeric, date, date, text, boolean,
                                                      date, boolean, jsonb, date, integer, date, numeric) IS
    'internal: transition function of the fast path of dunning.assess over all of an item''s columns and the unit''s history (not strict)';

CREATE AGGREGATE dunning.assess(item_id text, kind text, amount numeric, open_amount numeric, due_date date,
                                doc_date date, currency text, disputed boolean, hold_until date, on_plan boolean,
                                policy jsonb, as_of date, last_level integer, last_letter_date date,
                                loyalty_score numeric) (
    SFUNC = dunning.assess_columns_transition,
    STYPE = internal,
    -- a unit's state is about 1.8 KB at ten items (1M items in 100k units: 175 MB); without it the
    -- planner assumes 8 KB and unit_assessment's hash aggregate spilled 5 batches (about 8%)
    SSPACE = 2048,
    FINALFUNC = dunning.assess_final,
    COMBINEFUNC = dunning.assess_combine,
    SERIALFUNC = dunning.assess_serialize,
    DESERIALFUNC = dunning.assess_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.assess(text, text, numeric, numeric, date, date, text, boolean, date, boolean, jsonb, date,
                                    integer, date, numeric) IS
    'fast path of dunning.assess over all of an item''s columns and the unit''s history: the same as dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date, doc_date, currency, disputed, hold_until, on_plan), policy, as_of, last_level, last_letter_date, loyalty_score), without forming the composite';
