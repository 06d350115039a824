// Tests for swcalls/list_session.hpp: the listing state machine driven by hand, as an event loop would —
// the actions it asks for (send, wait, done), the bytes fed back in any split, the end of each exchange,
// the Retry-After delay, when it wants the connection closed, and that nothing is allocated.
// The responses come from the fake API in list_test_server.hpp; list_driver's tests cover the listing
// rules themselves (list_calls is a loop over this session).
// list_session.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/list_session.hpp>

#include <doctest/doctest.h>

#include "allocation_counter.hpp"
#include "list_test_server.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

using std::chrono::milliseconds;
using namespace list_test;

namespace {

struct recorder {
    std::vector<std::string> sids;
    std::size_t stop_after = SIZE_MAX;
    bool operator()(const swcalls::call_view& call) {
        sids.emplace_back(call.sid.value_or("?"));
        return sids.size() < stop_after;
    }
};

swcalls::utc_timestamp fixed_now() noexcept { return {1537387200, 0}; }  // Wed, 19 Sep 2018 20:00:00 GMT

struct setup {
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    swcalls::endpoint endpoint;
    swcalls::call_query query;
    fake_server server;
    recorder calls;

    setup() {
        REQUIRE_FALSE(endpoint.set_host("example.signalwire.com"));
        endpoint.project_id = project;
        endpoint.api_token = "PTsecret";
        options.memory = memory.view();
        options.page_size = 3;
        options.retry.base_delay = milliseconds(100);
        options.retry.max_delay = milliseconds(10000);
        options.retry.max_attempts = 4;
        options.jitter_seed = 7;
        options.clock = &fixed_now;
    }
    std::string page_target(std::size_t offset) const {
        std::string t = std::string(calls_path) + "?PageSize=" + std::to_string(options.page_size);
        if (offset) t += "&PageToken=PA" + std::to_string(offset);
        return t;
    }
};

using session_type = swcalls::list_session<recorder&>;

std::string target_of(std::string_view head) {
    REQUIRE(head.substr(0, 4) == "GET ");
    const std::size_t space = head.find(' ', 4);
    REQUIRE(space != std::string_view::npos);
    return std::string(head.substr(4, space - 4));
}

// Feeds `bytes` in pieces of `chunk` until the session says stop. Returns how many were offered.
std::size_t feed(session_type& s, std::string_view bytes, std::size_t chunk) {
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t len = bytes.size() - at < chunk ? bytes.size() - at : chunk;
        at += len;
        if (!s.on_bytes(bytes.substr(at - len, len))) break;
    }
    return at;
}

std::string with_connection_close(std::string response) {
    const std::size_t end_of_status = response.find("\r\n");
    response.insert(end_of_status + 2, "Connection: close\r\n");
    return response;
}

}  // namespace

TEST_CASE("list session: send, bytes, end of exchange, next page, ..., done") {
    setup t;
    t.server.total = 7;  // pages of 3, 3 and 1
    session_type s(t.endpoint, t.options, t.calls);
    CHECK_FALSE(s.done());

    swcalls::list_action a = s.start(t.query);
    for (std::size_t page = 0; page < 3; ++page) {
        CAPTURE(page);
        REQUIRE(a.what == swcalls::list_action::send);
        CHECK(target_of(a.request_head) == t.page_target(page * 3));
        CHECK(a.request_head.find("\r\nAuthorization: Basic cHJvai0xOlBUc2VjcmV0\r\n") != std::string_view::npos);
        CHECK(a.request_head.substr(a.request_head.size() - 4) == "\r\n\r\n");
        CHECK(s.result().requests == page + 1);
        const std::string response = t.server.respond(target_of(a.request_head));
        // The whole response is taken; the last byte completes it and the session asks for no more.
        CHECK(feed(s, response, 16) == response.size());
        CHECK_FALSE(s.on_bytes(""));
        a = s.on_exchange_end();
        CHECK_FALSE(s.should_close());  // keep-alive: the next page goes on the same connection
        CHECK(s.result().pages == page + 1);
    }
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.done());
    const swcalls::list_result& r = s.result();
    CHECK_FALSE(r.ec);
    CHECK(r.finished);
    CHECK(r.calls == 7);
    CHECK(r.requests == 3);
    CHECK(t.calls.sids == expected_sids(7));
}

