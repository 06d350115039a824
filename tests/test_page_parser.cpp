// Tests for swcalls/page_parser.hpp: the streaming parser of one "List all Calls" body.
// page_parser.hpp is included first: this file also proves it compiles on its own.
//
// Every body below goes through parse_all_ways() (tests/test_support.hpp): whole, one byte at a time, split in
// two at every offset and in three at a sample of offsets, all of which must deliver identical calls and the
// identical result, error offset and page.
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using swcalls::errc;
using swcalls::errc_kind;
using namespace swcalls_test;
using namespace std::string_literals;

// {"calls":[{<members>}]}
std::string one_call(std::string_view members) { return "{\"calls\":[{" + std::string(members) + "}]}"; }

// The single call of a valid one-call body.
collected_call the_call(std::string_view body, const parse_options& options = {}) {
    INFO("body: ", std::string(body));
    parse_outcome r = parse_all_ways(body, options);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 1);
    return r.calls[0];
}

// Parses `body` all ways and checks its result and, for syntax and storage errors, the error offset and that
// feed() (not only finish()) reported it.
parse_outcome expect_result(std::string_view body, errc expected, std::uint64_t offset = 0,
                            const parse_options& options = {}) {
    INFO("body: ", std::string(body));
    parse_outcome r = parse_all_ways(body, options);
    CHECK(r.result == expected);
    errc_kind kind = swcalls::kind_of(expected);
    if (kind == errc_kind::syntax || kind == errc_kind::storage) {
        CHECK(r.error_offset == offset);
        CHECK(r.consumed == offset);
        if (expected != errc::unexpected_end) CHECK(r.first_feed_error == expected);  // reported by feed()
        else CHECK(!r.first_feed_error);
    } else {
        CHECK(!r.first_feed_error);  // shape problems are only known at finish()
    }
    return r;
}

// Offset of the first occurrence of `marker` in `body` (the marker must be there).
std::uint64_t at(std::string_view body, std::string_view marker, std::size_t plus = 0) {
    std::size_t i = body.find(marker);
    REQUIRE(i != std::string_view::npos);
    return i + plus;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
TEST_CASE("an empty calls array is a valid page with no calls") {
    for (const char* body : {R"({"calls":[]})", " \n\t\r{ \"calls\" : [ ] } \r\n\t ", R"({"calls":[],"uri":"/u"})",
                             R"({"uri":"/u","calls":[]})"}) {
        INFO("body: ", body);
        parse_outcome r = parse_all_ways(body);
        CHECK(r.result == std::error_code());
        CHECK(r.calls.empty());
        CHECK(r.page.calls == 0);
        CHECK_FALSE(r.page.has_next);
        CHECK(r.consumed == std::string_view(body).size());
        CHECK_FALSE(r.stopped);
    }
}

TEST_CASE("every field of a call reaches the callback") {
    const std::string body = one_call(
        R"("sid":"CA1","account_sid":"AC1","date_created":"Wed, 19 Sep 2018 20:00:00 +0000",)"
        R"("date_updated":"Wed, 19 Sep 2018 21:00:00 +0000","parent_call_sid":"CA0","to":"+13105678901",)"
        R"("from":"+13103384645","formatted_to":"(310) 567-8901","formatted_from":"(310) 338-4645",)"
        R"("to_formatted":"(310) 567-8902","from_formatted":"(310) 338-4646","phone_number_sid":"PN1",)"
        R"("status":"in-progress","start_time":"ST","end_time":"ET","duration":20,"price":"0.0035",)"
        R"("price_unit":"USD","direction":"outbound-dial","answered_by":"machine_end_beep","api_version":"2010-04-01",)"
        R"("forwarded_from":"+1555","caller_name":"Alice","annotation":"note","group_sid":"GP1",)"
        R"("uri":"/calls/CA1.json","queue_time":"12","trunk_sid":"TK1","sip_result_code":"486",)"
        R"("audio_in_mos":4.25,"audio_rtt_avg":50.5,"audio_rtt_min":20,"audio_rtt_max":"100",)"
        R"("audio_out_jitter_min":1,"audio_out_jitter_max":10.75,"audio_out_jitter_avg":5,"audio_out_lost":0,)"
        R"("subresource_uris":{"notifications":"/n.json","recordings":"/r.json"})");
    const collected_call c = the_call(body);
    CHECK(c.sid == "CA1");
    CHECK(c.account_sid == "AC1");
    CHECK(c.date_created == "Wed, 19 Sep 2018 20:00:00 +0000");
    CHECK(c.date_updated == "Wed, 19 Sep 2018 21:00:00 +0000");
    CHECK(c.parent_call_sid == "CA0");
    CHECK(c.to == "+13105678901");
    CHECK(c.from == "+13103384645");
    CHECK(c.formatted_to == "(310) 567-8901");
    CHECK(c.formatted_from == "(310) 338-4645");
    CHECK(c.to_formatted == "(310) 567-8902");
    CHECK(c.from_formatted == "(310) 338-4646");
    CHECK(c.phone_number_sid == "PN1");
    CHECK(c.status == swcalls::call_status::in_progress);
    CHECK(c.status_text == "in-progress");
    CHECK(c.start_time == "ST");
    CHECK(c.end_time == "ET");
    CHECK(c.duration == 20);
    CHECK(c.price == 0.0035);
    CHECK(c.price_text == "0.0035");
    CHECK(c.price_unit == "USD");
    CHECK(c.direction == swcalls::call_direction::outbound_dial);
    CHECK(c.direction_text == "outbound-dial");
    CHECK(c.answered_by == swcalls::call_answered_by::machine_end_beep);
    CHECK(c.answered_by_text == "machine_end_beep");
    CHECK(c.api_version == "2010-04-01");
    CHECK(c.forwarded_from == "+1555");
    CHECK(c.caller_name == "Alice");
    CHECK(c.annotation == "note");
    CHECK(c.group_sid == "GP1");
    CHECK(c.uri == "/calls/CA1.json");
    CHECK(c.queue_time == 12);
    CHECK(c.trunk_sid == "TK1");
    CHECK(c.sip_result_code == "486");
    CHECK(c.audio_in_mos == 4.25);
    CHECK(c.audio_rtt_avg == 50.5);
    CHECK(c.audio_rtt_min == 20.0);
    CHECK(c.audio_rtt_max == 100.0);
    CHECK(c.audio_out_jitter_min == 1.0);
    CHECK(c.audio_out_jitter_max == 10.75);
    CHECK(c.audio_out_jitter_avg == 5.0);
    CHECK(c.audio_out_lost == 0.0);
    CHECK(c.notifications == "/n.json");
    CHECK(c.recordings == "/r.json");
}

TEST_CASE("absent fields are nullopt") {
    const collected_call c = the_call(one_call(""));
    collected_call empty;
    CHECK(same_call(c, empty));
    CHECK(describe(c) == describe(empty));
}

TEST_CASE("null in every nullable field gives nullopt") {
    // Generated from the same list as call_view, so a new field is covered without touching this test.
    std::string members;
#define SWCALLS_X(member, key, kind) members += "\"" key "\":null,";
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    members += R"("subresource_uris":null)";
    const collected_call c = the_call(one_call(members));
#define SWCALLS_NULL_text(m) CHECK_FALSE(c.m.has_value());
#define SWCALLS_NULL_integer(m) CHECK_FALSE(c.m.has_value());
#define SWCALLS_NULL_decimal(m) CHECK_FALSE(c.m.has_value());
#define SWCALLS_NULL_status(m) CHECK_FALSE(c.m.has_value()); CHECK_FALSE(c.m##_text.has_value());
#define SWCALLS_NULL_direction(m) SWCALLS_NULL_status(m)
#define SWCALLS_NULL_answered(m) SWCALLS_NULL_status(m)
#define SWCALLS_X(member, key, kind) { INFO("field: " key); SWCALLS_NULL_##kind(member) }
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    CHECK_FALSE(c.price_text.has_value());
    CHECK_FALSE(c.notifications.has_value());
    CHECK_FALSE(c.recordings.has_value());

    // Nulls inside subresource_uris too.
    const collected_call s = the_call(one_call(R"("subresource_uris":{"notifications":null,"recordings":null})"));
    CHECK_FALSE(s.notifications.has_value());
    CHECK_FALSE(s.recordings.has_value());

    // And every page field.
    std::string page = "{";
#define SWCALLS_X(member, key, kind) page += "\"" key "\":null,";
    SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    page += R"("calls":[]})";
    parse_outcome r = parse_all_ways(page);
    CHECK(r.result == std::error_code());
#define SWCALLS_X(member, key, kind) { INFO("page field: " key); CHECK_FALSE(r.page.member.has_value()); }
    SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_NULL_text
#undef SWCALLS_NULL_integer
#undef SWCALLS_NULL_decimal
#undef SWCALLS_NULL_status
#undef SWCALLS_NULL_direction
#undef SWCALLS_NULL_answered
    CHECK_FALSE(r.page.has_next);
}

TEST_CASE("empty strings: kept for text, nullopt for numbers, unknown for enums") {
    std::string members;
#define SWCALLS_X(member, key, kind) members += "\"" key "\":\"\",";
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    members += R"("subresource_uris":{"notifications":"","recordings":""})";
    const collected_call c = the_call(one_call(members));
#define SWCALLS_EMPTY_text(m) CHECK(c.m == "");
#define SWCALLS_EMPTY_integer(m) CHECK_FALSE(c.m.has_value());
#define SWCALLS_EMPTY_decimal(m) CHECK_FALSE(c.m.has_value());
#define SWCALLS_EMPTY_status(m) CHECK(c.m##_text == ""); CHECK(c.m.has_value()); CHECK(static_cast<int>(*c.m) == 0);
#define SWCALLS_EMPTY_direction(m) SWCALLS_EMPTY_status(m)
#define SWCALLS_EMPTY_answered(m) SWCALLS_EMPTY_status(m)
#define SWCALLS_X(member, key, kind) { INFO("field: " key); SWCALLS_EMPTY_##kind(member) }
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    CHECK(c.status == swcalls::call_status::unknown);
    CHECK(c.direction == swcalls::call_direction::unknown);
    CHECK(c.answered_by == swcalls::call_answered_by::unknown);
    CHECK_FALSE(c.price_text.has_value());  // "" carries no price at all
    CHECK(c.notifications == "");
    CHECK(c.recordings == "");
#undef SWCALLS_EMPTY_text
#undef SWCALLS_EMPTY_integer
#undef SWCALLS_EMPTY_decimal
#undef SWCALLS_EMPTY_status
#undef SWCALLS_EMPTY_direction
#undef SWCALLS_EMPTY_answered
}

TEST_CASE("text fields given JSON numbers keep the number's text") {
    CHECK(the_call(one_call(R"("sip_result_code":200)")).sip_result_code == "200");
    CHECK(the_call(one_call(R"("sid":-12.5e+3)")).sid == "-12.5e+3");
    CHECK(the_call(one_call(R"("sid":0)")).sid == "0");
    // Every text field, at the end of the call (the number ends at '}') and in the middle (it ends at ',').
    std::string last, middle;
#define SWCALLS_TEXT_text(key) last += "\"" key "\":1.5E-7,"; middle += "\"" key "\":-0,";
#define SWCALLS_TEXT_integer(key)
#define SWCALLS_TEXT_decimal(key)
#define SWCALLS_TEXT_status(key)
#define SWCALLS_TEXT_direction(key)
#define SWCALLS_TEXT_answered(key)
#define SWCALLS_X(member, key, kind) SWCALLS_TEXT_##kind(key)
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_TEXT_text
#undef SWCALLS_TEXT_integer
#undef SWCALLS_TEXT_decimal
#undef SWCALLS_TEXT_status
#undef SWCALLS_TEXT_direction
#undef SWCALLS_TEXT_answered
    last.pop_back();
    const collected_call a = the_call(one_call(last));
    const collected_call b = the_call(one_call(middle + R"("x":1)"));
#define SWCALLS_NUMTEXT_text(m) CHECK(a.m == "1.5E-7"); CHECK(b.m == "-0");
#define SWCALLS_NUMTEXT_integer(m)
#define SWCALLS_NUMTEXT_decimal(m)
#define SWCALLS_NUMTEXT_status(m)
#define SWCALLS_NUMTEXT_direction(m)
#define SWCALLS_NUMTEXT_answered(m)
#define SWCALLS_X(member, key, kind) { INFO("field: " key); SWCALLS_NUMTEXT_##kind(member) }
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_NUMTEXT_text
#undef SWCALLS_NUMTEXT_integer
#undef SWCALLS_NUMTEXT_decimal
#undef SWCALLS_NUMTEXT_status
#undef SWCALLS_NUMTEXT_direction
#undef SWCALLS_NUMTEXT_answered
    // Enum fields given numbers: the text is kept and the value is unknown.
    const collected_call e = the_call(one_call(R"("status":3,"direction":4,"answered_by":5)"));
    CHECK(e.status == swcalls::call_status::unknown);
    CHECK(e.status_text == "3");
    CHECK(e.direction == swcalls::call_direction::unknown);
    CHECK(e.direction_text == "4");
    CHECK(e.answered_by == swcalls::call_answered_by::unknown);
    CHECK(e.answered_by_text == "5");
}

TEST_CASE("numbers arrive as JSON numbers or as strings") {
    SUBCASE("integers") {
        CHECK(the_call(one_call(R"("duration":"4")")).duration == 4);
        CHECK(the_call(one_call(R"("duration":4)")).duration == 4);
        CHECK(the_call(one_call(R"("duration":0)")).duration == 0);
        CHECK(the_call(one_call(R"("duration":-1)")).duration == -1);
        CHECK(the_call(one_call(R"("duration":"-1")")).duration == -1);
        CHECK(the_call(one_call(R"("queue_time":"1000")")).queue_time == 1000);
        CHECK(the_call(one_call(R"("queue_time":1000)")).queue_time == 1000);
        CHECK(the_call(one_call(R"("duration":9223372036854775807)")).duration == INT64_MAX);
        CHECK(the_call(one_call(R"("duration":"-9223372036854775808")")).duration == INT64_MIN);
        CHECK(the_call(one_call(R"("duration":"")")).duration == std::nullopt);
        CHECK(the_call(one_call(R"("duration":null)")).duration == std::nullopt);
    }
    SUBCASE("decimals") {
        collected_call c = the_call(one_call(R"("price":"-0.200")"));
        CHECK(c.price == -0.2);
        CHECK(c.price_text == "-0.200");
        c = the_call(one_call(R"("price":0.003)"));
        CHECK(c.price == 0.003);
        CHECK(c.price_text == "0.003");
        c = the_call(one_call(R"("price":-0.00425)"));
        CHECK(c.price == -0.00425);
        CHECK(c.price_text == "-0.00425");
        c = the_call(one_call(R"("price":1E2)"));
        CHECK(c.price == 100.0);
        CHECK(c.price_text == "1E2");
        c = the_call(one_call(R"("price":"2.5e-3")"));
        CHECK(c.price == 0.0025);
        CHECK(c.price_text == "2.5e-3");
        c = the_call(one_call(R"("price":0)"));
        CHECK(c.price == 0.0);
        CHECK(c.price_text == "0");
        c = the_call(one_call(R"("price":"")"));
        CHECK(c.price == std::nullopt);
        CHECK(c.price_text == std::nullopt);
        c = the_call(one_call(R"("price":null)"));
        CHECK(c.price == std::nullopt);
        CHECK(c.price_text == std::nullopt);
        c = the_call(one_call(R"("audio_in_mos":"4.5","audio_out_lost":"0","audio_rtt_avg":"")"));
        CHECK(c.audio_in_mos == 4.5);
        CHECK(c.audio_out_lost == 0.0);
        CHECK(c.audio_rtt_avg == std::nullopt);
        c = the_call(one_call(R"("audio_rtt_max":12345678901234567890)"));  // beyond int64: a double is fine
        CHECK(c.audio_rtt_max == 12345678901234567890.0);
    }
    SUBCASE("a number ending the call, the subresources and the body") {
        CHECK(the_call(R"({"calls":[{"duration":7}]})").duration == 7);
        CHECK(the_call(R"({"calls":[{"duration":7 }]})").duration == 7);
        CHECK(the_call(R"({"calls":[{"duration":7
}]})").duration == 7);
    }
}

