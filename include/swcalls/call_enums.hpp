// swcalls/call_enums.hpp — the enumerated call fields: status, direction, answered_by.
//
// Each enum has an `unknown` value for text the library does not know (servers add values over time);
// the raw text always travels beside it in call_view, so nothing is lost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "config.hpp"
#include "detail/packed_names.hpp"

namespace swcalls {

enum class call_status { unknown, queued, ringing, in_progress, canceled, completed, busy, failed, no_answer };

enum class call_direction {
    unknown, inbound, outbound, outbound_api, outbound_dial, trunking_originating, trunking_terminating
};

enum class call_answered_by {
    unknown, human, machine, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax
};

namespace detail {
#define SWCALLS_NAME_LIST(list, ...)                                               \
    inline constexpr std::string_view list##_spellings[] = {__VA_ARGS__};          \
    static_assert(lengths_fit_a_byte(list##_spellings), "a length is one byte"); \
    inline constexpr auto list = pack_names<packed_size(list##_spellings)>(list##_spellings);
SWCALLS_NAME_LIST(status_names, "queued", "ringing", "in-progress", "canceled", "completed", "busy", "failed",
                  "no-answer")
SWCALLS_NAME_LIST(direction_names, "inbound", "outbound", "outbound-api", "outbound-dial", "trunking-originating",
                  "trunking-terminating")
SWCALLS_NAME_LIST(answered_by_names, "human", "machine", "machine_start", "machine_end_beep",
                  "machine_end_silence", "machine_end_other", "fax")
#undef SWCALLS_NAME_LIST
static_assert(std::size(status_names_spellings) == std::size_t(call_status::no_answer) &&
                  std::size(direction_names_spellings) == std::size_t(call_direction::trunking_terminating) &&
                  std::size(answered_by_names_spellings) == std::size_t(call_answered_by::fax),
              "swcalls: one spelling per enum value after unknown, in enum order");

template <class Enum, std::size_t Size>
constexpr Enum enum_from_text(const name_list<Size>& names, std::string_view text) noexcept {
    return static_cast<Enum>(name_index(names.bytes, Size, text));
}
template <class Enum, std::size_t Size>
constexpr std::string_view enum_to_text(const name_list<Size>& names, Enum value) noexcept {
    return name_at(names.bytes, Size, static_cast<unsigned>(value));
}
}  // namespace detail

// Text as the API spells it ("in-progress", "outbound-api", "machine_start"); unknown text gives `unknown`.
constexpr call_status status_from_text(std::string_view text) noexcept {
    return detail::enum_from_text<call_status>(detail::status_names, text);
}
constexpr call_direction direction_from_text(std::string_view text) noexcept {
    return detail::enum_from_text<call_direction>(detail::direction_names, text);
}
constexpr call_answered_by answered_by_from_text(std::string_view text) noexcept {
    return detail::enum_from_text<call_answered_by>(detail::answered_by_names, text);
}

// The API's spelling of a value; "unknown" for `unknown`.
constexpr std::string_view to_text(call_status v) noexcept { return detail::enum_to_text(detail::status_names, v); }
constexpr std::string_view to_text(call_direction v) noexcept { return detail::enum_to_text(detail::direction_names, v); }
constexpr std::string_view to_text(call_answered_by v) noexcept { return detail::enum_to_text(detail::answered_by_names, v); }

}  // namespace swcalls
