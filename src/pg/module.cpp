// The shared library's identity for PostgreSQL, and what it sets up when a backend loads it.
#include "pg/interrupts.hpp"
#include "pg/item_datum.hpp"
#include "pg/postgres_api.hpp"

extern "C" {
#include "utils/guc.h"

PG_MODULE_MAGIC;

PGDLLEXPORT void _PG_init(void);
}

void
_PG_init(void) {
	dunning::pg::InstallInterruptHook();
	DefineCustomBoolVariable("dunning.check_forms",
	                         "Compares the tuples and amounts the extension forms itself with PostgreSQL's (tests).",
	                         nullptr, &dunning::pg::check_forms, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

namespace dunning::pg {
bool check_forms = false;
}
