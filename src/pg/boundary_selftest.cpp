// dunning.boundary_selftest(failure text) → int: raises each kind of C++ failure from a frame that owns
// C++ objects, so the regression suite can prove the boundary (guard.cpp) maps it to the right
// SQLSTATE, runs the destructors, and leaves the backend serving queries. An internal helper:
// EXECUTE is revoked from PUBLIC.
// With NULL it raises nothing and returns how many probe objects have been destroyed so far.
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "pg/guard.hpp"

#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// Counts destructor runs; the test reads it back to see that unwinding happened.
int destroyed_probes = 0;

struct Probe {
	std::vector<std::string> payload{std::string(64, 'x'), std::string(64, 'y')};
	~Probe() { ++destroyed_probes; }
};

[[noreturn]] void
Fail(std::string_view failure) {
	Probe probe;
	if (failure == "core_error")
		dunning::ThrowInvalid("boundary self-test: core error", "Raised on purpose.", "Nothing to fix.");
	if (failure == "out_of_range")
		throw dunning::Error(dunning::ErrorCode::kNumericValueOutOfRange, "numeric value out of range");
	if (failure == "bad_alloc")
		throw std::bad_alloc();
	if (failure == "std_exception")
		throw std::logic_error("boundary self-test: std::logic_error");
	if (failure == "unknown")
		throw 42;
	// What the core throws for a pending cancel; with none pending here, the guard's fallback.
	if (failure == "interrupted")
		throw dunning::Interrupted();
	dunning::ThrowInvalid("unknown failure \"" + std::string(failure) + "\"", {},
	                      "Use core_error, out_of_range, bad_alloc, std_exception, unknown or interrupted.");
}

} // namespace

DUNNING_FUNCTION(dunning_boundary_selftest) {
	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(destroyed_probes);
	text *arg = PG_GETARG_TEXT_PP(0);
	Fail(std::string_view(VARDATA_ANY(arg), VARSIZE_ANY_EXHDR(arg)));
}
