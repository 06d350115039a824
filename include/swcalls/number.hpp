// swcalls/number.hpp — numbers from text, without strtod, locale or heap.
//
// The API sends numbers as JSON numbers or as strings ("duration":"4", "price":"-0.200"); both reach
// these functions as the same text. Only JSON's number grammar is accepted: no spaces, '+', hex or inf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config.hpp"
#include "detail/decimal_text.hpp"
#include "detail/exact_decimal.hpp"

namespace swcalls {

namespace detail {
// magnitude = magnitude × 10 + digit, unless that leaves int64_t's range for the sign (2^63 when negative,
// 2^63 - 1 otherwise): 922337203685477580 tens and 8 or 7.
constexpr bool push_digit(std::uint64_t& magnitude, unsigned digit, bool negative) noexcept {
    return append_digit_within(magnitude, digit, 922337203685477580u, negative ? 8u : 7u);
}

// The int64_t of a magnitude push_digit accepted. -2^63 has no positive counterpart: negate magnitude - 1,
// then step down.
constexpr std::int64_t with_sign(std::uint64_t magnitude, bool negative) noexcept {
    return negative ? (magnitude == 0 ? 0 : -static_cast<std::int64_t>(magnitude - 1) - 1)
                    : static_cast<std::int64_t>(magnitude);
}
}  // namespace detail

// "-12" -> -12. False for anything else, including "4.0", "" and values outside int64.
constexpr bool parse_integer(std::string_view text, std::int64_t& out) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    p += negative ? 1 : 0;
    if (p == end || (*p == '0' && end - p > 1)) return false;  // no digit, or a leading zero (JSON forbids them)
    std::uint64_t magnitude = 0;
    for (; p != end; ++p) {
        unsigned digit = static_cast<unsigned char>(*p) - unsigned('0');
        if (digit > 9 || !detail::push_digit(magnitude, digit, negative)) return false;
    }
    out = detail::with_sign(magnitude, negative);
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
// A JSON number's text taken apart, without converting it: value = ±digits[first, last) × 10^scale, where
// the digits are those of the integer part then the fraction, leading and trailing zeros left out.
struct decimal_parts {
    std::string_view text;
    std::size_t int_begin = 0, int_length = 0, frac_begin = 0;
    std::size_t first = 0, last = 0;
    std::int64_t scale = 0;
    bool negative = false;

