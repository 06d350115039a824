// swcalls/beast.hpp — a synchronous swcalls transport on Boost.Beast/Asio: http and https, with timeouts.
//
//   swcalls::transport_options options;                   // timeouts, CA file
//   swcalls::beast::transport transport(endpoint, options);  // owns an io_context (or pass yours first)
//   swcalls::list_result r = swcalls::list_calls(transport, endpoint, query, list_options, on_call, sleep);
//   if (r.ec) std::cerr << transport.error_detail() << '\n';   // "connect to 127.0.0.1:9: Connection refused"
//
// exchange() connects lazily (resolve, TCP connect, TLS handshake for https), writes the request head and hands
// the raw response bytes to the core's HTTP decoder as they arrive, from a fixed 16 KiB buffer inside the
// transport (nothing is allocated per read). The connection is kept for the next exchange() until close().
//
// Why synchronous calls are made of asynchronous operations: Beast's tcp_stream enforces its deadline
// (expires_after) only on asynchronous operations, and Asio's blocking socket calls wait forever (they poll
// without a timeout even when SO_RCVTIMEO is set). So each step starts the asynchronous operation and runs
// the io_context until that operation's handler has run. With the constructor taking your io_context, it
// must not be run by another thread while exchange() is running (handlers of yours queued on it may run
// inside exchange()).
//
// Timeouts: options.connect_timeout bounds resolve + connect + handshake together; options.io_timeout bounds
// sending the head and each wait for response bytes. A name lookup already under way in the system resolver
// cannot be abandoned (getaddrinfo has no cancel): a timed-out lookup returns errc::timed_out once the
// resolver gives up or answers, which its own timeouts (resolv.conf) bound.
//
// A kept connection the server has meanwhile closed (its keep-alive timeout) is noticed when the next exchange
// gets nothing back — the end of the stream or a reset before any response byte — and that exchange then
// connects once more and sends again. This is safe because swcalls only sends GET, and it keeps an idle
// timeout from costing a retry and a backoff in the list driver.
//
// Errors are swcalls::errc (beast_tls.hpp maps them); error_detail() says which operation failed on which
// host:port and why, and never holds request bytes (so never the Authorization header).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/transport_options.hpp>

#include "beast_tls.hpp"

namespace swcalls::beast {

// One connection to the endpoint's host, opened by exchange() and kept until close(). Uses only the endpoint's
// scheme, host and port (a copy is kept). Neither copyable nor movable: Asio's pending handlers refer to it.
class transport {
public:
    // Bytes asked of the socket per read: the largest TLS record's plaintext.
    static constexpr std::size_t read_buffer_size = 16 * 1024;

    // A transport with its own io_context.
    explicit transport(const endpoint& e, const transport_options& o = {})
        : owned_io_(std::in_place), io_(*owned_io_), endpoint_(e), options_(o) {}

    // A transport running its operations on `io`, which must outlive it (see the top of this file).
    transport(boost::asio::io_context& io, const endpoint& e, const transport_options& o = {})
        : io_(io), endpoint_(e), options_(o) {}

    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;
    ~transport() { close(); }

    // The Transport concept's exchange (list_driver.hpp): send `request_head`, hand response bytes to on_bytes
    // until it returns false, the server closes the connection ({}), or an operation fails (an errc).
    std::error_code exchange(std::string_view request_head, byte_sink on_bytes) {
        detail_.clear();
        const bool reused = connected();
        if (!reused) {
            if (std::error_code ec = connect()) return ec;
        }
        outcome first = send_and_receive(request_head, on_bytes);
        if (!(reused && first.stale)) return first.ec;
        close();  // the server dropped the idle connection before reading the request: ask a fresh one
        detail_.clear();
        if (std::error_code ec = connect()) return ec;
        return send_and_receive(request_head, on_bytes).ec;
    }

    // Drops the connection; the next exchange() connects again. A TLS connection is closed without sending
    // close_notify: the server needs none (HTTP framing tells it the exchange is over), and a polite shutdown
    // would wait for the peer's answer, after an error or an early stop where the peer may never answer.
    void close() noexcept {
        boost::system::error_code ignored;
        if (tls_) {
            tls_->next_layer().socket().close(ignored);
            tls_.reset();
        }
        if (plain_) {
            plain_->socket().close(ignored);
            plain_.reset();
        }
    }

