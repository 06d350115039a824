// Shared helpers for the parser tests: the reference data, deep copies of what the parser delivers, and the
// "grind" that feeds a body in every chunking and checks that every one gives the same answer.
//
// Include it after the header under test and doctest. Everything here is inline, so several test files can
// include it into one executable.
#pragma once

#include <swcalls/call_view.hpp>
#include <swcalls/detail/call_fields.hpp>
#include <swcalls/error.hpp>
#include <swcalls/field_selection.hpp>
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

// doctest prints optionals as their value or "nullopt" (instead of "{?}") when a check fails.
namespace doctest {
template <class T>
struct StringMaker<std::optional<T>> {
    static String convert(const std::optional<T>& value) {
        if (!value) return "nullopt";
        if constexpr (std::is_same_v<T, std::string>) {
            std::string quoted = "\"" + *value + "\"";
            return String(quoted.c_str());
        } else {
            return toString(*value);
        }
    }
};
}  // namespace doctest

namespace swcalls_test {

using opt_string = std::optional<std::string>;

// ---- files and the shared reference data --------------------------------------------------------------

// Reads a whole file as bytes. False when it cannot be opened or read.
inline bool read_file(const std::string& path, std::string& out) {
    out.clear();
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    char buffer[65536];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    bool ok = std::ferror(f) == 0;
    std::fclose(f);
    return ok;
}

// The reference data directory: $SWCALLS_SHARED_DATA, else the SWCALLS_SHARED_DATA compile definition,
// else "" (unknown).
inline std::string shared_data_dir() {
    if (const char* env = std::getenv("SWCALLS_SHARED_DATA"); env && *env) return env;
#ifdef SWCALLS_SHARED_DATA
    return SWCALLS_SHARED_DATA;
#else
    return std::string();
#endif
}

// Reads `relative` (e.g. "api/error_examples.json") from the shared data. When the data is not there, says
// so with a MESSAGE and returns false: the caller then returns, skipping the test rather than failing it.
inline bool load_shared(const std::string& relative, std::string& out) {
    std::string dir = shared_data_dir();
    if (dir.empty()) {
        MESSAGE("skipped: no reference data (set SWCALLS_SHARED_DATA to the shared data directory)");
        return false;
    }
    std::string path = dir + "/" + relative;
    if (!read_file(path, out)) {
        MESSAGE("skipped: reference file " << path << " is missing (set SWCALLS_SHARED_DATA)");
        return false;
    }
    return true;
}

// ---- deep copies of call_view and page_view -----------------------------------------------------------

inline opt_string copy_text(const swcalls::opt_text& text) {
    if (!text) return std::nullopt;
    return std::string(*text);
}

// Every member of call_view, owning its text. The members are generated from the same X-macro list as
// call_view, plus the raw *_text members of the enums and price, and the subresource URIs.
struct collected_call {
#define SWCALLS_TEST_FIELD_text(m) opt_string m;
#define SWCALLS_TEST_FIELD_integer(m) std::optional<std::int64_t> m;
#define SWCALLS_TEST_FIELD_decimal(m) std::optional<double> m;
#define SWCALLS_TEST_FIELD_status(m) std::optional<swcalls::call_status> m; opt_string m##_text;
#define SWCALLS_TEST_FIELD_direction(m) std::optional<swcalls::call_direction> m; opt_string m##_text;
#define SWCALLS_TEST_FIELD_answered(m) std::optional<swcalls::call_answered_by> m; opt_string m##_text;
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_FIELD_##kind(member)
    SWCALLS_CALL_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
#undef SWCALLS_TEST_FIELD_text
#undef SWCALLS_TEST_FIELD_integer
#undef SWCALLS_TEST_FIELD_decimal
#undef SWCALLS_TEST_FIELD_status
#undef SWCALLS_TEST_FIELD_direction
#undef SWCALLS_TEST_FIELD_answered
    opt_string price_text;
    opt_string notifications;  // subresource_uris.notifications
    opt_string recordings;     // subresource_uris.recordings
};

inline collected_call collect(const swcalls::call_view& v) {
    collected_call c;
#define SWCALLS_TEST_COPY_text(m) c.m = copy_text(v.m);
#define SWCALLS_TEST_COPY_integer(m) c.m = v.m;
#define SWCALLS_TEST_COPY_decimal(m) c.m = v.m;
#define SWCALLS_TEST_COPY_status(m) c.m = v.m; c.m##_text = copy_text(v.m##_text);
#define SWCALLS_TEST_COPY_direction(m) SWCALLS_TEST_COPY_status(m)
#define SWCALLS_TEST_COPY_answered(m) SWCALLS_TEST_COPY_status(m)
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_COPY_##kind(member)
    SWCALLS_CALL_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
    c.price_text = copy_text(v.price_text);
    c.notifications = copy_text(v.subresource_uris.notifications);
    c.recordings = copy_text(v.subresource_uris.recordings);
    return c;
}

// Doubles are compared exactly: every chunking must produce bit-for-bit the same value.
inline bool same_call(const collected_call& a, const collected_call& b) {
    bool same = true;
#define SWCALLS_TEST_SAME_text(m) same = same && a.m == b.m;
#define SWCALLS_TEST_SAME_integer(m) SWCALLS_TEST_SAME_text(m)
#define SWCALLS_TEST_SAME_decimal(m) SWCALLS_TEST_SAME_text(m)
#define SWCALLS_TEST_SAME_status(m) same = same && a.m == b.m && a.m##_text == b.m##_text;
#define SWCALLS_TEST_SAME_direction(m) SWCALLS_TEST_SAME_status(m)
#define SWCALLS_TEST_SAME_answered(m) SWCALLS_TEST_SAME_status(m)
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_SAME_##kind(member)
    SWCALLS_CALL_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
    return same && a.price_text == b.price_text && a.notifications == b.notifications &&
           a.recordings == b.recordings;
}

// A readable dump of a call, for failure messages.
inline std::string describe(const collected_call& c) {
    std::string out = "{";
    auto text = [&](const char* name, const opt_string& v) {
        out += std::string(" ") + name + "=" + (v ? "\"" + *v + "\"" : std::string("null"));
    };
    auto number = [&](const char* name, const auto& v) {
        out += std::string(" ") + name + "=" + (v ? std::to_string(*v) : std::string("null"));
    };
    auto enumerated = [&](const char* name, const auto& v) {
        out += std::string(" ") + name + "=" + (v ? std::to_string(static_cast<int>(*v)) : std::string("null"));
    };
#define SWCALLS_TEST_SHOW_text(m) text(#m, c.m);
#define SWCALLS_TEST_SHOW_integer(m) number(#m, c.m);
#define SWCALLS_TEST_SHOW_decimal(m) number(#m, c.m);
#define SWCALLS_TEST_SHOW_status(m) enumerated(#m, c.m); text(#m "_text", c.m##_text);
#define SWCALLS_TEST_SHOW_direction(m) SWCALLS_TEST_SHOW_status(m)
#define SWCALLS_TEST_SHOW_answered(m) SWCALLS_TEST_SHOW_status(m)
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_SHOW_##kind(member)
    SWCALLS_CALL_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
    text("price_text", c.price_text);
    text("notifications", c.notifications);
    text("recordings", c.recordings);
    return out + " }";
}

struct collected_page {
#define SWCALLS_TEST_FIELD_text(m) opt_string m;
#define SWCALLS_TEST_FIELD_integer(m) std::optional<std::int64_t> m;
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_FIELD_##kind(member)
    SWCALLS_PAGE_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
#undef SWCALLS_TEST_FIELD_text
#undef SWCALLS_TEST_FIELD_integer
    std::size_t calls = 0;
    bool has_next = false;
};

inline collected_page collect(const swcalls::page_view& v) {
    collected_page c;
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_COPY_##kind(member)
    SWCALLS_PAGE_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
    c.calls = v.calls;
    c.has_next = v.has_next();
    return c;
}

inline bool same_page(const collected_page& a, const collected_page& b) {
    bool same = true;
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_SAME_##kind(member)
    SWCALLS_PAGE_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
    return same && a.calls == b.calls && a.has_next == b.has_next;
}

#undef SWCALLS_TEST_COPY_text
#undef SWCALLS_TEST_COPY_integer
#undef SWCALLS_TEST_COPY_decimal
#undef SWCALLS_TEST_COPY_status
#undef SWCALLS_TEST_COPY_direction
#undef SWCALLS_TEST_COPY_answered
#undef SWCALLS_TEST_SAME_text
#undef SWCALLS_TEST_SAME_integer
#undef SWCALLS_TEST_SAME_decimal
#undef SWCALLS_TEST_SAME_status
#undef SWCALLS_TEST_SAME_direction
#undef SWCALLS_TEST_SAME_answered
#undef SWCALLS_TEST_SHOW_text
#undef SWCALLS_TEST_SHOW_integer
#undef SWCALLS_TEST_SHOW_decimal
#undef SWCALLS_TEST_SHOW_status
#undef SWCALLS_TEST_SHOW_direction
#undef SWCALLS_TEST_SHOW_answered

// True when every text view of the call points inside [begin, end): the parser promises views into the
// caller's storage.
inline bool views_inside(const swcalls::call_view& v, const char* begin, const char* end) {
    bool inside = true;
    auto check = [&](const swcalls::opt_text& t) {
        if (t && !(t->data() >= begin && t->data() + t->size() <= end)) inside = false;
    };
#define SWCALLS_TEST_IN_text(m) check(v.m);
#define SWCALLS_TEST_IN_integer(m)
#define SWCALLS_TEST_IN_decimal(m)
#define SWCALLS_TEST_IN_status(m) check(v.m##_text);
#define SWCALLS_TEST_IN_direction(m) check(v.m##_text);
#define SWCALLS_TEST_IN_answered(m) check(v.m##_text);
#define SWCALLS_TEST_X(member, key, kind) SWCALLS_TEST_IN_##kind(member)
    SWCALLS_CALL_FIELDS(SWCALLS_TEST_X)
#undef SWCALLS_TEST_X
#undef SWCALLS_TEST_IN_text
#undef SWCALLS_TEST_IN_integer
#undef SWCALLS_TEST_IN_decimal
#undef SWCALLS_TEST_IN_status
#undef SWCALLS_TEST_IN_direction
#undef SWCALLS_TEST_IN_answered
    check(v.price_text);
    check(v.subresource_uris.notifications);
    check(v.subresource_uris.recordings);
    return inside;
}

// ---- one parse, in given pieces -----------------------------------------------------------------------

inline constexpr std::size_t no_stop = std::numeric_limits<std::size_t>::max();

struct parse_options {
    std::size_t storage_size = 4096;  // bytes of storage, in a heap block of exactly that size
    std::size_t stop_after = no_stop; // the callback returns false on this call (1-based); no_stop: never
};

struct parse_outcome {
    std::vector<collected_call> calls;
    std::error_code first_feed_error;  // the first error a feed() returned
    std::error_code result;            // what finish() returned
    std::uint64_t error_offset = 0;
    std::uint64_t consumed = 0;
    bool stopped = false;
    std::size_t parser_calls = 0;      // parser.calls() after finish()
    collected_page page;
    // Invariants checked on every parse (reported by check_invariants):
    bool views_in_storage = true;      // every delivered text view pointed into the storage
    bool sticky = true;                // after a feed error, later feeds returned the same error
    bool finish_twice_same = true;     // a second finish() returned the same as the first
    bool feed_after_finish_refused = true;  // feed() after finish() is errc::parser_finished
};

// Parses `body` fed as the pieces between `cuts` (sorted offsets into body; duplicates and 0 / size give
// empty pieces, which must be harmless). Each piece is copied into a heap block of exactly its size, so
// AddressSanitizer sees any read past the end of a chunk. Fields: the parser's field selection.
template <class Fields = swcalls::all_fields>
parse_outcome parse_pieces(std::string_view body, const std::vector<std::size_t>& cuts,
                           const parse_options& options = {}) {
    parse_outcome out;
    std::unique_ptr<char[]> storage(new char[options.storage_size == 0 ? 1 : options.storage_size]);
    char* storage_begin = storage.get();
    char* storage_end = storage_begin + options.storage_size;
    auto on_call = [&](const swcalls::call_view& call) -> bool {
        if (!views_inside(call, storage_begin, storage_end)) out.views_in_storage = false;
        out.calls.push_back(collect(call));
        return out.calls.size() != options.stop_after;
    };
    swcalls::page_parser parser{storage_begin, options.storage_size, on_call, Fields{}};
    static_assert(std::is_same_v<decltype(parser), swcalls::page_parser<decltype(on_call), SWCALLS_MAX_DEPTH, Fields>>);

    auto feed_piece = [&](std::size_t from, std::size_t to) {
        std::size_t n = to - from;
        std::unique_ptr<char[]> piece(new char[n == 0 ? 1 : n]);
        if (n) std::memcpy(piece.get(), body.data() + from, n);
        std::error_code ec = parser.feed(piece.get(), n);
        if (out.first_feed_error) {
            if (ec != out.first_feed_error) out.sticky = false;
        } else if (ec) {
            out.first_feed_error = ec;
        }
    };
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        feed_piece(from, cut);
        from = cut;
    }
    feed_piece(from, body.size());