TEST_CASE("list session: response bytes split at any offset, or one at a time, give the same listing") {
    setup probe;
    probe.server.total = 5;
    // Page 1 uses Content-Length, page 2 chunked framing.
    const std::string first = probe.server.respond(probe.page_target(0));
    const std::string second = probe.server.respond(probe.page_target(3));
    auto split_feed = [](session_type& s, const std::string& response, std::size_t split) {
        const std::string_view all(response);
        bool more = true;
        if (split > 0) more = s.on_bytes(all.substr(0, split));
        if (split < all.size()) {
            REQUIRE(more);  // nothing was complete before the last byte
            more = s.on_bytes(all.substr(split));
        }
        CHECK_FALSE(more);  // complete
    };
    for (std::size_t which = 0; which < 2; ++which) {
        const std::string& split_one = which == 0 ? first : second;
        for (std::size_t split = 0; split <= split_one.size(); ++split) {
            CAPTURE(which);
            CAPTURE(split);
            setup t;
            t.server.total = 5;
            session_type s(t.endpoint, t.options, t.calls);
            swcalls::list_action a = s.start(t.query);
            REQUIRE(a.what == swcalls::list_action::send);
            split_feed(s, first, which == 0 ? split : first.size());
            a = s.on_exchange_end();
            REQUIRE(a.what == swcalls::list_action::send);
            split_feed(s, second, which == 1 ? split : second.size());
            a = s.on_exchange_end();
            CHECK(a.what == swcalls::list_action::done);
            CHECK_FALSE(s.result().ec);
            CHECK(t.calls.sids == expected_sids(5));
        }
    }
    setup t;
    t.server.total = 5;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    while (a.what == swcalls::list_action::send) {
        const std::string response = t.server.respond(target_of(a.request_head));
        CHECK(feed(s, response, 1) == response.size());
        a = s.on_exchange_end();
    }
    CHECK(a.what == swcalls::list_action::done);
    CHECK(t.calls.sids == expected_sids(5));
}

