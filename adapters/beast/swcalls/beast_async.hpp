// swcalls/beast_async.hpp — list calls asynchronously on Boost.Asio/Beast, with any completion token.
//
//   boost::asio::io_context io;
//   swcalls::beast::async_connection connection(io, endpoint, transport_options);   // one per server, reusable
//   swcalls::list_options options;                       // leave options.memory empty: the operation has its own
//   swcalls::beast::async_list_calls(connection, endpoint, query, options,
//       [](const swcalls::call_view& call) { ... },     // each call, as it arrives (return false to stop)
//       [](swcalls::list_result r) { ... });             // or boost::asio::use_future, or use_awaitable
//   io.run();
//
//   swcalls::list_result r = co_await swcalls::beast::async_list_calls(connection, endpoint, query, options,
//                                                                      on_call, boost::asio::use_awaitable);
//
// The operation drives a list_session (swcalls/list_session.hpp), so paging, retries, Retry-After, exactly once
// and resuming are those of list_calls(): it connects lazily (resolve, TCP connect, TLS handshake with SNI and
// host name verification for https, all bounded by transport_options.connect_timeout), writes each request
// head, reads into a fixed 16 KiB buffer feeding the session (each read bounded by io_timeout), waits on a
// steady_timer between attempts, and drops and re-opens the connection when the session says so. A kept
// connection the server closed meanwhile is re-opened and the request sent again, as beast.hpp does.
// async_resume_calls() continues from a saved cursor.
//
// Completion signature: void(swcalls::list_result). Not Asio's usual (error_code, T): a failed listing still
// has a result worth keeping — the cursor to resume from, and the API's error details — and with
// (error_code, T) use_future and use_awaitable would throw the error and drop the result with it. So the
// error is result.ec; use_future gives std::future<list_result>; co_await gives the list_result.
//
// Rules:
// - The connection runs one listing at a time (a second one completes at once with
//   std::errc::operation_in_progress). Its handlers, and the per-call callback, run on the connection's
//   executor: run the io_context on one thread, or give the connection a strand.
// - connection.cancel() (on that executor) ends the listing under way: it completes with
//   ec = std::errc::operation_canceled and a cursor that resumes exactly after the last call delivered.
//   Destroying the connection cancels too. Stopping or destroying the io_context drops the operation without
//   calling its handler; nothing it owns outlives that.
// - What the endpoint's views point at (project id, token, path root) and transport_options.ca_file must
//   outlive the operation; so must options.memory when you give it. The query and cursor are read at once.
// - Errors are swcalls::errc (beast_tls.hpp maps them); connection.error_detail() says which operation failed
//   on which host:port and why, and never holds request bytes (so never the Authorization header).
//
// Allocation: one block per listing (its state: the session, the read buffer and, unless you give
// options.memory, the parser and request memory), plus what Asio allocates for its operations.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include <swcalls/call_query.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/list_cursor.hpp>
#include <swcalls/list_session.hpp>
#include <swcalls/transport_options.hpp>

#include "beast_tls.hpp"

namespace swcalls::beast {

namespace detail {

// The listing under way on a connection, as far as cancel() needs to know it.
class active_listing {
public:
    virtual void cancel() noexcept = 0;

protected:
    active_listing() = default;
    ~active_listing() = default;
};

// What a connection is: shared by the connection object and the listing under way, so either may go first.
struct connection_core {
    using tls_stream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

    connection_core(const boost::asio::any_io_executor& ex, const swcalls::endpoint& e, const transport_options& o)
        : executor(ex), server(e), options(o) {}

    boost::asio::any_io_executor executor;
    swcalls::endpoint server;
    transport_options options;
    std::optional<boost::asio::ssl::context> ssl_context;  // made at the first https connect, then kept
    std::optional<boost::beast::tcp_stream> plain;          // the connection, for http
    std::optional<tls_stream> tls;                          // the connection, for https
    detail_text error_detail;
    std::uint64_t connections_opened = 0;
    active_listing* active = nullptr;

    bool is_open() const noexcept { return plain.has_value() || tls.has_value(); }
    boost::beast::tcp_stream& tcp() noexcept { return tls ? tls->next_layer() : *plain; }
    std::uint16_t port() const noexcept { return server.effective_port(); }

