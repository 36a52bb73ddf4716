-- dunning.compose_letter and dunning.items_table (C++, src/core/letter_compose.cpp) give the
-- same text as the PL/pgSQL they replaced (issue 18), kept here as the oracle in pg_temp: over a
-- thousand generated letters in every shipped locale and template (the facts a jsonb object for
-- the oracle and, with the same values, a dunning.letter_facts row for the C++), with and without contact name,
-- fee, charges, credits, interest, costs, notices, plan offers, department, IBAN and dispute
-- contact, with empty, NULL and unsorted item lines; and the same errors for broken input.
\ir setup.psql
SELECT plan(12);

-- The PL/pgSQL of extension/src/52_letter_compose.sql before issue 18, verbatim but for the names.
-- The {items} table of a letter: document, document date, due date, original and open amount, days
-- overdue; under an item the credits applied to it; then the open charges. Columns are padded to
-- the widest value (monospace in e-mail and in the PDF); amounts are right-aligned.
CREATE FUNCTION pg_temp.items_table_sql(lines dunning.letter_items[], phrases jsonb, locale text, currency text)
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    header  text[] := string_to_array(coalesce(phrases ->> 'items_header', 'Document|Date|Due date|Amount|Open|Days overdue'), '|');
    rows    text[][];
    credits text[] := '{}';
    widths  integer[] := ARRAY[0, 0, 0, 0, 0, 0];
    line    dunning.letter_items;
    cells   text[];
    result  text := '';
    k       integer;
    n       integer := 0;
BEGIN
    rows := ARRAY[header];
    credits := ARRAY[''];
    FOR line IN SELECT * FROM unnest(lines) i ORDER BY i.status = 'charge', i.due_date NULLS LAST, i.item_id LOOP
        cells := ARRAY[line.item_id,
                       coalesce(dunning.format_date(coalesce(line.doc_date, line.due_date), locale), ''),
                       coalesce(dunning.format_date(line.due_date, locale), ''),
                       coalesce(dunning.format_amount(coalesce(line.amount, line.open_amount), currency, locale), ''),
                       coalesce(dunning.format_amount(line.net_open, currency, locale), ''),
                       CASE WHEN line.status = 'overdue' THEN line.days_overdue::text ELSE '' END];
        rows := rows || ARRAY[cells];
        credits := credits || CASE WHEN coalesce(line.allocated, 0) > 0 AND line.status <> 'charge'
                                   THEN dunning.render(phrases ->> 'item_credit',
                                            jsonb_build_object('credit_amount', dunning.format_amount(line.allocated, currency, locale)))
                                   ELSE '' END;
    END LOOP;
    FOR n IN 1 .. array_length(rows, 1) LOOP
        FOR k IN 1 .. 6 LOOP
            widths[k] := greatest(widths[k], char_length(rows[n][k]));
        END LOOP;
    END LOOP;
    FOR n IN 1 .. array_length(rows, 1) LOOP
        result := result || CASE WHEN n > 1 THEN E'\n' ELSE '' END
            || rtrim(rpad(rows[n][1], widths[1]) || '  ' || rpad(rows[n][2], widths[2]) || '  '
                     || rpad(rows[n][3], widths[3]) || '  ' || lpad(rows[n][4], widths[4]) || '  '
                     || lpad(rows[n][5], widths[5]) || '  ' || lpad(rows[n][6], widths[6]));
        IF credits[n] <> '' THEN
            result := result || E'\n' || repeat(' ', 4) || credits[n];
        END IF;
    END LOOP;
    RETURN result;
END
$$;

-- A phrase rendered, or '' when the language has none of that name.
CREATE FUNCTION pg_temp.phrase_sql(phrases jsonb, name text, vars jsonb)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(dunning.render($1 ->> $2, $3), '')
$$;

