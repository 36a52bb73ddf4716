// The message of the 22023 error a call raises ("no error" when it raises none), for tests of
// input checks; a failure if it raises another code.
#pragma once

#include <gtest/gtest.h>
#include <string>

#include "core/error.hpp"

template <typename F>
std::string
ErrorOf(F &&call) {
	try {
		call();
	} catch (const dunning::Error &e) {
		EXPECT_EQ(e.code(), dunning::ErrorCode::kInvalidParameterValue);
		return e.what();
	}
	return "no error";
}
