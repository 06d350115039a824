// tools/swcalls/call_columns.hpp — a call_view as an ordered list of (API key, value) pairs.
//
// The machine-readable formats (ndjson, csv) print every modelled field. They walk the library's own field
// list (SWCALLS_CALL_FIELDS), so a field added to the library appears in the CLI's output without a change here.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include <swcalls/call_view.hpp>
#include <swcalls/detail/call_fields.hpp>
#include <swcalls/number.hpp>

namespace swcalls_cli {

// How a value is written: null (absent or JSON null), a string (unescaped UTF-8), or a number (text that is
// already valid JSON number syntax, printed as-is).
enum class value_type { null, string, number };

struct field_value {
    value_type type = value_type::null;
    std::string_view text;
};

// Room for any int64 or shortest round-trip double ("-2.2250738585072014e-308" is 24 characters).
struct number_scratch {
    char bytes[40];
};

// True when text is exactly JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
inline bool is_json_number(std::string_view text) noexcept {
    swcalls::detail::decimal_parts parts;
    return swcalls::detail::split_decimal(text, parts);
}

namespace column_detail {

inline field_value text_value(const swcalls::call_view&, const swcalls::opt_text& v, number_scratch&) {
    if (!v) return {};
    return {value_type::string, *v};
}

inline field_value integer_value(const swcalls::call_view&, const std::optional<std::int64_t>& v,
                                 number_scratch& scratch) {
    if (!v) return {};
    auto result = std::to_chars(scratch.bytes, scratch.bytes + sizeof scratch.bytes, *v);
    return {value_type::number, std::string_view(scratch.bytes, std::size_t(result.ptr - scratch.bytes))};
}

// Decimals print as the shortest text that reads back as the same double. The price is the exception: its
// text exactly as sent ("-0.200", whether a JSON number or a numeric string) is kept, since it is money.
inline field_value decimal_value(const swcalls::call_view& call, const std::optional<swcalls::decimal>& v,
                                 number_scratch& scratch) {
    if (!v) return {};
    if (&v == &call.price && is_json_number(v->text())) return {value_type::number, v->text()};
    const double value = v->value();
    if (!std::isfinite(value)) return {};  // JSON has no spelling for these; the parser never produces them
    auto result = std::to_chars(scratch.bytes, scratch.bytes + sizeof scratch.bytes, value);
    return {value_type::number, std::string_view(scratch.bytes, std::size_t(result.ptr - scratch.bytes))};
}

// Enumerated fields print their raw text, so values the library does not know survive unchanged.
template <class Enum>
field_value enum_value(const std::optional<Enum>& v, const swcalls::opt_text& raw) {
    if (raw) return {value_type::string, *raw};
    if (v) return {value_type::string, swcalls::to_text(*v)};
    return {};
}
inline field_value status_value(const swcalls::call_view& call, const std::optional<swcalls::call_status>& v,
                                number_scratch&) {
    return enum_value(v, call.status_text);
}
inline field_value direction_value(const swcalls::call_view& call,
                                   const std::optional<swcalls::call_direction>& v, number_scratch&) {
    return enum_value(v, call.direction_text);
}
inline field_value answered_value(const swcalls::call_view& call,
                                  const std::optional<swcalls::call_answered_by>& v, number_scratch&) {
    return enum_value(v, call.answered_by_text);
}

}  // namespace column_detail

// Calls visit(key, field_value) for every modelled call field, in SWCALLS_CALL_FIELDS order. A number's text
// lives in a scratch buffer that the next field reuses: use it inside visit.
template <class Visit>
void for_each_call_field(const swcalls::call_view& call, Visit&& visit) {
    number_scratch scratch;
#define SWCALLS_CLI_VISIT_FIELD(member, key, kind) \
    visit(std::string_view(key), column_detail::kind##_value(call, call.member, scratch));
    SWCALLS_CALL_FIELDS(SWCALLS_CLI_VISIT_FIELD)
#undef SWCALLS_CLI_VISIT_FIELD
}

// Calls visit(key, field_value) for each key of the call's subresource_uris object.
template <class Visit>
void for_each_subresource(const swcalls::call_view& call, Visit&& visit) {
    number_scratch scratch;
#define SWCALLS_CLI_VISIT_SUBRESOURCE(member, key, kind) \
    visit(std::string_view(key), column_detail::kind##_value(call, call.subresource_uris.member, scratch));
    SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_CLI_VISIT_SUBRESOURCE)
#undef SWCALLS_CLI_VISIT_SUBRESOURCE
}

// subresource_uris prints as null when neither of its keys was present (the object was absent or null).
inline bool has_subresources(const swcalls::call_view& call) {
    bool any = false;
    for_each_subresource(call, [&](std::string_view, const field_value& v) { any = any || v.type != value_type::null; });
    return any;
}

inline constexpr std::string_view subresources_key = "subresource_uris";

// The flat column names of csv: every call field's key, then "subresource_uris.<key>" for each subresource.
template <class Visit>
void for_each_column_name(Visit&& visit) {
#define SWCALLS_CLI_CALL_COLUMN(member, key, kind) visit(std::string_view(key));
    SWCALLS_CALL_FIELDS(SWCALLS_CLI_CALL_COLUMN)
#undef SWCALLS_CLI_CALL_COLUMN
#define SWCALLS_CLI_SUBRESOURCE_COLUMN(member, key, kind) visit(std::string_view("subresource_uris." key));
    SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_CLI_SUBRESOURCE_COLUMN)
#undef SWCALLS_CLI_SUBRESOURCE_COLUMN
}

}  // namespace swcalls_cli
