// Tests for swcalls/request_writer.hpp. Included first to prove the header is self-contained.
//
// Every expected target and head below is written out by hand; base64 values were computed with Python's
// base64.b64encode.
#include <swcalls/request_writer.hpp>

#include <doctest/doctest.h>

#include "write_check.hpp"

#include <cstddef>
#include <optional>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using swcalls::call_query;
using swcalls::call_status;
using swcalls::date_filter;
using swcalls::endpoint;
using swcalls::errc;
using namespace std::string_view_literals;

constexpr std::string_view project = "b3877c40-da60-4998-90ad-b792e98472af";
constexpr std::string_view token = "PT3f9c1e2d4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2";
constexpr std::string_view base64_credentials =
    "YjM4NzdjNDAtZGE2MC00OTk4LTkwYWQtYjc5MmU5ODQ3MmFmOlBUM2Y5YzFlMmQ0YjVhNjk3ODg3OTZhNWI0YzNkMmUxZjBhOWI4YzdkNmU1ZjRhM2Iy";
constexpr std::string_view calls_path = "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls";
const std::string user_agent_line = "User-Agent: swcalls/" SWCALLS_VERSION_STRING "\r\n";

endpoint space() {
    endpoint e;
    REQUIRE(!swcalls::parse_space_url("example", e));
    e.project_id = project;
    e.api_token = token;
    return e;
}

std::string target(const endpoint& e, const call_query& q) {
    return swcalls_test::check_writes(
        [&](char* out, std::size_t size) { return swcalls::write_calls_target(e, q, out, size); });
}

std::string head(const endpoint& e, const call_query& q) {
    return swcalls_test::check_writes(
        [&](char* out, std::size_t size) { return swcalls::write_request_head(e, q, out, size); });
}

std::string redacted_head(const endpoint& e, const call_query& q) {
    return swcalls_test::check_writes(
        [&](char* out, std::size_t size) { return swcalls::write_redacted_request_head(e, q, out, size); });
}

std::string authorization(const endpoint& e) {
    return swcalls_test::check_writes(
        [&](char* out, std::size_t size) { return swcalls::write_authorization_value(e, out, size); });
}

// One filter: how to set it on a query, and the "Name=value" it must produce (written by hand).
struct filter_case {
    void (*set)(call_query&);
    std::string_view sent;
};

// In the documented order: To, From, ParentCallSid, Status, StartTime, StartTime<, StartTime>, EndTime,
// EndTime<, EndTime>, Page, PageSize, PageToken.
const filter_case filters[] = {
    {[](call_query& q) { q.to = "+15551234567"; }, "To=%2B15551234567"},
    {[](call_query& q) { q.from = "+1 (310) 338-4645"; }, "From=%2B1%20%28310%29%20338-4645"},
    {[](call_query& q) { q.parent_call_sid = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; },
     "ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
    {[](call_query& q) { q.status = call_status::no_answer; }, "Status=no-answer"},
    {[](call_query& q) { q.start_time = date_filter::on_date(2018, 9, 19); }, "StartTime=2018-09-19"},
    {[](call_query& q) { q.start_time_before = date_filter::at({1537387200, 0}); },
     "StartTime%3C=Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT"},
    {[](call_query& q) { q.start_time_after = date_filter::on_date(2018, 9, 1); }, "StartTime%3E=2018-09-01"},
    {[](call_query& q) { q.end_time = date_filter::at({1710059400, 0}); },
     "EndTime=Sun%2C%2010%20Mar%202024%2008%3A30%3A00%20GMT"},
    {[](call_query& q) { q.end_time_before = date_filter::on_date(2020, 2, 29); }, "EndTime%3C=2020-02-29"},
    {[](call_query& q) { q.end_time_after = date_filter::at({-1, 0}); },
     "EndTime%3E=Wed%2C%2031%20Dec%201969%2023%3A59%3A59%20GMT"},
    {[](call_query& q) { q.page = 7; }, "Page=7"},
    {[](call_query& q) { q.page_size = 1000; }, "PageSize=1000"},
    {[](call_query& q) { q.page_token = "PA/x+y=z&w"; }, "PageToken=PA%2Fx%2By%3Dz%26w"},
};
constexpr std::size_t filter_count = sizeof filters / sizeof filters[0];

}  // namespace

