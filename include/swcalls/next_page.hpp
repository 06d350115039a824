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

// Whether [p, end) starts with "//" (an authority), given that it starts with '/'.
constexpr bool slash_follows(const char* p, const char* end) noexcept { return end - p > 1 && p[1] == '/'; }

// next_page_target's checks, as an errc (0 for none): the error_code is built at one return.
// (data, size): see string_slices.hpp. The whole URI is scanned for unfollowable bytes once, first: after
// that, a path only needs is_followable_target's start ('/' not followed by another), and an absolute URL is
// read with one pointer, its authority split by split_host_port (endpoint.hpp), as parse_base_url splits one.
inline errc next_page_error(const endpoint& e, const char* data, std::size_t size, std::string_view& target) noexcept {
    if (size == 0 || has_unfollowable_byte(data, size)) return errc::invalid_uri;
    const char* const end = data + size;
    const char* p = data;  // the path, once the scheme and authority are behind
    url_scheme scheme = e.scheme;  // "//host/...": the endpoint's scheme
    if (*p != '/') {
        if (!is_ascii_alpha(*p)) return errc::invalid_uri;
        while (p != end && is_scheme_char(*p)) ++p;
        if (p == end || *p != ':') return errc::invalid_uri;  // a relative path such as "Calls?Page=1"
        const auto n = static_cast<std::size_t>(p - data);
        // "http" is "https" less its last letter: one comparison for both.
        if ((n != 4 && n != 5) || !equal_bytes_ignoring_case(data, "https", n))
            return errc::foreign_uri;  // mailto:, ftp:, javascript:, ...
        scheme = n == 5 ? url_scheme::https : url_scheme::http;
        ++p;
        if (p == end || *p != '/' || !slash_follows(p, end)) return errc::invalid_uri;  // "https:/x", "https:x"
    }
    // Here *p is '/': one more makes an authority ("//host/..." or what followed a scheme); a path otherwise.
    if (slash_follows(p, end)) {
        p += 2;
        if (scheme != e.scheme) return errc::foreign_uri;
        // The authority ends at the first '/' or '?' (a plain loop: find_first_of calls memchr per byte).
        const char* const authority = p;
        for (; p != end && *p != '/' && *p != '?'; ++p)
            if (*p == '@') return errc::foreign_uri;  // userinfo
        std::string_view host;
        std::uint16_t port = 0;  // none named: the scheme's default, as for the endpoint
        if (!split_host_port({authority, static_cast<std::size_t>(p - authority)}, host, port) || host.empty())
            return errc::invalid_uri;
        // scheme is e.scheme here: one default port for the URI's and the endpoint's.
        const std::uint16_t scheme_port = default_port(scheme);
        if (host.size() != e.host().size() || !equal_bytes_ignoring_case(host.data(), e.host().data(), host.size()) ||
            (port != 0 ? port : scheme_port) != (e.port != 0 ? e.port : scheme_port))
            return errc::foreign_uri;
        // The path must be one: not empty or a query ("https://host?x"), and not "//..." again.
        if (p == end || *p != '/' || slash_follows(p, end)) return errc::invalid_uri;
    }
    target = {p, static_cast<std::size_t>(end - p)};
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
