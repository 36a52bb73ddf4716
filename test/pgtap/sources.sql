-- Sources (SPEC §11, issues 5 and 9): dunning.set_source points dunning.open_items and
-- dunning.paid_items at the user's own views; a missing or mistyped column is 22023 naming it; the
-- registration lives in dunning.settings; dunning.run reads the registered sources, the paid one
-- for the loyalty score. The dump/restore round trip is test/runs/t_dump_restore.sh.
\ir setup.psql
SELECT plan(32);

-- An ERP mirror with its own names and types, as an integrator has it.
CREATE SCHEMA erp;
CREATE TABLE erp.transactions (
    tranid varchar(40), entity varchar(20), dept varchar(20), trantype dunning.item_kind,
    total numeric(15, 2), remaining numeric(15, 2), duedate date, trandate date, curr char(3),
    disputed boolean, paid_on date, amount_float double precision, due_ts timestamp, amount_int bigint);
INSERT INTO erp.transactions VALUES
    ('INV-1', 'C1', 'Sales', 'invoice', 500, 500, '2026-10-01', '2026-09-01', 'EUR', false, NULL, 500, '2026-10-01', 500),
    ('INV-2', 'C1', 'Sales', 'invoice', 100, 0, '2026-08-01', '2026-07-01', 'EUR', false, '2026-07-30', 100, '2026-08-01', 100),
    ('INV-3', 'C2', NULL, 'invoice', 300, 300, '2026-10-15', '2026-09-15', 'EUR', false, NULL, 300, '2026-10-15', 300);
CREATE VIEW erp.dunning_items AS
SELECT entity AS customer_id, dept AS department, NULL::text AS project, tranid AS item_id, trantype AS kind,
       total AS amount, remaining AS open_amount, duedate AS due_date, trandate AS doc_date, curr AS currency,
       disputed, NULL::date AS hold_until, false AS on_plan
FROM erp.transactions WHERE remaining > 0;
CREATE VIEW erp.paid AS
SELECT entity AS customer_id, dept AS department, NULL::text AS project, tranid AS item_id, duedate AS due_date,
       paid_on AS paid_date, total AS amount
FROM erp.transactions WHERE paid_on IS NOT NULL;

-- 1. Registration ---------------------------------------------------------------------------------
INSERT INTO dunning.ledger_items (customer_id, item_id, kind, amount, open_amount, due_date)
VALUES ('LEDGER', 'L-1', 'invoice', 50, 50, '2026-10-01');
SELECT is((SELECT array_agg(customer_id) FROM dunning.open_items), ARRAY['LEDGER'], 'unregistered, open_items reads dunning.ledger_items');
SELECT lives_ok($$SELECT dunning.set_source('open_items', 'erp.dunning_items')$$, 'set_source registers a view with varchar, char, enum and numeric(15,2) columns');
SELECT is((SELECT array_agg(item_id ORDER BY item_id) FROM dunning.open_items), ARRAY['INV-1', 'INV-3'], 'open_items now reads the registered view');
SELECT is((SELECT value FROM dunning.settings WHERE name = 'open_items'), 'erp.dunning_items', 'the registration is a row of dunning.settings');
SELECT is((SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
           FROM pg_attribute WHERE attrelid = 'dunning.open_items'::regclass AND attnum > 0),
          'customer_id text, department text, project text, item_id text, kind text, amount numeric, open_amount numeric, due_date date, doc_date date, currency text, disputed boolean, hold_until date, on_plan boolean',
          'open_items keeps its columns and types');
SELECT is((SELECT reloptions FROM pg_class WHERE oid = 'dunning.open_items'::regclass), ARRAY['security_invoker=true'],
          'the re-created view is still security_invoker');
SELECT is((SELECT count(*)::integer FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
           WHERE d.objid = 'dunning.open_items'::regclass AND d.deptype = 'e' AND e.extname = 'dunning'), 1,
          'the re-created view still belongs to the extension');
SELECT is(pg_temp.sqlstate_of($$DROP VIEW erp.dunning_items$$), '2BP01', 'a registered source cannot be dropped');
SELECT lives_ok($$SELECT dunning.set_source('paid_items', 'erp.paid')$$, 'set_source registers the paid history');
SELECT is((SELECT array_agg(item_id) FROM dunning.paid_items), ARRAY['INV-2'], 'paid_items reads it');

-- 2. Bad sources: 22023 naming the column, nothing changes -------------------------------------------
CREATE VIEW erp.no_hold AS SELECT customer_id, department, project, item_id, kind, amount, open_amount, due_date,
       doc_date, currency, disputed, on_plan FROM erp.dunning_items;
CREATE VIEW erp.float_amount AS SELECT customer_id, department, project, item_id, kind, t.amount_float AS amount,
       open_amount, due_date, doc_date, currency, d.disputed, hold_until, on_plan
FROM erp.dunning_items d JOIN erp.transactions t ON t.tranid = d.item_id;
CREATE VIEW erp.ts_due AS SELECT customer_id, department, project, item_id, kind, amount, open_amount,
       t.due_ts AS due_date, doc_date, currency, d.disputed, hold_until, on_plan
