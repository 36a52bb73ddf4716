-- Connecting a NetSuite mirror (demo/netsuite_mirror.sql) to pg_dunning: what a user writes once.
--   1. two views that translate the ERP's tables into pg_dunning's open items and paid history,
--      registered with dunning.set_source;
--   2. the dunning policies, and which customer follows which;
--   3. customers (groups, languages, how they are split into units) and the contacts who receive
--      the letters;
--   4. optionally, the reminder levels the old system already sent, so escalation continues.
-- Then `CALL dunning.run()` (daily, e.g. from pg_cron) does the rest.
\set demo_quiet :QUIET
\set QUIET on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS erp CASCADE;
CREATE SCHEMA erp;

-- 1. Sources ---------------------------------------------------------------------------------------

-- Department and project are NetSuite's department name and project number. They split a customer
-- into units only when its dunning.customers.unit_by says so; otherwise they are ignored.
CREATE VIEW erp.dunning_open_items WITH (security_invoker = true) AS
-- Invoices, finance charges, credit memos and unapplied payments/deposits. NetSuite signs credits
-- negative (A/R sign); pg_dunning wants every amount positive, the kind says which way it goes.
SELECT c.entityid                                                              AS customer_id,
       d.name                                                                  AS department,
       j.entityid                                                              AS project,
       t.tranid                                                                AS item_id,
       CASE t.type WHEN 'CustInvc' THEN coalesce(t.custbody_charge_type, 'invoice')  -- 'fee', 'interest'
                   WHEN 'CustCred' THEN 'credit_note'
                   ELSE 'payment' END                                          AS kind,  -- CustPymt, CustDep
       (CASE WHEN t.type = 'CustInvc' THEN t.foreigntotal ELSE -t.foreigntotal END)::numeric AS amount,
       (CASE WHEN t.type = 'CustInvc' THEN t.foreignamountremaining
             ELSE -t.foreignamountremaining END)::numeric                      AS open_amount,
       coalesce(t.duedate, t.trandate)                                         AS due_date,  -- credits: document date
       t.trandate                                                              AS doc_date,
       t.currency                                                              AS currency,
       t.custbody_disputed                                                     AS disputed,
       t.custbody_hold_until                                                   AS hold_until,
       t.custbody_payment_plan                                                 AS on_plan
  FROM netsuite.transaction t
  JOIN netsuite.customer c ON c.id = t.entity
  LEFT JOIN netsuite.department d ON d.id = t.department
  LEFT JOIN netsuite.job j ON j.id = t.job
 WHERE t.type IN ('CustInvc', 'CustCred', 'CustPymt', 'CustDep')
   AND t.status <> 'voided'
   AND t.foreignamountremaining <> 0
UNION ALL
-- The open instalments of payment plans: dunned instead of the invoice they belong to.
SELECT c.entityid,
       d.name,
       j.entityid,
       t.tranid || '/' || l.seq,
       'installment',
       l.amount::numeric,
       (l.amount - l.amountpaid)::numeric,
       l.duedate,
       t.trandate,
       t.currency,
       t.custbody_disputed,
       NULL::date,
       false
  FROM netsuite.customrecord_payment_plan_line l
  JOIN netsuite.transaction t ON t.id = l.invoice
  JOIN netsuite.customer c ON c.id = t.entity
  LEFT JOIN netsuite.department d ON d.id = t.department
  LEFT JOIN netsuite.job j ON j.id = t.job
 WHERE t.status <> 'voided'
   AND l.amountpaid < l.amount
