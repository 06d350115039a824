// swcalls/error.hpp — every way swcalls can fail, as std::error_code.
//
// One result type whatever the build flags: functions return std::error_code, never throw.
// Errors fall in a few kinds (see errc_kind) that callers and the CLI map to exit codes.
#pragma once

#include <string>
#include <system_error>
#include <type_traits>

#include "config.hpp"

namespace swcalls {

enum class errc {
    // --- the body is not valid JSON (syntax) ---
    unexpected_character = 1,  // a byte that cannot start or continue any JSON token here
    unexpected_end,            // the body ended inside a value (finish() before the document was complete)
    invalid_literal,           // not exactly true, false or null
    invalid_number,            // a number that breaks JSON's grammar ("01", "-x", "1.e5"); one cut off by the
                               // end of the body is unexpected_end
    invalid_escape,            // a backslash escape JSON does not define, or bad \u hex digits
    invalid_surrogate,         // a \u escape that is a lone or mismatched UTF-16 surrogate
    invalid_utf8,              // string bytes that are not well-formed UTF-8
    control_character,         // an unescaped byte below 0x20 inside a string
    trailing_content,          // something other than white space after the top-level value
    depth_limit,               // nesting deeper than the parser's MaxDepth (a limit, not a stack overflow)

    // --- valid JSON, but not a calls page ---
    not_a_calls_page = 32,     // the top level is not an object with a "calls" array of objects
    wrong_field_type,          // a modelled field holds a value of the wrong JSON type (an object where a string goes)
    invalid_field_value,       // a modelled number that is not a number (or does not fit), e.g. "duration":"abc"

    // --- limits of the caller's storage or usage ---
    call_too_large = 64,       // one call's fields (plus the page's URIs) do not fit in the caller's storage
    parser_finished,           // feed() after finish(), or any call after a callback threw: reset() first

    // --- dates ---
    invalid_date = 96,         // text that is not an RFC 2822 or ISO 8601 date/time
};

}  // namespace swcalls

template <>
struct std::is_error_code_enum<swcalls::errc> : std::true_type {};

namespace swcalls {

// Coarse kinds, for mapping to exit codes and for tests that care about the class, not the detail.
enum class errc_kind { none, syntax, not_a_page, storage, usage, date };

inline errc_kind kind_of(errc e) noexcept {
    int v = static_cast<int>(e);
    if (v == 0) return errc_kind::none;
    if (v < 32) return errc_kind::syntax;
    if (v < 64) return errc_kind::not_a_page;
    if (v == static_cast<int>(errc::call_too_large)) return errc_kind::storage;
    if (v < 96) return errc_kind::usage;
    return errc_kind::date;
}

inline const char* message_of(errc e) noexcept {
    switch (e) {
        case errc::unexpected_character: return "invalid JSON: unexpected character";
        case errc::unexpected_end: return "invalid JSON: the body ended before the document was complete";
        case errc::invalid_literal: return "invalid JSON: expected true, false or null";
        case errc::invalid_number: return "invalid JSON: malformed number";
        case errc::invalid_escape: return "invalid JSON: invalid escape sequence in a string";
        case errc::invalid_surrogate: return "invalid JSON: lone or mismatched UTF-16 surrogate in a \\u escape";
        case errc::invalid_utf8: return "invalid JSON: string is not well-formed UTF-8";
        case errc::control_character: return "invalid JSON: unescaped control character in a string";
        case errc::trailing_content: return "invalid JSON: content after the top-level value";
        case errc::depth_limit: return "JSON nested deeper than the parser accepts (page_parser's MaxDepth, SWCALLS_MAX_DEPTH)";
        case errc::not_a_calls_page: return "valid JSON, but not a calls page (expected an object with a \"calls\" array of objects)";
        case errc::wrong_field_type: return "valid JSON, but a call field has the wrong type";
        case errc::invalid_field_value: return "valid JSON, but a numeric field is not a number that fits";
        case errc::call_too_large: return "a call does not fit in the parser's storage; give the parser a larger buffer";
        case errc::parser_finished: return "feed() after finish(), or after a callback threw; reset() the parser first";
        case errc::invalid_date: return "not an RFC 2822 or ISO 8601 date";
    }
    return "unknown swcalls error";
}

namespace detail {
class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "swcalls"; }
    std::string message(int ev) const override { return message_of(static_cast<errc>(ev)); }
};
}  // namespace detail

inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl category;
    return category;
}

inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

// The kind of any error_code: errors from other categories count as usage errors.
inline errc_kind kind_of(const std::error_code& ec) noexcept {
    if (!ec) return errc_kind::none;
    if (ec.category() != error_category()) return errc_kind::usage;
    return kind_of(static_cast<errc>(ec.value()));
}

}  // namespace swcalls
