// mock_query.hpp — the mock's reading of a "List all Calls" query string, and which calls it selects.
//
//   swcalls_mock::calls_query q;
//   std::string problem;
//   if (!swcalls_mock::parse_calls_query("To=%2B15125550142&PageSize=20", q, problem)) -> 400 with `problem`
//   bool listed = swcalls_mock::matches(q, call);
//
// Rules (what the real API documents, made exact):
//   - names and values are percent-decoded; a '%' not followed by two hex digits is an error. A raw '+'
//     is a plus sign, not a space: the API wants '+' sent as %2B, the core always encodes it, and a '+'
//     that reached us raw most likely meant a phone number's plus;
//   - names are case-sensitive ("StartTime%3E" and a raw "StartTime>" both work); unknown names are
//     ignored; a known name given twice keeps its last value; a known name with an empty value is an error;
//   - To, From, ParentCallSid: exact byte match. Status: one of the eight documented statuses;
//   - StartTime/EndTime with '=', '<', '>': "YYYY-MM-DD" is that UTC day (= that day, < on or before it,
//     > on or after its midnight); anything else must be a timestamp swcalls::parse_date reads (RFC 2822,
//     or ISO 8601 with a time) and compares with the instant (=, <=, >=). A call without an end time
//     matches no EndTime filter;
//   - Page: 0..2^63-2 (its successor must be writable); PageSize: 1..1000; PageToken: non-empty text
//     (the api resolves it). Digits only, no sign; anything else is an error.
#pragma once

#include "mock_data.hpp"

#include <swcalls/date.hpp>
#include <swcalls/detail/percent_encoding.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace swcalls_mock {

// One StartTime/EndTime filter value.
struct time_filter {
    std::string text;                 // the decoded value, as sent (re-encoded into page URIs)
    bool whole_day = false;           // "YYYY-MM-DD"
    std::int64_t day_start = 0;       // whole_day: the day's midnight, Unix seconds
    swcalls::utc_timestamp instant;   // otherwise: the timestamp

    // `relation` is '=', '<' or '>'.
    bool accepts(std::int64_t epoch_seconds, char relation) const noexcept {
        if (whole_day) {
            const std::int64_t next_midnight = day_start + 86400;
            if (relation == '<') return epoch_seconds < next_midnight;
            if (relation == '>') return epoch_seconds >= day_start;
            return epoch_seconds >= day_start && epoch_seconds < next_midnight;
        }
        const swcalls::utc_timestamp t{epoch_seconds, 0};
        if (relation == '<') return t <= instant;
        if (relation == '>') return t >= instant;
        return t == instant;
    }
};

struct calls_query {
    std::optional<std::string> to, from, parent_call_sid, status;
    // Index: 0 StartTime, 1 StartTime<, 2 StartTime>, 3 EndTime, 4 EndTime<, 5 EndTime>.
    std::optional<time_filter> times[6];
    std::optional<std::int64_t> page;
    std::optional<std::int64_t> page_size;
    std::optional<std::string> page_token;
};

namespace detail {

inline constexpr std::string_view time_names[6] = {"StartTime", "StartTime<", "StartTime>",
                                                   "EndTime",   "EndTime<",   "EndTime>"};
inline constexpr std::string_view status_names[8] = {"queued",    "ringing", "in-progress", "canceled",
                                                     "completed", "busy",    "failed",      "no-answer"};

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decodes %XX; a raw '+' stays '+' (see the top of the file). False on a broken escape.
inline bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (in.size() - i < 3) return false;
        const int high = hex_value(in[i + 1]), low = hex_value(in[i + 2]);
        if (high < 0 || low < 0) return false;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return true;
}

// Decimal digits only, at most `max`; false for anything else (signs, spaces, overflow).
inline bool parse_count(std::string_view text, std::int64_t max, std::int64_t& out) noexcept {
    if (text.empty()) return false;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        const int digit = c - '0';
        if (value > (max - digit) / 10) return false;
        value = value * 10 + digit;
    }
    out = value;
    return true;
}

inline bool parse_time_filter(const std::string& text, time_filter& out) {
    swcalls::utc_timestamp t;
    time_filter f;
    f.text = text;
    if (text.size() == swcalls::iso_date_length && text[4] == '-') {
        if (swcalls::parse_iso8601(text, t)) return false;
        f.whole_day = true;
        f.day_start = t.seconds;
    } else {
        if (swcalls::parse_date(text, t)) return false;
        f.instant = t;
    }
    out = std::move(f);
    return true;
}

}  // namespace detail

