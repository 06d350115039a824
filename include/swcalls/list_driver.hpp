// swcalls/list_driver.hpp — list every call of a query: page after page, retrying, resumable, exactly once.
//
//   swcalls::list_storage<> memory;                       // parser storage + request head buffer (no heap)
//   swcalls::list_options options;                        // limit, page_size, retry policy, jitter seed
//   options.memory = memory.view();
//   auto sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
//   swcalls::list_result r = swcalls::list_calls(transport, endpoint, query, options,
//                                                [&](const swcalls::call_view& call) { ... }, sleep);
//   if (r.ec) { save format_cursor(r.cursor, ...) and later resume_calls(transport, endpoint, cursor, ...) }
//
// The driver writes each request head, hands it to the transport, runs the response bytes through the
// HTTP/1.1 decoder and the body through the page parser (or, for a non-2xx answer, the api_error reader),
// follows next_page_uri until it is null or empty, and retries what is safe to retry for this GET.
//
// Transport concept (checked by is_transport<T>, with a readable static_assert message):
//
//   struct my_transport {
//       // Connect if not connected (lazily), send `request_head` (a complete HTTP/1.1 request head), then
//       // hand every received byte, as it arrives and in any chunking, to on_bytes. Stop reading and return
//       // {} as soon as on_bytes returns false (the driver has what it needs), or when the peer closes the
//       // connection (end of stream: return {} too; the driver tells a complete response from a cut one).
//       // Return an error for a failed connect, send or receive (bytes handed over before it still count).
//       std::error_code exchange(std::string_view request_head, swcalls::byte_sink on_bytes);
//       // Drop the connection (after an error, an early stop, or a response without keep-alive). The next
//       // exchange() connects again. Must be harmless when not connected.
//       void close();
//   };
//
// Only this raw-bytes flavour exists: it suits POSIX and lwIP sockets and TLS streams. Stacks that decode
// HTTP themselves (libcurl, Beast's http::read) can still model it by re-serialising a minimal head
// ("HTTP/1.1 <status>\r\nRetry-After: ...\r\nContent-Length: ...\r\n\r\n") before the body bytes.
//
// Retries: 429, 5xx, transport errors (but not is_permanent_transport_error()'s: an untrusted certificate,
// a host name mismatch, a transport that cannot be set up — those end the listing at once), and a connection that ends before the response does
// (http_no_response, http_head_truncated, http_body_truncated) are retried, up to retry_policy::max_attempts
// attempts per page; the wait honours Retry-After (seconds or HTTP date, measured with options.clock), else
// exponential backoff with jitter (retry_delay). An attempt that delivered new calls restores the page's
// attempt budget (each reset needs progress, so this always ends). Anything else ends the listing:
// a non-2xx status that is not retryable -> errc::api_error with result.details; an invalid body -> the
// parser's error; a next_page_uri to another origin -> errc::foreign_uri (nothing is sent to it).
// When the attempts run out -> errc::retries_exhausted, result.last_error saying why the last one failed
// (and result.details filled when it was an HTTP error status).
//
// The callback must not throw: an exception would unwind through the transport (C frames, for libcurl or
// lwIP) and take the result, cursor included, with it.
//
// Exactly once: result.cursor always names the page being read (its request target) and how many of its
// calls were delivered. A retry, or resume_calls() with a saved cursor, asks for that page again and skips
// that many calls. This relies on the page holding the same calls when asked again (PageToken paging).
//
// Memory: nothing is allocated. The caller gives the parser storage (the largest call must fit, 4 KiB is
// ample) and the request head buffer (the head with the longest target must fit; 3 KiB covers a 2 KiB
// target). The result holds the cursor (about 2 KiB) and an api_error (about 1 KiB).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "api_error.hpp"
#include "call_query.hpp"
#include "call_view.hpp"
#include "date.hpp"
#include "endpoint.hpp"
#include "error.hpp"
#include "http_response.hpp"
#include "list_cursor.hpp"
#include "next_page.hpp"
#include "page_parser.hpp"
#include "request_writer.hpp"
#include "retry_policy.hpp"

