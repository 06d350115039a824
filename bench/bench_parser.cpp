// bench/bench_parser.cpp — how fast swcalls::page_parser turns "List all Calls" pages into call_views,
// measured against RapidJSON's SAX reader doing the same work.
//
// "The same work" means: every modelled field of every call (the X-macro lists in detail/call_fields.hpp)
// ends up in a swcalls::call_view — strings copied (unescaped) into a fixed per-call buffer, numbers
// converted, enums looked up with their raw text kept — and then one shared consumer touches every field.
// The RapidJSON handler fills the same call_view the same way, so the only thing that differs is the parser.
//
// Before anything is timed, the program renders every call from both parsers to text and compares them
// field by field; every timed run then re-checks a per-field checksum. A disagreement exits non-zero and
// says which page, call and field, so nobody benchmarks wrong work.
//
// Usage: bench_parser [--runs N] [--pages N] [--calls N] [--chunk N] [--seed N] [--no-pretty] [--dump DIR]

#ifdef BENCH_NO_SWCALLS_PARSER
// Only for developing the RapidJSON side before page_parser exists: no swcalls rows.
#include <swcalls/call_view.hpp>
#include <swcalls/config.hpp>
#else
#include <swcalls/swcalls.hpp>
#endif
#include <swcalls/detail/call_fields.hpp>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

#include "corpus.hpp"

namespace {

using swcalls::call_view;
using swcalls::page_view;

// ---------------------------------------------------------------------------------------------------------
// Slots: one per modelled field, at the three depths where swcalls models fields.

enum slot : unsigned char {
    s_none,
#define X(member, key, kind) s_page_##member,
    SWCALLS_PAGE_FIELDS(X)
#undef X
    s_page_calls,
#define X(member, key, kind) s_call_##member,
    SWCALLS_CALL_FIELDS(X)
#undef X
    s_call_subresource_uris,
#define X(member, key, kind) s_sub_##member,
    SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
    s_count
};

const char* slot_name(unsigned s) {
    switch (s) {
#define X(member, key, kind) case s_page_##member: return "page." key;
        SWCALLS_PAGE_FIELDS(X)
#undef X
        case s_page_calls: return "page.calls (count)";
#define X(member, key, kind) case s_call_##member: return key;
        SWCALLS_CALL_FIELDS(X)
#undef X
        case s_call_subresource_uris: return "subresource_uris";
#define X(member, key, kind) case s_sub_##member: return "subresource_uris." key;
        SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
        default: return "?";
    }
}

// ---------------------------------------------------------------------------------------------------------
// The consumer both parsers feed: touches every modelled field and keeps a per-field checksum.

std::uint64_t text_weight(std::string_view s) {
    if (s.empty()) return 0;
    auto b = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])); };
    return s.size() + 3 * b(0) + 5 * b(s.size() / 2) + 7 * b(s.size() - 1);
}
std::uint64_t decimal_weight(double v) {
    // Scaled and rounded, so a last-ulp difference between two correct parsers cannot break the check.
    return static_cast<std::uint64_t>(std::llround(v * 1e6));
}

struct digest {
    std::uint64_t calls = 0;
    std::uint64_t present[s_count] = {};
    std::uint64_t sum[s_count] = {};
    std::uint64_t price_text_bytes = 0;  // swcalls only: RapidJSON's default flags give no number text

