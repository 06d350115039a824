// Tests for swcalls/detail/percent_encoding.hpp. Included first to prove the header is self-contained.
#include <swcalls/detail/percent_encoding.hpp>
#include <swcalls/request_writer.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace {

using swcalls::detail::percent_encode;
using swcalls::detail::percent_encoded_size;
using namespace std::string_view_literals;

// Encodes into a buffer one byte larger than needed, and checks the encoder wrote exactly the size it
// promised (the guard byte after it is untouched).
std::string encode(std::string_view text) {
    const std::size_t size = percent_encoded_size(text);
    std::string buffer(size + 1, '\x7f');
    const std::size_t written = percent_encode(text, buffer.data());
    CHECK(written == size);
    CHECK(buffer[size] == '\x7f');
    buffer.resize(written);
    return buffer;
}

// A constant expression: the encoder is usable at compile time.
constexpr bool encodes_at_compile_time() {
    char out[12] = {};
    const std::size_t n = percent_encode("a b+", out);
    return n == 8 && out[0] == 'a' && out[1] == '%' && out[2] == '2' && out[3] == '0' && out[4] == 'b' &&
           out[5] == '%' && out[6] == '2' && out[7] == 'B';
}
static_assert(encodes_at_compile_time());
static_assert(percent_encoded_size("") == 0);
static_assert(percent_encoded_size("StartTime>") == 12);

}  // namespace

TEST_CASE("percent_encode: the characters the API's values carry") {
    CHECK(encode("+15551234567") == "%2B15551234567");
    CHECK(encode("StartTime>") == "StartTime%3E");
    CHECK(encode("StartTime<") == "StartTime%3C");
    CHECK(encode("EndTime>") == "EndTime%3E");
    CHECK(encode("Wed, 19 Sep 2018 20:00:00 GMT") == "Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT");
    CHECK(encode("2018-09-19") == "2018-09-19");
    CHECK(encode("no-answer") == "no-answer");
    CHECK(encode("in-progress") == "in-progress");
    CHECK(encode("sip:alice@example.com;transport=tls") == "sip%3Aalice%40example.com%3Btransport%3Dtls");
    CHECK(encode("a/b?c&d=e#f%g") == "a%2Fb%3Fc%26d%3De%23f%25g");
    CHECK(encode("b3877c40-da60-4998-90ad-b792e98472af") == "b3877c40-da60-4998-90ad-b792e98472af");
    CHECK(encode("") == "");
}

TEST_CASE("percent_encode: control bytes, CR, LF, NUL and non-ASCII become %XX with uppercase hex") {
    CHECK(encode("\r\n"sv) == "%0D%0A");
    CHECK(encode("a\0b"sv) == "a%00b");
    CHECK(encode("\t\x7f"sv) == "%09%7F");
    CHECK(encode("Caf\xC3\xA9") == "Caf%C3%A9");
    CHECK(encode("\xff\xfe") == "%FF%FE");
    CHECK(encode("[]{}|\\^`\"'!$()*") == "%5B%5D%7B%7D%7C%5C%5E%60%22%27%21%24%28%29%2A");
}

TEST_CASE("percent_encode: every byte value, checked against RFC 3986's unreserved set") {
    constexpr std::string_view unreserved =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    std::size_t kept = 0;
    for (int b = 0; b < 256; ++b) {
        CAPTURE(b);
        const char c = static_cast<char>(b);
        const std::string got = encode(std::string_view(&c, 1));
        if (unreserved.find(c) != std::string_view::npos) {
            ++kept;
            CHECK(got == std::string(1, c));
        } else {
            char expected[4];
            std::snprintf(expected, sizeof expected, "%%%02X", static_cast<unsigned>(b));
            CHECK(got == expected);
        }
    }
    CHECK(kept == 66);
}

TEST_CASE("is_valid_path: every byte value, checked against RFC 3986's pchar set and '/'") {
    constexpr std::string_view pchar_or_slash =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/";
    std::size_t accepted = 0;
    for (int b = 0; b < 256; ++b) {
        CAPTURE(b);
        const char c = static_cast<char>(b);
        const bool valid = swcalls::detail::is_valid_path(std::string_view(&c, 1));
        CHECK(valid == (pchar_or_slash.find(c) != std::string_view::npos));
        accepted += valid ? 1 : 0;
    }
    CHECK(accepted == 80);
    CHECK(swcalls::detail::is_valid_path("/a%2Fb%3a"));
    CHECK_FALSE(swcalls::detail::is_valid_path("/a%2"));
    CHECK_FALSE(swcalls::detail::is_valid_path("/a%g0"));
}

// The request writer encodes through its sink (request_writer.hpp: put_encoded), not with percent_encode:
// both must give the same bytes. Every byte value but the three a filter may not hold (CR, LF, NUL), in a
// filter value and in the project id.
TEST_CASE("percent_encode: the request writer's encoding of filter values and project ids is the same") {
    std::string every;
    for (int c = 1; c < 256; ++c)
        if (c != '\r' && c != '\n') every += static_cast<char>(c);
    std::string expected(percent_encoded_size(every), '\0');
    expected.resize(percent_encode(every, expected.data()));

    swcalls::endpoint e;
    REQUIRE_FALSE(e.set_host("example.signalwire.com"));
    std::string project = every;
    for (char& c : project) if (c == ':') c = '_';  // validate() refuses ':' in a project id
    std::string project_expected(percent_encoded_size(project), '\0');
    project_expected.resize(percent_encode(project, project_expected.data()));
    e.project_id = project;
    swcalls::call_query q;
    q.to = every;
    char target[4096];
    const swcalls::write_result r = swcalls::write_calls_target(e, q, target, sizeof target);
    REQUIRE_FALSE(r.ec);
    const std::string written(target, r.size);
    CHECK(written == std::string(swcalls::laml_path_root) + "/Accounts/" + project_expected + "/Calls?To=" + expected);
}
