-- Composing a letter (SPEC §10, §13): charges by policy and law, localized values, paragraphs ------

-- Statutory interest as a run claims it: like dunning.statutory_interest (each day d with
-- from_date < d <= to_date at the rate in force on d, rounded once), but days after the last period
-- of dunning.statutory_rates are charged at that period's rate; carried_from is then the first such
-- day (the run warns and says rate_carried_forward). A gap inside the table is still 22023.
CREATE FUNCTION dunning.run_interest(principal numeric, from_date date, to_date date, jurisdiction text,
                                     consumer boolean, OUT amount numeric, OUT carried_from date,
                                     OUT rate numeric)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rate_days numeric;
    days      integer;
    last_to   date;
    last_rate numeric;
BEGIN
    SELECT coalesce(sum(r.rate * greatest(0, least(r.valid_to, to_date) - greatest(r.valid_from - 1, from_date))), 0),
           coalesce(sum(greatest(0, least(r.valid_to, to_date) - greatest(r.valid_from - 1, from_date))), 0)
    INTO rate_days, days
    FROM dunning.statutory_rates r
    WHERE r.jurisdiction = run_interest.jurisdiction AND r.consumer = run_interest.consumer;
    SELECT r.valid_to, r.rate INTO last_to, last_rate
    FROM dunning.statutory_rates r
    WHERE r.jurisdiction = run_interest.jurisdiction AND r.consumer = run_interest.consumer
    ORDER BY r.valid_to DESC LIMIT 1;
    IF last_to IS NOT NULL AND to_date > greatest(last_to, from_date) THEN
        carried_from := last_to + 1;  -- the first day without a rate
        rate_days := rate_days + last_rate * (to_date - greatest(last_to, from_date));
        days := days + (to_date - greatest(last_to, from_date));
    END IF;
    IF days < greatest(0, to_date - from_date) THEN
        RAISE EXCEPTION 'no statutory rate for % (% debts) on some day between % and %', jurisdiction,
                        CASE WHEN consumer THEN 'consumer' ELSE 'business' END, from_date + 1, to_date
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Insert the missing period into dunning.statutory_rates.';
    END IF;
    amount := round(principal * rate_days / 36500, 2);
    rate := coalesce((SELECT r.rate FROM dunning.statutory_rates r
                      WHERE r.jurisdiction = run_interest.jurisdiction AND r.consumer = run_interest.consumer
                        AND to_date BETWEEN r.valid_from AND r.valid_to
                      ORDER BY r.builtin LIMIT 1), last_rate);
END
$$;
COMMENT ON FUNCTION dunning.run_interest(numeric, date, date, text, boolean) IS
    'internal: statutory interest as a run claims it, the last period''s rate carried forward past the end of dunning.statutory_rates (carried_from: the first such day), with the rate in force on to_date';

-- The end of the Belgian consumer waiting period after a reminder (art. XIX.2 CEL): 14 calendar
-- days from the third working day after a paper reminder, the first after an e-mailed one. The C++
-- of src/core/assessment_letter.cpp (BelgianWaitingEnd), which the assessment's fee waiting period
-- uses too; test/pgtap/charges_equal.sql holds the SQL it replaced.
CREATE FUNCTION dunning.be_waiting_end(sent date, channel text)
RETURNS date AS 'MODULE_PATHNAME', 'dunning_be_waiting_end' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.be_waiting_end(date, text) IS
    'internal: the last day of the Belgian consumer waiting period after a reminder sent on a day by post (starts the third working day after) or e-mail (the first working day after)';

-- The {items} table of a letter: document, document date, due date, original and open amount, days
-- overdue; under an item the credits applied to it; then the open charges. Columns are padded to
-- the widest value (monospace in e-mail and in the PDF); amounts are right-aligned. The C++ of
-- src/core/letter_compose.cpp; test/pgtap/compose_equal.sql holds the PL/pgSQL it replaced.
CREATE FUNCTION dunning.items_table(lines dunning.letter_items[], phrases jsonb, locale text, currency text)
RETURNS text AS 'MODULE_PATHNAME', 'dunning_items_table' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.items_table(dunning.letter_items[], jsonb, text, text) IS
    'internal: the {items} text of a letter: a header and one row per item (document, document date, due date, original and open amount, days overdue), the credits applied under an item, the open charges last; localized';