TEST_CASE("enum fields: known values, unknown values, and the raw text") {
    struct status_case { const char* text; swcalls::call_status value; };
    for (status_case s : {status_case{"queued", swcalls::call_status::queued},
                          {"ringing", swcalls::call_status::ringing},
                          {"in-progress", swcalls::call_status::in_progress},
                          {"canceled", swcalls::call_status::canceled},
                          {"completed", swcalls::call_status::completed},
                          {"busy", swcalls::call_status::busy},
                          {"failed", swcalls::call_status::failed},
                          {"no-answer", swcalls::call_status::no_answer},
                          {"in_progress", swcalls::call_status::unknown},
                          {"Completed", swcalls::call_status::unknown},
                          {"cancelled", swcalls::call_status::unknown},
                          {"answered", swcalls::call_status::unknown}}) {
        INFO("status: ", s.text);
        collected_call c = the_call(one_call("\"status\":\""s + s.text + "\""));
        CHECK(c.status == s.value);
        CHECK(c.status_text == s.text);
    }
    struct direction_case { const char* text; swcalls::call_direction value; };
    for (direction_case d : {direction_case{"inbound", swcalls::call_direction::inbound},
                             {"outbound", swcalls::call_direction::outbound},
                             {"outbound-api", swcalls::call_direction::outbound_api},
                             {"outbound-dial", swcalls::call_direction::outbound_dial},
                             {"trunking-originating", swcalls::call_direction::trunking_originating},
                             {"trunking-terminating", swcalls::call_direction::trunking_terminating},
                             {"outbound_api", swcalls::call_direction::unknown},
                             {"sideways", swcalls::call_direction::unknown}}) {
        INFO("direction: ", d.text);
        collected_call c = the_call(one_call("\"direction\":\""s + d.text + "\""));
        CHECK(c.direction == d.value);
        CHECK(c.direction_text == d.text);
    }
    struct answered_case { const char* text; swcalls::call_answered_by value; };
    for (answered_case a : {answered_case{"human", swcalls::call_answered_by::human},
                            {"machine", swcalls::call_answered_by::machine},
                            {"machine_start", swcalls::call_answered_by::machine_start},
                            {"machine_end_beep", swcalls::call_answered_by::machine_end_beep},
                            {"machine_end_silence", swcalls::call_answered_by::machine_end_silence},
                            {"machine_end_other", swcalls::call_answered_by::machine_end_other},
                            {"fax", swcalls::call_answered_by::fax},
                            {"machine-start", swcalls::call_answered_by::unknown},
                            {"robot", swcalls::call_answered_by::unknown}}) {
        INFO("answered_by: ", a.text);
        collected_call c = the_call(one_call("\"answered_by\":\""s + a.text + "\""));
        CHECK(c.answered_by == a.value);
        CHECK(c.answered_by_text == a.text);
    }
    // The text is unescaped before it is matched.
    collected_call c = the_call(one_call(R"("status":"in\u002dprogress")"));
    CHECK(c.status == swcalls::call_status::in_progress);
    CHECK(c.status_text == "in-progress");
}

TEST_CASE("subresource_uris") {
    collected_call c = the_call(one_call(R"("subresource_uris":{"notifications":"/n","recordings":"/r"})"));
    CHECK(c.notifications == "/n");
    CHECK(c.recordings == "/r");

    // Unknown keys inside are ignored, whatever their values.
    c = the_call(one_call(R"("subresource_uris":{"payments":"/p","events":{"recordings":"/no","a":[1,{"b":null}]},)"
                          R"("recordings":"/r","siprec":[["/x"]],"user_defined_message_subscriptions":"/u"})"));
    CHECK(c.notifications == std::nullopt);
    CHECK(c.recordings == "/r");

    c = the_call(one_call(R"("subresource_uris":null)"));
    CHECK(c.notifications == std::nullopt);
    CHECK(c.recordings == std::nullopt);
    c = the_call(one_call(R"("subresource_uris":{})"));
    CHECK(c.notifications == std::nullopt);
    CHECK(c.recordings == std::nullopt);

    // Its keys mean nothing outside it, and call keys mean nothing inside it.
    c = the_call(one_call(R"("recordings":"/r1","subresource_uris":{"sid":"S","uri":"U"},"notifications":"/n1")"));
    CHECK(c.recordings == std::nullopt);
    CHECK(c.notifications == std::nullopt);
    CHECK(c.sid == std::nullopt);
    CHECK(c.uri == std::nullopt);

    // Fields after subresource_uris still belong to the call.
    c = the_call(one_call(R"("subresource_uris":{"recordings":"/r"},"sid":"CA9","duration":"3")"));
    CHECK(c.recordings == "/r");
    CHECK(c.sid == "CA9");
    CHECK(c.duration == 3);

    // Each call has its own.
    parse_outcome r = parse_all_ways(R"({"calls":[{"subresource_uris":{"recordings":"/r1"}},{"sid":"2"}]})");
    REQUIRE(r.calls.size() == 2);
    CHECK(r.calls[0].recordings == "/r1");
    CHECK(r.calls[1].recordings == std::nullopt);
}

TEST_CASE("page fields, before and after calls") {
    const char* bodies[] = {
        R"({"uri":"/u","first_page_uri":"/f","next_page_uri":"/n","previous_page_uri":"/p","account_sid":"AC",)"
        R"("page":2,"page_size":"50","start":100,"end":149,"calls":[{"sid":"a"},{"sid":"b"}]})",
        R"({"calls":[{"sid":"a"},{"sid":"b"}],"uri":"/u","first_page_uri":"/f","next_page_uri":"/n",)"
        R"("previous_page_uri":"/p","account_sid":"AC","page":2,"page_size":"50","start":100,"end":149})",
        R"({"end":149,"next_page_uri":"/n","page_size":"50","calls":[{"sid":"a"},{"sid":"b"}],"start":100,)"
        R"("account_sid":"AC","uri":"/u","page":2,"previous_page_uri":"/p","first_page_uri":"/f"})",
    };
    for (const char* body : bodies) {
        INFO("body: ", body);
        parse_outcome r = parse_all_ways(body);
        REQUIRE(r.result == std::error_code());
        REQUIRE(r.calls.size() == 2);
        CHECK(r.calls[0].sid == "a");
        CHECK(r.calls[1].sid == "b");
        CHECK(r.page.uri == "/u");
        CHECK(r.page.first_page_uri == "/f");
        CHECK(r.page.next_page_uri == "/n");
        CHECK(r.page.previous_page_uri == "/p");
        CHECK(r.page.account_sid == "AC");
        CHECK(r.page.page == 2);
        CHECK(r.page.page_size == 50);
        CHECK(r.page.start == 100);
        CHECK(r.page.end == 149);
        CHECK(r.page.calls == 2);
        CHECK(r.page.has_next);
        // Page fields are not call fields.
        CHECK(r.calls[0].uri == std::nullopt);
        CHECK(r.calls[0].account_sid == std::nullopt);
    }
    SUBCASE("has_next") {
        CHECK_FALSE(parse_all_ways(R"({"calls":[],"next_page_uri":null})").page.has_next);
        CHECK_FALSE(parse_all_ways(R"({"calls":[],"next_page_uri":""})").page.has_next);
        CHECK(parse_all_ways(R"({"calls":[],"next_page_uri":""})").page.next_page_uri == "");
        CHECK_FALSE(parse_all_ways(R"({"calls":[]})").page.has_next);
        CHECK(parse_all_ways(R"({"next_page_uri":"/x?Page=1","calls":[]})").page.has_next);
    }
    SUBCASE("call fields at the page level are not page fields, and the reverse") {
        parse_outcome r = parse_all_ways(R"({"sid":"top","duration":5,"calls":[{"page":3,"next_page_uri":"/n"}]})");
        REQUIRE(r.calls.size() == 1);
        CHECK(r.calls[0].sid == std::nullopt);
        CHECK(r.calls[0].duration == std::nullopt);
        CHECK(r.page.page == std::nullopt);
        CHECK(r.page.next_page_uri == std::nullopt);
    }
    SUBCASE("page.calls counts the calls delivered") {
        std::string body = R"({"calls":[)";
        for (int i = 0; i < 25; ++i) body += (i ? "," : "") + R"({"sid":"CA)"s + std::to_string(i) + "\"}";
        body += "]}";
        parse_outcome r = parse_all_ways(body);
        CHECK(r.result == std::error_code());
        CHECK(r.page.calls == 25);
        REQUIRE(r.calls.size() == 25);
        for (int i = 0; i < 25; ++i) CHECK(r.calls[std::size_t(i)].sid == "CA" + std::to_string(i));
    }
}

