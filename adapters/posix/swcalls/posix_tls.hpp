// swcalls/posix_tls.hpp — https for the POSIX sockets transport, with OpenSSL (1.1.1 or 3.x).
//
//   swcalls::transport_options options;                  // options.ca_file = "ca.pem" to trust only that CA
//   swcalls::posix::tls_transport transport{endpoint, options};   // https, and http endpoints in clear
//   swcalls::list_result r = swcalls::list_calls(transport, endpoint, query, list_options, on_call, sleep);
//
// openssl_layer is a layer for basic_transport (see posix.hpp for the hook): one SSL_CTX per transport
// (TLS 1.2 or later, made at the first https connect), one SSL per connection. The server's certificate
// chain is verified against options.ca_file, or the system's CA store when that is empty, and must name
// the endpoint's host (a DNS name, or an IP address such as 127.0.0.1, which then gets no SNI).
// options.insecure_skip_verify turns both checks off.
//
// Failures: a chain that does not lead to a trusted CA, a self-signed or expired certificate ->
// errc::tls_untrusted_certificate; a valid certificate for another name -> errc::tls_host_mismatch;
// a CA file that cannot be read -> errc::transport_setup_failed; any other TLS failure -> errc::tls_failed.
// error_detail() gives OpenSSL's reason ("certificate has expired", "...:wrong version number").
//
// The socket I/O goes through a small BIO of our own that sends with MSG_NOSIGNAL: OpenSSL's socket BIO
// write()s, and a server that has gone away would raise SIGPIPE. OpenSSL allocates per connection; this
// layer allocates nothing itself.
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <climits>

#include "posix.hpp"

namespace swcalls::posix {

namespace detail {

// What the BIO knows of its socket; the layer owns it and the BIO points at it.
struct tls_socket_state {
    int fd = -1;
    bool end_of_stream = false;  // recv() returned 0: the peer closed
    int last_errno = 0;          // the errno of the last failed recv/send (0 when none)
};

inline tls_socket_state& socket_state_of(BIO* b) noexcept { return *static_cast<tls_socket_state*>(BIO_get_data(b)); }

inline int tls_bio_write(BIO* b, const char* data, int size) {
    tls_socket_state& s = socket_state_of(b);
    BIO_clear_retry_flags(b);
    const ssize_t n = ::send(s.fd, data, static_cast<std::size_t>(size), send_flags());
    if (n >= 0) return static_cast<int>(n);
    if (would_block(errno)) BIO_set_retry_write(b);
    else s.last_errno = errno;
    return -1;
}

inline int tls_bio_read(BIO* b, char* data, int size) {
    tls_socket_state& s = socket_state_of(b);
    BIO_clear_retry_flags(b);
    const ssize_t n = ::recv(s.fd, data, static_cast<std::size_t>(size), 0);
    if (n > 0) return static_cast<int>(n);
    if (n == 0) {
        s.end_of_stream = true;
        return 0;
    }
    if (would_block(errno)) BIO_set_retry_read(b);
    else s.last_errno = errno;
    return -1;
}

inline long tls_bio_ctrl(BIO* b, int command, long, void*) {
    switch (command) {
        case BIO_CTRL_FLUSH: return 1;  // nothing is buffered here
        case BIO_CTRL_EOF: return socket_state_of(b).end_of_stream ? 1 : 0;
        default: return 0;
    }
}

inline int tls_bio_create(BIO* b) {
    BIO_set_init(b, 1);
    return 1;
}

// One BIO_METHOD for the process, made on first use (thread-safe static) and kept.
inline BIO_METHOD* tls_socket_method() noexcept {
    static BIO_METHOD* const method = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "swcalls socket");
        if (m == nullptr) return m;
        BIO_meth_set_write(m, tls_bio_write);
        BIO_meth_set_read(m, tls_bio_read);
        BIO_meth_set_ctrl(m, tls_bio_ctrl);
        BIO_meth_set_create(m, tls_bio_create);
        return m;
    }();
    return method;
}

inline bool is_ip_literal(const char* host) noexcept {
    unsigned char address[16];
    return ::inet_pton(AF_INET, host, address) == 1 || ::inet_pton(AF_INET6, host, address) == 1;
}

