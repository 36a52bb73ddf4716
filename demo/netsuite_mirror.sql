-- A NetSuite mirror, as an integrator replicates it into PostgreSQL (SuiteAnalytics Connect
-- style: one table per record type, lower-case names, internal ids as bigint), filled with a
-- deterministic sample ledger of about 300 customers: corporate groups, customers dunned per
-- department or per project, credits, disputes, payment plans, promises to pay, small charges,
-- loyal customers and chronic late payers.
--
--   psql -v as_of=2026-11-23 -f netsuite_mirror.sql
--
-- Every date is relative to :as_of (default 2026-11-23), the day the mirror was taken. The data is
-- identical on every run: values come from md5 hashes of fixed keys, never from random().
-- Nothing here knows about pg_dunning; demo/mapping.sql connects the two.
\if :{?as_of}
\else
\set as_of '2026-11-23'
\endif
\set demo_quiet :QUIET
\set QUIET on
SET client_min_messages = warning;

DROP SCHEMA IF EXISTS netsuite CASCADE;
CREATE SCHEMA netsuite;
COMMENT ON SCHEMA netsuite IS 'mirror of the NetSuite account (SuiteAnalytics Connect), refreshed nightly';

CREATE TABLE netsuite.mirror_snapshot (
    snapshot_date date NOT NULL
);
INSERT INTO netsuite.mirror_snapshot VALUES (:'as_of');

