// Edge cases of the request side that its size-shaped code reads in one pass: the port of an absolute
// next_page_uri (read by the authority's scan, not by a second one), the base64 credentials' groups and
// padding for every length (one loop over the bytes), the leap-year rule (one division), and the host
// parse_space_url assembles. Expected values are written out by hand or come from a plain reference
// written here (base64 as RFC 4648 section 4 describes it; leap years as the Gregorian rule states it).
#include <swcalls/next_page.hpp>
#include <swcalls/request_writer.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>

namespace {

using swcalls::endpoint;
using swcalls::errc;

endpoint on(std::string_view base_url) {
    endpoint e;
    REQUIRE(!swcalls::parse_base_url(base_url, e));
    return e;
}

// The target next_page_target gives, or "!" and the error's value.
std::string next(const endpoint& e, std::string_view uri) {
    std::string_view target;
    if (const std::error_code ec = swcalls::next_page_target(e, uri, target)) return "!" + std::to_string(ec.value());
    return std::string(target);
}

std::string invalid() { return "!" + std::to_string(static_cast<int>(errc::invalid_uri)); }
std::string foreign() { return "!" + std::to_string(static_cast<int>(errc::foreign_uri)); }

// RFC 4648 base64, the plain way: 24 bits at a time, '=' for each missing byte.
std::string reference_base64(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = bytes.size() - i < 3 ? bytes.size() - i : 3;
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k)
            group = group << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? alphabet[group >> (18 - 6 * k) & 63] : '=';
    }
    return out;
}

std::string authorization(const endpoint& e) {
    char out[512];
    const swcalls::write_result r = swcalls::write_authorization_value(e, out, sizeof out);
    REQUIRE(!r.ec);
    return std::string(out, r.size);
}

}  // namespace

TEST_CASE("next page: the port of an absolute URL, digit by digit") {
    const endpoint mock = on("http://127.0.0.1:8080");
    CHECK(next(mock, "http://127.0.0.1:8080/p") == "/p");
    CHECK(next(mock, "http://127.0.0.1:08080/p") == "/p");    // five digits, a leading zero
    CHECK(next(mock, "http://127.0.0.1:008080/p") == invalid());  // six digits
    CHECK(next(mock, "http://127.0.0.1:8080x/p") == invalid());   // a letter after the digits
    CHECK(next(mock, "http://127.0.0.1:x8080/p") == invalid());   // ... or before them
    CHECK(next(mock, "http://127.0.0.1:/p") == invalid());        // none
    CHECK(next(mock, "http://127.0.0.1:0/p") == invalid());
    CHECK(next(mock, "http://127.0.0.1:65536/p") == invalid());
    CHECK(next(mock, "http://127.0.0.1:99999/p") == invalid());
    // The port is what follows the last ':': here 8080, after the host "127.0.0.1:80" (not this endpoint's).
    CHECK(next(mock, "http://127.0.0.1:80:8080/p") == foreign());
    CHECK(next(mock, "http://:8080/p") == invalid());  // no host
    CHECK(next(mock, "http://127.0.0.1:8081/p") == foreign());
    CHECK(next(mock, "http://127.0.0.1/p") == foreign());  // port 80

    const endpoint top = on("http://127.0.0.1:65535");
    CHECK(next(top, "http://127.0.0.1:65535/p") == "/p");
    CHECK(next(top, "http://127.0.0.1:65535?p") == invalid());  // no path

    // IP literals: their colons are their own; a ']' after the last ':' means no port.
    const endpoint v6 = on("https://[::1]");
    CHECK(next(v6, "https://[::1]/p") == "/p");
    CHECK(next(v6, "https://[::1]:443/p") == "/p");
    CHECK(next(v6, "https://[::1]:0443/p") == "/p");
    CHECK(next(v6, "https://[::1]:8443/p") == foreign());
    CHECK(next(v6, "https://[::1]:/p") == invalid());
    CHECK(next(v6, "https://[::2]/p") == foreign());
    const endpoint v6_port = on("https://[::1]:8443");
    CHECK(next(v6_port, "https://[::1]:8443/p") == "/p");
    CHECK(next(v6_port, "https://[::1]/p") == foreign());

    // Userinfo is foreign wherever its '@' sits, digits around it or not.
    CHECK(next(mock, "http://1@127.0.0.1:8080/p") == foreign());
    CHECK(next(mock, "http://127.0.0.1:8080@x/p") == foreign());
}

TEST_CASE("next page: a scheme needs \"//\" after it; a lone path starts with one '/'") {
    const endpoint e = on("https://example.com");
    CHECK(next(e, "https://example.com/p") == "/p");
    CHECK(next(e, "HTTPS://EXAMPLE.COM/p") == "/p");
    CHECK(next(e, "//example.com/p") == "/p");
    CHECK(next(e, "https:") == invalid());
    CHECK(next(e, "https:/") == invalid());
    CHECK(next(e, "https:/example.com/p") == invalid());
    CHECK(next(e, "https:example.com/p") == invalid());
    CHECK(next(e, "http://example.com/p") == foreign());  // the scheme, checked after the "//"
    CHECK(next(e, "http:/example.com/p") == invalid());
    CHECK(next(e, "https://example.com//p") == invalid());
    CHECK(next(e, "https://example.com") == invalid());
    CHECK(next(e, "https://") == invalid());
    CHECK(next(e, "/") == "/");
    CHECK(next(e, "//") == invalid());
    CHECK(next(e, "/p//q") == "/p//q");
}

TEST_CASE("write_authorization_value: every length pads as RFC 4648 says") {
    const std::string bytes = "project-id\xff\x80\x01:token";
    for (std::size_t project = 0; project <= 7; ++project) {
        for (std::size_t token = 0; token <= 7; ++token) {
            endpoint e;
            const std::string id = bytes.substr(0, project), secret = bytes.substr(bytes.size() - token);
            e.project_id = id;
            e.api_token = secret;
            CAPTURE(project);
            CAPTURE(token);
            CHECK(authorization(e) == "Basic " + reference_base64(id + ":" + secret));
        }
    }
}

TEST_CASE("is_leap_year: the Gregorian rule, negative years included") {
    for (std::int32_t year = -2000; year <= 10400; ++year) {
        const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        CAPTURE(year);
        CHECK(swcalls::detail::is_leap_year(year) == leap);
    }
}

TEST_CASE("parse_space_url: the host it assembles") {
    endpoint e;
    REQUIRE(!swcalls::parse_space_url("example", e));
    CHECK(e.host() == "example.signalwire.com");
    REQUIRE(!swcalls::parse_space_url("https://Example.SignalWire.com/", e));
    CHECK(e.host() == "Example.SignalWire.com");
    // The longest name that takes the domain, and one byte more.
    const std::string label(swcalls::max_host_length - swcalls::signalwire_domain.size(), 'a');
    REQUIRE(!swcalls::parse_space_url(label, e));
    CHECK(e.host() == label + std::string(swcalls::signalwire_domain));
    CHECK(swcalls::parse_space_url(label + "a", e) == errc::invalid_space_url);
    CHECK(e.host() == label + std::string(swcalls::signalwire_domain));  // unchanged
    REQUIRE(!e.set_host("h"));
    CHECK(e.host() == "h");
}
