// Tests for swcalls/beast.hpp (the synchronous Boost.Beast transport) over real sockets on 127.0.0.1:
// connect, resolve and TLS failures map to the right swcalls::errc, timeouts fire, connections are kept and
// a kept connection the server dropped is replaced; then the shared adapter scenarios against the mock server.
// beast.hpp is included first: this file also proves it compiles on its own.
#if defined(SWCALLS_TEST_HAVE_BEAST)
#include <swcalls/beast.hpp>

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <swcalls/list_driver.hpp>

#include "net/adapter_scenarios.hpp"
#include "net/net_support.hpp"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

constexpr std::string_view secret_token = "PTsecret0000000000000000000000000000000000000000000";

// A request head like the driver's, Authorization included: its token must never reach error_detail().
std::string request_head(std::string_view target = "/x") {
    std::string head = "GET ";
    head.append(target);
    head += " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ";
    head.append(secret_token);
    head += "\r\n\r\n";
    return head;
}

swcalls::endpoint local_endpoint(swcalls::url_scheme scheme, std::uint16_t port, std::string_view host = "127.0.0.1") {
    swcalls::endpoint e;
    e.scheme = scheme;
    REQUIRE_FALSE(e.set_host(host));
    e.port = port;
    e.project_id = "p";
    e.api_token = secret_token;
    return e;
}

// Collects the response bytes and stops the exchange once `want` bytes arrived (0: read to the end).
struct collector {
    explicit collector(std::size_t want_bytes = 0) : want(want_bytes) {}
    std::size_t want;
    std::string bytes;
    int calls = 0;
    bool operator()(std::string_view piece) {
        ++calls;
        bytes.append(piece);
        return want == 0 || bytes.size() < want;
    }
};

constexpr std::string_view hello_response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

// Reads one request head from `socket`; "" when the client closed first.
template <class Stream>
std::string read_head(Stream& socket) {
    asio::streambuf buffer;
    boost::system::error_code ec;
    const std::size_t n = asio::read_until(socket, buffer, "\r\n\r\n", ec);
    if (ec) return {};
    return std::string(static_cast<const char*>(buffer.data().data()), n);
}

template <class Stream>
void write_text(Stream& socket, std::string_view text) {
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(text.data(), text.size()), ec);
}

// A TCP server on 127.0.0.1 for one test: a thread accepts connections one after the other and runs
// `script(socket, index)` on each (index counts from 0). The destructor wakes the accept with a connection of
// its own and joins; scripts must end when their client closes.
class script_server {
public:
    using script = std::function<void(tcp::socket&, int)>;

    explicit script_server(script s) : acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)), script_(std::move(s)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { serve(); });
    }
    ~script_server() {
        stopping_ = true;
        asio::io_context io;
        tcp::socket wake(io);
        boost::system::error_code ignored;
        wake.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port_), ignored);
        thread_.join();
    }
    script_server(const script_server&) = delete;
    script_server& operator=(const script_server&) = delete;

    std::uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }

private:
    void serve() {
        for (int index = 0;; ++index) {
            tcp::socket socket(io_);
            boost::system::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) return;
            ++accepted_;
            script_(socket, index);
        }
    }

    asio::io_context io_;
    tcp::acceptor acceptor_;
    script script_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

TEST_CASE("beast: a refused connection is connect_failed, with the address in the detail") {
    swcalls_test::refused_port port;
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, port.port()));
    collector sink;
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::connect_failed);
    CHECK(sink.calls == 0);
    CHECK_FALSE(t.connected());
    CHECK(t.error_detail() == "connect to 127.0.0.1:" + std::to_string(port.port()) + ": Connection refused");
}

TEST_CASE("beast: a name that does not resolve is resolve_failed") {
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, 80, "nonexistent.invalid"));
    collector sink;
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::resolve_failed);
    const std::string detail(t.error_detail());
    CHECK(detail.rfind("resolve nonexistent.invalid: ", 0) == 0);
    CHECK(detail.size() > std::string_view("resolve nonexistent.invalid: ").size());
}

