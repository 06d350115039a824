// Tests for swcalls/http_response.hpp: the sans-I/O HTTP/1.1 response decoder.
// http_response.hpp is included first: this file also proves it compiles on its own.
//
// Every response is decoded whole, one byte at a time, and split in two at every offset; every way must give
// the same status, headers, body bytes, error and error offset (the "grind" below).
#include <swcalls/http_response.hpp>

#include <doctest/doctest.h>

#include <swcalls/date.hpp>
#include <swcalls/error.hpp>
#include <swcalls/page_parser.hpp>

#include "allocation_counter.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using swcalls::errc;
using swcalls::http_decoder_options;
using swcalls::http_framing;
using swcalls::http_retry_after;

// Everything observable about one decoded response.
struct outcome {
    std::error_code error;
    std::uint64_t error_offset = 0;
    bool complete = false;
    bool head_complete = false;
    int status = 0;
    int version = 0;
    std::string reason;
    std::string content_type;
    http_framing framing = http_framing::unknown;
    std::optional<std::uint64_t> content_length;
    bool keep_alive = false;
    http_retry_after::form retry_kind = http_retry_after::form::absent;
    std::uint64_t retry_seconds = 0;
    std::int64_t retry_date = 0;
    std::uint32_t interim = 0;
    std::string body;
    std::uint64_t body_bytes = 0;
    std::uint64_t consumed = 0;  // bytes of the stream that belong to this response

    bool operator==(const outcome& o) const {
        return error == o.error && error_offset == o.error_offset && complete == o.complete &&
               head_complete == o.head_complete && status == o.status && version == o.version &&
               reason == o.reason && content_type == o.content_type && framing == o.framing &&
               content_length == o.content_length && keep_alive == o.keep_alive && retry_kind == o.retry_kind &&
               retry_seconds == o.retry_seconds && retry_date == o.retry_date && interim == o.interim &&
               body == o.body && body_bytes == o.body_bytes && consumed == o.consumed;
    }
};

std::ostream& operator<<(std::ostream& os, const outcome& o) {
    return os << "{error=" << o.error.message() << " @" << o.error_offset << " complete=" << o.complete
              << " head=" << o.head_complete << " status=" << o.status << " reason='" << o.reason << "' type='"
              << o.content_type << "' framing=" << int(o.framing) << " keep_alive=" << o.keep_alive
              << " body='" << o.body << "' consumed=" << o.consumed << "}";
}

std::ostream& operator<<(std::ostream& os, const std::vector<outcome>& all) {
    os << all.size() << " responses:";
    for (const outcome& o : all) os << ' ' << o;
    return os;
}

template <class Decoder>
void observe(const Decoder& d, outcome& o) {
    o.error = d.error();
    o.error_offset = d.error_offset();
    o.complete = d.complete();
    o.head_complete = d.head_complete();
    o.status = d.status();
    o.version = d.version();
    o.reason = std::string(d.reason());
    o.content_type = std::string(d.content_type());
    o.framing = d.framing();
    o.content_length = d.content_length();
    o.keep_alive = d.keep_alive();
    o.retry_kind = d.retry_after().kind;
    o.retry_seconds = d.retry_after().seconds;
    o.retry_date = d.retry_after().date.seconds;
    o.interim = d.interim_responses();
    o.body_bytes = d.body_bytes();
    o.consumed = d.consumed();
}

struct append_body {
    std::string* body;
    void operator()(std::string_view bytes) const { body->append(bytes.data(), bytes.size()); }
};

// Decodes the responses in `stream`, fed in pieces of the given sizes (the last piece takes the rest), the
// way a keep-alive client would: when a response completes, the unused rest of the piece starts the next
// one after reset(). `eof`: the connection closes after the last byte (finish() is called). Stops at the
// first error.
std::vector<outcome> decode_all(std::string_view stream, const std::vector<std::size_t>& cuts, bool eof,
                                http_decoder_options options = {}) {
    std::vector<outcome> results;
    std::string body;
    swcalls::http_response_decoder decoder{append_body{&body}, options};
    auto record = [&] {
        outcome o;
        observe(decoder, o);
        o.body = body;
        results.push_back(o);
    };
    std::size_t at = 0;
    std::size_t piece = 0;
    bool failed = false;
    while (at < stream.size() && !failed) {
        std::size_t n = piece < cuts.size() ? cuts[piece] : stream.size() - at;
        if (n > stream.size() - at) n = stream.size() - at;
        ++piece;
        std::string_view chunk = stream.substr(at, n);
        at += n;
        for (;;) {
            swcalls::http_feed_result r = decoder.feed(chunk);
            REQUIRE(r.used <= chunk.size());
            if (r.error) {
                failed = true;
                record();
                break;
            }
            if (decoder.complete()) {
                record();
                // Feeding a complete response more is refused, and consumes nothing.
                swcalls::http_feed_result again = decoder.feed("X");
                CHECK(again.error == errc::parser_finished);
                CHECK(again.used == 0);
                chunk.remove_prefix(r.used);
                decoder.reset();
                body.clear();
                if (chunk.empty()) break;
                continue;
            }
            if (r.used < chunk.size()) {  // paused after the head
                REQUIRE(options.pause_after_head);
                CHECK(decoder.head_complete());
                chunk.remove_prefix(r.used);
                continue;
            }
            break;
        }
    }
    // A response under way at the end of the stream (or none at all) is recorded too, after the close.
    if (!failed && (decoder.consumed() > 0 || results.empty())) {
        if (eof) {
            std::error_code ec = decoder.finish();
            CHECK(ec == decoder.error());
            // After finish(), feeding is refused.
            if (!ec) CHECK(decoder.feed("X").error == errc::parser_finished);
        }
        record();
    }
    return results;
}

