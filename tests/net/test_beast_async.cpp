// Tests for swcalls/beast_async.hpp (async_list_calls on Boost.Asio/Beast) over real sockets on 127.0.0.1,
// against the in-process mock: thousands of calls through faults exactly once, completed by a callback, a
// future and (in C++20 builds) a coroutine; https with the test CA, refused with the wrong one; cancellation,
// a stopped io_context and a destroyed connection; resuming from the cursor of a cancelled listing.
// beast_async.hpp is included first: this file also proves it compiles on its own.
#if defined(SWCALLS_TEST_HAVE_BEAST)
#include <swcalls/beast_async.hpp>

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#if defined(BOOST_ASIO_HAS_CO_AWAIT)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#endif

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "net/adapter_scenarios.hpp"
#include "net/net_support.hpp"

namespace {

using std::chrono::milliseconds;

struct async_setup {
    swcalls::list_options options;
    std::vector<std::string> sids;

    explicit async_setup(std::uint32_t page_size = 25, std::uint32_t max_attempts = 40) {
        options.page_size = page_size;
        options.retry = swcalls_test::fast_retry(max_attempts);
    }
    auto recorder() {
        return [this](const swcalls::call_view& call) { sids.emplace_back(call.sid.value_or("")); };
    }
};

void check_all_calls(const std::vector<std::string>& sids, std::uint64_t count, std::uint64_t seed = 7) {
    const std::vector<swcalls_mock::call_record> expected =
        swcalls_mock::make_calls(count, seed, swcalls_test::demo_project);
    REQUIRE(sids.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        REQUIRE(sids[i] == expected[i].sid);
    }
}

swcalls_mock::fault_plan many_faults(std::uint64_t seed) {
    swcalls_mock::fault_plan f;
    f.rate_429 = 0.08;
    f.rate_5xx = 0.08;
    f.rate_reset = 0.08;
    f.rate_short = 0.08;
    f.chunked = true;
    f.seed = seed;
    return f;
}

// A one-thread server for the cases the mock cannot play: it accepts connections one after the other and
// answers the request heads of connection i with answer(i, request index on it), closing the connection when
// answer returns "" or after a reply when close_after(i) says so.
class scripted_server {
public:
    using tcp = boost::asio::ip::tcp;
    scripted_server(std::function<std::string(int connection, int request)> answer, std::function<bool(int)> close_after)
        : acceptor_(io_, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)),
          answer_(std::move(answer)),
          close_after_(std::move(close_after)),
          port_(acceptor_.local_endpoint().port()),
          thread_([this] { serve(); }) {}
    ~scripted_server() {
        stopping_ = true;
        boost::asio::io_context io;  // wakes the blocking accept
        tcp::socket wake(io);
        boost::system::error_code ignored;
        wake.connect(tcp::endpoint(boost::asio::ip::address_v4::loopback(), port_), ignored);
        thread_.join();
    }
    scripted_server(const scripted_server&) = delete;
    scripted_server& operator=(const scripted_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    int accepted() const noexcept { return accepted_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    void serve() {
        for (int connection = 0;; ++connection) {
            tcp::socket socket(io_);
            boost::system::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) return;
            ++accepted_;
            for (int request = 0;; ++request) {
                boost::asio::streambuf head;
                boost::asio::read_until(socket, head, "\r\n\r\n", ec);
                if (ec) break;
                const std::string reply = answer_(connection, request);
                if (reply.empty()) break;
                boost::asio::write(socket, boost::asio::buffer(reply), ec);
                if (ec || close_after_(connection)) break;
            }
        }
    }

    boost::asio::io_context io_;
    tcp::acceptor acceptor_;
    std::function<std::string(int, int)> answer_;
    std::function<bool(int)> close_after_;
    std::uint16_t port_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

std::string page_response(std::string_view body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + std::string(body);
}

}  // namespace

TEST_CASE("beast async: thousands of calls over many pages through faults, exactly once, callback completion") {
    swcalls_mock::server_options o = swcalls_test::mock_options(4000);
    o.faults = many_faults(11);
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};

    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t(100);
    int completions = 0;
    swcalls::list_result result;
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                     [&](swcalls::list_result r) {
                                         ++completions;
                                         result = r;
                                     });
    CHECK(completions == 0);  // never inside the initiating function
    io.run();
    INFO("error_detail: " << connection.error_detail());
    CHECK(completions == 1);
    CHECK(result.ec == std::error_code());
    CHECK(result.finished);
    CHECK(result.pages == 40);
    CHECK(result.requests > 40);  // the faults were retried ...
    CHECK(mock->stats().faults_injected > 0);
    CHECK(result.requests == mock->stats().requests);
    check_all_calls(t.sids, 4000);  // ... and cost nothing twice
    swcalls_test::check_no_secret_in_detail(connection, e);
}