TEST_CASE("beast: a server that never answers is timed_out after about io_timeout") {
    auto silent = swcalls_test::raw_server::silent();
    swcalls::transport_options o;
    o.io_timeout = milliseconds(200);
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, silent->port()), o);
    collector sink;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::timed_out);
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= milliseconds(200));
    CHECK(waited < milliseconds(2000));
    CHECK(t.error_detail() == "receive from 127.0.0.1:" + std::to_string(silent->port()) + ": no progress within 200 ms");
    CHECK(silent->bytes_received() == request_head().size());  // the whole request went out
    CHECK_FALSE(t.connected());
}

TEST_CASE("beast: a TCP connect that gets no answer is timed_out after connect_timeout") {
    // A listener with a full accept queue drops further SYNs: the connect neither succeeds nor fails.
    asio::io_context io;
    tcp::acceptor full(io);
    full.open(tcp::v4());
    full.bind(tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    full.listen(0);
    const std::uint16_t port = full.local_endpoint().port();
    std::vector<tcp::socket> fillers;
    for (int i = 0; i < 4; ++i) {  // more than the queue takes; the extras stay pending
        fillers.emplace_back(io);
        fillers.back().async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), port),
                                     [](const boost::system::error_code&) {});
    }
    io.poll();  // starts the connects; nothing runs `io` again until the fillers are closed
    swcalls::transport_options o;
    o.connect_timeout = milliseconds(250);
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, port), o);
    collector sink;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::timed_out);
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= milliseconds(250));
    CHECK(waited < milliseconds(2000));
    CHECK(t.error_detail() == "connect to 127.0.0.1:" + std::to_string(port) + ": no connection within 250 ms");
    CHECK_FALSE(t.connected());
}

TEST_CASE("beast: connect_timeout bounds the TLS handshake with a server that never answers") {
    auto silent = swcalls_test::raw_server::silent();
    swcalls::transport_options o;
    o.connect_timeout = milliseconds(200);
    o.io_timeout = milliseconds(20000);
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::https, silent->port()), o);
    collector sink;
    const auto start = std::chrono::steady_clock::now();
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::timed_out);
    const auto waited = std::chrono::steady_clock::now() - start;
    CHECK(waited >= milliseconds(200));
    CHECK(waited < milliseconds(2000));
    CHECK(t.error_detail() == "TLS handshake with 127.0.0.1:" + std::to_string(silent->port()) + ": not finished within 200 ms");
    CHECK(silent->bytes_received() > 0);  // the ClientHello
}

TEST_CASE("beast: an unreadable CA file is transport_setup_failed, before any connection") {
    script_server server([](tcp::socket&, int) {});
    swcalls::transport_options o;
    o.ca_file = "/nonexistent/swcalls-test-ca.pem";
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::https, server.port()), o);
    collector sink;
    const std::string head = request_head();
    const std::error_code ec = t.exchange(head, sink);
    CHECK(ec == swcalls::errc::transport_setup_failed);
    CHECK(swcalls::is_permanent_transport_error(ec));
    const std::string detail(t.error_detail());
    INFO(detail);
    CHECK(detail == "TLS setup for 127.0.0.1:" + std::to_string(server.port()) +
                        ": CA file /nonexistent/swcalls-test-ca.pem: No such file or directory");
    CHECK(t.connections_opened() == 0);
    CHECK(server.accepted() == 0);
}

TEST_CASE("beast: https to a server that does not speak TLS is tls_failed, not a certificate error") {
    script_server server([](tcp::socket& s, int) {
        write_text(s, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    });
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::https, server.port()));
    collector sink;
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::tls_failed);
    const std::string detail(t.error_detail());
    INFO(detail);
    CHECK(detail.rfind("TLS handshake with 127.0.0.1:" + std::to_string(server.port()) + ": ", 0) == 0);
    CHECK(contains(detail, "wrong version number"));
}

