// Tests of the POSIX sockets transport (swcalls/posix.hpp) and its OpenSSL layer (swcalls/posix_tls.hpp),
// over real sockets on 127.0.0.1: first against tiny scripted servers written here (refused connects,
// silent servers, early closes, stale kept connections), then against the mock LaML server.
#if SWCALLS_TEST_HAVE_POSIX

#include <swcalls/posix.hpp>
#if SWCALLS_TEST_HAVE_POSIX_TLS
#include <swcalls/posix_tls.hpp>
#endif

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <swcalls/list_driver.hpp>

#include "net/adapter_scenarios.hpp"
#include "net/net_support.hpp"

namespace {

using namespace std::chrono_literals;
using swcalls::errc;

constexpr std::string_view project = "a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93";
constexpr std::string_view token = "PTmockdemo0000000000000000000000000000000000000000";

swcalls::endpoint local_endpoint(std::uint16_t port, swcalls::url_scheme scheme = swcalls::url_scheme::http,
                                 std::string_view host = "127.0.0.1") {
    swcalls::endpoint e;
    e.scheme = scheme;
    REQUIRE_FALSE(e.set_host(host));
    e.port = port;
    e.project_id = project;
    e.api_token = token;
    return e;
}

// A socket bound to 127.0.0.1 on a port the kernel picks; listening unless told otherwise.
class test_socket {
public:
    explicit test_socket(bool listening = true, int backlog = 16) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port_ = ntohs(a.sin_port);
        if (listening) REQUIRE(::listen(fd_, backlog) == 0);
    }
    test_socket(const test_socket&) = delete;
    test_socket& operator=(const test_socket&) = delete;
    ~test_socket() { ::close(fd_); }

    std::uint16_t port() const { return port_; }
    int fd() const { return fd_; }

    // The next connection, or -1 when none comes within five seconds (a failed test must not hang).
    int accept_one() const {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 5000) != 1) return -1;
        return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// Reads one request head (up to the blank line); false on EOF, error or five seconds of silence.
bool read_request_head(int fd, std::string* head = nullptr) {
    std::string text;
    char c;
    while (text.size() < 4 || text.compare(text.size() - 4, 4, "\r\n\r\n") != 0) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) != 1 || ::recv(fd, &c, 1, 0) != 1) return false;
        text.push_back(c);
    }
    if (head) *head = text;
    return true;
}

void send_text(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
        if (n <= 0) return;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// A server thread running `serve` against a listening socket; joined when it goes out of scope.
class scripted_server {
public:
    explicit scripted_server(std::function<void(const test_socket&)> serve) : thread_([this, serve] { serve(socket_); }) {}
    ~scripted_server() { thread_.join(); }
    std::uint16_t port() const { return socket_.port(); }

private:
    test_socket socket_;
    std::thread thread_;
};

std::string response_with_body(std::string_view body, bool keep_alive = true) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n";
    if (!keep_alive) r += "Connection: close\r\n";
    return r + "\r\n" + std::string(body);
}