    out.result = parser.finish();
    out.error_offset = parser.error_offset();
    out.consumed = parser.consumed();
    out.stopped = parser.stopped();
    out.parser_calls = parser.calls();
    out.page = collect(parser.page());
    // The page's text too must live in the storage.
    swcalls::page_view page = parser.page();
    for (const swcalls::opt_text* t : {&page.uri, &page.first_page_uri, &page.next_page_uri, &page.previous_page_uri,
                                       &page.account_sid}) {
        if (*t && !((*t)->data() >= storage_begin && (*t)->data() + (*t)->size() <= storage_end))
            out.views_in_storage = false;
    }
    if (parser.finish() != out.result) out.finish_twice_same = false;
    if (parser.feed("{}") != swcalls::errc::parser_finished) out.feed_after_finish_refused = false;
    return out;
}

inline parse_outcome parse_whole(std::string_view body, const parse_options& options = {}) {
    return parse_pieces(body, {}, options);
}

// The invariants every parse must keep, whatever the body.
inline void check_invariants(const parse_outcome& r) {
    CHECK(r.views_in_storage);
    CHECK(r.sticky);
    CHECK(r.finish_twice_same);
    CHECK(r.feed_after_finish_refused);
    CHECK(r.parser_calls == r.calls.size());
    CHECK(r.page.calls == r.calls.size());
    if (r.first_feed_error) CHECK(r.result == r.first_feed_error);  // finish repeats feed's error
    if (r.stopped) CHECK(!r.result);                                 // after a stop: success
}

