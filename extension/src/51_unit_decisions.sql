-- Units and what a person or a deadline decides for them ----------------------------------------

-- A unit as one text, for lists of units a run leaves out.
CREATE FUNCTION dunning.unit_key(customer_id text, department text, project text, currency text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT quote_nullable($1) || '/' || quote_nullable($2) || '/' || quote_nullable($3) || '/' || quote_nullable($4)
$$;
COMMENT ON FUNCTION dunning.unit_key(text, text, text, text) IS
    'internal: a unit (customer, department, project, currency) as one text';

CREATE TABLE dunning.blocks (
    customer_id  text NOT NULL,
    department   text,
    project      text,
    until        date,
    reason       text NOT NULL CHECK (reason <> ''),
    created_by   name NOT NULL DEFAULT current_user,
    created_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE dunning.blocks IS
    'a person''s dunning blocks: no letter for the customer (or one department or project of it) until a date; the unit''s action is hold, reason code blocked';
COMMENT ON COLUMN dunning.blocks.customer_id IS 'the blocked customer';
COMMENT ON COLUMN dunning.blocks.department IS 'the blocked department of a customer split by department; NULL: every unit of the customer';
COMMENT ON COLUMN dunning.blocks.project IS 'the blocked project of a customer split by project; NULL: every unit of the customer';
COMMENT ON COLUMN dunning.blocks.until IS 'the last day of the block; NULL: until the row is deleted';
COMMENT ON COLUMN dunning.blocks.reason IS 'why, in words the reason of the unit''s assessment repeats ("negotiating a settlement")';
COMMENT ON COLUMN dunning.blocks.created_by IS 'the role that set the block';
COMMENT ON COLUMN dunning.blocks.created_at IS 'when the block was set';
CREATE INDEX blocks_customer_id ON dunning.blocks (customer_id);
COMMENT ON INDEX dunning.blocks_customer_id IS 'the blocks of a customer';
SELECT pg_catalog.pg_extension_config_dump('dunning.blocks', '');

-- The engine's decision for a unit, with what it cannot see: a block holds the unit (action hold,
-- reason code blocked), and the deadline of the unit's last letter, while open, defers a new one
-- (action wait, previous_deadline_open). Neither charges a fee. In C (src/pg/decided_assessment.cpp):
-- the day after a run nearly every unit has an open deadline, and as PL/pgSQL with its search_path
-- setting it was a tenth of dunning.assess_units.
CREATE FUNCTION dunning.decided_assessment(assessment dunning.assessment, as_of date, blocked boolean,
                                           block_until date, block_reason text, last_pay_by date)
RETURNS dunning.assessment AS 'MODULE_PATHNAME', 'dunning_decided_assessment' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.decided_assessment(dunning.assessment, date, boolean, date, text, date) IS
    'internal: a unit''s assessment with its block (action hold, reason code blocked) and the open deadline of its last letter (action wait, reason code previous_deadline_open) applied';
