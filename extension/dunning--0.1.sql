-- pg_dunning 0.1: items, the net balance, policies, the assessment engine, and the C++/PostgreSQL
-- boundary.
\echo Use "CREATE EXTENSION dunning" to load this file. \quit

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

-- §8 Policy -------------------------------------------------------------------------------------

CREATE FUNCTION dunning.validate_policy(policy jsonb)
RETURNS jsonb AS 'MODULE_PATHNAME', 'dunning_validate_policy' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.validate_policy(jsonb) IS
    'checks a dunning policy (SQLSTATE 22023 naming the key, with a hint for a likely typo) and returns it with every default filled in; NULL is the default policy';

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

-- The C++/PostgreSQL boundary ---------------------------------------------------------------------

CREATE FUNCTION dunning.boundary_selftest(failure text)
RETURNS integer AS 'MODULE_PATHNAME', 'dunning_boundary_selftest' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION dunning.boundary_selftest(text) IS
    'internal: raises a C++ failure (core_error, out_of_range, bad_alloc, std_exception, unknown) to test the error boundary; with NULL, returns how many C++ probe objects were destroyed';

-- Privileges for non-superusers (issue 7) --------------------------------------------------------

-- The schema comes from the control file (schema = dunning) and, like every object here, belongs to
-- the bootstrap superuser, even when a non-superuser installs the trusted extension. Without USAGE
-- no other role, not even the one that ran CREATE EXTENSION, could call anything in it.
GRANT USAGE ON SCHEMA dunning TO PUBLIC;

-- Privileges (SPEC §11): anyone may compute; internal helpers are not for PUBLIC.
REVOKE EXECUTE ON FUNCTION
    dunning.balance_transition(internal, dunning.item, date),
    dunning.balance_final(internal),
    dunning.balance_combine(internal, internal),
    dunning.balance_serialize(internal),
    dunning.balance_deserialize(bytea, internal),
    dunning.assess_transition(internal, dunning.item, jsonb, date),
    dunning.assess_transition(internal, dunning.item, jsonb, date, integer, date, numeric),
    dunning.assess_final(internal),
    dunning.assess_combine(internal, internal),
    dunning.assess_serialize(internal),
    dunning.assess_deserialize(bytea, internal),
    dunning.boundary_selftest(text)
FROM PUBLIC;