// Set once by one thread, waited for by another.
class one_shot_event {
public:
    void set() {
        std::lock_guard<std::mutex> lock(mutex_);
        set_ = true;
        cv_.notify_all();
    }
    bool wait_for(std::chrono::milliseconds limit) {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, limit, [this] { return set_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool set_ = false;
};

// Collects what exchange() hands over; stops (returns false) once `want` bytes arrived, if want is set.
struct collector {
    std::string bytes;
    std::size_t want = 0;
    int calls = 0;
    bool operator()(std::string_view b) {
        ++calls;
        bytes.append(b.data(), b.size());
        return want == 0 || bytes.size() < want;
    }
};

constexpr std::string_view request = "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

}  // namespace

TEST_CASE("posix transport: a port nobody listens on is connect_failed, with errno's text") {
    test_socket closed_port(/*listening=*/false);  // bound, so nobody else takes the port meanwhile
    swcalls::posix::transport t{local_endpoint(closed_port.port())};
    collector c;
    CHECK(t.exchange(request, c) == errc::connect_failed);
    CHECK(t.error_detail() == "connect to 127.0.0.1:" + std::to_string(closed_port.port()) + ": Connection refused");
    CHECK(c.calls == 0);
    CHECK_FALSE(t.connected());
}

TEST_CASE("posix transport: a host that does not resolve is resolve_failed") {
    swcalls::posix::transport t{local_endpoint(80, swcalls::url_scheme::http, "nonexistent.invalid")};
    collector c;
    CHECK(t.exchange(request, c) == errc::resolve_failed);
    const std::string detail(t.error_detail());
    CHECK(detail.rfind("resolve nonexistent.invalid: ", 0) == 0);
    CHECK(detail.size() > std::string_view("resolve nonexistent.invalid: ").size());
}

TEST_CASE("posix transport: a server that accepts and never answers is timed_out after io_timeout") {
    test_socket silent;  // the kernel completes the handshake from the backlog; nobody ever reads or writes
    swcalls::transport_options o;
    o.io_timeout = 300ms;
    swcalls::posix::transport t{local_endpoint(silent.port()), o};
    collector c;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request, c) == errc::timed_out);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= 300ms);
    CHECK(took < 3s);
    CHECK(t.error_detail() == "receive from 127.0.0.1:" + std::to_string(silent.port()) + ": no progress within 300 ms");
    CHECK_FALSE(t.connected());
}

TEST_CASE("posix transport: a connect that gets no answer is timed_out after connect_timeout") {
    // A listener with a full accept queue drops further SYNs, so the connect neither succeeds nor fails.
    test_socket full(/*listening=*/true, /*backlog=*/0);
    std::vector<int> fillers;
    for (int i = 0; i < 4; ++i) {  // more than the queue takes; the extras are left pending (non-blocking)
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(full.port());
        ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        fillers.push_back(fd);
    }
    swcalls::transport_options o;
    o.connect_timeout = 300ms;
    swcalls::posix::transport t{local_endpoint(full.port()), o};
    collector c;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request, c) == errc::timed_out);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= 300ms);
    CHECK(took < 3s);
    CHECK(t.error_detail() == "connect to 127.0.0.1:" + std::to_string(full.port()) + ": no connection within 300 ms");
    for (int fd : fillers) ::close(fd);
}

TEST_CASE("posix transport: the end of stream ends the exchange with {} after every byte was handed over") {
    const std::string response = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + std::string(100000, 'x');
    std::string head_seen;
    scripted_server server([&](const test_socket& s) {
        const int fd = s.accept_one();
        if (fd < 0) return;
        if (read_request_head(fd, &head_seen)) send_text(fd, response);
        ::close(fd);
    });
    swcalls::posix::transport t{local_endpoint(server.port())};
    collector c;
    CHECK_FALSE(t.exchange(request, c));
    CHECK(c.bytes == response);
    CHECK(t.error_detail().empty());
    CHECK_FALSE(t.connected());  // the server closed it: the next exchange connects again
    CHECK(head_seen == request);
}

TEST_CASE("posix transport: the connection is kept across exchanges and dropped by close()") {
    const std::string first = response_with_body("one");
    const std::string second = response_with_body("second");
    std::atomic<int> connections{0};
    std::atomic<int> requests{0};
    {
        scripted_server server([&](const test_socket& s) {
            for (int i = 0; i < 2; ++i) {
                const int fd = s.accept_one();
                if (fd < 0) return;
                ++connections;
                while (read_request_head(fd)) send_text(fd, ++requests == 1 ? first : second);
                ::close(fd);
            }
        });
        swcalls::posix::transport t{local_endpoint(server.port())};
        collector a;
        a.want = first.size();
        CHECK_FALSE(t.exchange(request, a));
        CHECK(a.bytes == first);
        CHECK(t.connected());
        collector b;
        b.want = second.size();
        CHECK_FALSE(t.exchange(request, b));
        CHECK(b.bytes == second);
        CHECK(connections == 1);  // the same connection carried both
        t.close();
        CHECK_FALSE(t.connected());
        t.close();  // harmless when not connected
        collector c;
        c.want = second.size();
        CHECK_FALSE(t.exchange(request, c));  // a new connection
        CHECK(c.bytes == second);
        t.close();
    }
    CHECK(connections == 2);
    CHECK(requests == 3);
}

