// Tests for swcalls/list_driver.hpp: paging, limits, retries, exactly-once delivery and resuming, against a
// scripted in-memory transport that serves a deterministic data set (list_test_server.hpp) and injects
// faults per request.
// list_driver.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/list_driver.hpp>

#include <doctest/doctest.h>

#include "allocation_counter.hpp"
#include "list_test_server.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

using std::chrono::milliseconds;

namespace {

using namespace list_test;

// What one request meets.
struct fault {
    enum class kind { none, refuse, reset, eof, canned, fail };
    kind what = kind::none;
    std::size_t cut = SIZE_MAX;  // reset/eof: bytes of the real response delivered first
    std::string response;        // canned: sent instead of the real response (then the stream stays open)
    std::error_code error{};     // fail: exchange() returns this before any byte
};

fault refuse() { return {fault::kind::refuse, 0, {}}; }
fault reset_at(std::size_t cut) { return {fault::kind::reset, cut, {}}; }
fault eof_at(std::size_t cut) { return {fault::kind::eof, cut, {}}; }
fault canned(std::string response) { return {fault::kind::canned, SIZE_MAX, std::move(response)}; }
fault fail_with(swcalls::errc e) { return {fault::kind::fail, 0, {}, e}; }

struct scripted_transport {
    fake_server server;
    std::vector<fault> faults;         // faults[i] is what request i meets (none past the end)
    std::size_t chunk = 7;             // bytes per on_bytes call
    std::vector<std::string> targets;  // every request's target, in order
    std::vector<std::string> heads;
    int connects = 0;
    int closes = 0;
    bool connected = false;

    std::error_code exchange(std::string_view head, swcalls::byte_sink on_bytes) {
        const std::size_t n = heads.size();
        heads.emplace_back(head);
        const std::size_t sp = head.find(' ', 4);
        targets.emplace_back(head.substr(4, sp - 4));
        const fault f = n < faults.size() ? faults[n] : fault{};
        if (f.what == fault::kind::refuse) return std::make_error_code(std::errc::connection_refused);
        if (f.what == fault::kind::fail) return f.error;
        if (!connected) {
            connected = true;
            ++connects;
        }
        const std::string response = f.what == fault::kind::canned ? f.response : server.respond(targets.back());
        const std::size_t end = f.cut < response.size() ? f.cut : response.size();
        for (std::size_t at = 0; at < end; at += chunk) {
            const std::size_t len = end - at < chunk ? end - at : chunk;
            if (!on_bytes(std::string_view(response).substr(at, len))) return {};
        }
        if (f.what == fault::kind::reset) {
            connected = false;
            return std::make_error_code(std::errc::connection_reset);
        }
        if (f.what == fault::kind::eof) connected = false;
        return {};  // everything sent; the peer closed (eof), or the driver read it all
    }
    void close() {
        ++closes;
        connected = false;
    }
};

struct recorder {
    std::vector<std::string> sids;
    bool operator()(const swcalls::call_view& call) {
        sids.emplace_back(call.sid.value_or("?"));
        return true;
    }
};

struct sleep_log {
    std::vector<milliseconds>* waits;
    void operator()(milliseconds d) const { waits->push_back(d); }
};

swcalls::endpoint make_endpoint() {
    swcalls::endpoint e;
    REQUIRE_FALSE(e.set_host("example.signalwire.com"));
    e.project_id = project;
    e.api_token = "PTsecret";
    return e;
}

swcalls::utc_timestamp fixed_now() noexcept { return {1537387200, 0}; }  // Wed, 19 Sep 2018 20:00:00 GMT

struct fixture {
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    swcalls::endpoint endpoint = make_endpoint();
    swcalls::call_query query;
    scripted_transport transport;
    recorder calls;
    std::vector<milliseconds> waits;

    fixture() {
        options.memory = memory.view();
        options.page_size = 3;
        options.retry.base_delay = milliseconds(100);
        options.retry.max_delay = milliseconds(10000);
        options.retry.max_attempts = 4;
        options.jitter_seed = 99;
        options.clock = &fixed_now;
    }
    swcalls::list_result list() { return swcalls::list_calls(transport, endpoint, query, options, calls, sleep_log{&waits}); }
    swcalls::list_result resume(const swcalls::list_cursor& cursor) {
        return swcalls::resume_calls(transport, endpoint, cursor, options, calls, sleep_log{&waits});
    }
    std::string page_target(std::size_t offset) const {
        std::string t = std::string(calls_path) + "?PageSize=" + std::to_string(options.page_size);
        if (offset) t += "&PageToken=PA" + std::to_string(offset);
        return t;
    }
};

// Where, in page `offset`'s response, the call with index `call` starts: cutting there leaves the calls
// before it delivered.
std::size_t offset_of_call(const fixture& f, std::size_t page_offset, std::size_t call) {
    const std::string r = f.transport.server.respond(f.page_target(page_offset));
    const std::size_t at = r.find("{\"sid\":\"" + sid_of(call));
    REQUIRE(at != std::string::npos);
    return at;
}

}  // namespace

