// Tests for swcalls/curl.hpp: the libcurl transport, over real sockets on 127.0.0.1.
// curl.hpp is included first: this file also proves it compiles on its own.
//
// A small scripted listener (canned_server, below) answers each request with the next canned reply, so each
// test controls the exact bytes the server sends and sees the exact bytes curl sent. The adapter's output
// is checked by decoding it with swcalls::http_response_decoder, as the list driver does.
#if SWCALLS_TEST_HAVE_CURL

#include <swcalls/curl.hpp>

#include <doctest/doctest.h>

#include <swcalls/call_query.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/http_response.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/request_writer.hpp>
#include <swcalls/transport_options.hpp>

#include "net/adapter_scenarios.hpp"
#include "net/net_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <ostream>  // doctest prints std::error_code through it
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace {

using namespace std::chrono_literals;
using swcalls::errc;

constexpr std::string_view project_id = "a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93";
constexpr std::string_view api_token = "PTcurltest000000000000000000000000000000000000000";

// What the listener does after sending a reply.
enum class then { keep, close, reset, hang };

struct reply {
    std::vector<std::string> pieces;  // sent in order, piece_delay apart
    then after = then::keep;          // hang: send nothing more, wait for the client to close
    std::chrono::milliseconds piece_delay{0};
    bool unasked = false;             // sent as soon as the connection is accepted, without waiting for a request
};

reply answer(std::string bytes, then after = then::keep) { return reply{{std::move(bytes)}, after, 0ms}; }

// An HTTP listener on the loopback interface, one connection at a time, answering the n-th request it reads
// with replies[n] (an `unasked` reply goes out without waiting for one); past the end of the script it
// closes the connection unanswered.
class canned_server {
public:
    explicit canned_server(std::vector<reply> replies, bool ipv6 = false) : replies_(std::move(replies)) {
        listen_fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
        REQUIRE(listen_fd_ >= 0);
        int one = 1;
        ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ipv6) {
            sockaddr_in6 a{};
            a.sin6_family = AF_INET6;
            a.sin6_addr = in6addr_loopback;
            bound_ = ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        } else {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            bound_ = ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        }
        if (!bound_) return;
        REQUIRE(::listen(listen_fd_, 8) == 0);
        sockaddr_storage s{};
        socklen_t len = sizeof s;
        REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&s), &len) == 0);
        port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&s)->sin6_port : reinterpret_cast<sockaddr_in*>(&s)->sin_port);
        thread_ = std::thread([this] { serve(); });
    }

    canned_server(const canned_server&) = delete;
    canned_server& operator=(const canned_server&) = delete;

    ~canned_server() {
        stopping_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (client_fd_ >= 0) ::shutdown(client_fd_, SHUT_RDWR);  // wakes a recv() in a hang
        }
        if (thread_.joinable()) thread_.join();
        ::close(listen_fd_);
    }

    bool bound() const { return bound_; }
    std::uint16_t port() const { return port_; }
    std::vector<std::string> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    int connections() const { return connections_; }

private:
    void serve() {
        while (!stopping_) {
            const int fd = ::accept(listen_fd_, nullptr, nullptr);
            if (fd < 0) {
                if (stopping_) return;
                continue;
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                client_fd_ = fd;
            }
            ++connections_;
            serve_connection(fd);
            std::lock_guard<std::mutex> lock(mutex_);
            ::close(fd);
            client_fd_ = -1;
        }
    }

    void serve_connection(int fd) {
        std::string pending;
        for (;;) {
            if (next_reply_ < replies_.size() && !replies_[next_reply_].unasked) {
                std::size_t end;
                while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
                    char buffer[4096];
                    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                    if (n <= 0) return;  // the client closed (or the test ends)
                    pending.append(buffer, static_cast<std::size_t>(n));
                }
                std::lock_guard<std::mutex> lock(mutex_);
                requests_.push_back(pending.substr(0, end + 4));
                pending.erase(0, end + 4);
            }
            if (next_reply_ >= replies_.size()) return;
            const reply& r = replies_[next_reply_++];
            for (std::size_t i = 0; i < r.pieces.size(); ++i) {
                if (i != 0) std::this_thread::sleep_for(r.piece_delay);  // the drip itself, not synchronisation
                if (!send_all(fd, r.pieces[i])) return;
            }
            switch (r.after) {
                case then::keep: break;
                case then::close: return;
                case then::reset: {
                    linger hard{1, 0};  // close() sends RST
                    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
                    return;
                }
                case then::hang: {
                    char buffer[256];
                    while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
                    }
                    return;
                }
            }
        }
    }

    static bool send_all(int fd, std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    std::vector<reply> replies_;
    std::size_t next_reply_ = 0;  // the server thread's own
    int listen_fd_ = -1;
    bool bound_ = false;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    int client_fd_ = -1;
    std::vector<std::string> requests_;
    std::thread thread_;
};

