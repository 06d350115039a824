// swcalls/detail/decimal_text.hpp — unsigned 64-bit integers to and from decimal text, without a 64-bit
// division: on 32-bit targets every `/ 10` or `% 10` of a uint64_t calls a library routine (__udivmoddi4,
// 700 bytes on a Cortex-M4). Used where counts and sizes meet text (cursors, Content-Length, Retry-After,
// PageSize), none of them hot.
#pragma once

#include <cstddef>
#include <cstdint>

namespace swcalls::detail {

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

// The decimal digits of `value`, written back to front: (high, low) = (high, low) / 10 as a long division
// over 32- and 16-bit pieces, the remainder carried down, so no 64-bit division and no table of powers.
// (Not constexpr: that would need the buffer zero-filled first, on every call.)
class decimal_digits {
public:
    explicit decimal_digits(std::uint64_t value) noexcept {
        auto high = static_cast<std::uint32_t>(value >> 32);
        auto low = static_cast<std::uint32_t>(value);
        do {
            std::uint32_t part = high % 10 << 16 | low >> 16;
            high /= 10;
            const std::uint32_t upper = part / 10;
            part = part % 10 << 16 | (low & 0xFFFF);
            low = upper << 16 | part / 10;
            digits_[--first_] = static_cast<char>('0' + part % 10);
        } while ((high | low) != 0);
    }
    const char* data() const noexcept { return digits_ + first_; }
    std::size_t size() const noexcept { return sizeof digits_ - first_; }

private:
    char digits_[20];  // UINT64_MAX has 20
    std::size_t first_ = sizeof digits_;
};

// How many decimal digits `value` has (1 for 0).
inline std::size_t decimal_length(std::uint64_t value) noexcept { return decimal_digits(value).size(); }

// Writes `value` in decimal at `out` (decimal_length(value) bytes, at most 20); returns the end.
inline char* write_decimal_u64(char* out, std::uint64_t value) noexcept {
    const decimal_digits digits(value);
    for (std::size_t i = 0; i < digits.size(); ++i) *out++ = digits.data()[i];
    return out;
}

}  // namespace swcalls::detail
