// Tests of the mock's LaML endpoint (tools/mock/mock_api.hpp) without sockets: its pages read back through
// the core's page parser as exactly the data set, paging by next_page_uri visits every call once, every
// filter selects what a direct filter over the data set selects, and bad requests get the API's errors.
// Targets come from the core's own request writer, so the mock is tested on exactly what the library sends.
#include "mock_api.hpp"

#include <swcalls/api_error.hpp>
#include <swcalls/call_query.hpp>
#include <swcalls/date.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/number.hpp>
#include <swcalls/page_parser.hpp>
#include <swcalls/request_writer.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace {

using swcalls_mock::api;
using swcalls_mock::api_options;
using swcalls_mock::call_record;

const std::string project = "a0c3e9f2-4b1d-4e8a-9c6f-5d2b7e1f0a93";

api_options options_for(std::uint64_t calls, std::uint64_t seed = 1) {
    api_options o;
    o.calls = calls;
    o.seed = seed;
    o.project_id = project;
    return o;
}

// The target the library sends for `q`, from swcalls::write_calls_target.
std::string target_for(const swcalls::call_query& q, bool json_suffix = false, std::string_view project_id = project) {
    swcalls::endpoint e;
    e.scheme = swcalls::url_scheme::http;
    REQUIRE_FALSE(e.set_host("127.0.0.1"));
    e.project_id = project_id;
    e.api_token = "PTmockdemo0000000000000000000000000000000000000000";
    e.calls_json_suffix = json_suffix;
    const swcalls::write_result measured = swcalls::write_calls_target(e, q, nullptr, 0);
    REQUIRE(measured.ec == swcalls::errc::buffer_too_small);
    std::string target(measured.size, '\0');
    const swcalls::write_result written = swcalls::write_calls_target(e, q, target.data(), target.size());
    REQUIRE_FALSE(written.ec);
    REQUIRE(written.size == target.size());
    return target;
}

std::string text_or_null(const swcalls::opt_text& t) { return t ? std::string(*t) : std::string("<null>"); }
std::string nullable(const std::string& s) { return s.empty() ? std::string("<null>") : s; }

// What the parser delivered for one call, copied out of its storage.
struct parsed_call {
    std::string sid, account_sid, parent_call_sid, to, from, formatted_to, to_formatted, status, direction,
        answered_by, caller_name, start_time, end_time, date_created, date_updated, price_text, uri, recordings,
        sip_result_code;
    std::optional<std::int64_t> duration;
    std::optional<double> price, audio_in_mos, audio_out_lost;
};

struct parsed_page {
    std::error_code ec;
    std::vector<parsed_call> calls;
    std::string uri, first_page_uri, next_page_uri, previous_page_uri;  // "<null>" for null
    std::optional<std::int64_t> page, page_size, start, end;
};

parsed_page parse_page(std::string_view body) {
    parsed_page out;
    static char storage[8192];
    swcalls::page_parser parser{storage, [&out](const swcalls::call_view& c) {
                                    parsed_call p;
                                    p.sid = text_or_null(c.sid);
                                    p.account_sid = text_or_null(c.account_sid);
                                    p.parent_call_sid = text_or_null(c.parent_call_sid);
                                    p.to = text_or_null(c.to);
                                    p.from = text_or_null(c.from);
                                    p.formatted_to = text_or_null(c.formatted_to);
                                    p.to_formatted = text_or_null(c.to_formatted);
                                    p.status = text_or_null(c.status_text);
                                    p.direction = text_or_null(c.direction_text);
                                    p.answered_by = text_or_null(c.answered_by_text);
                                    p.caller_name = text_or_null(c.caller_name);
                                    p.start_time = text_or_null(c.start_time);
                                    p.end_time = text_or_null(c.end_time);
                                    p.date_created = text_or_null(c.date_created);
                                    p.date_updated = text_or_null(c.date_updated);
                                    p.price_text = text_or_null(c.price_text);
                                    p.uri = text_or_null(c.uri);
                                    p.recordings = text_or_null(c.subresource_uris.recordings);
                                    p.sip_result_code = text_or_null(c.sip_result_code);
                                    p.duration = c.duration;
                                    p.price = c.price;
                                    p.audio_in_mos = c.audio_in_mos;
                                    p.audio_out_lost = c.audio_out_lost;
                                    out.calls.push_back(p);
                                }};
    out.ec = parser.feed(body);
    if (!out.ec) out.ec = parser.finish();
    const swcalls::page_view page = parser.page();
    out.uri = text_or_null(page.uri);
    out.first_page_uri = text_or_null(page.first_page_uri);
    out.next_page_uri = text_or_null(page.next_page_uri);
    out.previous_page_uri = text_or_null(page.previous_page_uri);
    out.page = page.page;
    out.page_size = page.page_size;
    out.start = page.start;
    out.end = page.end;
    return out;
}

