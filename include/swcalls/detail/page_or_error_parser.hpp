// swcalls/detail/page_or_error_parser.hpp — one JSON scanner for a response body, whichever kind it is.
//
// A list session reads a 2xx body as a calls page and any other as an API error. With a scanner for each,
// the scanner's code was linked twice (about 2 KiB on a Cortex-M4); through this handler the page parser's
// scanner reads both. Events go to the page handler or, after read_errors() and until reset(), to an
// api_error_handler. Only the error handler's sinks ask to truncate, so a page keeps its call_too_large.
// page_or_error_parser is page_parser over that handler (its results are the page's; for an error body,
// finish() judges the JSON only).
#pragma once

#include <cstddef>
#include <cstdint>

#include "../api_error.hpp"
#include "../call_view.hpp"
#include "../error.hpp"
#include "../page_parser.hpp"
#include "json_scanner.hpp"

namespace swcalls::detail {

template <class PageHandler>
class page_or_error_handler {
public:
    static constexpr bool truncates_values = true;

    template <class... Args>
    explicit page_or_error_handler(Args&&... args) noexcept : page_(static_cast<Args&&>(args)...) {}

    // The rest of this body is an error body, read into `errors` (which must outlive it).
    void read_errors(api_error_handler* errors) noexcept { errors_ = errors; }

    void reset() noexcept {
        errors_ = nullptr;
        page_.reset();
    }

    // ---- scanner events ---------------------------------------------------------------------------

    // An error body's events all go through the error handler's out-of-line entries (on_event; a key and a
    // scalar's end straight to their own): inlined here, that handler would be copied into each of the
    // scanner's event sites, next to the page's.
    void on_begin(bool is_object, std::uint32_t level) noexcept {
        if (SWCALLS_UNLIKELY(errors_ != nullptr))
            errors_->on_event(is_object ? event::begin_object : event::begin_array, level);
        else
            page_.on_begin(is_object, level);
    }
    bool on_end(std::uint32_t level) {
        if (SWCALLS_UNLIKELY(errors_ != nullptr)) {
            errors_->on_event(event::end, level);
            return true;
        }
        return page_.on_end(level);
    }
    void on_key(const char* key, std::size_t length, bool too_long, std::uint32_t level) noexcept {
        if (SWCALLS_UNLIKELY(errors_ != nullptr)) errors_->on_key(key, length, too_long, level);
        else page_.on_key(key, length, too_long, level);
    }
    value_sink on_scalar_begin(std::uint32_t level) noexcept {
        if (SWCALLS_UNLIKELY(errors_ != nullptr)) return errors_->on_event(event::scalar_begin, level);
        return page_.on_scalar_begin(level);
    }
    void on_scalar_end(char* text_end) noexcept {
        if (SWCALLS_UNLIKELY(errors_ != nullptr)) errors_->on_scalar_end(text_end);
        else page_.on_scalar_end(text_end);
    }
    void on_literal(literal value, std::uint32_t level) noexcept {
        if (SWCALLS_UNLIKELY(errors_ != nullptr)) errors_->on_event(event::literal, level);
        else page_.on_literal(value, level);
    }

    // ---- results (an error body is judged as JSON only: it is no calls page) ------------------------

    errc verdict() const noexcept { return errors_ ? errc{} : page_.verdict(); }
    page_view page() const noexcept { return page_.page(); }
    opt_text next_page_uri() const noexcept { return page_.next_page_uri(); }
    std::size_t delivered() const noexcept { return page_.delivered(); }

private:
    using event = api_error_handler::event;

    PageHandler page_;
    api_error_handler* errors_ = nullptr;
};

template <class PageHandler, std::uint32_t MaxDepth, bool NothrowCallback>
class page_or_error_parser
    : public basic_page_parser<page_or_error_handler<PageHandler>, MaxDepth, NothrowCallback> {
public:
    using basic_page_parser<page_or_error_handler<PageHandler>, MaxDepth, NothrowCallback>::basic_page_parser;

    // The rest of this body (after reset(): none) is an error body, read into `errors`.
    void read_errors(api_error_handler* errors) noexcept { this->handler_.read_errors(errors); }

    // page().next_page_uri, without building the whole page_view.
    opt_text next_page_uri() const noexcept { return this->handler_.next_page_uri(); }
};

}  // namespace swcalls::detail