TEST_CASE("unknown keys and nested values are skipped, wherever they are") {
    const std::string nested = R"({"sid":"inner","calls":[{"sid":"deep"}],"uri":"/inner","a":[[{"duration":9}],null,true,1.5e3,"s"]})";
    const std::string body = R"({"x":)" + nested + R"(,"y":[)" + nested + R"(,[]],"calls":[)"
                             R"({"before":)" + nested + R"(,"sid":"CA1","list":[)" + nested + R"(],"duration":"4",)"
                             R"("after":)" + nested + R"(,"subresource_uris":{"x":)" + nested + R"(,"recordings":"/r"}},)"
                             R"({"sid":"CA2","uri":"/c2"}],"z":)" + nested + R"(,"uri":"/page","w":{"calls":[{"sid":"nope"}]}})";
    parse_outcome r = parse_all_ways(body);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 2);
    CHECK(r.calls[0].sid == "CA1");  // not "inner" nor "deep"
    CHECK(r.calls[0].duration == 4);  // not 9
    CHECK(r.calls[0].uri == std::nullopt);
    CHECK(r.calls[0].recordings == "/r");
    CHECK(r.calls[1].sid == "CA2");
    CHECK(r.calls[1].uri == "/c2");
    CHECK(r.page.uri == "/page");  // not "/inner"
    CHECK(r.page.calls == 2);

    SUBCASE("a nested object named like a field does not overwrite it") {
        collected_call c = the_call(one_call(R"("sid":"CA1","meta":{"sid":"other","to":"+1"},"to":"+2")"));
        CHECK(c.sid == "CA1");
        CHECK(c.to == "+2");
        c = the_call(one_call(R"("meta":{"sid":"other"})"));
        CHECK(c.sid == std::nullopt);
    }
    SUBCASE("a top-level key named like a call field is not a call field") {
        parse_outcome t = parse_all_ways(R"({"sid":"PAGE","status":"busy","calls":[{"to":"+1"}],"sid":"x"})");
        REQUIRE(t.calls.size() == 1);
        CHECK(t.calls[0].sid == std::nullopt);
        CHECK(t.calls[0].status == std::nullopt);
    }
    SUBCASE("\"calls\" nested anywhere but the top is not the calls array") {
        parse_outcome t = parse_all_ways(R"({"x":{"calls":[{"sid":"no"}]},"calls":[],"y":[{"calls":[{"sid":"no"}]}]})");
        CHECK(t.result == std::error_code());
        CHECK(t.calls.empty());
        t = parse_all_ways(R"({"x":{"calls":[{"sid":"no"}]}})");
        CHECK(t.result == errc::not_a_calls_page);
        CHECK(t.calls.empty());
    }
}

TEST_CASE("duplicate keys: the last one wins") {
    collected_call c = the_call(one_call(R"("sid":"first","duration":1,"sid":"second","duration":"2")"));
    CHECK(c.sid == "second");
    CHECK(c.duration == 2);
    c = the_call(one_call(R"("sid":"first","sid":null)"));
    CHECK(c.sid == std::nullopt);
    c = the_call(one_call(R"("status":"busy","status":"failed")"));
    CHECK(c.status == swcalls::call_status::failed);
    CHECK(c.status_text == "failed");
    c = the_call(one_call(R"("subresource_uris":{"recordings":"/a","recordings":"/b"})"));
    CHECK(c.recordings == "/b");

    parse_outcome r = parse_all_ways(R"({"uri":"/1","page":1,"calls":[],"uri":"/2","page":2})");
    CHECK(r.page.uri == "/2");
    CHECK(r.page.page == 2);

    // A second "subresource_uris" replaces the first whole, as any repeated key does.
    c = the_call(one_call(R"("subresource_uris":{"recordings":"/a"},"subresource_uris":null)"));
    CHECK(c.recordings == std::nullopt);
    c = the_call(one_call(R"("subresource_uris":{"recordings":"/a"},"subresource_uris":{"notifications":"/n"})"));
    CHECK(c.recordings == std::nullopt);
    CHECK(c.notifications == "/n");
}

TEST_CASE("string escapes are decoded, in values and in keys") {
    struct escape_case { const char* json; std::string text; };
    const escape_case cases[] = {
        {R"(a\"b)", "a\"b"},
        {R"(a\\b)", "a\\b"},
        {R"(a\/b)", "a/b"},
        {R"(\b\f\n\r\t)", "\b\f\n\r\t"},
        {R"(Tom \u0026 Jerry)", "Tom & Jerry"},
        {R"(caf\u00e9)", "caf\xC3\xA9"},
        {R"(caf\u00E9)", "caf\xC3\xA9"},
        {R"(\u20ac1)", "\xE2\x82\xAC" "1"},
        {R"(\ud83d\ude00)", "\xF0\x9F\x98\x80"},
        {R"(\uD83D\uDE00!)", "\xF0\x9F\x98\x80!"},
        {R"(\ud800\udc00)", "\xF0\x90\x80\x80"},
        {R"(\udbff\udfff)", "\xF4\x8F\xBF\xBF"},
        {R"(\u0000)", std::string(1, '\0')},
        {R"(\u001f)", "\x1F"},
        {R"(\u007f\u0080)", "\x7F\xC2\x80"},
        {R"(\u07ff\u0800)", "\xDF\xBF\xE0\xA0\x80"},
        {R"(\uffff)", "\xEF\xBF\xBF"},
        {R"(\ue000)", "\xEE\x80\x80"},
        {R"(\\u0041)", "\\u0041"},
        {R"(\"\"\"\"\"\"\"\"\"\")", "\"\"\"\"\"\"\"\"\"\""},
        {"raw caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x7F", "raw caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x7F"},
        {R"(0123456789abcdef\n0123456789abcdef\u00e90123456789abcdef)",
         "0123456789abcdef\n0123456789abcdef\xC3\xA9" "0123456789abcdef"},
    };
    for (const escape_case& e : cases) {
        INFO("escaped: ", e.json);
        collected_call c = the_call(one_call("\"sid\":\""s + e.json + "\",\"caller_name\":\"" + e.json + "\""));
        CHECK(c.sid == e.text);
        CHECK(c.caller_name == e.text);
    }
    SUBCASE("escaped keys") {
        collected_call c = the_call(one_call(R"("s\u0069d":"a","\u0074\u006f":"b","price\u005funit":"USD")"));
        CHECK(c.sid == "a");
        CHECK(c.to == "b");
        CHECK(c.price_unit == "USD");
        c = the_call(one_call(R"("subresource_uris":{"recording\u0073":"/r"})"));
        CHECK(c.recordings == "/r");
        parse_outcome r = parse_all_ways(R"({"c\u0061lls":[{"sid":"x"}],"\u0075ri":"/u"})");
        REQUIRE(r.calls.size() == 1);
        CHECK(r.page.uri == "/u");
        // Escapes that decode to something else are other keys.
        c = the_call(one_call(R"("sid\u0000":"a","Sid":"b","si\u0064 ":"c")"));
        CHECK(c.sid == std::nullopt);
    }
}