// Empty when a and b agree on everything observable, else what differs.
inline std::string difference(const parse_outcome& a, const parse_outcome& b) {
    if (a.result != b.result)
        return "result " + a.result.message() + " vs " + b.result.message();
    if (a.first_feed_error != b.first_feed_error)
        return "feed error " + a.first_feed_error.message() + " vs " + b.first_feed_error.message();
    if (a.error_offset != b.error_offset)
        return "error offset " + std::to_string(a.error_offset) + " vs " + std::to_string(b.error_offset);
    if (a.consumed != b.consumed)
        return "consumed " + std::to_string(a.consumed) + " vs " + std::to_string(b.consumed);
    if (a.stopped != b.stopped) return "stopped differs";
    if (a.calls.size() != b.calls.size())
        return "calls " + std::to_string(a.calls.size()) + " vs " + std::to_string(b.calls.size());
    for (std::size_t i = 0; i < a.calls.size(); ++i)
        if (!same_call(a.calls[i], b.calls[i]))
            return "call " + std::to_string(i) + ": " + describe(a.calls[i]) + " vs " + describe(b.calls[i]);
    if (!same_page(a.page, b.page)) return "page fields differ";
    if (a.views_in_storage != b.views_in_storage || a.sticky != b.sticky ||
        a.finish_twice_same != b.finish_twice_same || a.feed_after_finish_refused != b.feed_after_finish_refused)
        return "an invariant differs";
    return {};
}