    void add_call(const call_view& c) {
        ++calls;
#define D_text(m) if (c.m) { ++present[s_call_##m]; sum[s_call_##m] += text_weight(*c.m); }
#define D_integer(m) if (c.m) { ++present[s_call_##m]; sum[s_call_##m] += static_cast<std::uint64_t>(*c.m); }
#define D_decimal(m) if (c.m) { ++present[s_call_##m]; sum[s_call_##m] += decimal_weight(*c.m); }
#define D_enum(m)                                                                          \
    if (c.m) { ++present[s_call_##m]; sum[s_call_##m] += 1000 * static_cast<std::uint64_t>(*c.m); } \
    if (c.m##_text) sum[s_call_##m] += text_weight(*c.m##_text);
#define D_status(m) D_enum(m)
#define D_direction(m) D_enum(m)
#define D_answered(m) D_enum(m)
#define X(member, key, kind) D_##kind(member)
        SWCALLS_CALL_FIELDS(X)
#undef X
        if (c.price_text) price_text_bytes += c.price_text->size();
#define X(member, key, kind)                                                            \
    if (c.subresource_uris.member) {                                                    \
        ++present[s_sub_##member];                                                      \
        sum[s_sub_##member] += text_weight(*c.subresource_uris.member);                 \
    }
        SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
    }

    void add_page(const page_view& p) {
#define P_text(m) if (p.m) { ++present[s_page_##m]; sum[s_page_##m] += text_weight(*p.m); }
#define P_integer(m) if (p.m) { ++present[s_page_##m]; sum[s_page_##m] += static_cast<std::uint64_t>(*p.m); }
#define X(member, key, kind) P_##kind(member)
        SWCALLS_PAGE_FIELDS(X)
#undef X
        ++present[s_page_calls];
        sum[s_page_calls] += p.calls;
    }

    // Equal on everything both parsers can produce (price_text is swcalls-only).
    bool same_as(const digest& o) const {
        return calls == o.calls && std::equal(std::begin(present), std::end(present), std::begin(o.present)) &&
               std::equal(std::begin(sum), std::end(sum), std::begin(o.sum));
    }
    std::uint64_t total() const {
        std::uint64_t t = calls;
        for (unsigned i = 0; i < s_count; ++i) t = t * 31 + present[i] * 7 + sum[i];
        return t;
    }
    void print_differences(const char* name_a, const digest& b, const char* name_b) const {
        std::fprintf(stderr, "  calls: %s %" PRIu64 ", %s %" PRIu64 "\n", name_a, calls, name_b, b.calls);
        for (unsigned i = 1; i < s_count; ++i)
            if (present[i] != b.present[i] || sum[i] != b.sum[i])
                std::fprintf(stderr, "  %-24s present %s %" PRIu64 " / %s %" PRIu64 ", checksum %s %" PRIu64 " / %s %" PRIu64 "\n",
                             slot_name(i), name_a, present[i], name_b, b.present[i], name_a, sum[i], name_b, b.sum[i]);
    }
};

// ---------------------------------------------------------------------------------------------------------
// Rendering every field to text, for the untimed field-by-field comparison.

void put_text(std::string& out, const swcalls::opt_text& v) {
    if (!v) { out += "null"; return; }
    out += '"';
    out.append(v->data(), v->size());
    out += '"';
}
template <class Int>
void put_int(std::string& out, const std::optional<Int>& v) {
    out += v ? std::to_string(*v) : std::string("null");
}
void put_dec(std::string& out, const std::optional<double>& v) {
    if (!v) { out += "null"; return; }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", *v);  // 15 digits: what any decimal of <= 15 digits round-trips to
    out += buf;
}
template <class Enum>
void put_enum(std::string& out, const std::optional<Enum>& v, const swcalls::opt_text& text) {
    out += v ? std::to_string(static_cast<int>(*v)) : std::string("null");
    out += " text=";
    put_text(out, text);
}

std::string render(const call_view& c) {
    std::string out;
#define R_text(m) put_text(out, c.m)
#define R_integer(m) put_int(out, c.m)
#define R_decimal(m) put_dec(out, c.m)
#define R_status(m) put_enum(out, c.m, c.m##_text)
#define R_direction(m) put_enum(out, c.m, c.m##_text)
#define R_answered(m) put_enum(out, c.m, c.m##_text)
#define X(member, key, kind) out += key "="; R_##kind(member); out += '\n';
    SWCALLS_CALL_FIELDS(X)
#undef X
#define X(member, key, kind) out += "subresource_uris." key "="; put_text(out, c.subresource_uris.member); out += '\n';
    SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
    return out;
}

std::string render(const page_view& p) {
    std::string out;
#define RP_text(m) put_text(out, p.m)
#define RP_integer(m) put_int(out, p.m)
#define X(member, key, kind) out += "page." key "="; RP_##kind(member); out += '\n';
    SWCALLS_PAGE_FIELDS(X)
#undef X
    out += "page.calls=" + std::to_string(p.calls) + "\n";
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// The RapidJSON SAX handler: the honest equivalent of what page_parser does.

// Key -> slot, by FNV-1a into a small open-addressing table (one hash and one memcmp a key).
class key_table {
public:
    void add(const char* key, slot s) {
        std::size_t n = std::strlen(key);
        for (std::uint32_t i = hash(key, n) & mask;; i = (i + 1) & mask)
            if (!entries_[i].key) { entries_[i] = {key, static_cast<unsigned char>(n), s}; return; }
    }
    slot find(const char* key, std::size_t n) const {
        if (n > swcalls::detail::max_key_length) return s_none;
        for (std::uint32_t i = hash(key, n) & mask;; i = (i + 1) & mask) {
            const entry& e = entries_[i];
            if (!e.key) return s_none;
            if (e.len == n && std::memcmp(e.key, key, n) == 0) return e.s;
        }
    }

private:
    static constexpr std::uint32_t mask = 127;
    static std::uint32_t hash(const char* p, std::size_t n) {
        std::uint32_t h = 2166136261u;
        for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 16777619u;
        return h ^ (h >> 15);
    }
    struct entry { const char* key = nullptr; unsigned char len = 0; slot s = s_none; };
    entry entries_[mask + 1];
};

struct key_tables {
    key_table page, call, sub;
    key_tables() {
#define X(member, key, kind) page.add(key, s_page_##member);
        SWCALLS_PAGE_FIELDS(X)
#undef X
        page.add("calls", s_page_calls);
#define X(member, key, kind) call.add(key, s_call_##member);
        SWCALLS_CALL_FIELDS(X)
#undef X
        call.add("subresource_uris", s_call_subresource_uris);
#define X(member, key, kind) sub.add(key, s_sub_##member);
        SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
    }
};
const key_tables& tables() {
    static const key_tables t;
    return t;
}

class rj_handler {
public:
    using Ch = char;

    rj_handler(digest& d, std::function<void(const call_view&)>* also = nullptr) : digest_(d), also_(also) {}

    // Ready for the next document.
    void reset() {
        depth_ = 0;
        skip_ = 0;
        slot_ = s_none;
        page_ = page_view{};
        page_used_ = 0;
        calls_ = 0;
        saw_calls_ = false;
        failure_ = nullptr;
    }
    const char* failure() const { return failure_; }
    const page_view& page() const { return page_; }

    bool StartObject() {
        if (skip_) { ++skip_; return true; }
        switch (depth_) {
            case 0: depth_ = 1; return true;
            case 2:  // an element of "calls"
                call_ = call_view{};
                call_used_ = 0;
                depth_ = 3;
                return true;
            case 3:
                if (slot_ == s_call_subresource_uris) { depth_ = 4; slot_ = s_none; return true; }
                break;
            default: break;
        }
        return container_elsewhere();
    }
    bool EndObject(rapidjson::SizeType) {
        if (skip_) { --skip_; return true; }
        slot_ = s_none;
        switch (depth_) {
            case 4: depth_ = 3; return true;
            case 3:
                depth_ = 2;
                ++calls_;
                digest_.add_call(call_);
                if (also_) (*also_)(call_);
                return true;
            case 1:
                depth_ = 0;
                if (!saw_calls_) return fail("not a calls page: no \"calls\" array");
                page_.calls = calls_;
                digest_.add_page(page_);
                return true;
            default: return fail("unbalanced object");
        }
    }
    bool StartArray() {
        if (skip_) { ++skip_; return true; }
        if (depth_ == 1 && slot_ == s_page_calls) {
            depth_ = 2;
            saw_calls_ = true;
            slot_ = s_none;
            return true;
        }
        return container_elsewhere();
    }
    bool EndArray(rapidjson::SizeType) {
        if (skip_) { --skip_; return true; }
        if (depth_ == 2) { depth_ = 1; return true; }
        return fail("unbalanced array");
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        if (skip_) return true;
        switch (depth_) {
            case 1: slot_ = keys_.page.find(s, n); break;
            case 3: slot_ = keys_.call.find(s, n); break;
            case 4: slot_ = keys_.sub.find(s, n); break;
            default: slot_ = s_none;
        }
        return true;
    }

    bool String(const char* s, rapidjson::SizeType n, bool) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        switch (target) {
            case s_none: return true;
            // Page fields: strings live until the end of the document, in their own buffer.
#define S_page_text(m) { std::string_view v; if (!store_page(s, n, v)) return false; page_.m = v; } return true;
#define S_page_integer(m) { std::int64_t v; if (!integer_from_text(s, n, v)) return fail("invalid integer"); page_.m = v; } return true;
#define X(member, key, kind) case s_page_##member: S_page_##kind(member)
            SWCALLS_PAGE_FIELDS(X)
#undef X
            // Call fields: strings live until the call is delivered, in the per-call buffer.
#define S_text(m) { std::string_view v; if (!store_call(s, n, v)) return false; call_.m = v; } return true;
#define S_integer(m) { std::int64_t v; if (!integer_from_text(s, n, v)) return fail("invalid integer"); call_.m = v; } return true;
#define S_decimal(m) { double v; if (!decimal_from_text(s, n, v)) return fail("invalid decimal"); call_.m = v; } return true;
#define S_enum(m, lookup) { std::string_view v; if (!store_call(s, n, v)) return false; call_.m##_text = v; call_.m = swcalls::lookup(v); } return true;
#define S_status(m) S_enum(m, status_from_text)
#define S_direction(m) S_enum(m, direction_from_text)
#define S_answered(m) S_enum(m, answered_by_from_text)
#define X(member, key, kind) case s_call_##member: S_##kind(member)
            SWCALLS_CALL_FIELDS(X)
#undef X
#define X(member, key, kind) case s_sub_##member: { std::string_view v; if (!store_call(s, n, v)) return false; call_.subresource_uris.member = v; } return true;
            SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
            default: return fail("wrong field type: a string where a container goes");
        }
    }

    bool Null() {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        // Every modelled field is already nullopt (the views are reset per call / per page).
        slot_ = s_none;
        return true;
    }
    bool Bool(bool) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        bool modelled = slot_ != s_none;
        slot_ = s_none;
        return modelled ? fail("wrong field type: a boolean") : true;
    }
    bool Int(int v) { return integer(v); }
    bool Uint(unsigned v) { return integer(v); }
    bool Int64(std::int64_t v) { return integer(v); }
    bool Uint64(std::uint64_t v) {
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return real(static_cast<double>(v));
        return integer(static_cast<std::int64_t>(v));
    }
    bool Double(double v) { return real(v); }
    bool RawNumber(const char*, rapidjson::SizeType, bool) { return fail("RawNumber needs kParseNumbersAsStringsFlag"); }

private:
    bool integer(std::int64_t v) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        switch (target) {
            case s_none: return true;
#define N_page_text(m) return fail("wrong field type: a number in a text field");
#define N_page_integer(m) page_.m = v; return true;
#define X(member, key, kind) case s_page_##member: N_page_##kind(member)
            SWCALLS_PAGE_FIELDS(X)
#undef X
#define N_text(m) return fail("wrong field type: a number in a text field");
#define N_integer(m) call_.m = v; return true;
#define N_decimal(m) call_.m = static_cast<double>(v); return true;
#define N_status(m) return fail("wrong field type: a number in an enum field");
#define N_direction(m) N_status(m)
#define N_answered(m) N_status(m)
#define X(member, key, kind) case s_call_##member: N_##kind(member)
            SWCALLS_CALL_FIELDS(X)
#undef X
            default: return fail("wrong field type: a number");
        }
    }
    bool real(double v) {
        if (skip_) return true;
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        const slot target = slot_;
        slot_ = s_none;
        switch (target) {
            case s_none: return true;
#define X(member, key, kind) case s_call_##member: R2_##kind(member)
#define R2_decimal(m) call_.m = v; return true;
#define R2_text(m) return fail("wrong field type: a number in a text field");
#define R2_integer(m) return fail("invalid integer: not a whole number");
#define R2_status(m) return fail("wrong field type: a number in an enum field");
#define R2_direction(m) R2_status(m)
#define R2_answered(m) R2_status(m)
            SWCALLS_CALL_FIELDS(X)
#undef X
            default: return fail("wrong field type or invalid integer");
        }
    }

    // A container where the page model has none: skipped if its key is unknown, an error if it is modelled.
    bool container_elsewhere() {
        if (depth_ == 0) return fail("not a calls page: the top level is not an object");
        if (depth_ == 2) return fail("not a calls page: a \"calls\" element is not an object");
        if (slot_ != s_none) return fail("wrong field type: a container in a scalar field");
        skip_ = 1;
        return true;
    }

    // The same copy swcalls makes into its storage: memcpy into a fixed buffer, failing when it is full.
    template <std::size_t N>
    bool store(char (&buf)[N], std::size_t& used, const char* s, std::size_t n, std::string_view& out,
               const char* full) {
        if (n > N - used) return fail(full);
        std::memcpy(buf + used, s, n);
        out = std::string_view(buf + used, n);
        used += n;
        return true;
    }
    bool store_call(const char* s, std::size_t n, std::string_view& out) {
        return store(call_buf_, call_used_, s, n, out, "call too large for the buffer");
    }
    bool store_page(const char* s, std::size_t n, std::string_view& out) {
        return store(page_buf_, page_used_, s, n, out, "page URIs too large for the buffer");
    }
    // Numbers sent as strings (Twilio). Not in this corpus, but handled as swcalls handles them.
    static bool integer_from_text(const char* s, std::size_t n, std::int64_t& out) {
        char buf[32];
        if (n == 0 || n >= sizeof buf) return false;
        std::memcpy(buf, s, n);
        buf[n] = 0;
        char* end = nullptr;
        long long v = std::strtoll(buf, &end, 10);
        if (end != buf + n) return false;
        out = v;
        return true;
    }
    static bool decimal_from_text(const char* s, std::size_t n, double& out) {
        char buf[64];
        if (n == 0 || n >= sizeof buf) return false;
        std::memcpy(buf, s, n);
        buf[n] = 0;
        char* end = nullptr;
        out = std::strtod(buf, &end);
        return end == buf + n;
    }
    bool fail(const char* why) {
        if (!failure_) failure_ = why;
        return false;
    }

    const key_tables& keys_ = tables();
    digest& digest_;
    std::function<void(const call_view&)>* also_;
    int depth_ = 0;     // 1 page object, 2 "calls" array, 3 a call, 4 its subresource_uris
    int skip_ = 0;      // nesting inside a container nobody models
    slot slot_ = s_none;
    bool saw_calls_ = false;
    std::size_t calls_ = 0;
    const char* failure_ = nullptr;
    call_view call_{};
    page_view page_{};
    std::size_t call_used_ = 0, page_used_ = 0;
    // 4096 bytes for a call's strings: the same budget the swcalls parser gets (it also holds page URIs).
    char call_buf_[4096];
    char page_buf_[4096];
};

// ---------------------------------------------------------------------------------------------------------
// Drivers. Each parses the whole corpus once into `d`; false (with a message on stderr) on any error.

using corpus_t = std::vector<std::string>;

template <unsigned Flags>
bool run_rapidjson(const corpus_t& pages, digest& d, std::function<void(const call_view&)>* on_call = nullptr,
                   std::vector<std::string>* page_renders = nullptr) {
    rapidjson::Reader reader;
    rj_handler handler(d, on_call);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        handler.reset();
        rapidjson::StringStream stream(pages[p].c_str());
        rapidjson::ParseResult ok = reader.Parse<Flags>(stream, handler);
        if (!ok) {
            std::fprintf(stderr, "RapidJSON: page %zu: %s at offset %zu%s%s\n", p, rapidjson::GetParseError_En(ok.Code()),
                         ok.Offset(), handler.failure() ? ": " : "", handler.failure() ? handler.failure() : "");
            return false;
        }
        if (page_renders) page_renders->push_back(render(handler.page()));
    }
    return true;
}

// kParseInsituFlag: parses `scratch` (a fresh copy of the page, made by the caller outside the timing).
bool run_rapidjson_insitu(std::vector<std::vector<char>>& scratch, digest& d) {
    rapidjson::Reader reader;
    rj_handler handler(d);
    for (std::size_t p = 0; p < scratch.size(); ++p) {
        handler.reset();
        rapidjson::InsituStringStream stream(scratch[p].data());
        rapidjson::ParseResult ok = reader.Parse<rapidjson::kParseInsituFlag>(stream, handler);
        if (!ok) {
            std::fprintf(stderr, "RapidJSON insitu: page %zu: %s at offset %zu\n", p, rapidjson::GetParseError_En(ok.Code()),
                         ok.Offset());
            return false;
        }
    }
    return true;
}

#ifndef BENCH_NO_SWCALLS_PARSER
// swcalls: the parser is built once with a 4096-byte storage and reset() between pages.
bool run_swcalls(const corpus_t& pages, std::size_t chunk, digest& d, std::function<void(const call_view&)>* on_call = nullptr,
                 std::vector<std::string>* page_renders = nullptr) {
    static char storage[4096];
    swcalls::page_parser parser{storage, [&](const swcalls::call_view& call) {
                                    d.add_call(call);
                                    if (on_call) (*on_call)(call);
                                }};
    for (std::size_t p = 0; p < pages.size(); ++p) {
        parser.reset();
        const std::string& body = pages[p];
        std::error_code ec;
        if (chunk == 0 || chunk >= body.size()) {
            ec = parser.feed(std::string_view(body));
        } else {
            for (std::size_t off = 0; off < body.size() && !ec; off += chunk)
                ec = parser.feed(std::string_view(body.data() + off, std::min(chunk, body.size() - off)));
        }
        if (!ec) ec = parser.finish();
        if (ec) {
            std::fprintf(stderr, "swcalls: page %zu (chunk %zu): %s at offset %" PRIu64 "\n", p, chunk, ec.message().c_str(),
                         static_cast<std::uint64_t>(parser.error_offset()));
            return false;
        }
        swcalls::page_view page = parser.page();
        d.add_page(page);
        if (page_renders) page_renders->push_back(render(page));
    }
    return true;
}
#endif

// ---------------------------------------------------------------------------------------------------------
// Verification (untimed): every field of every call, both parsers, compared as text.

struct rendered {
    std::vector<std::string> calls;
    std::vector<std::string> pages;
    digest d;
};

// The first line where two renders differ, as "field: a | b".
std::string first_difference(const std::string& a, const std::string& b) {
    std::size_t pa = 0, pb = 0;
    while (pa < a.size() || pb < b.size()) {
        std::size_t ea = a.find('\n', pa), eb = b.find('\n', pb);
        if (ea == std::string::npos) ea = a.size();
        if (eb == std::string::npos) eb = b.size();
        std::string la = a.substr(pa, ea - pa), lb = b.substr(pb, eb - pb);
        if (la != lb) return la + "\n      vs " + lb;
        pa = ea + 1;
        pb = eb + 1;
    }
    return "(identical)";
}

[[maybe_unused]] bool compare(const char* name_a, const rendered& a, const char* name_b, const rendered& b, int calls_per_page) {
    bool ok = true;
    if (a.calls.size() != b.calls.size()) {
        std::fprintf(stderr, "MISMATCH: %s delivered %zu calls, %s %zu\n", name_a, a.calls.size(), name_b, b.calls.size());
        ok = false;
    }
    std::size_t shown = 0, differing = 0;
    for (std::size_t i = 0; i < std::min(a.calls.size(), b.calls.size()); ++i) {
        if (a.calls[i] == b.calls[i]) continue;
        ++differing;
        if (shown++ < 5)
            std::fprintf(stderr, "MISMATCH page %zu call %zu:\n      %s: %s\n", i / calls_per_page, i % calls_per_page,
                         name_a, (first_difference(a.calls[i], b.calls[i]) + "   <- " + name_b).c_str());
    }
    for (std::size_t i = 0; i < std::min(a.pages.size(), b.pages.size()); ++i)
        if (a.pages[i] != b.pages[i]) {
            std::fprintf(stderr, "MISMATCH page %zu fields:\n      %s: %s   <- %s\n", i, name_a,
                         first_difference(a.pages[i], b.pages[i]).c_str(), name_b);
            ok = false;
        }
    if (differing) {
        std::fprintf(stderr, "MISMATCH: %zu calls differ between %s and %s\n", differing, name_a, name_b);
        ok = false;
    }
    if (!a.d.same_as(b.d)) {
        std::fprintf(stderr, "MISMATCH: checksums differ (%s vs %s):\n", name_a, name_b);
        a.d.print_differences(name_a, b.d, name_b);
        ok = false;
    }
    return ok;
}

// ---------------------------------------------------------------------------------------------------------
// Timing.

struct row {
    std::string name;
    std::function<bool(digest&)> run;
    std::function<void()> prepare;  // untimed set-up before each run (the in-situ copy)
    double seconds = 1e300;         // best run
    double median = 0;
    std::size_t bytes = 0;
    std::uint64_t calls = 0;
};

// One untimed warm-up round, then `runs` timed rounds; each round runs every parser once over the whole
// corpus, interleaved so that a change in machine load hits all of them alike. The best time wins. Every
// run's checksum must equal the verified reference.
bool measure(std::vector<row>& rows, int runs, std::size_t bytes, const digest& reference) {
    std::vector<std::vector<double>> times(rows.size());
    for (int r = -1; r < runs; ++r) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            row& v = rows[i];
            if (v.prepare) v.prepare();
            digest d;
            auto t0 = std::chrono::steady_clock::now();
            bool ok = v.run(d);
            auto t1 = std::chrono::steady_clock::now();
            if (!ok) return false;
            if (!d.same_as(reference)) {
                std::fprintf(stderr, "MISMATCH: %s: run %d's checksum differs from the verified reference:\n", v.name.c_str(), r);
                d.print_differences(v.name.c_str(), reference, "reference");
                return false;
            }
            if (r >= 0) times[i].push_back(std::chrono::duration<double>(t1 - t0).count());
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::sort(times[i].begin(), times[i].end());
        rows[i].seconds = times[i].front();
        rows[i].median = times[i][times[i].size() / 2];
        rows[i].bytes = bytes;
        rows[i].calls = reference.calls;
    }
    return true;
}

void print_table(const char* title, const std::vector<row>& rows, const std::string& baseline) {
    double base = 0;
    for (const row& r : rows)
        if (r.name == baseline) base = r.seconds;
    std::printf("\n%s\n", title);
    std::printf("  %-58s %9s %12s %10s %13s\n", "parser", "MB/s", "calls/s", "vs RJ SAX", "median MB/s");
    for (const row& r : rows) {
        double mbps = static_cast<double>(r.bytes) / 1e6 / r.seconds;
        double cps = static_cast<double>(r.calls) / r.seconds;
        std::printf("  %-58s %9.1f %12.0f %9.2fx %13.1f\n", r.name.c_str(), mbps, cps, base > 0 ? base / r.seconds : 0.0,
                    static_cast<double>(r.bytes) / 1e6 / r.median);
    }
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) return line.substr(colon + 2);
        }
    return "unknown";
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + " " + five + " " + fifteen;
}

