// swcalls/detail/page_handler.hpp — what a calls page means: the scanner's events turned into call_views.
//
// The page is known at fixed levels: 1 the page object, 2 the "calls" array, 3 a call, 4 its
// subresource_uris. Anything else is skipped (the scanner still validates it). Field text is kept in the
// caller's storage as one arena: page-level text at the bottom (it must live until finish()), the current
// call's text above it, dropped as soon as the call has been delivered. Only the fields of the selection
// (Fields, see field_selection.hpp) have a slot; the others are shape-checked but never captured.
//
// State: each slot is a 32-bit offset and a 16-bit length, so one field's text is at most max_field_length
// bytes; a longer one is errc::call_too_large, exactly like a call that does not fit (the scanner is given
// no more room than that).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>

#include "../call_view.hpp"
#include "../error.hpp"
#include "../field_selection.hpp"
#include "../decimal.hpp"
#include "../number.hpp"
#include "json_scanner.hpp"
#include "key_lookup.hpp"

namespace swcalls::detail {

// A slot's length for an absent or null field; any other length is the text's.
inline constexpr std::uint16_t null_length = 0xFFFF;
// The longest text one field may have (page fields included).
inline constexpr std::uint32_t max_field_length = null_length - 1;

enum class level : std::uint8_t { document = 0, page = 1, calls = 2, call = 3, subresources = 4 };

// public swcalls::field and detail::call_field are the same list.
#define SWCALLS_X(member, key, kind) static_assert(std::uint8_t(field::member) == std::uint8_t(call_field::member));
SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
static_assert(std::uint8_t(field::subresource_uris) == std::uint8_t(call_field::subresource_uris) &&
              field_count == std::size_t(call_field::count));

// How deliver_call fills a call field from its slot, one loop per group: 0 text (the enums too: their text is
// kept beside the value), 1 integer, 2 decimal; 3 for subresource_uris, which has slots of its own.
#define SWCALLS_GROUP_text 0,
#define SWCALLS_GROUP_status 0,
#define SWCALLS_GROUP_direction 0,
#define SWCALLS_GROUP_answered 0,
#define SWCALLS_GROUP_integer 1,
#define SWCALLS_GROUP_decimal 2,
#define SWCALLS_X(member, key, kind) SWCALLS_GROUP_##kind
inline constexpr std::uint8_t call_field_group[] = {SWCALLS_CALL_FIELDS(SWCALLS_X) 3};
#undef SWCALLS_X
#undef SWCALLS_GROUP_text
#undef SWCALLS_GROUP_status
#undef SWCALLS_GROUP_direction
#undef SWCALLS_GROUP_answered
#undef SWCALLS_GROUP_integer
#undef SWCALLS_GROUP_decimal
static_assert(std::size(call_field_group) == std::size_t(call_field::count));

// Slots in one table: the page's first, then the selected call fields' by group (texts, integers, decimals;
// in field order within a group, so that deliver_call walks each group's slots in a row and its member
// tables need no slot numbers), then the subresource URIs' (when selected). call_slot[f] is call field f's
// slot, or no_slot when it is not selected.
template <std::uint64_t Mask>
struct slot_layout {
    static constexpr std::uint8_t no_slot = 0xFF;
    static constexpr std::size_t page_slots = std::size_t(page_field::count) - 1;  // "calls" holds no text
    static constexpr bool subresources = (Mask & field_bit(field::subresource_uris)) != 0;
    static constexpr std::size_t call_slots_in(std::uint8_t group) {
        std::size_t n = 0;
        for (std::size_t f = 0; f < std::size_t(field::subresource_uris); ++f)
            n += call_field_group[f] == group ? (Mask >> f) & 1 : 0;
        return n;
    }
    static constexpr std::size_t text_slots = call_slots_in(0), integer_slots = call_slots_in(1);
    static constexpr std::size_t call_slots = text_slots + integer_slots + call_slots_in(2);
    static constexpr std::size_t first_integer = page_slots + text_slots;
    static constexpr std::size_t first_decimal = first_integer + integer_slots;
    static constexpr std::size_t first_subresource = page_slots + call_slots;
    static constexpr std::size_t count = first_subresource + (subresources ? std::size_t(subresource_field::count) : 0);
    struct call_slot_table {
        std::uint8_t slot[std::size_t(call_field::count)];
    };
    static constexpr call_slot_table call_slot = [] {
        call_slot_table t{};
        std::size_t next = page_slots;
        for (std::size_t f = 0; f < std::size_t(call_field::count); ++f) t.slot[f] = no_slot;
        for (std::uint8_t group = 0; group < 3; ++group)
            for (std::size_t f = 0; f < std::size_t(field::subresource_uris); ++f)
                if (call_field_group[f] == group && ((Mask >> f) & 1)) t.slot[f] = std::uint8_t(next++);
        return t;
    }();
    static_assert(count < no_slot);
};

template <class Callback, class Fields = all_fields>
class page_handler {
    static_assert(is_field_selection<Fields>::value, "swcalls: Fields must be a swcalls::field_selection");
    using layout = slot_layout<Fields::mask>;
    static constexpr std::uint8_t no_slot = layout::no_slot;

public:
    page_handler(char* storage, std::size_t capacity, Callback callback) noexcept
        : storage_(storage ? storage : no_storage()),
          capacity_(!storage ? 0 : capacity < 0xFFFFFFFFu ? static_cast<std::uint32_t>(capacity) : 0xFFFFFFFEu),
          callback_(static_cast<Callback&&>(callback)) {
        reset();
    }

