-- Locale formatting, IBAN/BIC checks, payment references and the letter settings (SPEC §11.1
-- settings, §13 locale). Amounts byte for byte as ICU 72 writes them: U+00A0 no-break space,
-- U+202F narrow no-break space.
\ir setup.psql
SELECT plan(67);

-- Amounts ------------------------------------------------------------------------------------------
SELECT is(dunning.format_amount(12619.77, 'EUR', 'nl'), E'\u20ac\u00a012.619,77', 'nl: € 12.619,77');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'fr'), E'12\u202f619,77\u00a0\u20ac', 'fr: 12 619,77 €');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'de'), E'12.619,77\u00a0\u20ac', 'de: 12.619,77 €');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'en'), E'\u20ac12,619.77', 'en: €12,619.77');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'nl-BE'), E'\u20ac\u00a012.619,77', 'nl-BE');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'fr-BE'), E'12\u202f619,77\u00a0\u20ac', 'fr-BE');
SELECT is(dunning.format_amount(12619.77, 'EUR', 'de-AT'), E'\u20ac\u00a012.619,77', 'de-AT puts the symbol first');
SELECT is(dunning.format_amount(-12619.77, 'EUR', 'nl'), E'\u20ac\u00a0-12.619,77', 'nl negative');
SELECT is(dunning.format_amount(-12619.77, 'EUR', 'fr'), E'-12\u202f619,77\u00a0\u20ac', 'fr negative');
SELECT is(dunning.format_amount(-12619.77, 'EUR', 'de'), E'-12.619,77\u00a0\u20ac', 'de negative');
SELECT is(dunning.format_amount(-12619.77, 'EUR', 'en'), E'-\u20ac12,619.77', 'en negative');
SELECT is(dunning.format_amount(5, 'EUR', 'nl'), E'\u20ac\u00a05,00', 'always the minor units');
SELECT is(dunning.format_amount(2.675, 'EUR', 'en'), E'\u20ac2.68', 'exact decimal, half away from zero (a double gives 2.67)');
SELECT is(dunning.format_amount(0.125, 'EUR', 'en'), E'\u20ac0.13', 'half away from zero, not to even');
SELECT is(dunning.format_amount(-0.004, 'EUR', 'en'), E'\u20ac0.00', 'no minus sign on zero');
SELECT is(dunning.format_amount(1250.5, 'JPY', 'de'), E'1.251\u00a0\u00a5', 'JPY has no minor units');
SELECT is(dunning.format_amount(12345678901234567890.125, 'EUR', 'en'), E'\u20ac12,345,678,901,234,567,890.13',
          'exact beyond a double');
SELECT is(dunning.format_amount(12619.77, NULL, 'nl'), '12.619,77', 'currency NULL: the number with 2 decimals');
SELECT is(dunning.format_amount(12619.7, NULL, 'fr'), E'12\u202f619,70', 'currency NULL in fr');
SELECT is(dunning.format_amount(NULL, 'EUR', 'nl'), NULL, 'amount NULL: NULL');
SELECT is(dunning.format_amount(1, 'EUR', NULL), NULL, 'locale NULL: NULL');

-- Dates --------------------------------------------------------------------------------------------
SELECT is(array_agg(dunning.format_date(DATE '2026-11-16', l) ORDER BY o),
          ARRAY['16 november 2026', '16 novembre 2026', '16. November 2026', '16 November 2026',
                'November 16, 2026', '16 november 2026', '16 novembre 2026', '16. November 2026'],
          'long dates: nl, fr, de, en (day month year), en-US, nl-BE, fr-BE, de-AT')
FROM unnest(ARRAY['nl', 'fr', 'de', 'en', 'en-US', 'nl-BE', 'fr-BE', 'de-AT']) WITH ORDINALITY AS u(l, o);
SELECT is(dunning.format_date(DATE '2026-01-05', 'de-AT'), '5. Jänner 2026', 'de-AT month names');
SELECT is(dunning.format_date(DATE '1500-03-01', 'en'), '1 March 1500', 'proleptic Gregorian, like PostgreSQL');
SELECT is((SELECT count(DISTINCT dunning.format_date(d::date, 'nl'))
           FROM generate_series(DATE '2024-01-01', DATE '2024-12-31', interval '1 day') d), 366::bigint,
          'every day of a leap year has its own text (no time zone shift)');
SELECT throws_ok($$SELECT dunning.format_date('infinity'::date, 'nl')$$, '22023', 'date infinity cannot be formatted',
                 'infinity');

