-- §5 Net balance ----------------------------------------------------------------------------------

CREATE TYPE dunning.balance AS (
    principal_open numeric,
    charges_open   numeric,
    credits_open   numeric,
    net_balance    numeric,
    disputed_open  numeric,
    not_due_open   numeric,
    overdue_open   numeric
);
COMMENT ON TYPE dunning.balance IS 'net balance of a dunning unit, result of the aggregate dunning.balance';

CREATE FUNCTION dunning.balance_transition(state internal, item dunning.item, as_of date)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_balance_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_transition(internal, dunning.item, date) IS
    'internal: transition function of dunning.balance (not strict: NULL items are ignored, a NULL as_of is an error)';

CREATE FUNCTION dunning.balance_final(state internal)
RETURNS dunning.balance AS 'MODULE_PATHNAME', 'dunning_balance_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_final(internal) IS 'internal: final function of dunning.balance';

CREATE FUNCTION dunning.balance_combine(state internal, other internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_balance_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_combine(internal, internal) IS 'internal: combine function of dunning.balance';

CREATE FUNCTION dunning.balance_serialize(state internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'dunning_balance_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_serialize(internal) IS 'internal: serial function of dunning.balance';

CREATE FUNCTION dunning.balance_deserialize(bytes bytea, state internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_balance_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.balance_deserialize(bytea, internal) IS 'internal: deserial function of dunning.balance';

CREATE AGGREGATE dunning.balance(item dunning.item, as_of date) (
    SFUNC = dunning.balance_transition,
    STYPE = internal,
    FINALFUNC = dunning.balance_final,
    COMBINEFUNC = dunning.balance_combine,
    SERIALFUNC = dunning.balance_serialize,
    DESERIALFUNC = dunning.balance_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.balance(dunning.item, date) IS
    'net balance of the items of one dunning unit at as_of: principal, charges and credits open, net balance, disputed, not yet due and overdue principal after oldest-first credit allocation';

