// Tests for swcalls/decimal.hpp: decimal fields kept as checked text, converted on demand.
// decimal.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/decimal.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace {

swcalls::decimal decimal_of(std::string_view text) {
    swcalls::decimal d;
    REQUIRE(swcalls::decimal::from_text(text, d));
    return d;
}

TEST_CASE("decimal: a default decimal is zero") {
    const swcalls::decimal zero;
    CHECK(zero.text() == "0");
    CHECK(zero.value() == 0.0);
    std::int64_t scaled = 7;
    CHECK(zero.to_scaled(3, scaled));
    CHECK(scaled == 0);
}

TEST_CASE("decimal: from_text takes JSON numbers a double can hold, and nothing else") {
    for (std::string_view good : {"0", "-0", "-0.200", "4", "1.5E2", "1e-3", "2.5e+1", "1e308", "1.7976931348623157e308",
                                  "1e-400", "-1e-400", "0.000000000000000000000000000001", "123456789012345678901234567890",
                                  "0.000e309", "0.1e309", "0e99999999999999999999", "1e-99999999999999999999"}) {
        CAPTURE(good);
        swcalls::decimal d;
        CHECK(swcalls::decimal::from_text(good, d));
        CHECK(d.text() == good);
    }
    for (std::string_view bad : {"", "-", "+1", " 1", "1 ", "01", "1.", ".5", "1e", "1e+", "0x10", "inf", "NaN", "abc",
                                 "1,5", "1e309", "-1e309", "1.8e308", "10000000000000000000000000000000000000000e300",
                                 "0.1e310", "1e99999999999999999999", "1.5.2", "1e5e5", "--1", "-.5", "1e+-5", "0x"}) {
        CAPTURE(bad);
        swcalls::decimal d = decimal_of("9");
        CHECK_FALSE(swcalls::decimal::from_text(bad, d));
        CHECK(d.text() == "9");  // left alone
    }
}

TEST_CASE("decimal: value() is the correctly rounded double, the same as parse_decimal") {
    for (std::string_view text : {"-0.200", "4.1", "0.1", "1e-3", "1.5E2", "9007199254740993", "2.2250738585072011e-308",
                                  "1.7976931348623157e308", "0.30000000000000004", "123456789012345678901234567890",
                                  "1e-400", "4.9406564584124654e-324", "2.4703282292062328e-324"}) {
        CAPTURE(text);
        double expected = -1;
        REQUIRE(swcalls::parse_decimal(text, expected));
        const swcalls::decimal d = decimal_of(text);
        const double got = d.value();
        CHECK(std::memcmp(&got, &expected, sizeof got) == 0);  // bit for bit (sign of zero included)
        const double implicit = d;
        CHECK(std::memcmp(&implicit, &expected, sizeof got) == 0);
    }
    CHECK(decimal_of("-0.200").value() == -0.2);
    CHECK(decimal_of("1e-3").value() == 0.001);
    CHECK(std::signbit(decimal_of("-0").value()));
}

TEST_CASE("decimal: to_scaled gives exact fixed-point integers, or refuses") {
    auto scaled = [](std::string_view text, unsigned digits) -> std::optional<std::int64_t> {
        std::int64_t out = 12345;
        if (!decimal_of(text).to_scaled(digits, out)) {
            CHECK(out == 12345);  // left alone
            return std::nullopt;
        }
        return out;
    };
    CHECK(scaled("-0.200", 3) == -200);
    CHECK(scaled("-0.200", 1) == -2);      // trailing zeros are not a fraction left over
    CHECK(scaled("-0.200", 0) == std::nullopt);
    CHECK(scaled("0.0045", 4) == 45);
    CHECK(scaled("0.0045", 3) == std::nullopt);  // never rounded: money stays exact
    CHECK(scaled("1e-3", 3) == 1);
    CHECK(scaled("1.5E2", 0) == 150);
    CHECK(scaled("1.5E2", 2) == 15000);
    CHECK(scaled("-0.000", 6) == 0);
    CHECK(scaled("0", 0) == 0);
    CHECK(scaled("42", 0) == 42);
    CHECK(scaled("9223372036854775807", 0) == std::numeric_limits<std::int64_t>::max());
    CHECK(scaled("9223372036854775808", 0) == std::nullopt);
    CHECK(scaled("-9223372036854775808", 0) == std::numeric_limits<std::int64_t>::min());
    CHECK(scaled("-9223372036854775809", 0) == std::nullopt);
    CHECK(scaled("922337203685477.5807", 4) == std::numeric_limits<std::int64_t>::max());
    CHECK(scaled("922337203685477.5808", 4) == std::nullopt);
    CHECK(scaled("1e18", 0) == 1000000000000000000);
    CHECK(scaled("1e19", 0) == std::nullopt);
    CHECK(scaled("1", 19) == std::nullopt);
    CHECK(scaled("1", 18) == 1000000000000000000);
    CHECK(scaled("1", 4000000000u) == std::nullopt);
    CHECK(scaled("1e-400", 3) == std::nullopt);
    CHECK(scaled("123456789012345678901234567890", 0) == std::nullopt);
}

