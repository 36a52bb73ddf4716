#include <cstdint>
#include <gtest/gtest.h>
#include <string>

#include "core/error.hpp"
#include "core/json.hpp"

using dunning::Error;
using dunning::ErrorCode;
using dunning::json::Kind;
using dunning::json::Parse;
using dunning::json::Value;

namespace {

Value
ParseOk(std::string_view text) {
	return Parse(text, "policy");
}

// The full message of the error `text` raises; a failure if it parses.
std::string
ErrorMessage(std::string_view text) {
	try {
		Parse(text, "policy");
	} catch (const Error &e) {
		EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue) << text;
		return e.what();
	}
	ADD_FAILURE() << "no error for " << text;
	return {};
}

bool
Rejects(std::string_view text) {
	try {
		Parse(text, "policy");
	} catch (const Error &e) {
		return e.code() == ErrorCode::kInvalidParameterValue;
	}
	return false;
}

std::string
Nested(int depth) {
	return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
}

} // namespace

TEST(Json, ParsesScalars) {
	EXPECT_EQ(ParseOk("null").kind, Kind::kNull);
	Value t = ParseOk("true");
	EXPECT_EQ(t.kind, Kind::kBool);
	EXPECT_TRUE(t.boolean);
	Value f = ParseOk(" false ");
	EXPECT_EQ(f.kind, Kind::kBool);
	EXPECT_FALSE(f.boolean);
	Value s = ParseOk("\"abc\"");
	EXPECT_EQ(s.kind, Kind::kString);
	EXPECT_EQ(s.text, "abc");
	EXPECT_EQ(ParseOk("\"\"").text, "");
}

TEST(Json, KeepsNumbersAsExactSourceText) {
	for (std::string_view n :
		 {"0", "-0", "12", "-12.3400", "0.0001", "1e5", "1E+2", "-2.5e-3", "123456789012345678901234567890.5"}) {
		Value v = ParseOk(n);
		EXPECT_EQ(v.kind, Kind::kNumber) << n;
		EXPECT_EQ(v.text, n);
	}
}

TEST(Json, RejectsMalformedNumbers) {
	for (std::string_view n : {"01", "-01", "+1", ".5", "1.", "-", "1e", "1e+", "1.e3", "0x10", "NaN", "Infinity",
							   "-Infinity", "1.5.2", "--1", "1e5.5"})
		EXPECT_TRUE(Rejects(n)) << n;
	EXPECT_EQ(ErrorMessage("01"), "policy is not valid JSON: leading zeros are not allowed in numbers at offset 0");
	EXPECT_EQ(ErrorMessage("[1.]"), "policy is not valid JSON: expected a digit after the decimal point at offset 3");
}

TEST(Json, ParsesArraysAndObjectsInOrder) {
	Value v = ParseOk(" { \"b\" : [1, \"x\", null, [], {}], \"a\": {\"c\": true} } ");
	ASSERT_EQ(v.kind, Kind::kObject);
	ASSERT_EQ(v.members.size(), 2u);
	EXPECT_EQ(v.members[0].key, "b");
	EXPECT_EQ(v.members[1].key, "a");
	const Value &b = v.members[0].value;
	ASSERT_EQ(b.kind, Kind::kArray);
	ASSERT_EQ(b.elements.size(), 5u);
	EXPECT_EQ(b.elements[0].text, "1");
	EXPECT_EQ(b.elements[1].text, "x");
	EXPECT_EQ(b.elements[2].kind, Kind::kNull);
	EXPECT_EQ(b.elements[3].kind, Kind::kArray);
	EXPECT_TRUE(b.elements[3].elements.empty());
	EXPECT_EQ(b.elements[4].kind, Kind::kObject);
	ASSERT_NE(v.Find("a"), nullptr);
	ASSERT_NE(v.Find("a")->Find("c"), nullptr);
	EXPECT_TRUE(v.Find("a")->Find("c")->boolean);
	EXPECT_EQ(v.Find("c"), nullptr);
}

