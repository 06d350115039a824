// A fake "List all Calls" API for the list driver and list session tests: it builds the responses a
// server would send (a deterministic data set, paged with PageToken, Content-Length or chunked framing),
// with no sockets. The tests decide how the bytes reach the code under test, and which faults they meet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace list_test {

inline constexpr std::string_view project = "proj-1";
inline constexpr std::string_view calls_path = "/api/laml/2010-04-01/Accounts/proj-1/Calls";

inline std::string sid_of(std::size_t i) {
    char text[32];  // room for any size_t, so -Wformat-truncation stays quiet
    std::snprintf(text, sizeof text, "CA%04zu", i);
    return text;
}

inline std::vector<std::string> expected_sids(std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(sid_of(i));
    return out;
}

// Reads a decimal query parameter (`name=digits`) from a target; `fallback` when absent.
inline std::size_t query_number(std::string_view target, std::string_view name, std::size_t fallback) {
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos) return fallback;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.substr(0, name.size()) == name && pair.size() > name.size() && pair[name.size()] == '=') {
            std::size_t v = 0;
            for (char c : pair.substr(name.size() + 1)) {
                if (c < '0' || c > '9') break;
                v = v * 10 + static_cast<std::size_t>(c - '0');
            }
            return v;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return fallback;
}

// The fake API: `total` calls CA0000.., paged by the PageSize each request asks for, with a PageToken
// ("PageToken=PA<offset>") in next_page_uri. Even pages use Content-Length with SignalWire's key order
// (calls last); odd pages use chunked encoding with Twilio's (calls first).
struct fake_server {
    std::size_t total = 10;
    std::string next_prefix;      // put before the next page's path ("https://evil.example.com" to go abroad)
    std::size_t foreign_after = SIZE_MAX;  // pages from this index on link with next_prefix

    // The offset in PageToken=PA<offset>; 0 without a PageToken (the first page).
    static std::size_t page_offset(std::string_view target) {
        const std::size_t token = target.find("PageToken=PA");
        std::size_t offset = 0;
        if (token != std::string_view::npos)
            for (std::size_t i = token + 12; i < target.size() && target[i] >= '0' && target[i] <= '9'; ++i)
                offset = offset * 10 + static_cast<std::size_t>(target[i] - '0');
        return offset;
    }

    static std::string call_json(std::size_t i) {
        std::string s = "{\"sid\":\"" + sid_of(i) + "\",\"from\":\"+1555000" + std::to_string(i % 10) +
                        "\",\"to\":\"+15559999999\",\"status\":\"completed\",\"direction\":\"inbound\",\"duration\":" +
                        std::to_string(i * 3 % 97) + ",\"price\":\"-0.0" + std::to_string(i % 10) + "\"}";
        return s;
    }

    std::string body(std::string_view target) const {
        const std::size_t size = query_number(target, "PageSize", 50);
        const std::size_t offset = page_offset(target);
        const std::size_t page = size ? offset / size : 0;
        std::string calls = "\"calls\":[";
        for (std::size_t i = offset; i < offset + size && i < total; ++i) {
            if (i != offset) calls += ",";
            calls += call_json(i);
        }
        calls += "]";
        std::string next = "null";
        if (offset + size < total) {
            next = "\"" + (page >= foreign_after ? next_prefix : std::string()) + std::string(calls_path) +
                   "?PageSize=" + std::to_string(size) + "\\u0026PageToken=PA" + std::to_string(offset + size) + "\"";
        }
        std::string meta = "\"uri\":\"" + std::string(calls_path) + "\",\"next_page_uri\":" + next +
                           ",\"previous_page_uri\":null,\"page\":" + std::to_string(page) +
                           ",\"page_size\":" + std::to_string(size);
        return page % 2 == 0 ? "{" + meta + "," + calls + "}" : "{" + calls + "," + meta + "}";
    }

    std::string respond(std::string_view target) const {
        const std::string b = body(target);
        const std::size_t size = query_number(target, "PageSize", 50);
        const std::size_t offset = page_offset(target);
        const bool chunked = size && (offset / size) % 2 == 1;
        std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        if (!chunked) {
            r += "Content-Length: " + std::to_string(b.size()) + "\r\n\r\n" + b;
            return r;
        }
        r += "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0; at < b.size(); at += 61) {
            const std::string piece = b.substr(at, 61);
            char hex[16];
            std::snprintf(hex, sizeof hex, "%zx", piece.size());
            r += std::string(hex) + (at % 2 ? ";ext=1" : "") + "\r\n" + piece + "\r\n";
        }
        r += "0\r\n\r\n";
        return r;
    }
};

}  // namespace list_test