// GET and parse; fails the test on anything but a 200 with a valid calls page.
parsed_page get_page(const api& mock, std::string_view target) {
    const swcalls_mock::api_response r = mock.get(target);
    INFO("target: " << target << "\nbody: " << r.body.substr(0, 400));
    REQUIRE(r.status == 200);
    parsed_page page = parse_page(r.body);
    REQUIRE_FALSE(page.ec);
    return page;
}

// Follows next_page_uri from `first` to the end; returns the sids in the order seen.
std::vector<std::string> walk(const api& mock, const std::string& first, std::size_t* pages = nullptr) {
    std::vector<std::string> sids;
    std::string target = first;
    std::int64_t expected_page = 0;
    std::size_t count = 0;
    for (;;) {
        const parsed_page page = get_page(mock, target);
        CHECK(page.page == expected_page);
        for (const parsed_call& c : page.calls) sids.push_back(c.sid);
        ++count;
        if (page.next_page_uri == "<null>") break;
        REQUIRE(count <= mock.calls().size() + 1);  // no endless loop on a bug
        REQUIRE_FALSE(page.calls.empty());          // a next page after an empty one would loop
        target = page.next_page_uri;
        ++expected_page;
    }
    if (pages) *pages = count;
    return sids;
}

std::vector<std::string> sids_where(const api& mock, const std::function<bool(const call_record&)>& keep) {
    std::vector<std::string> sids;
    for (const call_record& c : mock.calls())
        if (keep(c)) sids.push_back(c.sid);
    return sids;
}

std::int64_t midnight_of(std::int64_t epoch) { return std::int64_t(swcalls::detail::split_unix_seconds(epoch).days) * 86400; }

swcalls::date_filter day_filter(std::int64_t epoch) {
    const swcalls::detail::civil_date d = swcalls::detail::civil_from_days(swcalls::detail::split_unix_seconds(epoch).days);
    return swcalls::date_filter::on_date(static_cast<std::int32_t>(d.year), d.month, d.day);
}

swcalls::date_filter instant_filter(std::int64_t epoch) { return swcalls::date_filter::at({epoch, 0}); }

swcalls::api_error read_error(const swcalls_mock::api_response& r) {
    swcalls::api_error_reader reader{r.status};
    reader.feed(r.body);
    return reader.finish();
}

void check_error(const api& mock, std::string_view target, int status, std::int64_t code) {
    INFO("target: " << target);
    const swcalls_mock::api_response r = mock.get(target);
    CHECK(r.status == status);
    const swcalls::api_error e = read_error(r);
    CHECK(e.body_was_json);
    CHECK(e.code == code);
    CHECK(e.status == status);
    CHECK_FALSE(e.message.empty());
    CHECK(e.more_info.view() == swcalls_mock::error_more_info);
}

bool is_lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