// An endpoint for a local server; url and the endpoint's views stay valid as long as this does.
struct local_endpoint {
    std::string url;
    swcalls::endpoint e;
    explicit local_endpoint(std::string base) : url(std::move(base)) {
        REQUIRE_FALSE(swcalls::parse_base_url(url, e));
        e.project_id = project_id;
        e.api_token = api_token;
    }
};

local_endpoint local(std::uint16_t port) { return local_endpoint("http://127.0.0.1:" + std::to_string(port)); }

// The request head the core writes for a target.
std::string head_for(const swcalls::endpoint& e, std::string_view target = "/api/laml/2010-04-01/Accounts/p/Calls") {
    char buffer[3072];
    const swcalls::write_result w = swcalls::write_request_head_for_target(e, target, buffer, sizeof buffer);
    REQUIRE_FALSE(w.ec);
    return std::string(buffer, w.size);
}

// What the adapter handed over, decoded as the driver decodes it.
struct decoded {
    std::error_code ec;          // exchange()'s result
    std::string raw;             // the bytes handed to on_bytes
    std::error_code http_error;  // the decoder's error (finish() included)
    bool complete = false;
    int status = 0;
    std::string content_type;
    swcalls::http_retry_after retry_after;
    swcalls::http_framing framing = swcalls::http_framing::unknown;
    std::string body;
};