// Bodies up to this size are split at every offset; larger ones at an even sample of offsets.
inline constexpr std::size_t grind_every_offset_limit = 8192;

// Parses `body` whole, then one byte at a time, split into two at every offset, into three at a sample of
// offset pairs, and whole between empty chunks; every way must give the same calls, result, error offset,
// consumed count and page. Returns the whole-body outcome for the caller's own checks.
inline parse_outcome parse_all_ways(std::string_view body, const parse_options& options = {}) {
    const parse_outcome whole = parse_whole(body, options);
    check_invariants(whole);
    const std::size_t n = body.size();

    std::size_t ways = 0, mismatches = 0;
    std::string first_mismatch;
    auto compare = [&](const std::vector<std::size_t>& cuts, const char* how) {
        ++ways;
        parse_outcome r = parse_pieces(body, cuts, options);
        std::string diff = difference(whole, r);
        if (!diff.empty() && mismatches++ == 0) {
            first_mismatch = std::string(how) + " [cuts:";
            if (cuts.size() > 8) first_mismatch += " " + std::to_string(cuts.size()) + " of them";
            else for (std::size_t c : cuts) first_mismatch += " " + std::to_string(c);
            first_mismatch += "]: " + diff;
        }
    };

    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < n; ++i) cuts.push_back(i);
    compare(cuts, "one byte at a time");

    compare({0, 0, n, n}, "whole between empty chunks");

    std::size_t step = n <= grind_every_offset_limit ? 1 : n / grind_every_offset_limit + 1;
    for (std::size_t i = 0; i <= n; i += step) compare({i}, "two pieces");

    // Three pieces: about 20 x 20 cut pairs spread over the body, plus adjacent cuts (a one-byte middle).
    std::size_t stride = n / 20 + 1;
    for (std::size_t i = 0; i <= n; i += stride) {
        for (std::size_t j = i; j <= n; j += stride) compare({i, j}, "three pieces");
        if (i + 1 <= n) compare({i, i + 1}, "three pieces (one-byte middle)");
    }
    // Three pieces with an 8-byte middle: the SWAR fast path meets chunk ends on both sides.
    for (std::size_t i = 0; i + 8 <= n; i += (n / 64 + 1)) compare({i, i + 8}, "three pieces (8-byte middle)");

    INFO("body (", n, " bytes): ", std::string(body.substr(0, 300)), n > 300 ? "..." : "");
    INFO("first mismatch: ", first_mismatch);
    CHECK_MESSAGE(mismatches == 0, mismatches, " of ", ways, " chunkings differ from parsing the body whole");
    return whole;
}