// Decodes `stream` whole, one byte at a time, and split in two at every offset; checks they all agree and
// returns the outcomes of the whole feed.
std::vector<outcome> grind(std::string_view stream, bool eof, http_decoder_options options = {}) {
    const std::vector<outcome> whole = decode_all(stream, {}, eof, options);
    {
        std::vector<std::size_t> ones(stream.size(), 1);
        CAPTURE(stream);
        CHECK(decode_all(stream, ones, eof, options) == whole);
    }
    for (std::size_t k = 0; k <= stream.size(); ++k) {
        CAPTURE(k);
        std::vector<outcome> split = decode_all(stream, {k}, eof, options);
        CHECK(split == whole);
        if (split != whole) break;  // one report is enough
    }
    // Three pieces too, at a few spots: the middle piece one byte.
    for (std::size_t k = 1; k + 1 < stream.size(); k += 7) {
        CAPTURE(k);
        CHECK(decode_all(stream, {k, 1}, eof, options) == whole);
    }
    return whole;
}

// The single response of `stream`.
outcome grind_one(std::string_view stream, bool eof, http_decoder_options options = {}) {
    std::vector<outcome> all = grind(stream, eof, options);
    REQUIRE(all.size() == 1);
    return all[0];
}

// A response that must fail with `expected` at the byte `offset`.
void expect_error(std::string_view stream, errc expected, std::uint64_t offset, bool eof = true,
                  http_decoder_options options = {}) {
    CAPTURE(stream);
    outcome o = grind_one(stream, eof, options);
    CHECK(o.error == expected);
    CHECK(o.error_offset == offset);
    CHECK_FALSE(o.complete);
}

constexpr std::string_view page_body = R"({"calls":[],"next_page_uri":null})";

}  // namespace

TEST_CASE("a Content-Length response, whole and at every split") {
    const std::string stream = "HTTP/1.1 200 OK\r\n"
                               "Date: Wed, 21 Oct 2015 07:28:00 GMT\r\n"
                               "Content-Type:   application/json; charset=utf-8  \r\n"
                               "content-LENGTH: 33\r\n"
                               "X-Empty:\r\n"
                               "\r\n" +
                               std::string(page_body);
    REQUIRE(page_body.size() == 33);
    for (bool eof : {false, true}) {
        outcome o = grind_one(stream, eof);
        CHECK_FALSE(o.error);
        CHECK(o.complete);
        CHECK(o.head_complete);
        CHECK(o.status == 200);
        CHECK(o.version == 11);
        CHECK(o.reason == "OK");
        CHECK(o.content_type == "application/json; charset=utf-8");
        CHECK(o.framing == http_framing::content_length);
        CHECK(o.content_length == 33u);
        CHECK(o.keep_alive);
        CHECK(o.body == page_body);
        CHECK(o.body_bytes == 33);
        CHECK(o.consumed == stream.size());
        CHECK(o.retry_kind == http_retry_after::form::absent);
    }
}

TEST_CASE("the body reaches the sink as sub-ranges of the fed bytes: no copy") {
    const std::string stream = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    const char* first = nullptr;
    std::size_t size = 0;
    swcalls::http_response_decoder decoder{[&](std::string_view bytes) {
        first = bytes.data();
        size = bytes.size();
    }};
    swcalls::http_feed_result r = decoder.feed(stream);
    CHECK_FALSE(r.error);
    CHECK(r.used == stream.size());
    CHECK(first == stream.data() + stream.size() - 5);
    CHECK(size == 5);
}

TEST_CASE("chunked: extensions, several chunks, a zero-size last chunk, trailers") {
    const std::string stream = "HTTP/1.1 200 OK\r\n"
                               "Transfer-Encoding: chunked\r\n"
                               "Content-Type: application/json\r\n"
                               "\r\n"
                               "4;name=value\r\n"
                               "Wiki\r\n"
                               "5 \r\n"
                               "pedia\r\n"
                               "e ; ext ; other=\"quoted\"\r\n"
                               " in\r\n\r\nchunks.\r\n"
                               "000000000000000000001\r\n"
                               "!\r\n"
                               "0;last\r\n"
                               "X-Trailer: yes\r\n"
                               "Server-Timing: total;dur=12\r\n"
                               "\r\n";
    outcome o = grind_one(stream, false);
    CHECK_FALSE(o.error);
    CHECK(o.complete);
    CHECK(o.framing == http_framing::chunked);
    CHECK_FALSE(o.content_length);
    CHECK(o.body == "Wikipedia in\r\n\r\nchunks.!");
    CHECK(o.consumed == stream.size());
    CHECK(o.keep_alive);
    CHECK(o.content_type == "application/json");

    SUBCASE("the final chunk right away: an empty body, no trailers") {
        outcome e = grind_one("HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n", true);
        CHECK_FALSE(e.error);
        CHECK(e.complete);
        CHECK(e.body.empty());
    }
    SUBCASE("bare LF line endings are accepted in the framing too") {
        outcome e = grind_one("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\nTrailer: x\n\n", false);
        CHECK_FALSE(e.error);
        CHECK(e.complete);
        CHECK(e.body == "abc");
    }
}

