// Tests for swcalls/endpoint.hpp. Included first to prove the header is self-contained.
#include <swcalls/endpoint.hpp>

#include <doctest/doctest.h>

#include "write_check.hpp"

#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>

namespace {

using swcalls::endpoint;
using swcalls::errc;
using swcalls::url_scheme;
using namespace std::string_view_literals;

// An endpoint with recognisable values everywhere, to prove what a failed parse leaves alone.
endpoint sentinel() {
    endpoint e;
    REQUIRE(!e.set_host("sentinel.example"));
    e.scheme = url_scheme::http;
    e.port = 1234;
    e.path_root = "/sentinel";
    e.project_id = "project";
    e.api_token = "token";
    return e;
}

bool is_sentinel(const endpoint& e) {
    return e.host() == "sentinel.example" && e.scheme == url_scheme::http && e.port == 1234 &&
           e.path_root == "/sentinel" && e.project_id == "project" && e.api_token == "token";
}

std::string host_value(const endpoint& e) {
    return swcalls_test::check_writes([&](char* out, std::size_t size) { return swcalls::write_host_value(e, out, size); });
}

}  // namespace

TEST_CASE("endpoint: defaults") {
    endpoint e;
    CHECK(e.scheme == url_scheme::https);
    CHECK(e.port == 0);
    CHECK(e.effective_port() == 443);
    CHECK(e.path_root == "/api/laml/2010-04-01");
    CHECK(e.host().empty());
    CHECK(e.project_id.empty());
    CHECK(e.api_token.empty());
    CHECK_FALSE(e.calls_json_suffix);
    CHECK(swcalls::validate(e) == errc::invalid_space_url);  // no host yet
    e.scheme = url_scheme::http;
    CHECK(e.effective_port() == 80);
    e.port = 8080;
    CHECK(e.effective_port() == 8080);
}

TEST_CASE("parse_space_url: the forms SignalWire users have") {
    struct accepted {
        std::string_view text;
        std::string_view host;
    };
    const accepted cases[] = {
        {"example.signalwire.com", "example.signalwire.com"},
        {"example.signalwire.com/", "example.signalwire.com"},
        {"https://example.signalwire.com", "example.signalwire.com"},
        {"https://example.signalwire.com/", "example.signalwire.com"},
        {"HTTPS://Example.SignalWire.com/", "Example.SignalWire.com"},
        {"example", "example.signalwire.com"},
        {"example/", "example.signalwire.com"},
        {"https://my-space_1", "my-space_1.signalwire.com"},
        {"space.example.org", "space.example.org"},
    };
    for (const accepted& c : cases) {
        CAPTURE(c.text);
        endpoint e = sentinel();
        CHECK(swcalls::parse_space_url(c.text, e) == std::error_code());
        CHECK(e.host() == c.host);
        CHECK(e.scheme == url_scheme::https);
        CHECK(e.port == 0);
        CHECK(e.path_root == "/api/laml/2010-04-01");
        CHECK(e.project_id == "project");  // credentials untouched
        CHECK(e.api_token == "token");
    }
}

TEST_CASE("parse_space_url: anything but a bare host is refused and changes nothing") {
    const std::string too_long(254 - 15, 'a');  // plus ".signalwire.com": 254 bytes, one over a DNS name
    const std::string longest(253 - 15, 'a');
    const std::string_view refused[] = {
        "",
        "/",
        "https://",
        "https:///",
        "http://example.signalwire.com",        // http: credentials in clear text
        "ftp://example.signalwire.com",
        "example.signalwire.com/api",           // a path
        "example.signalwire.com//",
        "example.signalwire.com?Page=1",        // a query
        "example.signalwire.com#top",           // a fragment
        "user@example.signalwire.com",          // userinfo
        "user:pw@example.signalwire.com",
        "https://user@example.signalwire.com",
        "example.signalwire.com:443",           // a port (that is --base-url's job)
        "https://example.signalwire.com:8443/",
        "example.signalwire.com\r\n",
        "example.signalwire.com\n",
        "exa\rmple.signalwire.com",
        "example\0.signalwire.com"sv,
        " example.signalwire.com",
        "example.signalwire.com ",
        "exa mple",
        "example..signalwire.com",
        ".example.com",
        "example.com.",
        "[::1]",
        "caf\xC3\xA9.signalwire.com",
        "example%2Ecom",
        too_long,
    };
    for (std::string_view text : refused) {
        CAPTURE(std::string(text));
        endpoint e = sentinel();
        CHECK(swcalls::parse_space_url(text, e) == errc::invalid_space_url);
        CHECK(is_sentinel(e));
    }
    endpoint e;
    CHECK(swcalls::parse_space_url(longest, e) == std::error_code());
    CHECK(e.host().size() == 253);
}