UNION ALL
-- Receipts on the latest bank statement, matched to a customer but not yet applied in NetSuite:
-- the customer has paid, so no reminder for what they cover. (They carry no department or
-- project, so they are left to NetSuite's matching for the customers dunned per unit.)
SELECT c.entityid, NULL, NULL, 'BANK-' || b.id, 'bank_receipt', b.amount::numeric, b.amount::numeric,
       b.statementdate, b.statementdate, b.currency, false, NULL::date, false
  FROM netsuite.bankstatementline b
  JOIN netsuite.customer c ON c.id = b.entity
 WHERE NOT b.reconciled
   AND c.custentity_dunning_unit IS NULL
   AND b.statementdate = (SELECT max(statementdate) FROM netsuite.bankstatementline);

-- Paid invoices (not finance charges) with the day they were paid in full: payment behaviour.
CREATE VIEW erp.dunning_paid_items WITH (security_invoker = true) AS
SELECT c.entityid                                                          AS customer_id,
       d.name                                                              AS department,
       j.entityid                                                          AS project,
       t.tranid                                                            AS item_id,
       t.duedate                                                           AS due_date,
       t.closedate                                                         AS paid_date,
       t.foreigntotal::numeric                                             AS amount
  FROM netsuite.transaction t
  JOIN netsuite.customer c ON c.id = t.entity
  LEFT JOIN netsuite.department d ON d.id = t.department
  LEFT JOIN netsuite.job j ON j.id = t.job
 WHERE t.type = 'CustInvc'
   AND t.status = 'paidInFull'
   AND t.custbody_charge_type IS NULL;

\o /dev/null
SELECT dunning.set_source('open_items', 'erp.dunning_open_items');
SELECT dunning.set_source('paid_items', 'erp.dunning_paid_items');
\o

-- 2. Policies (SPEC §8; every key optional, the rest are the defaults) -----------------------------

INSERT INTO dunning.policies (name, body) VALUES
-- Most business customers: three days' grace, nothing for amounts under 10 EUR, a fee from the
-- final reminder on; statutory commercial interest (of the customer's country) from the final
-- reminder and the fixed 40 EUR compensation per invoice with the formal notice (SPEC §10); from
-- the second reminder on, a payment plan in three monthly instalments for debts of 1,000 EUR or more.
('business', '{
   "grace_days": 3,
   "item_min_amount": 10,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 25,  "tone": "standard"},
     {"level": 2, "days": 15, "min_amount": 25,  "tone": "firm"},
     {"level": 3, "days": 30, "min_amount": 25,  "fee": 15, "tone": "final"},
     {"level": 4, "days": 45, "min_amount": 100, "tone": "formal_notice"}
   ],
   "interest": {"kind": "statutory", "from_level": 3},
   "collection_costs": {"from_level": 4},
   "plan_offer": {"from_level": 2, "min_amount": 1000, "installments": 3, "step": "1 month", "first_due_days": 14}
 }'),
-- Key accounts: a week's grace, a friendly heads-up five days before an invoice falls due, three
-- weeks between letters, and no formal notice.
('key_account', '{
   "grace_days": 7,
   "item_min_amount": 50,
   "pre_due_days": 5,
   "min_interval_days": 21,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 100, "tone": "friendly"},
     {"level": 2, "days": 21, "min_amount": 100, "tone": "standard"},
     {"level": 3, "days": 45, "min_amount": 250, "tone": "firm"}
   ],
   "loyalty": {"min_score": 0.85}
 }'),
-- High-risk customers: no grace, straight to the level the debt has reached, letters ten days apart.
('strict', '{
   "grace_days": 0,
   "item_min_amount": 10,
   "skip_levels": true,
   "min_interval_days": 10,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 25,  "tone": "standard"},
     {"level": 2, "days": 10, "min_amount": 25,  "tone": "firm"},
     {"level": 3, "days": 20, "min_amount": 25,  "fee": 25, "tone": "final"},
     {"level": 4, "days": 30, "min_amount": 100, "fee": 40, "tone": "formal_notice"}
   ],
   "loyalty": {"min_score": 0.95, "waive_fees": false}
 }'),
-- Consumers in the Netherlands (art. 6:96 BW): no per-letter fees; the WIK collection costs from
-- level 3, announced by the 14-day letter before it; a reminder three days before the due date.
('consumer_nl', '{
   "consumer_rules": "NL",
   "grace_days": 3,
   "item_min_amount": 5,
   "pre_due_days": 3,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 5,  "tone": "friendly"},
     {"level": 2, "days": 15, "min_amount": 5,  "tone": "standard"},
     {"level": 3, "days": 30, "min_amount": 5,  "tone": "final"},
     {"level": 4, "days": 60, "min_amount": 50, "tone": "formal_notice"}
   ],
   "collection_costs": {"jurisdiction": "NL", "from_level": 3}
 }'),
-- Consumers in Belgium (Code of Economic Law book XIX): the same, with the Belgian waiting period.
('consumer_be', '{
   "consumer_rules": "BE",
   "grace_days": 3,
   "item_min_amount": 5,
   "pre_due_days": 3,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 5,  "tone": "friendly"},
     {"level": 2, "days": 15, "min_amount": 5,  "tone": "standard"},
     {"level": 3, "days": 30, "min_amount": 5,  "fee": 20, "tone": "final"},
     {"level": 4, "days": 60, "min_amount": 50, "tone": "formal_notice"}
   ],
   "collection_costs": {"jurisdiction": "BE", "from_level": 3}
 }'),
