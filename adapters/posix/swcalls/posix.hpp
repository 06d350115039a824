// swcalls/posix.hpp — a transport over POSIX sockets: getaddrinfo, non-blocking connect, poll() timeouts.
//
//   swcalls::posix::transport transport{endpoint, options};       // http; posix_tls.hpp adds https
//   swcalls::list_result r = swcalls::list_calls(transport, endpoint, query, list_options, on_call, sleep);
//   if (r.ec) std::fprintf(stderr, "%.*s\n", int(transport.error_detail().size()), transport.error_detail().data());
//
// It models the core's Transport concept (list_driver.hpp): exchange() connects lazily (resolve, then each
// address in turn, within options.connect_timeout), sends the request head, and hands the response bytes to
// the core as they arrive. The connection is kept between exchanges and dropped by close(), by an error, or
// when the server closes it. Waiting for any progress longer than options.io_timeout is errc::timed_out.
// SIGPIPE never fires (MSG_NOSIGNAL, or SO_NOSIGPIPE where that is the way). Nothing is allocated per
// exchange; getaddrinfo allocates its address list while connecting, as it must.
//
// Before a kept connection is used again, a zero-timeout poll() checks that the server has not closed it
// meanwhile; if it has, a new connection is made at once. A server that closes just after that check makes
// the exchange end without a byte, which the core retries as errc::http_no_response.
//
// ---- The layer hook: how TLS (and other stacks) plug in --------------------------------------------------
//
// basic_transport<Layer> owns the socket, the poll() loop and every deadline. A Layer only translates
// between the socket and the bytes the core sees. posix_tls.hpp's openssl_layer is one; plain_layer (below)
// is the trivial one. An mbedTLS or wolfSSL layer has the same shape (their non-blocking read/write return
// "want read"/"want write" just as OpenSSL's do), and an lwIP port keeps the whole of this file but swaps
// the socket calls for lwip_* ones. A layer is:
//
//   struct my_layer {
//       static constexpr bool encrypts = true;           // false: https endpoints are refused
//       explicit my_layer(const swcalls::transport_options&);   // must not fail: defer work to open()
//       // After the TCP connect (the socket is non-blocking): set up the session and run the handshake.
//       // When the library must wait for the socket, call `d.wait(fd, io_status::want_read)` (or
//       // want_write); it returns {} when the socket is ready, errc::timed_out when the connect deadline
//       // passed. Return {} when the session is ready, or an error code (errc::tls_*), with detail() set.
//       std::error_code open(int fd, std::string_view host, const swcalls::posix::deadline& d);
//       // Move bytes without blocking: io_result::done(n) (n > 0); want_read or want_write when the socket
//       // must become readable or writable first (the transport polls, then calls again with the same
//       // arguments); end_of_stream() when the peer closed cleanly (read only); failed(ec) with detail().
//       swcalls::posix::io_result write(int fd, const char* data, std::size_t size);
//       swcalls::posix::io_result read(int fd, char* data, std::size_t size);
//       // Before the transport closes the socket: end the session (a TLS close_notify, best effort, must
//       // not wait) and free what open() made.
//       void close(int fd);
//       // Why the last open/read/write failed, for error_detail(): "certificate has expired". Stays valid
//       // until the layer's next call.
//       std::string_view detail() const noexcept;
//   };
//
// The transport calls read() again until it answers want_read or want_write before it polls, so bytes a
// layer already holds (a decrypted TLS record) are never stranded while poll() waits for the socket.
// For http endpoints the transport does plain socket I/O itself and never calls the layer.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>

#include <swcalls/bounded_text.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/transport_options.hpp>

namespace swcalls::posix {

// What a layer's read or write did.
enum class io_status : std::uint8_t {
    done,           // `bytes` bytes moved (more than zero)
    want_read,      // nothing moved: call again once the socket is readable
    want_write,     // nothing moved: call again once the socket is writable
    end_of_stream,  // the peer closed the connection cleanly (read only)
    failed,         // `ec` says why; the layer's detail() says more
};

struct io_result {
    io_status status = io_status::done;
    std::size_t bytes = 0;
    std::error_code ec;