TEST_CASE("decimal: the edge of DBL_MAX is decided exactly, in integers, as correct rounding decides it") {
    // 2^1024 - 2^970: the midpoint between DBL_MAX and 2^1024. At it and above, rounding gives infinity.
    const std::string_view midpoint = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
    const std::string_view below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
    swcalls::decimal d;
    CHECK_FALSE(swcalls::decimal::from_text(midpoint, d));
    CHECK_FALSE(swcalls::decimal::from_text(std::string(midpoint) + ".0000000000000000000001", d));
    CHECK_FALSE(swcalls::decimal::from_text("1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920e-1", d));
    const std::string below_fraction = std::string(below) + ".999999999999999999999999999";
    for (const std::string_view text : {below, std::string_view(below_fraction), std::string_view("1.7976931348623158e308"),
                                        std::string_view("17976931348623157e292")}) {
        CAPTURE(text);
        REQUIRE(swcalls::decimal::from_text(text, d));
        CHECK(d.value() == std::numeric_limits<double>::max());
        double parsed = 0;
        CHECK(swcalls::parse_decimal(text, parsed));
        CHECK(parsed == std::numeric_limits<double>::max());
    }
    double parsed = 0;
    CHECK_FALSE(swcalls::parse_decimal(midpoint, parsed));
}

TEST_CASE("decimal: the DBL_MAX edge is decided the same in every notation (point, leading zeros, exponent)") {
    // The boundary check reads the significant digits from the text itself: the sign, the point, the zeros
    // before the first nonzero digit and the exponent must all be skipped the same way.
    const std::string digits = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
    const std::string below = digits.substr(0, digits.size() - 1) + "1";
    swcalls::decimal d;
    for (const std::string& sign : {std::string(), std::string("-")}) {
        for (const std::string& number : {digits, below}) {
            const bool fits = number == below;
            CAPTURE(number == below);
            CHECK(swcalls::decimal::from_text(sign + number, d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number + ".000", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number.substr(0, 1) + "." + number.substr(1) + "e308", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number.substr(0, 1) + "." + number.substr(1) + "E+308", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + "0.000" + number + "e312", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number.substr(0, 100) + "." + number.substr(100) + "e209", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number + "0e-1", d) == fits);
            CHECK(swcalls::decimal::from_text(sign + number.substr(0, 200) + "e109", d));  // zeros after 200 digits: below
        }
        // Shorter than the midpoint's digits: zeros follow them.
        CHECK(swcalls::decimal::from_text(sign + "17976931348623158e292", d));  // below (…1580000… < …1580793…)
        CHECK_FALSE(swcalls::decimal::from_text(sign + "17976931348623159e292", d));
        CHECK_FALSE(swcalls::decimal::from_text(sign + "1797693134862315808e290", d));
        CHECK(swcalls::decimal::from_text(sign + "1797693134862315807e290", d));
        CHECK(swcalls::decimal::from_text(sign + "0.1797693134862315807e309", d));
    }
}