    // Whether a connection is open (kept from the last exchange).
    bool connected() const noexcept { return tls_.has_value() || plain_.has_value(); }

    // Connections opened so far (reconnections included): lets a caller see that connections are reused.
    std::uint64_t connections_opened() const noexcept { return connections_opened_; }

    // The human detail of the last exchange()'s error, "" if it succeeded.
    std::string_view error_detail() const noexcept { return detail_.view(); }

private:
    using clock = std::chrono::steady_clock;
    using tls_stream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

    struct outcome {
        std::error_code ec;
        bool stale = false;  // nothing came back: the peer closed or reset before any response byte
    };

    // Runs the io_context until the operation whose handler sets `done` has completed. run_one() returns 0
    // only when the context was stopped (by someone else): it is restarted, since the handler must run before
    // the locals it refers to go away.
    void run_until(const bool& done) {
        if (io_.stopped()) io_.restart();
        while (!done)
            if (io_.run_one() == 0) io_.restart();
    }

    std::uint16_t port() const noexcept { return endpoint_.effective_port(); }

    // Records why phase `p` failed ("receive from 127.0.0.1:8080: Connection reset by peer", or how long
    // was waited for a timeout), drops the connection and returns `mapped`.
    std::error_code fail(phase p, const boost::system::error_code& ec, std::error_code mapped) {
        if (mapped == errc::timed_out) {
            begin_detail(detail_, p, endpoint_.host(), port());
            const bool connecting = p == phase::resolve || p == phase::connect || p == phase::handshake;
            detail_.append(p == phase::resolve     ? "no answer within "
                           : p == phase::connect   ? "no connection within "
                           : p == phase::handshake ? "not finished within "
                                                   : "no progress within ");
            append_milliseconds(detail_, connecting ? options_.connect_timeout : options_.io_timeout);
        } else {
            describe_error(detail_, p, endpoint_.host(), port(), ec);
        }
        close();
        return mapped;
    }

    std::error_code connect() {
        const clock::time_point deadline = clock::now() + options_.connect_timeout;
        const bool https = endpoint_.scheme == url_scheme::https;
        if (https && !ssl_context_) {
            std::error_code ec;
            begin_detail(detail_, phase::setup, endpoint_.host(), port());
            try {
                ssl_context_.emplace(make_ssl_context(options_, ec, &detail_));
            } catch (const boost::system::system_error& e) {
                detail_.append(e.what());
                return make_error_code(errc::transport_setup_failed);
            }
            if (ec) {
                ssl_context_.reset();
                return ec;
            }
            detail_.clear();
        }

        boost::asio::ip::tcp::resolver::results_type addresses;
        if (std::error_code ec = resolve(deadline, addresses)) return ec;

        boost::beast::tcp_stream* tcp = nullptr;
        if (https) {
            tls_.emplace(io_, *ssl_context_);
            tcp = &tls_->next_layer();
        } else {
            plain_.emplace(io_);
            tcp = &*plain_;
        }
        ++connections_opened_;

        boost::system::error_code ec;
        bool done = false;
        tcp->expires_at(deadline);
        tcp->async_connect(addresses, [&](const boost::system::error_code& e, const boost::asio::ip::tcp::endpoint&) {
            ec = e;
            done = true;
        });
        run_until(done);
        if (ec) return fail(phase::connect, ec, map_error(ec, phase::connect));
        if (!https) return {};

        if (std::error_code setup = prepare_tls_stream(*tls_, endpoint_.host(), options_)) {
            begin_detail(detail_, phase::setup, endpoint_.host(), port());
            detail_.append("OpenSSL refused the host name for SNI or verification");
            close();
            return setup;
        }
        done = false;
        tcp->expires_at(deadline);
        tls_->async_handshake(boost::asio::ssl::stream_base::client, [&](const boost::system::error_code& e) {
            ec = e;
            done = true;
        });
        run_until(done);
        if (ec) {
            detail_text why;
            const std::error_code mapped = map_handshake_error(ec, tls_->native_handle(), &why);
            if (mapped == errc::timed_out) return fail(phase::handshake, ec, mapped);
            begin_detail(detail_, phase::handshake, endpoint_.host(), port());
            detail_.append(why.view());
            close();
            return mapped;
        }
        return {};
    }