    // Makes a pending read, write, connect or handshake complete now (with operation_aborted), leaving the
    // stream objects in place: an ssl::stream must outlive its pending operations. close() them afterwards.
    void abort() noexcept {
        if (is_open()) tcp().close();
    }

    // Drops the connection without a TLS close_notify (see beast.hpp's close() for why). Never while an
    // operation on it is pending (abort() first, and wait for its completion).
    void close() noexcept {
        boost::system::error_code ignored;
        if (tls) {
            tls->next_layer().socket().close(ignored);
            tls.reset();
        }
        if (plain) {
            plain->socket().close(ignored);
            plain.reset();
        }
    }
};

struct connection_access;

}  // namespace detail

// A connection to one server for asynchronous listings: opened when a listing first needs it, kept between
// pages and between listings while the server keeps it alive, re-opened when needed.
class async_connection {
public:
    using executor_type = boost::asio::any_io_executor;

    async_connection(const executor_type& executor, const endpoint& e, const transport_options& o = {})
        : core_(std::make_shared<detail::connection_core>(executor, e, o)) {}
    async_connection(boost::asio::io_context& io, const endpoint& e, const transport_options& o = {})
        : async_connection(executor_type(io.get_executor()), e, o) {}

    async_connection(const async_connection&) = delete;
    async_connection& operator=(const async_connection&) = delete;
    ~async_connection() { close(); }

    executor_type get_executor() const noexcept { return core_->executor; }

    // Ends the listing under way, if any (see the top of this file). Call it on the connection's executor.
    void cancel() noexcept {
        if (core_->active != nullptr) core_->active->cancel();
    }

    // Drops the connection (the next listing connects again). A listing under way is cancelled instead, and
    // drops the connection when it completes. Call it on the connection's executor.
    void close() noexcept {
        if (core_->active != nullptr) core_->active->cancel();
        else core_->close();
    }

    bool is_open() const noexcept { return core_->is_open(); }
    // Connections opened so far (reconnections included): shows whether connections are reused.
    std::uint64_t connections_opened() const noexcept { return core_->connections_opened; }
    // The human detail of the last exchange's error, "" if it succeeded.
    std::string_view error_detail() const noexcept { return core_->error_detail.view(); }

private:
    friend struct detail::connection_access;
    std::shared_ptr<detail::connection_core> core_;
};

namespace detail {

struct connection_access {
    static const std::shared_ptr<connection_core>& core(const async_connection& c) noexcept { return c.core_; }
};

// One listing: the session and everything the operation needs between its steps. Heap-allocated once, so
// the session (which cannot move) stays put while the composed operation moves from handler to handler.
template <class Callback>
class listing_state final : public active_listing {
public:
    enum class step : std::uint8_t { starting, waiting, resolving, connecting, handshaking, writing, reading };

    listing_state(std::shared_ptr<connection_core> c, const endpoint& e, const list_options& o, Callback cb)
        : core(std::move(c)),
          callback(std::move(cb)),
          session(e, with_memory(o, own_memory), callback),
          timer(core->executor),
          resolver(core->executor) {}

    listing_state(const listing_state&) = delete;
    listing_state& operator=(const listing_state&) = delete;
    ~listing_state() {
        if (core->active == this) core->active = nullptr;
    }

    void cancel() noexcept override {
        cancelled = true;
        timer.cancel();
        resolver.cancel();
        core->abort();  // a pending read or write completes now; complete() then closes the connection
    }

    // The caller's memory when given, else the state's own.
    static list_options with_memory(list_options o, list_storage<>& own) noexcept {
        if (o.memory.parser == nullptr && o.memory.request == nullptr) o.memory = own.view();
        return o;
    }