    void reset() noexcept {
        page_top_ = call_top_ = 0;
        known_ = 0;
        target_ = no_target;
        capture_start_ = 0;
        capture_slot_ = no_slot;
        calls_seen_ = false;
        shape_error_ = errc{};
        delivered_ = 0;
        clear(0, layout::page_slots);
    }

    // ---- scanner events ---------------------------------------------------------------------------

    // A container opens: once per call, not per byte. Inline on 64-bit hosts; one copy elsewhere (inlined in
    // the scanner's feed, it was 168 bytes of a Cortex-M4 image, 124 out of line).
#if SWCALLS_NATIVE_WORD64
    void on_begin(bool is_object, std::uint32_t at) noexcept {
#else
    SWCALLS_NOINLINE void on_begin(bool is_object, std::uint32_t at) noexcept {
#endif
        if (at == 1) {
            if (is_object) known_ = 1;
            else shape_failure(errc::not_a_calls_page);
            return;
        }
        if (at != known_ + 1u || known_ == 0) return;  // inside something skipped
        std::uint8_t target = take_target();
        switch (level(known_)) {
            case level::page:
                if (target == std::uint8_t(page_field::calls)) {
                    if (!is_object) { known_ = 2; calls_seen_ = true; }
                    else shape_failure(errc::not_a_calls_page);
                } else if (target != no_target) {
                    shape_failure(errc::wrong_field_type);
                }
                return;
            case level::calls:
                if (!is_object) { shape_failure(errc::not_a_calls_page); return; }
                known_ = 3;
                call_top_ = page_top_;
                clear(layout::page_slots, layout::count);
                return;
            case level::call:
                if (target == std::uint8_t(call_field::subresource_uris) && is_object) {
                    known_ = 4;
                    clear(layout::first_subresource, layout::count);  // a repeated key replaces the earlier object
                } else if (target != no_target) {
                    shape_failure(errc::wrong_field_type);
                }
                return;
            default:
                if (target != no_target) shape_failure(errc::wrong_field_type);
                return;
        }
    }

    bool on_end(std::uint32_t at) {  // may run the callback, which may throw
        if (at != known_ || known_ == 0) return true;
        --known_;
        if (at != std::uint32_t(level::call)) return true;
        return deliver_call();
    }

    void on_key(const char* key, std::size_t length, bool too_long, std::uint32_t at) noexcept {
        target_ = no_target;
        if (at != known_ || too_long) return;
        switch (level(at)) {
            case level::page: target_ = std::uint8_t(find_page_key(key, length)); break;
            case level::call: target_ = std::uint8_t(find_call_key(key, length)); break;
            case level::subresources: target_ = std::uint8_t(find_subresource_key(key, length)); break;
            default: break;
        }
    }

    value_sink on_scalar_begin(std::uint32_t at) noexcept {
        capture_slot_ = no_slot;
        if (at != known_ || !admit_scalar(at)) return {nullptr, nullptr};
        if (target_ == no_target) return {nullptr, nullptr};
        if (wants_container(at, target_)) {
            shape_failure(target_ == std::uint8_t(page_field::calls) && at == 1 ? errc::not_a_calls_page
                                                                                : errc::wrong_field_type);
            return {nullptr, nullptr};
        }
        std::uint8_t slot = slot_for(target_);
        if (slot == no_slot) return {nullptr, nullptr};  // not selected: validated, never kept
        // A repeated key replaces the earlier value: when that value is the last text kept, reuse its room.
        if (length_[slot] != null_length && offset_[slot] + length_[slot] == call_top_) {
            call_top_ = offset_[slot];
            if (known_ == std::uint8_t(level::page)) page_top_ = call_top_;
            length_[slot] = null_length;  // never read half-overwritten if the new value fails
        }
        capture_slot_ = slot;
        capture_start_ = call_top_;
        std::uint32_t room = capacity_ - call_top_;
        return {storage_ + call_top_, storage_ + call_top_ + (room < max_field_length ? room : max_field_length)};
    }

    void on_scalar_end(char* text_end) noexcept {
        if (capture_slot_ == no_slot) return;
        std::uint8_t slot = capture_slot_;
        capture_slot_ = no_slot;
        target_ = no_target;
        std::uint32_t end = static_cast<std::uint32_t>(text_end - storage_);
        offset_[slot] = capture_start_;
        length_[slot] = static_cast<std::uint16_t>(end - capture_start_);
        call_top_ = end;
        if (known_ == std::uint8_t(level::page)) page_top_ = end;  // page text lives until finish()
    }

    void on_literal(literal value, std::uint32_t at) noexcept {
        if (at != known_ || !admit_scalar(at)) return;
        std::uint8_t target = take_target();
        if (target == no_target) return;
        if (at == std::uint32_t(level::page) && target == std::uint8_t(page_field::calls)) {
            shape_failure(errc::not_a_calls_page);  // "calls": null is no list of calls
            return;
        }
        if (value != literal::null_value) {
            shape_failure(errc::wrong_field_type);
            return;
        }
        if (!wants_container(at, target)) {
            if (std::uint8_t slot = slot_for(target); slot != no_slot) length_[slot] = null_length;
        } else {
            clear(layout::first_subresource, layout::count);  // "subresource_uris": null
        }
    }

    // ---- results ----------------------------------------------------------------------------------

    // The shape verdict once the scanner has seen a complete, valid document.
    errc verdict() const noexcept {
        if (shape_error_ != errc{}) return shape_error_;
        if (!calls_seen_) return errc::not_a_calls_page;
        for (std::uint8_t slot = 0; slot < layout::page_slots; ++slot) {  // one loop, not a call per number field
            std::optional<std::int64_t> number;  // here rather than before the loop: not cleared by a memset call
            if (((page_integer_slots >> slot) & 1) && !assign(number, slot, integer_tag{}))
                return errc::invalid_field_value;
        }
        return errc{};
    }

    page_view page() const noexcept {
        page_view view;
#define SWCALLS_X(member, key, kind) assign(view.member, std::uint8_t(page_field::member), kind##_tag{});
        SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
        view.calls = delivered_;
        return view;
    }

    // page().next_page_uri alone: what a list session needs to go on, without building the whole view.
    opt_text next_page_uri() const noexcept { return text_of(std::uint8_t(page_field::next_page_uri)); }

    std::size_t delivered() const noexcept { return delivered_; }

private:
    static constexpr std::uint8_t no_target = 0xFF;  // what every key table's `none` converts to
    static_assert(std::uint8_t(call_field::none) == no_target && std::uint8_t(page_field::none) == no_target &&
                  std::uint8_t(subresource_field::none) == no_target);
    struct text_tag {};
    struct integer_tag {};
    // Bit i: page slot i holds an integer field.
#define SWCALLS_X(member, key, kind) | (std::is_same_v<kind##_tag, integer_tag> ? 1u << unsigned(page_field::member) : 0u)
    static constexpr unsigned page_integer_slots = 0u SWCALLS_PAGE_FIELDS(SWCALLS_X);
#undef SWCALLS_X
    static_assert(layout::page_slots <= 32, "page_integer_slots has a bit per page slot");

    // Stands in for a null storage pointer, so that "no room" is an error rather than "keep nothing".
    static char* no_storage() noexcept {
        static char none;
        return &none;
    }

    // Marks slots [from, to) absent.
    void clear(std::size_t from, std::size_t to) noexcept {
        for (std::size_t i = from; i < to; ++i) length_[i] = null_length;
    }

    static constexpr bool selected(call_field f) noexcept { return Fields::contains(field(f)); }

    // The call_view members of the selected fields of one group (slot_layout), in slot order: deliver_call
    // fills each group in one loop. Written out field by field, the assignments were 0.8 KiB of a Cortex-M4
    // image, and a call is delivered once, not per byte.
    template <class T, std::size_t N>
    struct member_table {
        T call_view::*member[N ? N : 1];
    };
#define SWCALLS_MEMBER_text(member) &call_view::member
#define SWCALLS_MEMBER_status(member) &call_view::member##_text
#define SWCALLS_MEMBER_direction(member) &call_view::member##_text
#define SWCALLS_MEMBER_answered(member) &call_view::member##_text
#define SWCALLS_MEMBER_integer(member) &call_view::member
#define SWCALLS_MEMBER_decimal(member) &call_view::member
#define SWCALLS_X(member, key, kind) add(field::member, SWCALLS_MEMBER_##kind(member));
    // The selected members of type T, in field order; `count` how many there are (checked against the
    // layout's slot count by static_assert below: no SWCALLS_ASSERT, which a user's handler may make
    // unusable in constant expressions).
    template <class T, std::size_t N>
    struct selected_members {
        member_table<T, N> table{};
        std::size_t count = 0;
    };
    template <class T, std::size_t N>
    static constexpr selected_members<T, N> members_of() {
        selected_members<T, N> s{};
        auto add = [&s](field f, auto member) {
            if constexpr (std::is_same_v<decltype(member), T call_view::*>)
                if (Fields::contains(f) && s.count < (N ? N : 1)) s.table.member[s.count++] = member;
        };
        SWCALLS_CALL_FIELDS(SWCALLS_X)
        return s;
    }
#undef SWCALLS_X
#undef SWCALLS_MEMBER_text
#undef SWCALLS_MEMBER_status
#undef SWCALLS_MEMBER_direction
#undef SWCALLS_MEMBER_answered
#undef SWCALLS_MEMBER_integer
#undef SWCALLS_MEMBER_decimal
    static constexpr std::size_t decimal_count = layout::first_subresource - layout::first_decimal;
    static constexpr auto selected_texts = members_of<opt_text, layout::text_slots>();
    static constexpr auto selected_integers = members_of<std::optional<std::int64_t>, layout::integer_slots>();
    static constexpr auto selected_decimals = members_of<std::optional<decimal>, decimal_count>();
    static_assert(selected_texts.count == layout::text_slots && selected_integers.count == layout::integer_slots &&
                      selected_decimals.count == decimal_count,
                  "a member per slot: the slot layout and the field list agree");
    static constexpr auto text_members = selected_texts.table;
    static constexpr auto integer_members = selected_integers.table;
    static constexpr auto decimal_members = selected_decimals.table;

    std::uint8_t take_target() noexcept {
        std::uint8_t target = target_;
        target_ = no_target;
        return target;
    }

    // Scalars belong in the page, a call or its subresource_uris; a bare scalar at the top or in "calls" is
    // not a calls page (recorded as the shape error).
    bool admit_scalar(std::uint32_t at) noexcept {
        if (at == std::uint32_t(level::document) || at == std::uint32_t(level::calls)) {
            shape_failure(errc::not_a_calls_page);
            return false;
        }
        return true;
    }

    // Keys whose value is a container: "calls" in the page, "subresource_uris" in a call.
    static bool wants_container(std::uint32_t at, std::uint8_t target) noexcept {
        return (at == std::uint32_t(level::page) && target == std::uint8_t(page_field::calls)) ||
               (at == std::uint32_t(level::call) && target == std::uint8_t(call_field::subresource_uris));
    }

    // The slot of the field `target` at the current level, or no_slot when that field is not selected.
    std::uint8_t slot_for(std::uint8_t target) const noexcept {
        switch (level(known_)) {
            case level::page:
                SWCALLS_ASSERT(target < layout::page_slots);
                return target;
            case level::subresources:
                SWCALLS_ASSERT(target < std::size_t(subresource_field::count));
                if constexpr (layout::subresources) return std::uint8_t(layout::first_subresource + target);
                else return no_slot;
            default:
                SWCALLS_ASSERT(target < std::size_t(call_field::count));
                return layout::call_slot.slot[target];
        }
    }

    // The first shape error wins; from then on nothing is captured or delivered, but the scanner goes on
    // validating, so that invalid JSON is still reported as such.
    void shape_failure(errc e) noexcept {
        if (shape_error_ == errc{}) shape_error_ = e;
        known_ = 0;
    }

    // Read for every field of every call: inline on 64-bit hosts, where the parser's speed counts; one copy
    // elsewhere, where flash does (its inlined copies were 128 bytes of a Cortex-M4 image).
#if SWCALLS_NATIVE_WORD64
    opt_text text_of(std::uint8_t slot) const noexcept {
#else
    SWCALLS_NOINLINE opt_text text_of(std::uint8_t slot) const noexcept {
#endif
        if (length_[slot] == null_length) return std::nullopt;
        return std::string_view(storage_ + offset_[slot], length_[slot]);
    }

    bool assign(opt_text& out, std::uint8_t slot, text_tag) const noexcept {
        out = text_of(slot);
        return true;
    }
    bool assign(std::optional<std::int64_t>&, std::uint8_t, text_tag) const noexcept { return true; }
    bool assign(std::optional<std::int64_t>& out, std::uint8_t slot, integer_tag) const noexcept {
        opt_text text = text_of(slot);
        if (!text || text->empty()) return true;  // "" carries no number: the same as null
        std::int64_t value = 0;
        if (!parse_integer(*text, value)) return false;
        out.emplace(value);  // no test of what `out` held: no branch
        return true;
    }

    bool deliver_call() {
        call_view call;
        bool numbers_ok = true;
        // Only selected fields have slots and members; the conversions of groups nobody selected are not even
        // instantiated.
        for (std::size_t i = 0; i < layout::text_slots; ++i)
            call.*text_members.member[i] = text_of(std::uint8_t(layout::page_slots + i));
        if constexpr (layout::integer_slots != 0) {
            for (std::size_t i = 0; i < layout::integer_slots; ++i)
                numbers_ok &= assign(call.*integer_members.member[i], std::uint8_t(layout::first_integer + i),
                                     integer_tag{});
        }
        if constexpr (decimal_count != 0) {
            for (std::size_t i = 0; i < decimal_count; ++i)
                numbers_ok &= assign_decimal(call.*decimal_members.member[i], std::uint8_t(layout::first_decimal + i));
        }
        if constexpr (selected(call_field::status))
            if (call.status_text) call.status.emplace(status_from_text(*call.status_text));
        if constexpr (selected(call_field::direction))
            if (call.direction_text) call.direction.emplace(direction_from_text(*call.direction_text));
        if constexpr (selected(call_field::answered_by))
            if (call.answered_by_text) call.answered_by.emplace(answered_by_from_text(*call.answered_by_text));
        if constexpr (selected(call_field::price))
            if (call.price) call.price_text.emplace(call.price->text());  // "" is no price, and no price_text either
        if constexpr (layout::subresources) {
#define SWCALLS_X(member, key, kind) \
    call.subresource_uris.member = text_of(std::uint8_t(layout::first_subresource + std::size_t(subresource_field::member)));
            SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
        }
        call_top_ = page_top_;  // the call's text is no longer needed once the callback returns
        if (!numbers_ok) {
            shape_failure(errc::invalid_field_value);
            return true;
        }
        ++delivered_;
        if constexpr (std::is_same_v<decltype(callback_(static_cast<const call_view&>(call))), bool>) {
            return callback_(static_cast<const call_view&>(call));
        } else {
            callback_(static_cast<const call_view&>(call));
            return true;
        }
    }

    // Checked here (a JSON number a double can hold), converted only if the callback asks (decimal.hpp).
    bool assign_decimal(std::optional<decimal>& out, std::uint8_t slot) const noexcept {
        opt_text text = text_of(slot);
        if (!text || text->empty()) return true;
        decimal value;
        if (!decimal::from_text(*text, value)) return false;
        out.emplace(value);
        return true;
    }

    char* storage_;
    std::uint32_t capacity_;
    std::uint32_t page_top_;       // end of page-level text
    std::uint32_t call_top_;       // end of all text kept so far (the current call's above page_top_)
    std::uint32_t capture_start_;
    std::uint8_t known_;           // the deepest level whose meaning swcalls knows; 0: none
    std::uint8_t target_;          // the field the next value fills, or no_target
    std::uint8_t capture_slot_;    // the slot the value being scanned fills, or no_slot
    bool calls_seen_;
    errc shape_error_;
    std::size_t delivered_;
    std::uint32_t offset_[layout::count];  // slot i's text: storage_ + offset_[i], length_[i] bytes
    std::uint16_t length_[layout::count];
    Callback callback_;
};

}  // namespace swcalls::detail
