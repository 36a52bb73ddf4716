-- Delivery: what the pg_dunning client needs (SPEC §14, docs/delivery.md) ---------------------------
--
-- approved -> sending (claimed with a lease) -> sent, failed, or approved again (a temporary
-- failure: retried from next_attempt_at). A client claims letters with FOR UPDATE SKIP LOCKED, so
-- two clients never claim the same letter; a letter whose client vanished (its lease passed) is
-- claimed again. A letter is marked sent after the mail server accepted it: when the client dies in
-- between, the letter is sent again, with the same Message-ID (at least once).

ALTER TABLE dunning.letters
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN next_attempt_at timestamptz;
COMMENT ON COLUMN dunning.letters.lease_until IS
    'while sending: until when the claiming delivery client holds the letter; after it another client may claim it again';
COMMENT ON COLUMN dunning.letters.next_attempt_at IS
    'an approved letter whose delivery failed temporarily is not claimed before this time (retry with backoff); NULL: at once';

CREATE INDEX letters_deliverable ON dunning.letters (letter_id) WHERE status IN ('approved', 'sending');
COMMENT ON INDEX dunning.letters_deliverable IS 'the letters a delivery client may claim (approved, or sending with a lease that may have passed)';

CREATE FUNCTION dunning.claim_letters(batch integer, lease_seconds integer, channels text[] DEFAULT '{email,post}'::text[])
RETURNS SETOF dunning.letters LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF batch IS NULL OR batch < 1 THEN
        RAISE EXCEPTION 'dunning.claim_letters: batch must be at least 1, not %', coalesce(batch::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF lease_seconds IS NULL OR lease_seconds < 1 THEN
        RAISE EXCEPTION 'dunning.claim_letters: lease_seconds must be at least 1, not %', coalesce(lease_seconds::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH claimable AS (
        SELECT l.letter_id FROM dunning.letters l
        WHERE l.channel = ANY (channels)
          AND ((l.status = 'approved' AND (l.next_attempt_at IS NULL OR l.next_attempt_at <= pg_catalog.clock_timestamp()))
               OR (l.status = 'sending' AND (l.lease_until IS NULL OR l.lease_until < pg_catalog.clock_timestamp())))
        ORDER BY l.letter_id
        LIMIT batch
        FOR UPDATE SKIP LOCKED
    )
    UPDATE dunning.letters l
    SET status = 'sending', attempts = l.attempts + 1, next_attempt_at = NULL,
        lease_until = pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => lease_seconds::double precision)
    FROM claimable c WHERE l.letter_id = c.letter_id
    RETURNING l.*;
END
$$;
COMMENT ON FUNCTION dunning.claim_letters(integer, integer, text[]) IS
    'claims up to batch letters of the given channels (email, post) for delivery (FOR UPDATE SKIP LOCKED): approved letters whose next attempt is due and sending letters whose lease has passed; sets them sending with a lease of lease_seconds and counts the attempt; returns them';

CREATE FUNCTION dunning.letter_sent(letter_id bigint, message_id text)
RETURNS boolean LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE dunning.letters l
    SET status = 'sent', sent_at = pg_catalog.clock_timestamp(), message_id = letter_sent.message_id,
        lease_until = NULL, next_attempt_at = NULL, last_error = NULL
    WHERE l.letter_id = letter_sent.letter_id AND l.status = 'sending';
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION dunning.letter_sent(bigint, text) IS
    'records that a claimed letter went out (the mail server accepted it, or its print PDF was written) with its Message-ID (NULL for post); false when the letter was not sending (another client already recorded it)';

CREATE FUNCTION dunning.letter_failed(letter_id bigint, error text, permanent boolean, retry_after interval)
RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_status text;
BEGIN
    IF permanent IS NULL THEN
        RAISE EXCEPTION 'dunning.letter_failed: permanent must not be NULL (letter %)', letter_failed.letter_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE dunning.letters l
    SET status = CASE WHEN permanent THEN 'failed' ELSE 'approved' END,
        last_error = letter_failed.error, lease_until = NULL,
        next_attempt_at = CASE WHEN permanent THEN NULL
                               ELSE pg_catalog.clock_timestamp() + coalesce(retry_after, '0'::interval) END
    WHERE l.letter_id = letter_failed.letter_id AND l.status = 'sending'
    RETURNING l.status INTO new_status;
    RETURN new_status;
END
$$;
COMMENT ON FUNCTION dunning.letter_failed(bigint, text, boolean, interval) IS
    'records a failed delivery of a claimed letter with the error (e.g. the mail server''s reply): permanent sets it failed (it no longer counts as the unit''s history), otherwise it is approved again and retried after retry_after; returns the new status, NULL when the letter was not sending';

CREATE FUNCTION dunning.release_letters(letter_ids bigint[])
RETURNS integer LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    released integer;
BEGIN
    UPDATE dunning.letters l
    SET status = 'approved', lease_until = NULL, attempts = greatest(l.attempts - 1, 0)
    WHERE l.letter_id = ANY (letter_ids) AND l.status = 'sending';
    GET DIAGNOSTICS released = ROW_COUNT;
    RETURN released;
END
$$;
COMMENT ON FUNCTION dunning.release_letters(bigint[]) IS
    'gives claimed letters that were not attempted back (approved, attempt not counted): a client that stops, or cannot reach its mail server, releases the rest of its batch; returns the number released';