TEST_CASE("posix transport: a kept connection the server closed while idle is replaced before sending") {
    const std::string response = response_with_body("{}");
    one_shot_event first_closed;
    std::atomic<int> connections{0};
    std::atomic<int> answered_on_second{0};
    {
        scripted_server server([&](const test_socket& s) {
            int fd = s.accept_one();
            if (fd < 0) return;
            ++connections;
            if (read_request_head(fd)) send_text(fd, response);
            ::close(fd);  // an idle keep-alive connection the server gives up on
            first_closed.set();
            fd = s.accept_one();
            if (fd < 0) return;
            ++connections;
            while (read_request_head(fd)) {
                send_text(fd, response);
                ++answered_on_second;
            }
            ::close(fd);
        });
        swcalls::posix::transport t{local_endpoint(server.port())};
        collector a;
        a.want = response.size();
        CHECK_FALSE(t.exchange(request, a));
        REQUIRE(t.connected());
        REQUIRE(first_closed.wait_for(5s));
        collector b;
        b.want = response.size();
        CHECK_FALSE(t.exchange(request, b));
        CHECK(b.bytes == response);
        t.close();
    }
    CHECK(connections == 2);
    CHECK(answered_on_second == 1);
}

TEST_CASE("posix transport: a kept connection closed after the request yields end of stream, and the driver retries") {
    // The server answers the first request of each connection and closes the connection when a second
    // request arrives on it, unanswered: a stale keep-alive connection, seen only after the request was sent.
    constexpr std::string_view body = R"({"calls":[{"sid":"CA01"},{"sid":"CA02"}],"next_page_uri":null})";
    const std::string response = response_with_body(body);
    std::atomic<int> connections{0};
    std::atomic<int> unanswered{0};
    {
        scripted_server server([&](const test_socket& s) {
            for (int i = 0; i < 3; ++i) {
                const int fd = s.accept_one();
                if (fd < 0) return;
                ++connections;
                if (read_request_head(fd)) send_text(fd, response);
                if (read_request_head(fd)) ++unanswered;
                ::close(fd);
            }
        });
        const swcalls::endpoint e = local_endpoint(server.port());
        swcalls::posix::transport t{e};

        // At the transport: the exchange on the stale connection ends without a byte.
        collector a;
        a.want = response.size();
        CHECK_FALSE(t.exchange(request, a));
        REQUIRE(t.connected());
        collector b;
        CHECK_FALSE(t.exchange(request, b));
        CHECK(b.calls == 0);
        CHECK_FALSE(t.connected());

        // Through the driver: the first listing keeps the connection; the second one's request meets the
        // close, the decoder calls it http_no_response, and the retry on a new connection succeeds.
        swcalls::list_storage<> memory;
        swcalls::list_options options;
        options.memory = memory.view();
        std::vector<std::chrono::milliseconds> waits;
        auto sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); };
        std::vector<std::string> sids;
        auto on_call = [&](const swcalls::call_view& call) { sids.emplace_back(call.sid.value_or("")); };
        swcalls::list_result r1 = swcalls::list_calls(t, e, swcalls::call_query{}, options, on_call, sleep);
        CHECK_FALSE(r1.ec);
        CHECK(r1.requests == 1);
        CHECK(t.connected());
        swcalls::list_result r2 = swcalls::list_calls(t, e, swcalls::call_query{}, options, on_call, sleep);
        CHECK_FALSE(r2.ec);
        CHECK(r2.finished);
        CHECK(r2.requests == 2);
        CHECK(r2.last_error == errc::http_no_response);
        CHECK(waits.size() == 1);
        CHECK(sids == std::vector<std::string>{"CA01", "CA02", "CA01", "CA02"});
        t.close();
    }
    CHECK(connections == 3);
    CHECK(unanswered == 2);
}