inline bool is_host_mismatch(long verify_result) noexcept {
    return verify_result == X509_V_ERR_HOSTNAME_MISMATCH || verify_result == X509_V_ERR_IP_ADDRESS_MISMATCH ||
           verify_result == X509_V_ERR_EMAIL_MISMATCH;
}

}  // namespace detail

class openssl_layer {
public:
    static constexpr bool encrypts = true;

    explicit openssl_layer(const transport_options& o) noexcept
        : ca_file_(o.ca_file), skip_verify_(o.insecure_skip_verify) {}

    // The BIO points at state_: the layer stays where it was made.
    openssl_layer(const openssl_layer&) = delete;
    openssl_layer& operator=(const openssl_layer&) = delete;

    ~openssl_layer() {
        free_session();
        if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    }

    std::error_code open(int fd, std::string_view host, const deadline& d) {
        detail_.clear();
        free_session();
        state_ = detail::tls_socket_state{};
        state_.fd = fd;
        if (ctx_ == nullptr) {
            if (std::error_code ec = make_context()) return ec;
        }
        ssl_ = SSL_new(ctx_);
        BIO* bio = detail::tls_socket_method() != nullptr ? BIO_new(detail::tls_socket_method()) : nullptr;
        if (ssl_ == nullptr || bio == nullptr) {
            if (bio != nullptr) BIO_free(bio);
            return setup_failure("cannot create the TLS session");
        }
        BIO_set_data(bio, &state_);
        SSL_set_bio(ssl_, bio, bio);  // ssl_ owns the BIO from here

        char name[max_host_length + 1];
        if (host.size() > max_host_length) host = host.substr(0, max_host_length);
        std::memcpy(name, host.data(), host.size());
        name[host.size()] = '\0';
        const bool ip = detail::is_ip_literal(name);
        if (!ip && SSL_set_tlsext_host_name(ssl_, name) != 1) return setup_failure("cannot set the server name (SNI)");
        if (!skip_verify_) {
            const int set = ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), name) : SSL_set1_host(ssl_, name);
            if (set != 1) return setup_failure("cannot set the host name to verify");
            if (!ip) SSL_set_hostflags(ssl_, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        }

