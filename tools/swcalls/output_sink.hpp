// tools/swcalls/output_sink.hpp — standard output through one reusable buffer.
//
// Formatters append to buffer(); the command flushes after every chunk of input (so calls appear as they
// arrive from a slow pipe) and whenever the buffer grows past a threshold (so a 1000-call chunk does not
// pile up). A write error is sticky and remembered for the final message.
#pragma once

#include <cerrno>
#include <cstdio>
#include <string>

namespace swcalls_cli {

class output_sink {
public:
    explicit output_sink(std::FILE* file) : file_(file) { buffer_.reserve(2 * flush_threshold); }

    std::string& buffer() noexcept { return buffer_; }

    // Writes out everything buffered. False once any write has failed.
    bool flush() {
        if (error_ != 0) return false;
        if (!buffer_.empty()) {
            if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size() || std::fflush(file_) != 0) {
                error_ = errno != 0 ? errno : EIO;
                return false;
            }
            buffer_.clear();
        }
        return true;
    }

    bool flush_if_full() { return buffer_.size() < flush_threshold || flush(); }

    bool failed() const noexcept { return error_ != 0; }
    int error() const noexcept { return error_; }

private:
    static constexpr std::size_t flush_threshold = 32 * 1024;
    std::FILE* file_;
    std::string buffer_;
    int error_ = 0;
};

}  // namespace swcalls_cli
