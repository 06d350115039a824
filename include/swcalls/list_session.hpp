// swcalls/list_session.hpp — the listing logic as a state machine without I/O, for event-driven stacks.
//
// list_calls() (list_driver.hpp) blocks in transport.exchange() and in sleep(). Asio, lwIP's raw API or
// ESP-IDF's event loop cannot block, so they drive a list_session instead: it says what to do next (an
// action), and they report back what happened. The session never does I/O, never blocks, never allocates
// and never throws; list_calls() is a plain loop over it, so both behave exactly alike (paging, retries,
// Retry-After, exactly once, resuming — see list_driver.hpp for what ends a listing and what the cursor is).
//
//   swcalls::list_session session(endpoint, options, [&](const swcalls::call_view& call) { ... });
//   swcalls::list_action a = session.start(query);        // or session.resume(cursor)
//   while (a.what != swcalls::list_action::done) {
//       if (a.what == swcalls::list_action::send) {
//           // Connect if not connected, write a.request_head, then feed what arrives, in any chunking:
//           //     if (!session.on_bytes(bytes)) stop reading;    // false: the session has what it needs
//           // until it says stop, the peer closes (no error), or the connection fails (its error):
//           a = session.on_exchange_end(error);
//       } else {                                          // list_action::wait
//           // Start a timer for a.delay; when it fires:
//           a = session.after_wait();
//       }
//       if (session.should_close()) close the connection; // before acting on a (the next send reconnects)
//   }
//   const swcalls::list_result& r = session.result();
//
// should_close() answers for the last on_exchange_end(): true after an error, an abandoned response, or a
// response without keep-alive. (after_wait() and start() never ask to close; checking anyway is harmless.)
// Out-of-turn calls do nothing: on_bytes() outside a send returns false, on_exchange_end() and after_wait()
// outside theirs return the pending action again.
//
// a.request_head points into options.memory.request: valid until the session hands out another action.
// The session copies the endpoint and the options, but not what they point at: the endpoint's project id,
// token and path root, and options.memory, must outlive it. It holds pointers into itself, so it can be
// neither copied nor moved: construct it where it will stay (a local, a member, a unique_ptr).
// Size: about 4.5 KiB on x86-64 (4616 bytes with g++ 12 and clang 14 for a callback held by reference;
// 4448 on a Cortex-M4): mostly the result (3.1 KiB: the cursor's 2 KiB target and an api_error), then the
// HTTP decoder, the parser and the endpoint (320 bytes). tests/test_list_session.cpp keeps it under 6 KiB.
//
// The callback must not throw (see list_driver.hpp); the session itself is usable with -fno-exceptions.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "api_error.hpp"
#include "call_query.hpp"
#include "call_view.hpp"
#include "date.hpp"
#include "endpoint.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "field_selection.hpp"
#include "http_response.hpp"
#include "list_cursor.hpp"
#include "next_page.hpp"
#include "page_parser.hpp"
#include "detail/page_or_error_parser.hpp"
#include "request_writer.hpp"
#include "retry_policy.hpp"

