// Shared by the libFuzzer targets (test/fuzz/*.cpp): invariant checks that abort with a message,
// so that libFuzzer saves the input as a crash, and the rule for which errors an entry point may
// throw. An exception that is not dunning::Error escapes the target and terminates the process,
// which libFuzzer also reports as a crash: in the server it would be an XX000 internal error.
#pragma once

#include "core/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string_view>

namespace dunning::fuzz {

[[noreturn]] inline void
Fail(const char *what, std::string_view detail = {}) {
	std::fprintf(stderr, "invariant violated: %s%s%.*s\n", what, detail.empty() ? "" : ": ",
	             static_cast<int>(detail.size()), detail.data());
	std::abort();
}

inline void
Check(bool condition, const char *what, std::string_view detail = {}) {
	if (!condition)
		Fail(what, detail);
}

// A core error is fine when its code is one the entry point documents; anything else (XX000 in
// the server) is a bug. Messages must name something: an empty one would reach users as is.
inline void
ExpectCode(const Error &e, std::initializer_list<ErrorCode> allowed) {
	for (ErrorCode code : allowed)
		if (e.code() == code) {
			Check(*e.what() != '\0', "error without a message");
			return;
		}
	Fail("unexpected error code", e.what());
}

} // namespace dunning::fuzz