namespace swcalls {

// A non-owning reference to "give me these bytes" (a function_ref for one signature): what a transport
// calls with each piece of the response. Returns false when the driver wants no more bytes.
class byte_sink {
public:
    template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, byte_sink>>>
    byte_sink(F& f) noexcept  // NOLINT: implicit on purpose, like a function_ref
        : object_(static_cast<void*>(&f)), call_([](void* o, std::string_view bytes) -> bool {
              return (*static_cast<F*>(o))(bytes);
          }) {}

    bool operator()(std::string_view bytes) const { return call_(object_, bytes); }

private:
    void* object_;
    bool (*call_)(void*, std::string_view);
};

namespace detail {
template <class T, class = void>
struct has_exchange : std::false_type {};
template <class T>
struct has_exchange<T, std::void_t<decltype(std::declval<T&>().exchange(std::string_view(), std::declval<byte_sink>()))>>
    : std::is_convertible<decltype(std::declval<T&>().exchange(std::string_view(), std::declval<byte_sink>())),
                          std::error_code> {};
template <class T, class = void>
struct has_close : std::false_type {};
template <class T>
struct has_close<T, std::void_t<decltype(std::declval<T&>().close())>> : std::true_type {};
}  // namespace detail

// Whether T models the transport concept described at the top of this file.
template <class T>
struct is_transport : std::bool_constant<detail::has_exchange<T>::value && detail::has_close<T>::value> {};
template <class T>
inline constexpr bool is_transport_v = is_transport<T>::value;

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

// "Now" as UTC, for Retry-After given as an HTTP date.
inline utc_timestamp system_utc_now() noexcept {
    using namespace std::chrono;
    const auto since = system_clock::now().time_since_epoch();
    const auto s = duration_cast<seconds>(since);
    auto ns = duration_cast<nanoseconds>(since - s).count();
    std::int64_t whole = static_cast<std::int64_t>(s.count());
    if (ns < 0) {
        ns += 1000000000;
        --whole;
    }
    return {whole, static_cast<std::uint32_t>(ns)};
}

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
    utc_timestamp (*clock)() noexcept = &system_utc_now;  // for Retry-After dates; inject for tests
};

struct list_result {
    std::error_code ec;          // {} when the listing ended normally (last page, limit, or callback stop)
    std::error_code last_error;  // with errc::retries_exhausted: why the last attempt failed
    list_cursor cursor;          // the page being read and how many of its calls were delivered: resume here
    api_error details;           // with errc::api_error (and retries_exhausted after an HTTP status)
    bool finished = false;       // the last page was read completely (nothing left to list)
    bool stopped = false;        // the callback returned false, or the limit was reached
    std::uint32_t pages = 0;     // pages read completely by this call
    std::uint64_t calls = 0;     // calls delivered by this call
    std::uint32_t requests = 0;  // requests handed to the transport by this call (retries included)
};

namespace detail {

// The PageSize the first request asks for.
inline std::optional<std::int64_t> asked_page_size(std::optional<std::int64_t> query_size, const list_options& o) noexcept {
    std::optional<std::int64_t> size = query_size;
    if (o.page_size != 0) size = static_cast<std::int64_t>(o.page_size);
    if (o.limit != 0 && (!size || static_cast<std::uint64_t>(*size) > o.limit))
        size = o.limit > static_cast<std::uint64_t>(max_page_size) ? max_page_size : static_cast<std::int64_t>(o.limit);
    if (size && *size > max_page_size) size = max_page_size;
    return size;
}

inline bool retryable_protocol_error(const std::error_code& ec) noexcept {
    return ec == errc::http_no_response || ec == errc::http_head_truncated || ec == errc::http_body_truncated;
}

// The state shared by the parser's callback and the driver loop.
template <class Callback>
struct delivery {
    Callback* user;
    list_result* result;
    std::uint64_t limit;
    std::uint64_t skip = 0;   // calls of this attempt's page delivered before: not again
    std::uint64_t seen = 0;   // calls of the page parsed in this attempt
    bool progressed = false;  // this attempt delivered a new call
    bool stop = false;        // the callback or the limit ended the listing
    bool changed = false;     // the page asked again does not start with the calls delivered from it

