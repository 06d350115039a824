// bench/bench_record.hpp — what every peer of the parser benchmark produces, and how it is checked.
//
// Every peer fills the same record for every call of every page (every modelled field: the X-macro lists in
// detail/call_fields.hpp) — swcalls its own call_view, the others a `peer_call`, the same fields with the
// decimals as double since that is what they produce — then hands it to one shared consumer (`digest`) that
// touches every field (converting swcalls's decimals to double there) and keeps a per-field checksum. `render` turns a call into text for the untimed field-by-field
// comparison. `record_builder` holds the one definition of what a JSON value means in each field, shared by
// the peers that walk a tree or a token stream (RapidJSON, simdjson, nlohmann, Boost.JSON).
#pragma once

#include <swcalls/call_view.hpp>
#include <swcalls/call_enums.hpp>
#include <swcalls/detail/call_fields.hpp>
#include <swcalls/detail/key_lookup.hpp>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

using swcalls::call_view;
using swcalls::page_view;
using call_observer = std::function<void(const std::string& rendered_call)>;

// call_view with the decimals as double: what the other parsers fill.
struct peer_call {
#define F_text(m) swcalls::opt_text m;
#define F_integer(m) std::optional<std::int64_t> m;
#define F_decimal(m) std::optional<double> m;
#define F_status(m) std::optional<swcalls::call_status> m; swcalls::opt_text m##_text;
#define F_direction(m) std::optional<swcalls::call_direction> m; swcalls::opt_text m##_text;
#define F_answered(m) std::optional<swcalls::call_answered_by> m; swcalls::opt_text m##_text;
#define X(member, key, kind) F_##kind(member)
    SWCALLS_CALL_FIELDS(X)
#undef X
#undef F_text
#undef F_integer
#undef F_decimal
#undef F_status
#undef F_direction
#undef F_answered
    swcalls::opt_text price_text;
    swcalls::subresource_uris_view subresource_uris;
};

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

inline const char* slot_name(unsigned s) {
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

inline std::uint64_t text_weight(std::string_view s) {
    if (s.empty()) return 0;
    auto b = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])); };
    return s.size() + 3 * b(0) + 5 * b(s.size() / 2) + 7 * b(s.size() - 1);
}
inline std::uint64_t decimal_weight(double v) {
    // Scaled and rounded, so a last-ulp difference between two correct parsers cannot break the check.
    return static_cast<std::uint64_t>(std::llround(v * 1e6));
}

struct digest {
    std::uint64_t calls = 0;
    std::uint64_t present[s_count] = {};
    std::uint64_t sum[s_count] = {};
    std::uint64_t price_text_bytes = 0;  // swcalls only: RapidJSON's default flags give no number text

