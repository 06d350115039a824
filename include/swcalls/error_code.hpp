// swcalls/error_code.hpp — the light result of the parser and the other byte-level pieces.
//
//   std::error_code ec = parser.feed(chunk);   // converts: the documented contract keeps working
//   swcalls::error_code e = parser.feed(chunk); // or keep it light: an errc, nothing else
//   if (e) std::puts(e.message());
//
// Why not std::error_code itself: naming any std::error_category links its vtable, and with it
// std::string, malloc and strerror — 7.6 KiB on a Cortex-M4 with newlib nano before one byte is parsed,
// plus the message texts. swcalls::error_code holds only the errc; the category (and every message) is
// linked only by a program that converts to std::error_code or asks for a message.
#pragma once

#include <system_error>

#include "error.hpp"

namespace swcalls {

class error_code {
public:
    constexpr error_code() noexcept = default;
    constexpr error_code(errc e) noexcept : code_(e) {}  // NOLINT: implicit, as std::error_code takes errc

    constexpr errc code() const noexcept { return code_; }
    constexpr int value() const noexcept { return static_cast<int>(code_); }
    constexpr explicit operator bool() const noexcept { return code_ != errc{}; }

    // A static text (message_of); "" for success, as a program printing it unconditionally would want.
    const char* message() const noexcept { return code_ == errc{} ? "" : message_of(code_); }
    const std::error_category& category() const noexcept { return error_category(); }

    operator std::error_code() const noexcept {  // NOLINT: implicit, so std::error_code ec = feed(...) compiles
        return code_ == errc{} ? std::error_code() : make_error_code(code_);
    }

    friend constexpr bool operator==(error_code a, error_code b) noexcept { return a.code_ == b.code_; }
    friend constexpr bool operator!=(error_code a, error_code b) noexcept { return a.code_ != b.code_; }
    friend constexpr bool operator==(error_code a, errc b) noexcept { return a.code_ == b; }
    friend constexpr bool operator!=(error_code a, errc b) noexcept { return a.code_ != b; }
    friend constexpr bool operator==(errc a, error_code b) noexcept { return a == b.code_; }
    friend constexpr bool operator!=(errc a, error_code b) noexcept { return a != b.code_; }
    friend bool operator==(error_code a, const std::error_code& b) noexcept { return std::error_code(a) == b; }
    friend bool operator!=(error_code a, const std::error_code& b) noexcept { return std::error_code(a) != b; }
    friend bool operator==(const std::error_code& a, error_code b) noexcept { return a == std::error_code(b); }
    friend bool operator!=(const std::error_code& a, error_code b) noexcept { return a != std::error_code(b); }

private:
    errc code_ = errc{};
};

inline errc_kind kind_of(error_code e) noexcept { return kind_of(e.code()); }

}  // namespace swcalls
