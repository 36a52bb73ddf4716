#include "core/interrupt.hpp"

namespace dunning {

namespace {

// One hook per process: a PostgreSQL backend is single-threaded, and the unit tests that set a
// hook restore the default before they end.
InterruptHook interrupt_hook = nullptr;

} // namespace

void
SetInterruptHook(InterruptHook hook) noexcept {
	interrupt_hook = hook;
}

void
CheckInterrupts() {
	if (interrupt_hook && interrupt_hook())
		throw Interrupted();
}

} // namespace dunning