        for (;;) {
            ERR_clear_error();
            const int r = SSL_connect(ssl_);
            if (r == 1) return {};
            const int err = SSL_get_error(ssl_, r);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                if (std::error_code ec = d.wait(fd, err == SSL_ERROR_WANT_READ ? io_status::want_read : io_status::want_write)) {
                    broken_ = true;  // an unfinished handshake has nothing to shut down
                    return ec;
                }
                continue;
            }
            broken_ = true;
            const long verified = SSL_get_verify_result(ssl_);
            if (err == SSL_ERROR_SSL && verified != X509_V_OK) {
                detail_.append("certificate verify failed: ");
                detail_.append(X509_verify_cert_error_string(verified));
                ERR_clear_error();
                return make_error_code(detail::is_host_mismatch(verified) ? errc::tls_host_mismatch
                                                                          : errc::tls_untrusted_certificate);
            }
            describe(err, "the server closed the connection during the handshake");
            return make_error_code(errc::tls_failed);
        }
    }

    io_result write(int, const char* data, std::size_t size) {
        ERR_clear_error();
        state_.last_errno = 0;
        const int n = SSL_write(ssl_, data, clamp(size));
        if (n > 0) return io_result::done(static_cast<std::size_t>(n));
        const int err = SSL_get_error(ssl_, n);
        if (err == SSL_ERROR_WANT_READ) return io_result::want_read();
        if (err == SSL_ERROR_WANT_WRITE) return io_result::want_write();
        return failure(err, "the server closed the connection");
    }

    io_result read(int, char* data, std::size_t size) {
        ERR_clear_error();
        state_.last_errno = 0;
        // A record already decrypted is returned from OpenSSL's buffer without touching the socket; the
        // transport calls read() until it is told to wait, so none of it waits behind poll().
        const int n = SSL_read(ssl_, data, clamp(size));
        if (n > 0) return io_result::done(static_cast<std::size_t>(n));
        const int err = SSL_get_error(ssl_, n);
        switch (err) {
            case SSL_ERROR_WANT_READ: return io_result::want_read();
            case SSL_ERROR_WANT_WRITE: return io_result::want_write();
            case SSL_ERROR_ZERO_RETURN: return io_result::end_of_stream();  // close_notify
            default: break;
        }
        // Many servers close without close_notify. That is an end of stream too: the core tells a whole
        // response from a cut one by its framing (Content-Length, chunks, or JSON that ends too soon).
        if (err == SSL_ERROR_SYSCALL && state_.last_errno == 0 && ERR_peek_error() == 0) {  // OpenSSL 1.1.1
            broken_ = true;
            return io_result::end_of_stream();
        }
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
        if (err == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {  // 3.x
            broken_ = true;
            ERR_clear_error();
            return io_result::end_of_stream();
        }
#endif
        return failure(err, "the server closed the connection");
    }

    void close(int) noexcept { free_session(); }

    std::string_view detail() const noexcept { return detail_.view(); }

private:
    static int clamp(std::size_t size) noexcept { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

    std::error_code make_context() {
        ctx_ = SSL_CTX_new(TLS_client_method());
        if (ctx_ == nullptr) return setup_failure("cannot create the TLS context");
        SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
        // Writes are retried after poll(); let a retry continue where a partial write stopped.
        SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        SSL_CTX_set_verify(ctx_, skip_verify_ ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);
        if (!ca_file_.empty()) {
            char path[4096];
            if (ca_file_.size() >= sizeof path) return context_failure("CA file path too long");
            std::memcpy(path, ca_file_.data(), ca_file_.size());
            path[ca_file_.size()] = '\0';
            ERR_clear_error();
            if (SSL_CTX_load_verify_locations(ctx_, path, nullptr) != 1) {
                detail_.append("CA file ");
                detail_.append(ca_file_);
                detail_.append(": ");
                append_openssl_error("no certificates could be read");
                return context_failure({});
            }
        } else if (SSL_CTX_set_default_verify_paths(ctx_) != 1) {
            return context_failure("cannot load the system's CA certificates");
        }
        return {};
    }

    // The context is unusable: drop it (the next open() tries again) and say why.
    std::error_code context_failure(std::string_view why) {
        SSL_CTX_free(ctx_);
        ctx_ = nullptr;
        return setup_failure(why);
    }

    std::error_code setup_failure(std::string_view why) {
        detail_.append(why);
        ERR_clear_error();
        broken_ = true;
        return make_error_code(errc::transport_setup_failed);
    }

    io_result failure(int err, std::string_view closed_text) {
        broken_ = true;
        const std::error_code ec =
            make_error_code(err == SSL_ERROR_SYSCALL ? errc::connection_lost : errc::tls_failed);
        describe(err, closed_text);
        return io_result::failed(ec);
    }

    // detail_ = why an SSL call failed with SSL_get_error() == err.
    void describe(int err, std::string_view closed_text) {
        detail_.clear();
        if (err == SSL_ERROR_SYSCALL && state_.last_errno != 0) {
            detail::append_errno(detail_, state_.last_errno);
        } else if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
            detail_.append(closed_text);
        } else {
            append_openssl_error("TLS error");
        }
        ERR_clear_error();
    }

    void append_openssl_error(std::string_view fallback) {
        const unsigned long e = ERR_peek_error();
        if (e == 0) {
            detail_.append(fallback);
            return;
        }
        char text[256];
        ERR_error_string_n(e, text, sizeof text);
        detail_.append(text);
    }

    void free_session() noexcept {
        if (ssl_ != nullptr) {
            // close_notify, best effort: the socket is non-blocking, so this never waits.
            if (!broken_) SSL_shutdown(ssl_);
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
        broken_ = false;
        ERR_clear_error();
    }

    std::string_view ca_file_;
    bool skip_verify_;
    SSL_CTX* ctx_ = nullptr;
    SSL* ssl_ = nullptr;
    bool broken_ = false;  // after a fatal error OpenSSL must not be asked to shut down cleanly
    detail::tls_socket_state state_;
    bounded_text<256> detail_;
};

// https with OpenSSL, and http endpoints in clear.
using tls_transport = basic_transport<openssl_layer>;

}  // namespace swcalls::posix
