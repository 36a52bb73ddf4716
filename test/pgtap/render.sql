-- dunning.render(template, vars) (SPEC §11).
\ir setup.psql
SELECT plan(10);

SELECT is(dunning.render('Dear {customer}, please pay {amount:.2f} {currency} by {due}.',
                         jsonb_build_object('customer', 'Acme NV', 'amount', 5000, 'currency', 'EUR', 'due', DATE '2026-03-16')),
          'Dear Acme NV, please pay 5000.00 EUR by 2026-03-16.', 'fills named placeholders from jsonb_build_object');
SELECT is(dunning.render('{amount:.2f}', '{"amount": 2.675}'), '2.68', 'numbers round exactly, half away from zero');
SELECT is(dunning.render('|{amount:>10.2f}|', jsonb_build_object('amount', 12.5::numeric)), '|     12.50|', 'width and alignment');
SELECT is(dunning.render('{name}', '{"name": "{amount} {{"}'), '{amount} {{', 'values are data, never format strings');
SELECT is(dunning.render(NULL, '{}'), NULL, 'NULL template: NULL');
SELECT throws_ok($$SELECT dunning.render('Dear {customer}, {amount}', '{"customer": "A"}')$$, '22023',
                 'template placeholder "{amount}" has no value in vars', 'a missing placeholder is named');
SELECT throws_ok($$SELECT dunning.render('Dear {customer', '{"customer": "A"}')$$, '22023', NULL, 'malformed template');
SELECT throws_ok($$SELECT dunning.render('{a}', '[1, 2]')$$, '22023', 'vars must be a JSON object', 'vars not an object');
SELECT throws_ok($$SELECT dunning.render('{0}', '{"a": 1}')$$, '22023', 'template placeholder "{0}" is positional', 'positional placeholder');

SELECT throws_ok($$SELECT dunning.render('{a:999999999}', '{"a": 1}')$$, '22023',
                 'template placeholder "{a}" asks for a width above 1000', 'a gigabyte-wide field is refused');

SELECT * FROM finish();
ROLLBACK;