// ---- the transport concept ------------------------------------------------------------------------------

namespace {
struct only_exchange {
    std::error_code exchange(std::string_view, swcalls::byte_sink) { return {}; }
};
struct only_close {
    void close() {}
};
struct wrong_exchange {
    int exchange(std::string_view, swcalls::byte_sink) { return 0; }
    void close() {}
};
}  // namespace

TEST_CASE("list driver: is_transport says which types model the transport concept") {
    static_assert(swcalls::is_transport_v<scripted_transport>);
    static_assert(!swcalls::is_transport_v<int>);
    static_assert(!swcalls::is_transport_v<only_exchange>);
    static_assert(!swcalls::is_transport_v<only_close>);
    static_assert(!swcalls::is_transport_v<wrong_exchange>);
    CHECK(swcalls::is_transport<scripted_transport>::value);
}

// ---- paging -----------------------------------------------------------------------------------------------

TEST_CASE("list driver: follows next_page_uri through every page, in order, exactly once") {
    for (std::size_t total : {0u, 1u, 3u, 10u}) {
        for (std::size_t chunk : {1u, 7u, 4096u}) {
            CAPTURE(total);
            CAPTURE(chunk);
            fixture f;
            f.transport.server.total = total;
            f.transport.chunk = chunk;
            const swcalls::list_result r = f.list();
            CHECK_FALSE(r.ec);
            CHECK(r.finished);
            CHECK_FALSE(r.stopped);
            CHECK(f.calls.sids == expected_sids(total));
            const std::size_t pages = total <= 3 ? 1 : (total + 2) / 3;
            CHECK(r.pages == pages);
            CHECK(r.requests == pages);
            CHECK(r.calls == total);
            CHECK(r.cursor.delivered_total == total);
            CHECK(f.waits.empty());
            REQUIRE(f.transport.targets.size() == pages);
            CHECK(f.transport.targets[0] == f.page_target(0));
            for (std::size_t p = 1; p < pages; ++p) CHECK(f.transport.targets[p] == f.page_target(p * 3));
            CHECK(f.transport.connects == 1);  // keep-alive: one connection for every page
        }
    }
}

TEST_CASE("list driver: the request head is complete, and credentials go only to the configured host") {
    fixture f;
    f.transport.server.total = 4;
    REQUIRE_FALSE(f.list().ec);
    REQUIRE(f.transport.heads.size() == 2);
    for (const std::string& head : f.transport.heads) {
        CHECK(head.rfind("GET /api/laml/2010-04-01/Accounts/proj-1/Calls?", 0) == 0);
        CHECK(head.find("\r\nHost: example.signalwire.com\r\n") != std::string::npos);
        CHECK(head.find("\r\nAuthorization: Basic cHJvai0xOlBUc2VjcmV0\r\n") != std::string::npos);  // proj-1:PTsecret
        CHECK(head.size() >= 4);
        CHECK(head.substr(head.size() - 4) == "\r\n\r\n");
    }
}

