// Tests for swcalls/date.hpp. Included first to prove the header is self-contained.
//
// Every expected number was computed independently with GNU date, e.g.
//   date -u -d '2018-09-19 20:00:00Z' +%s   ->  1537387200
#include <swcalls/date.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>

namespace {

// floor(a / b) in 64 bits: the reference the library's 32-bit day arithmetic is checked against.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

using swcalls::utc_timestamp;
using swcalls::weekday_check;
using namespace std::string_view_literals;

// The text in a heap block of exactly its size, so AddressSanitizer catches a read one byte past the end
// (a view into a string literal or std::string would have a NUL or more text there).
struct exact_copy {
    std::unique_ptr<char[]> bytes;
    std::string_view view;
    explicit exact_copy(std::string_view text) : bytes(new char[text.size() + (text.empty() ? 1 : 0)]) {
        if (!text.empty()) std::memcpy(bytes.get(), text.data(), text.size());
        view = std::string_view(bytes.get(), text.size());
    }
};

// What a parse returned in seconds, or `rejected` when it failed (no real date is that far back).
constexpr std::int64_t rejected = std::numeric_limits<std::int64_t>::min();

template <class Parse>
std::int64_t seconds_from(Parse parse, std::string_view text) {
    INFO("text: \"", std::string(text), "\"");
    const exact_copy copy(text);
    utc_timestamp t{};
    const std::error_code ec = parse(copy.view, t);
    if (ec) {
        CHECK(ec == swcalls::errc::invalid_date);
        return rejected;
    }
    CHECK(t.nanoseconds < 1000000000u);
    return t.seconds;
}

std::int64_t rfc(std::string_view text, weekday_check check = weekday_check::verify) {
    return seconds_from([check](std::string_view s, utc_timestamp& t) { return swcalls::parse_rfc2822(s, t, check); },
                        text);
}
std::int64_t iso(std::string_view text) {
    return seconds_from([](std::string_view s, utc_timestamp& t) { return swcalls::parse_iso8601(s, t); }, text);
}
std::int64_t any(std::string_view text) {
    return seconds_from([](std::string_view s, utc_timestamp& t) { return swcalls::parse_date(s, t); }, text);
}

// True when every parser that could take `text` refuses it with errc::invalid_date and leaves `out` as it was.
bool rejected_untouched(std::string_view original) {
    INFO("text: \"", std::string(original), "\"");
    const exact_copy copy(original);
    const std::string_view text = copy.view;
    const utc_timestamp sentinel{123456789, 987654321};
    bool ok = true;
    auto check = [&](std::error_code ec, const utc_timestamp& out) {
        ok = ok && ec == swcalls::errc::invalid_date && swcalls::kind_of(ec) == swcalls::errc_kind::date &&
             out == sentinel;
    };
    utc_timestamp out = sentinel;
    check(swcalls::parse_date(text, out), out);
    out = sentinel;
    check(swcalls::parse_rfc2822(text, out), out);
    out = sentinel;
    check(swcalls::parse_rfc2822(text, out, weekday_check::ignore), out);
    out = sentinel;
    check(swcalls::parse_iso8601(text, out), out);
    CHECK(ok);
    return ok;
}

std::string rfc_text(utc_timestamp t) {
    char buffer[64];
    const std::size_t n = swcalls::format_rfc2822(t, buffer, sizeof buffer);
    return std::string(buffer, n);
}
std::string iso_date_text(utc_timestamp t) {
    char buffer[16];
    const std::size_t n = swcalls::format_iso_date(t, buffer, sizeof buffer);
    return std::string(buffer, n);
}

// The parsers are constexpr underneath: a date can be checked at compile time.
constexpr std::int64_t compile_time_seconds(std::string_view text) {
    swcalls::detail::date_fields f;
    return swcalls::detail::parse_date_fields(text, f, weekday_check::verify) ? swcalls::detail::to_timestamp(f).seconds
                                                                                : -1;
}
static_assert(compile_time_seconds("Wed, 19 Sep 2018 20:00:00 +0000") == 1537387200);
static_assert(compile_time_seconds("2018-09-19T20:00:00Z") == 1537387200);
static_assert(compile_time_seconds("Thu, 19 Sep 2018 20:00:00 +0000") == -1);

}  // namespace

