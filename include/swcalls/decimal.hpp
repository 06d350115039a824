// swcalls/decimal.hpp — a decimal field (price, call-quality figures) as the API sent it, converted on demand.
//
//   double p = *call.price;                     // converts: correctly rounded, like strtod (number.hpp)
//   std::int64_t milli;
//   if (call.price->to_scaled(3, milli)) ...    // "-0.200" -> -200, exactly, in integers only
//   std::string_view t = call.price->text();    // "-0.200"
//
// Why not a double in call_view: on a microcontroller without a double-precision FPU, converting every
// decimal of every call links the soft-float library and the exact slow path (about 4 KiB on a Cortex-M4)
// whether or not the program reads the figures. The parser only checks that the text is a JSON number a
// double can hold; the conversion is compiled into a program that asks for it. The text lives in the
// parser's storage: like every view in call_view, valid during the callback only.
#pragma once

#include <cstdint>
#include <string_view>

#include "number.hpp"

namespace swcalls {

class decimal {
public:
    constexpr decimal() noexcept = default;  // 0

    // Text in JSON's number grammar whose value a double can hold (not beyond DBL_MAX); false otherwise,
    // leaving `out` alone. Integer arithmetic only.
    static bool from_text(std::string_view text, decimal& out) noexcept {
        if (!detail::decimal_fits_double(text)) return false;
        out.text_ = text;
        return true;
    }

    // The text as sent ("-0.200", "1E-3"), for exact money arithmetic or printing.
    constexpr std::string_view text() const noexcept { return text_; }

    // The nearest double (ties to even).
    double value() const noexcept {
        // The common case in one pass: no exponent part, at most 19 significant digits making at most 2^53,
        // at most 22 decimals ("-0.200", "4.1"): one exact integer, one exact power of ten, one rounding.
        const char* p = text_.data();
        const char* const end = p + text_.size();
        const bool negative = p != end && *p == '-';
        p += negative ? 1 : 0;
        std::uint64_t digits = 0;
        int significant = 0, decimals = 0;
        bool in_fraction = false;
        for (; p != end && significant < 19; ++p) {
            if (*p == '.') {
                in_fraction = true;
                continue;
            }
            const unsigned digit = static_cast<unsigned char>(*p) - unsigned('0');
            if (digit > 9) break;  // the exponent's 'e': the general path
            decimals += in_fraction ? 1 : 0;
            if (digits == 0 && digit == 0) continue;  // leading zeros are not significant
            digits = digits * 10 + digit;
            ++significant;
        }
        if (p == end && digits <= (std::uint64_t(1) << 53) && decimals <= 22) {
            const double v = static_cast<double>(digits) / detail::exact_powers_of_ten[decimals];
            return negative ? -v : v;
        }
        detail::decimal_parts d;
        double out = 0;
        const bool ok = detail::split_decimal(text_, d) && detail::decimal_to_double(d, out);
        SWCALLS_ASSERT(ok);  // from_text() checked both
        static_cast<void>(ok);
        return out;
    }
    operator double() const noexcept { return value(); }  // NOLINT: implicit, so `double p = *call.price` reads

    // The value in units of 10^-digits, exactly: to_scaled(3, out) gives -200 for "-0.200" and 1 for "1e-3".
    // False, leaving `out` alone, when that is not an integer (more nonzero decimals than `digits`) or does not
    // fit in an int64_t. Integer arithmetic only: for money on targets without a double FPU.
    bool to_scaled(unsigned digits, std::int64_t& out) const noexcept {
        // Two passes over the digits (count, then push), of text from_text() checked is in JSON's grammar (so
        // is the default "0"):
        // the value is the digit string (integer part and fraction, the point left out) times 10^-decimals
        // times 10^exponent; in units of 10^-digits, the digit string's first integer_digits + exponent +
        // digits digits make the integer (the same as shifting it by exponent - decimals + digits).
        // (No split_decimal: this keeps it out of programs that only read decimals this way.)
        const char* p = text_.data();
        const char* const end = p + text_.size();
        const bool negative = *p == '-';
        p += negative ? 1 : 0;
        const char* const digits_begin = p;
        std::size_t integer_digits = 0;  // digits before the point (a count, so a size_t holds it)
        bool in_fraction = false;
        for (; p != end && (*p | 0x20) != 'e'; ++p) {
            in_fraction = in_fraction || *p == '.';
            integer_digits += in_fraction ? 0 : 1;
        }
        const char* const digits_end = p;
        std::int64_t exponent = 0;  // saturates far beyond any digit count that fits in memory
        if (p != end) {
            const bool exponent_negative = *++p == '-';
            if (*p == '+' || *p == '-') ++p;
            for (; p != end; ++p)
                if (exponent < 1000000000000000) exponent = exponent * 10 + (*p - '0');
            if (exponent_negative) exponent = -exponent;
        }
        // Digits of the string that stay in the integer: the rest, past the unit, must be zeros. Beyond the
        // string, zeros follow (stopping at a zero value, whatever its exponent).
        std::int64_t kept = static_cast<std::int64_t>(integer_digits) + exponent + static_cast<std::int64_t>(digits);
        std::uint64_t magnitude = 0;
        for (p = digits_begin; p != digits_end; ++p) {
            if (*p == '.') continue;
            const unsigned digit = static_cast<unsigned>(*p - '0');
            if (kept-- > 0) {
                if (!detail::push_digit(magnitude, digit, negative)) return false;  // beyond int64_t
            } else if (digit != 0) {
                return false;  // a fraction left over
            }
        }
        for (; kept > 0 && magnitude != 0; --kept)
            if (!detail::push_digit(magnitude, 0, negative)) return false;
        out = detail::with_sign(magnitude, negative);
        return true;
    }

private:
    std::string_view text_ = "0";
};

}  // namespace swcalls
