#include "core/error.hpp"
#include "core/render.hpp"

#include <gtest/gtest.h>

using dunning::Render;

namespace {

std::string
ErrorOf(std::string_view tmpl, std::string_view vars) {
	try {
		Render(tmpl, vars);
	} catch (const dunning::Error &e) {
		EXPECT_EQ(e.code(), dunning::ErrorCode::kInvalidParameterValue);
		return e.what();
	}
	return "no error";
}

} // namespace

TEST(Render, FillsNamedPlaceholders) {
	EXPECT_EQ(Render("Dear {customer}, you owe {amount} {currency}.",
	                 R"({"customer": "Acme NV", "amount": 5000.00, "currency": "EUR"})"),
	          "Dear Acme NV, you owe 5000.00 EUR.");
	EXPECT_EQ(Render("{a}{a}", R"({"a": "x"})"), "xx");
	EXPECT_EQ(Render("{{literal}} {a}", R"({"a": 1})"), "{literal} 1");
	EXPECT_EQ(Render("no placeholders", "{}"), "no placeholders");
}

TEST(Render, NumbersAreExactDecimals) {
	EXPECT_EQ(Render("{x:.2f}", R"({"x": 2.675})"), "2.68"); // binary floating point would print 2.67
	EXPECT_EQ(Render("{x:.2f}", R"({"x": -2.675})"), "-2.68");
	EXPECT_EQ(Render("{x:.2f}", R"({"x": -0.004})"), "0.00");
	EXPECT_EQ(Render("{x:.0f}", R"({"x": 9.5})"), "10");
	EXPECT_EQ(Render("{x:.2f}", R"({"x": 99.999})"), "100.00");
	EXPECT_EQ(Render("{x:.2f}", R"({"x": 12345678901234567890.125})"), "12345678901234567890.13");
	EXPECT_EQ(Render("{x:.3f}", R"({"x": 5})"), "5.000");
	EXPECT_EQ(Render("{x}", R"({"x": 1.5e3})"), "1500");
	EXPECT_EQ(Render("{x}", R"({"x": 25e-4})"), "0.0025");
	EXPECT_EQ(Render("[{x:>10.2f}]", R"({"x": 5000})"), "[   5000.00]");
	EXPECT_EQ(Render("[{x:*<8}]", R"({"x": 42})"), "[42******]");
	EXPECT_EQ(Render("{x:>1000}", R"({"x": "a"})").size(), 1000u); // the widest field allowed
	EXPECT_EQ(Render("{x:.99999}", R"({"x": "abc"})"), "abc");    // a precision only cuts text
}

TEST(Render, ValuesAreDataNeverFormatStrings) {
	EXPECT_EQ(Render("{name}", R"({"name": "{evil} {0} {{"})"), "{evil} {0} {{");
	EXPECT_EQ(Render("{flag}/{nothing}/", R"({"flag": true, "nothing": null})"), "true//");
	EXPECT_EQ(Render("{name:>6}", R"({"name": "ab"})"), "    ab");
}

TEST(Render, ErrorsNameThePlaceholder) {
	EXPECT_EQ(ErrorOf("Dear {customer}, {amount}", R"({"customer": "A"})"),
	          "template placeholder \"{amount}\" has no value in vars");
	EXPECT_EQ(ErrorOf("{}", "{}"), "template placeholder \"{}\" is positional");
	EXPECT_EQ(ErrorOf("{0}", R"({"a": 1})"), "template placeholder \"{0}\" is positional");
	EXPECT_EQ(ErrorOf("{a", R"({"a": 1})").rfind("malformed template: ", 0), 0u);
	EXPECT_EQ(ErrorOf("{a:.2x}", R"({"a": "s"})").rfind("malformed template: ", 0), 0u);
	EXPECT_EQ(ErrorOf("{a:.2f}", R"({"a": "text"})").rfind("malformed template: ", 0), 0u);
	EXPECT_EQ(ErrorOf("{a}", "[1]"), "vars must be a JSON object");
	EXPECT_EQ(ErrorOf("{a}", R"({"a": [1]})"), "vars key \"a\" is an array; templates print text and numbers");
	EXPECT_EQ(ErrorOf("{a}", R"({"a": 1e99999})"), "number 1e99999 is too large or too small to print");
	EXPECT_EQ(ErrorOf("x", "not json").rfind("vars is not valid JSON", 0), 0u);
	// Found by fuzz_render: a width of a billion would pad to a gigabyte.
	EXPECT_EQ(ErrorOf("{a:999999999}", R"({"a": 95})"), "template placeholder \"{a}\" asks for a width above 1000");
	EXPECT_EQ(ErrorOf("{a:*>1001.2f}", R"({"a": 1})"), "template placeholder \"{a}\" asks for a width above 1000");
	EXPECT_EQ(ErrorOf("{a:0>99999999999999999999}", R"({"a": 1})"),
	          "template placeholder \"{a}\" asks for a width above 1000");
}

namespace {

// Render(tmpl, TextVars) and Render(tmpl, its JSON), the second always through fmt: the output,
// or the error message.
std::pair<std::string, std::string>
BothWays(std::string_view tmpl) {
	const dunning::TextVars vars{{"a", "x{0}}"}, {"customer", "Acme NV"}, {"_x", "u"}, {"a1", ""}};
	const std::string json = R"({"a": "x{0}}", "customer": "Acme NV", "_x": "u", "a1": ""})";
	auto run = [&](auto &&render) {
		try {
			return render();
		} catch (const dunning::Error &e) {
			return std::string("error: ") + e.what();
		}
	};
	return {run([&] { return Render(tmpl, vars); }), run([&] { return Render(tmpl, json); })};
}

} // namespace

// The text variables take a shortcut for plain {name} placeholders; it prints what fmt prints,
// and anything else goes to fmt.
TEST(Render, TextVarsRenderAsTheirJson) {
	for (std::string_view tmpl :
	     {"Dear {customer}, you owe {a}.", "{a}{a}{a1}", "{{literal}} {a}", "}} {a} {{", "{{{a}}}", "{_x}{a1}", "", "plain",
	      "a } b", "{a", "{a b}", "{ a}", "{a:>8}", "{a}}", "{}", "{0}", "{missing}", "{a}{", "é {customer} ü",
	      "{customer}\n\n{a}\t{_x}"}) {
		const auto [text_vars, json] = BothWays(tmpl);
		EXPECT_EQ(text_vars, json) << "template: " << tmpl;
	}
	EXPECT_EQ(BothWays("{{{a}}}").first, "{x{0}}}");
}