TEST_CASE("write_calls_target: no filters") {
    CHECK(target(space(), call_query{}) == calls_path);
}

TEST_CASE("write_calls_target: each filter alone") {
    for (const filter_case& f : filters) {
        CAPTURE(f.sent);
        call_query q;
        f.set(q);
        CHECK(target(space(), q) == std::string(calls_path) + "?" + std::string(f.sent));
    }
}

TEST_CASE("write_calls_target: every status value") {
    const std::pair<call_status, std::string_view> statuses[] = {
        {call_status::queued, "queued"},       {call_status::ringing, "ringing"},
        {call_status::in_progress, "in-progress"}, {call_status::canceled, "canceled"},
        {call_status::completed, "completed"}, {call_status::busy, "busy"},
        {call_status::failed, "failed"},       {call_status::no_answer, "no-answer"},
    };
    for (const auto& [status, text] : statuses) {
        call_query q;
        q.status = status;
        CHECK(target(space(), q) == std::string(calls_path) + "?Status=" + std::string(text));
    }
}

TEST_CASE("write_calls_target: every combination of the 13 filters, in the fixed order") {
    const endpoint e = space();
    std::size_t mismatches = 0;
    std::string first_mismatch;
    std::vector<char> buffer(4096);
    for (unsigned mask = 0; mask < (1u << filter_count); ++mask) {
        call_query q;
        std::string expected(calls_path);
        char separator = '?';
        for (std::size_t i = 0; i < filter_count; ++i) {
            if (!(mask & (1u << i))) continue;
            filters[i].set(q);
            expected += separator;
            expected += filters[i].sent;
            separator = '&';
        }
        const swcalls::write_result r = swcalls::write_calls_target(e, q, buffer.data(), buffer.size());
        const std::string got = r.ec ? "error: " + r.ec.message() : std::string(buffer.data(), r.size);
        if (got != expected && mismatches++ == 0) first_mismatch = "expected " + expected + "\n got " + got;
    }
    INFO(first_mismatch);
    CHECK(mismatches == 0);

    // All of them at once, spelled out.
    call_query all;
    for (const filter_case& f : filters) f.set(all);
    CHECK(target(e, all) ==
          "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls"
          "?To=%2B15551234567&From=%2B1%20%28310%29%20338-4645&ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "&Status=no-answer&StartTime=2018-09-19&StartTime%3C=Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT"
          "&StartTime%3E=2018-09-01&EndTime=Sun%2C%2010%20Mar%202024%2008%3A30%3A00%20GMT&EndTime%3C=2020-02-29"
          "&EndTime%3E=Wed%2C%2031%20Dec%201969%2023%3A59%3A59%20GMT&Page=7&PageSize=1000"
          "&PageToken=PA%2Fx%2By%3Dz%26w");
}

TEST_CASE("write_calls_target: values that need care") {
    call_query q;
    q.to = "";  // set but empty: sent empty
    q.page = 0;
    CHECK(target(space(), q) == std::string(calls_path) + "?To=&Page=0");

    call_query sip;
    sip.to = "sip:alice@example.com;user=phone";
    sip.from = "caf\xC3\xA9 \t#1";
    CHECK(target(space(), sip) ==
          std::string(calls_path) + "?To=sip%3Aalice%40example.com%3Buser%3Dphone&From=caf%C3%A9%20%09%231");

    call_query fraction;
    fraction.start_time_after = date_filter::at({1537387200, 500000000});  // nanoseconds are not sent
    CHECK(target(space(), fraction) ==
          std::string(calls_path) + "?StartTime%3E=Wed%2C%2019%20Sep%202018%2020%3A00%3A00%20GMT");
}

TEST_CASE("write_calls_target: path roots, project ids and the .json suffix") {
    endpoint e = space();
    e.project_id = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    call_query q;
    q.page_size = 2;
    CHECK(target(e, q) == "/api/laml/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls?PageSize=2");

    REQUIRE(!swcalls::parse_base_url("https://api.twilio.com/2010-04-01", e));
    e.calls_json_suffix = true;
    CHECK(target(e, q) == "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?PageSize=2");

    REQUIRE(!swcalls::parse_base_url("https://api.telnyx.com/texml/", e));
    e.calls_json_suffix = false;
    CHECK(target(e, q) == "/texml/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls?PageSize=2");

    e.path_root = "";
    CHECK(target(e, q) == "/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls?PageSize=2");

    // The project id is one path segment: everything but unreserved bytes is encoded, '/' included.
    e.project_id = "a b/c?d#e%f";
    CHECK(target(e, call_query{}) == "/Accounts/a%20b%2Fc%3Fd%23e%25f/Calls");
    e.project_id = "";  // not refused: the server answers (the CLI refuses missing credentials)
    CHECK(target(e, call_query{}) == "/Accounts//Calls");
}

