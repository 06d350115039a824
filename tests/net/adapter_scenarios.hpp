// tests/net/adapter_scenarios.hpp — the end-to-end scenarios every transport adapter must pass, written once
// and run by each adapter's test file with its own transport type:
//
//   TEST_CASE("posix: lists every call once through faults") {
//       swcalls_test::scenario s;  s.faults.rate_429 = 0.2;  s.faults.rate_reset = 0.1;
//       swcalls_test::check_lists_every_call_once<swcalls::posix::transport>(s);
//   }
//   TEST_CASE("posix: wrong token") { swcalls_test::check_wrong_token<swcalls::posix::transport>(); }
//
// A Transport is built as Transport(endpoint, transport_options) and must have error_detail(). Every
// scenario runs swcalls::list_calls against the in-process mock (or a raw server that misbehaves), checks
// the outcome, and checks that the API token appears in no error_detail().
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <swcalls/detail/base64.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/transport_options.hpp>

#include "net/net_support.hpp"

namespace swcalls_test {

struct scenario {
    std::uint64_t calls = 120;
    std::uint32_t page_size = 25;
    swcalls_mock::fault_plan faults{};
    bool tls = false;                 // https with the test PKI's certificate (transport ca_file = its CA)
    bool close_after_each = false;    // the server closes after every response
    std::uint32_t max_attempts = 40;  // per page; backoff is 1 ms, so faults cost little time
};

// What one listing gave.
struct listing {
    swcalls::list_result result;
    std::vector<std::string> sids;  // in delivery order
    std::chrono::milliseconds elapsed{0};
};

// Retries as fast as possible: 1 ms backoff, Retry-After honoured up to 2 s.
inline swcalls::retry_policy fast_retry(std::uint32_t max_attempts) {
    swcalls::retry_policy p;
    p.max_attempts = max_attempts;
    p.base_delay = std::chrono::milliseconds(1);
    p.max_delay = std::chrono::milliseconds(2000);
    return p;
}

template <class Transport>
listing run_list(Transport& transport, const swcalls::endpoint& e, std::uint32_t page_size, std::uint32_t max_attempts) {
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    options.memory = memory.view();
    options.page_size = page_size;
    options.retry = fast_retry(max_attempts);
    listing out;
    auto on_call = [&](const swcalls::call_view& call) { out.sids.emplace_back(call.sid.value_or("")); };
    auto sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    const auto started = std::chrono::steady_clock::now();
    out.result = swcalls::list_calls(transport, e, swcalls::call_query{}, options, on_call, sleep);
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return out;
}

// The transport's error detail names neither the token nor the Basic credentials made from it.
template <class Transport>
void check_no_secret_in_detail(const Transport& transport, const test_endpoint& e) {
    const std::string detail(transport.error_detail());
    CAPTURE(detail);
    CHECK(detail.find(e.token()) == std::string::npos);
    const std::string plain = e.project() + ":" + e.token();
    std::string encoded(swcalls::detail::base64_encoded_size(plain.size()), '\0');
    encoded.resize(swcalls::detail::base64_encode(plain, encoded.data()));
    CHECK(detail.find(encoded) == std::string::npos);
}

inline bool any_fault(const swcalls_mock::fault_plan& plan) noexcept {
    return plan.rate_429 > 0 || plan.rate_5xx > 0 || plan.rate_reset > 0 || plan.rate_short > 0;
}

inline swcalls::transport_options transport_options_for(std::string_view ca_file = {}) {
    swcalls::transport_options o;
    o.connect_timeout = std::chrono::milliseconds(5000);
    o.io_timeout = std::chrono::milliseconds(5000);
    o.ca_file = ca_file;
    return o;
}

// Every call of the data set, in order, exactly once, through whatever faults the scenario injects. With
// no faults the whole listing uses one connection (keep-alive), or one per page with close_after_each.
template <class Transport>
void check_lists_every_call_once(const scenario& s) {
    if (s.tls) SWCALLS_REQUIRE_TEST_PKI();
    swcalls_mock::server_options o = s.tls ? tls_mock_options(s.calls) : mock_options(s.calls);
    o.faults = s.faults;
    o.close_after_each = s.close_after_each;
    auto mock = start_mock(o);
    test_endpoint e{mock->base_url()};
    Transport transport(e.get(), transport_options_for(s.tls ? std::string_view(pki().ca_cert) : std::string_view()));
    const listing l = run_list(transport, e, s.page_size, s.max_attempts);
    INFO("error_detail: " << transport.error_detail());
    CHECK(l.result.ec == std::error_code());
    CHECK(l.result.finished);
    const std::vector<swcalls_mock::call_record> expected =
        swcalls_mock::make_calls(s.calls, o.api.seed, swcalls_test::demo_project);
    REQUIRE(l.sids.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(l.sids[i] == expected[i].sid);
    }
    const swcalls_mock::server_stats stats = mock->stats();
    const std::uint64_t pages = (s.calls + s.page_size - 1) / s.page_size;
    if (any_fault(s.faults)) {
        CHECK(stats.faults_injected > 0);  // the faults did happen, and were survived
    } else {
        CHECK(stats.requests == pages);
        CHECK(l.result.requests == pages);
        if (s.close_after_each) CHECK(stats.connections == pages);
        else CHECK(stats.connections == 1);  // one kept-alive connection for every page
    }
    check_no_secret_in_detail(transport, e);
}

// The soak: 100,000 calls in pages of 1000 through random 429s, 5xx, resets and short bodies, chunked and
// not: every call exactly once, in order (check_lists_every_call_once). About 170 requests, of which some
// 70 fail; 150 MB of JSON.
inline scenario soak_scenario(bool tls = false) {
    scenario s;
    s.calls = 100000;
    s.page_size = 1000;
    s.faults.rate_429 = 0.1;
    s.faults.rate_5xx = 0.1;
    s.faults.rate_reset = 0.1;
    s.faults.rate_short = 0.1;
    s.faults.chunked = true;
    s.faults.seed = 66;
    s.tls = tls;
    s.max_attempts = 60;
    return s;
}

// https against a server whose certificate chains to a CA the client does not trust.
template <class Transport>
void check_untrusted_certificate() {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = start_mock(tls_mock_options(30));
    test_endpoint e{mock->base_url()};
    Transport transport(e.get(), transport_options_for(pki().other_ca_cert));
    const listing l = run_list(transport, e, 10, 5);
    CHECK(l.result.ec == swcalls::errc::tls_untrusted_certificate);
    CHECK(l.result.requests == 1);  // permanent: not retried
    CHECK(l.sids.empty());
    CHECK(mock->stats().requests == 0);  // no request reached the server
    CHECK_FALSE(transport.error_detail().empty());
    check_no_secret_in_detail(transport, e);
}

// https against a server whose certificate is trusted but names wrong.example, not 127.0.0.1.
template <class Transport>
void check_host_mismatch() {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = start_mock(tls_mock_options(30, true));
    test_endpoint e{mock->base_url()};
    Transport transport(e.get(), transport_options_for(pki().ca_cert));
    const listing l = run_list(transport, e, 10, 5);
    CHECK(l.result.ec == swcalls::errc::tls_host_mismatch);
    CHECK(l.result.requests == 1);
    CHECK(mock->stats().requests == 0);
    CHECK_FALSE(transport.error_detail().empty());
    check_no_secret_in_detail(transport, e);
}

// A wrong token: the API's 401 with code 20003, not retried.
template <class Transport>
void check_wrong_token(bool tls = false) {
    if (tls) SWCALLS_REQUIRE_TEST_PKI();
    auto mock = start_mock(tls ? tls_mock_options(30) : mock_options(30));
    test_endpoint e{mock->base_url(), std::string(demo_project), "PTwrongtoken0000000000000000000000000000000000000"};
    Transport transport(e.get(), transport_options_for(tls ? std::string_view(pki().ca_cert) : std::string_view()));
    const listing l = run_list(transport, e, 10, 5);
    CHECK(l.result.ec == swcalls::errc::api_error);
    CHECK(l.result.details.http_status == 401);
    CHECK(l.result.details.code == std::optional<std::int64_t>(20003));
    CHECK(l.result.requests == 1);
    CHECK(mock->stats().unauthorized == 1);
    check_no_secret_in_detail(transport, e);
}

// A project the server does not hold: the API's 404 with code 20404.
template <class Transport>
void check_other_project() {
    auto mock = start_mock(mock_options(30));
    test_endpoint e{mock->base_url(), "b2c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93"};
    Transport transport(e.get(), transport_options_for());
    const listing l = run_list(transport, e, 10, 5);
    CHECK(l.result.ec == swcalls::errc::api_error);
    CHECK(l.result.details.http_status == 404);
    CHECK(l.result.details.code == std::optional<std::int64_t>(20404));
    CHECK(mock->stats().not_found == 1);
    check_no_secret_in_detail(transport, e);
}

// A next_page_uri on another origin (a second server on another port): errc::foreign_uri, the first
// page's calls delivered, and the other server never hears from the client.
template <class Transport>
void check_foreign_next_page(bool tls = false) {
    if (tls) SWCALLS_REQUIRE_TEST_PKI();
    auto foreign = raw_server::silent();
    swcalls_mock::server_options o = tls ? tls_mock_options(30) : mock_options(30);
    o.api.foreign_next_page = foreign->base_url() + "/api/laml/2010-04-01/Accounts/" + std::string(demo_project) +
                              "/Calls?PageSize=10&Page=1";
    auto mock = start_mock(o);
    test_endpoint e{mock->base_url()};
    Transport transport(e.get(), transport_options_for(tls ? std::string_view(pki().ca_cert) : std::string_view()));
    const listing l = run_list(transport, e, 10, 5);
    CHECK(l.result.ec == swcalls::errc::foreign_uri);
    CHECK(l.sids.size() == 10);
    transport.close();
    CHECK(foreign->connections() == 0);
    CHECK(foreign->bytes_received() == 0);
    check_no_secret_in_detail(transport, e);
}

// A server that accepts and never answers: errc::timed_out after about io_timeout (one attempt).
template <class Transport>
void check_io_timeout() {
    auto silent = raw_server::silent();
    test_endpoint e{silent->base_url()};
    swcalls::transport_options options = transport_options_for();
    options.io_timeout = std::chrono::milliseconds(300);
    Transport transport(e.get(), options);
    const listing l = run_list(transport, e, 10, 1);
    CHECK(l.result.ec == swcalls::errc::retries_exhausted);
    CHECK(l.result.last_error == swcalls::errc::timed_out);
    CHECK(l.elapsed >= std::chrono::milliseconds(250));
    CHECK(l.elapsed < std::chrono::milliseconds(3000));  // abandoned, not waited on (generous: CI is loaded)
    CHECK(silent->bytes_received() > 0);  // the request was sent; only the answer never came
    check_no_secret_in_detail(transport, e);
}

// One listing attempt against a server that drips `reply` one byte per `per_byte`, with a 200 ms io_timeout;
// `check(listing, io_timeout)` judges it. The token must appear in no error detail either way.
template <class Transport, class Check>
void list_from_dripping_server(const std::string& reply, std::chrono::milliseconds per_byte, Check check) {
    auto drip = raw_server::dripping(reply, per_byte);
    test_endpoint e{drip->base_url()};
    swcalls::transport_options options = transport_options_for();
    options.io_timeout = std::chrono::milliseconds(200);
    Transport transport(e.get(), options);
    const listing l = run_list(transport, e, 10, 1);
    INFO("error_detail: " << transport.error_detail());
    check(l, options.io_timeout);
    check_no_secret_in_detail(transport, e);
}

// A server that answers one byte every 10 ms: slower in total than io_timeout, but never silent for that
// long, so it is no timeout (io_timeout bounds each wait, not the whole response).
template <class Transport>
void check_slow_progress_is_not_a_timeout() {
    const std::string reply = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}";  // 47 bytes: ~470 ms
    list_from_dripping_server<Transport>(reply, std::chrono::milliseconds(10),
                                         [](const listing& l, std::chrono::milliseconds io_timeout) {
                                             CHECK(l.result.ec == swcalls::errc::api_error);
                                             CHECK(l.result.details.http_status == 404);
                                             CHECK(l.elapsed > io_timeout);  // longer than one wait may be
                                         });
}