-- Our own departments (business lines): some customers want the invoices of each line dunned
-- separately, to the person who approves them.
CREATE TABLE netsuite.department (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE netsuite.customer (
    id                        bigint PRIMARY KEY,
    entityid                  text NOT NULL UNIQUE,  -- the customer number people use: C10042
    companyname               text,                  -- NULL for individuals
    firstname                 text,
    lastname                  text,
    isperson                  boolean NOT NULL DEFAULT false,
    parent                    bigint REFERENCES netsuite.customer,  -- subsidiary of
    email                     text,
    language                  text NOT NULL,         -- NetSuite locale: nl_NL, nl_BE, fr_BE, fr_FR, de_DE, en_US...
    billcountry               text NOT NULL,         -- ISO 3166 code of the billing address
    billaddress               text,                  -- the billing address as printed (street, postcode and town)
    currency                  text NOT NULL,         -- primary currency; one per customer
    terms                     text NOT NULL,         -- 'Net 14', 'Net 30', 'Net 60'
    category                  text NOT NULL,         -- 'Key account', 'Business', 'High risk', 'Consumer'
    datecreated               date NOT NULL,
    custentity_dunning_unit   text,                  -- NULL, 'department' or 'project': dunned separately per ...
    custentity_bill_to_parent boolean NOT NULL DEFAULT false  -- reminders go to the parent company
);

-- Projects (NetSuite "jobs"), each belonging to a customer.
CREATE TABLE netsuite.job (
    id          bigint PRIMARY KEY,
    entityid    text NOT NULL UNIQUE,   -- PRJ-0001
    companyname text NOT NULL,          -- the project's name
    customer    bigint NOT NULL REFERENCES netsuite.customer
);

CREATE TABLE netsuite.contact (
    id         bigint PRIMARY KEY,
    company    bigint NOT NULL REFERENCES netsuite.customer,
    firstname  text,
    lastname   text,
    email      text NOT NULL,
    role       text NOT NULL CHECK (role IN ('to', 'cc')),  -- custom field "receives reminders"
    department bigint REFERENCES netsuite.department,        -- NULL: all departments
    job        bigint REFERENCES netsuite.job                -- NULL: all projects
);

-- One row per transaction header. Amounts carry the accounts-receivable sign, as NetSuite's A/R
-- register shows them: invoices positive, credit memos, payments and deposits negative.
CREATE TABLE netsuite.transaction (
    id                         bigint PRIMARY KEY,
    tranid                     text NOT NULL UNIQUE,    -- document number: INV24001, CM3001, PYMT50001
    type                       text NOT NULL,           -- CustInvc, CustCred, CustPymt, CustDep
    entity                     bigint NOT NULL REFERENCES netsuite.customer,
    trandate                   date NOT NULL,
    duedate                    date,
    closedate                  date,                    -- paid in full / fully applied on
    currency                   text NOT NULL,
    foreigntotal               numeric(15, 2) NOT NULL,
    foreignamountremaining     numeric(15, 2) NOT NULL, -- still open (credits: still unapplied)
    department                 bigint REFERENCES netsuite.department,
    job                        bigint REFERENCES netsuite.job,
    status                     text NOT NULL,           -- open, paidInFull, voided, fullyApplied, deposited, unapplied
    memo                       text,
    custbody_charge_type       text,                    -- finance charges: 'fee' (reminder fee) or 'interest'
    custbody_disputed          boolean NOT NULL DEFAULT false,
    custbody_hold_until        date,                    -- promise to pay: do not remind before
    custbody_payment_plan      boolean NOT NULL DEFAULT false,  -- paid in instalments (customrecord_payment_plan_line)
    custbody_dunning_level     integer,                 -- last reminder level NetSuite Dunning sent for it
    custbody_dunning_last_sent date                     -- ... and when
);
CREATE INDEX ON netsuite.transaction (entity);

-- Payment plans: a custom record with one line per instalment of an invoice.
CREATE TABLE netsuite.customrecord_payment_plan_line (
    id         bigint PRIMARY KEY,
    invoice    bigint NOT NULL REFERENCES netsuite.transaction,
    seq        integer NOT NULL,
    duedate    date NOT NULL,
    amount     numeric(15, 2) NOT NULL,
    amountpaid numeric(15, 2) NOT NULL DEFAULT 0,
    UNIQUE (invoice, seq)
);

-- Imported bank statement lines (Bank Data Import), matched to a customer by IBAN; reconciled
-- once the receipt is applied as a payment.
CREATE TABLE netsuite.bankstatementline (
    id            bigint PRIMARY KEY,
    statementdate date NOT NULL,
    entity        bigint REFERENCES netsuite.customer,
    currency      text NOT NULL,
    amount        numeric(15, 2) NOT NULL,
    reference     text,
    reconciled    boolean NOT NULL DEFAULT false
);

INSERT INTO netsuite.department VALUES
    (1, 'Consulting'), (2, 'Software'), (3, 'Support'), (4, 'Training'), (5, 'Hardware');

-- Deterministic "randomness": a 32-bit number from the md5 of a key.
CREATE FUNCTION pg_temp.h(key text) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT ('x' || substr(md5(key), 1, 8))::bit(32)::bigint $$;
CREATE FUNCTION pg_temp.rnd(key text) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS $$ SELECT pg_temp.h(key) / 4294967296.0 $$;
CREATE FUNCTION pg_temp.ri(key text, lo int, hi int) RETURNS int LANGUAGE sql IMMUTABLE
    AS $$ SELECT lo + (pg_temp.h(key) % (hi - lo + 1))::int $$;
-- a log-uniform amount between lo and hi, in cents
CREATE FUNCTION pg_temp.amt(key text, lo numeric, hi numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(exp(ln(lo) + pg_temp.rnd(key)::numeric * (ln(hi) - ln(lo))), 2) $$;
CREATE FUNCTION pg_temp.pick(key text, a text[]) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT a[1 + pg_temp.h(key) % cardinality(a)] $$;

-- Customers 1-4: group parents; 5-24: their subsidiaries (5 each); 25-36: dunned per department;
-- 37-44: dunned per project; 45-104: individuals; 105-300: companies.
WITH base AS (
    SELECT i,
           CASE WHEN i <= 4 THEN i WHEN i <= 24 THEN (i - 5) / 5 + 1 END AS grp,
           i BETWEEN 45 AND 104 AS isperson,
           pg_temp.h('cust' || i) % 100 AS r
      FROM generate_series(1, 300) i
), placed AS (
    SELECT b.*,
           CASE WHEN grp = 1 THEN 'NL' WHEN grp = 2 THEN (CASE WHEN i % 2 = 0 THEN 'FR' ELSE 'BE' END)
                WHEN grp = 3 THEN 'IE' WHEN grp = 4 THEN 'US'
                WHEN isperson THEN (CASE WHEN r < 55 THEN 'NL' WHEN r < 85 THEN 'BE' ELSE 'FR' END)
                ELSE (CASE WHEN r < 34 THEN 'NL' WHEN r < 56 THEN 'BE' WHEN r < 70 THEN 'FR' WHEN r < 80 THEN 'DE'
                           WHEN r < 86 THEN 'IE' WHEN r < 92 THEN 'US' ELSE 'LU' END) END AS country
      FROM base b
), named AS (
    SELECT p.*,
           CASE p.country WHEN 'NL' THEN 'nl_NL' WHEN 'BE' THEN (CASE WHEN pg_temp.h('lang' || i) % 10 < 6 THEN 'nl_BE' ELSE 'fr_BE' END)
                          WHEN 'FR' THEN 'fr_FR' WHEN 'DE' THEN 'de_DE' WHEN 'IE' THEN 'en_IE' WHEN 'US' THEN 'en_US'
                          ELSE 'fr_LU' END AS locale,
           (ARRAY['Aalbers', 'Bakker', 'Brouwer', 'Claes', 'Dubois', 'Janssens', 'Peeters', 'Martin', 'Bernard',
                  'Lefebvre', 'Visser', 'Smit', 'Meijer', 'De Vries', 'Mulder', 'Bos', 'Vos', 'Maes', 'Jacobs',
                  'Mertens', 'Willems', 'Laurent', 'Girard', 'Moreau', 'Fontaine', 'Schmidt', 'Keller', 'Weber',
                  'Fischer', 'Hoffmann', 'Carter', 'Bennett', 'Hughes', 'Walker', 'Turner', 'Parker', 'Evans',
                  'Reed', 'Noord', 'Zuid', 'Delta', 'Polder', 'Kempen', 'Ardenne', 'Rhône', 'Hanze', 'Schelde',
                  'Maas', 'Brabant', 'Orion'])[1 + i % 50] AS stem,
           (ARRAY['Logistics', 'Bouw', 'Techniek', 'Foods', 'Consulting', 'Installaties', 'Transport', 'Print',
                  'Agro', 'Retail', 'Metaal', 'Software', 'Energie', 'Medical', 'Interieur', 'Catering',
                  'Packaging', 'Automotive', 'Chemie', 'Media'])[1 + (i / 50 + i) % 20] AS sector,
           (ARRAY['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Fleur', 'Gilles', 'Hanna', 'Inès', 'Jan', 'Kim', 'Lars',
                  'Marie', 'Noah', 'Olivier', 'Pieter', 'Roos', 'Sophie', 'Thomas', 'Lotte'])[1 + i % 20] AS first,
           (ARRAY['de Jong', 'Jansen', 'de Boer', 'van Dam', 'Hendriks', 'Dekker', 'Peters', 'Wouters', 'Goossens',
                  'Lambert', 'Dupont', 'Leroy', 'Roux', 'Simon', 'Vermeulen', 'Koster'])[1 + (i * 7) % 16] AS last
      FROM placed p
)
INSERT INTO netsuite.customer (id, entityid, companyname, firstname, lastname, isperson, parent, email, language,
                               billcountry, currency, terms, category, datecreated, custentity_dunning_unit,
                               custentity_bill_to_parent)
SELECT 4000 + i,
       'C' || (10000 + i),
       CASE WHEN i = 1 THEN 'Van den Berg Groep B.V.'
            WHEN i = 2 THEN 'Groupe Lemaire SA'
            WHEN i = 3 THEN 'Northwind Holdings Ltd'
            WHEN i = 4 THEN 'Atlas Industries Inc.'
            WHEN grp IS NOT NULL THEN (ARRAY['Van den Berg', 'Lemaire', 'Northwind', 'Atlas'])[grp] || ' ' || sector
                 || (CASE country WHEN 'NL' THEN ' B.V.' WHEN 'BE' THEN ' SRL' WHEN 'FR' THEN ' SAS' WHEN 'IE' THEN ' Ltd'
                                  ELSE ' LLC' END)
            WHEN NOT isperson THEN stem || ' ' || sector
                 || (CASE country WHEN 'NL' THEN ' B.V.' WHEN 'BE' THEN (CASE WHEN locale = 'fr_BE' THEN ' SRL' ELSE ' BV' END)
                                  WHEN 'FR' THEN ' SARL' WHEN 'DE' THEN ' GmbH' WHEN 'IE' THEN ' Ltd' WHEN 'US' THEN ' Inc.'
                                  ELSE ' S.A.' END) END,
       CASE WHEN isperson THEN first END,
       CASE WHEN isperson THEN last END,
       isperson,
       CASE WHEN i BETWEEN 5 AND 24 THEN 4000 + grp END,
       CASE WHEN isperson THEN (CASE WHEN i % 13 = 0 THEN NULL  -- no e-mail: reminders go by post
                                     ELSE lower(translate(first, 'éèç', 'eec')) || '.'
                                          || lower(replace(last, ' ', '')) || i || '@mail.example' END)
            WHEN i <= 4 THEN (ARRAY['vandenberggroep', 'groupe-lemaire', 'northwind-holdings', 'atlas-industries'])[i] || '.example'
            ELSE lower(replace(translate(coalesce((ARRAY['vandenberg', 'lemaire', 'northwind', 'atlas'])[grp] || '-' || sector,
                                                  stem || '-' || sector), 'ôéèç', 'oeec'), ' ', '')) || '.example' END,
       locale,
       country,
       CASE WHEN country = 'US' THEN 'USD' ELSE 'EUR' END,
       CASE WHEN isperson THEN 'Net 14'
            WHEN pg_temp.h('terms' || i) % 100 < 65 THEN 'Net 30'
            WHEN pg_temp.h('terms' || i) % 100 < 82 THEN 'Net 14' ELSE 'Net 60' END,
       CASE WHEN grp IS NOT NULL THEN 'Key account'
            WHEN isperson THEN 'Consumer'
            WHEN i BETWEEN 25 AND 44 AND i % 4 = 0 THEN 'Key account'
            WHEN pg_temp.h('risk' || i) % 100 < 9 THEN 'High risk'
            ELSE 'Business' END,
       DATE :'as_of' - pg_temp.ri('created' || i, 800, 4000),
       CASE WHEN i BETWEEN 25 AND 36 THEN 'department' WHEN i BETWEEN 37 AND 44 THEN 'project' END,
       i BETWEEN 5 AND 24 AND (grp = 1 OR (grp = 2 AND i % 2 = 1))
  FROM named
 ORDER BY i;

-- Company e-mail domains become mailboxes of the finance department.
UPDATE netsuite.customer
   SET email = (CASE WHEN language LIKE 'nl%' THEN 'crediteuren@' WHEN language LIKE 'fr%' THEN 'comptabilite@'
                     WHEN language LIKE 'de%' THEN 'kreditoren@' ELSE 'accounts.payable@' END) || email
 WHERE NOT isperson;

-- Projects of the customers dunned per project: two or three each.
INSERT INTO netsuite.job (id, entityid, companyname, customer)
SELECT 7000 + row_number() OVER (ORDER BY c.id, k),
       'PRJ-' || lpad((row_number() OVER (ORDER BY c.id, k))::text, 4, '0'),
       (ARRAY['Harbour quay renovation', 'Warehouse automation', 'ERP roll-out', 'Ring road lighting',
              'Data centre move', 'Campus network', 'Cold store extension', 'Fleet telematics',
              'Head office fit-out', 'Solar park', 'Clinic wing', 'Canal bridge'])[1 + (c.id + k * 5) % 12],
       c.id
  FROM netsuite.customer c
 CROSS JOIN LATERAL generate_series(1, 2 + (pg_temp.h('jobs' || c.id) % 2)::int) k
 WHERE c.custentity_dunning_unit = 'project';

-- Dunning units: one per customer, or one per department / project of the split customers. Each
-- unit gets a payment profile that decides its open items and paid history.
CREATE TEMP TABLE units AS
WITH u AS (
    SELECT c.id AS customer, NULL::bigint AS department, NULL::bigint AS job FROM netsuite.customer c
     WHERE c.custentity_dunning_unit IS NULL
    UNION ALL
    SELECT c.id, 1 + (pg_temp.h('dept' || c.id) + k) % 5, NULL FROM netsuite.customer c
     CROSS JOIN LATERAL generate_series(0, 1 + (pg_temp.h('ndept' || c.id) % 3)::int) k
     WHERE c.custentity_dunning_unit = 'department'
    UNION ALL
    SELECT j.customer, NULL, j.id FROM netsuite.job j
), profiles(profile, weight) AS (VALUES
    ('loyal_slip', 9), ('loyal', 9), ('late', 11), ('overdue', 9), ('current', 12), ('paid_up', 7),
    ('in_credit', 4), ('credit_covers', 5), ('charges_only', 4), ('disputed', 5), ('on_plan', 4),
    ('promise', 4), ('due_soon', 5), ('small_residual', 4), ('bank_receipt', 3), ('new', 5)
), cumulative AS (
    SELECT profile, sum(weight) OVER (ORDER BY weight DESC, profile) - weight AS lo,
           sum(weight) OVER (ORDER BY weight DESC, profile) AS hi
      FROM profiles
)
SELECT row_number() OVER (ORDER BY u.customer, u.department, u.job) AS ord, u.*,
       coalesce(CASE u.customer  -- a few fixed stories
                    WHEN 4005 THEN 'late' WHEN 4006 THEN 'overdue' WHEN 4007 THEN 'loyal_slip'
                    WHEN 4011 THEN 'late' WHEN 4013 THEN 'overdue' WHEN 4001 THEN 'current' END,
                (SELECT profile FROM cumulative
                  WHERE pg_temp.h(format('profile/%s/%s/%s', u.customer, u.department, u.job)) % 100 >= lo
                    AND pg_temp.h(format('profile/%s/%s/%s', u.customer, u.department, u.job)) % 100 < hi)) AS profile
  FROM u;

-- New customers joined recently.
UPDATE netsuite.customer c SET datecreated = DATE :'as_of' - pg_temp.ri('new' || c.id, 20, 90)
  FROM units u WHERE u.customer = c.id AND u.profile = 'new' AND c.custentity_dunning_unit IS NULL;

-- Contacts: the finance mailbox of every company; a controller in cc at some; an approver per
-- department and a project manager per project for the split customers.
INSERT INTO netsuite.contact (id, company, firstname, lastname, email, role, department, job)
SELECT 9000 + row_number() OVER (ORDER BY company, department NULLS FIRST, job NULLS FIRST, role DESC, email), *
  FROM (
    SELECT c.id AS company, CASE WHEN c.isperson THEN c.firstname END AS firstname,
           CASE WHEN c.isperson THEN c.lastname END AS lastname, c.email, 'to' AS role, NULL::bigint AS department,
           NULL::bigint AS job
      FROM netsuite.customer c WHERE c.email IS NOT NULL
    UNION ALL
    SELECT c.id, 'Controller', NULL, 'controller@' || split_part(c.email, '@', 2), 'cc', NULL, NULL
      FROM netsuite.customer c WHERE NOT c.isperson AND pg_temp.h('cc' || c.id) % 100 < 30
    UNION ALL
    SELECT u.customer, 'Approver', d.name, lower(d.name) || '.approver@' || split_part(c.email, '@', 2), 'to', u.department, NULL
      FROM units u JOIN netsuite.customer c ON c.id = u.customer JOIN netsuite.department d ON d.id = u.department
    UNION ALL
    SELECT u.customer, 'Project manager', j.entityid, lower(j.entityid) || '@' || split_part(c.email, '@', 2), 'to', NULL, u.job
      FROM units u JOIN netsuite.customer c ON c.id = u.customer JOIN netsuite.job j ON j.id = u.job
  ) contacts;

-- Transactions. One helper inserts a header with the next internal id and document number.
CREATE SEQUENCE pg_temp.tx_id START 100001;
CREATE SEQUENCE pg_temp.inv_no START 24001;
CREATE SEQUENCE pg_temp.cm_no START 3001;
CREATE SEQUENCE pg_temp.pay_no START 50001;
CREATE SEQUENCE pg_temp.fc_no START 801;
CREATE FUNCTION pg_temp.tx(p_type text, p_entity bigint, p_department bigint, p_job bigint, p_currency text,
                           p_trandate date, p_duedate date, p_total numeric, p_remaining numeric, p_status text,
                           p_closedate date DEFAULT NULL, p_charge text DEFAULT NULL, p_memo text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint := nextval('pg_temp.tx_id');
    v_sign int := CASE WHEN p_type IN ('CustCred', 'CustPymt', 'CustDep') THEN -1 ELSE 1 END;
BEGIN
    INSERT INTO netsuite.transaction (id, tranid, type, entity, trandate, duedate, closedate, currency, foreigntotal,
                                      foreignamountremaining, department, job, status, memo, custbody_charge_type)
    VALUES (v_id,
            CASE WHEN p_charge IS NOT NULL THEN 'FC' || nextval('pg_temp.fc_no')
                 WHEN p_type = 'CustInvc' THEN 'INV' || nextval('pg_temp.inv_no')
                 WHEN p_type = 'CustCred' THEN 'CM' || nextval('pg_temp.cm_no')
                 WHEN p_type = 'CustPymt' THEN 'PYMT' || nextval('pg_temp.pay_no')
                 ELSE 'DEP' || nextval('pg_temp.pay_no') END,
            p_type, p_entity, p_trandate, p_duedate, p_closedate, p_currency, v_sign * p_total, v_sign * p_remaining,
            p_department, p_job, p_status, p_memo, p_charge);
    RETURN v_id;
END $$;

DO $generate$
DECLARE
    d constant date := (SELECT snapshot_date FROM netsuite.mirror_snapshot);
    u record;
    k text;            -- hash key prefix of the unit
    lo numeric;        -- invoice amounts of the unit
    hi numeric;
    v_dept bigint;
    v_due date;
    v_paid date;
    v_total numeric;
    v_open numeric;
    covered numeric;
    v_n int;
    v_id bigint;
    overdue_ids bigint[];
    oldest int;
    sent int;
    v_level int;
    first_due date;
BEGIN
    FOR u IN SELECT un.*, c.isperson, c.currency, split_part(c.terms, ' ', 2)::int AS terms, c.category
               FROM units un JOIN netsuite.customer c ON c.id = un.customer ORDER BY un.ord LOOP
        k := 'unit' || u.ord || '/';
        lo := CASE WHEN u.isperson THEN 15 ELSE 80 END;
        hi := CASE WHEN u.isperson THEN 450 WHEN u.category = 'Key account' THEN 25000 ELSE 9000 END;
        overdue_ids := '{}';

        -- Paid history: closed invoices over the last two years.
        v_n := CASE u.profile WHEN 'new' THEN pg_temp.ri(k || 'npaid', 0, 2)
                            WHEN 'paid_up' THEN pg_temp.ri(k || 'npaid', 10, 24)
                            ELSE pg_temp.ri(k || 'npaid', 5, 20) END;
        FOR j IN 1..v_n LOOP
            v_due := d - pg_temp.ri(k || 'pdue' || j, 35, 720);
            v_paid := v_due + CASE
                WHEN u.profile IN ('loyal', 'loyal_slip') THEN -pg_temp.ri(k || 'delay' || j, 0, 12)
                WHEN u.profile = 'late' THEN (CASE WHEN pg_temp.rnd(k || 'late' || j) < 0.85
                                                   THEN pg_temp.ri(k || 'delay' || j, 5, 75)
                                                   ELSE -pg_temp.ri(k || 'delay' || j, 0, 5) END)
                ELSE (CASE WHEN pg_temp.rnd(k || 'late' || j) < 0.75 THEN -pg_temp.ri(k || 'delay' || j, 0, 10)
                           ELSE pg_temp.ri(k || 'delay' || j, 1, 30) END) END;
            v_paid := least(v_paid, d - 1);
            v_total := pg_temp.amt(k || 'pamt' || j, lo, hi);
            v_dept := coalesce(u.department, 1 + pg_temp.h(k || 'pdept' || j) % 5);
            PERFORM pg_temp.tx('CustInvc', u.customer, v_dept, u.job, u.currency, v_due - u.terms, v_due, v_total, 0,
                               'paidInFull', v_paid);
            IF j % 3 = 0 THEN  -- the payment that settled it (fully applied)
                PERFORM pg_temp.tx('CustPymt', u.customer, v_dept, u.job, u.currency, v_paid, NULL, v_total, 0, 'deposited', v_paid);
            END IF;
        END LOOP;

        -- Current invoices, not yet due.
        IF u.profile NOT IN ('paid_up', 'charges_only') THEN
            v_n := CASE WHEN u.isperson THEN pg_temp.ri(k || 'ncur', 0, 2)
                        WHEN u.category = 'Key account' THEN pg_temp.ri(k || 'ncur', 8, 22)
                        ELSE pg_temp.ri(k || 'ncur', 3, 14) END;
            FOR j IN 1..v_n LOOP
                v_due := d + pg_temp.ri(k || 'cdue' || j, CASE WHEN u.profile = 'due_soon' THEN 8 ELSE 1 END, u.terms);
                v_total := pg_temp.amt(k || 'camt' || j, lo, hi);
                PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'cdept' || j) % 5),
                                   u.job, u.currency, v_due - u.terms, v_due, v_total, v_total, 'open');
            END LOOP;
        END IF;

        -- What makes the unit's story.
        CASE u.profile
        WHEN 'loyal_slip', 'overdue', 'new', 'late' THEN
            v_n := CASE u.profile WHEN 'loyal_slip' THEN 1 WHEN 'late' THEN pg_temp.ri(k || 'nod', 2, 7)
                                ELSE pg_temp.ri(k || 'nod', 1, 2) END;
            FOR j IN 1..v_n LOOP
                v_due := d - CASE u.profile WHEN 'loyal_slip' THEN pg_temp.ri(k || 'odue' || j, 4, 25)
                                          WHEN 'late' THEN pg_temp.ri(k || 'odue' || j, 3, 120)
                                          ELSE pg_temp.ri(k || 'odue' || j, 2, 40) END;
                v_total := pg_temp.amt(k || 'oamt' || j, lo, hi);
                v_open := CASE WHEN u.profile = 'late' AND pg_temp.rnd(k || 'part' || j) < 0.3
                             THEN round(v_total * (0.2 + 0.6 * pg_temp.rnd(k || 'pfrac' || j))::numeric, 2)
                             ELSE v_total END;
                v_id := pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept' || j) % 5),
                                 u.job, u.currency, v_due - u.terms, v_due, v_total, v_open, 'open');
                overdue_ids := overdue_ids || v_id;
            END LOOP;
            IF u.profile = 'late' THEN  -- interest and reminder fees charged on earlier letters
                IF pg_temp.rnd(k || 'int') < 0.4 THEN
                    v_due := d - pg_temp.ri(k || 'intdue', 5, 40);
                    v_total := pg_temp.amt(k || 'intamt', 3, 60);
                    PERFORM pg_temp.tx('CustInvc', u.customer, u.department, u.job, u.currency, v_due - 14, v_due, v_total, v_total,
                                       'open', NULL, 'interest', 'Late-payment interest');
                END IF;
                IF pg_temp.rnd(k || 'fee') < 0.25 THEN
                    v_due := d - pg_temp.ri(k || 'feedue', 5, 40);
                    PERFORM pg_temp.tx('CustInvc', u.customer, u.department, u.job, u.currency, v_due - 14, v_due, 15, 15,
                                       'open', NULL, 'fee', 'Reminder fee');
                END IF;
            END IF;
        WHEN 'in_credit', 'credit_covers' THEN
            v_n := pg_temp.ri(k || 'nod', 1, 2);
            covered := 0;
            FOR j IN 1..v_n LOOP
                v_due := d - pg_temp.ri(k || 'odue' || j, 5, 60);
                v_total := pg_temp.amt(k || 'oamt' || j, lo, hi / 3);
                PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept' || j) % 5),
                                   u.job, u.currency, v_due - u.terms, v_due, v_total, v_total, 'open');
                covered := covered + v_total;
            END LOOP;
            IF u.profile = 'in_credit' THEN  -- more credit than all open invoices
                covered := (SELECT coalesce(sum(foreignamountremaining), 0) FROM netsuite.transaction
                                       WHERE entity = u.customer AND type = 'CustInvc' AND status = 'open'
                                         AND department IS NOT DISTINCT FROM coalesce(u.department, department)
                                         AND job IS NOT DISTINCT FROM u.job)
                           + pg_temp.amt(k || 'extra', 20, 900);
            END IF;
            v_due := d - pg_temp.ri(k || 'cdate', 1, 20);
            CASE pg_temp.h(k || 'ckind') % 10
            WHEN 0, 1, 2, 3, 4, 5 THEN  -- a credit memo, part of it applied already
                v_total := covered + pg_temp.amt(k || 'capplied', 10, 500);
                PERFORM pg_temp.tx('CustCred', u.customer, u.department, u.job, u.currency, v_due, NULL, v_total, covered,
                                   'open', NULL, NULL, 'Credit for returned goods');
            WHEN 6, 7, 8 THEN         -- money received, not yet applied to the invoices
                PERFORM pg_temp.tx('CustPymt', u.customer, u.department, u.job, u.currency, v_due, NULL, covered, covered,
                                   'unapplied');
            ELSE                      -- a deposit (prepayment)
                PERFORM pg_temp.tx('CustDep', u.customer, u.department, u.job, u.currency, v_due, NULL, covered, covered,
                                   'unapplied', NULL, NULL, 'Prepayment');
            END CASE;
        WHEN 'charges_only' THEN
            FOR j IN 1..pg_temp.ri(k || 'ncharges', 1, 3) LOOP
                v_due := d - pg_temp.ri(k || 'chdue' || j, 10, 90);
                IF pg_temp.rnd(k || 'chkind' || j) < 0.5 THEN
                    PERFORM pg_temp.tx('CustInvc', u.customer, u.department, u.job, u.currency, v_due - 14, v_due, 15, 15,
                                       'open', NULL, 'fee', 'Reminder fee');
                ELSE
                    v_total := pg_temp.amt(k || 'chamt' || j, 2, 45);
                    PERFORM pg_temp.tx('CustInvc', u.customer, u.department, u.job, u.currency, v_due - 14, v_due, v_total,
                                       v_total, 'open', NULL, 'interest', 'Late-payment interest');
                END IF;
            END LOOP;
            IF pg_temp.rnd(k || 'residual') < 0.5 THEN  -- paid the invoice, short by a few euros
                v_due := d - pg_temp.ri(k || 'rdue', 20, 90);
                v_total := pg_temp.amt(k || 'ramt', lo, hi / 4);
                PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'rdept') % 5), u.job,
                                   u.currency, v_due - u.terms, v_due, v_total, pg_temp.amt(k || 'rleft', 0.5, 6), 'open');
            END IF;
        WHEN 'small_residual' THEN
            FOR j IN 1..pg_temp.ri(k || 'nod', 1, 2) LOOP
                v_due := d - pg_temp.ri(k || 'odue' || j, 10, 90);
                v_total := pg_temp.amt(k || 'oamt' || j, lo, hi);
                PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept' || j) % 5),
                                   u.job, u.currency, v_due - u.terms, v_due, v_total, pg_temp.amt(k || 'left' || j, 0.5, 9.5),
                                   'open', NULL, NULL, 'Short payment (bank charges)');
            END LOOP;
        WHEN 'disputed' THEN
            FOR j IN 1..pg_temp.ri(k || 'nod', 1, 2) LOOP
                v_due := d - pg_temp.ri(k || 'odue' || j, 10, 90);
                v_total := pg_temp.amt(k || 'oamt' || j, lo, hi);
                v_id := pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept' || j) % 5),
                                 u.job, u.currency, v_due - u.terms, v_due, v_total, v_total, 'open', NULL, NULL,
                                 pg_temp.pick(k || 'why' || j, ARRAY['Disputed: delivery incomplete',
                                              'Disputed: price differs from quote', 'Disputed: hours not approved']));
                UPDATE netsuite.transaction SET custbody_disputed = true WHERE transaction.id = v_id;
            END LOOP;
        WHEN 'promise' THEN
            FOR j IN 1..pg_temp.ri(k || 'nod', 1, 2) LOOP
                v_due := d - pg_temp.ri(k || 'odue' || j, 10, 60);
                v_total := pg_temp.amt(k || 'oamt' || j, lo, hi);
                v_id := pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept' || j) % 5),
                                 u.job, u.currency, v_due - u.terms, v_due, v_total, v_total, 'open', NULL, NULL,
                                 'Promised to pay');
                -- mostly a promise in the future; a quarter were broken a few days ago
                UPDATE netsuite.transaction
                   SET custbody_hold_until = CASE WHEN pg_temp.rnd(k || 'broken') < 0.25 THEN d - pg_temp.ri(k || 'hold', 4, 12)
                                                  ELSE d + pg_temp.ri(k || 'hold', 2, 30) END
                 WHERE transaction.id = v_id;
            END LOOP;
        WHEN 'on_plan' THEN
            v_due := d - pg_temp.ri(k || 'plandue', 60, 150);
            v_total := pg_temp.amt(k || 'planamt', lo * 10, hi);
            first_due := v_due + 14;
            v_n := ((d - first_due) / 30) + pg_temp.ri(k || 'nplan', 2, 5);
            v_id := pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'plandept') % 5), u.job,
                             u.currency, v_due - u.terms, v_due, v_total, v_total, 'open', NULL, NULL, 'Payment plan agreed');
            UPDATE netsuite.transaction SET custbody_payment_plan = true WHERE transaction.id = v_id;
            INSERT INTO netsuite.customrecord_payment_plan_line (id, invoice, seq, duedate, amount)
            SELECT v_id * 100 + s, v_id, s, (first_due + (s - 1) * interval '1 month')::date,
                   CASE WHEN s < v_n THEN trunc(v_total / v_n, 2) ELSE v_total - (v_n - 1) * trunc(v_total / v_n, 2) END
              FROM generate_series(1, v_n) s;
            -- instalments due are paid, except that 40% of the plans missed the latest one
            UPDATE netsuite.customrecord_payment_plan_line SET amountpaid = amount
             WHERE invoice = v_id AND duedate < d
               AND NOT (pg_temp.rnd(k || 'missed') < 0.4
                        AND seq = (SELECT max(seq) FROM netsuite.customrecord_payment_plan_line
                                    WHERE invoice = v_id AND duedate < d - 3));
            UPDATE netsuite.transaction
               SET foreignamountremaining = (SELECT sum(amount - amountpaid) FROM netsuite.customrecord_payment_plan_line
                                              WHERE invoice = v_id)
             WHERE transaction.id = v_id;
        WHEN 'bank_receipt' THEN
            v_due := d - pg_temp.ri(k || 'odue', 3, 30);
            v_total := pg_temp.amt(k || 'oamt', lo, hi);
            PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'odept') % 5), u.job,
                               u.currency, v_due - u.terms, v_due, v_total, v_total, 'open');
            INSERT INTO netsuite.bankstatementline (id, statementdate, entity, currency, amount, reference)
            VALUES (600000 + u.ord, d - 1, u.customer, u.currency, v_total,
                    'INV' || currval('pg_temp.inv_no') || ' ' || u.customer);
        WHEN 'due_soon' THEN
            FOR j IN 1..pg_temp.ri(k || 'nsoon', 1, 2) LOOP
                v_due := d + pg_temp.ri(k || 'sdue' || j, 1, 5);
                v_total := pg_temp.amt(k || 'samt' || j, lo, hi);
                PERFORM pg_temp.tx('CustInvc', u.customer, coalesce(u.department, 1 + pg_temp.h(k || 'sdept' || j) % 5),
                                   u.job, u.currency, v_due - u.terms, v_due, v_total, v_total, 'open');
            END LOOP;
        ELSE  -- loyal, current, paid_up: nothing more
        END CASE;

        -- NetSuite Dunning sent reminders before: the level and date on the overdue invoices.
        IF u.profile IN ('late', 'overdue') THEN
            SELECT d - min(duedate) INTO oldest FROM netsuite.transaction WHERE transaction.id = ANY (overdue_ids);
            IF oldest >= 18 AND pg_temp.rnd(k || 'dunned') < 0.8 THEN
                sent := pg_temp.ri(k || 'sent', 4, least(oldest - 10, 35));
                -- the level the debt had reached then, but NetSuite escalated one level per letter too
                v_level := least(CASE WHEN oldest - sent >= 30 THEN 3 WHEN oldest - sent >= 15 THEN 2 ELSE 1 END,
                                 pg_temp.ri(k || 'level', 1, 3));
                UPDATE netsuite.transaction SET custbody_dunning_level = v_level, custbody_dunning_last_sent = d - sent
                 WHERE transaction.id = ANY (overdue_ids) AND duedate < d - sent;
            END IF;
        END IF;
    END LOOP;

    -- A few voided invoices still show their amount remaining in the mirror.
    UPDATE netsuite.transaction SET status = 'voided', memo = 'Voided: duplicate'
     WHERE type = 'CustInvc' AND status = 'open' AND custbody_charge_type IS NULL AND duedate > d AND id % 41 = 0;
    -- Bank statement lines already reconciled (older statements).
    INSERT INTO netsuite.bankstatementline (id, statementdate, entity, currency, amount, reference, reconciled)
    SELECT 700000 + t.id, t.closedate, t.entity, t.currency, -t.foreigntotal, t.tranid, true
      FROM netsuite.transaction t WHERE t.type = 'CustPymt' AND t.status = 'deposited' AND t.closedate >= d - 60;