namespace swcalls {

// The caller's memory for one listing.
struct list_memory {
    char* parser = nullptr;        // the page parser's storage: the largest call must fit
    std::size_t parser_size = 0;
    char* request = nullptr;       // the request head is written here (and the first target, briefly)
    std::size_t request_size = 0;
};

// Ready-made memory: list_storage<> lives on the stack or in a static.
template <std::size_t ParserBytes = 4096, std::size_t RequestBytes = 3072>
struct list_storage {
    char parser[ParserBytes];
    char request[RequestBytes];
    list_memory view() noexcept { return {parser, ParserBytes, request, RequestBytes}; }
};

// "Now" as UTC, for Retry-After given as an HTTP date: whole seconds, as the date has, from std::time
// (std::chrono's clock counts nanoseconds, and turning them into seconds is a 64-bit division: a library
// routine on a 32-bit MCU). Truncating "now" can only lengthen the wait, never wake before the date.
// -1 when the system has no clock (std::time fails).
inline utc_timestamp system_utc_now() noexcept { return {static_cast<std::int64_t>(std::time(nullptr)), 0}; }

namespace detail {
// 2000-01-01T00:00:00Z: a clock reading earlier has not been set (see list_options::clock).
inline constexpr std::int64_t earliest_set_clock = 946684800;
}  // namespace detail

struct list_options {
    // Stop after this many calls in all (counted by cursor.delivered_total, so a resumed listing stops at
    // the same place); 0 means no limit. The callback is never called past it.
    std::uint64_t limit = 0;
    // Calls per page to ask for; 0 leaves the query's PageSize (or the server's default of 50). The
    // first request asks PageSize = min(limit, page_size, 1000) of those that are set.
    std::uint32_t page_size = 0;
    retry_policy retry{};
    std::uint64_t jitter_seed = 0;  // 0 picks a fixed default seed (jitter_source's)
    list_memory memory{};           // required
    http_decoder_options http{};    // limits of the response decoder (pause_after_head is always used)
    // "Now", for Retry-After dates (inject one for tests, or an RTOS's). A reading before 2000 means the
    // clock was never set (a board without a real-time clock): such a date is then ignored (backoff applies).
    // Unused where dates are not read (SWCALLS_RETRY_AFTER_DATES 0, config.hpp): null there, so std::time
    // is not linked.
    utc_timestamp (*clock)() noexcept = SWCALLS_RETRY_AFTER_DATES ? &system_utc_now : nullptr;
};

struct list_result {
    error_code ec;          // {} when the listing ended normally (last page, limit, or callback stop)
    error_code last_error;  // with errc::retries_exhausted: why the last attempt failed
    list_cursor cursor;          // the page being read and how many of its calls were delivered: resume here
    api_error details;           // with errc::api_error (and retries_exhausted after an HTTP status): the
                                 // last error response's; a body cut short keeps only status and excerpt
    bool finished = false;       // the last page was read completely (nothing left to list)
    bool stopped = false;        // the callback returned false, or the limit was reached
    std::uint32_t pages = 0;     // pages read completely by this call
    std::uint64_t calls = 0;     // calls delivered by this call
    std::uint32_t requests = 0;  // requests handed to the transport by this call (retries included)
};

// What the session asks its driver to do next.
struct list_action {
    enum kind : std::uint8_t {
        send,  // write request_head on the connection (connecting first if needed), then feed the response
        wait,  // wait `delay`, then call after_wait()
        done,  // the listing is over: see result()
    };
    kind what = done;
    std::string_view request_head;       // send: a complete HTTP/1.1 request head
    std::chrono::milliseconds delay{0};  // wait: how long
};

namespace detail {

// The PageSize the first request asks for: the smallest of those set among options.page_size (else the
// query's PageSize), options.limit and max_page_size; nullopt when neither a page size nor a limit is set.
// (Plain integers, 0 for "not set": validate() has already refused a PageSize outside 1..1000. Comparing
// through the optionals let optimisers read an empty optional's payload, which valgrind reports.)
inline std::optional<std::int64_t> asked_page_size(std::optional<std::int64_t> query_size, const list_options& o) noexcept {
    const std::uint32_t size = o.page_size != 0 ? o.page_size : static_cast<std::uint32_t>(query_size.value_or(0));
    if (size == 0 && o.limit == 0) return std::nullopt;
    std::uint32_t asked = static_cast<std::uint32_t>(max_page_size);
    if (size != 0 && size < asked) asked = size;
    if (o.limit != 0 && o.limit < asked) asked = static_cast<std::uint32_t>(o.limit);
    return static_cast<std::int64_t>(asked);
}

// http_body_truncated, http_no_response or http_head_truncated: a connection that ended early. (They are
// consecutive: one range test instead of three comparisons.)
inline bool retryable_protocol_error(error_code ec) noexcept {
    static_assert(static_cast<int>(errc::http_no_response) == static_cast<int>(errc::http_body_truncated) + 1 &&
                  static_cast<int>(errc::http_head_truncated) == static_cast<int>(errc::http_body_truncated) + 2);
    return !ec.foreign_category() &&
           static_cast<unsigned>(ec.value()) - static_cast<unsigned>(errc::http_body_truncated) < 3u;
}

template <class Callback>
constexpr void check_list_callback() noexcept {
    static_assert(std::is_invocable_v<Callback&, const call_view&>,
                  "swcalls: the callback must be callable as callback(const swcalls::call_view&)");
    static_assert(std::is_void_v<std::invoke_result_t<Callback&, const call_view&>> ||
                      std::is_same_v<std::invoke_result_t<Callback&, const call_view&>, bool>,
                  "swcalls: the callback must return void, or bool (false stops the listing)");
}

// list_driver.hpp's loop: it reads the pending action in place (see list_session's friend declaration).
template <class Transport, class Session, class Sleep>
void drive_session(Transport& transport, Session& session, Sleep& sleep);

}  // namespace detail

// The fields a listing parses: the caller's selection, plus sid, which the session needs to resume a page
// exactly (it compares the last sid delivered when a page is asked again).
template <class Fields>
using listing_fields = field_selection<Fields::mask | field_bit(field::sid)>;

// One listing, driven from outside (see the top of this file). Callback: callable as
// callback(const call_view&), returning void or bool (false stops the listing). It is stored by value;
// list_session<F&> stores a reference. Fields: the call fields to parse (field_selection.hpp), given as the
// constructor's last argument (swcalls::only<...>); sid is always among them. Every field by default.
template <class Callback, class Fields = all_fields>
class list_session {
    static_assert((detail::check_list_callback<Callback>(), true));
    static_assert(is_field_selection<Fields>::value,
                  "swcalls::list_session: Fields must be a swcalls::field_selection, e.g. swcalls::fields<...>");

public:
    using fields_type = Fields;  // as asked; the parser also keeps sid (listing_fields)