// Reads the query string (the part after '?', without it). False with `problem` set (a message for the
// 400 body, naming the parameter but never echoing its value) when a known parameter is unusable.
inline bool parse_calls_query(std::string_view query, calls_query& out, std::string& problem) {
    calls_query q;
    std::string name, value;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        if (!detail::percent_decode(pair.substr(0, eq), name)) {
            problem = "Malformed percent-encoding in a query parameter name";
            return false;
        }
        const std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        if (!detail::percent_decode(raw_value, value)) {
            problem = "Malformed percent-encoding in a query parameter value";
            return false;
        }

        std::optional<std::string>* text_slot = name == "To"              ? &q.to
                                              : name == "From"            ? &q.from
                                              : name == "ParentCallSid"   ? &q.parent_call_sid
                                              : name == "Status"          ? &q.status
                                              : name == "PageToken"       ? &q.page_token
                                                                          : nullptr;
        int time_index = -1;
        for (int k = 0; k < 6; ++k)
            if (name == detail::time_names[k]) time_index = k;
        const bool known = text_slot || time_index >= 0 || name == "Page" || name == "PageSize";
        if (!known) continue;  // the API ignores parameters it does not know
        if (value.empty()) {
            problem = "Empty value for parameter " + name;
            return false;
        }
        if (text_slot) {
            if (text_slot == &q.status) {
                bool valid = false;
                for (std::string_view s : detail::status_names) valid |= value == s;
                if (!valid) {
                    problem = "Invalid Status: must be one of queued, ringing, in-progress, canceled, completed, busy, failed, no-answer";
                    return false;
                }
            }
            *text_slot = value;
        } else if (time_index >= 0) {
            time_filter f;
            if (!detail::parse_time_filter(value, f)) {
                problem = "Invalid date for parameter " + name + ": use YYYY-MM-DD or an RFC 2822 date";
                return false;
            }
            q.times[time_index] = std::move(f);
        } else if (name == "Page") {
            std::int64_t page = 0;
            if (!detail::parse_count(value, std::numeric_limits<std::int64_t>::max() - 1, page)) {
                problem = "Invalid Page: must be a non-negative integer";
                return false;
            }
            q.page = page;
        } else {
            std::int64_t size = 0;
            if (!detail::parse_count(value, 1000, size) || size < 1) {
                problem = "Invalid PageSize: must be an integer from 1 to 1000";
                return false;
            }
            q.page_size = size;
        }
    }
    out = std::move(q);
    return true;
}

// Whether the filters (not the paging) select `c`.
inline bool matches(const calls_query& q, const call_record& c) noexcept {
    if (q.to && *q.to != c.to) return false;
    if (q.from && *q.from != c.from) return false;
    if (q.parent_call_sid && *q.parent_call_sid != c.parent_call_sid) return false;
    if (q.status && *q.status != c.status) return false;
    static constexpr char relations[3] = {'=', '<', '>'};
    for (int k = 0; k < 3; ++k)
        if (q.times[k] && !q.times[k]->accepts(c.start_epoch, relations[k])) return false;
    for (int k = 3; k < 6; ++k) {
        if (!q.times[k]) continue;
        if (c.end_time_rfc2822.empty() || !q.times[k]->accepts(c.end_epoch, relations[k - 3])) return false;
    }
    return true;
}

// Appends the filters as a query string prefix, percent-encoded in the documented order, each followed
// by '&' ("To=%2B15125550142&Status=completed&"), for the page URIs: they must keep every filter.
inline void append_filters(std::string& out, const calls_query& q) {
    auto put = [&out](std::string_view name, const std::string& value) {
        std::string encoded(swcalls::detail::percent_encoded_size(name) + 1 +
                                swcalls::detail::percent_encoded_size(value) + 1,
                            '\0');
        std::size_t n = swcalls::detail::percent_encode(name, encoded.data());
        encoded[n++] = '=';
        n += swcalls::detail::percent_encode(value, encoded.data() + n);
        encoded[n++] = '&';
        out.append(encoded, 0, n);
    };
    if (q.to) put("To", *q.to);
    if (q.from) put("From", *q.from);
    if (q.parent_call_sid) put("ParentCallSid", *q.parent_call_sid);
    if (q.status) put("Status", *q.status);
    for (int k = 0; k < 6; ++k)
        if (q.times[k]) put(detail::time_names[k], q.times[k]->text);
}

}  // namespace swcalls_mock
