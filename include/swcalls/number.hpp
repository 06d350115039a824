// swcalls/number.hpp — numbers from text, without strtod, locale or heap.
//
// The API sends numbers as JSON numbers or as strings ("duration":"4", "price":"-0.200"); both reach
// these functions as the same text. Only JSON's number grammar is accepted: no spaces, '+', hex or inf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "config.hpp"

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
    out = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
}

namespace detail {
// Exact powers of ten as double: 10^0 .. 10^22 are representable exactly.
inline constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

constexpr double scale_by_power_of_ten(double value, int exponent) noexcept {
    // Repeated exact steps: one rounding per step of 10^22, so at most a few ulps off outside the fast path.
    while (exponent > 22) { value *= 1e22; exponent -= 22; if (value > 1.7976931348623157e308) return value; }
    while (exponent < -22) { value /= 1e22; exponent += 22; if (value == 0) return value; }
    return exponent >= 0 ? value * exact_powers_of_ten[exponent] : value / exact_powers_of_ten[-exponent];
}
}  // namespace detail

// JSON number text -> double. Correctly rounded when the significant digits fit in 2^53 and the decimal
// exponent is within ±22 (every price and metric the API sends); otherwise within a few ulps.
// False for text outside JSON's grammar and for values that overflow to infinity.
constexpr bool parse_decimal(std::string_view text, double& out) noexcept {
    std::size_t i = 0, n = text.size();
    bool negative = false;
    if (i < n && text[i] == '-') { negative = true; ++i; }
    if (i == n) return false;
    std::uint64_t mantissa = 0;
    int digits = 0;         // significant digits kept in mantissa
    int exponent = 0;       // decimal exponent adjustment for dropped or fractional digits
    auto take_digit = [&](unsigned digit, bool fractional) {
        if (digits < 19) {
            if (mantissa != 0 || digit != 0) ++digits;
            mantissa = mantissa * 10 + digit;
            if (fractional) --exponent;
        } else if (!fractional) {
            ++exponent;  // integer digit beyond what we keep: scales the value
        }
    };
    if (text[i] == '0') {
        ++i;
    } else if (text[i] >= '1' && text[i] <= '9') {
        while (i < n && text[i] >= '0' && text[i] <= '9') take_digit(unsigned(text[i++] - '0'), false);
    } else {
        return false;
    }
    if (i < n && text[i] == '.') {
        ++i;
        std::size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') take_digit(unsigned(text[i++] - '0'), true);
        if (i == start) return false;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        std::size_t start = i;
        int exp_value = 0;
        while (i < n && text[i] >= '0' && text[i] <= '9') {
            if (exp_value < 100000) exp_value = exp_value * 10 + (text[i] - '0');
            ++i;
        }
        if (i == start) return false;
        exponent += exp_negative ? -exp_value : exp_value;
    }
    if (i != n) return false;
    double value = static_cast<double>(mantissa);
    if (mantissa != 0) value = detail::scale_by_power_of_ten(value, exponent);
    if (value > 1.7976931348623157e308) return false;
    out = negative ? -value : value;
    return true;
}

}  // namespace swcalls
