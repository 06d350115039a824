// swcalls/field_selection.hpp — ask the page parser for only the call fields you use.
//
//   using swcalls::field;
//   swcalls::page_parser parser{storage, callback, swcalls::only<field::sid, field::status, field::duration>};
//
// The fields left out are still scanned as JSON (a syntax error anywhere is still an error) and their JSON
// type is still checked (an object where a string goes is still errc::wrong_field_type), but their text is
// never copied, unescaped or converted: they need no storage and no time beyond the scan, they reach the
// callback as std::nullopt, and the conversions of kinds nobody selected (decimals, enums) are not even
// compiled. Since their text is never read, errc::invalid_field_value only ever concerns selected fields
// (and the page's numbers). The page's own fields (next_page_uri, page, ...) are always kept: paging needs
// them. Without a selection the parser keeps every field, as before.
//
// As a type, for a class member: swcalls::page_parser<Callback, SWCALLS_MAX_DEPTH, swcalls::fields<...>>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "detail/call_fields.hpp"

namespace swcalls {

// One value per member of call_view, named like it. Selecting `status`, `direction` or `answered_by` also
// keeps its *_text; `price` keeps price_text; `subresource_uris` keeps both URIs.
enum class field : std::uint8_t {
#define SWCALLS_X(member, key, kind) member,
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    subresource_uris,
};
inline constexpr std::size_t field_count = std::size_t(field::subresource_uris) + 1;
static_assert(field_count <= 64, "swcalls: a field selection is a 64-bit mask");

constexpr std::uint64_t field_bit(field f) noexcept { return std::uint64_t(1) << static_cast<unsigned>(f); }

// A set of fields known at compile time: page_parser's third template argument, and the type of the tags
// below. Mask: bit i is field(i).
template <std::uint64_t Mask>
struct field_selection {
    static_assert(field_count == 64 || (Mask >> field_count) == 0, "swcalls: a field_selection bit names no field");
    static constexpr std::uint64_t mask = Mask;
    static constexpr bool contains(field f) noexcept { return (Mask & field_bit(f)) != 0; }
};

// Every field: the default.
using all_fields = field_selection<(field_count == 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << field_count) - 1)>;

// The selection of the listed fields, as a type ...
template <field... Fields>
using fields = field_selection<(std::uint64_t(0) | ... | field_bit(Fields))>;

// ... and as a value, for page_parser's constructor: page_parser parser{storage, callback, only<...>}.
template <field... Fields>
inline constexpr fields<Fields...> only{};

template <class T>
struct is_field_selection : std::false_type {};
template <std::uint64_t Mask>
struct is_field_selection<field_selection<Mask>> : std::true_type {};

}  // namespace swcalls
