// tests/net/net_support.hpp — what the network tests share: a test PKI made with the openssl command, the
// mock server started in-process, an endpoint for it with the demo credentials, and raw servers that
// misbehave on purpose (never answer, answer one byte at a time, or only count what reaches them).
//
//   auto mock = swcalls_test::start_mock(swcalls_test::mock_options(120));   // REQUIREs a started server
//   swcalls_test::test_endpoint e{mock->base_url()};                         // demo project and token
//   const swcalls_test::test_pki& p = swcalls_test::pki();                   // TLS tests only
//   auto silent = swcalls_test::raw_server::silent();                        // for timeouts
//
// The PKI is made once per process in a temporary directory (removed at exit). It needs the openssl
// command named by SWCALLS_TEST_OPENSSL; without it, require_pki() fails the test saying so — a TLS test
// never passes without having run.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <swcalls/endpoint.hpp>

#include "mock_server.hpp"

namespace swcalls_test {

// ---- the test PKI ------------------------------------------------------------------------------------

struct test_pki {
    std::string dir;
    std::string ca_cert;          // the CA clients are told to trust
    std::string server_cert;      // signed by ca_cert, for IP:127.0.0.1 and DNS:localhost
    std::string server_key;
    std::string other_ca_cert;    // an unrelated CA: trusting only it, server_cert is untrusted
    std::string wrong_host_cert;  // signed by ca_cert, for DNS:wrong.example only
    std::string wrong_host_key;
};

// Whether the build named an openssl command for the PKI.
inline constexpr bool have_test_openssl() {
#ifdef SWCALLS_TEST_OPENSSL
    return true;
#else
    return false;
#endif
}

namespace detail {

inline void write_text_file(const std::string& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs `openssl <arguments>` (output to the PKI's log); throws with the log when it fails.
inline void run_openssl(const std::string& dir, const std::string& arguments) {
#ifdef SWCALLS_TEST_OPENSSL
    const std::string log = dir + "/openssl.log";
    const std::string command = std::string("\"") + SWCALLS_TEST_OPENSSL + "\" " + arguments + " >>\"" + log + "\" 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("test PKI: '" + command + "' failed:\n" + read_text_file(log));
#else
    (void)dir;
    (void)arguments;
    throw std::runtime_error("test PKI: no openssl command (SWCALLS_TEST_OPENSSL is not defined)");
#endif
}

// Makes the PKI in a fresh temporary directory; removes the directory when the process ends.
class pki_maker {
public:
    pki_maker() {
        std::string pattern = (std::filesystem::temp_directory_path() / "swcalls-pki-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("test PKI: mkdtemp failed");
        pki_.dir = pattern;
        const std::string& d = pki_.dir;
        auto q = [](const std::string& path) { return "\"" + path + "\""; };
        // One config for every request: the subject comes from -subj, the CA's extensions from a section.
        write_text_file(d + "/req.cnf",
                        "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = swcalls test\n"
                        "[ca_ext]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                        "subjectKeyIdentifier = hash\n");
        write_text_file(d + "/server.ext",
                        "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
                        "extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n"
                        "authorityKeyIdentifier = keyid\n");
        write_text_file(d + "/wrong.ext",
                        "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\n"
                        "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:wrong.example\n"
                        "authorityKeyIdentifier = keyid\n");
        const std::string ec_key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        auto make_ca = [&](const std::string& name, const std::string& cn) {
            run_openssl(d, "req -x509 -config " + q(d + "/req.cnf") + " -extensions ca_ext " + ec_key + " -keyout " +
                               q(d + "/" + name + ".key") + " -out " + q(d + "/" + name + ".pem") +
                               " -days 3 -subj \"/CN=" + cn + "\"");
        };
        auto make_leaf = [&](const std::string& name, const std::string& cn, const std::string& ext) {
            run_openssl(d, "req -new -config " + q(d + "/req.cnf") + " " + ec_key + " -keyout " +
                               q(d + "/" + name + ".key") + " -out " + q(d + "/" + name + ".csr") + " -subj \"/CN=" +
                               cn + "\"");
            run_openssl(d, "x509 -req -in " + q(d + "/" + name + ".csr") + " -CA " + q(d + "/ca.pem") + " -CAkey " +
                               q(d + "/ca.key") + " -CAcreateserial -out " + q(d + "/" + name + ".pem") +
                               " -days 2 -extfile " + q(d + "/" + ext));
        };
        make_ca("ca", "swcalls test CA");
        make_ca("other_ca", "swcalls unrelated test CA");
        make_leaf("server", "localhost", "server.ext");
        make_leaf("wrong", "wrong.example", "wrong.ext");
        pki_.ca_cert = d + "/ca.pem";
        pki_.other_ca_cert = d + "/other_ca.pem";
        pki_.server_cert = d + "/server.pem";
        pki_.server_key = d + "/server.key";
        pki_.wrong_host_cert = d + "/wrong.pem";
        pki_.wrong_host_key = d + "/wrong.key";
    }
    pki_maker(const pki_maker&) = delete;
    pki_maker& operator=(const pki_maker&) = delete;
    ~pki_maker() {
        std::error_code ignored;
        std::filesystem::remove_all(pki_.dir, ignored);
    }
    test_pki& get() noexcept { return pki_; }

private:
    test_pki pki_;
};

}  // namespace detail

// The PKI, made on first use (thread-safe, once per process). Throws std::runtime_error when it cannot be
// made (doctest reports the exception as a failure, with openssl's own output).
inline test_pki& pki() {
    static detail::pki_maker maker;
    return maker.get();
}

// For TLS test cases: fails the test (loudly, with the reason) unless the PKI can be made.
#define SWCALLS_REQUIRE_TEST_PKI()                                                                          \
    do {                                                                                                    \
        if (!::swcalls_test::have_test_openssl())                                                           \
            FAIL("TLS test not run: the build did not define SWCALLS_TEST_OPENSSL (the openssl command)"); \
        REQUIRE_NOTHROW(::swcalls_test::pki());                                                             \
    } while (false)

// ---- the mock, in-process ----------------------------------------------------------------------------

inline constexpr std::string_view demo_project = swcalls_mock::demo_project_id;
inline constexpr std::string_view demo_token = swcalls_mock::demo_api_token;

// Options for a mock with the demo credentials and `calls` calls (seed fixed so runs repeat).
inline swcalls_mock::server_options mock_options(std::uint64_t calls = 120, std::uint64_t seed = 7) {
    swcalls_mock::server_options o;
    o.api.calls = calls;
    o.api.seed = seed;
    o.api.project_id = std::string(demo_project);
    o.api_token = std::string(demo_token);
    return o;
}

// The same, serving https with the PKI's certificate for 127.0.0.1 (or the wrong.example one).
inline swcalls_mock::server_options tls_mock_options(std::uint64_t calls = 120, bool wrong_host_cert = false) {
    swcalls_mock::server_options o = mock_options(calls);
    const test_pki& p = pki();
    o.tls_cert_file = wrong_host_cert ? p.wrong_host_cert : p.server_cert;
    o.tls_key_file = wrong_host_cert ? p.wrong_host_key : p.server_key;
    return o;
}

// A started mock server, or a failed REQUIRE that says why not.
inline std::unique_ptr<swcalls_mock::server> start_mock(swcalls_mock::server_options o) {
    auto s = std::make_unique<swcalls_mock::server>(std::move(o));
    const std::error_code ec = s->start();
    INFO("mock server: " << s->error_detail());
    REQUIRE_FALSE(ec);
    REQUIRE(s->port() != 0);
    return s;
}

// An endpoint for a base URL with (by default) the demo credentials. It owns the texts the endpoint's
// views point at, so it can be neither copied nor moved; make it where it is used.
class test_endpoint {
public:
    explicit test_endpoint(std::string base_url, std::string project = std::string(demo_project),
                           std::string token = std::string(demo_token))
        : base_url_(std::move(base_url)), project_(std::move(project)), token_(std::move(token)) {
        REQUIRE_FALSE(swcalls::parse_base_url(base_url_, endpoint_));
        endpoint_.project_id = project_;
        endpoint_.api_token = token_;
    }
    test_endpoint(const test_endpoint&) = delete;
    test_endpoint& operator=(const test_endpoint&) = delete;

    const swcalls::endpoint& get() const noexcept { return endpoint_; }
    operator const swcalls::endpoint&() const noexcept { return endpoint_; }  // NOLINT: pass it as one
    const std::string& token() const noexcept { return token_; }
    const std::string& project() const noexcept { return project_; }

private:
    std::string base_url_, project_, token_;
    swcalls::endpoint endpoint_;
};

// ---- raw servers that misbehave ----------------------------------------------------------------------

// A TCP server on 127.0.0.1 (any free port) that counts what reaches it and either never answers
// (silent(): for timeouts, and as the "foreign host" that must see nothing) or, after each request head,
// sends `reply` one byte per `per_byte` and closes (dripping(): progress slower than any single wait).
class raw_server {
public:
    static std::unique_ptr<raw_server> silent() { return std::unique_ptr<raw_server>(new raw_server({}, {})); }
    static std::unique_ptr<raw_server> dripping(std::string reply, std::chrono::milliseconds per_byte) {
        return std::unique_ptr<raw_server>(new raw_server(std::move(reply), per_byte));
    }
    raw_server(const raw_server&) = delete;
    raw_server& operator=(const raw_server&) = delete;
    ~raw_server() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
        for (const peer& p : peers_) ::close(p.fd);
        ::close(listen_fd_);
    }

    std::uint16_t port() const noexcept { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::uint64_t connections() const noexcept { return connections_.load(); }
    std::uint64_t bytes_received() const noexcept { return bytes_.load(); }

private:
    struct peer {
        int fd;
        std::string head;          // what arrived, until a blank line ends the request head
        std::size_t sent = 0;      // bytes of reply_ sent
        bool replying = false;
        std::chrono::steady_clock::time_point next_byte{};
    };

    raw_server(std::string reply, std::chrono::milliseconds per_byte) : reply_(std::move(reply)), per_byte_(per_byte) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(listen_fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof a;
        REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(listen_fd_, 16) == 0);
        REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &length) == 0);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { run(); });
    }

