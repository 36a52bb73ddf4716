-- compose_letter reads the facts' and the lines' numerics as numeric_out prints them, without
-- numeric_out (src/core/numeric_codec.cpp, FormatNumericText): the raw texts ({amount_value}, ...)
-- of 5,000 generated numerics of every scale from 0 to 14, up to 10^20, negative, zero, and
-- with trailing zeros, are the ::text of the same values.
\ir setup.psql
SELECT plan(2);

SELECT setseed(0.31);
CREATE TEMP TABLE generated_numbers AS
SELECT g, (CASE WHEN random() < 0.3 THEN -1 ELSE 1 END
           * round((random() * 10 ^ floor(random() * 21))::numeric, floor(random() * 15)::int)) AS x
  FROM generate_series(1, 5000) g;
INSERT INTO generated_numbers VALUES (5001, 0), (5002, 0.00), (5003, 10000), (5004, 10000.0000), (5005, 0.0001),
    (5006, -0.5), (5007, 1e-14), (5008, 99999999999999999999.99999999999999);

SELECT is((SELECT count(*) FROM generated_numbers n,
                  LATERAL dunning.compose_letter('s', '{amount_value}|{fee_value}|{total_value}', '{}',
                      ROW('en', 'EUR', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                          n.x, -n.x, NULL, NULL, NULL, NULL, n.x * 10, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                          NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::dunning.letter_facts, NULL) c
            WHERE c.letter_body IS DISTINCT FROM n.x::text || '|' || (-n.x)::text || '|' || (n.x * 10)::text),
          0::bigint, 'facts: every numeric as numeric_out prints it');
SELECT ok((SELECT count(DISTINCT scale(x)) FROM generated_numbers) >= 15 AND (SELECT count(*) FROM generated_numbers WHERE x < 0) > 1000,
          'the numbers have every scale and both signs');

SELECT * FROM finish();
ROLLBACK;
