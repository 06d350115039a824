// swcalls/detail/percent_encoding.hpp — RFC 3986 percent-encoding of query names, values and path segments.
//
// Strict in what we send: only the unreserved bytes (ALPHA DIGIT - . _ ~) are kept; every other byte,
// reserved characters included, becomes %XX with uppercase hex ('+' -> %2B, ' ' -> %20, ':' -> %3A,
// ',' -> %2C, '<' -> %3C, '>' -> %3E). The same rule is right for a query name, a query value and a
// path segment, so there is one encoder. Sizes first, then the bytes: the caller owns the buffer.
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

// Writes the encoding of `text` at `out`, which must have room for percent_encoded_size(text) bytes.
// Returns the number of bytes written. (The request writer encodes through its sink: put_encoded.)
constexpr std::size_t percent_encode(std::string_view text, char* out) noexcept {
    constexpr const char* hex = percent_hex_digits;
    std::size_t n = 0;
    for (char c : text) {
        if (is_unreserved(c)) {
            out[n++] = c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out[n++] = '%';
            out[n++] = hex[byte >> 4];
            out[n++] = hex[byte & 0x0F];
        }
    }
    return n;
}

}  // namespace swcalls::detail