decoded run(swcalls::curl::transport& t, std::string_view head) {
    decoded d;
    std::string body;
    swcalls::http_response_decoder decoder{[&body](std::string_view b) { body.append(b); }};
    auto on_bytes = [&](std::string_view bytes) {
        d.raw.append(bytes);
        while (!bytes.empty() && !decoder.complete() && !decoder.error()) bytes.remove_prefix(decoder.feed(bytes).used);
        return bytes.empty() && !decoder.complete() && !decoder.error();
    };
    d.ec = t.exchange(head, swcalls::byte_sink(on_bytes));
    if (!d.ec && !decoder.complete() && !decoder.error()) (void)decoder.finish();  // end of stream
    d.http_error = decoder.error();
    d.complete = decoder.complete();
    d.status = decoder.status();
    d.content_type = std::string(decoder.content_type());
    d.retry_after = decoder.retry_after();
    d.framing = decoder.framing();
    d.body = body;
    return d;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

std::size_t count_of(std::string_view haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_SUITE("curl transport") {

TEST_CASE("a malformed request head is refused before anything is sent") {
    canned_server server({answer("HTTP/1.1 204 No Content\r\n\r\n")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const std::string_view bad[] = {
        "",
        "GET /x HTTP/1.1\r\n",                         // no blank line
        "POST /x HTTP/1.1\r\n\r\n",                    // another method
        "GET /x HTTP/1.0\r\n\r\n",                     // another version
        "GET x HTTP/1.1\r\n\r\n",                      // not a path
        "GET  HTTP/1.1\r\n\r\n",                       // no target
        "GET /a b HTTP/1.1\r\n\r\n",                   // space in the target
        "GET /a#b HTTP/1.1\r\n\r\n",                   // fragment
        "GET /a\x7f HTTP/1.1\r\n\r\n",                 // DEL
        "GET /x HTTP/1.1\nAccept: a\n\n",              // bare LF
        "GET /x HTTP/1.1\r\nNoColon\r\n\r\n",          // header without a colon
        "GET /x HTTP/1.1\r\n: value\r\n\r\n",          // header without a name
        "GET /x HTTP/1.1\r\nBad Name: v\r\n\r\n",      // space in the name
        "GET /x HTTP/1.1\r\nX-A: a\rb\r\n\r\n",        // bare CR in a value
        "GET /x HTTP/1.1\r\nX-A: a\x01" "b\r\n\r\n",   // control byte in a value
        std::string_view("GET /x HTTP/1.1\r\nX-A: a\0b\r\n\r\n", 30),  // NUL in a value
        "GET /x HTTP/1.1\r\n\r\nGET /y HTTP/1.1\r\n\r\n",  // something after the head
    };
    for (std::string_view head : bad) {
        CAPTURE(head);
        auto on_bytes = [](std::string_view) { return true; };
        CHECK(t.exchange(head, swcalls::byte_sink(on_bytes)) == errc::transport_setup_failed);
        CHECK_FALSE(t.error_detail().empty());
    }
    CHECK(server.connections() == 0);
    CHECK(server.requests().empty());
    // The same transport still works with a good head.
    const decoded d = run(t, "GET / HTTP/1.1\r\n\r\n");
    CHECK_FALSE(d.ec);
    CHECK(d.status == 204);
    CHECK(t.error_detail().empty());
}

TEST_CASE("the request goes out with the head's headers, Host from the URL, Authorization exactly once") {
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const std::string head = head_for(ep.e, "/api/laml/2010-04-01/Accounts/p/Calls?To=%2B1555&PageSize=5");
    const decoded d = run(t, head);
    REQUIRE_FALSE(d.ec);
    REQUIRE(server.requests().size() == 1);
    const std::string sent = server.requests()[0];
    // curl writes Host first, as the core does, then the head's other headers in order: byte for byte the same.
    CHECK(sent == head);
    CHECK(count_of(sent, "Authorization:") == 1);
    CHECK(count_of(sent, "Accept:") == 1);
    CHECK(contains(sent, "\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"));
    CHECK_FALSE(contains(sent, "Accept-Encoding"));
    CHECK_FALSE(contains(sent, "Expect"));
}

TEST_CASE("a head without Accept gets no Accept from curl; a head's Host is replaced by the URL's") {
    canned_server server({answer("HTTP/1.1 204 No Content\r\n\r\n")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, "GET /only HTTP/1.1\r\nHost: elsewhere.example\r\nX-Empty:\r\nX-Two: a  b\r\n\r\n");
    REQUIRE_FALSE(d.ec);
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0] == "GET /only HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
                                      "\r\nX-Empty:\r\nX-Two: a  b\r\n\r\n");
}

TEST_CASE("status, Retry-After, Content-Type and body survive the re-serialisation") {
    const std::string body = R"({"code":20429,"message":"slow down","status":503})";
    canned_server server({
        answer("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 7\r\nX-Other: 1\r\n"
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body),
        answer("HTTP/1.1 429 Too Many Requests\r\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\nContent-Length: 0\r\n\r\n"),
    });
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    decoded d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK_FALSE(d.http_error);
    CHECK(d.complete);
    CHECK(d.status == 503);
    CHECK(d.content_type == "application/json");
    CHECK(d.retry_after.kind == swcalls::http_retry_after::form::seconds);
    CHECK(d.retry_after.seconds == 7);
    CHECK(d.body == body);
    CHECK(d.framing == swcalls::http_framing::chunked);
    CHECK(d.raw.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0) == 0);
    CHECK_FALSE(contains(d.raw, "X-Other"));        // only what the driver reads
    CHECK_FALSE(contains(d.raw, "Content-Length"));  // the body is re-framed as chunks

    d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK(d.complete);
    CHECK(d.status == 429);
    CHECK(d.retry_after.kind == swcalls::http_retry_after::form::date);
    CHECK(d.body.empty());
    CHECK(server.connections() == 1);  // kept alive
}

TEST_CASE("a chunked response from the server arrives whole; 1xx responses are skipped") {
    canned_server server({
        answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
               "5\r\n{\"cal\r\n9\r\nls\":[]}  \r\n0\r\nX-Trailer: t\r\n\r\n"),
    });
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK(d.complete);
    CHECK_FALSE(d.http_error);
    CHECK(d.status == 200);
    CHECK(d.body == R"({"calls":[]}  )");
    CHECK(d.raw.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK_FALSE(contains(d.raw, "100"));
    CHECK_FALSE(contains(d.raw, "Trailer"));
}

TEST_CASE("a body delimited by the connection's close is passed on as such") {
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"calls\":[]}", then::close)});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK(d.framing == swcalls::http_framing::until_close);
    CHECK(d.complete);
    CHECK_FALSE(d.http_error);
    CHECK(d.body == R"({"calls":[]})");
}