TEST_CASE("beast: the connection is kept across exchanges, each request reaching the server") {
    std::atomic<int> requests{0};
    script_server server([&](tcp::socket& s, int) {
        while (!read_head(s).empty()) {
            ++requests;
            write_text(s, hello_response);
        }
    });
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, server.port()));
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        collector sink(hello_response.size());
        CHECK_FALSE(t.exchange(request_head(), sink));
        CHECK(sink.bytes == hello_response);
        CHECK(t.connected());
    }
    CHECK(t.connections_opened() == 1);
    CHECK(requests == 3);
    t.close();
    CHECK_FALSE(t.connected());
    collector sink(hello_response.size());
    CHECK_FALSE(t.exchange(request_head(), sink));  // close() dropped it: a new connection
    CHECK(sink.bytes == hello_response);
    CHECK(t.connections_opened() == 2);
}

TEST_CASE("beast: a kept connection the server has closed is replaced, and the request sent again") {
    std::promise<void> first_closed;
    script_server server([&](tcp::socket& s, int index) {
        if (read_head(s).empty()) return;
        write_text(s, hello_response);
        if (index == 0) {
            // Like a keep-alive timeout: the response said nothing about closing, then the server closes.
            s.close();
            first_closed.set_value();
            return;
        }
        while (!read_head(s).empty()) write_text(s, hello_response);
    });
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, server.port()));
    collector first(hello_response.size());
    REQUIRE_FALSE(t.exchange(request_head(), first));
    CHECK(first.bytes == hello_response);
    first_closed.get_future().wait();

    collector second(hello_response.size());
    CHECK_FALSE(t.exchange(request_head(), second));
    CHECK(second.bytes == hello_response);
    CHECK(t.connections_opened() == 2);
    CHECK(server.accepted() == 2);
}

TEST_CASE("beast: a new connection closed before any response ends the exchange with no bytes, not an error") {
    script_server server([](tcp::socket& s, int) { read_head(s); });  // reads the request, then closes
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, server.port()));
    collector sink;
    CHECK_FALSE(t.exchange(request_head(), sink));
    CHECK(sink.calls == 0);
    CHECK_FALSE(t.connected());
    CHECK(t.connections_opened() == 1);  // a fresh connection is not retried: that is the driver's call
    CHECK(t.error_detail().empty());
}

TEST_CASE("beast: a large response arrives whole, in pieces, up to the end of the stream") {
    std::string body(200000, 'x');
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
    const std::string response = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + body;
    script_server server([&](tcp::socket& s, int) {
        if (!read_head(s).empty()) write_text(s, response);
    });
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, server.port()));
    collector sink;  // reads to the end
    CHECK_FALSE(t.exchange(request_head(), sink));
    CHECK(sink.bytes == response);
    CHECK(sink.calls > 1);
    CHECK_FALSE(t.connected());
}

TEST_CASE("beast: a connection reset in the middle of a response is connection_lost") {
    script_server server([](tcp::socket& s, int) {
        if (read_head(s).empty()) return;
        write_text(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npart of the body");
        s.set_option(asio::socket_base::linger(true, 0));  // close() now sends a reset
        s.close();
    });
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::http, server.port()));
    collector sink;
    const std::error_code ec = t.exchange(request_head(), sink);
    // Linux delivers the bytes received before the reset, then the reset.
    CHECK(ec == swcalls::errc::connection_lost);
    CHECK(contains(sink.bytes, "HTTP/1.1 200 OK"));
    CHECK(t.connections_opened() == 1);  // bytes had arrived: not a stale connection, no second attempt
    CHECK(t.error_detail() == "receive from 127.0.0.1:" + std::to_string(server.port()) + ": Connection reset by peer");
}

