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
	DefineCustomBoolVariable("dunning.check_item_form",
	                         "Compares every dunning.item(...) result with the tuple heap_form_tuple makes (tests).",
	                         nullptr, &dunning::pg::check_item_form, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

namespace dunning::pg {
bool check_item_form = false;
}
