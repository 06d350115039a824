// swcalls/number.hpp — numbers from text, without strtod, locale or heap.
//
// The API sends numbers as JSON numbers or as strings ("duration":"4", "price":"-0.200"); both reach
// these functions as the same text. Only JSON's number grammar is accepted: no spaces, '+', hex or inf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config.hpp"
#include "detail/exact_decimal.hpp"

namespace swcalls {

// "-12" -> -12. False for anything else, including "4.0", "" and values outside int64.
constexpr bool parse_integer(std::string_view text, std::int64_t& out) noexcept {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') { negative = true; ++i; }
    if (i == text.size()) return false;
    if (text[i] == '0' && i + 1 != text.size()) return false;  // JSON forbids leading zeros
    std::uint64_t magnitude = 0;
    const std::uint64_t limit = negative ? std::uint64_t(1) << 63 : (std::uint64_t(1) << 63) - 1;
    for (; i < text.size(); ++i) {
        unsigned digit = static_cast<unsigned char>(text[i]) - unsigned('0');
        if (digit > 9) return false;
        if (magnitude > (limit - digit) / 10) return false;
        magnitude = magnitude * 10 + digit;
    }
    // -2^63 has no positive counterpart: negate magnitude - 1, then step down.
    out = negative ? (magnitude == 0 ? 0 : -static_cast<std::int64_t>(magnitude - 1) - 1)
                   : static_cast<std::int64_t>(magnitude);
    return true;
}

namespace detail {
// Exact powers of ten as double: 10^0 .. 10^22 are representable exactly.
inline constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

constexpr double scale_by_power_of_ten(double value, int exponent) noexcept {
    // A first guess for the slow path: one rounding per step of 10^22, so within a few ulps.
    while (exponent > 22) { value *= 1e22; exponent -= 22; if (value > 1.7976931348623157e308) return value; }
    while (exponent < -22) { value /= 1e22; exponent += 22; if (value == 0) return value; }
    return exponent >= 0 ? value * exact_powers_of_ten[exponent] : value / exact_powers_of_ten[-exponent];
}
}  // namespace detail

namespace detail {
// The rare case, kept out of line so the fast path's stack frame stays small. 768 digits decide every
// rounding; any nonzero digits past them only break ties upward, which one extra digit 1 does as well.
template <class DigitAt>
SWCALLS_NOINLINE bool parse_decimal_slowly(const DigitAt& digit_at, std::size_t first, std::int64_t significant,
                                           std::int64_t scale, std::uint64_t mantissa, int guess_scale,
                                           bool negative, double& out) noexcept {
    constexpr std::int64_t max_digits = 768;
    big_uint digits;
    const std::int64_t used = significant < max_digits ? significant : max_digits;
    std::uint32_t chunk = 0, chunk_scale = 1;
    bool fits = true;
    for (std::int64_t k = 0; k < used; ++k) {
        chunk = chunk * 10 + digit_at(first + static_cast<std::size_t>(k));
        chunk_scale *= 10;
        if (chunk_scale == 1000000000u) {
            fits &= digits.multiply_add(chunk_scale, chunk);
            chunk = 0;
            chunk_scale = 1;
        }
    }
    std::int64_t digits_scale = scale + (significant - used);
    if (used < significant) {
        chunk = chunk * 10 + 1;
        chunk_scale *= 10;
        --digits_scale;
    }
    if (chunk_scale > 1) fits &= digits.multiply_add(chunk_scale, chunk);
    SWCALLS_ASSERT(fits);  // 769 digits need 2555 bits of the 4096
    double guess = scale_by_power_of_ten(static_cast<double>(mantissa), guess_scale);
    if (guess > 1.7976931348623157e308) guess = 1.7976931348623157e308;
    double value = 0;
    if (!fits || !refine_to_nearest(digits, static_cast<int>(digits_scale), guess, value)) return false;
    out = negative ? -value : value;
    return true;
}
}  // namespace detail

// JSON number text -> double, correctly rounded (ties to even) like strtod, but without locale or heap.
// Significant digits that fit in 2^53 (15 digits always, 16 mostly) with a decimal exponent within ±22 take
// a fast exact path (every price and metric the API sends); anything else is settled in integer arithmetic
// (detail/exact_decimal.hpp).
// False for text outside JSON's grammar and for values that overflow to infinity; tiny values become 0.
inline bool parse_decimal(std::string_view text, double& out) noexcept {
    const std::size_t n = text.size();
    std::size_t i = 0;
    const bool negative = i < n && text[i] == '-';
    if (negative) ++i;
    // Grammar: int ( '.' digits )? ( [eE] [+-]? digits )?
    const std::size_t int_begin = i;
    if (i == n) return false;
    if (text[i] == '0') ++i;
    else if (text[i] >= '1' && text[i] <= '9') while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    else return false;
    const std::size_t int_end = i;
    std::size_t frac_begin = i, frac_end = i;
    if (i < n && text[i] == '.') {
        frac_begin = ++i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        if (i == frac_begin) return false;
        frac_end = i;
    }
    std::int64_t exponent = 0;  // saturates far beyond any digit count that fits in memory
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        std::size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') {
            if (exponent < 1000000000000000) exponent = exponent * 10 + (text[i] - '0');
            ++i;
        }
        if (i == start) return false;
        if (exp_negative) exponent = -exponent;
    }
    if (i != n) return false;

    // The digits of int and fraction as one sequence; value = sequence × 10^(exponent - fraction length).
    const std::size_t int_length = int_end - int_begin, total = int_length + (frac_end - frac_begin);
    auto digit_at = [&](std::size_t k) -> unsigned {
        return unsigned(k < int_length ? text[int_begin + k] : text[frac_begin + (k - int_length)]) - '0';
    };
    std::size_t first = 0, last = total;
    while (first < total && digit_at(first) == 0) ++first;
    if (first == total) {
        out = negative ? -0.0 : 0.0;
        return true;
    }
    while (digit_at(last - 1) == 0) --last;  // trailing zeros only scale the value
    const std::int64_t significant = static_cast<std::int64_t>(last - first);
    // value = digits[first, last) × 10^scale
    const std::int64_t scale =
        exponent - static_cast<std::int64_t>(total - int_length) + static_cast<std::int64_t>(total - last);
    if (significant + scale > 310) return false;  // beyond DBL_MAX (1.8e308)
    if (significant + scale < -324) {             // below half the smallest subnormal: rounds to zero
        out = negative ? -0.0 : 0.0;
        return true;
    }

    std::uint64_t mantissa = 0;  // the first 19 significant digits
    const std::size_t kept = significant < 19 ? static_cast<std::size_t>(significant) : 19;
    for (std::size_t k = first; k < first + kept; ++k) mantissa = mantissa * 10 + digit_at(k);
    const int guess_scale = static_cast<int>(scale + (significant - static_cast<std::int64_t>(kept)));
    if (significant <= 19 && mantissa <= (std::uint64_t(1) << 53) && guess_scale >= -22 && guess_scale <= 22) {
        double value = static_cast<double>(mantissa);  // exact, and so is the power of ten: one rounding
        value = guess_scale >= 0 ? value * detail::exact_powers_of_ten[guess_scale]
                                 : value / detail::exact_powers_of_ten[-guess_scale];
        out = negative ? -value : value;
        return true;
    }

    return detail::parse_decimal_slowly(digit_at, first, significant, scale, mantissa, guess_scale, negative, out);
}

}  // namespace swcalls
