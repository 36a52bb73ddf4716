#include "pg/interrupts.hpp"

#include "core/interrupt.hpp"
#include "pg/postgres_api.hpp"

namespace dunning::pg {

namespace {

// Plain reads of the flags PostgreSQL's signal handlers set; nothing here can longjmp. True only
// for what CHECK_FOR_INTERRUPTS will turn into an error right away (a cancel, which a
// statement_timeout is, a termination, a lost client): InterruptPending alone is also set for
// requests it serves and returns from (a proc-signal barrier, a memory-context dump, a parallel
// worker's message), and stopping for those would fail the statement for nothing. While
// PostgreSQL holds interrupts off, it would not raise either.
bool
CancelPending() noexcept {
	if (!InterruptPending || InterruptHoldoffCount != 0 || CritSectionCount != 0)
		return false;
	return ProcDiePending || ClientConnectionLost || (QueryCancelPending && QueryCancelHoldoffCount == 0);
}

} // namespace

void
InstallInterruptHook() {
	SetInterruptHook(CancelPending);
}

} // namespace dunning::pg