TEST_CASE("beast: a transport on the caller's io_context works the same") {
    script_server server([](tcp::socket& s, int) {
        while (!read_head(s).empty()) write_text(s, hello_response);
    });
    asio::io_context io;
    swcalls::beast::transport t(io, local_endpoint(swcalls::url_scheme::http, server.port()));
    for (int i = 0; i < 2; ++i) {
        collector sink(hello_response.size());
        CHECK_FALSE(t.exchange(request_head(), sink));
        CHECK(sink.bytes == hello_response);
    }
    io.stop();  // a stopped context is restarted by the next exchange
    collector sink(hello_response.size());
    CHECK_FALSE(t.exchange(request_head(), sink));
    CHECK(sink.bytes == hello_response);
    CHECK(t.connections_opened() == 1);
}

TEST_CASE("beast: the transport models the core's Transport concept") {
    static_assert(swcalls::is_transport_v<swcalls::beast::transport>);
    CHECK(swcalls::is_transport_v<swcalls::beast::transport>);
}

TEST_CASE("beast_tls: map_error tells end of stream, timeouts and failures apart by phase") {
    using swcalls::beast::map_error;
    using swcalls::beast::phase;
    namespace ssl = boost::asio::ssl;
    CHECK_FALSE(map_error({}, phase::receive));
    CHECK_FALSE(map_error(asio::error::eof, phase::receive));
    CHECK_FALSE(map_error(ssl::error::stream_truncated, phase::receive));
    CHECK(map_error(asio::error::eof, phase::handshake) == swcalls::errc::tls_failed);
    CHECK(map_error(asio::error::connection_reset, phase::receive) == swcalls::errc::connection_lost);
    CHECK(map_error(asio::error::broken_pipe, phase::send) == swcalls::errc::connection_lost);
    CHECK(map_error(boost::beast::error::timeout, phase::connect) == swcalls::errc::timed_out);
    CHECK(map_error(boost::beast::error::timeout, phase::receive) == swcalls::errc::timed_out);
    CHECK(map_error(asio::error::connection_refused, phase::connect) == swcalls::errc::connect_failed);
    CHECK(map_error(asio::error::host_not_found, phase::resolve) == swcalls::errc::resolve_failed);
}

// ---- the shared scenarios, against the mock LaML server (adapter_scenarios.hpp) ---------------------------

TEST_CASE("beast: lists every call once over http, on one kept connection") {
    swcalls_test::scenario s;
    s.calls = 230;
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(s);
}

TEST_CASE("beast: lists every call once over http when the server closes after each response") {
    swcalls_test::scenario s;
    s.close_after_each = true;
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(s);
}

TEST_CASE("beast: lists every call exactly once through 429s, 5xx, resets and short bodies") {
    swcalls_test::scenario s;
    s.calls = 1500;
    s.page_size = 37;
    s.faults.rate_429 = 0.08;
    s.faults.rate_5xx = 0.08;
    s.faults.rate_reset = 0.1;
    s.faults.rate_short = 0.1;
    s.faults.chunked = true;
    s.faults.seed = 5;
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(s);
}

TEST_CASE("beast: shared failure scenarios over http") {
    SUBCASE("wrong token") { swcalls_test::check_wrong_token<swcalls::beast::transport>(); }
    SUBCASE("other project") { swcalls_test::check_other_project<swcalls::beast::transport>(); }
    SUBCASE("foreign next_page_uri") { swcalls_test::check_foreign_next_page<swcalls::beast::transport>(); }
    SUBCASE("io timeout") { swcalls_test::check_io_timeout<swcalls::beast::transport>(); }
    SUBCASE("slow progress") { swcalls_test::check_slow_progress_is_not_a_timeout<swcalls::beast::transport>(); }
    SUBCASE("a drip slower than io_timeout") { swcalls_test::check_drip_slower_than_io_timeout<swcalls::beast::transport>(); }
    SUBCASE("redirects are not followed") { swcalls_test::check_redirect_not_followed<swcalls::beast::transport>(); }
    SUBCASE("connect refused") { swcalls_test::check_connect_refused<swcalls::beast::transport>(); }
}

#if SWCALLS_MOCK_HAVE_TLS