-- Customers billed in US dollars: thresholds in USD.
('us_accounts', '{
   "currency": "USD",
   "grace_days": 5,
   "item_min_amount": 25,
   "levels": [
     {"level": 1, "days": 1,  "min_amount": 50},
     {"level": 2, "days": 15, "min_amount": 50},
     {"level": 3, "days": 30, "min_amount": 50},
     {"level": 4, "days": 60, "min_amount": 500}
   ]
 }');

-- Who writes the letters, how to pay and whom to call (SPEC §11.1; each is checked when written),
-- and the days letters give to pay.
INSERT INTO dunning.settings (name, value) VALUES
    ('sender', 'Credit control, Orbis Software B.V.'),
    ('sender_address', 'Stationsplein 45, 3511 ED Utrecht, Nederland'),
    ('sender_registration', 'KvK 81234567, btw NL862345678B01'),
    ('iban', 'NL91 ABNA 0417 1643 00'),
    ('bic', 'ABNANL2A'),
    ('payment_reference', 'rf'),
    ('dispute_contact', 'debiteuren@orbis.example, +31 30 123 45 67'),
    ('pay_within_days', '10');

-- 3. Customers and contacts -------------------------------------------------------------------------

-- A subsidiary names its parent by the parent's customer_id.
INSERT INTO dunning.customers (customer_id, name, parent_id, bill_to_parent, language, policy, unit_by, country,
                               postal_address)
SELECT c.entityid,
       coalesce(c.companyname, c.firstname || ' ' || c.lastname),
       p.entityid,
       c.custentity_bill_to_parent,
       left(c.language, 2),  -- nl_BE -> nl: the country below makes the locale nl-BE
       CASE WHEN c.isperson AND c.billcountry = 'NL' THEN 'consumer_nl'
            WHEN c.isperson AND c.billcountry = 'BE' THEN 'consumer_be'
            WHEN c.isperson THEN 'default'
            WHEN c.currency = 'USD' THEN 'us_accounts'
            WHEN c.category = 'Key account' THEN 'key_account'
            WHEN c.category = 'High risk' THEN 'strict'
            ELSE 'business' END,
       coalesce(c.custentity_dunning_unit, 'customer'),
       c.billcountry,
       c.billaddress
  FROM netsuite.customer c
  LEFT JOIN netsuite.customer p ON p.id = c.parent;

-- Department and project must be spelled as in erp.dunning_open_items.
INSERT INTO dunning.contacts (customer_id, department, project, email, role, name)
SELECT c.entityid, d.name, j.entityid, ct.email, ct.role, nullif(concat_ws(' ', ct.firstname, ct.lastname), '')
  FROM netsuite.contact ct
  JOIN netsuite.customer c ON c.id = ct.company
  LEFT JOIN netsuite.department d ON d.id = ct.department
  LEFT JOIN netsuite.job j ON j.id = ct.job;

-- 4. History carried over from NetSuite Dunning ----------------------------------------------------

-- The last reminder level NetSuite sent for each unit's open invoices, and when: escalation goes
-- on from there (one level per letter) instead of starting again at level 1.
-- A unit is (customer, department, project, currency) with department/project NULL unless unit_by
-- splits, and the currency the item's or else the policy's.
INSERT INTO dunning.unit_state (customer_id, department, project, currency, last_level, last_letter_date)
SELECT o.customer_id,
       CASE WHEN c.unit_by = 'department' THEN o.department END,
       CASE WHEN c.unit_by = 'project' THEN o.project END,
       coalesce(o.currency, dunning.validate_policy(p.body) ->> 'currency'),
       max(t.custbody_dunning_level), max(t.custbody_dunning_last_sent)
  FROM erp.dunning_open_items o
  JOIN dunning.customers c ON c.customer_id = o.customer_id
  JOIN dunning.policies p ON p.name = c.policy
  JOIN netsuite.transaction t ON t.tranid = o.item_id
 WHERE t.custbody_dunning_level > 0
 GROUP BY 1, 2, 3, 4;

RESET client_min_messages;
\set QUIET :demo_quiet
