// Tests for swcalls/field_selection.hpp: a page_parser that keeps only some call fields.
// field_selection.hpp is included first: this file also proves it compiles on its own.
//
// The reference is the full parser: for every body, a selection must deliver exactly the full parser's values
// for the selected fields and nullopt for the others, in every chunking, with the same result, error offset
// and page; except that an unselected field's value is never converted, so it cannot be invalid_field_value.
#include <swcalls/field_selection.hpp>

#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using swcalls::errc;
using swcalls::field;
using namespace swcalls_test;
using namespace std::string_literals;

using three = swcalls::fields<field::sid, field::status, field::duration>;

// {"calls":[{<members>}]}
std::string one_call(std::string_view members) { return "{\"calls\":[{" + std::string(members) + "}]}"; }

// What the full parser's call looks like through a selection: unselected members nullopt.
collected_call masked(collected_call c, std::uint64_t mask) {
    auto keep = [mask](field f) { return (mask & swcalls::field_bit(f)) != 0; };
#define SWCALLS_TEST_DROP_text(m) c.m = std::nullopt;
#define SWCALLS_TEST_DROP_integer(m) c.m = std::nullopt;
#define SWCALLS_TEST_DROP_decimal(m) c.m = std::nullopt;
#define SWCALLS_TEST_DROP_status(m) c.m = std::nullopt; c.m##_text = std::nullopt;
#define SWCALLS_TEST_DROP_direction(m) SWCALLS_TEST_DROP_status(m)
#define SWCALLS_TEST_DROP_answered(m) SWCALLS_TEST_DROP_status(m)
#define SWCALLS_X(member, key, kind) \
    if (!keep(field::member)) { SWCALLS_TEST_DROP_##kind(member) }
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_TEST_DROP_text
#undef SWCALLS_TEST_DROP_integer
#undef SWCALLS_TEST_DROP_decimal
#undef SWCALLS_TEST_DROP_status
#undef SWCALLS_TEST_DROP_direction
#undef SWCALLS_TEST_DROP_answered
    if (!keep(field::price)) c.price_text = std::nullopt;
    if (!keep(field::subresource_uris)) c.notifications = c.recordings = std::nullopt;
    return c;
}

parse_outcome masked(parse_outcome r, std::uint64_t mask) {
    for (collected_call& c : r.calls) c = masked(c, mask);
    return r;
}

// The full parser's outcome, masked to Fields: what the selection must give.
template <class Fields>
parse_outcome expected_outcome(std::string_view body, const parse_options& options = {}) {
    return masked(parse_whole(body, options), Fields::mask);
}

// The selection parses `body` whole, one byte at a time, and split in two at every offset (a sample of
// offsets past grind_every_offset_limit): every way must give the same, and the same as the full parser's
// masked outcome; unless the full parser failed with invalid_field_value or call_too_large, which the
// selection may legitimately not meet (it neither converts nor keeps unselected fields).
template <class Fields>
parse_outcome check_selection(std::string_view body, const parse_options& options = {}) {
    INFO("body: ", std::string(body.substr(0, 300)), body.size() > 300 ? "..." : "");
    INFO("mask: ", Fields::mask);
    const parse_outcome expected = expected_outcome<Fields>(body, options);
    const parse_outcome whole = parse_pieces<Fields>(body, {}, options);
    check_invariants(whole);
    if (expected.result != errc::invalid_field_value && expected.result != errc::call_too_large) {
        INFO("difference from the full parser: ", difference(expected, whole));
        CHECK(difference(expected, whole).empty());
    }
    const std::size_t n = body.size();
    std::size_t mismatches = 0;
    std::string first;
    auto compare = [&](const std::vector<std::size_t>& cuts, const char* how) {
        parse_outcome r = parse_pieces<Fields>(body, cuts, options);
        std::string diff = difference(whole, r);
        if (!diff.empty() && mismatches++ == 0) first = std::string(how) + ": " + diff;
    };
    std::vector<std::size_t> bytes;
    for (std::size_t i = 1; i < n; ++i) bytes.push_back(i);
    compare(bytes, "one byte at a time");
    std::size_t step = n <= grind_every_offset_limit ? 1 : n / grind_every_offset_limit + 1;
    for (std::size_t i = 0; i <= n; i += step) compare({i}, "two pieces");
    INFO("first mismatch: ", first);
    CHECK(mismatches == 0);
    return whole;
}

// Every field, with a value the full parser accepts.
const std::string every_field = one_call(
    R"("sid":"CA1","account_sid":"AC1","date_created":"Wed, 19 Sep 2018 20:00:00 +0000",)"
    R"("date_updated":"Wed, 19 Sep 2018 21:00:00 +0000","parent_call_sid":"CA0","to":"+13105678901",)"
    R"("from":"+13103384645","formatted_to":"(310) 567-8901","formatted_from":"(310) 338-4645",)"
    R"("to_formatted":"(310) 567-8902","from_formatted":"(310) 338-4646","phone_number_sid":"PN1",)"
    R"("status":"in-progress","start_time":"ST","end_time":"ET","duration":20,"price":"0.0035",)"
    R"("price_unit":"USD","direction":"outbound-dial","answered_by":"machine_end_beep","api_version":"2010-04-01",)"
    R"("forwarded_from":"+1555","caller_name":"Al\u00efce \ud83d\ude00","annotation":"note","group_sid":"GP1",)"
    R"("uri":"/calls/CA1.json","queue_time":"12","trunk_sid":"TK1","sip_result_code":"486",)"
    R"("audio_in_mos":4.25,"audio_rtt_avg":50.5,"audio_rtt_min":20,"audio_rtt_max":"100",)"
    R"("audio_out_jitter_min":1,"audio_out_jitter_max":10.75,"audio_out_jitter_avg":5,"audio_out_lost":0,)"
    R"("subresource_uris":{"notifications":"/n.json","recordings":"/r.json"})");

// A few calls with escapes, duplicates, nulls, nested unknowns and page fields around the calls.
std::string generated_page() {
    std::string body = R"({"uri":"/api/laml/2010-04-01/Accounts/AC/Calls?Page=0&PageSize=4","calls":[)";
    const char* statuses[] = {"completed", "busy", "no-answer", "weird"};
    for (int i = 0; i < 4; ++i) {
        const std::string n = std::to_string(i);
        body += (i ? "," : "") + R"({"sid":"CA)"s + n + R"(","date_created":"Wed, 19 Sep 2018 20:00:0)" + n +
                R"( +0000","to":"+1310567890)" + n + R"(","from":"+13103384645","status":")" + statuses[i] +
                R"(","duration":")" + std::to_string(i * 17) + R"(","price":)" + (i % 2 ? "\"-0.0" + n + "5\"" : "null") +
                R"(,"direction":"inbound","answered_by":null,"caller_name":"Caf\u00e9 \"\ud83d\ude00\" #)" + n +
                R"(","extra":{"nested":[1,2,{"sid":"x"}],"b":true},"subresource_uris":{"recordings":"/r/)" + n +
                R"(.json","notifications":null,"payments":"/p"},"audio_in_mos":4.)" + n +
                (i == 2 ? R"(,"sid":"CA2-again","status":"busy","to":"x")" : "") + "}";
    }
    body += R"(],"next_page_uri":"/next","page":0,"page_size":4})";
    return body;
}