TEST_CASE("beast: soak: 100,000 calls through random 429s, 5xx, resets and short bodies, each once, in order") {
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(swcalls_test::soak_scenario());
}

TEST_CASE("beast: lists every call once over https with the test CA") {
    swcalls_test::scenario s;
    s.tls = true;
    s.calls = 230;
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(s);
}

TEST_CASE("beast: lists every call exactly once over https through faults, reconnecting after each close") {
    swcalls_test::scenario s;
    s.tls = true;
    s.calls = 600;
    s.page_size = 45;
    s.faults.rate_429 = 0.05;
    s.faults.rate_5xx = 0.05;
    s.faults.rate_reset = 0.1;
    s.faults.rate_short = 0.1;
    s.faults.seed = 9;
    swcalls_test::check_lists_every_call_once<swcalls::beast::transport>(s);
}

TEST_CASE("beast: shared TLS failure scenarios") {
    SUBCASE("untrusted certificate") { swcalls_test::check_untrusted_certificate<swcalls::beast::transport>(); }
    SUBCASE("host mismatch") { swcalls_test::check_host_mismatch<swcalls::beast::transport>(); }
    SUBCASE("wrong token over https") { swcalls_test::check_wrong_token<swcalls::beast::transport>(true); }
    SUBCASE("foreign next_page_uri over https") {
        swcalls_test::check_foreign_next_page<swcalls::beast::transport>(true);
    }
}

// ---- TLS details this adapter promises ---------------------------------------------------------------------

namespace {

// One request for the first page of the mock's calls; true when a 200 response head came back.
bool first_page_answered(swcalls::beast::transport& t, const swcalls_test::test_endpoint& e, std::error_code& ec) {
    const std::string head = "GET /api/laml/2010-04-01/Accounts/" + e.project() +
                             "/Calls?PageSize=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";  // 401 is fine too
    collector sink(12);
    ec = t.exchange(head, sink);
    return !ec && sink.bytes.rfind("HTTP/1.1 ", 0) == 0;
}

}  // namespace

TEST_CASE("beast: https by name uses SNI and checks the DNS name; by address, the IP SAN") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(20));
    swcalls::transport_options o;
    const std::string ca = swcalls_test::pki().ca_cert;
    o.ca_file = ca;
    SUBCASE("localhost") {
        swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
        swcalls::beast::transport t(e, o);
        std::error_code ec;
        CHECK(first_page_answered(t, e, ec));
        INFO(t.error_detail());
        CHECK_FALSE(ec);
    }
    SUBCASE("127.0.0.1") {
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::beast::transport t(e, o);
        std::error_code ec;
        CHECK(first_page_answered(t, e, ec));
        INFO(t.error_detail());
        CHECK_FALSE(ec);
    }
}

TEST_CASE("beast: verification failures name OpenSSL's reason") {
    SWCALLS_REQUIRE_TEST_PKI();
    const swcalls_test::test_pki& pki = swcalls_test::pki();
    SUBCASE("a CA the client does not trust") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
        swcalls::transport_options o;
        o.ca_file = pki.other_ca_cert;
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::beast::transport t(e, o);
        std::error_code ec;
        CHECK_FALSE(first_page_answered(t, e, ec));
        CHECK(ec == swcalls::errc::tls_untrusted_certificate);
        CHECK(t.error_detail() == "TLS handshake with 127.0.0.1:" + std::to_string(mock->port()) +
                                      ": certificate verify failed: unable to get local issuer certificate");
        CHECK_FALSE(t.connected());
    }
    SUBCASE("the system store, which does not hold the test CA") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::beast::transport t(e);
        std::error_code ec;
        CHECK_FALSE(first_page_answered(t, e, ec));
        CHECK(ec == swcalls::errc::tls_untrusted_certificate);
    }
    SUBCASE("a trusted certificate for wrong.example, asked for 127.0.0.1") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10, /*wrong_host_cert=*/true));
        swcalls::transport_options o;
        o.ca_file = pki.ca_cert;
        swcalls_test::test_endpoint e{mock->base_url()};
        swcalls::beast::transport t(e, o);
        std::error_code ec;
        CHECK_FALSE(first_page_answered(t, e, ec));
        CHECK(ec == swcalls::errc::tls_host_mismatch);
        CHECK(t.error_detail() == "TLS handshake with 127.0.0.1:" + std::to_string(mock->port()) +
                                      ": certificate verify failed: IP address mismatch");
    }
    SUBCASE("a trusted certificate for wrong.example, asked for localhost") {
        auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10, /*wrong_host_cert=*/true));
        swcalls::transport_options o;
        o.ca_file = pki.ca_cert;
        swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
        swcalls::beast::transport t(e, o);
        std::error_code ec;
        CHECK_FALSE(first_page_answered(t, e, ec));
        CHECK(ec == swcalls::errc::tls_host_mismatch);
        CHECK(t.error_detail() == "TLS handshake with localhost:" + std::to_string(mock->port()) +
                                      ": certificate verify failed: hostname mismatch");
    }
}