TEST_CASE("204 has no body and leaves nothing over") {
    canned_server server({answer("HTTP/1.1 204 No Content\r\n\r\n")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK(d.complete);
    CHECK(d.status == 204);
    CHECK(d.raw == "HTTP/1.1 204 No Content\r\n\r\n");
}

TEST_CASE("a Content-Encoding curl does not undo reaches the decoder, which refuses it") {
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\x1f\x8b\x08\x00")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    CHECK_FALSE(d.ec);  // the decoder stopped the transfer: a normal stop for the transport
    CHECK(d.http_error == errc::http_unsupported_coding);
}

TEST_CASE("a Transfer-Encoding other than plain chunked reaches the decoder, which refuses it") {
    canned_server server(
        {answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4\r\n\x1f\x8b\x08\x00\r\n0\r\n\r\n")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    CHECK_FALSE(d.ec);
    CHECK(d.http_error == errc::http_unsupported_coding);
}

TEST_CASE("proxy variables are ignored: the request goes to the configured origin, never to a proxy") {
    canned_server origin({answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")});
    auto proxy = swcalls_test::raw_server::silent();  // would see the Authorization header if used
    const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy->port());
    ::setenv("http_proxy", proxy_url.c_str(), 1);
    ::setenv("ALL_PROXY", proxy_url.c_str(), 1);
    local_endpoint ep = local(origin.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    ::unsetenv("http_proxy");
    ::unsetenv("ALL_PROXY");
    CHECK_FALSE(d.ec);
    CHECK(d.status == 200);
    CHECK(origin.requests().size() == 1);
    CHECK(proxy->connections() == 0);
}

TEST_CASE("a redirect is not followed: the 302 itself is the answer") {
    canned_server server({answer("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"),
                          answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    REQUIRE_FALSE(d.ec);
    CHECK(d.status == 302);
    CHECK(d.complete);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("a body cut short is an error, never a complete response") {
    SUBCASE("Content-Length longer than what comes") {
        canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", then::close)});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e);
        const decoded d = run(t, head_for(ep.e));
        CHECK(d.ec == errc::connection_lost);
        CHECK_FALSE(d.complete);
        CHECK(d.body == "0123456789");  // what came before the cut still counts
        CHECK_FALSE(t.error_detail().empty());
    }
    SUBCASE("chunked, cut inside a chunk") {
        canned_server server({answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123", then::close)});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e);
        const decoded d = run(t, head_for(ep.e));
        CHECK(d.ec == errc::connection_lost);
        CHECK_FALSE(d.complete);
    }
    SUBCASE("reset by the peer") {
        canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", then::reset)});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e);
        const decoded d = run(t, head_for(ep.e));
        CHECK(d.ec == errc::connection_lost);
        CHECK_FALSE(d.complete);
    }
    SUBCASE("closed with no answer at all") {
        canned_server server({answer("", then::close)});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e);
        const decoded d = run(t, head_for(ep.e));
        CHECK(d.ec == errc::connection_lost);
        CHECK(d.raw.empty());
    }
}

TEST_CASE("a refused connection is connect_failed, with curl's reason") {
    // A bound socket that does not listen: connecting to it is refused, and its port is ours meanwhile.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    local_endpoint ep = local(ntohs(a.sin_port));
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    ::close(fd);
    CHECK(d.ec == errc::connect_failed);
    CHECK(d.raw.empty());
    CHECK(contains(t.error_detail(), "127.0.0.1"));
    CHECK_FALSE(contains(t.error_detail(), api_token));
}

TEST_CASE("a server that stops sending times out after io_timeout, however slowly it dripped before") {
    swcalls::transport_options o;
    o.io_timeout = 300ms;
    SUBCASE("silent after the request") {
        canned_server server({reply{{}, then::hang, 0ms}});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e, o);
        const auto start = std::chrono::steady_clock::now();
        const decoded d = run(t, head_for(ep.e));
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK(d.ec == errc::timed_out);
        CHECK(took >= 300ms);
        CHECK(took < 3000ms);
    }
    SUBCASE("silent in the middle of the body") {
        canned_server server({reply{{"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234"}, then::hang, 0ms}});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e, o);
        const auto start = std::chrono::steady_clock::now();
        const decoded d = run(t, head_for(ep.e));
        const auto took = std::chrono::steady_clock::now() - start;
        CHECK(d.ec == errc::timed_out);
        CHECK(d.body == "01234");
        CHECK(took >= 300ms);
        CHECK(took < 3000ms);
    }
    SUBCASE("a slow drip that never pauses for io_timeout completes") {
        // Six pieces 150 ms apart: 750 ms in all, over twice io_timeout, but never 300 ms without a byte.
        canned_server server({reply{{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "a", "b", "c", "d", "e"}, then::keep, 150ms}});
        local_endpoint ep = local(server.port());
        swcalls::curl::transport t(ep.e, o);
        const decoded d = run(t, head_for(ep.e));
        CHECK_FALSE(d.ec);
        CHECK(d.complete);
        CHECK(d.body == "abcde");
    }
}

TEST_CASE("the connection is kept across exchanges until close()") {
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    canned_server server({answer(ok), answer(ok), answer(ok)});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    t.close();  // harmless before any connection
    CHECK(run(t, head_for(ep.e)).body == "ok");
    CHECK(run(t, head_for(ep.e)).body == "ok");
    CHECK(server.connections() == 1);
    t.close();
    CHECK(run(t, head_for(ep.e)).body == "ok");
    CHECK(server.connections() == 2);
    CHECK(server.requests().size() == 3);
}

TEST_CASE("on_bytes saying stop ends the transfer as a normal stop; the transport goes on") {
    const std::string big(1 << 20, 'x');
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big),
                          answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    std::size_t received = 0;
    int calls = 0;
    auto stop_at_once = [&](std::string_view bytes) {
        received += bytes.size();
        return ++calls < 3;
    };
    CHECK_FALSE(t.exchange(head_for(ep.e), swcalls::byte_sink(stop_at_once)));
    CHECK(calls == 3);
    CHECK(received < big.size());
    CHECK(t.error_detail().empty());
    const decoded d = run(t, head_for(ep.e));
    CHECK_FALSE(d.ec);
    CHECK(d.body == "ok");
}

#if SWCALLS_EXCEPTIONS
TEST_CASE("an exception from on_bytes comes out of exchange(), not through curl") {
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                          answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    auto throwing = [](std::string_view) -> bool { throw std::runtime_error("sink failed"); };
    CHECK_THROWS_AS((void)t.exchange(head_for(ep.e), swcalls::byte_sink(throwing)), std::runtime_error);
    CHECK(run(t, head_for(ep.e)).body == "ok");
}
#endif

TEST_CASE("a moved transport keeps working") {
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    canned_server server({answer(ok), answer(ok)});
    local_endpoint ep = local(server.port());
    swcalls::curl::transport first(ep.e);
    CHECK(run(first, head_for(ep.e)).body == "ok");
    swcalls::curl::transport second(std::move(first));
    CHECK(run(second, head_for(ep.e)).body == "ok");
    CHECK(server.connections() == 1);  // the connection moved with it
}

TEST_CASE("an IPv6 literal host is written in brackets") {
    canned_server server({answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")}, /*ipv6=*/true);
    if (!server.bound()) {
        MESSAGE("no IPv6 loopback here: skipped");
        return;
    }
    local_endpoint ep("http://[::1]:" + std::to_string(server.port()));
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    CHECK_FALSE(d.ec);
    CHECK(d.body == "ok");
    REQUIRE(server.requests().size() == 1);
    CHECK(contains(server.requests()[0], "\r\nHost: [::1]:" + std::to_string(server.port()) + "\r\n"));
}

TEST_CASE("an unreadable CA file is transport_setup_failed, not retried") {
    canned_server server({});
    swcalls::transport_options o;
    o.ca_file = "/nonexistent/swcalls-ca.pem";
    local_endpoint ep("https://127.0.0.1:" + std::to_string(server.port()));
    swcalls::curl::transport t(ep.e, o);
    const decoded d = run(t, head_for(ep.e));
    CHECK(d.ec == errc::transport_setup_failed);
    CHECK(swcalls::is_permanent_transport_error(d.ec));
}

TEST_CASE("curl's results map to swcalls errors") {
    using swcalls::curl::detail::map_result;
    CHECK(map_result(CURLE_COULDNT_RESOLVE_HOST, 0, "") == errc::resolve_failed);
    CHECK(map_result(CURLE_COULDNT_CONNECT, 0, "") == errc::connect_failed);
    CHECK(map_result(CURLE_OPERATION_TIMEDOUT, 0, "") == errc::timed_out);
    CHECK(map_result(CURLE_SSL_CONNECT_ERROR, 0, "") == errc::tls_failed);
    CHECK(map_result(CURLE_SSL_CACERT_BADFILE, 0, "") == errc::transport_setup_failed);
    CHECK(map_result(CURLE_RECV_ERROR, 0, "") == errc::connection_lost);
    CHECK(map_result(CURLE_SEND_ERROR, 0, "") == errc::connection_lost);
    CHECK(map_result(CURLE_PARTIAL_FILE, 0, "") == errc::connection_lost);
    CHECK(map_result(CURLE_GOT_NOTHING, 0, "") == errc::connection_lost);
    CHECK(map_result(CURLE_UNSUPPORTED_PROTOCOL, 0, "") == errc::http_status_line);  // "HTTP/0.9"
    CHECK(map_result(CURLE_WEIRD_SERVER_REPLY, 0, "") == errc::http_status_line);
    CHECK(map_result(CURLE_OUT_OF_MEMORY, 0, "") == errc::transport_failed);
    // Chain failures carry OpenSSL's reason; curl's own name check leaves it at X509_V_OK.
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 20, "SSL certificate problem: unable to get local issuer certificate") ==
          errc::tls_untrusted_certificate);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 10, "SSL certificate problem: certificate has expired") ==
          errc::tls_untrusted_certificate);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 0,
                     "SSL: no alternative certificate subject name matches target host name '127.0.0.1'") ==
          errc::tls_host_mismatch);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 1,
                     "SSL: certificate subject name 'wrong.example' does not match target host name 'localhost'") ==
          errc::tls_host_mismatch);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 62, "") == errc::tls_host_mismatch);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 64, "") == errc::tls_host_mismatch);
    CHECK(map_result(CURLE_PEER_FAILED_VERIFICATION, 0, "") == errc::tls_untrusted_certificate);
}

