-- Letters a credit controller can send (SPEC §10, §13, issue 15): real letters written by
-- CALL dunning.run, read like a person reads them: the locale's amounts and dates, no ISO date, no
-- zero fee line, the salutation, how to pay, whom to call, the sender, the legal sentences per
-- jurisdiction, totals that add up; and the consumer rules over whole episodes.
\ir setup.psql
SELECT plan(95);

INSERT INTO dunning.settings (name, value) VALUES
    ('sender', 'Acme Benelux NV'), ('sender_address', 'Kunstlaan 1, 1000 Brussel'),
    ('sender_registration', 'KBO 0123.456.749'), ('iban', 'BE71 0961 2345 6769'), ('bic', 'GKCCBEBB'),
    ('payment_reference', 'rf'), ('dispute_contact', 'geschillen@acme.test, +32 2 123 45 67');
INSERT INTO dunning.policies (name, body) VALUES
    ('nl_consumer', '{"consumer_rules": "NL", "interest": {"kind": "statutory", "jurisdiction": "NL", "from_level": 2},
                      "collection_costs": {"jurisdiction": "NL", "from_level": 2}}'),
    ('be_consumer', '{"consumer_rules": "BE", "collection_costs": {"jurisdiction": "BE", "from_level": 2},
                      "levels": [{"level": 1, "days": 1}, {"level": 2, "days": 15, "fee": 15},
                                 {"level": 3, "days": 30, "fee": 15}, {"level": 4, "days": 45, "fee": 15}]}'),
    ('fr_b2b', '{"interest": {"kind": "statutory", "jurisdiction": "FR", "from_level": 1},
                 "collection_costs": {"jurisdiction": "FR", "from_level": 4}}'),
    ('nl_b2b', '{"interest": {"kind": "statutory", "jurisdiction": "NL", "from_level": 1},
                 "collection_costs": {"jurisdiction": "NL", "from_level": 4}}'),
    ('b2b', '{"levels": [{"level": 1, "days": 1}, {"level": 2, "days": 15, "fee": 10}]}');
INSERT INTO dunning.customers (customer_id, name, language, country, policy, postal_address) VALUES
    ('NL-MAIL', 'Jansen', 'nl', 'NL', 'nl_consumer', E'Kerkstraat 1\n1011 AB Amsterdam'),
    ('NL-POST', 'De Vries', 'nl', 'NL', 'nl_consumer', E'Dorpsweg 2\n3512 JC Utrecht'),
    ('BE-CONS', 'Peeters', 'nl', 'BE', 'be_consumer', E'Markt 3\n2000 Antwerpen'),
    ('FR-B2B', 'Dupont SARL', 'fr', 'FR', 'fr_b2b', E'1 rue de la Paix\n75002 Paris'),
    ('DE-B2B', 'Müller GmbH', 'de', 'DE', 'default', E'Hauptstraße 5\n10115 Berlin'),
    ('EN-B2B', 'Smith Ltd', 'en', NULL, 'b2b', E'1 High Street\nLondon'),
    ('NL-B2B', 'Bakker BV', 'nl', 'NL', 'nl_b2b', NULL),
    ('BE-FR', 'Dubois SRL', 'fr', 'BE', 'default', E'Rue Haute 9\n1000 Bruxelles');
INSERT INTO dunning.contacts (customer_id, email, name) VALUES
    ('NL-MAIL', 'p.jansen@example.nl', 'de heer P. Jansen'),
    ('DE-B2B', 'buchhaltung@mueller.test', NULL),
    ('EN-B2B', 'ap@smith.test', 'Ms A. Smith');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date, doc_date) VALUES
    ('NL-MAIL', 'NL-1', 'invoice', 400, 400, '2026-09-01', '2026-08-02'),
    ('NL-POST', 'NP-1', 'invoice', 400, 400, '2026-09-01', '2026-08-02'),
    ('BE-CONS', 'BE-1', 'invoice', 100, 100, '2026-09-01', '2026-08-02'),
    ('FR-B2B', 'FA-1', 'invoice', 1200, 1200, '2026-09-01', '2026-08-02'),
    ('FR-B2B', 'FA-2', 'invoice', 800, 800, '2026-09-10', '2026-08-11'),
    ('DE-B2B', 'RE-1', 'invoice', 800, 800, '2026-09-01', '2026-08-02'),
    ('DE-B2B', 'GS-1', 'credit_note', 50, 50, '2026-09-05', '2026-09-05'),
    ('EN-B2B', 'INV-1', 'invoice', 1234.56, 1234.56, '2026-09-01', '2026-08-02'),
    ('EN-B2B', 'FEE-7', 'fee', 12.5, 12.5, '2026-08-20', '2026-08-20'),
    ('NL-B2B', 'NB-1', 'invoice', 3000, 3000, '2026-09-01', '2026-08-02'),
    ('BE-FR', 'BF-1', 'invoice', 700, 700, '2026-09-01', '2026-08-02');

