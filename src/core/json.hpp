// A strict JSON reader (RFC 8259) for policies and template variables, over RapidJSON's SAX reader
// (src/core/json.cpp). jsonb_out already produced valid JSON, but the core must stand on its own:
// any byte string either parses or throws dunning::Error, never crashes, so the reader can be
// fuzzed directly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dunning::json {

enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

struct Member;

struct Value {
	Kind kind = Kind::kNull;
	bool boolean = false;
	// kNumber: the exact source text, so that decimals stay exact; kString: the decoded UTF-8.
	std::string text;
	std::vector<Value> elements;
	// Source order; keys are unique.
	std::vector<Member> members;

	const Value *Find(std::string_view key) const;
};

struct Member {
	std::string key;
	Value value;
};

// Deeper documents are rejected rather than risking the stack.
inline constexpr int kMaxDepth = 64;

// Parses one JSON document. Errors are SQLSTATE 22023 and read
// `<subject> is not valid JSON: <reason> at offset <byte offset>`. Besides RFC 8259 the reader
// rejects duplicate object keys and \u0000 (PostgreSQL text cannot hold it).
Value Parse(std::string_view text, std::string_view subject);

} // namespace dunning::json
