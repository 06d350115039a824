// libFuzzer target for swcalls::page_parser: the same body parsed whole and in chunks must give the same
// answer, every string delivered must be well-formed UTF-8 inside the caller's storage, and a small storage
// may only fail with call_too_large (never change what it delivers). Build/run: see tests/fuzz/README.md.
//
// Input layout: byte 0 and byte 1 are parameters, the rest is the body.
//   byte 0, low 4 bits:  storage size (a table from 64 to 8192 bytes)
//   byte 0, high 4 bits: 1..3: the callback returns false after that many calls; otherwise it never stops
//   byte 1:              chunking: < 0x40 fixed chunks of (byte1 + 1) bytes; otherwise pseudo-random chunk sizes
//                        of 0..31 bytes (0 = an empty feed) from a generator seeded with byte 1
// Each body is parsed
//   A: whole, with the chosen storage and stop rule;
//   B: in chunks, same storage and stop rule, by the same parser object after reset();
//   C: whole, with storage larger than the body (so never call_too_large) and no early stop.
// A and B must agree exactly. C must never report call_too_large; when A neither stopped nor ran out of
// storage, A and C must agree exactly; otherwise A's calls must be the first calls of C.
// With rapidjson available (define SWCALLS_FUZZ_RAPIDJSON=0 to leave it out), C's verdict on JSON validity
// must match rapidjson's, apart from rapidjson 1.1's known differences (see json_valid_by_rapidjson).
#include <swcalls/page_parser.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#ifndef SWCALLS_FUZZ_RAPIDJSON
#if __has_include(<rapidjson/reader.h>)
#define SWCALLS_FUZZ_RAPIDJSON 1
#else
#define SWCALLS_FUZZ_RAPIDJSON 0
#endif
#endif

#ifndef SWCALLS_FUZZ_NLOHMANN
#if __has_include(<nlohmann/json.hpp>)
#define SWCALLS_FUZZ_NLOHMANN 1
#else
#define SWCALLS_FUZZ_NLOHMANN 0
#endif
#endif

#if SWCALLS_FUZZ_NLOHMANN
#include <cstdlib>
#include <nlohmann/json.hpp>
#endif

#if SWCALLS_FUZZ_RAPIDJSON
#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#endif

#define FUZZ_CHECK(x)                \
    do {                             \
        if (!(x)) __builtin_trap();  \
    } while (0)

namespace {

// ---- strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF) ---------------------------------
bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        unsigned c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { ++i; continue; }
        unsigned need = 0;
        std::uint32_t cp = 0, min = 0;
        if (c >= 0xC0 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF7) { need = 3; cp = c & 0x07; min = 0x10000; }
        else return false;
        if (n - i <= need) return false;
        for (unsigned k = 1; k <= need; ++k) {
            unsigned d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) return false;
            cp = cp << 6 | (d & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += need + 1;
    }
    return true;
}

// ---- deep copies ------------------------------------------------------------------------------------------
using text_copy = std::optional<std::string>;

struct bounds {
    const char* lo = nullptr;
    const char* hi = nullptr;
};

// Copies a text field, checking on the way that it is UTF-8 and lies inside the storage.
text_copy copy_checked(const swcalls::opt_text& t, const bounds& b) {
    if (!t) return std::nullopt;
    if (!t->empty()) {
        FUZZ_CHECK(t->data() >= b.lo);
        FUZZ_CHECK(t->data() + t->size() <= b.hi);
    } else if (t->data() != nullptr) {
        FUZZ_CHECK(t->data() >= b.lo && t->data() <= b.hi);
    }
    FUZZ_CHECK(valid_utf8(*t));
    return std::string(*t);
}

bool same_double(const std::optional<double>& a, const std::optional<double>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    return std::memcmp(&*a, &*b, sizeof(double)) == 0;
}