-- What a run decided for one letter, raw (amounts, dates, which notices apply), for
-- dunning.compose_letter to localize. A row, not a jsonb object: building a 38-key object per letter
-- cost a run about 11 µs a letter, and reading it back again.
CREATE TYPE dunning.letter_facts AS (
    locale text, currency text, customer text, unit text, addressee text, contact_name text,
    customer_id text, department text, project text, sender text, sender_address text,
    sender_registration text, dispute_contact text, as_of date, pay_by date, amount numeric,
    fee numeric, charges numeric, interest numeric, costs numeric, credits numeric, total numeric,
    announced_costs numeric, level integer, days_overdue integer, item_count integer, iban text,
    bic text, payment_reference text, interest_rate numeric, invoice_count bigint,
    previous_pay_by date, previous_letter_date date, waiting_end date,
    announced_interest_rate numeric, interest_notice text, costs_notice text, plan jsonb
);
COMMENT ON TYPE dunning.letter_facts IS
    'internal: what a run decided for one letter, before it is localized (dunning.compose_letter)';

-- The subject and body of one letter: the values of SPEC §13 localized for the letter's locale, the
-- paragraphs that apply built from the phrases, then the template rendered. One C++ call per
-- letter (src/core/letter_compose.cpp); test/pgtap/compose_equal.sql holds the PL/pgSQL it
-- replaced and compares the two.
CREATE FUNCTION dunning.compose_letter(subject text, body text, phrases jsonb, facts dunning.letter_facts,
                                       lines dunning.letter_items[], OUT letter_subject text, OUT letter_body text)
AS 'MODULE_PATHNAME', 'dunning_compose_letter' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.compose_letter(text, text, jsonb, dunning.letter_facts, dunning.letter_items[]) IS
    'internal: the subject and body of a letter: the facts a run decided, localized (ICU dates and amounts), the paragraphs that apply built from the phrases, rendered into the template';

-- What a letter charges and which notices it carries (SPEC §10, §13), from its assessment, the
-- policy's collection_costs and the unit's episode so far:
--   business debts: the policy's costs (40 EUR per invoice; the WIK scale in NL); the formal notice
--     states commercial interest and the 40 EUR compensation even when the policy claims neither;
--   BE consumers: the first reminder of an episode is free and announces the costs the scale
--     allows; fees and costs of an episode together stay within the Book XIX scale
--     (fee_capped_by_law, costs_already_charged); the deadline is never before the waiting period ends;
--   NL consumers: no level fees; the WIK amount once per episode, only after a 14-day letter
--     stated it and its deadline passed unpaid;
--   consumers: nothing is charged that no earlier letter of the episode announced (costs_not_announced).
-- statutory_rate is the rate of dunning.statutory_rates in force on as_of for the jurisdiction and
-- kind of debt (the run looks it up once per jurisdiction); it comes back as interest_rate, and as
-- announced_interest_rate in a first Belgian reminder. One C++ call per letter
-- (src/core/letter_charges.cpp), about 1 µs: the PL/pgSQL it replaced cost 8 to 17 µs a letter;
-- test/pgtap/charges_equal.sql holds it and compares the two, numeric scales and reasons included.
CREATE FUNCTION dunning.letter_charges(
    rules text, jurisdiction text, consumer boolean, action text, tone text, level integer, level_fee numeric,
    costs_rule jsonb, amount numeric, invoice_count bigint, interest numeric,
    contractual boolean, episode_letters bigint, episode_fees numeric, episode_costs numeric,
    announced numeric, announced_pay_by date, channel text, as_of date, statutory_rate numeric,
    OUT fee numeric, OUT costs numeric, OUT announced_costs numeric, OUT waiting_end date,
    OUT announce_deadline date, OUT interest_notice text, OUT costs_notice text, OUT charge_reason text,
    OUT charge_codes text[], OUT interest_rate numeric, OUT announced_interest_rate numeric)
AS 'MODULE_PATHNAME', 'dunning_letter_charges' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.letter_charges(text, text, boolean, text, text, integer, numeric, jsonb, numeric, bigint, numeric, boolean, bigint, numeric, numeric, numeric, date, text, date, numeric) IS
    'internal: the fee and collection costs a letter charges and the notices it carries, by the policy, the consumer rules of SPEC §10 and the unit''s episode so far (jurisdiction, consumer, action, level, level_fee, invoice_count, the episode''s figures and as_of must not be NULL)';
