// Tests for swcalls/next_page.hpp. Included first to prove the header is self-contained.
//
// The next_page_uri examples are literal copies from the reference data (SignalWire's OpenAPI example and
// Twilio's calls list examples); when that data is present, a test also checks they still appear in it.
#include <swcalls/next_page.hpp>

#include <doctest/doctest.h>

#include "test_support.hpp"
#include "write_check.hpp"

#include <cstddef>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>

namespace {

using swcalls::endpoint;
using swcalls::errc;
using namespace std::string_view_literals;

// From api/signalwire_list_calls_example_from_openapi.json.
constexpr std::string_view signalwire_next =
    "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?Page=1&PageSize=50&PageToken=PAxxxxxxxxxx";
// From api/twilio_oai_calls_list_examples.json (readFullPage1 and readFullPage2... next_page_uri).
constexpr std::string_view twilio_next =
    "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?Status=completed&To=%2B123456789"
    "&From=%2B987654321&StartTime=2008-01-02&ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&EndTime=2009-01-02"
    "&PageSize=2&Page=1&PageToken=PACAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0";
constexpr std::string_view twilio_next_2 =
    "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?Status=completed&From=%2B987654321"
    "&ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&To=%2B123456789&StartTime=2008-01-02&EndTime=2009-01-02"
    "&PageSize=2&Page=2&PageToken=PACAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0";

endpoint signalwire() {
    endpoint e;
    REQUIRE(!swcalls::parse_space_url("example.signalwire.com", e));
    e.project_id = "b3877c40-da60-4998-90ad-b792e98472af";
    e.api_token = "PTsecret";
    return e;
}

endpoint twilio() {
    endpoint e;
    REQUIRE(!swcalls::parse_base_url("https://api.twilio.com/2010-04-01", e));
    e.project_id = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    e.api_token = "secret";
    e.calls_json_suffix = true;
    return e;
}

endpoint mock() {
    endpoint e;
    REQUIRE(!swcalls::parse_base_url("http://127.0.0.1:8080", e));
    e.project_id = "proj";
    e.api_token = "tok";
    return e;
}

// The target written for `uri`, through check_writes (every smaller buffer size is checked too).
std::string next_target(const endpoint& e, std::string_view uri) {
    std::string_view view;
    REQUIRE(swcalls::next_page_target(e, uri, view) == std::error_code());
    const std::string written = swcalls_test::check_writes(
        [&](char* out, std::size_t size) { return swcalls::write_next_page_target(e, uri, out, size); });
    CHECK(written == view);
    // The view points into the URI: nothing was copied.
    CHECK(view.data() >= uri.data());
    CHECK(view.data() + view.size() <= uri.data() + uri.size());
    return written;
}

std::error_code refusal(const endpoint& e, std::string_view uri) {
    std::string_view view = "untouched";
    const std::error_code ec = swcalls::next_page_target(e, uri, view);
    CHECK(view == "untouched");
    const swcalls::write_result written = swcalls_test::failed_write(
        [&](char* out, std::size_t size) { return swcalls::write_next_page_target(e, uri, out, size); });
    CHECK(written.ec == ec);
    const swcalls::write_result head = swcalls_test::failed_write(
        [&](char* out, std::size_t size) { return swcalls::write_next_page_request_head(e, uri, out, size); });
    CHECK(head.ec == ec);
    return ec;
}

}  // namespace

TEST_CASE("next page: the API's next_page_uri is the target, verbatim") {
    CHECK(next_target(signalwire(), signalwire_next) == signalwire_next);
    CHECK(next_target(twilio(), twilio_next) == twilio_next);
    CHECK(next_target(twilio(), twilio_next_2) == twilio_next_2);
    CHECK(next_target(mock(), "/api/laml/2010-04-01/Accounts/proj/Calls?Page=3&PageSize=1&PageToken=PA3") ==
          "/api/laml/2010-04-01/Accounts/proj/Calls?Page=3&PageSize=1&PageToken=PA3");
    // Not re-encoded, not normalised: what the server wrote is what it gets back.
    CHECK(next_target(signalwire(), "/x/../y?a=%7e&b=:@!$'()*+,;=/?") == "/x/../y?a=%7e&b=:@!$'()*+,;=/?");
    CHECK(next_target(signalwire(), "/") == "/");
}

TEST_CASE("next page: an absolute URL naming exactly the configured origin gives its path and query") {
    const std::string path(signalwire_next);
    CHECK(next_target(signalwire(), "https://example.signalwire.com" + path) == path);
    CHECK(next_target(signalwire(), "HTTPS://Example.SignalWire.COM" + path) == path);
    CHECK(next_target(signalwire(), "https://example.signalwire.com:443" + path) == path);  // the default port
    CHECK(next_target(signalwire(), "//example.signalwire.com" + path) == path);            // the endpoint's scheme
    CHECK(next_target(signalwire(), "//example.signalwire.com:443" + path) == path);
    CHECK(next_target(twilio(), "https://api.twilio.com" + std::string(twilio_next)) == twilio_next);
    CHECK(next_target(mock(), "http://127.0.0.1:8080/p?Page=1") == "/p?Page=1");
    CHECK(next_target(mock(), "//127.0.0.1:8080/p?Page=1") == "/p?Page=1");

    endpoint explicit_port = signalwire();
    explicit_port.port = 443;  // the same origin as port 0
    CHECK(next_target(explicit_port, "https://example.signalwire.com/p") == "/p");
    endpoint http80;
    REQUIRE(!swcalls::parse_base_url("http://localhost:80/texml", http80));
    CHECK(next_target(http80, "http://localhost/texml/Accounts/a/Calls?Page=1") == "/texml/Accounts/a/Calls?Page=1");

    endpoint v6;
    REQUIRE(!swcalls::parse_base_url("http://[::1]:9000", v6));
    CHECK(next_target(v6, "http://[::1]:9000/p?x=1") == "/p?x=1");
}