TEST_SUITE("date") {

TEST_CASE("calendar arithmetic") {
    using namespace swcalls::detail;
    static_assert(days_from_civil(1970, 1, 1) == 0);
    static_assert(days_from_civil(1969, 12, 31) == -1);
    static_assert(days_from_civil(2000, 3, 1) == 11017);
    static_assert(days_from_civil(0, 1, 1) == -719528);
    static_assert(days_from_civil(10000, 1, 1) == 2932897);
    static_assert(first_formattable_second == -62167219200);
    static_assert(last_formattable_second == 253402300799);
    static_assert(weekday_from_days(0) == 4);   // Thursday
    static_assert(weekday_from_days(-1) == 3);  // Wednesday
    static_assert(weekday_from_days(days_from_civil(2018, 9, 19)) == 3);
    static_assert(weekday_from_days(days_from_civil(0, 1, 1)) == 6);  // Saturday, per date(1)

    CHECK(days_from_civil(2018, 9, 19) * 86400 == 1537315200);
    CHECK(days_from_civil(1900, 3, 1) * 86400 == -2203891200);
    CHECK(days_from_civil(1600, 2, 29) * 86400 == -11670998400);
    CHECK(days_from_civil(1, 1, 1) * 86400 == -62135596800);

    CHECK(is_leap_year(2020));
    CHECK(is_leap_year(2000));
    CHECK(is_leap_year(1600));
    CHECK(is_leap_year(0));
    CHECK_FALSE(is_leap_year(2019));
    CHECK_FALSE(is_leap_year(1900));
    CHECK_FALSE(is_leap_year(2100));
    CHECK(days_in_month(2020, 2) == 29);
    CHECK(days_in_month(2019, 2) == 28);
    CHECK(days_in_month(2018, 4) == 30);
    CHECK(days_in_month(2018, 12) == 31);
    CHECK(days_in_month(2018, 0) == 0);
    CHECK(days_in_month(2018, 13) == 0);

    // civil_from_days inverts days_from_civil on every day from year -1000 to 11000, and the days
    // are consecutive: the next day is day + 1, or the 1st of the next month, or January 1st.
    std::int64_t mismatches = 0;
    civil_date previous = civil_from_days(days_from_civil(-1000, 1, 1) - 1);
    CHECK(previous.year == -1001);
    CHECK(previous.month == 12);
    CHECK(previous.day == 31);
    for (std::int64_t day = days_from_civil(-1000, 1, 1); day < days_from_civil(11000, 1, 1); ++day) {
        const civil_date c = civil_from_days(day);
        const bool next_day = c.year == previous.year && c.month == previous.month && c.day == previous.day + 1;
        const bool next_month = c.year == previous.year && c.month == previous.month + 1 && c.day == 1 &&
                                previous.day == days_in_month(previous.year, previous.month);
        const bool next_year = c.year == previous.year + 1 && c.month == 1 && c.day == 1 && previous.month == 12 &&
                               previous.day == 31;
        if (!(next_day || next_month || next_year) || days_from_civil(c.year, c.month, c.day) != day ||
            weekday_from_days(day) != (weekday_from_days(day - 1) + 1) % 7)
            ++mismatches;
        previous = c;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("split_unix_seconds: whole days and the second of the day, without 64-bit division") {
    using namespace swcalls::detail;
    auto check = [](std::int64_t seconds) {
        const day_and_second s = split_unix_seconds(seconds);
        const std::int64_t days = floor_div(seconds, 86400);
        CHECK(s.days == days);
        CHECK(std::int64_t(s.second_of_day) == seconds - days * 86400);
    };
    static_assert(split_unix_seconds(-1).days == -1 && split_unix_seconds(-1).second_of_day == 86399);
    // Around every day boundary of the first and last formattable years, and of 1970, and a spread of
    // seconds across the whole formattable range (a step that is prime to 86400 and to 128).
    for (std::int64_t day : {days_from_civil(0, 1, 1), days_from_civil(1969, 12, 31), std::int64_t(0),
                             days_from_civil(2038, 1, 19), days_from_civil(9999, 12, 31)})
        for (std::int64_t d = day - 2; d <= day + 2; ++d)
            for (std::int64_t s : {std::int64_t(-129), std::int64_t(-128), std::int64_t(-1), std::int64_t(0),
                                   std::int64_t(1), std::int64_t(127), std::int64_t(128), std::int64_t(86399)})
                check(d * 86400 + s);
    for (std::int64_t s = first_formattable_second; s <= last_formattable_second; s += 1000000007) check(s);
    check(first_formattable_second);
    check(last_formattable_second);
}

TEST_CASE("timestamp comparisons") {
    const utc_timestamp a{10, 5}, b{10, 6}, c{11, 0}, d{-1, 999999999};
    CHECK(a == utc_timestamp{10, 5});
    CHECK(a != b);
    CHECK(a < b);
    CHECK(b < c);
    CHECK(d < a);
    CHECK_FALSE(a < a);
    CHECK(c > a);
    CHECK(a <= a);
    CHECK(a >= a);
    CHECK(utc_timestamp{} == utc_timestamp{0, 0});
}

TEST_CASE("RFC 2822: the dates the Compatibility API sends") {
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:01 +0000") == 1537387201);
    CHECK(rfc("Wed, 19 Sept 2018 20:00:00 +0000") == 1537387200);  // the legacy spec's spelling
    CHECK(rfc("Fri, 18 Oct 2019 16:00:00 +0000") == 1571414400);
    CHECK(rfc("Thu, 04 Apr 2024 18:32:15 +0000") == 1712255535);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 GMT") == 1537387200);
    CHECK(any("Wed, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(any("Wed, 19 Sept 2018 20:00:00 +0000") == 1537387200);

    utc_timestamp t{};
    REQUIRE_FALSE(swcalls::parse_rfc2822("Wed, 19 Sep 2018 20:00:00 +0000", t));
    CHECK(t == utc_timestamp{1537387200, 0});
}

TEST_CASE("RFC 2822: every month, by abbreviation, full name and in any case") {
    struct month_case {
        const char* abbreviation;
        const char* full;
        std::int64_t first_of_month_2018;
    };
    const month_case months[] = {
        {"Jan", "January", 1514764800}, {"Feb", "February", 1517443200}, {"Mar", "March", 1519862400},
        {"Apr", "April", 1522540800},   {"May", "May", 1525132800},       {"Jun", "June", 1527811200},
        {"Jul", "July", 1530403200},    {"Aug", "August", 1533081600},    {"Sep", "September", 1535760000},
        {"Oct", "October", 1538352000}, {"Nov", "November", 1541030400},  {"Dec", "December", 1543622400},
    };
    for (const auto& m : months) {
        const std::string abbreviation = m.abbreviation, full = m.full;
        std::string upper = full, lower = full;
        for (auto& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        for (auto& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        const std::string lower_abbreviation = lower.substr(0, 3);
        CAPTURE(full);
        CHECK(rfc("1 " + abbreviation + " 2018 00:00:00 +0000") == m.first_of_month_2018);
        CHECK(rfc("01 " + full + " 2018 00:00 GMT") == m.first_of_month_2018);
        CHECK(rfc("1 " + upper + " 2018 00:00 GMT") == m.first_of_month_2018);
        CHECK(rfc("1 " + lower + " 2018 00:00 GMT") == m.first_of_month_2018);
        CHECK(rfc("1 " + lower_abbreviation + " 2018 00:00 GMT") == m.first_of_month_2018);
        // Four letters are fine when they still spell the month; two letters, or a wrong letter, are not.
        if (full.size() >= 4) CHECK(rfc("1 " + full.substr(0, 4) + " 2018 00:00 GMT") == m.first_of_month_2018);
        CHECK(rfc("1 " + full.substr(0, 2) + " 2018 00:00 GMT") == rejected);
        CHECK(rfc("1 " + full + "x 2018 00:00 GMT") == rejected);
    }
    CHECK(rfc("19 SEPT 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("19 sept 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("19 Septe 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("19 Sepx 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("19 Sepember 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("19 Septembers 2018 20:00:00 +0000") == rejected);
}

TEST_CASE("RFC 2822: the day name must be the date's weekday") {
    CHECK(rfc("wed, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("WED, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("Wednesday, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("19 Sep 2018 20:00:00 +0000") == 1537387200);  // the day name is optional
    CHECK(rfc("Thu, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Tue, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Xyz, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("We, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Wed 19 Sep 2018 20:00:00 +0000") == rejected);  // the comma is required
    // The weekday is the one of the date as written, before the offset moves it: 20:00 -0500 is Thursday in
    // UTC, but the text says Wednesday the 19th.
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 -0500") == 1537405200);
    CHECK(rfc("Thu, 19 Sep 2018 20:00:00 -0500") == rejected);

    // Every day of one week.
    CHECK(rfc("Sun, 16 Sep 2018 00:00:00 GMT") == 1537056000);
    CHECK(rfc("Mon, 17 Sep 2018 00:00:00 GMT") == 1537142400);
    CHECK(rfc("Tue, 18 Sep 2018 00:00:00 GMT") == 1537228800);
    CHECK(rfc("Wed, 19 Sep 2018 00:00:00 GMT") == 1537315200);
    CHECK(rfc("Thu, 20 Sep 2018 00:00:00 GMT") == 1537401600);
    CHECK(rfc("Fri, 21 Sep 2018 00:00:00 GMT") == 1537488000);
    CHECK(rfc("Sat, 22 Sep 2018 00:00:00 GMT") == 1537574400);
    CHECK(rfc("Tues, 18 Sep 2018 00:00:00 GMT") == 1537228800);
    CHECK(rfc("Thurs, 20 Sep 2018 00:00:00 GMT") == 1537401600);

    // SignalWire's own Project example names the wrong day (16 Sep 2018 was a Sunday): by default the
    // parsers read it anyway (the date is what counts); weekday_check::verify refuses it.
    CHECK(rfc("Sat, 16 Sep 2018 10:00:00 +0000") == rejected);
    CHECK(rfc("Sat, 16 Sep 2018 10:00:00 +0000", weekday_check::ignore) == 1537092000);
    utc_timestamp t{};
    CHECK(swcalls::parse_date("Sat, 16 Sept 2018 10:00:00 +0000", t, weekday_check::verify) == swcalls::errc::invalid_date);
    CHECK(swcalls::parse_rfc2822("Sat, 16 Sept 2018 10:00:00 +0000", t, weekday_check::verify) == swcalls::errc::invalid_date);
    CHECK_FALSE(swcalls::parse_date("Sat, 16 Sept 2018 10:00:00 +0000", t));
    CHECK(t.seconds == 1537092000);
    t = {};
    CHECK_FALSE(swcalls::parse_rfc2822("Sat, 16 Sept 2018 10:00:00 +0000", t));
    CHECK(t.seconds == 1537092000);
    // ignore still wants a real day name.
    CHECK(rfc("Xyz, 16 Sep 2018 10:00:00 +0000", weekday_check::ignore) == rejected);
}

TEST_CASE("RFC 2822: zones") {
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 GMT") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 UT") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 UTC") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 Z") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 gmt") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 -0000") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0200") == 1537380000);  // 18:00:00Z
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0530") == 1537367400);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +1400") == 1537336800);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 -0930") == 1537421400);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 -2359") == 1537387200 + 23 * 3600 + 59 * 60);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 EST") == 1537405200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 EDT") == 1537401600);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 CST") == 1537408800);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 CDT") == 1537405200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 MST") == 1537412400);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 MDT") == 1537408800);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 PST") == 1537416000);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 PDT") == 1537412400);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 pdt") == 1537412400);

    CHECK(rfc("Wed, 19 Sep 2018 20:00:00") == rejected);  // a zone is required
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0060") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +2400") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +00000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +00:00") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 ++0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 CET") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 GMTX") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 GMT+1") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 A") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00+0000") == rejected);  // the zone needs white space before it
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0000 (UTC)") == rejected);  // comments are not supported
}

