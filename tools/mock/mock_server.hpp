// tools/mock/mock_server.hpp — the mock LaML server on real sockets: 127.0.0.1 only, HTTP/1.1 keep-alive,
// optional TLS, HTTP Basic checked, and faults on demand (429, 5xx, resets, short bodies, slow drip).
//
//   swcalls_mock::server_options o;
//   o.api.project_id = std::string(swcalls_mock::demo_project_id);
//   o.api_token = std::string(swcalls_mock::demo_api_token);
//   o.faults.rate_429 = 0.1;
//   swcalls_mock::server s{o};
//   if (std::error_code ec = s.start()) { ... s.error_detail() ... }   // port 0: any free port
//   ... point a client at s.base_url() ...
//   s.stop();   // also done by the destructor; never hangs, even with idle keep-alive clients connected
//
// The answers come from swcalls_mock::api (mock_api.hpp); this file only moves them. One thread accepts,
// one thread serves each connection (at most max_connections at once: more are closed at once). Every wait
// is a poll() in short slices that also watches the stop flag, so stop() can shut everything and join.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>

#include "mock_api.hpp"
#include "mock_faults.hpp"
#include "mock_http.hpp"
#include "mock_stream.hpp"
#include "mock_tls.hpp"

namespace swcalls_mock {

// The demo credentials: `swcalls mock` and `swcalls demo` use them unless told otherwise.
inline constexpr std::string_view demo_project_id = "a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93";
inline constexpr std::string_view demo_api_token = "PTmockdemo0000000000000000000000000000000000000000";

struct server_options {
    std::uint16_t port = 0;  // 0: any free port (see server::port())
    api_options api;
    std::string api_token;   // the HTTP Basic password every request must carry
    std::string tls_cert_file, tls_key_file;  // both set: https (needs SWCALLS_MOCK_HAVE_TLS)
    fault_plan faults;
    unsigned max_connections = 64;
    bool close_after_each = false;  // "Connection: close" on every response
};

struct server_stats {
    std::uint64_t connections = 0;      // connections accepted and served
    std::uint64_t requests = 0;         // request heads read (bad ones included)
    std::uint64_t ok_pages = 0;         // 200 answers from the API
    std::uint64_t unauthorized = 0;     // 401 answers
    std::uint64_t not_found = 0;        // 404 answers from the API
    std::uint64_t faults_injected = 0;  // 429, 5xx, resets and short bodies sent on purpose
};

class server {
public:
    explicit server(server_options options) : options_(std::move(options)), api_(options_.api), dice_(options_.faults) {}
    server(const server&) = delete;
    server& operator=(const server&) = delete;
    ~server() { stop(); }

    // Binds 127.0.0.1:port, listens, and starts the accept thread. On failure error_detail() says why.
    std::error_code start() {
        std::lock_guard<std::mutex> lock(lifecycle_);
        if (started_) return fail(std::make_error_code(std::errc::already_connected), "the server was started before");
        const bool want_tls = !options_.tls_cert_file.empty() || !options_.tls_key_file.empty();
        if (want_tls) {
            if (options_.tls_cert_file.empty() || options_.tls_key_file.empty())
                return fail(std::make_error_code(std::errc::invalid_argument),
                            "https needs both a certificate file and a key file");
#if SWCALLS_MOCK_HAVE_TLS
            tls_ = std::make_unique<tls_server_context>();
            std::string detail;
            if (!tls_->load(options_.tls_cert_file, options_.tls_key_file, detail)) {
                tls_.reset();
                return fail(std::make_error_code(std::errc::invalid_argument), detail);
            }
#else
            return fail(std::make_error_code(std::errc::not_supported),
                        "this mock server was built without TLS (SWCALLS_MOCK_HAVE_TLS): https is not available");
#endif
        }
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return fail_errno("socket");
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(options_.port);
        if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            const std::error_code ec = fail_errno("bind 127.0.0.1:" + std::to_string(options_.port));
            ::close(fd);
            return ec;
        }
        socklen_t length = sizeof address;
        if (::listen(fd, 128) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            const std::error_code ec = fail_errno("listen");
            ::close(fd);
            return ec;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        listen_fd_ = fd;
        port_ = ntohs(address.sin_port);
        stopping_ = false;
        // The server's threads never take SIGPIPE (a client hanging up mid-write is an EPIPE, even through
        // OpenSSL's plain write()), nor the signals a program waits for on its main thread.
        sigset_t blocked, previous;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGPIPE);
        sigaddset(&blocked, SIGINT);
        sigaddset(&blocked, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &blocked, &previous);
        try {
            accept_thread_ = std::thread([this] { accept_loop(); });
        } catch (const std::system_error& e) {
            pthread_sigmask(SIG_SETMASK, &previous, nullptr);
            ::close(listen_fd_);
            listen_fd_ = -1;
            return fail(e.code(), std::string("cannot start the accept thread: ") + e.what());
        }
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        started_ = true;
        return {};
    }

