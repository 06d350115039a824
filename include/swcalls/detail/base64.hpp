// swcalls/detail/base64.hpp — RFC 4648 base64 (standard alphabet, '=' padding), for HTTP Basic credentials.
//
// The credentials are "project:token" and never exist as one string: base64_writer takes the bytes in
// pieces (project, ":", token) and writes straight into the caller's buffer, so no heap and no copy.
#pragma once

#include <cstddef>
#include <string_view>

namespace swcalls::detail {

inline constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Bytes written for n input bytes: 4 per started group of 3.
constexpr std::size_t base64_encoded_size(std::size_t n) noexcept { return n / 3 * 4 + (n % 3 != 0 ? 4 : 0); }

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
    // One group of 3 bytes (`used` of them real) as 4 characters, '=' for the missing ones.
    constexpr void emit(unsigned used) noexcept {
        constexpr const char* alphabet = base64_alphabet;
        const unsigned bits = (unsigned(group_[0]) << 16) | (unsigned(group_[1]) << 8) | unsigned(group_[2]);
        out_[written_ + 0] = alphabet[(bits >> 18) & 63];
        out_[written_ + 1] = alphabet[(bits >> 12) & 63];
        out_[written_ + 2] = used > 1 ? alphabet[(bits >> 6) & 63] : '=';
        out_[written_ + 3] = used > 2 ? alphabet[bits & 63] : '=';
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