struct call_copy {
#define FZ_text(m) text_copy m;
#define FZ_integer(m) std::optional<std::int64_t> m;
#define FZ_decimal(m) std::optional<double> m;
#define FZ_status(m) std::optional<swcalls::call_status> m; text_copy m##_text;
#define FZ_direction(m) std::optional<swcalls::call_direction> m; text_copy m##_text;
#define FZ_answered(m) std::optional<swcalls::call_answered_by> m; text_copy m##_text;
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_CALL_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
#undef FZ_decimal
#undef FZ_status
#undef FZ_direction
#undef FZ_answered
    text_copy price_text;
    text_copy notifications;
    text_copy recordings;
};

call_copy copy_call(const swcalls::call_view& v, const bounds& b) {
    call_copy c;
#define FZ_text(m) c.m = copy_checked(v.m, b);
#define FZ_integer(m) c.m = v.m;
#define FZ_decimal(m) c.m = v.m; if (v.m) FUZZ_CHECK(*v.m == *v.m && *v.m - *v.m == 0);  /* finite */
#define FZ_enum(m) c.m = v.m; c.m##_text = copy_checked(v.m##_text, b); FUZZ_CHECK(v.m.has_value() == v.m##_text.has_value());
#define FZ_status(m) FZ_enum(m)
#define FZ_direction(m) FZ_enum(m)
#define FZ_answered(m) FZ_enum(m)
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_CALL_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
#undef FZ_decimal
#undef FZ_enum
#undef FZ_status
#undef FZ_direction
#undef FZ_answered
    c.price_text = copy_checked(v.price_text, b);
    // price_text is the price exactly as sent: a price is there exactly when its text is.
    FUZZ_CHECK(v.price.has_value() == v.price_text.has_value());
    c.notifications = copy_checked(v.subresource_uris.notifications, b);
    c.recordings = copy_checked(v.subresource_uris.recordings, b);
    return c;
}

bool same_call(const call_copy& a, const call_copy& b) {
#define FZ_text(m) if (a.m != b.m) return false;
#define FZ_integer(m) if (a.m != b.m) return false;
#define FZ_decimal(m) if (!same_double(a.m, b.m)) return false;
#define FZ_enum(m) if (a.m != b.m || a.m##_text != b.m##_text) return false;
#define FZ_status(m) FZ_enum(m)
#define FZ_direction(m) FZ_enum(m)
#define FZ_answered(m) FZ_enum(m)
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_CALL_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
#undef FZ_decimal
#undef FZ_enum
#undef FZ_status
#undef FZ_direction
#undef FZ_answered
    return a.price_text == b.price_text && a.notifications == b.notifications && a.recordings == b.recordings;
}

struct page_copy {
#define FZ_text(m) text_copy m;
#define FZ_integer(m) std::optional<std::int64_t> m;
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_PAGE_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
    std::size_t calls = 0;
    bool has_next = false;
};

page_copy copy_page(const swcalls::page_view& v, const bounds& b) {
    page_copy p;
#define FZ_text(m) p.m = copy_checked(v.m, b);
#define FZ_integer(m) p.m = v.m;
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_PAGE_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
    p.calls = v.calls;
    p.has_next = v.has_next();
    FUZZ_CHECK(p.has_next == (v.next_page_uri && !v.next_page_uri->empty()));
    return p;
}

bool same_page(const page_copy& a, const page_copy& b) {
#define FZ_text(m) if (a.m != b.m) return false;
#define FZ_integer(m) if (a.m != b.m) return false;
#define FZ_X(member, key, kind) FZ_##kind(member)
    SWCALLS_PAGE_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
    return a.calls == b.calls && a.has_next == b.has_next;
}

// ---- one parse ---------------------------------------------------------------------------------------------
struct outcome {
    std::error_code ec;
    std::uint64_t error_offset = 0;
    std::uint64_t consumed = 0;
    std::size_t parser_calls = 0;
    bool stopped = false;
    std::vector<call_copy> calls;
    page_copy page;
};

// What the callback writes into; the parser's callback holds a pointer to the current one.
struct recorder {
    std::vector<call_copy>* calls = nullptr;
    bounds storage;
    std::size_t stop_after = 0;  // 0: never stop
};

