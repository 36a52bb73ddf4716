#include "pg/guard.hpp"

#include "core/interrupt.hpp"

#include <cstring>
#include <initializer_list>
#include <new>
#include <type_traits>

namespace dunning::pg {

int
SqlStateOf(ErrorCode code) {
	switch (code) {
	case ErrorCode::kInvalidParameterValue:
		return ERRCODE_INVALID_PARAMETER_VALUE;
	case ErrorCode::kNumericValueOutOfRange:
		return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
	case ErrorCode::kDataCorrupted:
		return ERRCODE_DATA_CORRUPTED;
	case ErrorCode::kFeatureNotSupported:
		return ERRCODE_FEATURE_NOT_SUPPORTED;
	case ErrorCode::kInternal:
		break;
	}
	return ERRCODE_INTERNAL_ERROR;
}

void
CopyText(char *buffer, std::size_t size, const char *prefix, const char *text) {
	std::size_t n = 0;
	for (const char *s : {prefix, text})
		for (; *s && n + 1 < size; ++s)
			buffer[n++] = *s;
	buffer[n] = '\0';
}

void
ClipToCharacters(char *buffer, std::size_t size) {
	int length = static_cast<int>(std::strlen(buffer));
	if (static_cast<std::size_t>(length) + 1 == size)
		buffer[pg_mbcliplen(buffer, length, length)] = '\0';
}

namespace {

// An error caught from C++, held in fixed buffers: copying into it allocates nothing, and it has
// no destructor for the longjmp of ereport to skip.
struct PendingError {
	int sqlerrcode;
	char message[1024];
	char detail[1024];
	char hint[512];

	void
	Set(int code, const char *prefix, const char *msg, const char *det = "", const char *hnt = "") {
		sqlerrcode = code;
		CopyText(message, sizeof message, prefix, msg);
		CopyText(detail, sizeof detail, "", det);
		CopyText(hint, sizeof hint, "", hnt);
	}
	void
	Clip() {
		ClipToCharacters(message, sizeof message);
		ClipToCharacters(detail, sizeof detail);
		ClipToCharacters(hint, sizeof hint);
	}
};
static_assert(std::is_trivially_destructible_v<PendingError>);

} // namespace

Datum
InvokeGuarded(FunctionBody body, FunctionCallInfo fcinfo) {
	MemoryContext entry_context = CurrentMemoryContext;
	PendingError pending;
	bool interrupted = false;
	try {
		return body(fcinfo);
	} catch (const Interrupted &) {
		// The core stopped because a cancel is pending (src/pg/interrupts.cpp). The message below is
		// only the fallback should PostgreSQL not raise its own error after all.
		interrupted = true;
		pending.Set(ERRCODE_QUERY_CANCELED, "", "canceling statement: the dunning extension stopped for an interrupt",
		            "", "Run the statement again.");
	} catch (const Error &e) {
		pending.Set(SqlStateOf(e.code()), "", e.what(), e.detail().c_str(), e.hint().c_str());
	} catch (const std::bad_alloc &) {
		pending.Set(ERRCODE_OUT_OF_MEMORY, "", "out of memory", "The dunning extension could not allocate memory.");
	} catch (const std::exception &e) {
		pending.Set(ERRCODE_INTERNAL_ERROR, "internal error in the dunning extension: ", e.what());
	} catch (...) {
		pending.Set(ERRCODE_INTERNAL_ERROR, "", "internal error in the dunning extension: unknown exception");
	}
	// The exception object is gone; only plain data is left on this frame.
	MemoryContextSwitchTo(entry_context);
	// PostgreSQL's own error for the interrupt (57014 for a cancel or statement_timeout, FATAL for a
	// termination), raised now that no C++ frame is left to skip.
	if (interrupted)
		CHECK_FOR_INTERRUPTS();
	pending.Clip();
	ereport(ERROR, (errcode(pending.sqlerrcode), errmsg_internal("%s", pending.message),
	                pending.detail[0] ? errdetail_internal("%s", pending.detail) : 0,
	                pending.hint[0] ? errhint("%s", pending.hint) : 0));
	pg_unreachable();
}

} // namespace dunning::pg