TEST_CASE("beast async: use_future completion; the connection is kept across pages and listings") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(300));
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());

    async_setup t(50);
    std::future<swcalls::list_result> first =
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(), boost::asio::use_future);
    std::thread runner([&] { io.run(); });
    const swcalls::list_result r = first.get();
    runner.join();
    CHECK(r.ec == std::error_code());
    CHECK(r.finished);
    CHECK(r.requests == 6);
    check_all_calls(t.sids, 300);
    CHECK(connection.connections_opened() == 1);
    CHECK(connection.is_open());

    // A second listing on the same connection, limited: still one connection.
    async_setup u(50);
    u.options.limit = 70;
    io.restart();
    std::future<swcalls::list_result> second =
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, u.options, u.recorder(), boost::asio::use_future);
    std::thread again([&] { io.run(); });
    const swcalls::list_result s = second.get();
    again.join();
    CHECK(s.ec == std::error_code());
    CHECK(s.stopped);
    CHECK(u.sids.size() == 70);
    CHECK(connection.connections_opened() == 1);
    CHECK(mock->stats().connections == 1);
}

TEST_CASE("beast async: a server closing after each response: a new connection per page, every call once") {
    swcalls_mock::server_options o = swcalls_test::mock_options(120);
    o.close_after_each = true;
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t(25);
    std::optional<swcalls::list_result> result;
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                     [&](swcalls::list_result r) { result = r; });
    io.run();
    REQUIRE(result);
    CHECK(result->ec == std::error_code());
    CHECK(result->requests == 5);
    check_all_calls(t.sids, 120);
    CHECK(connection.connections_opened() == 5);
    CHECK(mock->stats().connections == 5);
}

TEST_CASE("beast async: a kept connection the server closed while idle is replaced, without a retry or a wait") {
    const std::string first = page_response(
        "{\"calls\":[{\"sid\":\"CA1\"}],\"next_page_uri\":\"/api/laml/2010-04-01/Accounts/" +
        std::string(swcalls_test::demo_project) + "/Calls?PageSize=1&PageToken=PACA1\"}");
    const std::string second = page_response("{\"calls\":[{\"sid\":\"CA2\"}],\"next_page_uri\":null}");
    // Connection 0 answers page 1 (keep-alive, as far as the client knows) and closes; connection 1, page 2.
    scripted_server server([&](int connection, int) { return connection == 0 ? first : second; },
                           [](int connection) { return connection == 0; });
    swcalls_test::test_endpoint e{server.base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t(1, 1);  // one attempt per page: a retry would fail the listing
    t.options.retry.base_delay = milliseconds(60000);
    std::optional<swcalls::list_result> result;
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                     [&](swcalls::list_result r) { result = r; });
    io.run();
    REQUIRE(result);
    INFO("error_detail: " << connection.error_detail());
    CHECK(result->ec == std::error_code());
    CHECK(result->finished);
    CHECK(result->requests == 2);  // the resend on the new connection is the same request
    CHECK(t.sids == std::vector<std::string>{"CA1", "CA2"});
    CHECK(connection.connections_opened() == 2);
    CHECK(server.accepted() == 2);
}