TEST_CASE("posix transport: a server that goes away while a large request is sent is connection_lost, not SIGPIPE") {
    // SIGPIPE's default action ends the process: this test would not return if the transport raised it.
    struct sigaction current{};
    REQUIRE(::sigaction(SIGPIPE, nullptr, &current) == 0);
    const bool default_action = current.sa_handler == SIG_DFL;
    REQUIRE(default_action);
    scripted_server server([](const test_socket& s) {
        const int fd = s.accept_one();
        if (fd < 0) return;
        char some[64];
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) == 1) (void)::recv(fd, some, sizeof some, 0);  // the request is on its way
        // FIN then RST: the client's socket is in CLOSE_WAIT when the reset comes, so its next send fails
        // with EPIPE, the error that raises SIGPIPE unless the sender asked not to.
        ::shutdown(fd, SHUT_WR);
        linger reset{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        ::close(fd);
    });
    const std::string huge(8 << 20, 'h');  // more than the socket buffers hold: the send must wait, then fail
    swcalls::posix::transport t{local_endpoint(server.port())};
    collector c;
    CHECK(t.exchange(huge, c) == errc::connection_lost);
    CHECK(t.error_detail() == "send to 127.0.0.1:" + std::to_string(server.port()) + ": Broken pipe");
    CHECK_FALSE(t.connected());
}

TEST_CASE("posix transport: https needs the TLS layer") {
    swcalls::posix::transport t{local_endpoint(443, swcalls::url_scheme::https)};
    collector c;
    CHECK(t.exchange(request, c) == errc::transport_setup_failed);
    CHECK(t.error_detail() == "https needs a TLS layer (swcalls/posix_tls.hpp)");
    CHECK(swcalls::is_permanent_transport_error(make_error_code(errc::transport_setup_failed)));
}

TEST_CASE("posix transport: a small read buffer hands every byte over in order") {
    std::string body;
    for (int i = 0; i < 5000; ++i) body += std::to_string(i) + ',';
    const std::string response = response_with_body(body, /*keep_alive=*/false);
    scripted_server server([&](const test_socket& s) {
        const int fd = s.accept_one();
        if (fd < 0) return;
        if (read_request_head(fd)) send_text(fd, response);
        ::close(fd);
    });
    swcalls::posix::basic_transport<swcalls::posix::plain_layer, 7> t{local_endpoint(server.port())};
    collector c;
    CHECK_FALSE(t.exchange(request, c));
    CHECK(c.bytes == response);
    CHECK(c.calls >= static_cast<int>(response.size() / 7));
}

// ---- against the mock LaML server ------------------------------------------------------------------------

namespace {

struct listing {
    swcalls::list_result result;
    std::vector<std::string> sids;
    std::vector<std::chrono::milliseconds> waits;
};

// Lists every call (pages of page_size) through `transport`; sleeping is only recorded.
template <class Transport>
listing list_everything(Transport& transport, const swcalls::endpoint& e, std::uint32_t page_size,
                        std::uint32_t max_attempts = 5) {
    listing out;
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    options.memory = memory.view();
    options.page_size = page_size;
    options.retry.max_attempts = max_attempts;
    auto sleep = [&](std::chrono::milliseconds d) { out.waits.push_back(d); };
    auto on_call = [&](const swcalls::call_view& call) { out.sids.emplace_back(call.sid.value_or("")); };
    out.result = swcalls::list_calls(transport, e, swcalls::call_query{}, options, on_call, sleep);
    return out;
}

std::vector<std::string> sids_of(const swcalls_mock::server& s) {
    std::vector<std::string> sids;
    for (const auto& call : s.endpoint_api().calls()) sids.push_back(call.sid);
    return sids;
}

}  // namespace

