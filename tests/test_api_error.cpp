// Tests for swcalls/api_error.hpp: reading the API's error bodies into a bounded api_error.
// api_error.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/api_error.hpp>

#include <doctest/doctest.h>

#include <swcalls/bounded_text.hpp>
#include <swcalls/http_response.hpp>

#include "allocation_counter.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace {

// What a finished reader holds, as plain values.
struct record {
    int http_status = 0;
    std::optional<std::int64_t> code;
    std::string code_text;
    std::string message;
    bool message_truncated = false;
    std::string more_info;
    std::optional<int> status;
    bool body_was_json = false;
    std::string excerpt;
    bool excerpt_truncated = false;

    bool operator==(const record& o) const {
        return http_status == o.http_status && code == o.code && code_text == o.code_text && message == o.message &&
               message_truncated == o.message_truncated && more_info == o.more_info && status == o.status &&
               body_was_json == o.body_was_json && excerpt == o.excerpt && excerpt_truncated == o.excerpt_truncated;
    }
};

std::ostream& operator<<(std::ostream& os, const record& r) {
    return os << "{http=" << r.http_status << " code=" << (r.code ? std::to_string(*r.code) : "none") << " code_text='"
              << r.code_text << "' message='" << r.message << "' more_info='" << r.more_info
              << "' json=" << r.body_was_json << " excerpt='" << r.excerpt << "'}";
}

record copy(const swcalls::api_error& e) {
    record r;
    r.http_status = e.http_status;
    r.code = e.code;
    r.code_text = std::string(e.code_text.view());
    r.message = std::string(e.message.view());
    r.message_truncated = e.message.truncated();
    r.more_info = std::string(e.more_info.view());
    r.status = e.status;
    r.body_was_json = e.body_was_json;
    r.excerpt = std::string(e.body_excerpt.view());
    r.excerpt_truncated = e.body_excerpt.truncated();
    return r;
}

record read_in_pieces(std::string_view body, int http_status, std::size_t piece) {
    swcalls::api_error_reader reader{http_status};
    for (std::size_t at = 0; at < body.size(); at += piece) reader.feed(body.substr(at, piece));
    return copy(reader.finish());
}

// Reads `body` whole, one byte at a time and split at every offset; all must agree.
record read(std::string_view body, int http_status) {
    const record whole = read_in_pieces(body, http_status, body.size() ? body.size() : 1);
    CAPTURE(body);
    CHECK(read_in_pieces(body, http_status, 1) == whole);
    for (std::size_t k = 1; k < body.size(); ++k) {
        CAPTURE(k);
        swcalls::api_error_reader reader{http_status};
        reader.feed(body.substr(0, k));
        reader(body.substr(k));  // also usable as a body sink
        record split = copy(reader.finish());
        CHECK(split == whole);
        if (!(split == whole)) break;
    }
    return whole;
}

}  // namespace

// The shapes of /work/shared/data/api/error_examples.json, as literals.

TEST_CASE("SignalWire 401: {code, message, more_info, status}") {
    record r = read(R"({"code": 20003, "message": "Authentication failed", "more_info": )"
                    R"("https://signalwire.com/docs/compatibility-api/reference/errors", "status": 401})",
                    401);
    CHECK(r.http_status == 401);
    CHECK(r.code == 20003);
    CHECK(r.code_text == "20003");
    CHECK(r.message == "Authentication failed");
    CHECK_FALSE(r.message_truncated);
    CHECK(r.more_info == "https://signalwire.com/docs/compatibility-api/reference/errors");
    CHECK(r.status == 401);
    CHECK(r.body_was_json);
}

TEST_CASE("SignalWire 400 from the legacy spec") {
    record r = read(R"({"code": 21205, "message": "Url or an ApplicationSid must be included.", )"
                    R"("more_info": "https://signalwire.com", "status": 400})",
                    400);
    CHECK(r.code == 21205);
    CHECK(r.message == "Url or an ApplicationSid must be included.");
    CHECK(r.more_info == "https://signalwire.com");
    CHECK(r.status == 400);
    CHECK(r.body_was_json);
}

