// Tests for swcalls/error.hpp.
// error.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/error.hpp>
#include <swcalls/error_code.hpp>  // kind_of(std::error_code) goes through swcalls::error_code

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
    {errc::buffer_too_small, errc_kind::request},
    {errc::invalid_page_size, errc_kind::request},
    {errc::invalid_page, errc_kind::request},
    {errc::invalid_filter_value, errc_kind::request},
    {errc::invalid_header_value, errc_kind::request},
    {errc::invalid_space_url, errc_kind::request},
    {errc::invalid_uri, errc_kind::request},
    {errc::foreign_uri, errc_kind::request},
    {errc::invalid_cursor, errc_kind::request},
    {errc::http_status_line, errc_kind::protocol},
    {errc::http_header_syntax, errc_kind::protocol},
    {errc::http_line_too_long, errc_kind::protocol},
    {errc::http_headers_too_large, errc_kind::protocol},
    {errc::http_content_length, errc_kind::protocol},
    {errc::http_chunk_syntax, errc_kind::protocol},
    {errc::http_unsupported_coding, errc_kind::protocol},
    {errc::http_body_truncated, errc_kind::protocol},
    {errc::http_no_response, errc_kind::protocol},
    {errc::http_head_truncated, errc_kind::protocol},
    {errc::http_body_too_large, errc_kind::protocol},
    {errc::api_error, errc_kind::api},
    {errc::transport_failed, errc_kind::network},
    {errc::retries_exhausted, errc_kind::network},
    {errc::page_changed, errc_kind::network},
    {errc::resolve_failed, errc_kind::network},
    {errc::connect_failed, errc_kind::network},
    {errc::timed_out, errc_kind::network},
    {errc::connection_lost, errc_kind::network},
    {errc::tls_failed, errc_kind::network},
    {errc::tls_untrusted_certificate, errc_kind::network},
    {errc::tls_host_mismatch, errc_kind::network},
    {errc::transport_setup_failed, errc_kind::network},
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
    // Errors from other categories (a transport's, the system's) are network errors, whatever their value.
    CHECK(swcalls::kind_of(std::make_error_code(std::errc::connection_reset)) == errc_kind::network);
    CHECK(swcalls::kind_of(std::error_code(1, std::generic_category())) == errc_kind::network);
    // Same value, different category: not equal.
    CHECK(std::error_code(static_cast<int>(errc::unexpected_character), std::generic_category()) !=
          swcalls::make_error_code(errc::unexpected_character));
}
