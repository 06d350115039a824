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

// Slots in one table: the page's first, then the selected call fields', then the subresource URIs' (when
// selected). call_slot[f] is call field f's slot, or no_slot when it is not selected.
template <std::uint64_t Mask>
struct slot_layout {
    static constexpr std::uint8_t no_slot = 0xFF;
    static constexpr std::size_t page_slots = std::size_t(page_field::count) - 1;  // "calls" holds no text
    static constexpr bool subresources = (Mask & field_bit(field::subresource_uris)) != 0;
    static constexpr std::size_t call_slots = [] {
        std::size_t n = 0;
        for (std::size_t f = 0; f < std::size_t(field::subresource_uris); ++f) n += (Mask >> f) & 1;
        return n;
    }();
    static constexpr std::size_t first_subresource = page_slots + call_slots;
    static constexpr std::size_t count = first_subresource + (subresources ? std::size_t(subresource_field::count) : 0);
    struct call_slot_table {
        std::uint8_t slot[std::size_t(call_field::count)];
    };
    static constexpr call_slot_table call_slot = [] {
        call_slot_table t{};
        std::size_t next = page_slots;
        for (std::size_t f = 0; f < std::size_t(call_field::count); ++f)
            t.slot[f] = f != std::size_t(field::subresource_uris) && ((Mask >> f) & 1) ? std::uint8_t(next++) : no_slot;
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

    void on_begin(bool is_object, std::uint32_t at) noexcept {
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
            case level::page: target_ = std::uint8_t(page_keys.find(key, length)); break;
            case level::call: target_ = std::uint8_t(call_keys.find(key, length)); break;
            case level::subresources: target_ = std::uint8_t(subresource_keys.find(key, length)); break;
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
        std::optional<std::int64_t> number;
#define SWCALLS_X(member, key, kind) \
    if (!assign(number, std::uint8_t(page_field::member), kind##_tag{})) return errc::invalid_field_value;
        SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
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
    static constexpr std::uint8_t call_slot(call_field f) noexcept { return layout::call_slot.slot[std::size_t(f)]; }

    // The selected text fields as (member, slot) pairs, so that one loop fills them all: written out field by
    // field, the assignments were 0.8 KiB of a Cortex-M4 image, and a call is delivered once, not per byte.
    struct text_member {
        opt_text call_view::*member;
        std::uint8_t slot;
    };
#define SWCALLS_TEXT_text(member) add(field::member, &call_view::member);
#define SWCALLS_TEXT_integer(member)
#define SWCALLS_TEXT_decimal(member)
#define SWCALLS_TEXT_status(member)
#define SWCALLS_TEXT_direction(member)
#define SWCALLS_TEXT_answered(member)
#define SWCALLS_X(member, key, kind) SWCALLS_TEXT_##kind(member)
    static constexpr std::size_t text_member_count = [] {
        std::size_t n = 0;
        auto add = [&](field f, opt_text call_view::*) { n += Fields::contains(f) ? 1 : 0; };
        SWCALLS_CALL_FIELDS(SWCALLS_X)
        return n;
    }();
    struct text_member_table {
        text_member entry[text_member_count ? text_member_count : 1];
    };
    static constexpr text_member_table text_members = [] {
        text_member_table t{};
        std::size_t n = 0;
        auto add = [&](field f, opt_text call_view::*member) {
            if (Fields::contains(f)) t.entry[n++] = {member, layout::call_slot.slot[std::size_t(f)]};
        };
        SWCALLS_CALL_FIELDS(SWCALLS_X)
        return t;
    }();
#undef SWCALLS_X
#undef SWCALLS_TEXT_text
#undef SWCALLS_TEXT_integer
#undef SWCALLS_TEXT_decimal
#undef SWCALLS_TEXT_status
#undef SWCALLS_TEXT_direction
#undef SWCALLS_TEXT_answered

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

    opt_text text_of(std::uint8_t slot) const noexcept {
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
        out = value;
        return true;
    }

    bool deliver_call() {
        call_view call;
        bool numbers_ok = true;
        // Only selected fields are read and converted; the others' conversions are not even instantiated.
        for (std::size_t i = 0; i < text_member_count; ++i)
            call.*text_members.entry[i].member = text_of(text_members.entry[i].slot);
#define SWCALLS_KIND_text(member)
#define SWCALLS_KIND_integer(member) numbers_ok &= assign(call.member, call_slot(call_field::member), integer_tag{});
#define SWCALLS_KIND_decimal(member) numbers_ok &= assign_decimal(call.member, call_slot(call_field::member));
#define SWCALLS_KIND_status(member) assign_enum(call.member, call.member##_text, call_slot(call_field::member), status_from_text);
#define SWCALLS_KIND_direction(member) assign_enum(call.member, call.member##_text, call_slot(call_field::member), direction_from_text);
#define SWCALLS_KIND_answered(member) assign_enum(call.member, call.member##_text, call_slot(call_field::member), answered_by_from_text);
#define SWCALLS_X(member, key, kind) \
    if constexpr (selected(call_field::member)) { SWCALLS_KIND_##kind(member) }
        SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
#undef SWCALLS_KIND_text
#undef SWCALLS_KIND_integer
#undef SWCALLS_KIND_decimal
#undef SWCALLS_KIND_status
#undef SWCALLS_KIND_direction
#undef SWCALLS_KIND_answered
        if constexpr (selected(call_field::price)) {
            call.price_text = text_of(call_slot(call_field::price));
            if (call.price_text && call.price_text->empty()) call.price_text = std::nullopt;
        }
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
        out = value;
        return true;
    }

    template <class Enum>
    void assign_enum(std::optional<Enum>& out, opt_text& raw, std::uint8_t slot, Enum (*from_text)(std::string_view)) const noexcept {
        raw = text_of(slot);
        if (raw) out = from_text(*raw);
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
