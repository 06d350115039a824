// swcalls/detail/utf8.hpp — the UTF-8 facts the scanner needs: lead-byte classes and encoding a code point.
#pragma once

#include <cstdint>

namespace swcalls::detail {

// What a UTF-8 lead byte promises: how many continuation bytes follow, and the allowed range of the first
// one (narrower after E0, ED, F0, F4, which is how overlong forms, surrogates and > U+10FFFF are refused).
struct utf8_lead {
    std::uint8_t continuation_bytes;  // 0: not a valid lead byte
    std::uint8_t first_min;
    std::uint8_t first_max;
};

// Computed rather than a ladder of ranges (smaller on a microcontroller): the count from the lead's range,
// the first continuation byte's range 80..BF except after the four leads that narrow it.
constexpr utf8_lead classify_utf8_lead(unsigned char c) noexcept {
    if (c < 0xC2 || c > 0xF4) return {0, 0, 0};
    const std::uint8_t count = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    const std::uint8_t min = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const std::uint8_t max = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    return {count, min, max};
}

// Writes the UTF-8 form of `cp` (a scalar value, not a surrogate) to out; returns its length (1..4).
// One loop for the continuation bytes, last first, instead of a branch written out for each length.
inline int encode_utf8(std::uint32_t cp, char* out) noexcept {
    const int n = 1 + (cp >= 0x80) + (cp >= 0x800) + (cp >= 0x10000);
    for (int i = n - 1; i > 0; --i) {
        out[i] = static_cast<char>(0x80 | (cp & 0x3F));
        cp >>= 6;
    }
    // The lead: the value's top bits under n one bits (none for ASCII).
    out[0] = static_cast<char>((n == 1 ? 0u : 0xF00u >> n) | cp);
    return n;
}

}  // namespace swcalls::detail
