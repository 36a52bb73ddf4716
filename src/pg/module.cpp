// The shared library's identity for PostgreSQL.
#include "pg/postgres_api.hpp"

extern "C" {
PG_MODULE_MAGIC;
}
