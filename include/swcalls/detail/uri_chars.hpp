// swcalls/detail/uri_chars.hpp — RFC 3986 character classes, for the request builder's encoders and checks.
//
// Plain comparisons on ASCII, and two 16-byte maps built from them at compile time: no locale, usable in
// constant expressions.
#pragma once

#include <string_view>

#include "../config.hpp"
#include "string_slices.hpp"

namespace swcalls::detail {

// Setting bit 5 turns 'A'..'Z' into 'a'..'z' and no other byte into a letter: one range check for both cases.
constexpr bool is_ascii_alpha(char c) noexcept {
    return static_cast<unsigned>(static_cast<unsigned char>(c | 0x20) - 'a') < 26;
}
constexpr bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex_digit(char c) noexcept {
    return is_ascii_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A set of ASCII bytes as a 128-bit map, built at compile time: one load and a shift to test a byte, where
// a chain of comparisons takes tens of bytes of code at each use.
struct ascii_set {
    unsigned char bits[16] = {};

    constexpr bool contains(char c) const noexcept {
        const auto u = static_cast<unsigned char>(c);
        return u < 128 && ((bits[u >> 3] >> (u & 7)) & 1) != 0;
    }
};

// The ASCII bytes for which `member` is true.
template <class Predicate>
constexpr ascii_set make_ascii_set(Predicate member) noexcept {
    ascii_set set;
    for (unsigned u = 0; u < 128; ++u)
        if (member(static_cast<char>(u)))
            set.bits[u >> 3] = static_cast<unsigned char>(set.bits[u >> 3] | (1u << (u & 7)));
    return set;
}

// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~": the only bytes percent_encode() leaves as they are.
inline constexpr ascii_set unreserved_bytes = make_ascii_set([](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
});
constexpr bool is_unreserved(char c) noexcept { return unreserved_bytes.contains(c); }

// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
constexpr bool is_sub_delim(char c) noexcept {
    return c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' ||
           c == ',' || c == ';' || c == '=';
}

// What a path may hold besides percent-escapes: pchar (unreserved / sub-delims / ":" / "@") and "/".
inline constexpr ascii_set path_bytes = make_ascii_set(
    [](char c) { return is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '@' || c == '/'; });

// CR, LF or NUL: the bytes that would split or cut a request head.
constexpr bool is_head_breaking(char c) noexcept { return c == '\r' || c == '\n' || c == '\0'; }

constexpr bool contains_head_breaking(const char* data, std::size_t size) noexcept {
    for (char c : std::string_view(data, size))
        if (is_head_breaking(c)) return true;
    return false;
}
constexpr bool contains_head_breaking(std::string_view text) noexcept {
    return contains_head_breaking(text.data(), text.size());
}

// A byte that can never appear in a request target as sent: controls, space, DEL, non-ASCII, and '#'
// (a fragment is not part of a request).
constexpr bool is_forbidden_in_target(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u >= 0x7F || c == '#';
}

// A byte forbidden in a target, or a '\\' (which WHATWG URL parsers read as '/'): the scan that
// is_followable_target and next_page_target share.
constexpr bool has_unfollowable_byte(const char* data, std::size_t size) noexcept {
    for (char c : std::string_view(data, size))
        if (is_forbidden_in_target(c) || c == '\\') return true;
    return false;
}
constexpr bool has_unfollowable_byte(std::string_view text) noexcept {
    return has_unfollowable_byte(text.data(), text.size());
}

// A target swcalls puts on a request line: one leading '/', no forbidden byte, and neither a '\\' nor a
// leading "//" — URL parsers that resolve targets (curl's, WHATWG's) read those as another origin. The one
// rule for request targets, next_page_uri paths and saved cursors alike.
constexpr bool is_followable_target(const char* data, std::size_t size) noexcept {
    if (size == 0 || data[0] != '/' || (size > 1 && data[1] == '/')) return false;
    return !has_unfollowable_byte(data, size);
}
constexpr bool is_followable_target(std::string_view target) noexcept {
    return is_followable_target(target.data(), target.size());
}

// A path made of segments: pchar (unreserved / sub-delims / ":" / "@" / pct-encoded) and "/", with every
// '%' followed by two hex digits.
constexpr bool is_valid_path(std::string_view path) noexcept {
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '%') {
            if (i + 2 >= path.size()) return false;
            if (!is_hex_digit(path[i + 1]) || !is_hex_digit(path[i + 2])) return false;
            i += 2;
        } else if (!path_bytes.contains(c)) {
            return false;
        }
    }
    return true;
}

constexpr char to_ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Both texts have `size` bytes. Two bytes that differ match when they are one letter in both cases: they
// differ in bit 5 alone and one is a letter (then so is the other); one test instead of two lower-casings.
constexpr bool equal_bytes_ignoring_case(const char* a, const char* b, std::size_t size) noexcept {
    for (std::size_t i = 0; i < size; ++i)
        if (a[i] != b[i] && ((a[i] ^ b[i]) != 0x20 || !is_ascii_alpha(a[i]))) return false;
    return true;
}
// Forced inline: a call would pass two string_views, which GCC stores on entry (see string_slices.hpp).
SWCALLS_FORCE_INLINE constexpr bool equals_ascii_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && equal_bytes_ignoring_case(a.data(), b.data(), a.size());
}

constexpr bool starts_with_ascii_ignoring_case(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && equals_ascii_ignoring_case(first_bytes(text, prefix.size()), prefix);
}

}  // namespace swcalls::detail