TEST_CASE("list_calls over curl: pages on one connection, a dead kept-alive connection retried") {
    auto page = [](std::string_view json) {
        return answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json.size()) +
                      "\r\n\r\n" + std::string(json));
    };
    const std::string next = "/api/laml/2010-04-01/Accounts/" + std::string(project_id) + "/Calls?PageSize=2&Page=1&PageToken=PACA2";
    canned_server server({
        page(R"({"calls":[{"sid":"CA1"},{"sid":"CA2"}],"next_page_uri":")" + next + R"("})"),
        answer("", then::close),  // the kept-alive connection dies under the second request
        page(R"({"calls":[{"sid":"CA3"}],"next_page_uri":null})"),
    });
    local_endpoint ep = local(server.port());
    swcalls::curl::transport t(ep.e);
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    options.memory = memory.view();
    options.page_size = 2;
    std::vector<std::string> sids;
    const swcalls::list_result r = swcalls::list_calls(
        t, ep.e, swcalls::call_query{}, options,
        [&](const swcalls::call_view& c) { sids.emplace_back(c.sid.value_or("")); },
        [](std::chrono::milliseconds) {});  // no real wait: the retry itself is what is tested
    CHECK_FALSE(r.ec);
    CHECK(r.finished);
    CHECK(sids == std::vector<std::string>{"CA1", "CA2", "CA3"});
    const std::vector<std::string> requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(contains(requests[1], next));
    CHECK(contains(requests[2], next));
    CHECK(server.connections() == 2);
}

}  // TEST_SUITE