    list_session(const endpoint& e, const list_options& options, Callback callback, Fields = {}) noexcept(
        std::is_nothrow_move_constructible_v<Callback>)
        : callback_(static_cast<Callback&&>(callback)),
          options_(options),
          parser_(options.memory.parser, options.memory.parser_size, call_sink{this}),
          decoder_(body_sink{this}, pausing_after_head(options_.http)),
          jitter_(options.jitter_seed),
          result_(),  // value-initialised: zeroed in one piece, so its members' zero initialisers need no stores
          endpoint_(e),
          errors_(&result_.details) {
        // No clock means the system's: settled once here, so that retry_later() calls options_.clock untested.
        // (Where dates are not read, no clock is ever called: none is set, so std::time is not linked.)
        if (SWCALLS_RETRY_AFTER_DATES && options_.clock == nullptr) options_.clock = &system_utc_now;
    }

    list_session(const list_session&) = delete;
    list_session& operator=(const list_session&) = delete;

    // Begins a listing of `query` from its first page. A query or endpoint the request writer refuses, or
    // missing memory, gives `done` at once with the error in result().ec. Call start() or resume() once.
    list_action start(const call_query& query) noexcept {
        if (phase_ == phase::idle) start_listing(query);
        return action_;
    }

    // Continues a listing from a cursor (a result's, or one read back with parse_cursor): asks for the
    // cursor's page, skips the calls of it already delivered, and goes on as start() does.
    // options.limit counts from the start of the listing (cursor.delivered_total).
    list_action resume(const list_cursor& cursor) noexcept {
        if (phase_ == phase::idle) resume_listing(cursor);
        return action_;
    }

    // Response bytes of the pending send, as they arrive, in any chunking. Returns false when the session
    // wants no more (the response is complete, or the rest would be thrown away): stop reading then.
    bool on_bytes(std::string_view bytes) { return take_bytes(bytes.data(), bytes.size()); }

    // The pending send is over: on_bytes() said stop, the peer closed the connection (pass {}), or the
    // connection failed (pass its error; bytes fed before it still count). Returns the next action;
    // check should_close() first.
    list_action on_exchange_end(error_code transport_error = {}) {
        if (phase_ == phase::exchanging) exchange_ended(transport_error);
        return action_;
    }

    // The pending wait is over: asks for the same page again.
    list_action after_wait() noexcept {
        if (phase_ == phase::waiting) {
            close_ = false;
            ++attempt_;
            send_attempt();
        }
        return action_;
    }

    // Whether the connection must be dropped now (see the top of this file).
    bool should_close() const noexcept { return close_; }

    bool done() const noexcept { return phase_ == phase::done; }

    // Complete once the action is `done`; before, what has happened so far (the cursor is always current).
    const list_result& result() const noexcept { return result_; }

private:
    // list_calls()'s loop reads action_ in place rather than copying each returned action (24 bytes on the M4).
    template <class Transport, class Session, class Sleep>
    friend void detail::drive_session(Transport& transport, Session& session, Sleep& sleep);

