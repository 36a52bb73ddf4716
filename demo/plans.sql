-- A payment plan offered in a letter, accepted, and kept by a later run (SPEC §13, issue 16).
\set QUIET on
\pset format unaligned
\pset tuples_only on
SELECT l.letter_id AS offer_letter, l.customer_id AS offer_customer
  FROM dunning.letters l
 WHERE l.as_of = :'as_of' AND EXISTS (SELECT FROM dunning.plan_offers p WHERE p.letter_id = l.letter_id)
 ORDER BY l.language = 'en' DESC, l.amount DESC, l.letter_id LIMIT 1 \gset
\echo
\echo 'A letter with a payment plan offer'
\echo '-----------------------------------------------------------------------------------'
SELECT format(E'To:      %s\nSubject: %s\n\n%s', coalesce(l.to_email, '(post)'), l.subject, l.body)
  FROM dunning.letters l WHERE l.letter_id = :offer_letter;
\echo
\echo 'The customer accepts: SELECT * FROM dunning.accept_plan(' :offer_letter ')'
\pset tuples_only off
\pset format aligned
SELECT n, due_date, amount, status FROM dunning.accept_plan(:offer_letter);
\echo 'The customer pays the first instalment (NetSuite books it on the largest invoice)'
UPDATE netsuite.transaction t
   SET foreignamountremaining = t.foreignamountremaining - (SELECT p.amount FROM dunning.plan_offers p WHERE p.letter_id = :offer_letter AND p.n = 1)
 WHERE t.tranid = (SELECT i.item_id FROM dunning.letter_items i
                    WHERE i.letter_id = :offer_letter AND i.status = 'overdue' ORDER BY i.net_open DESC LIMIT 1);
SELECT (:'as_of'::date + 21) AS later \gset
\echo 'Three weeks later, CALL dunning.run(' :'later' '): the items are on the plan, the first instalment is paid, the second not due: no letter'
CALL dunning.run(:'later');
SELECT customer_id, plan_status, next_installment_due, next_installment_amount, action, reason
  FROM dunning.unit_overview WHERE customer_id = :'offer_customer';
SELECT count(*) AS "letters to this customer on that date" FROM dunning.letters
 WHERE customer_id = :'offer_customer' AND as_of = :'later';
SELECT l.level AS "letter level", i.item_id, i.kind, i.due_date, i.net_open, i.status FROM dunning.letters l JOIN dunning.letter_items i USING (letter_id)
 WHERE l.customer_id = :'offer_customer' AND l.as_of = :'later';