bool same_outcome(const outcome& a, const outcome& b) {
    if (a.ec != b.ec || a.error_offset != b.error_offset || a.consumed != b.consumed || a.parser_calls != b.parser_calls ||
        a.stopped != b.stopped || a.calls.size() != b.calls.size())
        return false;
    for (std::size_t i = 0; i < a.calls.size(); ++i)
        if (!same_call(a.calls[i], b.calls[i])) return false;
    return same_page(a.page, b.page);
}

// Checks that hold for every finished parse, whatever the chunking.
template <class Parser>
void finish_and_collect(Parser& parser, const recorder& rec, std::size_t size, outcome& out) {
    out.ec = parser.finish();
    FUZZ_CHECK(parser.finish() == out.ec);                                      // finish() is idempotent
    FUZZ_CHECK(parser.feed("x", 1) == make_error_code(swcalls::errc::parser_finished));
    FUZZ_CHECK(parser.finish() == out.ec);
    out.error_offset = parser.error_offset();
    out.consumed = parser.consumed();
    out.parser_calls = parser.calls();
    out.stopped = parser.stopped();
    out.page = copy_page(parser.page(), rec.storage);
    FUZZ_CHECK(out.page.calls == out.parser_calls);
    FUZZ_CHECK(out.parser_calls == out.calls.size());
    FUZZ_CHECK(out.error_offset <= size);
    FUZZ_CHECK(parser.consumed() <= size);
    if (out.stopped) {
        FUZZ_CHECK(!out.ec);
        FUZZ_CHECK(rec.stop_after != 0 && out.calls.size() == rec.stop_after);
    }
    if (rec.stop_after != 0 && !out.stopped) FUZZ_CHECK(out.calls.size() < rec.stop_after);
    if (out.ec) {
        FUZZ_CHECK(out.ec.category() == swcalls::error_category());
        swcalls::errc_kind kind = swcalls::kind_of(out.ec);
        FUZZ_CHECK(kind == swcalls::errc_kind::syntax || kind == swcalls::errc_kind::not_a_page ||
                   kind == swcalls::errc_kind::storage);
        // The parser stops at a syntax or storage error, and has read exactly up to it.
        if (kind != swcalls::errc_kind::not_a_page) FUZZ_CHECK(parser.consumed() == out.error_offset);
        if (kind == swcalls::errc_kind::syntax && out.ec != make_error_code(swcalls::errc::unexpected_end))
            FUZZ_CHECK(out.error_offset < size);  // the offending byte is in the body
    } else if (!out.stopped) {
        FUZZ_CHECK(parser.consumed() == size);
    }
}

std::error_code feed_chunked(swcalls::page_parser<std::function<bool(const swcalls::call_view&)>>&, const char*,
                             std::size_t, std::uint8_t);

#if SWCALLS_FUZZ_RAPIDJSON
// rapidjson's verdict on JSON validity, with the input massaged around its known 1.1 differences:
// it stops at a NUL byte after the value, rejects numbers that overflow double, does not skip a BOM and
// accepts a lone low surrogate \uDC00. Returns -1 when it cannot say.
int json_valid_by_rapidjson(const std::uint8_t* data, std::size_t size) {
    std::size_t skip = 0;
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) skip = 3;
    if (std::memchr(data + skip, 0, size - skip)) return -1;
    rapidjson::MemoryStream ms(reinterpret_cast<const char*>(data + skip), size - skip);
    rapidjson::BaseReaderHandler<rapidjson::UTF8<>> handler;
    rapidjson::Reader reader;
    rapidjson::ParseResult r =
        reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(ms, handler);
    if (r) return 1;
    if (r.Code() == rapidjson::kParseErrorNumberTooBig) return -1;
    return 0;
}
#endif


#if SWCALLS_FUZZ_NLOHMANN
// ---- differential against nlohmann::json (an independent, DOM-building parser) ---------------------------
// A JSON value as swcalls reports a scalar field: nullopt for absent or null; the text of a string; for a
// number, nlohmann's value, compared below through the text swcalls kept.
const nlohmann::json* member(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
}

double text_to_double(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    FUZZ_CHECK(end == text.c_str() + text.size());
    return v;
}