    // The port listened on (the one picked when options.port was 0); 0 before start().
    std::uint16_t port() const noexcept { return port_; }

    // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
    std::string base_url() const {
        return std::string(is_tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    }

    bool is_tls() const noexcept { return !options_.tls_cert_file.empty(); }

    // Why start() failed ("" when it did not).
    std::string_view error_detail() const noexcept { return error_detail_; }

    server_stats stats() const noexcept {
        server_stats s;
        s.connections = connections_.load();
        s.requests = requests_.load();
        s.ok_pages = ok_pages_.load();
        s.unauthorized = unauthorized_.load();
        s.not_found = not_found_.load();
        s.faults_injected = faults_injected_.load();
        return s;
    }

    const api& endpoint_api() const noexcept { return api_; }
    const server_options& options() const noexcept { return options_; }

    // Shuts the listening socket and every connection, and joins every thread. Harmless when not started
    // or already stopped.
    void stop() {
        std::lock_guard<std::mutex> lock(lifecycle_);
        if (!started_) return;
        stopping_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);
        if (accept_thread_.joinable()) accept_thread_.join();
        ::close(listen_fd_);
        listen_fd_ = -1;
        // The accept thread is gone: nobody else touches the list now.
        for (auto& slot : slots_) {
            std::lock_guard<std::mutex> slot_lock(slot->mutex);
            if (slot->fd >= 0) ::shutdown(slot->fd, SHUT_RDWR);
        }
        for (auto& slot : slots_)
            if (slot->thread.joinable()) slot->thread.join();
        slots_.clear();
        started_ = false;
    }

private:
    using milliseconds = std::chrono::milliseconds;
    // A kept-alive connection with no request for this long is closed (the client must reconnect).
    static constexpr milliseconds idle_timeout{60000};
    // The longest wait for a client to take response bytes, or to finish its TLS handshake.
    static constexpr milliseconds io_timeout{10000};
    // How long a closing connection waits for the client to close its side (see connection_stream::linger).
    static constexpr milliseconds linger_timeout{1000};

    struct connection_slot {
        std::thread thread;
        std::mutex mutex;            // guards fd: the thread closes it, stop() shuts it down
        int fd = -1;
        std::atomic<bool> finished{false};
    };

    // A response before framing: status, headers other than the framing ones, body.
    struct response {
        int status = 200;
        std::string content_type = "application/json; charset=utf-8";
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        bool close = false;  // the connection ends after it whatever the client asked
    };

    std::error_code fail(std::error_code ec, std::string detail) {
        error_detail_ = std::move(detail);
        return ec;
    }
    std::error_code fail_errno(const std::string& what) {
        const int e = errno;
        return fail(std::error_code(e, std::system_category()), what + ": " + std::strerror(e));
    }