    // One thread, one poll() over the listener and every peer, in short slices that watch the stop flag.
    void run() {
        using clock = std::chrono::steady_clock;
        while (!stopping_.load()) {
            std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}};
            for (const peer& p : peers_) fds.push_back({p.fd, POLLIN, 0});
            ::poll(fds.data(), fds.size(), 5);
            if (fds[0].revents & POLLIN) {
                const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (fd >= 0) {
                    ++connections_;
                    peers_.push_back({fd, {}, 0, false, {}});
                }
            }
            for (std::size_t i = 0; i < peers_.size();) {
                peer& p = peers_[i];
                char buffer[4096];
                const ssize_t n = ::recv(p.fd, buffer, sizeof buffer, 0);
                bool gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
                if (n > 0) {
                    bytes_ += static_cast<std::uint64_t>(n);
                    if (!p.replying) {
                        p.head.append(buffer, static_cast<std::size_t>(n));
                        if (p.head.find("\r\n\r\n") != std::string::npos && !reply_.empty()) {
                            p.replying = true;
                            p.next_byte = clock::now() + per_byte_;
                        }
                    }
                }
                if (!gone && p.replying && clock::now() >= p.next_byte) {
                    if (::send(p.fd, reply_.data() + p.sent, 1, MSG_NOSIGNAL) == 1) ++p.sent;
                    else gone = true;
                    p.next_byte = clock::now() + per_byte_;
                    if (p.sent == reply_.size()) gone = true;  // all sent: close
                }
                if (gone) {
                    ::close(p.fd);
                    peers_.erase(peers_.begin() + static_cast<std::ptrdiff_t>(i));
                } else {
                    ++i;
                }
            }
        }
    }

    std::string reply_;
    std::chrono::milliseconds per_byte_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::vector<peer> peers_;  // only the thread touches it until it is joined
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> connections_{0}, bytes_{0};
    std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens: a socket is bound to it (so no one else takes it) but never
// listens, so a connect is refused.
class refused_port {
public:
    refused_port() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof a;
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &length) == 0);
        port_ = ntohs(a.sin_port);
    }
    refused_port(const refused_port&) = delete;
    refused_port& operator=(const refused_port&) = delete;
    ~refused_port() { ::close(fd_); }

    std::uint16_t port() const noexcept { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

}  // namespace swcalls_test
