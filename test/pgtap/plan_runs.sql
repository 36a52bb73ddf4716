-- Payment plans offered in letters and kept by the runs (SPEC §13, issue 16): offer → accept →
-- instalments paid in time (no letters) → one missed (a letter about that instalment) → plan
-- broken (dunning resumes where the history stood); an offer not accepted expires; a declined offer
-- is not offered again in the same episode; amounts and dates equal propose_plan; bad input.
\ir setup.psql
SELECT plan(37);

INSERT INTO dunning.policies (name, body) VALUES
    ('planned', '{"plan_offer": {"from_level": 2, "min_amount": 500, "installments": 3, "step": "1 month",
                                 "first_due_days": 14, "break_after_days": 30}}');
INSERT INTO dunning.customers (customer_id, name, language, policy) VALUES
    ('KEEP', 'Keeper Ltd', 'en', 'planned'), ('BREAK', 'Breaker Ltd', 'en', 'planned'),
    ('LAPSE', 'Lapse Ltd', 'en', 'planned'), ('NO', 'Decliner Ltd', 'en', 'planned'),
    ('SMALL', 'Small Ltd', 'en', 'planned'), ('NL', 'Plan BV', 'nl', 'planned');
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date) VALUES
    ('KEEP', 'K-1', 'invoice', 1000, 1000, '2025-12-15'),
    ('BREAK', 'B-1', 'invoice', 1200, 1200, '2025-12-15'),
    ('LAPSE', 'L-1', 'invoice', 900, 900, '2025-12-15'),
    ('NO', 'N-1', 'invoice', 600, 600, '2025-12-15'),
    ('SMALL', 'S-1', 'invoice', 100, 100, '2025-12-15'),
    ('NL', 'NL-1', 'invoice', 750, 750, '2025-12-15');

CREATE FUNCTION pg_temp.offer_of(customer text) RETURNS bigint LANGUAGE sql AS $$
    SELECT p.letter_id FROM dunning.plan_offers p JOIN dunning.letters l USING (letter_id)
    WHERE l.customer_id = customer ORDER BY p.letter_id DESC LIMIT 1
$$;
CREATE FUNCTION pg_temp.status_of(customer text) RETURNS text LANGUAGE sql AS $$
    SELECT p.status FROM dunning.plan_offers p WHERE p.letter_id = pg_temp.offer_of(customer) AND p.n = 1
$$;

CALL dunning.run('2025-12-16');
SELECT is((SELECT count(*) FROM dunning.plan_offers), 0::bigint, 'level 1 is below plan_offer.from_level: no offer');

CALL dunning.run('2026-01-17');
SELECT is((SELECT array_agg(l.customer_id ORDER BY l.customer_id) FROM dunning.letters l
           WHERE l.as_of = '2026-01-17' AND EXISTS (SELECT FROM dunning.plan_offers p WHERE p.letter_id = l.letter_id)),
          '{BREAK,KEEP,LAPSE,NL,NO}', 'level 2 letters offer a plan, not below plan_offer.min_amount');
-- the schedule is propose_plan's, cent for cent and date for date (31 January, then month ends)
SELECT is((SELECT array_agg((p.n, p.due_date, p.amount)::text ORDER BY p.n) FROM dunning.plan_offers p
           WHERE p.letter_id = pg_temp.offer_of('KEEP')),
          (SELECT array_agg((s.n, s.due_date, s.amount)::text ORDER BY s.n)
           FROM dunning.propose_plan(1000, '2026-01-31', 3, '1 month', 0) s),
          'the offer is propose_plan(total, as_of + first_due_days, installments, step, min_installment)');
SELECT is((SELECT array_agg(p.due_date ORDER BY p.n) FROM dunning.plan_offers p WHERE p.letter_id = pg_temp.offer_of('KEEP')),
          '{2026-01-31,2026-02-28,2026-03-31}'::date[], '... month ends kept');
SELECT is((SELECT array_agg(p.amount ORDER BY p.n) FROM dunning.plan_offers p WHERE p.letter_id = pg_temp.offer_of('KEEP')),
          '{333.33,333.33,333.34}'::numeric[], '... the remainder on the last instalment');
