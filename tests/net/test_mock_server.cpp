// Tests of the mock server itself (tools/mock/mock_server.hpp), from the outside: plain POSIX sockets (and
// OpenSSL's client for https) on one side, the core's HTTP response decoder reading what comes back.
#include "mock_server.hpp"

#include "net/net_support.hpp"

#include <swcalls/detail/base64.hpp>
#include <swcalls/http_response.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#if SWCALLS_MOCK_HAVE_TLS
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#endif

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

std::string basic(std::string_view user, std::string_view password) {
    std::string plain = std::string(user) + ":" + std::string(password);
    std::string out(swcalls::detail::base64_encoded_size(plain.size()), '\0');
    out.resize(swcalls::detail::base64_encode(plain, out.data()));
    return "Basic " + out;
}

std::string calls_target(std::string_view project = swcalls_test::demo_project, std::string_view query = "PageSize=5") {
    return "/api/laml/2010-04-01/Accounts/" + std::string(project) + "/Calls?" + std::string(query);
}

std::string get_request(const std::string& target, const std::string& authorization, std::string_view extra = "") {
    std::string r = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!authorization.empty()) r += "Authorization: " + authorization + "\r\n";
    r += extra;
    r += "\r\n";
    return r;
}

std::string demo_get(std::string_view query = "PageSize=5", std::string_view extra = "") {
    return get_request(calls_target(swcalls_test::demo_project, query),
                       basic(swcalls_test::demo_project, swcalls_test::demo_token), extra);
}

struct body_collector {
    std::string* out;
    void operator()(std::string_view bytes) const { out->append(bytes); }
};

// What came back for one request.
struct reply {
    int status = 0;
    std::string body;
    std::error_code error;        // the decoder's error (http_body_truncated for a cut body, ...)
    bool complete = false;
    bool keep_alive = false;
    bool peer_closed = false;     // the server closed (FIN) while or after answering
    bool reset = false;           // the connection was reset (ECONNRESET)
    swcalls::http_framing framing = swcalls::http_framing::unknown;
    std::optional<std::uint64_t> content_length;
    std::string content_type;
    swcalls::http_retry_after retry_after;
    int reads = 0;                // recv() calls that returned bytes
    std::size_t wire_bytes = 0;   // bytes received, head and framing included
};

// A plain TCP client for one connection, with a timeout on every wait so a broken server fails the test
// instead of hanging it.
class test_client {
public:
    explicit test_client(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(port);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    }
    test_client(const test_client&) = delete;
    test_client& operator=(const test_client&) = delete;
    ~test_client() { ::close(fd_); }

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            REQUIRE(n > 0);
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }

    // Reads one response (bytes past it are kept for the next one).
    reply read_reply(std::chrono::milliseconds timeout = 5000ms) {
        reply r;
        swcalls::http_response_decoder<body_collector> decoder{body_collector{&r.body}};
        auto feed = [&](std::string_view bytes) {
            const swcalls::http_feed_result fed = decoder.feed(bytes);
            leftover_.assign(bytes.substr(fed.used));
        };
        if (!leftover_.empty()) feed(std::string(leftover_));
        while (!decoder.complete() && !decoder.error()) {
            char buffer[8192];
            const long n = receive(buffer, sizeof buffer, timeout);
            if (n == -2) FAIL("no answer within the timeout");
            if (n < 0) {
                r.reset = errno == ECONNRESET;
                break;
            }
            if (n == 0) {
                r.peer_closed = true;
                decoder.finish();
                break;
            }
            ++r.reads;
            r.wire_bytes += static_cast<std::size_t>(n);
            feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        }
        r.status = decoder.status();
        r.error = decoder.error();
        r.complete = decoder.complete();
        r.keep_alive = decoder.keep_alive();
        r.framing = decoder.framing();
        r.content_length = decoder.content_length();
        r.content_type = std::string(decoder.content_type());
        r.retry_after = decoder.retry_after();
        return r;
    }

    reply get(std::string_view request) {
        send(request);
        return read_reply();
    }

    // Whether the server closed the connection (end of stream or reset) within the timeout.
    bool closed_by_server(std::chrono::milliseconds timeout = 5000ms) {
        char buffer[256];
        for (;;) {
            const long n = receive(buffer, sizeof buffer, timeout);
            if (n == -2) return false;
            if (n <= 0) return true;
        }
    }

    int fd() const noexcept { return fd_; }

