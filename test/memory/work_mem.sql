-- Memory PostgreSQL can see (issue 18), set up by scripts/memory.sh: a ledger of 1,000 customers
-- with 1,000 items each, once in customer order (as a ledger loaded or clustered by customer) and
-- once shuffled. memory.sh runs grouped dunning.assess over it at work_mem = 4MB in fresh backends
-- and samples each backend's private memory (RssAnon): the items live in the aggregate's memory
-- context, so hash aggregation counts them, spills to disk, and stays within a few work_mem.
\set QUIET 1
\set ON_ERROR_STOP 1
DROP TABLE IF EXISTS mem_ledger, mem_ledger_shuffled;
CREATE TABLE mem_ledger AS
SELECT 'C' || lpad(c::text, 4, '0') AS customer,
       dunning.item('D' || c || '-' || i,
                    (ARRAY['invoice', 'invoice', 'invoice', 'installment', 'credit_note', 'fee'])[1 + i % 6],
                    10 + i % 90, 10 + i % 90, date '2025-06-01' + (i * 7 + c) % 400) AS item
  FROM generate_series(1, 1000) c, generate_series(1, 1000) i;
SELECT setseed(0.18);
CREATE TABLE mem_ledger_shuffled AS SELECT * FROM mem_ledger ORDER BY random();
ANALYZE mem_ledger;
ANALYZE mem_ledger_shuffled;