    enum class phase : std::uint8_t { idle, exchanging, waiting, done };
    enum class body_mode : std::uint8_t { page, error };

    // The parser's callback and the decoder's body sink: both lead back here.
    struct call_sink {
        list_session* session;
        bool operator()(const call_view& call) const { return session->on_call(call); }
    };
    struct body_sink {
        list_session* session;
        error_code operator()(std::string_view bytes) const { return session->on_body(bytes); }
    };

    // The decoder's options: the caller's, pausing after the head (the status picks what reads the body).
    // Set in the session's own copy, which the decoder then copies once (a function returning the options
    // by value made three copies of them).
    static const http_decoder_options& pausing_after_head(http_decoder_options& http) noexcept {
        http.pause_after_head = true;
        return http;
    }

    // The decoder's byte loop, out of line with the decoder as its object: its fields are then short offsets
    // from the decoder's address (16-bit Thumb loads and stores), not from the session's, where the decoder
    // lies hundreds of bytes in. (A plain function rather than the decoder's feed() marked noinline: a
    // program calling feed() once keeps it inlined.)
    template <class Decoder>
    SWCALLS_NOINLINE static http_feed_result feed_decoder(Decoder& decoder, const char* data, std::size_t size) {
        return decoder.feed(data, size);
    }

    // on_bytes(), out of line: one copy of the loop around the decoder (feed_decoder() above), called by the
    // driver's byte_sink or an event loop, instead of one inlined into the caller (where the session sits
    // kilobytes deep in the frame).
    SWCALLS_NOINLINE bool take_bytes(const char* data, std::size_t size) {
        std::string_view bytes(data, size);
        if (phase_ != phase::exchanging) return false;
        for (;;) {
            // (One test of reading_done() per round: it is asked both before feeding and at the end.)
            const bool done_reading = reading_done();
            if (bytes.empty()) return !done_reading;
            if (done_reading) {
                leftover_ = true;  // bytes past the response: the connection is not reusable
                return false;
            }
            const http_feed_result fed = feed_decoder(decoder_, bytes.data(), bytes.size());
            bytes.remove_prefix(fed.used);
            if (fed.error || fed.used == 0) return false;  // (used == 0 without an error: never, but no spin)
            if (!head_seen_ && decoder_.head_complete()) {
                head_seen_ = true;
                const int status = decoder_.status();
                if (status < 200 || status > 299) {
                    mode_ = body_mode::error;
                    errors_.reset(status);
                    parser_.read_errors(&errors_.handler());
                }
            }
        }
    }

    // start(), resume(), on_exchange_end(): their work, when the call is in turn. Each step ends by
    // setting action_ (finish, send_attempt or retry_later), which the public call returns: one copy.
    // (Out of line, as exchange_ended() below: run once, and its accesses are then short offsets from this.)
    SWCALLS_NOINLINE void start_listing(const call_query& query) noexcept {
        // validate(query), before page_size and limit are merged in. (Its errc as it is: finish_with() takes
        // it in a register, where finish() would need an error_code built in memory.)
        if (const errc e = detail::query_error(query); e != errc{}) return finish_with(e);
        call_query q = query;
        q.page_size = detail::asked_page_size(query.page_size, options_);
        const list_memory& m = options_.memory;
        if (m.request == nullptr) return finish_with(errc::buffer_too_small);
        // write_calls_target(endpoint_, q, ...), whose check of q would repeat validate(query): q differs from
        // query at most in its PageSize, which is then within 1..1000.
        const write_result target = write_request_text(
            [](detail::output_sink& sink, const endpoint& e, const void* merged) {
                detail::put_calls_target(sink, e, *static_cast<const call_query*>(merged));
            },
            &q);
        if (target.ec) return finish(target.ec);
        if (error_code ec = result_.cursor.set_target(std::string_view(m.request, target.size))) return finish(ec);
        begin();
    }