TEST_CASE("beast async: errors reach the result: a wrong token, a refused connection, a silent server") {
    SUBCASE("wrong token: api_error 401, one request") {
        auto mock = swcalls_test::start_mock(swcalls_test::mock_options(30));
        swcalls_test::test_endpoint e{mock->base_url(), std::string(swcalls_test::demo_project), "PTwrong"};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
        async_setup t;
        std::optional<swcalls::list_result> result;
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        REQUIRE(result);
        CHECK(result->ec == swcalls::errc::api_error);
        CHECK(result->details.http_status == 401);
        CHECK(result->requests == 1);
        swcalls_test::check_no_secret_in_detail(connection, e);
    }
    SUBCASE("refused: connect_failed after the attempts, with the address in the detail") {
        swcalls_test::refused_port refused;
        swcalls_test::test_endpoint e{refused.base_url()};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
        async_setup t(25, 3);
        std::optional<swcalls::list_result> result;
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        REQUIRE(result);
        CHECK(result->ec == swcalls::errc::retries_exhausted);
        CHECK(result->last_error == swcalls::errc::connect_failed);
        CHECK(result->requests == 3);
        CHECK(connection.connections_opened() == 3);
        CHECK(std::string(connection.error_detail()).find("connect to 127.0.0.1:" + std::to_string(refused.port())) == 0);
    }
    SUBCASE("silent: timed_out after io_timeout") {
        auto silent = swcalls_test::raw_server::silent();
        swcalls_test::test_endpoint e{silent->base_url()};
        swcalls::transport_options topt = swcalls_test::transport_options_for();
        topt.io_timeout = milliseconds(200);
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, topt);
        async_setup t(25, 1);
        std::optional<swcalls::list_result> result;
        const auto started = std::chrono::steady_clock::now();
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        const auto waited = std::chrono::steady_clock::now() - started;
        REQUIRE(result);
        CHECK(result->ec == swcalls::errc::retries_exhausted);
        CHECK(result->last_error == swcalls::errc::timed_out);
        CHECK(waited >= milliseconds(190));
        CHECK(waited < milliseconds(3000));
        CHECK(silent->bytes_received() > 0);  // the request was sent; nothing came back
    }
}

TEST_CASE("beast async: an invalid query completes at once with its error, asynchronously, sending nothing") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(30));
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t;
    swcalls::call_query q;
    q.page_size = 5000;
    std::optional<swcalls::list_result> result;
    swcalls::beast::async_list_calls(connection, e, q, t.options, t.recorder(), [&](swcalls::list_result r) { result = r; });
    CHECK_FALSE(result);
    io.run();
    REQUIRE(result);
    CHECK(result->ec == swcalls::errc::invalid_page_size);
    CHECK(result->requests == 0);
    CHECK(connection.connections_opened() == 0);
}

TEST_CASE("beast async: one listing at a time per connection") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(60));
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t, u;
    std::optional<swcalls::list_result> first, second;
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                     [&](swcalls::list_result r) { first = r; });
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, u.options, u.recorder(),
                                     [&](swcalls::list_result r) { second = r; });
    io.run();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->ec == std::error_code());
    check_all_calls(t.sids, 60);
    CHECK(second->ec == std::errc::operation_in_progress);
    CHECK(u.sids.empty());
    CHECK(second->requests == 0);
}

TEST_CASE("beast async: cancel() ends the listing with a cursor that resumes exactly after the last call") {
    swcalls_mock::server_options o = swcalls_test::mock_options(200);
    o.faults.drip_bytes = 512;  // slow enough that the cancel lands in the middle of the listing
    o.faults.drip_delay_ms = 2;
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());

    async_setup t(40);
    std::optional<swcalls::list_result> result;
    auto on_call = [&](const swcalls::call_view& call) {
        t.sids.emplace_back(call.sid.value_or(""));
        if (t.sids.size() == 55) boost::asio::post(io, [&] { connection.cancel(); });  // mid-page 2
    };
    swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, on_call,
                                     [&](swcalls::list_result r) { result = r; });
    io.run();
    REQUIRE(result);
    CHECK(result->ec == std::errc::operation_canceled);
    CHECK_FALSE(result->finished);
    CHECK(t.sids.size() >= 55);
    CHECK(t.sids.size() < 200);
    CHECK(result->cursor.delivered_total == t.sids.size());
    CHECK_FALSE(connection.is_open());

    // Resume on the same connection: the rest, nothing twice.
    io.restart();
    async_setup rest(40);
    std::optional<swcalls::list_result> resumed;
    swcalls::beast::async_resume_calls(connection, e, result->cursor, rest.options, rest.recorder(),
                                       [&](swcalls::list_result r) { resumed = r; });
    io.run();
    REQUIRE(resumed);
    CHECK(resumed->ec == std::error_code());
    CHECK(resumed->finished);
    t.sids.insert(t.sids.end(), rest.sids.begin(), rest.sids.end());
    check_all_calls(t.sids, 200);
}

