// tools/swcalls/progress_line.hpp — "swcalls: 12000 calls, 12 pages…" on standard error while a listing runs.
//
// Shown only when standard error is a terminal, from the second request on (a one-page listing never shows
// it), redrawn at most five times a second, and erased at the end and, when standard output is the same
// kind of terminal, before each write to it, so it never mixes with the table or with a message.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace swcalls_cli {

class progress_line {
public:
    progress_line() : enabled_(::isatty(STDERR_FILENO) == 1), output_on_terminal_(::isatty(STDOUT_FILENO) == 1) {}

    // Called as the listing goes; draws when it is time to.
    void update(std::uint64_t calls, std::uint64_t requests) {
        if (!enabled_ || requests < 2) return;
        const auto now = std::chrono::steady_clock::now();
        if (drawn_once_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
        drawn_once_ = true;
        last_draw_ = now;
        char line[96];
        const int n = std::snprintf(line, sizeof line, "\rswcalls: %llu calls, %llu requests\xE2\x80\xA6\x1b[K",
                                    static_cast<unsigned long long>(calls), static_cast<unsigned long long>(requests));
        if (n > 0) std::fwrite(line, 1, static_cast<std::size_t>(n) < sizeof line ? static_cast<std::size_t>(n) : sizeof line - 1, stderr);
        std::fflush(stderr);
        shown_ = true;
    }

    // Before standard output is written: the line goes away if the output would land beside it.
    void before_output() {
        if (output_on_terminal_) erase();
    }

    // Removes the line (before a message, and at the end).
    void erase() {
        if (!shown_) return;
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        shown_ = false;
    }

    ~progress_line() { erase(); }

private:
    bool enabled_;
    bool output_on_terminal_;
    bool shown_ = false;
    bool drawn_once_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace swcalls_cli
