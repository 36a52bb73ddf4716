// ASCII character classes, independent of the C locale (std::isdigit and friends follow
// setlocale, which PostgreSQL sets from lc_ctype): codes, IBANs and numbers are ASCII by definition.
#pragma once

namespace dunning::ascii {

constexpr bool
IsDigit(char c) {
	return c >= '0' && c <= '9';
}
constexpr bool
IsUpper(char c) {
	return c >= 'A' && c <= 'Z';
}
constexpr bool
IsLower(char c) {
	return c >= 'a' && c <= 'z';
}
// A digit or an upper-case letter (the alphabet of IBANs, BICs and creditor references).
constexpr bool
IsUpperAlnum(char c) {
	return IsUpper(c) || IsDigit(c);
}

} // namespace dunning::ascii
