// mock_data.hpp — the mock server's calls: a deterministic, realistic data set.
//
//   std::vector<swcalls_mock::call_record> calls = swcalls_mock::make_calls(200, 1, project_id);
//
// Calls come in listing order, newest first, like the API: start times strictly descending, walking back
// from 2026-11-24 18:30:00 UTC about 30 minutes apart (closer together for big sets, so that even 20,000
// calls stay within a few weeks of 2026), which puts dozens of calls on every UTC day and makes the date
// filters meaningful. Everything is a pure function of (count, seed, project id): the same arguments give
// the same calls, byte for byte. Sids are "CA" + 32 lowercase hex digits, unique by construction (the
// second half is a bijection of the index). To/From come from a small pool of numbers, so the To and From
// filters match many calls; caller names include non-ASCII text and JSON-special characters.
#pragma once

#include <swcalls/date.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace swcalls_mock {

// Call quality (SignalWire's audio_* fields), present on completed calls only.
struct call_quality {
    int mos_hundredths = 0;  // audio_in_mos = mos_hundredths / 100, written with two decimals ("4.31")
    int rtt_avg = 0, rtt_min = 0, rtt_max = 0;
    int jitter_min = 0, jitter_max = 0, jitter_avg = 0;
    int lost = 0;
};

// One call. Text fields hold the value itself (UTF-8), not its JSON form; "" means null where noted.
struct call_record {
    std::string sid;               // "CA" + 32 lowercase hex
    std::string account_sid;       // the project id
    std::string parent_call_sid;   // "" = null; otherwise the sid of an older call (later in the list)
    std::string to, from;          // E.164 ("+15125550142") or a SIP URI
    std::string formatted_to, formatted_from;  // "(512) 555-0142"; also written as to_formatted/from_formatted
    std::string phone_number_sid;  // "" = null; "PN" + 32 hex for calls to or from one of our numbers
    std::string status;            // one of the eight documented statuses, mostly "completed"
    std::string direction;         // "inbound" or "outbound"
    std::string answered_by;       // "" = null; "human" or "machine"
    std::string caller_name;       // "" = null; may hold non-ASCII text, '&' and '"'
    std::string start_time_rfc2822;  // "Tue, 24 Nov 2026 18:30:00 +0000"
    std::string end_time_rfc2822;    // "" = null (queued, ringing, in-progress)
    std::string date_created, date_updated;  // RFC 2822 like the times
    std::int64_t start_epoch = 0;  // Unix seconds of start_time
    std::int64_t end_epoch = 0;    // Unix seconds of end_time; 0 when end_time is null
    std::int64_t duration = 0;     // seconds; 0 unless completed
    std::optional<double> price;   // completed calls only: -(minutes * 0.0085 + 0.0010)
    std::string price_text;        // the price as written in JSON, four decimals ("-0.0265"); "" = null
    std::string sip_result_code;   // "" = null; "200", "486", ...
    std::optional<call_quality> quality;
};