    // validate(endpoint_), then put(sink, endpoint_, what) measured and written into options_.memory.request:
    // what write_calls_target() and write_request_head_for_target() do, in one copy for both of the session's
    // texts (the first target, and each request head).
    SWCALLS_NOINLINE write_result write_request_text(void (*put)(detail::output_sink&, const endpoint&, const void*),
                                                     const void* what) noexcept {
        if (error_code ec = validate(endpoint_)) return {ec, 0};
        const list_memory& m = options_.memory;
        return detail::write_measured(m.request, m.request_size,
                                      [&](detail::output_sink& sink) { put(sink, endpoint_, what); });
    }

    void resume_listing(const list_cursor& cursor) noexcept {
        result_.cursor = cursor;
        if (cursor.target().empty() || cursor.target().front() != '/') return finish_with(errc::invalid_cursor);
        begin();
    }

    // Out of line (once per exchange): its many member accesses are then short offsets from `this`, not
    // from the driver's frame, where the session sits kilobytes deep.
    SWCALLS_NOINLINE void exchange_ended(error_code transport_error) {
        // The connection stays only when the whole response was read and may carry the next request. (One
        // test for every way out: a failed attempt has an error or is incomplete, so it closes anyway, and
        // finishing a close-delimited body below changes nothing, since such a response is never keep-alive.)
        close_ = transport_error || leftover_ || !decoder_.complete() || !decoder_.keep_alive();
        if (changed_) {  // repeating or losing calls is worse
            close_ = true;  // (close_and_finish() less its drop_cut_error_body(): only a page has calls)
            return finish_with(errc::page_changed);
        }
        if (stop_) {  // the callback or the limit: done, whatever the rest of the response was
            result_.stopped = true;
            return finish_with(errc{});
        }
        if (parse_error_) return close_and_finish(parse_error_);  // not a calls page: asking again won't help
        if (is_permanent_transport_error(transport_error)) return close_and_finish(transport_error);

        // A retryable failure of this attempt, or {} for a complete response.
        error_code attempt_error = decoder_.error();
        if (!attempt_error && !decoder_.complete()) {
            attempt_error = transport_error ? transport_error : decoder_.finish();  // (finish: end of stream)
        } else if (attempt_error && !detail::retryable_protocol_error(attempt_error)) {
            return close_and_finish(attempt_error);
        }
        bool retry_after_allowed = false;
        if (!attempt_error) {  // complete: the body has ended (one call of finish() for both kinds of body)
            const error_code parsed = parser_.finish();
            if (mode_ == body_mode::error) {
                errors_.finish(!parsed);  // completes result_.details
                if (!is_retryable_status(decoder_.status())) return finish_with(errc::api_error);
                attempt_error = errc::api_error;
                retry_after_allowed = true;
            } else {
                // A complete 2xx body.
                // A close-delimited body has no length: a connection that drops early looks like a whole
                // response whose JSON ends too soon. That is a broken connection, retried like one.
                if (parsed == errc::unexpected_end && decoder_.framing() == http_framing::until_close) {
                    attempt_error = errc::http_body_truncated;
                } else {
                    if (parsed) return finish(parsed);
                    return next_page();
                }
            }
        }
        retry_later(attempt_error, retry_after_allowed);
    }

    // (ec by reference: by value, GCC builds each error_code on the stack and then loads it into two
    // registers, at every one of the many call sites.)
    SWCALLS_NOINLINE void finish(const error_code& ec) noexcept {
        result_.ec = ec;
        phase_ = phase::done;
        action_ = list_action{};
    }
    // An end with one of swcalls's own codes (errc{}: a normal end). Out of line, so that each call site
    // passes the code in a register (finish() takes an error_code, which is built in memory at every site).
    SWCALLS_NOINLINE void finish_with(errc e) noexcept { finish(e); }
    // An attempt that failed mid-response: the connection goes, and so does a half-read error body.
    void close_and_finish(const error_code& ec) noexcept {
        close_ = true;
        drop_cut_error_body();
        finish(ec);
    }

    void begin() noexcept {
        const list_memory& m = options_.memory;
        if (m.parser == nullptr || m.parser_size == 0 || m.request == nullptr) return finish_with(errc::buffer_too_small);
        if (options_.limit != 0 && result_.cursor.delivered_total >= options_.limit) {
            result_.stopped = true;
            return finish_with(errc{});
        }
        attempt_ = 1;
        send_attempt();
    }

