// swcalls/detail/swar.hpp — a machine word at a time (8 bytes, 4 on 32-bit targets: SWCALLS_NATIVE_WORD64):
// find the first byte a string scanner must stop at.
//
// Strings are most of a calls page; stopping only at '"', '\\', control bytes and non-ASCII lets the
// scanner copy plain runs a machine word at a time, on any CPU, without intrinsics. Where SSE2 is there
// (every x86-64), sixteen bytes at a time as well (SWCALLS_HAVE_STRING_BLOCK16); define SWCALLS_NO_SIMD to
// keep to the portable word.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "../config.hpp"

#if defined(__SSE2__) && !defined(SWCALLS_NO_SIMD)
#include <emmintrin.h>
#define SWCALLS_HAVE_STRING_BLOCK16 1
#else
#define SWCALLS_HAVE_STRING_BLOCK16 0
#endif


namespace swcalls::detail {

constexpr std::uint64_t broadcast(std::uint8_t b) noexcept { return 0x0101010101010101ULL * b; }

// The 8 bytes at `p` (any alignment), the first one lowest, whatever the machine's byte order.
inline std::uint64_t load_le64(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

// The word the string scan steps by: 8 bytes where 64-bit words are native; 4 on 32-bit targets, where
// 64-bit arithmetic would take two or more instructions an operation (more code, and no faster).
#if SWCALLS_NATIVE_WORD64
using scan_word = std::uint64_t;
#else
using scan_word = std::uint32_t;
#endif
inline constexpr std::size_t scan_word_size = sizeof(scan_word);

// The scan_word_size bytes at `p` (any alignment), the first one lowest, whatever the machine's byte order.
inline scan_word load_scan_word(const char* p) noexcept {
    scan_word w;
    std::memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = sizeof w == 8 ? scan_word(__builtin_bswap64(w)) : scan_word(__builtin_bswap32(static_cast<std::uint32_t>(w)));
#endif
    return w;
}

// Nonzero when one of the scan_word_size bytes at `p` is '"', '\\', below 0x20 or above 0x7F. The lowest
// flagged byte is exact (false flags can appear only above a true one), which is all first_flagged() needs.
inline scan_word string_stop_mask(const char* p) noexcept {
    const scan_word w = load_scan_word(p);
    const scan_word high = scan_word(broadcast(0x80));
    const scan_word one = scan_word(broadcast(1));
    scan_word quote = w ^ scan_word(broadcast('"'));
    scan_word backslash = w ^ scan_word(broadcast('\\'));
    scan_word is_quote = (quote - one) & ~quote;
    scan_word is_backslash = (backslash - one) & ~backslash;
    scan_word is_control = (w - scan_word(broadcast(0x20))) & ~w;
    return (is_quote | is_backslash | is_control | w) & high;
}

// Index of the lowest flagged byte of a nonzero mask of 8- or 4-byte words (0..7, 0..3).
template <class Word>
inline std::size_t first_flagged(Word mask) noexcept {
    static_assert(std::is_same_v<Word, std::uint64_t> || std::is_same_v<Word, std::uint32_t>);
#if defined(__GNUC__) || defined(__clang__)
    if constexpr (sizeof(Word) == 8) return static_cast<std::size_t>(__builtin_ctzll(mask)) / 8;
    else return static_cast<std::size_t>(__builtin_ctz(mask)) / 8;
#else
    std::size_t i = 0;
    while (!(mask & 0x80)) { mask >>= 8; ++i; }
    return i;
#endif
}

// How many of the 8 bytes at `p` are spaces before the first other byte (8: all of them). Pretty-printed
// bodies indent every line with a run of spaces; this skips one in a step instead of a byte at a time.
inline std::size_t leading_spaces(const char* p) noexcept {
    const std::uint64_t other = load_le64(p) ^ broadcast(' ');  // zero bytes where there are spaces
    if (other == 0) return 8;
    // Each nonzero byte's top bit, exactly (no carry crosses bytes): the lowest is the first non-space.
    const std::uint64_t low7 = broadcast(0x7F);
    return first_flagged((((other & low7) + low7) | other) & broadcast(0x80));
}

#if SWCALLS_HAVE_STRING_BLOCK16
// A bit per byte of `bytes` (bit i: byte i) that is '"', '\\', below 0x20 or above 0x7F — exact, unlike the
// SWAR mask.
inline unsigned string_stops16(__m128i bytes) noexcept {
    const __m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
    // movemask takes each byte's top bit: set for the three matches (0xFF) and for bytes above 0x7F.
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), _mm_or_si128(control, bytes))));
}
inline __m128i load16(const char* p) noexcept { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
// The 16 bytes at `p` copied to `out`; returns their string_stops16 mask.
inline unsigned string_block16(const char* p, char* out) noexcept {
    const __m128i bytes = load16(p);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
    return string_stops16(bytes);
}

// Index (0..15) of the lowest set bit of a nonzero string_block16 mask.
inline std::size_t first_flagged16(unsigned mask) noexcept { return static_cast<std::size_t>(__builtin_ctz(mask)); }
#endif

}  // namespace swcalls::detail
