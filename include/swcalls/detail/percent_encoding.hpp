// swcalls/detail/percent_encoding.hpp — RFC 3986 percent-encoding of query names, values and path segments.
//
// Strict in what we send: only the unreserved bytes (ALPHA DIGIT - . _ ~) are kept; every other byte,
// reserved characters included, becomes %XX with uppercase hex ('+' -> %2B, ' ' -> %20, ':' -> %3A,
// ',' -> %2C, '<' -> %3C, '>' -> %3E). The same rule is right for a query name, a query value and a
// path segment, so there is one rule: percent_escape writes one escape, percent_encode a whole text into the
// caller's buffer (sizes first, then the bytes), and the request writer's put_encoded into its sink.
#pragma once

#include <cstddef>
#include <string_view>

#include "uri_chars.hpp"

namespace swcalls::detail {

// How many bytes percent_encode(text, ...) writes.
constexpr std::size_t percent_encoded_size(std::string_view text) noexcept {
    std::size_t size = 0;
    for (char c : text) size += is_unreserved(c) ? 1 : 3;
    return size;
}

inline constexpr char percent_hex_digits[] = "0123456789ABCDEF";  // uppercase, as RFC 3986 recommends

// The 3-byte escape of `byte` ("%3C") at `out`.
constexpr void percent_escape(unsigned char byte, char* out) noexcept {
    out[0] = '%';
    out[1] = percent_hex_digits[byte >> 4];
    out[2] = percent_hex_digits[byte & 0x0F];
}

// Writes the encoding of `text` at `out`, which must have room for percent_encoded_size(text) bytes.
// Returns the number of bytes written. (The request writer encodes through its sink: put_encoded.)
constexpr std::size_t percent_encode(std::string_view text, char* out) noexcept {
    std::size_t n = 0;
    for (char c : text) {
        if (is_unreserved(c)) {
            out[n++] = c;
        } else {
            percent_escape(static_cast<unsigned char>(c), out + n);
            n += 3;
        }
    }
    return n;
}

}  // namespace swcalls::detail
