// swcalls/detail/string_slices.hpp — string_view without its hidden costs on a microcontroller.
//
// std::string_view::substr throws std::out_of_range for a start past the end; with exceptions off, the
// throw becomes abort(), which on newlib links raise, signal handling and malloc (about 1 KiB on a
// Cortex-M) into every image that slices text. The slices here clamp instead.
// A literal turned into a string_view calls the const char* constructor, which -Os leaves out of line:
// a call and strlen() at run time for every "text" compared or written. "text"sv has its length built in,
// so the detail namespace uses the sv literals (public functions say so in their own scope).
#pragma once

#include <cstddef>
#include <string_view>

namespace swcalls::detail {

using namespace std::string_view_literals;

// The first n bytes of s (all of s when it is shorter).
constexpr std::string_view first_bytes(std::string_view s, std::size_t n) noexcept {
    return {s.data(), n < s.size() ? n : s.size()};
}

// s from byte `start` on (empty when start is past the end, as for npos).
constexpr std::string_view bytes_from(std::string_view s, std::size_t start) noexcept {
    return start < s.size() ? std::string_view(s.data() + start, s.size() - start) : std::string_view();
}

// The bytes of s in [start, end) (clamped to s).
constexpr std::string_view bytes_between(std::string_view s, std::size_t start, std::size_t end) noexcept {
    return first_bytes(bytes_from(s, start), end > start ? end - start : 0);
}

// A function left out of line that takes a string_view by value stores it on the stack at entry, read or
// not (GCC 12 on the Cortex-M4 does this for every aggregate passed in registers): 6 to 14 bytes per
// function. The text checkers that stay out of line therefore take (data, size), each with a string_view
// overload of the same name that forwards (inlined at the call: no cost there).

// Whether s holds the byte c. A plain loop: string_view::find(char) calls memchr, which newlib brings in
// as 160 bytes aligned to 64 (for the one or two short texts searched).
constexpr bool contains_byte(std::string_view s, char c) noexcept {
    for (char b : s)
        if (b == c) return true;
    return false;
}

}  // namespace swcalls::detail
