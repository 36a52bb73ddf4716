-- §7 Unit assessment -----------------------------------------------------------------------------

CREATE TYPE dunning.assessment AS (
    level                    integer,
    computed_level           integer,
    action                   text,
    tone                     text,
    fee                      numeric,
    principal_open           numeric,
    charges_open             numeric,
    credits_open             numeric,
    net_balance              numeric,
    overdue_amount           numeric,
    dunnable_amount          numeric,
    significant_overdue_days integer,
    oldest_overdue_days      integer,
    items                    integer,
    items_overdue            integer,
    items_significant        integer,
    next_review_date         date,
    reason                   text,
    reason_codes             text[]
);
COMMENT ON TYPE dunning.assessment IS 'the dunning decision for one unit, result of the aggregate dunning.assess';

CREATE FUNCTION dunning.assess_transition(state internal, item dunning.item, policy jsonb, as_of date)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_transition(internal, dunning.item, jsonb, date) IS
    'internal: transition function of dunning.assess without history (not strict)';

CREATE FUNCTION dunning.assess_transition(state internal, item dunning.item, policy jsonb, as_of date,
                                          last_level integer, last_letter_date date, loyalty_score numeric)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_transition(internal, dunning.item, jsonb, date, integer, date, numeric) IS
    'internal: transition function of dunning.assess with history (not strict)';

CREATE FUNCTION dunning.assess_final(state internal)
RETURNS dunning.assessment AS 'MODULE_PATHNAME', 'dunning_assess_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_final(internal) IS 'internal: final function of dunning.assess';

CREATE FUNCTION dunning.assess_combine(state internal, other internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_combine(internal, internal) IS 'internal: combine function of dunning.assess';

CREATE FUNCTION dunning.assess_serialize(state internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'dunning_assess_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_serialize(internal) IS 'internal: serial function of dunning.assess';

CREATE FUNCTION dunning.assess_deserialize(bytes bytea, state internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_assess_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.assess_deserialize(bytea, internal) IS 'internal: deserial function of dunning.assess';

CREATE AGGREGATE dunning.assess(item dunning.item, policy jsonb, as_of date) (
    SFUNC = dunning.assess_transition,
    STYPE = internal,
    FINALFUNC = dunning.assess_final,
    COMBINEFUNC = dunning.assess_combine,
    SERIALFUNC = dunning.assess_serialize,
    DESERIALFUNC = dunning.assess_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.assess(dunning.item, jsonb, date) IS
    'dunning decision for the grouped items of one unit at as_of under a policy (NULL: the default), for a unit without letter history';

CREATE AGGREGATE dunning.assess(item dunning.item, policy jsonb, as_of date,
                                last_level integer, last_letter_date date, loyalty_score numeric) (
    SFUNC = dunning.assess_transition,
    STYPE = internal,
    FINALFUNC = dunning.assess_final,
    COMBINEFUNC = dunning.assess_combine,
    SERIALFUNC = dunning.assess_serialize,
    DESERIALFUNC = dunning.assess_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.assess(dunning.item, jsonb, date, integer, date, numeric) IS
    'dunning decision for the grouped items of one unit with its history: last letter level and date (NULL: none yet) and payment-behaviour score for loyalty';

