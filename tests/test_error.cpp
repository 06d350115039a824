// Tests for swcalls/error.hpp (and the text of the enums in swcalls/call_enums.hpp).
// error.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/error.hpp>

#include <swcalls/call_enums.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using swcalls::errc;
using swcalls::errc_kind;

struct expected_kind {
    errc code;
    errc_kind kind;
};

// Every errc value with the kind the design gives it.
constexpr expected_kind all_errors[] = {
    {errc::unexpected_character, errc_kind::syntax},
    {errc::unexpected_end, errc_kind::syntax},
    {errc::invalid_literal, errc_kind::syntax},
    {errc::invalid_number, errc_kind::syntax},
    {errc::invalid_escape, errc_kind::syntax},
    {errc::invalid_surrogate, errc_kind::syntax},
    {errc::invalid_utf8, errc_kind::syntax},
    {errc::control_character, errc_kind::syntax},
    {errc::trailing_content, errc_kind::syntax},
    {errc::depth_limit, errc_kind::syntax},
    {errc::not_a_calls_page, errc_kind::not_a_page},
    {errc::wrong_field_type, errc_kind::not_a_page},
    {errc::invalid_field_value, errc_kind::not_a_page},
    {errc::call_too_large, errc_kind::storage},
    {errc::parser_finished, errc_kind::usage},
    {errc::invalid_date, errc_kind::date},
};

}  // namespace

TEST_CASE("errc converts implicitly to a std::error_code in the swcalls category") {
    static_assert(std::is_error_code_enum<errc>::value, "errc must convert to std::error_code");
    static_assert(noexcept(swcalls::make_error_code(errc::invalid_utf8)), "make_error_code must not throw");

    for (const auto& expected : all_errors) {
        CAPTURE(static_cast<int>(expected.code));
        std::error_code ec = expected.code;
        CHECK(ec);
        CHECK(ec == expected.code);
        CHECK(ec == swcalls::make_error_code(expected.code));
        CHECK(ec.value() == static_cast<int>(expected.code));
        CHECK(&ec.category() == &swcalls::error_category());
        CHECK(std::string_view(ec.category().name()) == "swcalls");
    }
    // The category is a single object, whichever translation unit asks.
    CHECK(&swcalls::error_category() == &swcalls::make_error_code(errc::unexpected_end).category());
}

TEST_CASE("every errc has its own message, and unknown values say so") {
    std::set<std::string> messages;
    for (const auto& expected : all_errors) {
        CAPTURE(static_cast<int>(expected.code));
        const std::string message = swcalls::make_error_code(expected.code).message();
        CHECK(message == swcalls::message_of(expected.code));
        CHECK_FALSE(message.empty());
        CHECK(message != "unknown swcalls error");
        CHECK(messages.insert(message).second);  // no two codes share a message
        if (expected.kind == errc_kind::syntax) CHECK(message.find("JSON") != std::string::npos);
    }
    CHECK(swcalls::error_category().message(0) == "unknown swcalls error");
    CHECK(swcalls::error_category().message(12345) == "unknown swcalls error");
    CHECK(swcalls::make_error_code(errc::call_too_large).message().find("larger buffer") != std::string::npos);
}

TEST_CASE("kind_of sorts every error into its kind") {
    for (const auto& expected : all_errors) {
        CAPTURE(static_cast<int>(expected.code));
        CHECK(swcalls::kind_of(expected.code) == expected.kind);
        CHECK(swcalls::kind_of(swcalls::make_error_code(expected.code)) == expected.kind);
    }
}

TEST_CASE("kind_of an error_code that is not a swcalls error") {
    CHECK(swcalls::kind_of(std::error_code{}) == errc_kind::none);
    CHECK(swcalls::kind_of(static_cast<errc>(0)) == errc_kind::none);
    // Errors from other categories (a transport's, the system's) are usage errors, whatever their value.
    CHECK(swcalls::kind_of(std::make_error_code(std::errc::invalid_argument)) == errc_kind::usage);
    CHECK(swcalls::kind_of(std::error_code(1, std::generic_category())) == errc_kind::usage);
    // Same value, different category: not equal.
    CHECK(std::error_code(static_cast<int>(errc::unexpected_character), std::generic_category()) !=
          swcalls::make_error_code(errc::unexpected_character));
}

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
