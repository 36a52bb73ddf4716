-- Customers and contacts -------------------------------------------------------------------------

CREATE TABLE dunning.customers (
    customer_id     text PRIMARY KEY,
    name            text,
    parent_id       text,
    bill_to_parent  boolean NOT NULL DEFAULT false,
    language        text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    policy          text NOT NULL DEFAULT 'default',
    unit_by         text NOT NULL DEFAULT 'customer' CHECK (unit_by IN ('customer', 'department', 'project')),
    country         text CHECK (country ~ '^[A-Z]{2}$'),
    postal_address  text,
    CONSTRAINT customers_not_own_parent CHECK (parent_id <> customer_id),
    CONSTRAINT customers_bill_to_parent_needs_parent CHECK (NOT bill_to_parent OR parent_id IS NOT NULL)
);
COMMENT ON TABLE dunning.customers IS
    'dunning settings per customer; a customer without a row is assessed as one unit with the default policy, in English';
COMMENT ON COLUMN dunning.customers.parent_id IS 'the group''s parent customer';
COMMENT ON COLUMN dunning.customers.bill_to_parent IS 'true: dunned on its own items, but letters go to the parent''s contact with this customer''s contact in cc';
COMMENT ON COLUMN dunning.customers.policy IS 'name of the dunning.policies row that applies';
COMMENT ON COLUMN dunning.customers.unit_by IS 'customer: one unit; department or project: one unit per department or project of the items';
CREATE INDEX customers_parent_id ON dunning.customers (parent_id);
CREATE INDEX customers_policy ON dunning.customers (policy);

CREATE TABLE dunning.contacts (
    customer_id  text NOT NULL,
    department   text,
    project      text,
    email        text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    role         text NOT NULL DEFAULT 'to' CHECK (role IN ('to', 'cc')),
    name         text,
    CONSTRAINT contacts_unique UNIQUE NULLS NOT DISTINCT (customer_id, department, project, email)
);
COMMENT ON TABLE dunning.contacts IS
    'letter recipients: role to (addressee) or cc, per department or project of a customer, or general when both are NULL';
COMMENT ON COLUMN dunning.contacts.role IS 'to: the addressee (the most specific one is used); cc: copied on every matching letter';

-- No foreign keys between the tables pg_dump keeps: pg_restore -j loads their data in parallel,
-- in no order, and a foreign key would refuse a customer whose policy is not loaded yet. The
-- policy of a customer is checked by a trigger instead, which is skipped while restoring a dump
-- (pg_dump and pg_restore set check_function_bodies = off, the signal PostgreSQL's own validators
-- use; the rows were checked when first written), and again by every run; a policy in use cannot
-- be deleted or renamed. Contacts and parents need no row in dunning.customers.
CREATE FUNCTION dunning.check_customer_policy()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT current_setting('check_function_bodies')::boolean THEN
        RETURN NEW;
    END IF;
    -- The row lock conflicts with a concurrent DELETE or rename of the policy: whichever commits
    -- first wins, and the other sees it (dunning.keep_policy_in_use, or no row here).
    PERFORM FROM dunning.policies p WHERE p.name = NEW.policy FOR KEY SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'customer "%": policy "%" does not exist', NEW.customer_id, NEW.policy
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'The policies are ' || (SELECT string_agg(p.name, ', ' ORDER BY p.name) FROM dunning.policies p) || '.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION dunning.check_customer_policy() IS 'internal: a customer''s policy must exist';
CREATE TRIGGER customers_check_policy BEFORE INSERT OR UPDATE OF policy ON dunning.customers
    FOR EACH ROW EXECUTE FUNCTION dunning.check_customer_policy();

CREATE FUNCTION dunning.keep_policy_in_use()
RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    users text;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.name = OLD.name THEN
        RETURN NEW;
    END IF;
    SELECT string_agg(c.customer_id, ', ' ORDER BY c.customer_id) INTO users
    FROM (SELECT c.customer_id FROM dunning.customers c WHERE c.policy = OLD.name ORDER BY c.customer_id LIMIT 5) c;
    IF users IS NOT NULL THEN
        RAISE EXCEPTION 'policy "%" is the policy of customers (%)', OLD.name, users
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Point those customers at another policy first.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION dunning.keep_policy_in_use() IS 'internal: a policy that customers use cannot be deleted or renamed';
CREATE TRIGGER policies_keep_in_use BEFORE DELETE OR UPDATE OF name ON dunning.policies
    FOR EACH ROW EXECUTE FUNCTION dunning.keep_policy_in_use();