TEST_CASE("posix transport: lists every call of the mock, page after page, on one kept connection") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(1234));
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::transport t{e};
    const listing l = list_everything(t, e, 50);
    CHECK_FALSE(l.result.ec);
    CHECK(l.result.finished);
    CHECK(l.result.pages == 25);
    CHECK(l.result.requests == 25);
    CHECK(l.sids == sids_of(*mock));
    CHECK(mock->stats().connections == 1);
    CHECK(t.error_detail().empty());
}

TEST_CASE("posix transport: with every kind of fault, each call is delivered exactly once") {
    swcalls_mock::server_options o = swcalls_test::mock_options(3000, 11);
    o.faults.rate_429 = 0.08;
    o.faults.rate_5xx = 0.08;
    o.faults.rate_reset = 0.1;
    o.faults.rate_short = 0.1;
    o.faults.chunked = true;
    o.faults.seed = 5;
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::transport t{e};
    const listing l = list_everything(t, e, 37, /*max_attempts=*/30);
    INFO(t.error_detail());
    CHECK_FALSE(l.result.ec);
    CHECK(l.result.finished);
    CHECK(l.sids == sids_of(*mock));
    const swcalls_mock::server_stats stats = mock->stats();
    CHECK(stats.faults_injected > 20);
    CHECK(l.result.requests == stats.requests);
    CHECK(l.waits.size() == stats.faults_injected);  // each fault cost one retry, and nothing else did
    CHECK(l.result.pages == 82);
}

TEST_CASE("posix transport: a slowly dripping mock is read to the end when each wait is short") {
    swcalls_mock::server_options o = swcalls_test::mock_options(60);
    o.faults.drip_bytes = 700;
    o.faults.drip_delay_ms = 2;
    auto mock = swcalls_test::start_mock(o);
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::transport_options to;
    to.io_timeout = 1000ms;  // far longer than one pause, far shorter than the whole response
    swcalls::posix::basic_transport<swcalls::posix::plain_layer, 256> t{e, to};
    const listing l = list_everything(t, e, 25);
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids == sids_of(*mock));
    CHECK(l.waits.empty());
}

TEST_CASE("posix transport: a server dripping slower than io_timeout is timed_out, each attempt") {
    auto dripping = swcalls_test::raw_server::dripping("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 400ms);
    swcalls_test::test_endpoint e{dripping->base_url()};
    swcalls::transport_options to;
    to.io_timeout = 150ms;
    swcalls::posix::transport t{e, to};
    const listing l = list_everything(t, e, 10, /*max_attempts=*/2);
    CHECK(l.result.ec == errc::retries_exhausted);
    CHECK(l.result.last_error == errc::timed_out);
    CHECK(l.result.requests == 2);
    CHECK(dripping->connections() == 2);
}

#if SWCALLS_TEST_HAVE_POSIX_TLS && SWCALLS_MOCK_HAVE_TLS

TEST_CASE("posix tls transport: lists the https mock with the test CA, by IP address and by name") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(500));
    swcalls::transport_options to;
    const std::string ca = swcalls_test::pki().ca_cert;
    to.ca_file = ca;
    SUBCASE("127.0.0.1 (an IP SAN, no SNI)") {
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::posix::tls_transport t{e, to};
        const listing l = list_everything(t, e, 100);
        INFO(t.error_detail());
        CHECK_FALSE(l.result.ec);
        CHECK(l.sids == sids_of(*mock));
        CHECK(mock->stats().connections == 1);
    }
    SUBCASE("localhost (a DNS SAN, with SNI)") {
        swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
        swcalls::posix::tls_transport t{e, to};
        const listing l = list_everything(t, e, 100);
        INFO(t.error_detail());
        CHECK_FALSE(l.result.ec);
        CHECK(l.sids == sids_of(*mock));
    }
}