long processors() {
#if defined(_SC_NPROCESSORS_ONLN)
    return sysconf(_SC_NPROCESSORS_ONLN);
#else
    return -1;
#endif
}

struct options {
    int runs = 5;
    std::size_t chunk = 1460;
    bool pretty = true;
    std::string dump;
    long render_page = -1;
    bench::corpus_options corpus;
};

bool parse_args(int argc, char** argv, options& o) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](long long& out) {
            if (i + 1 >= argc) return false;
            char* end = nullptr;
            out = std::strtoll(argv[++i], &end, 0);
            return *end == 0;
        };
        long long v = 0;
        if (a == "--runs" && value(v) && v > 0) o.runs = static_cast<int>(v);
        else if (a == "--pages" && value(v) && v > 0) o.corpus.pages = static_cast<int>(v);
        else if (a == "--calls" && value(v) && v > 0) o.corpus.calls_per_page = static_cast<int>(v);
        else if (a == "--chunk" && value(v) && v > 0) o.chunk = static_cast<std::size_t>(v);
        else if (a == "--seed" && value(v)) o.corpus.seed = static_cast<std::uint64_t>(v);
        else if (a == "--no-pretty") o.pretty = false;
        else if (a == "--dump" && i + 1 < argc) o.dump = argv[++i];
        else if (a == "--render" && value(v) && v >= 0) o.render_page = static_cast<long>(v);
        else {
            std::fprintf(stderr,
                         "usage: %s [--runs N] [--pages N] [--calls N] [--chunk N] [--seed N] [--no-pretty] [--dump DIR] [--render P]\n"
                         "  --dump DIR  writes the corpus as DIR/page-NN.json (and page-NN.pretty.json) and exits\n"
                         "  --render P  prints every field of every call of compact page P as each parser saw it, and exits\n",
                         argv[0]);
            return false;
        }
    }
    return true;
}

