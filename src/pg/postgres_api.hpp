// The one place that includes PostgreSQL's headers, inside extern "C", postgres.h first.
// Only src/pg/ includes this file; src/core/ must never see it.
#pragma once

extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
}

// PostgreSQL defines these as macros; they clash with the C++ standard library.
#undef Min
#undef Max