TEST_CASE("chunked data through the page parser: the decoder's sink feeds the body parser directly") {
    std::string stream = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string body =
        R"({"calls":[{"sid":"CA1","status":"completed"},{"sid":"CA2","status":"busy"}],"next_page_uri":null})";
    for (std::size_t at = 0; at < body.size(); at += 10) {
        std::size_t n = body.size() - at < 10 ? body.size() - at : 10;
        static const char hex[] = "0123456789abcdef";
        stream += hex[n];
        stream += "\r\n" + body.substr(at, n) + "\r\n";
    }
    stream += "0\r\n\r\n";
    for (std::size_t piece : {stream.size(), std::size_t(1), std::size_t(3), std::size_t(64)}) {
        char storage[1024];
        std::vector<std::string> sids;
        swcalls::page_parser parser{storage, [&](const swcalls::call_view& call) {
                                        sids.push_back(std::string(call.sid.value_or("")));
                                    }};
        swcalls::http_response_decoder decoder{
            [&](std::string_view bytes) -> std::error_code { return parser.feed(bytes); }};
        for (std::size_t at = 0; at < stream.size(); at += piece) {
            std::size_t n = stream.size() - at < piece ? stream.size() - at : piece;
            swcalls::http_feed_result r = decoder.feed(stream.data() + at, n);
            REQUIRE_FALSE(r.error);
        }
        CHECK(decoder.complete());
        CHECK(parser.finish() == std::error_code());
        CHECK(sids == std::vector<std::string>{"CA1", "CA2"});
    }
}

TEST_CASE("a sink's error stops the decoder at the range it was given") {
    const std::string stream = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789";
    const std::size_t head = stream.size() - 10;
    for (std::size_t cut : {std::size_t(0), head, head + 4}) {
        CAPTURE(cut);
        std::size_t calls = 0;
        const std::size_t fail_at = cut == head + 4 ? 2 : 1;  // the sink's call that fails
        swcalls::http_response_decoder decoder{[&](std::string_view) -> std::error_code {
            return ++calls == fail_at ? make_error_code(errc::unexpected_character) : std::error_code();
        }};
        swcalls::http_feed_result r = decoder.feed(std::string_view(stream).substr(0, cut ? cut : stream.size()));
        if (cut) r = decoder.feed(std::string_view(stream).substr(cut));
        CHECK(r.error == errc::unexpected_character);
        CHECK(decoder.error() == errc::unexpected_character);
        CHECK(decoder.error_offset() == (cut == head + 4 ? head + 4 : head));
        CHECK(decoder.finish() == errc::unexpected_character);  // sticky
    }
}

namespace {
// Stands for boost::system::error_code: converts to std::error_code, and to nothing else.
struct other_library_error {
    std::error_code inner;
    operator std::error_code() const { return inner; }  // NOLINT: implicit, as Boost's is
};
}  // namespace

TEST_CASE("a sink may return swcalls::error_code, or a type that converts to std::error_code") {
    const std::string stream = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody";
    swcalls::http_response_decoder light{[](std::string_view) -> swcalls::error_code { return errc::invalid_utf8; }};
    CHECK(light.feed(stream).error == errc::invalid_utf8);
    swcalls::http_response_decoder other{[](std::string_view) {
        return other_library_error{std::make_error_code(std::errc::no_space_on_device)};
    }};
    const swcalls::http_feed_result r = other.feed(stream);
    CHECK(r.error == std::make_error_code(std::errc::no_space_on_device));
    CHECK(r.error.foreign_category() == &std::generic_category());
    swcalls::http_response_decoder fine{[](std::string_view) { return other_library_error{}; }};
    CHECK_FALSE(fine.feed(stream).error);
    CHECK(fine.complete());
}

TEST_CASE("a body delimited by the connection closing") {
    const std::string stream = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it, until the close";
    outcome o = grind_one(stream, true);
    CHECK_FALSE(o.error);
    CHECK(o.complete);
    CHECK(o.framing == http_framing::until_close);
    CHECK_FALSE(o.keep_alive);
    CHECK(o.body == "all of it, until the close");
    CHECK(o.consumed == stream.size());

    // Without the close, the body is never complete.
    outcome open = grind_one(stream, false);
    CHECK_FALSE(open.error);
    CHECK_FALSE(open.complete);
    CHECK(open.head_complete);
    CHECK(open.body == "all of it, until the close");

    // An empty close-delimited body.
    outcome empty = grind_one("HTTP/1.0 200 OK\r\n\r\n", true);
    CHECK_FALSE(empty.error);
    CHECK(empty.complete);
    CHECK(empty.body.empty());
}