// Every body the tests have: the two above, the bundled example, and the shared reference pages.
std::vector<std::string> all_bodies() {
    std::vector<std::string> bodies = {every_field, generated_page(), one_call(""), R"({"calls":[]})",
                                       R"({"calls":[{"sid":null,"status":null,"duration":null,"subresource_uris":null}]})"};
    std::string text;
    if (read_file(SWCALLS_TEST_DIR "/../examples/signalwire_page.json", text)) bodies.push_back(text);
    else FAIL_CHECK("examples/signalwire_page.json is missing");
    for (const char* name : {"api/signalwire_list_calls_example_from_openapi.json",
                             "api/signalwire_list_calls_example_from_legacy_spec.json"}) {
        if (load_shared(name, text)) bodies.push_back(text);
    }
    if (load_shared("api/twilio_oai_calls_list_examples.json", text)) {
        std::vector<json_member> pages;
        REQUIRE(top_level_members(text, pages));
        for (const json_member& page : pages) {
            std::vector<json_member> members;
            REQUIRE(top_level_members(page.value, members));
            for (const json_member& m : members)
                if (m.key == "value") bodies.emplace_back(m.value);
        }
    }
    return bodies;
}

template <class... Selections>
void check_all(const std::vector<std::string>& bodies) {
    for (const std::string& body : bodies) (check_selection<Selections>(body), ...);
}

