-- What pg_dunning computes for the sample ledger on 1 March 2026.
\pset footer off
\echo
\echo 'Net balance per customer on 2026-03-01 (EUR): credits and bank receipts are netted'
\echo 'against the oldest open invoices before anything counts as overdue.'
\echo
SELECT customer_id AS customer,
       (b).principal_open AS invoices_open,
       (b).charges_open AS fees_and_interest,
       (b).credits_open AS unapplied_credits,
       (b).net_balance,
       (b).disputed_open AS disputed,
       (b).not_due_open AS not_yet_due,
       (b).overdue_open AS overdue
  FROM (SELECT customer_id,
               dunning.balance(dunning.item(item_id, kind, amount, open_amount, due_date,
                                            disputed => disputed, hold_until => hold_until, on_plan => on_plan),
                               DATE '2026-03-01') AS b
          FROM ar_open_items
         GROUP BY customer_id) per_customer
 ORDER BY customer_id;

\echo
\echo 'The dunning decision per customer on 2026-03-02 (policy: nothing under 25 EUR per item):'
\echo 'who gets which letter, and why.'
\echo
SELECT customer_id AS customer, (a).action, (a).level, (a).tone, (a).fee, (a).dunnable_amount AS about,
       (a).reason
  FROM (SELECT customer_id,
               dunning.assess(dunning.item(item_id, kind, amount, open_amount, due_date,
                                           disputed => disputed, hold_until => hold_until, on_plan => on_plan),
                              '{"item_min_amount": 25}', DATE '2026-03-02') AS a
          FROM ar_open_items
         GROUP BY customer_id) per_customer
 ORDER BY customer_id;