-- The subject and body of one letter: the values of SPEC §13 localized for the letter's locale, the
-- paragraphs that apply built from the phrases, then the template rendered. facts holds the raw
-- values the run decided (amounts, dates, which notices apply); see dunning.run.
CREATE FUNCTION pg_temp.compose_letter_sql(subject text, body text, phrases jsonb, facts jsonb,
                                       lines dunning.letter_items[], OUT letter_subject text, OUT letter_body text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    locale    text := facts ->> 'locale';
    currency  text := facts ->> 'currency';
    vars      jsonb;
    money     jsonb := '{}';
    name      text;
    value     numeric;
    totals    text[] := '{}';
    charges   text := '';
    line      dunning.letter_items;
    contact   text := coalesce(facts ->> 'contact_name', '');
BEGIN
    FOREACH name IN ARRAY ARRAY['amount', 'fee', 'charges', 'interest', 'costs', 'credits', 'total', 'announced_costs'] LOOP
        value := (facts ->> name)::numeric;
        money := money || jsonb_build_object(name, CASE WHEN value IS NULL OR (value = 0 AND name NOT IN ('amount', 'total')) THEN ''
                                                        ELSE dunning.format_amount(value, currency, locale) END,
                                             name || '_value', coalesce(value, 0)::text);
    END LOOP;
    vars := jsonb_build_object(
        'customer', facts ->> 'customer', 'unit', facts ->> 'unit', 'addressee', facts ->> 'addressee',
        'contact_name', contact, 'customer_id', facts ->> 'customer_id',
        'department', coalesce(facts ->> 'department', ''), 'project', coalesce(facts ->> 'project', ''),
        'sender', coalesce(facts ->> 'sender', ''), 'sender_address', coalesce(facts ->> 'sender_address', ''),
        'sender_registration', coalesce(facts ->> 'sender_registration', ''),
        'sender_block', array_to_string(ARRAY[facts ->> 'sender', facts ->> 'sender_address', facts ->> 'sender_registration'], E'\n'),
        'dispute_contact', coalesce(facts ->> 'dispute_contact', ''),
        'as_of', dunning.format_date((facts ->> 'as_of')::date, locale),
        'pay_by', coalesce(dunning.format_date((facts ->> 'pay_by')::date, locale), ''),
        'as_of_iso', facts ->> 'as_of', 'pay_by_iso', coalesce(facts ->> 'pay_by', ''),
        'currency', coalesce(currency, ''), 'level', facts ->> 'level',
        'days_overdue', coalesce(facts ->> 'days_overdue', ''), 'item_count', facts ->> 'item_count',
        'iban', coalesce(dunning.format_iban(facts ->> 'iban'), ''), 'bic', coalesce(facts ->> 'bic', ''),
        'payment_reference', coalesce(facts ->> 'payment_reference', ''),
        'interest_rate', coalesce(replace(facts ->> 'interest_rate', '.', CASE WHEN split_part(locale, '-', 1) = 'en' THEN '.' ELSE ',' END) || ' %', ''),
        'costs_per_invoice', dunning.format_amount(40, currency, locale),
        'invoice_count', coalesce(facts ->> 'invoice_count', '0'),
        'costs_deadline', coalesce(dunning.format_date((facts ->> 'pay_by')::date, locale), ''),
        'previous_pay_by', coalesce(dunning.format_date((facts ->> 'previous_pay_by')::date, locale), ''),
        'previous_letter_date', coalesce(dunning.format_date((facts ->> 'previous_letter_date')::date, locale), ''),
        'waiting_end', coalesce(dunning.format_date((facts ->> 'waiting_end')::date, locale), ''),
        'announced_interest_rate', coalesce(replace(facts ->> 'announced_interest_rate', '.', CASE WHEN split_part(locale, '-', 1) = 'en' THEN '.' ELSE ',' END) || ' %', ''),
        'credit_amount', '', 'charge_document', '', 'charge_date', '', 'charge_amount', '',
        'installment_n', '', 'installment_due', '', 'installment_amount', '', 'plan_offer', '', 'plan_total', '')
        || money;
    vars := vars || jsonb_build_object(
        'salutation', CASE WHEN contact <> '' THEN pg_temp.phrase_sql(phrases, 'salutation_named', vars)
                           ELSE pg_temp.phrase_sql(phrases, 'salutation_neutral', vars) END,
        'items', pg_temp.items_table_sql(lines, phrases, locale, currency));

    -- the open charges on the ledger, one line each under a heading
    FOR line IN SELECT * FROM unnest(lines) i WHERE i.status = 'charge' ORDER BY i.due_date, i.item_id LOOP
        charges := charges || E'\n' || pg_temp.phrase_sql(phrases, 'charge_line', vars || jsonb_build_object(
            'charge_document', line.item_id, 'charge_date', coalesce(dunning.format_date(coalesce(line.doc_date, line.due_date), locale), ''),
            'charge_amount', dunning.format_amount(line.net_open, currency, locale)));
    END LOOP;
    IF charges <> '' THEN
        charges := pg_temp.phrase_sql(phrases, 'charges_heading', vars) || charges;
    END IF;

    -- the totals: the parts that are not zero, then the total
    totals := ARRAY[pg_temp.phrase_sql(phrases, 'line_amount', vars)];
    IF vars ->> 'charges' <> '' THEN totals := totals || pg_temp.phrase_sql(phrases, 'line_charges', vars); END IF;
    IF vars ->> 'fee' <> '' THEN totals := totals || pg_temp.phrase_sql(phrases, 'line_fee', vars); END IF;
    IF vars ->> 'interest' <> '' THEN totals := totals || pg_temp.phrase_sql(phrases, 'line_interest', vars); END IF;
    IF vars ->> 'costs' <> '' THEN totals := totals || pg_temp.phrase_sql(phrases, 'line_costs', vars); END IF;
    totals := totals || pg_temp.phrase_sql(phrases, 'line_total', vars);

    vars := vars || jsonb_build_object(
        'totals', array_to_string(totals, E'\n'),
        'fee_line', CASE WHEN vars ->> 'fee' <> '' THEN pg_temp.phrase_sql(phrases, 'line_fee', vars) ELSE '' END,
        'charges_lines', charges,
        'interest_notice', CASE WHEN facts ->> 'interest_notice' IS NOT NULL
                                THEN pg_temp.phrase_sql(phrases, facts ->> 'interest_notice', vars) ELSE '' END,
        'costs_notice', CASE WHEN facts ->> 'costs_notice' IS NOT NULL
                             THEN pg_temp.phrase_sql(phrases, facts ->> 'costs_notice', vars) ELSE '' END,
        'payment_details', CASE WHEN coalesce(facts ->> 'iban', '') <> '' THEN pg_temp.phrase_sql(phrases, 'payment_details', vars)
                                ELSE pg_temp.phrase_sql(phrases, 'payment_details_no_iban', vars) END,
        'dispute_line', CASE WHEN coalesce(facts ->> 'dispute_contact', '') <> '' THEN pg_temp.phrase_sql(phrases, 'dispute_line', vars)
                             ELSE pg_temp.phrase_sql(phrases, 'dispute_line_sender', vars) END);

    -- the payment plan offered (SPEC §13): its instalments and how to accept it
    IF jsonb_typeof(facts -> 'plan') = 'array' THEN
        vars := vars || jsonb_build_object('plan_total', dunning.format_amount(
            (SELECT sum((o ->> 'amount')::numeric) FROM jsonb_array_elements(facts -> 'plan') o), currency, locale));
        vars := vars || jsonb_build_object('plan_offer',
            pg_temp.phrase_sql(phrases, 'plan_offer_intro', vars) || E'\n\n'
            || (SELECT string_agg(pg_temp.phrase_sql(phrases, 'plan_offer_line', vars || jsonb_build_object(
                                      'installment_n', o ->> 'n',
                                      'installment_due', dunning.format_date((o ->> 'due_date')::date, locale),
                                      'installment_amount', dunning.format_amount((o ->> 'amount')::numeric, currency, locale))),
                                  E'\n' ORDER BY (o ->> 'n')::integer)
                FROM jsonb_array_elements(facts -> 'plan') o)
            || E'\n\n' || pg_temp.phrase_sql(phrases, 'plan_offer_accept', vars));
    END IF;
    letter_subject := dunning.render(subject, vars);
    -- an empty paragraph leaves no blank lines behind
    letter_body := regexp_replace(regexp_replace(dunning.render(body, vars), E'[ \t]+\n', E'\n', 'g'), E'\n{3,}', E'\n\n', 'g');
END
$$;


-- The cases: each shipped locale with its jurisdiction, every builtin template of its language,
-- 24 variations of the facts and item lines.
CREATE TEMP TABLE cases AS
WITH locales(locale, jurisdiction, currency) AS (
    VALUES ('en', 'EU', 'EUR'), ('nl', 'NL', 'EUR'), ('fr', 'FR', 'EUR'), ('de', 'DE', 'EUR'),
           ('nl-BE', 'BE', 'EUR'), ('fr-BE', 'BE', 'EUR'), ('en', 'DE', NULL), ('de', 'DE', 'CHF')
), lines(i, lines) AS (
    SELECT i, CASE
        WHEN i % 8 = 0 THEN '{}'::dunning.letter_items[]
        WHEN i % 8 = 4 THEN NULL
        ELSE ARRAY(
            SELECT ROW(1, x.item_id, 'invoice', x.due_date, x.due_date, x.open_amount, x.net_open, x.days,
                       1, x.status, x.doc_date, x.amount, x.allocated)::dunning.letter_items
            FROM (VALUES
                ('INV-10', date '2026-01-10', 120.00, 100.00, 51, 'overdue', date '2026-01-01', 150.00, 50.00),
                ('inv-9', date '2026-01-10', 80.5, 80.5, 51, 'overdue', NULL, NULL, NULL),
                ('INV_2', date '2025-12-01', 1234567.891, 1234567.891, 91, 'overdue', NULL, 1300000, 0),
                ('Äpfel-1', NULL, 10, 10, NULL, 'not_due', NULL, NULL, 3.5),
                ('FEE-3', date '2026-02-01', 15, 15, 29, 'charge', NULL, 15, NULL),
                ('FEE-1', date '2026-01-15', 7.5, 5, 46, 'charge', date '2026-01-14', 7.5, 2.5),
                ('CN-1', date '2026-01-05', -30, -30, NULL, 'credit', NULL, -30, NULL),
                ('G-1', date '2026-03-01', 5, 5, NULL, 'grace', NULL, NULL, 1)
            ) x(item_id, due_date, open_amount, net_open, days, status, doc_date, amount, allocated)
            WHERE (i + length(x.item_id)) % 3 <> 0 OR x.status = 'overdue'
            ORDER BY (i * length(x.item_id)) % 5)
        END
    FROM generate_series(1, 24) i
)
SELECT row_number() OVER () AS n, l.locale, l.jurisdiction, t.subject, t.body,
       dunning.letter_phrases(l.locale, l.jurisdiction) AS phrases,
       jsonb_build_object(
           'locale', l.locale, 'currency', l.currency, 'customer', 'Société Générale ' || i,
           'unit', 'Société Générale ' || i || CASE WHEN i % 5 = 1 THEN ' / Sales' ELSE '' END,
           'addressee', CASE WHEN i % 7 <> 3 THEN 'Accounts payable' END,
           'contact_name', CASE WHEN i % 2 = 0 THEN 'Jan Peeters' WHEN i % 6 = 3 THEN '' END,
           'customer_id', 'C' || i, 'department', CASE WHEN i % 5 = 1 THEN 'Sales' END,
           'project', CASE WHEN i % 7 = 2 THEN 'P-1' END,
           'sender', 'Acme Benelux NV', 'sender_address', CASE WHEN i % 4 <> 1 THEN 'Kunstlaan 1, 1000 Brussel' END,
           'sender_registration', CASE WHEN i % 3 <> 2 THEN 'KBO 0123.456.749' END,
           'dispute_contact', CASE WHEN i % 3 = 0 THEN 'geschillen@acme.test' END,
           'as_of', date '2026-03-02', 'pay_by', CASE WHEN i % 9 <> 5 THEN date '2026-03-16' END,
           'amount', 1234.5 + i, 'fee', CASE WHEN i % 3 = 0 THEN 15 WHEN i % 3 = 1 THEN 0 END,
           'charges', CASE WHEN i % 4 = 1 THEN 12.50 ELSE 0.00 END,
           'interest', CASE WHEN i % 3 = 1 THEN 4.27 WHEN i % 3 = 2 THEN 0 END,
           'costs', CASE WHEN i % 4 = 2 THEN 40 ELSE 0 END, 'credits', CASE WHEN i % 5 = 2 THEN 30 ELSE 0 END,
           'total', 1300.17 + i, 'announced_costs', CASE WHEN i % 6 = 3 THEN 65 END,
           'level', 1 + i % 4, 'days_overdue', CASE WHEN i % 10 <> 7 THEN 10 + i END,
           'item_count', i % 5, 'iban', CASE WHEN i % 2 = 1 THEN 'BE71096123456769' END,
           'bic', CASE WHEN i % 2 = 1 THEN 'GKCCBEBB' END, 'payment_reference', '+++090/9337/55493+++',
           'interest_rate', CASE WHEN i % 3 <> 0 THEN 10.5 END, 'invoice_count', CASE WHEN i % 4 <> 0 THEN i % 4 END,
           'previous_pay_by', CASE WHEN i % 4 = 2 THEN date '2026-02-15' END,
           'previous_letter_date', CASE WHEN i % 4 = 2 THEN date '2026-02-01' END,
           'waiting_end', CASE WHEN l.jurisdiction = 'BE' AND i % 2 = 0 THEN date '2026-03-20' END,
           'announced_interest_rate', CASE WHEN i % 6 = 3 THEN 8 END,
           'interest_notice', (ARRAY['interest_notice_contractual', 'interest_notice_consumer', 'interest_notice_business',
                                     'interest_right_business', NULL, 'no_such_phrase'])[1 + i % 6],
           'costs_notice', (ARRAY['costs_announce_consumer', 'costs_charged_consumer', 'costs_notice_consumer',
                                  'costs_notice_business', 'costs_right_business', NULL, NULL])[1 + i % 7],
           'plan', CASE WHEN i % 3 = 2 THEN jsonb_build_array(
                            jsonb_build_object('n', 2, 'due_date', date '2026-04-16', 'amount', 411.50),
                            jsonb_build_object('n', 10, 'due_date', date '2026-05-16', 'amount', 411.5),
                            jsonb_build_object('n', 1, 'due_date', date '2026-03-16', 'amount', 411.505))
                        WHEN i % 12 = 0 THEN '[]' END) AS facts,
       ln.lines
FROM locales l
JOIN dunning.templates t ON t.language = l.locale AND t.builtin
CROSS JOIN lines ln(i, lines);

-- The facts as the C++ takes them: a row of the same values (each key a column).
CREATE FUNCTION pg_temp.facts_row(facts jsonb) RETURNS dunning.letter_facts LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_populate_record(NULL::dunning.letter_facts, facts)
$$;

CREATE TEMP TABLE composed AS
SELECT c.n, c.locale, s.letter_subject AS c_subject, s.letter_body AS c_body,
       o.letter_subject AS sql_subject, o.letter_body AS sql_body
FROM cases c,
     LATERAL dunning.compose_letter(c.subject, c.body, c.phrases, pg_temp.facts_row(c.facts), c.lines) s,
     LATERAL pg_temp.compose_letter_sql(c.subject, c.body, c.phrases, c.facts, c.lines) o;

SELECT cmp_ok((SELECT count(*) FROM composed), '>=', 1000::bigint, 'over a thousand letters compared');
SELECT is((SELECT array_agg(DISTINCT locale ORDER BY locale) FROM composed), ARRAY['de', 'en', 'fr', 'fr-BE', 'nl', 'nl-BE'],
          'in every shipped locale');
SELECT is((SELECT count(*) FROM composed WHERE (c_subject, c_body) IS DISTINCT FROM (sql_subject, sql_body)), 0::bigint,
          'compose_letter: the same subject and body as the PL/pgSQL version');
SELECT diag('first difference in case ' || n || E':\n' || c_body || E'\n--- PL/pgSQL:\n' || sql_body)
FROM composed WHERE (c_subject, c_body) IS DISTINCT FROM (sql_subject, sql_body) ORDER BY n LIMIT 1;
-- the cases reach what they are meant to: named salutations, charges, credits, plan offers
SELECT ok((SELECT count(*) FROM composed WHERE c_body LIKE '%Jan Peeters%') > 0
          AND (SELECT count(*) FROM composed WHERE c_body LIKE '%FEE-1%' AND c_body LIKE '%FEE-3%') > 0
          AND (SELECT count(*) FROM composed WHERE c_body ~ E'\n    \\S') > 0
          AND (SELECT count(*) FROM composed c JOIN cases USING (n)
               WHERE cases.facts -> 'plan' -> 2 IS NOT NULL AND c_body LIKE '%' || dunning.format_amount(411.51, 'EUR', c.locale) || '%') > 0,
          'the cases reach named salutations, charge lines, credit lines and plan offers');

-- the items table alone, every case's lines, locale and currency, and a header of the caller's
SELECT is((SELECT count(*) FROM cases c
           WHERE dunning.items_table(c.lines, c.phrases, c.facts ->> 'locale', c.facts ->> 'currency')
                 IS DISTINCT FROM pg_temp.items_table_sql(c.lines, c.phrases, c.facts ->> 'locale', c.facts ->> 'currency')), 0::bigint,
          'items_table: the same text as the PL/pgSQL version');
SELECT is((SELECT count(*) FROM cases c, (VALUES ('{"items_header": "Doc|Datum|Vervaldag|Bedrag|Open|Dagen"}'::jsonb),
                                                 ('{"items_header": "a|b|c|d|e|f", "item_credit": "less {credit_amount}"}'),
                                                 ('{}'), (NULL), ('[1, 2]')) p(phrases)
           WHERE dunning.items_table(c.lines, p.phrases, c.facts ->> 'locale', c.facts ->> 'currency')
                 IS DISTINCT FROM pg_temp.items_table_sql(c.lines, p.phrases, c.facts ->> 'locale', c.facts ->> 'currency')), 0::bigint,
          'items_table: the same with the default header, a header and a credit phrase of the caller''s, no phrases');
SELECT is(dunning.items_table(NULL, NULL, NULL, NULL), pg_temp.items_table_sql(NULL, NULL, NULL, NULL),
          'items_table of nothing: the header alone, as before');
SELECT is((SELECT count(*) FROM cases c,
                  LATERAL dunning.compose_letter(c.subject, c.body, '{}', pg_temp.facts_row(c.facts), c.lines) s,
                  LATERAL pg_temp.compose_letter_sql(c.subject, c.body, '{}', c.facts, c.lines) o
           WHERE (s.letter_subject, s.letter_body) IS DISTINCT FROM (o.letter_subject, o.letter_body) AND c.n % 7 = 0), 0::bigint,
          'no phrases at all: the same letters');

-- the same errors: an error, with the same message and detail
CREATE FUNCTION pg_temp.error_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE statement;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END $$;
SELECT is(pg_temp.error_of($$SELECT dunning.compose_letter('{nope}', 'x', '{}', pg_temp.facts_row('{"locale": "nl"}'), NULL)$$),
          pg_temp.error_of($$SELECT pg_temp.compose_letter_sql('{nope}', 'x', '{}', '{"locale": "nl"}', NULL)$$),
          'a placeholder without value: the same error');
SELECT is(pg_temp.error_of($$SELECT dunning.compose_letter('x', 'x', '{"salutation_neutral": "Dear {items}"}', pg_temp.facts_row('{"locale": "nl"}'), NULL)$$),
          pg_temp.error_of($$SELECT pg_temp.compose_letter_sql('x', 'x', '{"salutation_neutral": "Dear {items}"}', '{"locale": "nl"}', NULL)$$),
          'a phrase naming a value that comes later: the same error, listing the same values');
SELECT is(pg_temp.error_of($$SELECT dunning.compose_letter('x', 'x', '{}', pg_temp.facts_row('{"locale": "xx-YY"}'), NULL)$$),
          pg_temp.error_of($$SELECT pg_temp.compose_letter_sql('x', 'x', '{}', '{"locale": "xx-YY"}', NULL)$$),
          'a bad locale: the same error');
SELECT ok(pg_temp.error_of($$SELECT dunning.compose_letter('{nope}', 'x', '{}', pg_temp.facts_row('{"locale": "nl"}'), NULL)$$) LIKE '22023: %nope%',
          'which is an error');

SELECT * FROM finish();
ROLLBACK;
