// tools/mock/mock_http.hpp — the mock server's HTTP/1.1 text: reading a request head, checking HTTP Basic
// credentials, writing a response head.
//
//   swcalls_mock::request_head head;
//   switch (swcalls_mock::read_request_head(buffered_bytes, head)) { ... }   // need_more, complete, ...
//   if (!swcalls_mock::basic_auth_accepts(head.header("authorization"), token)) -> 401
//   std::string wire = swcalls_mock::response_head(200, {{"Content-Type", "application/json"}}) + body;
//
// It is a test server's parser: strict enough to refuse what a client must never send (no request line,
// bare CR, a head past the limit), lenient about the rest, and small. Not for hostile networks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <swcalls/detail/base64.hpp>

namespace swcalls_mock {

// The largest request head read; a bigger one is answered 431 and the connection closed.
inline constexpr std::size_t max_request_head = 16 * 1024;

struct request_head {
    std::string method;   // "GET"
    std::string target;   // "/api/laml/...?..." as sent
    int minor_version = 1;  // HTTP/1.<minor>
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed
    std::size_t size = 0;  // bytes of the head, blank line included

    // The first header of that (lower-case) name, or "" when absent.
    std::string_view header(std::string_view lower_name) const noexcept {
        for (const auto& h : headers)
            if (h.first == lower_name) return h.second;
        return {};
    }
    bool has_header(std::string_view lower_name) const noexcept {
        for (const auto& h : headers)
            if (h.first == lower_name) return true;
        return false;
    }
};

enum class head_status {
    need_more,  // no blank line yet, and still within max_request_head
    complete,   // `head` is filled; head.size bytes of the buffer belong to it
    too_large,  // no blank line within max_request_head: 431
    malformed,  // not an HTTP/1.x request head: 400
};

namespace http_detail {

inline char lower_ascii(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
    return true;
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "Connection: close" (a comma-separated list of options) names `option`.
inline bool lists_option(std::string_view value, std::string_view option) noexcept {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        if (equals_ignoring_case(trim(value.substr(0, comma)), option)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

// Splits the head's lines (CRLF, or bare LF, as servers commonly accept). A CR not before LF is refused.
inline bool parse_head_lines(std::string_view text, request_head& out) {
    bool first = true;
    while (!text.empty()) {
        const std::size_t lf = text.find('\n');
        std::string_view line = text.substr(0, lf);
        text.remove_prefix(lf == std::string_view::npos ? text.size() : lf + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) return false;
        if (line.empty()) break;  // the blank line
        if (first) {
            first = false;
            const std::size_t sp1 = line.find(' ');
            const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
            if (sp1 == 0 || sp2 == std::string_view::npos || sp2 == sp1 + 1) return false;
            const std::string_view version = line.substr(sp2 + 1);
            if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || version[7] < '0' || version[7] > '9')
                return false;
            out.method = std::string(line.substr(0, sp1));
            out.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
            out.minor_version = version[7] - '0';
            continue;
        }
        const std::size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos || line.front() == ' ' || line.front() == '\t') return false;
        std::string name(line.substr(0, colon));
        for (char& c : name) {
            if (c == ' ' || c == '\t') return false;
            c = lower_ascii(c);
        }
        out.headers.emplace_back(std::move(name), std::string(trim(line.substr(colon + 1))));
    }
    return !first;
}

}  // namespace http_detail

// Looks for a complete request head at the start of `buffered` (the bytes read so far on the connection).
inline head_status read_request_head(std::string_view buffered, request_head& out) {
    std::size_t end = std::string_view::npos;
    for (std::size_t i = 0; i < buffered.size() && i < max_request_head; ++i) {
        if (buffered[i] != '\n') continue;
        // A blank line: "\n\n" or "\n\r\n".
        if (i + 1 < buffered.size() && buffered[i + 1] == '\n') {
            end = i + 2;
            break;
        }
        if (i + 2 < buffered.size() && buffered[i + 1] == '\r' && buffered[i + 2] == '\n') {
            end = i + 3;
            break;
        }
    }
    if (end == std::string_view::npos)
        return buffered.size() >= max_request_head ? head_status::too_large : head_status::need_more;
    if (end > max_request_head) return head_status::too_large;
    // Leading empty lines before the request line are tolerated (RFC 9112 §2.2).
    std::size_t start = 0;
    while (start < end && (buffered[start] == '\r' || buffered[start] == '\n')) ++start;
    out = request_head{};
    if (!http_detail::parse_head_lines(buffered.substr(start, end - start), out)) return head_status::malformed;
    out.size = end;
    return head_status::complete;
}

// Whether the client wants the connection kept after this request (HTTP/1.1 default, HTTP/1.0 opt-in).
inline bool wants_keep_alive(const request_head& head) {
    const std::string_view connection = head.header("connection");
    if (http_detail::lists_option(connection, "close")) return false;
    return head.minor_version >= 1 || http_detail::lists_option(connection, "keep-alive");
}

// The request announces a body (a GET has none: the mock answers 400 rather than guess where it ends).
inline bool has_request_body(const request_head& head) {
    if (head.has_header("transfer-encoding")) return true;
    const std::string_view length = head.header("content-length");
    return !length.empty() && length.find_first_not_of('0') != std::string_view::npos;
}

// Whether an Authorization value is "Basic base64(user:password)" with this password and any non-empty
// user name. The user name is the project the client asks about; the mock does not tie the token to it,
// so a request for another project gets the API's 404 rather than a 401.
inline bool basic_auth_accepts(std::string_view authorization, std::string_view password) {
    const std::size_t space = authorization.find(' ');
    if (space == std::string_view::npos || !http_detail::equals_ignoring_case(authorization.substr(0, space), "Basic"))
        return false;
    const std::string_view sent = http_detail::trim(authorization.substr(space + 1));
    // Encoding "x:password" and comparing would tie the check to one user; decode instead.
    std::string decoded;
    unsigned bits = 0;
    int count = 0;
    std::size_t padding = 0;
    for (char c : sent) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else if (c == '=') {
            ++padding;
            continue;
        } else return false;
        if (padding != 0) return false;  // data after '='
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            decoded += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    if ((sent.size() % 4) != 0 || padding > 2) return false;
    // Round trip through the core's encoder: refuses non-canonical encodings (stray low bits).
    std::string again(swcalls::detail::base64_encoded_size(decoded.size()), '\0');
    again.resize(swcalls::detail::base64_encode(decoded, again.data()));
    if (again != sent) return false;
    const std::size_t colon = decoded.find(':');
    if (colon == 0 || colon == std::string::npos) return false;
    const std::string_view given = std::string_view(decoded).substr(colon + 1);
    // Compare every byte whatever the first difference (habit: no early exit on secrets).
    unsigned char diff = given.size() == password.size() ? 0 : 1;
    for (std::size_t i = 0; i < given.size() && i < password.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ password[i]);
    return diff == 0;
}

inline std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 200: return "OK";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 429: return "Too Many Requests";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

// "HTTP/1.1 <status> <reason>\r\n" + "Name: value\r\n"... + "\r\n".
inline std::string response_head(int status, const std::vector<std::pair<std::string, std::string>>& headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
    out += reason_phrase(status);
    out += "\r\n";
    for (const auto& h : headers) {
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    out += "\r\n";
    return out;
}

}  // namespace swcalls_mock
