// tools/swcalls/exit_status.hpp — the exit statuses DESIGN.md promises, and which errors map to which.
#pragma once

#include <system_error>

#include <swcalls/error.hpp>

namespace swcalls_cli {

enum exit_status : int {
    exit_ok = 0,
    exit_usage = 1,         // bad command line, unreadable input, unwritable output
    exit_api_error = 2,     // the server answered with an API error
    exit_network = 3,       // network or TLS failure
    exit_invalid_json = 4,  // the body is not valid JSON
    exit_not_a_page = 5,    // valid JSON, but not a calls page the parser can read
};

// A call too large for the parser's storage is a property of the body, not of the command line: it exits
// with 5 ("not a calls page this tool can read"), never with 1.
inline exit_status exit_status_for(const std::error_code& ec) noexcept {
    switch (swcalls::kind_of(ec)) {
        case swcalls::errc_kind::none: return exit_ok;
        case swcalls::errc_kind::syntax: return exit_invalid_json;
        case swcalls::errc_kind::not_a_page: return exit_not_a_page;
        case swcalls::errc_kind::storage: return exit_not_a_page;
        case swcalls::errc_kind::usage: return exit_usage;
        case swcalls::errc_kind::date: return exit_usage;
        case swcalls::errc_kind::request: return exit_usage;      // the query or credentials given
        case swcalls::errc_kind::protocol: return exit_network;   // the server's HTTP framing
        case swcalls::errc_kind::api: return exit_api_error;
        case swcalls::errc_kind::network: return exit_network;
    }
    return exit_usage;
}

}  // namespace swcalls_cli
