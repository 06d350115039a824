// mock_api.hpp — the mock's "List all Calls" endpoint without sockets: a request target in, a status and a
// JSON body out, answering like SignalWire's Compatibility API.
//
//   swcalls_mock::api endpoint{{/*calls*/ 200, /*seed*/ 1, "a0c3e9f2-..."}};
//   swcalls_mock::api_response r = endpoint.get("/api/laml/2010-04-01/Accounts/a0c3e9f2-.../Calls?PageSize=20");
//   // r.status == 200, r.body == {"uri":...,"first_page_uri":...,"next_page_uri":...,...,"calls":[...]}
//
// Routes: {path_root}/Accounts/{project_id}/Calls and .../Calls.json, also under /2010-04-01 (the SignalWire
// Node SDK's path); the project id segment is percent-decoded before it is compared. Another project, or any other path: 404, code 20404. A bad
// parameter (see mock_query.hpp for every rule): 400, code 20001, with a message naming the parameter.
//
// Paging. The filtered list is the data set (newest first) reduced by the filters. Without a PageToken,
// page n starts at n * PageSize. "PageToken=PA<sid>" starts right after that call and "PB<sid>" is the
// PageSize calls right before it, wherever the sid sits relative to the filters; with a token, Page only
// labels the page (the token decides the position, as on the real API). A token whose sid is not in the
// data set, or that starts with neither PA nor PB: 400 (a stale token is a client bug worth seeing).
//
// The 200 body keeps SignalWire's key order (calls last): uri, first_page_uri, next_page_uri,
// previous_page_uri, page, page_size, start, end, calls. The URIs are path + query from the host root,
// with every filter kept (percent-encoded again in the documented order, so a raw '+' comes back as %2B)
// and '&' written as \u0026. next_page_uri is null on the last page, else Page=n+1, PageSize and
// PageToken=PA<last sid of this page>; previous_page_uri is null on page 0, else Page=n-1 and
// PageToken=PB<first sid of this page>. start/end are the page's offsets in the filtered list (end = start
// on an empty page). With api_options::foreign_next_page set, page 0's next_page_uri is that text verbatim
// (to test that clients refuse to follow it). Bodies are compact JSON, ASCII only (non-ASCII text is
// written as \u escapes), and a pure function of the options and the target.
#pragma once

#include "mock_data.hpp"
#include "mock_query.hpp"

#include <swcalls/detail/percent_encoding.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace swcalls_mock {

struct api_options {
    std::uint64_t calls = 200;
    std::uint64_t seed = 1;
    std::string project_id;
    std::string path_root = "/api/laml/2010-04-01";
    std::string foreign_next_page;  // non-empty: page 0's next_page_uri is this URL
};

struct api_response {
    int status;
    std::string body;  // JSON (application/json)
};

inline constexpr std::string_view error_more_info = "https://developer.signalwire.com/compatibility-api/reference/error-codes";
inline constexpr int default_page_size = 50;

namespace detail {

inline void append_unicode_escape(std::string& out, std::uint32_t unit) {
    constexpr char hex[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(unit >> shift) & 0xF];
}

// Length of the valid UTF-8 sequence at text[i] and its code point, or 0 when the bytes there are not one
// (overlong forms, surrogates and values past U+10FFFF included).
inline std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& code_point) noexcept {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
    if (lead >= 0xF5) length = 0;
    if (length == 0 || text.size() - i < length) return 0;
    std::uint32_t cp = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if ((next & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (next & 0x3F);
    }
    if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    code_point = cp;
    return length;
}

// A JSON string, quotes included, in pure ASCII: '"' '\\' and controls escaped, '&' '<' '>' as \u0026
// \u003c \u003e (as real bodies write them), non-ASCII as \u escapes (surrogate pairs above U+FFFF), and
// any byte that is not valid UTF-8 as \ufffd: whatever the text, the result is valid JSON.
inline void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            switch (byte) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '&': case '<': case '>': case 0x7F: append_unicode_escape(out, byte); break;
                default:
                    if (byte < 0x20) append_unicode_escape(out, byte);
                    else out += static_cast<char>(byte);
            }
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t length = utf8_sequence(text, i, cp);
        if (length == 0) {
            append_unicode_escape(out, 0xFFFD);
            ++i;
            continue;
        }
        if (cp >= 0x10000) {
            append_unicode_escape(out, 0xD800 + ((cp - 0x10000) >> 10));
            append_unicode_escape(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            append_unicode_escape(out, cp);
        }
        i += length;
    }
    out += '"';
}

// A string field whose "" means null.
inline void append_json_nullable(std::string& out, std::string_view text) {
    if (text.empty()) out += "null";
    else append_json_string(out, text);
}

inline std::string percent_encoded(std::string_view text) {
    std::string out(swcalls::detail::percent_encoded_size(text), '\0');
    swcalls::detail::percent_encode(text, out.data());
    return out;
}

