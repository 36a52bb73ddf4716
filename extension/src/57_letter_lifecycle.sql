-- The letter lifecycle (SPEC §11.1) -----------------------------------------------------------------
--
-- proposed -> approved -> sending -> sent, or failed; proposed, approved and failed letters may be
-- cancelled. A unit's history is its latest letter that is neither cancelled nor failed: when a
-- letter is cancelled, fails or is deleted, the unit's history is set back to the letter before it
-- (or to none), as if the letter had never been issued, so the next run issues it again instead of
-- escalating past it.

-- Sets the history of the units of gone letters (just cancelled, failed or deleted) back.
CREATE FUNCTION dunning.restore_unit_history(gone dunning.letters[])
RETURNS void LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$
    UPDATE dunning.unit_state s
    SET last_level = coalesce(prior.level, 0), last_letter_date = prior.as_of, last_pay_by = prior.pay_by,
        updated_at = now()
    FROM unnest($1) g
    LEFT JOIN LATERAL (
        SELECT l.level, l.as_of, l.pay_by FROM dunning.letters l
        WHERE l.customer_id = g.customer_id AND l.department IS NOT DISTINCT FROM g.department
          AND l.project IS NOT DISTINCT FROM g.project AND l.currency IS NOT DISTINCT FROM g.currency
          AND l.status NOT IN ('cancelled', 'failed') AND l.letter_id <> g.letter_id
        ORDER BY l.as_of DESC, l.letter_id DESC LIMIT 1
    ) prior ON true
    -- only while the gone letter is the history (a later letter or an ended episode is left alone)
    WHERE s.customer_id = g.customer_id AND s.department IS NOT DISTINCT FROM g.department
      AND s.project IS NOT DISTINCT FROM g.project AND s.currency IS NOT DISTINCT FROM g.currency
      AND s.last_letter_date = g.as_of AND s.last_level = g.level
$$;
COMMENT ON FUNCTION dunning.restore_unit_history(dunning.letters[]) IS
    'internal: sets the history of the units of letters that were cancelled, failed or deleted back to the letter before each';

CREATE FUNCTION dunning.restore_history_on_status()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM dunning.restore_unit_history(ARRAY(
        SELECT (o.*)::dunning.letters FROM old_letters o JOIN new_letters n ON n.letter_id = o.letter_id
        WHERE o.status NOT IN ('cancelled', 'failed') AND n.status IN ('cancelled', 'failed')));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.restore_history_on_status() IS
    'internal: a letter that became cancelled or failed no longer counts as its unit''s history';
CREATE TRIGGER letters_restore_history_on_status AFTER UPDATE ON dunning.letters
    REFERENCING OLD TABLE AS old_letters NEW TABLE AS new_letters
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.restore_history_on_status();
COMMENT ON TRIGGER letters_restore_history_on_status ON dunning.letters IS
    'a cancelled or failed letter no longer counts as the unit''s history';

CREATE FUNCTION dunning.restore_history_on_delete()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM dunning.restore_unit_history(ARRAY(
        SELECT (o.*)::dunning.letters FROM old_letters o WHERE o.status NOT IN ('cancelled', 'failed')));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION dunning.restore_history_on_delete() IS
    'internal: a deleted letter no longer counts as its unit''s history';
CREATE TRIGGER letters_restore_history_on_delete AFTER DELETE ON dunning.letters
    REFERENCING OLD TABLE AS old_letters
    FOR EACH STATEMENT EXECUTE FUNCTION dunning.restore_history_on_delete();
COMMENT ON TRIGGER letters_restore_history_on_delete ON dunning.letters IS
    'a deleted letter no longer counts as the unit''s history';

-- Letters that are not in one of the states an operation accepts, named in its error.
CREATE FUNCTION dunning.refuse_letters(operation text, letter_ids bigint[], accepted text[])
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    offending text;
BEGIN
    SELECT string_agg(format('%s (%s)', i.id, coalesce(l.status, 'no such letter')), ', ' ORDER BY i.id)
    INTO offending
    FROM unnest(letter_ids) i(id) LEFT JOIN dunning.letters l ON l.letter_id = i.id
    WHERE l.status IS NULL OR NOT l.status = ANY (accepted);
    IF offending IS NOT NULL THEN
        PERFORM dunning.raise_error('55000'::text,
            format('dunning.%s: letters %s cannot be %s', operation, offending,
                   CASE operation WHEN 'approve' THEN 'approved' ELSE 'cancelled' END),
            format('Only %s letters can be.', array_to_string(accepted, ' or ')),
            CASE operation WHEN 'cancel' THEN 'A letter that is being sent or was sent cannot be taken back; send a correction instead.' END);
    END IF;
END
$$;
COMMENT ON FUNCTION dunning.refuse_letters(text, bigint[], text[]) IS
    'internal: raises 55000 naming the letters (of letter_ids) that are not in one of the accepted states';

CREATE FUNCTION dunning.approve(letter_ids bigint[])
RETURNS integer LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    approved integer;
BEGIN
    IF letter_ids IS NULL THEN
        RAISE EXCEPTION 'dunning.approve: letter_ids must not be NULL' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the row locks make a concurrent cancel of the same letter wait, then see it approved
    PERFORM FROM dunning.letters l WHERE l.letter_id = ANY (letter_ids) ORDER BY l.letter_id FOR UPDATE;
    PERFORM dunning.refuse_letters('approve'::text, letter_ids, '{proposed}'::text[]);
    UPDATE dunning.letters l SET status = 'approved', approved_by = current_user, approved_at = now()
    WHERE l.letter_id = ANY (letter_ids);
    GET DIAGNOSTICS approved = ROW_COUNT;
    PERFORM pg_notify('dunning_letters', 'approved');
    RETURN approved;
END
$$;
COMMENT ON FUNCTION dunning.approve(bigint[]) IS
    'approves proposed letters (setting approval = manual) for delivery; a letter that is not proposed is SQLSTATE 55000 naming it, and nothing changes; returns the number approved';

CREATE FUNCTION dunning.approve_run(run_id bigint)
RETURNS integer LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM dunning.runs r WHERE r.run_id = approve_run.run_id) THEN
        RAISE EXCEPTION 'dunning.approve_run: run % does not exist', coalesce(approve_run.run_id::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN dunning.approve(ARRAY(SELECT l.letter_id FROM dunning.letters l
                                 WHERE l.run_id = approve_run.run_id AND l.status = 'proposed'
                                 ORDER BY l.letter_id));
END
$$;
COMMENT ON FUNCTION dunning.approve_run(bigint) IS
    'approves every proposed letter of a run; returns the number approved';

CREATE FUNCTION dunning.cancel(letter_id bigint, reason text)
RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF nullif(btrim(reason), '') IS NULL THEN
        RAISE EXCEPTION 'dunning.cancel: a reason is required' USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Say why, for whoever reads the history: dunning.cancel(42, ''paid by phone'').';
    END IF;
    PERFORM FROM dunning.letters l WHERE l.letter_id = cancel.letter_id FOR UPDATE;
    PERFORM dunning.refuse_letters('cancel'::text, ARRAY[cancel.letter_id], '{proposed,approved,failed}'::text[]);
    UPDATE dunning.letters l SET status = 'cancelled', cancel_reason = cancel.reason WHERE l.letter_id = cancel.letter_id;
END
$$;
COMMENT ON FUNCTION dunning.cancel(bigint, text) IS
    'withdraws a letter that was not sent (proposed, approved or failed) with a reason; the unit''s history goes back to the letter before it, so a later run may issue it again; a letter being sent or sent is SQLSTATE 55000';
