#include "core/json.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <unordered_set>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace dunning::json {

namespace {

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

void
AppendUtf8(std::string &out, std::uint32_t code_point) {
	if (code_point < 0x80) {
		out.push_back(static_cast<char>(code_point));
	} else if (code_point < 0x800) {
		out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
		out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
	} else if (code_point < 0x10000) {
		out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
		out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
	} else {
		out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
		out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
		out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
	}
}

class Parser {
  public:
	Parser(std::string_view text, std::string_view subject) : text_(text), subject_(subject) {}

	Value ParseDocument() {
		SkipWhitespace();
		Value value = ParseValue(0);
		SkipWhitespace();
		if (pos_ < text_.size())
			Fail(fmt::format("{} after the JSON value", Unexpected()), pos_);
		return value;
	}

  private:
	[[noreturn]] void Fail(std::string_view reason, std::size_t offset) const {
		ThrowInvalid(fmt::format("{} is not valid JSON: {} at offset {}", subject_, reason, offset));
	}

	bool AtEnd() const { return pos_ >= text_.size(); }

	unsigned char Byte(std::size_t at) const { return static_cast<unsigned char>(text_[at]); }

	// What is at the current position, for messages; bytes that would garble the message are
	// shown in hex.
	std::string Unexpected() const {
		if (AtEnd())
			return "unexpected end of input";
		unsigned char c = Byte(pos_);
		if (c > 0x20 && c < 0x7F)
			return fmt::format("unexpected character '{}'", static_cast<char>(c));
		return fmt::format("unexpected byte 0x{:02X}", c);
	}

	[[noreturn]] void FailUnexpected(std::string_view expected) const {
		Fail(fmt::format("{}, expected {}", Unexpected(), expected), pos_);
	}

