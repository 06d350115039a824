// swcalls/endpoint.hpp — where requests go and with which credentials.
//
// An endpoint is a scheme, a host, a port, a path root ("/api/laml/2010-04-01" for SignalWire, "/2010-04-01"
// on api.twilio.com, "/texml" on Telnyx) and the project id and API token sent with HTTP Basic.
// parse_space_url() reads what SignalWire users have ("example", "example.signalwire.com",
// "https://example.signalwire.com/"); parse_base_url() reads a full base URL for other servers and the mock
// ("http://127.0.0.1:8080", "https://api.twilio.com/2010-04-01"). The host is kept inside the endpoint
// (a bare space name needs ".signalwire.com" appended, and there is no heap); path_root, project_id and
// api_token are views: what they point at must outlive the endpoint's use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "error.hpp"
#include "error_code.hpp"
#include "write_result.hpp"
#include "detail/output_sink.hpp"
#include "detail/string_slices.hpp"
#include "detail/uri_chars.hpp"

namespace swcalls {

// https always works; http is for loopback servers and the mock (credentials would travel in clear text).
enum class url_scheme { https, http };

// SignalWire's root of the Compatibility (LaML) API; the default path_root.
inline constexpr std::string_view laml_path_root = "/api/laml/2010-04-01";
// Appended to a bare space name: "example" is "example.signalwire.com".
inline constexpr std::string_view signalwire_domain = ".signalwire.com";
// The longest host an endpoint holds: a DNS name's maximum.
inline constexpr std::size_t max_host_length = 253;

constexpr std::uint16_t default_port(url_scheme scheme) noexcept { return scheme == url_scheme::https ? 443 : 80; }
constexpr std::string_view scheme_text(url_scheme scheme) noexcept {
    return scheme == url_scheme::https ? "https" : "http";
}

namespace detail {

// A registered name (labels of letters, digits, '-' and '_', joined by single dots) or an IP literal in
// brackets ("[::1]"). Nothing else can be a host here: no userinfo, port, path, percent-escapes or spaces.
// (data, size): see string_slices.hpp.
constexpr bool is_valid_host(const char* data, std::size_t size) noexcept {
    const std::string_view host(data, size);
    if (host.empty() || host.size() > max_host_length) return false;
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return false;
        for (char c : bytes_between(host, 1, host.size() - 1))
            if (!is_hex_digit(c) && c != ':' && c != '.') return false;
        return true;
    }
    char previous = '.';  // as if a dot came before: a name cannot start with an empty label
    for (char c : host) {
        // A label's bytes are the unreserved ones (percent_encode's table) but '~' (and '.', which ends it).
        if (c == '.' ? previous == '.' : c == '~' || !is_unreserved(c)) return false;
        previous = c;
    }
    return previous != '.';
}
constexpr bool is_valid_host(std::string_view host) noexcept { return is_valid_host(host.data(), host.size()); }

// "" or "/segment/segment" (no trailing '/'), valid path characters only.
constexpr bool is_valid_path_root(std::string_view root) noexcept {
    if (root.empty()) return true;
    return root.front() == '/' && root.back() != '/' && is_valid_path(root);
}

// 1..65535 written as 1 to 5 digits.
constexpr bool parse_port(std::string_view text, std::uint16_t& out) noexcept {
    if (text.empty() || text.size() > 5) return false;
    std::uint32_t value = 0;
    for (char c : text) {
        if (!is_ascii_digit(c)) return false;
        value = value * 10 + static_cast<std::uint32_t>(c - '0');
    }
    if (value - 1 > 65534) return false;  // 0 wraps around
    out = static_cast<std::uint16_t>(value);
    return true;
}

// "host[:port]" (a URL's authority, less any userinfo) as its host and port; `port` keeps its value when
// none is named. The port follows the last ':' after the host: an IP literal's own colons sit inside its
// brackets. False for a malformed port.
constexpr bool split_host_port(std::string_view authority, std::string_view& host, std::uint16_t& port) noexcept {
    // One scan back from the end, to the last ':' or ']': a ']' found first closes an IP literal (no port).
    std::size_t end = authority.size();
    while (end != 0 && authority[end - 1] != ':' && authority[end - 1] != ']') --end;
    if (end == 0 || authority[end - 1] == ']') {
        host = authority;
        return true;
    }
    host = first_bytes(authority, end - 1);
    return parse_port(bytes_from(authority, end), port);
}

// True when text holds a byte that never belongs in a URL given as configuration: controls, space,
// DEL and non-ASCII.
constexpr bool has_non_url_byte(std::string_view text) noexcept {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F) return true;
    }
    return false;
}

}  // namespace detail