TEST_CASE("RFC 2822: offsets that cross midnight, the year, and the epoch") {
    // 23:30 at -0100 is 00:30 the next day in UTC, and here the next year.
    CHECK(rfc("Thu, 31 Dec 2020 23:30:00 -0100") == 1609461000);
    // 00:30 at +0100 is 23:30 the day before, in the year before.
    CHECK(rfc("Wed, 01 Jan 2020 00:30:00 +0100") == 1577835000);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 -0800") == 1537416000);  // Thursday 04:00Z
    CHECK(rfc("Thu, 01 Jan 1970 00:00:00 +0000") == 0);
    CHECK(rfc("Thu, 01 Jan 1970 00:00:00 +0001") == -60);
    CHECK(rfc("Wed, 31 Dec 1969 23:59:59 GMT") == -1);
    CHECK(rfc("Wed, 31 Dec 1969 23:00:00 -0100") == 0);
    CHECK(rfc("Fri, 31 Dec 1999 23:59:59 GMT") == 946684799);
    CHECK(rfc("Sat, 01 Jan 2000 00:00:00 GMT") == 946684800);
    CHECK(rfc("Tue, 19 Jan 2038 03:14:08 GMT") == 2147483648);  // past 32-bit time_t
    CHECK(rfc("Sun, 07 Feb 2106 06:28:16 GMT") == 4294967296);  // past unsigned 32-bit
    CHECK(rfc("Mon, 01 Jan 1900 00:00:00 GMT") == -2208988800);
}