SELECT ok((SELECT l.body LIKE '%Instalment 1: €333.33 by 31 January 2026%' AND l.body LIKE '%Instalment 3: €333.34 by 31 March 2026%'
                  AND l.body LIKE '%' || dunning.format_date(l.pay_by, 'en') || '%'
           FROM dunning.letters l WHERE l.letter_id = pg_temp.offer_of('KEEP')),
          'the letter lists the instalments and how to accept by its pay_by');
SELECT ok((SELECT l.body LIKE '%Termijn 2: €' || U&'\00A0' || '250,00%' FROM dunning.letters l WHERE l.letter_id = pg_temp.offer_of('NL')),
          'in Dutch too');
SELECT is(pg_temp.status_of('KEEP'), 'offered', 'the offer is offered');

-- The customers answer on 20 January (dunning.as_of: the date accept_plan judges the offer by).
SET dunning.as_of = '2026-01-20';
-- Bad input: nothing changes.
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.accept_plan(%s)', (SELECT letter_id FROM dunning.letters WHERE customer_id = 'SMALL' ORDER BY letter_id DESC LIMIT 1))),
          '22023', 'a letter without an offer: 22023');
SELECT matches(pg_temp.message_of(format('SELECT dunning.accept_plan(%s)', (SELECT letter_id FROM dunning.letters WHERE customer_id = 'SMALL' ORDER BY letter_id DESC LIMIT 1))),
          '^dunning.accept_plan: letter [0-9]+ offers no payment plan$', '... naming the letter');
SELECT is(pg_temp.sqlstate_of('SELECT dunning.accept_plan(999999)'), '22023', 'a letter that does not exist: 22023');

-- Accepting: the items are on the plan, the instalments are dunned instead.
SELECT is((SELECT count(*) FROM dunning.accept_plan(pg_temp.offer_of('KEEP'))), 3::bigint, 'accept_plan returns the instalments');
SELECT is(pg_temp.status_of('KEEP'), 'accepted', 'the plan is accepted');
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.accept_plan(%s)', pg_temp.offer_of('KEEP'))), '55000',
          'accepting twice: 55000');
SELECT matches(pg_temp.message_of(format('SELECT dunning.accept_plan(%s)', pg_temp.offer_of('KEEP'))),
               'the payment plan of letter [0-9]+ is accepted, not offered', '... naming the letter and the state');
SELECT is((SELECT count(*) FROM dunning.accept_plan(pg_temp.offer_of('BREAK'))), 3::bigint, 'a second customer accepts');
SELECT is((SELECT count(*) FROM dunning.decline_plan(pg_temp.offer_of('NO'))), 3::bigint, 'a third declines');
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.decline_plan(%s)', pg_temp.offer_of('NO'))), '55000', 'declining twice: 55000');
SELECT dunning.cancel(pg_temp.offer_of('NL'), 'wrong address');
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.accept_plan(%s)', pg_temp.offer_of('NL'))), '55000',
          'a cancelled letter''s offer cannot be accepted');

RESET dunning.as_of;
SET dunning.as_of = '2026-01-20';
SELECT is((SELECT (plan_status, next_installment_due, next_installment_amount) FROM dunning.unit_overview WHERE customer_id = 'KEEP'),
          ('accepted'::text, '2026-01-31'::date, 333.33::numeric), 'unit_overview shows the running plan and its next instalment');
SELECT is((SELECT plan_status FROM dunning.unit_overview WHERE customer_id = 'LAPSE'), 'offered', '... and an offer awaiting an answer');
RESET dunning.as_of;
-- KEEP pays each instalment in time; BREAK pays the first only.
UPDATE dunning.ledger_items SET open_amount = 1000 - 333.33 WHERE item_id = 'K-1';
UPDATE dunning.ledger_items SET open_amount = 800 WHERE item_id = 'B-1';
CALL dunning.run('2026-02-02');
SELECT is((SELECT count(*) FROM dunning.letters WHERE as_of = '2026-02-02' AND customer_id IN ('KEEP', 'BREAK')), 0::bigint,
          'instalments paid in time, the next not due: no letters');
SELECT is((SELECT p.status FROM dunning.plan_offers p JOIN dunning.letters l USING (letter_id) WHERE l.customer_id = 'LAPSE' ORDER BY p.letter_id, p.n LIMIT 1),
          'expired', 'an offer not accepted by its letter''s pay_by expires');
