// swcalls/bounded_text.hpp — a fixed-capacity piece of text that keeps a prefix and says when it cut.
//
// For text whose length the server decides (an error message, a Content-Type, a reason phrase) but which
// swcalls must keep without a heap: the first Capacity bytes are kept, the rest dropped, and truncated()
// says so. A cut never leaves half a UTF-8 sequence at the end.
#pragma once

#include <cstddef>
#include <string_view>

#include "config.hpp"
#include "detail/utf8.hpp"

namespace swcalls {

namespace detail {
// How much of data[0, size) to keep once cut: all of it, unless it ends in a UTF-8 sequence that the cut left
// incomplete, which goes. Out of line and independent of the capacity, so that one copy serves every
// bounded_text (five sizes of them in a list session).
SWCALLS_NOINLINE constexpr std::size_t length_without_cut_sequence(const char* data, std::size_t size) noexcept {
    std::size_t back = 0;  // continuation bytes at the end
    while (back < 3 && back < size && (static_cast<unsigned char>(data[size - 1 - back]) & 0xC0) == 0x80) ++back;
    if (back < size) {
        unsigned char lead = static_cast<unsigned char>(data[size - 1 - back]);
        if (lead >= 0x80) {
            utf8_lead l = classify_utf8_lead(lead);
            if (l.continuation_bytes > back) return size - (back + 1);  // the sequence was cut short
        }
    }
    return size;
}

// A bounded_text's length and whether it was cut, together: one reference for both, so that
// push_back_bounded() takes four arguments, all in registers (a fifth goes on the stack at every call: about
// 10 bytes more per call on a Cortex-M4).
struct bounded_length {
    std::size_t size = 0;
    bool truncated = false;
};

// bounded_text<Capacity>::push_back for every capacity: out of line and independent of the capacity, so that
// one copy serves every bounded_text.
SWCALLS_NOINLINE constexpr void push_back_bounded(char* data, bounded_length& length, std::size_t capacity,
                                                  char c) noexcept {
    if (length.truncated) return;  // once cut, the rest of the text is dropped too
    if (length.size == capacity) {
        length.truncated = true;
        length.size = length_without_cut_sequence(data, length.size);
        return;
    }
    data[length.size++] = c;
}
}  // namespace detail

template <std::size_t Capacity>
class bounded_text {
    static_assert(Capacity > 0, "swcalls: bounded_text needs room for at least one byte");

public:
    static constexpr std::size_t capacity = Capacity;

    constexpr std::string_view view() const noexcept { return std::string_view(data_, length_.size); }
    constexpr std::size_t size() const noexcept { return length_.size; }
    constexpr bool empty() const noexcept { return length_.size == 0; }
    // Whether bytes were dropped because they did not fit.
    constexpr bool truncated() const noexcept { return length_.truncated; }

    constexpr void clear() noexcept {
        length_.size = 0;
        length_.truncated = false;
    }

    // Appends what fits of `text`; anything that does not fit is dropped and marks the text truncated.
    constexpr void append(std::string_view text) noexcept {
        for (char c : text) push_back(c);
    }

    constexpr void push_back(char c) noexcept { detail::push_back_bounded(data_, length_, Capacity, c); }

    // For writers that fill the storage directly (the JSON scanner): the room, then how much was written.
    constexpr char* storage() noexcept { return data_; }
    // `length` bytes of storage() are the text; `was_cut` when more would have followed (then an incomplete
    // UTF-8 sequence at the end is dropped).
    constexpr void set_length(std::size_t length, bool was_cut) noexcept {
        length_.size = length < Capacity ? length : Capacity;
        length_.truncated = false;
        if (was_cut) cut();
    }

    // Drops trailing bytes for which `drop(c)` is true (trailing white space, say).
    template <class Predicate>
    constexpr void trim_back(Predicate drop) noexcept {
        while (length_.size > 0 && drop(data_[length_.size - 1])) --length_.size;
    }

private:
    // Marks the text truncated and removes a UTF-8 sequence that the cut left incomplete.
    constexpr void cut() noexcept {
        if (!length_.truncated) {
            length_.truncated = true;
            length_.size = detail::length_without_cut_sequence(data_, length_.size);
        }
    }

    // (The length first: at the start of the object, its loads and stores are 16-bit on Thumb-2.)
    detail::bounded_length length_;
    char data_[Capacity] = {};
};

}  // namespace swcalls
