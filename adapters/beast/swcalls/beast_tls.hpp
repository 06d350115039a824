// swcalls/beast_tls.hpp — what the Boost.Beast adapters share: TLS setup and turning Asio errors into swcalls::errc.
//
//   std::error_code ec;
//   boost::asio::ssl::context ctx = swcalls::beast::make_ssl_context(options, ec);   // once per transport
//   boost::asio::ssl::stream<boost::beast::tcp_stream> stream(io, ctx);               // once per connection
//   ... connect stream.next_layer() ...
//   ec = swcalls::beast::prepare_tls_stream(stream, endpoint.host(), options);        // SNI + host name check
//   stream.async_handshake(boost::asio::ssl::stream_base::client, [&](auto hec) {
//       ec = swcalls::beast::map_handshake_error(hec, stream.native_handle());        // exact verification cause
//   });
//   ... later, for any other operation: ec = swcalls::beast::map_error(op_ec, swcalls::beast::phase::receive);
//
// The host name is checked by OpenSSL itself during verification (SSL_set1_host, X509_VERIFY_PARAM_set1_ip_asc),
// not by asio::ssl::host_name_verification: that callback refuses a wrong name without recording why, so a
// host mismatch would look like any other verification failure. OpenSSL records X509_V_ERR_HOSTNAME_MISMATCH,
// which SSL_get_verify_result() reads back after the handshake failed — that is the verification capture.
//
// Needs Boost.Asio's SSL support (OpenSSL, link -lssl -lcrypto). Header-only.
#pragma once

#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

#include <swcalls/bounded_text.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/error.hpp>
#include <swcalls/transport_options.hpp>

namespace swcalls::beast {

// The human detail of a transport's last error (error_detail()): fixed size, so recording it never allocates
// beyond the error's own message. Holds host, port and the library's reason — never a request byte.
using detail_text = swcalls::bounded_text<256>;

// What a connection was doing when an operation failed: the same Asio error means different things in each.
// `setup` is making the SSL context (before any connection).
enum class phase { setup, resolve, connect, handshake, send, receive };

namespace detail {

inline std::string_view phase_verb(phase p) noexcept {
    switch (p) {
        case phase::setup: return "TLS setup for ";
        case phase::resolve: return "resolve ";
        case phase::connect: return "connect to ";
        case phase::handshake: return "TLS handshake with ";
        case phase::send: return "send to ";
        case phase::receive: return "receive from ";
    }
    return "";
}

inline void append_unsigned(detail_text& text, unsigned long value) noexcept {
    char digits[24];
    auto r = std::to_chars(digits, digits + sizeof digits, value);
    text.append(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
}

// "[::1]" -> "::1": URLs bracket IPv6 literals, resolvers and OpenSSL want them bare.
inline std::string_view unbracketed(std::string_view host) noexcept {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
    return host;
}

inline bool is_ip_literal(std::string_view bare_host) noexcept {
    char text[max_host_length + 1];
    if (bare_host.size() > max_host_length) return false;
    bare_host.copy(text, bare_host.size());
    text[bare_host.size()] = '\0';
    boost::system::error_code ec;
    boost::asio::ip::make_address(text, ec);
    return !ec;
}

inline bool is_timeout(const boost::system::error_code& ec) noexcept {
    return ec == boost::beast::error::timeout || ec == boost::asio::error::timed_out;
}

}  // namespace detail

// An SSL context for a TLS 1.2+ client: peer verification on (unless options.insecure_skip_verify), trusting
// options.ca_file if set, else the system's store. On failure ec is errc::transport_setup_failed (an unreadable
// or empty CA file, no system store) and, when given, the reason is appended to *why ("CA file x.pem: No such
// file or directory"). Like ssl::context's constructor, throws boost::system::system_error only when OpenSSL
// cannot even create a context.
inline boost::asio::ssl::context make_ssl_context(const transport_options& options, std::error_code& ec,
                                                  detail_text* why = nullptr) {
    namespace ssl = boost::asio::ssl;
    ec.clear();
    ssl::context ctx(ssl::context::tls_client);
    auto setup_failed = [&](std::string_view what, const boost::system::error_code& cause) {
        ec = make_error_code(errc::transport_setup_failed);
        if (why != nullptr) {
            why->append(what);
            why->append(": ");
            why->append(cause.message());
        }
    };
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1) {
        setup_failed("TLS 1.2 minimum", boost::asio::error::operation_not_supported);
        return ctx;
    }
    boost::system::error_code bec;
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression, bec);
    if (options.insecure_skip_verify) {
        ctx.set_verify_mode(ssl::verify_none, bec);
        return ctx;
    }
    ctx.set_verify_mode(ssl::verify_peer, bec);
    if (!options.ca_file.empty()) {
        const std::string path(options.ca_file);
        // Opened here first for errno's reason: OpenSSL 3 reports a missing file as a bare "system library"
        // error, which Asio's message turns into "asio.ssl error".
        if (std::FILE* file = std::fopen(path.c_str(), "rb")) {
            std::fclose(file);
        } else {
            setup_failed("CA file " + path, boost::system::error_code(errno, boost::system::generic_category()));
            return ctx;
        }
        ctx.load_verify_file(path, bec);
        if (bec) setup_failed("CA file " + path, bec);
    } else {
        ctx.set_default_verify_paths(bec);
        if (bec) setup_failed("system CA store", bec);
    }
    return ctx;
}