// Verify, then time every parser on one corpus. False on any error or disagreement.
bool bench_corpus(const char* title, const corpus_t& pages, const options& o) {
    std::size_t bytes = 0;
    for (const auto& p : pages) bytes += p.size();
    const std::size_t expected_calls = static_cast<std::size_t>(o.corpus.pages) * o.corpus.calls_per_page;
    std::printf("\n== %s: %zu pages x %d calls, %zu bytes (%.1f MB)\n", title, pages.size(), o.corpus.calls_per_page, bytes,
                bytes / 1e6);

    // --- verification, untimed
    rendered rj;
    std::function<void(const call_view&)> rj_collect = [&](const call_view& c) { rj.calls.push_back(render(c)); };
    if (!run_rapidjson<rapidjson::kParseDefaultFlags>(pages, rj.d, &rj_collect, &rj.pages)) return false;
    if (rj.calls.size() != expected_calls) {
        std::fprintf(stderr, "bench bug: RapidJSON handler saw %zu calls, the corpus has %zu\n", rj.calls.size(), expected_calls);
        return false;
    }
#ifndef BENCH_NO_SWCALLS_PARSER
    bool ok = true;
    for (std::size_t chunk : {std::size_t(0), o.chunk}) {
        rendered sw;
        std::function<void(const call_view&)> sw_collect = [&](const call_view& c) { sw.calls.push_back(render(c)); };
        if (!run_swcalls(pages, chunk, sw.d, &sw_collect, &sw.pages)) return false;
        std::string name = chunk ? "swcalls(chunk " + std::to_string(chunk) + ")" : "swcalls(whole)";
        if (!compare(name.c_str(), sw, "rapidjson", rj, o.corpus.calls_per_page)) ok = false;
        else
            std::printf("verified: %s: %zu calls and %zu pages, every field equal to RapidJSON's (checksum %016" PRIx64
                        "; price_text, swcalls only: %" PRIu64 " bytes)\n",
                        name.c_str(), sw.calls.size(), sw.pages.size(), sw.d.total(), sw.d.price_text_bytes);
    }
    if (!ok) return false;
#endif
    std::printf("verified: every timed run below is re-checked against the same per-field checksum\n");

    // --- timing
    std::vector<row> rows;
    const std::string rj_name = "RapidJSON SAX, kParseDefaultFlags, StringStream (whole)";
#ifndef BENCH_NO_SWCALLS_PARSER
    rows.push_back({"swcalls page_parser, whole page per feed()", [&](digest& d) { return run_swcalls(pages, 0, d); }, {}});
    rows.push_back({"swcalls page_parser, " + std::to_string(o.chunk) + "-byte chunks",
                    [&](digest& d) { return run_swcalls(pages, o.chunk, d); }, {}});
#endif
    rows.push_back({rj_name, [&](digest& d) { return run_rapidjson<rapidjson::kParseDefaultFlags>(pages, d); }, {}});
    rows.push_back({"RapidJSON SAX, kParseValidateEncodingFlag (UTF-8 checked)",
                    [&](digest& d) { return run_rapidjson<rapidjson::kParseValidateEncodingFlag>(pages, d); }, {}});
    std::vector<std::vector<char>> scratch(pages.size());
    rows.push_back({"RapidJSON SAX, kParseInsituFlag (copy not timed)",
                    [&](digest& d) { return run_rapidjson_insitu(scratch, d); },
                    [&] {
                        for (std::size_t p = 0; p < pages.size(); ++p)
                            scratch[p].assign(pages[p].c_str(), pages[p].c_str() + pages[p].size() + 1);
                    }});
    if (!measure(rows, o.runs, bytes, rj.d)) return false;
    print_table(title, rows, rj_name);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    if (!parse_args(argc, argv, o)) return 1;

    if (!o.dump.empty()) {
        for (bool pretty : {false, true}) {
            bench::corpus_options c = o.corpus;
            c.pretty = pretty;
            corpus_t pages = bench::make_corpus(c);
            for (std::size_t p = 0; p < pages.size(); ++p) {
                char name[64];
                std::snprintf(name, sizeof name, "/page-%02zu%s.json", p, pretty ? ".pretty" : "");
                std::ofstream(o.dump + name, std::ios::binary) << pages[p];
            }
        }
        std::printf("wrote %d pages (compact and pretty) to %s\n", o.corpus.pages, o.dump.c_str());
        return 0;
    }

    if (o.render_page >= 0) {
        bench::corpus_options c = o.corpus;
        c.pretty = false;
        corpus_t all = bench::make_corpus(c);
        if (o.render_page >= static_cast<long>(all.size())) { std::fprintf(stderr, "no page %ld\n", o.render_page); return 1; }
        corpus_t one{all[static_cast<std::size_t>(o.render_page)]};
        std::function<void(const call_view&)> print = [](const call_view& call) { std::printf("%s---\n", render(call).c_str()); };
        std::vector<std::string> page_render;
        digest d;
        std::printf("### RapidJSON\n");
        if (!run_rapidjson<rapidjson::kParseDefaultFlags>(one, d, &print, &page_render)) return 2;
        std::printf("%s", page_render.at(0).c_str());
#ifndef BENCH_NO_SWCALLS_PARSER
        page_render.clear();
        std::printf("### swcalls\n");
        if (!run_swcalls(one, 0, d, &print, &page_render)) return 2;
        std::printf("%s", page_render.at(0).c_str());
#endif
        return 0;
    }

    std::printf("bench_parser: swcalls %s vs RapidJSON %s\n", SWCALLS_VERSION_STRING, RAPIDJSON_VERSION_STRING);
    std::printf("machine: %ld processors online, %s; load average %s\n", processors(), cpu_model().c_str(),
                load_average().c_str());
#if defined(__clang__)
    std::printf("compiler: clang++ %d.%d.%d", __clang_major__, __clang_minor__, __clang_patchlevel__);
#elif defined(__GNUC__)
    std::printf("compiler: g++ %s", __VERSION__);
#else
    std::printf("compiler: unknown");
#endif
#if defined(__OPTIMIZE__)
    std::printf(", optimized");
#else
    std::printf(", NOT optimized");
#endif
#if defined(NDEBUG)
    std::printf(", NDEBUG\n");
#else
    std::printf(", assertions ON\n");
#endif
#if defined(RAPIDJSON_SSE2) || defined(RAPIDJSON_SSE42) || defined(RAPIDJSON_NEON)
    std::printf("RapidJSON SIMD whitespace skipping: on\n");
#else
    std::printf("RapidJSON SIMD whitespace skipping: off (RapidJSON's default)\n");
#endif
    std::printf("method: best of %d rounds (after one warm-up round), each parser once per round over the whole corpus,\n"
                "        interleaved; MB = 10^6 bytes;\n"
                "        both sides copy every modelled string into a 4096-byte buffer and feed one shared consumer\n"
                "        that touches every field; swcalls validates UTF-8, RapidJSON's default flags do not\n",
                o.runs);

    bench::corpus_options c = o.corpus;
    c.pretty = false;
    if (!bench_corpus("compact JSON", bench::make_corpus(c), o)) return 2;
    if (o.pretty) {
        c.pretty = true;
        if (!bench_corpus("pretty-printed JSON (2-space indent)", bench::make_corpus(c), o)) return 2;
    }
    return 0;
}