    static io_result done(std::size_t n) noexcept { return {io_status::done, n, {}}; }
    static io_result want_read() noexcept { return {io_status::want_read, 0, {}}; }
    static io_result want_write() noexcept { return {io_status::want_write, 0, {}}; }
    static io_result end_of_stream() noexcept { return {io_status::end_of_stream, 0, {}}; }
    static io_result failed(std::error_code e) noexcept { return {io_status::failed, 0, e}; }
};

namespace detail {

// strerror_r comes in a GNU flavour (returns the text) and an XSI one (fills the buffer).
inline const char* pick_error_text(int result, const char* buffer) noexcept {
    return result == 0 ? buffer : "unknown error";
}
inline const char* pick_error_text(const char* result, const char*) noexcept { return result; }

// errno's text, thread-safely, in the caller's buffer (which it may or may not use).
inline std::string_view errno_text(int err, char* buffer, std::size_t size) noexcept {
    buffer[0] = '\0';
    return pick_error_text(::strerror_r(err, buffer, size), buffer);
}

template <std::size_t N>
void append_unsigned(bounded_text<N>& text, std::uint64_t value) noexcept {
    char digits[20];
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) text.push_back(digits[--n]);
}

template <std::size_t N>
void append_errno(bounded_text<N>& text, int err) noexcept {
    char buffer[128];
    text.append(errno_text(err, buffer, sizeof buffer));
}

// True when the error means "try again once the socket is ready".
inline bool would_block(int err) noexcept { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

inline int send_flags() noexcept {
#ifdef MSG_NOSIGNAL
    return MSG_NOSIGNAL;  // a peer that closed must not raise SIGPIPE (SO_NOSIGPIPE is set where this is missing)
#else
    return 0;
#endif
}

}  // namespace detail

// A point in time that waits are bounded by. The transport makes one per connect (connect_timeout) and a
// fresh one whenever bytes move (io_timeout); layers get the connect one in open().
class deadline {
public:
    using clock = std::chrono::steady_clock;

    static deadline after(std::chrono::milliseconds d) noexcept { return deadline(clock::now() + d); }
    explicit deadline(clock::time_point at) noexcept : at_(at) {}

    bool passed() const noexcept { return clock::now() >= at_; }
    clock::time_point at() const noexcept { return at_; }

    // The share of the time left that one of `ways` remaining attempts may take (all of it for the last).
    deadline share(std::size_t ways) const noexcept {
        const clock::time_point now = clock::now();
        if (ways <= 1 || at_ <= now) return *this;
        return deadline(now + (at_ - now) / static_cast<int>(ways < 64 ? ways : 64));
    }

    // Waits until `fd` is readable (want == io_status::want_read) or writable (anything else). {} when it
    // is, or when poll() reports an error or hang-up on it (the next read or write says which);
    // errc::timed_out when the deadline comes first; errc::connection_lost if poll() itself fails.
    std::error_code wait(int fd, io_status want) const noexcept {
        pollfd p{};
        p.fd = fd;
        p.events = want == io_status::want_read ? POLLIN : POLLOUT;
        for (;;) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(at_ - clock::now()).count();
            if (left <= 0) return make_error_code(errc::timed_out);
            const int ms = left > 1000000000 ? 1000000000 : static_cast<int>(left);
            const int r = ::poll(&p, 1, ms);
            if (r > 0) return {};
            if (r < 0 && errno != EINTR) return make_error_code(errc::connection_lost);
        }
    }

private:
    clock::time_point at_;
};

// The layer for http: the socket's bytes as they are.
class plain_layer {
public:
    static constexpr bool encrypts = false;

    plain_layer() noexcept = default;
    explicit plain_layer(const transport_options&) noexcept {}

    std::error_code open(int, std::string_view, const deadline&) noexcept { return {}; }

    io_result write(int fd, const char* data, std::size_t size) noexcept {
        const ssize_t n = ::send(fd, data, size, detail::send_flags());
        if (n > 0) return io_result::done(static_cast<std::size_t>(n));
        if (n < 0 && detail::would_block(errno)) return io_result::want_write();
        return fail(n < 0 ? errno : EPIPE);
    }

    io_result read(int fd, char* data, std::size_t size) noexcept {
        const ssize_t n = ::recv(fd, data, size, 0);
        if (n > 0) return io_result::done(static_cast<std::size_t>(n));
        if (n == 0) return io_result::end_of_stream();
        if (detail::would_block(errno)) return io_result::want_read();
        return fail(errno);
    }

    void close(int) noexcept {}

    std::string_view detail() const noexcept { return detail_.view(); }

private:
    io_result fail(int err) noexcept {
        detail_.clear();
        detail::append_errno(detail_, err);
        return io_result::failed(make_error_code(errc::connection_lost));
    }

    bounded_text<128> detail_;
};

// The transport. ReadBufferBytes is the buffer each read fills (a member: no heap per read); the core gets
// views of it, so the transport copies nothing. Larger means fewer system calls per page, smaller less
// memory on a small target (the core needs no particular size: any chunking works).
template <class Layer = plain_layer, std::size_t ReadBufferBytes = 16 * 1024>
class basic_transport {
    static_assert(ReadBufferBytes > 0, "swcalls::posix: the read buffer needs at least one byte");

public:
    explicit basic_transport(const endpoint& e, const transport_options& o = {})
        : endpoint_(e), options_(o), layer_(o) {}