    // One attempt at the cursor's page.
    void send_attempt() noexcept {
        const list_memory& m = options_.memory;
        // write_request_head_for_target(endpoint_, target, ...) less its check of the target, which the cursor
        // made when it took it: list_cursor::set_target() refuses a target that is not followable, and every
        // target set here is non-empty (the first page's, written by put_calls_target(); next_page_target()'s;
        // or a resumed cursor's, which must begin with '/'). A followable target holds no byte a request head
        // refuses.
        const std::string_view target = result_.cursor.target();
        const write_result head = write_request_text(
            [](detail::output_sink& sink, const endpoint& e, const void* t) {
                detail::put_request_head(sink, e, detail::credentials::sent, [t](detail::output_sink& s) {
                    s.put(*static_cast<const std::string_view*>(t));
                });
            },
            &target);
        if (head.ec) return finish(head.ec);
        parser_.reset();
        decoder_.reset();
        mode_ = body_mode::page;
        parser_stopped_ = false;
        parse_error_ = {};
        to_skip_ = result_.cursor.delivered_on_page;
        progressed_ = false;
        changed_ = false;
        stop_ = false;
        head_seen_ = false;
        leftover_ = false;
        ++result_.requests;
        phase_ = phase::exchanging;
        action_ = list_action{list_action::send, std::string_view(m.request, head.size), {}};
    }

    // A complete, valid page: on to the next one, or done.
    void next_page() noexcept {
        if (to_skip_ != 0) return finish_with(errc::page_changed);  // fewer calls than were delivered from it
        // (The parser stops only when on_call() returns false, which sets changed_ or stop_: exchange_ended()
        // has finished before coming here then, so a stopped parser is never seen here.)
        ++result_.pages;
        const opt_text next_uri = parser_.next_page_uri();  // (the one page field needed: no whole page_view)
        if (!names_a_next_page(next_uri)) {
            result_.finished = true;
            return finish_with(errc{});
        }
        std::string_view next;
        // next_page_target(), its errc as it is (see start_listing).
        if (const errc e = detail::next_page_error(endpoint_, next_uri->data(), next_uri->size(), next); e != errc{})
            return finish_with(e);
        // A page naming itself as the next one would be read again and again. A next page the cursor
        // refuses (longer than it holds, or not followable) is the page's fault, not the caller's buffer's:
        // invalid_uri too.
        if (next == result_.cursor.target() || result_.cursor.set_target(next)) return finish_with(errc::invalid_uri);
        result_.cursor.start_page();
        attempt_ = 1;
        send_attempt();
    }

    // An error body that did not arrive whole: its half-read fields would mislead more than help, so the
    // record keeps only its status and excerpt, as api_error_reader does for a body that is not JSON.
    // (Out of line: a cold path with two callers.)
    SWCALLS_NOINLINE void drop_cut_error_body() noexcept {
        if (mode_ == body_mode::error && !decoder_.complete()) errors_.finish(false);
    }

    // A retryable failure: wait, then ask for the same page again; or give up.
    void retry_later(error_code attempt_error, bool retry_after_allowed) noexcept {
        drop_cut_error_body();
        result_.last_error = attempt_error;
        if (progressed_) attempt_ = 1;  // each reset needs progress, so this always ends
        std::optional<std::chrono::milliseconds> retry_after;
        if (retry_after_allowed) {
            const http_retry_after& header = decoder_.retry_after();
            // Seconds as sent; or a date, as a wait from options_.clock. A clock before 2000 was never set (a
            // board without a real-time clock counts from boot, or std::time failed): a date cannot become a
            // wait then, so the backoff applies, as without one. Where dates are not read, the decoder never
            // reports one, and the date arithmetic is not compiled in.
            std::optional<std::uint64_t> s;
            if (header.kind == http_retry_after::form::seconds) {
                s = header.seconds;
            } else if (SWCALLS_RETRY_AFTER_DATES && header.kind == http_retry_after::form::date) {
                const utc_timestamp now = options_.clock();
                if (now.seconds >= detail::earliest_set_clock) s = header.wait_seconds(now);
            }
            if (s) {
                constexpr std::uint64_t cap = UINT64_MAX / 2000;  // keeps the milliseconds representable
                retry_after = std::chrono::milliseconds(static_cast<std::int64_t>((*s > cap ? cap : *s) * 1000));
            }
        }
        const std::optional<std::chrono::milliseconds> wait = retry_delay(options_.retry, attempt_ + 1, retry_after, jitter_);
        if (!wait) return finish_with(errc::retries_exhausted);  // (close_ stays as the attempt left it)
        phase_ = phase::waiting;
        action_ = list_action{list_action::wait, {}, *wait};
    }

