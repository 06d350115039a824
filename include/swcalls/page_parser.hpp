// swcalls/page_parser.hpp — the streaming parser for one "List all Calls" response body.
//
//   char storage[4096];                                   // the caller owns all parser memory
//   swcalls::page_parser parser{storage, [&](const swcalls::call_view& call) { ... }};
//   std::error_code ec = parser.feed(chunk);             // any chunking, down to one byte at a time
//   ec = parser.finish();                                 // end of body
//   (feed() and finish() return swcalls::error_code, which converts to std::error_code; keep it as
//   swcalls::error_code on a microcontroller to leave std::error_category out of the image: error_code.hpp)
//   swcalls::page_view page = parser.page();              // next_page_uri, page, ... after finish()
//
// Each call reaches the callback as soon as its closing brace arrives; the callback may return false to
// stop early. The parser never allocates. `storage` must hold the text of the modelled fields of one call
// plus the page's own fields (URIs and such): about 1.5 KiB for a typical SignalWire call; 4 KiB is ample.
// A call that does not fit is errc::call_too_large, never an overflow; so is a single field longer than
// max_field_length (65534 bytes: the parser keeps 16-bit lengths to stay small).
//
// Only some fields needed? Say so (field_selection.hpp): the others are validated but never copied or
// converted, reach the callback as std::nullopt and need no storage:
//
//   swcalls::page_parser parser{storage, callback, swcalls::only<swcalls::field::sid, swcalls::field::status>};
//
// State: the parser itself is under 512 bytes (plus the callback's captures); everything else is `storage`.
//
// Errors: feed() returns a syntax error as soon as it sees one (error_offset() says where). Whether valid
// JSON is a calls page is only certain once it has all been validated, so finish() reports
// errc::not_a_calls_page, wrong_field_type and invalid_field_value; calls delivered before the
// problem have already been delivered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "call_view.hpp"
#include "error_code.hpp"
#include "field_selection.hpp"
#include "detail/json_scanner.hpp"
#include "detail/page_handler.hpp"

namespace swcalls {

// The longest text (decoded) one field may have, call or page field; longer is errc::call_too_large.
inline constexpr std::size_t max_field_length = detail::max_field_length;

namespace detail {

// The parser over any handler with page_handler's results (verdict(), page(), delivered()): page_parser's
// machinery, also used by list_session with a handler that reads error bodies too.
template <class Handler, std::uint32_t MaxDepth, bool NothrowCallback>
class basic_page_parser {
public:
    template <class... HandlerArgs>
    explicit basic_page_parser(HandlerArgs&&... args) noexcept : handler_(static_cast<HandlerArgs&&>(args)...) {}

    basic_page_parser(const basic_page_parser&) = delete;
    basic_page_parser& operator=(const basic_page_parser&) = delete;

    // Parses the next piece of the body. Returns a syntax or storage error, sticky from then on.
    // The chunk must not lie inside `storage`. If the callback throws, the exception leaves feed() and the
    // parser refuses further input (errc::parser_finished) until reset().
    error_code feed(std::string_view chunk) noexcept(NothrowCallback) { return feed(chunk.data(), chunk.size()); }
    error_code feed(const char* data, std::size_t size) noexcept(NothrowCallback) {
        if (finished_ || busy_) return errc::parser_finished;
        busy_ = true;  // stays set if the callback throws: the scanner is then mid-token
        const error_code e = scanner_.feed(data, size, handler_);
        busy_ = false;
        return e;
    }

    // The body has ended. Returns the first error of the document: syntax, storage or shape. After a
    // callback asked to stop, returns success without judging the rest of the body.
    error_code finish() noexcept(NothrowCallback) {
        if (busy_) return errc::parser_finished;
        if (!finished_) {
            finished_ = true;
            busy_ = true;
            result_ = scanner_.finish(handler_).code();
            busy_ = false;
            if (result_ == errc{} && !scanner_.stopped()) result_ = handler_.verdict();
        }
        return result_;
    }

    // The page's own fields. Complete after finish(); after an early stop, what had arrived by then.
    page_view page() const noexcept { return handler_.page(); }

    // Byte offset in the body of the first syntax error (or of the byte that did not fit in storage).
    std::uint64_t error_offset() const noexcept { return scanner_.error_offset(); }
    // Bytes of the body consumed so far.
    std::uint64_t consumed() const noexcept { return scanner_.consumed(); }
    // True when the callback returned false.
    bool stopped() const noexcept { return scanner_.stopped(); }
    // Calls delivered to the callback so far.
    std::size_t calls() const noexcept { return handler_.delivered(); }

    // Ready for another body, with the same storage and callback.
    void reset() noexcept {
        scanner_.reset();
        handler_.reset();
        finished_ = false;
        busy_ = false;
        result_ = errc{};
    }

protected:
    Handler handler_;

private:
    json_scanner<Handler, MaxDepth> scanner_;
    errc result_ = errc{};  // finish()'s verdict, kept as the enum: an error_code is two words
    bool finished_ = false;
    bool busy_ = false;  // inside feed()/finish(): a callback that threw, or called back into the parser
};

}  // namespace detail

// MaxDepth: the deepest nesting accepted (errc::depth_limit beyond); one bit of parser state a level.
// Fields: the call fields kept (field_selection.hpp); every field by default.
template <class Callback, std::uint32_t MaxDepth = SWCALLS_MAX_DEPTH, class Fields = all_fields>
class page_parser
    : public detail::basic_page_parser<detail::page_handler<Callback, Fields>, MaxDepth,
                                       std::is_nothrow_invocable_v<Callback&, const call_view&>> {
    static_assert(is_field_selection<Fields>::value,
                  "swcalls::page_parser: Fields must be a swcalls::field_selection, e.g. swcalls::fields<...>");
    static_assert(std::is_invocable_v<Callback&, const call_view&>,
                  "swcalls::page_parser: the callback must be callable as callback(const swcalls::call_view&)");
    using result_type = std::invoke_result_t<Callback&, const call_view&>;
    static_assert(std::is_void_v<result_type> || std::is_same_v<result_type, bool>,
                  "swcalls::page_parser: the callback must return void, or bool (false stops parsing)");
    using base = detail::basic_page_parser<detail::page_handler<Callback, Fields>, MaxDepth,
                                           std::is_nothrow_invocable_v<Callback&, const call_view&>>;

public:
    // The last argument, when given, is the selection as a value: swcalls::only<...>.
    page_parser(char* storage, std::size_t size, Callback callback, Fields = {}) noexcept
        : base(storage, size, static_cast<Callback&&>(callback)) {}

    template <std::size_t N>
    page_parser(char (&storage)[N], Callback callback, Fields = {}) noexcept
        : base(storage, N, static_cast<Callback&&>(callback)) {}
};

template <std::size_t N, class Callback>
page_parser(char (&)[N], Callback) -> page_parser<Callback>;
template <class Callback>
page_parser(char*, std::size_t, Callback) -> page_parser<Callback>;
template <std::size_t N, class Callback, std::uint64_t Mask>
page_parser(char (&)[N], Callback, field_selection<Mask>)
    -> page_parser<Callback, SWCALLS_MAX_DEPTH, field_selection<Mask>>;
template <class Callback, std::uint64_t Mask>
page_parser(char*, std::size_t, Callback, field_selection<Mask>)
    -> page_parser<Callback, SWCALLS_MAX_DEPTH, field_selection<Mask>>;

}  // namespace swcalls
