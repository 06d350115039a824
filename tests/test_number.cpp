// Tests for swcalls/number.hpp: parse_integer and parse_decimal.
// number.hpp is included first: this file also proves it compiles on its own.
//
// parse_decimal promises strtod's correctly rounded result (ties to even); it is compared bit for bit with
// the C library's std::strtod, which is correctly rounded on glibc and the other libraries the tests run on.
#include <swcalls/number.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

using swcalls::parse_decimal;
using swcalls::parse_integer;

// std::strtod of `text`, which must be a plain number (no white space; strtod would accept more).
double strtod_of(std::string_view text) {
    std::string copy(text);
    char* end = nullptr;
    double value = std::strtod(copy.c_str(), &end);
    REQUIRE(end == copy.c_str() + copy.size());
    return value;
}

// Distance in units in the last place between two finite doubles of the same sign.
std::uint64_t ulps_between(double a, double b) {
    std::int64_t x, y;
    std::memcpy(&x, &a, sizeof x);
    std::memcpy(&y, &b, sizeof y);
    return x > y ? std::uint64_t(x) - std::uint64_t(y) : std::uint64_t(y) - std::uint64_t(x);
}

// A small deterministic generator (the same numbers on every platform).
struct lcg {
    std::uint64_t state;
    std::uint64_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 11;
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// JSON's number grammar, written out independently: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
    std::size_t i = 0, n = s.size();
    auto digits = [&] {
        std::size_t start = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (i < n && s[i] == '-') ++i;
    if (i < n && s[i] == '0') ++i;
    else if (!(i < n && s[i] >= '1' && s[i] <= '9') || !digits()) return false;
    if (i < n && s[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == n;
}

constexpr std::int64_t integer_or(std::string_view text, std::int64_t fallback) {
    std::int64_t value = 0;
    return parse_integer(text, value) ? value : fallback;
}

}  // namespace

// parse_integer is usable in constant expressions.
static_assert(integer_or("-12", 0) == -12);
static_assert(integer_or("4.0", 7) == 7);
static_assert(integer_or("-9223372036854775808", 0) == std::numeric_limits<std::int64_t>::min());

TEST_CASE("parse_integer: accepted values") {
    struct integer_case { const char* text; std::int64_t value; };
    for (integer_case c : {integer_case{"0", 0},
                           {"-0", 0},
                           {"1", 1},
                           {"-1", -1},
                           {"4", 4},
                           {"20", 20},
                           {"1000", 1000},
                           {"86400", 86400},
                           {"123456789", 123456789},
                           {"2147483648", 2147483648LL},
                           {"-2147483649", -2147483649LL},
                           {"9223372036854775806", 9223372036854775806LL},
                           {"9223372036854775807", std::numeric_limits<std::int64_t>::max()},
                           {"-9223372036854775807", -9223372036854775807LL},
                           {"-9223372036854775808", std::numeric_limits<std::int64_t>::min()}}) {
        INFO("text: ", c.text);
        std::int64_t value = 12345;
        CHECK(parse_integer(c.text, value));
        CHECK(value == c.value);
    }
}

TEST_CASE("parse_integer: rejected text") {
    const std::string_view rejected[] = {
        "", "-", "+1", "01", "-01", "00", "-00", "1.", ".5", "1e", "1e3", "1E3", "--1", "-+1", " 1", "1 ", "\t1",
        "4.0", "4.5", "-0.0", "0x10", "1,000", "1_000", "a", "1a", "a1", "\xD9\xA1" /* Arabic-Indic one */,
        std::string_view("1\0", 2), std::string_view("\0" "1", 2),
        // One past each edge of int64, and far beyond.
        "9223372036854775808", "-9223372036854775809", "9223372036854775810", "-9223372036854775810",
        "18446744073709551615", "18446744073709551616", "99999999999999999999", "-99999999999999999999",
        "100000000000000000000000000000000000000000",
    };
    for (std::string_view text : rejected) {
        INFO("text: ", std::string(text));
        std::int64_t value = 0;
        CHECK_FALSE(parse_integer(text, value));
    }
}

// Calls visit(text) for every string of up to 5 characters over `alphabet`.
template <std::size_t N, class Visit>
void for_each_short_string(const char (&alphabet)[N], Visit visit) {
    std::string text;
    for (int length = 0; length <= 5; ++length) {
        std::size_t combinations = 1;
        for (int i = 0; i < length; ++i) combinations *= N;
        for (std::size_t code = 0; code < combinations; ++code) {
            text.clear();
            for (std::size_t c = code, i = 0; i < std::size_t(length); ++i, c /= N) text += alphabet[c % N];
            visit(text);
        }
    }
}

TEST_CASE("parse_integer agrees with the JSON grammar and int64's range on every short string") {
    // Every string of up to 5 characters over an alphabet of digits and the characters that matter.
    const char alphabet[] = {'0', '1', '9', '-', '+', '.', 'e', ' '};
    std::size_t checked = 0, accepted = 0;
    for_each_short_string(alphabet, [&](const std::string& text) {
        const bool integer_grammar = is_json_number(text) && text.find_first_of(".e") == std::string::npos;
        std::int64_t value = -777;
        const bool ok = parse_integer(text, value);
        ++checked;
        if (ok != integer_grammar) {
            FAIL_CHECK("parse_integer(\"", text, "\") returned ", ok);
            return;
        }
        if (ok) {
            ++accepted;
            if (value != std::strtoll(text.c_str(), nullptr, 10)) FAIL_CHECK("parse_integer(\"", text, "\") = ", value);
        }
    });
    CHECK(checked == 37449);
    CHECK(accepted > 100);
}

TEST_CASE("parse_decimal: hand-checked values") {
    struct decimal_case { const char* text; double value; };
    for (decimal_case c : {decimal_case{"0", 0.0},
                           {"1", 1.0},
                           {"-1", -1.0},
                           {"0.003", 0.003},
                           {"-0.200", -0.2},
                           {"-0.100", -0.1},
                           {"4.5", 4.5},
                           {"50", 50.0},
                           {"1e2", 100.0},
                           {"1E+2", 100.0},
                           {"1e-2", 0.01},
                           {"2.5e-3", 0.0025},
                           {"-1.5E-7", -1.5e-7},
                           {"0.1", 0.1},
                           {"12.99", 12.99},
                           {"0e0", 0.0},
                           {"0.0", 0.0},
                           {"1.0", 1.0},
                           {"123456789", 123456789.0},
                           {"9007199254740992", 9007199254740992.0},
                           {"1e22", 1e22},
                           {"1e23", 1e23},
                           {"1e-22", 1e-22}}) {
        INFO("text: ", c.text);
        double value = 12345;
        CHECK(parse_decimal(c.text, value));
        CHECK(value == c.value);
    }
    // Negative zero keeps its sign.
    double zero = 1;
    REQUIRE(parse_decimal("-0", zero));
    CHECK(zero == 0.0);
    CHECK(std::signbit(zero));
    REQUIRE(parse_decimal("-0.000", zero));
    CHECK(std::signbit(zero));
    REQUIRE(parse_decimal("0.000", zero));
    CHECK_FALSE(std::signbit(zero));
}

TEST_CASE("parse_decimal: rejected text") {
    const std::string_view rejected[] = {
        "", "-", "+1", "+0.5", "01", "-01", "00", "00.5", "1.", "-1.", ".5", "-.5", "1.e5", "1e", "1e+", "1E-", "--1",
        " 1", "1 ", "0.5 ", "1.5.2", "1e5e5", "1e5.5", "1,5", "0x1", "0x1p3", "inf", "-inf", "nan", "NaN", "Infinity",
        "1f", "1d", "\xD9\xA1", std::string_view("0.5\0", 4), "e5", ".", "-e1",
        // Values that overflow to infinity.
        "1e309", "-1e309", "1.8e308", "-1.8e308", "1e400", "1e100000000", "1e99999999999999999999",
    };
    for (std::string_view text : rejected) {
        INFO("text: ", std::string(text));
        double value = 0;
        CHECK_FALSE(parse_decimal(text, value));
    }
}

TEST_CASE("parse_decimal matches strtod exactly on typical prices and call metrics") {
    const char* texts[] = {
        "-0.200", "-0.100", "0.003", "-0.0085", "0.0035", "-0.01300", "0.00425", "-0.00425", "-0.017", "0.013",
        "-1.2750", "12.99", "99.99", "-9.99", "0.05", "-0.0200", "0.0001", "-0.000001", "1e-3", "2.5E+2",
        "4.5", "4.25", "4.41", "3.9", "1.6", "4.375", "50", "20", "100", "1", "10", "5", "0", "0.0000", "-0.000",
        "50.5", "10.75", "150.0", "17.5", "33.333", "66.667", "0.125", "0.999", "1.01", "1.005", "2.675",
        "3.14159", "1234.5678", "12345.6789", "0.1", "0.2", "0.3", "0.7", "0.30000000000000004", "9007199254740991",
        "86399.999", "0.00000001", "123456.000001", "-42.4242", "7e-10", "2.2250738585072014e-308",
    };
    for (const char* text : texts) {
        INFO("text: ", text);
        double value = 12345;
        REQUIRE(parse_decimal(text, value));
        const double expected = strtod_of(text);
        CHECK(value == expected);
        CHECK(std::signbit(value) == std::signbit(expected));
    }
}

// Bit-for-bit equal to strtod (and both the same sign), or both reject an overflow.
bool same_as_strtod(const std::string& text, std::string& why) {
    double value = -777;
    const bool ok = parse_decimal(text, value);
    const double expected = strtod_of(text);
    if (!std::isfinite(expected)) {
        if (ok) why = "accepted an overflow";
        return !ok;
    }
    if (!ok) {
        why = "rejected";
        return false;
    }
    if (std::memcmp(&value, &expected, sizeof value) != 0) {
        why = "gave " + std::to_string(ulps_between(std::fabs(value), std::fabs(expected))) + " ulps off";
        return false;
    }
    return true;
}

// Shortens long texts for messages.
std::string shown(const std::string& text) {
    return text.size() <= 100 ? text : text.substr(0, 60) + "..." + text.substr(text.size() - 30);
}

TEST_CASE("parse_decimal is correctly rounded: random numbers across the whole range") {
    lcg random{20240607};
    std::size_t mismatches = 0;
    std::string first_mismatch;
    for (int i = 0; i < 30000; ++i) {
        std::string text;
        switch (random.below(3)) {
            case 0: {  // 1 to 40 significant digits, a point anywhere, an exponent from -360 to +330
                const std::size_t length = 1 + random.below(40);
                std::string digits(1, char('1' + random.below(9)));
                for (std::size_t k = 1; k < length; ++k) digits += char('0' + random.below(10));
                const std::size_t point = random.below(length + 1);
                text = point > 0 && point < length ? digits.substr(0, point) + "." + digits.substr(point) : digits;
                text += (random.below(2) ? "e" : "E") + std::to_string(int(random.below(691)) - 360);
                break;
            }
            case 1: {  // up to 2^53 written as digits with an exponent within +-22: the fast path
                const std::uint64_t mantissa = random.next() & ((std::uint64_t(1) << (1 + random.below(53))) - 1);
                text = std::to_string(mantissa) + "e" + std::to_string(int(random.below(45)) - 22);
                break;
            }
            default: {  // a random double printed with 1 to 20 digits (near a double, so near-ties)
                std::uint64_t bits = random.next() & 0x7FEFFFFFFFFFFFFFULL;
                double d;
                std::memcpy(&d, &bits, sizeof d);
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%.*e", int(random.below(20)), d);
                text = buffer;
                break;
            }
        }
        if (random.below(2)) text = "-" + text;
        std::string why;
        if (!same_as_strtod(text, why) && mismatches++ == 0) first_mismatch = text + ": " + why;
    }
    INFO("first mismatch: ", first_mismatch);
    CHECK(mismatches == 0);
}

TEST_CASE("parse_decimal: exact midpoints between adjacent doubles round to even, a hair off rounds away") {
    // The exact decimal value of a midpoint: the sum of two adjacent doubles halved is exact in an x87 or
    // binary128 long double, and printf prints a long double's exact decimal expansion (glibc).
    // Checked at run time too: valgrind computes x87 long doubles in 64 bits, whatever numeric_limits says.
    volatile long double one = 1;
    if (std::numeric_limits<long double>::digits < 64 || one + std::numeric_limits<long double>::epsilon() == one) {
        MESSAGE("skipped: long double cannot hold the midpoint of two doubles exactly here");
        return;
    }
    lcg random{99};
    std::size_t mismatches = 0, long_texts = 0;
    std::string first_mismatch;
    std::vector<char> buffer(1200);
    for (int i = 0; i < 3000; ++i) {
        std::uint64_t bits = random.next() & 0x7FEFFFFFFFFFFFFFULL;
        if (i % 4 == 0) bits &= 0x001FFFFFFFFFFFFFULL;  // subnormals and the smallest normals too
        double low;
        std::memcpy(&low, &bits, sizeof low);
        const double high = std::nextafter(low, std::numeric_limits<double>::infinity());
        const long double middle = (static_cast<long double>(low) + static_cast<long double>(high)) / 2;
        std::snprintf(buffer.data(), buffer.size(), "%.1100Le", middle);
        std::string text = buffer.data();
        const std::size_t e = text.find('e');
        std::string digits = text.substr(0, e);
        const std::string exponent = text.substr(e);
        while (digits.back() == '0') digits.pop_back();
        if (digits.back() == '.') digits.pop_back();
        long_texts += digits.size() > 768 ? 1 : 0;
        for (const std::string& variant : {digits, digits + "000000000000000000001", std::string()}) {
            std::string t = variant;
            if (t.empty()) {  // a hair below the midpoint: the last digit one less
                t = digits;
                if (t.back() <= '1') continue;
                --t.back();
            }
            t += exponent;
            std::string why;
            if (!same_as_strtod(t, why) && mismatches++ == 0) first_mismatch = shown(t) + ": " + why;
        }
    }
    INFO("first mismatch: ", first_mismatch);
    CHECK(mismatches == 0);
    CHECK(long_texts > 0);  // some midpoints need more than 768 digits: the truncated-digits path is covered
}

TEST_CASE("parse_decimal at the edges of the double range and with very long texts") {
    const std::string texts[] = {
        "1.7976931348623157e308",  // the largest double
        "1.7976931348623158e308",  // rounds down to it
        "1.7976931348623158079e308",  // just below the overflow threshold
        "1.797693134862315807937289714053e308",  // just above: infinity, rejected
        "1.7976931348623159e308",
        "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
        "2.2250738585072014e-308",  // the smallest normal
        "2.2250738585072011e-308",  // the largest subnormal neighbourhood (a famous hard case)
        "2.2250738585072012e-308",
        "4.9406564584124654e-324",  // the smallest subnormal
        "2.4703282292062328e-324",  // just above half of it: rounds up to it
        "2.4703282292062327e-324",  // just below half: rounds to zero
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",  // exactly half: ties to even (zero)
        "1e-400", "1e-324", "3e-324", "1e-323", "1e308", "1e309", "9007199254740993", "9007199254740995",
        "9007199254740993." + std::string(800, '0'),         // an exact tie in 817 characters: to even
        "9007199254740993." + std::string(800, '0') + "1",   // past 768 digits, a nonzero digit breaks the tie
        "9007199254740992." + std::string(800, '9'),
        "1" + std::string(1000, '0') + "e-1000",               // 1
        "0." + std::string(1000, '0') + "1e1001",              // 1
        "123456789012345678901234567890", "0.1000000000000000000000000000000001", "1" + std::string(300, '0'),
        "0e99999999999", "1e-100000000",
    };
    for (const std::string& text : texts) {
        INFO("text: ", shown(text));
        std::string why;
        CHECK_MESSAGE(same_as_strtod(text, why), why);
    }
    double value = 0;
    REQUIRE(parse_decimal("1.7976931348623158e308", value));
    CHECK(value == std::numeric_limits<double>::max());
    REQUIRE(parse_decimal("4.9406564584124654e-324", value));
    CHECK(value == std::numeric_limits<double>::denorm_min());
    REQUIRE(parse_decimal("1e-400", value));
    CHECK(value == 0.0);
    REQUIRE(parse_decimal("-1e-400", value));
    CHECK(std::signbit(value));
}

TEST_CASE("parse_decimal agrees with the JSON grammar on every short string") {
    const char alphabet[] = {'0', '1', '9', '-', '+', '.', 'e', 'E', 'x'};
    std::size_t checked = 0, accepted = 0;
    for_each_short_string(alphabet, [&](const std::string& text) {
        ++checked;
        double value = -777;
        const bool ok = parse_decimal(text, value);
        if (!is_json_number(text)) {
            if (ok) FAIL_CHECK("parse_decimal accepted \"", text, "\"");
            return;
        }
        const double expected = strtod_of(text);
        if (!std::isfinite(expected)) {  // 9e999
            if (ok) FAIL_CHECK("parse_decimal accepted the overflowing \"", text, "\"");
            return;
        }
        if (!ok) {
            FAIL_CHECK("parse_decimal rejected \"", text, "\"");
            return;
        }
        ++accepted;
        if (std::memcmp(&value, &expected, sizeof value) != 0)
            FAIL_CHECK("parse_decimal(\"", text, "\") = ", value, ", strtod: ", expected);
    });
    CHECK(checked == 66430);
    CHECK(accepted > 1000);
}

TEST_CASE("parse_decimal: exponents are not capped below what a long digit string needs") {
    // One followed by two million zeros, scaled back down: exactly 1.
    std::string text = "1" + std::string(2000000, '0') + "e-2000000";
    double value = 0;
    CHECK(swcalls::parse_decimal(text, value));
    CHECK(value == 1.0);
    text = "0." + std::string(2000000, '0') + "1e2000001";
    value = 0;
    CHECK(swcalls::parse_decimal(text, value));
    CHECK(value == 1.0);
    // An exponent with more digits than any int holds still saturates to the right answer.
    CHECK(swcalls::parse_decimal("1e-99999999999999999999999", value));
    CHECK(value == 0.0);
    CHECK_FALSE(swcalls::parse_decimal("1e99999999999999999999999", value));
}

TEST_CASE("parse_decimal: long digit strings with exponents past 100000") {
    double value = 1;
    CHECK_FALSE(swcalls::parse_decimal("0." + std::string(1000000, '0') + "1e100000000", value));  // overflow
    CHECK(swcalls::parse_decimal("1" + std::string(200000, '0') + "e-100000000", value));
    CHECK(value == 0.0);
}