END $generate$;

-- Billing addresses in each country's form.
UPDATE netsuite.customer c
   SET billaddress = CASE c.billcountry
           WHEN 'NL' THEN format(E'Kerkstraat %s\n%s AB Amsterdam', c.id % 200 + 1, 1011 + c.id % 80)
           WHEN 'BE' THEN format(E'Grote Markt %s\n%s Antwerpen', c.id % 90 + 1, 2000 + c.id % 60)
           WHEN 'FR' THEN format(E'%s rue de la République\n%s Lyon', c.id % 120 + 1, 69001 + c.id % 9)
           WHEN 'DE' THEN format(E'Hauptstraße %s\n%s Köln', c.id % 150 + 1, 50667 + c.id % 30)
           WHEN 'IE' THEN format(E'%s Main Street\nDublin D0%s', c.id % 80 + 1, c.id % 9 + 1)
           ELSE format(E'%s Market Street\nSan Francisco, CA 94105', c.id % 900 + 100) END;

ANALYZE netsuite.customer, netsuite.transaction, netsuite.contact, netsuite.job,
        netsuite.customrecord_payment_plan_line, netsuite.bankstatementline;

DROP FUNCTION pg_temp.tx, pg_temp.pick, pg_temp.amt, pg_temp.ri, pg_temp.rnd, pg_temp.h;
DROP TABLE pg_temp.units;
DROP SEQUENCE pg_temp.tx_id, pg_temp.inv_no, pg_temp.cm_no, pg_temp.pay_no, pg_temp.fc_no;
RESET client_min_messages;
\set QUIET :demo_quiet
