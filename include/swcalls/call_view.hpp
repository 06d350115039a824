// swcalls/call_view.hpp — what the page parser hands you: one call, and the page around the calls.
//
// Members are named after the API's JSON keys. Every field may be absent or null on some provider
// (Twilio sends null for anything), so each is a std::optional: nullopt means "absent or null".
// Strings are already unescaped UTF-8 and point into the parser's storage: valid during the callback only.
// A parser given a field selection (field_selection.hpp) leaves the fields it was not asked for nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "call_enums.hpp"
#include "decimal.hpp"

namespace swcalls {

using opt_text = std::optional<std::string_view>;

struct subresource_uris_view {
    opt_text notifications;
    opt_text recordings;
};

struct call_view {
    opt_text sid;
    opt_text account_sid;
    opt_text date_created;      // RFC 2822 as sent; parse_date() turns it into a UTC timestamp
    opt_text date_updated;
    opt_text parent_call_sid;
    opt_text to;
    opt_text from;
    opt_text formatted_to;      // older spec's spelling ...
    opt_text formatted_from;
    opt_text to_formatted;      // ... and the current one's; servers send either or both
    opt_text from_formatted;
    opt_text phone_number_sid;
    std::optional<call_status> status;          // `unknown` for text the library does not know
    opt_text status_text;                        // the raw text, always kept
    opt_text start_time;
    opt_text end_time;
    std::optional<std::int64_t> duration;       // seconds; a JSON number or a numeric string ("4")
    std::optional<decimal> price;               // a JSON number or a numeric string ("-0.200"): decimal.hpp
    opt_text price_text;                         // the price exactly as sent (price->text()), for money arithmetic
    opt_text price_unit;
    std::optional<call_direction> direction;
    opt_text direction_text;
    std::optional<call_answered_by> answered_by;
    opt_text answered_by_text;
    opt_text api_version;
    opt_text forwarded_from;
    opt_text caller_name;
    opt_text annotation;
    opt_text group_sid;
    opt_text uri;
    std::optional<std::int64_t> queue_time;     // Twilio: milliseconds in the queue, sent as a string
    opt_text trunk_sid;
    opt_text sip_result_code;                    // a string such as "200" (a number is accepted too)
    // Call quality (SignalWire): numbers or null. A decimal converts to double on use (decimal.hpp).
    std::optional<decimal> audio_in_mos;
    std::optional<decimal> audio_rtt_avg;
    std::optional<decimal> audio_rtt_min;
    std::optional<decimal> audio_rtt_max;
    std::optional<decimal> audio_out_jitter_min;
    std::optional<decimal> audio_out_jitter_max;
    std::optional<decimal> audio_out_jitter_avg;
    std::optional<decimal> audio_out_lost;
    subresource_uris_view subresource_uris;      // both nullopt when the object is absent or null
};

// Whether a page's next_page_uri names a next page: nullopt (absent or null) or empty means the last page.
constexpr bool names_a_next_page(const opt_text& next_page_uri) noexcept {
    return next_page_uri && !next_page_uri->empty();
}

// The page object around the calls. Complete only after page_parser::finish(): the keys may come
// before or after "calls". Follow next_page_uri verbatim; do not derive the page from `uri`.
struct page_view {
    opt_text uri;
    opt_text first_page_uri;
    opt_text next_page_uri;       // nullopt or empty: this was the last page
    opt_text previous_page_uri;
    opt_text account_sid;         // older bodies only
    std::optional<std::int64_t> page;
    std::optional<std::int64_t> page_size;
    std::optional<std::int64_t> start;   // Twilio only
    std::optional<std::int64_t> end;     // Twilio only
    std::size_t calls = 0;               // how many calls the parser delivered from this page

    bool has_next() const noexcept { return names_a_next_page(next_page_uri); }
};

}  // namespace swcalls