TEST_CASE("list session: a 503 with Retry-After asks to wait that long, on the same connection, then resends") {
    setup t;
    t.server.total = 2;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    REQUIRE(a.what == swcalls::list_action::send);
    const std::string first_target = target_of(a.request_head);
    feed(s, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 4\r\n\r\noops", 5);
    a = s.on_exchange_end();
    CHECK_FALSE(s.should_close());  // a complete response with keep-alive: the connection is still good
    REQUIRE(a.what == swcalls::list_action::wait);
    CHECK(a.delay == milliseconds(2000));
    CHECK(s.result().last_error == swcalls::errc::api_error);
    CHECK(s.result().details.http_status == 503);

    // Out of turn: bytes or an end of exchange during a wait change nothing.
    CHECK_FALSE(s.on_bytes("HTTP/1.1 200 OK\r\n"));
    const swcalls::list_action still = s.on_exchange_end();
    CHECK(still.what == swcalls::list_action::wait);
    CHECK(still.delay == milliseconds(2000));
    CHECK(s.result().requests == 1);

    a = s.after_wait();
    CHECK_FALSE(s.should_close());
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(target_of(a.request_head) == first_target);
    CHECK(s.result().requests == 2);
    feed(s, t.server.respond(first_target), 64);
    a = s.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK_FALSE(s.result().ec);
    CHECK(t.calls.sids == expected_sids(2));
}

TEST_CASE("list session: a connection lost mid-page: close, back off, resend, no call repeated") {
    setup t;
    t.server.total = 6;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    const std::string response = t.server.respond(target_of(a.request_head));
    const std::size_t cut = response.find("{\"sid\":\"" + sid_of(2));  // calls 0 and 1 delivered
    REQUIRE(cut != std::string::npos);
    CHECK(feed(s, std::string_view(response).substr(0, cut), 9) == cut);
    a = s.on_exchange_end(std::make_error_code(std::errc::connection_reset));
    CHECK(s.should_close());
    REQUIRE(a.what == swcalls::list_action::wait);
    CHECK(a.delay >= milliseconds(50));  // jittered backoff: [d/2, d] with d = 100 ms
    CHECK(a.delay <= milliseconds(100));
    CHECK(s.result().last_error == std::errc::connection_reset);
    CHECK(s.result().cursor.delivered_on_page == 2);

    a = s.after_wait();
    CHECK_FALSE(s.should_close());
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(target_of(a.request_head) == t.page_target(0));
    feed(s, response, 100);
    a = s.on_exchange_end();
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(target_of(a.request_head) == t.page_target(3));
    feed(s, t.server.respond(t.page_target(3)), 100);
    a = s.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK(t.calls.sids == expected_sids(6));
    CHECK(s.result().requests == 3);
}

TEST_CASE("list session: the peer's clean close ends an exchange: a body delimited by it, and a cut one") {
    setup t;
    t.server.total = 2;
    const std::string body = t.server.body(t.page_target(0));
    const std::string head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";

    // Cut 10 bytes short: the end of stream reveals a truncated body, retried after a close.
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    CHECK(s.on_bytes(head + body.substr(0, body.size() - 10)));  // no length: it wants more until the close
    a = s.on_exchange_end();
    CHECK(s.should_close());
    REQUIRE(a.what == swcalls::list_action::wait);
    CHECK(s.result().last_error == swcalls::errc::http_body_truncated);
    a = s.after_wait();
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(s.on_bytes(head + body));
    a = s.on_exchange_end();  // the close ends this body: the page is complete, and so is the listing
    CHECK(s.should_close());  // no keep-alive after a close-delimited body
    CHECK(a.what == swcalls::list_action::done);
    CHECK_FALSE(s.result().ec);
    CHECK(t.calls.sids == expected_sids(2));
}

TEST_CASE("list session: Connection: close on a page asks to close before the next page's send") {
    setup t;
    t.server.total = 4;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    feed(s, with_connection_close(t.server.respond(t.page_target(0))), 32);
    a = s.on_exchange_end();
    CHECK(s.should_close());
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(target_of(a.request_head) == t.page_target(3));
    feed(s, t.server.respond(t.page_target(3)), 32);
    a = s.on_exchange_end();
    CHECK_FALSE(s.should_close());
    CHECK(a.what == swcalls::list_action::done);
    CHECK(t.calls.sids == expected_sids(4));
}

TEST_CASE("list session: a stop from the callback ends the listing; an abandoned response means close") {
    setup t;
    t.server.total = 9;
    t.calls.stop_after = 2;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    const std::string response = t.server.respond(target_of(a.request_head));
    CHECK(feed(s, response, 1) < response.size());  // it stopped asking for bytes at the second call
    a = s.on_exchange_end();
    CHECK(s.should_close());
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.result().stopped);
    CHECK_FALSE(s.result().finished);
    CHECK(s.result().cursor.delivered_on_page == 2);
    CHECK(t.calls.sids == expected_sids(2));

    // The limit falls on a page's last call: the response was read whole, the connection may stay.
    setup u;
    u.server.total = 9;
    u.options.limit = 3;
    session_type v(u.endpoint, u.options, u.calls);
    a = v.start(u.query);
    const std::string page = u.server.respond(target_of(a.request_head));
    CHECK(feed(v, page, 4096) == page.size());
    a = v.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK(v.result().stopped);
    CHECK_FALSE(v.should_close());
}

TEST_CASE("list session: bytes after the end of the response make the connection unusable") {
    setup t;
    t.server.total = 2;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    CHECK_FALSE(s.on_bytes(t.server.respond(t.page_target(0)) + "HTTP/1.1 200 OK\r\n"));
    a = s.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK_FALSE(s.result().ec);
    CHECK(s.should_close());
}

TEST_CASE("list session: errors that a retry cannot mend end it at once, closing the connection") {
    setup t;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    REQUIRE(a.what == swcalls::list_action::send);
    a = s.on_exchange_end(swcalls::errc::tls_untrusted_certificate);
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.should_close());
    CHECK(s.result().ec == swcalls::errc::tls_untrusted_certificate);
    CHECK(s.result().requests == 1);

    // A 401: complete, with keep-alive; the listing ends, the connection need not.
    setup u;
    session_type v(u.endpoint, u.options, u.calls);
    a = v.start(u.query);
    const std::string body = "{\"code\":20003,\"message\":\"Authentication failed\"}";
    feed(v, "HTTP/1.1 401 Unauthorized\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body, 7);
    a = v.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK_FALSE(v.should_close());
    CHECK(v.result().ec == swcalls::errc::api_error);
    REQUIRE(v.result().details.code);
    CHECK(*v.result().details.code == 20003);
}

TEST_CASE("list session: retries run out: done with retries_exhausted and the last error") {
    setup t;
    t.options.retry.max_attempts = 2;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    a = s.on_exchange_end(swcalls::errc::connect_failed);  // nothing received
    CHECK(s.should_close());
    REQUIRE(a.what == swcalls::list_action::wait);
    a = s.after_wait();
    REQUIRE(a.what == swcalls::list_action::send);
    a = s.on_exchange_end(swcalls::errc::timed_out);
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.should_close());
    CHECK(s.result().ec == swcalls::errc::retries_exhausted);
    CHECK(s.result().last_error == swcalls::errc::timed_out);
    CHECK(s.result().requests == 2);
}

