// tools/swcalls/body_source.hpp — the bytes of a response body: a file, or standard input.
//
// Reads with read(2) rather than fread so that a chunk is whatever has arrived, up to the chunk size: from a
// pipe (curl ... | swcalls parse) each call is printed as soon as its bytes are in, not when a buffer fills.
#pragma once

#include <cerrno>
#include <cstddef>
#include <string>
#include <string_view>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace swcalls_cli {

class body_source {
public:
    body_source() = default;
    body_source(const body_source&) = delete;
    body_source& operator=(const body_source&) = delete;
    ~body_source() {
        if (fd_ > 0) close_fd(fd_);
    }

    // "-" means standard input. False with error() set when the file cannot be opened.
    bool open(const char* path) {
        std::string_view p = path;
        if (p == "-") {
            fd_ = 0;
            name_ = "standard input";
#if defined(_WIN32)
            _setmode(0, _O_BINARY);
#endif
            return true;
        }
        name_ = p;
#if defined(_WIN32)
        fd_ = ::_open(path, _O_RDONLY | _O_BINARY);
#else
        do fd_ = ::open(path, O_RDONLY | O_CLOEXEC); while (fd_ < 0 && errno == EINTR);
#endif
        if (fd_ < 0) {
            error_ = errno;
            return false;
        }
#if !defined(_WIN32)
        // A directory opens fine and only fails at the first read: say so before anything is printed.
        struct stat info;
        if (::fstat(fd_, &info) == 0 && S_ISDIR(info.st_mode)) {
            error_ = EISDIR;
            return false;
        }
#endif
        return true;
    }

    // Up to `size` bytes into `into`: the count read, 0 at the end of the body, -1 on error (see error()).
    long read(char* into, std::size_t size) {
        for (;;) {
#if defined(_WIN32)
            long n = ::_read(fd_, into, static_cast<unsigned>(size > 0x7FFFFFFF ? 0x7FFFFFFF : size));
#else
            long n = static_cast<long>(::read(fd_, into, size));
#endif
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            error_ = errno;
            return -1;
        }
    }

    const std::string& name() const noexcept { return name_; }  // for messages
    int error() const noexcept { return error_; }

private:
    static void close_fd(int fd) {
#if defined(_WIN32)
        ::_close(fd);
#else
        ::close(fd);
#endif
    }
    int fd_ = -1;
    int error_ = 0;
    std::string name_;
};

}  // namespace swcalls_cli