class endpoint;
namespace detail {
errc parse_space_url(const char* data, std::size_t size, endpoint& out) noexcept;
}  // namespace detail

class endpoint {
public:
    url_scheme scheme = url_scheme::https;
    std::uint16_t port = 0;                       // 0: the scheme's default (443 for https, 80 for http)
    std::string_view path_root = laml_path_root;  // "" or "/..." without a trailing '/'
    std::string_view project_id;                  // sent as given (percent-encoded in the path); not format-checked
    std::string_view api_token;                   // only ever sent base64-encoded in Authorization
    bool calls_json_suffix = false;               // request ".../Calls.json" (Twilio answers XML without it)

    // The implicit default constructor is constexpr, so a global endpoint is constant-initialised (no
    // static-initialisation order to get wrong, and C++20's constinit works). That costs some flash where one
    // is built on the stack (GCC copies a 292-byte image of it: about 230 bytes more than a run-time
    // constructor on a Cortex-M4), a price worth paying for globals that are safe to configure anywhere.

    // Sets the host: a DNS name or an IP literal in brackets, at most max_host_length bytes. CR, LF or NUL
    // is errc::invalid_header_value; anything else that is not a host is errc::invalid_space_url.
    // On error the endpoint is unchanged.
    error_code set_host(std::string_view host) noexcept {
        if (detail::contains_head_breaking(host)) return error_code(errc::invalid_header_value);
        if (!detail::is_valid_host(host)) return error_code(errc::invalid_space_url);
        assign_host(host, {});
        return {};
    }

    std::string_view host() const noexcept { return {host_, host_size_}; }

    std::uint16_t effective_port() const noexcept { return port != 0 ? port : default_port(scheme); }

private:
    friend errc detail::parse_space_url(const char* data, std::size_t size, endpoint& out) noexcept;

    // The host as the two pieces joined, checked by the caller (at most max_host_length bytes together):
    // parse_space_url appends the domain to a bare name here, without building the name anywhere else.
    void assign_host(std::string_view first, std::string_view second) noexcept {
        SWCALLS_ASSERT(first.size() + second.size() <= max_host_length);
        // Byte loops, front to back, not memcpy: a piece may lie inside host_ itself (set_host(host().substr(1))),
        // and an empty piece may have no data() at all.
        std::size_t size = 0;
        for (char c : first) host_[size++] = c;
        for (char c : second) host_[size++] = c;
        host_size_ = size;
    }

    char host_[max_host_length] = {};
    std::size_t host_size_ = 0;
};

namespace detail {
// parse_space_url's work, taking (data, size) (see string_slices.hpp) and giving an errc (0 for none): an
// errc comes back in a register, an error_code in memory.
inline errc parse_space_url(const char* data, std::size_t size, endpoint& out) noexcept {
    std::string_view text(data, size);
    if (detail::starts_with_ascii_ignoring_case(text, "https://"sv)) text.remove_prefix(8);
    if (!text.empty() && text.back() == '/') text.remove_suffix(1);
    // What is left must be a name alone: "://", '/', '?', '#', '@', ':', CR, LF, NUL, spaces and every other
    // byte no name has fail is_valid_host (which also refuses empty text); an IP literal passes it, hence the
    // check for '[' below. A name without a dot is a single label, so it is valid exactly when the name with
    // signalwire_domain appended is.
    // (None of the domain, rather than ""sv: one pointer whichever it is.)
    const std::string_view domain(signalwire_domain.data(), contains_byte(text, '.') ? 0 : signalwire_domain.size());
    if (!detail::is_valid_host(text) || text.front() == '[' || text.size() + domain.size() > max_host_length)
        return errc::invalid_space_url;
    out.assign_host(text, domain);
    out.scheme = url_scheme::https;
    out.port = 0;
    out.path_root = laml_path_root;
    return errc{};
}
}  // namespace detail

