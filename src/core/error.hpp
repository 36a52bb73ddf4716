// Typed errors of the core. The core never talks to PostgreSQL: it throws dunning::Error and the
// glue (src/pg/guard.cpp) turns it into ereport(ERROR) once every C++ frame has been unwound.
#pragma once

#include <stdexcept>
#include <string>

namespace dunning {

// Each code maps to one SQLSTATE in src/pg/guard.cpp.
enum class ErrorCode {
	kInvalidParameterValue, // 22023
	kNumericValueOutOfRange, // 22003
	kDataCorrupted, // XX001: a serialized aggregate state that does not parse
	kFeatureNotSupported, // 0A000
	kInternal, // XX000
};

class Error : public std::runtime_error {
public:
	Error(ErrorCode code, const std::string &message, std::string detail = {}, std::string hint = {})
	    : std::runtime_error(message), code_(code), detail_(std::move(detail)), hint_(std::move(hint)) {
	}

	ErrorCode
	code() const noexcept {
		return code_;
	}
	const std::string &
	detail() const noexcept {
		return detail_;
	}
	const std::string &
	hint() const noexcept {
		return hint_;
	}

private:
	ErrorCode code_;
	std::string detail_;
	std::string hint_;
};

// The common case: bad input from the user (SQLSTATE 22023).
[[noreturn]] inline void
ThrowInvalid(const std::string &message, std::string detail = {}, std::string hint = {}) {
	throw Error(ErrorCode::kInvalidParameterValue, message, std::move(detail), std::move(hint));
}

} // namespace dunning
