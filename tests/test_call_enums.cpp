// Tests for swcalls/call_enums.hpp: the API's spellings of status, direction and answered_by.
// call_enums.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/call_enums.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string_view>

namespace {

template <class Enum, class FromText>
void check_round_trip(Enum last, FromText from_text) {
    std::set<std::string_view> texts;
    for (int i = 1; i <= static_cast<int>(last); ++i) {
        const auto value = static_cast<Enum>(i);
        CAPTURE(i);
        const std::string_view text = swcalls::to_text(value);
        CHECK(text != "unknown");
        CHECK(texts.insert(text).second);  // no two values share a spelling
        CHECK(from_text(text) == value);
    }
    CHECK(swcalls::to_text(Enum::unknown) == "unknown");
    CHECK(from_text("unknown") == Enum::unknown);
    CHECK(from_text("") == Enum::unknown);
    CHECK(from_text("something-new") == Enum::unknown);
}

}  // namespace

TEST_CASE("call enums: the API's spellings round trip, anything else is unknown") {
    using swcalls::call_answered_by;
    using swcalls::call_direction;
    using swcalls::call_status;

    check_round_trip(call_status::no_answer, [](std::string_view t) { return swcalls::status_from_text(t); });
    check_round_trip(call_direction::trunking_terminating,
                     [](std::string_view t) { return swcalls::direction_from_text(t); });
    check_round_trip(call_answered_by::fax, [](std::string_view t) { return swcalls::answered_by_from_text(t); });

    // The spellings are the API's: hyphens for status and direction, underscores for answered_by.
    CHECK(swcalls::status_from_text("in-progress") == call_status::in_progress);
    CHECK(swcalls::status_from_text("no-answer") == call_status::no_answer);
    CHECK(swcalls::status_from_text("in_progress") == call_status::unknown);
    CHECK(swcalls::status_from_text("completed ") == call_status::unknown);
    CHECK(swcalls::direction_from_text("outbound-api") == call_direction::outbound_api);
    CHECK(swcalls::direction_from_text("outbound_api") == call_direction::unknown);
    CHECK(swcalls::answered_by_from_text("machine_end_beep") == call_answered_by::machine_end_beep);
    CHECK(swcalls::answered_by_from_text("machine-end-beep") == call_answered_by::unknown);
    CHECK(swcalls::to_text(call_direction::trunking_originating) == "trunking-originating");

    // Usable at compile time.
    static_assert(swcalls::status_from_text("busy") == call_status::busy, "constexpr lookup");
    static_assert(swcalls::to_text(call_answered_by::human) == "human", "constexpr spelling");
}