namespace detail {

// splitmix64's finalizer: a bijection on 64-bit values, so distinct inputs give distinct outputs.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A small deterministic generator (splitmix64): one per call, seeded from (seed, index), so that a call's
// fields never depend on how many random numbers earlier calls happened to draw.
struct random_stream {
    std::uint64_t state;
    std::uint64_t next() noexcept { return mix64(state += 0x9e3779b97f4a7c15ULL); }
    // Uniform enough in [low, high] for test data (modulo bias is irrelevant here).
    std::int64_t between(std::int64_t low, std::int64_t high) noexcept {
        return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
    }
    bool chance(int percent) noexcept { return between(0, 99) < percent; }
};

inline void append_hex(std::string& out, std::uint64_t value) {
    constexpr char digits[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
}

inline std::string call_sid(std::uint64_t seed, std::uint64_t index) {
    std::string sid = "CA";
    append_hex(sid, mix64(mix64(seed) ^ (index * 0x2545f4914f6cdd1dULL)));
    append_hex(sid, mix64(index ^ mix64(seed + 0x51ed270b27a3f1c5ULL)));  // bijective in index: unique
    return sid;
}

// "Tue, 24 Nov 2026 18:30:00 +0000": the core formats "... GMT"; the API writes the numeric zone.
inline std::string rfc2822(std::int64_t epoch) {
    char text[swcalls::rfc2822_length];
    const std::size_t n = swcalls::format_rfc2822(swcalls::utc_timestamp{epoch, 0}, text, sizeof text);
    return std::string(text, n - 3) + "+0000";
}

// "-0.0265" from -265 ten-thousandths: written from integers, whatever the C locale says.
inline std::string price_text(std::int64_t ten_thousandths) {
    std::string text = ten_thousandths < 0 ? "-" : "";
    const std::uint64_t magnitude =
        ten_thousandths < 0 ? 0 - static_cast<std::uint64_t>(ten_thousandths) : static_cast<std::uint64_t>(ten_thousandths);
    text += std::to_string(magnitude / 10000);
    text += '.';
    const std::string fraction = std::to_string(magnitude % 10000);
    text.append(4 - fraction.size(), '0');
    text += fraction;
    return text;
}

struct number_entry {
    std::string_view number;
    std::string_view formatted;
    std::string_view caller_name;  // what caller ID shows for this number; "" = none
};

// Our own numbers: inbound calls go to them, outbound calls come from them.
inline constexpr number_entry our_numbers[] = {
    {"+15125550142", "(512) 555-0142", ""},
    {"+14155550199", "(415) 555-0199", ""},
    {"+13105678901", "(310) 567-8901", ""},
};
// The other side. Caller names exercise the JSON writer: \u escapes (2-byte, 3-byte and astral), '&', '"'.
inline constexpr number_entry their_numbers[] = {
    {"+442079460321", "+44 20 7946 0321", "Zo\xc3\xab & S\xc3\xb8ren Caf\xc3\xa9"},
    {"+15125550177", "(512) 555-0177", "Jos\xc3\xa9 \xc3\x81lvarez"},
    {"+12025550123", "(202) 555-0123", ""},
    {"+4915123456789", "+49 1512 3456789", "M\xc3\xbcller GmbH"},
    {"+13125550188", "(312) 555-0188", "ACME SUPPORT"},
    {"+819012345678", "+81 90-1234-5678", "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e"},
    {"sip:support@example.com", "sip:support@example.com", "\"Night desk\" \xf0\x9f\x8c\x99"},
};

inline std::string phone_number_sid(std::string_view number) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a of the number, then mixed
    for (char c : number) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    std::string sid = "PN";
    append_hex(sid, mix64(h));
    append_hex(sid, mix64(h + 1));
    return sid;
}

// The newest call's start: 2026-11-24 18:30:00 UTC.
inline constexpr std::int64_t newest_start = swcalls::detail::days_from_civil(2026, 11, 24) * 86400 + 18 * 3600 + 30 * 60;

// Mean seconds between call starts: 30 minutes, less for big sets so they span about ten days at most
// (never under 20 s, so a million calls still stay in 2026).
inline std::int64_t mean_gap(std::uint64_t count) noexcept {
    const std::uint64_t ten_days = 10 * 86400;
    std::uint64_t gap = count == 0 ? 1800 : ten_days / count;
    if (gap > 1800) gap = 1800;
    if (gap < 20) gap = 20;
    return static_cast<std::int64_t>(gap);
}

}  // namespace detail