    std::shared_ptr<connection_core> core;
    list_storage<> own_memory;
    Callback callback;
    list_session<Callback&> session;
    boost::asio::steady_timer timer;  // waits between attempts, and the deadline of a name lookup
    boost::asio::ip::tcp::resolver resolver;
    list_action action{};
    step current = step::starting;
    bool cancelled = false;
    bool busy = false;              // another listing held the connection: this one ends at once
    bool reused = false;            // this exchange went out on a kept connection
    bool reconnected = false;       // ... which was found closed and replaced once already
    bool resolve_expired = false;
    std::uint32_t resolve_round = 0;  // tells a stale lookup deadline from the current one
    std::uint64_t received = 0;       // bytes of this exchange's response
    std::chrono::steady_clock::time_point deadline{};  // of the connection being opened
    std::array<char, 16 * 1024> buffer;  // one TLS record; about a page of 50 calls in three reads
};

// The composed operation: a thin shell around the state, moved from one Asio handler to the next.
template <class Callback>
class list_op {
    using state = listing_state<Callback>;
    using step = typename state::step;
    using tcp = boost::asio::ip::tcp;

public:
    explicit list_op(std::shared_ptr<state> s) noexcept : state_(std::move(s)) {}

    // First: from the initiating function (post, so the handler never runs inside it); then from that post.
    template <class Self>
    void operator()(Self& self) {
        if (!posted_) {
            posted_ = true;
            const boost::asio::any_io_executor ex = state_->core->executor;
            boost::asio::post(ex, std::move(self));
            return;
        }
        run(self);
    }

    // Completions of the timer, the handshake, writes and reads.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, std::size_t n = 0) {
        state& st = *state_;
        if (st.cancelled) return complete(self);
        switch (st.current) {
            case step::waiting:
                st.action = st.session.after_wait();
                return run(self);
            case step::handshaking: return on_handshake(self, ec);
            case step::writing: return on_write(self, ec);
            case step::reading: return on_read(self, ec, n);
            case step::starting:
            case step::resolving:
            case step::connecting: break;
        }
        return complete(self);  // not reached: each step has its own completion
    }

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, tcp::resolver::results_type results) {
        state& st = *state_;
        st.timer.cancel();  // the lookup's deadline
        if (st.cancelled) return complete(self);
        connection_core& c = *st.core;
        if (st.resolve_expired) return fail(self, phase::resolve, boost::beast::error::timeout, errc::timed_out);
        if (ec) return fail(self, phase::resolve, ec, map_error(ec, phase::resolve));
        if (c.server.scheme == url_scheme::https) c.tls.emplace(c.executor, *c.ssl_context);
        else c.plain.emplace(c.executor);
        ++c.connections_opened;
        st.current = step::connecting;
        c.tcp().expires_at(st.deadline);
        c.tcp().async_connect(results, std::move(self));
    }

    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, const tcp::endpoint&) {
        state& st = *state_;
        if (st.cancelled) return complete(self);
        connection_core& c = *st.core;
        if (ec) return fail(self, phase::connect, ec, map_error(ec, phase::connect));
        if (!c.tls) return write(self);
        if (std::error_code setup = prepare_tls_stream(*c.tls, c.server.host(), c.options)) {
            begin_detail(c.error_detail, phase::setup, c.server.host(), c.port());
            c.error_detail.append("OpenSSL refused the host name for SNI or verification");
            c.close();
            return end_exchange(self, setup);
        }
        st.current = step::handshaking;
        c.tcp().expires_at(st.deadline);
        c.tls->async_handshake(boost::asio::ssl::stream_base::client, std::move(self));
    }