TEST_CASE("posix tls transport: faults over TLS, with a read buffer smaller than a record, lose and repeat nothing") {
    SWCALLS_REQUIRE_TEST_PKI();
    swcalls_mock::server_options o = swcalls_test::tls_mock_options(1500);
    o.faults.rate_429 = 0.05;
    o.faults.rate_5xx = 0.05;
    o.faults.rate_reset = 0.1;
    o.faults.rate_short = 0.1;
    o.faults.seed = 9;
    auto mock = swcalls_test::start_mock(o);
    swcalls::transport_options to;
    const std::string ca = swcalls_test::pki().ca_cert;
    to.ca_file = ca;
    to.io_timeout = 2000ms;  // a byte stranded in OpenSSL's buffer would show as a timeout, not a hang
    swcalls_test::test_endpoint e{mock->base_url()};
    // 100-byte reads: most of every TLS record waits inside OpenSSL (SSL_pending) when poll() would be next.
    swcalls::posix::basic_transport<swcalls::posix::openssl_layer, 100> t{e, to};
    const listing l = list_everything(t, e, 45, /*max_attempts=*/30);
    INFO(t.error_detail());
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids == sids_of(*mock));
    CHECK(mock->stats().faults_injected > 5);
    CHECK(l.waits.size() == mock->stats().faults_injected);
}

TEST_CASE("posix tls transport: a certificate from an unknown CA is tls_untrusted_certificate, not retried") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    swcalls::transport_options to;
    const std::string other_ca = swcalls_test::pki().other_ca_cert;
    to.ca_file = other_ca;
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::tls_transport t{e, to};
    const listing l = list_everything(t, e, 10);
    CHECK(l.result.ec == errc::tls_untrusted_certificate);
    CHECK(l.result.requests == 1);
    CHECK(l.sids.empty());
    CHECK(mock->stats().requests == 0);  // nothing, credentials least of all, went to the server
    const std::string detail(t.error_detail());
    CHECK(detail == "TLS handshake with 127.0.0.1:" + std::to_string(mock->port()) +
                        ": certificate verify failed: unable to get local issuer certificate");
    CHECK(detail.find(e.token()) == std::string::npos);
    CHECK_FALSE(t.connected());
}

TEST_CASE("posix tls transport: the system store does not trust the test CA") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::tls_transport t{e};
    collector c;
    CHECK(t.exchange(request, c) == errc::tls_untrusted_certificate);
}

TEST_CASE("posix tls transport: a trusted certificate for another name is tls_host_mismatch") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10, /*wrong_host_cert=*/true));
    swcalls::transport_options to;
    const std::string ca = swcalls_test::pki().ca_cert;
    to.ca_file = ca;
    SUBCASE("asked for an IP address") {
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::posix::tls_transport t{e, to};
        const listing l = list_everything(t, e, 10);
        CHECK(l.result.ec == errc::tls_host_mismatch);
        CHECK(l.result.requests == 1);
        CHECK(t.error_detail() == "TLS handshake with 127.0.0.1:" + std::to_string(mock->port()) +
                                      ": certificate verify failed: IP address mismatch");
    }
    SUBCASE("asked for a name") {
        swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
        swcalls::posix::tls_transport t{e, to};
        collector c;
        CHECK(t.exchange(request, c) == errc::tls_host_mismatch);
        CHECK(t.error_detail() == "TLS handshake with localhost:" + std::to_string(mock->port()) +
                                      ": certificate verify failed: hostname mismatch");
    }
    CHECK(mock->stats().requests == 0);
}

TEST_CASE("posix tls transport: insecure_skip_verify accepts what verification refuses") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(30, /*wrong_host_cert=*/true));
    swcalls::transport_options to;
    const std::string other_ca = swcalls_test::pki().other_ca_cert;
    to.ca_file = other_ca;  // neither the CA nor the name would pass
    to.insecure_skip_verify = true;
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::tls_transport t{e, to};
    const listing l = list_everything(t, e, 10);
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids == sids_of(*mock));
}