inline std::vector<call_record> make_calls(std::uint64_t count, std::uint64_t seed, std::string_view project_id) {
    using namespace detail;
    std::vector<call_record> calls;
    calls.reserve(static_cast<std::size_t>(count));
    const std::int64_t gap = mean_gap(count);
    std::int64_t start = newest_start;
    for (std::uint64_t i = 0; i < count; ++i) {
        random_stream rng{mix64(seed ^ 0x6a09e667f3bcc909ULL) ^ mix64(i + 1)};
        call_record c;
        c.sid = call_sid(seed, i);
        c.account_sid = std::string(project_id);

        const number_entry& ours = our_numbers[rng.next() % std::size(our_numbers)];
        const number_entry& theirs = their_numbers[rng.next() % std::size(their_numbers)];
        const bool inbound = rng.chance(50);
        c.direction = inbound ? "inbound" : "outbound";
        const number_entry& to = inbound ? ours : theirs;
        const number_entry& from = inbound ? theirs : ours;
        c.to = std::string(to.number);
        c.from = std::string(from.number);
        c.formatted_to = std::string(to.formatted);
        c.formatted_from = std::string(from.formatted);
        c.phone_number_sid = phone_number_sid(ours.number);
        if (inbound) c.caller_name = std::string(theirs.caller_name);
        // Some outbound calls are the second leg of an older call (one listed after this one).
        if (!inbound && i + 1 < count && rng.chance(25)) {
            const std::uint64_t parent = i + 1 + static_cast<std::uint64_t>(rng.between(0, 2));
            c.parent_call_sid = call_sid(seed, parent < count ? parent : count - 1);
        }

        // The newest few calls are still live; older ones have ended one way or another.
        if (i < 6) {
            static constexpr std::string_view live[] = {"queued", "ringing", "in-progress"};
            c.status = std::string(i < 3 ? live[i] : live[rng.between(1, 2)]);
        } else {
            const std::int64_t roll = rng.between(0, 99);
            c.status = roll < 70 ? "completed" : roll < 80 ? "no-answer" : roll < 88 ? "busy" : roll < 93 ? "failed" : "canceled";
        }

        c.start_epoch = start;
        c.start_time_rfc2822 = rfc2822(start);
        c.date_created = rfc2822(start - rng.between(1, 8));
        std::int64_t ended = 0;
        if (c.status == "completed") {
            c.duration = rng.chance(20) ? rng.between(3, 30) : rng.between(31, 1500);
            ended = start + c.duration;
            const std::int64_t minutes = (c.duration + 59) / 60;
            const std::int64_t ten_thousandths = -(minutes * 85 + 10);
            c.price = static_cast<double>(ten_thousandths) / 10000.0;  // the double parse_decimal gives for price_text
            c.price_text = price_text(ten_thousandths);
            c.sip_result_code = "200";
            if (!inbound) {
                const std::int64_t roll = rng.between(0, 99);
                c.answered_by = roll < 60 ? "human" : roll < 85 ? "machine" : "";
            }
            call_quality q;
            q.mos_hundredths = static_cast<int>(rng.between(320, 450));
            q.rtt_min = static_cast<int>(rng.between(15, 60));
            q.rtt_max = q.rtt_min + static_cast<int>(rng.between(10, 200));
            q.rtt_avg = (q.rtt_min + q.rtt_max) / 2;
            q.jitter_min = static_cast<int>(rng.between(0, 3));
            q.jitter_max = q.jitter_min + static_cast<int>(rng.between(1, 40));
            q.jitter_avg = (q.jitter_min + q.jitter_max) / 2;
            q.lost = static_cast<int>(rng.between(0, 25));
            c.quality = q;
        } else if (c.status == "no-answer") {
            ended = start + rng.between(25, 45);
            c.sip_result_code = "480";
        } else if (c.status == "busy") {
            ended = start + rng.between(2, 8);
            c.sip_result_code = "486";
        } else if (c.status == "failed") {
            ended = start + rng.between(1, 3);
            c.sip_result_code = "503";
        } else if (c.status == "canceled") {
            ended = start + rng.between(3, 20);
            c.sip_result_code = "487";
        } else if (c.status == "ringing") {
            c.sip_result_code = "180";
        } else if (c.status == "in-progress") {
            c.sip_result_code = "200";
        }
        if (ended != 0) {
            c.end_epoch = ended;
            c.end_time_rfc2822 = rfc2822(ended);
        }
        c.date_updated = rfc2822((ended != 0 ? ended : start) + rng.between(0, 4));
        calls.push_back(std::move(c));
        start -= rng.between(1, 2 * gap - 1);  // strictly older: start times never tie
    }
    return calls;
}

}  // namespace swcalls_mock