TEST_CASE("next page: another host, port or scheme is foreign, and credentials go nowhere") {
    const std::string path(signalwire_next);
    const std::string foreign[] = {
        "https://other.example" + path,
        "https://example.signalwire.com.evil.example" + path,
        "https://evil.example/example.signalwire.com" + path,
        "https://example.signalwire.co" + path,
        "https://signalwire.com" + path,
        "http://example.signalwire.com" + path,         // same host, another scheme
        "https://example.signalwire.com:8443" + path,   // same host, another port
        "https://example.signalwire.com:80" + path,
        "//other.example" + path,
        "//other.example",
        "//example.signalwire.com:444/x",
        "https://user@example.signalwire.com" + path,   // userinfo: never
        "https://user:pw@example.signalwire.com" + path,
        "https://example.signalwire.com@evil.example" + path,
        "ftp://example.signalwire.com" + path,
        "wss://example.signalwire.com" + path,
        "javascript:alert(1)",
        "mailto:someone@example.com",
        "file:///etc/passwd",
    };
    for (const std::string& uri : foreign) {
        CAPTURE(uri);
        CHECK(refusal(signalwire(), uri) == errc::foreign_uri);
    }
    CHECK(refusal(mock(), "http://127.0.0.1/p") == errc::foreign_uri);        // port 80, not 8080
    CHECK(refusal(mock(), "http://127.0.0.1:8081/p") == errc::foreign_uri);
    CHECK(refusal(mock(), "https://127.0.0.1:8080/p") == errc::foreign_uri);  // scheme
    CHECK(refusal(mock(), "http://localhost:8080/p") == errc::foreign_uri);   // the same machine, another name
    CHECK(refusal(mock(), "//127.0.0.2:8080/p") == errc::foreign_uri);
    CHECK(refusal(twilio(), "https://example.signalwire.com" + std::string(twilio_next)) == errc::foreign_uri);
}

TEST_CASE("next page: what is not a followable path is invalid") {
    const std::string_view invalid[] = {
        "",
        "Calls?Page=1",
        "api/laml/2010-04-01/Accounts/a/Calls",
        "?Page=1",
        "./Calls",
        "1http://example.signalwire.com/x",
        "https://example.signalwire.com",            // no path
        "https://example.signalwire.com?Page=1",
        "https:/example.signalwire.com/x",
        "https:example.signalwire.com/x",
        "https://example.signalwire.com:/x",         // empty port
        "https://example.signalwire.com:99999/x",
        "https://example.signalwire.com:44a/x",
        "//",
        "///x",
        "https:///x",
        "/a b",
        " /a",
        "/a\r\nX-Injected: 1",
        "/a\n",
        "/a\r",
        "/a\0b"sv,
        "/a#fragment",
        "https://example.signalwire.com/a#f",
        "/caf\xC3\xA9",
        "/a\tb",
        "/a\x7f",
        // Read as another origin by URL parsers that resolve targets (curl's, WHATWG's): never followed.
        "https://example.signalwire.com//evil.example/x",
        "/\\evil.example/x",
        "/a\\b",
    };
    for (std::string_view uri : invalid) {
        CAPTURE(std::string(uri));
        CHECK(refusal(signalwire(), uri) == errc::invalid_uri);
    }
}

TEST_CASE("write_next_page_request_head: the complete head for the next page") {
    const std::string head = swcalls_test::check_writes([&](char* out, std::size_t size) {
        return swcalls::write_next_page_request_head(mock(), "http://127.0.0.1:8080/api/laml/2010-04-01/Accounts/proj/Calls?Page=1&PageToken=PA1", out, size);
    });
    CHECK(head ==
          "GET /api/laml/2010-04-01/Accounts/proj/Calls?Page=1&PageToken=PA1 HTTP/1.1\r\n"
          "Host: 127.0.0.1:8080\r\n"
          "Authorization: Basic cHJvajp0b2s=\r\n"
          "Accept: application/json\r\n"
          "User-Agent: swcalls/" SWCALLS_VERSION_STRING "\r\n"
          "Connection: keep-alive\r\n"
          "\r\n");
    endpoint bad = mock();
    bad.api_token = "tok\r\n";
    CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
              return swcalls::write_next_page_request_head(bad, "/p", out, size);
          }).ec == errc::invalid_header_value);
}

TEST_CASE("next page: the literal examples are the reference data's") {
    std::string twilio_examples, signalwire_example;
    if (!swcalls_test::load_shared("api/twilio_oai_calls_list_examples.json", twilio_examples)) return;
    if (!swcalls_test::load_shared("api/signalwire_list_calls_example_from_openapi.json", signalwire_example)) return;
    CHECK(twilio_examples.find("\"next_page_uri\": \"" + std::string(twilio_next) + "\"") != std::string::npos);
    CHECK(twilio_examples.find("\"next_page_uri\": \"" + std::string(twilio_next_2) + "\"") != std::string::npos);
    CHECK(signalwire_example.find("\"next_page_uri\": \"" + std::string(signalwire_next) + "\"") != std::string::npos);
}