TEST(Json, AcceptsOnlyJsonWhitespace) {
	EXPECT_EQ(ParseOk("\t\r\n [ 1 ,\t2 ] \n").elements.size(), 2u);
	EXPECT_TRUE(Rejects("\v1"));
	EXPECT_TRUE(Rejects("\f1"));
	EXPECT_TRUE(Rejects("1\xC2\xA0"));		// no-break space
	EXPECT_TRUE(Rejects("\xEF\xBB\xBF{}")); // byte order mark
}

TEST(Json, DecodesEscapes) {
	EXPECT_EQ(ParseOk(R"("a\"b\\c\/d\be\ff\ng\rh\ti")").text, "a\"b\\c/d\be\ff\ng\rh\ti");
	EXPECT_EQ(ParseOk(R"("\u0041\u00e9\u20AC")").text, "A\xC3\xA9\xE2\x82\xAC");
	EXPECT_EQ(ParseOk(R"("\uD83D\uDE00")").text, "\xF0\x9F\x98\x80");
	EXPECT_EQ(ParseOk(R"("\udbff\udfff")").text, "\xF4\x8F\xBF\xBF");
	EXPECT_EQ(ParseOk(R"("\u007f")").text, "\x7F");
	// Raw UTF-8 passes through unchanged.
	EXPECT_EQ(ParseOk("\"caf\xC3\xA9 \xF0\x9F\x98\x80\"").text, "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST(Json, RejectsBadEscapes) {
	for (std::string_view s :
		 {R"("\x")", R"("\U0041")", R"("\u12")", R"("\u12G4")", R"("\'")", R"("\)", R"("\u")", R"("\uD83D")",
		  R"("\uD83Dx")", R"("\uD83D\u0041")", R"("\uDE00")", R"("\uD83D\n")", R"("\u0000")"})
		EXPECT_TRUE(Rejects(s)) << s;
	EXPECT_EQ(ErrorMessage(R"(["\uDE00"])"),
			  "policy is not valid JSON: unpaired low surrogate in \\u escape at offset 2");
	EXPECT_EQ(ErrorMessage(R"("ab\q")"), "policy is not valid JSON: invalid escape sequence in string at offset 3");
	EXPECT_EQ(ErrorMessage(R"("\u0000")"), "policy is not valid JSON: \\u0000 is not supported at offset 1");
}

TEST(Json, RejectsControlCharactersAndBadUtf8InStrings) {
	EXPECT_EQ(ErrorMessage("\"a\nb\""),
			  "policy is not valid JSON: unescaped control character 0x0A in string at offset 2");
	EXPECT_TRUE(Rejects(std::string("\"a\0b\"", 5)));
	for (std::string_view s :
		 {"\"\x80\"", "\"\xC0\x80\"", "\"\xC1\xBF\"", "\"\xE0\x80\x80\"", "\"\xED\xA0\x80\"", "\"\xF0\x80\x80\x80\"",
		  "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xFF\"", "\"\xC3\"", "\"\xE2\x82\"", "\"\xE2\x82\x41\""})
		EXPECT_TRUE(Rejects(s)) << testing::PrintToString(std::string(s));
	EXPECT_EQ(ErrorMessage("\"ok\xC3\""), "policy is not valid JSON: invalid UTF-8 in string at offset 3");
}

TEST(Json, RejectsStructuralErrors) {
	for (std::string_view s : {"",
							   " ",
							   "[",
							   "]",
							   "{",
							   "}",
							   "[1,]",
							   "[,1]",
							   "[1 2]",
							   "{\"a\"}",
							   "{\"a\":}",
							   "{\"a\":1,}",
							   "{a:1}",
							   "{'a':1}",
							   "{\"a\" 1}",
							   "{1:1}",
							   "[1]]",
							   "{}{}",
							   "\"abc",
							   "tru",
							   "nul",
							   "True",
							   "falsey",
							   "nullx",
							   "[true false]",
							   "// comment\n{}",
							   "{\"a\":1;\"b\":2}"})
		EXPECT_TRUE(Rejects(s)) << s;
	EXPECT_EQ(ErrorMessage(""), "policy is not valid JSON: unexpected end of input, expected a value at offset 0");
	EXPECT_EQ(ErrorMessage("{\"a\":1,}"),
			  "policy is not valid JSON: unexpected character '}', expected a string as object key at offset 7");
	EXPECT_EQ(ErrorMessage("[1 2]"),
			  "policy is not valid JSON: unexpected character '2', expected ',' or ']' at offset 3");
	EXPECT_EQ(ErrorMessage("{} x"),
			  "policy is not valid JSON: unexpected character 'x' after the JSON value at offset 3");
	EXPECT_EQ(ErrorMessage("\"abc"), "policy is not valid JSON: unterminated string at offset 0");
	EXPECT_EQ(ErrorMessage("[tru]"), "policy is not valid JSON: invalid literal, expected \"true\" at offset 1");
	EXPECT_EQ(ErrorMessage("\x01"), "policy is not valid JSON: unexpected byte 0x01, expected a value at offset 0");
}

TEST(Json, RejectsDuplicateKeys) {
	EXPECT_EQ(ErrorMessage(R"({"a": 1, "a": 2})"), "policy is not valid JSON: duplicate object key at offset 9");
	// Escapes are decoded before comparing.
	EXPECT_TRUE(Rejects(R"({"a": 1, "\u0061": 2})"));
	EXPECT_TRUE(Rejects(R"({"x": {"a": 1, "b": 2, "a": 3}})"));
	// The same key in different objects is fine.
	EXPECT_EQ(ParseOk(R"({"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]})").members.size(), 2u);
	EXPECT_EQ(ParseOk(R"({"a": 1, "A": 2})").members.size(), 2u);
}

