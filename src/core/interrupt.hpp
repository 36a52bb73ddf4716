// Cooperative cancellation of the core's long loops (SPEC §11.2 "Loops stop when asked"). The core
// knows nothing of PostgreSQL's signals: the glue installs a hook that says whether a cancel is
// pending (src/pg/interrupts.cpp), and every loop over input size polls it. A pending cancel throws
// Interrupted, which unwinds the C++ frames; the guard (src/pg/guard.cpp) then lets PostgreSQL
// raise its own error (57014 for statement_timeout and pg_cancel_backend).
#pragma once

#include <algorithm>
#include <cstdint>

namespace dunning {

// Thrown when the hook reports a pending cancel. Deliberately neither a dunning::Error nor a
// std::exception: code that handles bad input (or any std::exception) must never swallow it and
// carry on computing a result nobody waits for.
class Interrupted final {};

// True when the computation should stop now. Called often, so it must be cheap; never throws.
using InterruptHook = bool (*)() noexcept;

// Installs `hook` (nullptr: never interrupted, the default, as in unit tests and fuzz targets).
void SetInterruptHook(InterruptHook hook) noexcept;

// Throws Interrupted when the hook reports a pending cancel.
void CheckInterrupts();

// Polls the hook every kStride ticks, so that a loop (even a sort's comparator) pays a decrement
// per step. kStride steps of any loop here take well under a millisecond.
class InterruptPoll {
public:
	static constexpr std::uint32_t kStride = 1024;

	void
	Tick() {
		if (--countdown_ == 0) {
			countdown_ = kStride;
			CheckInterrupts();
		}
	}

private:
	std::uint32_t countdown_ = kStride;
};

// std::sort and std::stable_sort whose comparisons poll for interrupts: sorting a unit of millions
// of items is the longest stretch of the core without a loop of its own. A throw from the
// comparator leaves the range in some order, which the abandoned computation never reads.
template <typename It, typename Less>
void
InterruptibleSort(It first, It last, Less less) {
	InterruptPoll poll;
	std::sort(first, last, [&poll, &less](const auto &a, const auto &b) {
		poll.Tick();
		return less(a, b);
	});
}

template <typename It, typename Less>
void
InterruptibleStableSort(It first, It last, Less less) {
	InterruptPoll poll;
	std::stable_sort(first, last, [&poll, &less](const auto &a, const auto &b) {
		poll.Tick();
		return less(a, b);
	});
}

} // namespace dunning