	void SkipWhitespace() {
		while (!AtEnd() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
			++pos_;
	}

	Value ParseValue(int depth) {
		poll_.Tick(); // a jsonb argument can hold millions of values
		if (AtEnd())
			FailUnexpected("a value");
		Value value;
		char c = text_[pos_];
		if (c == '{' || c == '[') {
			if (depth >= kMaxDepth)
				Fail(fmt::format("nesting depth exceeds {}", kMaxDepth), pos_);
			if (c == '{')
				ParseObject(value, depth + 1);
			else
				ParseArray(value, depth + 1);
		} else if (c == '"') {
			value.kind = Kind::kString;
			value.text = ParseString();
		} else if (c == '-' || IsDigit(c)) {
			value.kind = Kind::kNumber;
			value.text = ParseNumber();
		} else if (c == 't') {
			ExpectLiteral("true");
			value.kind = Kind::kBool;
			value.boolean = true;
		} else if (c == 'f') {
			ExpectLiteral("false");
			value.kind = Kind::kBool;
		} else if (c == 'n') {
			ExpectLiteral("null");
		} else {
			FailUnexpected("a value");
		}
		return value;
	}

	void ExpectLiteral(std::string_view literal) {
		if (text_.substr(pos_, literal.size()) != literal)
			Fail(fmt::format("invalid literal, expected \"{}\"", literal), pos_);
		pos_ += literal.size();
	}

	void ParseObject(Value &value, int depth) {
		value.kind = Kind::kObject;
		++pos_; // '{'
		SkipWhitespace();
		if (!AtEnd() && text_[pos_] == '}') {
			++pos_;
			return;
		}
		// Keys are copied: the members vector may move its strings as it grows.
		std::unordered_set<std::string> seen;
		while (true) {
			if (AtEnd() || text_[pos_] != '"')
				FailUnexpected("a string as object key");
			std::size_t key_offset = pos_;
			std::string key = ParseString();
			if (!seen.insert(key).second)
				Fail("duplicate object key", key_offset);
			SkipWhitespace();
			if (AtEnd() || text_[pos_] != ':')
				FailUnexpected("':' after object key");
			++pos_;
			SkipWhitespace();
			Value member_value = ParseValue(depth);
			value.members.push_back(Member{std::move(key), std::move(member_value)});
			SkipWhitespace();
			if (!AtEnd() && text_[pos_] == ',') {
				++pos_;
				SkipWhitespace();
				continue;
			}
			if (!AtEnd() && text_[pos_] == '}') {
				++pos_;
				return;
			}
			FailUnexpected("',' or '}'");
		}
	}

	void ParseArray(Value &value, int depth) {
		value.kind = Kind::kArray;
		++pos_; // '['
		SkipWhitespace();
		if (!AtEnd() && text_[pos_] == ']') {
			++pos_;
			return;
		}
		while (true) {
			value.elements.push_back(ParseValue(depth));
			SkipWhitespace();
			if (!AtEnd() && text_[pos_] == ',') {
				++pos_;
				SkipWhitespace();
				continue;
			}
			if (!AtEnd() && text_[pos_] == ']') {
				++pos_;
				return;
			}
			FailUnexpected("',' or ']'");
		}
	}

	std::string_view ParseNumber() {
		std::size_t begin = pos_;
		if (text_[pos_] == '-')
			++pos_;
		if (AtEnd() || !IsDigit(text_[pos_]))
			Fail("expected a digit in number", pos_);
		if (text_[pos_] == '0') {
			++pos_;
			if (!AtEnd() && IsDigit(text_[pos_]))
				Fail("leading zeros are not allowed in numbers", begin);
		} else {
			while (!AtEnd() && IsDigit(text_[pos_]))
				++pos_;
		}
		if (!AtEnd() && text_[pos_] == '.') {
			++pos_;
			if (AtEnd() || !IsDigit(text_[pos_]))
				Fail("expected a digit after the decimal point", pos_);
			while (!AtEnd() && IsDigit(text_[pos_]))
				++pos_;
		}
		if (!AtEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
			++pos_;
			if (!AtEnd() && (text_[pos_] == '+' || text_[pos_] == '-'))
				++pos_;
			if (AtEnd() || !IsDigit(text_[pos_]))
				Fail("expected a digit in the exponent", pos_);
			while (!AtEnd() && IsDigit(text_[pos_]))
				++pos_;
		}
		return text_.substr(begin, pos_ - begin);
	}

	// Four hex digits at `at`, or -1.
	long Hex4(std::size_t at) const {
		if (text_.size() - at < 4)
			return -1;
		long value = 0;
		for (std::size_t i = 0; i < 4; ++i) {
			int digit = HexValue(text_[at + i]);
			if (digit < 0)
				return -1;
			value = value * 16 + digit;
		}
		return value;
	}

	// Reads "\uXXXX" (pos_ at the backslash), pairing surrogates.
	void ParseUnicodeEscape(std::string &out) {
		std::size_t escape_offset = pos_;
		long unit = Hex4(pos_ + 2);
		if (unit < 0)
			Fail("invalid \\u escape, expected four hex digits", escape_offset);
		pos_ += 6;
		std::uint32_t code_point = static_cast<std::uint32_t>(unit);
		if (code_point >= 0xDC00 && code_point <= 0xDFFF)
			Fail("unpaired low surrogate in \\u escape", escape_offset);
		if (code_point >= 0xD800 && code_point <= 0xDBFF) {
			long low = -1;
			if (text_.size() - pos_ >= 2 && text_[pos_] == '\\' && text_[pos_ + 1] == 'u')
				low = Hex4(pos_ + 2);
			if (low < 0xDC00 || low > 0xDFFF)
				Fail("unpaired high surrogate in \\u escape", escape_offset);
			pos_ += 6;
			code_point = 0x10000 + ((code_point - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
		}
		if (code_point == 0)
			Fail("\\u0000 is not supported", escape_offset);
		AppendUtf8(out, code_point);
	}

	// Length of the well-formed UTF-8 sequence at `at` (first byte ≥ 0x80), or 0. Overlong forms,
	// encoded surrogates and code points above U+10FFFF are not well-formed.
	std::size_t Utf8SequenceLength(std::size_t at) const {
		unsigned char lead = Byte(at);
		std::size_t length;
		unsigned char low = 0x80, high = 0xBF; // bounds of the second byte
		if (lead >= 0xC2 && lead <= 0xDF) {
			length = 2;
		} else if (lead >= 0xE0 && lead <= 0xEF) {
			length = 3;
			if (lead == 0xE0)
				low = 0xA0;
			else if (lead == 0xED)
				high = 0x9F;
		} else if (lead >= 0xF0 && lead <= 0xF4) {
			length = 4;
			if (lead == 0xF0)
				low = 0x90;
			else if (lead == 0xF4)
				high = 0x8F;
		} else {
			return 0;
		}
		if (text_.size() - at < length)
			return 0;
		if (Byte(at + 1) < low || Byte(at + 1) > high)
			return 0;
		for (std::size_t i = 2; i < length; ++i)
			if (Byte(at + i) < 0x80 || Byte(at + i) > 0xBF)
				return 0;
		return length;
	}

	std::string ParseString() {
		std::size_t begin = pos_;
		++pos_; // opening quote
		std::string out;
		while (true) {
			if (AtEnd())
				Fail("unterminated string", begin);
			unsigned char c = Byte(pos_);
			if (c == '"') {
				++pos_;
				return out;
			}
			if (c < 0x20)
				Fail(fmt::format("unescaped control character 0x{:02X} in string", c), pos_);
			if (c >= 0x80) {
				std::size_t length = Utf8SequenceLength(pos_);
				if (length == 0)
					Fail("invalid UTF-8 in string", pos_);
				out.append(text_.substr(pos_, length));
				pos_ += length;
				continue;
			}
			if (c != '\\') {
				out.push_back(static_cast<char>(c));
				++pos_;
				continue;
			}
			if (text_.size() - pos_ < 2)
				Fail("unterminated string", begin);
			char escaped = text_[pos_ + 1];
			switch (escaped) {
			case '"':
			case '\\':
			case '/':
				out.push_back(escaped);
				break;
			case 'b':
				out.push_back('\b');
				break;
			case 'f':
				out.push_back('\f');
				break;
			case 'n':
				out.push_back('\n');
				break;
			case 'r':
				out.push_back('\r');
				break;
			case 't':
				out.push_back('\t');
				break;
			case 'u':
				ParseUnicodeEscape(out);
				continue;
			default:
				Fail("invalid escape sequence in string", pos_);
			}
			pos_ += 2;
		}
	}

	std::string_view text_;
	std::string_view subject_;
	std::size_t pos_ = 0;
	InterruptPoll poll_;
};

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
	return Parser(text, subject).ParseDocument();
}

} // namespace dunning::json