    // The layer may point at itself (an OpenSSL BIO does): the transport stays where it was made.
    basic_transport(const basic_transport&) = delete;
    basic_transport& operator=(const basic_transport&) = delete;

    ~basic_transport() { close(); }

    std::error_code exchange(std::string_view request_head, byte_sink on_bytes) {
        detail_.clear();
        if constexpr (!Layer::encrypts) {
            if (uses_layer()) {
                detail_.append("https needs a TLS layer (swcalls/posix_tls.hpp)");
                return make_error_code(errc::transport_setup_failed);
            }
        }
        if (fd_ >= 0 && !still_open()) close();
        if (fd_ < 0) {
            if (std::error_code ec = connect()) return ec;
        }
        if (std::error_code ec = send_all(request_head)) return ec;
        return receive(on_bytes);
    }

    void close() noexcept {
        if (fd_ < 0) return;
        if (layer_open_) layer_.close(fd_);
        layer_open_ = false;
        ::close(fd_);
        fd_ = -1;
    }

    // Why the last exchange failed ("" when it did not): "connect to 127.0.0.1:9: Connection refused".
    std::string_view error_detail() const noexcept { return detail_.view(); }

    // Whether a connection is open (kept from the last exchange).
    bool connected() const noexcept { return fd_ >= 0; }

private:
    // https goes through the layer; http is plain socket I/O whatever the layer.
    bool uses_layer() const noexcept { return endpoint_.scheme == url_scheme::https; }

    io_result do_write(const char* data, std::size_t size) {
        if (uses_layer()) return layer_.write(fd_, data, size);
        return plain_.write(fd_, data, size);
    }
    io_result do_read(char* data, std::size_t size) {
        if (uses_layer()) return layer_.read(fd_, data, size);
        return plain_.read(fd_, data, size);
    }
    std::string_view io_detail() const noexcept { return uses_layer() ? layer_.detail() : plain_.detail(); }

    void begin_detail(std::string_view what) noexcept {
        detail_.clear();
        detail_.append(what);
        detail_.append(endpoint_.host());
        detail_.push_back(':');
        detail::append_unsigned(detail_, endpoint_.effective_port());
        detail_.append(": ");
    }

    void timeout_detail(std::string_view what, std::string_view waited_for, std::chrono::milliseconds limit) noexcept {
        begin_detail(what);
        detail_.append(waited_for);
        detail_.append(" within ");
        detail::append_unsigned(detail_, static_cast<std::uint64_t>(limit.count()));
        detail_.append(" ms");
    }

    // A kept connection is worth using only if the server has not closed it (or sent something unasked).
    bool still_open() const noexcept {
        pollfd p{};
        p.fd = fd_;
        p.events = POLLIN;
        const int r = ::poll(&p, 1, 0);
        if (r == 0) return true;
        if (r < 0) return errno == EINTR;
        char byte;
        const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && detail::would_block(errno);
    }

