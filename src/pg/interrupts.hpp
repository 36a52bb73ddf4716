// The core's interrupt hook for PostgreSQL (src/core/interrupt.hpp): installed when the library
// loads, it tells the core's loops that a cancel, a statement_timeout or a termination is pending.
#pragma once

namespace dunning::pg {

void InstallInterruptHook();

} // namespace dunning::pg
