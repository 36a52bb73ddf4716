-- The C++/PostgreSQL boundary ---------------------------------------------------------------------

CREATE FUNCTION dunning.boundary_selftest(failure text)
RETURNS integer AS 'MODULE_PATHNAME', 'dunning_boundary_selftest' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION dunning.boundary_selftest(text) IS
    'internal: raises a C++ failure (core_error, out_of_range, bad_alloc, std_exception, unknown) to test the error boundary; with NULL, returns how many C++ probe objects were destroyed';

