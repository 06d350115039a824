// libFuzzer target for the request side: call_query filters, endpoint fields and next_page_uri values of any
// bytes. Whatever goes in, a written request head is well-formed HTTP (CRLF only as line ends, no other
// control byte, one blank line at its very end), every filter value decodes back to exactly what was given
// (so the target is correctly percent-encoded), Basic auth decodes to project:token, the redacted head
// differs only there, a short buffer is left untouched, and a next page is followed only on the configured
// origin. Build/run: see tests/fuzz/README.md (or tools/fuzz.sh).
//
// Input layout (a reader takes bytes in order; missing bytes read as 0 / empty):
//   2 flag bytes: which filters are set (see `text_filters`, status, Page, PageSize, the six date filters)
//   texts, each a length byte then that many bytes: project id, token, host, To, From, ParentCallSid,
//   PageToken, next_page_uri; then per set date filter 10 bytes (form, year/month/day or seconds and
//   nanoseconds); then 8 bytes each for Page and PageSize; 1 byte status; 2 bytes port; 1 byte scheme etc.
#include <swcalls/call_query.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/next_page.hpp>
#include <swcalls/request_writer.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#define FUZZ_CHECK(x)                \
    do {                             \
        if (!(x)) __builtin_trap();  \
    } while (0)

namespace {

struct reader {
    const std::uint8_t* p;
    std::size_t left;
    std::uint8_t byte() {
        if (left == 0) return 0;
        --left;
        return *p++;
    }
    std::uint64_t bytes(int n) {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) v = v << 8 | byte();
        return v;
    }
    std::string_view text() {
        std::size_t n = byte();
        if (n > left) n = left;
        std::string_view t(reinterpret_cast<const char*>(p), n);
        p += n;
        left -= n;
        return t;
    }
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;  // the writer uses upper-case hex only
}

bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

// Percent-decodes a component the writer encoded: every byte must be unreserved or "%XX" (upper-case hex),
// and no unreserved byte may have been encoded (the encoding is exact, not just valid).
std::string decode_component(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            FUZZ_CHECK(i + 2 < s.size());
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            FUZZ_CHECK(hi >= 0 && lo >= 0);
            const char c = static_cast<char>(hi * 16 + lo);
            FUZZ_CHECK(!is_unreserved(c));
            out += c;
            i += 2;
        } else {
            FUZZ_CHECK(is_unreserved(s[i]));
            out += s[i];
        }
    }
    return out;
}

std::string base64_decode(std::string_view s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    FUZZ_CHECK(s.size() % 4 == 0);
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            if (s[i + k] == '=') {
                FUZZ_CHECK(i + 4 == s.size() && k >= 2);
                v[k] = 0;
                ++pad;
            } else {
                FUZZ_CHECK(pad == 0);
                v[k] = value(s[i + k]);
                FUZZ_CHECK(v[k] >= 0);
            }
        }
        const std::uint32_t n = std::uint32_t(v[0]) << 18 | std::uint32_t(v[1]) << 12 | std::uint32_t(v[2]) << 6 | std::uint32_t(v[3]);
        out += static_cast<char>(n >> 16);
        if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(n & 0xFF);
    }
    return out;
}


// HTTP head shape: lines end with CRLF and nothing else is a control byte; the only empty line is the last.
void check_head_shape(std::string_view head) {
    FUZZ_CHECK(head.size() >= 4 && head.substr(head.size() - 4) == "\r\n\r\n");
    FUZZ_CHECK(head.find("\r\n\r\n") == head.size() - 4);
    for (std::size_t i = 0; i < head.size(); ++i) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c == '\r') FUZZ_CHECK(i + 1 < head.size() && head[i + 1] == '\n');
        else if (c == '\n') FUZZ_CHECK(i > 0 && head[i - 1] == '\r');
        else FUZZ_CHECK(c >= 0x20 && c != 0x7F);
    }
}

