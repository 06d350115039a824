// swcalls/date.hpp — the API's date strings as UTC timestamps, and timestamps back into the forms it takes.
//
// Calls carry RFC 2822 dates ("Wed, 19 Sep 2018 20:00:00 +0000", older docs write "Sept"); other resources
// and the Twilio docs use ISO 8601 ("2018-09-19", "2018-09-19T20:00:00Z"). parse_date() reads either into
// seconds and nanoseconds since the Unix epoch; format_rfc2822() and format_iso_date() write the forms the
// StartTime/EndTime filters take. Plain ASCII scanning over a string_view: no heap, no locale, no exceptions,
// no strptime; on failure the output is left untouched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "config.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "detail/string_slices.hpp"

namespace swcalls {

// A point in time as Unix time: leap seconds are not counted, so every day is 86400 seconds.
struct utc_timestamp {
    std::int64_t seconds = 0;       // since 1970-01-01T00:00:00Z; negative before it
    std::uint32_t nanoseconds = 0;  // [0, 999999999], added to seconds (also for negative seconds)
};

constexpr bool operator==(utc_timestamp a, utc_timestamp b) noexcept {
    return a.seconds == b.seconds && a.nanoseconds == b.nanoseconds;
}
constexpr bool operator!=(utc_timestamp a, utc_timestamp b) noexcept { return !(a == b); }
constexpr bool operator<(utc_timestamp a, utc_timestamp b) noexcept {
    return a.seconds < b.seconds || (a.seconds == b.seconds && a.nanoseconds < b.nanoseconds);
}
constexpr bool operator>(utc_timestamp a, utc_timestamp b) noexcept { return b < a; }
constexpr bool operator<=(utc_timestamp a, utc_timestamp b) noexcept { return !(b < a); }
constexpr bool operator>=(utc_timestamp a, utc_timestamp b) noexcept { return !(a < b); }

// Whether an RFC 2822 day name ("Wed,") must be the weekday of the date it precedes. ignore is the default
// because real documents get it wrong (SignalWire's own Project example says "Sat, 16 Sep 2018", a Sunday)
// and the date itself is what counts; verify is for callers who want such text refused.
enum class weekday_check { verify, ignore };

// Lengths of what the formatters write (they write no terminating NUL).
inline constexpr std::size_t rfc2822_length = 29;   // "Wed, 19 Sep 2018 20:00:00 GMT"
inline constexpr std::size_t iso_date_length = 10;  // "2018-09-19"

namespace detail {

// ---- calendar arithmetic (proleptic Gregorian, days counted from 1970-01-01) ----
//
// The "shifted year" trick: counting years from March 1st puts the leap day last, so the day of the year
// is a linear formula of the month, and 400-year eras (146097 days) repeat the calendar exactly. Years and
// days are 32-bit (days_from_civil: any year within +-5 million; civil_from_days: years within
// +-1,400,000, exactly -1,468,000-03-01 to 1,471,805-06-05; every caller checks is_formattable first):
// 32-bit division is one instruction on a Cortex-M, where 64-bit division links a 700-byte library routine.

// floor(a / b) for b > 0, in 32 bits.
constexpr std::int32_t floor_div32(std::int32_t a, std::int32_t b) noexcept {
    const std::int32_t q = a / b;
    return a % b < 0 ? q - 1 : q;
}

// Every 4th year, but of the centuries only every 4th. A multiple of 25 is a century when it is one of 4, and
// a multiple of 400 when it is one of 16 (400 = 16 * 25): so the rule is "a multiple of 4, or of 16 for a
// multiple of 25", one division and a mask test (two's complement masks test negative years alike).
constexpr bool is_leap_year(std::int32_t year) noexcept { return (year & (year % 25 != 0 ? 3 : 15)) == 0; }

// 0 for a month outside 1..12. A formula, not a table: a table local to a constexpr function is copied
// onto the stack at every call.
constexpr unsigned days_in_month(std::int32_t year, unsigned month) noexcept {
    if (month - 1 >= 12) return 0;  // month 0 wraps around
    // 31 days in months 1 3 5 7 8 10 12: odd before August, even from it.
    return month == 2 ? 28 + is_leap_year(year) : 30 + ((month ^ month >> 3) & 1);
}

// Days from 1970-01-01 to year-month-day; month in [1, 12], day in [1, days_in_month]. Computed in 32
// bits, returned in 64 so that callers can multiply by 86400.
constexpr std::int64_t days_from_civil(std::int32_t year, unsigned month, unsigned day) noexcept {
    const std::int32_t y = month <= 2 ? year - 1 : year;      // the year that began on the last March 1st
    const std::int32_t era = floor_div32(y, 400);
    const auto year_of_era = static_cast<unsigned>(y - era * 400);            // [0, 399]
    const unsigned march_month = month > 2 ? month - 3 : month + 9;           // March = 0 ... February = 11
    const unsigned day_of_year = (153 * march_month + 2) / 5 + day - 1;       // [0, 365]
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // [0, 146096]
    return era * 146097 + static_cast<std::int32_t>(day_of_era) - 719468;     // 719468: 0000-03-01 to 1970
}

struct civil_date {
    std::int32_t year;
    unsigned month;  // [1, 12]
    unsigned day;    // [1, 31]
};

// The inverse of days_from_civil, for years within +-1,400,000. Neri and Schneider's form of the
// shifted-year computation ("Euclidean affine functions and their application to calendar algorithms",
// 2022): two divisions take centuries and then years apart, and one multiplication gives month and day.
constexpr civil_date civil_from_days(std::int32_t days) noexcept {
    // 4 * (days since 0000-03-01, plus 3670 eras so that it is never negative) + 3: within the range, that
    // still fits 32 bits, so every division is an unsigned 32-bit one.
    constexpr std::uint32_t offset_eras = 3670;
    const std::uint32_t n = 4 * (static_cast<std::uint32_t>(days) + (719468u + offset_eras * 146097u)) + 3;
    const std::uint32_t century = n / 146097;
    const std::uint32_t of_century = n % 146097 | 3;  // 4 * (day of the century) + 3
    const std::uint32_t year_of_century = of_century / 1461;
    const std::uint32_t day_of_year = of_century % 1461 / 4;  // [0, 365], from March 1st
    // The month (3 = March ... 14 = February of the next year) in the high half, the day within it below.
    const std::uint32_t month_day = 2141 * day_of_year + 197913;
    const unsigned march_based_month = month_day >> 16;
    const unsigned day = (month_day & 0xFFFF) / 2141 + 1;
    const bool next_year = march_based_month > 12;  // January and February
    const std::int32_t year = static_cast<std::int32_t>(100 * century + year_of_century + next_year) -
                              static_cast<std::int32_t>(offset_eras * 400);
    return {year, next_year ? march_based_month - 12 : march_based_month, day};
}

// 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday.
constexpr unsigned weekday_from_days(std::int32_t days) noexcept {
    return static_cast<unsigned>(days - floor_div32(days + 4, 7) * 7 + 4);
}

// A Unix time as whole days and the second of that day, for |seconds| < 2^38 (years -6700 to 10600).
// 86400 = 2^7 * 675: the shift is a floor division by 128, and what is left fits 32 bits, so no 64-bit
// division is needed. (The formatters no longer need it: they count in the same 128-second units
// themselves. It stays for programs and tests that want a Unix time's day, e.g. the mock's midnight.)
struct day_and_second {
    std::int32_t days;
    std::uint32_t second_of_day;  // [0, 86399]
};
constexpr day_and_second split_unix_seconds(std::int64_t seconds) noexcept {
    // floor(seconds / 128): >> of a negative number is arithmetic (guaranteed since C++20, and what every
    // C++17 compiler does).
    const auto units = static_cast<std::int32_t>(seconds >> 7);
    const std::int32_t days = floor_div32(units, 675);
    const auto unit_of_day = static_cast<std::uint32_t>(units - days * 675);
    return {days, unit_of_day * 128 + static_cast<std::uint32_t>(seconds & 127)};
}

// The range the formatters can write with a four-digit year: 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
inline constexpr std::int64_t first_formattable_second = -719528LL * 86400;  // days_from_civil(0, 1, 1)
inline constexpr std::int64_t last_formattable_second = 2932897LL * 86400 - 1;  // days_from_civil(10000, 1, 1)

// ---- character classes: ASCII only, whatever the locale ----

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Surrounding white space, including a header line's CR LF, is not part of a date.
constexpr std::string_view trim(std::string_view s) noexcept {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

constexpr bool equals_ignoring_case(std::string_view a, std::string_view lower) noexcept {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (to_lower(a[i]) != lower[i]) return false;
    return true;
}

// A read position in the text. Every read checks the end first, so nothing reads past the view, and an
// embedded NUL is just a byte that matches nothing.
struct scanner {
    std::string_view text;
    std::size_t pos = 0;

    constexpr bool at_end() const noexcept { return pos == text.size(); }
    constexpr bool next_is(char c) const noexcept { return !at_end() && text[pos] == c; }
    constexpr bool next_is_digit() const noexcept { return !at_end() && is_digit(text[pos]); }
    constexpr bool next_is_alpha() const noexcept { return !at_end() && is_alpha(text[pos]); }

    constexpr bool accept(char c) noexcept {
        if (!next_is(c)) return false;
        ++pos;
        return true;
    }
    constexpr std::size_t skip_blanks() noexcept {
        const std::size_t start = pos;
        while (!at_end() && is_blank(text[pos])) ++pos;
        return pos - start;
    }
    // Exactly `count` digits (at most 9, so the value cannot overflow).
    constexpr bool fixed_digits(int count, std::uint32_t& value) noexcept {
        std::uint32_t v = 0;
        for (int i = 0; i < count; ++i) {
            if (!next_is_digit()) return false;
            v = v * 10 + static_cast<std::uint32_t>(text[pos++] - '0');
        }
        value = v;
        return true;
    }
    // A run of digits whose length is in [min, max] (max at most 9); a longer run fails without overflowing.
    constexpr bool digit_run(int min, int max, std::uint32_t& value, int& length) noexcept {
        std::uint32_t v = 0;
        int n = 0;
        while (next_is_digit()) {
            if (++n > max) return false;
            v = v * 10 + static_cast<std::uint32_t>(text[pos++] - '0');
        }
        if (n < min) return false;
        value = v;
        length = n;
        return true;
    }
    constexpr std::string_view word() noexcept {
        const std::size_t start = pos;
        while (next_is_alpha()) ++pos;
        return bytes_between(text, start, pos);
    }
};

inline constexpr std::string_view month_names[12] = {"january", "february", "march",     "april",
                                                     "may",     "june",     "july",      "august",
                                                     "september", "october", "november", "december"};
inline constexpr std::string_view day_names[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                                  "thursday", "friday", "saturday"};

// Index of the name `word` abbreviates, or -1: the first three letters decide, and any longer word must
// still be a prefix of the full name ("Sep", "Sept", "September"; "Tue", "Tues"), ignoring case.
template <std::size_t N>
constexpr int name_index(const std::string_view (&names)[N], std::string_view word) noexcept {
    if (word.size() < 3) return -1;
    for (std::size_t i = 0; i < N; ++i) {
        if (word.size() > names[i].size()) continue;
        if (equals_ignoring_case(word, first_bytes(names[i], word.size()))) return static_cast<int>(i);
    }
    return -1;
}

struct zone_name {
    std::string_view name;  // lower case
    int offset_minutes;
};
// RFC 2822 section 4.3: the universal names and the obsolete North American ones.
inline constexpr zone_name zone_names[] = {
    {"gmt", 0},    {"ut", 0},     {"utc", 0},    {"z", 0},      {"est", -300}, {"edt", -240},
    {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420},
};

// What a date string says, before any arithmetic.
struct date_fields {
    std::int32_t year = 0;
    std::uint32_t month = 1, day = 1, hour = 0, minute = 0, second = 0, nanoseconds = 0;
    int offset_minutes = 0;  // local time minus UTC
};

constexpr bool fields_in_range(const date_fields& f) noexcept {
    return f.month >= 1 && f.month <= 12 && f.day >= 1 && f.day <= days_in_month(f.year, f.month) &&
           f.hour < 24 && f.minute < 60 && f.second <= 60 && f.nanoseconds < 1000000000u;
}

// Local time minus the offset. A leap second (:60) counts as :59, keeping its fraction: Unix time has no
// leap seconds, and clamping keeps the result inside the minute, and the day, that the text names.
constexpr utc_timestamp to_timestamp(const date_fields& f) noexcept {
    const std::uint32_t second = f.second == 60 ? 59 : f.second;
    const std::int64_t seconds = days_from_civil(f.year, f.month, f.day) * 86400 +
                                 static_cast<std::int64_t>(f.hour) * 3600 + f.minute * 60 + second -
                                 static_cast<std::int64_t>(f.offset_minutes) * 60;
    return {seconds, f.nanoseconds};
}

// "+hhmm" / "-hhmm" after the sign, as minutes; hours up to 23, minutes up to 59.
constexpr bool offset_from_parts(char sign, std::uint32_t hours, std::uint32_t minutes, int& offset) noexcept {
    if (hours > 23 || minutes > 59) return false;
    const int magnitude = static_cast<int>(hours * 60 + minutes);
    offset = sign == '-' ? -magnitude : magnitude;
    return true;
}

// [day-name [blanks] "," [blanks]] day blanks month blanks year blanks hh:mm[:ss] blanks zone
constexpr bool parse_rfc2822_fields(std::string_view text, date_fields& out, weekday_check check) noexcept {
    scanner in{trim(text)};
    date_fields f;
    int weekday = -1;
    if (in.next_is_alpha()) {
        weekday = name_index(day_names, in.word());
        if (weekday < 0) return false;
        in.skip_blanks();
        if (!in.accept(',')) return false;
        in.skip_blanks();
    }
    int length = 0;
    if (!in.digit_run(1, 2, f.day, length) || in.skip_blanks() == 0) return false;

    const int month = name_index(month_names, in.word());
    if (month < 0 || in.skip_blanks() == 0) return false;
    f.month = static_cast<std::uint32_t>(month + 1);

    // Four digits; the obsolete syntax's two digits mean 2000-2049 / 1950-1999, and three digits 1900 + n.
    std::uint32_t year = 0;
    if (!in.digit_run(2, 4, year, length) || in.skip_blanks() == 0) return false;
    if (length == 2) year += year < 50 ? 2000 : 1900;
    if (length == 3) year += 1900;
    f.year = static_cast<std::int32_t>(year);

    if (!in.fixed_digits(2, f.hour) || !in.accept(':') || !in.fixed_digits(2, f.minute)) return false;
    if (in.accept(':') && !in.fixed_digits(2, f.second)) return false;
    if (in.skip_blanks() == 0) return false;

    if (in.next_is('+') || in.next_is('-')) {
        const char sign = in.text[in.pos++];
        std::uint32_t hhmm = 0;
        if (!in.fixed_digits(4, hhmm) || !offset_from_parts(sign, hhmm / 100, hhmm % 100, f.offset_minutes))
            return false;
    } else {
        const std::string_view zone = in.word();
        bool known = false;
        for (const auto& z : zone_names) {
            if (equals_ignoring_case(zone, z.name)) {
                f.offset_minutes = z.offset_minutes;
                known = true;
                break;
            }
        }
        if (!known) return false;
    }
    if (!in.at_end() || !fields_in_range(f)) return false;
    if (weekday >= 0 && check == weekday_check::verify &&
        weekday_from_days(static_cast<std::int32_t>(days_from_civil(f.year, f.month, f.day))) !=
            static_cast<unsigned>(weekday))
        return false;
    out = f;
    return true;
}

// YYYY-MM-DD, or YYYY-MM-DD(T|t|space)hh:mm[:ss[(.|,)fraction]][Z|z|+hh:mm|-hh:mm|+hhmm|-hhmm|+hh|-hh].
constexpr bool parse_iso8601_fields(std::string_view text, date_fields& out) noexcept {
    scanner in{trim(text)};
    date_fields f;
    std::uint32_t year = 0;
    if (!in.fixed_digits(4, year) || !in.accept('-') || !in.fixed_digits(2, f.month) || !in.accept('-') ||
        !in.fixed_digits(2, f.day))
        return false;
    f.year = static_cast<std::int32_t>(year);
    if (!in.at_end()) {
        if (!in.accept('T') && !in.accept('t') && !in.accept(' ')) return false;
        if (!in.fixed_digits(2, f.hour) || !in.accept(':') || !in.fixed_digits(2, f.minute)) return false;
        if (in.accept(':')) {
            if (!in.fixed_digits(2, f.second)) return false;
            if (in.accept('.') || in.accept(',')) {
                // Nanosecond precision: the first nine digits count, the rest are read and dropped.
                if (!in.next_is_digit()) return false;
                int kept = 0;
                while (in.next_is_digit()) {
                    const char c = in.text[in.pos++];
                    if (kept < 9) {
                        f.nanoseconds = f.nanoseconds * 10 + static_cast<std::uint32_t>(c - '0');
                        ++kept;
                    }
                }
                for (; kept < 9; ++kept) f.nanoseconds *= 10;
            }
        }
        // Z, or no zone at all, is UTC (offset_minutes stays 0): the API only ever sends UTC.
        if (in.next_is('+') || in.next_is('-')) {
            const char sign = in.text[in.pos++];
            std::uint32_t hours = 0, minutes = 0;
            if (!in.fixed_digits(2, hours)) return false;
            if (!in.at_end()) {
                in.accept(':');
                if (!in.fixed_digits(2, minutes)) return false;
            }
            if (!offset_from_parts(sign, hours, minutes, f.offset_minutes)) return false;
        } else if (!in.accept('Z')) {
            in.accept('z');
        }
        if (!in.at_end()) return false;
    }
    if (!fields_in_range(f)) return false;
    out = f;
    return true;
}

// ISO 8601 starts with four digits and a dash; an RFC 2822 date never does.
constexpr bool looks_like_iso8601(std::string_view text) noexcept {
    const std::string_view s = trim(text);
    return s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-';
}

// English day and month names by their first three letters, as the formatters write them. One table for
// the HTTP-date parser and the writers: "Sun" ... "Sat" (names 0-6), then "Jan" ... "Dec" (names 7-18, so a
// month's name is month + 6).
inline constexpr char date_names[] = "SunMonTueWedThuFriSatJanFebMarAprMayJunJulAugSepOctNovDec";

// ---- HTTP dates (RFC 9110 section 5.6.7) ----

// A read position in an HTTP date. peek() checks the end first, so nothing reads past the text; at the end
// it gives NUL, which no part accepts (an embedded NUL is refused the same way).
struct http_date_cursor {
    const char* at;
    const char* end;

    constexpr char peek() const noexcept { return at != end ? *at : '\0'; }

    // One or more spaces or tabs.
    constexpr bool blanks() noexcept {
        const char* const start = at;
        while (is_blank(peek())) ++at;
        return at != start;
    }
    // A run of digits whose length is in [min, max] (max at most 9); a longer run fails without overflowing.
    // Every fixed-width field of an HTTP date is followed by a non-digit or the end of the text, so reading
    // the whole run refuses exactly what reading `max` digits and then the next part would.
    constexpr bool number(unsigned min, unsigned max, std::uint32_t& value) noexcept {
        std::uint32_t v = 0;
        unsigned n = 0;
        for (unsigned d = 0; (d = static_cast<unsigned char>(peek()) - unsigned('0')) < 10; ++at) {
            if (++n > max) return false;
            v = v * 10 + d;
        }
        value = v;
        return n >= min;
    }
    // A run of letters: its first three, lower case, packed into one number (the first in the highest
    // byte; "Nov" and "NOVEMBER" give the same), and its length.
    constexpr std::uint32_t word(unsigned& length) noexcept {
        std::uint32_t key = 0;
        unsigned n = 0;
        for (; is_alpha(peek()); ++at)
            if (n++ < 3) key = key << 8 | (static_cast<unsigned char>(*at) | 0x20u);
        length = n;
        return key;
    }
};

// The key http_date_cursor::word gives a lower-case word of one to three letters.
constexpr std::uint32_t http_date_key(const char* letters) noexcept {
    std::uint32_t key = 0;
    for (; *letters != '\0'; ++letters) key = key << 8 | static_cast<unsigned char>(*letters);
    return key;
}

// Index of the abbreviation (one of `count` in `names`) whose key is `key`, or -1. Every abbreviation has
// three letters, so the key of a shorter word (below 2^16) matches none.
constexpr int abbreviation_index(const char* names, int count, std::uint32_t key) noexcept {
    for (int i = 0; i < count; ++i, names += 3)
        if (key == ((static_cast<unsigned char>(names[0]) | 0x20u) << 16 | static_cast<unsigned char>(names[1]) << 8 |
                    static_cast<unsigned char>(names[2])))
            return i;
    return -1;
}

// RFC 9110 section 5.6.7, all three forms a recipient must accept:
//   IMF-fixdate    "Sun, 06 Nov 1994 08:49:37 GMT"
//   rfc850-date    "Sunday, 06-Nov-94 08:49:37 GMT"
//   asctime-date   "Sun Nov  6 08:49:37 1994"
// read as robustly as that section asks: runs of spaces or tabs between tokens, a one-digit day (Java's
// RFC_1123 formatter writes "6 Nov"), and the zones that mean GMT (UT, UTC, Z, +0000, -0000; any case). Any
// other offset is refused: an HTTP date is GMT. RFC 850's two-digit year is 00-49 -> 20xx, 50-99 -> 19xx (a
// fixed window where RFC 9110 asks for one rolling with the current year; the two agree until 2049).
//
// The forms are patterns read by one loop, a character per part, so that each part's code exists once:
//   w day name, m month name (three letters or more, the first three decide)   ' ' one or more blanks
//   d day (one or two digits)   y four-digit year   o two-digit year   h n s hour, minute, second (two digits)
//   z the zone   e spaces, tabs, CR and LF, none or more (around the date; in place of a trim(), which
//   took two more loops)   any other character: itself.
//   c and r read nothing: they choose the rest of the pattern, c by whether a comma follows the day name
//   (IMF-fixdate and RFC 850) or not (asctime), r by whether a dash follows the day (RFC 850) or not.
//   Parts are lower-case letters so that the switch's jump table is short.
// (data, size): see string_slices.hpp.
constexpr bool parse_http_date_seconds(const char* data, std::size_t size, std::int64_t& seconds) noexcept {
    http_date_cursor in{data, data + size};
    std::uint32_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    unsigned length = 0;  // of the last word read (word() always sets it)
    const char* part = "ewc";
    while (const char c = *part++) {
        bool ok = true;
        switch (c) {
            case 'c': part = in.peek() == ',' ? ", dr" : " m d h:n:s ye"; break;
            case 'r': part = in.peek() == '-' ? "-m-o h:n:s ze" : " m y h:n:s ze"; break;
            case 'e':
                // No part before a trailing 'e' or after the leading one reads any of these bytes, so
                // skipping them here refuses and accepts what reading the trimmed text did.
                while (is_blank(in.peek()) || in.peek() == '\r' || in.peek() == '\n') ++in.at;
                break;
            case 'w':
            case 'm': {
                // One search of date_names for both: day names are its first 7, months the 12 after them.
                const int index = abbreviation_index(date_names, 19, in.word(length));
                ok = c == 'w' ? index >= 0 && index < 7 : index >= 7;
                month = static_cast<std::uint32_t>(index - 6);  // 'm' always follows 'w'; a leftover fails days_in_month
                break;
            }
            case 'd': ok = in.number(1, 2, day); break;
            case 'y': ok = in.number(4, 4, year); break;
            case 'o':
                ok = in.number(2, 2, year);
                year += year < 50 ? 2000 : 1900;
                break;
            case 'h': ok = in.number(2, 2, hour); break;
            case 'n': ok = in.number(2, 2, minute); break;
            case 's': ok = in.number(2, 2, second); break;
            case 'z':
                if (in.peek() == '+' || in.peek() == '-') {
                    ++in.at;
                    std::uint32_t offset = 0;
                    ok = in.number(4, 4, offset) && offset == 0;
                } else {
                    const std::uint32_t zone = in.word(length);
                    ok = length <= 3 && (zone == http_date_key("gmt") || zone == http_date_key("ut") ||
                                         zone == http_date_key("utc") || zone == http_date_key("z"));
                }
                break;
            default:  // a literal: moved past only when it matched (so `at` never passes the end)
                ok = c == ' ' ? in.blanks() : in.peek() == c;
                if (ok && c != ' ') ++in.at;
                break;
        }
        if (!ok) return false;
    }
    if (in.at != in.end || day < 1 || day > days_in_month(static_cast<std::int32_t>(year), month) || hour > 23 ||
        minute > 59 || second > 60)
        return false;
    // Years are 0000-9999 here, so unsigned 32-bit arithmetic holds every step.
    // Days from 1970-01-01, counting years from March 1st (the leap day last) and 400 years later than
    // the date, so that January and February of year 0 stay positive: 865565 = 719468 + 146097.
    const std::uint32_t march_year = year + 400 - (month <= 2);
    const std::uint32_t march_month = month > 2 ? month - 3 : month + 9;  // March = 0 ... February = 11
    const std::int32_t days = static_cast<std::int32_t>(march_year * 365 + march_year / 4 - march_year / 100 +
                                                        march_year / 400 + (153 * march_month + 2) / 5 + day - 1) -
                              865565;
    // A leap second (:60) counts as :59, as parse_date reads it.
    const std::uint32_t second_of_day = (hour * 60 + minute) * 60 + (second == 60 ? 59 : second);
    seconds = static_cast<std::int64_t>(days) * 86400 + second_of_day;
    return true;
}
constexpr bool parse_http_date_seconds(std::string_view text, std::int64_t& seconds) noexcept {
    return parse_http_date_seconds(text.data(), text.size(), seconds);
}

constexpr bool parse_date_fields(std::string_view text, date_fields& out, weekday_check check) noexcept {
    return looks_like_iso8601(text) ? parse_iso8601_fields(text, out) : parse_rfc2822_fields(text, out, check);
}

inline error_code date_result(bool ok, const date_fields& f, utc_timestamp& out) noexcept {
    if (!ok) return error_code(errc::invalid_date);
    out = to_timestamp(f);
    return {};
}

// ---- writing dates ----
//
// Both forms are written by one loop from a pattern, so that the digit and name writing exists once (each
// form used to inline its own two- and four-digit writes and name copies).

// The field codes of a pattern: a byte from 1 to 31 is a field and any other byte is itself. A field's low
// three bits pick its value from date_text::values; `name` set writes that value's three-letter name from
// date_names, `four_digits` set four digits, neither two digits (leading zeros kept). The year is always
// written with four_digits: its code alone is 0, the pattern's end.
struct date_field {
    enum : unsigned char { year, month, day, hour, minute, second, weekday_name, month_name, name = 8, four_digits = 16 };
};

// The values a pattern's fields name, indexed by date_field (years 0000-9999). Filled by take_apart or
// date_text_of, so that the writer reads them without taking anything apart itself.
struct date_text {
    unsigned values[8];
};

// A calendar date's values (no time of day or weekday: the ISO pattern names none).
constexpr date_text date_text_of(const civil_date& date) noexcept {
    return {{static_cast<unsigned>(date.year), date.month, date.day, 0, 0, 0, 0, date.month + 6}};
}

// A time from first_formattable_second to last_formattable_second, taken apart.
constexpr date_text take_apart(std::int64_t seconds) noexcept {
    // Counted from 0000-01-01T00:00:00Z every formattable time is positive, and in units of 128 seconds
    // (86400 = 128 * 675) it fits 32 bits: unsigned 32-bit divisions only.
    const auto since_year_0 = static_cast<std::uint64_t>(seconds - first_formattable_second);
    const auto units = static_cast<std::uint32_t>(since_year_0 >> 7);
    const std::uint32_t days = units / 675;  // since 0000-01-01, a Saturday
    const std::uint32_t second_of_day = (units - days * 675) * 128 + static_cast<std::uint32_t>(since_year_0 & 127);
    date_text t = date_text_of(civil_from_days(static_cast<std::int32_t>(days) - 719528));
    t.values[date_field::hour] = second_of_day / 3600;
    t.values[date_field::minute] = second_of_day / 60 % 60;
    t.values[date_field::second] = second_of_day % 60;
    t.values[date_field::weekday_name] = (days + 6) % 7;
    return t;
}

// "Wed, 19 Sep 2018 20:00:00 GMT" and "2018-09-19".
inline constexpr char rfc2822_pattern[] = {
    char(date_field::weekday_name | date_field::name), ',', ' ', char(date_field::day), ' ',
    char(date_field::month_name | date_field::name), ' ', char(date_field::year | date_field::four_digits), ' ',
    char(date_field::hour), ':', char(date_field::minute), ':', char(date_field::second), ' ', 'G', 'M', 'T', '\0'};
inline constexpr char iso_date_pattern[] = {char(date_field::year | date_field::four_digits), '-',
                                            char(date_field::month), '-', char(date_field::day), '\0'};

// Writes `pattern` with the values of `text` at `out`; returns the number of bytes written. Out of line:
// the date filters, format_rfc2822 and format_iso_date all write through it.
SWCALLS_NOINLINE constexpr std::size_t write_date_text(char* out, const char* pattern, const date_text& text) noexcept {
    char* const start = out;
    for (; *pattern != '\0'; ++pattern) {
        const auto code = static_cast<unsigned char>(*pattern);
        if (code >= 32) {
            *out++ = *pattern;
            continue;
        }
        unsigned value = text.values[code & 7];
        if (code & date_field::name) {
            for (unsigned i = 0; i < 3; ++i) *out++ = date_names[value * 3 + i];
            continue;
        }
        const unsigned width = code & date_field::four_digits ? 4 : 2;
        for (unsigned i = width; i-- > 0; value /= 10) out[i] = static_cast<char>('0' + value % 10);
        out += width;
    }
    return static_cast<std::size_t>(out - start);
}

// "2018-09-19"; the date is valid and its year in 0000-9999.
constexpr std::size_t write_iso_date(char* out, const civil_date& date) noexcept {
    return write_date_text(out, iso_date_pattern, date_text_of(date));
}

// "Wed, 19 Sep 2018 20:00:00 GMT" for a formattable time (rfc2822_length bytes).
constexpr std::size_t write_rfc2822(char* out, std::int64_t seconds) noexcept {
    return write_date_text(out, rfc2822_pattern, take_apart(seconds));
}

// One unsigned comparison (the distance from the first second, wrapped around below it) where two signed
// 64-bit ones take twice the code.
constexpr bool is_formattable(std::int64_t seconds) noexcept {
    return static_cast<std::uint64_t>(seconds) - static_cast<std::uint64_t>(first_formattable_second) <=
           static_cast<std::uint64_t>(last_formattable_second - first_formattable_second);
}

}  // namespace detail

// ---- parsing: each returns {} and sets `out`, or returns errc::invalid_date and leaves `out` alone ----
//
// RFC 2822, e.g. "Wed, 19 Sep 2018 20:00:00 +0000":
//   - the day name is optional; it must be a real day name, but by default it need not match the date:
//     servers get it wrong (SignalWire's own Project example says "Sat, 16 Sep 2018", a Sunday), and the
//     date itself is what counts. Pass weekday_check::verify to insist;
//   - day and month names are any case-insensitive prefix of at least 3 letters of the English name
//     ("Sep", "SEPT", "september", "Tues");
//   - day 1-2 digits; year 4 digits, or the obsolete 2 digits (00-49 -> 20xx, 50-99 -> 19xx) or 3 (1900 + n);
//   - time hh:mm or hh:mm:ss (2 digits each); second 60 is a leap second and counts as :59;
//   - zone +hhmm / -hhmm, or GMT, UT, UTC, Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT (any case);
//   - one or more spaces or tabs between tokens (none needed after the comma); no comments.
// ISO 8601 (extended format), e.g. "2018-09-19", "2018-09-19T20:00:00.25+02:00":
//   - a date alone is midnight UTC; years 0000-9999;
//   - 'T', 't' or one space before hh:mm[:ss[.fraction]]; the fraction may use '.' or ',' and has
//     nanosecond precision (digits past the ninth are dropped, not rounded);
//   - zone Z, +hh:mm, +hhmm or +hh (or '-'); a date-time without a zone is taken as UTC;
//   - hour 24 is not accepted.
// Both: surrounding spaces, tabs, CR and LF are ignored; anything else left over is an error.

inline error_code parse_rfc2822(std::string_view text, utc_timestamp& out,
                                     weekday_check check = weekday_check::ignore) noexcept {
    detail::date_fields f;
    return detail::date_result(detail::parse_rfc2822_fields(text, f, check), f, out);
}

inline error_code parse_iso8601(std::string_view text, utc_timestamp& out) noexcept {
    detail::date_fields f;
    return detail::date_result(detail::parse_iso8601_fields(text, f), f, out);
}

// Either format: text starting with four digits and '-' is read as ISO 8601, anything else as RFC 2822.
inline error_code parse_date(std::string_view text, utc_timestamp& out,
                                  weekday_check check = weekday_check::ignore) noexcept {
    detail::date_fields f;
    return detail::date_result(detail::parse_date_fields(text, f, check), f, out);
}

// An HTTP date (RFC 9110): IMF-fixdate, or the obsolete RFC 850 and asctime forms, read robustly as
// parse_http_date_seconds's comment says; always GMT. Day and month names count by their first three letters,
// in any case ("Sun", "Sunday", "SEPT"; the rest of the word is not checked); the day name need not be the
// date's weekday.
inline error_code parse_http_date(std::string_view text, utc_timestamp& out) noexcept {
    std::int64_t seconds = 0;
    if (!detail::parse_http_date_seconds(text, seconds)) return error_code(errc::invalid_date);
    out = {seconds, 0};
    return {};
}

// ---- formatting: returns the length written, or 0 (writing nothing) when `size` is too small or the
// ---- time falls outside years 0000-9999. No terminating NUL is written. Nanoseconds are dropped.

// "Wed, 19 Sep 2018 20:00:00 GMT" (rfc2822_length bytes): the form SignalWire documents for date filters.
constexpr std::size_t format_rfc2822(utc_timestamp t, char* out, std::size_t size) noexcept {
    if (out == nullptr || size < rfc2822_length || !detail::is_formattable(t.seconds)) return 0;
    detail::write_rfc2822(out, t.seconds);
    return rfc2822_length;
}

// "2018-09-19" (iso_date_length bytes): the UTC day the time falls in, the form Twilio documents.
constexpr std::size_t format_iso_date(utc_timestamp t, char* out, std::size_t size) noexcept {
    if (out == nullptr || size < iso_date_length || !detail::is_formattable(t.seconds)) return 0;
    detail::write_date_text(out, detail::iso_date_pattern, detail::take_apart(t.seconds));
    return iso_date_length;
}

}  // namespace swcalls