TEST_CASE("write_authorization_value: Basic base64(project:token)") {
    CHECK(authorization(space()) == "Basic " + std::string(base64_credentials));
    endpoint e = space();
    e.project_id = "Aladdin";
    e.api_token = "open sesame";
    CHECK(authorization(e) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    e.project_id = "proj";
    e.api_token = "tok";
    CHECK(authorization(e) == "Basic cHJvajp0b2s=");
    e.project_id = "";
    e.api_token = "";
    CHECK(authorization(e) == "Basic Og==");  // ":"
}

TEST_CASE("write_request_head: the exact bytes") {
    call_query q;
    q.to = "+15551234567";
    q.status = call_status::completed;
    q.start_time_after = date_filter::on_date(2018, 9, 19);
    q.page_size = 50;
    CHECK(head(space(), q) ==
          "GET /api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls"
          "?To=%2B15551234567&Status=completed&StartTime%3E=2018-09-19&PageSize=50 HTTP/1.1\r\n"
          "Host: example.signalwire.com\r\n"
          "Authorization: Basic " + std::string(base64_credentials) + "\r\n"
          "Accept: application/json\r\n" + user_agent_line +
          "Connection: keep-alive\r\n"
          "\r\n");

    endpoint mock;
    REQUIRE(!swcalls::parse_base_url("http://127.0.0.1:8080", mock));
    mock.project_id = "proj";
    mock.api_token = "tok";
    CHECK(head(mock, call_query{}) ==
          "GET /api/laml/2010-04-01/Accounts/proj/Calls HTTP/1.1\r\n"
          "Host: 127.0.0.1:8080\r\n"
          "Authorization: Basic cHJvajp0b2s=\r\n"
          "Accept: application/json\r\n" + user_agent_line +
          "Connection: keep-alive\r\n"
          "\r\n");
    CHECK(swcalls::user_agent == "swcalls/" SWCALLS_VERSION_STRING);
}

TEST_CASE("write_redacted_request_head: Basic ***, and the token appears nowhere") {
    call_query q;
    q.page_size = 20;
    const std::string redacted = redacted_head(space(), q);
    CHECK(redacted ==
          "GET /api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?PageSize=20 HTTP/1.1\r\n"
          "Host: example.signalwire.com\r\n"
          "Authorization: Basic ***\r\n"
          "Accept: application/json\r\n" + user_agent_line +
          "Connection: keep-alive\r\n"
          "\r\n");
    CHECK(redacted.find(token) == std::string::npos);
    CHECK(redacted.find(base64_credentials.substr(64, 40)) == std::string::npos);  // the token's bytes, encoded
    // The real head differs from the redacted one in the Authorization value only.
    std::string real = head(space(), q);
    const std::string auth = "Basic " + std::string(base64_credentials);
    REQUIRE(real.find(auth) != std::string::npos);
    real.replace(real.find(auth), auth.size(), "Basic ***");
    CHECK(real == redacted);
}

TEST_CASE("write_request_head_for_target: a given target, verbatim") {
    const std::string_view next =
        "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?Page=1&PageSize=50&PageToken=PAxxxxxxxxxx";
    const std::string expected_tail = "Host: example.signalwire.com\r\n"
                                      "Authorization: Basic " + std::string(base64_credentials) + "\r\n"
                                      "Accept: application/json\r\n" + user_agent_line +
                                      "Connection: keep-alive\r\n\r\n";
    CHECK(swcalls_test::check_writes([&](char* out, std::size_t size) {
              return swcalls::write_request_head_for_target(space(), next, out, size);
          }) == "GET " + std::string(next) + " HTTP/1.1\r\n" + expected_tail);
    const std::string redacted = swcalls_test::check_writes([&](char* out, std::size_t size) {
        return swcalls::write_redacted_request_head_for_target(space(), next, out, size);
    });
    CHECK(redacted.find("Authorization: Basic ***\r\n") != std::string::npos);
    CHECK(redacted.find(base64_credentials) == std::string::npos);

    struct refused {
        std::string_view target;
        errc error;
    };
    const refused cases[] = {
        {"", errc::invalid_uri},
        {"Calls?Page=1", errc::invalid_uri},
        {"https://example.signalwire.com/x", errc::invalid_uri},  // resolve absolute URLs with next_page first
        {"/a b", errc::invalid_uri},
        {"/a#frag", errc::invalid_uri},
        {"/caf\xC3\xA9", errc::invalid_uri},
        {"/a\tb", errc::invalid_uri},
        {"/a\x7f", errc::invalid_uri},
        {"/a\r\nX-Injected: 1", errc::invalid_header_value},
        {"/a\n", errc::invalid_header_value},
        {"/a\0b"sv, errc::invalid_header_value},
    };
    for (const refused& c : cases) {
        CAPTURE(std::string(c.target));
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_request_head_for_target(space(), c.target, out, size);
              }).ec == c.error);
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_redacted_request_head_for_target(space(), c.target, out, size);
              }).ec == c.error);
    }
}