// ---- the shared scenarios, against the in-process mock (tests/net/adapter_scenarios.hpp) ---------------

TEST_SUITE("curl transport with the mock") {

using curl_transport = swcalls::curl::transport;

TEST_CASE("curl: lists every call once over http, on one kept connection") {
    swcalls_test::check_lists_every_call_once<curl_transport>(swcalls_test::scenario{});
}

TEST_CASE("curl: lists every call once when the server closes after each response") {
    swcalls_test::scenario s;
    s.close_after_each = true;
    swcalls_test::check_lists_every_call_once<curl_transport>(s);
}

TEST_CASE("curl: lists every call once through 429s, 5xx, resets and short bodies") {
    swcalls_test::scenario s;
    s.calls = 600;
    s.faults.rate_429 = 0.1;
    s.faults.rate_5xx = 0.1;
    s.faults.rate_reset = 0.1;
    s.faults.rate_short = 0.1;
    s.faults.seed = 5;
    swcalls_test::check_lists_every_call_once<curl_transport>(s);
}

TEST_CASE("curl: lists every call once from a chunked, dripping mock") {
    swcalls_test::scenario s;
    s.calls = 60;
    s.faults.chunked = true;
    s.faults.drip_bytes = 512;
    s.faults.drip_delay_ms = 1;
    swcalls_test::check_lists_every_call_once<curl_transport>(s);
}

TEST_CASE("curl: a wrong token is the API's 401, not retried") { swcalls_test::check_wrong_token<curl_transport>(); }
TEST_CASE("curl: another project is the API's 404") { swcalls_test::check_other_project<curl_transport>(); }
TEST_CASE("curl: a foreign next_page_uri is refused, the other host hears nothing") {
    swcalls_test::check_foreign_next_page<curl_transport>();
}
TEST_CASE("curl: a silent server is timed_out after io_timeout") { swcalls_test::check_io_timeout<curl_transport>(); }
TEST_CASE("curl: a server dripping slower than io_timeout is timed_out") {
    swcalls_test::check_drip_slower_than_io_timeout<curl_transport>();
}
TEST_CASE("curl: redirects to another host, absolute or //host, are answers, never followed") {
    swcalls_test::check_redirect_not_followed<curl_transport>();
}
TEST_CASE("curl: slow but steady progress is no timeout") {
    swcalls_test::check_slow_progress_is_not_a_timeout<curl_transport>();
}
TEST_CASE("curl: a refused port is connect_failed, retried, then retries_exhausted") {
    swcalls_test::check_connect_refused<curl_transport>();
}

#if SWCALLS_MOCK_HAVE_TLS
TEST_CASE("curl: soak: 100,000 calls through random 429s, 5xx, resets and short bodies, each once, in order") {
    swcalls_test::check_lists_every_call_once<curl_transport>(swcalls_test::soak_scenario());
}

TEST_CASE("curl: lists every call once over https with the test CA") {
    swcalls_test::scenario s;
    s.tls = true;
    swcalls_test::check_lists_every_call_once<curl_transport>(s);
}

TEST_CASE("curl: lists every call once over https through faults") {
    swcalls_test::scenario s;
    s.tls = true;
    s.calls = 300;
    s.faults.rate_429 = 0.1;
    s.faults.rate_5xx = 0.1;
    s.faults.rate_reset = 0.1;
    s.faults.rate_short = 0.1;
    s.faults.seed = 9;
    swcalls_test::check_lists_every_call_once<curl_transport>(s);
}

TEST_CASE("curl: https by host name (localhost) with the test CA") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(40));
    swcalls_test::test_endpoint e{"https://localhost:" + std::to_string(mock->port())};
    curl_transport t(e.get(), swcalls_test::transport_options_for(swcalls_test::pki().ca_cert));
    const swcalls_test::listing l = swcalls_test::run_list(t, e, 25, 3);
    INFO("error_detail: " << t.error_detail());
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids.size() == 40);
}

