// swcalls/detail/output_sink.hpp — measure, then write: how the writers fill a caller's buffer.
//
// Every writer describes its output once, as calls on an output_sink. write_measured() runs that
// description twice: first on a sink that only counts, then, when the count fits, on one that writes.
// So a too-small buffer gets exactly the size needed and not a single byte written, and the writers
// cannot disagree with themselves about sizes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>

#include "../config.hpp"
#include "../error.hpp"
#include "../error_code.hpp"
#include "../write_result.hpp"

namespace swcalls::detail {

class output_sink {
public:
    output_sink() noexcept = default;                             // counts only
    explicit output_sink(char* out) noexcept : out_(out) {}       // writes; room was checked beforehand

    // Reserves the next n bytes: where to write them, or nullptr when only counting. The count saturates,
    // so absurd sizes come out as "too large", never as a small wrapped-around number.
    char* claim(std::size_t n) noexcept {
        char* at = out_ != nullptr ? out_ + size_ : nullptr;
        size_ = n > std::numeric_limits<std::size_t>::max() - size_ ? std::numeric_limits<std::size_t>::max()
                                                                    : size_ + n;
        return at;
    }

    void put(std::string_view text) noexcept { put(text.data(), text.size()); }

    // A string literal, its length known at compile time: no string_view is built, which GCC -Os would
    // spill to the stack at every call.
    template <std::size_t N>
    void put_literal(const char (&literal)[N]) noexcept {
        put(literal, N - 1);
    }

    SWCALLS_NOINLINE void put(const char* text, std::size_t size) noexcept {
        char* at = claim(size);
        if (at != nullptr && size != 0) std::memcpy(at, text, size);
    }

    void put(char c) noexcept {
        if (char* at = claim(1)) *at = c;
    }

    // Decimal digits of v, taken off the end by dividing by 10 as a long division over 32- and 16-bit
    // pieces: every step is a 32-bit division (one instruction on a Cortex-M), where a 64-bit division
    // links a library routine and the digits by powers of ten a 160-byte table.
    void put_unsigned(unsigned long long v) noexcept {
        char digits[20];  // UINT64_MAX has 20
        std::size_t first = sizeof digits;
        auto high = static_cast<std::uint32_t>(v >> 32);
        auto low = static_cast<std::uint32_t>(v);
        do {
            // (high, low) = (high, low) / 10, with the remainder carried down through low's two halves.
            std::uint32_t part = high % 10 << 16 | low >> 16;
            high /= 10;
            const std::uint32_t upper = part / 10;
            part = part % 10 << 16 | (low & 0xFFFF);
            low = upper << 16 | part / 10;
            digits[--first] = static_cast<char>('0' + part % 10);
        } while ((high | low) != 0);
        put(digits + first, sizeof digits - first);
    }

    std::size_t size() const noexcept { return size_; }

private:
    char* out_ = nullptr;
    std::size_t size_ = 0;
};

// Runs produce(sink) to measure, then again to write when the result fits in [out, out + size).
// `produce` must describe the same output both times (it is only given a sink, so it does).
template <class Produce>
write_result write_measured(char* out, std::size_t size, Produce&& produce) noexcept {
    output_sink counter;
    produce(counter);
    const std::size_t needed = counter.size();
    if (needed > size || (out == nullptr && needed != 0)) return {error_code(errc::buffer_too_small), needed};
    output_sink writer{out};
    produce(writer);
    SWCALLS_ASSERT(writer.size() == needed);
    return {error_code(), needed};
}

}  // namespace swcalls::detail