private:
    // > 0 bytes, 0 end of stream, -1 error (errno), -2 timeout.
    long receive(char* out, std::size_t size, std::chrono::milliseconds timeout) {
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (r == 0) return -2;
        return static_cast<long>(::recv(fd_, out, size, 0));
    }

    int fd_ = -1;
    std::string leftover_;
};

std::string expected_body(const swcalls_mock::server& s, const std::string& target) {
    return s.endpoint_api().get(target).body;
}

}  // namespace

TEST_SUITE("mock server") {

TEST_CASE("port 0 picks a free port; a port in use is refused with a reason") {
    auto a = swcalls_test::start_mock(swcalls_test::mock_options(10));
    auto b = swcalls_test::start_mock(swcalls_test::mock_options(10));
    CHECK(a->port() != b->port());
    CHECK(a->base_url() == "http://127.0.0.1:" + std::to_string(a->port()));

    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.port = a->port();
    swcalls_mock::server taken{o};
    const std::error_code ec = taken.start();
    CHECK(ec == std::errc::address_in_use);
    CHECK(std::string(taken.error_detail()).find("bind 127.0.0.1:" + std::to_string(a->port())) != std::string::npos);
}

TEST_CASE("keep-alive: several requests on one connection, pipelined ones too") {
    auto s = swcalls_test::start_mock(swcalls_test::mock_options(30));
    test_client c{s->port()};
    for (int i = 0; i < 3; ++i) {
        const reply r = c.get(demo_get());
        CHECK(r.status == 200);
        CHECK(r.complete);
        CHECK(r.keep_alive);
        CHECK(r.framing == swcalls::http_framing::content_length);
        CHECK(r.content_type == "application/json; charset=utf-8");
        CHECK(r.body == expected_body(*s, calls_target()));
    }
    // Two requests in one write: two answers, in order.
    c.send(demo_get("PageSize=2") + demo_get("PageSize=3"));
    const reply first = c.read_reply();
    const reply second = c.read_reply();
    CHECK(first.body == expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=2")));
    CHECK(second.body == expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=3")));
    const swcalls_mock::server_stats stats = s->stats();
    CHECK(stats.connections == 1);
    CHECK(stats.requests == 5);
    CHECK(stats.ok_pages == 5);
}

TEST_CASE("Connection: close from the client, and close_after_each, end the connection after the answer") {
    SUBCASE("the client asks") {
        auto s = swcalls_test::start_mock(swcalls_test::mock_options(10));
        test_client c{s->port()};
        const reply r = c.get(demo_get("PageSize=5", "Connection: close\r\n"));
        CHECK(r.status == 200);
        CHECK_FALSE(r.keep_alive);
        CHECK(c.closed_by_server());
    }
    SUBCASE("the server is told to") {
        swcalls_mock::server_options o = swcalls_test::mock_options(10);
        o.close_after_each = true;
        auto s = swcalls_test::start_mock(o);
        test_client c{s->port()};
        const reply r = c.get(demo_get());
        CHECK(r.status == 200);
        CHECK_FALSE(r.keep_alive);
        CHECK(c.closed_by_server());
    }
}

TEST_CASE("401 without credentials or with the wrong token; 404 for another project") {
    auto s = swcalls_test::start_mock(swcalls_test::mock_options(10));
    test_client c{s->port()};
    const std::string target = calls_target();
    const std::vector<std::string> refused = {
        "",                                                          // none
        basic(swcalls_test::demo_project, "PTwrong"),                // wrong token
        basic(swcalls_test::demo_project, std::string(swcalls_test::demo_token) + "x"),  // longer
        basic(swcalls_test::demo_project, swcalls_test::demo_token.substr(1)),           // shorter
        basic("", swcalls_test::demo_token),                         // no user
        "Bearer " + std::string(swcalls_test::demo_token),           // another scheme
        "Basic !!!!",                                                // not base64
    };
    for (const std::string& authorization : refused) {
        CAPTURE(authorization);
        const reply r = c.get(get_request(target, authorization));
        CHECK(r.status == 401);
        CHECK(r.keep_alive);  // an answer like any other: the connection stays
        CHECK(r.body.find("\"code\":20003") != std::string::npos);
        CHECK(r.body.find("\"message\":\"Authentication failed\"") != std::string::npos);
        CHECK(r.body.find("\"status\":401") != std::string::npos);
    }
    // The scheme name is case-insensitive.
    const std::string lower = "basic" + basic(swcalls_test::demo_project, swcalls_test::demo_token).substr(5);
    CHECK(c.get(get_request(target, lower)).status == 200);

    const std::string other = "b2c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93";
    const reply r = c.get(get_request(calls_target(other), basic(other, swcalls_test::demo_token)));
    CHECK(r.status == 404);
    CHECK(r.body.find("\"code\":20404") != std::string::npos);
    const swcalls_mock::server_stats stats = s->stats();
    CHECK(stats.unauthorized == refused.size());
    CHECK(stats.not_found == 1);
    CHECK(stats.ok_pages == 1);
}

TEST_CASE("bad requests: 405 for another method, 431 for a huge head, 400 for garbage; then the server closes") {
    auto s = swcalls_test::start_mock(swcalls_test::mock_options(10));
    SUBCASE("POST") {
        test_client c{s->port()};
        const reply r = c.get("POST " + calls_target() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        CHECK(r.status == 405);
        CHECK(c.closed_by_server());
    }
    SUBCASE("a head over 16 KiB") {
        test_client c{s->port()};
        const reply r = c.get(demo_get("PageSize=5", "X-Padding: " + std::string(17 * 1024, 'a') + "\r\n"));
        CHECK(r.status == 431);
        CHECK(c.closed_by_server());
    }
    SUBCASE("not HTTP") {
        test_client c{s->port()};
        const reply r = c.get("HELLO\r\n\r\n");
        CHECK(r.status == 400);
        CHECK(c.closed_by_server());
    }
    SUBCASE("a GET with a body") {
        test_client c{s->port()};
        const reply r = c.get(demo_get("PageSize=5", "Content-Length: 3\r\n") + "abc");
        CHECK(r.status == 400);
        CHECK(c.closed_by_server());
    }
}

TEST_CASE("fault: 429 with Retry-After (0 included), and without it when told") {
    for (unsigned seconds : {0u, 7u}) {
        CAPTURE(seconds);
        swcalls_mock::server_options o = swcalls_test::mock_options(10);
        o.faults.rate_429 = 1;
        o.faults.retry_after_seconds = seconds;
        auto s = swcalls_test::start_mock(o);
        test_client c{s->port()};
        const reply r = c.get(demo_get());
        CHECK(r.status == 429);
        CHECK(r.keep_alive);
        CHECK(r.retry_after.kind == swcalls::http_retry_after::form::seconds);
        CHECK(r.retry_after.seconds == seconds);
        CHECK(r.body.find("\"code\":20429") != std::string::npos);
        CHECK(s->stats().faults_injected == 1);
    }
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.faults.rate_429 = 1;
    o.faults.send_retry_after = false;
    auto s = swcalls_test::start_mock(o);
    test_client c{s->port()};
    const reply r = c.get(demo_get());
    CHECK(r.status == 429);
    CHECK(r.retry_after.kind == swcalls::http_retry_after::form::absent);
}

TEST_CASE("fault: 5xx is 500, 502 (an HTML page) or 503 (with Retry-After)") {
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.faults.rate_5xx = 1;
    o.faults.retry_after_seconds = 2;
    auto s = swcalls_test::start_mock(o);
    test_client c{s->port()};
    std::set<int> seen;
    for (int i = 0; i < 40; ++i) {
        const reply r = c.get(demo_get());
        CAPTURE(r.status);
        REQUIRE(r.complete);
        seen.insert(r.status);
        if (r.status == 502) {
            CHECK(r.content_type == "text/html");
            CHECK(r.body.find("502 Bad Gateway") != std::string::npos);
        } else {
            CHECK(r.body.find("\"status\":" + std::to_string(r.status)) != std::string::npos);
        }
        if (r.status == 503) CHECK(r.retry_after.seconds == 2);
        if (r.status != 503) CHECK(r.retry_after.kind == swcalls::http_retry_after::form::absent);
    }
    CHECK(seen == std::set<int>{500, 502, 503});
    CHECK(s->stats().faults_injected == 40);
    CHECK(s->stats().ok_pages == 0);
}

TEST_CASE("fault: reset sends part of the body, then a TCP reset") {
    swcalls_mock::server_options o = swcalls_test::mock_options(40);
    o.faults.rate_reset = 1;
    auto s = swcalls_test::start_mock(o);
    for (int i = 0; i < 5; ++i) {
        test_client c{s->port()};
        const reply r = c.get(demo_get("PageSize=40"));
        CHECK(r.reset);
        CHECK_FALSE(r.peer_closed);
        CHECK_FALSE(r.complete);
    }
    CHECK(s->stats().faults_injected == 5);
}

TEST_CASE("fault: short body promises more than it sends, then closes cleanly") {
    swcalls_mock::server_options o = swcalls_test::mock_options(40);
    o.faults.rate_short = 1;
    auto s = swcalls_test::start_mock(o);
    for (int i = 0; i < 5; ++i) {
        test_client c{s->port()};
        const reply r = c.get(demo_get("PageSize=40"));
        CHECK(r.status == 200);
        CHECK(r.peer_closed);
        CHECK(r.error == swcalls::errc::http_body_truncated);
        REQUIRE(r.content_length.has_value());
        CHECK(r.body.size() < *r.content_length);
        CHECK(*r.content_length == expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=40")).size());
    }
}

TEST_CASE("fault: drip writes the response a few bytes at a time, with pauses") {
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.faults.drip_bytes = 200;
    o.faults.drip_delay_ms = 15;
    auto s = swcalls_test::start_mock(o);
    test_client c{s->port()};
    const auto started = clock_type::now();
    const reply r = c.get(demo_get("PageSize=3"));
    const auto elapsed = clock_type::now() - started;
    REQUIRE(r.complete);
    CHECK(r.body == expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=3")));
    // The whole response (head + body) in 200-byte writes, with a pause between two writes.
    const std::size_t pauses = (r.wire_bytes + 199) / 200 - 1;
    REQUIRE(pauses >= 3);
    CHECK(r.reads >= 3);
    CAPTURE(pauses);
    CAPTURE(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    CHECK(elapsed >= std::chrono::milliseconds(15 * pauses - 5));
}

TEST_CASE("fault: chunked framing for 200 bodies, in random chunk sizes") {
    swcalls_mock::server_options o = swcalls_test::mock_options(50);
    o.faults.chunked = true;
    auto s = swcalls_test::start_mock(o);
    test_client c{s->port()};
    for (int i = 0; i < 3; ++i) {
        const reply r = c.get(demo_get("PageSize=20"));
        CHECK(r.status == 200);
        CHECK(r.framing == swcalls::http_framing::chunked);
        CHECK(r.keep_alive);
        CHECK(r.body == expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=20")));
    }
    // Errors keep Content-Length.
    const reply unauthorized = c.get(get_request(calls_target(), ""));
    CHECK(unauthorized.status == 401);
    CHECK(unauthorized.framing == swcalls::http_framing::content_length);
}

TEST_CASE("faults follow the seed: the same plan gives the same sequence, another seed another one") {
    auto sequence = [](std::uint64_t seed) {
        swcalls_mock::server_options o = swcalls_test::mock_options(10);
        o.faults.rate_429 = 0.3;
        o.faults.rate_5xx = 0.3;
        o.faults.seed = seed;
        auto s = swcalls_test::start_mock(o);
        test_client c{s->port()};
        std::vector<int> statuses;
        for (int i = 0; i < 30; ++i) statuses.push_back(c.get(demo_get()).status);
        return statuses;
    };
    const std::vector<int> a = sequence(11);
    CHECK(a == sequence(11));
    CHECK(a != sequence(12));
    CHECK(std::count(a.begin(), a.end(), 200) > 0);
    CHECK(std::count(a.begin(), a.end(), 200) < 30);
}

TEST_CASE("many clients at once are all answered (and the counters add up)") {
    swcalls_mock::server_options o = swcalls_test::mock_options(20);
    o.faults.rate_429 = 0.25;
    auto s = swcalls_test::start_mock(o);
    constexpr int clients = 6, requests = 10;
    std::vector<int> answered(clients, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            test_client c{s->port()};
            for (int i = 0; i < requests; ++i) {
                c.send(demo_get());
                const reply r = c.read_reply();
                if (r.status == 200 || r.status == 429) ++answered[static_cast<std::size_t>(t)];
            }
        });
    }
    for (std::thread& t : threads) t.join();
    for (int n : answered) CHECK(n == requests);
    const swcalls_mock::server_stats stats = s->stats();
    CHECK(stats.requests == clients * requests);
    CHECK(stats.ok_pages + stats.faults_injected == clients * requests);
    CHECK(stats.connections == clients);
}

TEST_CASE("beyond max_connections, new connections are closed at once") {
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.max_connections = 2;
    auto s = swcalls_test::start_mock(o);
    test_client a{s->port()}, b{s->port()};
    CHECK(a.get(demo_get()).status == 200);  // both are being served
    CHECK(b.get(demo_get()).status == 200);
    test_client c{s->port()};
    CHECK(c.closed_by_server(5000ms));
    CHECK(a.get(demo_get()).status == 200);  // the others go on
}

TEST_CASE("stop() ends idle keep-alive connections and half-sent requests, joins, and returns at once") {
    auto s = swcalls_test::start_mock(swcalls_test::mock_options(10));
    test_client idle{s->port()}, partial{s->port()}, silent{s->port()};
    CHECK(idle.get(demo_get()).status == 200);
    partial.send("GET /api/laml/2010-04-01/Acc");
    const auto started = clock_type::now();
    s->stop();
    CHECK(clock_type::now() - started < 1s);
    CHECK(idle.closed_by_server(5000ms));
    CHECK(partial.closed_by_server(5000ms));
    CHECK(silent.closed_by_server(5000ms));
    s->stop();  // twice: harmless
    // Nothing listens any more.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(s->port());
    CHECK(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0);
    ::close(fd);
}

TEST_CASE("stop() during a slow drip does not wait for the drip") {
    swcalls_mock::server_options o = swcalls_test::mock_options(50);
    o.faults.drip_bytes = 1;
    o.faults.drip_delay_ms = 1000;
    auto s = swcalls_test::start_mock(o);
    test_client c{s->port()};
    c.send(demo_get());
    char byte;
    pollfd p{c.fd(), POLLIN, 0};
    REQUIRE(::poll(&p, 1, 5000) == 1);  // the drip has begun
    REQUIRE(::recv(c.fd(), &byte, 1, 0) == 1);
    const auto started = clock_type::now();
    s->stop();
    CHECK(clock_type::now() - started < 1s);
}

#if SWCALLS_MOCK_HAVE_TLS

namespace {

// Connects with OpenSSL's client, verifying the server against `ca_file` and IP 127.0.0.1; returns the
// handshake's verify result (X509_V_OK when trusted), or -1 when the handshake failed otherwise.
struct tls_client_result {
    bool handshake_ok = false;
    long verify_result = -1;
    std::string answer;  // what came back for a GET, when the handshake succeeded
};

tls_client_result tls_get(std::uint16_t port, const std::string& ca_file, const std::string& request) {
    tls_client_result out;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    REQUIRE(ctx != nullptr);
    REQUIRE(SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) == 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    test_client tcp{port};
    SSL* ssl = SSL_new(ctx);
    REQUIRE(ssl != nullptr);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1");
    SSL_set_fd(ssl, tcp.fd());
    out.handshake_ok = SSL_connect(ssl) == 1;
    out.verify_result = SSL_get_verify_result(ssl);
    if (out.handshake_ok) {
        REQUIRE(SSL_write(ssl, request.data(), static_cast<int>(request.size())) == static_cast<int>(request.size()));
        char buffer[4096];
        int n;
        while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) out.answer.append(buffer, static_cast<std::size_t>(n));
    }
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return out;
}

}  // namespace

TEST_CASE("TLS: the handshake succeeds with the test CA, and the server answers over it") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto s = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    CHECK(s->base_url() == "https://127.0.0.1:" + std::to_string(s->port()));
    const tls_client_result r =
        tls_get(s->port(), swcalls_test::pki().ca_cert, demo_get("PageSize=2", "Connection: close\r\n"));
    CHECK(r.handshake_ok);
    CHECK(r.verify_result == X509_V_OK);
    CHECK(r.answer.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(r.answer.find(expected_body(*s, calls_target(swcalls_test::demo_project, "PageSize=2"))) != std::string::npos);
    CHECK(s->stats().ok_pages == 1);
}

TEST_CASE("TLS: a client trusting another CA refuses the certificate; the server goes on") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto s = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    const tls_client_result refused = tls_get(s->port(), swcalls_test::pki().other_ca_cert, demo_get());
    CHECK_FALSE(refused.handshake_ok);
    CHECK(refused.verify_result != X509_V_OK);
    const tls_client_result ok =
        tls_get(s->port(), swcalls_test::pki().ca_cert, demo_get("PageSize=2", "Connection: close\r\n"));
    CHECK(ok.handshake_ok);
    CHECK(s->stats().requests == 1);
}

TEST_CASE("TLS: stop() ends a connection that never finishes its handshake") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto s = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    test_client stalled{s->port()};  // connects, never sends a ClientHello
    const auto started = clock_type::now();
    s->stop();
    CHECK(clock_type::now() - started < 1s);
    CHECK(stalled.closed_by_server(5000ms));
}

TEST_CASE("TLS: start() refuses missing or unreadable certificate files, saying which") {
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.tls_cert_file = "/nonexistent/swcalls/cert.pem";
    o.tls_key_file = "/nonexistent/swcalls/key.pem";
    swcalls_mock::server s{o};
    CHECK(s.start());
    CHECK(std::string(s.error_detail()).find("/nonexistent/swcalls/cert.pem") != std::string::npos);

    swcalls_mock::server_options half = swcalls_test::mock_options(10);
    half.tls_cert_file = "/nonexistent/swcalls/cert.pem";
    swcalls_mock::server h{half};
    CHECK(h.start() == std::errc::invalid_argument);
    CHECK(std::string(h.error_detail()).find("both") != std::string::npos);
}

#else

TEST_CASE("without SWCALLS_MOCK_HAVE_TLS, https is refused with a clear reason") {
    swcalls_mock::server_options o = swcalls_test::mock_options(10);
    o.tls_cert_file = "cert.pem";
    o.tls_key_file = "key.pem";
    swcalls_mock::server s{o};
    CHECK(s.start() == std::errc::not_supported);
    CHECK(std::string(s.error_detail()).find("without TLS") != std::string::npos);
}

#endif

}  // TEST_SUITE