    bool reading_done() const noexcept {
        return decoder_.complete() || decoder_.error() || parser_stopped_ || parse_error_;
    }

    // The body of the response, routed by its status: a calls page, or an error to report.
    error_code on_body(std::string_view bytes) {
        if (mode_ == body_mode::error) {
            errors_.take(bytes);
            (void)parser_.feed(bytes);  // a broken body is kept in the excerpt; finish() says whether it was JSON
            return {};
        }
        if (parser_stopped_ || parse_error_) return {};  // the rest of an abandoned body
        if (error_code ec = parser_.feed(bytes)) {
            parse_error_ = ec;
            return {};
        }
        if (parser_.stopped()) parser_stopped_ = true;
        return {};
    }

    bool on_call(const call_view& call) {
        list_cursor& cursor = result_.cursor;
        const std::string_view sid = call.sid.value_or(std::string_view());
        if (to_skip_ != 0) {  // delivered before this attempt: not again
            // The last call skipped must be the last one delivered before, or the page has shifted.
            if (--to_skip_ == 0 && !cursor.last_sid().empty() && sid != cursor.last_sid()) {
                changed_ = true;
                return false;
            }
            return true;
        }
        // No test of the limit before the callback: delivered_total < limit holds whenever a call arrives
        // (begin() checks it, and the test below stops the parser, for good, once it fails).
        bool more = true;
        if constexpr (std::is_void_v<std::invoke_result_t<Callback&, const call_view&>>) {
            callback_(call);
        } else {
            more = static_cast<bool>(callback_(call));
        }
        ++cursor.delivered_on_page;
        ++cursor.delivered_total;
        cursor.set_last_sid(sid);
        ++result_.calls;
        progressed_ = true;
        const std::uint64_t limit = options_.limit;  // (read here: nothing held across the callback)
        if (!more || (limit != 0 && cursor.delivered_total >= limit)) {
            stop_ = true;
            return false;
        }
        return true;
    }

    // The order is for code size: an access at a short offset from `this` is one 16-bit Thumb instruction,
    // while past 4 KiB it needs an extra address computation. So the small state comes first, then the
    // parts used while reading a response, then the jitter (used between attempts only), the 3 KiB result
    // and the endpoint, which is only ever passed by reference. errors_ comes after result_: it is
    // constructed with the address of result_.details, which may not be named before result_ is constructed.
    phase phase_ = phase::idle;
    body_mode mode_ = body_mode::page;
    bool parser_stopped_ = false;
    bool progressed_ = false;  // this attempt delivered a new call
    bool stop_ = false;        // the callback or the limit ended the listing
    bool changed_ = false;     // the page asked again does not start with the calls delivered from it
    bool head_seen_ = false;
    bool leftover_ = false;    // bytes past the response arrived: the connection is not reusable
    bool close_ = false;       // the last on_exchange_end() wants the connection dropped
    std::uint32_t attempt_ = 1;
    list_action action_{};
    // Calls of this attempt's page still to pass over (delivered before: not again). One counter down
    // rather than a count of calls seen compared with a count to skip: a single 64-bit value.
    std::uint64_t to_skip_ = 0;
    error_code parse_error_;
    Callback callback_;
    list_options options_;
    // One scanner reads pages and error bodies alike (page_or_error_parser.hpp).
    detail::page_or_error_parser<detail::page_handler<call_sink, listing_fields<Fields>>, SWCALLS_MAX_DEPTH,
                                 std::is_nothrow_invocable_v<Callback&, const call_view&>>
        parser_;
    http_response_decoder<body_sink> decoder_;
    jitter_source jitter_;  // used between attempts only
    list_result result_;
    endpoint endpoint_;
    detail::api_error_record errors_;  // writes result_.details
};

template <class Callback>
list_session(const endpoint&, const list_options&, Callback) -> list_session<Callback>;
template <class Callback, std::uint64_t Mask>
list_session(const endpoint&, const list_options&, Callback, field_selection<Mask>)
    -> list_session<Callback, field_selection<Mask>>;

}  // namespace swcalls
