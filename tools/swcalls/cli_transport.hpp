// tools/swcalls/cli_transport.hpp — the transports this build of the tool has, behind one interface.
//
// The library's adapters are values with no common base (a program picks one at compile time); the tool
// picks one at run time (--transport), so it wraps each in a small virtual interface. Which adapters exist is
// decided by the build (SWCALLS_CLI_HAVE_{BEAST,CURL,POSIX,POSIX_TLS}); only cli_transport.cpp includes
// their headers, so the rest of the tool compiles without Boost or libcurl.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include <swcalls/endpoint.hpp>
#include <swcalls/list_driver.hpp>
#include <swcalls/transport_options.hpp>

namespace swcalls_cli {

// A transport chosen at run time; models the library's Transport concept.
class cli_transport {
public:
    virtual ~cli_transport() = default;
    virtual std::error_code exchange(std::string_view request_head, swcalls::byte_sink on_bytes) = 0;
    virtual void close() = 0;
    // What the adapter knows about its last error (a TLS verification reason, libcurl's message); may be "".
    virtual std::string_view error_detail() const = 0;
};

// "beast, curl, posix" — the transports this build has, the default first; "" when none.
std::string built_transport_names();

// The default transport's name ("" when the build has none).
std::string_view default_transport_name();

struct transport_choice {
    std::unique_ptr<cli_transport> transport;  // null on failure
    std::string problem;                        // why not, for a message
};

// Makes the transport called `name` ("" for the default) for the endpoint.
transport_choice make_transport(std::string_view name, const swcalls::endpoint& e,
                                const swcalls::transport_options& options);

}  // namespace swcalls_cli
