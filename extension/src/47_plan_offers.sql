-- Payment plans offered in letters (SPEC §13): one row per instalment of the offer; the offer's
-- status is on every row. An accepted plan is an overlay on the source (which is not written): its
-- items count as on a plan and its instalments are dunned instead (dunning.plan_installments).
CREATE TABLE dunning.plan_offers (
    letter_id     bigint NOT NULL,
    n             integer NOT NULL CHECK (n >= 1),
    due_date      date NOT NULL,
    amount        numeric NOT NULL CHECK (amount > 0),
    status        text NOT NULL DEFAULT 'offered'
                  CHECK (status IN ('offered', 'accepted', 'declined', 'expired', 'kept', 'broken')),
    covered_open  numeric,
    accepted_at   timestamptz,
    accepted_by   name,
    closed_on     date,
    PRIMARY KEY (letter_id, n)
);
CREATE INDEX plan_offers_open ON dunning.plan_offers (status) WHERE status IN ('offered', 'accepted');
SELECT pg_catalog.pg_extension_config_dump('dunning.plan_offers', '');
