#include "core/render.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/json.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/args.h>
#include <fmt/format.h>
#include <optional>
#include <string>

namespace dunning {

// A JSON number's digits, formatted without ever becoming binary floating point.
struct ExactDecimal {
	std::string text; // plain decimal: optional '-', digits, optional '.' and digits
};

namespace {

constexpr int kMaxExponent = 1000; // 1e1000000 would be a megabyte of zeros
// A letter has no use for wider fields, and {a:999999999} would pad to a gigabyte.
constexpr long kMaxWidth = 1000;

// "12.5e-3" → "0.0125": jsonb prints numbers in plain form, but JSON allows exponents.
std::string
PlainDecimal(std::string_view number) {
	std::size_t e = number.find_first_of("eE");
	if (e == std::string_view::npos)
		return std::string(number);
	long exponent = 0;
	std::string_view exp_text = number.substr(e + 1);
	bool exp_negative = !exp_text.empty() && exp_text.front() == '-';
	if (!exp_text.empty() && (exp_text.front() == '-' || exp_text.front() == '+'))
		exp_text.remove_prefix(1);
	for (char c : exp_text) {
		exponent = exponent * 10 + (c - '0');
		if (exponent > kMaxExponent)
			ThrowInvalid(fmt::format("number {} is too large or too small to print", number));
	}
	if (exp_negative)
		exponent = -exponent;
	std::string_view mantissa = number.substr(0, e);
	bool negative = !mantissa.empty() && mantissa.front() == '-';
	if (negative)
		mantissa.remove_prefix(1);
	std::string digits;
	long point = 0; // digits before the decimal point
	bool seen_point = false;
	for (char c : mantissa) {
		if (c == '.') {
			seen_point = true;
			continue;
		}
		digits.push_back(c);
		if (!seen_point)
			++point;
	}
	point += exponent;
	if (point <= 0) {
		digits.insert(0, static_cast<std::size_t>(-point) + 1, '0');
		point = 1;
	} else if (point > static_cast<long>(digits.size())) {
		digits.append(static_cast<std::size_t>(point) - digits.size(), '0');
	}
	std::string out = negative ? "-" : "";
	out += digits.substr(0, static_cast<std::size_t>(point));
	if (static_cast<std::size_t>(point) < digits.size())
		out += "." + digits.substr(static_cast<std::size_t>(point));
	return out;
}

// Rounds plain decimal text to `precision` decimals, half away from zero.
std::string
RoundDecimal(const std::string &text, int precision) {
	bool negative = !text.empty() && text.front() == '-';
	std::string body = negative ? text.substr(1) : text;
	std::size_t point = body.find('.');
	std::string whole = body.substr(0, point);
	std::string fraction = point == std::string::npos ? "" : body.substr(point + 1);
	if (whole.empty())
		whole = "0";
	bool round_up = static_cast<int>(fraction.size()) > precision && fraction[precision] >= '5';
	fraction.resize(static_cast<std::size_t>(precision), '0');
	std::string digits = whole + fraction;
	if (round_up) {
		int i = static_cast<int>(digits.size()) - 1;
		for (; i >= 0 && digits[i] == '9'; --i)
			digits[i] = '0';
		if (i < 0)
			digits.insert(0, "1");
		else
			++digits[i];
	}
	std::string out = digits.substr(0, digits.size() - fraction.size());
	if (precision > 0)
		out += "." + digits.substr(digits.size() - fraction.size());
	bool zero = out.find_first_not_of("0.") == std::string::npos;
	return (negative && !zero ? "-" : "") + out;
}

// The widths a format spec asks for: every run of digits not after '.' (a fill digit, the width;
// precisions only cut or are capped by the number formatter). Each must be at most kMaxWidth.
void
CheckWidths(std::string_view name, std::string_view spec) {
	for (std::size_t i = 0; i < spec.size();) {
		if (spec[i] < '0' || spec[i] > '9') {
			++i;
			continue;
		}
		const bool precision = i > 0 && spec[i - 1] == '.';
		long value = 0;
		for (; i < spec.size() && spec[i] >= '0' && spec[i] <= '9'; ++i)
			value = std::min(value * 10 + (spec[i] - '0'), kMaxWidth + 1);
		if (!precision && value > kMaxWidth)
			ThrowInvalid(fmt::format("template placeholder \"{{{}}}\" asks for a width above {}", name, kMaxWidth));
	}
}

// The named placeholders of a template, in order; positional ones are an error. `has(name)` says
// whether vars has a value of that name, `keys()` lists vars' keys for the error message; `seen`
// receives each name (nested width placeholders included), duplicates too, and the text after an
// unterminated placeholder, which need not name a value.
template <typename Has, typename Keys, typename Seen>
void
CheckPlaceholders(std::string_view tmpl, Has has, Keys keys, Seen seen) {
	InterruptPoll poll;
	for (std::size_t i = 0; i < tmpl.size(); ++i) {
		if (tmpl[i] != '{')
			continue;
		poll.Tick(); // each placeholder searches vars
		if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
			++i; // an escaped brace
			continue;
		}
		std::size_t end = tmpl.find_first_of(":}", i + 1);
		if (end == std::string_view::npos) {
			seen(tmpl.substr(i + 1)); // fmt looks its name up, then reports the unterminated placeholder
			return;
		}
		std::string_view name = tmpl.substr(i + 1, end - i - 1);
		if (name.empty() || (name.front() >= '0' && name.front() <= '9'))
			ThrowInvalid(fmt::format("template placeholder \"{{{}}}\" is positional", name), {},
			             "Name every placeholder, e.g. {customer}, and give its value in vars.");
		if (!has(name)) {
			std::string listed = keys();
			ThrowInvalid(fmt::format("template placeholder \"{{{}}}\" has no value in vars", name),
			             listed.empty() ? "vars is empty." : fmt::format("vars has: {}.", listed));
		}
		seen(name);
		if (tmpl[end] == ':') {
			std::size_t close = tmpl.find('}', end);
			CheckWidths(name, tmpl.substr(end + 1, close == std::string_view::npos ? close : close - end - 1));
		}
		i = end;
	}
}

} // namespace

} // namespace dunning

