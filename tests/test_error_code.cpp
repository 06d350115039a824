// Tests for swcalls/error_code.hpp: the light result the parser returns, and its conversion to std::error_code.
// error_code.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/error_code.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <system_error>
#include <type_traits>
#include <unordered_set>

namespace {

using swcalls::errc;

TEST_CASE("swcalls::error_code is no larger than std::error_code, and trivially copyable") {
    CHECK(sizeof(swcalls::error_code) <= sizeof(std::error_code));
    CHECK(std::is_trivially_copyable_v<swcalls::error_code>);
}

TEST_CASE("a default swcalls::error_code is success, and converts to an empty std::error_code") {
    const swcalls::error_code ok;
    CHECK_FALSE(static_cast<bool>(ok));
    CHECK(ok.value() == 0);
    CHECK(ok.code() == errc{});
    CHECK(ok.message() == std::error_code().message());
    CHECK(ok.foreign_category() == nullptr);
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
        CHECK(light.message() == swcalls::message_of(e));
        CHECK(light.code() == e);
        CHECK(light.foreign_category() == nullptr);
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

TEST_CASE("a transport's own error is kept whole: its category, number and message, as a network error") {
    const std::error_code reset = std::make_error_code(std::errc::connection_reset);
    const swcalls::error_code e = reset;
    CHECK(static_cast<bool>(e));
    CHECK(e.foreign_category() == &std::generic_category());
    CHECK(e.value() == reset.value());
    CHECK(e.code() == errc::transport_failed);
    CHECK(&e.category() == &std::generic_category());
    CHECK(e.message() == reset.message());
    CHECK(std::error_code(e) == reset);
    CHECK(e == reset);
    CHECK(reset == e);
    CHECK(e != errc::transport_failed);  // the errc only summarises it: the error itself is the transport's
    CHECK(e != swcalls::error_code(errc::connection_lost));
    CHECK(swcalls::kind_of(e) == swcalls::errc_kind::network);
    CHECK(swcalls::kind_of(reset) == swcalls::errc_kind::network);
    CHECK_FALSE(swcalls::is_permanent_transport_error(e));
    // Same number, other category: different errors.
    CHECK(e != swcalls::error_code(std::error_code(reset.value(), std::system_category())));
}

TEST_CASE("a std::error_code of swcalls's category comes back as its errc, and success as success") {
    const swcalls::error_code e = swcalls::make_error_code(errc::tls_host_mismatch);
    CHECK(e.foreign_category() == nullptr);
    CHECK(e.code() == errc::tls_host_mismatch);
    CHECK(e == errc::tls_host_mismatch);
    CHECK(swcalls::is_permanent_transport_error(e));
    CHECK(swcalls::is_permanent_transport_error(swcalls::make_error_code(errc::transport_setup_failed)));
    CHECK_FALSE(swcalls::is_permanent_transport_error(swcalls::make_error_code(errc::timed_out)));
    const swcalls::error_code none = std::error_code();
    CHECK_FALSE(static_cast<bool>(none));
    CHECK(none == swcalls::error_code());
    CHECK(none.foreign_category() == nullptr);
    // A zero value of another category is success too, as std::error_code's operator bool says.
    const swcalls::error_code zero = std::error_code(0, std::system_category());
    CHECK_FALSE(static_cast<bool>(zero));
    CHECK(zero == swcalls::error_code());
}

}  // namespace

namespace {
TEST_CASE("swcalls::error_code orders and hashes like a value: sets and unordered maps take it") {
    const swcalls::error_code a = errc::unexpected_end, b = errc::invalid_utf8;
    const swcalls::error_code foreign = std::make_error_code(std::errc::connection_reset);
    std::set<swcalls::error_code> ordered{b, a, foreign, a, swcalls::error_code()};
    CHECK(ordered.size() == 4);
    CHECK(*ordered.begin() == swcalls::error_code());  // swcalls's own first, by value
    CHECK((a < b) != (b < a));
    CHECK_FALSE(a < a);
    std::unordered_set<swcalls::error_code> hashed{a, b, foreign, swcalls::error_code(errc::unexpected_end)};
    CHECK(hashed.size() == 3);
    CHECK(hashed.count(swcalls::error_code(std::make_error_code(std::errc::connection_reset))) == 1);
}
}  // namespace