TEST_CASE("mock data: a deterministic, realistic data set, newest first") {
    const std::vector<call_record> calls = swcalls_mock::make_calls(200, 1, project);
    REQUIRE(calls.size() == 200);
    CHECK(swcalls_mock::make_calls(200, 1, project).front().sid == calls.front().sid);
    CHECK(swcalls_mock::make_calls(200, 2, project).front().sid != calls.front().sid);

    std::unordered_set<std::string> sids;
    std::set<std::string> statuses, days_with_calls;
    std::size_t completed = 0, with_parent = 0, non_ascii_names = 0, null_names = 0, plus_numbers = 0;
    for (std::size_t i = 0; i < calls.size(); ++i) {
        const call_record& c = calls[i];
        INFO("call " << i << " " << c.sid);
        CHECK(c.sid.size() == 34);
        CHECK(c.sid.compare(0, 2, "CA") == 0);
        CHECK(is_lower_hex(c.sid.substr(2)));
        CHECK(sids.insert(c.sid).second);
        CHECK(c.account_sid == project);
        if (i > 0) CHECK(c.start_epoch < calls[i - 1].start_epoch);
        swcalls::utc_timestamp t;
        REQUIRE_FALSE(swcalls::parse_rfc2822(c.start_time_rfc2822, t, swcalls::weekday_check::verify));
        CHECK(t.seconds == c.start_epoch);
        CHECK(c.start_time_rfc2822.substr(c.start_time_rfc2822.size() - 5) == "+0000");
        CHECK(t.seconds >= swcalls::detail::days_from_civil(2026, 1, 1) * 86400);
        char day[10];
        swcalls::format_iso_date(t, day, sizeof day);
        days_with_calls.insert(std::string(day, 10));
        if (c.end_time_rfc2822.empty()) {
            CHECK(c.end_epoch == 0);
        } else {
            REQUIRE_FALSE(swcalls::parse_rfc2822(c.end_time_rfc2822, t, swcalls::weekday_check::verify));
            CHECK(t.seconds == c.end_epoch);
            CHECK(c.end_epoch >= c.start_epoch);
        }
        statuses.insert(c.status);
        CHECK(swcalls::status_from_text(c.status) != swcalls::call_status::unknown);
        CHECK((c.direction == "inbound" || c.direction == "outbound"));
        CHECK((c.answered_by.empty() || c.answered_by == "human" || c.answered_by == "machine"));
        if (c.status == "completed") {
            ++completed;
            REQUIRE(c.price);
            double parsed = 0;
            REQUIRE(swcalls::parse_decimal(c.price_text, parsed));
            CHECK(parsed == *c.price);
            CHECK(*c.price < 0);
            CHECK(c.price_text.size() == c.price_text.find('.') + 5);  // four decimals
            CHECK(c.end_epoch - c.start_epoch == c.duration);
        } else {
            CHECK_FALSE(c.price);
            CHECK(c.price_text.empty());
            CHECK(c.duration == 0);
        }
        if (!c.parent_call_sid.empty()) {
            ++with_parent;
            bool older = false;
            for (std::size_t j = i + 1; j < calls.size(); ++j) older |= calls[j].sid == c.parent_call_sid;
            CHECK(older);
        }
        if (c.caller_name.empty()) ++null_names;
        for (char ch : c.caller_name)
            if (static_cast<unsigned char>(ch) >= 0x80) {
                ++non_ascii_names;
                break;
            }
        if (c.to[0] == '+' || c.from[0] == '+') ++plus_numbers;
    }
    CHECK(statuses.size() == 8);
    CHECK(completed > 100);
    CHECK(with_parent > 5);
    CHECK(non_ascii_names > 10);
    CHECK(null_names > 10);
    CHECK(plus_numbers == calls.size());
    CHECK(days_with_calls.size() >= 3);
    CHECK(days_with_calls.size() <= 6);  // several calls per day: the date filters have something to select

    // Big sets stay in 2026 and keep unique sids.
    const std::vector<call_record> many = swcalls_mock::make_calls(20000, 7, project);
    CHECK(many.back().start_epoch >= swcalls::detail::days_from_civil(2026, 1, 1) * 86400);
    std::unordered_set<std::string> many_sids;
    for (const call_record& c : many) many_sids.insert(c.sid);
    CHECK(many_sids.size() == many.size());
}