    void accept_loop() {
        while (!stopping_.load()) {
            pollfd p{listen_fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, connection_stream::poll_slice_ms);
            reap_finished();
            if (r <= 0) continue;
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                // Out of descriptors: wait a little instead of spinning on a listener that stays readable.
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) ::poll(nullptr, 0, 50);
                continue;  // EAGAIN (another wake-up), a client gone already, or the shutdown of stop()
            }
            if (stopping_.load() || slots_.size() >= options_.max_connections) {
                ::close(fd);
                continue;
            }
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto slot = std::make_unique<connection_slot>();
            slot->fd = fd;
            connection_slot* raw = slot.get();
            ++connections_;  // before the thread starts: a short exchange may end before the next line runs
            try {
                slot->thread = std::thread([this, raw] { serve(*raw); });
            } catch (const std::system_error&) {
                --connections_;
                ::close(fd);
                continue;
            }
            slots_.push_back(std::move(slot));
        }
    }

    void reap_finished() {
        for (auto it = slots_.begin(); it != slots_.end();) {
            if ((*it)->finished.load()) {
                (*it)->thread.join();
                it = slots_.erase(it);
            } else {
                ++it;
            }
        }
    }

    // One connection, request after request, until it closes, fails, idles out or the server stops.
    void serve(connection_slot& slot) {
        bool reset = false;
        {
            connection_stream stream{slot.fd, stopping_};
            reset = serve_requests(stream);
            if (!reset) {
                stream.finish();
                stream.linger(linger_timeout);
            }
        }
        std::lock_guard<std::mutex> lock(slot.mutex);
        if (reset) {
            const linger hard{1, 0};  // close() now sends RST instead of FIN
            ::setsockopt(slot.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        }
        ::close(slot.fd);
        slot.fd = -1;
        slot.finished = true;
    }

    // Returns true when the connection must end with a reset.
    bool serve_requests(connection_stream& stream) {
#if SWCALLS_MOCK_HAVE_TLS
        if (tls_ && !stream.start_tls(*tls_, io_timeout)) return false;
#endif
        std::string pending;
        char buffer[16 * 1024];
        for (;;) {
            request_head head;
            const head_status status = read_request_head(pending, head);
            if (status == head_status::need_more) {
                const long n = stream.read_some(buffer, sizeof buffer, idle_timeout);
                if (n <= 0) return false;
                pending.append(buffer, static_cast<std::size_t>(n));
                continue;
            }
            ++requests_;
            if (status == head_status::too_large) {
                send(stream, error_response(431, 20431, "Request header fields too large", true), fault_draw{});
                return false;
            }
            if (status == head_status::malformed) {
                send(stream, error_response(400, 20001, "Bad request", true), fault_draw{});
                return false;
            }
            pending.erase(0, head.size);
            fault_draw fate;
            response r = answer(head, fate);
            if (!wants_keep_alive(head) || options_.close_after_each) r.close = true;
            const send_result sent = send(stream, r, fate);
            if (sent == send_result::reset) return true;
            if (sent != send_result::complete || r.close) return false;
        }
    }

    response error_response(int status, int code, std::string_view message, bool close) const {
        response r;
        r.status = status;
        r.body = error_body(code, message, status);
        r.close = close;
        return r;
    }

    // What to answer to one request head (faults decided here too).
    response answer(const request_head& head, fault_draw& fate) {
        if (head.method != "GET") {
            response r = error_response(405, 20004, "Method not allowed", true);
            r.headers.emplace_back("Allow", "GET");
            return r;
        }
        if (has_request_body(head)) return error_response(400, 20001, "A GET request has no body", true);
        fate = dice_.draw();
        if (fate.kind == fault_kind::too_many_requests || fate.kind == fault_kind::server_error) {
            ++faults_injected_;
            response r;
            r.status = fate.status;
            if (fate.status == 429) {
                r.body = error_body(20429, "Too Many Requests", 429);
            } else if (fate.status == 502) {  // what a proxy in front of the API sends
                r.content_type = "text/html";
                r.body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                         "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
            } else {
                r.body = error_body(20000 + fate.status, reason_phrase(fate.status), fate.status);  // 20500, 20503
            }
            if ((fate.status == 429 || fate.status == 503) && options_.faults.send_retry_after)
                r.headers.emplace_back("Retry-After", std::to_string(options_.faults.retry_after_seconds));
            return r;
        }
        if (!basic_auth_accepts(head.header("authorization"), options_.api_token)) {
            ++unauthorized_;
            response r = error_response(401, 20003, "Authentication failed", false);
            r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"SignalWire mock\"");
            return r;
        }
        api_response a = api_.get(head.target);
        if (a.status == 200) ++ok_pages_;
        if (a.status == 404) ++not_found_;
        response r;
        r.status = a.status;
        r.body = std::move(a.body);
        return r;
    }

    enum class send_result { complete, failed, reset, cut };

    // Frames and writes a response, applying the request's fault (reset or short body) and the drip.
    send_result send(connection_stream& stream, const response& r, const fault_draw& fate) {
        const fault_plan& plan = options_.faults;
        const bool chunked = plan.chunked && r.status == 200;
        std::vector<std::pair<std::string, std::string>> headers;
        headers.emplace_back("Content-Type", r.content_type);
        std::string body;
        if (chunked) {
            headers.emplace_back("Transfer-Encoding", "chunked");
            body = chunk(r.body, fate.chunk_seed);
        } else {
            headers.emplace_back("Content-Length", std::to_string(r.body.size()));
            body = r.body;
        }
        for (const auto& h : r.headers) headers.push_back(h);
        headers.emplace_back("Connection", r.close ? "close" : "keep-alive");
        const std::string head = response_head(r.status, headers);

        std::size_t body_sent = body.size();
        const bool cut = fate.kind == fault_kind::reset || fate.kind == fault_kind::short_body;
        if (cut) {
            ++faults_injected_;
            body_sent = static_cast<std::size_t>(fate.cut * static_cast<double>(body.size()));
            if (body_sent >= body.size() && !body.empty()) body_sent = body.size() - 1;
        }
        const std::string wire = head + body.substr(0, body_sent);
        if (!write(stream, wire)) return send_result::failed;
        if (fate.kind == fault_kind::reset) return send_result::reset;
        if (fate.kind == fault_kind::short_body) return send_result::cut;
        return send_result::complete;
    }

    bool write(connection_stream& stream, std::string_view wire) {
        const fault_plan& plan = options_.faults;
        if (plan.drip_bytes == 0) return stream.write_all(wire, io_timeout);
        while (!wire.empty()) {
            const std::size_t n = wire.size() < plan.drip_bytes ? wire.size() : plan.drip_bytes;
            if (!stream.write_all(wire.substr(0, n), io_timeout)) return false;
            wire.remove_prefix(n);
            if (!wire.empty() && !stream.pause(milliseconds(plan.drip_delay_ms))) return false;
        }
        return true;
    }

    // The body in chunked framing, chunks of 1..1024 bytes drawn from `seed`.
    static std::string chunk(std::string_view body, std::uint64_t seed) {
        fault_random random(seed);
        std::string out;
        char size_line[24];
        while (!body.empty()) {
            std::size_t n = 1 + static_cast<std::size_t>(random.next() % 1024);
            if (n > body.size()) n = body.size();
            const int length = std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
            out.append(size_line, static_cast<std::size_t>(length));
            out.append(body.substr(0, n));
            out += "\r\n";
            body.remove_prefix(n);
        }
        out += "0\r\n\r\n";
        return out;
    }

    server_options options_;
    api api_;
    fault_dice dice_;
#if SWCALLS_MOCK_HAVE_TLS
    std::unique_ptr<tls_server_context> tls_;
#endif
    std::mutex lifecycle_;  // start() and stop()
    bool started_ = false;
    std::atomic<bool> stopping_{false};
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::string error_detail_;
    std::thread accept_thread_;
    std::list<std::unique_ptr<connection_slot>> slots_;  // only the accept thread (or stop(), after it) touches it
    std::atomic<std::uint64_t> connections_{0}, requests_{0}, ok_pages_{0}, unauthorized_{0}, not_found_{0},
        faults_injected_{0};
};

}  // namespace swcalls_mock
