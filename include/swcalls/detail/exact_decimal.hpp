// swcalls/detail/exact_decimal.hpp — the slow path of decimal -> double: correct rounding, proved with integers.
//
// The fast path of decimal_to_double (number.hpp: parse_decimal and decimal::value use it) is exact for up
// to 15-16 significant digits and exponents within ±22, which is every figure the API normally sends.
// Anything else lands here: starting from a close guess, the guess is
// compared with the exact decimal value in big-integer arithmetic against the midpoints to its neighbours,
// and moved until it is the correctly rounded double (ties to even). No heap: three fixed 4096-bit integers
// (about 1.6 KiB of stack), used only on this rare path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace swcalls::detail {

// A non-negative integer of up to 4096 bits; every operation reports overflow instead of wrapping.
class big_uint {
public:
    static constexpr int max_words = 128;

    big_uint() noexcept = default;
    big_uint(const big_uint& other) noexcept : size_(other.size_) {  // copies only the words in use
        for (int i = 0; i < size_; ++i) words_[i] = other.words_[i];
    }
    big_uint& operator=(const big_uint&) = delete;

    bool multiply_add(std::uint32_t factor, std::uint32_t addend) noexcept {
        std::uint64_t carry = addend;
        for (int i = 0; i < size_; ++i) {
            std::uint64_t v = std::uint64_t(words_[i]) * factor + carry;
            words_[i] = static_cast<std::uint32_t>(v);
            carry = v >> 32;
        }
        return push_carry(carry);
    }

    bool multiply_power_of_5(int exponent) noexcept {
        constexpr std::uint32_t five_13 = 1220703125u;  // 5^13, the largest power of 5 in 32 bits
        for (; exponent >= 13; exponent -= 13)
            if (!multiply_add(five_13, 0)) return false;
        std::uint32_t rest = 1;
        for (; exponent > 0; --exponent) rest *= 5;
        return multiply_add(rest, 0);
    }

    bool shift_left(int bits) noexcept {
        if (size_ == 0 || bits == 0) return true;
        int word_shift = bits / 32, bit_shift = bits % 32;
        if (size_ + word_shift + 1 > max_words) return false;
        if (bit_shift) {
            std::uint32_t carry = 0;
            for (int i = 0; i < size_; ++i) {
                std::uint32_t w = words_[i];
                words_[i] = (w << bit_shift) | carry;
                carry = w >> (32 - bit_shift);
            }
            if (carry) words_[size_++] = carry;
        }
        if (word_shift) {
            for (int i = size_ - 1; i >= 0; --i) words_[i + word_shift] = words_[i];
            for (int i = 0; i < word_shift; ++i) words_[i] = 0;
            size_ += word_shift;
        }
        return true;
    }

    void set(std::uint64_t value) noexcept {
        size_ = 0;
        while (value) {
            words_[size_++] = static_cast<std::uint32_t>(value);
            value >>= 32;
        }
    }

    // floor(value / 2^bits), for a value below 2^(bits + 64) (so that the quotient fits).
    std::uint64_t shifted_right(int bits) const noexcept {
        const int word = bits / 32, shift = bits % 32;
        if (size_ <= word) return 0;
        std::uint64_t high = 0;  // the words above `word`: below 2^(64 - 32 + shift)
        for (int i = size_ - 1; i > word; --i) high = (high << 32) | words_[i];
        return (high << (32 - shift)) | (words_[word] >> shift);
    }

    friend int compare(const big_uint& a, const big_uint& b) noexcept {
        if (a.size_ != b.size_) return a.size_ < b.size_ ? -1 : 1;
        for (int i = a.size_ - 1; i >= 0; --i)
            if (a.words_[i] != b.words_[i]) return a.words_[i] < b.words_[i] ? -1 : 1;
        return 0;
    }

private:
    bool push_carry(std::uint64_t carry) noexcept {
        if (!carry) return true;
        if (size_ == max_words) return false;
        words_[size_++] = static_cast<std::uint32_t>(carry);
        return true;
    }

    std::uint32_t words_[max_words];
    int size_ = 0;
};

// Compares digits × 10^exponent (digits already in `digits`) with m × 2^k. -1, 0 or 1; 2 on overflow.
inline int compare_with_binary(const big_uint& digits, int exponent, std::uint64_t m, int k) noexcept {
    big_uint left = digits, right;
    right.set(m);
    // digits × 5^e × 2^e  vs  m × 2^k: put each power of 5 and the net power of 2 on the side it grows.
    bool ok = exponent >= 0 ? left.multiply_power_of_5(exponent) : right.multiply_power_of_5(-exponent);
    int twos = exponent - k;
    ok = ok && (twos >= 0 ? left.shift_left(twos) : right.shift_left(-twos));
    return ok ? compare(left, right) : 2;
}

// Correctly rounds digits × 10^exponent (a positive value, at most max_digits significant digits in
// `digits`) given a guess within a few ulps. False when the arithmetic would not fit (it always does for
// inputs within the digit limit).
inline bool refine_to_nearest(const big_uint& digits, int exponent, double guess, double& out) noexcept {
    std::uint64_t bits;
    std::memcpy(&bits, &guess, sizeof bits);
    constexpr std::uint64_t infinity_bits = 0x7FF0000000000000ULL;
    bool settled = false;
    for (int step = 0; step < 4096 && !settled; ++step) {
        if (bits >= infinity_bits) return false;
        int biased = static_cast<int>(bits >> 52);
        std::uint64_t fraction = bits & ((std::uint64_t(1) << 52) - 1);
        std::uint64_t mantissa = biased ? fraction | (std::uint64_t(1) << 52) : fraction;
        int exp2 = biased ? biased - 1075 : -1074;
        // Upper midpoint: (2m + 1) × 2^(e - 1).
        int upper = compare_with_binary(digits, exponent, 2 * mantissa + 1, exp2 - 1);
        if (upper == 2) return false;
        if (upper > 0 || (upper == 0 && (mantissa & 1))) {
            ++bits;
            settled = upper == 0;
            continue;
        }
        if (upper == 0 || bits == 0) {
            settled = true;
            continue;
        }
        // Lower midpoint: half-way to the previous double (a quarter ulp below a power of two).
        int lower = (fraction == 0 && biased > 1)
                        ? compare_with_binary(digits, exponent, 4 * mantissa - 1, exp2 - 2)
                        : compare_with_binary(digits, exponent, 2 * mantissa - 1, exp2 - 1);
        if (lower == 2) return false;
        if (lower < 0 || (lower == 0 && (mantissa & 1))) {
            --bits;
            settled = lower == 0;
            continue;
        }
        settled = true;
    }
    if (!settled) return false;  // never with a guess within a few ulps
    if (bits >= infinity_bits) return false;
    std::memcpy(&out, &bits, sizeof out);
    return true;
}

}  // namespace swcalls::detail