TEST_CASE("mock api: the first page parses as exactly the data set's first calls") {
    const api mock{options_for(200)};
    const std::string target = target_for({});
    const swcalls_mock::api_response r = mock.get(target);
    REQUIRE(r.status == 200);
    // SignalWire's key order, calls last; '&' only ever as \u0026; pure ASCII.
    CHECK(r.body.rfind("{\"uri\":\"/api/laml/2010-04-01/Accounts/" + project + "/Calls?Page=0\\u0026PageSize=50\",\"first_page_uri\":", 0) == 0);
    CHECK(r.body.find("\"previous_page_uri\":null,\"page\":0,\"page_size\":50,\"start\":0,\"end\":49,\"calls\":[{\"sid\":") != std::string::npos);
    CHECK(r.body.find('&') == std::string::npos);
    CHECK(r.body.find("\\u00e9") != std::string::npos);  // "José", written as a \u escape
    bool ascii = true;
    for (char c : r.body) ascii &= static_cast<unsigned char>(c) < 0x80;
    CHECK(ascii);

    const parsed_page page = parse_page(r.body);
    REQUIRE_FALSE(page.ec);
    CHECK(page.page == 0);
    CHECK(page.page_size == 50);
    CHECK(page.start == 0);
    CHECK(page.end == 49);
    CHECK(page.previous_page_uri == "<null>");
    CHECK(page.first_page_uri == "/api/laml/2010-04-01/Accounts/" + project + "/Calls?Page=0&PageSize=50");
    CHECK(page.next_page_uri == "/api/laml/2010-04-01/Accounts/" + project + "/Calls?Page=1&PageSize=50&PageToken=PA" + mock.calls()[49].sid);
    REQUIRE(page.calls.size() == 50);
    for (std::size_t i = 0; i < page.calls.size(); ++i) {
        const parsed_call& p = page.calls[i];
        const call_record& c = mock.calls()[i];
        INFO("call " << i);
        CHECK(p.sid == c.sid);
        CHECK(p.account_sid == c.account_sid);
        CHECK(p.parent_call_sid == nullable(c.parent_call_sid));
        CHECK(p.to == c.to);
        CHECK(p.from == c.from);
        CHECK(p.formatted_to == c.formatted_to);
        CHECK(p.to_formatted == c.formatted_to);
        CHECK(p.status == c.status);
        CHECK(p.direction == c.direction);
        CHECK(p.answered_by == nullable(c.answered_by));
        CHECK(p.caller_name == nullable(c.caller_name));
        CHECK(p.start_time == c.start_time_rfc2822);
        CHECK(p.end_time == nullable(c.end_time_rfc2822));
        CHECK(p.date_created == c.date_created);
        CHECK(p.date_updated == c.date_updated);
        CHECK(p.duration == c.duration);
        CHECK(p.price == c.price);
        CHECK(p.price_text == nullable(c.price_text));
        CHECK(p.sip_result_code == nullable(c.sip_result_code));
        CHECK(p.uri == "/api/laml/2010-04-01/Accounts/" + project + "/Calls/" + c.sid + ".json");
        CHECK(p.recordings == "/api/laml/2010-04-01/Accounts/" + project + "/Calls/" + c.sid + "/Recordings.json");
        if (c.quality) {
            CHECK(p.audio_in_mos == c.quality->mos_hundredths / 100.0);
            CHECK(p.audio_out_lost == double(c.quality->lost));
        } else {
            CHECK_FALSE(p.audio_in_mos);
        }
    }
}

TEST_CASE("mock api: paging by next_page_uri visits every call exactly once, in order") {
    for (std::uint64_t total : {0u, 1u, 57u, 60u, 200u}) {
        const api mock{options_for(total)};
        const std::vector<std::string> all = sids_where(mock, [](const call_record&) { return true; });
        for (std::int64_t size : {1, 7, 20, 50, 1000}) {
            INFO("calls " << total << ", page size " << size);
            swcalls::call_query q;
            q.page_size = size;
            std::size_t pages = 0;
            CHECK(walk(mock, target_for(q), &pages) == all);
            const std::size_t full = static_cast<std::size_t>(total) / static_cast<std::size_t>(size);
            const bool partial = total % static_cast<std::uint64_t>(size) != 0;
            CHECK(pages == std::max<std::size_t>(1, full + (partial ? 1 : 0)));  // no empty trailing page
        }
        if (total > 0) {
            const std::vector<std::string> with_json = walk(mock, target_for({}, true));
            CHECK(with_json == all);
        }
    }
}

TEST_CASE("mock api: previous_page_uri leads back to the page before") {
    const api mock{options_for(100)};
    swcalls::call_query q;
    q.page_size = 30;
    const parsed_page first = get_page(mock, target_for(q));
    const parsed_page second = get_page(mock, first.next_page_uri);
    const parsed_page third = get_page(mock, second.next_page_uri);
    CHECK(second.previous_page_uri.find("Page=0&PageSize=30&PageToken=PB" + second.calls.front().sid) != std::string::npos);
    const parsed_page back = get_page(mock, third.previous_page_uri);
    CHECK(back.page == 1);
    REQUIRE(back.calls.size() == second.calls.size());
    for (std::size_t i = 0; i < back.calls.size(); ++i) CHECK(back.calls[i].sid == second.calls[i].sid);
    CHECK(third.start == 60);
    CHECK(third.end == 89);
}