TEST_CASE("list driver: a body delimited by the connection's close is read to the end of the stream") {
    fixture f;
    f.transport.server.total = 2;
    std::string body = f.transport.server.body(f.page_target(0));
    f.transport.faults = {canned("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + body)};
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    CHECK(r.finished);
    CHECK(f.calls.sids == expected_sids(2));
    CHECK(f.transport.closes == 1);  // no keep-alive after a body ended by the close

    // With keep-alive (the default server), nothing is closed.
    fixture g;
    g.transport.server.total = 7;
    REQUIRE_FALSE(g.list().ec);
    CHECK(g.transport.closes == 0);
}

// ---- limit and page size ----------------------------------------------------------------------------------

TEST_CASE("list driver: PageSize asked is min(limit, page_size, 1000), and the limit is honoured") {
    struct row {
        std::uint64_t limit;
        std::uint32_t page_size;
        std::size_t asked;        // PageSize in the first target (0: not sent)
        std::size_t delivered;
    };
    const row rows[] = {
        {7, 3, 3, 7}, {2, 3, 2, 2}, {5, 0, 5, 5}, {5000, 0, 1000, 10}, {0, 0, 0, 10}, {0, 2000, 1000, 10},
        {3, 3, 3, 3}, {10, 3, 3, 10}, {11, 3, 3, 10},
    };
    for (const row& t : rows) {
        CAPTURE(t.limit);
        CAPTURE(t.page_size);
        fixture f;
        f.transport.server.total = 10;
        f.options.limit = t.limit;
        f.options.page_size = t.page_size;
        const swcalls::list_result r = f.list();
        CHECK_FALSE(r.ec);
        CHECK(f.calls.sids == expected_sids(t.delivered));
        CHECK(r.cursor.delivered_total == t.delivered);
        CHECK(r.stopped == (t.limit != 0 && t.limit <= 10));
        REQUIRE_FALSE(f.transport.targets.empty());
        CHECK(query_number(f.transport.targets[0], "PageSize", 0) == t.asked);
        if (t.limit == 7) CHECK(f.transport.targets.size() == 3);  // no request past the limit
        if (t.limit == 3) CHECK(f.transport.targets.size() == 1);
    }
}

TEST_CASE("list driver: the query's own PageSize is kept when options.page_size is 0, and capped by the limit") {
    fixture f;
    f.options.page_size = 0;
    f.query.page_size = 4;
    f.transport.server.total = 10;
    REQUIRE_FALSE(f.list().ec);
    CHECK(query_number(f.transport.targets[0], "PageSize", 0) == 4);
    CHECK(f.calls.sids == expected_sids(10));

    fixture g;
    g.options.page_size = 0;
    g.query.page_size = 4;
    g.options.limit = 2;
    REQUIRE_FALSE(g.list().ec);
    CHECK(query_number(g.transport.targets[0], "PageSize", 0) == 2);
    CHECK(g.calls.sids == expected_sids(2));
}

// ---- the callback stops; resuming ---------------------------------------------------------------------------

TEST_CASE("list driver: the callback may stop early; the cursor resumes right after the last call") {
    fixture f;
    f.transport.server.total = 10;
    std::vector<std::string> seen;
    auto stop_at_five = [&](const swcalls::call_view& call) {
        seen.emplace_back(*call.sid);
        return seen.size() < 5;
    };
    swcalls::list_result r =
        swcalls::list_calls(f.transport, f.endpoint, f.query, f.options, stop_at_five, sleep_log{&f.waits});
    CHECK_FALSE(r.ec);
    CHECK(r.stopped);
    CHECK_FALSE(r.finished);
    CHECK(seen == expected_sids(5));
    CHECK(r.cursor.target() == f.page_target(3));
    CHECK(r.cursor.delivered_on_page == 2);
    CHECK(r.cursor.delivered_total == 5);
    CHECK(f.transport.closes >= 1);  // the rest of the response was abandoned: the connection is dropped

    // Resume through text, as another process would.
    char text[4096];
    std::size_t needed = 0;
    REQUIRE_FALSE(swcalls::format_cursor(r.cursor, text, sizeof text, needed));
    swcalls::list_cursor saved;
    REQUIRE_FALSE(swcalls::parse_cursor(std::string_view(text, needed), saved));
    const swcalls::list_result rest = f.resume(saved);
    CHECK_FALSE(rest.ec);
    CHECK(rest.finished);
    CHECK(rest.calls == 5);
    CHECK(rest.cursor.delivered_total == 10);
    seen.insert(seen.end(), f.calls.sids.begin(), f.calls.sids.end());
    CHECK(seen == expected_sids(10));
}

TEST_CASE("list driver: a void callback, and a resume whose limit is already reached sends nothing") {
    fixture f;
    f.transport.server.total = 6;
    std::size_t count = 0;
    auto counting = [&](const swcalls::call_view&) { ++count; };
    f.options.limit = 4;
    swcalls::list_result r = swcalls::list_calls(f.transport, f.endpoint, f.query, f.options, counting, sleep_log{&f.waits});
    CHECK_FALSE(r.ec);
    CHECK(count == 4);
    const std::size_t before = f.transport.targets.size();
    swcalls::list_result again = f.resume(r.cursor);
    CHECK_FALSE(again.ec);
    CHECK(again.stopped);
    CHECK(again.calls == 0);
    CHECK(f.transport.targets.size() == before);
}

TEST_CASE("list driver: resuming after the last page delivers nothing again") {
    fixture f;
    f.transport.server.total = 5;
    swcalls::list_result r = f.list();
    REQUIRE(r.finished);
    const std::size_t before = f.calls.sids.size();
    swcalls::list_result again = f.resume(r.cursor);
    CHECK_FALSE(again.ec);
    CHECK(again.finished);
    CHECK(again.calls == 0);
    CHECK(f.calls.sids.size() == before);
}

TEST_CASE("list driver: an empty or non-path cursor is refused") {
    fixture f;
    swcalls::list_cursor empty;
    CHECK(f.resume(empty).ec == swcalls::errc::invalid_cursor);
    CHECK(f.transport.targets.empty());
}

// ---- faults and retries ------------------------------------------------------------------------------------

TEST_CASE("list driver: every call exactly once, whatever byte the connection breaks at") {
    // Page 1 (Content-Length) and page 2 (chunked), cut at every byte, by a reset and by a clean close.
    for (std::size_t faulty_request : {0u, 1u}) {
        fixture probe;
        probe.transport.server.total = 8;
        const std::size_t length = probe.transport.server.respond(probe.page_target(faulty_request * 3)).size();
        for (std::size_t cut = 0; cut < length; ++cut) {
            for (bool reset : {true, false}) {
                CAPTURE(faulty_request);
                CAPTURE(cut);
                CAPTURE(reset);
                fixture f;
                f.transport.server.total = 8;
                f.transport.chunk = 5;
                f.transport.faults.resize(faulty_request + 1);
                f.transport.faults[faulty_request] = reset ? reset_at(cut) : eof_at(cut);
                const swcalls::list_result r = f.list();
                REQUIRE_FALSE(r.ec);
                REQUIRE(f.calls.sids == expected_sids(8));
                CHECK(r.requests == 4);
                CHECK(f.transport.targets[faulty_request + 1] == f.transport.targets[faulty_request]);  // same page
                CHECK(f.waits.size() == 1);
                CHECK(f.transport.connects == 2);
            }
        }
    }
}

TEST_CASE("list driver: a fault after some calls of a page were delivered does not repeat them") {
    fixture f;
    f.transport.server.total = 9;
    // Page 2 (calls 3, 4, 5): cut just before call 5, so 3 and 4 were delivered; then a 503; then it works.
    const std::size_t cut = offset_of_call(f, 3, 5);
    f.transport.faults = {fault{}, reset_at(cut), canned("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")};
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    CHECK(f.calls.sids == expected_sids(9));
    CHECK(r.requests == 5);
    REQUIRE(f.transport.targets.size() == 5);
    CHECK(f.transport.targets[1] == f.page_target(3));
    CHECK(f.transport.targets[2] == f.page_target(3));
    CHECK(f.transport.targets[3] == f.page_target(3));
    CHECK(f.transport.targets[4] == f.page_target(6));
    REQUIRE(f.waits.size() == 2);
    // Backoff with jitter: [d/2, d] with d = 100 ms before the first retry (progress restarted the count),
    // then 200 ms.
    CHECK(f.waits[0] >= milliseconds(50));
    CHECK(f.waits[0] <= milliseconds(100));
    CHECK(f.waits[1] >= milliseconds(100));
    CHECK(f.waits[1] <= milliseconds(200));
}

TEST_CASE("list driver: 429 with Retry-After in seconds or as an HTTP date is honoured through the sleep hook") {
    fixture f;
    f.transport.server.total = 5;
    f.transport.faults = {
        fault{},
        canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Type: application/json\r\nContent-Length: 75\r\n\r\n"
               "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":\"x\",\"status\":429}   "),
        canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 19 Sep 2018 20:00:07 GMT\r\nContent-Length: 0\r\n\r\n"),
        refuse(),
    };
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    CHECK(f.calls.sids == expected_sids(5));
    REQUIRE(f.waits.size() == 3);
    CHECK(f.waits[0] == milliseconds(3000));
#if SWCALLS_RETRY_AFTER_DATES
    CHECK(f.waits[1] == milliseconds(7000));  // the date, 7 s after the injected clock's now
#else
    // Dates are not read (config.hpp): the backoff before attempt 3, [d/2, d] with d = 200 ms.
    CHECK(f.waits[1] >= milliseconds(100));
    CHECK(f.waits[1] <= milliseconds(200));
#endif
    CHECK(f.waits[2] >= milliseconds(200));   // a refused connection: backoff before attempt 4
    CHECK(f.waits[2] <= milliseconds(400));
    CHECK(r.requests == 5);
}

TEST_CASE("list driver: a clock that was never set ignores Retry-After dates, not their seconds") {
    // A board without a real-time clock counts from boot (or std::time fails: -1). A date minus such a "now"
    // would be decades: beyond max_delay, the page would fail. The backoff applies instead.
    for (auto clock : {+[]() noexcept { return swcalls::utc_timestamp{42, 0}; },
                       +[]() noexcept { return swcalls::utc_timestamp{-1, 0}; },
                       +[]() noexcept { return swcalls::utc_timestamp{946684799, 0}; }}) {
        fixture f;
        f.options.clock = clock;
        f.transport.server.total = 5;
        f.transport.faults = {
            fault{},
            canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 19 Sep 2018 20:00:07 GMT\r\nContent-Length: 0\r\n\r\n"),
            canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n"),
        };
        const swcalls::list_result r = f.list();
        CHECK_FALSE(r.ec);
        CHECK(f.calls.sids == expected_sids(5));
        REQUIRE(f.waits.size() == 2);
        CHECK(f.waits[0] >= milliseconds(50));  // backoff before attempt 2: [d/2, d], d = 100 ms
        CHECK(f.waits[0] <= milliseconds(100));
        CHECK(f.waits[1] == milliseconds(3000));  // seconds need no clock
    }
    // From 2000 on, the clock is believed.
    fixture f;
    f.options.clock = []() noexcept { return swcalls::utc_timestamp{946684800, 0}; };
    f.transport.server.total = 5;
    f.transport.faults = {fault{}, canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Sat, 01 Jan 2000 00:00:05 GMT"
                                          "\r\nContent-Length: 0\r\n\r\n")};
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    REQUIRE(f.waits.size() == 1);
#if SWCALLS_RETRY_AFTER_DATES
    CHECK(f.waits[0] == milliseconds(5000));
#else
    CHECK(f.waits[0] <= milliseconds(100));  // dates are not read (config.hpp): the backoff
#endif
}

