// bench/corpus.hpp — a deterministic corpus of "List all Calls" pages for the parser benchmark.
//
// Pages follow SignalWire's current spec (data/api/signalwire_list_calls_example_from_openapi.json): the page
// keys first, "calls" last, every call with the same keys in the same order as the example. Values are
// realistic rather than copied: UUID sids, E.164 numbers, RFC 2822 dates, statuses from the real set,
// nulls where the API sends them, URIs with `\u0026` escapes as real bodies have.
//
// Everything comes from one 64-bit seed through our own PRNG and our own integer arithmetic, so the bytes are
// identical on every platform and compiler (no <random> distributions, no floating point in the output).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace bench {

// splitmix64: tiny, fast, and fully specified, so the stream is the same everywhere.
class prng {
public:
    explicit prng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform-enough in [0, n): the modulo bias is irrelevant here and the result is deterministic.
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>((next() >> 32) % n); }
    // True with probability percent/100.
    bool chance(std::uint32_t percent) { return below(100) < percent; }

private:
    std::uint64_t state_;
};

// A JSON text writer, compact or pretty (two spaces, ": " like the API's examples). Values the caller passes
// to `string` are escaped here; `\u0026` for '&' mirrors what real servers send.
class json_writer {
public:
    json_writer(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

    void begin_object() { before_value(); out_ += '{'; open(); }
    void end_object() { close(); out_ += '}'; }
    void begin_array() { before_value(); out_ += '['; open(); }
    void end_array() { close(); out_ += ']'; }

    void key(const char* k) {
        comma_and_newline();
        out_ += '"';
        out_ += k;
        out_ += pretty_ ? "\": " : "\":";
        after_key_ = true;
    }
    void string(const std::string& text) {
        before_value();
        out_ += '"';
        for (unsigned char ch : text) {
            switch (ch) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '&': out_ += "\\u0026"; break;
                case '\n': out_ += "\\n"; break;
                default:
                    if (ch < 0x20) {
                        static const char hex[] = "0123456789abcdef";
                        out_ += "\\u00";
                        out_ += hex[ch >> 4];
                        out_ += hex[ch & 15];
                    } else {
                        out_ += static_cast<char>(ch);
                    }
            }
        }
        out_ += '"';
    }
    // Already-escaped JSON string content (for the few values that carry their own \u escapes).
    void raw_string(const std::string& escaped) { before_value(); out_ += '"'; out_ += escaped; out_ += '"'; }
    void number(const std::string& literal) { before_value(); out_ += literal; }
    void number(std::int64_t v) { before_value(); out_ += std::to_string(v); }
    void null() { before_value(); out_ += "null"; }

private:
    void open() { first_.push_back(true); }
    void close() {
        bool empty = first_.back();
        first_.pop_back();
        if (pretty_ && !empty) newline();
    }
    void newline() {
        out_ += '\n';
        out_.append(2 * first_.size(), ' ');
    }
    void comma_and_newline() {
        if (!first_.empty()) {
            if (!first_.back()) out_ += ',';
            first_.back() = false;
            if (pretty_) newline();
        }
    }
    void before_value() {
        if (after_key_) { after_key_ = false; return; }
        comma_and_newline();  // an array element, or the top-level value
    }

    std::string& out_;
    bool pretty_;
    bool after_key_ = false;
    std::vector<bool> first_;
};