    bool on_call(const call_view& call) {
        if (seen < skip) {
            // The last call skipped must be the last one delivered before, or the page has shifted.
            if (++seen == skip && !result->cursor.last_sid().empty() &&
                call.sid.value_or(std::string_view()) != result->cursor.last_sid()) {
                changed = true;
                return false;
            }
            return true;
        }
        ++seen;
        if (limit != 0 && result->cursor.delivered_total >= limit) {
            stop = true;
            return false;
        }
        bool more = true;
        if constexpr (std::is_void_v<std::invoke_result_t<Callback&, const call_view&>>) {
            (*user)(call);
        } else {
            more = static_cast<bool>((*user)(call));
        }
        ++result->cursor.delivered_on_page;
        ++result->cursor.delivered_total;
        result->cursor.set_last_sid(call.sid.value_or(std::string_view()));
        ++result->calls;
        progressed = true;
        if (!more || (limit != 0 && result->cursor.delivered_total >= limit)) {
            stop = true;
            return false;
        }
        return true;
    }
};

enum class body_mode : std::uint8_t { page, error };

template <class Parser>
struct body_router {
    Parser* parser;
    api_error_reader* errors;
    body_mode* mode;
    bool* parser_stopped;
    std::error_code* parse_error;

    std::error_code operator()(std::string_view bytes) {
        if (*mode == body_mode::error) {
            errors->feed(bytes);
            return {};
        }
        if (*parser_stopped || *parse_error) return {};  // the rest of an abandoned body
        if (std::error_code ec = parser->feed(bytes)) {
            *parse_error = ec;
            return {};
        }
        if (parser->stopped()) *parser_stopped = true;
        return {};
    }
};

template <class Transport, class Callback, class Sleep>
void run_listing(Transport& transport, const endpoint& e, const list_options& o, Callback& callback, Sleep& sleep,
                 list_result& r) {
    auto fail = [&](std::error_code ec) { r.ec = ec; };
    const list_memory& m = o.memory;
    if (m.parser == nullptr || m.parser_size == 0 || m.request == nullptr) return fail(errc::buffer_too_small);

    delivery<Callback> state{&callback, &r, o.limit};
    page_parser parser{m.parser, m.parser_size, [&state](const call_view& call) { return state.on_call(call); }};
    using parser_type = decltype(parser);
    api_error_reader errors;
    body_mode mode = body_mode::page;
    bool parser_stopped = false;
    std::error_code parse_error;
    http_decoder_options http = o.http;
    http.pause_after_head = true;
    http_response_decoder decoder{body_router<parser_type>{&parser, &errors, &mode, &parser_stopped, &parse_error}, http};
    jitter_source jitter(o.jitter_seed);

    if (o.limit != 0 && r.cursor.delivered_total >= o.limit) {
        r.stopped = true;
        return;
    }

    std::uint32_t attempt = 1;
    for (;;) {
        // ---- one attempt at the cursor's page ----
        const write_result head = write_request_head_for_target(e, r.cursor.target(), m.request, m.request_size);
        if (head.ec) return fail(head.ec);
        parser.reset();
        decoder.reset();
        mode = body_mode::page;
        parser_stopped = false;
        parse_error = {};
        state.skip = r.cursor.delivered_on_page;
        state.seen = 0;
        state.progressed = false;
        state.changed = false;
        bool head_seen = false;
        bool leftover = false;  // bytes past the response: the connection is not reusable

        auto on_bytes = [&](std::string_view bytes) -> bool {
            while (!bytes.empty()) {
                if (decoder.complete() || decoder.error() || parser_stopped || parse_error) {
                    leftover = true;
                    return false;
                }
                const http_feed_result fed = decoder.feed(bytes);
                bytes.remove_prefix(fed.used);
                if (fed.error || fed.used == 0) return false;  // (used == 0 without an error: never, but no spin)
                if (!head_seen && decoder.head_complete()) {
                    head_seen = true;
                    const int status = decoder.status();
                    if (status < 200 || status > 299) {
                        mode = body_mode::error;
                        errors.reset(status);
                    }
                }
            }
            return !(decoder.complete() || decoder.error() || parser_stopped || parse_error);
        };
        ++r.requests;
        std::error_code transport_error = transport.exchange(std::string_view(m.request, head.size), byte_sink(on_bytes));

        // ---- what the attempt gave ----
        std::error_code attempt_error;  // a retryable failure of this attempt
        bool retry_after_allowed = false;
        if (state.changed) {  // repeating or losing calls is worse than stopping
            transport.close();
            return fail(errc::page_changed);
        }
        if (state.stop) {  // the callback or the limit: done, whatever the rest of the response was
            // The connection stays only when the whole response was read and may carry the next request.
            if (transport_error || leftover || !decoder.complete() || !decoder.keep_alive()) transport.close();
            r.stopped = true;
            return;
        }
        if (parse_error) {  // a 2xx body that is not a calls page: asking again will not help
            transport.close();
            return fail(parse_error);
        }
        if (is_permanent_transport_error(transport_error)) {  // the same answer next time: do not wait for it
            transport.close();
            return fail(transport_error);
        }
        if (!decoder.complete() && !decoder.error()) {
            if (transport_error) attempt_error = transport_error;
            else if (std::error_code ec = decoder.finish()) attempt_error = ec;  // end of stream
        } else if (decoder.error()) {
            attempt_error = decoder.error();
            if (!retryable_protocol_error(attempt_error)) {
                transport.close();
                return fail(attempt_error);
            }
        }
        if (!attempt_error && decoder.complete()) {
            if (transport_error || leftover || !decoder.keep_alive()) transport.close();
            if (mode == body_mode::error) {
                r.details = errors.finish();
                if (!is_retryable_status(decoder.status())) return fail(errc::api_error);
                attempt_error = errc::api_error;
                retry_after_allowed = true;
            } else {
                // A complete 2xx body.
                std::error_code parsed = parser.finish();
                // A close-delimited body has no length: a connection that drops early looks like a whole
                // response whose JSON ends too soon. That is a broken connection, retried like one.
                if (parsed == errc::unexpected_end && decoder.framing() == http_framing::until_close) {
                    attempt_error = errc::http_body_truncated;
                } else {
                    if (parsed) return fail(parsed);
                    if (state.seen < state.skip) return fail(errc::page_changed);  // fewer calls than delivered
                    if (parser.stopped()) {  // only through state.stop, handled above; kept for safety
                        r.stopped = true;
                        return;
                    }
                    ++r.pages;
                    const page_view page = parser.page();
                    if (!page.has_next()) {
                        r.finished = true;
                        return;
                    }
                    std::string_view next;
                    if (std::error_code ec = next_page_target(e, *page.next_page_uri, next)) return fail(ec);
                    // A page naming itself as the next one would be read again and again.
                    if (next == r.cursor.target()) return fail(errc::invalid_uri);
                    if (std::error_code ec = r.cursor.set_target(next)) return fail(ec);
                    r.cursor.delivered_on_page = 0;
                    r.cursor.set_last_sid({});
                    attempt = 1;
                    continue;
                }
            }
        } else {
            transport.close();
        }

        // ---- a retryable failure: wait, then ask for the same page again ----
        r.last_error = attempt_error;
        if (state.progressed) attempt = 1;
        std::optional<std::chrono::milliseconds> retry_after;
        if (retry_after_allowed) {
            if (std::optional<std::uint64_t> s = decoder.retry_after().wait_seconds(o.clock ? o.clock() : system_utc_now())) {
                constexpr std::uint64_t cap = UINT64_MAX / 2000;  // keeps the milliseconds representable
                retry_after = std::chrono::milliseconds(static_cast<std::int64_t>((*s > cap ? cap : *s) * 1000));
            }
        }
        const std::optional<std::chrono::milliseconds> wait = retry_delay(o.retry, attempt + 1, retry_after, jitter);
        if (!wait) return fail(errc::retries_exhausted);
        sleep(*wait);
        ++attempt;
    }
}

template <class Transport, class Callback, class Sleep>
constexpr void check_listing_types() noexcept {
    static_assert(is_transport_v<Transport>,
                  "swcalls: the transport must have `std::error_code exchange(std::string_view request_head, "
                  "swcalls::byte_sink on_bytes)` and `void close()` (see list_driver.hpp)");
    static_assert(std::is_invocable_v<Callback&, const call_view&>,
                  "swcalls: the callback must be callable as callback(const swcalls::call_view&)");
    static_assert(std::is_void_v<std::invoke_result_t<Callback&, const call_view&>> ||
                      std::is_same_v<std::invoke_result_t<Callback&, const call_view&>, bool>,
                  "swcalls: the callback must return void, or bool (false stops the listing)");
    static_assert(std::is_invocable_v<Sleep&, std::chrono::milliseconds>,
                  "swcalls: sleep must be callable as sleep(std::chrono::milliseconds), e.g. "
                  "[](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }");
}

}  // namespace detail

