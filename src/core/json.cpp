// The JSON reader is RapidJSON's SAX reader (Debian's rapidjson-dev), run iteratively (no
// recursion), validating UTF-8, with numbers handed over as their source text. This file builds
// the small document tree the policy and template code read, adds what RFC 8259 leaves to the
// reader (duplicate keys refused, a depth limit, no \u0000, no unpaired surrogate escapes), and
// words RapidJSON's error codes as this reader always has: what was found at which byte offset.
#include "core/json.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <unordered_set>
#include <vector>

// RapidJSON asserts only its own invariants; one that fails becomes an internal error (XX000), not
// an abort of the server process.
#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x)                                                                                            \
	do {                                                                                                               \
		if (!(x))                                                                                                      \
			throw std::logic_error("RapidJSON assertion failed: " #x);                                                 \
	} while (false)
#endif
#include <rapidjson/error/error.h>
#include <rapidjson/reader.h>

namespace dunning::json {

namespace {

constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                            rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag;

bool
IsJsonSpace(char c) {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}

int
HexValue(char c) {
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

// RapidJSON's input: the text, with a position for error offsets. Past the end it reads '\0',
// which RapidJSON takes as the end; a NUL byte inside the text reads the same, and the messages
// tell the two apart by the offset.
class TextStream {
public:
	using Ch = char;

	explicit TextStream(std::string_view text) : text_(text) {
	}
	Ch
	Peek() const {
		return pos_ < text_.size() ? text_[pos_] : '\0';
	}
	Ch
	Take() {
		return pos_ < text_.size() ? text_[pos_++] : '\0';
	}
	std::size_t
	Tell() const {
		return pos_;
	}
	// Output methods RapidJSON requires of a stream type; never called for reading.
	Ch *
	PutBegin() {
		throw std::logic_error("TextStream is read-only");
	}
	void
	Put(Ch) {
		throw std::logic_error("TextStream is read-only");
	}
	void
	Flush() {
	}
	std::size_t
	PutEnd(Ch *) {
		throw std::logic_error("TextStream is read-only");
	}

private:
	std::string_view text_;
	std::size_t pos_ = 0;
};

// Four hex digits at `at` of `text`, or -1.
long
Hex4(std::string_view text, std::size_t at) {
	if (at > text.size() || text.size() - at < 4)
		return -1;
	long value = 0;
	for (std::size_t i = 0; i < 4; ++i) {
		int digit = HexValue(text[at + i]);
		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

// An error found while reading: its reason and byte offset.
struct Failure {
	std::string reason;
	std::size_t offset = 0;
};

// Builds the Value tree from RapidJSON's events, and checks what RFC 8259 leaves open.
class Builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Builder> {
public:
	// `huge` lists the numbers of the original text that `text` has as "0" and spaces (Parse).
	Builder(std::string_view text, const TextStream &stream, std::string_view original,
	        const std::vector<std::pair<std::size_t, std::size_t>> &huge)
	    : text_(text), stream_(stream), original_(original), huge_(huge) {
	}

	bool
	Null() {
		return Scalar(Value{});
	}
	bool
	Bool(bool b) {
		Value v;
		v.kind = Kind::kBool;
		v.boolean = b;
		return Scalar(std::move(v));
	}
	bool
	RawNumber(const char *text, rapidjson::SizeType length, bool) {
		Value v;
		v.kind = Kind::kNumber;
		v.text.assign(text, length);
		if (!huge_.empty()) {
			std::size_t start = last_end_;
			while (start < text_.size() && (IsJsonSpace(text_[start]) || text_[start] == ':' || text_[start] == ',' ||
			                                text_[start] == '['))
				++start;
			for (const auto &[offset, size] : huge_)
				if (offset == start)
					v.text.assign(original_.substr(offset, size));
		}
		return Scalar(std::move(v));
	}
	bool
	String(const char *text, rapidjson::SizeType length, bool) {
		const std::size_t start = TokenStart();
		if (!AcceptableString(text, length, start))
			return false;
		Value v;
		v.kind = Kind::kString;
		v.text.assign(text, length);
		return Scalar(std::move(v));
	}
	bool
	StartObject() {
		if (!Open(Kind::kObject))
			return false;
		keys_.emplace_back();
		return true;
	}
	bool
	Key(const char *text, rapidjson::SizeType length, bool) {
		const std::size_t start = TokenStart();
		if (!AcceptableString(text, length, start))
			return false;
		std::string key(text, length);
		if (!keys_.back().insert(key).second)
			return Fail("duplicate object key", start);
		pending_key_ = std::move(key);
		Ended();
		return true;
	}
	bool
	EndObject(rapidjson::SizeType) {
		keys_.pop_back();
		return Close();
	}
	bool
	StartArray() {
		return Open(Kind::kArray);
	}
	bool
	EndArray(rapidjson::SizeType) {
		return Close();
	}

	Value
	TakeRoot() {
		return std::move(root_);
	}
	const std::optional<Failure> &
	failure() const {
		return failure_;
	}

private:
	// Where the string token just read began: the first quote after the previous event (only
	// whitespace and structural characters lie between them).
	std::size_t
	TokenStart() const {
		return text_.find('"', last_end_);
	}

	void
	Ended() {
		last_end_ = stream_.Tell();
	}

	bool
	Fail(std::string reason, std::size_t offset) {
		failure_ = Failure{std::move(reason), offset};
		return false;
	}

	// RapidJSON decodes \u0000 to a NUL byte and an unpaired low surrogate escape to its three
	// bytes, neither of which PostgreSQL text can hold (a raw surrogate never passes its UTF-8
	// check). Names the first such escape of the string token at `start`.
	bool
	AcceptableString(const char *text, rapidjson::SizeType length, std::size_t start) {
		bool suspect = false;
		for (rapidjson::SizeType i = 0; i < length && !suspect; ++i)
			suspect = text[i] == '\0' ||
			          (static_cast<unsigned char>(text[i]) == 0xED && i + 1 < length &&
			           static_cast<unsigned char>(text[i + 1]) >= 0xA0);
		if (!suspect)
			return true;
		for (std::size_t at = start + 1; at < text_.size() && text_[at] != '"'; ++at) {
			if (text_[at] != '\\')
				continue;
			if (at + 1 < text_.size() && text_[at + 1] == 'u') {
				const long unit = Hex4(text_, at + 2);
				if (unit == 0)
					return Fail("\\u0000 is not supported", at);
				if (unit >= 0xDC00 && unit <= 0xDFFF)
					return Fail("unpaired low surrogate in \\u escape", at);
				at += (unit >= 0xD800 && unit <= 0xDBFF) ? 11 : 5; // a pair RapidJSON checked
			} else {
				++at; // any other escape: its second character may be a quote
			}
		}
		return Fail("invalid string", start); // not reached: RapidJSON produced these bytes from an escape
	}

	// The slot of the next value: the root, an array's next element, or an object's member.
	Value *
	Slot() {
		if (stack_.empty())
			return &root_;
		Value &top = *stack_.back();
		if (top.kind == Kind::kArray) {
			top.elements.emplace_back();
			return &top.elements.back();
		}
		top.members.push_back(Member{std::move(pending_key_), Value{}});
		return &top.members.back().value;
	}

	bool
	Scalar(Value v) {
		poll_.Tick(); // a jsonb argument can hold millions of values
		*Slot() = std::move(v);
		Ended();
		return true;
	}

	bool
	Open(Kind kind) {
		poll_.Tick();
		// RapidJSON reports the bracket before it takes it: it is at Tell().
		if (stack_.size() >= static_cast<std::size_t>(kMaxDepth))
			return Fail(fmt::format("nesting depth exceeds {}", kMaxDepth), stream_.Tell());
		Value *slot = Slot();
		slot->kind = kind;
		stack_.push_back(slot);
		Ended();
		return true;
	}

	bool
	Close() {
		stack_.pop_back();
		Ended();
		return true;
	}

	std::string_view text_;
	const TextStream &stream_;
	std::string_view original_;
	const std::vector<std::pair<std::size_t, std::size_t>> &huge_;
	Value root_;
	std::vector<Value *> stack_; // the open arrays and objects, innermost last
	std::vector<std::unordered_set<std::string>> keys_; // the keys of each open object
	std::string pending_key_;
	std::size_t last_end_ = 0;
	std::optional<Failure> failure_;
	InterruptPoll poll_;
};

// What is at `offset`, for messages; bytes that would garble the message are shown in hex.
std::string
Unexpected(std::string_view text, std::size_t offset) {
	if (offset >= text.size())
		return "unexpected end of input";
	unsigned char c = static_cast<unsigned char>(text[offset]);
	if (c > 0x20 && c < 0x7F)
		return fmt::format("unexpected character '{}'", static_cast<char>(c));
	return fmt::format("unexpected byte 0x{:02X}", c);
}

// A digit right after a number "0" (or "-0"), where RapidJSON stopped: the number had a leading
// zero. Its start, or nothing.
std::optional<std::size_t>
LeadingZero(std::string_view text, std::size_t offset) {
	if (offset == 0 || offset >= text.size() || !IsDigit(text[offset]) || text[offset - 1] != '0')
		return std::nullopt;
	std::size_t start = offset - 1;
	if (start > 0 && text[start - 1] == '-')
		--start;
	return start;
}

// Where the string token containing `offset` starts: the last quote that opens a string before it.
std::size_t
StringStart(std::string_view text, std::size_t offset) {
	std::size_t start = 0;
	bool inside = false;
	for (std::size_t at = 0; at < offset && at < text.size(); ++at) {
		if (inside && text[at] == '\\') {
			++at;
		} else if (text[at] == '"') {
			inside = !inside;
			if (inside)
				start = at;
		}
	}
	return start;
}

// What RapidJSON found where something else belonged (`what`: ", expected ..." or " after the
// JSON value"), with a leading zero named as such.
Failure
Misplaced(std::string_view text, std::size_t offset, std::string_view what) {
	if (std::optional<std::size_t> zero = LeadingZero(text, offset))
		return {"leading zeros are not allowed in numbers", *zero};
	return {fmt::format("{}{}", Unexpected(text, offset), what), offset};
}

// RapidJSON's error, worded as this reader's messages have always been.
Failure
Describe(std::string_view text, rapidjson::ParseErrorCode code, std::size_t offset) {
	using namespace rapidjson;
	switch (code) {
	case kParseErrorDocumentEmpty:
	case kParseErrorUnspecificSyntaxError:
		return Misplaced(text, offset, ", expected a value");
	case kParseErrorDocumentRootNotSingular:
		return Misplaced(text, offset, " after the JSON value");
	case kParseErrorValueInvalid: {
		// A literal that broke off (RapidJSON stops inside it) is named where it starts.
		std::size_t start = offset;
		while (start > 0 && text[start - 1] >= 'a' && text[start - 1] <= 'z')
			--start;
		if (start < offset) {
			const char *literal = text[start] == 't' ? "true" : text[start] == 'f' ? "false" : "null";
			return {fmt::format("invalid literal, expected \"{}\"", literal), start};
		}
		if (offset > 0 && text[offset - 1] == '-')
			return {"expected a digit in number", offset};
		return Misplaced(text, offset, ", expected a value");
	}
	case kParseErrorObjectMissName:
		return Misplaced(text, offset, ", expected a string as object key");
	case kParseErrorObjectMissColon:
		return Misplaced(text, offset, ", expected ':' after object key");
	case kParseErrorObjectMissCommaOrCurlyBracket:
		return Misplaced(text, offset, ", expected ',' or '}'");
	case kParseErrorArrayMissCommaOrSquareBracket:
		return Misplaced(text, offset, ", expected ',' or ']'");
	case kParseErrorStringUnicodeEscapeInvalidHex: {
		// RapidJSON names the first escape of a pair whose second half has bad digits.
		const long unit = Hex4(text, offset + 2);
		if (unit >= 0xD800 && unit <= 0xDBFF)
			return {"unpaired high surrogate in \\u escape", offset};
		return {"invalid \\u escape, expected four hex digits", offset};
	}
	case kParseErrorStringUnicodeSurrogateInvalid:
		return {"unpaired high surrogate in \\u escape", offset};
	case kParseErrorStringEscapeInvalid:
		// RapidJSON reports a raw control character as a bad escape too.
		if (offset < text.size() && text[offset] != '\\')
			return {fmt::format("unescaped control character 0x{:02X} in string",
			                    static_cast<unsigned char>(text[offset])),
			        offset};
		if (offset + 1 >= text.size())
			return {"unterminated string", StringStart(text, offset)};
		return {"invalid escape sequence in string", offset};
	case kParseErrorStringMissQuotationMark:
		if (offset < text.size()) // a NUL byte, which RapidJSON reads as the end
			return {"unescaped control character 0x00 in string", offset};
		return {"unterminated string", StringStart(text, offset)};
	case kParseErrorStringInvalidEncoding:
		return {"invalid UTF-8 in string", offset};
	case kParseErrorNumberMissFraction:
		return {"expected a digit after the decimal point", offset};
	case kParseErrorNumberMissExponent:
		return {"expected a digit in the exponent", offset};
	case kParseErrorNone:
	case kParseErrorNumberTooBig:
	case kParseErrorTermination:
		break;
	}
	return {fmt::format("{} (RapidJSON error {})", Unexpected(text, offset), static_cast<int>(code)), offset};
}

// The length of the JSON number at `start` of `text` (as far as it is well-formed).
std::size_t
NumberLength(std::string_view text, std::size_t start) {
	std::size_t at = start;
	auto digits = [&] {
		std::size_t from = at;
		while (at < text.size() && IsDigit(text[at]))
			++at;
		return at > from;
	};
	if (at < text.size() && text[at] == '-')
		++at;
	if (!digits())
		return 0;
	if (at + 1 < text.size() && text[at] == '.' && IsDigit(text[at + 1])) {
		++at;
		digits();
	}
	if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
		std::size_t mark = at++;
		if (at < text.size() && (text[at] == '+' || text[at] == '-'))
			++at;
		if (!digits())
			at = mark;
	}
	return at - start;
}

// RapidJSON refuses numbers beyond a double's range, which JSON allows and the callers judge
// themselves (a policy amount of 1e1000 is "out of range", a template number "too large to
// print"): such a number is read again as "0" padded with spaces, so every offset stays, and the
// builder hands over its original text. At most this many per document; more are out of range.
constexpr std::size_t kMaxHugeNumbers = 1000;

} // namespace

const Value *
Value::Find(std::string_view key) const {
	for (const Member &member : members)
		if (member.key == key)
			return &member.value;
	return nullptr;
}

Value
Parse(std::string_view text, std::string_view subject) {
	std::string patched;
	std::vector<std::pair<std::size_t, std::size_t>> huge; // offset and length of each huge number
	std::string_view current = text;
	for (;;) {
		TextStream stream(current);
		Builder builder(current, stream, text, huge);
		rapidjson::Reader reader;
		const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
		std::optional<Failure> failure;
		if (result.Code() == rapidjson::kParseErrorNumberTooBig) {
			const std::size_t start = result.Offset();
			const std::size_t length = NumberLength(current, start);
			if (length == 0 || huge.size() >= kMaxHugeNumbers)
				throw Error(ErrorCode::kNumericValueOutOfRange, "numeric value out of range",
				            fmt::format("{} holds more than {} numbers beyond ±1.7e308.", subject, kMaxHugeNumbers));
			if (patched.empty())
				patched.assign(text);
			patched.replace(start, length, "0" + std::string(length - 1, ' '));
			huge.emplace_back(start, length);
			current = patched;
			continue;
		}
		if (result.IsError()) {
			failure = result.Code() == rapidjson::kParseErrorTermination && builder.failure()
			              ? *builder.failure()
			              : Describe(current, result.Code(), result.Offset());
		} else {
			// kParseStopWhenDoneFlag: RapidJSON stops after the value, and a NUL byte would look like
			// the end to it; anything but whitespace after the value is an error.
			std::size_t at = stream.Tell();
			while (at < current.size() && IsJsonSpace(current[at]))
				++at;
			if (at < current.size())
				failure = Describe(current, rapidjson::kParseErrorDocumentRootNotSingular, at);
		}
		if (failure)
			ThrowInvalid(fmt::format("{} is not valid JSON: {} at offset {}", subject, failure->reason, failure->offset));
		return builder.TakeRoot();
	}
}

} // namespace dunning::json