-- Locales ------------------------------------------------------------------------------------------
SELECT is(dunning.letter_locale('nl', 'BE'), 'nl-BE', 'language and country');
SELECT is(dunning.letter_locale('nl-BE', 'NL'), 'nl-BE', 'a language with its country keeps it');
SELECT is(dunning.letter_locale('en', NULL), 'en', 'no country');
SELECT is(dunning.letter_locale(NULL, 'BE'), NULL, 'no language');
SELECT throws_ok($$SELECT dunning.format_amount(1, 'EUR', 'nl_BE')$$, '22023',
                 'locale "nl_BE" is not of the form ll or ll-CC', 'an ill-formed locale is named');
SELECT throws_ok($$SELECT dunning.format_date(DATE '2026-11-16', 'NL')$$, '22023',
                 'locale "NL" is not of the form ll or ll-CC', 'upper-case language');
SELECT throws_ok($$SELECT dunning.format_date(DATE '2026-11-16', 'qq')$$, '22023',
                 'locale "qq" has a language ICU has no data for: "qq"', 'a language ICU does not know');
SELECT throws_ok($$SELECT dunning.format_amount(1, 'EUR', 'nl-XY')$$, '22023',
                 'locale "nl-XY" has an unknown country: "XY"', 'a country ICU does not know');
SELECT throws_ok($$SELECT dunning.format_amount(1, 'eur', 'nl')$$, '22023',
                 'currency "eur" is not an ISO 4217 code', 'a currency in lower case');
SELECT throws_ok($$SELECT dunning.format_amount(1, 'QQQ', 'nl')$$, '22023',
                 'currency "QQQ" is not an ISO 4217 code ICU knows', 'an unknown currency');
SELECT throws_ok($$SELECT dunning.format_amount('NaN', 'EUR', 'nl')$$, '22023',
                 'amount "NaN" cannot be formatted: it is not a finite decimal number', 'NaN');

-- IBAN and BIC -------------------------------------------------------------------------------------
SELECT is(dunning.check_iban('be68 5390 0754 7034'), 'BE68539007547034', 'check_iban: electronic form');
SELECT is(dunning.format_iban('BE68539007547034'), 'BE68 5390 0754 7034', 'format_iban: groups of four');
SELECT is(dunning.format_iban('FR1420041010050500013M02606'), 'FR14 2004 1010 0505 0001 3M02 606', 'format_iban: FR');
SELECT throws_ok($$SELECT dunning.check_iban('US12345678901234')$$, '22023',
                 'iban "US12345678901234" has an unknown country code "US"', 'unknown country');
SELECT throws_ok($$SELECT dunning.check_iban('NL91ABNA041716430')$$, '22023',
                 'iban "NL91ABNA041716430" has 17 characters, not the 18 of a NL IBAN', 'length');
SELECT throws_ok($$SELECT dunning.check_iban('NL91ABNA0417164301')$$, '22023',
                 'iban "NL91ABNA0417164301" has wrong check digits', 'check digits');
SELECT is(dunning.check_bic('gebabebb'), 'GEBABEBB', 'check_bic: upper case');
SELECT throws_ok($$SELECT dunning.check_bic('GEBABEB')$$, '22023', 'bic "GEBABEB" has 7 characters, not 8 or 11',
                 'BIC length');

-- Payment references -------------------------------------------------------------------------------
SELECT is(dunning.payment_reference('letter', 4711), '4711', 'letter: the id');
SELECT is(dunning.payment_reference('be_ogm', 909337554), '+++090/9337/55493+++', 'be_ogm');
SELECT is(dunning.payment_reference('rf', 539007547034), 'RF18539007547034', 'rf: ISO 11649''s example');
SELECT ok(dunning.check_payment_reference('rf', 'RF18 5390 0754 7034'), 'rf in print form');
SELECT ok(NOT dunning.check_payment_reference('be_ogm', '+++090/9337/55494+++'), 'a wrong OGM check number');
SELECT throws_ok($$SELECT dunning.payment_reference('ogm', 1)$$, '22023', 'unknown payment reference scheme "ogm"',
                 'unknown scheme');
SELECT alike(pg_temp.hint_of($$SELECT dunning.check_payment_reference('iso', '1')$$), '%letter%be_ogm%rf%',
            'the hint lists the schemes');
SELECT throws_ok($$SELECT dunning.payment_reference('be_ogm', 10000000000)$$, '22023',
                 'letter id 10000000000 is too large for a Belgian structured communication', 'OGM ids below 10^10');