TEST_CASE("mock api: the PageToken decides the position, whatever Page says") {
    const api mock{options_for(100)};
    swcalls::call_query q;
    q.page = 5;
    q.page_size = 10;
    const std::string token = "PA" + mock.calls()[9].sid;
    q.page_token = token;
    const parsed_page page = get_page(mock, target_for(q));
    CHECK(page.page == 5);
    REQUIRE(page.calls.size() == 10);
    CHECK(page.calls.front().sid == mock.calls()[10].sid);
    CHECK(page.start == 10);
    CHECK(page.uri.find("Page=5&PageSize=10&PageToken=" + token) != std::string::npos);

    // Without a token, Page counts pages; past the end, an empty last page.
    q.page_token.reset();
    CHECK(get_page(mock, target_for(q)).calls.front().sid == mock.calls()[50].sid);
    q.page = 10;
    const parsed_page beyond = get_page(mock, target_for(q));
    CHECK(beyond.calls.empty());
    CHECK(beyond.next_page_uri == "<null>");
    q.page = std::numeric_limits<std::int64_t>::max() - 1;
    CHECK(get_page(mock, target_for(q)).calls.empty());
}

TEST_CASE("mock api: filters select what a direct filter over the data set selects") {
    const api mock{options_for(300, 3)};
    const std::vector<call_record>& calls = mock.calls();

    struct filter_case {
        const char* what;
        swcalls::call_query query;
        std::function<bool(const call_record&)> keep;
    };
    std::vector<filter_case> cases;
    auto add = [&cases](const char* what, swcalls::call_query q, std::function<bool(const call_record&)> keep) {
        cases.push_back({what, q, std::move(keep)});
    };
    // Values must outlive the queries (call_query holds views).
    const std::string to = calls[0].to, from = calls[1].from;
    REQUIRE(to[0] == '+');
    std::string parent;
    for (const call_record& c : calls)
        if (!c.parent_call_sid.empty()) parent = c.parent_call_sid;
    REQUIRE_FALSE(parent.empty());

    swcalls::call_query q;
    q.to = to;
    add("To", q, [&](const call_record& c) { return c.to == to; });
    q = {};
    q.from = from;
    add("From", q, [&](const call_record& c) { return c.from == from; });
    q = {};
    q.parent_call_sid = parent;
    add("ParentCallSid", q, [&](const call_record& c) { return c.parent_call_sid == parent; });
    for (swcalls::call_status s : {swcalls::call_status::completed, swcalls::call_status::busy,
                                   swcalls::call_status::no_answer, swcalls::call_status::in_progress}) {
        q = {};
        q.status = s;
        add("Status", q, [s](const call_record& c) { return c.status == swcalls::to_text(s); });
    }

    const std::int64_t t = calls[40].start_epoch;
    const std::int64_t day = midnight_of(t);
    q = {};
    q.start_time = day_filter(t);
    add("StartTime=day", q, [&](const call_record& c) { return c.start_epoch >= day && c.start_epoch < day + 86400; });
    q = {};
    q.start_time_before = day_filter(t);
    add("StartTime<day", q, [&](const call_record& c) { return c.start_epoch < day + 86400; });
    q = {};
    q.start_time_after = day_filter(t);
    add("StartTime>day", q, [&](const call_record& c) { return c.start_epoch >= day; });
    q = {};
    q.start_time = instant_filter(t);
    add("StartTime=instant", q, [&](const call_record& c) { return c.start_epoch == t; });
    q = {};
    q.start_time_before = instant_filter(t);
    add("StartTime<instant", q, [&](const call_record& c) { return c.start_epoch <= t; });
    q = {};
    q.start_time_after = instant_filter(t);
    add("StartTime>instant", q, [&](const call_record& c) { return c.start_epoch >= t; });
    const std::int64_t later = calls[20].start_epoch;
    q = {};
    q.start_time_after = instant_filter(t);
    q.start_time_before = instant_filter(later);
    add("StartTime range", q, [&](const call_record& c) { return c.start_epoch >= t && c.start_epoch <= later; });

    const std::int64_t end = calls[60].end_epoch;
    REQUIRE(end != 0);
    const std::int64_t end_day = midnight_of(end);
    auto ended = [](const call_record& c) { return !c.end_time_rfc2822.empty(); };
    q = {};
    q.end_time = day_filter(end);
    add("EndTime=day", q, [&](const call_record& c) { return ended(c) && c.end_epoch >= end_day && c.end_epoch < end_day + 86400; });
    q = {};
    q.end_time_before = day_filter(end);
    add("EndTime<day", q, [&](const call_record& c) { return ended(c) && c.end_epoch < end_day + 86400; });
    q = {};
    q.end_time_after = day_filter(end);
    add("EndTime>day", q, [&](const call_record& c) { return ended(c) && c.end_epoch >= end_day; });
    q = {};
    q.end_time = instant_filter(end);
    add("EndTime=instant", q, [&](const call_record& c) { return ended(c) && c.end_epoch == end; });
    q = {};
    q.end_time_before = instant_filter(end);
    add("EndTime<instant", q, [&](const call_record& c) { return ended(c) && c.end_epoch <= end; });
    q = {};
    q.end_time_after = instant_filter(end);
    add("EndTime>instant", q, [&](const call_record& c) { return ended(c) && c.end_epoch >= end; });

    q = {};
    q.to = to;
    q.status = swcalls::call_status::completed;
    q.start_time_after = day_filter(calls[150].start_epoch);
    const std::int64_t day150 = midnight_of(calls[150].start_epoch);
    add("To+Status+StartTime>", q, [&](const call_record& c) {
        return c.to == to && c.status == "completed" && c.start_epoch >= day150;
    });

    for (filter_case& fc : cases) {
        INFO("filter " << fc.what);
        const std::vector<std::string> expected = sids_where(mock, fc.keep);
        CHECK_FALSE(expected.empty());                 // each case selects something ...
        if (std::string_view(fc.what) != "StartTime<day" && std::string_view(fc.what) != "EndTime<day")
            CHECK(expected.size() < calls.size());     // ... and most leave something out
        fc.query.page_size = 7;                        // several pages: next_page_uri must keep the filter
        CHECK(walk(mock, target_for(fc.query)) == expected);
        fc.query.page_size = 1000;
        CHECK(walk(mock, target_for(fc.query)) == expected);
    }
}