// nlohmann reads the JSON integer -0 as the integer 0 and so loses its sign (strtod keeps it: -0.0).
bool nlohmann_negative_zero(const std::string& text, const nlohmann::json& v) {
    return text == "-0" && v.is_number_integer() && v.get<std::int64_t>() == 0;
}

bool same_number_text(const std::string& text, const nlohmann::json& v) {
    if (nlohmann_negative_zero(text, v)) return true;
    if (v.is_number_integer() && !v.is_number_unsigned()) return text == std::to_string(v.get<std::int64_t>());
    if (v.is_number_unsigned()) return text == std::to_string(v.get<std::uint64_t>());
    const double d = text_to_double(text);
    const double w = v.get<double>();
    return std::memcmp(&d, &w, sizeof d) == 0;
}

// A text field (text, status, direction, answered_by, page texts): swcalls keeps a string's content, or the
// text of a number or literal as sent.
void check_text(const text_copy& got, const nlohmann::json& object, const char* key) {
    const nlohmann::json* v = member(object, key);
    if (!v) {
        FUZZ_CHECK(!got);
        return;
    }
    FUZZ_CHECK(got.has_value());
    if (v->is_string()) FUZZ_CHECK(*got == v->get<std::string>());
    else if (v->is_boolean()) FUZZ_CHECK(*got == (v->get<bool>() ? "true" : "false"));
    else if (v->is_number()) FUZZ_CHECK(same_number_text(*got, *v));
    else FUZZ_CHECK(false);  // a container where a scalar belongs is wrong_field_type, never a value
}

// An integer field: a JSON integer, or a string holding one; "" and null are no value.
void check_integer(const std::optional<std::int64_t>& got, const nlohmann::json& object, const char* key) {
    const nlohmann::json* v = member(object, key);
    if (!v || (v->is_string() && v->get<std::string>().empty())) {
        FUZZ_CHECK(!got);
        return;
    }
    FUZZ_CHECK(got.has_value());
    if (v->is_string()) FUZZ_CHECK(v->get<std::string>() == std::to_string(*got));
    else if (v->is_number_unsigned()) FUZZ_CHECK(v->get<std::uint64_t>() == static_cast<std::uint64_t>(*got) && *got >= 0);
    else FUZZ_CHECK(v->is_number_integer() && v->get<std::int64_t>() == *got);
}

// A decimal field: a JSON number, or a string holding one: the same double as strtod / nlohmann give.
void check_decimal(const std::optional<double>& got, const nlohmann::json& object, const char* key) {
    const nlohmann::json* v = member(object, key);
    if (!v || (v->is_string() && v->get<std::string>().empty())) {
        FUZZ_CHECK(!got);
        return;
    }
    FUZZ_CHECK(got.has_value());
    const double want = v->is_string() ? text_to_double(v->get<std::string>()) : v->get<double>();
    // An integer 0 from nlohmann may have been -0 in the body (see nlohmann_negative_zero): either zero.
    if (v->is_number_integer() && want == 0) FUZZ_CHECK(*got == 0);
    else FUZZ_CHECK(std::memcmp(&want, &*got, sizeof want) == 0);
}

// nlohmann's verdict on JSON validity: 1 valid, 0 invalid, -1 when it refused only a number a double
// cannot hold (error 406: RFC 8259 lets parsers limit the range; swcalls judges the grammar and checks
// the range of the fields it reads).
struct validity_handler : nlohmann::json_sax<nlohmann::json> {
    int refused_with = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
        refused_with = ex.id;
        return false;
    }
};

int json_valid_by_nlohmann(const std::uint8_t* data, std::size_t size) {
    validity_handler handler;
    if (nlohmann::json::sax_parse(data, data + size, &handler, nlohmann::json::input_format_t::json, true)) return 1;
    return handler.refused_with == 406 ? -1 : 0;
}