TEST_CASE("parse_base_url: hosts, ports and path roots") {
    struct accepted {
        std::string_view text;
        url_scheme scheme;
        std::string_view host;
        std::uint16_t port;
        std::string_view root;
    };
    const accepted cases[] = {
        {"http://127.0.0.1:8080", url_scheme::http, "127.0.0.1", 8080, "/api/laml/2010-04-01"},
        {"http://127.0.0.1:8080/", url_scheme::http, "127.0.0.1", 8080, "/api/laml/2010-04-01"},
        {"https://api.twilio.com/2010-04-01", url_scheme::https, "api.twilio.com", 0, "/2010-04-01"},
        {"https://api.twilio.com/2010-04-01/", url_scheme::https, "api.twilio.com", 0, "/2010-04-01"},
        {"http://localhost:8080/texml", url_scheme::http, "localhost", 8080, "/texml"},
        {"https://api.telnyx.com/v2/texml/", url_scheme::https, "api.telnyx.com", 0, "/v2/texml"},
        {"https://example.signalwire.com", url_scheme::https, "example.signalwire.com", 0, "/api/laml/2010-04-01"},
        {"https://example.signalwire.com/api/laml/2010-04-01", url_scheme::https, "example.signalwire.com", 0,
         "/api/laml/2010-04-01"},
        {"HTTP://Mock:80", url_scheme::http, "Mock", 80, "/api/laml/2010-04-01"},
        {"http://[::1]:9000/", url_scheme::http, "[::1]", 9000, "/api/laml/2010-04-01"},
        {"https://[2001:db8::1]/x", url_scheme::https, "[2001:db8::1]", 0, "/x"},
        {"http://host:65535/a/b%20c", url_scheme::http, "host", 65535, "/a/b%20c"},
        {"http://host:1", url_scheme::http, "host", 1, "/api/laml/2010-04-01"},
    };
    for (const accepted& c : cases) {
        CAPTURE(c.text);
        endpoint e = sentinel();
        CHECK(swcalls::parse_base_url(c.text, e) == std::error_code());
        CHECK(e.scheme == c.scheme);
        CHECK(e.host() == c.host);
        CHECK(e.port == c.port);
        CHECK(e.path_root == c.root);
        CHECK(e.project_id == "project");
        CHECK(e.api_token == "token");
        CHECK(swcalls::validate(e) == std::error_code());
    }
}

TEST_CASE("parse_base_url: malformed URLs are refused and change nothing") {
    const std::string_view refused[] = {
        "",
        "127.0.0.1:8080",               // no scheme
        "example.signalwire.com",
        "ftp://host",
        "https:/host",
        "http://",
        "http:///texml",
        "http://:8080",
        "http://host:",
        "http://host:0",
        "http://host:65536",
        "http://host:123456",
        "http://host:8a",
        "http://host:-1",
        "http://user@host",
        "http://user:pw@host:8080/",
        "http://host/texml?x=1",
        "http://host?x=1",
        "http://host/#frag",
        "http://host/a b",
        "http://host/a\r\nX: y",
        "http://host\r\n",
        "http://host/a\0b"sv,
        "http://host/%zz",
        "http://host/%4",
        "http://host/a\"b",
        "http://[::1",
        "http://[zz]:80",
        "http://ho st",
        "http://host..com",
    };
    for (std::string_view text : refused) {
        CAPTURE(std::string(text));
        endpoint e = sentinel();
        CHECK(swcalls::parse_base_url(text, e) == errc::invalid_space_url);
        CHECK(is_sentinel(e));
    }
}

