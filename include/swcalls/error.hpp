// swcalls/error.hpp — every way swcalls can fail: errc, its messages, and its std::error_category.
//
// One result type whatever the build flags: functions return swcalls::error_code (error_code.hpp), which
// converts to std::error_code, and never throw.
// Errors fall in a few kinds (see errc_kind) that callers and the CLI map to exit codes.
#pragma once

#include <string>
#include <system_error>
#include <type_traits>

#include "config.hpp"

namespace swcalls {

enum class errc {
    // --- the body is not valid JSON (syntax) ---
    unexpected_character = 1,  // a byte that cannot start or continue any JSON token here
    unexpected_end,            // the body ended inside a value (finish() before the document was complete)
    invalid_literal,           // not exactly true, false or null
    invalid_number,            // a number that breaks JSON's grammar ("01", "-x", "1.e5"); one cut off by the
                               // end of the body is unexpected_end
    invalid_escape,            // a backslash escape JSON does not define, or bad \u hex digits
    invalid_surrogate,         // a \u escape that is a lone or mismatched UTF-16 surrogate
    invalid_utf8,              // string bytes that are not well-formed UTF-8
    control_character,         // an unescaped byte below 0x20 inside a string
    trailing_content,          // something other than white space after the top-level value
    depth_limit,               // nesting deeper than the parser's MaxDepth (a limit, not a stack overflow)

    // --- valid JSON, but not a calls page ---
    not_a_calls_page = 32,     // the top level is not an object with a "calls" array of objects
    wrong_field_type,          // a modelled field holds a value of the wrong JSON type (an object where a string goes)
    invalid_field_value,       // a modelled number that is not a number (or does not fit), e.g. "duration":"abc"

    // --- limits of the caller's storage or usage ---
    call_too_large = 64,       // one call's fields (plus the page's URIs) do not fit in the caller's storage, or one
                               // field is longer than max_field_length (65534 bytes)
    parser_finished,           // feed() after finish(), or any call after a callback threw: reset() first

    // --- dates ---
    invalid_date = 96,         // text that is not an RFC 2822 or ISO 8601 date/time

    // --- building a request: the caller's query or configuration ---
    buffer_too_small = 128,    // the output buffer cannot hold the result; the function says how much is needed
    invalid_page_size,         // PageSize outside 1..1000
    invalid_page,              // Page below 0
    invalid_filter_value,      // an unknown status name, an impossible date, a value the API cannot take
    invalid_header_value,      // CR, LF or NUL in a value that would reach a header or the request line
    invalid_space_url,         // a space URL that is not a bare host (no path, userinfo or stray port)
    invalid_uri,               // a next_page_uri that is not a path (or origin-form URL) swcalls can follow
    foreign_uri,               // a next_page_uri naming another scheme, host or port: credentials stay home
    invalid_cursor,            // text that is not a cursor saved by format_cursor()

    // --- the HTTP/1.1 response's framing ---
    http_status_line = 160,    // not "HTTP/1.x NNN reason"
    http_header_syntax,        // a header line without a name and a colon, or with bytes HTTP forbids
    http_line_too_long,        // a status or header line longer than the decoder's limit
    http_headers_too_large,    // the response head longer than the decoder's limit
    http_content_length,       // an invalid Content-Length, or two that disagree, or with chunked encoding
    http_chunk_syntax,         // a malformed chunk size line, chunk end, or trailer
    http_unsupported_coding,   // a Transfer-Encoding or Content-Encoding swcalls cannot decode (gzip, ...)
    http_body_truncated,       // the connection ended before the body did (short Content-Length, mid-chunk)
    http_no_response,          // the connection ended before any byte of a response (a stale keep-alive connection)
    http_head_truncated,       // the connection ended inside the status line or headers
    http_body_too_large,       // the body is longer than the decoder's limit (a server that never stops sending)

    // --- the API answered with an error (non-2xx): see api_error for status, code, message ---
    api_error = 192,

    // --- moving bytes ---
    transport_failed = 224,    // the transport could not connect, send or receive (its own error tells why)
    retries_exhausted,         // every attempt the retry policy allows has failed
    page_changed,              // a page asked again no longer starts with the calls already delivered from it
    resolve_failed,            // the host name did not resolve
    connect_failed,            // no TCP connection (refused, unreachable)
    timed_out,                 // connect, send or receive took longer than the transport's timeout
    connection_lost,           // the connection failed while sending or receiving (reset, broken pipe)
    tls_failed,                // the TLS handshake or a TLS record failed (protocol, cipher, server refusal)
    tls_untrusted_certificate, // the server's certificate chain does not lead to a trusted CA (or has expired)
    tls_host_mismatch,         // the server's certificate is valid but names another host
    transport_setup_failed,    // the transport could not be set up (TLS library, CA file unreadable, ...)
};

}  // namespace swcalls

template <>
struct std::is_error_code_enum<swcalls::errc> : std::true_type {};

