-- Delivery (SPEC §14, issue 17): what the pg_dunning client relies on in the database. Claims
-- with a lease (dunning.claim_letters), outcomes (letter_sent, letter_failed), giving claimed
-- letters back (release_letters). Two clients at once, kill -9 and a real SMTP server are in
-- test/delivery/run.sh.
\ir setup.psql
SELECT plan(27);

INSERT INTO dunning.customers (customer_id, name, language) VALUES
    ('E1', 'Email One', 'en'), ('E2', 'Email Two', 'en'), ('E3', 'Email Three', 'en'), ('P1', 'Post One', 'en');
INSERT INTO dunning.contacts (customer_id, email, role) VALUES
    ('E1', 'e1@test.example', 'to'), ('E2', 'e2@test.example', 'to'), ('E3', 'e3@test.example', 'to');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, currency)
SELECT c, 'INV-' || c, 'invoice', 100, 100, '2026-10-01', 'EUR' FROM unnest(ARRAY['E1', 'E2', 'E3', 'P1']) c;
CALL dunning.run('2026-11-23');
CREATE TEMP TABLE ids AS SELECT customer_id, letter_id FROM dunning.letters;
CREATE FUNCTION pg_temp.id(customer text) RETURNS bigint LANGUAGE sql AS $$ SELECT letter_id FROM ids WHERE customer_id = customer $$;
CREATE FUNCTION pg_temp.status(customer text) RETURNS text LANGUAGE sql AS
    $$ SELECT status || ' ' || attempts FROM dunning.letters WHERE letter_id = pg_temp.id(customer) $$;

SELECT is((SELECT string_agg(customer_id || ':' || channel || ':' || status, ',' ORDER BY customer_id) FROM dunning.letters),
          'E1:email:approved,E2:email:approved,E3:email:approved,P1:post:approved', 'the run wrote four approved letters');

-- claims
SELECT is((SELECT string_agg(customer_id, ',' ORDER BY letter_id) FROM dunning.claim_letters(2, 60, '{email}')),
          'E1,E2', 'claim_letters claims a batch, oldest letter first');
SELECT is(pg_temp.status('E1'), 'sending 1', 'a claimed letter is sending, its attempt counted');
SELECT ok((SELECT lease_until > clock_timestamp() + interval '50 seconds' FROM dunning.letters WHERE letter_id = pg_temp.id('E1')),
          'a claimed letter holds a lease of lease_seconds');
SELECT is((SELECT string_agg(customer_id, ',') FROM dunning.claim_letters(5, 60, '{email}')), 'E3',
          'letters under lease are not claimed again');
SELECT is((SELECT count(*) FROM dunning.claim_letters(5, 60, '{email}')), 0::bigint, 'nothing left to claim');
UPDATE dunning.letters SET lease_until = clock_timestamp() - interval '1 second' WHERE letter_id = pg_temp.id('E1');
SELECT is((SELECT string_agg(customer_id, ',') FROM dunning.claim_letters(5, 60)), 'E1,P1',
          'a letter whose lease passed is claimed again (its client vanished), with the post letter');
SELECT is(pg_temp.status('E1'), 'sending 2', '... counting a second attempt');

-- sent
SELECT is(dunning.letter_sent(pg_temp.id('E1'), '<dunning-1@test.example>'), true, 'letter_sent records a sending letter');
SELECT is((SELECT status || ' ' || message_id || ' ' || (sent_at IS NOT NULL) || ' ' || (lease_until IS NULL)
           FROM dunning.letters WHERE letter_id = pg_temp.id('E1')),
          'sent <dunning-1@test.example> true true', 'sent, with Message-ID and sent_at, the lease gone');
SELECT is(dunning.letter_sent(pg_temp.id('E1'), '<dunning-1@test.example>'), false,
          'a second letter_sent (a client whose lease had passed) changes nothing');
SELECT is(dunning.letter_sent(pg_temp.id('P1'), NULL), true, 'a printed post letter is sent without a Message-ID');

-- temporary and permanent failures
SELECT is(dunning.letter_failed(pg_temp.id('E2'), '451 4.3.0 try again later', false, '1 hour'), 'approved',
          'a temporary failure makes the letter approved again');
SELECT is((SELECT last_error || ' ' || (next_attempt_at > clock_timestamp() + interval '59 minutes') FROM dunning.letters
           WHERE letter_id = pg_temp.id('E2')), '451 4.3.0 try again later true', '... with the reply and its next attempt');
SELECT is((SELECT count(*) FROM dunning.claim_letters(5, 60)), 0::bigint, 'a letter is not claimed before its next attempt');
UPDATE dunning.letters SET next_attempt_at = clock_timestamp() - interval '1 second' WHERE letter_id = pg_temp.id('E2');
SELECT is((SELECT string_agg(customer_id, ',') FROM dunning.claim_letters(5, 60)), 'E2', 'then it is claimed again');
SELECT is((SELECT last_level FROM dunning.unit_state WHERE customer_id = 'E2'), 1, 'the unit''s history is the letter');
SELECT is(dunning.letter_failed(pg_temp.id('E2'), '550 5.1.1 mailbox unavailable', true, NULL), 'failed',
          'a permanent failure fails the letter');
SELECT is((SELECT status || ' | ' || last_error || ' | ' || attempts FROM dunning.letters WHERE letter_id = pg_temp.id('E2')),
          'failed | 550 5.1.1 mailbox unavailable | 2', '... with the server''s reply');
SELECT is((SELECT last_level FROM dunning.unit_state WHERE customer_id = 'E2'), 0,
          'a failed letter no longer counts as the unit''s history (57_letter_lifecycle)');
SELECT is(dunning.letter_failed(pg_temp.id('E2'), 'again', true, NULL), NULL, 'letter_failed on a letter that is not sending changes nothing');

-- giving back, and what a sending letter may not
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.cancel(%s, ''paid'')', pg_temp.id('E3'))), '55000',
          'a letter being sent cannot be cancelled');
SELECT is(dunning.release_letters(ARRAY[pg_temp.id('E3'), pg_temp.id('E1')]), 1, 'release_letters gives back the sending letters only');
SELECT is(pg_temp.status('E3'), 'approved 0', 'a released letter is approved, its attempt not counted');
SELECT is(pg_temp.status('E1'), 'sent 2', 'a sent letter is not released');

SELECT is(pg_temp.sqlstate_of('SELECT dunning.claim_letters(0, 60)'), '22023', 'batch 0 is 22023');
SELECT is(pg_temp.message_of('SELECT dunning.claim_letters(1, NULL)'), 'dunning.claim_letters: lease_seconds must be at least 1, not NULL',
          'a NULL lease is 22023 naming it');

SELECT * FROM finish();
ROLLBACK;
