// swcalls/call_query.hpp — which calls to list: every filter of "List all Calls", typed and validated.
//
// A call_query is a plain struct of optionals; an unset filter is not sent. Date filters hold either a
// calendar date, sent as "YYYY-MM-DD" (the form Twilio documents: a UTC day), or a full timestamp, sent as
// RFC 2822 GMT, "Wed, 19 Sep 2018 20:00:00 GMT" (the form SignalWire documents). Which one is sent is the
// caller's choice and is never guessed. validate() says what the API cannot take; the request writer
// calls it too. parse_status_filter() and parse_date_filter() read command-line text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "call_enums.hpp"
#include "date.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "detail/uri_chars.hpp"

namespace swcalls {

inline constexpr std::int64_t min_page_size = 1;
inline constexpr std::int64_t max_page_size = 1000;

// A day of the proleptic Gregorian calendar, years 0000-9999.
struct calendar_date {
    std::int32_t year = 1970;
    std::uint32_t month = 1;  // 1..12
    std::uint32_t day = 1;    // 1..days in that month
};

constexpr bool is_valid(calendar_date d) noexcept {
    // days_in_month is 0 for a month outside 1..12, so the day check refuses those too.
    return static_cast<std::uint32_t>(d.year) <= 9999 && d.day >= 1 && d.day <= detail::days_in_month(d.year, d.month);
}

// The value of one date filter (StartTime, StartTime<, ..., EndTime>).
struct date_filter {
    enum class form { date, timestamp };
    form kind = form::date;
    calendar_date date;   // when kind == form::date: sent as "2018-09-19"
    utc_timestamp time;   // when kind == form::timestamp: sent as "Wed, 19 Sep 2018 20:00:00 GMT" (seconds only)