// Lists the calls of `query` from the first page. `sleep(std::chrono::milliseconds)` waits between
// attempts (no default, so the core needs no <thread>: pass std::this_thread::sleep_for in a lambda, or
// your RTOS's delay). See the top of this file for what ends the listing and what result.cursor means.
// A query or endpoint the request writer refuses ends it before anything is sent (its error in ec).
template <class Transport, class Callback, class Sleep>
list_result list_calls(Transport& transport, const endpoint& e, const call_query& query, const list_options& options,
                       Callback&& callback, Sleep&& sleep) {
    detail::check_listing_types<Transport, std::remove_reference_t<Callback>, std::remove_reference_t<Sleep>>();
    list_result r;
    if (std::error_code ec = validate(query)) {  // before page_size and limit are merged into it
        r.ec = ec;
        return r;
    }
    call_query q = query;
    q.page_size = detail::asked_page_size(query.page_size, options);
    if (options.memory.request == nullptr) {
        r.ec = errc::buffer_too_small;
        return r;
    }
    const write_result target = write_calls_target(e, q, options.memory.request, options.memory.request_size);
    if (target.ec) {
        r.ec = target.ec;
        return r;
    }
    if (std::error_code ec = r.cursor.set_target(std::string_view(options.memory.request, target.size))) {
        r.ec = ec;
        return r;
    }
    detail::run_listing(transport, e, options, callback, sleep, r);
    return r;
}

// Continues a listing from a cursor (a result's, or one read back with parse_cursor): asks for the cursor's
// page, skips the calls of it already delivered, and goes on as list_calls does. options.limit counts from
// the start of the listing (cursor.delivered_total), so the same options stop at the same call.
template <class Transport, class Callback, class Sleep>
list_result resume_calls(Transport& transport, const endpoint& e, const list_cursor& cursor, const list_options& options,
                         Callback&& callback, Sleep&& sleep) {
    detail::check_listing_types<Transport, std::remove_reference_t<Callback>, std::remove_reference_t<Sleep>>();
    list_result r;
    r.cursor = cursor;
    if (cursor.target().empty() || cursor.target().front() != '/') {
        r.ec = errc::invalid_cursor;
        return r;
    }
    detail::run_listing(transport, e, options, callback, sleep, r);
    return r;
}

}  // namespace swcalls