std::string_view header_value(std::string_view head, std::string_view name) {
    const std::string key = "\r\n" + std::string(name) + ": ";
    const std::size_t at = head.find(key);
    FUZZ_CHECK(at != std::string_view::npos);
    const std::size_t begin = at + key.size();
    return head.substr(begin, head.find("\r\n", begin) - begin);
}

// A short buffer: buffer_too_small with the size needed, and not one byte written.
template <class Write>
void check_short_buffer(Write write, std::size_t needed) {
    for (std::size_t size : {std::size_t(0), needed / 2, needed - 1}) {
        std::vector<char> buffer(needed + 8, '\xAA');
        const swcalls::write_result r = write(buffer.data(), size);
        FUZZ_CHECK(r.ec == swcalls::errc::buffer_too_small);
        FUZZ_CHECK(r.size == needed);
        for (char c : buffer) FUZZ_CHECK(c == '\xAA');
    }
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

// The next-page rule, stated independently: a URI starting with one '/' is the target itself; anything
// else is followed only when it names the endpoint's origin (same scheme, host ignoring case, same port),
// and then the target is the rest of the URI.
void check_next_page(const swcalls::endpoint& e, std::string_view uri) {
    std::string_view target;
    const swcalls::error_code ec = swcalls::next_page_target(e, uri, target);
    if (ec) {
        FUZZ_CHECK(ec == swcalls::errc::invalid_uri || ec == swcalls::errc::foreign_uri);
        return;
    }
    FUZZ_CHECK(!target.empty() && target[0] == '/');
    FUZZ_CHECK(!(target.size() >= 2 && target[1] == '/' && target.data() == uri.data()));
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        FUZZ_CHECK(u > 0x20 && u < 0x7F && c != '#' && c != '\\');
    }
    FUZZ_CHECK(target.data() + target.size() == uri.data() + uri.size());  // a suffix of the URI
    if (target.size() == uri.size()) return;                               // a path from the root
    // The prefix names the origin: [scheme ":"] "//" host [":" port].
    std::string_view origin = uri.substr(0, uri.size() - target.size());
    const std::string_view scheme = e.scheme == swcalls::url_scheme::https ? "https" : "http";
    if (origin.substr(0, 2) != "//") {
        FUZZ_CHECK(origin.size() > scheme.size() + 3 && equal_ignoring_case(origin.substr(0, scheme.size()), scheme) &&
                   origin.substr(scheme.size(), 3) == "://");
        origin.remove_prefix(scheme.size() + 3);
    } else {
        origin.remove_prefix(2);
    }
    FUZZ_CHECK(origin.size() >= e.host().size() && equal_ignoring_case(origin.substr(0, e.host().size()), e.host()));
    origin.remove_prefix(e.host().size());
    if (origin.empty()) {
        FUZZ_CHECK(e.effective_port() == swcalls::default_port(e.scheme));
        return;
    }
    FUZZ_CHECK(origin[0] == ':');
    origin.remove_prefix(1);
    FUZZ_CHECK(!origin.empty() && origin.size() <= 5);
    unsigned port = 0;
    for (char c : origin) {
        FUZZ_CHECK(c >= '0' && c <= '9');
        port = port * 10 + unsigned(c - '0');
    }
    FUZZ_CHECK(port == e.effective_port());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader in{data, size};
    const unsigned flags = static_cast<unsigned>(in.bytes(2));
    const std::string_view project = in.text(), token = in.text(), host = in.text();
    const std::string_view to = in.text(), from = in.text(), parent = in.text(), page_token = in.text();
    const std::string_view next_uri = in.text();

    swcalls::endpoint e;
    e.project_id = project;
    e.api_token = token;
    e.calls_json_suffix = (flags & 0x8000) != 0;
    e.scheme = (flags & 0x4000) ? swcalls::url_scheme::http : swcalls::url_scheme::https;
    e.port = static_cast<std::uint16_t>(in.bytes(2));
    if (e.set_host(host)) FUZZ_CHECK(!e.set_host("example.signalwire.com"));
    FUZZ_CHECK(!e.host().empty());

    swcalls::call_query q;
    if (flags & 0x0001) q.to = to;
    if (flags & 0x0002) q.from = from;
    if (flags & 0x0004) q.parent_call_sid = parent;
    if (flags & 0x0008) q.page_token = page_token;
    if (flags & 0x0010) q.status = static_cast<swcalls::call_status>(in.byte() % 10);
    if (flags & 0x0020) q.page = static_cast<std::int64_t>(in.bytes(8));
    if (flags & 0x0040) q.page_size = static_cast<std::int64_t>(in.bytes(8) % 2048) - 512;
    std::optional<swcalls::date_filter>* dates[] = {&q.start_time, &q.start_time_before, &q.start_time_after,
                                                    &q.end_time,   &q.end_time_before,   &q.end_time_after};
    for (int i = 0; i < 6; ++i) {
        if (!(flags & (0x0080u << i))) continue;
        if (in.byte() & 1) {
            const auto year = static_cast<std::int32_t>(in.bytes(2)) - 100;
            const auto month = static_cast<std::uint32_t>(in.byte() % 14);
            const auto day = static_cast<std::uint32_t>(in.byte() % 33);
            *dates[i] = swcalls::date_filter::on_date(year, month, day);
        } else {
            swcalls::utc_timestamp t;
            t.seconds = static_cast<std::int64_t>(in.bytes(8));
            if (in.byte() & 1) t.seconds %= 400000000000LL;  // mostly within the years that can be written
            t.nanoseconds = static_cast<std::uint32_t>(in.bytes(4) % 1100000000u);
            *dates[i] = swcalls::date_filter::at(t);
        }
    }

    char head_buffer[8192];
    const swcalls::write_result head = swcalls::write_request_head(e, q, head_buffer, sizeof head_buffer);
    const swcalls::error_code expected = swcalls::validate(e) ? swcalls::validate(e) : swcalls::validate(q);
    if (expected) {
        FUZZ_CHECK(head.ec == expected);
        FUZZ_CHECK(head.size == 0);
        FUZZ_CHECK(swcalls::write_calls_target(e, q, head_buffer, sizeof head_buffer).ec == expected);
    } else if (head.ec) {
        FUZZ_CHECK(head.ec == swcalls::errc::buffer_too_small && head.size > sizeof head_buffer);
    } else {
        const std::string_view h(head_buffer, head.size);
        check_head_shape(h);
        FUZZ_CHECK(h.substr(0, 4) == "GET ");
        const std::size_t target_end = h.find(" HTTP/1.1\r\n");
        FUZZ_CHECK(target_end != std::string_view::npos);
        const std::string_view target = h.substr(4, target_end - 4);

        // The same target from write_calls_target.
        char target_buffer[8192];
        const swcalls::write_result t = swcalls::write_calls_target(e, q, target_buffer, sizeof target_buffer);
        FUZZ_CHECK(!t.ec && std::string_view(target_buffer, t.size) == target);

        // Path: root, "/Accounts/", the project id (one segment), "/Calls" or "/Calls.json".
        const std::size_t query_at = target.find('?');
        const std::string_view path = target.substr(0, query_at);
        const std::string prefix = std::string(e.path_root) + "/Accounts/";
        FUZZ_CHECK(path.substr(0, prefix.size()) == prefix);
        const std::string_view suffix = e.calls_json_suffix ? "/Calls.json" : "/Calls";
        FUZZ_CHECK(path.size() >= prefix.size() + suffix.size() && path.substr(path.size() - suffix.size()) == suffix);
        FUZZ_CHECK(decode_component(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size())) == project);

        // Query: exactly the set filters, in the documented order, each value decoding to what was given.
        std::vector<std::pair<std::string, std::string>> want;
        if (q.to) want.emplace_back("To", std::string(*q.to));
        if (q.from) want.emplace_back("From", std::string(*q.from));
        if (q.parent_call_sid) want.emplace_back("ParentCallSid", std::string(*q.parent_call_sid));
        if (q.status) want.emplace_back("Status", std::string(swcalls::to_text(*q.status)));
        const char* date_names[] = {"StartTime", "StartTime<", "StartTime>", "EndTime", "EndTime<", "EndTime>"};
        for (int i = 0; i < 6; ++i) {
            if (!*dates[i]) continue;
            char text[swcalls::rfc2822_length];
            const std::size_t n = swcalls::format_date_filter(**dates[i], text);
            FUZZ_CHECK(n == swcalls::text_length(**dates[i]));
            want.emplace_back(date_names[i], std::string(text, n));
        }
        if (q.page) want.emplace_back("Page", std::to_string(*q.page));
        if (q.page_size) want.emplace_back("PageSize", std::to_string(*q.page_size));
        if (q.page_token) want.emplace_back("PageToken", std::string(*q.page_token));
        std::vector<std::pair<std::string, std::string>> got;
        if (query_at != std::string_view::npos) {
            std::string_view rest = target.substr(query_at + 1);
            for (;;) {
                const std::size_t amp = rest.find('&');
                const std::string_view pair = rest.substr(0, amp);
                const std::size_t eq = pair.find('=');
                FUZZ_CHECK(eq != std::string_view::npos);
                got.emplace_back(decode_component(pair.substr(0, eq)), decode_component(pair.substr(eq + 1)));
                if (amp == std::string_view::npos) break;
                rest.remove_prefix(amp + 1);
            }
        }
        FUZZ_CHECK(got == want);

        // Host and credentials.
        std::string host_value(e.host());
        if (e.port != 0 && e.port != swcalls::default_port(e.scheme)) host_value += ":" + std::to_string(e.port);
        FUZZ_CHECK(header_value(h, "Host") == host_value);
        const std::string_view authorization = header_value(h, "Authorization");
        FUZZ_CHECK(authorization.substr(0, 6) == "Basic ");
        FUZZ_CHECK(base64_decode(authorization.substr(6)) == std::string(project) + ":" + std::string(token));

        // The redacted head: the same bytes, with "Basic ***" for the credentials.
        char redacted_buffer[8192];
        const swcalls::write_result r = swcalls::write_redacted_request_head(e, q, redacted_buffer, sizeof redacted_buffer);
        FUZZ_CHECK(!r.ec);
        std::string expected_redacted(h);
        const std::size_t at = expected_redacted.find(authorization);
        expected_redacted.replace(at, authorization.size(), "Basic ***");
        FUZZ_CHECK(std::string_view(redacted_buffer, r.size) == expected_redacted);

        check_short_buffer([&](char* out, std::size_t n) { return swcalls::write_request_head(e, q, out, n); }, head.size);
        check_short_buffer([&](char* out, std::size_t n) { return swcalls::write_calls_target(e, q, out, n); }, t.size);
    }

    check_next_page(e, next_uri);
    if (!swcalls::validate(e)) {
        char next_buffer[8192];
        const swcalls::write_result n = swcalls::write_next_page_request_head(e, next_uri, next_buffer, sizeof next_buffer);
        std::string_view target;
        const swcalls::error_code target_ec = swcalls::next_page_target(e, next_uri, target);
        if (target_ec) {
            FUZZ_CHECK(n.ec == target_ec);
        } else if (!n.ec) {
            const std::string_view h(next_buffer, n.size);
            check_head_shape(h);
            FUZZ_CHECK(h.substr(0, 4 + target.size()) == "GET " + std::string(target));
        } else {
            FUZZ_CHECK(n.ec == swcalls::errc::buffer_too_small);
        }
    }
    return 0;
}