    unsigned digit_at(std::size_t k) const noexcept {
        return unsigned(k < int_length ? text[int_begin + k] : text[frac_begin + (k - int_length)]) - '0';
    }
    bool is_zero() const noexcept { return first == last; }
    std::int64_t significant() const noexcept { return static_cast<std::int64_t>(last - first); }
    // Rounds to infinity: no double holds it (decided exactly, in integers). Tiny values round to zero.
    bool too_large_for_double() const noexcept;
};

// The first `count` significant digits of d as an integer (zeros past the last one), nine at a time; false if
// they do not fit in a big_uint (beyond 1233 digits).
inline bool load_digits(big_uint& out, const decimal_parts& d, std::int64_t count) noexcept {
    std::uint32_t chunk = 0, chunk_scale = 1;
    bool fits = true;
    for (std::int64_t k = 0; k < count; ++k) {
        chunk = chunk * 10 + (k < d.significant() ? d.digit_at(d.first + static_cast<std::size_t>(k)) : 0);
        chunk_scale *= 10;
        if (chunk_scale == 1000000000u) {
            fits &= out.multiply_add(chunk_scale, chunk);
            chunk = 0;
            chunk_scale = 1;
        }
    }
    if (chunk_scale > 1) fits &= out.multiply_add(chunk_scale, chunk);
    return fits;
}

// The integer part of a value with 309 digits before the point, against 2^1024 - 2^970: the midpoint between
// DBL_MAX and 2^1024, where rounding (a tie goes to the even neighbour, 2^1024) starts to give infinity.
// Reads the digits straight from the number's text (JSON's grammar: sign, digits, maybe a point, maybe an
// exponent), so that decimal_fits_double needs no split_decimal: its first 309 significant digits, zeros
// past the last one. Out of line: only values within a factor of ten of DBL_MAX get here.
SWCALLS_NOINLINE inline bool reaches_overflow_midpoint(std::string_view number_text) noexcept {
    const char* p = number_text.data();
    const char* const end = p + number_text.size();
    big_uint integer;
    // A digit at a time (not nine): this path is rare, and the shorter loop is 0.05 KiB less on a Cortex-M4.
    for (int loaded = 0; loaded < 309;) {  // 309 digits need 1027 bits of the 4096: always fits
        unsigned digit = 0;  // past the mantissa (at its end or its exponent's 'e'), zeros
        if (p != end && (*p | 0x20) != 'e') {
            digit = static_cast<unsigned>(*p++ - '0');
            if (digit > 9 || (loaded == 0 && digit == 0)) continue;  // the sign, the point, leading zeros
        }
        integer.multiply_add(10, digit);
        ++loaded;
    }
    // The midpoint is (2^54 - 1) × 2^970: the integer reaches it when its bits from 970 up do (below 2^1027,
    // they fit in 64 bits).
    return integer.shifted_right(970) >= (std::uint64_t(1) << 54) - 1;
}

inline bool decimal_parts::too_large_for_double() const noexcept {
    if (is_zero()) return false;
    const std::int64_t integer_digits = significant() + scale;  // the midpoint has 309
    return integer_digits > 309 || (integer_digits == 309 && reaches_overflow_midpoint(text));
}

// Takes apart text in JSON's number grammar: int ( '.' digits )? ( [eE] [+-]? digits )?; false for anything
// else (spaces, '+', hex, inf, "", "1.", ".5"). Integer arithmetic only.
inline bool split_decimal(std::string_view text, decimal_parts& d) noexcept {
    const std::size_t n = text.size();
    std::size_t i = 0;
    d.text = text;
    d.negative = i < n && text[i] == '-';
    if (d.negative) ++i;
    d.int_begin = i;
    if (i == n) return false;
    if (text[i] == '0') ++i;
    else if (text[i] >= '1' && text[i] <= '9') while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    else return false;
    d.int_length = i - d.int_begin;
    std::size_t frac_end = i;
    d.frac_begin = i;
    if (i < n && text[i] == '.') {
        d.frac_begin = ++i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        if (i == d.frac_begin) return false;
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
    const std::size_t total = d.int_length + (frac_end - d.frac_begin);
    d.first = 0;
    d.last = total;
    while (d.first < total && d.digit_at(d.first) == 0) ++d.first;
    if (d.first == total) {
        d.last = d.first;
        d.scale = 0;
        return true;
    }
    while (d.digit_at(d.last - 1) == 0) --d.last;  // trailing zeros only scale the value
    d.scale = exponent - static_cast<std::int64_t>(total - d.int_length) + static_cast<std::int64_t>(total - d.last);
    return true;
}

// Whether text is a JSON number a double can hold (split_decimal, then !too_large_for_double()): the parser
// asks this of every decimal field. The grammar is checked first, then the order of magnitude is read off the
// first nonzero digit (where it stands against the point) plus the exponent; only one within a factor of ten
// of DBL_MAX needs the exact test. (Positions rather than running counts: 0.1 KiB less on a Cortex-M4.)
inline bool decimal_fits_double(std::string_view text) noexcept {
    const char* p = text.data();
    const char* const end = p + text.size();
    auto skip_digits = [end](const char* q) {
        while (q != end && static_cast<unsigned>(*q - '0') <= 9) ++q;
        return q;
    };
    if (p != end && *p == '-') ++p;
    const char* const int_begin = p;
    const char* const int_end = p = skip_digits(p);
    if (p == int_begin || (*int_begin == '0' && p - int_begin > 1)) return false;  // no digit, or a leading zero
    if (p != end && *p == '.') {
        const char* const fraction = ++p;
        if ((p = skip_digits(p)) == fraction) return false;
    }
    const char* const mantissa_end = p;
    // Saturates (from 10^8 on, at most 10^9 + 9), far beyond where the answer is certain: 32 bits do.
    std::int32_t exponent = 0;
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        const bool negative = p != end && *p == '-';
        if (p != end && (*p == '+' || *p == '-')) ++p;
        const char* const digits = p;
        for (; p != end && static_cast<unsigned>(*p - '0') <= 9; ++p)
            if (exponent < 100000000) exponent = exponent * 10 + (*p - '0');
        if (p == digits) return false;
        if (negative) exponent = -exponent;
    }
    if (p != end) return false;
    const char* first = int_begin;  // the first nonzero digit
    while (first != mantissa_end && (*first == '0' || *first == '.')) ++first;
    if (first == mantissa_end) return true;  // zero
    // Digits before the point from the first nonzero one, or minus the zeros after the point before it; kept
    // within ±10^9 (as the exponent is), so that the sum fits in 32 bits.
    std::ptrdiff_t magnitude = int_end - first + (first > int_end ? 1 : 0);
    if (magnitude > 1000000000) magnitude = 1000000000;
    if (magnitude < -1000000000) magnitude = -1000000000;
    const std::int32_t order = static_cast<std::int32_t>(magnitude) + exponent;
    if (order != 309) return order < 309;
    return !reaches_overflow_midpoint(text);  // nonzero with 309 digits before the point: the text is valid
}

// The rare case, kept out of line so the fast path's stack frame stays small. 768 digits decide every
// rounding; any nonzero digits past them only break ties upward, which one extra digit 1 does as well.
SWCALLS_NOINLINE inline bool parse_decimal_slowly(const decimal_parts& d, std::uint64_t mantissa, int guess_scale,
                                                  double& out) noexcept {
    constexpr std::int64_t max_digits = 768;
    big_uint digits;
    const std::int64_t significant = d.significant();
    const std::int64_t used = significant < max_digits ? significant : max_digits;
    bool fits = load_digits(digits, d, used);
    std::int64_t digits_scale = d.scale + (significant - used);
    if (used < significant) {
        fits &= digits.multiply_add(10, 1);
        --digits_scale;
    }
    SWCALLS_ASSERT(fits);  // 769 digits need 2555 bits of the 4096
    double guess = scale_by_power_of_ten(static_cast<double>(mantissa), guess_scale);
    if (guess > 1.7976931348623157e308) guess = 1.7976931348623157e308;
    double value = 0;
    if (!fits || !refine_to_nearest(digits, static_cast<int>(digits_scale), guess, value)) return false;
    out = d.negative ? -value : value;
    return true;
}

// The double nearest a taken-apart decimal (ties to even). False only for values beyond DBL_MAX.
inline bool decimal_to_double(const decimal_parts& d, double& out) noexcept {
    if (d.is_zero()) {
        out = d.negative ? -0.0 : 0.0;
        return true;
    }
    if (d.too_large_for_double()) return false;
    const std::int64_t significant = d.significant();
    if (significant + d.scale < -324) {  // below half the smallest subnormal: rounds to zero
        out = d.negative ? -0.0 : 0.0;
        return true;
    }
    std::uint64_t mantissa = 0;  // the first 19 significant digits
    const std::size_t kept = significant < 19 ? static_cast<std::size_t>(significant) : 19;
    for (std::size_t k = d.first; k < d.first + kept; ++k) mantissa = mantissa * 10 + d.digit_at(k);
    const int guess_scale = static_cast<int>(d.scale + (significant - static_cast<std::int64_t>(kept)));
    if (significant <= 19 && mantissa <= (std::uint64_t(1) << 53) && guess_scale >= -22 && guess_scale <= 22) {
        double value = static_cast<double>(mantissa);  // exact, and so is the power of ten: one rounding
        value = guess_scale >= 0 ? value * exact_powers_of_ten[guess_scale] : value / exact_powers_of_ten[-guess_scale];
        out = d.negative ? -value : value;
        return true;
    }
    return parse_decimal_slowly(d, mantissa, guess_scale, out);
}
}  // namespace detail

// JSON number text -> double, correctly rounded (ties to even) like strtod, but without locale or heap.
// Significant digits that fit in 2^53 (15 digits always, 16 mostly) with a decimal exponent within ±22 take
// a fast exact path (every price and metric the API sends); anything else is settled in integer arithmetic
// (detail/exact_decimal.hpp).
// False for text outside JSON's grammar and for values that overflow to infinity; tiny values become 0.
inline bool parse_decimal(std::string_view text, double& out) noexcept {
    detail::decimal_parts d;
    return detail::split_decimal(text, d) && detail::decimal_to_double(d, out);
}

}  // namespace swcalls