TEST_CASE("204 and 304 have no body whatever their headers say; the next bytes are not consumed") {
    for (std::string_view head : {"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
                                  "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
                                  "HTTP/1.1 204 \r\nContent-Encoding: gzip\r\n\r\n"}) {
        CAPTURE(head);
        const std::string stream = std::string(head) + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        std::vector<outcome> all = grind(stream, false);
        REQUIRE(all.size() == 2);
        CHECK_FALSE(all[0].error);
        CHECK(all[0].complete);
        CHECK(all[0].framing == http_framing::none);
        CHECK(all[0].body.empty());
        CHECK(all[0].consumed == head.size());
        CHECK(all[0].keep_alive);
        CHECK(all[1].status == 200);
        CHECK(all[1].body == "ok");
    }
    outcome zero = grind_one("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(zero.complete);
    CHECK(zero.framing == http_framing::none);
    CHECK(zero.content_length == 0u);
}

TEST_CASE("100 Continue (and other 1xx) are skipped before the real response") {
    const std::string stream = "HTTP/1.1 100 Continue\r\n\r\n"
                               "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nContent-Length: x\r\n\r\n"
                               "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    outcome o = grind_one(stream, false);
    CHECK_FALSE(o.error);
    CHECK(o.complete);
    CHECK(o.interim == 2);
    CHECK(o.status == 200);
    CHECK(o.reason == "OK");
    CHECK(o.body == "abc");
    CHECK(o.consumed == stream.size());

    // Closed after the 100 and before the final response: the head is truncated, not "no response".
    expect_error("HTTP/1.1 100 Continue\r\n\r\n", errc::http_head_truncated, 25);
}

TEST_CASE("keep-alive: complete() with the next response's bytes left unconsumed") {
    const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst";
    const std::string second = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "6\r\nsecond\r\n0\r\n\r\n";
    const std::string third = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nthird";
    std::vector<outcome> all = grind(first + second + third, true);
    REQUIRE(all.size() == 3);
    CHECK(all[0].body == "first");
    CHECK(all[0].consumed == first.size());
    CHECK(all[0].keep_alive);
    CHECK(all[1].status == 429);
    CHECK(all[1].reason == "Too Many Requests");
    CHECK(all[1].body == "second");
    CHECK(all[1].consumed == second.size());
    CHECK(all[1].retry_kind == http_retry_after::form::seconds);
    CHECK(all[1].retry_seconds == 3);
    CHECK(all[2].body == "third");
    CHECK(all[2].complete);
    CHECK_FALSE(all[2].keep_alive);

    // One feed: used stops at the end of the first response.
    swcalls::http_response_decoder decoder{swcalls::discard_body{}};
    const std::string both = first + second;
    swcalls::http_feed_result r = decoder.feed(both);
    CHECK_FALSE(r.error);
    CHECK(r.used == first.size());
    CHECK(decoder.complete());
    decoder.reset();
    CHECK_FALSE(decoder.complete());
    CHECK(decoder.status() == 0);
    r = decoder.feed(std::string_view(both).substr(first.size()));
    CHECK(r.used == second.size());
    CHECK(decoder.status() == 429);
    CHECK(decoder.body_bytes() == 6);
}

TEST_CASE("Connection: close, and HTTP/1.0 without keep-alive") {
    CHECK_FALSE(grind_one("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false).keep_alive);
    CHECK_FALSE(grind_one("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n", false).keep_alive);
    CHECK(grind_one("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false).keep_alive);
    outcome old = grind_one("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
    CHECK(old.version == 10);
    CHECK(old.complete);
    CHECK_FALSE(old.keep_alive);
    CHECK(grind_one("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", false).keep_alive);
    CHECK_FALSE(grind_one("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 0\r\n\r\n", false)
                    .keep_alive);
}

TEST_CASE("status lines: versions, codes, empty reasons") {
    outcome o = grind_one("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.status == 404);
    CHECK(o.reason.empty());
    CHECK(o.complete);
    o = grind_one("HTTP/1.1 503 \r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.status == 503);
    CHECK(o.reason.empty());
    o = grind_one("HTTP/1.1 401 Unauthorized \t(really)\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.reason == "Unauthorized \t(really)");
    // A long reason is kept up to 64 bytes.
    o = grind_one("HTTP/1.1 500 " + std::string(100, 'r') + "\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.reason == std::string(64, 'r'));
    CHECK(o.status == 500);
}

TEST_CASE("framing errors: the status line") {
    expect_error("", errc::http_no_response, 0);
    expect_error("HTTP/1.1 200 O", errc::http_head_truncated, 14);
    expect_error("HTTP/1.1 200 OK\r\nContent-Le", errc::http_head_truncated, 27);
    expect_error("http/1.1 200 OK\r\n\r\n", errc::http_status_line, 0);
    expect_error("HTTP/2 200 OK\r\n\r\n", errc::http_status_line, 5);
    expect_error("HTTP/1.x 200 OK\r\n\r\n", errc::http_status_line, 7);
    expect_error("HTTP/1.1  200 OK\r\n\r\n", errc::http_status_line, 9);
    expect_error("HTTP/1.1 20 OK\r\n\r\n", errc::http_status_line, 11);
    expect_error("HTTP/1.1 2000 OK\r\n\r\n", errc::http_status_line, 12);
    expect_error("HTTP/1.1 200OK\r\n\r\n", errc::http_status_line, 12);
    expect_error("HTTP/1.1 099 Low\r\n\r\n", errc::http_status_line, 11);
    expect_error("HTTP/1.1 600 High\r\n\r\n", errc::http_status_line, 11);
    expect_error("HTTP/1.1 20\r\n\r\n", errc::http_status_line, 12);   // the line ends early (at its LF)
    expect_error("HTTP/1.1 200 OK\rX\n\r\n", errc::http_status_line, 16);  // a CR without LF
    expect_error(std::string("HTTP/1.1 200 O\x01K\r\n\r\n"), errc::http_status_line, 14);
    expect_error("\r\nHTTP/1.1 200 OK\r\n\r\n", errc::http_status_line, 1);  // no blank lines before it
}

TEST_CASE("framing errors: header lines") {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::uint64_t s = status.size();
    expect_error(status + "NoColon\r\n\r\n", errc::http_header_syntax, s + 8);
    expect_error(status + "Content-Length : 5\r\n\r\nhello", errc::http_header_syntax, s + 14);
    expect_error(status + ": value\r\n\r\n", errc::http_header_syntax, s);
    expect_error(status + "X-Folded: a\r\n b\r\n\r\n", errc::http_header_syntax, s + 13);  // obs-fold
    expect_error(status + "X-Folded: a\r\n\tb\r\n\r\n", errc::http_header_syntax, s + 13);
    expect_error(status + "Bad Name: a\r\n\r\n", errc::http_header_syntax, s + 3);
    expect_error(status + std::string("X-Ctl: a\x01" "b\r\n\r\n"), errc::http_header_syntax, s + 8);
    expect_error(status + "X-Del: a\x7f\r\n\r\n", errc::http_header_syntax, s + 8);
    expect_error(status + "X-CR: a\rb\r\n\r\n", errc::http_header_syntax, s + 8);
    expect_error(status + "X-A: b\r\n\rX", errc::http_header_syntax, s + 9);  // blank line's CR without LF
    // Any byte of obs-text is allowed in a value, and other headers are only checked, never interpreted.
    outcome o = grind_one(status + "X-Name: Caf\xc3\xa9 \xff\r\nContent-Length: 1\r\n\r\n!", false);
    CHECK_FALSE(o.error);
    CHECK(o.body == "!");
}

TEST_CASE("limits: line length and head size") {
    http_decoder_options small;
    small.max_line_length = 32;
    small.max_head_size = 100;
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::uint64_t s = status.size();
    // A 32-byte header line is fine (the limit excludes CRLF); 33 is one too many.
    const std::string fits = "X-Fill: " + std::string(24, 'a');
    REQUIRE(fits.size() == 32);
    outcome o = grind_one(status + fits + "\r\nContent-Length: 0\r\n\r\n", false, small);
    CHECK_FALSE(o.error);
    CHECK(o.complete);
    expect_error(status + fits + "a\r\n\r\n", errc::http_line_too_long, s + 32, true, small);
    expect_error("HTTP/1.1 200 " + std::string(40, 'r') + "\r\n\r\n", errc::http_line_too_long, 32, true, small);
    // The head: 100 bytes in all, blank line included.
    std::string head = status;
    while (head.size() + 20 <= 100) head += "X-Fill: 0123456789\r\n";  // 20 bytes a line
    REQUIRE(head.size() == 97);
    outcome at_limit = grind_one(head + "A:\r\n", false, small);  // 101 bytes: too many
    CHECK(at_limit.error == errc::http_headers_too_large);
    CHECK(at_limit.error_offset == 100);
    outcome under = grind_one(head + "\r\n", true, small);  // 99 bytes: fine
    CHECK_FALSE(under.error);
    // 1xx heads count towards the same budget.
    expect_error("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
                 "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                 errc::http_headers_too_large, 100, true, small);
    // Chunk-size lines (with their extensions) have the line limit; trailers have the head budget.
    const std::string chunked = status + "Transfer-Encoding: chunked\r\n\r\n";
    expect_error(chunked + "1;" + std::string(40, 'e') + "\r\nx\r\n0\r\n\r\n", errc::http_line_too_long,
                 chunked.size() + 32, true, small);
    std::string trailers;
    for (int i = 0; i < 6; ++i) trailers += "T: 0123456789abcdef\r\n";  // 21 bytes each
    expect_error(chunked + "0\r\n" + trailers + "\r\n", errc::http_headers_too_large, chunked.size() + 3 + 100, true,
                 small);
    // The defaults.
    http_decoder_options defaults;
    CHECK(defaults.max_line_length == 8192);
    CHECK(defaults.max_head_size == 32768);
    CHECK_FALSE(defaults.pause_after_head);
}

TEST_CASE("framing errors: Content-Length") {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::uint64_t s = status.size();
    expect_error(status + "Content-Length: abc\r\n\r\n", errc::http_content_length, s + 16);
    expect_error(status + "Content-Length: -1\r\n\r\n", errc::http_content_length, s + 16);
    expect_error(status + "Content-Length: +1\r\n\r\n", errc::http_content_length, s + 16);
    expect_error(status + "Content-Length: 0x10\r\n\r\n", errc::http_content_length, s + 17);
    expect_error(status + "Content-Length: 1,1\r\n\r\n", errc::http_content_length, s + 17);
    expect_error(status + "Content-Length: 1 2\r\n\r\n", errc::http_content_length, s + 18);
    expect_error(status + "Content-Length:\r\n\r\n", errc::http_content_length, s + 16);   // at the LF
    expect_error(status + "Content-Length:   \r\n\r\n", errc::http_content_length, s + 19);
    expect_error(status + "Content-Length: 18446744073709551616\r\n\r\n", errc::http_content_length, s + 35);
    expect_error(status + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", errc::http_content_length,
                 s + 19 + 18);
    expect_error(status + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                 errc::http_content_length, s + 19 + 28 + 1);
    // Duplicates that agree, white space around the digits, leading zeros, the largest value: all fine.
    outcome o = grind_one(status + "Content-Length:  005 \r\ncontent-length: 5\r\n\r\nhello", false);
    CHECK_FALSE(o.error);
    CHECK(o.body == "hello");
    http_decoder_options unlimited;  // (the default max_body_size refuses such a length: test_hostile_input.cpp)
    unlimited.max_body_size = UINT64_MAX;
    o = grind_one(status + "Content-Length: 18446744073709551615\r\n\r\nabc", false, unlimited);
    CHECK_FALSE(o.error);
    CHECK(o.content_length == 18446744073709551615u);
    CHECK(o.body == "abc");
    CHECK_FALSE(o.complete);
}

TEST_CASE("framing errors: codings swcalls does not decode") {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::uint64_t s = status.size();
    const std::string te_gzip = "Transfer-Encoding: gzip\r\n\r\n";
    expect_error(status + te_gzip, errc::http_unsupported_coding, s + te_gzip.size() - 1);
    const std::string te_both = "Transfer-Encoding: gzip, chunked\r\n\r\n";
    expect_error(status + te_both, errc::http_unsupported_coding, s + te_both.size() - 1);
    const std::string te_twice = "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n";
    expect_error(status + te_twice, errc::http_unsupported_coding, s + te_twice.size() - 1);
    const std::string te_empty = "Transfer-Encoding:\r\n\r\n";
    expect_error(status + te_empty, errc::http_unsupported_coding, s + te_empty.size() - 1);
    const std::string ce_gzip = "Content-Length: 3\r\nContent-Encoding: gzip\r\n\r\nabc";
    expect_error(status + ce_gzip, errc::http_unsupported_coding, s + ce_gzip.size() - 4);
    const std::string ce_chunked = "Transfer-Encoding: chunked\r\nContent-Encoding: br\r\n\r\n0\r\n\r\n";
    expect_error(status + ce_chunked, errc::http_unsupported_coding, s + ce_chunked.size() - 6);
    // Identity is no coding at all; parameters and list syntax are understood.
    outcome o = grind_one(status + "Content-Encoding: Identity\r\nTransfer-Encoding: , Chunked ;\r\n\r\n"
                                   "2\r\nok\r\n0\r\n\r\n",
                          false);
    CHECK_FALSE(o.error);
    CHECK(o.body == "ok");
    // A coding on a body that is empty anyway does not matter.
    o = grind_one(status + "Content-Encoding: gzip\r\nContent-Length: 0\r\n\r\n", false);
    CHECK_FALSE(o.error);
    CHECK(o.complete);
}

TEST_CASE("framing errors: chunks") {
    const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::uint64_t h = head.size();
    expect_error(head + "zz\r\n", errc::http_chunk_syntax, h);
    expect_error(head + "\r\n", errc::http_chunk_syntax, h + 1);  // no size at all (at the LF)
    expect_error(head + ";ext\r\n", errc::http_chunk_syntax, h);
    expect_error(head + "5x\r\nhello\r\n", errc::http_chunk_syntax, h + 1);
    expect_error(head + "5 5\r\nhello\r\n", errc::http_chunk_syntax, h + 2);
    expect_error(head + "-5\r\nhello\r\n", errc::http_chunk_syntax, h);
    expect_error(head + "5\rX", errc::http_chunk_syntax, h + 2);
    expect_error(head + "5;a\x01\r\nhello\r\n", errc::http_chunk_syntax, h + 3);
    // 2^64 and beyond: refused at the digit that overflows, never wrapped around.
    expect_error(head + "10000000000000000\r\n", errc::http_chunk_syntax, h + 16);
    expect_error(head + "FFFFFFFFFFFFFFFFF\r\nx", errc::http_chunk_syntax, h + 16);
    expect_error(head + "123456789abcdef0123\r\n", errc::http_chunk_syntax, h + 16);
    // 2^64 - 1 is a size (the connection then ends long before it).
    http_decoder_options unlimited;  // (the default max_body_size refuses such a size: test_hostile_input.cpp)
    unlimited.max_body_size = UINT64_MAX;
    expect_error(head + "FFFFFFFFFFFFFFFF\r\nabc", errc::http_body_truncated, h + 21, true, unlimited);
    // The CRLF after the data.
    expect_error(head + "5\r\nhelloX\r\n0\r\n\r\n", errc::http_chunk_syntax, h + 8);
    expect_error(head + "5\r\nhello\rX", errc::http_chunk_syntax, h + 9);
    expect_error(head + "5\r\nhello0\r\n\r\n", errc::http_chunk_syntax, h + 8);
    // Trailers are header lines.
    expect_error(head + "0\r\nBad trailer\r\n\r\n", errc::http_chunk_syntax, h + 6);
    expect_error(head + "0\r\n folded\r\n\r\n", errc::http_chunk_syntax, h + 3);
}

TEST_CASE("the connection closing early: truncated bodies") {
    const std::string status = "HTTP/1.1 200 OK\r\n";
    const std::string short_body = status + "Content-Length: 10\r\n\r\nhello";
    expect_error(short_body, errc::http_body_truncated, short_body.size());
    outcome o = grind_one(short_body, true);
    CHECK(o.body == "hello");  // what did arrive was delivered
    const std::string head = status + "Transfer-Encoding: chunked\r\n\r\n";
    for (std::string_view tail : {"", "5", "5;ext", "5\r\n", "5\r\nhel", "5\r\nhello", "5\r\nhello\r", "5\r\nhello\r\n",
                                  "5\r\nhello\r\n0\r\n", "5\r\nhello\r\n0\r\nTrailer: x\r\n",
                                  "5\r\nhello\r\n0\r\n\r"}) {
        CAPTURE(tail);
        const std::string stream = head + std::string(tail);
        expect_error(stream, errc::http_body_truncated, stream.size());
    }
    // A body that is not finished is not an error until the connection closes.
    o = grind_one(short_body, false);
    CHECK_FALSE(o.error);
    CHECK_FALSE(o.complete);
}

TEST_CASE("Retry-After: seconds, an HTTP date, and what is ignored") {
    auto retry = [](std::string_view value) {
        return grind_one("HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + std::string(value) +
                             "\r\nContent-Length: 0\r\n\r\n",
                         false);
    };
    swcalls::utc_timestamp now;
    REQUIRE_FALSE(swcalls::parse_date("Wed, 21 Oct 2015 07:27:00 GMT", now));

    outcome o = retry("120");
    CHECK(o.retry_kind == http_retry_after::form::seconds);
    CHECK(o.retry_seconds == 120);
    o = retry("0");
    CHECK(o.retry_kind == http_retry_after::form::seconds);
    CHECK(o.retry_seconds == 0);
    o = retry("99999999999999999999999");  // saturates
    CHECK(o.retry_seconds == UINT64_MAX);

    swcalls::http_response_decoder decoder{swcalls::discard_body{}};
#if SWCALLS_RETRY_AFTER_DATES
    o = retry("Wed, 21 Oct 2015 07:28:00 GMT");
    CHECK(o.retry_kind == http_retry_after::form::date);
    swcalls::utc_timestamp expected;
    REQUIRE_FALSE(swcalls::parse_date("Wed, 21 Oct 2015 07:28:00 GMT", expected));
    CHECK(o.retry_date == expected.seconds);

    // The decoder itself: wait_seconds relative to `now`.
    decoder.feed("HTTP/1.1 429 Too Many Requests\r\nRetry-After:  Wed, 21 Oct 2015 07:28:00 GMT  \r\n\r\n");
    REQUIRE(decoder.retry_after().kind == http_retry_after::form::date);
    CHECK(decoder.retry_after().wait_seconds(now) == 60u);
    CHECK(decoder.retry_after().wait_seconds(expected) == 0u);
    CHECK(decoder.retry_after().wait_seconds(swcalls::utc_timestamp{expected.seconds + 3600, 0}) == 0u);
    CHECK(decoder.retry_after().wait_seconds(swcalls::utc_timestamp{now.seconds, 500000000}) == 60u);
    CHECK(decoder.retry_after().wait_seconds(swcalls::utc_timestamp{now.seconds - 1, 500000000}) == 61u);
    CHECK(decoder.retry_after().wait_seconds(swcalls::utc_timestamp{INT64_MIN, 0}) ==
          static_cast<std::uint64_t>(expected.seconds) + (std::uint64_t(1) << 63));

    http_retry_after seconds;
    seconds.kind = http_retry_after::form::seconds;
    seconds.seconds = 7;
    CHECK(seconds.wait_seconds(now) == 7u);
    CHECK_FALSE(http_retry_after{}.wait_seconds(now));

    // RFC 9110's obsolete forms, which recipients must still accept.
    for (std::string_view obsolete : {"Wednesday, 21-Oct-15 07:28:00 GMT", "Wed Oct 21 07:28:00 2015"}) {
        CAPTURE(obsolete);
        o = retry(obsolete);
        CHECK(o.retry_kind == http_retry_after::form::date);
        CHECK(o.retry_date == expected.seconds);
    }
#else
    // Dates are not read (SWCALLS_RETRY_AFTER_DATES 0, config.hpp): each form is ignored, as if absent.
    for (std::string_view date : {"Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15 07:28:00 GMT",
                                  "Wed Oct 21 07:28:00 2015"}) {
        CAPTURE(date);
        CHECK(retry(date).retry_kind == http_retry_after::form::absent);
    }
    decoder.feed("HTTP/1.1 429 Too Many Requests\r\nRetry-After:  Wed, 21 Oct 2015 07:28:00 GMT  \r\n\r\n");
    CHECK(decoder.retry_after().kind == http_retry_after::form::absent);
    CHECK_FALSE(decoder.retry_after().wait_seconds(now));
#endif

    // Neither a number nor a date: ignored, as if absent. Repeated: the last one counts.
    for (std::string_view bad : {"soon", "-5", "1.5", "", "Wed, 32 Oct 2015 07:28:00 GMT",
                                 "Wed, 21 Oct 2015 07:28:00 +0200",  // RFC 2822, but not GMT
                                 "2015-10-21T07:28:00Z"}) {          // ISO 8601 is no HTTP date
        CAPTURE(bad);
        CHECK(retry(bad).retry_kind == http_retry_after::form::absent);
    }
    o = grind_one("HTTP/1.1 503 x\r\nRetry-After: 5\r\nRetry-After: 9\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.retry_seconds == 9);
    // A 1xx's headers do not leak into the final response.
    o = grind_one("HTTP/1.1 100 Continue\r\nRetry-After: 5\r\nContent-Type: a/b\r\n\r\n"
                  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                  false);
    CHECK(o.retry_kind == http_retry_after::form::absent);
    CHECK(o.content_type.empty());
}

TEST_CASE("Retry-After seconds: white space after the digits, saturation, and the 64-byte limit") {
    auto retry = [](std::string_view value) {
        return grind_one("HTTP/1.1 503 Service Unavailable\r\nRetry-After: " + std::string(value) +
                             "\r\nContent-Length: 0\r\n\r\n",
                         false);
    };
    // Digits, then white space or nothing: seconds.
    for (std::string_view ok : {"5 ", "5\t", "5 \t ", "\t5", "007"}) {
        CAPTURE(ok);
        outcome o = retry(ok);
        CHECK(o.retry_kind == http_retry_after::form::seconds);
        CHECK(o.retry_seconds == (ok == "007" ? 7u : 5u));
    }
    // Digits after the white space, or anything else after them: neither seconds nor a date.
    for (std::string_view bad : {"1 2", "5x", "5 x", "5,6", "+5", "0x10", "5;q=1"}) {
        CAPTURE(bad);
        CHECK(retry(bad).retry_kind == http_retry_after::form::absent);
    }
    // Past 2^64 - 1 the seconds saturate, whatever digits follow, and white space may still follow.
    outcome o = retry("18446744073709551615");
    CHECK(o.retry_seconds == UINT64_MAX);
    o = retry("18446744073709551616 ");
    CHECK(o.retry_kind == http_retry_after::form::seconds);
    CHECK(o.retry_seconds == UINT64_MAX);
    o = retry("184467440737095516150000000000");
    CHECK(o.retry_seconds == UINT64_MAX);
    // The value (after the white space before it) is kept up to 64 bytes: a longer one is ignored, even a
    // number followed by white space.
    o = retry("5" + std::string(63, ' '));
    CHECK(o.retry_kind == http_retry_after::form::seconds);
    CHECK(o.retry_seconds == 5);
    CHECK(retry("5" + std::string(64, ' ')).retry_kind == http_retry_after::form::absent);
    CHECK(retry(std::string(65, '9')).retry_kind == http_retry_after::form::absent);
    CHECK(retry(std::string(64, '9')).retry_seconds == UINT64_MAX);
    // A Retry-After that is not read replaces an earlier one that was (the last one counts).
    o = grind_one("HTTP/1.1 503 x\r\nRetry-After: 5\r\nRetry-After: 5x\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(o.retry_kind == http_retry_after::form::absent);
    CHECK(o.retry_seconds == 0);
}

TEST_CASE("http_retry_after::wait_seconds of a date: the time until it, rounded up; 0 once past") {
    // (Whether dates are read or not: the struct can always be filled by hand.)
    auto wait = [](swcalls::utc_timestamp date, swcalls::utc_timestamp now) {
        http_retry_after r;
        r.kind = http_retry_after::form::date;
        r.date = date;
        return r.wait_seconds(now);
    };
    using ts = swcalls::utc_timestamp;
    CHECK(wait(ts{100, 0}, ts{100, 0}) == 0u);                  // now
    CHECK(wait(ts{100, 5}, ts{100, 4}) == 1u);                  // a fraction later
    CHECK(wait(ts{100, 4}, ts{100, 5}) == 0u);                  // a fraction ago
    CHECK(wait(ts{101, 4}, ts{100, 5}) == 1u);                  // under a second later
    CHECK(wait(ts{101, 5}, ts{100, 5}) == 1u);                  // a second later
    CHECK(wait(ts{101, 6}, ts{100, 5}) == 2u);                  // over a second later
    CHECK(wait(ts{99, 999999999}, ts{100, 0}) == 0u);           // past
    CHECK(wait(ts{-5, 0}, ts{-7, 500000000}) == 2u);            // before 1970 too
    CHECK(wait(ts{INT64_MIN, 0}, ts{INT64_MAX, 0}) == 0u);      // long past
    CHECK(wait(ts{INT64_MAX, 0}, ts{INT64_MIN, 0}) == UINT64_MAX);  // 2^64 - 1 seconds ahead: exact
    CHECK(wait(ts{0, 0}, ts{-1, 999999999}) == 1u);
}

TEST_CASE("Content-Type is kept up to 128 bytes") {
    const std::string type = "application/json; profile=\"" + std::string(200, 'p') + "\"";
    swcalls::http_response_decoder decoder{swcalls::discard_body{}};
    decoder.feed("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nContent-Length: 0\r\n\r\n");
    CHECK(decoder.complete());
    CHECK(decoder.content_type() == type.substr(0, 128));
    CHECK(decoder.content_type_truncated());
}

TEST_CASE("pause_after_head: feed() returns at the end of the head, then the body goes to the sink") {
    http_decoder_options pause;
    pause.pause_after_head = true;
    const std::string head = "HTTP/1.1 404 Not Found\r\nContent-Length: 11\r\n\r\n";
    const std::string stream = head + R"({"code":20404})" + "HTTP/1.1 200";
    const std::string one = head + R"({"code":20404})";
    REQUIRE(one.size() == head.size() + 14);
    std::string body;
    swcalls::http_response_decoder decoder{append_body{&body}, pause};
    swcalls::http_feed_result r = decoder.feed(stream);
    CHECK_FALSE(r.error);
    CHECK(r.used == head.size());
    CHECK(decoder.head_complete());
    CHECK(decoder.status() == 404);
    CHECK(body.empty());
    r = decoder.feed(std::string_view(stream).substr(r.used));
    CHECK(r.used == 11);
    CHECK(decoder.complete());
    CHECK(body == R"({"code":204)");
    // And at every split, the same (decode_all feeds the rest after each pause).
    const std::string full = head + "0123456789a" + "HTTP/1.1 204 No Content\r\n\r\n";
    std::vector<outcome> all = grind(full, false, pause);
    REQUIRE(all.size() == 2);
    CHECK(all[0].body == "0123456789a");
    CHECK(all[1].status == 204);
}

TEST_CASE("feed() after the end: refused until reset()") {
    swcalls::http_response_decoder decoder{swcalls::discard_body{}};
    CHECK(decoder.feed("").used == 0);
    CHECK_FALSE(decoder.feed("").error);
    CHECK(decoder.finish() == errc::http_no_response);
    CHECK(decoder.feed("HTTP/1.1 200 OK\r\n").error == errc::http_no_response);  // sticky
    decoder.reset();
    CHECK_FALSE(decoder.error());
    CHECK(decoder.feed("HTTP/1.1 200 OK\r\n\r\nabc").used == 22);
    CHECK(decoder.finish() == std::error_code());
    CHECK(decoder.complete());
    CHECK(decoder.finish() == std::error_code());  // idempotent
    CHECK(decoder.feed("x").error == errc::parser_finished);
    decoder.reset();
    CHECK(decoder.consumed() == 0);
    CHECK(decoder.framing() == http_framing::unknown);
    CHECK_FALSE(decoder.head_complete());
}

TEST_CASE("no allocation while decoding, on success and on error paths") {
    std::string big = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n"
                      "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n";
    for (int i = 0; i < 200; ++i) big += "10;x=y\r\n0123456789abcdef\r\n";
    big += "0\r\nT: 1\r\n\r\n";
    const std::string bad = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n";
    const std::string truncated = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc";
    std::uint64_t sum = 0;
    std::error_code e1, e2, e3;
    bool ok = true;
    swcalls_test::allocation_window window;
    for (std::size_t piece : {big.size(), std::size_t(1), std::size_t(7)}) {
        swcalls::http_response_decoder decoder{[&sum](std::string_view b) { sum += b.size(); }};
        for (std::size_t at = 0; at < big.size(); at += piece) {
            std::size_t n = big.size() - at < piece ? big.size() - at : piece;
            ok = ok && !decoder.feed(big.data() + at, n).error;
        }
        ok = ok && decoder.complete();
    }
    {
        swcalls::http_response_decoder decoder{swcalls::discard_body{}};
        e1 = decoder.feed(bad).error;
        decoder.reset();
        decoder.feed(truncated);
        e2 = decoder.finish();
        decoder.reset();
        e3 = decoder.finish();
    }
    window.stop();
    CHECK(window.allocated() == 0);
    CHECK(window.freed() == 0);
    CHECK(ok);
    CHECK(sum == 3 * 200 * 16);
    CHECK(e1 == errc::http_content_length);
    CHECK(e2 == errc::http_body_truncated);
    CHECK(e3 == errc::http_no_response);
}
