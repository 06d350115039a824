// swcalls/detail/base64.hpp — RFC 4648 base64 (standard alphabet, '=' padding), for HTTP Basic credentials.
//
// The credentials are "project:token" and never exist as one string: the request writer encodes them a group
// at a time across the pieces (request_writer.hpp), base64_writer takes bytes in pieces into a buffer; both
// write each group with base64_group, so no heap, no copy, and one encoding.
#pragma once

#include <cstddef>
#include <string_view>

namespace swcalls::detail {

inline constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Bytes written for n input bytes: 4 per started group of 3.
constexpr std::size_t base64_encoded_size(std::size_t n) noexcept { return n / 3 * 4 + (n % 3 != 0 ? 4 : 0); }

// One group of 3 bytes (in the low 24 bits of `bits`, first byte highest) as 4 characters at `out`; with
// `used` < 3 real bytes (the rest zero), the characters past used + 1 are '=' padding.
constexpr void base64_group(unsigned bits, std::size_t used, char* out) noexcept {
    // The next 6 bits are always the top ones: a shift per character, where indexing each by its own
    // shift count gets the loop unrolled into four copies.
    for (std::size_t k = 0; k < 4; ++k, bits <<= 6) out[k] = k <= used ? base64_alphabet[(bits >> 18) & 63] : '=';
}

// Encodes bytes handed over in any number of pieces; the output is the same however the input is split.
// `out` must have room for base64_encoded_size(total input bytes).
class base64_writer {
public:
    constexpr explicit base64_writer(char* out) noexcept : out_(out) {}

    constexpr void add(std::string_view bytes) noexcept {
        for (char c : bytes) {
            group_[pending_++] = static_cast<unsigned char>(c);
            if (pending_ == 3) {
                emit(3);
                pending_ = 0;
            }
        }
    }

    // Writes the last, padded group (if any). Returns the total number of bytes written.
    constexpr std::size_t finish() noexcept {
        if (pending_ != 0) {
            for (unsigned i = pending_; i < 3; ++i) group_[i] = 0;
            emit(pending_);
            pending_ = 0;
        }
        return written_;
    }

private:
    // The pending group, `used` of its 3 bytes real.
    constexpr void emit(unsigned used) noexcept {
        base64_group((unsigned(group_[0]) << 16) | (unsigned(group_[1]) << 8) | unsigned(group_[2]), used,
                     out_ + written_);
        written_ += 4;
    }

    char* out_;
    std::size_t written_ = 0;
    unsigned char group_[3] = {0, 0, 0};
    unsigned pending_ = 0;
};

// Writes the base64 of `bytes` at `out` (room for base64_encoded_size(bytes.size())); returns the length.
constexpr std::size_t base64_encode(std::string_view bytes, char* out) noexcept {
    base64_writer writer{out};
    writer.add(bytes);
    return writer.finish();
}

}  // namespace swcalls::detail
