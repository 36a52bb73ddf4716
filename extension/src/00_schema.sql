-- The schema ---------------------------------------------------------------------------------------

-- The control file names pg_catalog as the extension's schema, so that this script creates schema
-- dunning itself: it belongs to the role running the script (the bootstrap superuser when a
-- non-superuser installs the trusted extension), is a member of the extension (DROP EXTENSION
-- drops it), and a schema that someone else created beforehand is refused (42P06) instead of used.
CREATE SCHEMA dunning;
COMMENT ON SCHEMA dunning IS
    'pg_dunning: customer-friendly dunning decisions, runs, letters and their history (created and dropped with the extension)';
-- Without USAGE no other role, not even the one that ran CREATE EXTENSION, could call anything in it.
GRANT USAGE ON SCHEMA dunning TO PUBLIC;