// `{amount}` prints the number as given; `{amount:.2f}` rounds it; fill, alignment and width
// (`{amount:>10.2f}`) apply to the result as to a string.
template <>
struct fmt::formatter<dunning::ExactDecimal> {
	std::string string_spec;
	std::optional<int> precision;

	format_parse_context::iterator
	parse(format_parse_context &ctx) {
		auto it = ctx.begin();
		std::string spec;
		while (it != ctx.end() && *it != '}')
			spec.push_back(*it++);
		if (!spec.empty() && spec.back() == 'f')
			spec.pop_back();
		std::size_t dot = spec.rfind('.');
		if (dot != std::string::npos) {
			std::string digits = spec.substr(dot + 1);
			if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos)
				throw format_error("invalid precision for a number");
			precision = std::stoi(digits);
			spec.resize(dot);
		}
		string_spec = spec;
		return it;
	}

	format_context::iterator
	format(const dunning::ExactDecimal &value, format_context &ctx) const {
		std::string text = precision ? dunning::RoundDecimal(value.text, *precision) : value.text;
		return fmt::format_to(ctx.out(), fmt::runtime("{:" + string_spec + "}"), text);
	}
};

namespace dunning {
namespace {

std::string
Format(std::string_view tmpl, const fmt::dynamic_format_arg_store<fmt::format_context> &args) {
	try {
		return fmt::vformat(tmpl, args);
	} catch (const fmt::format_error &e) {
		ThrowInvalid(fmt::format("malformed template: {}", e.what()), {},
		             "Placeholders look like {name} or {name:>10.2f}; write {{ and }} for literal braces.");
	}
}

// What fmt prints for a template whose placeholders are all plain names with a value in vars
// ("{customer}", no format spec) and whose braces are all escaped or placeholders: the text with
// each placeholder replaced by its value and "{{", "}}" by one brace. A letter's texts are such
// templates, rendered some twenty times per letter; fmt's named arguments cost a third of composing
// a letter. nullopt for anything else (a spec, a missing or positional name, a stray brace, an
// unterminated placeholder): the caller renders it with fmt, which reports the error.
std::optional<std::string>
RenderPlain(std::string_view tmpl, const TextVars &vars) {
	InterruptPoll poll;
	std::string out;
	out.reserve(tmpl.size() + tmpl.size() / 2);
	std::size_t i = 0;
	while (i < tmpl.size()) {
		const std::size_t brace = tmpl.find_first_of("{}", i);
		if (brace == std::string_view::npos) {
			out.append(tmpl.substr(i));
			break;
		}
		out.append(tmpl.substr(i, brace - i));
		if (brace + 1 < tmpl.size() && tmpl[brace + 1] == tmpl[brace]) { // "{{" or "}}"
			out.push_back(tmpl[brace]);
			i = brace + 2;
			continue;
		}
		if (tmpl[brace] == '}')
			return std::nullopt; // a stray '}': fmt's error
		poll.Tick();
		std::size_t end = brace + 1;
		while (end < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[end])) || tmpl[end] == '_'))
			++end;
		const std::string_view name = tmpl.substr(brace + 1, end - brace - 1);
		if (end >= tmpl.size() || tmpl[end] != '}' || name.empty() || (name.front() >= '0' && name.front() <= '9'))
			return std::nullopt;
		const auto found = vars.find(name);
		if (found == vars.end())
			return std::nullopt;
		out.append(found->second);
		i = end + 1;
	}
	return out;
}

} // namespace