TEST_CASE("list driver: a Retry-After beyond max_delay ends the listing with a resumable cursor") {
    fixture f;
    f.transport.server.total = 5;
    f.transport.faults = {fault{}, canned("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3600\r\nContent-Length: 0\r\n\r\n")};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::retries_exhausted);
    CHECK(r.last_error == swcalls::errc::api_error);
    CHECK(r.details.http_status == 429);
    CHECK(f.waits.empty());
    CHECK(r.cursor.target() == f.page_target(3));
    CHECK(r.cursor.delivered_on_page == 0);
    CHECK(r.cursor.delivered_total == 3);
}

TEST_CASE("list driver: attempts exhausted -> retries_exhausted, and resume_calls finishes with no gaps or duplicates") {
    fixture f;
    f.transport.server.total = 10;
    f.options.retry.max_attempts = 3;
    // Page 2: 2 calls delivered then a reset (progress: that attempt counts as the first of a new budget),
    // then refused twice: attempts 2 and 3 of 3.
    const std::size_t cut = offset_of_call(f, 3, 5);
    f.transport.faults = {fault{}, reset_at(cut), refuse(), refuse(), refuse()};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::retries_exhausted);
    CHECK(r.last_error == std::errc::connection_refused);
    CHECK(r.requests == 4);  // page 1, the cut attempt, two refused ones
    CHECK(f.waits.size() == 2);
    CHECK(r.cursor.target() == f.page_target(3));
    CHECK(r.cursor.delivered_on_page == 2);
    CHECK(r.cursor.delivered_total == 5);
    CHECK(f.calls.sids == expected_sids(5));
    CHECK_FALSE(f.transport.connected);

    char text[4096];
    std::size_t needed = 0;
    REQUIRE_FALSE(swcalls::format_cursor(r.cursor, text, sizeof text, needed));
    swcalls::list_cursor saved;
    REQUIRE_FALSE(swcalls::parse_cursor(std::string_view(text, needed), saved));
    f.transport.faults.clear();
    f.transport.heads.clear();
    f.transport.targets.clear();
    const swcalls::list_result rest = f.resume(saved);
    CHECK_FALSE(rest.ec);
    CHECK(rest.finished);
    CHECK(rest.calls == 5);
    CHECK(f.calls.sids == expected_sids(10));
    REQUIRE_FALSE(f.transport.targets.empty());
    CHECK(f.transport.targets[0] == f.page_target(3));
}

