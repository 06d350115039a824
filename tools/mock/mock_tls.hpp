// tools/mock/mock_tls.hpp — the mock server's TLS side, with OpenSSL: a server context from a certificate
// and key file, and one session per accepted connection on a non-blocking socket.
//
//   swcalls_mock::tls_server_context context;
//   if (!context.load(cert_file, key_file, detail)) -> refuse to start, `detail` says why
//   swcalls_mock::tls_session session{context, fd};
//   tls_io r = session.handshake();  // then read()/write(); on want_read/want_write poll() the fd and call again
//
// Only built with SWCALLS_MOCK_HAVE_TLS (the build defines it when it links OpenSSL); without it the server
// refuses https with a clear message.
#pragma once

#if SWCALLS_MOCK_HAVE_TLS

#include <cstddef>
#include <string>
#include <string_view>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace swcalls_mock {

// OpenSSL's queued errors as one line (and the queue emptied, so they do not leak into the next call).
inline std::string take_openssl_errors() {
    std::string text;
    while (unsigned long e = ERR_get_error()) {
        char line[256];
        ERR_error_string_n(e, line, sizeof line);
        if (!text.empty()) text += "; ";
        text += line;
    }
    return text;
}

class tls_server_context {
public:
    tls_server_context() = default;
    tls_server_context(const tls_server_context&) = delete;
    tls_server_context& operator=(const tls_server_context&) = delete;
    ~tls_server_context() {
        if (ctx_) SSL_CTX_free(ctx_);
    }

    // Loads the certificate chain (PEM) and its private key. On failure `detail` says which file and why.
    bool load(const std::string& cert_file, const std::string& key_file, std::string& detail) {
        ERR_clear_error();
        ctx_ = SSL_CTX_new(TLS_server_method());
        if (!ctx_) {
            detail = "cannot create a TLS context: " + take_openssl_errors();
            return false;
        }
        SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
        if (SSL_CTX_use_certificate_chain_file(ctx_, cert_file.c_str()) != 1) {
            detail = "cannot load the TLS certificate '" + cert_file + "': " + take_openssl_errors();
            return false;
        }
        if (SSL_CTX_use_PrivateKey_file(ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
            detail = "cannot load the TLS key '" + key_file + "': " + take_openssl_errors();
            return false;
        }
        if (SSL_CTX_check_private_key(ctx_) != 1) {
            detail = "the TLS key '" + key_file + "' does not match the certificate: " + take_openssl_errors();
            return false;
        }
        return true;
    }

    SSL_CTX* get() const noexcept { return ctx_; }

private:
    SSL_CTX* ctx_ = nullptr;
};

// What a session operation did.
enum class tls_io { done, want_read, want_write, closed, failed };

class tls_session {
public:
    tls_session(const tls_server_context& context, int fd) noexcept : ssl_(SSL_new(context.get())) {
        if (ssl_ && SSL_set_fd(ssl_, fd) != 1) {
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
        if (ssl_) SSL_set_accept_state(ssl_);
    }
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;
    ~tls_session() {
        if (ssl_) SSL_free(ssl_);
    }

    bool valid() const noexcept { return ssl_ != nullptr; }

    tls_io handshake() noexcept {
        if (!ssl_) return tls_io::failed;
        return classify(SSL_do_handshake(ssl_));
    }

    // Reads up to `size` bytes into `out`; `got` is how many (with tls_io::done).
    tls_io read(char* out, std::size_t size, std::size_t& got) noexcept {
        got = 0;
        if (!ssl_) return tls_io::failed;
        const int n = SSL_read(ssl_, out, static_cast<int>(size > 1 << 20 ? 1 << 20 : size));
        if (n > 0) {
            got = static_cast<std::size_t>(n);
            return tls_io::done;
        }
        return classify(n);
    }

    // Writes some of `bytes`; `put` is how many (with tls_io::done).
    tls_io write(std::string_view bytes, std::size_t& put) noexcept {
        put = 0;
        if (!ssl_) return tls_io::failed;
        if (bytes.empty()) return tls_io::done;
        const int n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size() > 1 << 20 ? 1 << 20 : bytes.size()));
        if (n > 0) {
            put = static_cast<std::size_t>(n);
            return tls_io::done;
        }
        return classify(n);
    }

    // Sends close_notify when the session is healthy (a clean end, unlike a reset or a cut).
    void shutdown() noexcept {
        if (ssl_ && !failed_) SSL_shutdown(ssl_);
    }

private:
    tls_io classify(int result) noexcept {
        if (result > 0) return tls_io::done;
        const int e = SSL_get_error(ssl_, result);
        if (e == SSL_ERROR_WANT_READ) return tls_io::want_read;
        if (e == SSL_ERROR_WANT_WRITE) return tls_io::want_write;
        ERR_clear_error();  // a client that hung up or refused the certificate: nothing to report
        failed_ = true;
        return e == SSL_ERROR_ZERO_RETURN ? tls_io::closed : tls_io::failed;
    }

    SSL* ssl_;
    bool failed_ = false;
};

}  // namespace swcalls_mock

#endif  // SWCALLS_MOCK_HAVE_TLS