TEST_CASE("curl: an unknown CA is tls_untrusted_certificate") {
    swcalls_test::check_untrusted_certificate<curl_transport>();
}
TEST_CASE("curl: a certificate for another host is tls_host_mismatch") {
    swcalls_test::check_host_mismatch<curl_transport>();
}
TEST_CASE("curl: a wrong token over https is the API's 401") { swcalls_test::check_wrong_token<curl_transport>(true); }
TEST_CASE("curl: a foreign next_page_uri over https is refused") {
    swcalls_test::check_foreign_next_page<curl_transport>(true);
}

TEST_CASE("curl: the system store does not trust the test CA") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(10));
    swcalls_test::test_endpoint e{mock->base_url()};
    curl_transport t(e.get(), swcalls_test::transport_options_for());
    const swcalls_test::listing l = swcalls_test::run_list(t, e, 10, 3);
    CHECK(l.result.ec == errc::tls_untrusted_certificate);
    CHECK(mock->stats().requests == 0);
}

TEST_CASE("curl: insecure_skip_verify accepts what verification refuses") {
    SWCALLS_REQUIRE_TEST_PKI();
    auto mock = swcalls_test::start_mock(swcalls_test::tls_mock_options(30, /*wrong_host_cert=*/true));
    swcalls_test::test_endpoint e{mock->base_url()};
    swcalls::transport_options o = swcalls_test::transport_options_for(swcalls_test::pki().other_ca_cert);
    o.insecure_skip_verify = true;
    curl_transport t(e.get(), o);
    const swcalls_test::listing l = swcalls_test::run_list(t, e, 10, 3);
    INFO("error_detail: " << t.error_detail());
    CHECK_FALSE(l.result.ec);
    CHECK(l.sids.size() == 30);
}

TEST_CASE("curl: a server that answers TLS with plain HTTP is tls_failed") {
    reply plain = answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", then::close);
    plain.unasked = true;  // before the ClientHello is even read
    canned_server server({plain});
    local_endpoint ep("https://127.0.0.1:" + std::to_string(server.port()));
    swcalls::curl::transport t(ep.e);
    const decoded d = run(t, head_for(ep.e));
    CHECK(d.ec == errc::tls_failed);
    CHECK_FALSE(t.error_detail().empty());
}
#endif  // SWCALLS_MOCK_HAVE_TLS

}  // TEST_SUITE

#endif  // SWCALLS_TEST_HAVE_CURL
