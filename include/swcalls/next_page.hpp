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

// Sets `target` to the request target for next_page_uri `uri` (a view into `uri`, no copy). Errors, with
// `target` left alone:
//   errc::invalid_uri  empty; a relative reference that does not start with '/' ("Calls?Page=1");
//                      CR, LF, NUL, other controls, spaces, DEL, non-ASCII bytes or '#' anywhere;
//                      a malformed port; an absolute URL without a path ("https://host?x")
//   errc::foreign_uri  a scheme other than the endpoint's (or not http/https at all), another host or
//                      port, or userinfo ("https://user@host/...")
inline error_code next_page_target(const endpoint& e, std::string_view uri, std::string_view& target) noexcept {
    using namespace std::string_view_literals;
    const error_code invalid = error_code(errc::invalid_uri);
    const error_code foreign = error_code(errc::foreign_uri);
    if (uri.empty()) return invalid;
    for (char c : uri)
        if (detail::is_forbidden_in_target(c) || c == '\\') return invalid;  // '\\' reads as '/' to WHATWG URLs

    std::string_view rest = uri;
    url_scheme scheme = e.scheme;
    if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '/') {  // "//host/...": the endpoint's scheme
        rest.remove_prefix(2);
    } else if (rest.front() == '/') {
        target = uri;
        return {};
    } else {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
        std::size_t i = 0;
        if (!detail::is_ascii_alpha(rest[0])) return invalid;
        while (i < rest.size() && (detail::is_ascii_alpha(rest[i]) || detail::is_ascii_digit(rest[i]) ||
                                   rest[i] == '+' || rest[i] == '-' || rest[i] == '.'))
            ++i;
        if (i == rest.size() || rest[i] != ':') return invalid;  // a relative path such as "Calls?Page=1"
        const std::string_view name = detail::first_bytes(rest, i);
        if (detail::equals_ascii_ignoring_case(name, "https"sv))
            scheme = url_scheme::https;
        else if (detail::equals_ascii_ignoring_case(name, "http"sv))
            scheme = url_scheme::http;
        else
            return foreign;  // mailto:, ftp:, javascript:, ...
        rest.remove_prefix(i + 1);
        if (rest.size() < 2 || rest[0] != '/' || rest[1] != '/') return invalid;  // "https:/x", "https:x"
        rest.remove_prefix(2);
        if (scheme != e.scheme) return foreign;
    }

    // The authority ends at the first '/' or '?' (a plain loop: find_first_of calls memchr per byte).
    std::size_t authority_end = 0;
    while (authority_end < rest.size() && rest[authority_end] != '/' && rest[authority_end] != '?') {
        if (rest[authority_end] == '@') return foreign;  // userinfo
        ++authority_end;
    }
    const std::string_view authority(rest.data(), authority_end);
    const std::string_view path(rest.data() + authority_end, rest.size() - authority_end);
    std::string_view host;
    std::uint16_t port = default_port(scheme);
    if (!detail::split_host_port(authority, host, port)) return invalid;
    if (host.empty()) return invalid;
    if (!detail::equals_ascii_ignoring_case(host, e.host()) || port != e.effective_port()) return foreign;
    if (!detail::is_followable_target(path)) return invalid;
    target = path;
    return {};
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