TEST_CASE("the errors array: the first element, with a numeric string code") {
    record r = read(R"({"errors": [{"code": "30010", "message": "Maxpriceperminute was exceeded. This call's cost )"
                    R"(is 0.008 per minute.", "more_info": "https://signalwire.com/docs/rest/compatibility-api/)"
                    R"(error-codes"}, {"code": "1", "message": "second", "more_info": "ignored"}]})",
                    400);
    CHECK(r.code == 30010);
    CHECK(r.code_text == "30010");
    CHECK(r.message == "Maxpriceperminute was exceeded. This call's cost is 0.008 per minute.");
    CHECK(r.more_info == "https://signalwire.com/docs/rest/compatibility-api/error-codes");
    CHECK_FALSE(r.status);
    CHECK(r.body_was_json);
}

TEST_CASE("the non-LaML REST shape: a code that is not a number") {
    record r = read(R"({"errors": [{"type": "validation_error", "code": "invalid_parameter", "message": )"
                    R"("Name must be present", "attribute": "name", "url": "https://signalwire.com/docs/apis/error-codes"}]})",
                    422);
    CHECK_FALSE(r.code);
    CHECK(r.code_text == "invalid_parameter");
    CHECK(r.message == "Name must be present");
    CHECK(r.more_info.empty());
    CHECK(r.body_was_json);
}

TEST_CASE("Twilio 400 with details, and Twilio 404") {
    record r = read(R"({"code": 20001, "message": "Bad request", "more_info": "https://www.twilio.com/docs/errors/20001", )"
                    R"("status": 400, "details": {"foo": "bar", "message": "not this one", "code": 7}})",
                    400);
    CHECK(r.code == 20001);
    CHECK(r.message == "Bad request");
    CHECK(r.more_info == "https://www.twilio.com/docs/errors/20001");
    CHECK(r.status == 400);

    r = read(R"({"code": 20404, "message": "The requested resource /AuthTokens/Promote was not found", )"
             R"("more_info": "https://www.twilio.com/docs/errors/20404", "status": 404})",
             404);
    CHECK(r.code == 20404);
    CHECK(r.message == "The requested resource /AuthTokens/Promote was not found");
    CHECK(r.status == 404);
    CHECK(r.body_was_json);
}

TEST_CASE("odd but valid JSON: other fields, wrong types, repeats, escapes, nesting") {
    // "details" comes first and has the same keys one level down: they are not the error's.
    record r = read(R"({"details":{"code":1,"message":"inner","errors":[{"message":"deeper"}]},"message":"outer"})", 500);
    CHECK_FALSE(r.code);
    CHECK(r.message == "outer");
    // The first value wins; escapes are decoded.
    r = read(R"({"message":"caf\u00e9 \"quoted\"\n","message":"second","code":-5,"code":6})", 500);
    CHECK(r.message == "caf\xc3\xa9 \"quoted\"\n");
    CHECK(r.code == -5);
    // null and containers where text goes leave the field empty.
    r = read(R"({"message":null,"more_info":{"a":"b"},"code":[20003],"status":"401"})", 401);
    CHECK(r.message.empty());
    CHECK(r.more_info.empty());
    CHECK_FALSE(r.code);
    CHECK(r.status == 401);  // a string of digits is read too
    // Codes that are no integers: kept as text only.
    r = read(R"({"code":20003.5})", 400);
    CHECK_FALSE(r.code);
    CHECK(r.code_text == "20003.5");
    r = read(R"({"code":"99999999999999999999"})", 400);
    CHECK_FALSE(r.code);
    CHECK(r.code_text == "99999999999999999999");
    // An errors array whose first element is not an object, and other top-level values.
    r = read(R"({"errors":["text",{"message":"second"}]})", 400);
    CHECK(r.message.empty());
    CHECK(r.body_was_json);
    for (std::string_view body : {"[]", "\"Bad Gateway\"", "null", "42", "{}", "[{\"message\":\"x\"}]"}) {
        CAPTURE(body);
        r = read(body, 502);
        CHECK(r.body_was_json);
        CHECK(r.message.empty());
        CHECK_FALSE(r.code);
    }
}