    // Built whole, each member once: assigning into a default-constructed filter stored the defaults first.
    static constexpr date_filter on_date(std::int32_t year, std::uint32_t month, std::uint32_t day) noexcept {
        return {form::date, {year, month, day}, {}};
    }
    static constexpr date_filter at(utc_timestamp t) noexcept { return {form::timestamp, {}, t}; }
};

// Bytes a date filter's value takes before percent-encoding: 10 for a date, 29 for a timestamp.
constexpr std::size_t text_length(const date_filter& f) noexcept {
    return f.kind == date_filter::form::date ? iso_date_length : rfc2822_length;
}

constexpr bool is_valid(const date_filter& f) noexcept {
    if (f.kind == date_filter::form::date) return is_valid(f.date);
    return f.time.nanoseconds < 1000000000u && detail::is_formattable(f.time.seconds);
}

namespace detail {
// format_date_filter for a filter known to be valid.
constexpr std::size_t write_date_filter(const date_filter& f, char* out) noexcept {
    const bool timestamp = f.kind == date_filter::form::timestamp;
    // One call of the writer for both forms.
    return write_date_text(out, timestamp ? rfc2822_pattern : iso_date_pattern,
                           timestamp ? take_apart(f.time.seconds) : date_text_of({f.date.year, f.date.month, f.date.day}));
}
}  // namespace detail

// Writes the value as sent, before percent-encoding, at `out` (room for text_length(f) bytes). Returns the
// length, or 0 (writing nothing) when the filter is not valid.
constexpr std::size_t format_date_filter(const date_filter& f, char* out) noexcept {
    return is_valid(f) ? detail::write_date_filter(f, out) : 0;
}

struct call_query {
    std::optional<std::string_view> to;               // To: "+15551234567", a SIP URI, ... (sent as given)
    std::optional<std::string_view> from;             // From
    std::optional<std::string_view> parent_call_sid;  // ParentCallSid
    std::optional<call_status> status;                // Status (call_status::unknown is refused)
    std::optional<date_filter> start_time;            // StartTime
    std::optional<date_filter> start_time_before;     // StartTime<
    std::optional<date_filter> start_time_after;      // StartTime>
    std::optional<date_filter> end_time;              // EndTime
    std::optional<date_filter> end_time_before;       // EndTime<
    std::optional<date_filter> end_time_after;        // EndTime>
    std::optional<std::int64_t> page;                 // Page: zero-based, >= 0
    std::optional<std::int64_t> page_size;            // PageSize: 1..1000 (the server's default is 50)
    std::optional<std::string_view> page_token;       // PageToken: as the server gave it
};

namespace detail {

// The filters validate() checks alike, as tables: one loop each instead of a check inlined per filter.
// In the order they are sent (put_calls_target writes them by these tables too).
inline constexpr std::optional<std::string_view> call_query::*const leading_text_filters[] = {
    &call_query::to, &call_query::from, &call_query::parent_call_sid};
inline constexpr std::optional<date_filter> call_query::*const date_filters[] = {
    &call_query::start_time, &call_query::start_time_before, &call_query::start_time_after,
    &call_query::end_time,   &call_query::end_time_before,   &call_query::end_time_after};

// Set and holding CR, LF or NUL. (Asked this way round, the answer is contains_head_breaking's own: no
// negation of it in the out-of-line copy.)
constexpr bool text_filter_breaks(const std::optional<std::string_view>& v) noexcept {
    return v && contains_head_breaking(*v);
}

// validate()'s checks as an errc (0 for none): one error_code is built, at the one return in validate().
inline errc query_error(const call_query& q) noexcept {
    for (auto text : leading_text_filters)
        if (text_filter_breaks(q.*text)) return errc::invalid_header_value;
    if (q.status && *q.status == call_status::unknown) return errc::invalid_filter_value;
    for (auto date : date_filters)
        if (q.*date && !is_valid(*(q.*date))) return errc::invalid_filter_value;
    if (q.page && *q.page < 0) return errc::invalid_page;
    // One unsigned comparison for min_page_size..max_page_size.
    if (q.page_size && static_cast<std::uint64_t>(*q.page_size) - static_cast<std::uint64_t>(min_page_size) >
                           static_cast<std::uint64_t>(max_page_size - min_page_size))
        return errc::invalid_page_size;
    if (text_filter_breaks(q.page_token)) return errc::invalid_header_value;
    return errc{};
}

}  // namespace detail

// {} when every set filter is one the API can take; otherwise, checking in the order the parameters are
// sent: errc::invalid_header_value for CR, LF or NUL in a text filter, errc::invalid_filter_value for
// call_status::unknown or an impossible date (Feb 30, month 13, years outside 0000-9999, nanoseconds past
// 999999999), errc::invalid_page for Page < 0, errc::invalid_page_size for PageSize outside 1..1000.
inline error_code validate(const call_query& q) noexcept { return detail::query_error(q); }

// A status name exactly as the API spells it ("queued", "ringing", "in-progress", "canceled", "completed",
// "busy", "failed", "no-answer"). Anything else is errc::invalid_filter_value and leaves `out` alone.
inline error_code parse_status_filter(std::string_view text, call_status& out) noexcept {
    const call_status status = status_from_text(text);
    if (status == call_status::unknown) return error_code(errc::invalid_filter_value);
    out = status;
    return {};
}

// Text for a date filter, e.g. from the command line (surrounding spaces, tabs, CR and LF ignored):
//   "2018-09-19"                                     -> a calendar date, sent as 2018-09-19
//   "Wed, 19 Sep 2018 20:00:00 +0000" (RFC 2822)     -> a timestamp, sent as Wed, 19 Sep 2018 20:00:00 GMT
//   "2018-09-19T20:00:00Z", "2018-09-19 22:00+02:00" -> a timestamp (converted to UTC, seconds kept)
// An impossible date ("2018-02-30") or text in neither form is errc::invalid_filter_value, leaving `out` alone.
inline error_code parse_date_filter(std::string_view text, date_filter& out) noexcept {
    // The same blanks parse_date() ignores, so "2018-09-19\n" is a date, as "2018-09-19" is.
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    const error_code invalid = error_code(errc::invalid_filter_value);
    auto digits = [&](std::size_t at, std::size_t n, std::uint32_t& value) {
        value = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (!detail::is_ascii_digit(text[i])) return false;
            value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
        }
        return true;
    };
    if (text.size() == iso_date_length && text[4] == '-' && text[7] == '-') {
        std::uint32_t year = 0, month = 0, day = 0;
        if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return invalid;
        const date_filter f = date_filter::on_date(static_cast<std::int32_t>(year), month, day);
        if (!is_valid(f)) return invalid;
        out = f;
        return {};
    }
    utc_timestamp t;
    if (parse_date(text, t)) return invalid;
    const date_filter f = date_filter::at(t);
    if (!is_valid(f)) return invalid;  // parses, but outside the years the filter can be written in
    out = f;
    return {};
}

}  // namespace swcalls