// Every field of every call, and the page's fields, against nlohmann's reading of the same body.
void check_against_nlohmann(const outcome& c, const std::uint8_t* data, std::size_t size) {
    const nlohmann::json doc = nlohmann::json::parse(data, data + size, nullptr, false);
    FUZZ_CHECK(!doc.is_discarded());
    FUZZ_CHECK(doc.is_object());
    const nlohmann::json* calls = member(doc, "calls");
    FUZZ_CHECK(calls && calls->is_array());
    FUZZ_CHECK(calls->size() == c.calls.size());
    for (std::size_t i = 0; i < c.calls.size(); ++i) {
        const nlohmann::json& j = (*calls)[i];
        FUZZ_CHECK(j.is_object());
        const call_copy& got = c.calls[i];
#define FZ_text(m, key) check_text(got.m, j, key);
#define FZ_integer(m, key) check_integer(got.m, j, key);
#define FZ_decimal(m, key) check_decimal(got.m, j, key);
#define FZ_status(m, key) check_text(got.m##_text, j, key);
#define FZ_direction(m, key) check_text(got.m##_text, j, key);
#define FZ_answered(m, key) check_text(got.m##_text, j, key);
#define FZ_X(member, key, kind) FZ_##kind(member, key)
        SWCALLS_CALL_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
#undef FZ_decimal
#undef FZ_status
#undef FZ_direction
#undef FZ_answered
        const nlohmann::json* sub = member(j, "subresource_uris");
        static const nlohmann::json no_object = nlohmann::json::object();
        check_text(got.notifications, sub ? *sub : no_object, "notifications");
        check_text(got.recordings, sub ? *sub : no_object, "recordings");
    }
#define FZ_text(m, key) check_text(c.page.m, doc, key);
#define FZ_integer(m, key) check_integer(c.page.m, doc, key);
#define FZ_X(member, key, kind) FZ_##kind(member, key)
    SWCALLS_PAGE_FIELDS(FZ_X)
#undef FZ_X
#undef FZ_text
#undef FZ_integer
}
#endif
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    static const std::size_t storage_sizes[16] = {64,  80,  100, 128,  192,  256,  384,  512,
                                                  768, 1024, 1536, 2048, 3000, 4096, 6000, 8192};
    const std::size_t storage_size = storage_sizes[data[0] & 0x0F];
    const unsigned stop_rule = data[0] >> 4;
    const std::size_t stop_after = stop_rule >= 1 && stop_rule <= 3 ? stop_rule : 0;
    const std::uint8_t chunking = data[1];
    const char* body = reinterpret_cast<const char*>(data + 2);
    const std::size_t body_size = size - 2;

    // Storage on the heap with its exact size, so ASan catches a write one past it.
    std::vector<char> storage(storage_size);
    recorder rec;
    rec.storage = {storage.data(), storage.data() + storage.size()};
    rec.stop_after = stop_after;
    std::function<bool(const swcalls::call_view&)> callback = [&rec](const swcalls::call_view& call) {
        rec.calls->push_back(copy_call(call, rec.storage));
        return rec.stop_after == 0 || rec.calls->size() < rec.stop_after;
    };
    swcalls::page_parser parser{storage.data(), storage.size(), callback};

    // A: whole.
    outcome a;
    rec.calls = &a.calls;
    {
        std::vector<char> copy(body, body + body_size);  // exact-size buffer: ASan sees any over-read
        std::error_code fed = parser.feed(copy.data(), copy.size());
        finish_and_collect(parser, rec, body_size, a);
        if (fed) FUZZ_CHECK(fed == a.ec);
    }

    // B: chunked, after reset().
    outcome b;
    parser.reset();
    rec.calls = &b.calls;
    {
        std::error_code fed = feed_chunked(parser, body, body_size, chunking);
        finish_and_collect(parser, rec, body_size, b);
        if (fed) FUZZ_CHECK(fed == b.ec);
    }
    FUZZ_CHECK(same_outcome(a, b));

    // C: storage that cannot run out, no early stop.
    outcome c;
    std::vector<char> big(body_size + 16 > 8192 ? body_size + 16 : 8192);
    recorder rec_c;
    rec_c.storage = {big.data(), big.data() + big.size()};
    rec_c.calls = &c.calls;
    std::function<bool(const swcalls::call_view&)> callback_c = [&rec_c](const swcalls::call_view& call) {
        rec_c.calls->push_back(copy_call(call, rec_c.storage));
        return true;
    };
    swcalls::page_parser parser_c{big.data(), big.size(), callback_c};
    {
        std::vector<char> copy(body, body + body_size);
        parser_c.feed(copy.data(), copy.size());
        finish_and_collect(parser_c, rec_c, body_size, c);
    }
    FUZZ_CHECK(c.ec != make_error_code(swcalls::errc::call_too_large));
    FUZZ_CHECK(!c.stopped);
    const bool a_cut_short = a.stopped || a.ec == make_error_code(swcalls::errc::call_too_large);
    if (!a_cut_short) {
        FUZZ_CHECK(same_outcome(a, c));
    } else {
        FUZZ_CHECK(a.calls.size() <= c.calls.size());
        for (std::size_t i = 0; i < a.calls.size(); ++i) FUZZ_CHECK(same_call(a.calls[i], c.calls[i]));
        if (!a.stopped) FUZZ_CHECK(a.error_offset <= body_size);
    }