// A SignalWire space: "example", "example.signalwire.com", "https://example.signalwire.com", each with an
// optional trailing '/'. A host without a dot is a bare space name and gets ".signalwire.com" appended.
// Sets scheme https, the host, port 0 and path_root laml_path_root; leaves the credentials alone.
// Refused with errc::invalid_space_url (leaving `out` unchanged): empty text; a scheme other than https;
// a path, query, fragment, userinfo or port; CR, LF, NUL, spaces or other bytes no host has.
// (A port or path root belongs in parse_base_url.)
inline error_code parse_space_url(std::string_view text, endpoint& out) noexcept {
    return detail::parse_space_url(text.data(), text.size(), out);
}

// A base URL: "http://" or "https://" (any case), a host (DNS name or bracketed IP literal), an optional
// ":port", and an optional path that becomes the path root ("http://host:8080/texml" -> "/texml"; trailing
// slashes dropped; no path at all, or "/", gives laml_path_root). Sets scheme, host, port and path_root
// (a view into `text`); leaves the credentials alone. Refused with errc::invalid_space_url, leaving `out`
// unchanged: another scheme or none, userinfo, a bad port, a query or fragment, bytes a path cannot hold,
// CR, LF, NUL, spaces.
inline error_code parse_base_url(std::string_view text, endpoint& out) noexcept {
    using namespace std::string_view_literals;
    const error_code invalid = error_code(errc::invalid_space_url);
    if (text.empty() || detail::has_non_url_byte(text)) return invalid;
    endpoint parsed = out;
    if (detail::starts_with_ascii_ignoring_case(text, "https://"sv)) {
        parsed.scheme = url_scheme::https;
        text.remove_prefix(8);
    } else if (detail::starts_with_ascii_ignoring_case(text, "http://"sv)) {
        parsed.scheme = url_scheme::http;
        text.remove_prefix(7);
    } else {
        return invalid;
    }
    const std::size_t authority_end = text.find_first_of("/?#"sv);
    std::string_view path = detail::bytes_from(text, authority_end);
    if (path.find_first_of("?#"sv) != std::string_view::npos) return invalid;

    std::string_view host;
    std::uint16_t port = 0;
    if (!detail::split_host_port(detail::first_bytes(text, authority_end), host, port)) return invalid;
    if (parsed.set_host(host)) return invalid;  // also refuses userinfo ('@') and an empty host
    parsed.port = port;

    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (path.empty()) {
        parsed.path_root = laml_path_root;
    } else {
        if (!detail::is_valid_path_root(path)) return invalid;
        parsed.path_root = path;
    }
    out = parsed;
    return {};
}

namespace detail {
// validate(endpoint)'s checks as an errc (0 for none): an errc comes back in a register, an error_code in
// memory, so the error_code is built inline at the caller.
inline errc endpoint_error(const endpoint& e) noexcept {
    // Basic auth joins "project:token": a ':' in the project would move part of it into the password.
    if (contains_head_breaking(e.path_root) || contains_head_breaking(e.project_id) ||
        contains_head_breaking(e.api_token) || contains_byte(e.project_id, ':'))
        return errc::invalid_header_value;
    if (e.host().empty() || !is_valid_path_root(e.path_root)) return errc::invalid_space_url;
    return errc{};
}
}  // namespace detail

// Checks what the request writers rely on: a host is set and the path root is "" or a clean "/..." path
// (errc::invalid_space_url otherwise); no CR, LF or NUL in the path root, project id or token
// (errc::invalid_header_value). Project ids are not format-checked: UUIDs and "AC..." SIDs both work.
inline error_code validate(const endpoint& e) noexcept { return detail::endpoint_error(e); }

namespace detail {
inline void put_host_value(output_sink& sink, const endpoint& e) {
    sink.put(e.host());
    if (e.port != 0 && e.port != default_port(e.scheme)) {
        sink.put(':');
        sink.put_unsigned(e.port);
    }
}
}  // namespace detail

// The Host header's value: the host, plus ":port" when the port is not the scheme's default
// ("127.0.0.1:8080", "example.signalwire.com"). errc::invalid_space_url when no host is set.
inline write_result write_host_value(const endpoint& e, char* out, std::size_t size) noexcept {
    if (e.host().empty()) return {error_code(errc::invalid_space_url), 0};
    return detail::write_measured(out, size, [&](detail::output_sink& sink) { detail::put_host_value(sink, e); });
}

}  // namespace swcalls
