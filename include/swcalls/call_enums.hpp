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

namespace swcalls {

enum class call_status { unknown, queued, ringing, in_progress, canceled, completed, busy, failed, no_answer };

enum class call_direction {
    unknown, inbound, outbound, outbound_api, outbound_dial, trunking_originating, trunking_terminating
};

enum class call_answered_by {
    unknown, human, machine, machine_start, machine_end_beep, machine_end_silence, machine_end_other, fax
};

namespace detail {
// An enum's spellings packed into one string, each after its length byte, in enum order from the value after
// `unknown`: no table of string_views (on a 32-bit MCU, 12 bytes an entry beside the text), and the names
// are found without a search by value (the enums count 1, 2, 3 ... in this order).
template <std::size_t Size>
struct name_list {
    char bytes[Size] = {};
};
template <std::size_t N>
constexpr std::size_t packed_size(const std::string_view (&names)[N]) noexcept {
    std::size_t size = 0;
    for (std::string_view name : names) size += 1 + name.size();
    return size;
}
template <std::size_t N>
constexpr bool lengths_fit_a_byte(const std::string_view (&names)[N]) noexcept {
    for (std::string_view name : names)
        if (name.size() > 255) return false;
    return true;
}
template <std::size_t Size, std::size_t N>
constexpr name_list<Size> pack_names(const std::string_view (&names)[N]) noexcept {
    name_list<Size> list{};
    std::size_t at = 0;
    for (std::string_view name : names) {
        list.bytes[at++] = static_cast<char>(name.size());
        for (char c : name) list.bytes[at++] = c;
    }
    return list;
}

// The position (1, 2, ...) of `text` among the packed names, or 0 (`unknown`) when it is none of them. On
// 32-bit targets one copy serves every enum (flash counts); 64-bit hosts inline it (the parser's speed counts:
// a call to it for each enum of each call was 0.2% of the parser's instructions).
#if SWCALLS_NATIVE_WORD64
#define SWCALLS_NAME_INDEX_LINKAGE
#else
#define SWCALLS_NAME_INDEX_LINKAGE SWCALLS_NOINLINE
#endif
SWCALLS_NAME_INDEX_LINKAGE constexpr unsigned name_index(const char* names, std::size_t size,
                                                      std::string_view text) noexcept {
    unsigned index = 1;
    for (std::size_t at = 0; at < size; at += 1 + static_cast<unsigned char>(names[at]), ++index)
        if (std::string_view(names + at + 1, static_cast<unsigned char>(names[at])) == text) return index;
    return 0;
}
#undef SWCALLS_NAME_INDEX_LINKAGE
// The name at `index` (1, 2, ...); "unknown" for 0 and anything past the last.
constexpr std::string_view name_at(const char* names, std::size_t size, unsigned index) noexcept {
    std::size_t at = 0;
    for (; index > 1 && at < size; --index) at += 1 + static_cast<unsigned char>(names[at]);
    if (index == 0 || at >= size) return std::string_view("unknown", 7);
    return std::string_view(names + at + 1, static_cast<unsigned char>(names[at]));
}

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
