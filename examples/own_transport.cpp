// examples/own_transport.cpp — "write your own transport": the whole Transport concept in one small class.
//
//   own_transport http://127.0.0.1:8080 PROJECT_ID API_TOKEN      (e.g. against `swcalls mock --port 8080`)
//
// A transport only moves bytes: it sends the request head the library wrote and hands back every byte the
// server answers. The library does the rest (HTTP/1.1 decoding, JSON, paging, retries, exactly-once).
// This one uses blocking POSIX sockets with no timeouts and no TLS, to stay short; the bundled adapters
// (adapters/) add those. Port it to lwIP, an RTOS socket API or a modem's AT commands the same way.
#include <swcalls/swcalls.hpp>

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

class tiny_tcp_transport {
public:
    explicit tiny_tcp_transport(const swcalls::endpoint& e) : host_(e.host()), port_(std::to_string(e.effective_port())) {}
    ~tiny_tcp_transport() { close(); }

    // Send the head, then hand every byte received to on_bytes until it says "enough" or the peer closes.
    std::error_code exchange(std::string_view head, swcalls::byte_sink on_bytes) {
        if (fd_ < 0 && !connect()) return swcalls::errc::connect_failed;
        for (std::size_t sent = 0; sent < head.size();) {
            const ssize_t n = ::send(fd_, head.data() + sent, head.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return swcalls::errc::connection_lost;
            sent += static_cast<std::size_t>(n);
        }
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n == 0) return {};                                     // closed by the server: fine
            if (n < 0) return swcalls::errc::connection_lost;
            if (!on_bytes(std::string_view(buffer, static_cast<std::size_t>(n)))) return {};  // response complete
        }
    }
    // Drop the connection; the next exchange() connects again.
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    bool connect() {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (::getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found) != 0) return false;
        for (addrinfo* a = found; a && fd_ < 0; a = a->ai_next) {
            fd_ = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd_ >= 0 && ::connect(fd_, a->ai_addr, a->ai_addrlen) != 0) close();
        }
        ::freeaddrinfo(found);
        return fd_ >= 0;
    }
    std::string host_, port_;
    int fd_ = -1;
};

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: own_transport http://HOST:PORT PROJECT_ID API_TOKEN\n");
        return 1;
    }
    swcalls::endpoint endpoint;
    if (std::error_code ec = swcalls::parse_base_url(argv[1], endpoint)) {
        std::fprintf(stderr, "%s: %s\n", argv[1], ec.message().c_str());
        return 1;
    }
    endpoint.project_id = argv[2];
    endpoint.api_token = argv[3];

    tiny_tcp_transport transport(endpoint);
    swcalls::list_storage<> memory;  // parser storage and request head buffer: no heap
    swcalls::list_options options;
    options.memory = memory.view();
    options.page_size = 100;
    auto print = [](const swcalls::call_view& call) {
        const std::string_view sid = call.sid.value_or("-"), status = call.status_text.value_or("-");
        std::printf("%.*s %.*s\n", int(sid.size()), sid.data(), int(status.size()), status.data());
    };
    auto sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    const swcalls::list_result r = swcalls::list_calls(transport, endpoint, swcalls::call_query{}, options, print, sleep);
    if (r.ec) {
        std::fprintf(stderr, "listing failed: %s (HTTP %d)\n", r.ec.message().c_str(), r.details.http_status);
        return 1;
    }
    std::fprintf(stderr, "%llu calls in %u pages\n", static_cast<unsigned long long>(r.calls), r.pages);
    return 0;
}
