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
// HTTP/1.1 decoder and the body through the page parser (or, for a non-2xx answer, the same parser reading
// it into an api_error record), follows next_page_uri until it is null or empty, and retries what is safe to
// retry for this GET.
// All of that is list_session (list_session.hpp), which does no I/O; this file is the blocking loop around
// it, for transports that can wait in exchange(). Event-driven stacks drive a list_session themselves.
//
// Transport concept (checked by is_transport<T>, with a readable static_assert message):
//
//   struct my_transport {
//       // Connect if not connected (lazily), send `request_head` (a complete HTTP/1.1 request head), then
//       // hand every received byte, as it arrives and in any chunking, to on_bytes. Stop reading and return
//       // {} as soon as on_bytes returns false (the driver has what it needs), or when the peer closes the
//       // connection (end of stream: return {} too; the driver tells a complete response from a cut one).
//       // Return an error for a failed connect, send or receive (bytes handed over before it still count).
//       // std::error_code, or anything that converts to it (boost::system::error_code); or swcalls::error_code,
//       // which keeps std::error_category out of a microcontroller's image.
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
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

#include "call_query.hpp"
#include "call_view.hpp"
#include "endpoint.hpp"
#include "error_code.hpp"
#include "list_cursor.hpp"
#include "list_session.hpp"

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
    : std::bool_constant<is_error_result_v<decltype(std::declval<T&>().exchange(std::string_view(), std::declval<byte_sink>()))>> {};
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

namespace detail {

// The whole driver: do what the session asks until it is done (after start() or resume()). The pending
// action is read in place (a friend of list_session): each call returns a copy of it, which is not needed.
template <class Transport, class Session, class Sleep>
void drive_session(Transport& transport, Session& session, Sleep& sleep) {
    auto on_bytes = [&session](std::string_view bytes) { return session.on_bytes(bytes); };
    const list_action& action = session.action_;
    // (Tests rather than a switch: two comparisons for the three kinds, where a switch tests each.)
    for (;;) {
        if (action.what == list_action::done) return;
        if (action.what == list_action::send) {
            (void)session.on_exchange_end(as_error_code(transport.exchange(action.request_head, byte_sink(on_bytes))));
        } else {  // list_action::wait
            sleep(action.delay);
            (void)session.after_wait();
        }
        if (session.should_close()) transport.close();
    }
}

template <class Transport, class Callback, class Sleep>
constexpr void check_listing_types() noexcept {
    static_assert(is_transport_v<Transport>,
                  "swcalls: the transport must have `std::error_code exchange(std::string_view request_head, "
                  "swcalls::byte_sink on_bytes)` and `void close()` (see list_driver.hpp)");
    check_list_callback<Callback>();
    static_assert(std::is_invocable_v<Sleep&, std::chrono::milliseconds>,
                  "swcalls: sleep must be callable as sleep(std::chrono::milliseconds), e.g. "
                  "[](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }");
}

}  // namespace detail

// Lists the calls of `query` from the first page. `sleep(std::chrono::milliseconds)` waits between
// attempts (no default, so the core needs no <thread>: pass std::this_thread::sleep_for in a lambda, or
// your RTOS's delay). See the top of this file for what ends the listing and what result.cursor means.
// A query or endpoint the request writer refuses ends it before anything is sent (its error in ec).
// The last argument, when given, selects the call fields to parse (field_selection.hpp):
// list_calls(transport, e, query, options, callback, sleep, swcalls::only<field::sid, field::status>) --
// the others reach the callback as nullopt and cost neither time nor storage; sid is always kept.
template <class Transport, class Callback, class Sleep, class Fields = all_fields>
list_result list_calls(Transport& transport, const endpoint& e, const call_query& query, const list_options& options,
                       Callback&& callback, Sleep&& sleep, Fields fields = {}) {
    detail::check_listing_types<Transport, std::remove_reference_t<Callback>, std::remove_reference_t<Sleep>>();
    list_session<std::remove_reference_t<Callback>&, Fields> session(e, options, callback, fields);
    (void)session.start(query);
    detail::drive_session(transport, session, sleep);
    return session.result();
}

// Continues a listing from a cursor (a result's, or one read back with parse_cursor): asks for the cursor's
// page, skips the calls of it already delivered, and goes on as list_calls does. options.limit counts from
// the start of the listing (cursor.delivered_total), so the same options stop at the same call.
template <class Transport, class Callback, class Sleep, class Fields = all_fields>
list_result resume_calls(Transport& transport, const endpoint& e, const list_cursor& cursor, const list_options& options,
                         Callback&& callback, Sleep&& sleep, Fields fields = {}) {
    detail::check_listing_types<Transport, std::remove_reference_t<Callback>, std::remove_reference_t<Sleep>>();
    list_session<std::remove_reference_t<Callback>&, Fields> session(e, options, callback, fields);
    (void)session.resume(cursor);
    detail::drive_session(transport, session, sleep);
    return session.result();
}

}  // namespace swcalls
