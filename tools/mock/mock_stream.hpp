// tools/mock/mock_stream.hpp — one accepted connection of the mock server as a byte stream, plain or TLS,
// where every wait is a poll() with a timeout that also watches the server's stop flag.
//
//   swcalls_mock::connection_stream stream{fd, stopping};     // fd: non-blocking, accepted
//   stream.start_tls(context)                                 // https only: the handshake
//   long n = stream.read_some(buffer, size, idle_timeout);    // > 0 bytes, 0 end of stream, -1 failure/stop
//   stream.write_all(bytes, io_timeout)
//
// No call blocks for longer than a poll slice once the stop flag is set, so stop() can join every thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include <poll.h>
#include <sys/socket.h>
#include <cerrno>

#include "mock_tls.hpp"

namespace swcalls_mock {

class connection_stream {
public:
    // How long one poll() waits before looking at the stop flag again.
    static constexpr int poll_slice_ms = 50;

    connection_stream(int fd, const std::atomic<bool>& stopping) noexcept : fd_(fd), stopping_(&stopping) {}

#if SWCALLS_MOCK_HAVE_TLS
    // Runs the TLS handshake; false when it failed (the client refused the certificate, say) or timed out.
    bool start_tls(const tls_server_context& context, std::chrono::milliseconds timeout) {
        tls_ = std::make_unique<tls_session>(context, fd_);
        if (!tls_->valid()) return false;
        const auto deadline = clock::now() + timeout;
        for (;;) {
            const tls_io r = tls_->handshake();
            if (r == tls_io::done) return true;
            if ((r != tls_io::want_read && r != tls_io::want_write) ||
                !wait(r == tls_io::want_read ? POLLIN : POLLOUT, deadline))
                return false;
        }
    }
#endif

    // Reads what arrives within `timeout`: the count (> 0), 0 at the end of the stream, -1 on an error, a
    // timeout or the server stopping.
    long read_some(char* out, std::size_t size, std::chrono::milliseconds timeout) {
        const auto deadline = clock::now() + timeout;
        for (;;) {
            if (stopping_->load()) return -1;
#if SWCALLS_MOCK_HAVE_TLS
            if (tls_) {
                std::size_t got = 0;
                const tls_io r = tls_->read(out, size, got);
                if (r == tls_io::done) return static_cast<long>(got);
                if (r == tls_io::closed) return 0;
                if (r == tls_io::failed) return -1;
                if (!wait(r == tls_io::want_read ? POLLIN : POLLOUT, deadline)) return -1;
                continue;
            }
#endif
            const ssize_t n = ::recv(fd_, out, size, 0);
            if (n >= 0) return static_cast<long>(n);
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
            if (!wait(POLLIN, deadline)) return -1;
        }
    }

    // Writes all of `bytes`, each wait for room at most `timeout`; false on an error, timeout or stop.
    bool write_all(std::string_view bytes, std::chrono::milliseconds timeout) {
        while (!bytes.empty()) {
            if (stopping_->load()) return false;
            const auto deadline = clock::now() + timeout;
#if SWCALLS_MOCK_HAVE_TLS
            if (tls_) {
                std::size_t put = 0;
                const tls_io r = tls_->write(bytes, put);
                if (r == tls_io::done) {
                    bytes.remove_prefix(put);
                    continue;
                }
                if ((r != tls_io::want_read && r != tls_io::want_write) ||
                    !wait(r == tls_io::want_read ? POLLIN : POLLOUT, deadline))
                    return false;
                continue;
            }
#endif
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n > 0) {
                bytes.remove_prefix(static_cast<std::size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
            if (!wait(POLLOUT, deadline)) return false;
        }
        return true;
    }

    // Sleeps up to `pause`, waking early (false) when the server stops.
    bool pause(std::chrono::milliseconds pause) const {
        const auto deadline = clock::now() + pause;
        while (!stopping_->load()) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()).count();  // never short
            if (left <= 0) return true;
            ::poll(nullptr, 0, static_cast<int>(left < poll_slice_ms ? left : poll_slice_ms));
        }
        return false;
    }

    // A clean end: TLS close_notify when healthy. The caller then closes (or resets) the socket.
    void finish() noexcept {
#if SWCALLS_MOCK_HAVE_TLS
        if (tls_) tls_->shutdown();
#endif
    }

    // Closes our side (FIN) and reads and drops what the client still sends, until it closes too, for at
    // most `timeout`. Closing with unread bytes would send a reset instead, which can destroy the answer
    // just written before the client reads it (a 431 to a client still sending its huge head, say).
    void linger(std::chrono::milliseconds timeout) {
        ::shutdown(fd_, SHUT_WR);
        const auto deadline = clock::now() + timeout;
        char scratch[4096];
        std::size_t dropped = 0;
        while (dropped < (1u << 20)) {
            const ssize_t n = ::recv(fd_, scratch, sizeof scratch, 0);
            if (n == 0) return;
            if (n > 0) {
                dropped += static_cast<std::size_t>(n);
                continue;
            }
            if (errno == EINTR) continue;
            if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLIN, deadline)) return;
        }
    }

private:
    using clock = std::chrono::steady_clock;

    // Waits for `events` until `deadline`, in slices, giving up when the server stops.
    bool wait(short events, clock::time_point deadline) const {
        for (;;) {
            if (stopping_->load()) return false;
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()).count();  // never short
            if (left <= 0) return false;
            pollfd p{fd_, events, 0};
            const int r = ::poll(&p, 1, static_cast<int>(left < poll_slice_ms ? left : poll_slice_ms));
            if (r > 0) return true;  // ready, or POLLERR/POLLHUP: the next call reports it
            if (r < 0 && errno != EINTR) return false;
        }
    }

    int fd_;
    const std::atomic<bool>* stopping_;
#if SWCALLS_MOCK_HAVE_TLS
    std::unique_ptr<tls_session> tls_;
#endif
};

}  // namespace swcalls_mock
