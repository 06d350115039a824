// swcalls/detail/packed_names.hpp — lists of names packed into one string, each after its length byte.
#pragma once

#include <cstddef>
#include <string_view>

#include "../config.hpp"

namespace swcalls::detail {

// Names packed into one string, each after its length byte: no table of string_views (on a 32-bit MCU, 12
// bytes an entry beside the text). The enums' spellings (call_enums.hpp, in enum order from the value after
// `unknown`, so the enums count 1, 2, 3 ... as the names do), and the key lists of SWCALLS_SIZE_FIRST
// (key_lookup.hpp).
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
// 32-bit targets one copy serves every list (flash counts); 64-bit hosts inline it (the parser's speed counts:
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

// How many texts `size` bytes hold, each after its length as one byte.
constexpr std::size_t count_length_prefixed(const char* texts, std::size_t size) noexcept {
    std::size_t n = 0;
    for (std::size_t i = 0; i < size; i += 1 + static_cast<unsigned char>(texts[i])) ++n;
    return n;
}

}  // namespace swcalls::detail
