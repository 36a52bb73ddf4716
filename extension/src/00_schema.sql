-- The schema ---------------------------------------------------------------------------------------

-- The control file names pg_catalog as the extension's schema, so that this script creates schema
-- dunning itself: it is a member of the extension (DROP EXTENSION drops it), a schema that someone
-- created beforehand is refused (42P06) instead of used, and dunning.apply_privileges() gives it to
-- the extension's owner at the end of the script.
CREATE SCHEMA dunning;
COMMENT ON SCHEMA dunning IS
    'pg_dunning: customer-friendly dunning decisions, runs, letters and their history (created and dropped with the extension)';
-- Without USAGE no other role, not even the one that ran CREATE EXTENSION, could call anything in it.
GRANT USAGE ON SCHEMA dunning TO PUBLIC;

