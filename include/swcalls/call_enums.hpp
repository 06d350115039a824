// swcalls/call_enums.hpp — the enumerated call fields: status, direction, answered_by.
//
// Each enum has an `unknown` value for text the library does not know (servers add values over time);
// the raw text always travels beside it in call_view, so nothing is lost.
#pragma once

#include <cstddef>
#include <string_view>

namespace swcalls {

enum class call_status { unknown, queued, ringing, in_progress, canceled, completed, busy, failed, no_answer };

enum class call_direction {
    unknown, inbound, outbound, outbound_api, outbound_dial, trunking_originating, trunking_terminating
};

enum class call_answered_by {
    unknown, human, machine, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax
};

namespace detail {
template <class Enum>
struct enum_name { Enum value; std::string_view text; };

inline constexpr enum_name<call_status> status_names[] = {
    {call_status::queued, "queued"},       {call_status::ringing, "ringing"},
    {call_status::in_progress, "in-progress"}, {call_status::canceled, "canceled"},
    {call_status::completed, "completed"}, {call_status::busy, "busy"},
    {call_status::failed, "failed"},       {call_status::no_answer, "no-answer"},
};
inline constexpr enum_name<call_direction> direction_names[] = {
    {call_direction::inbound, "inbound"},
    {call_direction::outbound, "outbound"},
    {call_direction::outbound_api, "outbound-api"},
    {call_direction::outbound_dial, "outbound-dial"},
    {call_direction::trunking_originating, "trunking-originating"},
    {call_direction::trunking_terminating, "trunking-terminating"},
};
inline constexpr enum_name<call_answered_by> answered_by_names[] = {
    {call_answered_by::human, "human"},
    {call_answered_by::machine, "machine"},
    {call_answered_by::machine_start, "machine_start"},
    {call_answered_by::machine_end_beep, "machine_end_beep"},
    {call_answered_by::machine_end_silence, "machine_end_silence"},
    {call_answered_by::machine_end_other, "machine_end_other"},
    {call_answered_by::fax, "fax"},
};

// Tables are a handful of entries: a linear scan over them is cheaper than anything cleverer.
template <class Enum, std::size_t N>
constexpr Enum enum_from_text(const enum_name<Enum> (&table)[N], std::string_view text) noexcept {
    for (const auto& entry : table)
        if (entry.text == text) return entry.value;
    return Enum::unknown;
}
template <class Enum, std::size_t N>
constexpr std::string_view enum_to_text(const enum_name<Enum> (&table)[N], Enum value) noexcept {
    for (const auto& entry : table)
        if (entry.value == value) return entry.text;
    return "unknown";
}
}  // namespace detail

// Text as the API spells it ("in-progress", "outbound-api", "machine_start"); unknown text gives `unknown`.
constexpr call_status status_from_text(std::string_view text) noexcept {
    return detail::enum_from_text(detail::status_names, text);
}
constexpr call_direction direction_from_text(std::string_view text) noexcept {
    return detail::enum_from_text(detail::direction_names, text);
}
constexpr call_answered_by answered_by_from_text(std::string_view text) noexcept {
    return detail::enum_from_text(detail::answered_by_names, text);
}

// The API's spelling of a value; "unknown" for `unknown`.
constexpr std::string_view to_text(call_status v) noexcept { return detail::enum_to_text(detail::status_names, v); }
constexpr std::string_view to_text(call_direction v) noexcept { return detail::enum_to_text(detail::direction_names, v); }
constexpr std::string_view to_text(call_answered_by v) noexcept { return detail::enum_to_text(detail::answered_by_names, v); }

}  // namespace swcalls