SET dunning.as_of = '2026-02-02';
SELECT is(pg_temp.sqlstate_of(format('SELECT dunning.accept_plan(%s)', (SELECT min(letter_id) FROM dunning.plan_offers p JOIN dunning.letters l USING (letter_id) WHERE l.customer_id = 'LAPSE'))), '55000',
          'an expired offer cannot be accepted');
RESET dunning.as_of;
SELECT is((SELECT (count(*) FILTER (WHERE l.as_of = '2026-02-02'), bool_and(NOT EXISTS (SELECT FROM dunning.plan_offers p WHERE p.letter_id = l.letter_id)))
           FROM dunning.letters l WHERE l.customer_id = 'LAPSE' AND l.as_of > '2026-01-17'),
          (1::bigint, false), '... its customer gets the next letter, with a new offer');
SELECT ok((SELECT bool_and(NOT EXISTS (SELECT FROM dunning.plan_offers p WHERE p.letter_id = l.letter_id))
           FROM dunning.letters l WHERE l.customer_id = 'NO' AND l.as_of > '2026-01-17'),
          'a declined offer is not offered again in the same episode');

CALL dunning.run('2026-03-03');
SELECT is((SELECT array_agg(i.item_id) FROM dunning.letters l JOIN dunning.letter_items i USING (letter_id)
           WHERE l.customer_id = 'BREAK' AND l.as_of = '2026-03-03'),
          ARRAY[format('PLAN-%s-2', pg_temp.offer_of('BREAK'))], 'a missed instalment gets a letter about that instalment');
SELECT ok((SELECT l.body LIKE '%PLAN-' || pg_temp.offer_of('BREAK') || '-2%' AND l.body LIKE '%€400.00%'
                  AND l.body NOT LIKE '%B-1%' AND l.amount = 400.00
           FROM dunning.letters l WHERE l.customer_id = 'BREAK' AND l.as_of = '2026-03-03'),
          '... naming the instalment and its amount, not the invoice');
SELECT is((SELECT count(*) FROM dunning.letters WHERE as_of = '2026-03-03' AND customer_id = 'KEEP'), 1::bigint,
          'KEEP missed the second instalment too (not paid yet): a letter');

-- KEEP pays the rest; BREAK pays nothing more.
UPDATE dunning.ledger_items SET open_amount = 0 WHERE item_id = 'K-1';
CALL dunning.run('2026-04-01');
SELECT is(pg_temp.status_of('KEEP'), 'kept', 'every instalment paid: kept');
SELECT is(pg_temp.status_of('BREAK'), 'broken', 'an instalment overdue more than break_after_days: broken');
SELECT is((SELECT array_agg(i.item_id) FROM dunning.letters l JOIN dunning.letter_items i USING (letter_id)
           WHERE l.customer_id = 'BREAK' AND l.as_of = '2026-04-01'), ARRAY['B-1'],
          'after the plan broke, the invoice is dunned again');
SELECT is((SELECT level FROM dunning.letters WHERE customer_id = 'BREAK' AND as_of = '2026-04-01'),
          (SELECT level + 1 FROM dunning.letters WHERE customer_id = 'BREAK' AND as_of = '2026-03-03'),
          '... one step above the unit''s last letter (where the history stood)');
SELECT ok((SELECT NOT EXISTS (SELECT FROM dunning.plan_offers p WHERE p.letter_id = l.letter_id)
           FROM dunning.letters l WHERE l.customer_id = 'BREAK' AND l.as_of = '2026-04-01'),
          'a broken plan is not offered again in the same episode');
SELECT is((SELECT amount FROM dunning.letters WHERE customer_id = 'BREAK' AND as_of = '2026-04-01'), 800.00,
          'what is left of the invoice is dunned');

-- The BI view shows units on a plan.
SELECT is((SELECT count(*) FROM dunning.plan_installments), 0::bigint, 'no plan runs any more');
SELECT is((SELECT array_agg(DISTINCT p.status ORDER BY p.status) FROM dunning.plan_offers p), '{broken,declined,expired,kept,offered}',
          'every status was reached');

SELECT * FROM finish();
ROLLBACK;