inline bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

}  // namespace detail

// {"code":...,"message":"...","more_info":"https://developer.signalwire.com/...","status":...}: the API's
// error body (the server writes its 401 with it too).
inline std::string error_body(int code, std::string_view message, int status) {
    std::string body = "{\"code\":" + std::to_string(code) + ",\"message\":";
    detail::append_json_string(body, message);
    body += ",\"more_info\":";
    detail::append_json_string(body, error_more_info);
    body += ",\"status\":" + std::to_string(status) + "}";
    return body;
}

class api {
public:
    explicit api(api_options options)
        : options_(std::move(options)),
          calls_(make_calls(options_.calls, options_.seed, options_.project_id)),
          account_path_(options_.path_root + "/Accounts/" + detail::percent_encoded(options_.project_id)) {
        position_of_.reserve(calls_.size());
        for (std::size_t i = 0; i < calls_.size(); ++i) position_of_.emplace(calls_[i].sid, i);
    }

    // Answers one GET for `target` (origin form, as sent: percent-encoded path, optional "?query").
    api_response get(std::string_view target) const {
        const std::size_t question = target.find('?');
        const std::string_view path = target.substr(0, question);
        const std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

        bool json_suffix = false;
        switch (route(path, json_suffix)) {
            case route_result::calls: break;
            case route_result::other_project:
                return {404, error_body(20404, "The requested resource was not found: no such account", 404)};
            case route_result::unknown_path:
                return {404, error_body(20404, "The requested resource was not found", 404)};
        }

        calls_query q;
        std::string problem;
        if (!parse_calls_query(query, q, problem)) return {400, error_body(20001, problem, 400)};

        std::vector<std::size_t> listed;  // positions in calls_ of the calls the filters select, in order
        listed.reserve(calls_.size());
        for (std::size_t i = 0; i < calls_.size(); ++i)
            if (matches(q, calls_[i])) listed.push_back(i);

        const std::int64_t page = q.page.value_or(0);
        const auto size = static_cast<std::size_t>(q.page_size.value_or(default_page_size));
        const std::size_t total = listed.size();
        std::size_t offset = 0, count = 0;
        if (q.page_token) {
            const std::string& token = *q.page_token;
            const bool after = detail::starts_with(token, "PA");
            const bool before = detail::starts_with(token, "PB");
            const auto found = (after || before) ? position_of_.find(token.substr(2)) : position_of_.end();
            if (found == position_of_.end())
                return {400, error_body(20001, "Invalid PageToken: it names no call of this account", 400)};
            if (after) {
                offset = static_cast<std::size_t>(std::upper_bound(listed.begin(), listed.end(), found->second) - listed.begin());
                count = std::min(size, total - offset);
            } else {
                const auto end = static_cast<std::size_t>(std::lower_bound(listed.begin(), listed.end(), found->second) - listed.begin());
                offset = end > size ? end - size : 0;
                count = end - offset;
            }
        } else {
            const auto page_number = static_cast<std::uint64_t>(page);
            offset = page_number > total / size ? total : static_cast<std::size_t>(page_number) * size;
            count = std::min(size, total - offset);
        }

        std::string filters;
        append_filters(filters, q);
        const std::string base = account_path_ + (json_suffix ? "/Calls.json?" : "/Calls?") + filters;
        const std::string size_text = "&PageSize=" + std::to_string(size);
        auto page_uri = [&](std::int64_t n, std::string_view token) {
            std::string uri = base + "Page=" + std::to_string(n) + size_text;
            if (!token.empty()) uri += "&PageToken=" + detail::percent_encoded(token);
            return uri;
        };

        std::string body = "{\"uri\":";
        detail::append_json_string(body, page_uri(page, q.page_token ? *q.page_token : std::string()));
        body += ",\"first_page_uri\":";
        detail::append_json_string(body, page_uri(0, {}));
        body += ",\"next_page_uri\":";
        if (page == 0 && !options_.foreign_next_page.empty())
            detail::append_json_string(body, options_.foreign_next_page);
        else if (offset + count < total)
            detail::append_json_string(body, page_uri(page + 1, count ? "PA" + calls_[listed[offset + count - 1]].sid : std::string()));
        else
            body += "null";
        body += ",\"previous_page_uri\":";
        if (page == 0)
            body += "null";
        else
            detail::append_json_string(body, page_uri(page - 1, count ? "PB" + calls_[listed[offset]].sid : std::string()));
        body += ",\"page\":" + std::to_string(page);
        body += ",\"page_size\":" + std::to_string(size);
        body += ",\"start\":" + std::to_string(offset);
        body += ",\"end\":" + std::to_string(count ? offset + count - 1 : offset);
        body += ",\"calls\":[";
        body.reserve(body.size() + count * 1600);
        for (std::size_t k = 0; k < count; ++k) {
            if (k) body += ',';
            append_call(body, calls_[listed[offset + k]]);
        }
        body += "]}";
        return {200, std::move(body)};
    }