TEST_CASE("lone and mismatched surrogates are errc::invalid_surrogate at the offending byte") {
    // In {"calls":[{"sid":"...  the string's text starts at offset 18.
    struct surrogate_case { const char* text; std::uint64_t offset; };
    for (surrogate_case s : {surrogate_case{R"(\ud83d")", 18 + 6},      // the closing quote
                             {R"(\ud83dx")", 18 + 6},                    // not a backslash
                             {R"(\ud83d\n")", 18 + 7},                   // a backslash but not \u
                             {R"(\ud83d\u0041")", 18 + 11},              // \u but not a low surrogate
                             {R"(\ud83d\ud83d")", 18 + 11},              // two highs
                             {R"(\ude00")", 18 + 5},                     // a lone low surrogate
                             {R"(\ude00\ud83d")", 18 + 5},               // inverted pair
                             {R"(\uDFFF")", 18 + 5}}) {
        std::string body = "{\"calls\":[{\"sid\":\""s + s.text + "}]}";
        expect_result(body, errc::invalid_surrogate, s.offset);
    }
    // In keys, and in skipped values, too.
    expect_result(R"({"calls":[{"\ud800":1}]})", errc::invalid_surrogate, 18);
    expect_result(R"({"x":"\udc00","calls":[]})", errc::invalid_surrogate, 11);
}

TEST_CASE("raw bytes: invalid UTF-8 and control characters are rejected at the offending byte") {
    struct bad_case { std::string text; errc code; std::uint64_t offset_in_text; };
    const bad_case cases[] = {
        {"\xC3\"", errc::invalid_utf8, 1},               // a lead byte, then the quote
        {"\xC0\x80\"", errc::invalid_utf8, 0},           // overlong 2-byte
        {"\xC1\xBF\"", errc::invalid_utf8, 0},
        {"\xE0\x80\x80\"", errc::invalid_utf8, 1},       // overlong 3-byte
        {"\xED\xA0\x80\"", errc::invalid_utf8, 1},       // an encoded surrogate
        {"\xF0\x80\x80\x80\"", errc::invalid_utf8, 1},   // overlong 4-byte
        {"\xF4\x90\x80\x80\"", errc::invalid_utf8, 1},   // above U+10FFFF
        {"\xF5\x80\x80\x80\"", errc::invalid_utf8, 0},
        {"\x80\"", errc::invalid_utf8, 0},               // a lone continuation byte
        {"\xBF\"", errc::invalid_utf8, 0},
        {"\xFE\"", errc::invalid_utf8, 0},
        {"\xFF\"", errc::invalid_utf8, 0},
        {"ab\xE2\x82\"", errc::invalid_utf8, 4},         // truncated 3-byte
        {"ab\xE2\x82\x41\"", errc::invalid_utf8, 4},
        {"ab\xF0\x9F\x98\"", errc::invalid_utf8, 5},     // truncated 4-byte
        {std::string("a\0b\"", 4), errc::control_character, 1},
        {"a\x01\"", errc::control_character, 1},
        {"line\nbreak\"", errc::control_character, 4},
        {"tab\there\"", errc::control_character, 3},
        {"\r\"", errc::control_character, 0},
        {"\x1F\"", errc::control_character, 0},
        {R"(\x")", errc::invalid_escape, 1},
        {R"(\U0041")", errc::invalid_escape, 1},
        {R"(\u00G1")", errc::invalid_escape, 4},
        {R"(\u12")", errc::invalid_escape, 4},
        {"\\\xC3\xA9\"", errc::invalid_escape, 1},
    };
    for (const bad_case& b : cases) {
        // In a call field (copied), in an unknown key's value (skipped), and in a key.
        const std::string captured = "{\"calls\":[{\"sid\":\"" + b.text + "}]}";
        expect_result(captured, b.code, 18 + b.offset_in_text);
        const std::string skipped = "{\"calls\":[{\"other\":\"" + b.text + "}]}";
        expect_result(skipped, b.code, 20 + b.offset_in_text);
        const std::string key = "{\"calls\":[{\"" + b.text + ":1}]}";
        expect_result(key, b.code, 12 + b.offset_in_text);
    }
    // Outside strings, such bytes are simply unexpected.
    expect_result("{\xC3\xA9}", errc::unexpected_character, 1);
    expect_result("{\"calls\":[\x01]}", errc::unexpected_character, 10);
    expect_result(std::string("{\"calls\":[]\0}", 13), errc::unexpected_character, 11);
}

TEST_CASE("the string scanner stops at the right byte wherever it falls in an 8-byte word") {
    // Each special byte after 0..20 plain bytes, so it lands at every position of the scanner's 8-byte words.
    for (std::size_t run = 0; run <= 20; ++run) {
        const std::string plain(run, 'a');
        INFO("plain bytes before: ", run);
        // The closing quote.
        collected_call c = the_call(one_call("\"sid\":\"" + plain + "\",\"to\":\"" + plain + "\""));
        CHECK(c.sid == plain);
        CHECK(c.to == plain);
        // Escapes and multi-byte characters are decoded and copied.
        c = the_call(one_call("\"sid\":\"" + plain + "\\n" + plain + "\xC3\xA9" + plain + "\""));
        CHECK(c.sid == plain + "\n" + plain + "\xC3\xA9" + plain);
        // Bytes that must stop it with an error.
        expect_result(one_call("\"sid\":\"" + plain + "\x1F\""), errc::control_character, 18 + run);
        expect_result(one_call("\"sid\":\"" + plain + "\xFF\""), errc::invalid_utf8, 18 + run);
        expect_result(one_call("\"x\":\"" + plain + "\x1F\""), errc::control_character, 16 + run);
        expect_result(one_call("\"" + plain + "\xFF\":1"), errc::invalid_utf8, 12 + run);
    }
}

TEST_CASE("white space between tokens: runs of every length, wherever they fall in an 8-byte word") {
    // The scanner skips runs of spaces 8 bytes at a time: runs of 0..20 spaces, after a line break or not,
    // with tabs and CRs among them, before and after every token, must parse as the compact page does.
    const std::string compact = R"({"calls":[{"sid":"CA1","duration":"7","price":-0.5,"answered_by":null},)"
                                R"({"sid":"CA2","to":"+1"}],"page":0,"next_page_uri":"/n"})";
    const parse_outcome expected = parse_all_ways(compact);
    REQUIRE(expected.result == std::error_code());
    REQUIRE(expected.calls.size() == 2);
    for (std::size_t run = 0; run <= 20; ++run) {
        for (const char* lead : {"", "\n", "\r\n", "\t", " \t"}) {
            const std::string gap = lead + std::string(run, ' ');
            std::string body;
            bool in_string = false;
            for (char c : compact) {  // white space around each structural byte, none inside strings
                if (c == '"') in_string = !in_string;
                const bool structural = !in_string && (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',');
                if (structural) body += gap;
                body += c;
                if (structural) body += gap;
            }
            INFO("run: ", run, ", lead: ", lead);
            const parse_outcome r = parse_all_ways(body);
            REQUIRE(r.result == std::error_code());
            REQUIRE(r.calls.size() == 2);
            CHECK(r.calls[0].sid == "CA1");
            CHECK(r.calls[0].duration == 7);
            CHECK(r.calls[0].price_text == "-0.5");
            CHECK(r.calls[1].to == "+1");
            CHECK(r.page.next_page_uri == "/n");
            // A byte that is no white space, after the run: the error is at that very byte. 0xA0 is a space
            // with its top bit set, 0x00 and 0x0B are controls, 0x21 is one above a space.
            for (char bad : {'\xA0', '\0', '\x0B', '\x21'}) {
                const std::string broken = "{\"calls\":[]," + gap + std::string(1, bad) + "}";
                expect_result(broken, errc::unexpected_character,
                              12 + gap.size());
            }
        }
    }
}

TEST_CASE("a UTF-8 byte order mark is accepted only at the very start") {
    parse_outcome r = parse_all_ways("\xEF\xBB\xBF{\"calls\":[{\"sid\":\"a\"}]}");
    CHECK(r.result == std::error_code());
    CHECK(r.calls.size() == 1);
    CHECK(parse_all_ways("\xEF\xBB\xBF \n{\"calls\":[]}").result == std::error_code());
    CHECK(parse_all_ways("\xEF\xBB\xBF[]").result == errc::not_a_calls_page);
    // As text inside a string it is just U+FEFF.
    CHECK(the_call(one_call("\"sid\":\"\xEF\xBB\xBF\"")).sid == "\xEF\xBB\xBF");

    expect_result(" \xEF\xBB\xBF{\"calls\":[]}", errc::unexpected_character, 1);
    expect_result("\xEF\xBB\xBF\xEF\xBB\xBF{\"calls\":[]}", errc::unexpected_character, 3);
    expect_result("{\"calls\":\xEF\xBB\xBF[]}", errc::unexpected_character, 9);
    expect_result("{\"calls\":[]}\xEF\xBB\xBF", errc::trailing_content, 12);
    expect_result("\xEF\xBB{}", errc::unexpected_character, 2);
    expect_result("\xEF{}", errc::unexpected_character, 1);
    expect_result("\xEF\xBB\xBF", errc::unexpected_end, 3);
    expect_result("\xEF\xBB", errc::unexpected_end, 2);
}

TEST_CASE("syntax errors: the code and the exact offset of the offending byte") {
    struct syntax_case { std::string body; errc code; std::uint64_t offset; };
    const syntax_case cases[] = {
        {R"({"calls":[})", errc::unexpected_character, 10},
        {R"({"calls":[}])", errc::unexpected_character, 10},
        {R"({"calls":[1}]})", errc::unexpected_character, 11},
        {R"({"calls":[{]}]})", errc::unexpected_character, 11},
        {R"({"calls":[{}}]})", errc::unexpected_character, 12},
        {R"({"calls":[],})", errc::unexpected_character, 12},
        {R"({"calls":[{},]})", errc::unexpected_character, 13},
        {R"({"calls":[{} {}]})", errc::unexpected_character, 13},
        {R"({"calls" []})", errc::unexpected_character, 9},
        {R"({"calls"::[]})", errc::unexpected_character, 9},
        {R"({"calls",[]})", errc::unexpected_character, 8},
        {R"({,"calls":[]})", errc::unexpected_character, 1},
        {R"({'calls':[]})", errc::unexpected_character, 1},
        {R"({calls:[]})", errc::unexpected_character, 1},
        {R"({"calls":[]}})", errc::trailing_content, 12},
        {R"({"calls":[]} {})", errc::trailing_content, 13},
        {R"({"calls":[]},)", errc::trailing_content, 12},
        {R"({"calls":[]}x)", errc::trailing_content, 12},
        {R"([]])", errc::trailing_content, 2},
        {"1 2", errc::trailing_content, 2},
        {R"("a""b")", errc::trailing_content, 3},
        {"[}", errc::unexpected_character, 1},
        {"{]", errc::unexpected_character, 1},
        {"]", errc::unexpected_character, 0},
        {"}", errc::unexpected_character, 0},
        {":", errc::unexpected_character, 0},
        {"x", errc::unexpected_character, 0},
        {R"({"a":1])", errc::unexpected_character, 6},
        {R"({"calls":tru})", errc::invalid_literal, 12},
        {R"({"calls":nul})", errc::invalid_literal, 12},
        {R"({"calls":fals})", errc::invalid_literal, 13},
        {R"({"calls":trUe})", errc::invalid_literal, 11},
        {R"({"calls":True})", errc::unexpected_character, 9},
        {R"({"calls":nulll})", errc::unexpected_character, 13},
        {R"({"calls":NaN})", errc::unexpected_character, 9},
        {R"({"calls":01})", errc::invalid_number, 10},
        {R"({"calls":-01})", errc::invalid_number, 11},
        {R"({"calls":00})", errc::invalid_number, 10},
        {R"({"calls":-})", errc::invalid_number, 10},
        {R"({"calls":--1})", errc::invalid_number, 10},
        {R"({"calls":-a})", errc::invalid_number, 10},
        {R"({"calls":1.})", errc::invalid_number, 11},
        {R"({"calls":1.e5})", errc::invalid_number, 11},
        {R"({"calls":1e})", errc::invalid_number, 11},
        {R"({"calls":1e+})", errc::invalid_number, 12},
        {R"({"calls":1E-x})", errc::invalid_number, 12},
        {R"({"calls":.5})", errc::unexpected_character, 9},
        {R"({"calls":+1})", errc::unexpected_character, 9},
        {R"({"calls":0x1})", errc::unexpected_character, 10},
        {R"({"calls":1.5.2})", errc::unexpected_character, 12},
        {R"({"calls":[1 2]})", errc::unexpected_character, 12},
        {R"({"calls":[1,]})", errc::unexpected_character, 12},
        {R"({"calls":[,1]})", errc::unexpected_character, 10},
        {R"({"calls":"\x"})", errc::invalid_escape, 11},
        {R"({"calls":"\u12g4"})", errc::invalid_escape, 14},
        {R"({"calls":"\u 123"})", errc::invalid_escape, 12},
        {R"({"calls":"\'"})", errc::invalid_escape, 11},
        // Truncated bodies: unexpected_end at the body's length.
        {"", errc::unexpected_end, 0},
        {" \n\t\r", errc::unexpected_end, 4},
        {"{", errc::unexpected_end, 1},
        {R"({"calls")", errc::unexpected_end, 8},
        {R"({"calls":)", errc::unexpected_end, 9},
        {R"({"calls":[)", errc::unexpected_end, 10},
        {R"({"calls":[])", errc::unexpected_end, 11},
        {R"({"calls":[]   )", errc::unexpected_end, 14},
        {R"({"calls":"abc)", errc::unexpected_end, 13},
        {R"({"calls":"abc\)", errc::unexpected_end, 14},
        {R"({"calls":"\u12)", errc::unexpected_end, 14},
        {R"({"calls":"\ud83d)", errc::unexpected_end, 16},
        {R"({"calls":"\ud83d\)", errc::unexpected_end, 17},
        {"{\"calls\":\"\xE2\x82", errc::unexpected_end, 12},
        {R"({"calls":tr)", errc::unexpected_end, 11},
        {R"({"calls":12)", errc::unexpected_end, 11},
        {R"({"calls":-)", errc::unexpected_end, 10},
        {R"({"calls":1.)", errc::unexpected_end, 11},
        {R"({"calls":1e)", errc::unexpected_end, 11},
        {"\"", errc::unexpected_end, 1},
        {"-", errc::unexpected_end, 1},
        {"1.", errc::unexpected_end, 2},
        {"1e-", errc::unexpected_end, 3},
        {"nul", errc::unexpected_end, 3},
    };
    for (const syntax_case& s : cases) expect_result(s.body, s.code, s.offset);
}

TEST_CASE("every proper prefix of a page is unexpected_end at its length, with the calls completed so far") {
    const std::string body = R"({"uri":"/u","calls":[{"sid":"a","duration":12,"subresource_uris":{"recordings":"/r"}},)"
                             R"({"sid":"b","price":-0.5},{"sid":"c"}],"page":1} )";
    const std::size_t last_brace = body.rfind('}');
    const std::size_t call_ends[] = {body.find("}},") + 2, body.find("5},") + 2, body.find("\"c\"}") + 4};
    for (std::size_t length = 0; length <= last_brace; ++length) {
        CAPTURE(length);
        const std::string prefix = body.substr(0, length);
        parse_outcome r = parse_all_ways(prefix);
        CHECK(r.result == errc::unexpected_end);
        CHECK(r.error_offset == length);
        std::size_t complete = 0;
        for (std::size_t end : call_ends) complete += end <= length ? 1 : 0;
        CHECK(r.calls.size() == complete);
    }
    for (std::size_t length = last_brace + 1; length <= body.size(); ++length) {
        parse_outcome r = parse_whole(body.substr(0, length));
        CHECK(r.result == std::error_code());
        CHECK(r.calls.size() == 3);
        CHECK(r.page.page == 1);
    }
}

TEST_CASE("valid JSON that is not a calls page: errc::not_a_calls_page") {
    const char* bodies[] = {
        "[]", "[{\"calls\":[]}]", "\"calls\"", "12", "-0.5e3", "0", "true", "false", "null", " 12 \n",
        "{}", R"({"call":[]})", R"({"Calls":[]})", R"({"calls ":[]})", R"({"data":{"calls":[]}})",
        R"({"calls":{}})", R"({"calls":{"sid":"a"}})", R"({"calls":"x"})", R"({"calls":1})", R"({"calls":null})",
        R"({"calls":[1]})", R"({"calls":["CA1"]})", R"({"calls":[null]})", R"({"calls":[true]})", R"({"calls":[[]]})",
        R"({"calls":[[{"sid":"a"}]]})", R"({"calls":[{}, 2]})", R"({"calls":[{},[]]})",
        R"({"code":20003,"message":"Authentication failed","more_info":"https://x","status":401})",
    };
    for (const char* body : bodies) expect_result(body, errc::not_a_calls_page);

    // "calls" that is not an array is not a calls page, whatever it holds (true and false included).
    expect_result(R"({"calls":true})", errc::not_a_calls_page);
    expect_result(R"({"calls":false})", errc::not_a_calls_page);
}

TEST_CASE("a modelled field of the wrong JSON type: errc::wrong_field_type") {
    // Objects, arrays and true/false in every call field.
    for (const char* value : {"{}", "[]", "true", "false", R"({"a":1})", "[\"x\"]"}) {
#define SWCALLS_X(member, key, kind) expect_result(one_call("\"" key "\":"s + value), errc::wrong_field_type);
        SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    }
    // ... and in every subresource field, and every page field.
    for (const char* value : {"{}", "[]", "true", "false"}) {
#define SWCALLS_X(member, key, kind) \
        expect_result(one_call("\"subresource_uris\":{\"" key "\":"s + value + "}"), errc::wrong_field_type);
        SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#define SWCALLS_X(member, key, kind) \
        expect_result("{\"" key "\":"s + value + ",\"calls\":[]}", errc::wrong_field_type); \
        expect_result("{\"calls\":[],\"" key "\":"s + value + "}", errc::wrong_field_type);
        SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    }
    expect_result(one_call(R"("subresource_uris":[])"), errc::wrong_field_type);
    expect_result(one_call(R"("subresource_uris":true)"), errc::wrong_field_type);
    // A scalar where subresource_uris needs an object is the wrong type too (and its text is not kept).
    expect_result(one_call(R"("subresource_uris":"x")"), errc::wrong_field_type);
    expect_result(one_call(R"("subresource_uris":5)"), errc::wrong_field_type);
}

TEST_CASE("a modelled number that is not a number: errc::invalid_field_value") {
    std::vector<std::string> integer_keys, decimal_keys;
#define SWCALLS_KEYS_text(key)
#define SWCALLS_KEYS_integer(key) integer_keys.push_back(key);
#define SWCALLS_KEYS_decimal(key) decimal_keys.push_back(key);
#define SWCALLS_KEYS_status(key)
#define SWCALLS_KEYS_direction(key)
#define SWCALLS_KEYS_answered(key)
#define SWCALLS_X(member, key, kind) SWCALLS_KEYS_##kind(key)
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_KEYS_text
#undef SWCALLS_KEYS_integer
#undef SWCALLS_KEYS_decimal
#undef SWCALLS_KEYS_status
#undef SWCALLS_KEYS_direction
#undef SWCALLS_KEYS_answered
    CHECK(integer_keys.size() == 2);   // duration, queue_time
    CHECK(decimal_keys.size() == 9);   // price and the eight audio metrics
    for (const std::string& key : integer_keys) {
        for (const char* value : {R"("abc")", R"("4.5")", "4.5", R"("1e3")", "1e3", R"(" 4")", R"("4 ")", R"("+4")",
                                  R"("-")", R"("04")", R"("0x10")", "9223372036854775808", R"("-9223372036854775809")",
                                  "-0.0", R"("1,000")"}) {
            expect_result(one_call("\"" + key + "\":" + value), errc::invalid_field_value);
        }
    }
    for (const std::string& key : decimal_keys) {
        for (const char* value : {R"("x")", R"("1.")", R"(".5")", R"("1e")", R"("- 1")", R"("$0.20")", R"("0.2 USD")",
                                  "1e999", R"("-1e400")", R"("NaN")", R"("inf")", R"("0.5 ")"}) {
            expect_result(one_call("\"" + key + "\":" + value), errc::invalid_field_value);
        }
    }
}

TEST_CASE("a page number that is not a number: errc::invalid_field_value, whatever the key order") {
    for (const char* key : {"page", "page_size", "start", "end"}) {
        for (const char* value : {R"("abc")", "1.5", "99999999999999999999", R"("-")"}) {
            INFO(key, " = ", value);
            std::string before = std::string("{\"") + key + "\":" + value + R"(,"calls":[{"sid":"a"}]})";
            std::string after = std::string(R"({"calls":[{"sid":"a"}],")") + key + "\":" + value + "}";
            parse_outcome r = expect_result(before, errc::invalid_field_value);
            CHECK(r.calls.size() == 1);  // the page's own fields are judged when the body ends
            expect_result(after, errc::invalid_field_value);
        }
        // Numbers sent as strings, and null, are fine.
        parse_outcome r = parse_all_ways(std::string("{\"") + key + R"(":"7","calls":[]})");
        CHECK(r.result == std::error_code());
        r = parse_all_ways(std::string("{\"") + key + R"(":null,"calls":[]})");
        CHECK(r.result == std::error_code());
    }
}

