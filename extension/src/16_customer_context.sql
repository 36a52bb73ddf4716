-- §9-10 Customer context: payment behaviour, payment plans, interest and collection costs -------

CREATE TYPE dunning.behaviour AS (
    invoices      integer,
    paid_on_time  integer,
    on_time_ratio numeric,
    avg_days_late numeric,
    max_days_late numeric,
    score         numeric
);
COMMENT ON TYPE dunning.behaviour IS
    'payment behaviour of one customer over its paid invoices, result of the aggregate dunning.payment_behaviour';

CREATE FUNCTION dunning.payment_behaviour_transition(state internal, due_date date, paid_date date, amount numeric)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_behaviour_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_transition(internal, date, date, numeric) IS
    'internal: transition function of dunning.payment_behaviour with the default min_history (not strict: unpaid and all-NULL rows are skipped, NULL amount or due_date of a paid row is an error)';

CREATE FUNCTION dunning.payment_behaviour_transition(state internal, due_date date, paid_date date, amount numeric,
                                                     min_history integer)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_behaviour_transition' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_transition(internal, date, date, numeric, integer) IS
    'internal: transition function of dunning.payment_behaviour with min_history (not strict)';

CREATE FUNCTION dunning.payment_behaviour_final(state internal)
RETURNS dunning.behaviour AS 'MODULE_PATHNAME', 'dunning_behaviour_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_final(internal) IS 'internal: final function of dunning.payment_behaviour';