TEST_CASE("set_host and validate") {
    endpoint e;
    CHECK(e.set_host("example.signalwire.com") == std::error_code());
    CHECK(e.host() == "example.signalwire.com");
    CHECK(e.set_host("bad\r\nhost") == errc::invalid_header_value);
    CHECK(e.set_host("bad\0host"sv) == errc::invalid_header_value);
    CHECK(e.set_host("bad host") == errc::invalid_space_url);
    CHECK(e.set_host("host:8080") == errc::invalid_space_url);
    CHECK(e.set_host("") == errc::invalid_space_url);
    CHECK(e.set_host(std::string(254, 'a')) == errc::invalid_space_url);
    CHECK(e.host() == "example.signalwire.com");  // failures left it alone
    CHECK(e.set_host(std::string(253, 'a')) == std::error_code());
    CHECK(e.host() == std::string(253, 'a'));

    CHECK(swcalls::validate(e) == std::error_code());
    endpoint bad = e;
    bad.api_token = "tok\r\nen";
    CHECK(swcalls::validate(bad) == errc::invalid_header_value);
    bad = e;
    bad.project_id = "proj\n";
    CHECK(swcalls::validate(bad) == errc::invalid_header_value);
    bad = e;
    bad.project_id = "proj\0"sv;
    CHECK(swcalls::validate(bad) == errc::invalid_header_value);
    bad = e;
    bad.path_root = "/texml\r\n";
    CHECK(swcalls::validate(bad) == errc::invalid_header_value);
    bad = e;
    bad.path_root = "/texml/";
    CHECK(swcalls::validate(bad) == errc::invalid_space_url);
    bad = e;
    bad.path_root = "texml";
    CHECK(swcalls::validate(bad) == errc::invalid_space_url);
    bad = e;
    bad.path_root = "/a b";
    CHECK(swcalls::validate(bad) == errc::invalid_space_url);
    bad = e;
    bad.path_root = "";
    CHECK(swcalls::validate(bad) == std::error_code());
    bad.project_id = "anything, not format-checked";  // odd, but not refused
    CHECK(swcalls::validate(bad) == std::error_code());
    bad.project_id = "a:b";  // Basic auth would read "a" as the user and "b:token" as the password
    CHECK(swcalls::validate(bad) == errc::invalid_header_value);
}

TEST_CASE("set_host and parse_space_url accept a piece of the endpoint's own host") {
    // The new host may lie inside the old one: copied front to back, never with memcpy's no-overlap promise
    // (ASan checks it in the sanitizer pass).
    endpoint e;
    REQUIRE(e.set_host("xexample.signalwire.com") == std::error_code());
    CHECK(e.set_host(e.host().substr(1)) == std::error_code());
    CHECK(e.host() == "example.signalwire.com");
    CHECK(e.set_host(e.host()) == std::error_code());  // the very same bytes
    CHECK(e.host() == "example.signalwire.com");
    REQUIRE(e.set_host("a.myspace") == std::error_code());
    CHECK(swcalls::parse_space_url(e.host().substr(2), e) == std::error_code());  // "myspace": the domain appended
    CHECK(e.host() == "myspace.signalwire.com");
}

TEST_CASE("write_host_value: the port only when it is not the scheme's default") {
    endpoint e;
    REQUIRE(!e.set_host("example.signalwire.com"));
    CHECK(host_value(e) == "example.signalwire.com");
    e.port = 443;
    CHECK(host_value(e) == "example.signalwire.com");
    e.port = 8443;
    CHECK(host_value(e) == "example.signalwire.com:8443");
    e.port = 80;
    CHECK(host_value(e) == "example.signalwire.com:80");
    e.scheme = url_scheme::http;
    CHECK(host_value(e) == "example.signalwire.com");
    e.port = 0;
    CHECK(host_value(e) == "example.signalwire.com");
    e.port = 8080;
    CHECK(host_value(e) == "example.signalwire.com:8080");

    endpoint mock;
    REQUIRE(!swcalls::parse_base_url("http://[::1]:65535", mock));
    CHECK(host_value(mock) == "[::1]:65535");

    endpoint empty;
    char buffer[64];
    const swcalls::write_result r = swcalls::write_host_value(empty, buffer, sizeof buffer);
    CHECK(r.ec == errc::invalid_space_url);
    CHECK(r.size == 0);
}

// A global endpoint is constant-initialised (the implicit default constructor is constexpr): no
// static-initialisation order to get wrong, and C++20's constinit works.
namespace {
constexpr swcalls::endpoint constant_endpoint{};
static_assert(constant_endpoint.path_root == swcalls::laml_path_root);
static_assert(constant_endpoint.scheme == swcalls::url_scheme::https && constant_endpoint.port == 0);
}  // namespace

TEST_CASE("endpoint: a constant-initialised endpoint starts without a host, as a run-time one does") {
    CHECK(constant_endpoint.host().empty());
    CHECK(swcalls::validate(constant_endpoint) == swcalls::errc::invalid_space_url);
}