TEST_CASE("calls before a shape problem are delivered, none after it; invalid JSON still wins") {
    parse_outcome r = expect_result(R"({"calls":[{"sid":"a"},{"sid":"b"},{"sid":{}},{"sid":"d"}]})",
                                    errc::wrong_field_type);
    REQUIRE(r.calls.size() == 2);
    CHECK(r.calls[0].sid == "a");
    CHECK(r.calls[1].sid == "b");
    CHECK(r.page.calls == 2);

    r = expect_result(R"({"calls":[{"sid":"a"},{"duration":"abc","sid":"b"},{"sid":"c"}]})", errc::invalid_field_value);
    REQUIRE(r.calls.size() == 1);
    CHECK(r.calls[0].sid == "a");

    r = expect_result(R"({"calls":[{"sid":"a"},7,{"sid":"c"}]})", errc::not_a_calls_page);
    REQUIRE(r.calls.size() == 1);

    // The first shape problem is the one reported.
    expect_result(R"({"calls":[{"duration":"x"},{"sid":true}]})", errc::invalid_field_value);
    expect_result(R"({"calls":[{"sid":true},{"duration":"x"}]})", errc::wrong_field_type);
    expect_result(R"({"next_page_uri":{},"calls":7})", errc::wrong_field_type);

    // Invalid JSON after (or before) a shape problem is a syntax error, with its offset.
    const std::string after = R"({"calls":[{"sid":"a"},{"sid":{}}, tru]})";
    r = expect_result(after, errc::invalid_literal, at(after, "tru]", 3));
    CHECK(r.calls.size() == 1);
    expect_result(R"([1,2] x)", errc::trailing_content, 6);
    expect_result(R"({"calls":{}} ])", errc::trailing_content, 13);
    expect_result(R"({"calls":[{"duration":"x"}],)", errc::unexpected_end, 28);
    expect_result(R"("not a page)", errc::unexpected_end, 11);
}

TEST_CASE("storage: a call exactly as large as the storage fits, one byte more does not") {
    for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(8), std::size_t(9),
                          std::size_t(63), std::size_t(64), std::size_t(100), std::size_t(1000)}) {
        CAPTURE(n);
        parse_options exactly;
        exactly.storage_size = n;
        const std::string fits = one_call("\"sid\":\"" + std::string(n, 'x') + "\"");
        collected_call c = the_call(fits, exactly);
        CHECK(c.sid == std::string(n, 'x'));
        const std::string too_big = one_call("\"sid\":\"" + std::string(n + 1, 'x') + "\"");
        parse_outcome r = expect_result(too_big, errc::call_too_large, 18 + n, exactly);
        CHECK(swcalls::kind_of(r.result) == errc_kind::storage);
        CHECK(r.calls.empty());
    }
}