TEST_CASE("posix tls transport: an unreadable CA file is transport_setup_failed") {
    swcalls::transport_options to;
    to.ca_file = "/nonexistent/swcalls-ca.pem";
    test_socket listener;  // never reached past the TCP connect
    swcalls::posix::tls_transport t{local_endpoint(listener.port(), swcalls::url_scheme::https), to};
    collector c;
    CHECK(t.exchange(request, c) == errc::transport_setup_failed);
    const std::string detail(t.error_detail());
    INFO(detail);
    CHECK(detail.rfind("TLS setup for 127.0.0.1:" + std::to_string(listener.port()) + ": CA file /nonexistent/swcalls-ca.pem: ", 0) == 0);
    CHECK_FALSE(t.connected());
}

TEST_CASE("posix tls transport: a server that answers TLS with plain HTTP is tls_failed") {
    scripted_server server([](const test_socket& s) {
        const int fd = s.accept_one();
        if (fd < 0) return;
        char hello[512];
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) == 1 && ::recv(fd, hello, sizeof hello, 0) > 0)
            send_text(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        ::close(fd);
    });
    swcalls::posix::tls_transport t{local_endpoint(server.port(), swcalls::url_scheme::https)};
    collector c;
    CHECK(t.exchange(request, c) == errc::tls_failed);
    const std::string detail(t.error_detail());
    INFO(detail);
    CHECK(detail.rfind("TLS handshake with 127.0.0.1:" + std::to_string(server.port()) + ": error:", 0) == 0);
    CHECK(detail.find("wrong version number") != std::string::npos);
}

TEST_CASE("posix tls transport: a handshake the server never answers is timed_out within connect_timeout") {
    auto silent = swcalls_test::raw_server::silent();
    swcalls::transport_options to;
    to.connect_timeout = 250ms;
    swcalls::posix::tls_transport t{local_endpoint(silent->port(), swcalls::url_scheme::https), to};
    collector c;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request, c) == errc::timed_out);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= 250ms);
    CHECK(took < 3s);
    CHECK(t.error_detail() == "TLS handshake with 127.0.0.1:" + std::to_string(silent->port()) + ": not finished within 250 ms");
}

TEST_CASE("posix tls transport: an http endpoint is spoken to in clear") {
    auto mock = swcalls_test::start_mock(swcalls_test::mock_options(80));
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::tls_transport t{e};
    const listing l = list_everything(t, e, 30);
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids == sids_of(*mock));
}

TEST_CASE("posix tls transport: a kept TLS connection the server closed is replaced, and the listing goes on") {
    SWCALLS_REQUIRE_TEST_PKI();
    swcalls_mock::server_options o = swcalls_test::tls_mock_options(200);
    o.close_after_each = true;  // "Connection: close" on every response: a new handshake per page
    auto mock = swcalls_test::start_mock(o);
    swcalls::transport_options to;
    const std::string ca = swcalls_test::pki().ca_cert;
    to.ca_file = ca;
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::posix::tls_transport t{e, to};
    const listing l = list_everything(t, e, 50);
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids == sids_of(*mock));
    CHECK(l.waits.empty());
    CHECK(mock->stats().connections == 4);
}

#endif  // SWCALLS_TEST_HAVE_POSIX_TLS && SWCALLS_MOCK_HAVE_TLS

// ---- the shared adapter scenarios (tests/net/adapter_scenarios.hpp) -------------------------------------