TEST_CASE("beast async: a stopped io_context, or a connection destroyed mid-listing, drops the operation cleanly") {
    swcalls_mock::server_options o = swcalls_test::mock_options(200);
    o.faults.drip_bytes = 256;
    o.faults.drip_delay_ms = 2;
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};

    SUBCASE("io_context stopped from the callback, then destroyed with the operation pending") {
        int completions = 0;
        std::size_t calls = 0;
        {
            boost::asio::io_context io;
            swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
            async_setup t(40);
            swcalls::beast::async_list_calls(
                connection, e, swcalls::call_query{}, t.options,
                [&](const swcalls::call_view&) {
                    if (++calls == 10) io.stop();
                },
                [&](swcalls::list_result) { ++completions; });
            io.run();
            CHECK(io.stopped());
            // The connection goes first (cancelling), then the io_context with the operation still queued.
        }
        CHECK(completions == 0);  // a destroyed io_context runs no handler
        CHECK(calls >= 10);
        CHECK(calls < 200);
    }
    SUBCASE("connection destroyed while a read is pending: the operation completes, cancelled") {
        boost::asio::io_context io;
        std::optional<swcalls::list_result> result;
        std::size_t calls = 0;
        {
            auto connection = std::make_unique<swcalls::beast::async_connection>(io, e, swcalls_test::transport_options_for());
            async_setup t(40);
            swcalls::beast::async_list_calls(*connection, e, swcalls::call_query{}, t.options,
                                             [&](const swcalls::call_view&) {
                                                 if (++calls == 10) boost::asio::post(io, [&] { connection.reset(); });
                                             },
                                             [&](swcalls::list_result r) { result = r; });
            io.run();
        }
        REQUIRE(result);
        CHECK(result->ec == std::errc::operation_canceled);
        CHECK(result->cursor.delivered_total == calls);
    }
}

#if SWCALLS_MOCK_HAVE_TLS

