// swcalls/detail/decimal_text.hpp — unsigned 64-bit integers to and from decimal text, without a 64-bit
// division: on 32-bit targets every `/ 10` or `% 10` of a uint64_t calls a library routine (__udivmoddi4,
// 700 bytes on a Cortex-M4). Used where counts and sizes meet text (cursors, Content-Length, Retry-After,
// PageSize), none of them hot.
#pragma once

#include <cstddef>
#include <cstdint>

namespace swcalls::detail {

// 10^0 .. 10^19: every power of ten a uint64_t holds.
inline constexpr std::uint64_t powers_of_ten_u64[20] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u, 10000000000u,
    100000000000u, 1000000000000u, 10000000000000u, 100000000000000u, 1000000000000000u, 10000000000000000u,
    100000000000000000u, 1000000000000000000u, 10000000000000000000u};

// value = value × 10 + digit, unless that passes the limit given as its tens and units (limit / 10 and
// limit % 10, so that no 64-bit division is done here): false then, value unchanged.
constexpr bool append_digit_within(std::uint64_t& value, unsigned digit, std::uint64_t limit_tens,
                                   unsigned limit_units) noexcept {
    if (value > limit_tens || (value == limit_tens && digit > limit_units)) return false;
    value = value * 10 + digit;
    return true;
}

// value = value × 10 + digit, unless that passes UINT64_MAX (18446744073709551615).
constexpr bool append_decimal_digit(std::uint64_t& value, unsigned digit) noexcept {
    return append_digit_within(value, digit, 1844674407370955161u, 5);
}

// How many decimal digits `value` has (1 for 0).
constexpr std::size_t decimal_length(std::uint64_t value) noexcept {
    std::size_t n = 1;
    while (n < 20 && value >= powers_of_ten_u64[n]) ++n;
    return n;
}

// Writes `value` in decimal at `out` (decimal_length(value) bytes, at most 20); returns the end.
constexpr char* write_decimal_u64(char* out, std::uint64_t value) noexcept {
    for (std::size_t i = decimal_length(value); i-- > 0;) {
        char digit = '0';
        while (value >= powers_of_ten_u64[i]) {  // at most 9 subtractions a digit
            value -= powers_of_ten_u64[i];
            ++digit;
        }
        *out++ = digit;
    }
    return out;
}

}  // namespace swcalls::detail