namespace {

swcalls_mock::fault_plan every_fault(std::uint64_t seed) {
    swcalls_mock::fault_plan f;
    f.rate_429 = 0.06;
    f.rate_5xx = 0.06;
    f.rate_reset = 0.08;
    f.rate_short = 0.08;
    f.chunked = true;
    f.seed = seed;
    return f;
}

template <class Transport>
void run_listing_scenarios(bool tls) {
    swcalls_test::scenario s;
    s.tls = tls;
    SUBCASE("no faults: one kept connection") {
        s.calls = 1000;
        s.page_size = 100;
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
    SUBCASE("a new connection per page") {
        s.calls = 300;
        s.page_size = 50;
        s.close_after_each = true;
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
    SUBCASE("chunked bodies") {
        s.calls = 700;
        s.page_size = 70;
        s.faults.chunked = true;
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
    SUBCASE("slow drip") {
        s.calls = 90;
        s.page_size = 30;
        s.faults.drip_bytes = 500;
        s.faults.drip_delay_ms = 1;
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
    SUBCASE("thousands of calls through every fault kind") {
        s.calls = 4000;
        s.page_size = 45;
        s.faults = every_fault(tls ? 21 : 12);
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
    SUBCASE("every fault kind with one-call pages") {
        s.calls = 150;
        s.page_size = 1;
        s.faults = every_fault(tls ? 4 : 3);
        s.faults.chunked = false;
        swcalls_test::check_lists_every_call_once<Transport>(s);
    }
}

}  // namespace

TEST_CASE("posix transport: the shared listing scenarios over http") {
    run_listing_scenarios<swcalls::posix::transport>(false);
}

TEST_CASE("posix transport: soak: 100,000 calls through random 429s, 5xx, resets and short bodies, each once, in order") {
    swcalls_test::check_lists_every_call_once<swcalls::posix::transport>(swcalls_test::soak_scenario());
}

TEST_CASE("posix transport: the shared error scenarios over http") {
    using T = swcalls::posix::transport;
    SUBCASE("wrong token") { swcalls_test::check_wrong_token<T>(); }
    SUBCASE("other project") { swcalls_test::check_other_project<T>(); }
    SUBCASE("foreign next page") { swcalls_test::check_foreign_next_page<T>(); }
    SUBCASE("io timeout") { swcalls_test::check_io_timeout<T>(); }
    SUBCASE("slow progress") { swcalls_test::check_slow_progress_is_not_a_timeout<T>(); }
    SUBCASE("a drip slower than io_timeout") { swcalls_test::check_drip_slower_than_io_timeout<T>(); }
    SUBCASE("redirects are not followed") { swcalls_test::check_redirect_not_followed<T>(); }
    SUBCASE("connect refused") { swcalls_test::check_connect_refused<T>(); }
}

#if SWCALLS_TEST_HAVE_POSIX_TLS && SWCALLS_MOCK_HAVE_TLS

TEST_CASE("posix tls transport: the shared listing scenarios over https") {
    run_listing_scenarios<swcalls::posix::tls_transport>(true);
}

TEST_CASE("posix tls transport: soak over https: 100,000 calls through random faults, each once, in order") {
    swcalls_test::check_lists_every_call_once<swcalls::posix::tls_transport>(swcalls_test::soak_scenario(true));
}

TEST_CASE("posix tls transport: the shared listing scenarios over http, in clear") {
    run_listing_scenarios<swcalls::posix::tls_transport>(false);
}

TEST_CASE("posix tls transport: the shared error scenarios") {
    using T = swcalls::posix::tls_transport;
    SUBCASE("untrusted certificate") { swcalls_test::check_untrusted_certificate<T>(); }
    SUBCASE("host mismatch") { swcalls_test::check_host_mismatch<T>(); }
    SUBCASE("wrong token over https") { swcalls_test::check_wrong_token<T>(true); }
    SUBCASE("foreign next page over https") { swcalls_test::check_foreign_next_page<T>(true); }
    SUBCASE("io timeout") { swcalls_test::check_io_timeout<T>(); }
    SUBCASE("connect refused") { swcalls_test::check_connect_refused<T>(); }
}

#endif  // SWCALLS_TEST_HAVE_POSIX_TLS && SWCALLS_MOCK_HAVE_TLS

#endif  // SWCALLS_TEST_HAVE_POSIX
