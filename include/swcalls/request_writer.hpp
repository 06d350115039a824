// swcalls/request_writer.hpp — the "List all Calls" request, written into the caller's buffers.
//
// From an endpoint and a call_query: the request target
//     {path_root}/Accounts/{project id}/Calls[.json][?Name=value&...]
// the Authorization value "Basic base64(project:token)", and the complete HTTP/1.1 request head for
// raw-socket transports. Every query name and value is percent-encoded (only ALPHA DIGIT - . _ ~ are
// kept: "StartTime%3E=...", "To=%2B15551234567"), and so is the project id, as a path segment. Set
// parameters are sent in one fixed order, the order the API documents them in:
//     To, From, ParentCallSid, Status, StartTime, StartTime<, StartTime>, EndTime, EndTime<, EndTime>,
//     Page, PageSize, PageToken
// Unset ones are left out. Each writer returns a write_result: on errc::buffer_too_small its size is the
// exact number of bytes needed and nothing is written. The redacted heads (for --dry-run and logs) show
// "Authorization: Basic ***" and never contain the token, in any form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <system_error>

#include "call_enums.hpp"
#include "call_query.hpp"
#include "config.hpp"
#include "endpoint.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "write_result.hpp"
#include "detail/base64.hpp"
#include "detail/output_sink.hpp"
#include "detail/percent_encoding.hpp"
#include "detail/string_slices.hpp"
#include "detail/uri_chars.hpp"

namespace swcalls {

// The User-Agent header's value.
inline constexpr std::string_view user_agent = "swcalls/" SWCALLS_VERSION_STRING;

namespace detail {

// percent_encode() through the sink: each byte goes out through one put, itself or its escape, so measuring
// and encoding are one loop.
// (data, size): see string_slices.hpp.
inline void put_encoded(output_sink& sink, const char* data, std::size_t size) noexcept {
    for (char c : std::string_view(data, size)) {
        char escape[3];
        percent_escape(static_cast<unsigned char>(c), escape);
        const bool kept = is_unreserved(c);
        if (kept) escape[0] = c;
        sink.put(escape, kept ? 1 : 3);
    }
}
inline void put_encoded(output_sink& sink, std::string_view text) noexcept { put_encoded(sink, text.data(), text.size()); }

// The query's parameter names in the order they are sent, already percent-encoded ('<' is %3C, '>' is
// %3E), each ending with its '=': one string walked in order instead of a name and a call per filter.
inline constexpr char query_parameter_names[] =
    "To=From=ParentCallSid=Status=StartTime=StartTime%3C=StartTime%3E=EndTime=EndTime%3C=EndTime%3E="
    "Page=PageSize=PageToken=";
// put_calls_target calls next() once per name, in this order: a name added here needs its call there.
constexpr std::size_t query_parameter_count() noexcept {
    std::size_t n = 0;
    for (char c : query_parameter_names) n += c == '=' ? 1 : 0;
    return n;
}
static_assert(query_parameter_count() == 13, "one query_parameter_writer::next() per name in put_calls_target");
static_assert(std::size(leading_text_filters) == 3 && std::size(date_filters) == 6,
              "put_calls_target's steps follow the filter tables of call_query.hpp: the names above must too");

// Writes "?name=" before the first parameter that is set and "&name=" before the others.
class query_parameter_writer {
public:
    explicit query_parameter_writer(output_sink& out) noexcept : sink(out) {}

    // Steps to the next name in query_parameter_names; when the parameter is set, writes the separator and
    // "name=". Returns `set`, so the caller writes the value only then.
    SWCALLS_NOINLINE bool next(bool set) noexcept {
        const char* name = next_name_;
        while (*next_name_++ != '=') {
        }
        if (set) {
            sink.put(separator_);
            separator_ = '&';
            sink.put(std::string_view(name, static_cast<std::size_t>(next_name_ - name)));
        }
        return set;
    }