TEST_CASE("storage holds the modelled fields of one call plus the page text seen so far") {
    SUBCASE("all modelled fields of a call count together") {
        const std::string body = one_call(R"("sid":"0123456789","other":"unknown values cost nothing","to":"0123456789")");
        parse_options o;
        o.storage_size = 20;
        CHECK(the_call(body, o).to == "0123456789");
        o.storage_size = 19;
        expect_result(body, errc::call_too_large, at(body, "9\"}"), o);
    }
    SUBCASE("numbers, escapes and subresource URIs take their decoded size") {
        parse_options o;
        o.storage_size = 5;
        CHECK(the_call(one_call(R"("duration":12345)"), o).duration == 12345);
        CHECK(the_call(one_call(R"("duration":"12345")"), o).duration == 12345);
        o.storage_size = 4;
        expect_result(one_call(R"("duration":12345)"), errc::call_too_large, 26, o);
        o.storage_size = 3;
        CHECK(the_call(one_call(R"("sid":"\u20ac")"), o).sid == "\xE2\x82\xAC");
        o.storage_size = 2;
        expect_result(one_call(R"("sid":"\u20ac")"), errc::call_too_large, 23, o);  // at the last hex digit
        o.storage_size = 1;
        CHECK(the_call(one_call(R"("sid":"\n")"), o).sid == "\n");
        o.storage_size = 0;
        expect_result(one_call(R"("sid":"\n")"), errc::call_too_large, 19, o);
        o.storage_size = 4;
        CHECK(the_call(one_call(R"("sid":"\ud83d\ude00")"), o).sid == "\xF0\x9F\x98\x80");
        o.storage_size = 3;
        expect_result(one_call(R"("sid":"\ud83d\ude00")"), errc::call_too_large, 29, o);
        o.storage_size = 6;
        CHECK(the_call(one_call(R"("subresource_uris":{"recordings":"/r","notifications":"/n"},"sid":"ab")"), o).sid ==
              "ab");
        o.storage_size = 5;
        const std::string sub = one_call(R"("subresource_uris":{"recordings":"/r","notifications":"/n"},"sid":"ab")");
        expect_result(sub, errc::call_too_large, at(sub, "b\"}"), o);
    }
    SUBCASE("empty strings, nulls and unknown keys need no storage") {
        parse_options o;
        o.storage_size = 0;
        const std::string body = R"({"big":")" + std::string(500, 'x') + R"(","calls":[{"sid":"","to":null,)"
                                 R"("unknown":")" + std::string(300, 'y') + R"(","z":[1,2,{"a":"bbbbbbbbbbbbbbbb"}]}],)"
                                 R"("next_page_uri":null})";
        parse_outcome r = parse_all_ways(body, o);
        CHECK(r.result == std::error_code());
        REQUIRE(r.calls.size() == 1);
        CHECK(r.calls[0].sid == "");
        CHECK(r.calls[0].to == std::nullopt);
        CHECK(the_call(one_call(R"("sid":"")"), o).sid == "");
        expect_result(one_call(R"("sid":"a")"), errc::call_too_large, 18, o);
        expect_result(one_call(R"("duration":0)"), errc::call_too_large, 22, o);
    }
    SUBCASE("a call's text is released once it has been delivered") {
        std::string body = R"({"calls":[)";
        for (int i = 0; i < 10; ++i) body += (i ? ","s : ""s) + "{\"sid\":\"" + std::string(16, char('a' + i)) + "\"}";
        body += "]}";
        parse_options o;
        o.storage_size = 16;
        parse_outcome r = parse_all_ways(body, o);
        CHECK(r.result == std::error_code());
        REQUIRE(r.calls.size() == 10);
        CHECK(r.calls[9].sid == std::string(16, 'j'));
    }
    SUBCASE("page text before the calls stays: K + M must fit") {
        for (std::size_t k : {std::size_t(0), std::size_t(5), std::size_t(30)}) {
            for (std::size_t m : {std::size_t(0), std::size_t(1), std::size_t(12)}) {
                const std::string body = "{\"uri\":\"" + std::string(k, 'u') + "\",\"calls\":[{\"sid\":\"" +
                                         std::string(m, 's') + "\"},{\"sid\":\"" + std::string(m, 't') + "\"}]}";
                CAPTURE(k);
                CAPTURE(m);
                parse_options o;
                o.storage_size = k + m;
                parse_outcome r = parse_all_ways(body, o);
                CHECK(r.result == std::error_code());
                CHECK(r.calls.size() == 2);
                CHECK(r.page.uri == std::string(k, 'u'));
                if (k + m == 0) continue;
                o.storage_size = k + m - 1;
                std::uint64_t offset = m == 0 ? 8 + (k - 1) : at(body, "\"sid\":\"") + 7 + (m - 1);
                expect_result(body, errc::call_too_large, offset, o);
            }
        }
    }
    SUBCASE("page text after the calls needs room only for itself") {
        const std::string body = R"({"calls":[{"sid":"0123456789"}],"next_page_uri":"abcdefghij","uri":"/u"})";
        parse_options o;
        o.storage_size = 12;
        parse_outcome r = parse_all_ways(body, o);
        CHECK(r.result == std::error_code());
        CHECK(r.page.next_page_uri == "abcdefghij");
        CHECK(r.page.uri == "/u");
        o.storage_size = 11;
        expect_result(body, errc::call_too_large, at(body, "/u") + 1, o);
    }
    SUBCASE("page text between two calls stays for the second") {
        const std::string body = R"({"calls":[{"sid":"aaaa"}],"uri":"uuuu","calls":[{"sid":"bbbb"}]})";
        parse_options o;
        o.storage_size = 8;
        parse_outcome r = parse_all_ways(body, o);
        CHECK(r.result == std::error_code());
        CHECK(r.calls.size() == 2);
        o.storage_size = 7;
        expect_result(body, errc::call_too_large, at(body, "bbbb") + 3, o);
    }
    SUBCASE("a null storage pointer with size 0") {
        // No storage at all is the same as a zero-size one: no room for any value, never "keep nothing".
        int calls = 0;
        std::optional<std::string> sid;
        swcalls::page_parser parser{static_cast<char*>(nullptr), 0, [&](const swcalls::call_view& call) {
                                        ++calls;
                                        sid = copy_text(call.sid);
                                    }};
        std::error_code ec = parser.feed(one_call(R"("sid":"abc")"));
        if (!ec) ec = parser.finish();
        CHECK(ec == errc::call_too_large);
        CHECK(calls == 0);
    }
}

TEST_CASE("keys longer than the longest modelled key are unknown keys") {
    constexpr std::size_t limit = swcalls::detail::max_key_length;
    static_assert(limit == 20, "audio_out_jitter_min/max/avg are the longest keys");
    const std::string at_limit(limit, 'k'), past_limit(limit + 1, 'k'), k1000(1000, 'k');
    for (const std::string& key : {at_limit, past_limit, k1000, "sid" + std::string(30, ' '),
                                   "subresource_uris_and_more_than_24"s, "audio_out_jitter_minX"s}) {
        INFO("key length: ", key.size());
        parse_options o;
        o.storage_size = 4;
        const std::string body = one_call("\"" + key + "\":{\"sid\":\"nested\"},\"" + key + "\":\"0123456789\",\"sid\":\"ab\"");
        collected_call c = the_call(body, o);
        CHECK(c.sid == "ab");
        // At the page and subresources levels too.
        parse_outcome r = parse_all_ways("{\"" + key + "\":\"0123456789\",\"calls\":[{\"subresource_uris\":{\"" + key +
                                         "\":\"0123456789\",\"recordings\":\"/r\"}}],\"uri\":\"/u\"}", o);
        CHECK(r.result == std::error_code());
        REQUIRE(r.calls.size() == 1);
        CHECK(r.calls[0].recordings == "/r");
        CHECK(r.page.uri == "/u");
    }
    // A long key with escapes, and multi-byte characters straddling the limit.
    collected_call c = the_call(one_call(R"("kkkkkkkkkkkkkkkkkkk\u20ac\n":"v",)"
                                         R"("k\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9":"w","sid":"s")"));
    CHECK(c.sid == "s");
    c = the_call(one_call("\"kkkkkkkkkkkkkkkkkkk\xE2\x82\xAC\":1,\"sid\":\"s\""));
    CHECK(c.sid == "s");
    // Errors in the part of a long key past the limit are still found.
    const std::string bad = one_call("\"" + k1000 + "\\q\":1");
    expect_result(bad, errc::invalid_escape, 12 + 1000 + 1);
}

TEST_CASE("nesting deeper than SWCALLS_MAX_DEPTH is errc::depth_limit") {
    static_assert(SWCALLS_MAX_DEPTH == 128, "this test nests around the default limit");
    // 128 levels are fine, the 129th opening bracket is the error.
    expect_result(std::string(128, '[') + std::string(128, ']'), errc::not_a_calls_page);
    expect_result(std::string(129, '[') + std::string(129, ']'), errc::depth_limit, 128);
    std::string objects;
    for (int i = 0; i < 128; ++i) objects += "{\"a\":";
    expect_result(objects + "1" + std::string(128, '}'), errc::not_a_calls_page);
    expect_result(objects + "{}" + std::string(128, '}'), errc::depth_limit, objects.size());
    // Inside a call: the page, calls and the call take three levels.
    const std::string deep = one_call("\"x\":" + std::string(125, '[') + std::string(125, ']') + ",\"sid\":\"a\"");
    CHECK(the_call(deep).sid == "a");
    const std::string deeper = one_call("\"x\":" + std::string(126, '[') + std::string(126, ']'));
    expect_result(deeper, errc::depth_limit, 15 + 125);
    // Depth returns to normal after a deep value: many deep siblings are fine.
    std::string siblings = R"({"calls":[{"sid":"a")";
    for (int i = 0; i < 5; ++i) siblings += ",\"x\":" + std::string(125, '[') + std::string(125, ']');
    siblings += "}]}";
    CHECK(the_call(siblings).sid == "a");
}

TEST_CASE("a callback returning false stops the parser") {
    const std::string body = R"({"uri":"/u","calls":[{"sid":"a"},{"sid":"b"},{"sid":"c"}],"next_page_uri":"/n"} garbage)";
    parse_options o;
    for (std::size_t stop : {std::size_t(1), std::size_t(2), std::size_t(3)}) {
        CAPTURE(stop);
        o.stop_after = stop;
        parse_outcome r = parse_all_ways(body, o);
        CHECK(r.stopped);
        CHECK(r.result == std::error_code());  // the rest of the body (even invalid) is not judged
        CHECK(r.calls.size() == stop);
        CHECK(r.page.calls == stop);
        CHECK(r.page.uri == "/u");                      // seen before the stop
        CHECK(r.page.next_page_uri == std::nullopt);    // not reached
        const std::size_t call_end[] = {at(body, "\"a\"}") + 4, at(body, "\"b\"}") + 4, at(body, "\"c\"}") + 4};
        CHECK(r.consumed == call_end[stop - 1]);         // nothing after the call's closing brace
    }
    SUBCASE("directly: feed after a stop returns success and consumes nothing") {
        std::vector<std::string> sids;
        char storage[256];
        swcalls::page_parser parser{storage, [&](const swcalls::call_view& call) {
                                        sids.emplace_back(*call.sid);
                                        return false;
                                    }};
        CHECK(parser.feed(R"({"calls":[{"sid":"a"},{"sid":"b"}]})") == std::error_code());
        CHECK(parser.stopped());
        CHECK(parser.calls() == 1);
        const std::uint64_t consumed = parser.consumed();
        CHECK(parser.feed("this is not JSON") == std::error_code());
        CHECK(parser.consumed() == consumed);
        CHECK(parser.finish() == std::error_code());
        CHECK(parser.page().calls == 1);
        CHECK(sids == std::vector<std::string>{"a"});
        CHECK(parser.feed("x") == errc::parser_finished);
    }
    SUBCASE("a void callback cannot stop") {
        int calls = 0;
        char storage[256];
        swcalls::page_parser parser{storage, [&](const swcalls::call_view&) { ++calls; }};
        CHECK(parser.feed(R"({"calls":[{"sid":"a"},{"sid":"b"}]})") == std::error_code());
        CHECK(parser.finish() == std::error_code());
        CHECK_FALSE(parser.stopped());
        CHECK(calls == 2);
    }
}

TEST_CASE("reset() makes the parser ready for another body") {
    std::vector<std::string> sids;
    char storage[64];
    swcalls::page_parser parser{storage, [&](const swcalls::call_view& call) {
                                    sids.emplace_back(call.sid ? *call.sid : "-");
                                    return *call.sid != "stop";
                                }};
    // A good body.
    CHECK(parser.feed(R"({"uri":"/1","calls":[{"sid":"a"}],"page":1})") == std::error_code());
    CHECK(parser.finish() == std::error_code());
    CHECK(parser.page().uri == "/1");
    CHECK(parser.feed("{}") == errc::parser_finished);
    CHECK(parser.finish() == std::error_code());

    // After reset: nothing left over from the previous body (page fields, counts, offsets).
    parser.reset();
    CHECK(parser.consumed() == 0);
    CHECK(parser.calls() == 0);
    CHECK(parser.feed(R"({"calls":[{"sid":"b"},{"sid":"c"}]})") == std::error_code());
    CHECK(parser.finish() == std::error_code());
    CHECK(parser.page().uri == std::nullopt);
    CHECK(parser.page().page == std::nullopt);
    CHECK(parser.page().calls == 2);

    // After a syntax error.
    parser.reset();
    CHECK(parser.feed(R"({"calls":[}])") == errc::unexpected_character);
    CHECK(parser.error_offset() == 10);
    CHECK(parser.finish() == errc::unexpected_character);
    parser.reset();
    CHECK(parser.error_offset() == 0);
    CHECK(parser.feed(R"({"calls":[{"sid":"d"}]})") == std::error_code());
    CHECK(parser.finish() == std::error_code());

    // After a shape error, a storage error, a stop and in the middle of a body.
    parser.reset();
    CHECK(parser.feed(R"({"calls":[{"sid":{}}]})") == std::error_code());
    CHECK(parser.finish() == errc::wrong_field_type);
    parser.reset();
    CHECK(parser.feed(one_call("\"sid\":\"" + std::string(65, 'x') + "\"")) == errc::call_too_large);
    parser.reset();
    CHECK(parser.feed(R"({"calls":[{"sid":"stop"},{"sid":"never"}]})") == std::error_code());
    CHECK(parser.stopped());
    parser.reset();
    CHECK_FALSE(parser.stopped());
    CHECK(parser.feed(R"({"calls":[{"sid":"e"},{"sid":"f")") == std::error_code());
    parser.reset();
    CHECK(parser.feed("\xEF\xBB\xBF" R"({"calls":[{"sid":"g"}],"uri":"/g"})") == std::error_code());  // BOM at 0 again
    CHECK(parser.finish() == std::error_code());
    CHECK(parser.page().uri == "/g");
    CHECK(parser.page().calls == 1);

    CHECK(sids == std::vector<std::string>{"a", "b", "c", "d", "stop", "e", "g"});
}