// ---- JSON helpers for test data ------------------------------------------------------------------------

// Index just past the JSON string starting at s[i] == '"' (escapes skipped), or npos.
inline std::size_t skip_json_string(std::string_view s, std::size_t i) {
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\') ++i;
        else if (s[i] == '"') return i + 1;
    }
    return std::string_view::npos;
}

// Index just past the JSON value starting at s[i] (an object, array, string or bare token), or npos.
// Brackets are matched outside strings only; the value is assumed to be valid JSON.
inline std::size_t skip_json_value(std::string_view s, std::size_t i) {
    if (i >= s.size()) return std::string_view::npos;
    if (s[i] == '"') return skip_json_string(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            char c = s[i];
            if (c == '"') {
                i = skip_json_string(s, i);
                if (i == std::string_view::npos) return i;
                continue;
            }
            if (c == '{' || c == '[') ++depth;
            if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
            ++i;
        }
        return std::string_view::npos;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' &&
           s[i] != '\r' && s[i] != '\t')
        ++i;
    return i;
}

inline std::size_t skip_space(std::string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
    return i;
}

struct json_member {
    std::string key;         // the key's raw text between its quotes (escapes not decoded)
    std::string_view value;  // the value's exact bytes
};

// The members of the top-level object `json`, each value as the exact byte range it has in `json`.
// Returns false when json is not an object this small reader understands.
inline bool top_level_members(std::string_view json, std::vector<json_member>& out) {
    out.clear();
    std::size_t i = skip_space(json, 0);
    if (i >= json.size() || json[i] != '{') return false;
    i = skip_space(json, i + 1);
    if (i < json.size() && json[i] == '}') return true;
    for (;;) {
        if (i >= json.size() || json[i] != '"') return false;
        std::size_t key_end = skip_json_string(json, i);
        if (key_end == std::string_view::npos) return false;
        std::string key(json.substr(i + 1, key_end - i - 2));
        i = skip_space(json, key_end);
        if (i >= json.size() || json[i] != ':') return false;
        i = skip_space(json, i + 1);
        std::size_t value_end = skip_json_value(json, i);
        if (value_end == std::string_view::npos || value_end == i) return false;
        out.push_back({key, json.substr(i, value_end - i)});
        i = skip_space(json, value_end);
        if (i >= json.size()) return false;
        if (json[i] == '}') return true;
        if (json[i] != ',') return false;
        i = skip_space(json, i + 1);
    }
}

}  // namespace swcalls_test