    const std::vector<call_record>& calls() const noexcept { return calls_; }
    const api_options& options() const noexcept { return options_; }

private:
    enum class route_result { calls, other_project, unknown_path };

    // Also served under Twilio's root, "/2010-04-01": the official SignalWire Node SDK
    // (@signalwire/compatibility-api) asks the space's host for /2010-04-01/Accounts/{project}/Calls.json.
    // The page URIs in the answer keep path_root; a client follows them from the host root either way.
    static constexpr std::string_view sdk_root = "/2010-04-01";

    route_result route(std::string_view path, bool& json_suffix) const {
        const std::string prefix = options_.path_root + "/Accounts/";
        const std::string sdk_prefix = std::string(sdk_root) + "/Accounts/";
        if (detail::starts_with(path, prefix)) path.remove_prefix(prefix.size());
        else if (detail::starts_with(path, sdk_prefix)) path.remove_prefix(sdk_prefix.size());
        else return route_result::unknown_path;
        const std::size_t slash = path.find('/');
        if (slash == std::string_view::npos) return route_result::unknown_path;
        const std::string_view rest = path.substr(slash);
        if (rest != "/Calls" && rest != "/Calls.json") return route_result::unknown_path;
        json_suffix = rest == "/Calls.json";
        std::string project;
        if (!detail::percent_decode(path.substr(0, slash), project) || project != options_.project_id)
            return route_result::other_project;
        return route_result::calls;
    }

    void append_call(std::string& out, const call_record& c) const {
        using detail::append_json_nullable;
        using detail::append_json_string;
        const std::string call_path = account_path_ + "/Calls/" + c.sid;
        auto key = [&out](std::string_view name) {
            out += '"';
            out += name;
            out += "\":";
        };
        auto text = [&](std::string_view name, std::string_view value) {
            key(name);
            append_json_string(out, value);
            out += ',';
        };
        auto nullable = [&](std::string_view name, std::string_view value) {
            key(name);
            append_json_nullable(out, value);
            out += ',';
        };
        auto quality = [&](std::string_view name, int call_quality::*member) {
            key(name);
            out += c.quality ? std::to_string((*c.quality).*member) : "null";
            out += ',';
        };

        out += '{';
        text("sid", c.sid);
        text("account_sid", c.account_sid);
        text("date_created", c.date_created);
        text("date_updated", c.date_updated);
        nullable("parent_call_sid", c.parent_call_sid);
        text("to", c.to);
        text("formatted_to", c.formatted_to);
        text("to_formatted", c.formatted_to);
        text("from", c.from);
        text("formatted_from", c.formatted_from);
        text("from_formatted", c.formatted_from);
        nullable("phone_number_sid", c.phone_number_sid);
        text("status", c.status);
        text("start_time", c.start_time_rfc2822);
        nullable("end_time", c.end_time_rfc2822);
        key("duration");
        out += std::to_string(c.duration) + ',';
        key("price");
        out += (c.price_text.empty() ? std::string("null") : c.price_text) + ',';
        text("price_unit", "USD");
        text("direction", c.direction);
        nullable("answered_by", c.answered_by);
        text("api_version", "2010-04-01");
        nullable("forwarded_from", "");
        nullable("caller_name", c.caller_name);
        text("uri", call_path + ".json");
        key("subresource_uris");
        out += "{\"notifications\":";
        append_json_nullable(out, c.status == "failed" ? call_path + "/Notifications.json" : std::string());
        out += ",\"recordings\":";
        append_json_string(out, call_path + "/Recordings.json");
        out += "},";
        nullable("annotation", "");
        nullable("group_sid", "");
        key("audio_in_mos");
        if (c.quality) {
            const int mos = c.quality->mos_hundredths;
            out += std::to_string(mos / 100) + '.' + char('0' + mos / 10 % 10) + char('0' + mos % 10) + ',';
        } else {
            out += "null,";
        }
        nullable("sip_result_code", c.sip_result_code);
        quality("audio_rtt_avg", &call_quality::rtt_avg);
        quality("audio_rtt_min", &call_quality::rtt_min);
        quality("audio_rtt_max", &call_quality::rtt_max);
        quality("audio_out_jitter_min", &call_quality::jitter_min);
        quality("audio_out_jitter_max", &call_quality::jitter_max);
        quality("audio_out_jitter_avg", &call_quality::jitter_avg);
        key("audio_out_lost");
        out += c.quality ? std::to_string(c.quality->lost) : "null";
        out += '}';
    }

    api_options options_;
    std::vector<call_record> calls_;
    std::string account_path_;  // {path_root}/Accounts/{percent-encoded project id}
    std::unordered_map<std::string, std::size_t> position_of_;  // sid -> index in calls_, for PageTokens
};

}  // namespace swcalls_mock