    output_sink& sink;

private:
    const char* next_name_ = query_parameter_names;
    char separator_ = '?';
};

// The filters' writers are out of line: -Os would otherwise inline them at every filter, the date
// formatting six times over. One copy for the four text filters:
SWCALLS_NOINLINE inline void put_text_parameter(query_parameter_writer& parameters,
                                                const std::optional<std::string_view>& value) noexcept {
    if (parameters.next(value.has_value())) put_encoded(parameters.sink, *value);
}

// One copy of the date formatting for the six date filters.
SWCALLS_NOINLINE inline void put_date_parameter(query_parameter_writer& parameters,
                                                const std::optional<date_filter>& value) noexcept {
    if (!parameters.next(value.has_value())) return;
    char text[rfc2822_length];
    put_encoded(parameters.sink, {text, write_date_filter(*value, text)});  // validated with the query
}

SWCALLS_NOINLINE inline void put_number_parameter(query_parameter_writer& parameters,
                                                  const std::optional<std::int64_t>& value) noexcept {
    if (parameters.next(value.has_value()))
        parameters.sink.put_unsigned(static_cast<unsigned long long>(*value));  // validated: never negative
}

inline void put_calls_target(output_sink& sink, const endpoint& e, const call_query& q) noexcept {
    sink.put(e.path_root);
    sink.put_literal("/Accounts/");
    put_encoded(sink, e.project_id);
    sink.put("/Calls.json", e.calls_json_suffix ? 11 : 6);  // "/Calls" is its first 6 bytes

    query_parameter_writer parameters{sink};
    // The filters validate() checks alike are written alike, by the same tables (in the order sent).
    for (auto text : leading_text_filters) put_text_parameter(parameters, q.*text);
    if (parameters.next(q.status.has_value())) sink.put(to_text(*q.status));  // no byte needs encoding
    for (auto date : date_filters) put_date_parameter(parameters, q.*date);
    put_number_parameter(parameters, q.page);
    put_number_parameter(parameters, q.page_size);
    put_text_parameter(parameters, q.page_token);
}

// base64(project_id ":" api_token), what follows "Basic ": the bytes read across the three pieces by
// position, one loop over them, a group written after every third byte and after the last, so the
// credentials are never joined anywhere. (One loop over the bytes: a loop over groups with one over
// their bytes inside took more code.)
inline void put_basic_credentials(output_sink& sink, const endpoint& e) noexcept {
    const std::size_t colon = e.project_id.size();
    const std::size_t total = colon + 1 + e.api_token.size();
    unsigned bits = 0;  // the group's bytes so far, the last one lowest (older ones pass bit 24: ignored)
    unsigned used = 0;  // how many
    for (std::size_t i = 0; i < total;) {
        const char c = i < colon ? e.project_id[i] : i == colon ? ':' : e.api_token[i - colon - 1];
        bits = bits << 8 | static_cast<unsigned char>(c);
        ++i;
        if (++used == 3 || i == total) {
            char group[4];
            base64_group(bits << 8 * (3 - used), used, group);  // 1 or 2 bytes: '=' padding
            sink.put(group, 4);
            used = 0;
        }
    }
}

inline void put_authorization_value(output_sink& sink, const endpoint& e) noexcept {
    sink.put_literal("Basic ");
    put_basic_credentials(sink, e);
}

enum class credentials { sent, redacted };

template <class PutTarget>
void put_request_head(output_sink& sink, const endpoint& e, credentials c, PutTarget&& put_target) noexcept {
    sink.put_literal("GET ");
    put_target(sink);
    sink.put_literal(" HTTP/1.1\r\nHost: ");
    put_host_value(sink, e);
    sink.put_literal("\r\nAuthorization: Basic ");
    if (c == credentials::sent)
        put_basic_credentials(sink, e);
    else
        sink.put_literal("***");
    // user_agent spelled out, so that the rest of the head is one piece of text.
    static_assert(user_agent == "swcalls/" SWCALLS_VERSION_STRING);
    sink.put_literal("\r\nAccept: application/json\r\nUser-Agent: swcalls/" SWCALLS_VERSION_STRING
                     "\r\nConnection: keep-alive\r\n\r\n");
}

// A target given by the caller (a next page, a saved cursor): an origin-form path. Empty or not starting
// with '/' is errc::invalid_uri; CR, LF or NUL errc::invalid_header_value; other controls, spaces, DEL,
// non-ASCII bytes or '#' errc::invalid_uri.
inline error_code check_request_target(std::string_view target) noexcept {
    if (contains_head_breaking(target)) return error_code(errc::invalid_header_value);
    if (!is_followable_target(target)) return error_code(errc::invalid_uri);
    return {};
}

inline error_code check_request(const endpoint& e, const call_query& q) noexcept {
    if (error_code ec = validate(e)) return ec;
    return validate(q);
}

inline write_result query_head(const endpoint& e, const call_query& q, credentials c, char* out,
                               std::size_t size) noexcept {
    if (error_code ec = check_request(e, q)) return {ec, 0};
    return write_measured(out, size, [&](output_sink& sink) {
        put_request_head(sink, e, c, [&](output_sink& s) { put_calls_target(s, e, q); });
    });
}

inline write_result target_head(const endpoint& e, std::string_view target, credentials c, char* out,
                                std::size_t size) noexcept {
    if (error_code ec = validate(e)) return {ec, 0};
    if (error_code ec = check_request_target(target)) return {ec, 0};
    return write_measured(out, size, [&](output_sink& sink) {
        put_request_head(sink, e, c, [&](output_sink& s) { s.put(target); });
    });
}

}  // namespace detail

// The request target, e.g. "/api/laml/2010-04-01/Accounts/b3877c40-.../Calls?To=%2B15551234567&PageSize=50".
// Errors: those of validate(endpoint) and validate(call_query), then errc::buffer_too_small.
inline write_result write_calls_target(const endpoint& e, const call_query& q, char* out, std::size_t size) noexcept {
    if (error_code ec = detail::check_request(e, q)) return {ec, 0};
    return detail::write_measured(out, size, [&](detail::output_sink& sink) { detail::put_calls_target(sink, e, q); });
}

// The Authorization header's value: "Basic " + base64(project_id ":" api_token).
// Errors: errc::invalid_header_value for CR, LF or NUL in the project id or token; errc::buffer_too_small.
inline write_result write_authorization_value(const endpoint& e, char* out, std::size_t size) noexcept {
    if (detail::contains_head_breaking(e.project_id) || detail::contains_head_breaking(e.api_token))
        return {error_code(errc::invalid_header_value), 0};
    return detail::write_measured(out, size, [&](detail::output_sink& sink) { detail::put_authorization_value(sink, e); });
}

// The complete request head, ending with the blank line:
//   GET {target} HTTP/1.1\r\n
//   Host: {host[:port]}\r\n
//   Authorization: Basic {base64(project:token)}\r\n
//   Accept: application/json\r\n
//   User-Agent: swcalls/{version}\r\n
//   Connection: keep-alive\r\n
//   \r\n
inline write_result write_request_head(const endpoint& e, const call_query& q, char* out, std::size_t size) noexcept {
    return detail::query_head(e, q, detail::credentials::sent, out, size);
}

// The same head with "Authorization: Basic ***": safe to print. Validates exactly as write_request_head.
inline write_result write_redacted_request_head(const endpoint& e, const call_query& q, char* out,
                                                std::size_t size) noexcept {
    return detail::query_head(e, q, detail::credentials::redacted, out, size);
}

// The head for a given origin-form target (from write_next_page_target or a saved cursor), sent verbatim.
// Errors: those of validate(endpoint); for the target, errc::invalid_header_value (CR, LF, NUL) or
// errc::invalid_uri (empty, no leading '/', spaces, controls, non-ASCII, '#'); errc::buffer_too_small.
inline write_result write_request_head_for_target(const endpoint& e, std::string_view target, char* out,
                                                  std::size_t size) noexcept {
    return detail::target_head(e, target, detail::credentials::sent, out, size);
}

inline write_result write_redacted_request_head_for_target(const endpoint& e, std::string_view target, char* out,
                                                           std::size_t size) noexcept {
    return detail::target_head(e, target, detail::credentials::redacted, out, size);
}

}  // namespace swcalls
