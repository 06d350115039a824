// Hostile input, one case each (issue 6): what a broken or malicious server can send ends in a clear error,
// in bounded memory and time, and never in a crash, a hang or a wrong value. Memory is bounded by
// construction (the parser and decoder never allocate, checked with the counting operator new, and keep no
// more state than their fixed size); time by streaming everything once. The big inputs are generated
// chunk by chunk, so the tests themselves stay small too.
#include <swcalls/http_response.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include "allocation_counter.hpp"
#include "test_support.hpp"

namespace {

using swcalls::errc;

// Feeds `total` bytes made by `piece(offset, out)` (which appends the bytes from `offset` on, at most
// 64 KiB) until the parser reports an error; returns that error, or finish()'s.
// `chunk` is the caller's, reserved before any allocation_window, so that only the parser's allocations count.
template <class Parser, class Piece>
swcalls::error_code stream(Parser& parser, std::uint64_t total, const Piece& piece, std::string& chunk) {
    std::uint64_t at = 0;
    while (at < total) {
        chunk.clear();
        piece(at, chunk);
        if (chunk.empty()) break;  // (never: a piece is made while bytes are left; no doctest macro in here,
                                   // they may allocate inside the caller's allocation_window)
        if (swcalls::error_code ec = parser.feed(chunk.data(), chunk.size())) return ec;
        at += chunk.size();
    }
    return parser.finish();
}

// A body: `head`, then `count` copies of `fill`, then `tail`, produced in 64 KiB pieces.
struct repeated_body {
    std::string head, tail;
    char fill;
    std::uint64_t count;
    std::uint64_t size() const { return head.size() + count + tail.size(); }
    void operator()(std::uint64_t at, std::string& out) const {
        constexpr std::size_t piece = 64 * 1024;
        while (out.size() < piece && at < size()) {
            if (at < head.size()) {
                out.append(head, static_cast<std::size_t>(at), std::string::npos);  // no temporary string
                at = head.size();
            } else if (at < head.size() + count) {
                const std::uint64_t left = head.size() + count - at;
                const std::size_t n = static_cast<std::size_t>(left < piece - out.size() ? left : piece - out.size());
                out.append(n, fill);
                at += n;
            } else {
                out.append(tail, static_cast<std::size_t>(at - head.size() - count), std::string::npos);
                at = size();
            }
        }
    }
};

struct counting_callback {
    std::size_t* calls;
    void operator()(const swcalls::call_view&) const { ++*calls; }
};

}  // namespace

TEST_CASE("hostile: 100,000 nested arrays end in depth_limit at the first byte too deep") {
    char storage[4096];
    std::size_t calls = 0;
    for (const std::string& prefix : {std::string(), std::string(R"({"calls":[{"x":)")}) {
        CAPTURE(prefix);
        swcalls::page_parser parser{storage, counting_callback{&calls}};
        const std::string body = prefix + std::string(100000, '[');
        swcalls_test::allocation_window window;
        const swcalls::error_code ec = parser.feed(body.data(), body.size());
        window.stop();
        CHECK(ec == errc::depth_limit);
        CHECK(window.allocated() == 0);
        // The parser stops at the first bracket past SWCALLS_MAX_DEPTH levels (the prefix's count too).
        const std::size_t prefix_levels = prefix.empty() ? 0 : 3;
        CHECK(parser.error_offset() == prefix.size() + (SWCALLS_MAX_DEPTH - prefix_levels));
        CHECK(parser.consumed() == parser.error_offset());
        CHECK(parser.feed("]", 1) == errc::depth_limit);  // sticky
    }
    // Objects nest the same way.
    swcalls::page_parser parser{storage, counting_callback{&calls}};
    std::string body;
    for (int i = 0; i < 100000; ++i) body += R"({"a":)";
    CHECK(parser.feed(body.data(), body.size()) == errc::depth_limit);
    CHECK(calls == 0);
}

