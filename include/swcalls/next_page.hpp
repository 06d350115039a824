// swcalls/next_page.hpp — the request for the next page, from the page's next_page_uri.
//
// next_page_uri is a path from the host root that already holds the path root and the filters
// ("/api/laml/2010-04-01/Accounts/.../Calls?Page=1&PageSize=50&PageToken=PA..."): it is used verbatim as
// the next request target, on the configured endpoint. A URI that names a scheme or host
// ("https://other/...", "//other/...") is followed only when it names exactly the configured origin (same
// scheme, host compared case-insensitively, same port with default ports filled in), and then its
// path and query are the target: credentials never go anywhere else. Give the URI as the page parser
// delivers it (JSON escapes such as \u0026 already undone); stop paging when it is null or empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "endpoint.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "request_writer.hpp"
#include "write_result.hpp"
#include "detail/output_sink.hpp"
#include "detail/string_slices.hpp"
#include "detail/uri_chars.hpp"

namespace swcalls {

namespace detail {

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
constexpr bool is_scheme_char(char c) noexcept {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '-' || c == '.';
}

// next_page_target's checks, as an errc (0 for none): the error_code is built at one return.
// (data, size): see string_slices.hpp.
inline errc next_page_error(const endpoint& e, const char* data, std::size_t size, std::string_view& target) noexcept {
    const std::string_view uri(data, size);
    if (uri.empty() || has_unfollowable_byte(uri)) return errc::invalid_uri;
    if (is_followable_target(uri)) {  // a path: the usual case
        target = uri;
        return errc{};
    }
    // Not a path, so a leading '/' is followed by another: "//host/..." (checked below with the text after
    // a scheme, so that one check serves both).
    std::string_view rest = uri;
    url_scheme scheme = e.scheme;  // "//host/...": the endpoint's scheme
    if (uri[0] != '/') {
        std::size_t i = 0;
        if (!is_ascii_alpha(rest[0])) return errc::invalid_uri;
        while (i < rest.size() && is_scheme_char(rest[i])) ++i;
        if (i == rest.size() || rest[i] != ':') return errc::invalid_uri;  // a relative path such as "Calls?Page=1"
        const std::string_view name = first_bytes(rest, i);
        // "http" is "https" less its last letter: one comparison for both.
        if ((i != 4 && i != 5) || !equals_ascii_ignoring_case(name, first_bytes("https"sv, i)))
            return errc::foreign_uri;  // mailto:, ftp:, javascript:, ...
        scheme = i == 5 ? url_scheme::https : url_scheme::http;
        rest.remove_prefix(i + 1);
    }
    if (rest.size() < 2 || rest[0] != '/' || rest[1] != '/') return errc::invalid_uri;  // "https:/x", "https:x"
    rest.remove_prefix(2);
    if (scheme != e.scheme) return errc::foreign_uri;

    // The authority ends at the first '/' or '?' (a plain loop: find_first_of calls memchr per byte).
    std::size_t authority_end = 0;
    while (authority_end < rest.size() && rest[authority_end] != '/' && rest[authority_end] != '?') {
        if (rest[authority_end] == '@') return errc::foreign_uri;  // userinfo
        ++authority_end;
    }
    std::string_view host;
    // scheme is e.scheme here: its default port once, for the URI's and the endpoint's.
    const std::uint16_t scheme_port = default_port(scheme);
    std::uint16_t port = scheme_port;
    if (!split_host_port(first_bytes(rest, authority_end), host, port) || host.empty()) return errc::invalid_uri;
    if (!equals_ascii_ignoring_case(host, e.host()) || port != (e.port != 0 ? e.port : scheme_port)) return errc::foreign_uri;
    const std::string_view path = bytes_from(rest, authority_end);
    if (!is_followable_target(path)) return errc::invalid_uri;
    target = path;
    return errc{};
}

}  // namespace detail

// Sets `target` to the request target for next_page_uri `uri` (a view into `uri`, no copy). Errors, with
// `target` left alone:
//   errc::invalid_uri  empty; a relative reference that does not start with '/' ("Calls?Page=1");
//                      CR, LF, NUL, other controls, spaces, DEL, non-ASCII bytes or '#' anywhere;
//                      a malformed port; an absolute URL without a path ("https://host?x")
//   errc::foreign_uri  a scheme other than the endpoint's (or not http/https at all), another host or
//                      port, or userinfo ("https://user@host/...")
inline error_code next_page_target(const endpoint& e, std::string_view uri, std::string_view& target) noexcept {
    return detail::next_page_error(e, uri.data(), uri.size(), target);
}

// The next request target written into [out, out + size): the errors of next_page_target, then
// errc::buffer_too_small (size = bytes needed, nothing written).
inline write_result write_next_page_target(const endpoint& e, std::string_view uri, char* out,
                                           std::size_t size) noexcept {
    std::string_view target;
    if (error_code ec = next_page_target(e, uri, target)) return {ec, 0};
    return detail::write_measured(out, size, [&](detail::output_sink& sink) { sink.put(target); });
}

// The complete request head for the next page (see write_request_head): the errors of validate(endpoint)
// and next_page_target, then errc::buffer_too_small.
inline write_result write_next_page_request_head(const endpoint& e, std::string_view uri, char* out,
                                                 std::size_t size) noexcept {
    if (error_code ec = validate(e)) return {ec, 0};
    std::string_view target;
    if (error_code ec = next_page_target(e, uri, target)) return {ec, 0};
    return write_request_head_for_target(e, target, out, size);
}

}  // namespace swcalls