TEST_CASE("mock api: next_page_uri keeps every filter, percent-encoded") {
    const api mock{options_for(200)};
    const std::string to = mock.calls()[0].to;
    swcalls::call_query q;
    q.to = to;
    q.start_time_after = swcalls::date_filter::at({mock.calls()[199].start_epoch, 0});
    q.page_size = 2;
    const parsed_page page = get_page(mock, target_for(q));
    REQUIRE(page.next_page_uri != "<null>");
    const std::string expected_prefix = "/api/laml/2010-04-01/Accounts/" + project + "/Calls?To=%2B" + to.substr(1) +
                                        "&StartTime%3E=";
    CHECK(page.next_page_uri.rfind(expected_prefix, 0) == 0);
    CHECK(page.next_page_uri.find("%20GMT&Page=1&PageSize=2&PageToken=PA") != std::string::npos);
}

TEST_CASE("mock api: a raw '+' in a query value is a plus sign") {
    const api mock{options_for(200)};
    const std::string to = mock.calls()[0].to;
    swcalls::call_query q;
    q.to = to;
    const parsed_page encoded = get_page(mock, target_for(q));
    const std::string raw_target = "/api/laml/2010-04-01/Accounts/" + project + "/Calls?To=" + to;
    const parsed_page raw = get_page(mock, raw_target);
    REQUIRE_FALSE(raw.calls.empty());
    CHECK(raw.calls.size() == encoded.calls.size());
    CHECK(raw.calls.front().sid == encoded.calls.front().sid);
    CHECK(raw.uri == encoded.uri);  // written back as %2B
}