TEST_CASE("list session: start and resume refuse what cannot be sent; out-of-turn calls change nothing") {
    setup t;
    t.query.to = std::string_view("+1555\r\nX: y");
    session_type s(t.endpoint, t.options, t.calls);
    CHECK_FALSE(s.on_bytes("HTTP/1.1 200 OK\r\n"));  // nothing sent yet
    CHECK(s.after_wait().what == swcalls::list_action::done);
    swcalls::list_action a = s.start(t.query);
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.result().ec == swcalls::errc::invalid_header_value);
    CHECK(s.result().requests == 0);
    CHECK_FALSE(s.should_close());
    CHECK(s.start(swcalls::call_query{}).what == swcalls::list_action::done);  // once only
    CHECK(s.result().requests == 0);

    setup u;
    session_type v(u.endpoint, u.options, u.calls);
    CHECK(v.resume(swcalls::list_cursor{}).what == swcalls::list_action::done);
    CHECK(v.result().ec == swcalls::errc::invalid_cursor);

    setup w;
    w.options.memory = {};
    session_type x(w.endpoint, w.options, w.calls);
    CHECK(x.start(w.query).what == swcalls::list_action::done);
    CHECK(x.result().ec == swcalls::errc::buffer_too_small);

    // During a send, after_wait() repeats the send instead of starting another request.
    setup y;
    session_type z(y.endpoint, y.options, y.calls);
    a = z.start(y.query);
    REQUIRE(a.what == swcalls::list_action::send);
    const swcalls::list_action again = z.after_wait();
    CHECK(again.what == swcalls::list_action::send);
    CHECK(again.request_head == a.request_head);
    CHECK(z.result().requests == 1);
}

TEST_CASE("list session: resume from a cursor skips what that page already delivered") {
    setup t;
    t.server.total = 5;
    t.calls.stop_after = 4;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    while (a.what == swcalls::list_action::send) {
        feed(s, t.server.respond(target_of(a.request_head)), 64);
        a = s.on_exchange_end();
    }
    REQUIRE(s.result().stopped);
    const swcalls::list_cursor cursor = s.result().cursor;
    CHECK(cursor.delivered_on_page == 1);

    recorder rest;
    swcalls::list_session<recorder&> again(t.endpoint, t.options, rest);
    a = again.resume(cursor);
    REQUIRE(a.what == swcalls::list_action::send);
    CHECK(target_of(a.request_head) == t.page_target(3));
    feed(again, t.server.respond(t.page_target(3)), 64);
    a = again.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK(again.result().finished);
    CHECK(again.result().cursor.delivered_total == 5);
    CHECK(rest.sids == std::vector<std::string>{sid_of(4)});
}

TEST_CASE("list session: a callback held by value, returning void; no allocation; its size") {
    setup t;
    t.server.total = 8;
    const std::string p1 = t.server.respond(t.page_target(0));
    const std::string p2 = t.server.respond(t.page_target(3));
    const std::string p3 = t.server.respond(t.page_target(6));
    const std::string busy = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n";
    const std::string_view responses[] = {p1, busy, p2, p3};

    std::size_t count = 0;
    std::size_t sid_bytes = 0;
    swcalls_test::allocation_window window;
    swcalls::list_session s(t.endpoint, t.options, [&count, &sid_bytes](const swcalls::call_view& call) {
        ++count;
        sid_bytes += call.sid ? call.sid->size() : 0;
    });
    std::size_t sends = 0;
    std::int64_t waited = 0;
    swcalls::list_action a = s.start(t.query);
    while (a.what != swcalls::list_action::done) {
        if (a.what == swcalls::list_action::wait) {
            waited += a.delay.count();
            a = s.after_wait();
            continue;
        }
        REQUIRE(sends < 4);
        const std::string_view response = responses[sends++];
        for (std::size_t at = 0; at < response.size(); at += 13)
            if (!s.on_bytes(response.substr(at, 13))) break;
        a = s.on_exchange_end();
    }
    window.stop();
    CHECK(window.allocated() == 0);
    CHECK(window.freed() == 0);
    CHECK_FALSE(s.result().ec);
    CHECK(count == 8);
    CHECK(sid_bytes == 8 * 6);
    CHECK(waited == 1000);
    CHECK(s.result().requests == 4);

    // Documented at the top of list_session.hpp; a jump here means something large moved in.
    MESSAGE("sizeof(list_session<lambda>) = " << sizeof s);
    CHECK(sizeof s <= 6144);
}