TEST_CASE("hostile: a 64 MiB string: call_too_large in a call's field, skipped in constant memory elsewhere") {
    constexpr std::uint64_t mib64 = 64ull * 1024 * 1024;
    char storage[4096];
    std::size_t calls = 0;
    {
        // In a field the parser keeps: it cannot fit, and the error comes as soon as the storage is full,
        // not after 64 MiB.
        swcalls::page_parser parser{storage, counting_callback{&calls}};
        const repeated_body body{R"({"calls":[{"sid":")", R"("}]})", 'a', mib64};
        std::string chunk;
        chunk.reserve(128 * 1024);
        swcalls_test::allocation_window window;
        const swcalls::error_code ec = stream(parser, body.size(), body, chunk);
        window.stop();
        CHECK(ec == errc::call_too_large);
        CHECK(window.allocated() == 0);
        CHECK(parser.error_offset() < 64 * 1024);
        CHECK(calls == 0);
    }
    {
        // In a key the parser does not model: validated byte by byte, never stored; the page still parses.
        swcalls::page_parser parser{storage, counting_callback{&calls}};
        const repeated_body body{R"({"junk":")", R"(","calls":[{"sid":"CA1"}],"page":0})", 'b', mib64};
        std::string chunk;
        chunk.reserve(128 * 1024);
        swcalls_test::allocation_window window;
        const swcalls::error_code ec = stream(parser, body.size(), body, chunk);
        window.stop();
        CHECK_FALSE(ec);
        CHECK(window.allocated() == 0);
        CHECK(parser.consumed() == body.size());
        CHECK(calls == 1);
        CHECK(parser.page().page == 0);
    }
}

TEST_CASE("hostile: a number with 10,000 digits") {
    const std::string digits(10000, '7');
    const std::string tiny = "0." + std::string(9999, '0') + "1";  // 1e-10000: a double's 0
    std::vector<char> storage(32 * 1024);
    struct seen {
        std::size_t calls = 0;
        std::optional<double> price;
    } got;
    auto parse = [&](const std::string& body, std::size_t storage_size) {
        got = seen{};
        swcalls::page_parser parser{storage.data(), storage_size, [&](const swcalls::call_view& c) {
                                        ++got.calls;
                                        if (c.price) got.price = c.price->value();
                                    }};
        swcalls::error_code ec = parser.feed(body.data(), body.size());
        if (!ec) ec = parser.finish();
        return ec;
    };
    // An integer field: it does not fit an int64.
    CHECK(parse(R"({"calls":[{"duration":)" + digits + "}]}", storage.size()) == errc::invalid_field_value);
    CHECK(parse(R"({"calls":[{"duration":")" + digits + "\"}]}", storage.size()) == errc::invalid_field_value);
    // A decimal field: 7.77...e9999 is beyond any double; 1e-10000 is a double (0) and is delivered.
    CHECK(parse(R"({"calls":[{"price":)" + digits + "}]}", storage.size()) == errc::invalid_field_value);
    CHECK_FALSE(parse(R"({"calls":[{"price":)" + tiny + "}]}", storage.size()));
    CHECK(got.calls == 1);
    REQUIRE(got.price.has_value());
    CHECK(*got.price == 0.0);
    // With 4 KiB of storage the field cannot even be kept: call_too_large, not a truncated number.
    CHECK(parse(R"({"calls":[{"price":)" + digits + "}]}", 4096) == errc::call_too_large);
    // Anywhere else it is only validated.
    CHECK_FALSE(parse(R"({"n":)" + digits + R"(,"calls":[]})", 4096));
    CHECK(parse(R"({"n":)" + digits + "x" + R"(,"calls":[]})", 4096) == errc::unexpected_character);
}