namespace detail {

inline std::string uuid(prng& rng) {
    static const char hex[] = "0123456789abcdef";
    std::uint64_t hi = rng.next(), lo = rng.next();
    hi = (hi & ~0xF000ull) | 0x4000ull;                    // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    std::string s;
    s.reserve(36);
    for (int i = 0; i < 32; ++i) {
        std::uint64_t word = i < 16 ? hi : lo;
        int shift = 60 - 4 * (i % 16);
        s += hex[(word >> shift) & 15];
        if (i == 7 || i == 11 || i == 15 || i == 19) s += '-';
    }
    return s;
}

// A NANP number: +1 NXX NXX XXXX, and its "(NXX) NXX-XXXX" rendering.
struct phone {
    std::string e164;
    std::string formatted;
};
inline phone nanp_number(prng& rng) {
    auto three = [&] { return std::to_string(200 + rng.below(800)); };
    std::string area = three(), exchange = three();
    std::string line = std::to_string(rng.below(10000));
    line.insert(0, 4 - line.size(), '0');
    return {"+1" + area + exchange + line, "(" + area + ") " + exchange + "-" + line};
}

// Days since 1970-01-01 -> civil date (proleptic Gregorian), by 400-year eras.
inline void civil_from_days(std::int64_t days, int& year, int& month, int& day) {
    days += 719468;  // shift the epoch to 0000-03-01
    std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    std::int64_t doe = days - era * 146097;                                  // [0, 146096]
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              // [0, 365], from March 1
    std::int64_t mp = (5 * doy + 2) / 153;                                   // [0, 11], March = 0
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

// Unix seconds -> "Wed, 19 Sep 2018 20:00:00 +0000".
inline std::string rfc2822(std::int64_t t) {
    static const char* const weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t days = t / 86400, secs = t % 86400;
    int y, m, d;
    civil_from_days(days, y, m, d);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", weekdays[days % 7], d, months[m - 1], y,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
    return buf;
}

// A fixed-point decimal literal: units / 10^places, e.g. (-2000, 4) -> "-0.2000", (45, 4) -> "0.0045".
inline std::string fixed(std::int64_t units, int places) {
    bool negative = units < 0;
    std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
    std::uint64_t scale = 1;
    for (int i = 0; i < places; ++i) scale *= 10;
    std::string frac = std::to_string(mag % scale);
    frac.insert(0, static_cast<std::size_t>(places) - frac.size(), '0');
    std::string s = negative ? "-" : "";
    s += std::to_string(mag / scale);
    if (places > 0) s += "." + frac;
    return s;
}

// Caller names: mostly null; some plain CNAM text, some raw UTF-8, some with \u escapes (already escaped).
inline const char* const cnam_plain[] = {"SMITH JOHN", "WIRELESS CALLER", "GARCIA MARIA", "ACME CORP",
                                         "NGUYEN LINH", "O'BRIEN PAT", "JOHNSON & SONS", "TOLL FREE CALL"};
inline const char* const cnam_escaped[] = {"Ren\\u00e9e Dubois", "J\\u00fcrgen M\\u00fcller",
                                           "Zo\\u00eb \\\"Z\\\" Hart", "\\u5f20\\u4f1f"};
inline const char* const cnam_utf8[] = {"Jos\xc3\xa9 P\xc3\xa9rez", "S\xc3\xb8ren Kierkegaard",
                                        "\xe6\x9d\x8e\xe5\xa8\x9c", "Ana \xe2\x80\x94 Sales"};

// Twilio-style sids: two letters and 32 hex digits (CA..., AC..., PN...).
inline std::string twilio_sid(prng& rng, const char* prefix) {
    static const char hex[] = "0123456789abcdef";
    std::uint64_t hi = rng.next(), lo = rng.next();
    std::string s = prefix;
    for (int i = 0; i < 32; ++i) s += hex[((i < 16 ? hi : lo) >> (60 - 4 * (i % 16))) & 15];
    return s;
}

}  // namespace detail

// SignalWire: page keys first, "calls" last, numbers as JSON numbers. Twilio: "calls" first, then the page
// keys (with start/end), numbers as strings ("duration": "4", "price": "-0.200", "queue_time": "0"), more
// subresource_uris than anyone models. Mixed: the two alternate page by page (even pages SignalWire).
enum class corpus_shape { signalwire, twilio, mixed };

inline const char* shape_name(corpus_shape s) {
    return s == corpus_shape::signalwire ? "SignalWire" : s == corpus_shape::twilio ? "Twilio" : "SignalWire+Twilio";
}

struct corpus_options {
    std::uint64_t seed = 0x5357'43414C4C53ull;  // "SWCALLS"
    int pages = 20;
    int calls_per_page = 1000;
    bool pretty = false;
    corpus_shape shape = corpus_shape::signalwire;
};

namespace detail {

// One response body per page, newest calls first, as a client paging with PageSize=calls_per_page sees them.
inline std::vector<std::string> make_signalwire_corpus(const corpus_options& opt) {
    prng rng(opt.seed);
    const std::string account = uuid(rng);
    const std::string base = "/api/laml/2010-04-01/Accounts/" + account + "/Calls";
    const std::string size = std::to_string(opt.calls_per_page);
    std::int64_t clock = 1710525600;  // Fri, 15 Mar 2024 18:00:00 +0000, walking backwards

    // Statuses weighted roughly as a busy account sees them.
    struct weighted { const char* text; std::uint32_t weight; };
    static const weighted statuses[] = {{"completed", 72}, {"no-answer", 8}, {"busy", 5},    {"failed", 4},
                                        {"canceled", 3},   {"in-progress", 4}, {"ringing", 2}, {"queued", 2}};

    std::vector<std::string> pages;
    pages.reserve(static_cast<std::size_t>(opt.pages));
    std::string token = "PA" + uuid(rng);
    for (int p = 0; p < opt.pages; ++p) {
        std::string body;
        body.reserve(static_cast<std::size_t>(opt.calls_per_page) * 1400 + 1024);
        json_writer w(body, opt.pretty);
        std::string this_uri = base + "?Page=" + std::to_string(p) + "&PageSize=" + size;
        if (p > 0) this_uri += "&PageToken=" + token;
        std::string next_token = "PA" + uuid(rng);

        w.begin_object();
        w.key("uri"); w.string(this_uri);
        w.key("first_page_uri"); w.string(base + "?Page=0&PageSize=" + size);
        w.key("next_page_uri");
        if (p + 1 < opt.pages) w.string(base + "?Page=" + std::to_string(p + 1) + "&PageSize=" + size + "&PageToken=" + next_token);
        else w.null();
        w.key("previous_page_uri");
        if (p > 0) w.string(base + "?Page=" + std::to_string(p - 1) + "&PageSize=" + size + "&PageToken=PB" + token.substr(2));
        else w.null();
        w.key("page"); w.number(p);
        w.key("page_size"); w.number(opt.calls_per_page);
        w.key("calls");
        w.begin_array();
        for (int c = 0; c < opt.calls_per_page; ++c) {
            clock -= 1 + rng.below(240);
            std::uint32_t pick = rng.below(100), acc = 0;
            const char* status = "completed";
            for (const auto& s : statuses) {
                acc += s.weight;
                if (pick < acc) { status = s.text; break; }
            }
            const std::string st = status;
            const bool completed = st == "completed";
            const bool started = completed || st == "in-progress";
            const bool ended = !(st == "in-progress" || st == "ringing" || st == "queued");
            const bool inbound = rng.chance(45);
            std::int64_t duration = 0;
            if (completed) duration = rng.chance(20) ? 1 + rng.below(30) : 30 + rng.below(rng.chance(10) ? 7200 : 900);

            const std::string sid = uuid(rng);
            const std::string call_uri = base + "/" + sid;
            phone to = nanp_number(rng), from = nanp_number(rng);

            w.begin_object();
            w.key("sid"); w.string(sid);
            w.key("account_sid"); w.string(account);
            w.key("date_created"); w.string(rfc2822(clock));
            w.key("date_updated"); w.string(rfc2822(clock + 2 + duration + rng.below(5)));
            w.key("parent_call_sid");
            if (!inbound && rng.chance(30)) w.string(uuid(rng)); else w.null();
            w.key("to"); w.string(to.e164);
            w.key("formatted_to"); w.string(to.formatted);
            w.key("to_formatted"); w.string(to.formatted);
            w.key("from"); w.string(from.e164);
            w.key("formatted_from"); w.string(from.formatted);
            w.key("from_formatted"); w.string(from.formatted);
            w.key("phone_number_sid");
            if (inbound) w.string(uuid(rng)); else w.null();
            w.key("status"); w.string(st);
            w.key("start_time");
            if (started || ended) w.string(rfc2822(clock + 1)); else w.null();
            w.key("end_time");
            if (ended) w.string(rfc2822(clock + 1 + duration)); else w.null();
            w.key("duration"); w.number(duration);
            w.key("price");
            if (completed) {
                // Per-minute rates in 1/10000 USD, sometimes as the 3-place negative form Twilio uses.
                std::int64_t minutes = (duration + 59) / 60;
                std::int64_t units = minutes * (inbound ? 45 : 100 + 10 * static_cast<std::int64_t>(rng.below(20)));
                if (rng.chance(25)) w.number(fixed(-(units / 10), 3));
                else w.number(fixed(units, 4));
            } else {
                w.null();
            }
            w.key("price_unit"); w.string("USD");
            w.key("direction"); w.string(inbound ? "inbound" : "outbound");
            w.key("answered_by");
            if (completed && rng.chance(60)) w.string(rng.chance(85) ? "human" : "machine"); else w.null();
            w.key("api_version"); w.string("2010-04-01");
            w.key("forwarded_from");
            if (inbound && rng.chance(10)) w.string(nanp_number(rng).e164); else w.null();
            w.key("caller_name");
            if (inbound && rng.chance(40)) {
                std::uint32_t kind = rng.below(10);
                if (kind < 6) w.string(cnam_plain[rng.below(8)]);
                else if (kind < 8) w.string(cnam_utf8[rng.below(4)]);
                else w.raw_string(cnam_escaped[rng.below(4)]);
            } else {
                w.null();
            }
            w.key("uri"); w.string(call_uri + ".json");
            w.key("subresource_uris");
            w.begin_object();
            w.key("notifications");
            if (st == "failed" || rng.chance(5)) w.string(call_uri + "/Notifications.json"); else w.null();
            w.key("recordings"); w.string(call_uri + "/Recordings.json");
            w.end_object();
            w.key("annotation");
            if (rng.chance(3)) w.string("campaign=spring&agent=" + std::to_string(rng.below(100))); else w.null();
            w.key("group_sid");
            if (rng.chance(10)) w.string(uuid(rng)); else w.null();
            if (completed) {
                w.key("audio_in_mos"); w.number(fixed(10 + rng.below(36), 1));
                w.key("sip_result_code"); w.string("200");
                std::int64_t rtt_min = 10 + rng.below(40), rtt_max = rtt_min + rng.below(200);
                w.key("audio_rtt_avg"); w.number(rng.chance(50) ? fixed((rtt_min + rtt_max) * 5, 1) : std::to_string((rtt_min + rtt_max) / 2));
                w.key("audio_rtt_min"); w.number(rtt_min);
                w.key("audio_rtt_max"); w.number(rtt_max);
                std::int64_t jmin = rng.below(3), jmax = jmin + rng.below(30);
                w.key("audio_out_jitter_min"); w.number(jmin);
                w.key("audio_out_jitter_max"); w.number(jmax);
                w.key("audio_out_jitter_avg"); w.number(fixed((jmin + jmax) * 50 + rng.below(50), 2));
                w.key("audio_out_lost"); w.number(rng.chance(70) ? std::to_string(0) : fixed(rng.below(500), 2));
            } else {
                static const char* const failures[] = {"486", "487", "480", "404", "503", "408"};
                w.key("audio_in_mos"); w.null();
                w.key("sip_result_code");
                if (st == "in-progress" || st == "ringing" || st == "queued") w.null();
                else w.string(st == "busy" ? "486" : st == "canceled" ? "487" : failures[rng.below(6)]);
                w.key("audio_rtt_avg"); w.null();
                w.key("audio_rtt_min"); w.null();
                w.key("audio_rtt_max"); w.null();
                w.key("audio_out_jitter_min"); w.null();
                w.key("audio_out_jitter_max"); w.null();
                w.key("audio_out_jitter_avg"); w.null();
                w.key("audio_out_lost"); w.null();
            }
            w.end_object();
        }
        w.end_array();
        w.end_object();
        if (opt.pretty) body += '\n';
        pages.push_back(std::move(body));
        token = next_token;
    }
    return pages;
}

inline std::vector<std::string> make_twilio_corpus(const corpus_options& opt) {
    prng rng(opt.seed ^ 0x54574C4Full);  // "TWLO": its own stream
    const std::string account = twilio_sid(rng, "AC");
    const std::string base = "/2010-04-01/Accounts/" + account + "/Calls";
    const std::string size = std::to_string(opt.calls_per_page);
    std::int64_t clock = 1710525600;

    struct weighted { const char* text; std::uint32_t weight; };
    static const weighted statuses[] = {{"completed", 70}, {"no-answer", 9}, {"busy", 6},    {"failed", 4},
                                        {"canceled", 4},   {"in-progress", 3}, {"ringing", 2}, {"queued", 2}};
    static const char* const subresources[] = {"feedback", "user_defined_messages", "notifications", "recordings",
                                               "streams", "payments", "user_defined_message_subscriptions",
                                               "siprec", "events", "feedback_summaries"};
    static const char* const subresource_paths[] = {"/Feedback.json", "/UserDefinedMessages.json", "/Notifications.json",
                                                    "/Recordings.json", "/Streams.json", "/Payments.json",
                                                    "/UserDefinedMessageSubscriptions.json", "/Siprec.json",
                                                    "/Events.json", "/FeedbackSummaries.json"};

    std::vector<std::string> pages;
    pages.reserve(static_cast<std::size_t>(opt.pages));
    std::string token = "PA" + twilio_sid(rng, "CA");
    for (int p = 0; p < opt.pages; ++p) {
        std::string body;
        body.reserve(static_cast<std::size_t>(opt.calls_per_page) * 2000 + 1024);
        json_writer w(body, opt.pretty);
        std::string next_token = "PA" + twilio_sid(rng, "CA");

        w.begin_object();
        w.key("calls");
        w.begin_array();
        for (int c = 0; c < opt.calls_per_page; ++c) {
            clock -= 1 + rng.below(240);
            std::uint32_t pick = rng.below(100), acc = 0;
            const char* status = "completed";
            for (const auto& s : statuses) {
                acc += s.weight;
                if (pick < acc) { status = s.text; break; }
            }
            const std::string st = status;
            const bool completed = st == "completed";
            const bool started = completed || st == "in-progress";
            const bool ended = !(st == "in-progress" || st == "ringing" || st == "queued");
            const bool inbound = rng.chance(45);
            std::int64_t duration = 0;
            if (completed) duration = 1 + rng.below(rng.chance(10) ? 3600 : 600);
            const std::string sid = twilio_sid(rng, "CA");
            const std::string call_uri = base + "/" + sid;
            phone to = nanp_number(rng), from = nanp_number(rng);

            w.begin_object();
            w.key("date_updated"); w.string(rfc2822(clock + 2 + duration + rng.below(5)));
            w.key("price_unit"); w.string("USD");
            w.key("parent_call_sid");
            if (!inbound && rng.chance(30)) w.string(twilio_sid(rng, "CA")); else w.null();
            w.key("caller_name");
            if (inbound && rng.chance(40)) {
                std::uint32_t kind = rng.below(10);
                if (kind < 6) w.string(cnam_plain[rng.below(8)]);
                else if (kind < 8) w.string(cnam_utf8[rng.below(4)]);
                else w.raw_string(cnam_escaped[rng.below(4)]);
            } else {
                w.null();
            }
            w.key("duration"); w.string(std::to_string(duration));
            w.key("from"); w.string(from.e164);
            w.key("to"); w.string(to.e164);
            w.key("annotation");
            if (rng.chance(3)) w.string("campaign=fall&agent=" + std::to_string(rng.below(100))); else w.null();
            w.key("answered_by");
            if (completed && rng.chance(30)) w.string(rng.chance(80) ? "human" : "machine_start"); else w.null();
            w.key("sid"); w.string(sid);
            w.key("queue_time"); w.string(std::to_string(rng.chance(90) ? 0 : rng.below(5000)));
            w.key("price");
            if (completed) {
                std::int64_t minutes = (duration + 59) / 60;
                std::int64_t units = minutes * (inbound ? 85 : 140 + 10 * static_cast<std::int64_t>(rng.below(10)));
                w.string(rng.chance(50) ? fixed(-units * 100, 5) : fixed(-units, 3));
            } else {
                w.null();
            }
            w.key("api_version"); w.string("2010-04-01");
            w.key("status"); w.string(st);
            w.key("direction"); w.string(inbound ? "inbound" : rng.chance(80) ? "outbound-api" : "outbound-dial");
            w.key("start_time");
            if (started || ended) w.string(rfc2822(clock + 1)); else w.null();
            w.key("date_created"); w.string(rfc2822(clock));
            w.key("from_formatted"); w.string(from.formatted);
            w.key("group_sid"); w.null();
            w.key("trunk_sid");
            if (rng.chance(15)) w.string(twilio_sid(rng, "TK")); else w.null();
            w.key("forwarded_from");
            if (inbound && rng.chance(10)) w.string(nanp_number(rng).e164); else w.null();
            w.key("uri"); w.string(call_uri + ".json");
            w.key("account_sid"); w.string(account);
            w.key("end_time");
            if (ended) w.string(rfc2822(clock + 1 + duration)); else w.null();
            w.key("to_formatted"); w.string(to.formatted);
            w.key("phone_number_sid");
            if (inbound) w.string(twilio_sid(rng, "PN")); else w.null();
            w.key("subresource_uris");
            w.begin_object();
            for (int k = 0; k < 10; ++k) { w.key(subresources[k]); w.string(call_uri + subresource_paths[k]); }
            w.end_object();
            w.end_object();
        }
        w.end_array();
        const int start = p * opt.calls_per_page;
        w.key("end"); w.number(start + opt.calls_per_page - 1);
        w.key("first_page_uri"); w.string(base + ".json?PageSize=" + size + "&Page=0");
        w.key("next_page_uri");
        if (p + 1 < opt.pages) w.string(base + ".json?PageSize=" + size + "&Page=" + std::to_string(p + 1) + "&PageToken=" + next_token);
        else w.null();
        w.key("page"); w.number(p);
        w.key("page_size"); w.number(opt.calls_per_page);
        w.key("previous_page_uri");
        if (p > 0) w.string(base + ".json?PageSize=" + size + "&Page=" + std::to_string(p - 1) + "&PageToken=PB" + token.substr(2));
        else w.null();
        w.key("start"); w.number(start);
        w.key("uri");
        w.string(base + ".json?PageSize=" + size + "&Page=" + std::to_string(p) + (p ? "&PageToken=" + token : std::string()));
        w.end_object();
        if (opt.pretty) body += '\n';
        pages.push_back(std::move(body));
        token = next_token;
    }
    return pages;
}

}  // namespace detail

// The corpus the options ask for. Mixed: pages alternate SignalWire, Twilio, ... (each its own paging sequence).
inline std::vector<std::string> make_corpus(const corpus_options& opt) {
    if (opt.shape == corpus_shape::signalwire) return detail::make_signalwire_corpus(opt);
    if (opt.shape == corpus_shape::twilio) return detail::make_twilio_corpus(opt);
    corpus_options half = opt;
    half.pages = (opt.pages + 1) / 2;
    std::vector<std::string> sw = detail::make_signalwire_corpus(half);
    half.pages = opt.pages / 2;
    std::vector<std::string> tw = detail::make_twilio_corpus(half);
    std::vector<std::string> pages;
    pages.reserve(static_cast<std::size_t>(opt.pages));
    for (std::size_t i = 0; i < sw.size(); ++i) {
        pages.push_back(std::move(sw[i]));
        if (i < tw.size()) pages.push_back(std::move(tw[i]));
    }
    return pages;
}

}  // namespace bench
