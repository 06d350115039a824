// swcalls/detail/swar.hpp — eight bytes at a time: find the first byte a string scanner must stop at.
//
// Strings are most of a calls page; stopping only at '"', '\\', control bytes and non-ASCII lets the
// scanner copy plain runs a machine word at a time, on any CPU, without intrinsics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace swcalls::detail {

constexpr std::uint64_t broadcast(std::uint8_t b) noexcept { return 0x0101010101010101ULL * b; }

// Nonzero when one of the 8 bytes at `p` is '"', '\\', below 0x20 or above 0x7F. The lowest flagged
// byte is exact (false flags can appear only above a true one), which is all first_flagged() needs.
inline std::uint64_t string_stop_mask(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    const std::uint64_t high = broadcast(0x80);
    std::uint64_t quote = w ^ broadcast('"');
    std::uint64_t backslash = w ^ broadcast('\\');
    std::uint64_t is_quote = (quote - broadcast(1)) & ~quote;
    std::uint64_t is_backslash = (backslash - broadcast(1)) & ~backslash;
    std::uint64_t is_control = (w - broadcast(0x20)) & ~w;
    return (is_quote | is_backslash | is_control | w) & high;
}

// Index (0..7) of the lowest flagged byte of a nonzero mask.
inline std::size_t first_flagged(std::uint64_t mask) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<std::size_t>(__builtin_ctzll(mask)) / 8;
#else
    std::size_t i = 0;
    while (!(mask & 0x80)) { mask >>= 8; ++i; }
    return i;
#endif
}

}  // namespace swcalls::detail