TEST_CASE("feed after finish is errc::parser_finished; finish is idempotent") {
    char storage[64];
    swcalls::page_parser parser{storage, [](const swcalls::call_view&) {}};
    CHECK(parser.feed("{\"calls\"", 8) == std::error_code());
    CHECK(parser.finish() == errc::unexpected_end);
    CHECK(parser.error_offset() == 8);
    CHECK(parser.feed(":[]}") == errc::parser_finished);
    CHECK(swcalls::kind_of(parser.feed("")) == errc_kind::usage);
    CHECK(parser.finish() == errc::unexpected_end);
    CHECK(parser.error_offset() == 8);
}

TEST_CASE("construction: array storage with CTAD, pointer and size; empty feeds") {
    char storage[32];
    int n = 0;
    swcalls::page_parser a{storage, [&](const swcalls::call_view& c) { n += int(c.duration.value_or(0)); }};
    CHECK(a.feed(static_cast<const char*>(nullptr), 0) == std::error_code());
    CHECK(a.feed(std::string_view()) == std::error_code());
    CHECK(a.feed(one_call(R"("duration":2)")) == std::error_code());
    CHECK(a.feed("", 0) == std::error_code());
    CHECK(a.finish() == std::error_code());
    swcalls::page_parser b{storage + 1, sizeof storage - 1, [&](const swcalls::call_view& c) {
                               n += int(c.duration.value_or(0));
                               return true;
                           }};
    CHECK(b.feed(one_call(R"("duration":"3")")) == std::error_code());
    CHECK(b.finish() == std::error_code());
    CHECK(n == 5);
}

TEST_CASE("a generated page of a few KB, ground at every offset") {
    std::string body = R"({"uri":"/api/laml/2010-04-01/Accounts/AC/Calls?Page=0&PageSize=4","calls":[)";
    const char* statuses[] = {"completed", "busy", "no-answer", "weird"};
    for (int i = 0; i < 4; ++i) {
        const std::string n = std::to_string(i);
        body += (i ? "," : "") + R"({"sid":"CA)"s + n + R"(","date_created":"Wed, 19 Sep 2018 20:00:0)" + n +
                R"( +0000","to":"+1310567890)" + n + R"(","from":"+13103384645","status":")" + statuses[i] +
                R"(","duration":")" + std::to_string(i * 17) + R"(","price":)" + (i % 2 ? "\"-0.0" + n + "5\"" : "null") +
                R"(,"direction":"inbound","answered_by":null,"caller_name":"Caf\u00e9 \"\ud83d\ude00\" #)" + n +
                R"(","extra":{"nested":[1,2,{"sid":"x"}],"b":true},"subresource_uris":{"recordings":"/r/)" + n +
                R"(.json","notifications":null,"payments":"/p"},"audio_in_mos":4.)" + n + "}";
    }
    body += R"(],"next_page_uri":"/next","page":0,"page_size":4})";
    REQUIRE(body.size() > 1500);
    parse_outcome r = parse_all_ways(body);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 4);
    for (int i = 0; i < 4; ++i) {
        const collected_call& c = r.calls[std::size_t(i)];
        const std::string n = std::to_string(i);
        CHECK(c.sid == "CA" + n);
        CHECK(c.status_text == statuses[i]);
        CHECK(c.duration == i * 17);
        CHECK(c.caller_name == "Caf\xC3\xA9 \"\xF0\x9F\x98\x80\" #" + n);
        CHECK(c.recordings == "/r/" + n + ".json");
        CHECK(c.audio_in_mos == std::stod("4." + n));
    }
    CHECK(r.calls[3].status == swcalls::call_status::unknown);
    CHECK(r.calls[1].price == -0.015);
    CHECK(r.calls[1].price_text == "-0.015");
    CHECK(r.calls[0].price == std::nullopt);
    CHECK(r.page.next_page_uri == "/next");
    CHECK(r.page.page_size == 4);
}

// ---------------------------------------------------------------------------------------------------------
// The reference bodies in the shared data.

TEST_CASE("SignalWire: the example page from the OpenAPI spec") {
    std::string body;
    if (!load_shared("api/signalwire_list_calls_example_from_openapi.json", body)) return;
    parse_outcome r = parse_all_ways(body);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 1);
    const collected_call& c = r.calls[0];
    CHECK(c.sid == "b3877c40-da60-4998-90ad-b792e98472ca");
    CHECK(c.account_sid == "b3877c40-da60-4998-90ad-b792e98472af");
    CHECK(c.date_created == "Wed, 19 Sep 2018 20:00:00 +0000");
    CHECK(c.date_updated == "Wed, 19 Sep 2018 21:00:00 +0000");
    CHECK(c.parent_call_sid == "b3877c40-da60-4998-90ad-b792e98472af");
    CHECK(c.to == "+13105678901");
    CHECK(c.formatted_to == "(310) 567-8901");
    CHECK(c.to_formatted == "(310) 567-8901");
    CHECK(c.from == "+13103384645");
    CHECK(c.formatted_from == "(310) 338-4645");
    CHECK(c.from_formatted == "(310) 338-4645");
    CHECK(c.phone_number_sid == "b3877c40-da60-4998-90ad-b792e98472pn");
    CHECK(c.status == swcalls::call_status::queued);
    CHECK(c.start_time == "Wed, 19 Sep 2018 20:00:01 +0000");
    CHECK(c.end_time == "Fri, 21 Sep 2018 10:00:00 +0000");
    CHECK(c.duration == 20);
    CHECK(c.price == 0.003);
    CHECK(c.price_text == "0.003");
    CHECK(c.price_unit == "USD");
    CHECK(c.direction == swcalls::call_direction::inbound);
    CHECK(c.answered_by == swcalls::call_answered_by::human);
    CHECK(c.api_version == "2010-04-01");
    CHECK(c.forwarded_from == std::nullopt);
    CHECK(c.caller_name == std::nullopt);
    CHECK(c.uri == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/"
                   "b3877c40-da60-4998-90ad-b792e98472ca.json");
    CHECK(c.notifications == std::nullopt);
    CHECK(c.recordings == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/"
                          "b3877c40-da60-4998-90ad-b792e98472ca/Recordings.json");
    CHECK(c.annotation == std::nullopt);
    CHECK(c.group_sid == std::nullopt);
    CHECK(c.audio_in_mos == 4.5);
    CHECK(c.sip_result_code == "200");
    CHECK(c.audio_rtt_avg == 50.0);
    CHECK(c.audio_rtt_min == 20.0);
    CHECK(c.audio_rtt_max == 100.0);
    CHECK(c.audio_out_jitter_min == 1.0);
    CHECK(c.audio_out_jitter_max == 10.0);
    CHECK(c.audio_out_jitter_avg == 5.0);
    CHECK(c.audio_out_lost == 0.0);
    CHECK(c.queue_time == std::nullopt);
    CHECK(c.trunk_sid == std::nullopt);
    CHECK(r.page.uri == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?Page=0&PageSize=50");
    CHECK(r.page.first_page_uri == r.page.uri);
    CHECK(r.page.next_page_uri == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?Page=1&"
                                  "PageSize=50&PageToken=PAxxxxxxxxxx");
    CHECK(r.page.previous_page_uri == std::nullopt);
    CHECK(r.page.page == 0);
    CHECK(r.page.page_size == 50);
    CHECK(r.page.start == std::nullopt);
    CHECK(r.page.end == std::nullopt);
    CHECK(r.page.has_next);
    CHECK(r.page.calls == 1);
}

TEST_CASE("SignalWire: the example page from the legacy spec") {
    std::string body;
    if (!load_shared("api/signalwire_list_calls_example_from_legacy_spec.json", body)) return;
    parse_outcome r = parse_all_ways(body);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 1);
    const collected_call& c = r.calls[0];
    CHECK(c.sid == std::nullopt);
    CHECK(c.account_sid == std::nullopt);
    CHECK(c.answered_by == swcalls::call_answered_by::machine);
    CHECK(c.answered_by_text == "machine");
    CHECK(c.api_version == "2010-04-01T00:00:00.000Z");
    CHECK(c.date_created == "Wed, 19 Sept 2018 20:00:00 +0000");
    CHECK(c.direction == swcalls::call_direction::inbound);
    CHECK(c.duration == 20);
    CHECK(c.forwarded_from == "+13102259067");
    CHECK(c.from == "+13103384645");
    CHECK(c.formatted_from == "+13102259067");
    CHECK(c.from_formatted == std::nullopt);
    CHECK(c.parent_call_sid == std::nullopt);
    CHECK(c.price == 0.003);
    CHECK(c.status == swcalls::call_status::queued);
    CHECK(c.notifications == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/"
                             "b3877c40-da60-4998-90ad-b792e98472pa/Notifications.json");
    CHECK(c.recordings == "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/"
                          "b3877c40-da60-4998-90ad-b792e98472pa/Recordings.json");
    CHECK(c.to == "+13105678901");
    CHECK(c.formatted_to == "(310) 567-8901");
    CHECK(c.sip_result_code == std::nullopt);
    CHECK(c.audio_in_mos == std::nullopt);
    CHECK(r.page.uri == std::nullopt);
    CHECK(r.page.next_page_uri == std::nullopt);
    CHECK_FALSE(r.page.has_next);
    CHECK(r.page.page == 0);
    CHECK(r.page.page_size == 50);
}

