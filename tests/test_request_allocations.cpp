// The request builder never allocates: endpoint parsing, validation, targets, heads and next pages, counted
// with the replacement operator new of tests/test_allocations.cpp (through allocation_counter.hpp).
// next_page.hpp is included first: it includes the rest of the request builder, and proves it self-contained.
#include <swcalls/next_page.hpp>

#include <doctest/doctest.h>

#include "allocation_counter.hpp"

#include <cstddef>
#include <ostream>  // doctest prints std::error_code through it
#include <string_view>
#include <system_error>

TEST_CASE("no allocation anywhere in the request builder, on success or on error") {
    static char buffer[2048];
    static char tiny[8];
    std::error_code errors[8];
    swcalls::write_result results[12];
    std::string_view target;
    {
        swcalls_test::allocation_window window;
        swcalls::endpoint e;
        errors[0] = swcalls::parse_space_url("example", e);
        errors[1] = swcalls::parse_base_url("http://127.0.0.1:8080/texml", e);
        errors[2] = swcalls::parse_base_url("ftp://nope", e);
        e.project_id = "b3877c40-da60-4998-90ad-b792e98472af";
        e.api_token = "PTsecret";
        swcalls::call_query q;
        q.to = "+15551234567";
        q.status = swcalls::call_status::completed;
        errors[3] = swcalls::parse_date_filter("Wed, 19 Sep 2018 20:00:00 +0000", q.start_time_after.emplace());
        errors[4] = swcalls::parse_date_filter("2018-09-20", q.start_time_before.emplace());
        q.page_size = 1000;
        q.page_token = "PA1";
        results[0] = swcalls::write_calls_target(e, q, buffer, sizeof buffer);
        results[1] = swcalls::write_request_head(e, q, buffer, sizeof buffer);
        results[2] = swcalls::write_redacted_request_head(e, q, buffer, sizeof buffer);
        results[3] = swcalls::write_request_head(e, q, tiny, sizeof tiny);
        results[4] = swcalls::write_authorization_value(e, buffer, sizeof buffer);
        results[5] = swcalls::write_host_value(e, buffer, sizeof buffer);
        errors[5] = swcalls::next_page_target(e, "http://127.0.0.1:8080/texml/Accounts/a/Calls?Page=1", target);
        results[6] = swcalls::write_next_page_target(e, "/texml/Accounts/a/Calls?Page=1", buffer, sizeof buffer);
        results[7] = swcalls::write_next_page_request_head(e, "/texml/Accounts/a/Calls?Page=1", buffer, sizeof buffer);
        results[8] = swcalls::write_next_page_request_head(e, "https://evil.example/x", buffer, sizeof buffer);
        q.page_size = 0;
        results[9] = swcalls::write_request_head(e, q, buffer, sizeof buffer);
        errors[6] = swcalls::validate(q);
        window.stop();
        CHECK(window.allocated() == 0);
        CHECK(window.freed() == 0);
    }
    CHECK(errors[0] == std::error_code());
    CHECK(errors[1] == std::error_code());
    CHECK(errors[2] == swcalls::errc::invalid_space_url);
    CHECK(errors[3] == std::error_code());
    CHECK(errors[4] == std::error_code());
    CHECK(results[0].ec == std::error_code());
    CHECK(results[1].ec == std::error_code());
    CHECK(results[2].ec == std::error_code());
    CHECK(results[3].ec == swcalls::errc::buffer_too_small);
    CHECK(results[3].size == results[1].size);
    CHECK(results[4].ec == std::error_code());
    CHECK(results[5].ec == std::error_code());
    CHECK(errors[5] == std::error_code());
    CHECK(target == "/texml/Accounts/a/Calls?Page=1");
    CHECK(results[6].ec == std::error_code());
    CHECK(results[7].ec == std::error_code());
    CHECK(results[8].ec == swcalls::errc::foreign_uri);
    CHECK(results[9].ec == swcalls::errc::invalid_page_size);
    CHECK(errors[6] == swcalls::errc::invalid_page_size);
}