TEST_CASE("an empty body, HTML, invalid JSON: no fields, body_was_json false, an excerpt") {
    record r = read("", 502);
    CHECK_FALSE(r.body_was_json);
    CHECK(r.http_status == 502);
    CHECK(r.message.empty());
    CHECK(r.excerpt.empty());

    r = read("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\t<center>nginx</center>\r\n</body>\r\n"
             "</html>\r\n",
             502);
    CHECK_FALSE(r.body_was_json);
    CHECK(r.message.empty());
    CHECK(r.excerpt == "<html> <head><title>502 Bad Gateway</title></head> <body> <center>nginx</center> </body> </html>");

    // Valid fields before the break are not kept: a cut-off body is not trusted.
    r = read(R"({"code": 20003, "message": "Authentication failed", "more_info": "https://sig)", 401);
    CHECK_FALSE(r.body_was_json);
    CHECK_FALSE(r.code);
    CHECK(r.code_text.empty());
    CHECK(r.message.empty());
    CHECK(r.more_info.empty());
    CHECK(r.excerpt == R"({"code": 20003, "message": "Authentication failed", "more_info": "https://sig)");

    r = read(R"({"code": 20003} trailing)", 401);
    CHECK_FALSE(r.body_was_json);
    CHECK_FALSE(r.code);

    // Control bytes and non-ASCII never reach the excerpt: the CLI can print it as is.
    static const char escapes[] = "  \x1b[31mred\x1b[0m caf\xc3\xa9\x00!";
    r = read(std::string_view(escapes, sizeof escapes - 1), 500);
    CHECK_FALSE(r.body_was_json);
    CHECK(r.excerpt == "?[31mred?[0m caf???" + std::string("!"));  // (never "??!" in one literal: a trigraph)

    // The excerpt keeps the first 256 bytes.
    r = read(std::string(300, 'x'), 500);
    CHECK(r.excerpt == std::string(256, 'x'));
    CHECK(r.excerpt_truncated);
}

TEST_CASE("an oversized message is cut at a UTF-8 boundary, and the fields after it are still read") {
    // 255 ASCII bytes, then 'é' (2 bytes) would straddle the 256-byte limit: it is dropped whole.
    std::string message = std::string(255, 'a') + "\xc3\xa9" + std::string(100, 'b');
    record r = read(R"({"code":20003,"message":")" + message + R"(","more_info":"https://x","status":401})", 401);
    CHECK(r.body_was_json);
    CHECK(r.message == std::string(255, 'a'));
    CHECK(r.message_truncated);
    CHECK(r.more_info == "https://x");
    CHECK(r.status == 401);
    CHECK(r.code == 20003);

    // A 4-byte character (as a surrogate-pair escape) cut after 1, 2 or 3 of its bytes.
    for (std::size_t lead : {253u, 254u, 255u}) {
        CAPTURE(lead);
        r = read(R"({"message":")" + std::string(lead, 'a') + R"(\ud83d\ude00tail"})", 500);
        CHECK(r.message == std::string(lead, 'a'));
        CHECK(r.message_truncated);
    }
    // Exactly 256 bytes fit; the character that ends on the limit is kept.
    r = read(R"({"message":")" + std::string(252, 'a') + "\xf0\x9f\x98\x80" + R"("})", 500);
    CHECK(r.message == std::string(252, 'a') + "\xf0\x9f\x98\x80");
    CHECK_FALSE(r.message_truncated);
    // A long more_info and a long code text are cut the same way.
    r = read(R"({"more_info":")" + std::string(300, 'm') + R"(","code":")" + std::string(100, '1') + R"("})", 500);
    CHECK(r.more_info == std::string(256, 'm'));
    CHECK(r.code_text == std::string(64, '1'));
    CHECK_FALSE(r.code);
    // Invalid UTF-8 inside the string is invalid JSON, truncated or not.
    r = read(R"({"message":")" + std::string(300, 'a') + "\xc3\x28" + R"("})", 500);
    CHECK_FALSE(r.body_was_json);
    CHECK(r.message.empty());
}

TEST_CASE("bounded_text: appends, cuts once, never leaves half a character") {
    swcalls::bounded_text<4> t;
    CHECK(t.empty());
    t.append("ab");
    CHECK(t.view() == "ab");
    CHECK_FALSE(t.truncated());
    t.append("\xc3\xa9\xc3\xa9");  // the second é does not fit; nothing of it is kept
    CHECK(t.view() == "ab\xc3\xa9");
    CHECK(t.truncated());
    t.clear();
    t.append("a\xe2\x82\xac!");  // '€' is 3 bytes: "a€" is 4, '!' does not fit
    CHECK(t.view() == "a\xe2\x82\xac");
    t.clear();
    t.append("ab\xe2\x82\xac");  // the cut falls inside '€': all of it goes
    CHECK(t.view() == "ab");
    CHECK(t.truncated());
    t.push_back('c');  // once cut, nothing more is appended
    CHECK(t.view() == "ab");
    t.set_length(4, false);
    CHECK(t.size() == 4);
    t.trim_back([](char c) { return c != 'a'; });
    CHECK(t.view() == "a");
}

TEST_CASE("the reader as the decoder's sink, for a non-2xx response") {
    const std::string stream = "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "10\r\n{\"code\": 20003, \r\n"      // 16 bytes
                               "1b\r\n\"message\": \"Authentication \r\n"  // 27 bytes
                               "8\r\nfailed\"}\r\n0\r\n\r\n";
    swcalls::api_error_reader reader{401};
    swcalls::http_response_decoder decoder{std::ref(reader)};
    for (char c : stream) REQUIRE_FALSE(decoder.feed(&c, 1).error);
    CHECK(decoder.complete());
    const swcalls::api_error& e = reader.finish();
    CHECK(e.body_was_json);
    CHECK(e.code == 20003);
    CHECK(e.message.view() == "Authentication failed");
    CHECK(reader.body_size() == 16 + 27 + 8);
    // finish() is idempotent, and reset() starts over.
    CHECK(&reader.finish() == &e);
    reader.reset(503);
    CHECK(reader.result().http_status == 503);
    CHECK(reader.result().message.empty());
}

TEST_CASE("no allocation while reading error bodies of every kind") {
    const std::string bodies[] = {
        R"({"code": 20003, "message": "Authentication failed", "more_info": "https://x", "status": 401, "details": {"a": [1, 2]}})",
        R"({"errors": [{"code": "30010", "message": "Maxpriceperminute was exceeded.", "more_info": "https://y"}]})",
        "<html><body>502 Bad Gateway</body></html>",
        "",
        R"({"message":")" + std::string(5000, 'z') + R"("})",
    };
    std::size_t messages = 0;
    swcalls_test::allocation_window window;
    for (const std::string& body : bodies) {
        for (std::size_t piece : {std::size_t(1), std::size_t(13), body.size() + 1}) {
            swcalls::api_error_reader reader{500};
            for (std::size_t at = 0; at < body.size(); at += piece)
                reader.feed(std::string_view(body).substr(at, piece));
            messages += reader.finish().message.size();
        }
    }
    window.stop();
    CHECK(window.allocated() == 0);
    CHECK(messages == 3 * (21 + 31 + 256));
}