TEST_CASE("mock api: unknown parameters and empty pieces are ignored; raw '<' '>' names work") {
    const api mock{options_for(200)};
    const std::string base = "/api/laml/2010-04-01/Accounts/" + project + "/Calls";
    const parsed_page plain = get_page(mock, base);
    const parsed_page odd = get_page(mock, base + "?&Foo=bar&&to=nobody&PageSize=50&");
    CHECK(odd.calls.size() == plain.calls.size());
    CHECK(odd.uri == plain.uri);

    const std::string day = "2026-11-23";
    swcalls::call_query q;
    q.start_time_after = swcalls::date_filter::on_date(2026, 11, 23);
    q.page_size = 1000;
    CHECK(get_page(mock, base + "?StartTime>=" + day + "&PageSize=1000").calls.size() ==
          get_page(mock, target_for(q)).calls.size());
}

TEST_CASE("mock api: the Node SDK's path (/2010-04-01/Accounts/.../Calls.json) answers the same page") {
    const api mock{options_for(30)};
    const std::string sdk = "/2010-04-01/Accounts/" + std::string(project) + "/Calls.json?PageSize=7";
    const std::string ours = "/api/laml/2010-04-01/Accounts/" + std::string(project) + "/Calls.json?PageSize=7";
    const swcalls_mock::api_response a = mock.get(sdk), b = mock.get(ours);
    CHECK(a.status == 200);
    CHECK(a.body == b.body);  // the page URIs keep the SignalWire root: a client follows them from the host root
    check_error(mock, "/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls.json", 404, 20404);
}

TEST_CASE("mock api: 404 for another project or path, with the API's error body") {
    const api mock{options_for(20)};
    check_error(mock, target_for({}, false, "b3877c40-da60-4998-90ad-b792e98472af"), 404, 20404);
    const std::string account = "/api/laml/2010-04-01/Accounts/" + project;
    for (std::string target : {std::string("/"), std::string(""), account, account + "/Calls/", account + "/Calls.xml",
                               account + "/Calls/CA0", account + "/Recordings", std::string("/api/laml/2010-04-01/Calls"),
                               std::string("/2010-04-01/Calls"), std::string("/2010-04-02/Accounts/") + project + "/Calls",
                               std::string("/laml/2010-04-01/Accounts/") + project + "/Calls", account + "/calls"})
        check_error(mock, target, 404, 20404);
    const swcalls_mock::api_response r = mock.get("/nope");
    CHECK(r.body == swcalls_mock::error_body(20404, "The requested resource was not found", 404));
    CHECK(r.body == "{\"code\":20404,\"message\":\"The requested resource was not found\",\"more_info\":"
                    "\"https://developer.signalwire.com/compatibility-api/reference/error-codes\",\"status\":404}");

    // The project id segment is percent-decoded before it is compared.
    api_options odd = options_for(5);
    odd.project_id = "my project+1";
    const api odd_mock{odd};
    CHECK(get_page(odd_mock, target_for({}, false, "my project+1")).calls.size() == 5);
    CHECK(odd_mock.get("/api/laml/2010-04-01/Accounts/my%20project%2B1/Calls").status == 200);
}

TEST_CASE("mock api: 400 for parameters the API cannot take") {
    const api mock{options_for(20)};
    const std::string base = "/api/laml/2010-04-01/Accounts/" + project + "/Calls?";
    for (const char* query :
         {"PageSize=0", "PageSize=1001", "PageSize=abc", "PageSize=-1", "PageSize=", "PageSize", "PageSize=%2B5",
          "PageSize=99999999999999999999999999", "PageSize=5%00", "Page=-1", "Page=abc", "Page=1.5",
          "Page=99999999999999999999", "Page=9223372036854775807", "Status=done", "Status=Completed", "Status=",
          "To=", "From", "StartTime=2026-02-30", "StartTime=yesterday", "StartTime%3E=2026-13-01",
          "EndTime<=Wed, 31 Sep 2026 10:00:00 GMT", "To=%zz", "To=%4", "To=%", "%ZZ=1", "PageToken=",
          "PageToken=PAnope", "PageToken=XYCA0000", "PageToken=PA"}) {
        check_error(mock, base + query, 400, 20001);
    }
    // A token for a call of this data set, but not PA/PB.
    check_error(mock, base + "PageToken=PC" + mock.calls()[3].sid, 400, 20001);
    check_error(mock, base + "PageToken=" + mock.calls()[3].sid, 400, 20001);
}