TEST_CASE("Twilio: the five example pages of the OpenAPI description") {
    std::string file;
    if (!load_shared("api/twilio_oai_calls_list_examples.json", file)) return;
    std::vector<json_member> pages;
    REQUIRE(top_level_members(file, pages));
    REQUIRE(pages.size() == 5);
    CHECK(pages[0].key == "readFullPage1");
    CHECK(pages[1].key == "readFullPage2");
    CHECK(pages[2].key == "readEmptyDatesGreater");
    CHECK(pages[3].key == "readEmptyDatesLess");
    CHECK(pages[4].key == "readEmptyDateFunDateFormats");
    const std::string account = "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls/";

    // The file as a whole is valid JSON but not a page: its "calls" arrays are one level too deep.
    parse_outcome whole = parse_whole(file);
    CHECK(whole.result == errc::not_a_calls_page);
    CHECK(whole.calls.empty());

    for (std::size_t p = 0; p < 2; ++p) {
        INFO("page ", pages[p].key);
        REQUIRE(pages[p].value.front() == '{');
        REQUIRE(pages[p].value.back() == '}');
        parse_outcome r = parse_all_ways(pages[p].value);
        REQUIRE(r.result == std::error_code());
        REQUIRE(r.calls.size() == 2);
        const collected_call& a = r.calls[0];
        const std::string a_sid = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        CHECK(a.sid == a_sid);
        CHECK(a.account_sid == "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        CHECK(a.answered_by == swcalls::call_answered_by::machine_start);
        CHECK(a.answered_by_text == "machine_start");
        CHECK(a.api_version == "2010-04-01");
        CHECK(a.caller_name == "callerid1");
        CHECK(a.date_created == "Fri, 18 Oct 2019 17:00:00 +0000");
        CHECK(a.date_updated == "Fri, 18 Oct 2019 17:01:00 +0000");
        CHECK(a.direction == swcalls::call_direction::outbound_api);
        CHECK(a.direction_text == "outbound-api");
        CHECK(a.duration == 4);
        CHECK(a.end_time == "Fri, 18 Oct 2019 17:03:00 +0000");
        CHECK(a.forwarded_from == "calledvia1");
        CHECK(a.from == "+13051416799");
        CHECK(a.from_formatted == "(305) 141-6799");
        CHECK(a.formatted_from == std::nullopt);
        CHECK(a.group_sid == "GPdeadbeefdeadbeefdeadbeefdeadbeef");
        CHECK(a.parent_call_sid == "CAdeadbeefdeadbeefdeadbeefdeadbeef");
        CHECK(a.phone_number_sid == "PNdeadbeefdeadbeefdeadbeefdeadbeef");
        CHECK(a.price == -0.2);
        CHECK(a.price_text == "-0.200");
        CHECK(a.price_unit == "USD");
        CHECK(a.start_time == "Fri, 18 Oct 2019 17:02:00 +0000");
        CHECK(a.status == swcalls::call_status::completed);
        CHECK(a.notifications == account + a_sid + "/Notifications.json");
        CHECK(a.recordings == account + a_sid + "/Recordings.json");
        CHECK(a.to == "+13051913581");
        CHECK(a.to_formatted == "(305) 191-3581");
        CHECK(a.trunk_sid == "TKdeadbeefdeadbeefdeadbeefdeadbeef");
        CHECK(a.uri == account + a_sid + ".json");
        CHECK(a.queue_time == 1000);
        CHECK(a.sip_result_code == std::nullopt);
        CHECK(a.annotation == std::nullopt);
        CHECK(a.audio_in_mos == std::nullopt);

        const collected_call& b = r.calls[1];
        CHECK(b.sid == "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0");
        CHECK(b.answered_by == swcalls::call_answered_by::human);
        CHECK(b.caller_name == "callerid2");
        CHECK(b.direction == swcalls::call_direction::inbound);
        CHECK(b.duration == 3);
        CHECK(b.price == -0.1);
        CHECK(b.price_text == "-0.100");
        CHECK(b.price_unit == "JPY");
        CHECK(b.to == "+13051913580");
        CHECK(b.queue_time == 1000);
        CHECK(b.recordings == account + "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0/Recordings.json");

        CHECK(r.page.page == std::int64_t(p));
        CHECK(r.page.page_size == 2);
        CHECK(r.page.start == (p == 0 ? 0 : 2));
        CHECK(r.page.end == (p == 0 ? 1 : 3));
        CHECK(r.page.has_next);
        CHECK(r.page.calls == 2);
        const std::string list = "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?Status=completed&";
        if (p == 0) {
            CHECK(r.page.previous_page_uri == std::nullopt);
            CHECK(r.page.next_page_uri == list + "To=%2B123456789&From=%2B987654321&StartTime=2008-01-02&ParentCallSid="
                                                 "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&EndTime=2009-01-02&PageSize=2&Page=1&"
                                                 "PageToken=PACAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0");
            CHECK(r.page.uri == list + "To=%2B123456789&From=%2B987654321&StartTime=2008-01-02&ParentCallSid="
                                       "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&EndTime=2009-01-02&PageSize=2&Page=0");
            CHECK(r.page.first_page_uri == r.page.uri);
        } else {
            CHECK(r.page.previous_page_uri ==
                  list + "From=%2B987654321&ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&To=%2B123456789&"
                         "StartTime=2008-01-02&EndTime=2009-01-02&PageSize=2&Page=0&PageToken=PBCAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            CHECK(r.page.uri == list + "From=%2B987654321&ParentCallSid=CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&To=%2B123456789&"
                                       "StartTime=2008-01-02&EndTime=2009-01-02&PageSize=2&Page=1&"
                                       "PageToken=PACAdeadbeefdeadbeefdeadbeefdeadbeef");
        }
    }
    for (std::size_t p = 2; p < 5; ++p) {
        INFO("page ", pages[p].key);
        parse_outcome r = parse_all_ways(pages[p].value);
        CHECK(r.result == std::error_code());
        CHECK(r.calls.empty());
        CHECK(r.page.calls == 0);
        CHECK(r.page.page == 0);
        CHECK(r.page.page_size == 2);
        CHECK(r.page.start == 0);
        CHECK(r.page.end == 0);
        CHECK(r.page.next_page_uri == std::nullopt);
        CHECK(r.page.previous_page_uri == std::nullopt);
        CHECK_FALSE(r.page.has_next);
        REQUIRE(r.page.uri.has_value());
        CHECK(r.page.uri->find("/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?") == 0);
        CHECK(r.page.first_page_uri == r.page.uri);
    }
}

TEST_CASE("API error bodies are valid JSON but not calls pages") {
    std::string file;
    if (!load_shared("api/error_examples.json", file)) return;
    std::vector<json_member> members;
    REQUIRE(top_level_members(file, members));
    std::size_t errors = 0;
    for (const json_member& m : members) {
        if (m.key == "_sources") continue;
        INFO("error example ", m.key);
        ++errors;
        parse_outcome r = parse_all_ways(m.value);
        CHECK(r.result == errc::not_a_calls_page);
        CHECK(swcalls::kind_of(r.result) == errc_kind::not_a_page);
        CHECK(r.calls.empty());
    }
    CHECK(errors == 6);
    CHECK(parse_whole(file).result == errc::not_a_calls_page);
}

TEST_CASE("a repeated key reuses the room of the value it replaces") {
    const std::string a(3000, 'a'), b(3000, 'b');
    parse_options o;
    o.storage_size = 3000;  // room for one of the two values, not both
    collected_call c = the_call(one_call("\"sid\":\"" + a + "\",\"sid\":\"" + b + "\""), o);
    CHECK(c.sid == b);
    // Page text too, even with page keys on both sides of "calls".
    parse_outcome r = parse_all_ways(R"({"uri":")" + a + R"(","calls":[],"uri":")" + b + R"("})", o);
    CHECK(r.result == std::error_code());
    CHECK(r.page.uri == b);
    // Only the last value kept can be rewound: with another value after it, both must fit.
    const std::string body = one_call("\"sid\":\"" + a + "\",\"to\":\"x\",\"sid\":\"" + b + "\"");
    expect_result(body, errc::call_too_large, at(body, "\"x\"", 1), o);
}

TEST_CASE("MaxDepth is a template argument: the same callback type at another depth is another type") {
    auto callback = [](const swcalls::call_view&) {};
    char storage[64];
    swcalls::page_parser<decltype(callback), 6> shallow{storage, callback};
    static_assert(!std::is_same_v<decltype(shallow), decltype(swcalls::page_parser{storage, callback})>);
    const std::string six = R"({"calls":[{"x":[[[]]]}]})";   // levels: page, calls, call, x, and two more
    CHECK(shallow.feed(six) == std::error_code());
    CHECK(shallow.finish() == std::error_code());
    shallow.reset();
    const std::string seven = R"({"calls":[{"x":[[[[]]]]}]})";
    CHECK(shallow.feed(seven) == errc::depth_limit);
    CHECK(shallow.error_offset() == seven.find("[[[[") + 3);
}

TEST_CASE("the parser's own state is at most 512 bytes: everything else is the caller's storage") {
    int calls = 0;
    auto callback = [&calls](const swcalls::call_view&) { ++calls; };  // captures one pointer
    using parser = swcalls::page_parser<decltype(callback)>;
    static_assert(sizeof(parser) <= 512,
                  "page_parser grew past 512 bytes of state (a target of issue 5, for MCUs): see the slots in "
                  "detail/page_handler.hpp and the scanner's state in detail/json_scanner.hpp");
    MESSAGE("sizeof(page_parser) with a one-pointer callback: ", sizeof(parser), " bytes");
    CHECK(sizeof(parser) <= 512);
}

TEST_CASE("one field's text is at most max_field_length bytes; a longer one is call_too_large") {
    constexpr std::size_t longest = swcalls::max_field_length;
    static_assert(longest == 65534);
    parse_options o;
    o.storage_size = 2 * longest;  // room is not what limits here
    for (std::string_view key : {"sid", "caller_name"}) {
        INFO("key: ", key);
        const std::string fits = one_call("\"" + std::string(key) + "\":\"" + std::string(longest, 'a') + "\"");
        const std::string over = one_call("\"" + std::string(key) + "\":\"" + std::string(longest + 1, 'a') + "\"");
        for (const std::vector<std::size_t>& cuts : {std::vector<std::size_t>{}, std::vector<std::size_t>{1460, 40000}}) {
            const parse_outcome ok = parse_pieces(fits, cuts, o);
            CHECK(ok.result == std::error_code());
            REQUIRE(ok.calls.size() == 1);
            CHECK(ok.calls[0].sid.value_or(ok.calls[0].caller_name.value_or("")).size() == longest);
            const parse_outcome too_long = parse_pieces(over, cuts, o);
            CHECK(too_long.result == errc::call_too_large);
            CHECK(too_long.first_feed_error == errc::call_too_large);
            CHECK(too_long.error_offset == over.find("aaa") + longest);
        }
    }
    // Escapes count decoded; page fields have the same limit.
    const std::string escaped = one_call("\"to\":\"" + std::string(longest - 1, 'a') + "\\u00e9\"");
    CHECK(parse_whole(escaped, o).result == errc::call_too_large);
    const std::string page = "{\"uri\":\"" + std::string(longest + 1, '/') + "\",\"calls\":[]}";
    CHECK(parse_whole(page, o).result == errc::call_too_large);
    CHECK(parse_whole(page, o).error_offset == 8 + longest);
}

#if SWCALLS_EXCEPTIONS
TEST_CASE("a callback that throws: the exception reaches the caller, the parser refuses to go on until reset()") {
    struct callback_error {};
    int calls = 0;
    auto throwing = [&](const swcalls::call_view&) {
        if (++calls == 2) throw callback_error{};
    };
    static_assert(!noexcept(std::declval<swcalls::page_parser<decltype(throwing)>&>().feed("")),
                  "feed() lets the callback's exception through");
    char storage[256];
    swcalls::page_parser parser{storage, throwing};
    const std::string body = R"({"calls":[{"sid":"a"},{"sid":"b"},{"sid":"c"}]})";
    bool thrown = false;
    try {
        (void)parser.feed(body);
    } catch (const callback_error&) {
        thrown = true;
    }
    CHECK(thrown);
    CHECK(calls == 2);
    CHECK(parser.feed(body) == errc::parser_finished);
    CHECK(parser.finish() == errc::parser_finished);
    parser.reset();
    calls = 10;
    CHECK(parser.feed(body) == std::error_code());
    CHECK(parser.finish() == std::error_code());
    CHECK(calls == 13);

    auto quiet = [](const swcalls::call_view&) noexcept {};
    static_assert(noexcept(std::declval<swcalls::page_parser<decltype(quiet)>&>().feed("")),
                  "feed() is noexcept when the callback is");
}
#endif

TEST_CASE("a repeated page key cut short by an error leaves no spliced text in page()") {
    // The second "uri" reuses the first one's room and is cut short: page() must not show the new value's
    // first bytes over the old value's rest ("\xEC", "\xC3bc", "/x/b/c", "a\xC3"). Found by fuzz_page_parser.
    struct case_t {
        std::string body;
        errc error;
        std::uint64_t offset;
        std::size_t storage;
    };
    const case_t cases[] = {
        {"{\"uri\":\"/\",\"uri\":\"\xEC", errc::unexpected_end, 19, 4096},
        {"{\"uri\":\"abc\",\"uri\":\"\xC3" "A", errc::invalid_utf8, 21, 4096},
        {"{\"uri\":\"/a/b/c\",\"uri\":\"/x", errc::unexpected_end, 25, 4096},
        {"{\"uri\":\"ab\",\"uri\":\"a\xC3\xA9" + std::string(70, '0') + "\"}", errc::call_too_large, 83, 64},
    };
    for (const case_t& c : cases) {
        parse_options options;
        options.storage_size = c.storage;
        parse_outcome r = expect_result(c.body, c.error, c.offset, options);
        INFO("body: ", c.body);
        CHECK(r.page.uri == std::nullopt);  // the earlier value was given up; the new one never completed
    }
}