namespace swcalls {

// Coarse kinds, for mapping to exit codes and for tests that care about the class, not the detail.
enum class errc_kind { none, syntax, not_a_page, storage, usage, date, request, protocol, api, network };

inline errc_kind kind_of(errc e) noexcept {
    int v = static_cast<int>(e);
    if (v == 0) return errc_kind::none;
    if (v < 32) return errc_kind::syntax;
    if (v < 64) return errc_kind::not_a_page;
    if (v == static_cast<int>(errc::call_too_large)) return errc_kind::storage;
    if (v < 96) return errc_kind::usage;
    if (v < 128) return errc_kind::date;
    if (v < 160) return errc_kind::request;
    if (v < 192) return errc_kind::protocol;
    if (v < 224) return errc_kind::api;
    return errc_kind::network;
}

inline const char* message_of(errc e) noexcept {
    switch (e) {
        case errc::unexpected_character: return "invalid JSON: unexpected character";
        case errc::unexpected_end: return "invalid JSON: the body ended before the document was complete";
        case errc::invalid_literal: return "invalid JSON: expected true, false or null";
        case errc::invalid_number: return "invalid JSON: malformed number";
        case errc::invalid_escape: return "invalid JSON: invalid escape sequence in a string";
        case errc::invalid_surrogate: return "invalid JSON: lone or mismatched UTF-16 surrogate in a \\u escape";
        case errc::invalid_utf8: return "invalid JSON: string is not well-formed UTF-8";
        case errc::control_character: return "invalid JSON: unescaped control character in a string";
        case errc::trailing_content: return "invalid JSON: content after the top-level value";
        case errc::depth_limit: return "JSON nested deeper than the parser accepts (page_parser's MaxDepth, SWCALLS_MAX_DEPTH)";
        case errc::not_a_calls_page: return "valid JSON, but not a calls page (expected an object with a \"calls\" array of objects)";
        case errc::wrong_field_type: return "valid JSON, but a call field has the wrong type";
        case errc::invalid_field_value: return "valid JSON, but a numeric field is not a number that fits";
        case errc::call_too_large: return "a call does not fit in the parser's storage (give the parser a larger buffer), or one field is longer than 65534 bytes";
        case errc::parser_finished: return "feed() after finish(), or after a callback threw; reset() the parser first";
        case errc::invalid_date: return "not an RFC 2822 or ISO 8601 date";
        case errc::buffer_too_small: return "the output buffer is too small";
        case errc::invalid_page_size: return "PageSize must be 1 to 1000";
        case errc::invalid_page: return "Page must be 0 or more";
        case errc::invalid_filter_value: return "a filter value the API cannot take (unknown status, impossible date)";
        case errc::invalid_header_value: return "CR, LF or NUL in a value that would reach the request head";
        case errc::invalid_space_url: return "the space URL must be a bare host such as example.signalwire.com";
        case errc::invalid_uri: return "next_page_uri is not a path swcalls can follow (malformed, or longer than 2048 bytes)";
        case errc::foreign_uri: return "next_page_uri points at another host; credentials are only sent to the configured one";
        case errc::invalid_cursor: return "not a saved swcalls cursor";
        case errc::http_status_line: return "malformed HTTP status line";
        case errc::http_header_syntax: return "malformed HTTP header line";
        case errc::http_line_too_long: return "HTTP status or header line too long";
        case errc::http_headers_too_large: return "HTTP response head too large";
        case errc::http_content_length: return "invalid or conflicting Content-Length";
        case errc::http_chunk_syntax: return "malformed chunked transfer encoding";
        case errc::http_unsupported_coding: return "unsupported Transfer-Encoding or Content-Encoding";
        case errc::http_body_truncated: return "the connection ended before the response body did";
        case errc::http_no_response: return "the connection closed before any HTTP response arrived";
        case errc::http_head_truncated: return "the connection closed inside the HTTP response head";
        case errc::http_body_too_large: return "HTTP response body too large (http_decoder_options::max_body_size)";
        case errc::api_error: return "the API answered with an error";
        case errc::transport_failed: return "the transport failed to connect, send or receive";
        case errc::retries_exhausted: return "every retry failed";
        case errc::page_changed: return "the page changed between attempts (calls already delivered moved); list again from the start";
        case errc::resolve_failed: return "the host name could not be resolved";
        case errc::connect_failed: return "could not connect to the server";
        case errc::timed_out: return "the server did not answer in time";
        case errc::connection_lost: return "the connection failed while sending or receiving";
        case errc::tls_failed: return "the TLS handshake or connection failed";
        case errc::tls_untrusted_certificate: return "TLS: the server's certificate is not trusted (unknown CA, self-signed or expired)";
        case errc::tls_host_mismatch: return "TLS: the server's certificate is for another host name";
        case errc::transport_setup_failed: return "the transport could not be set up (TLS library or CA file)";
    }
    return "unknown swcalls error";
}

namespace detail {
// The category's name, by address: error_code (error_code.hpp) recognises a std::error_code of this category
// by comparing name() with it, which does not link the category.
inline constexpr char category_name[] = "swcalls";

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return category_name; }
    std::string message(int ev) const override { return message_of(static_cast<errc>(ev)); }
};
}  // namespace detail

inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl category;
    return category;
}

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

// swcalls::error_code (error_code.hpp) is what swcalls functions return; kind_of() and
// is_permanent_transport_error() for it and for any std::error_code are there.

}  // namespace swcalls