    static int open_socket(int family) noexcept {
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
        const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        if (fd < 0) return -1;
#else
        const int fd = ::socket(family, SOCK_STREAM, IPPROTO_TCP);
        if (fd < 0) return -1;
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
            ::close(fd);
            return -1;
        }
#endif
        const int on = 1;
        // Requests are one small write each: do not hold them back waiting for an ACK (Nagle).
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
#ifdef SO_NOSIGPIPE
        ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
#endif
        return fd;
    }

    // Connects to one address before the deadline: 0, or the errno of the failure (ETIMEDOUT for the deadline).
    int connect_one(const addrinfo& a, const deadline& d) noexcept {
        fd_ = open_socket(a.ai_family);
        if (fd_ < 0) return errno;
        int err = 0;
        if (::connect(fd_, a.ai_addr, a.ai_addrlen) != 0) {
            err = errno;
            if (err == EINPROGRESS || err == EINTR) {
                if (d.wait(fd_, io_status::want_write)) {
                    err = ETIMEDOUT;
                } else {
                    socklen_t len = sizeof err;
                    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
                }
            }
        }
        if (err != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        return err;
    }

    std::error_code connect() {
        const deadline d = deadline::after(options_.connect_timeout);
        // getaddrinfo wants NUL-terminated text; an IPv6 literal comes without its brackets.
        std::string_view host = endpoint_.host();
        if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
        char name[max_host_length + 1];
        std::memcpy(name, host.data(), host.size());
        name[host.size()] = '\0';
        char service[8];
        {
            bounded_text<7> port;
            detail::append_unsigned(port, endpoint_.effective_port());
            std::memcpy(service, port.view().data(), port.size());
            service[port.size()] = '\0';
        }
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_NUMERICSERV;
        addrinfo* list = nullptr;
        // getaddrinfo cannot be interrupted: a hanging resolver is bounded by its own timeouts (resolv.conf).
        const int gai = ::getaddrinfo(name, service, &hints, &list);
        if (gai != 0) {
            detail_.clear();
            detail_.append("resolve ");
            detail_.append(endpoint_.host());
            detail_.append(": ");
            if (gai == EAI_SYSTEM) detail::append_errno(detail_, errno);
            else detail_.append(::gai_strerror(gai));
            return make_error_code(errc::resolve_failed);
        }
        // Each address gets an equal share of the time left, so a black-holed first address (an IPv6 one
        // without a route, say) cannot use up the whole connect_timeout before the next is tried.
        std::size_t addresses = 0;
        for (const addrinfo* a = list; a != nullptr; a = a->ai_next) ++addresses;
        int err = ETIMEDOUT;
        for (const addrinfo* a = list; a != nullptr && !d.passed(); a = a->ai_next, --addresses) {
            err = connect_one(*a, d.share(addresses));
            if (err == 0) break;
        }
        ::freeaddrinfo(list);
        if (err == ETIMEDOUT) {
            timeout_detail("connect to ", "no connection", options_.connect_timeout);
            return make_error_code(errc::timed_out);
        }
        if (err != 0) {
            begin_detail("connect to ");
            detail::append_errno(detail_, err);
            return make_error_code(errc::connect_failed);
        }
        if (uses_layer()) return open_layer(d);
        return {};
    }

    std::error_code open_layer(const deadline& d) {
        std::string_view host = endpoint_.host();
        if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
        layer_open_ = true;  // close() must let the layer free what open() made, even on failure
        if (std::error_code ec = layer_.open(fd_, host, d)) {
            if (ec == errc::timed_out) {
                timeout_detail("TLS handshake with ", "not finished", options_.connect_timeout);
            } else {
                begin_detail(ec == errc::transport_setup_failed ? "TLS setup for " : "TLS handshake with ");
                detail_.append(layer_.detail());
            }
            close();
            return ec;
        }
        return {};
    }

    std::error_code send_all(std::string_view bytes) {
        deadline d = deadline::after(options_.io_timeout);
        while (!bytes.empty()) {
            const io_result r = do_write(bytes.data(), bytes.size());
            if (r.status == io_status::done) {
                bytes.remove_prefix(r.bytes);
                d = deadline::after(options_.io_timeout);
            } else if (r.status == io_status::want_read || r.status == io_status::want_write) {
                if (std::error_code ec = d.wait(fd_, r.status)) return wait_failure("send to ", ec);
            } else {
                return io_failure("send to ", r.ec);
            }
        }
        return {};
    }

    std::error_code receive(byte_sink on_bytes) {
        deadline d = deadline::after(options_.io_timeout);
        for (;;) {
            const io_result r = do_read(buffer_, ReadBufferBytes);
            switch (r.status) {
                case io_status::done:
                    if (!on_bytes(std::string_view(buffer_, r.bytes))) return {};
                    d = deadline::after(options_.io_timeout);
                    break;
                case io_status::want_read:
                case io_status::want_write:
                    if (std::error_code ec = d.wait(fd_, r.status)) return wait_failure("receive from ", ec);
                    break;
                case io_status::end_of_stream:
                    close();  // the server is done with this connection; the core judges the response
                    return {};
                case io_status::failed:
                    return io_failure("receive from ", r.ec);
            }
        }
    }

    // A read or write the layer refused: its detail says why. Drops the connection.
    std::error_code io_failure(std::string_view what, std::error_code ec) {
        begin_detail(what);
        detail_.append(io_detail());
        close();
        return ec ? ec : make_error_code(errc::connection_lost);
    }

    // A wait that ended without the socket becoming ready: the deadline, or poll() failing. Drops the connection.
    std::error_code wait_failure(std::string_view what, std::error_code ec) {
        const int err = errno;
        if (ec == errc::timed_out) {
            timeout_detail(what, "no progress", options_.io_timeout);
        } else {
            begin_detail(what);
            detail::append_errno(detail_, err);
        }
        close();
        return ec;
    }

    endpoint endpoint_;
    transport_options options_;
    Layer layer_;
    plain_layer plain_;
    int fd_ = -1;
    bool layer_open_ = false;
    bounded_text<384> detail_;
    char buffer_[ReadBufferBytes];
};

// Plain TCP, for http endpoints (the mock, a local proxy). https needs posix_tls.hpp's tls_transport.
using transport = basic_transport<plain_layer>;

}  // namespace swcalls::posix