TEST_CASE("list session: an error body reads exactly as api_error_reader reads it, in any split") {
    // The session reads error bodies with its page parser's scanner (page_or_error_parser.hpp), not with an
    // api_error_reader of its own: both must give the same record, whatever the body.
    const std::string long_message(300, 'm');
    const std::vector<std::string> bodies = {
        R"({"code":20003,"message":"Authentication failed","more_info":"https://x/20003","status":401})",
        R"({"errors":[{"code":"30010","message":"first","more_info":"/m"},{"code":1,"message":"second"}]})",
        R"({"code":"invalid_parameter","message":"caf\u00e9 \"quoted\"","status":"400"})",
        R"({"code":21,"message":")" + long_message + R"(","details":{"deep":[[[[{"code":9}]]]]}})",
        R"({"message":null,"code":true,"status":1000})",
        R"({"calls":[{"sid":"CA1"}],"next_page_uri":"/next"})",  // a calls page, but with an error status
        R"({"code":1,"message":"cut off)",                      // not JSON: fields cleared, excerpt kept
        "<html>\r\n<body>bad\tgateway</body>\r\n</html>",
        "",
        "[1,2,3]",
    };
    for (const std::string& body : bodies) {
        swcalls::api_error_reader reader(400);
        reader.feed(body);
        const swcalls::api_error& expected = reader.finish();
        for (std::size_t chunk : {std::size_t(1), std::size_t(3), std::size_t(4096)}) {
            CAPTURE(body);
            CAPTURE(chunk);
            setup t;
            session_type s(t.endpoint, t.options, t.calls);
            REQUIRE(s.start(t.query).what == swcalls::list_action::send);
            feed(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                 chunk);
            REQUIRE(s.on_exchange_end().what == swcalls::list_action::done);
            CHECK(s.result().ec == swcalls::errc::api_error);
            CHECK(t.calls.sids.empty());
            const swcalls::api_error& got = s.result().details;
            CHECK(got.http_status == 400);
            CHECK(got.code == expected.code);
            CHECK(got.code_text.view() == expected.code_text.view());
            CHECK(got.message.view() == expected.message.view());
            CHECK(got.message.truncated() == expected.message.truncated());
            CHECK(got.more_info.view() == expected.more_info.view());
            CHECK(got.status == expected.status);
            CHECK(got.body_was_json == expected.body_was_json);
            CHECK(got.body_excerpt.view() == expected.body_excerpt.view());
        }
    }
    // And the record is what the rules say, not merely the same: a spot check of the odd ones.
    swcalls::api_error_reader reader(400);
    reader.feed(bodies[3]);
    CHECK(reader.finish().message.truncated());
    CHECK(reader.result().message.view().size() == 256);
    swcalls::api_error_reader broken(400);
    broken.feed(bodies[6]);
    CHECK_FALSE(broken.finish().body_was_json);
    CHECK(broken.result().message.empty());
}

TEST_CASE("list session: an error body cut short keeps its status and excerpt, not half-read fields") {
    // The record fills as the body streams in; when the body never completes, what was read of it must not
    // pass for the API's answer (api_error_reader's rule for a body that is not JSON).
    const std::string body = R"({"code":20003,"message":"Authentication failed","more_info":"x")";
    const std::string head = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 200\r\n\r\n";
    for (swcalls::errc failure : {swcalls::errc::connection_lost, swcalls::errc::tls_untrusted_certificate}) {
        CAPTURE(failure);
        setup t;
        t.options.retry.max_attempts = 1;
        session_type s(t.endpoint, t.options, t.calls);
        REQUIRE(s.start(t.query).what == swcalls::list_action::send);
        feed(s, head + body, 16);
        REQUIRE(s.on_exchange_end(failure).what == swcalls::list_action::done);
        CHECK(s.result().ec == (failure == swcalls::errc::connection_lost ? swcalls::errc::retries_exhausted : failure));
        const swcalls::api_error& e = s.result().details;
        CHECK(e.http_status == 503);
        CHECK_FALSE(e.code);
        CHECK(e.code_text.empty());
        CHECK(e.message.empty());
        CHECK(e.more_info.empty());
        CHECK_FALSE(e.body_was_json);
        CHECK(e.body_excerpt.view() == body);
    }
    // A complete error body before it keeps its own record; the cut one after it replaces it (status, excerpt).
    setup t;
    t.options.retry.max_attempts = 2;
    session_type s(t.endpoint, t.options, t.calls);
    REQUIRE(s.start(t.query).what == swcalls::list_action::send);
    const std::string whole = R"({"code":20429,"message":"Too Many Requests"})";
    feed(s, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: " + std::to_string(whole.size()) +
                "\r\n\r\n" + whole, 4096);
    REQUIRE(s.on_exchange_end().what == swcalls::list_action::wait);
    REQUIRE(s.result().details.code);
    CHECK(*s.result().details.code == 20429);
    REQUIRE(s.after_wait().what == swcalls::list_action::send);
    feed(s, head + body, 4096);
    REQUIRE(s.on_exchange_end(swcalls::errc::connection_lost).what == swcalls::list_action::done);
    CHECK(s.result().ec == swcalls::errc::retries_exhausted);
    CHECK(s.result().details.http_status == 503);
    CHECK_FALSE(s.result().details.code);
    CHECK_FALSE(s.result().details.body_was_json);
}