TEST_CASE("CR, LF or NUL anywhere that reaches the head is refused, and nothing is written") {
    auto all_writers_refuse = [](const endpoint& e, const call_query& q, errc expected) {
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_calls_target(e, q, out, size);
              }).ec == expected);
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_request_head(e, q, out, size);
              }).ec == expected);
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_redacted_request_head(e, q, out, size);
              }).ec == expected);
    };
    for (std::string_view bad : {"x\r\nX-Injected: 1"sv, "x\n"sv, "\rx"sv, "x\0"sv}) {
        CAPTURE(std::string(bad));
        endpoint e = space();
        e.api_token = bad;
        all_writers_refuse(e, {}, errc::invalid_header_value);
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_authorization_value(e, out, size);
              }).ec == errc::invalid_header_value);
        e = space();
        e.project_id = bad;
        all_writers_refuse(e, {}, errc::invalid_header_value);
        CHECK(swcalls_test::failed_write([&](char* out, std::size_t size) {
                  return swcalls::write_authorization_value(e, out, size);
              }).ec == errc::invalid_header_value);
        e = space();
        e.path_root = bad;
        all_writers_refuse(e, {}, errc::invalid_header_value);

        call_query q;
        q.to = bad;
        all_writers_refuse(space(), q, errc::invalid_header_value);
        q = {};
        q.from = bad;
        all_writers_refuse(space(), q, errc::invalid_header_value);
        q = {};
        q.parent_call_sid = bad;
        all_writers_refuse(space(), q, errc::invalid_header_value);
        q = {};
        q.page_token = bad;
        all_writers_refuse(space(), q, errc::invalid_header_value);
    }
    endpoint host_less;
    host_less.project_id = "p";
    all_writers_refuse(host_less, {}, errc::invalid_space_url);
    endpoint bad_root = space();
    bad_root.path_root = "texml/";
    all_writers_refuse(bad_root, {}, errc::invalid_space_url);
}

TEST_CASE("query errors reach every writer, and endpoint errors come first") {
    auto head_error = [](const endpoint& e, const call_query& q) {
        return swcalls_test::failed_write([&](char* out, std::size_t size) {
                   return swcalls::write_request_head(e, q, out, size);
               }).ec;
    };
    call_query q;
    q.page_size = 0;
    CHECK(head_error(space(), q) == errc::invalid_page_size);
    q.page_size = 1001;
    CHECK(head_error(space(), q) == errc::invalid_page_size);
    q = {};
    q.page = -1;
    CHECK(head_error(space(), q) == errc::invalid_page);
    q = {};
    q.status = call_status::unknown;
    CHECK(head_error(space(), q) == errc::invalid_filter_value);
    q = {};
    q.end_time = date_filter::on_date(2021, 2, 29);
    CHECK(head_error(space(), q) == errc::invalid_filter_value);

    endpoint bad = space();
    bad.api_token = "t\r\n";
    q = {};
    q.page_size = 0;
    CHECK(head_error(bad, q) == errc::invalid_header_value);
}
