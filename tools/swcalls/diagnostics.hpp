// tools/swcalls/diagnostics.hpp — one-line messages on standard error, "swcalls: ...".
//
// Messages quote command-line arguments and body text through the table's terminal-safe escaping, so not
// even a file name can smuggle an escape sequence onto the terminal.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include "table_format.hpp"

namespace swcalls_cli {

// A piece of a message: trusted text as it is, or untrusted text (quoted(...)) escaped and in quotes.
struct message_part {
    std::string_view text;
    bool untrusted = false;
    // Implicit on purpose: fail(exit_usage, {"cannot open ", quoted(path), ": ", reason}).
    message_part(std::string_view t) : text(t) {}
    message_part(const char* t) : text(t) {}
    message_part(const std::string& t) : text(t) {}
    message_part(std::string_view t, bool u) : text(t), untrusted(u) {}
};

inline message_part quoted(std::string_view text) { return {text, true}; }

// Appends the parts to `line`, untrusted ones quoted and made safe for a terminal.
inline void append_message(std::string& line, std::initializer_list<message_part> parts) {
    for (const message_part& part : parts) {
        if (part.untrusted) {
            line += '\'';
            append_terminal_safe(line, part.text);
            line += '\'';
        } else {
            line.append(part.text.data(), part.text.size());
        }
    }
}

inline void print_message(std::initializer_list<message_part> parts) {
    std::string line = "swcalls: ";
    append_message(line, parts);
    line += '\n';
    std::fflush(stdout);  // what was printed before the error comes before the error
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

// Prints the message and returns `status`, for `return fail(exit_usage, {...});`.
inline int fail(int status, std::initializer_list<message_part> parts) {
    print_message(parts);
    return status;
}

}  // namespace swcalls_cli