-- What a reader checks in every letter.
CREATE FUNCTION pg_temp.reads_well(id bigint) RETURNS text[] LANGUAGE sql AS $$
    SELECT array_remove(ARRAY[
        CASE WHEN l.body ~ '\d{4}-\d{2}-\d{2}' THEN 'an ISO date' END,
        CASE WHEN l.body ~ '(^|[^0-9.,])0[.,]00($|[^0-9])' THEN 'a zero amount line' END,
        CASE WHEN l.body ~ '\{[a-z_]+\}' THEN 'an unrendered placeholder' END,
        CASE WHEN split_part(l.body, E'\n', 1) ~ ('^\S+ ' || regexp_replace(l.addressee_name, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g') || ',$')
             THEN 'the company name as salutation' END,
        CASE WHEN position(dunning.format_iban('BE71 0961 2345 6769') IN l.body) = 0 THEN 'no IBAN' END,
        CASE WHEN position('GKCCBEBB' IN l.body) = 0 THEN 'no BIC' END,
        CASE WHEN position(l.payment_reference IN l.body) = 0 THEN 'no payment reference' END,
        CASE WHEN position('geschillen@acme.test' IN l.body) = 0 THEN 'no dispute contact' END,
        CASE WHEN position('Acme Benelux NV' IN l.body) = 0 OR position('KBO 0123.456.749' IN l.body) = 0 THEN 'no sender identity' END,
        CASE WHEN position(dunning.format_amount(l.total, l.currency, l.locale) IN l.body) = 0 THEN 'no total' END,
        CASE WHEN l.total <> l.amount + l.charges + l.fee + l.interest + l.costs THEN 'a total that does not add up' END,
        CASE WHEN l.action = 'remind' AND position(dunning.format_date(l.pay_by, l.locale) IN l.body) = 0 THEN 'no deadline' END
    ], NULL)
    FROM dunning.letters l WHERE l.letter_id = id
$$;

CALL dunning.run('2026-10-15');
CREATE TEMP TABLE first_round AS SELECT * FROM dunning.letters;

SELECT is((SELECT count(*) FROM first_round), 8::bigint, 'one letter per customer');
SELECT is(pg_temp.reads_well(l.letter_id), '{}'::text[], format('the %s letter (%s) reads well', l.customer_id, l.locale))
FROM first_round l ORDER BY l.customer_id;

-- The locale: ICU's amounts and dates for the customer's language and country.
SELECT is((SELECT locale FROM first_round WHERE customer_id = 'BE-CONS'), 'nl-BE', 'a Dutch-speaking Belgian gets nl-BE');
SELECT ok((SELECT body LIKE '%€' || U&'\00A0' || '400,00%' AND body LIKE '%1 september 2026%' FROM first_round WHERE customer_id = 'NL-MAIL'),
          'Dutch: € 400,00 and 1 september 2026');
SELECT ok((SELECT body LIKE '%1' || U&'\202F' || '200,00' || U&'\00A0' || '€%' AND body LIKE '%1 septembre 2026%'
           FROM first_round WHERE customer_id = 'FR-B2B'), 'French: 1 200,00 € and 1 septembre 2026');
SELECT ok((SELECT body LIKE '%800,00' || U&'\00A0' || '€%' AND body LIKE '%1. September 2026%' FROM first_round WHERE customer_id = 'DE-B2B'),
          'German: 800,00 € and 1. September 2026');
SELECT ok((SELECT body LIKE '%€1,234.56%' AND body LIKE '%1 September 2026%' FROM first_round WHERE customer_id = 'EN-B2B'),
          'English: €1,234.56 and 1 September 2026');
SELECT isnt((SELECT language FROM first_round WHERE customer_id = 'DE-B2B'), 'en', 'German letters are in German');

-- The salutation: the contact's name, else the language's neutral form.
SELECT ok((SELECT split_part(body, E'\n', 1) LIKE '%de heer P. Jansen%' FROM first_round WHERE customer_id = 'NL-MAIL'),
          'the named contact is addressed');
SELECT ok((SELECT split_part(body, E'\n', 1) LIKE '%Ms A. Smith%' FROM first_round WHERE customer_id = 'EN-B2B'),
          'the English contact is addressed by name');
SELECT ok((SELECT split_part(body, E'\n', 1) NOT LIKE '%Müller%' FROM first_round WHERE customer_id = 'DE-B2B'),
          'without a contact name the salutation is neutral, not the company');

-- The item table: document and due dates, original and open amounts, credits applied, charges.
SELECT ok((SELECT body LIKE '%2. August 2026%' AND body LIKE '%' || dunning.format_amount(50, 'EUR', 'de') || '%'
           FROM first_round WHERE customer_id = 'DE-B2B'), 'the document date and the credit applied are shown');
SELECT is((SELECT sum(i.allocated) FROM first_round l JOIN dunning.letter_items i USING (letter_id) WHERE l.customer_id = 'DE-B2B'),
          50.00, 'the credit applied is on the letter');
SELECT is((SELECT (charges, amount) FROM first_round WHERE customer_id = 'EN-B2B'), (12.50, 1234.56),
          'an open fee on the ledger is a charge, apart from the principal');
SELECT ok((SELECT body LIKE '%FEE-7%' AND body LIKE '%€12.50%' FROM first_round WHERE customer_id = 'EN-B2B'),
          'the open charge is listed with its amount');
SELECT ok((SELECT NOT EXISTS (SELECT FROM regexp_split_to_table(body, E'\n') line
                              WHERE line ~* '(fee|kosten|frais|gebühr)' AND line ~ '0[.,]00')
           FROM first_round WHERE customer_id = 'EN-B2B'), 'no fee line when the letter charges no fee');

-- NL consumer: the 14-day letter states the WIK amount, no VAT, 14 days after receipt with the date.
SELECT is((SELECT announced_costs FROM first_round WHERE customer_id = 'NL-MAIL'),
          dunning.collection_costs(400, 'NL', true), 'the 14-day letter announces the WIK amount');
SELECT ok((SELECT body LIKE '%binnen 14 dagen na ontvangst van deze brief%'
                  AND body LIKE '%' || dunning.format_amount(announced_costs, 'EUR', locale) || '%'
                  AND body LIKE '%' || dunning.format_date(pay_by, locale) || '%' AND body ~* 'btw'
           FROM first_round WHERE customer_id = 'NL-MAIL'), 'it says so in the legal words, with the amount, the date and VAT');
SELECT cmp_ok((SELECT pay_by FROM first_round WHERE customer_id = 'NL-MAIL'), '>=', '2026-10-30'::date,
              'by e-mail the deadline is at least 14 days after the day after receipt');
SELECT cmp_ok((SELECT pay_by FROM first_round WHERE customer_id = 'NL-POST'), '>=', '2026-11-01'::date,
              'by post two days later');
SELECT is((SELECT (fee, costs) FROM first_round WHERE customer_id = 'NL-MAIL'), (0::numeric, 0::numeric),
          'the 14-day letter itself charges nothing');

-- BE consumer: the free first reminder announces what may follow.
SELECT is((SELECT (fee, costs) FROM first_round WHERE customer_id = 'BE-CONS'), (0::numeric, 0::numeric),
          'the first reminder of an episode is free');
SELECT ok((SELECT body LIKE '%' || dunning.format_amount(dunning.collection_costs(100, 'BE', true), 'EUR', 'nl-BE') || '%'
                  AND body LIKE '%' || dunning.format_date(dunning.be_waiting_end('2026-10-15', 'post'), 'nl-BE') || '%'
                  AND body LIKE '%KBO 0123.456.749%' AND body LIKE '%BE-1%'
           FROM first_round WHERE customer_id = 'BE-CONS'),
          'it states the costs that may follow, the end of the waiting period, the enterprise number and the invoices');
SELECT cmp_ok((SELECT pay_by FROM first_round WHERE customer_id = 'BE-CONS'), '>=',
              dunning.be_waiting_end('2026-10-15', 'post'), 'a Belgian consumer''s deadline is not before the waiting period ends');

-- Business: statutory commercial interest from the due date (FR: rate of L441-10).
SELECT is((SELECT interest FROM first_round WHERE customer_id = 'FR-B2B'),
          (SELECT sum((dunning.run_interest(a, d, '2026-10-15', 'FR', false)).amount)
           FROM (VALUES (1200::numeric, '2026-09-01'::date), (800, '2026-09-10')) v(a, d)),
          'French business interest from each due date');
SELECT ok((SELECT body ~* 'intérêts de retard' AND body LIKE '%L441-10%' FROM first_round WHERE customer_id = 'FR-B2B'),
          'the French letter names the interest in its own terms');
SELECT ok((SELECT 'rate_carried_forward' = ANY (reason_codes) FROM first_round WHERE customer_id = 'FR-B2B'),
          'a day past the rates table carries the last rate forward and says so');

-- The formal notice to businesses: commercial interest and the 40 EUR per invoice.
CALL dunning.run('2026-10-30');
CALL dunning.run('2026-11-14');
CALL dunning.run('2026-11-29');
CALL dunning.run('2026-12-14');
CALL dunning.run('2027-01-05');
SELECT ok((SELECT bool_and(body ~* 'indemnité forfaitaire' AND body LIKE '%40,00' || U&'\00A0' || '€%')
           FROM dunning.letters WHERE customer_id = 'FR-B2B' AND tone = 'formal_notice'),
          'the French formal notice claims the indemnité forfaitaire of 40 €');
SELECT is((SELECT costs FROM dunning.letters WHERE customer_id = 'FR-B2B' AND tone = 'formal_notice' ORDER BY as_of LIMIT 1), 80.00,
          '40 EUR per invoice');
SELECT ok((SELECT count(*) >= 1 AND bool_and(body LIKE '%wettelijke handelsrente%')
           FROM dunning.letters WHERE customer_id = 'NL-B2B' AND tone = 'formal_notice'),
          'the Dutch business formal notice says wettelijke handelsrente');
SELECT ok((SELECT count(*) >= 1 AND bool_and(locale = 'fr-BE' AND language = 'fr-BE' AND body LIKE '%2 août 2002%')
           FROM dunning.letters WHERE customer_id = 'BE-FR' AND tone = 'formal_notice'),
          'a French-speaking Belgian business gets the fr-BE formal notice citing the law of 2 August 2002');
SELECT ok((SELECT count(*) >= 1 AND bool_and(body ~ '§ 288' AND body ~ 'Verzugspauschale')
           FROM dunning.letters WHERE customer_id = 'DE-B2B' AND tone = 'formal_notice'),
          'the German formal notice states the Verzugszinsen and the Verzugspauschale of § 288 BGB');
SELECT is(pg_temp.reads_well(l.letter_id), '{}'::text[], format('letter %s (%s, %s, %s) reads well', l.letter_id, l.customer_id, l.tone, l.locale))
FROM dunning.letters l WHERE l.as_of > '2026-10-15' ORDER BY l.letter_id;

-- Episodes: the NL consumer pays the WIK amount once, only after the 14-day letter's deadline.
SELECT is((SELECT (array_agg(costs ORDER BY as_of))[1:4] FROM dunning.letters WHERE customer_id = 'NL-MAIL'),
          ARRAY[0, dunning.collection_costs(400, 'NL', true), 0, 0]::numeric[],
          'NL by e-mail: the WIK amount once, in the letter after the 14-day letter');
SELECT is((SELECT sum(costs) FROM dunning.letters WHERE customer_id = 'NL-POST'), dunning.collection_costs(400, 'NL', true),
          'NL by post: the WIK amount once');
SELECT ok((SELECT bool_and(l.as_of > a.pay_by) FROM dunning.letters l
           JOIN dunning.letters a ON a.customer_id = l.customer_id AND a.announced_costs IS NOT NULL
           WHERE l.customer_id IN ('NL-MAIL', 'NL-POST') AND l.costs > 0),
          'costs are charged only after the announcing letter''s deadline');
SELECT is((SELECT sum(fee) FROM dunning.letters WHERE customer_id LIKE 'NL-%' AND customer_id <> 'NL-B2B'), 0::numeric,
          'no per-letter fees for Dutch consumers');
-- BE consumer: the fees and costs of the episode stay within the Book XIX scale.
SELECT cmp_ok((SELECT sum(fee + costs) FROM dunning.letters WHERE customer_id = 'BE-CONS'), '<=',
              dunning.collection_costs(100, 'BE', true), 'a Belgian consumer never pays more than the scale over the episode');
SELECT cmp_ok((SELECT sum(fee + costs) FROM dunning.letters WHERE customer_id = 'BE-CONS'), '>', 0::numeric,
              '... and the scale is charged once announced');
SELECT ok((SELECT bool_and(fee >= 0 AND costs >= 0 AND interest >= 0) FROM dunning.letters), 'no letter charges a negative amount');
SELECT ok((SELECT bool_or('fee_capped_by_law' = ANY (reason_codes) OR 'costs_already_charged' = ANY (reason_codes))
           FROM dunning.letters WHERE customer_id = 'BE-CONS'), 'the reason says which rule cut the charge');
SELECT is((SELECT array_agg(level ORDER BY as_of) FROM dunning.letters WHERE customer_id = 'BE-CONS'), ARRAY[1, 2, 3, 4],
          'four letters in the BE episode, each after the previous deadline and waiting period');

-- Payment references: the ISO 11649 RF reference of the letter id.
SELECT ok((SELECT bool_and(dunning.check_payment_reference('rf', payment_reference)) FROM dunning.letters),
          'every letter carries a valid RF reference');

-- Phrases: the chain ll-CC, ll, en; the jurisdiction's wording first; your rows before shipped ones.
SELECT is(dunning.language_chain('nl-BE'), '{nl-BE,nl,en}'::text[], 'texts are looked up nl-BE, nl, en');
SELECT is(dunning.letter_phrases('nl-BE', 'BE') ->> 'interest_notice_business',
          coalesce((SELECT text FROM dunning.phrases WHERE language = 'nl-BE' AND name = 'interest_notice_business_BE'),
                   (SELECT text FROM dunning.phrases WHERE language = 'nl' AND name = 'interest_notice_business_BE')),
          'a Belgian letter gets the Belgian wording of a legal phrase');
INSERT INTO dunning.phrases (language, name, text) VALUES ('de', 'salutation_neutral', 'Guten Tag,');
SELECT is(dunning.letter_phrases('de-AT', 'DE') ->> 'salutation_neutral', 'Guten Tag,', 'your phrase before the shipped one');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.phrases (language, name, text) VALUES ('de', 'dispute_line', 'Fragen: {dispute_kontakt}')$$),
          '22023', 'a phrase with an unknown placeholder is refused when stored');

-- The fields letters need are checked when written, naming the customer or setting.
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.customers (customer_id, language) VALUES ('BAD-1', 'nl_BE')$$), '22023',
          'a malformed language tag is 22023');
SELECT is(pg_temp.message_of($$INSERT INTO dunning.customers (customer_id, language) VALUES ('BAD-1', 'nl_BE')$$),
          'customer "BAD-1": language ''nl_BE'' is not a language tag ll or ll-CC', '... naming the customer and the tag');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.customers SET country = 'be' WHERE customer_id = 'NL-MAIL'$$), '22023',
          'a malformed country is 22023');
SELECT is(pg_temp.sqlstate_of($$INSERT INTO dunning.customers (customer_id, language) VALUES ('BAD-2', 'qq')$$), '22023',
          'a language ICU has no data for is 22023');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.settings SET value = 'BE71 0961 2345 6760' WHERE name = 'iban'$$), '22023',
          'a bad IBAN is 22023');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.settings SET value = 'ogm' WHERE name = 'payment_reference'$$), '22023',
          'an unknown payment reference scheme is 22023');

SELECT * FROM finish();
ROLLBACK;