CREATE FUNCTION dunning.payment_behaviour_combine(state internal, other internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_behaviour_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_combine(internal, internal) IS
    'internal: combine function of dunning.payment_behaviour';

CREATE FUNCTION dunning.payment_behaviour_serialize(state internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'dunning_behaviour_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_serialize(internal) IS
    'internal: serial function of dunning.payment_behaviour';

CREATE FUNCTION dunning.payment_behaviour_deserialize(bytes bytea, state internal)
RETURNS internal AS 'MODULE_PATHNAME', 'dunning_behaviour_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.payment_behaviour_deserialize(bytea, internal) IS
    'internal: deserial function of dunning.payment_behaviour';

CREATE AGGREGATE dunning.payment_behaviour(due_date date, paid_date date, amount numeric) (
    SFUNC = dunning.payment_behaviour_transition,
    STYPE = internal,
    FINALFUNC = dunning.payment_behaviour_final,
    COMBINEFUNC = dunning.payment_behaviour_combine,
    SERIALFUNC = dunning.payment_behaviour_serialize,
    DESERIALFUNC = dunning.payment_behaviour_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.payment_behaviour(date, date, numeric) IS
    'payment behaviour over a customer''s paid invoices (on time when paid_date <= due_date): counts, amount-weighted on-time ratio, average and maximum days late, and the score for dunning.assess''s loyalty_score, damped toward 0.5 below 6 invoices';

CREATE AGGREGATE dunning.payment_behaviour(due_date date, paid_date date, amount numeric, min_history integer) (
    SFUNC = dunning.payment_behaviour_transition,
    STYPE = internal,
    FINALFUNC = dunning.payment_behaviour_final,
    COMBINEFUNC = dunning.payment_behaviour_combine,
    SERIALFUNC = dunning.payment_behaviour_serialize,
    DESERIALFUNC = dunning.payment_behaviour_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE dunning.payment_behaviour(date, date, numeric, integer) IS
    'payment behaviour with the number of paid invoices below which the score is damped toward 0.5 (NULL: 6; one value per group, e.g. the policy''s loyalty.min_history)';

CREATE FUNCTION dunning.propose_plan(total numeric, first_due date, installments integer,
                                     step interval DEFAULT '1 month', min_installment numeric DEFAULT 0)
RETURNS TABLE (n integer, due_date date, amount numeric)
AS 'MODULE_PATHNAME', 'dunning_propose_plan' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION dunning.propose_plan(numeric, date, integer, interval, numeric) IS
    'payment plan proposal: installments equal instalments (at most 1200; fewer when min_installment requires), truncated to the cent with the remainder on the last, due on first_due + (n - 1) * step; a NULL argument or a bad value is SQLSTATE 22023';

CREATE FUNCTION dunning.late_interest(principal numeric, from_date date, to_date date, annual_rate_percent numeric)
RETURNS numeric AS 'MODULE_PATHNAME', 'dunning_late_interest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.late_interest(numeric, date, date, numeric) IS
    'simple late-payment interest principal * annual_rate_percent / 100 * days / 365 with days = to_date - from_date (0 when negative), rounded once to cents half away from zero';

-- Statutory rates: one row per jurisdiction, kind of debt and period. The extension ships the
-- rows with builtin = true (refreshed by upgrade scripts, left out of dumps); users add their own
-- periods (builtin = false), which pg_dump keeps. docs/interest-and-costs.md lists the sources.
CREATE TABLE dunning.statutory_rates (
    jurisdiction   text    NOT NULL CHECK (jurisdiction IN ('EU', 'BE', 'NL', 'DE', 'FR')),
    consumer       boolean NOT NULL,
    valid_from     date    NOT NULL,
    valid_to       date    NOT NULL,
    reference_rate numeric,
    margin         numeric,
    rate           numeric NOT NULL CHECK (rate >= 0 AND rate = pg_catalog.round(rate, 4)),
    source         text    NOT NULL,
    builtin        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (jurisdiction, consumer, valid_from),
    CHECK (valid_to >= valid_from AND valid_from > '-infinity' AND valid_to < 'infinity')
);
COMMENT ON TABLE dunning.statutory_rates IS
    'statutory late-payment interest rates per jurisdiction, kind of debt (consumer or business) and period [valid_from, valid_to], in percent a year, with the legal source of each; add rows for new periods (builtin = false)';
COMMENT ON COLUMN dunning.statutory_rates.jurisdiction IS 'EU (Directive 2011/7/EU), BE, NL, DE or FR';
COMMENT ON COLUMN dunning.statutory_rates.consumer IS 'true: debts of consumers; false: commercial transactions between businesses';
COMMENT ON COLUMN dunning.statutory_rates.valid_from IS 'first day the rate applies to';
COMMENT ON COLUMN dunning.statutory_rates.valid_to IS 'last day the rate applies to (inclusive)';
COMMENT ON COLUMN dunning.statutory_rates.reference_rate IS 'the reference rate the rate is derived from (ECB main refinancing rate, German Basiszinssatz), NULL for rates set by decree';
COMMENT ON COLUMN dunning.statutory_rates.margin IS 'the statutory margin added to the reference rate, in percentage points, NULL for rates set by decree';
COMMENT ON COLUMN dunning.statutory_rates.rate IS 'the annual rate in percent that dunning.statutory_interest applies, at most 4 decimals';
COMMENT ON COLUMN dunning.statutory_rates.source IS 'the legal basis and the publication of the figure, and whether it was checked';
COMMENT ON COLUMN dunning.statutory_rates.builtin IS 'shipped with the extension: refreshed by upgrades, not dumped';

-- Shipped periods: half-years from 2019 to the first half of 2026 (Belgian consumer debts: years
-- to 2026). Figures derived by a statutory formula say so in `source`; the others were confirmed
-- by a publication of the rate. See docs/interest-and-costs.md.
INSERT INTO dunning.statutory_rates
    (jurisdiction, consumer, valid_from, valid_to, reference_rate, margin, rate, source, builtin)
WITH half_year (valid_from, ecb, basis, basis_checked) AS (VALUES
    -- ECB main refinancing rate in force on the first calendar day of the half-year, and the
    -- German Basiszinssatz from that day (whether a Bundesbank announcement of it was found).
    (DATE '2019-01-01', 0.00, -0.88, true),  (DATE '2019-07-01', 0.00, -0.88, true),
    (DATE '2020-01-01', 0.00, -0.88, true),  (DATE '2020-07-01', 0.00, -0.88, true),
    (DATE '2021-01-01', 0.00, -0.88, true),  (DATE '2021-07-01', 0.00, -0.88, true),
    (DATE '2022-01-01', 0.00, -0.88, true),  (DATE '2022-07-01', 0.00, -0.88, true),
    (DATE '2023-01-01', 2.50, 1.62, true),   (DATE '2023-07-01', 4.00, 3.12, false),
    (DATE '2024-01-01', 4.50, 3.62, false),  (DATE '2024-07-01', 4.25, 3.37, false),
    (DATE '2025-01-01', 3.15, 2.27, false),  (DATE '2025-07-01', 2.15, 1.27, true),
    (DATE '2026-01-01', 2.15, 1.27, true)
), period AS (
    SELECT valid_from, (valid_from + interval '6 months' - interval '1 day')::date AS valid_to, ecb, basis,
           basis_checked
      FROM half_year
), ecb_based (jurisdiction, margin, legal_basis, checked) AS (VALUES
    ('EU', 8, 'Directive 2011/7/EU art. 2(6), 2(7) and 3: reference rate (the ECB main refinancing rate in force on the first calendar day of the half-year) + 8 points',
     '{}'::date[]),
    ('NL', 8, 'Art. 6:119a and 6:120(2) BW (wettelijke handelsrente): the ECB main refinancing rate in force on the first calendar day of the half-year + 8 points',
     '{2019-01-01,2019-07-01,2020-01-01,2020-07-01,2021-01-01,2021-07-01,2022-01-01,2022-07-01,2023-01-01,2023-07-01,2024-01-01,2024-07-01,2025-01-01}'),
    ('BE', 8, 'Law of 2 August 2002 on late payment in commercial transactions, art. 5: the ECB main refinancing rate in force on the first calendar day of the half-year + 8 points, rounded up to the next half point',
     '{2023-07-01,2024-01-01,2025-01-01,2025-07-01}'),
    ('FR', 10, 'Code de commerce art. L441-10: the ECB main refinancing rate in force on 1 January (first half-year) or 1 July (second) + 10 points, absent a contractual rate',
     '{}')
), decreed (jurisdiction, valid_from, valid_to, rate, legal_basis) AS (VALUES
    -- Netherlands, non-commercial transactions: art. 6:119 BW, the rate set by decree (Besluit
    -- vaststelling wettelijke rente). Shipped only as far as a publication was found.
    ('NL', DATE '2019-01-01', DATE '2022-12-31', 2.00, 'Art. 6:119 BW (wettelijke rente), set by decree: 2% since 1 January 2015 (Stb. 2014, 491)'),
    ('NL', DATE '2023-01-01', DATE '2023-06-30', 4.00, 'Art. 6:119 BW (wettelijke rente), Besluit vaststelling wettelijke rente: 4% from 1 January 2023'),
    ('NL', DATE '2023-07-01', DATE '2023-12-31', 6.00, 'Art. 6:119 BW (wettelijke rente), set by decree: 6% from 1 July 2023'),
    ('NL', DATE '2024-01-01', DATE '2024-12-31', 7.00, 'Art. 6:119 BW (wettelijke rente), set by decree: 7% from 1 January 2024 (Stb. 2023, 484), unchanged on 1 July 2024'),
    ('NL', DATE '2025-01-01', DATE '2025-06-30', 6.00, 'Art. 6:119 BW (wettelijke rente), set by the decree of 10 December 2024: 6% from 1 January 2025; no publication of the rate from 1 July 2025 was found, so the table stops here'),
    -- Belgium, consumer debts: the legal interest rate in civil matters (Law of 5 May 1865 art. 2
    -- §1), published each January by the Treasury in the Belgisch Staatsblad / Moniteur belge.
    ('BE', DATE '2019-01-01', DATE '2019-12-31', 2.00, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2019'),
    ('BE', DATE '2020-01-01', DATE '2020-12-31', 1.75, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2020'),
    ('BE', DATE '2021-01-01', DATE '2021-12-31', 1.75, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2021'),
    ('BE', DATE '2022-01-01', DATE '2022-12-31', 1.50, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2022 (Belgisch Staatsblad 1 March 2022)'),
    ('BE', DATE '2023-01-01', DATE '2023-12-31', 5.25, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2023'),
    ('BE', DATE '2024-01-01', DATE '2024-12-31', 5.75, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2024'),
    ('BE', DATE '2025-01-01', DATE '2025-12-31', 4.50, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2025'),
    ('BE', DATE '2026-01-01', DATE '2026-12-31', 4.50, 'Law of 5 May 1865 art. 2 §1 (wettelijke interestvoet / taux d''intérêt légal) for 2026'),
    -- France, consumer debts: the taux de l'intérêt légal for creditors in "tous les autres cas"
    -- (the creditor dunning a consumer is a business), set each half-year by arrêté.
    ('FR', DATE '2019-01-01', DATE '2019-06-30', 0.86, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2019'),
    ('FR', DATE '2019-07-01', DATE '2019-12-31', 0.87, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2019'),
    ('FR', DATE '2020-01-01', DATE '2020-06-30', 0.87, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2020 (arrêté of 23 December 2019)'),
    ('FR', DATE '2020-07-01', DATE '2020-12-31', 0.84, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2020'),
    ('FR', DATE '2021-01-01', DATE '2021-06-30', 0.79, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2021'),
    ('FR', DATE '2021-07-01', DATE '2021-12-31', 0.76, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2021'),
    ('FR', DATE '2022-01-01', DATE '2022-06-30', 0.76, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2022'),
    ('FR', DATE '2022-07-01', DATE '2022-12-31', 0.77, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2022'),
    ('FR', DATE '2023-01-01', DATE '2023-06-30', 2.06, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2023'),
    ('FR', DATE '2023-07-01', DATE '2023-12-31', 4.22, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2023'),
    ('FR', DATE '2024-01-01', DATE '2024-06-30', 5.07, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2024'),
    ('FR', DATE '2024-07-01', DATE '2024-12-31', 4.92, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2024 (arrêté of 28 June 2024)'),
    ('FR', DATE '2025-01-01', DATE '2025-06-30', 3.71, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2025 (arrêté of 17 December 2024)'),
    ('FR', DATE '2025-07-01', DATE '2025-12-31', 2.76, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", second half of 2025 (arrêté of 19 June 2025)'),
    ('FR', DATE '2026-01-01', DATE '2026-06-30', 2.62, 'Code monétaire et financier art. L313-2 and D313-1-A: taux de l''intérêt légal, "tous les autres cas", first half of 2026 (arrêté of 15 December 2025)')
)
SELECT e.jurisdiction, false, p.valid_from, p.valid_to, p.ecb, e.margin,
       CASE e.jurisdiction WHEN 'BE' THEN pg_catalog.round(pg_catalog.ceil((p.ecb + e.margin) * 2) / 2, 2)
                           ELSE p.ecb + e.margin END,
       pg_catalog.format('%s; ECB rate on %s: %s%%. %s', e.legal_basis, p.valid_from, p.ecb,
                         CASE WHEN p.valid_from = ANY (e.checked)
                              THEN 'The resulting rate was confirmed by a publication of it.'
                              ELSE 'The resulting rate follows from the formula; no publication of it was checked.' END),
       true
  FROM period p CROSS JOIN ecb_based e
UNION ALL
SELECT 'DE', c.consumer, p.valid_from, p.valid_to, p.basis, c.margin, p.basis + c.margin,
       pg_catalog.format('§ 288(%s) BGB: Basiszinssatz (§ 247 BGB) + %s points; Basiszinssatz from %s: %s%%. %s',
                         CASE WHEN c.consumer THEN '1' ELSE '2' END, c.margin, p.valid_from, p.basis,
                         CASE WHEN p.basis_checked THEN 'Basiszinssatz confirmed by a Deutsche Bundesbank announcement.'
                              ELSE 'Basiszinssatz derived by the § 247 BGB rule from the change of the ECB rate; no Bundesbank announcement of it was checked.' END),
       true
  FROM period p CROSS JOIN (VALUES (true, 5), (false, 9)) AS c (consumer, margin)
UNION ALL
SELECT d.jurisdiction, true, d.valid_from, d.valid_to, NULL, NULL, d.rate, d.legal_basis || '.', true
  FROM decreed d;

SELECT pg_catalog.pg_extension_config_dump('dunning.statutory_rates', 'WHERE NOT builtin');

CREATE FUNCTION dunning.statutory_interest(principal numeric, from_date date, to_date date, jurisdiction text,
                                           consumer boolean DEFAULT false)
RETURNS numeric AS 'MODULE_PATHNAME', 'dunning_statutory_interest' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.statutory_interest(numeric, date, date, text, boolean) IS
    'statutory late-payment interest: principal * rate / 100 / 365 for each day d with from_date < d <= to_date at the rate of dunning.statutory_rates in force on d (consumer or business debt), rounded once to cents; a day without a rate is SQLSTATE 22023';

CREATE FUNCTION dunning.collection_costs(principal numeric, jurisdiction text, consumer boolean DEFAULT false)
RETURNS numeric AS 'MODULE_PATHNAME', 'dunning_collection_costs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dunning.collection_costs(numeric, text, boolean) IS
    'statutory compensation for recovery costs of one claim: EUR 40 for business debts (Directive 2011/7/EU art. 6; EU, BE, DE, FR), the WIK scale in NL (consumers and businesses), the Code of Economic Law art. XIX.2 maximum for BE consumers, 0 for other consumer debts';