TEST_CASE("beast async: https with the test CA, through faults; refused with the wrong CA or host") {
    SWCALLS_REQUIRE_TEST_PKI();
    const swcalls_test::test_pki& p = swcalls_test::pki();
    SUBCASE("trusted: every call once, the connection replaced after each fault that drops it") {
        swcalls_mock::server_options o = swcalls_test::tls_mock_options(1200);
        o.faults = many_faults(3);
        auto mock = swcalls_test::start_mock(o);
        swcalls_test::test_endpoint e{mock->base_url()};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for(p.ca_cert));
        async_setup t(60);
        std::future<swcalls::list_result> done =
            swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(), boost::asio::use_future);
        std::thread runner([&] { io.run(); });
        const swcalls::list_result r = done.get();
        runner.join();
        INFO("error_detail: " << connection.error_detail());
        CHECK(r.ec == std::error_code());
        CHECK(r.finished);
        check_all_calls(t.sids, 1200);
        CHECK(mock->stats().faults_injected > 0);
        CHECK(connection.connections_opened() > 1);
        CHECK(connection.connections_opened() < r.requests);  // kept between pages when nothing broke
    }
    SUBCASE("cancelled, or its connection destroyed, in the middle of a TLS read") {
        swcalls_mock::server_options o = swcalls_test::tls_mock_options(200);
        o.faults.drip_bytes = 256;
        o.faults.drip_delay_ms = 2;
        auto mock = swcalls_test::start_mock(o);
        swcalls_test::test_endpoint e{mock->base_url()};
        boost::asio::io_context io;
        std::optional<swcalls::list_result> cancelled, destroyed;
        std::size_t calls = 0;
        auto connection = std::make_unique<swcalls::beast::async_connection>(io, e, swcalls_test::transport_options_for(p.ca_cert));
        async_setup t(40);
        swcalls::beast::async_list_calls(*connection, e, swcalls::call_query{}, t.options,
                                         [&](const swcalls::call_view&) {
                                             if (++calls == 30) boost::asio::post(io, [&] { connection->cancel(); });
                                         },
                                         [&](swcalls::list_result r) { cancelled = r; });
        io.run();
        REQUIRE(cancelled);
        CHECK(cancelled->ec == std::errc::operation_canceled);
        CHECK(cancelled->cursor.delivered_total == calls);
        CHECK_FALSE(connection->is_open());

        calls = 0;
        io.restart();
        swcalls::beast::async_list_calls(*connection, e, swcalls::call_query{}, t.options,
                                         [&](const swcalls::call_view&) {
                                             if (++calls == 30) boost::asio::post(io, [&] { connection.reset(); });
                                         },
                                         [&](swcalls::list_result r) { destroyed = r; });
        io.run();
        REQUIRE(destroyed);
        CHECK(destroyed->ec == std::errc::operation_canceled);
        CHECK(destroyed->cursor.delivered_total == calls);
    }
    SUBCASE("by name: localhost is resolved, sent as SNI and checked against the DNS name") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(80));
        swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for(p.ca_cert));
        async_setup t(30);
        std::optional<swcalls::list_result> result;
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        REQUIRE(result);
        INFO("error_detail: " << connection.error_detail());
        CHECK(result->ec == std::error_code());
        check_all_calls(t.sids, 80);
        CHECK(connection.connections_opened() == 1);
    }
    SUBCASE("an unrelated CA: tls_untrusted_certificate at once, nothing listed") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(30));
        swcalls_test::test_endpoint e{mock->base_url()};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for(p.other_ca_cert));
        async_setup t;
        std::optional<swcalls::list_result> result;
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        REQUIRE(result);
        CHECK(result->ec == swcalls::errc::tls_untrusted_certificate);
        CHECK(result->requests == 1);
        CHECK(t.sids.empty());
        CHECK(mock->stats().requests == 0);  // the request head never left
        CHECK(std::string(connection.error_detail()).find("certificate verify failed") != std::string::npos);
    }
    SUBCASE("a certificate for another name: tls_host_mismatch") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(30, true));
        swcalls_test::test_endpoint e{mock->base_url()};
        boost::asio::io_context io;
        swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for(p.ca_cert));
        async_setup t;
        std::optional<swcalls::list_result> result;
        swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                         [&](swcalls::list_result r) { result = r; });
        io.run();
        REQUIRE(result);
        CHECK(result->ec == swcalls::errc::tls_host_mismatch);
        CHECK(mock->stats().requests == 0);
    }
}

#endif  // SWCALLS_MOCK_HAVE_TLS

#if defined(BOOST_ASIO_HAS_CO_AWAIT)

TEST_CASE("beast async: co_await with use_awaitable gives the list_result") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(130));
    swcalls_test::test_endpoint e{mock->base_url()};
    boost::asio::io_context io;
    swcalls::beast::async_connection connection(io, e, swcalls_test::transport_options_for());
    async_setup t(50);
    std::optional<swcalls::list_result> result;
    auto listing = [&]() -> boost::asio::awaitable<void> {
        result = co_await swcalls::beast::async_list_calls(connection, e, swcalls::call_query{}, t.options, t.recorder(),
                                                           boost::asio::use_awaitable);
    };
    boost::asio::co_spawn(io, listing(), boost::asio::detached);
    io.run();
    REQUIRE(result);
    CHECK(result->ec == std::error_code());
    CHECK(result->finished);
    check_all_calls(t.sids, 130);
}

#endif  // BOOST_ASIO_HAS_CO_AWAIT

#endif  // SWCALLS_TEST_HAVE_BEAST