private:
    // Does what the session asks.
    template <class Self>
    void run(Self& self) {
        state& st = *state_;
        if (st.cancelled || st.busy) return complete(self);
        switch (st.action.what) {
            case list_action::done: return complete(self);
            case list_action::wait:
                st.current = step::waiting;
                st.timer.expires_after(st.action.delay);
                st.timer.async_wait(std::move(self));
                return;
            case list_action::send:
                st.core->error_detail.clear();
                st.reused = st.core->is_open();
                st.reconnected = false;
                st.received = 0;
                if (st.reused) return write(self);
                return connect(self);
        }
    }

    template <class Self>
    void end_exchange(Self& self, std::error_code transport_error) {
        state& st = *state_;
        st.action = st.session.on_exchange_end(transport_error);
        if (st.session.should_close()) st.core->close();
        run(self);
    }

    // Records why phase `p` failed, drops the connection and ends the exchange with `mapped`.
    template <class Self>
    void fail(Self& self, phase p, const boost::system::error_code& ec, std::error_code mapped) {
        connection_core& c = *state_->core;
        if (mapped == errc::timed_out) {
            begin_detail(c.error_detail, p, c.server.host(), c.port());
            const bool connecting = p == phase::resolve || p == phase::connect || p == phase::handshake;
            c.error_detail.append(connecting ? "not connected within " : "no progress within ");
            append_milliseconds(c.error_detail, connecting ? c.options.connect_timeout : c.options.io_timeout);
        } else {
            describe_error(c.error_detail, p, c.server.host(), c.port(), ec);
        }
        c.close();
        end_exchange(self, mapped);
    }

    template <class Self>
    void connect(Self& self) {
        state& st = *state_;
        connection_core& c = *st.core;
        st.deadline = std::chrono::steady_clock::now() + c.options.connect_timeout;
        if (c.server.scheme == url_scheme::https && !c.ssl_context) {
            std::error_code ec;
            begin_detail(c.error_detail, phase::setup, c.server.host(), c.port());
            try {
                c.ssl_context.emplace(make_ssl_context(c.options, ec, &c.error_detail));
            } catch (const boost::system::system_error& e) {
                c.error_detail.append(e.what());
                return end_exchange(self, make_error_code(errc::transport_setup_failed));
            }
            if (ec) {
                c.ssl_context.reset();
                return end_exchange(self, ec);
            }
            c.error_detail.clear();
        }
        char port_text[8];
        const auto printed = std::to_chars(port_text, port_text + sizeof port_text, c.port());
        const std::string_view service(port_text, static_cast<std::size_t>(printed.ptr - port_text));

        // Asio's resolver has no expiry: a timer cancels the lookup at the deadline. The timer's handler holds
        // the state weakly, as it may run after the listing is over.
        st.current = step::resolving;
        st.resolve_expired = false;
        const std::uint32_t round = ++st.resolve_round;
        st.timer.expires_at(st.deadline);
        st.timer.async_wait([weak = std::weak_ptr<state>(state_), round](const boost::system::error_code& ec) {
            if (ec) return;
            const std::shared_ptr<state> s = weak.lock();
            if (!s || s->current != step::resolving || s->resolve_round != round) return;
            s->resolve_expired = true;
            s->resolver.cancel();
        });
        st.resolver.async_resolve(unbracketed(c.server.host()), service,
                                  boost::asio::ip::resolver_base::numeric_service, std::move(self));
    }

    template <class Self>
    void on_handshake(Self& self, const boost::system::error_code& ec) {
        connection_core& c = *state_->core;
        if (!ec) return write(self);
        detail_text why;
        const std::error_code mapped = map_handshake_error(ec, c.tls->native_handle(), &why);
        if (mapped == errc::timed_out) return fail(self, phase::handshake, ec, mapped);
        begin_detail(c.error_detail, phase::handshake, c.server.host(), c.port());
        c.error_detail.append(why.view());
        c.close();
        end_exchange(self, mapped);
    }

    template <class Self>
    void write(Self& self) {
        state& st = *state_;
        connection_core& c = *st.core;
        st.current = step::writing;
        c.tcp().expires_after(c.options.io_timeout);
        const auto head = boost::asio::buffer(st.action.request_head.data(), st.action.request_head.size());
        if (c.tls) boost::asio::async_write(*c.tls, head, std::move(self));
        else boost::asio::async_write(*c.plain, head, std::move(self));
    }

    template <class Self>
    void on_write(Self& self, const boost::system::error_code& ec) {
        if (!ec) return read(self);
        if (stale(ec == boost::asio::error::broken_pipe || ec == boost::asio::error::connection_reset))
            return reconnect(self);
        fail(self, phase::send, ec, map_error(ec, phase::send));
    }

    template <class Self>
    void read(Self& self) {
        state& st = *state_;
        connection_core& c = *st.core;
        st.current = step::reading;
        c.tcp().expires_after(c.options.io_timeout);
        if (c.tls) c.tls->async_read_some(boost::asio::buffer(st.buffer), std::move(self));
        else c.plain->async_read_some(boost::asio::buffer(st.buffer), std::move(self));
    }

    template <class Self>
    void on_read(Self& self, const boost::system::error_code& ec, std::size_t n) {
        state& st = *state_;
        if (n > 0) {
            st.received += n;
            if (!st.session.on_bytes(std::string_view(st.buffer.data(), n))) return end_exchange(self, {});
        }
        if (!ec) return read(self);
        if (stale(st.received == 0 && (is_end_of_stream(ec) || ec == boost::asio::error::connection_reset)))
            return reconnect(self);
        if (is_end_of_stream(ec)) {  // the peer is gone: the session tells a complete response from a cut one
            st.core->close();
            return end_exchange(self, {});
        }
        fail(self, phase::receive, ec, map_error(ec, phase::receive));
    }

    // A kept connection that the server had closed while idle: nothing of this exchange reached the session,
    // so the request goes again on a new connection (once), instead of costing a retry and a backoff.
    bool stale(bool nothing_came_back) const noexcept {
        const state& st = *state_;
        return nothing_came_back && st.reused && !st.reconnected;
    }

    template <class Self>
    void reconnect(Self& self) {
        state& st = *state_;
        st.core->close();
        st.core->error_detail.clear();
        st.reused = false;
        st.reconnected = true;
        connect(self);
    }

    template <class Self>
    void complete(Self& self) {
        list_result r = state_->session.result();
        if (state_->cancelled) {
            r.ec = std::make_error_code(std::errc::operation_canceled);
            state_->core->close();  // aborted at an unknown point: not reusable; nothing is pending any more
        }
        else if (state_->busy) r.ec = std::make_error_code(std::errc::operation_in_progress);
        state_.reset();  // the state (and the caller's callback in it) goes before the completion handler runs
        self.complete(std::move(r));
    }

    std::shared_ptr<state> state_;
    bool posted_ = false;
};