-- Independent: the check numbers computed with numeric arithmetic, over ids up to 10^10.
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 9999999999, 999983) id
           WHERE dunning.payment_reference('be_ogm', id) IS DISTINCT FROM
                 (SELECT '+++' || substr(d, 1, 3) || '/' || substr(d, 4, 4) || '/' || substr(d, 8, 5) || '+++'
                  FROM (SELECT lpad(id::text, 10, '0')
                               || lpad(CASE WHEN id::numeric % 97 = 0 THEN 97 ELSE id::numeric % 97 END::text, 2, '0') AS d) x)),
          0::bigint, 'be_ogm agrees with numeric mod 97 over 10,000 ids');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 9223372036854775807, 922337203685477) id
           WHERE dunning.payment_reference('rf', id) IS DISTINCT FROM
                 'RF' || lpad((98 - (id::text || '271500')::numeric % 97)::text, 2, '0') || id::text),
          0::bigint, 'rf agrees with numeric ISO 7064 mod 97-10 (R = 27, F = 15) over 10,000 ids');
SELECT is((SELECT count(*) FROM unnest(ARRAY['letter', 'be_ogm', 'rf']) s, generate_series(1::bigint, 3000) id
           WHERE NOT dunning.check_payment_reference(s, dunning.payment_reference(s, id * 7919))),
          0::bigint, 'every reference made is valid for its scheme');

-- Settings are checked when written ---------------------------------------------------------------
INSERT INTO dunning.settings (name, value) VALUES ('iban', 'be68 5390 0754 7034'), ('bic', 'gebabebb');
SELECT is((SELECT array_agg(value ORDER BY name) FROM dunning.settings WHERE name IN ('iban', 'bic')),
          ARRAY['GEBABEBB', 'BE68539007547034'], 'iban and bic are stored in their electronic form');
SELECT throws_ok($$UPDATE dunning.settings SET value = 'BE69539007547034' WHERE name = 'iban'$$, '22023',
                 'setting iban: iban "BE69539007547034" has wrong check digits', 'a bad iban names setting and value');
SELECT throws_ok($$INSERT INTO dunning.settings (name, value) VALUES ('payment_reference', 'ogm')$$, '22023',
                 'setting payment_reference must be letter, be_ogm or rf, not "ogm"', 'payment_reference');
SELECT lives_ok($$INSERT INTO dunning.settings (name, value) VALUES ('payment_reference', 'be_ogm')$$,
                'payment_reference be_ogm');
SELECT throws_ok($$INSERT INTO dunning.settings (name, value) VALUES ('pay_within_days', '0')$$, '22023',
                 'setting pay_within_days must be a whole number of days from 1 to 365, not "0"', 'pay_within_days 0');
SELECT is(ARRAY[pg_temp.sqlstate_of($$INSERT INTO dunning.settings (name, value) VALUES ('pay_within_days', '366')$$),
                pg_temp.sqlstate_of($$INSERT INTO dunning.settings (name, value) VALUES ('pay_within_days', '14.5')$$),
                pg_temp.sqlstate_of($$INSERT INTO dunning.settings (name, value) VALUES ('pay_within_days', '365')$$)],
          ARRAY['22023', '22023', NULL], 'pay_within_days: 366 and 14.5 refused, 365 accepted');
SELECT throws_ok($$INSERT INTO dunning.settings (name, value) VALUES ('approval', 'sometimes')$$, '22023',
                 'setting approval must be auto or manual, not "sometimes"', 'approval');
SELECT throws_ok($$INSERT INTO dunning.settings (name, value) VALUES ('dispute_contact', E' \n')$$, '22023',
                 'setting dispute_contact must not be empty', 'an empty sender text');
SELECT lives_ok($$INSERT INTO dunning.settings (name, value) VALUES ('sender', 'Creditor & Co'),
                  ('sender_address', E'Main Street 1\n1000 Brussels'), ('sender_registration', 'BE 0123.456.789')$$,
                'sender texts');
-- The source triggers still work beside the check.
CREATE VIEW public.erp_open_items AS SELECT * FROM dunning.ledger_items;
SELECT lives_ok($$SELECT dunning.set_source('open_items', 'public.erp_open_items')$$, 'set_source still works');

SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
           WHERE p.pronamespace = 'dunning'::regnamespace
             AND p.proname IN ('format_amount', 'format_date', 'letter_locale', 'check_iban', 'format_iban', 'check_bic',
                               'payment_reference', 'check_payment_reference')
             AND p.provolatile = 'i' AND p.proparallel = 's' AND dunning.public_routine(p.oid::regprocedure)
             AND has_function_privilege('public', p.oid, 'EXECUTE')),
          ARRAY['check_bic', 'check_iban', 'check_payment_reference', 'format_amount', 'format_date', 'format_iban',
                'letter_locale', 'payment_reference'],
          'IMMUTABLE, PARALLEL SAFE and executable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