// to_scaled as it was first written, over split_decimal's parts: the reference for the one-pass version.
std::optional<std::int64_t> reference_scaled(std::string_view text, unsigned digits) {
    swcalls::detail::decimal_parts d;
    if (!swcalls::detail::split_decimal(text, d)) return std::nullopt;
    if (d.is_zero()) return 0;
    const std::int64_t zeros = d.scale + static_cast<std::int64_t>(digits);
    if (zeros < 0 || d.significant() + zeros > 19) return std::nullopt;
    std::uint64_t magnitude = 0;
    for (std::int64_t k = 0; k < d.significant() + zeros; ++k) {
        const unsigned digit = k < d.significant() ? d.digit_at(d.first + static_cast<std::size_t>(k)) : 0;
        if (!swcalls::detail::push_digit(magnitude, digit, d.negative)) return std::nullopt;
    }
    return swcalls::detail::with_sign(magnitude, d.negative);
}

TEST_CASE("decimal: to_scaled agrees with the split_decimal reference on random numbers") {
    std::uint64_t state = 0x2545F4914F6CDD1Du;
    auto next = [&](unsigned bound) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        return static_cast<unsigned>((state >> 33) % bound);
    };
    int accepted = 0;
    for (int round = 0; round < 40000; ++round) {
        std::string text = next(2) ? "-" : "";
        text += next(4) ? char('1' + next(9)) : '0';
        if (text.back() != '0')
            for (unsigned i = 0, n = next(22); i < n; ++i) text += char('0' + (next(3) ? next(10) : 0));
        if (next(2)) {
            text += '.';
            for (unsigned i = 0, n = 1 + next(24); i < n; ++i) text += char('0' + (next(2) ? next(10) : 0));
        }
        switch (next(8)) {
            case 0: text += "e" + std::to_string(next(25)); break;
            case 1: text += "E-" + std::to_string(next(25)); break;
            case 2: text += "e+" + std::to_string(next(3)); break;
            case 3: text += next(2) ? "e99999999999999999999" : "e-99999999999999999999"; break;
            default: break;
        }
        const unsigned digits = next(10) == 0 ? 4000000000u - next(3) : next(22);
        CAPTURE(text);
        CAPTURE(digits);
        swcalls::decimal d;
        if (!swcalls::decimal::from_text(text, d)) continue;
        std::int64_t got = 12345;
        const bool ok = d.to_scaled(digits, got);
        const std::optional<std::int64_t> expected = reference_scaled(text, digits);
        REQUIRE(ok == expected.has_value());
        CHECK(got == (ok ? *expected : 12345));
        accepted += ok;
    }
    CHECK(accepted > 5000);
}

TEST_CASE("decimal: value() agrees with parse_decimal bit for bit on random numbers (fast path and general path)") {
    std::uint64_t state = 0x9E3779B97F4A7C15u;
    auto next = [&](unsigned bound) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        return static_cast<unsigned>((state >> 33) % bound);
    };
    int fast = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text = next(2) ? "-" : "";
        const unsigned int_digits = 1 + next(21);
        text += next(4) ? char('1' + next(9)) : '0';
        if (text.back() != '0')
            for (unsigned i = 1; i < int_digits; ++i) text += char('0' + next(10));
        if (next(3)) {
            text += '.';
            const unsigned fraction = 1 + next(26);
            for (unsigned i = 0; i < fraction; ++i) text += char('0' + (next(3) ? next(10) : 0));
        }
        if (next(5) == 0) text += (next(2) ? "e" : "E-") + std::to_string(next(40));
        else if (next(9) == 0) text += (next(2) ? "e+" : "e") + std::to_string(280 + next(50));  // near DBL_MAX
        CAPTURE(text);
        double expected = 0;
        swcalls::decimal d;
        const bool ok = swcalls::parse_decimal(text, expected);
        REQUIRE(ok == swcalls::decimal::from_text(text, d));
        if (!ok) continue;
        const double got = d.value();
        CHECK(std::memcmp(&got, &expected, sizeof got) == 0);
        fast += text.size() < 20 && text.find_first_of("eE") == std::string::npos;
    }
    CHECK(fast > 1000);  // both paths were exercised
}

}  // namespace