TEST_CASE("beast: a CA file that holds no certificate is transport_setup_failed") {
    SWCALLS_REQUIRE_TEST_PKI();
    swcalls::transport_options o;
    const std::string key_file = swcalls_test::pki().server_key;  // PEM, but a key
    o.ca_file = key_file;
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::https, 443), o);
    collector sink;
    CHECK(t.exchange(request_head(), sink) == swcalls::errc::transport_setup_failed);
    CHECK(t.error_detail() == "TLS setup for 127.0.0.1:443: CA file " + key_file + ": no certificate or crl found");
    CHECK(t.connections_opened() == 0);
}

TEST_CASE("beast: insecure_skip_verify accepts what verification refuses") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10, /*wrong_host_cert=*/true));
    swcalls::transport_options o;
    o.ca_file = swcalls_test::pki().other_ca_cert;  // neither the CA nor the name would pass
    o.insecure_skip_verify = true;
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::beast::transport t(e, o);
    std::error_code ec;
    CHECK(first_page_answered(t, e, ec));
    CHECK_FALSE(ec);
}

TEST_CASE("beast: a kept TLS connection the server has closed is replaced, and the request sent again") {
    SWCALLS_REQUIRE_TEST_PKI();
    asio::ssl::context server_tls(asio::ssl::context::tls_server);
    server_tls.use_certificate_chain_file(swcalls_test::pki().server_cert);
    server_tls.use_private_key_file(swcalls_test::pki().server_key, asio::ssl::context::pem);
    std::promise<void> first_closed;
    script_server server([&](tcp::socket& s, int index) {
        asio::ssl::stream<tcp::socket&> tls(s, server_tls);
        boost::system::error_code ec;
        tls.handshake(asio::ssl::stream_base::server, ec);
        if (ec || read_head(tls).empty()) return;
        write_text(tls, hello_response);
        if (index == 0) {
            s.close();  // no close_notify: the client sees a truncated stream, not a TLS EOF
            first_closed.set_value();
            return;
        }
        while (!read_head(tls).empty()) write_text(tls, hello_response);
    });
    swcalls::transport_options o;
    const std::string ca = swcalls_test::pki().ca_cert;
    o.ca_file = ca;
    swcalls::beast::transport t(local_endpoint(swcalls::url_scheme::https, server.port()), o);
    collector first(hello_response.size());
    REQUIRE_FALSE(t.exchange(request_head(), first));
    CHECK(first.bytes == hello_response);
    first_closed.get_future().wait();

    collector second(hello_response.size());
    CHECK_FALSE(t.exchange(request_head(), second));
    INFO(t.error_detail());
    CHECK(second.bytes == hello_response);
    CHECK(t.connections_opened() == 2);
    CHECK(server.accepted() == 2);
}

#endif  // SWCALLS_MOCK_HAVE_TLS

#endif  // SWCALLS_TEST_HAVE_BEAST
