// swcalls/transport_options.hpp — the settings every bundled transport adapter takes (Beast, libcurl, POSIX).
//
// The core never opens a connection; these are here so that a program (the swcalls tool, say) fills one
// struct whichever adapter it picks. Your own transport may take them too, or ignore them.
#pragma once

#include <chrono>
#include <string_view>

namespace swcalls {

struct transport_options {
    // Resolving plus the TCP connect plus the TLS handshake, for one connection.
    std::chrono::milliseconds connect_timeout{10000};
    // The longest wait for any progress while sending or receiving: a server that stops sending for longer
    // is abandoned (errc::timed_out), however slowly it dripped before.
    std::chrono::milliseconds io_timeout{30000};
    // Give both positive values: zero is not a portable "no limit" (libcurl reads it so; the POSIX and Beast
    // adapters time out at once).
    // PEM file of CA certificates to trust for https, instead of the system's store. "" for the system store.
    // The view must outlive the transport.
    std::string_view ca_file;
    // Turns off certificate and host name verification for https. Never needed against a real server;
    // the name is meant to be read aloud in review. The swcalls tool has no flag that sets it.
    bool insecure_skip_verify = false;
};

}  // namespace swcalls
