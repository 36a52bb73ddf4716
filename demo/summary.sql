-- What the dunning run of :as_of decided, for the credit-control team. Run after
-- CALL dunning.run(:'as_of'); it only reads dunning.runs, dunning.letters and the BI views.
\if :{?as_of}
\else
\set as_of '2026-11-23'
\endif
\set demo_quiet :QUIET
\set QUIET on
\pset footer off
\pset null ''
-- the BI views (unit_overview, aging) show this date instead of today
SET dunning.as_of = :'as_of';
\set QUIET :demo_quiet

\echo
\echo '==================================================================================='
\echo ' Dunning run of' :as_of
\echo '==================================================================================='
SELECT label AS " ", value AS "  "
  FROM (VALUES
    (1, 'Customers', (SELECT count(*) FROM dunning.customers)::text),
    (2, 'Open items (invoices, credits, instalments, charges)', (SELECT count(*) FROM dunning.open_items)::text),
    (3, 'Dunning units assessed (customers, departments, projects)',
        (SELECT units FROM dunning.runs WHERE as_of = :'as_of' ORDER BY run_id DESC LIMIT 1)::text),
    (4, 'Letters issued',
        (SELECT format('%s (%s%% of the units)', r.letters, round(100.0 * r.letters / nullif(r.units, 0)))
           FROM dunning.runs r WHERE r.as_of = :'as_of' ORDER BY r.run_id DESC LIMIT 1)),
    (5, '  of which reminders', (SELECT count(*) FROM dunning.letters WHERE as_of = :'as_of' AND action = 'remind')::text),
    (6, '  of which pre-due reminders', (SELECT count(*) FROM dunning.letters WHERE as_of = :'as_of' AND action = 'pre_due')::text),
    (7, '  of which with a fee', (SELECT count(*) FROM dunning.letters WHERE as_of = :'as_of' AND fee > 0)::text),
    (8, '  without an e-mail address (print and post)',
        (SELECT count(*) FROM dunning.letters WHERE as_of = :'as_of' AND to_email IS NULL)::text),
    (9, 'Amount reminded',
        (SELECT string_agg(format('%s %s', to_char(a, 'FM999G999G990D00'), c), ', ' ORDER BY c)
           FROM (SELECT currency AS c, sum(amount) AS a FROM dunning.letters
                  WHERE as_of = :'as_of' AND action = 'remind' GROUP BY currency) s)),
    (10, 'Run time',
        (SELECT (finished_at - started_at)::text FROM dunning.runs WHERE as_of = :'as_of' ORDER BY run_id DESC LIMIT 1))
  ) v(n, label, value)
 ORDER BY n;

\echo
\echo 'Letters by level and language'
SELECT CASE WHEN action = 'pre_due' THEN 'pre-due reminder' ELSE 'level ' || level END AS letter,
       count(*) FILTER (WHERE language = 'en') AS english,
       count(*) FILTER (WHERE language = 'nl') AS dutch,
       count(*) FILTER (WHERE language = 'fr') AS french,
       count(*) AS total
  FROM dunning.letters
 WHERE as_of = :'as_of'
 GROUP BY action, level
 ORDER BY action = 'remind', level;

\echo
\echo 'Letters by tone'
SELECT tone,
       count(*) AS letters,
       count(*) FILTER (WHERE fee > 0) AS with_fee,
       coalesce(sum(fee) FILTER (WHERE currency = 'EUR'), 0) AS fees_eur,
       coalesce(sum(amount) FILTER (WHERE currency = 'EUR'), 0) AS amount_eur,
       coalesce(sum(amount) FILTER (WHERE currency = 'USD'), 0) AS amount_usd
  FROM dunning.letters
 WHERE as_of = :'as_of'
 GROUP BY tone
 ORDER BY array_position(ARRAY['friendly', 'standard', 'firm', 'final', 'formal_notice'], tone);

