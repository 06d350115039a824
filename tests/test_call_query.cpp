// Tests for swcalls/call_query.hpp. Included first to prove the header is self-contained.
//
// Expected timestamps were computed with GNU date, e.g. date -u -d '2018-09-19 20:00:00Z' +%s -> 1537387200.
#include <swcalls/call_query.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>

namespace {

using swcalls::call_query;
using swcalls::call_status;
using swcalls::date_filter;
using swcalls::errc;
using swcalls::utc_timestamp;
using namespace std::string_view_literals;

std::string formatted(const date_filter& f) {
    char out[swcalls::rfc2822_length + 1];
    out[swcalls::text_length(f)] = '#';
    const std::size_t n = swcalls::format_date_filter(f, out);
    if (n != 0) CHECK(out[n] == '#');  // exactly text_length bytes written
    return std::string(out, n);
}

std::error_code validate_with_date(const date_filter& f) {
    call_query q;
    q.end_time_after = f;
    return swcalls::validate(q);
}

}  // namespace

TEST_CASE("validate: an empty query and a full valid one") {
    CHECK(swcalls::validate(call_query{}) == std::error_code());
    call_query q;
    q.to = "+15551234567";
    q.from = "sip:alice@example.com";
    q.parent_call_sid = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    q.status = call_status::no_answer;
    q.start_time = date_filter::on_date(2018, 9, 19);
    q.start_time_before = date_filter::at({1537387200, 0});
    q.start_time_after = date_filter::on_date(2020, 2, 29);
    q.end_time = date_filter::on_date(0, 1, 1);
    q.end_time_before = date_filter::on_date(9999, 12, 31);
    q.end_time_after = date_filter::at({-1, 999999999});
    q.page = 0;
    q.page_size = 1000;
    q.page_token = "PAxxxxxxxxxx";
    CHECK(swcalls::validate(q) == std::error_code());
    q.to = "";  // an empty value is sent as it is, not refused
    CHECK(swcalls::validate(q) == std::error_code());
}

TEST_CASE("validate: Page and PageSize ranges") {
    call_query q;
    for (std::int64_t page : {std::int64_t(0), std::int64_t(1), std::int64_t(1) << 40}) {
        q.page = page;
        CHECK(swcalls::validate(q) == std::error_code());
    }
    for (std::int64_t page : {std::int64_t(-1), std::int64_t(-1000), INT64_MIN}) {
        q.page = page;
        CHECK(swcalls::validate(q) == errc::invalid_page);
    }
    q.page.reset();
    for (std::int64_t size : {1, 2, 50, 999, 1000}) {
        q.page_size = size;
        CHECK(swcalls::validate(q) == std::error_code());
    }
    for (std::int64_t size : {std::int64_t(0), std::int64_t(-1), std::int64_t(1001), INT64_MAX, INT64_MIN}) {
        CAPTURE(size);
        q.page_size = size;
        CHECK(swcalls::validate(q) == errc::invalid_page_size);
    }
}

TEST_CASE("validate: CR, LF or NUL in a text filter") {
    for (std::string_view bad : {"+1555\r\n"sv, "\n"sv, "a\rb"sv, "a\0b"sv}) {
        CAPTURE(std::string(bad));
        call_query q;
        q.to = bad;
        CHECK(swcalls::validate(q) == errc::invalid_header_value);
        q = {};
        q.from = bad;
        CHECK(swcalls::validate(q) == errc::invalid_header_value);
        q = {};
        q.parent_call_sid = bad;
        CHECK(swcalls::validate(q) == errc::invalid_header_value);
        q = {};
        q.page_token = bad;
        CHECK(swcalls::validate(q) == errc::invalid_header_value);
    }
    call_query q;
    q.to = "tab\tand space and unicode caf\xC3\xA9";  // odd, but percent-encoding carries it safely
    CHECK(swcalls::validate(q) == std::error_code());
}

TEST_CASE("validate: unknown status and impossible dates") {
    call_query q;
    q.status = call_status::unknown;
    CHECK(swcalls::validate(q) == errc::invalid_filter_value);

    CHECK(validate_with_date(date_filter::on_date(2019, 2, 29)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(1900, 2, 29)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(2000, 2, 29)) == std::error_code());
    CHECK(validate_with_date(date_filter::on_date(2018, 4, 31)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(2018, 0, 1)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(2018, 13, 1)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(2018, 1, 0)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(2018, 1, 32)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(-1, 1, 1)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::on_date(10000, 1, 1)) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::at({0, 1000000000})) == errc::invalid_filter_value);
    CHECK(validate_with_date(date_filter::at({253402300799, 0})) == std::error_code());       // 9999-12-31T23:59:59Z
    CHECK(validate_with_date(date_filter::at({253402300800, 0})) == errc::invalid_filter_value);  // year 10000
    CHECK(validate_with_date(date_filter::at({-62167219200, 0})) == std::error_code());      // 0000-01-01T00:00:00Z
    CHECK(validate_with_date(date_filter::at({-62167219201, 0})) == errc::invalid_filter_value);

    // Every date filter is checked, not only one of them.
    const date_filter bad = date_filter::on_date(2018, 2, 30);
    for (int which = 0; which < 6; ++which) {
        CAPTURE(which);
        call_query each;
        std::optional<date_filter>* slots[] = {&each.start_time, &each.start_time_before, &each.start_time_after,
                                               &each.end_time, &each.end_time_before, &each.end_time_after};
        *slots[which] = bad;
        CHECK(swcalls::validate(each) == errc::invalid_filter_value);
    }
}