TEST_CASE("list driver: 5xx responses are retried up to max_attempts, with details of the last one") {
    fixture f;
    f.transport.server.total = 3;
    f.options.retry.max_attempts = 2;
    const std::string bad_gateway = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 23\r\n\r\n"
                                    "<html>bad gateway</html";
    f.transport.faults = {canned(bad_gateway), canned(bad_gateway)};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::retries_exhausted);
    CHECK(r.last_error == swcalls::errc::api_error);
    CHECK(r.details.http_status == 502);
    CHECK_FALSE(r.details.body_was_json);
    CHECK(r.details.body_excerpt.view() == "<html>bad gateway</html");
    CHECK(r.requests == 2);
    CHECK(f.waits.size() == 1);
    CHECK(f.calls.sids.empty());
    CHECK(r.cursor.target() == f.page_target(0));
}

TEST_CASE("list driver: transport errors that a retry cannot mend end the listing at once; others are retried") {
    for (swcalls::errc e : {swcalls::errc::tls_untrusted_certificate, swcalls::errc::tls_host_mismatch,
                            swcalls::errc::transport_setup_failed}) {
        CAPTURE(static_cast<int>(e));
        fixture f;
        f.transport.server.total = 3;
        f.transport.faults = {fail_with(e)};
        const swcalls::list_result r = f.list();
        CHECK(r.ec == e);
        CHECK(r.requests == 1);
        CHECK(f.waits.empty());
        CHECK(f.transport.closes >= 1);
    }
    for (swcalls::errc e : {swcalls::errc::timed_out, swcalls::errc::connection_lost, swcalls::errc::connect_failed,
                            swcalls::errc::resolve_failed, swcalls::errc::tls_failed}) {
        CAPTURE(static_cast<int>(e));
        fixture f;
        f.transport.server.total = 3;
        f.transport.faults = {fail_with(e)};
        const swcalls::list_result r = f.list();
        CHECK_FALSE(r.ec);
        CHECK(r.requests == 2);
        CHECK(f.waits.size() == 1);
        CHECK(f.calls.sids.size() == 3);
    }
}

