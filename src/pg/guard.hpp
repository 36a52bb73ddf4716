// The C++/PostgreSQL boundary (STYLE.md §2). Every SQL-callable symbol is defined with
// DUNNING_FUNCTION: its body runs inside InvokeGuarded, which catches every C++ exception, copies
// the message into plain stack buffers, and calls ereport(ERROR) only after the catch block has
// closed, so PostgreSQL's longjmp never passes a live C++ object.
//
// The other direction is a coding rule: a frame that calls into PostgreSQL (which may longjmp)
// owns no object with a destructor. Bodies read arguments into plain structs (PostgreSQL calls),
// hand them to helper functions that do the C++ work (no PostgreSQL calls), and build the result
// from plain structs again.
#pragma once

#include "core/error.hpp"
#include "pg/postgres_api.hpp"

#include <cstddef>

namespace dunning::pg {

using FunctionBody = Datum (*)(FunctionCallInfo);

// Runs `body`; a C++ exception becomes ereport(ERROR) with the SQLSTATE of its error code.
Datum InvokeGuarded(FunctionBody body, FunctionCallInfo fcinfo);

// The SQLSTATE (an ERRCODE_ value) of a core error code.
int SqlStateOf(ErrorCode code);

// Copies `prefix` then `text` into `buffer` (of `size` bytes), as much as fits, NUL-terminated.
// Allocates nothing, so a C++ frame can fill a plain buffer that outlives its objects.
void CopyText(char *buffer, std::size_t size, const char *prefix, const char *text);
// Drops a partial multibyte character at the end of a text CopyText cut at its buffer's end:
// otherwise converting it to the client's encoding fails ("invalid byte sequence", 22021) instead
// of showing it. A PostgreSQL call: only from a frame that owns no C++ object.
void ClipToCharacters(char *buffer, std::size_t size);

} // namespace dunning::pg

#define DUNNING_FUNCTION(name)                                                                                         \
	extern "C" {                                                                                                       \
	PG_FUNCTION_INFO_V1(name);                                                                                         \
	}                                                                                                                  \
	static Datum name##_body(FunctionCallInfo fcinfo);                                                                 \
	extern "C" Datum name(PG_FUNCTION_ARGS) {                                                                          \
		return dunning::pg::InvokeGuarded(name##_body, fcinfo);                                                        \
	}                                                                                                                  \
	static Datum name##_body(FunctionCallInfo fcinfo)
