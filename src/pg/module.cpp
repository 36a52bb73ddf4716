// The shared library's identity for PostgreSQL, and what it sets up when a backend loads it.
#include "pg/interrupts.hpp"
#include "pg/postgres_api.hpp"

extern "C" {
PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);
}

void
_PG_init(void) {
	dunning::pg::InstallInterruptHook();
}