TEST_CASE("RFC 2822: leap years and day ranges") {
    CHECK(rfc("Sat, 29 Feb 2020 12:00:00 +0000") == 1582977600);
    CHECK(rfc("29 Feb 2000 00:00 GMT") == 951782400);      // divisible by 400: leap
    CHECK(rfc("29 Feb 2019 00:00 GMT") == rejected);
    CHECK(rfc("Fri, 29 Feb 2019 00:00:00 GMT") == rejected);
    CHECK(rfc("29 Feb 1900 00:00 GMT") == rejected);       // divisible by 100: not leap
    CHECK(rfc("29 Feb 2100 00:00 GMT") == rejected);
    CHECK(rfc("30 Feb 2020 00:00 GMT") == rejected);
    CHECK(rfc("31 Apr 2018 00:00 GMT") == rejected);
    CHECK(rfc("31 Jun 2018 00:00 GMT") == rejected);
    CHECK(rfc("31 Sep 2018 00:00 GMT") == rejected);
    CHECK(rfc("31 Nov 2018 00:00 GMT") == rejected);
    CHECK(rfc("30 Sep 2018 00:00 GMT") == 1535760000 + 29 * 86400);
    CHECK(rfc("31 Dec 2018 23:59:59 GMT") == 1546300799);
    CHECK(rfc("32 Dec 2018 00:00 GMT") == rejected);
    CHECK(rfc("0 Dec 2018 00:00 GMT") == rejected);
    CHECK(rfc("00 Dec 2018 00:00 GMT") == rejected);
}

TEST_CASE("RFC 2822: years") {
    CHECK(rfc("15 Jun 1950 00:00 GMT") == -616896000);
    CHECK(rfc("15 Jun 50 00:00 GMT") == -616896000);   // 50-99 -> 1950-1999
    CHECK(rfc("15 Jun 49 00:00 GMT") == 2507328000);   // 00-49 -> 2000-2049
    CHECK(rfc("Wed, 19 Sep 18 20:00:00 +0000") == 1537387200);
    CHECK(rfc("Sat, 01 Jan 00 00:00:00 GMT") == 946684800);
    CHECK(rfc("Fri, 31 Dec 99 23:59:59 GMT") == 946684799);
    CHECK(rfc("15 Jun 019 00:00 GMT") == -1595203200);  // three digits: 1900 + n
    CHECK(rfc("15 Jun 1919 00:00 GMT") == -1595203200);
    CHECK(rfc("01 Jan 0000 00:00 GMT") == -62167219200);
    CHECK(rfc("31 Dec 9999 23:59:59 GMT") == 253402300799);
    CHECK(rfc("15 Jun 9 00:00 GMT") == rejected);
    CHECK(rfc("15 Jun 20180 00:00 GMT") == rejected);
    CHECK(rfc("15 Jun -2018 00:00 GMT") == rejected);
}

TEST_CASE("RFC 2822: times") {
    CHECK(rfc("Wed, 19 Sep 2018 20:00 +0000") == 1537387200);  // seconds are optional
    CHECK(rfc("Wed, 19 Sep 2018 20:00:59 +0000") == 1537387259);
    CHECK(rfc("Wed, 19 Sep 2018 00:00:00 +0000") == 1537315200);
    CHECK(rfc("Wed, 19 Sep 2018 23:59:59 +0000") == 1537315200 + 86399);
    // A leap second is accepted and counts as :59 (Unix time has none).
    CHECK(rfc("Sat, 31 Dec 2016 23:59:60 +0000") == 1483228799);
    CHECK(rfc("Sat, 31 Dec 2016 23:59:59 +0000") == 1483228799);
    CHECK(rfc("Wed, 19 Sep 2018 24:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 25:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:60:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:61 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 2:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:0:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:0 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 200:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:000 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00: +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00.5 +0000") == rejected);  // no fractions in RFC 2822
    CHECK(rfc("Wed, 19 Sep 2018 20.00.00 +0000") == rejected);
}

