// Tests for swcalls/error_code.hpp: the light result the parser returns, and its conversion to std::error_code.
// error_code.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/error_code.hpp>

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <system_error>
#include <type_traits>

namespace {

using swcalls::errc;

TEST_CASE("swcalls::error_code is as small as the enum it holds") {
    CHECK(sizeof(swcalls::error_code) == sizeof(errc));
    CHECK(std::is_trivially_copyable_v<swcalls::error_code>);
}

TEST_CASE("a default swcalls::error_code is success, and converts to an empty std::error_code") {
    const swcalls::error_code ok;
    CHECK_FALSE(static_cast<bool>(ok));
    CHECK(ok.value() == 0);
    CHECK(ok.code() == errc{});
    CHECK(std::strcmp(ok.message(), "") == 0);
    const std::error_code converted = ok;
    CHECK_FALSE(converted);
    CHECK(converted == std::error_code());
    CHECK(swcalls::kind_of(ok) == swcalls::errc_kind::none);
}

TEST_CASE("every swcalls::error_code converts to the std::error_code make_error_code gives") {
    for (int v = 1; v < 256; ++v) {
        const auto e = static_cast<errc>(v);
        if (swcalls::message_of(e) == std::string("unknown swcalls error")) continue;  // not an errc value
        CAPTURE(v);
        const swcalls::error_code light = e;
        const std::error_code full = light;
        CHECK(static_cast<bool>(light));
        CHECK(light.value() == v);
        CHECK(full == swcalls::make_error_code(e));
        CHECK(full.category() == swcalls::error_category());
        CHECK(&light.category() == &swcalls::error_category());
        CHECK(full.message() == light.message());
        CHECK(swcalls::kind_of(light) == swcalls::kind_of(e));
        CHECK(swcalls::kind_of(light) == swcalls::kind_of(full));
    }
}

TEST_CASE("swcalls::error_code compares with errc, with itself and with std::error_code, both ways") {
    const swcalls::error_code e = errc::invalid_utf8;
    CHECK(e == errc::invalid_utf8);
    CHECK(errc::invalid_utf8 == e);
    CHECK(e != errc::invalid_number);
    CHECK(errc::invalid_number != e);
    CHECK(e == swcalls::error_code(errc::invalid_utf8));
    CHECK(e != swcalls::error_code());
    CHECK(e == swcalls::make_error_code(errc::invalid_utf8));
    CHECK(swcalls::make_error_code(errc::invalid_utf8) == e);
    CHECK(e != std::error_code());
    CHECK(std::error_code() != e);
    // Same number, other category: not equal.
    CHECK(e != std::error_code(static_cast<int>(errc::invalid_utf8), std::generic_category()));
    CHECK(swcalls::error_code() == std::error_code());
}

TEST_CASE("assigning a swcalls::error_code to an existing std::error_code replaces it") {
    std::error_code ec = std::make_error_code(std::errc::timed_out);
    ec = swcalls::error_code(errc::unexpected_end);
    CHECK(ec == errc::unexpected_end);
    ec = swcalls::error_code();
    CHECK_FALSE(ec);
}

}  // namespace