TEST_CASE("mock api: hostile targets never crash and always get a JSON answer") {
    const api mock{options_for(30)};
    const std::string base = "/api/laml/2010-04-01/Accounts/" + project + "/Calls";
    std::vector<std::string> targets = {
        base + "?To=" + std::string(1, '\0') + "x",
        base + "?To=%00%ff%fe&PageSize=3",
        base + "?" + std::string(100000, '&'),
        base + "?" + std::string(5000, '%'),
        base + "?To=" + std::string(50000, 'A'),
        base + "?\xff\xfe=\xc3\x28",
        base + "?StartTime=%E2%82%AC%F0%9F%8C%99",
        base + "?PageToken=PA%00",
        base + "?Page=00000000000000000000000000000000001&PageSize=0000000002",
        base + "/../Calls",
        std::string("\xff/api"),
        std::string(3, '\0'),
        "/api/laml/2010-04-01/Accounts/%zz/Calls",
        "/api/laml/2010-04-01/Accounts/%/Calls",
    };
    for (const std::string& target : targets) {
        const swcalls_mock::api_response r = mock.get(target);
        INFO("status " << r.status << " body " << r.body.substr(0, 200));
        CHECK((r.status == 200 || r.status == 400 || r.status == 404));
        CHECK(read_error(r).body_was_json);  // valid JSON, whatever the target held
    }
    // Leading zeros are just digits.
    const parsed_page zeros = get_page(mock, targets[8]);
    CHECK(zeros.page == 1);
    CHECK(zeros.calls.size() == 2);
    // A NUL or bytes that are not UTF-8 in a filter value are just bytes: they match nothing.
    CHECK(get_page(mock, targets[1]).calls.empty());
    // Error messages with any bytes still make valid JSON.
    const std::string odd = swcalls_mock::error_body(20001, std::string("bad \xff\x00\"\\\n value", 15), 400);
    swcalls::api_error_reader reader{400};
    reader.feed(odd);
    CHECK(reader.finish().body_was_json);
    CHECK(reader.result().message.view().substr(0, 7) == "bad \xef\xbf\xbd");  // U+FFFD for the stray byte
}

TEST_CASE("mock api: the same options give byte-identical bodies") {
    const api a{options_for(120, 9)}, b{options_for(120, 9)}, other{options_for(120, 10)};
    swcalls::call_query q;
    q.page_size = 40;
    const std::string first = target_for(q);
    CHECK(a.get(first).body == b.get(first).body);
    CHECK(a.get(first).body == a.get(first).body);
    CHECK(a.get(first).body != other.get(first).body);
    const std::string second = parse_page(a.get(first).body).next_page_uri;
    CHECK(a.get(second).body == b.get(second).body);
}

TEST_CASE("mock api: foreign_next_page replaces page 0's next_page_uri, verbatim") {
    api_options o = options_for(200);
    o.foreign_next_page = "https://evil.example/api/laml/2010-04-01/Accounts/x/Calls?Page=1&PageSize=50";
    const api mock{o};
    const parsed_page first = get_page(mock, target_for({}));
    CHECK(first.next_page_uri == o.foreign_next_page);
    CHECK(mock.get(target_for({})).body.find("Calls?Page=1\\u0026PageSize=50\"") != std::string::npos);
    swcalls::call_query q;
    q.page = 1;
    const parsed_page second = get_page(mock, target_for(q));
    CHECK(second.next_page_uri.rfind("/api/laml/2010-04-01/Accounts/" + project + "/Calls?Page=2", 0) == 0);
}

TEST_CASE("mock api: 20,000 calls at PageSize 1000 serve quickly") {
    const api mock{options_for(20000, 5)};
    swcalls::call_query q;
    q.page_size = 1000;
    const auto started = std::chrono::steady_clock::now();
    std::size_t pages = 0;
    const std::vector<std::string> sids = walk(mock, target_for(q), &pages);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(pages == 20);
    REQUIRE(sids.size() == 20000);
    CHECK(sids.front() == mock.calls().front().sid);
    CHECK(sids.back() == mock.calls().back().sid);
    MESSAGE("20 pages of 1000 calls, served and parsed in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms");
    CHECK(elapsed < std::chrono::seconds(20));  // generous for sanitizer builds; typically well under 1 s
}