FROM erp.dunning_items d JOIN erp.transactions t ON t.tranid = d.item_id;
CREATE VIEW erp.int_amount AS SELECT customer_id, department, project, item_id, kind, t.amount_int AS amount,
       open_amount, due_date, doc_date, currency, d.disputed, hold_until, on_plan
FROM erp.dunning_items d JOIN erp.transactions t ON t.tranid = d.item_id;

SELECT is(pg_temp.message_of($$SELECT dunning.set_source('open_items', 'erp.no_hold')$$),
          'source open_items (erp.no_hold) has no column "hold_until"', 'a missing column is named');
SELECT is(pg_temp.sqlstate_of($$SELECT dunning.set_source('open_items', 'erp.no_hold')$$), '22023', '... SQLSTATE 22023');
SELECT matches(pg_temp.hint_of($$SELECT dunning.set_source('open_items', 'erp.no_hold')$$), 'NULL::date AS hold_until',
               '... with a hint how to add it');
SELECT is(pg_temp.message_of($$SELECT dunning.set_source('open_items', 'erp.float_amount')$$),
          'column "amount" of source open_items (erp.float_amount) is double precision, not numeric', 'a float amount is refused, naming the column');
SELECT matches(pg_temp.hint_of($$SELECT dunning.set_source('open_items', 'erp.float_amount')$$), 'exact', '... money is exact');
SELECT is(pg_temp.message_of($$SELECT dunning.set_source('open_items', 'erp.ts_due')$$),
          'column "due_date" of source open_items (erp.ts_due) is timestamp without time zone, not date', 'a timestamp due date is refused');
SELECT is((SELECT value FROM dunning.settings WHERE name = 'open_items'), 'erp.dunning_items', 'a refused source leaves the registration');
SELECT lives_ok($$SELECT dunning.set_source('open_items', 'erp.int_amount')$$, 'an integer amount is exact and accepted');
SELECT is(pg_temp.message_of($$SELECT dunning.set_source('open_itemz', 'erp.dunning_items')$$), 'unknown source "open_itemz"', 'an unknown source name');
SELECT matches(pg_temp.hint_of($$SELECT dunning.set_source('open_itemz', 'erp.dunning_items')$$), 'open_items and paid_items', '... with the names');
SELECT is(pg_temp.sqlstate_of($$SELECT dunning.set_source('open_items', 'dunning.open_items')$$), '22023', 'open_items cannot read itself');
SELECT is(pg_temp.sqlstate_of($$SELECT dunning.set_source('open_items', 'dunning.customers_policy')$$), '22023', 'an index is not a source');
UPDATE dunning.settings SET value = 'ERP.Paid' WHERE name = 'paid_items';
SELECT is((SELECT value FROM dunning.settings WHERE name = 'paid_items'), 'erp.paid',
          'a registration written by hand is stored as its qualified name');
SELECT is(pg_temp.sqlstate_of($$UPDATE dunning.settings SET value = 'erp.no_hold' WHERE name = 'paid_items'$$), '22023',
          'writing dunning.settings directly is checked the same way');

-- 3. dunning.run reads the registered sources ---------------------------------------------------------
SELECT dunning.set_source('open_items', 'erp.dunning_items');
CALL dunning.run('2026-11-23');
SELECT is((SELECT array_agg(customer_id ORDER BY customer_id) FROM dunning.letters), ARRAY['C1', 'C2'],
          'the run assesses the registered source, not dunning.ledger_items');
SELECT is((SELECT loyalty_score FROM dunning.assess_units('2026-11-23') WHERE customer_id = 'C1'), 0.583333,
          'the registered paid history gives C1 its payment-behaviour score (1 invoice on time, damped)');

-- A restore or a replica that skipped the settings trigger leaves the view on another relation: a
-- run refuses rather than dunning from the wrong source.
SET LOCAL session_replication_role = replica;
DELETE FROM dunning.settings WHERE name = 'open_items';
RESET session_replication_role;
SELECT is(pg_temp.sqlstate_of($$CALL dunning.run('2026-11-24')$$), '55000', 'a source view that does not read its registration stops the run');
SELECT matches(pg_temp.hint_of($$CALL dunning.run('2026-11-24')$$), 'set_source\(''open_items'', ''dunning.ledger_items''\)',
               '... the hint says how to register it again');
SELECT dunning.set_source('open_items', 'erp.dunning_items');

-- 4. Back to the extension's tables -------------------------------------------------------------------
SELECT lives_ok($$SELECT dunning.set_source('open_items', NULL)$$, 'set_source(..., NULL) unregisters');
SELECT is((SELECT array_agg(customer_id) FROM dunning.open_items), ARRAY['LEDGER'], 'open_items reads dunning.ledger_items again');
SELECT is((SELECT count(*)::integer FROM dunning.settings WHERE name = 'open_items'), 0, 'the registration is gone');
SELECT lives_ok($$DROP VIEW erp.no_hold, erp.float_amount, erp.ts_due, erp.int_amount, erp.dunning_items$$,
                'an unregistered view can be dropped');

SELECT * FROM finish();
ROLLBACK;