TEST_CASE("format_date_filter: a date as YYYY-MM-DD, a timestamp as RFC 2822 GMT") {
    CHECK(formatted(date_filter::on_date(2018, 9, 19)) == "2018-09-19");
    CHECK(formatted(date_filter::on_date(2020, 2, 29)) == "2020-02-29");
    CHECK(formatted(date_filter::on_date(1, 1, 5)) == "0001-01-05");
    CHECK(formatted(date_filter::on_date(9999, 12, 31)) == "9999-12-31");
    CHECK(formatted(date_filter::at({1537387200, 0})) == "Wed, 19 Sep 2018 20:00:00 GMT");
    CHECK(formatted(date_filter::at({1537387200, 999999999})) == "Wed, 19 Sep 2018 20:00:00 GMT");  // seconds kept
    CHECK(formatted(date_filter::at({1710059400, 0})) == "Sun, 10 Mar 2024 08:30:00 GMT");
    CHECK(formatted(date_filter::at({-1, 0})) == "Wed, 31 Dec 1969 23:59:59 GMT");
    CHECK(formatted(date_filter::at({253402300799, 0})) == "Fri, 31 Dec 9999 23:59:59 GMT");
    CHECK(formatted(date_filter::on_date(2018, 2, 30)).empty());  // invalid: nothing written
    CHECK(formatted(date_filter::at({253402300800, 0})).empty());
    CHECK(swcalls::text_length(date_filter::on_date(2018, 9, 19)) == 10);
    CHECK(swcalls::text_length(date_filter::at({0, 0})) == 29);
}

TEST_CASE("parse_status_filter: the API's eight names, exactly") {
    struct named {
        std::string_view text;
        call_status status;
    };
    const named names[] = {
        {"queued", call_status::queued},       {"ringing", call_status::ringing},
        {"in-progress", call_status::in_progress}, {"canceled", call_status::canceled},
        {"completed", call_status::completed}, {"busy", call_status::busy},
        {"failed", call_status::failed},       {"no-answer", call_status::no_answer},
    };
    for (const named& n : names) {
        CAPTURE(n.text);
        call_status s = call_status::unknown;
        CHECK(swcalls::parse_status_filter(n.text, s) == std::error_code());
        CHECK(s == n.status);
    }
    for (std::string_view bad : {"", "unknown", "no_answer", "No-Answer", "COMPLETED", "cancelled", " busy", "busy\n"}) {
        CAPTURE(std::string(bad));
        call_status s = call_status::ringing;
        CHECK(swcalls::parse_status_filter(bad, s) == errc::invalid_filter_value);
        CHECK(s == call_status::ringing);  // untouched
    }
}

TEST_CASE("parse_date_filter: YYYY-MM-DD is a date, anything else with a time is a timestamp") {
    date_filter f;
    REQUIRE(swcalls::parse_date_filter("2018-09-19", f) == std::error_code());
    CHECK(f.kind == date_filter::form::date);
    CHECK(f.date.year == 2018);
    CHECK(f.date.month == 9);
    CHECK(f.date.day == 19);
    CHECK(formatted(f) == "2018-09-19");

    REQUIRE(swcalls::parse_date_filter(" 2020-02-29\r\n", f) == std::error_code());
    CHECK(f.kind == date_filter::form::date);
    CHECK(formatted(f) == "2020-02-29");

    struct timed {
        std::string_view text;
        std::int64_t seconds;
    };
    const timed cases[] = {
        {"Wed, 19 Sep 2018 20:00:00 +0000", 1537387200},
        {"Wed, 19 Sep 2018 20:00:00 GMT", 1537387200},
        {"Wed, 19 Sept 2018 20:00:01 +0000", 1537387201},  // the older spec's spelling
        {"19 Sep 2018 22:00:00 +0200", 1537387200},          // converted to UTC
        {"2018-09-19T20:00:00Z", 1537387200},
        {"2018-09-19T22:00:00+02:00", 1537387200},
        {"2018-09-19 20:00", 1537387200},
        {"2018-09-19T00:00:00Z", 1537315200},                // midnight, but given as a time: a timestamp
    };
    for (const timed& c : cases) {
        CAPTURE(c.text);
        date_filter t;
        REQUIRE(swcalls::parse_date_filter(c.text, t) == std::error_code());
        CHECK(t.kind == date_filter::form::timestamp);
        CHECK(t.time.seconds == c.seconds);
    }
    date_filter with_fraction;
    REQUIRE(swcalls::parse_date_filter("2018-09-19T20:00:00.5Z", with_fraction) == std::error_code());
    CHECK(formatted(with_fraction) == "Wed, 19 Sep 2018 20:00:00 GMT");
}

TEST_CASE("parse_date_filter: impossible dates and other text are refused, leaving the filter alone") {
    for (std::string_view bad : {"", "   ", "2018-02-30", "2019-02-29", "2018-13-01", "2018-00-10", "2018-01-00",
                                 "2018-9-19", "2018/09/19", "20180919", "2018-09-1x", "yesterday",
                                 "Fri, 30 Feb 2018 00:00:00 GMT", "2018-09-19T25:00:00Z", "2018-09-19T20:00:00Q",
                                 "Wed, 19 Sep 2018", "2018-09-19 junk"}) {
        CAPTURE(std::string(bad));
        date_filter f = date_filter::on_date(1999, 12, 31);
        CHECK(swcalls::parse_date_filter(bad, f) == errc::invalid_filter_value);
        CHECK(f.kind == date_filter::form::date);
        CHECK(f.date.year == 1999);
        CHECK(f.date.month == 12);
        CHECK(f.date.day == 31);
    }
}
