-- At most one letter per unit and day, whatever changed since the day's first run (SPEC §11,
-- §11.2): the unit's items listed in a letter of that day are not dunned again that day, also when
-- the customer's policy changed the unit's currency in between (items without currency are in
-- the policy's currency, or in none under "currency": null).
\ir setup.psql
SELECT plan(4);

INSERT INTO dunning.policies VALUES ('any_currency', '{"currency": null}');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES
    ('P1', 'P1-1', 'invoice', 100, 100, '2026-08-01'),
    ('P2', 'P2-1', 'invoice', 100, 100, '2026-08-01');
CALL dunning.run('2026-09-20');
SELECT is((SELECT array_agg(customer_id || ':' || currency ORDER BY customer_id) FROM dunning.letters),
          '{P1:EUR,P2:EUR}', 'first run: one EUR letter each');
INSERT INTO dunning.customers (customer_id, policy) VALUES ('P1', 'any_currency');
CALL dunning.run('2026-09-20');
SELECT is((SELECT count(*)::integer FROM dunning.letters WHERE customer_id = 'P1'), 1,
          'P1 under a policy without currency: its items were dunned that day, no second letter');
SELECT is((SELECT letters FROM dunning.runs ORDER BY run_id DESC LIMIT 1), 0, 'the re-run wrote nothing');
CALL dunning.run('2026-10-20');
SELECT is((SELECT array_agg(coalesce(currency, '-') || ':' || level ORDER BY as_of) FROM dunning.letters WHERE customer_id = 'P1'),
          '{EUR:1,-:1}', 'a later day: the unit in no currency is a unit of its own, with its own history');

SELECT * FROM finish();
ROLLBACK;