TEST_CASE("hostile: invalid UTF-8 and NUL bytes end at the offending byte") {
    char storage[4096];
    std::size_t calls = 0;
    // (tests/test_page_parser.cpp goes through every kind of malformed sequence; these are the classics.)
    struct bad {
        std::string bytes;
        errc error;
        std::size_t offset;  // of the first byte that cannot be right, within `bytes`
    };
    const bad cases[] = {
        {"\xC0\xAF", errc::invalid_utf8, 0},          // overlong '/': C0 never starts a sequence
        {"\xED\xA0\x80", errc::invalid_utf8, 1},      // a UTF-16 surrogate encoded as UTF-8: A0 is wrong after ED
        {"\xF5\x80\x80\x80", errc::invalid_utf8, 0},  // beyond U+10FFFF
        {"\x80", errc::invalid_utf8, 0},              // a lone continuation byte
        {"\xE2\x82", errc::invalid_utf8, 2},          // cut short: the closing quote
        {std::string(1, '\0'), errc::control_character, 0},
    };
    for (const bad& b : cases) {
        for (const char* field : {"sid", "unmodelled"}) {
            const std::string head = std::string(R"({"calls":[{")") + field + R"(":"ok)";
            const std::string body = head + b.bytes + R"("}]})";
            CAPTURE(body);
            swcalls::page_parser parser{storage, counting_callback{&calls}};
            CHECK(parser.feed(body.data(), body.size()) == b.error);
            CHECK(parser.error_offset() == head.size() + b.offset);
        }
    }
    // A NUL between tokens is no JSON either; an escaped one is text like any other.
    swcalls::page_parser parser{storage, counting_callback{&calls}};
    const std::string nul_between = std::string(R"({"calls":)") + '\0' + "[]}";
    CHECK(parser.feed(nul_between.data(), nul_between.size()) == errc::unexpected_character);
    std::optional<std::string> sid;
    swcalls::page_parser escaped{storage, [&](const swcalls::call_view& c) { sid = std::string(c.sid.value_or("")); }};
    const std::string body = R"({"calls":[{"sid":"a\u0000b"}]})";
    CHECK_FALSE(escaped.feed(body.data(), body.size()));
    CHECK_FALSE(escaped.finish());
    CHECK(sid == std::string("a\0b", 3));
}

TEST_CASE("hostile: an endless header line, an endless head, a chunk size of 2^64") {
    swcalls::http_decoder_options options;  // the defaults: 8 KiB lines, 32 KiB heads
    {
        // A header line that never ends: refused one byte past the limit, whatever keeps arriving.
        swcalls::http_response_decoder decoder(swcalls::discard_body{}, options);
        std::string start = "HTTP/1.1 200 OK\r\nX-Endless: ";
        CHECK_FALSE(decoder.feed(start).error);
        const std::string more(64 * 1024, 'x');
        swcalls::http_feed_result r;
        for (int i = 0; i < 100 && !r.error; ++i) r = decoder.feed(more);
        CHECK(r.error == errc::http_line_too_long);
        CHECK(decoder.error_offset() == std::string_view("HTTP/1.1 200 OK\r\n").size() + options.max_line_length);
    }
    {
        // Endless short header lines: the head's own limit.
        swcalls::http_response_decoder decoder(swcalls::discard_body{}, options);
        CHECK_FALSE(decoder.feed(std::string_view("HTTP/1.1 200 OK\r\n")).error);
        swcalls::http_feed_result r;
        for (int i = 0; i < 100000 && !r.error; ++i) r = decoder.feed(std::string_view("X-A: b\r\n"));
        CHECK(r.error == errc::http_headers_too_large);
        CHECK(decoder.error_offset() <= options.max_head_size);
    }
    for (const char* size : {"10000000000000000", "FFFFFFFFFFFFFFFFF", "000000000000000000000000010000000000000000"}) {
        // 2^64 (and beyond, and with leading zeros): never wraps to a small size.
        CAPTURE(size);
        swcalls::http_response_decoder decoder(swcalls::discard_body{}, options);
        const std::string response = std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") + size + "\r\n";
        CHECK(decoder.feed(response).error == errc::http_chunk_syntax);
    }
    {
        // The largest size that fits is read as a size: beyond max_body_size (64 MiB by default), and with no
        // limit at all, a body cut short when the connection ends.
        const std::string response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc";
        swcalls::http_response_decoder decoder(swcalls::discard_body{}, options);
        CHECK(decoder.feed(response).error == errc::http_body_too_large);
        swcalls::http_decoder_options unlimited;
        unlimited.max_body_size = UINT64_MAX;
        swcalls::http_response_decoder unbounded(swcalls::discard_body{}, unlimited);
        CHECK_FALSE(unbounded.feed(response).error);
        CHECK(unbounded.finish() == errc::http_body_truncated);
    }
}