// Prepares a client TLS stream (asio::ssl::stream or beast::ssl_stream, before its handshake) for `host`, the
// endpoint's host: sends it as SNI unless it is an IP literal (SNI takes names only), and, when verification
// is on, makes OpenSSL check that the certificate names it (a DNS name, or an IP address SAN for a literal).
// errc::transport_setup_failed if OpenSSL refuses the name.
template <class SSLStream>
std::error_code prepare_tls_stream(SSLStream& stream, std::string_view host, const transport_options& options) {
    SSL* ssl = stream.native_handle();
    const std::string_view bare = detail::unbracketed(host);
    if (bare.empty() || bare.size() > max_host_length) return make_error_code(errc::transport_setup_failed);
    char name[max_host_length + 1];  // OpenSSL wants a C string
    bare.copy(name, bare.size());
    name[bare.size()] = '\0';

    const bool ip_literal = detail::is_ip_literal(bare);
    if (!ip_literal && SSL_set_tlsext_host_name(ssl, name) != 1) return make_error_code(errc::transport_setup_failed);
    if (options.insecure_skip_verify) return {};
    if (ip_literal) {
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name) != 1)
            return make_error_code(errc::transport_setup_failed);
    } else {
        SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (SSL_set1_host(ssl, name) != 1) return make_error_code(errc::transport_setup_failed);
    }
    return {};
}

// The swcalls error for a failed Asio/Beast operation in phase `p` ({} for no error).
// A timeout (tcp_stream's or the kernel's) is errc::timed_out in every phase. While receiving, the end of the
// stream — a clean EOF, or a TLS peer that closed without close_notify (ssl::error::stream_truncated) — is
// not an error: {} is returned and the core's HTTP decoder tells a complete response from a cut one.
// A handshake error here is errc::tls_failed; use map_handshake_error() to tell verification failures apart.
inline std::error_code map_error(const boost::system::error_code& ec, phase p) noexcept {
    if (!ec) return {};
    if (p == phase::setup) return make_error_code(errc::transport_setup_failed);
    if (detail::is_timeout(ec)) return make_error_code(errc::timed_out);
    switch (p) {
        case phase::setup: break;
        case phase::resolve: return make_error_code(errc::resolve_failed);
        case phase::connect: return make_error_code(errc::connect_failed);
        case phase::handshake: return make_error_code(errc::tls_failed);
        case phase::send:
        case phase::receive:
            if (p == phase::receive &&
                (ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated))
                return {};
            if (ec.category() == boost::asio::error::get_ssl_category()) return make_error_code(errc::tls_failed);
            return make_error_code(errc::connection_lost);
    }
    return make_error_code(errc::transport_failed);
}

// True when a receive ended because the peer closed the connection (map_error() gives {} for these).
inline bool is_end_of_stream(const boost::system::error_code& ec) noexcept {
    return ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated;
}

// The swcalls error for a failed handshake on `ssl`: when OpenSSL's certificate verification failed, its
// recorded result decides — a name mismatch is errc::tls_host_mismatch, anything else (unknown CA, self-signed,
// expired) errc::tls_untrusted_certificate; other failures are map_error(ec, phase::handshake). The reason
// (X509_verify_cert_error_string's, or ec's message) is appended to *why: call begin_detail() first.
inline std::error_code map_handshake_error(const boost::system::error_code& ec, const SSL* ssl,
                                           detail_text* why = nullptr) {
    if (!ec) return {};
    if (ssl != nullptr && (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) != 0 && !detail::is_timeout(ec)) {
        const long result = SSL_get_verify_result(ssl);
        if (result != X509_V_OK) {
            if (why != nullptr) {
                why->append("certificate verify failed: ");
                why->append(X509_verify_cert_error_string(result));
            }
            if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH)
                return make_error_code(errc::tls_host_mismatch);
            return make_error_code(errc::tls_untrusted_certificate);
        }
    }
    if (why != nullptr) why->append(ec.message());
    return map_error(ec, phase::handshake);
}

// Writes "<verb> <host>:<port>: " into `text` (after clearing it): the start of every error detail. A name
// lookup is only "resolve <host>: " (the port is not looked up).
inline void begin_detail(detail_text& text, phase p, std::string_view host, std::uint16_t port) noexcept {
    text.clear();
    text.append(detail::phase_verb(p));
    text.append(host);
    if (p != phase::resolve) {
        text.push_back(':');
        detail::append_unsigned(text, port);
    }
    text.append(": ");
}

// Appends "<n> ms" to `text`.
inline void append_milliseconds(detail_text& text, std::chrono::milliseconds n) noexcept {
    detail::append_unsigned(text, static_cast<unsigned long>(n.count()));
    text.append(" ms");
}

// The whole detail for a failed operation: "connect to 127.0.0.1:9: Connection refused".
inline void describe_error(detail_text& text, phase p, std::string_view host, std::uint16_t port,
                           const boost::system::error_code& ec) {
    begin_detail(text, p, host, port);
    text.append(ec.message());
}

}  // namespace swcalls::beast
