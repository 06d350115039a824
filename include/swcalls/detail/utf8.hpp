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

constexpr utf8_lead classify_utf8_lead(unsigned char c) noexcept {
    if (c >= 0xC2 && c <= 0xDF) return {1, 0x80, 0xBF};
    if (c == 0xE0) return {2, 0xA0, 0xBF};
    if (c == 0xED) return {2, 0x80, 0x9F};
    if (c >= 0xE1 && c <= 0xEF) return {2, 0x80, 0xBF};
    if (c == 0xF0) return {3, 0x90, 0xBF};
    if (c >= 0xF1 && c <= 0xF3) return {3, 0x80, 0xBF};
    if (c == 0xF4) return {3, 0x80, 0x8F};
    return {0, 0, 0};
}

// Writes the UTF-8 form of `cp` (a scalar value, not a surrogate) to out; returns its length (1..4).
inline int encode_utf8(std::uint32_t cp, char* out) noexcept {
    if (cp < 0x80) { out[0] = static_cast<char>(cp); return 1; }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

}  // namespace swcalls::detail