TEST_CASE("list driver: 401 ends the listing with errc::api_error and the body's code and message") {
    fixture f;
    const std::string body = "{\"code\": 20003, \"message\": \"Authentication failed\", "
                             "\"more_info\": \"https://developer.signalwire.com/errors/20003\", \"status\": 401}";
    f.transport.faults = {canned("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body)};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::api_error);
    CHECK(r.details.http_status == 401);
    REQUIRE(r.details.code);
    CHECK(*r.details.code == 20003);
    CHECK(r.details.message.view() == "Authentication failed");
    CHECK(r.details.more_info.view() == "https://developer.signalwire.com/errors/20003");
    CHECK(r.requests == 1);
    CHECK(f.waits.empty());
    CHECK(f.calls.sids.empty());
}

TEST_CASE("list driver: a next_page_uri on another origin is refused and nothing is sent to it") {
    for (const char* prefix : {"https://evil.example.com", "//evil.example.com", "http://example.signalwire.com"}) {
        CAPTURE(prefix);
        fixture f;
        f.transport.server.total = 7;
        f.transport.server.next_prefix = prefix;
        f.transport.server.foreign_after = 1;  // page 2 links abroad
        const swcalls::list_result r = f.list();
        CHECK(r.ec == swcalls::errc::foreign_uri);
        CHECK(f.calls.sids == expected_sids(6));
        CHECK(r.requests == 2);
        for (const std::string& t : f.transport.targets) CHECK(t.rfind(std::string(calls_path), 0) == 0);
        CHECK(r.cursor.target() == f.page_target(3));
        CHECK(r.cursor.delivered_on_page == 3);
    }
    // The configured origin itself, spelled out in full, is followed.
    fixture f;
    f.transport.server.total = 7;
    f.transport.server.next_prefix = "https://EXAMPLE.signalwire.com:443";
    f.transport.server.foreign_after = 0;
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    CHECK(f.calls.sids == expected_sids(7));
}

TEST_CASE("list driver: a 200 body that is not a calls page is not retried") {
    fixture f;
    f.transport.faults = {canned("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"calls\": 5}")};
    const swcalls::list_result r = f.list();
    CHECK(swcalls::kind_of(r.ec) == swcalls::errc_kind::not_a_page);
    CHECK(r.requests == 1);

    fixture g;
    g.transport.faults = {canned("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"calls\":[")};
    g.transport.faults[0].response.back() = '?';
    const swcalls::list_result s = g.list();
    CHECK(swcalls::kind_of(s.ec) == swcalls::errc_kind::syntax);
    CHECK(s.requests == 1);
}

TEST_CASE("list driver: a query the request writer refuses sends nothing; so does missing memory") {
    fixture f;
    f.query.to = std::string_view("+1555\r\nX: y");
    CHECK(f.list().ec == swcalls::errc::invalid_header_value);
    CHECK(f.transport.targets.empty());

    fixture g;
    g.options.memory = {};
    CHECK(g.list().ec == swcalls::errc::buffer_too_small);
    CHECK(g.transport.targets.empty());

    fixture h;
    char tiny[16];
    h.options.memory.request = tiny;
    h.options.memory.request_size = sizeof tiny;
    CHECK(h.list().ec == swcalls::errc::buffer_too_small);
    CHECK(h.transport.targets.empty());
}

// ---- no heap ------------------------------------------------------------------------------------------------

namespace {
// Serves prepared responses in order, without allocating.
struct replay_transport {
    const std::string_view* responses;
    std::size_t count;
    std::size_t next = 0;
    std::size_t cut_request = SIZE_MAX;  // this request's response is cut at cut_at, then a reset
    std::size_t cut_at = 0;

    std::error_code exchange(std::string_view, swcalls::byte_sink on_bytes) {
        const std::size_t n = next++;
        if (n >= count) return std::make_error_code(std::errc::connection_refused);
        std::string_view r = responses[n];
        if (n == cut_request) r = r.substr(0, cut_at);
        for (std::size_t at = 0; at < r.size(); at += 64)
            if (!on_bytes(r.substr(at, 64))) return {};
        if (n == cut_request) return std::make_error_code(std::errc::connection_reset);
        return {};
    }
    void close() {}
};
}  // namespace

TEST_CASE("list driver: no allocation in the driver path, retries included") {
    fixture f;
    f.transport.server.total = 8;
    const std::string p1 = f.transport.server.respond(f.page_target(0));
    const std::string p2 = f.transport.server.respond(f.page_target(3));
    const std::string p3 = f.transport.server.respond(f.page_target(6));
    const std::string unavailable = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 4\r\n\r\noops";
    const std::string_view responses[] = {p1, p2, unavailable, p2, p3};
    replay_transport transport{responses, 5};
    transport.cut_request = 1;
    transport.cut_at = offset_of_call(f, 3, 4);

    char sids[8][8] = {};
    std::size_t delivered = 0;
    bool overflow = false;
    auto callback = [&](const swcalls::call_view& call) {
        if (delivered >= 8 || !call.sid || call.sid->size() >= 8) {
            overflow = true;
            return false;
        }
        for (std::size_t i = 0; i < call.sid->size(); ++i) sids[delivered][i] = (*call.sid)[i];
        ++delivered;
        return true;
    };
    std::int64_t waited = 0;
    auto sleep = [&](milliseconds d) { waited += d.count(); };

    swcalls_test::allocation_window window;
    swcalls::list_result r = swcalls::list_calls(transport, f.endpoint, f.query, f.options, callback, sleep);
    window.stop();

    CHECK(window.allocated() == 0);
    CHECK(window.freed() == 0);
    CHECK_FALSE(r.ec);
    CHECK_FALSE(overflow);
    REQUIRE(delivered == 8);
    for (std::size_t i = 0; i < 8; ++i) CHECK(std::string_view(sids[i]) == sid_of(i));
    CHECK(waited >= 1000);  // the 503's Retry-After, after the reset's backoff
    CHECK(r.requests == 5);
}

// ---- found in review ----------------------------------------------------------------------------------------

TEST_CASE("list driver: a close-delimited body cut short is a broken connection, retried, nothing repeated") {
    fixture f;
    f.transport.server.total = 3;
    const std::string body = f.transport.server.body(f.page_target(0));
    // The first answer's connection drops 20 bytes before the end; the second attempt gets the whole page.
    f.transport.faults = {canned("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + body.substr(0, body.size() - 20))};
    const swcalls::list_result r = f.list();
    CHECK_FALSE(r.ec);
    CHECK(r.finished);
    CHECK(r.requests == 2);
    CHECK(f.waits.size() == 1);
    CHECK(f.calls.sids == expected_sids(3));
}

TEST_CASE("list driver: a page naming itself as the next page ends the listing instead of looping") {
    fixture f;
    const std::string self = f.page_target(0);
    const std::string body = "{\"calls\":[{\"sid\":\"A\"}],\"next_page_uri\":\"" + self + "\"}";
    f.transport.faults = {canned("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body)};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::invalid_uri);
    CHECK(r.requests == 1);
    CHECK(f.calls.sids == std::vector<std::string>{"A"});
}

TEST_CASE("list driver: a next_page_uri longer than a cursor holds is the page's fault (invalid_uri)") {
    fixture f;
    const std::string longer = f.page_target(3) + "&X=" + std::string(swcalls::list_cursor::max_target, 'a');
    const std::string body = "{\"calls\":[{\"sid\":\"A\"}],\"next_page_uri\":\"" + longer + "\"}";
    std::vector<char> big(8192);
    f.options.memory.parser = big.data();
    f.options.memory.parser_size = big.size();
    f.transport.faults = {canned("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body)};
    const swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::invalid_uri);
    CHECK(r.requests == 1);
    CHECK(f.calls.sids == std::vector<std::string>{"A"});
}

TEST_CASE("list driver: an invalid query is refused before limit and page_size are merged into it") {
    for (std::int64_t bad : {std::int64_t(-5), std::int64_t(0), std::int64_t(5000)}) {
        fixture f;
        f.options.limit = 10;
        f.query.page_size = bad;
        CHECK(f.list().ec == swcalls::errc::invalid_page_size);
        CHECK(f.transport.targets.empty());
    }
}

TEST_CASE("list driver: a first page that shifted between attempts stops with page_changed, nothing repeated") {
    auto canned_page = [](const std::string& body) {
        return canned("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    };
    // The first page (no PageToken) is cut after calls 0 and 1; a new call arrives on top before the retry.
    fixture f;
    f.transport.server.total = 9;
    f.transport.faults = {reset_at(offset_of_call(f, 0, 2)),
                          canned_page("{\"calls\":[{\"sid\":\"NEW\"},{\"sid\":\"" + sid_of(0) + "\"},{\"sid\":\"" +
                                      sid_of(1) + "\"}]}")};
    swcalls::list_result r = f.list();
    CHECK(r.ec == swcalls::errc::page_changed);
    CHECK(f.calls.sids == expected_sids(2));  // 0 and 1 once; not 1 again, and nothing lost silently
    CHECK(r.cursor.last_sid() == sid_of(1));
    CHECK(r.cursor.delivered_on_page == 2);

    // The page came back shorter than what was delivered from it.
    fixture g;
    g.transport.server.total = 9;
    g.transport.faults = {reset_at(offset_of_call(g, 0, 2)), canned_page("{\"calls\":[{\"sid\":\"" + sid_of(0) + "\"}]}")};
    r = g.list();
    CHECK(r.ec == swcalls::errc::page_changed);
    CHECK(g.calls.sids == expected_sids(2));

    // The same page again: the check passes and the listing completes exactly once.
    fixture h;
    h.transport.server.total = 9;
    h.transport.faults = {reset_at(offset_of_call(h, 0, 2))};
    r = h.list();
    CHECK_FALSE(r.ec);
    CHECK(h.calls.sids == expected_sids(9));
}

// ---- field selection through the driver ------------------------------------------------------------------

namespace {
using swcalls::field;

// Records what a selection-limited listing delivers: each call's sid, and whether fields came through.
struct selection_recorder {
    std::vector<std::string> sids;
    std::size_t with_duration = 0, with_from = 0, with_status = 0, with_to = 0;
    void operator()(const swcalls::call_view& call) {
        sids.emplace_back(call.sid.value_or("?"));
        with_duration += call.duration.has_value();
        with_from += call.from.has_value();
        with_status += call.status.has_value();
        with_to += call.to.has_value();
    }
};
}  // namespace

TEST_CASE("list driver: a field selection reaches the parser; sid is kept for exact resumes even when not asked for") {
    fixture f;
    f.transport.server.total = 9;
    // Page 2 (calls 3, 4, 5): cut just before call 5, so 3 and 4 were delivered; the retry must skip them by sid.
    f.transport.faults = {fault{}, reset_at(offset_of_call(f, 3, 5))};
    selection_recorder seen;
    const swcalls::list_result r = swcalls::list_calls(f.transport, f.endpoint, f.query, f.options, seen,
                                                       sleep_log{&f.waits}, swcalls::only<field::duration>);
    CHECK_FALSE(r.ec);
    CHECK(seen.sids == expected_sids(9));  // sid was not selected, yet every call came exactly once, with its sid
    CHECK(seen.with_duration == 9);
    CHECK(seen.with_from == 0);
    CHECK(seen.with_status == 0);
    CHECK(seen.with_to == 0);
    CHECK(r.requests == 4);
}

TEST_CASE("list driver: resume_calls takes a selection too, and the session deduces it from only<...>") {
    fixture f;
    f.transport.server.total = 7;
    f.options.limit = 4;
    selection_recorder first;
    const swcalls::list_result stopped = swcalls::list_calls(f.transport, f.endpoint, f.query, f.options, first,
                                                             sleep_log{&f.waits}, swcalls::only<field::from, field::to>);
    CHECK_FALSE(stopped.ec);
    CHECK(first.sids == expected_sids(4));
    CHECK(first.with_from == 4);
    CHECK(first.with_to == 4);
    CHECK(first.with_duration == 0);

    f.options.limit = 0;
    selection_recorder rest;
    const swcalls::list_result r = swcalls::resume_calls(f.transport, f.endpoint, stopped.cursor, f.options, rest,
                                                         sleep_log{&f.waits}, swcalls::only<field::status>);
    CHECK_FALSE(r.ec);
    const std::vector<std::string> all = expected_sids(7);
    CHECK(rest.sids == std::vector<std::string>(all.begin() + 4, all.end()));
    CHECK(rest.with_status == 3);
    CHECK(rest.with_from == 0);

    swcalls::list_session session{f.endpoint, f.options, [](const swcalls::call_view&) {}, swcalls::only<field::status>};
    static_assert(std::is_same_v<decltype(session)::fields_type, swcalls::fields<field::status>>);
    static_assert(std::is_same_v<swcalls::listing_fields<swcalls::fields<field::status>>,
                                 swcalls::fields<field::status, field::sid>>);
}

// ---- what a transport may return ---------------------------------------------------------------------------

namespace {
// Stands for boost::system::error_code: a type of its own that converts to std::error_code, and to nothing else.
struct other_library_error {
    std::error_code inner;
    operator std::error_code() const { return inner; }  // NOLINT: implicit, as Boost's is
};

// The scripted transport, its errors handed back as other_library_error or as swcalls::error_code.
template <class Result>
struct converting_transport {
    scripted_transport inner;
    Result exchange(std::string_view head, swcalls::byte_sink on_bytes) {
        const std::error_code ec = inner.exchange(head, on_bytes);
        if constexpr (std::is_same_v<Result, other_library_error>) return other_library_error{ec};
        else return Result(ec);
    }
    void close() { inner.close(); }
};

template <class Result>
void list_through_converting_transport() {
    static_assert(swcalls::is_transport_v<converting_transport<Result>>);
    fixture f;
    converting_transport<Result> transport;
    transport.inner.server.total = 9;
    transport.inner.faults = {fault{}, reset_at(offset_of_call(f, 3, 5))};  // a connection_reset mid-page
    const swcalls::list_result r = swcalls::list_calls(transport, f.endpoint, f.query, f.options, f.calls,
                                                       sleep_log{&f.waits});
    CHECK_FALSE(r.ec);
    CHECK(f.calls.sids == expected_sids(9));
    CHECK(r.requests == 4);  // the reset was retried, as a std::error_code's would be
}
}  // namespace

TEST_CASE("list driver: a transport may return a type that converts to std::error_code, or swcalls::error_code") {
    list_through_converting_transport<other_library_error>();
    list_through_converting_transport<swcalls::error_code>();
    // The free functions take such a type too (one conversion to std::error_code, then theirs).
    const other_library_error untrusted{swcalls::make_error_code(swcalls::errc::tls_untrusted_certificate)};
    CHECK(swcalls::is_permanent_transport_error(untrusted));
    CHECK(swcalls::kind_of(untrusted) == swcalls::errc_kind::network);
    CHECK(swcalls::kind_of(other_library_error{std::make_error_code(std::errc::connection_reset)}) ==
          swcalls::errc_kind::network);
    CHECK(swcalls::kind_of(other_library_error{}) == swcalls::errc_kind::none);
}