    template <class Call>  // call_view or peer_call
    void add_call(const Call& c) {
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

inline void put_text(std::string& out, const swcalls::opt_text& v) {
    if (!v) { out += "null"; return; }
    out += '"';
    out.append(v->data(), v->size());
    out += '"';
}
template <class Int>
inline void put_int(std::string& out, const std::optional<Int>& v) {
    out += v ? std::to_string(*v) : std::string("null");
}
template <class Decimal>  // double, or swcalls::decimal
inline void put_dec(std::string& out, const std::optional<Decimal>& v) {
    if (!v) { out += "null"; return; }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", static_cast<double>(*v));  // 15 digits: what any decimal of <= 15 digits round-trips to
    out += buf;
}
template <class Enum>
inline void put_enum(std::string& out, const std::optional<Enum>& v, const swcalls::opt_text& text) {
    out += v ? std::to_string(static_cast<int>(*v)) : std::string("null");
    out += " text=";
    put_text(out, text);
}

template <class Call>  // call_view or peer_call
inline std::string render(const Call& c) {
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

inline std::string render(const page_view& p) {
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
inline const key_tables& tables() {
    static const key_tables t;
    return t;
}

// ---------------------------------------------------------------------------------------------------------
// What a JSON value means in each slot. Strings passed to text() must stay valid until the call (for call
// slots) or the page (for page slots) has been consumed: peers that own stable unescaped strings (DOM trees,
// simdjson's string buffer) pass views of them; streaming peers copy into their own buffer first.

enum class slot_kind : unsigned char { none, text, integer, decimal, enumeration, container };

constexpr slot_kind kind_of(unsigned s) {
    switch (s) {
#define K_text slot_kind::text
#define K_integer slot_kind::integer
#define K_decimal slot_kind::decimal
#define K_status slot_kind::enumeration
#define K_direction slot_kind::enumeration
#define K_answered slot_kind::enumeration
#define X(member, key, kind) case s_page_##member: return K_##kind;
        SWCALLS_PAGE_FIELDS(X)
#undef X
#define X(member, key, kind) case s_call_##member: return K_##kind;
        SWCALLS_CALL_FIELDS(X)
#undef X
#define X(member, key, kind) case s_sub_##member: return slot_kind::text;
        SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
        case s_page_calls: case s_call_subresource_uris: return slot_kind::container;
        default: return slot_kind::none;
    }
}

class record_builder {
public:
    peer_call call{};
    page_view page{};

    void begin_page() { page = page_view{}; failure_ = nullptr; }
    void begin_call() { call = peer_call{}; }
    const char* failure() const { return failure_; }
    bool fail(const char* why) {
        if (!failure_) failure_ = why;
        return false;
    }

    bool text(slot target, std::string_view v) {
        switch (target) {
            case s_none: return true;
#define S_page_text(m) page.m = v; return true;
#define S_page_integer(m) { std::int64_t n; if (!integer_from_text(v, n)) return fail("invalid integer"); page.m = n; } return true;
#define X(member, key, kind) case s_page_##member: S_page_##kind(member)
            SWCALLS_PAGE_FIELDS(X)
#undef X
#define S_text(m) call.m = v; return true;
#define S_integer(m) { std::int64_t n; if (!integer_from_text(v, n)) return fail("invalid integer"); call.m = n; } return true;
#define S_decimal(m) { double n; if (!decimal_from_text(v, n)) return fail("invalid decimal"); call.m = n; } return true;
#define S_enum(m, lookup) call.m##_text = v; call.m = swcalls::lookup(v); return true;
#define S_status(m) S_enum(m, status_from_text)
#define S_direction(m) S_enum(m, direction_from_text)
#define S_answered(m) S_enum(m, answered_by_from_text)
#define X(member, key, kind) case s_call_##member: S_##kind(member)
            SWCALLS_CALL_FIELDS(X)
#undef X
#define X(member, key, kind) case s_sub_##member: call.subresource_uris.member = v; return true;
            SWCALLS_SUBRESOURCE_FIELDS(X)
#undef X
            default: return fail("wrong field type: a string where a container goes");
        }
    }

    bool integer(slot target, std::int64_t v) {
        switch (target) {
            case s_none: return true;
#define N_page_text(m) return fail("wrong field type: a number in a text field");
#define N_page_integer(m) page.m = v; return true;
#define X(member, key, kind) case s_page_##member: N_page_##kind(member)
            SWCALLS_PAGE_FIELDS(X)
#undef X
#define N_text(m) return fail("wrong field type: a number in a text field");
#define N_integer(m) call.m = v; return true;
#define N_decimal(m) call.m = static_cast<double>(v); return true;
#define N_status(m) return fail("wrong field type: a number in an enum field");
#define N_direction(m) N_status(m)
#define N_answered(m) N_status(m)
#define X(member, key, kind) case s_call_##member: N_##kind(member)
            SWCALLS_CALL_FIELDS(X)
#undef X
            default: return fail("wrong field type: a number");
        }
    }

    bool real(slot target, double v) {
        switch (target) {
            case s_none: return true;
#define R2_decimal(m) call.m = v; return true;
#define R2_text(m) return fail("wrong field type: a number in a text field");
#define R2_integer(m) return fail("invalid integer: not a whole number");
#define R2_status(m) return fail("wrong field type: a number in an enum field");
#define R2_direction(m) R2_status(m)
#define R2_answered(m) R2_status(m)
#define X(member, key, kind) case s_call_##member: R2_##kind(member)
            SWCALLS_CALL_FIELDS(X)
#undef X
            default: return fail("wrong field type or invalid integer");
        }
    }

    // true, false, or a container where a modelled scalar goes.
    bool other(slot target) { return target == s_none ? true : fail("wrong field type"); }

    // Numbers sent as strings (Twilio), converted as every peer converts them.
    static bool integer_from_text(std::string_view s, std::int64_t& out) {
        char buf[32];
        if (s.empty() || s.size() >= sizeof buf) return false;
        std::memcpy(buf, s.data(), s.size());
        buf[s.size()] = 0;
        char* end = nullptr;
        long long v = std::strtoll(buf, &end, 10);
        if (end != buf + s.size()) return false;
        out = v;
        return true;
    }
    static bool decimal_from_text(std::string_view s, double& out) {
        char buf[64];
        if (s.empty() || s.size() >= sizeof buf) return false;
        std::memcpy(buf, s.data(), s.size());
        buf[s.size()] = 0;
        char* end = nullptr;
        out = std::strtod(buf, &end);
        return end == buf + s.size();
    }

private:
    const char* failure_ = nullptr;
};

}  // namespace bench
