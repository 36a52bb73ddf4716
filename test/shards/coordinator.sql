-- The coordinator of test/shards/run.sh: ar_items hash-partitioned by customer over two
-- postgres_fdw foreign partitions, and the same rows in a local table for comparison.
CREATE EXTENSION dunning;
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port :'shard1_port', dbname 'postgres', extensions 'dunning');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port :'shard2_port', dbname 'postgres', extensions 'dunning');
CREATE USER MAPPING FOR postgres SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR postgres SERVER shard2 OPTIONS (user 'postgres');

CREATE TABLE ar_items (
    customer_id text, item_id text, kind text, amount numeric, open_amount numeric, due_date date,
    disputed boolean, hold_until date, on_plan boolean
) PARTITION BY HASH (customer_id);
CREATE FOREIGN TABLE ar_items_p0 PARTITION OF ar_items FOR VALUES WITH (MODULUS 2, REMAINDER 0)
    SERVER shard1 OPTIONS (table_name 'ar_items_p0');
CREATE FOREIGN TABLE ar_items_p1 PARTITION OF ar_items FOR VALUES WITH (MODULUS 2, REMAINDER 1)
    SERVER shard2 OPTIONS (table_name 'ar_items_p1');

CREATE TABLE ar_local (LIKE ar_items);
-- 2,000 customers, about ten items each: invoices of every age, credits, fees, disputes, holds.
INSERT INTO ar_local
SELECT 'C' || c, 'D' || c || '-' || i,
       (ARRAY['invoice', 'invoice', 'invoice', 'invoice', 'credit_note', 'fee', 'payment', 'invoice'])[1 + (c * 7 + i) % 8],
       10 + (c * 31 + i * 17) % 3000, 10 + (c * 31 + i * 17) % 3000,
       DATE '2026-03-02' - ((c * 13 + i * 29) % 120) + 20,
       (c + i) % 31 = 0, CASE WHEN (c + i) % 37 = 0 THEN DATE '2026-03-20' END, false
  FROM generate_series(1, 2000) c, generate_series(1, 10) i;
-- Routed through the partitioned table to the shards.
INSERT INTO ar_items SELECT * FROM ar_local;
ANALYZE ar_local;