// Claims the connection and asks the session for its first action (begin(session): start or resume);
// a connection busy with another listing leaves the session untouched.
template <class Callback, class Begin, class Token>
auto start_listing(const std::shared_ptr<connection_core>& core, std::shared_ptr<listing_state<Callback>> st,
                   Begin begin, Token&& token) {
    if (core->active != nullptr) {
        st->busy = true;
    } else {
        core->active = st.get();
        st->action = begin(st->session);
    }
    return boost::asio::async_compose<Token, void(list_result)>(list_op<Callback>(std::move(st)), token,
                                                                core->executor);
}

}  // namespace detail

// Lists the calls of `query` from the first page on `connection` (see the top of this file). `e` is the
// endpoint requests are written for: the one the connection was made with. callback(const call_view&) is
// called for each call, on the connection's executor; it returns void, or bool (false stops the listing).
template <class Callback, class CompletionToken>
auto async_list_calls(async_connection& connection, const endpoint& e, const call_query& query,
                      const list_options& options, Callback&& callback, CompletionToken&& token) {
    using callback_type = std::decay_t<Callback>;
    swcalls::detail::check_list_callback<callback_type>();
    const std::shared_ptr<detail::connection_core>& core = detail::connection_access::core(connection);
    auto st = std::make_shared<detail::listing_state<callback_type>>(core, e, options, std::forward<Callback>(callback));
    // The query is read now: it need not outlive this call.
    auto begin = [&query](auto& session) { return session.start(query); };
    return detail::start_listing(core, std::move(st), begin, std::forward<CompletionToken>(token));
}

// Continues a listing from a cursor (a result's, or one read back with parse_cursor), as resume_calls() does.
template <class Callback, class CompletionToken>
auto async_resume_calls(async_connection& connection, const endpoint& e, const list_cursor& cursor,
                        const list_options& options, Callback&& callback, CompletionToken&& token) {
    using callback_type = std::decay_t<Callback>;
    swcalls::detail::check_list_callback<callback_type>();
    const std::shared_ptr<detail::connection_core>& core = detail::connection_access::core(connection);
    auto st = std::make_shared<detail::listing_state<callback_type>>(core, e, options, std::forward<Callback>(callback));
    auto begin = [&cursor](auto& session) { return session.resume(cursor); };
    return detail::start_listing(core, std::move(st), begin, std::forward<CompletionToken>(token));
}

}  // namespace swcalls::beast