// A server that answers one byte per 500 ms ("one byte a minute", scaled down): each wait is longer than
// io_timeout, so the first wait abandons it with errc::timed_out after about io_timeout.
template <class Transport>
void check_drip_slower_than_io_timeout() {
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"calls\":[]}";
    list_from_dripping_server<Transport>(reply, std::chrono::milliseconds(500),
                                         [](const listing& l, std::chrono::milliseconds io_timeout) {
                                             CHECK(l.result.ec == swcalls::errc::retries_exhausted);
                                             CHECK(l.result.last_error == swcalls::errc::timed_out);
                                             CHECK(l.elapsed >= io_timeout - std::chrono::milliseconds(50));
                                             CHECK(l.elapsed < std::chrono::milliseconds(3000));
                                         });
}

// A redirect is an answer, never followed: a 302 (or 301, 307, 308) to another host, absolute or "//host",
// ends the listing with errc::api_error and that status, and the other host hears nothing (credentials
// would go with a followed request).
template <class Transport>
void check_redirect_not_followed() {
    auto foreign = raw_server::silent();
    const std::string target = "127.0.0.1:" + std::to_string(foreign->port()) + "/api/laml/2010-04-01/Accounts/" +
                               std::string(demo_project) + "/Calls";
    for (const std::string& location : {"http://" + target, "//" + target}) {
        for (int status : {301, 302, 307, 308}) {
            CAPTURE(location);
            CAPTURE(status);
            const std::string reply = "HTTP/1.1 " + std::to_string(status) + " Moved\r\nLocation: " + location +
                                      "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            auto server = raw_server::dripping(reply, std::chrono::milliseconds(0));
            test_endpoint e{server->base_url()};
            Transport transport(e.get(), transport_options_for());
            const listing l = run_list(transport, e, 10, 3);
            INFO("error_detail: " << transport.error_detail());
            CHECK(l.result.ec == swcalls::errc::api_error);
            CHECK(l.result.details.http_status == status);
            CHECK(l.result.requests == 1);  // not retried either
            CHECK(l.sids.empty());
            check_no_secret_in_detail(transport, e);
        }
    }
    CHECK(foreign->connections() == 0);
    CHECK(foreign->bytes_received() == 0);
}

// Nothing listens on the port: errc::connect_failed on every attempt, then retries_exhausted.
template <class Transport>
void check_connect_refused() {
    refused_port port;
    test_endpoint e{port.base_url()};
    Transport transport(e.get(), transport_options_for());
    const listing l = run_list(transport, e, 10, 3);
    CHECK(l.result.ec == swcalls::errc::retries_exhausted);
    CHECK(l.result.last_error == swcalls::errc::connect_failed);
    CHECK(l.result.requests == 3);
    CHECK_FALSE(transport.error_detail().empty());
    check_no_secret_in_detail(transport, e);
}

}  // namespace swcalls_test