\echo
\echo 'Units not written to, and why'
SELECT why AS "why no letter", count(*) AS units, min(customer_name) AS "for example"
  FROM (SELECT o.customer_name,
               CASE
                 WHEN o.action = 'wait' THEN 'a letter is due, but the last one was sent too recently'
                 WHEN 'disputed' = ANY (o.reason_codes) THEN 'overdue items are disputed'
                 WHEN 'on_plan' = ANY (o.reason_codes) THEN 'on a payment plan, instalments up to date'
                 WHEN 'held' = ANY (o.reason_codes) THEN 'promised to pay: held until a later date'
                 WHEN 'in_credit' = ANY (o.reason_codes) THEN 'in credit: credits exceed the debt'
                 WHEN 'settled_by_credit' = ANY (o.reason_codes) THEN 'overdue items settled by credits or receipts'
                 WHEN 'charges_only' = ANY (o.reason_codes) THEN 'only fees and interest open'
                 WHEN 'in_grace' = ANY (o.reason_codes) THEN 'overdue, still within the grace days'
                 WHEN 'item_insignificant' = ANY (o.reason_codes) OR 'below_level_minimum' = ANY (o.reason_codes)
                      OR 'below_level_percent' = ANY (o.reason_codes) THEN 'overdue amount below the minimum'
                 WHEN 'nothing_overdue' = ANY (o.reason_codes) OR o.action = 'none' THEN 'nothing overdue'
                 ELSE o.action || ' ' || array_to_string(o.reason_codes, ',')
               END AS why
          FROM dunning.unit_overview o
         WHERE NOT EXISTS (SELECT FROM dunning.letters l
                            WHERE l.as_of = :'as_of' AND l.customer_id = o.customer_id
                              AND l.department IS NOT DISTINCT FROM o.department
                              AND l.project IS NOT DISTINCT FROM o.project)) u
 GROUP BY why
 ORDER BY units DESC, why;

\echo
\echo 'The largest reminders'
SELECT coalesce(c.name, l.customer_id) || coalesce(' / ' || l.department, '') || coalesce(' / ' || l.project, '') AS unit,
       l.level, l.tone, l.language AS lang, l.amount, l.currency AS cur, l.fee, l.reason
  FROM dunning.letters l
  LEFT JOIN dunning.customers c ON c.customer_id = l.customer_id
 WHERE l.as_of = :'as_of' AND l.action = 'remind'
 ORDER BY l.amount DESC, l.letter_id
 LIMIT 10;

\echo
\echo 'Ageing of the net open principal (after credits), largest overdue first'
SELECT coalesce(c.name, a.customer_id) || coalesce(' / ' || a.department, '') || coalesce(' / ' || a.project, '') AS unit,
       a.currency AS cur, a.not_due, a.days_0_30 AS "0-30", a.days_31_60 AS "31-60", a.days_61_90 AS "61-90",
       a.days_over_90 AS "90+", a.charges, a.unapplied_credits AS credits, a.net_open
  FROM dunning.aging a
  LEFT JOIN dunning.customers c ON c.customer_id = a.customer_id
 ORDER BY a.days_61_90 + a.days_over_90 DESC, a.days_31_60 DESC, a.customer_id
 LIMIT 10;

-- One letter as it goes out: preferably a subsidiary billed to its parent (cc), else the highest level.
\echo
\echo 'One letter in full'
\echo '-----------------------------------------------------------------------------------'
\set QUIET on
\pset format unaligned
\pset tuples_only on
SELECT format(E'To:      %s\nCc:      %s\nSubject: %s\n\n%s',
              coalesce(l.to_email, '(no e-mail address: print and post)'),
              coalesce(nullif(array_to_string(l.cc_emails, ', '), ''), '-'), l.subject, l.body)
  FROM dunning.letters l
 WHERE l.as_of = :'as_of' AND l.action = 'remind'
 ORDER BY l.addressee_id <> l.customer_id DESC, cardinality(l.cc_emails) > 0 DESC, l.level DESC, l.letter_id
 LIMIT 1;
\echo '-----------------------------------------------------------------------------------'
\pset format aligned
\pset tuples_only off
\set QUIET :demo_quiet