TEST(Json, LimitsNestingDepth) {
	EXPECT_EQ(ParseOk(Nested(dunning::json::kMaxDepth)).kind, Kind::kArray);
	EXPECT_EQ(ErrorMessage(Nested(dunning::json::kMaxDepth + 1)),
			  "policy is not valid JSON: nesting depth exceeds 64 at offset 64");
	std::string objects;
	for (int i = 0; i < dunning::json::kMaxDepth + 1; ++i)
		objects += "{\"a\":";
	objects += "1" + std::string(dunning::json::kMaxDepth + 1, '}');
	EXPECT_TRUE(Rejects(objects));
	// Far too deep must fail cleanly, not overflow the stack.
	EXPECT_TRUE(Rejects(std::string(1'000'000, '[')));
}

TEST(Json, UsesTheSubjectInMessages) {
	try {
		Parse("[", "loyalty profile");
		FAIL();
	} catch (const Error &e) {
		EXPECT_STREQ(e.what(),
					 "loyalty profile is not valid JSON: unexpected end of input, expected a value at offset 1");
	}
}

TEST(Json, EveryByteStringParsesOrThrowsError) {
	// A cheap stand-in for the fuzzer: every single byte and every two-byte string, then a
	// deterministic stream of mutations of a valid document.
	for (int a = 0; a < 256; ++a) {
		for (int b = -1; b < 256; ++b) {
			std::string s(1, static_cast<char>(a));
			if (b >= 0)
				s.push_back(static_cast<char>(b));
			try {
				Parse(s, "policy");
			} catch (const Error &) {
			}
		}
	}
	const std::string seed = R"({"a": [1, -2.5e3, "x\u00e9\ud83d\ude00", true, false, null], "b": {"c": "\"\\"}})";
	std::uint32_t state = 12345;
	auto next = [&state] {
		state = state * 1664525u + 1013904223u;
		return state >> 8;
	};
	static constexpr char kAlphabet[] = "{}[]\",:\\u0e-. \x80\xC3";
	int parsed = 0;
	for (int round = 0; round < 20'000; ++round) {
		std::string s = seed;
		for (std::uint32_t edits = next() % 4 + 1; edits > 0; --edits) {
			std::size_t at = next() % (s.size() + 1);
			switch (next() % 3) {
			case 0:
				if (at < s.size())
					s[at] = static_cast<char>(next() % 256);
				break;
			case 1:
				s.insert(at, 1, kAlphabet[next() % (sizeof kAlphabet - 1)]);
				break;
			default:
				if (at < s.size())
					s.erase(at, 1);
			}
		}
		try {
			Parse(s, "policy");
			++parsed;
		} catch (const Error &e) {
			EXPECT_EQ(e.code(), ErrorCode::kInvalidParameterValue);
		}
	}
	EXPECT_GT(parsed, 0);
}
