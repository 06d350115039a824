// swcalls/error_code.hpp — what every swcalls function returns: std::error_code's light twin.
//
//   std::error_code ec = parser.feed(chunk);    // converts: the documented contract keeps working
//   swcalls::error_code e = parser.feed(chunk); // or keep it light
//   if (e == swcalls::errc::unexpected_end) ...
//   std::puts(swcalls::message_of(e.code()));   // a static text, no std::string
//
// Why not std::error_code itself: naming any std::error_category links its vtable, and with it std::string,
// malloc and strerror (7.6 KiB on a Cortex-M4 with newlib nano) before one byte is parsed, plus the message
// texts. A swcalls::error_code holds an errc, or a transport's own error (a std::error_code of another
// category, kept as its number and category pointer): swcalls's category is linked only by a program that
// converts to std::error_code, or asks for category() or message().
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <system_error>
#include <type_traits>

#include "error.hpp"

namespace swcalls {

class error_code {
public:
    constexpr error_code() noexcept = default;
    constexpr error_code(errc e) noexcept : value_(static_cast<int>(e)) {}  // NOLINT: implicit, as std::error_code takes errc

    // A transport's error. One in swcalls's category becomes its errc, recognised by the category's name
    // pointer, so that this constructor does not link the category either (a category in another shared
    // library is not recognised: as with std::error_code, whose categories compare by address). A zero
    // value of any category is success, as std::error_code's operator bool says: all successes compare equal.
    error_code(const std::error_code& ec) noexcept  // NOLINT: implicit, so transports' errors flow in
        : value_(ec.value()),
          foreign_(!ec || ec.category().name() == detail::category_name ? nullptr : &ec.category()) {}

    // The errc; errc::transport_failed for a transport's own error (foreign_category() tells which).
    constexpr errc code() const noexcept { return foreign_ ? errc::transport_failed : static_cast<errc>(value_); }
    // The number within its category, as std::error_code::value().
    constexpr int value() const noexcept { return value_; }
    // The category of a transport's own error; nullptr for a swcalls error (and for success).
    constexpr const std::error_category* foreign_category() const noexcept { return foreign_; }
    constexpr explicit operator bool() const noexcept { return value_ != 0; }

    // As std::error_code's. These link the category (and std::string): on a microcontroller use
    // message_of(code()) instead.
    const std::error_category& category() const noexcept { return foreign_ ? *foreign_ : error_category(); }
    std::string message() const { return static_cast<std::error_code>(*this).message(); }

    operator std::error_code() const noexcept {  // NOLINT: implicit, so std::error_code ec = feed(...) compiles
        if (foreign_) return {value_, *foreign_};
        return value_ == 0 ? std::error_code() : make_error_code(static_cast<errc>(value_));
    }

    friend constexpr bool operator==(error_code a, error_code b) noexcept {
        return a.value_ == b.value_ && (a.value_ == 0 || a.foreign_ == b.foreign_);
    }
    friend constexpr bool operator!=(error_code a, error_code b) noexcept { return !(a == b); }
    friend constexpr bool operator==(error_code a, errc b) noexcept { return a == error_code(b); }
    friend constexpr bool operator!=(error_code a, errc b) noexcept { return !(a == error_code(b)); }
    friend constexpr bool operator==(errc a, error_code b) noexcept { return error_code(a) == b; }
    friend constexpr bool operator!=(errc a, error_code b) noexcept { return !(error_code(a) == b); }
    friend bool operator==(error_code a, const std::error_code& b) noexcept { return a == error_code(b); }
    friend bool operator!=(error_code a, const std::error_code& b) noexcept { return !(a == error_code(b)); }
    friend bool operator==(const std::error_code& a, error_code b) noexcept { return error_code(a) == b; }
    friend bool operator!=(const std::error_code& a, error_code b) noexcept { return !(error_code(a) == b); }

private:
    int value_ = 0;
    const std::error_category* foreign_ = nullptr;  // a transport's category; nullptr: swcalls's (errc)
};

// Ordered by category, then value (swcalls's own first), and hashable: as std::error_code is.
inline bool operator<(error_code a, error_code b) noexcept {
    const std::less<const std::error_category*> before;
    if (a.foreign_category() != b.foreign_category()) return before(a.foreign_category(), b.foreign_category());
    return a.value() < b.value();
}

namespace detail {
// Whatever a transport or a body sink returns, as a swcalls::error_code: a swcalls::error_code (or errc) as it
// is, anything else through std::error_code (boost::system::error_code converts to std::error_code, and a
// second implicit conversion on top of that is not allowed).
template <class E>
error_code as_error_code(const E& e) noexcept {
    if constexpr (std::is_convertible_v<const E&, error_code>) return e;
    else return error_code(static_cast<std::error_code>(e));
}
template <class E>  // E may be void (a sink that returns nothing): then false
inline constexpr bool is_error_result_v = std::is_convertible_v<E, error_code> || std::is_convertible_v<E, std::error_code>;
}  // namespace detail

// The kind of any error: errors from other categories come from transports (sockets, TLS, libcurl) and count
// as network errors.
inline errc_kind kind_of(error_code e) noexcept { return e.foreign_category() ? errc_kind::network : kind_of(e.code()); }
inline errc_kind kind_of(const std::error_code& e) noexcept { return kind_of(error_code(e)); }

// Transport errors that asking again cannot mend: a certificate that is not trusted or names another host,
// and a transport that could not be set up. The list driver ends at once on these instead of retrying.
constexpr bool is_permanent_transport_error(error_code e) noexcept {
    return e == errc::tls_untrusted_certificate || e == errc::tls_host_mismatch || e == errc::transport_setup_failed;
}
inline bool is_permanent_transport_error(const std::error_code& e) noexcept {
    return is_permanent_transport_error(error_code(e));
}

}  // namespace swcalls

template <>
struct std::hash<swcalls::error_code> {
    std::size_t operator()(swcalls::error_code e) const noexcept {
        return std::hash<const void*>()(e.foreign_category()) ^ std::hash<int>()(e.value());
    }
};