template <std::size_t... I>
void check_each_field_alone(std::string_view body, std::index_sequence<I...>) {
    (check_selection<swcalls::field_selection<std::uint64_t(1) << I>>(body), ...);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
TEST_CASE("the default parser is the all-fields parser; only<every field> is the same type") {
    auto callback = [](const swcalls::call_view&) {};
    char storage[64];
    swcalls::page_parser plain{storage, callback};
    static_assert(std::is_same_v<decltype(plain), swcalls::page_parser<decltype(callback), SWCALLS_MAX_DEPTH,
                                                                      swcalls::all_fields>>);
#define SWCALLS_X(member, key, kind) field::member,
    using listed = swcalls::fields<SWCALLS_CALL_FIELDS(SWCALLS_X) field::subresource_uris>;
#undef SWCALLS_X
    static_assert(std::is_same_v<listed, swcalls::all_fields>);
    swcalls::page_parser tagged{storage, callback, swcalls::only<field::sid>};
    static_assert(std::is_same_v<decltype(tagged), swcalls::page_parser<decltype(callback), SWCALLS_MAX_DEPTH,
                                                                       swcalls::fields<field::sid>>>);
    swcalls::page_parser by_pointer{storage + 1, sizeof storage - 1, callback, swcalls::only<field::sid, field::sid>};
    static_assert(std::is_same_v<decltype(by_pointer), decltype(tagged)>);  // a repeated field is one field
    static_assert(swcalls::fields<>::mask == 0);
    static_assert(three::contains(field::status) && !three::contains(field::price));
    CHECK(plain.feed(R"({"calls":[{"sid":"a"}]})") == std::error_code());
    CHECK(plain.finish() == std::error_code());
}

TEST_CASE("a selection delivers the selected fields exactly as the full parser does, and nullopt for the rest") {
    using enums = swcalls::fields<field::status, field::direction, field::answered_by>;
    using money = swcalls::fields<field::price, field::price_unit>;
    using uris = swcalls::fields<field::uri, field::subresource_uris>;
    using metrics = swcalls::fields<field::audio_in_mos, field::audio_out_lost, field::queue_time>;
    check_all<three, swcalls::fields<>, enums, money, uris, metrics, swcalls::all_fields>(all_bodies());
}

TEST_CASE("each field selected alone gives exactly its own value") {
    for (const std::string& body : {every_field, generated_page()})
        check_each_field_alone(body, std::make_index_sequence<swcalls::field_count>{});
}

TEST_CASE("selected values, spelled out") {
    const parse_outcome r = check_selection<three>(every_field);
    REQUIRE(r.result == std::error_code());
    REQUIRE(r.calls.size() == 1);
    const collected_call& c = r.calls[0];
    CHECK(c.sid == "CA1");
    CHECK(c.status == swcalls::call_status::in_progress);
    CHECK(c.status_text == "in-progress");
    CHECK(c.duration == 20);
    CHECK(c.price == std::nullopt);
    CHECK(c.price_text == std::nullopt);
    CHECK(c.to == std::nullopt);
    CHECK(c.direction == std::nullopt);
    CHECK(c.direction_text == std::nullopt);
    CHECK(c.recordings == std::nullopt);
    CHECK(c.audio_in_mos == std::nullopt);
}

TEST_CASE("page fields are kept whatever the selection") {
    const std::string body = R"({"uri":"/u","page":3,"calls":[{"sid":"a","to":"b"}],"next_page_uri":"/n?x=1",)"
                             R"("page_size":"50","first_page_uri":"/f","previous_page_uri":null})";
    const parse_outcome r = check_selection<swcalls::fields<>>(body);
    CHECK(r.result == std::error_code());
    CHECK(r.calls.size() == 1);
    CHECK(r.page.uri == "/u");
    CHECK(r.page.page == 3);
    CHECK(r.page.page_size == 50);
    CHECK(r.page.next_page_uri == "/n?x=1");
    CHECK(r.page.first_page_uri == "/f");
    CHECK(r.page.has_next);
}

TEST_CASE("errors: syntax, storage and shape errors are the full parser's, selected or not") {
    const std::vector<std::string> bodies = {
        one_call(R"("sid":"a","to":"b" "from":"c")"),                // missing comma
        one_call(R"("sid":"a","to":"b\x")"),                         // bad escape in an unselected field
        one_call("\"sid\":\"a\",\"to\":\"\xC3\x28\""),               // bad UTF-8 in an unselected field
        one_call("\"sid\":\"a\",\"to\":\"\x01\""),                   // control character
        one_call(R"("sid":"a","to":"\udc00")"),                       // lone low surrogate
        one_call(R"("sid":"a","duration":01)"),                       // invalid number
        one_call(R"("sid":"a","to":nul)"),                            // invalid literal
        one_call(R"("sid":"a","to":"b")").substr(0, 20),              // truncated
        one_call(R"("sid":"a")") + " x",                              // trailing content
        one_call(R"("to":{"a":1})"),                                  // wrong type, unselected
        one_call(R"("to":[1])"),
        one_call(R"("to":true)"),
        one_call(R"("price":false)"),
        one_call(R"("subresource_uris":"x")"),
        one_call(R"("subresource_uris":[])"),
        one_call(R"("subresource_uris":{"recordings":{}})"),
        one_call(R"("subresource_uris":{"notifications":true})"),
        one_call(R"("sid":{})"),                                      // wrong type, selected
        one_call(R"("status":[])"),
        R"({"calls":{}})",                                            // not a calls page
        R"({"calls":[1]})",
        R"([{"calls":[]}])",
        R"({"calls":null})",
        R"({"uri":"/u"})",
        R"({"calls":[{"sid":"a"},{"to":{}},{"sid":"c"}]})",           // calls before the problem are delivered
        one_call("\"x\":" + std::string(SWCALLS_MAX_DEPTH, '[') + std::string(SWCALLS_MAX_DEPTH, ']')),  // too deep
    };
    for (const std::string& body : bodies) {
        const parse_outcome full = parse_whole(body);
        CHECK(full.result);  // every body here is an error for the full parser
        const parse_outcome r = check_selection<three>(body);
        CHECK(r.result == full.result);
        CHECK(r.error_offset == full.error_offset);
        CHECK(r.calls.size() == full.calls.size());
        check_selection<swcalls::fields<>>(body);
    }
}

TEST_CASE("invalid_field_value concerns selected fields only: unselected values are never converted") {
    for (const char* members : {R"("sid":"a","duration":"abc")", R"("sid":"a","queue_time":"1.5")",
                                R"("sid":"a","duration":99999999999999999999)", R"("sid":"a","price":"x")",
                                R"("sid":"a","audio_in_mos":"4,5")"}) {
        const std::string body = one_call(members);
        INFO("body: ", body);
        CHECK(parse_whole(body).result == errc::invalid_field_value);
        const parse_outcome sid_only = check_selection<swcalls::fields<field::sid>>(body);
        CHECK(sid_only.result == std::error_code());
        REQUIRE(sid_only.calls.size() == 1);
        CHECK(sid_only.calls[0].sid == "a");
    }
    // Selected: the same error as the full parser.
    const std::string bad_duration = one_call(R"("sid":"a","duration":"abc")");
    CHECK(parse_pieces<three>(bad_duration, {}).result == errc::invalid_field_value);
    const std::string bad_price = one_call(R"("sid":"a","price":"x")");
    CHECK(parse_pieces<swcalls::fields<field::price>>(bad_price, {}).result == errc::invalid_field_value);
    // Page numbers are always kept, so always judged.
    const std::string bad_page = R"({"page":"x","calls":[]})";
    CHECK(parse_pieces<swcalls::fields<>>(bad_page, {}).result == errc::invalid_field_value);
}

TEST_CASE("storage: unselected fields need none") {
    const std::string huge = std::string(5000, 'n');
    const std::string body = one_call(R"("sid":"CA1","annotation":")" + huge + R"(","status":"busy",)"
                                      R"("subresource_uris":{"recordings":")" + huge + R"("},"duration":"7")");
    parse_options small;
    small.storage_size = 16;  // "CA1" + "busy" + "7" = 8 bytes
    CHECK(parse_whole(body, small).result == errc::call_too_large);
    const parse_outcome r = check_selection<three>(body, small);
    CHECK(r.result == std::error_code());
    REQUIRE(r.calls.size() == 1);
    CHECK(r.calls[0].sid == "CA1");
    CHECK(r.calls[0].status_text == "busy");
    CHECK(r.calls[0].duration == 7);

    // Selected text is counted as before: exactly 8 bytes fit, 7 do not (at the byte that overflows).
    parse_options exact;
    exact.storage_size = 8;
    CHECK(parse_pieces<three>(body, {}, exact).result == std::error_code());
    exact.storage_size = 7;
    const parse_outcome short_by_one = parse_pieces<three>(body, {}, exact);
    CHECK(short_by_one.result == errc::call_too_large);
    CHECK(short_by_one.error_offset == body.find("\"7\"") + 1);
}

TEST_CASE("a selection needs less parser state") {
    auto callback = [](const swcalls::call_view&) {};
    using full_parser = swcalls::page_parser<decltype(callback)>;
    using three_parser = swcalls::page_parser<decltype(callback), SWCALLS_MAX_DEPTH, three>;
    using none_parser = swcalls::page_parser<decltype(callback), SWCALLS_MAX_DEPTH, swcalls::fields<>>;
    static_assert(sizeof(three_parser) < sizeof(full_parser));
    static_assert(sizeof(none_parser) <= sizeof(three_parser));
    // Six bytes a selected field (a 32-bit offset and a 16-bit length): sid, status, duration.
    CHECK(sizeof(full_parser) - sizeof(three_parser) >= (swcalls::field_count - 1 - 3) * 6);
    MESSAGE("sizeof(page_parser): every field ", sizeof(full_parser), " bytes; sid, status, duration ",
            sizeof(three_parser), " bytes; none ", sizeof(none_parser), " bytes");
}

TEST_CASE("a selection stops early and resets like the full parser") {
    const std::string body = generated_page();
    parse_options stop;
    stop.stop_after = 2;
    const parse_outcome r = check_selection<three>(body, stop);
    CHECK(r.stopped);
    CHECK(r.calls.size() == 2);

    char storage[256];
    int calls = 0;
    swcalls::page_parser parser{storage, [&](const swcalls::call_view& c) { calls += c.sid ? 1 : 100; }, swcalls::only<field::sid>};
    CHECK(parser.feed(body) == std::error_code());
    CHECK(parser.finish() == std::error_code());
    CHECK(calls == 4);
    parser.reset();
    CHECK(parser.feed(body) == std::error_code());
    CHECK(parser.finish() == std::error_code());
    CHECK(calls == 8);
    CHECK(parser.page().next_page_uri == "/next");
}
