// tools/swcalls/utf8.hpp — decoding UTF-8 one code point at a time, and how wide a code point is on a terminal.
//
// The parser only hands out well-formed UTF-8, but every formatter decodes defensively anyway: an ill-formed
// byte becomes U+FFFD instead of reaching a terminal or a JSON consumer as garbage.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace swcalls_cli {

inline constexpr char32_t replacement_character = 0xFFFD;

struct decoded_code_point {
    char32_t value;      // U+FFFD when the bytes are ill-formed
    std::size_t length;  // bytes consumed: 1..4 (1 for an ill-formed byte)
    bool valid;
};

// Decodes the code point that starts at text[i] (i < text.size()). Rejects overlongs, surrogates and values
// above U+10FFFF, as RFC 3629 requires; an ill-formed sequence consumes exactly one byte.
inline decoded_code_point decode_utf8(std::string_view text, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) -> unsigned {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
    };
    auto continuation = [](unsigned b) { return (b & 0xC0u) == 0x80u; };
    const decoded_code_point bad{replacement_character, 1, false};
    unsigned b0 = byte(0);
    if (b0 < 0x80) return {b0, 1, true};
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        unsigned b1 = byte(1);
        if (!continuation(b1)) return bad;
        return {char32_t(((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu)), 2, true};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        unsigned b1 = byte(1), b2 = byte(2);
        unsigned low = b0 == 0xE0 ? 0xA0 : 0x80, high = b0 == 0xED ? 0x9F : 0xBF;  // no overlongs, no surrogates
        if (b1 < low || b1 > high || !continuation(b2)) return bad;
        return {char32_t(((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu)), 3, true};
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        unsigned b1 = byte(1), b2 = byte(2), b3 = byte(3);
        unsigned low = b0 == 0xF0 ? 0x90 : 0x80, high = b0 == 0xF4 ? 0x8F : 0xBF;  // no overlongs, <= U+10FFFF
        if (b1 < low || b1 > high || !continuation(b2) || !continuation(b3)) return bad;
        return {char32_t(((b0 & 0x07u) << 18) | ((b1 & 0x3Fu) << 12) | ((b2 & 0x3Fu) << 6) | (b3 & 0x3Fu)), 4,
                true};
    }
    return bad;
}

inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Appends text, replacing each ill-formed byte with U+FFFD (a no-op copy for the parser's output).
inline void append_valid_utf8(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t run = i;
        decoded_code_point d{};
        while (run < text.size() && (d = decode_utf8(text, run)).valid) run += d.length;
        out.append(text.data() + i, run - i);
        if (run == text.size()) break;
        append_utf8(out, replacement_character);
        i = run + 1;
    }
}

// Columns a printable code point takes on a terminal: 0 for combining marks and zero-width characters,
// 2 for East Asian wide/fullwidth characters and most emoji, 1 otherwise. A compact approximation of wcwidth
// that needs no locale; control characters are never asked about (the table escapes them first).
inline int display_width(char32_t cp) noexcept {
    struct range { char32_t first, last; };
    static constexpr range zero_width[] = {
        {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
        {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
        {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
        {0x1F3FB, 0x1F3FF}, {0xE0000, 0xE0FFF},
    };
    static constexpr range wide[] = {
        {0x1100, 0x115F},   {0x231A, 0x231B},   {0x23E9, 0x23EC},   {0x2614, 0x2615},   {0x2648, 0x2653},
        {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26D4, 0x26D4},
        {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
        {0x2728, 0x2728},   {0x274C, 0x274C},   {0x2753, 0x2755},   {0x2795, 0x2797},   {0x2B1B, 0x2B1C},
        {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
        {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
        {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
        {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F2FF},
        {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
        {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    if (cp < 0x0300) return 1;
    for (const range& r : zero_width)
        if (cp >= r.first && cp <= r.last) return 0;
    for (const range& r : wide)
        if (cp >= r.first && cp <= r.last) return 2;
    return 1;
}

}  // namespace swcalls_cli