std::string
Render(std::string_view tmpl, std::string_view vars_json) {
	json::Value vars = json::Parse(vars_json, "vars");
	if (vars.kind != json::Kind::kObject)
		ThrowInvalid("vars must be a JSON object", {}, R"(Pass the values by name, e.g. '{"customer": "Acme"}'.)");
	CheckPlaceholders(
	    tmpl, [&](std::string_view name) { return vars.Find(name) != nullptr; },
	    [&] {
		    std::string keys;
		    for (const json::Member &m : vars.members)
			    keys += (keys.empty() ? "" : ", ") + m.key;
		    return keys;
	    },
	    [](std::string_view) {});

	fmt::dynamic_format_arg_store<fmt::format_context> args;
	for (const json::Member &m : vars.members) {
		const json::Value &v = m.value;
		switch (v.kind) {
		case json::Kind::kString:
			args.push_back(fmt::arg(m.key.c_str(), v.text));
			break;
		case json::Kind::kNumber:
			args.push_back(fmt::arg(m.key.c_str(), ExactDecimal{PlainDecimal(v.text)}));
			break;
		case json::Kind::kBool:
			args.push_back(fmt::arg(m.key.c_str(), std::string(v.boolean ? "true" : "false")));
			break;
		case json::Kind::kNull:
			args.push_back(fmt::arg(m.key.c_str(), std::string()));
			break;
		case json::Kind::kArray:
		case json::Kind::kObject:
			ThrowInvalid(fmt::format("vars key \"{}\" is an {}; templates print text and numbers", m.key,
			                         v.kind == json::Kind::kArray ? "array" : "object"));
		}
	}
	return Format(tmpl, args);
}

std::string
Render(std::string_view tmpl, const TextVars &vars) {
	if (std::optional<std::string> plain = RenderPlain(tmpl, vars))
		return std::move(*plain);
	// Only the values the template names go to fmt: a letter's vars have some seventy keys, a
	// phrase names a few. A value fmt never looks up cannot change its output.
	fmt::dynamic_format_arg_store<fmt::format_context> args;
	const std::string *pushed[64];
	std::size_t pushed_count = 0;
	CheckPlaceholders(
	    tmpl, [&](std::string_view name) { return vars.find(name) != vars.end(); },
	    [&] {
		    std::string keys;
		    for (const auto &[key, value] : vars)
			    keys += (keys.empty() ? "" : ", ") + key;
		    return keys;
	    },
	    [&](std::string_view name) {
		    // fmt looks up the identifier a placeholder starts with ("{a b}": "a") before it reports
		    // what follows, so that value goes too when vars has it
		    std::size_t id = 0;
		    while (id < name.size() && (std::isalnum(static_cast<unsigned char>(name[id])) || name[id] == '_'))
			    ++id;
		    for (std::string_view candidate : {name, name.substr(0, id)}) {
			    const auto found = vars.find(candidate);
			    if (found == vars.end())
				    continue;
			    const std::string *key = &found->first;
			    if (std::find(pushed, pushed + pushed_count, key) != pushed + pushed_count)
				    continue;
			    if (pushed_count < std::size(pushed))
				    pushed[pushed_count++] = key;
			    args.push_back(fmt::arg(key->c_str(), std::cref(found->second)));
		    }
	    });
	return Format(tmpl, args);
}

} // namespace dunning