    // Name lookup bounded by the connect deadline. Asio's resolver has no expiry of its own, so the
    // io_context is run until the deadline and the lookup cancelled after it.
    std::error_code resolve(clock::time_point deadline, boost::asio::ip::tcp::resolver::results_type& out) {
        char port_text[8];
        auto printed = std::to_chars(port_text, port_text + sizeof port_text, port());
        const std::string_view service(port_text, static_cast<std::size_t>(printed.ptr - port_text));
        const std::string_view host = detail::unbracketed(endpoint_.host());

        boost::asio::ip::tcp::resolver resolver(io_);
        boost::system::error_code ec;
        bool done = false;
        resolver.async_resolve(host, service, boost::asio::ip::resolver_base::numeric_service,
                               [&](const boost::system::error_code& e,
                                   boost::asio::ip::tcp::resolver::results_type results) {
                                   ec = e;
                                   out = std::move(results);
                                   done = true;
                               });
        bool expired = false;
        if (io_.stopped()) io_.restart();
        while (!done) {
            if (expired) {
                if (io_.run_one() == 0) io_.restart();
            } else if (io_.run_one_until(deadline) == 0 && !done) {
                if (clock::now() >= deadline) {
                    expired = true;
                    resolver.cancel();
                } else {
                    io_.restart();
                }
            }
        }
        if (expired) return fail(phase::resolve, boost::beast::error::timeout, make_error_code(errc::timed_out));
        if (ec) return fail(phase::resolve, ec, map_error(ec, phase::resolve));
        return {};
    }

    outcome send_and_receive(std::string_view head, byte_sink on_bytes) {
        if (tls_) return talk(*tls_, tls_->next_layer(), head, on_bytes);
        return talk(*plain_, *plain_, head, on_bytes);
    }

    // Writes the head, then reads until on_bytes has enough, the stream ends or an operation fails.
    template <class Stream>
    outcome talk(Stream& stream, boost::beast::tcp_stream& tcp, std::string_view head, byte_sink on_bytes) {
        boost::system::error_code ec;
        bool done = false;
        tcp.expires_after(options_.io_timeout);
        boost::asio::async_write(stream, boost::asio::buffer(head.data(), head.size()),
                                 [&](const boost::system::error_code& e, std::size_t) {
                                     ec = e;
                                     done = true;
                                 });
        run_until(done);
        if (ec) {
            const bool stale = ec == boost::asio::error::broken_pipe || ec == boost::asio::error::connection_reset;
            return {fail(phase::send, ec, map_error(ec, phase::send)), stale};
        }

        std::size_t received = 0;
        for (;;) {
            std::size_t n = 0;
            done = false;
            tcp.expires_after(options_.io_timeout);
            stream.async_read_some(boost::asio::buffer(buffer_),
                                   [&](const boost::system::error_code& e, std::size_t bytes) {
                                       ec = e;
                                       n = bytes;
                                       done = true;
                                   });
            run_until(done);
            if (n > 0) {
                received += n;
                if (!on_bytes(std::string_view(buffer_.data(), n))) return {};
            }
            if (!ec) continue;
            const bool stale =
                received == 0 && (is_end_of_stream(ec) || ec == boost::asio::error::connection_reset);
            if (is_end_of_stream(ec)) {
                close();  // the peer is gone: the connection cannot carry another request
                return {{}, stale};
            }
            return {fail(phase::receive, ec, map_error(ec, phase::receive)), stale};
        }
    }

    // Declared first so it is destroyed last, after the streams registered with it.
    std::optional<boost::asio::io_context> owned_io_;
    boost::asio::io_context& io_;
    endpoint endpoint_;
    transport_options options_;
    std::optional<boost::asio::ssl::context> ssl_context_;  // made at the first https connect, then kept
    std::optional<boost::beast::tcp_stream> plain_;          // the connection, for http
    std::optional<tls_stream> tls_;                          // the connection, for https
    std::uint64_t connections_opened_ = 0;
    detail_text detail_;
    std::array<char, read_buffer_size> buffer_;
};

}  // namespace swcalls::beast