#if SWCALLS_FUZZ_RAPIDJSON
    // JSON validity against rapidjson: C validated the whole body (it never stops early).
    if (c.ec != make_error_code(swcalls::errc::depth_limit)) {
        const bool swcalls_valid = !c.ec || swcalls::kind_of(c.ec) == swcalls::errc_kind::not_a_page;
        int rj = json_valid_by_rapidjson(data + 2, body_size);
        if (rj >= 0 && (rj == 1) != swcalls_valid) {
            // rapidjson 1.1 accepts a lone low surrogate escape; swcalls is right to refuse it.
            const bool rapidjson_quirk = rj == 1 && c.ec == make_error_code(swcalls::errc::invalid_surrogate);
            FUZZ_CHECK(rapidjson_quirk);
        }
    }
#endif
#if SWCALLS_FUZZ_NLOHMANN
    // JSON validity against nlohmann::json, and on a calls page every value extracted. nlohmann's lexer
    // takes a NUL byte for the end of the input (so "null\0:" is valid to it): such bodies are left out.
    if (c.ec != make_error_code(swcalls::errc::depth_limit) && !std::memchr(data + 2, 0, body_size)) {
        const bool swcalls_valid = !c.ec || swcalls::kind_of(c.ec) == swcalls::errc_kind::not_a_page;
        const int nl = json_valid_by_nlohmann(data + 2, body_size);
        if (nl >= 0) FUZZ_CHECK((nl == 1) == swcalls_valid);
        if (!c.ec && nl == 1) check_against_nlohmann(c, data + 2, body_size);
    }
#endif
    return 0;
}

namespace {
std::error_code feed_chunked(swcalls::page_parser<std::function<bool(const swcalls::call_view&)>>& parser,
                             const char* body, std::size_t size, std::uint8_t chunking) {
    std::uint32_t rng = 0x9E3779B9u ^ (std::uint32_t(chunking) * 2654435761u);
    std::size_t pos = 0;
    std::error_code first;
    bool failed_fed_once_more = false;
    while (pos <= size) {
        std::size_t n;
        if (chunking < 0x40) {
            n = std::size_t(chunking) + 1;
        } else {
            rng ^= rng << 13;
            rng ^= rng >> 17;
            rng ^= rng << 5;
            n = rng % 32;  // 0: an empty feed, which must change nothing
        }
        if (n > size - pos) n = size - pos;
        // Each chunk in its own exact-size heap buffer: ASan sees a read past the chunk.
        std::vector<char> chunk(body + pos, body + pos + n);
        std::error_code ec = parser.feed(n ? chunk.data() : nullptr, n);
        if (first) {
            FUZZ_CHECK(ec == first);  // errors are sticky
            failed_fed_once_more = true;
        } else if (ec) {
            first = ec;
        }
        pos += n;
        if (pos == size) {
            if (n == 0) break;
            continue;  // one more round feeds an empty chunk at the end
        }
        if (first && failed_fed_once_more) break;
    }
    return first;
}
}  // namespace