// A resumed page now shorter than what its cursor says was delivered from it: every call is passed over,
// none delivered, and the listing ends with page_changed rather than skip into the next page.
TEST_CASE("list session: a resumed page holding fewer calls than were delivered from it is page_changed") {
    setup t;
    t.server.total = 5;  // pages of 3 and 2
    swcalls::list_cursor cursor;
    REQUIRE_FALSE(cursor.set_target(t.page_target(3)));
    cursor.delivered_on_page = 3;  // the page at offset 3 has only 2 calls
    cursor.delivered_total = 6;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.resume(cursor);
    REQUIRE(a.what == swcalls::list_action::send);
    feed(s, t.server.respond(target_of(a.request_head)), 64);
    a = s.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK(s.result().ec == swcalls::errc::page_changed);
    CHECK(t.calls.sids.empty());
    CHECK(s.result().calls == 0);
    CHECK(s.result().cursor.delivered_on_page == 3);
    CHECK(s.result().cursor.delivered_total == 6);
}

// options.limit counts from the cursor's delivered_total: the calls passed over do not count, and the
// call that reaches the limit is the last one delivered.
TEST_CASE("list session: a resumed listing stops at the limit, counted from the cursor's total") {
    setup t;
    t.server.total = 5;
    swcalls::list_cursor cursor;
    REQUIRE_FALSE(cursor.set_target(t.page_target(0)));
    cursor.set_last_sid(sid_of(0));
    cursor.delivered_on_page = 1;
    cursor.delivered_total = 9;
    t.options.limit = 11;
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.resume(cursor);
    REQUIRE(a.what == swcalls::list_action::send);
    feed(s, t.server.respond(target_of(a.request_head)), 64);
    a = s.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK_FALSE(s.result().ec);
    CHECK(s.result().stopped);
    CHECK(t.calls.sids == std::vector<std::string>{sid_of(1), sid_of(2)});
    CHECK(s.result().cursor.delivered_total == 11);
    CHECK(s.result().cursor.delivered_on_page == 3);
    CHECK(s.result().cursor.last_sid() == sid_of(2));
}

// Retry-After seconds beyond what milliseconds hold are capped at UINT64_MAX / 2000 seconds, so the wait
// stays representable: waited when max_delay allows it, refused (retries_exhausted) when it does not.
TEST_CASE("list session: a Retry-After too large for milliseconds is capped, then held against max_delay") {
    const std::string busy = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 99999999999999999999999\r\nContent-Length: 0\r\n\r\n";
    setup t;
    t.options.retry.max_delay = milliseconds::max();
    session_type s(t.endpoint, t.options, t.calls);
    swcalls::list_action a = s.start(t.query);
    REQUIRE(a.what == swcalls::list_action::send);
    feed(s, busy, 64);
    a = s.on_exchange_end();
    REQUIRE(a.what == swcalls::list_action::wait);
    CHECK(a.delay == milliseconds(static_cast<std::int64_t>(UINT64_MAX / 2000 * 1000)));

    setup u;
    session_type v(u.endpoint, u.options, u.calls);
    a = v.start(u.query);
    REQUIRE(a.what == swcalls::list_action::send);
    feed(v, busy, 64);
    a = v.on_exchange_end();
    CHECK(a.what == swcalls::list_action::done);
    CHECK(v.result().ec == swcalls::errc::retries_exhausted);
    CHECK(v.result().last_error == swcalls::errc::api_error);
}