TEST_CASE("hostile: a body that never ends is cut at max_body_size, whatever its framing") {
    struct counting_sink {
        std::uint64_t* bytes;
        void operator()(std::string_view b) const { *bytes += b.size(); }
    };
    swcalls::http_decoder_options options;
    options.max_body_size = 1024 * 1024;
    const std::string chunk(64 * 1024, ' ');
    {
        // Delimited by the close, and the close never comes: exactly the limit is delivered, then the error
        // at the first byte past it.
        std::uint64_t delivered = 0;
        swcalls::http_response_decoder decoder(counting_sink{&delivered}, options);
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n";
        CHECK_FALSE(decoder.feed(head).error);
        swcalls::http_feed_result r;
        int feeds = 0;
        for (; feeds < 1000 && !r.error; ++feeds) r = decoder.feed(chunk);
        CHECK(r.error == errc::http_body_too_large);
        CHECK(feeds == 17);  // 16 chunks make the limit; the 17th is the one too many
        CHECK(delivered == options.max_body_size);
        CHECK(decoder.error_offset() == head.size() + options.max_body_size);
        CHECK_FALSE(decoder.keep_alive());
    }
    {
        // A Content-Length beyond the limit: refused at the end of the head, before any body byte.
        std::uint64_t delivered = 0;
        swcalls::http_response_decoder decoder(counting_sink{&delivered}, options);
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n";
        CHECK(decoder.feed(head).error == errc::http_body_too_large);
        CHECK(decoder.error_offset() == head.size() - 1);
        CHECK(delivered == 0);
        // At the limit is fine.
        swcalls::http_response_decoder exact(counting_sink{&delivered}, options);
        CHECK_FALSE(exact.feed("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n").error);
    }
    {
        // Chunks: each size is checked against what is left of the limit when its line ends.
        std::uint64_t delivered = 0;
        swcalls::http_response_decoder decoder(counting_sink{&delivered}, options);
        CHECK_FALSE(decoder.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").error);
        const std::string one = "10000\r\n" + chunk + "\r\n";  // 64 KiB per chunk
        swcalls::http_feed_result r;
        int chunks = 0;
        for (; chunks < 1000 && !r.error; ++chunks) r = decoder.feed(one);
        CHECK(r.error == errc::http_body_too_large);
        CHECK(chunks == 17);
        CHECK(delivered == options.max_body_size);
    }
}

namespace {
// A server whose 200 response is delimited by the close and never closes: it sends spaces for as long as
// the session reads (up to 1 GiB, so a missing limit fails the test instead of hanging it).
struct endless_transport {
    std::uint64_t sent = 0;
    int exchanges = 0;
    std::error_code exchange(std::string_view, swcalls::byte_sink on_bytes) {
        ++exchanges;
        if (!on_bytes(std::string_view("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")))
            return {};
        static const std::string spaces(64 * 1024, ' ');
        while (sent < (std::uint64_t(1) << 30)) {
            sent += spaces.size();
            if (!on_bytes(spaces)) return {};
        }
        return {};
    }
    void close() {}
};
}  // namespace

TEST_CASE("hostile: a listing whose page never ends stops at the default max_body_size, not retried") {
    endless_transport transport;
    swcalls::endpoint e;
    REQUIRE_FALSE(e.set_host("example.signalwire.com"));
    e.project_id = "P1";
    e.api_token = "T1";
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    options.memory = memory.view();
    std::size_t calls = 0;
    const swcalls::list_result r = swcalls::list_calls(
        transport, e, swcalls::call_query{}, options, counting_callback{&calls}, [](std::chrono::milliseconds) {});
    CHECK(r.ec == errc::http_body_too_large);
    CHECK(transport.exchanges == 1);
    CHECK(transport.sent >= swcalls::http_decoder_options{}.max_body_size);
    CHECK(transport.sent < swcalls::http_decoder_options{}.max_body_size + 128 * 1024);
    CHECK(calls == 0);
}