TEST_CASE("RFC 2822: white space") {
    CHECK(rfc("Wed,19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("Wed , 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(rfc("Wed,  19   Sep\t2018 \t 20:00:00\t\t+0000") == 1537387200);
    CHECK(rfc("  Wed, 19 Sep 2018 20:00:00 +0000  ") == 1537387200);
    CHECK(rfc("\tWed, 19 Sep 2018 20:00:00 +0000\r\n") == 1537387200);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 +0000\r\n") == 1537387200);
    CHECK(rfc("Wed, 19Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 201820:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20 :00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20: 00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19 Sep 2018 20:00:00 + 0000") == rejected);
    CHECK(rfc("Wed, 19\nSep 2018 20:00:00 +0000") == rejected);  // only spaces and tabs between tokens
    CHECK(rfc("Wed, 19\rSep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Wed, 19\vSep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("Wed,, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("1 Jan 2018 00:00 GMT") == 1514764800);  // a one-digit day
}

TEST_CASE("ISO 8601: dates and date-times") {
    CHECK(iso("2018-09-19") == 1537315200);  // midnight UTC
    CHECK(iso("2018-09-19T20:00:00Z") == 1537387200);
    CHECK(iso("2018-09-19t20:00:00z") == 1537387200);
    CHECK(iso("2018-09-19 20:00:00Z") == 1537387200);
    CHECK(iso("2018-09-19T20:00Z") == 1537387200);
    CHECK(iso("2018-09-19T20:00") == 1537387200);       // no zone: UTC
    CHECK(iso("2018-09-19T20:00:00") == 1537387200);
    CHECK(iso("2018-09-19T20:00:01Z") == 1537387201);
    CHECK(iso("2018-09-19T20:00:00+02:00") == 1537380000);
    CHECK(iso("2018-09-19T20:00:00+0200") == 1537380000);
    CHECK(iso("2018-09-19T20:00:00+02") == 1537380000);
    CHECK(iso("2018-09-19T20:00+02:00") == 1537380000);
    CHECK(iso("2018-09-19T20:00:00+05:30") == 1537367400);
    CHECK(iso("2018-09-19T20:00:00-09:30") == 1537421400);
    CHECK(iso("2018-09-19T20:00:00-00:00") == 1537387200);
    CHECK(iso("2020-12-31T23:30:00-01:00") == 1609461000);  // into the next year
    CHECK(iso("2020-01-01T00:30:00+01:00") == 1577835000);  // back into the previous year
    CHECK(iso("1970-01-01") == 0);
    CHECK(iso("1969-12-31") == -86400);
    CHECK(iso("1969-12-31T12:00:00Z") == -43200);
    CHECK(iso("0000-01-01") == -62167219200);
    CHECK(iso("0001-01-01T00:00:00Z") == -62135596800);
    CHECK(iso("9999-12-31T23:59:59Z") == 253402300799);
    CHECK(iso("2020-02-29") == 1582934400);
    CHECK(iso("2000-02-29") == 951782400);
    CHECK(iso("2016-12-31T23:59:60Z") == 1483228799);  // leap second counts as :59
    CHECK(iso(" 2018-09-19T20:00:00Z\r\n") == 1537387200);
    for (int month = 1; month <= 12; ++month) {
        std::string text = "2018-00-01";
        text[5] = static_cast<char>('0' + month / 10);
        text[6] = static_cast<char>('0' + month % 10);
        CAPTURE(text);
        CHECK(iso(text) == swcalls::detail::days_from_civil(2018, static_cast<unsigned>(month), 1) * 86400);
    }
}

TEST_CASE("ISO 8601: fractions") {
    utc_timestamp t{};
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.5Z", t));
    CHECK(t == utc_timestamp{1537387200, 500000000});
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00,25Z", t));
    CHECK(t == utc_timestamp{1537387200, 250000000});
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.123456789+02:00", t));
    CHECK(t == utc_timestamp{1537380000, 123456789});
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.000001Z", t));
    CHECK(t == utc_timestamp{1537387200, 1000});
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.000000000Z", t));
    CHECK(t == utc_timestamp{1537387200, 0});
    // Past nine digits the rest is dropped, not rounded.
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.1234567899999Z", t));
    CHECK(t == utc_timestamp{1537387200, 123456789});
    REQUIRE_FALSE(swcalls::parse_iso8601("2018-09-19T20:00:00.999999999999999999999999999999999999", t));
    CHECK(t == utc_timestamp{1537387200, 999999999});
    REQUIRE_FALSE(swcalls::parse_iso8601("2016-12-31T23:59:60.5Z", t));
    CHECK(t == utc_timestamp{1483228799, 500000000});
    // Before the epoch the fraction still adds: -1 s + 0.25 s is 23:59:59.25 on 1969-12-31.
    REQUIRE_FALSE(swcalls::parse_date("1969-12-31T23:59:59.25Z", t));
    CHECK(t == utc_timestamp{-1, 250000000});

    CHECK(iso("2018-09-19T20:00:00.Z") == rejected);
    CHECK(iso("2018-09-19T20:00:00.") == rejected);
    CHECK(iso("2018-09-19T20:00.5Z") == rejected);  // a fraction needs seconds
    CHECK(iso("2018-09-19T20:00:00.5.5Z") == rejected);
    CHECK(iso("2018-09-19T20:00:00.x") == rejected);
}

TEST_CASE("ISO 8601: rejected") {
    CHECK(iso("2018-13-01") == rejected);
    CHECK(iso("2018-00-01") == rejected);
    CHECK(iso("2018-09-00") == rejected);
    CHECK(iso("2018-09-31") == rejected);
    CHECK(iso("2019-02-29") == rejected);
    CHECK(iso("1900-02-29") == rejected);
    CHECK(iso("2018-9-19") == rejected);
    CHECK(iso("2018-09-9") == rejected);
    CHECK(iso("18-09-19") == rejected);
    CHECK(iso("20180-09-19") == rejected);
    CHECK(iso("+2018-09-19") == rejected);
    CHECK(iso("-2018-09-19") == rejected);
    CHECK(iso("20180919") == rejected);            // basic format is not supported
    CHECK(iso("20180919T200000Z") == rejected);
    CHECK(iso("2018/09/19") == rejected);
    CHECK(iso("2018-09-19T") == rejected);
    CHECK(iso("2018-09-19Z") == rejected);          // a zone needs a time
    CHECK(iso("2018-09-19T20") == rejected);
    CHECK(iso("2018-09-19T20Z") == rejected);
    CHECK(iso("2018-09-19T24:00:00Z") == rejected);  // hour 24 is not accepted
    CHECK(iso("2018-09-19T25:00") == rejected);
    CHECK(iso("2018-09-19T20:60") == rejected);
    CHECK(iso("2018-09-19T20:00:61") == rejected);
    CHECK(iso("2018-09-19T2:00:00") == rejected);
    CHECK(iso("2018-09-19T20:00:0") == rejected);
    CHECK(iso("2018-09-19X20:00:00") == rejected);
    CHECK(iso("2018-09-1920:00:00") == rejected);  // the separator is required
    CHECK(iso("2018-09-19  20:00:00") == rejected);  // one separator only
    CHECK(iso("2018-09-19T20:00:00ZZ") == rejected);
    CHECK(iso("2018-09-19T20:00:00Z junk") == rejected);
    CHECK(iso("2018-09-19T20:00:00+2") == rejected);
    CHECK(iso("2018-09-19T20:00:00+02:") == rejected);
    CHECK(iso("2018-09-19T20:00:00+02:0") == rejected);
    CHECK(iso("2018-09-19T20:00:00+02:000") == rejected);
    CHECK(iso("2018-09-19T20:00:00+020") == rejected);
    CHECK(iso("2018-09-19T20:00:00+24:00") == rejected);
    CHECK(iso("2018-09-19T20:00:00+02:60") == rejected);
    CHECK(iso("2018-09-19T20:00:00 +02:00") == rejected);
    CHECK(iso("2018-09-19T20:00:00 Z") == rejected);
    CHECK(iso("2018-09-19T20:00:00UTC") == rejected);
    CHECK(iso("Wed, 19 Sep 2018 20:00:00 +0000") == rejected);
    CHECK(rfc("2018-09-19T20:00:00Z") == rejected);
}

TEST_CASE("HTTP dates: the three forms of RFC 9110, read robustly, always GMT") {
    // date -u -d '1994-11-06 08:49:37Z' +%s -> 784111777 (RFC 9110's own example, in its three forms)
    for (std::string_view text : {
             "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
             // the leniency RFC 9110 asks of recipients
             "Sun Nov 06 08:49:37 1994", "Sun Nov 6 08:49:37 1994", "Sun Nov   6 08:49:37 1994",
             "  Sun, 06 Nov 1994 08:49:37 GMT\r\n", "sun, 06 NOV 1994 08:49:37 gmt",
             "Sun, 6 Nov 1994 08:49:37 GMT",  // Java's RFC_1123_DATE_TIME writes a one-digit day
             "Sun,\t06  Nov\t1994   08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 UT",
             "Sun, 06 Nov 1994 08:49:37 Z", "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 06 Nov 1994 08:49:37 -0000",
             // day and month names as parse_rfc2822 reads them, whatever the form
             "Sunday, 06 Nov 1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sun, 06 November 1994 08:49:37 GMT",
             "SUNDAY, 06-NOVEMBER-94 08:49:37 GMT"}) {
        CAPTURE(text);
        utc_timestamp t{1, 1};
        CHECK_FALSE(swcalls::parse_http_date(text, t));
        CHECK(t == utc_timestamp{784111777, 0});
    }
    utc_timestamp t;
    REQUIRE_FALSE(swcalls::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT", t));
    CHECK(t.seconds == 1445412480);  // date -u -d '2015-10-21 07:28:00Z' +%s
    REQUIRE_FALSE(swcalls::parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT", t));
    CHECK(t.seconds == 0);
    // RFC 850's two-digit years: 00-49 are 20xx, 50-99 19xx (a fixed window; see parse_http_date_seconds).
    REQUIRE_FALSE(swcalls::parse_http_date("Friday, 31-Dec-49 23:59:59 GMT", t));
    CHECK(t.seconds == 2524607999);  // date -u -d '2049-12-31 23:59:59Z' +%s
    REQUIRE_FALSE(swcalls::parse_http_date("Monday, 06-Nov-50 08:49:37 GMT", t));
    CHECK(t.seconds == -604422623);  // date -u -d '1950-11-06 08:49:37Z' +%s
    REQUIRE_FALSE(swcalls::parse_http_date("Thu Feb 29 12:00:00 2024", t));
    CHECK(t.seconds == 1709208000);  // date -u -d '2024-02-29 12:00:00Z' +%s

    for (std::string_view bad : {
             "", "GMT", "Sun, 06 Nov 1994 08:49:37 +0100",  // an HTTP date is GMT: no other offset
             "Sun, 06 Nov 1994 08:49:37 -0500", "Sun, 06 Nov 1994 08:49:37 EST", "Sun, 06 Nov 1994 08:49:37 GMTX",
             "Sun, 06 Nov 1994 08:49:37 GMT+0", "Sun, 06 Nov 1994 08:49:37 +000", "Sun, 06 Nov 1994 08:49:37",
             "Sun, 006 Nov 1994 08:49:37 GMT",    // a day of three digits
             "Sun, 06 Nov 94 08:49:37 GMT",       // IMF-fixdate's year has four digits
             "Sunday, 06-Nov-1994 08:49:37 GMT",  // RFC 850's two
             "Sun, 06-Nov 1994 08:49:37 GMT", "Sun, 06 Nov-1994 08:49:37 GMT", "Sun,06 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 31 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nox 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "06 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 1994 24:00:00 GMT", "Sun Nov  6 08:49:37 1994 GMT", "Sun Nov 006 08:49:37 1994",
             "Sun Nov  6 08:49:37 94", "Sun, Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z",
             "Sun, 06 Nov 1994 08:49:37 GMT x", "Su, 06 Nov 1994 08:49:37 GMT", "Sun, 06 No 1994 08:49:37 GMT",
             "Sun, 06 Nov1994 08:49:37 GMT"}) {
        CAPTURE(bad);
        utc_timestamp untouched{5, 6};
        CHECK(swcalls::parse_http_date(bad, untouched) == swcalls::errc::invalid_date);
        CHECK(untouched == utc_timestamp{5, 6});
    }
}

TEST_CASE("parse_date picks the format by shape") {
    CHECK(any("2018-09-19") == 1537315200);
    CHECK(any("2018-09-19T20:00:00.5+02:00") == 1537380000);
    CHECK(any("  2018-09-19 20:00:00  ") == 1537387200);
    CHECK(any("Wed, 19 Sep 2018 20:00:00 +0000") == 1537387200);
    CHECK(any("19 Sep 2018 20:00:00 GMT") == 1537387200);
    CHECK(any("19 Sep 18 20:00:00 GMT") == 1537387200);
    CHECK(any("Thu, 19 Sep 2018 20:00:00 +0000") == 1537387200);  // a wrong day name is not checked by default
    CHECK(any("Thx, 19 Sep 2018 20:00:00 +0000") == rejected);      // but it must be a day name
    CHECK(any("2018-13-19") == rejected);
}

TEST_CASE("garbage is rejected and leaves the output alone") {
    const std::string_view bad[] = {
        "",
        " ",
        "\t\r\n",
        "Wed,",
        "Wed, ",
        "Wed",
        ",",
        "19",
        "19 Sep",
        "19 Sep 2018",
        "19 Sep 2018 ",
        "19 Sep 2018 20:00",
        "32 Sep 2018 20:00:00 +0000",
        "Wed, 32 Sep 2018 20:00:00 +0000",
        "19 Foo 2018 20:00:00 +0000",
        "19 Se 2018 20:00:00 +0000",
        "19 S3p 2018 20:00:00 +0000",
        "Wed, 19 Sep 2018 25:00:00 +0000",
        "25:00",
        "20:00:00",
        "2018-13-01",
        "2018-02-30",
        "2019-02-29",
        "29 Feb 2019 00:00:00 GMT",
        "Thu, 19 Sep 2018 20:00:00 +0000 junk",
        "Wed, 19 Sep 2018 20:00:00 +0000 x",
        "Wed, 19 Sep 2018 20:00:00 +0000,",
        "Wed, 19 Sep 2018 20:00:00 +0000Z",
        "Wed, 19 Sep 2018 20:00:00 GMT GMT",
        "x Wed, 19 Sep 2018 20:00:00 +0000",
        "2018-09-19junk",
        "2018-09-19T20:00:00Zjunk",
        "2018-09-19T20:00:00.5Z.",
        "99999999999999999999999999999999 Sep 2018 20:00:00 +0000",
        "19 Sep 99999999999999999999999999999999 20:00:00 +0000",
        "19 Sep 2018 99999999999999999999999999999999:00:00 +0000",
        "19 Sep 2018 20:00:00 +99999999999999999999999999999999",
        "99999999999999999999999999999999-09-19",
        "2018-99999999999999999999999999999999-19",
        "2018-09-19T20:00:00+99999999999999999999999999999999",
        "99999999999999999999999999999999",
        "-1",
        "1537387200",
        "Wed, 19 Sep 2018 20:00:00 +0000\x7f",
        "Wed, 19 Sep 2018 20:00:00 \xc2\xa0+0000",  // a no-break space is not white space here
        "\xef\xbb\xbf" "2018-09-19",               // nor is a byte order mark
        "Wed, 19 Sep 2018 20:00:00 +0000"sv.substr(0, 30),  // cut inside the zone
        "2018-09-19T20:00:00+02:00"sv.substr(0, 24),
        "2018-09-19"sv.substr(0, 9),
        // Embedded NUL bytes are bytes like any other: never white space, never the end of the text.
        "Wed, 19 Sep 2018 20:00:00 +0000\0"sv,
        "Wed, 19 Sep 2018\0 20:00:00 +0000"sv,
        "\0Wed, 19 Sep 2018 20:00:00 +0000"sv,
        "2018-09-19\0"sv,
        "2018-09-19T20:00:00\0Z"sv,
        "2018\0-09-19"sv,
    };
    for (const std::string_view text : bad) CHECK(rejected_untouched(text));

    // A view that stops short of a valid string must not read on into it.
    const char whole[] = "Wed, 19 Sep 2018 20:00:00 +0000";
    for (std::size_t n = 0; n + 1 < sizeof whole; ++n) {
        const std::string_view prefix(whole, n);
        // No proper prefix is a date: the shortest complete form still ends in a zone.
        CHECK(rejected_untouched(prefix));
    }
    const char iso_whole[] = "2018-09-19T20:00:00.123+02:00";
    for (std::size_t n = 0; n + 1 < sizeof iso_whole; ++n) {
        const std::string_view prefix(iso_whole, n);
        const exact_copy copy(prefix);
        utc_timestamp t{};
        const bool accepted = !swcalls::parse_iso8601(copy.view, t);
        // These prefixes are complete dates of their own: the date, hh:mm, hh:mm:ss, each fraction
        // length, and "+02" (a zone of hours only).
        const bool expected = n == 10 || n == 16 || n == 19 || (n >= 21 && n <= 23) || n == 26;
        CAPTURE(n);
        CHECK(accepted == expected);
        if (!expected) CHECK(rejected_untouched(prefix));
    }
}

TEST_CASE("format_rfc2822 and format_iso_date") {
    CHECK(rfc_text({1537387200, 0}) == "Wed, 19 Sep 2018 20:00:00 GMT");
    CHECK(rfc_text({1537387201, 999999999}) == "Wed, 19 Sep 2018 20:00:01 GMT");  // nanoseconds dropped
    CHECK(rfc_text({0, 0}) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(rfc_text({-1, 0}) == "Wed, 31 Dec 1969 23:59:59 GMT");
    CHECK(rfc_text({1582977600, 0}) == "Sat, 29 Feb 2020 12:00:00 GMT");
    CHECK(rfc_text({1712255535, 0}) == "Thu, 04 Apr 2024 18:32:15 GMT");
    CHECK(rfc_text({-62167219200, 0}) == "Sat, 01 Jan 0000 00:00:00 GMT");
    CHECK(rfc_text({253402300799, 0}) == "Fri, 31 Dec 9999 23:59:59 GMT");
    CHECK(rfc_text({-62167219201, 0}).empty());  // year -1: not four digits
    CHECK(rfc_text({253402300800, 0}).empty());  // year 10000
    CHECK(rfc_text({std::numeric_limits<std::int64_t>::min(), 0}).empty());
    CHECK(rfc_text({std::numeric_limits<std::int64_t>::max(), 0}).empty());

    CHECK(iso_date_text({1537387200, 0}) == "2018-09-19");
    CHECK(iso_date_text({1537315200, 0}) == "2018-09-19");  // midnight
    CHECK(iso_date_text({1537401599, 0}) == "2018-09-19");  // the last second of the day
    CHECK(iso_date_text({1537401600, 0}) == "2018-09-20");
    CHECK(iso_date_text({-1, 0}) == "1969-12-31");
    CHECK(iso_date_text({-86400, 0}) == "1969-12-31");
    CHECK(iso_date_text({-86401, 0}) == "1969-12-30");
    CHECK(iso_date_text({-62167219200, 0}) == "0000-01-01");
    CHECK(iso_date_text({253402300799, 0}) == "9999-12-31");
    CHECK(iso_date_text({253402300800, 0}).empty());
    CHECK(iso_date_text({std::numeric_limits<std::int64_t>::min(), 0}).empty());

    static_assert(swcalls::rfc2822_length == 29);
    static_assert(swcalls::iso_date_length == 10);

    // Too small a buffer: 0, and nothing written.
    char buffer[40];
    std::memset(buffer, '#', sizeof buffer);
    CHECK(swcalls::format_rfc2822({1537387200, 0}, buffer, 28) == 0);
    CHECK(swcalls::format_iso_date({1537387200, 0}, buffer, 9) == 0);
    CHECK(swcalls::format_rfc2822({1537387200, 0}, buffer, 0) == 0);
    CHECK(swcalls::format_rfc2822({1537387200, 0}, nullptr, 100) == 0);
    CHECK(swcalls::format_iso_date({1537387200, 0}, nullptr, 100) == 0);
    CHECK(swcalls::format_rfc2822({253402300800, 0}, buffer, sizeof buffer) == 0);
    for (char c : buffer) CHECK(c == '#');
    // Exactly enough: the full length, and not one byte more (no terminating NUL).
    CHECK(swcalls::format_rfc2822({1537387200, 0}, buffer, 29) == 29);
    CHECK(std::string_view(buffer, 29) == "Wed, 19 Sep 2018 20:00:00 GMT");
    CHECK(buffer[29] == '#');
    std::memset(buffer, '#', sizeof buffer);
    CHECK(swcalls::format_iso_date({1537387200, 0}, buffer, 10) == 10);
    CHECK(std::string_view(buffer, 10) == "2018-09-19");
    CHECK(buffer[10] == '#');

    // The formatters are constexpr.
    constexpr auto formatted = [] {
        std::array<char, 29> b{};
        swcalls::format_rfc2822({1537387200, 0}, b.data(), b.size());
        return b;
    }();
    static_assert(formatted[0] == 'W' && formatted[5] == '1' && formatted[8] == 'S' && formatted[28] == 'T');
}

TEST_CASE("format and parse round trip") {
    // Every formatted time parses back to itself (to the second), by both parse_rfc2822 and parse_date,
    // and its ISO date parses back to the start of its UTC day: a step that is prime in seconds visits
    // every weekday, month, hour, minute and second across years 0000-9999.
    const std::int64_t first = swcalls::detail::first_formattable_second;
    const std::int64_t last = swcalls::detail::last_formattable_second;
    std::int64_t failures = 0, count = 0;
    auto check_one = [&](std::int64_t s) {
        const utc_timestamp t{s, 0};
        const std::string text = rfc_text(t);
        const std::string day = iso_date_text(t);
        utc_timestamp back{}, back_any{}, day_start{};
        const bool ok = text.size() == 29 && day.size() == 10 && !swcalls::parse_rfc2822(text, back) &&
                        !swcalls::parse_date(text, back_any) && back == t && back_any == t &&
                        !swcalls::parse_iso8601(day, day_start) &&
                        day_start.seconds == floor_div(s, 86400) * 86400 &&
                        day_start.nanoseconds == 0;
        if (!ok) {
            if (failures < 5) {
                INFO("seconds ", s, " -> \"", text, "\", \"", day, "\"");
                CHECK(ok);
            }
            ++failures;
        }
        ++count;
    };
    for (std::int64_t s = first; s <= last; s += 3155699) check_one(s);  // ~100 000 points
    for (std::int64_t s = -200000; s <= 200000; s += 7) check_one(s);   // every second of the day near 1970
    check_one(first);
    check_one(last);
    CHECK(count > 150000);
    CHECK(failures == 0);

    // A parsed date formats back to the canonical text.
    utc_timestamp t{};
    REQUIRE_FALSE(swcalls::parse_date("wed,19   sept 18 22:00:00 +0200", t));
    CHECK(rfc_text(t) == "Wed, 19 Sep 2018 20:00:00 GMT");
    REQUIRE_FALSE(swcalls::parse_date("2018-09-19T23:30:00-01:00", t));
    CHECK(iso_date_text(t) == "2018-09-20");
}

}  // TEST_SUITE
