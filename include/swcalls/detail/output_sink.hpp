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
#include "decimal_text.hpp"

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

    // Decimal digits of v (decimal_text.hpp: 32-bit divisions only, no table).
    void put_unsigned(unsigned long long v) noexcept {
        const decimal_digits digits(v);
        put(digits.data(), digits.size());
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
