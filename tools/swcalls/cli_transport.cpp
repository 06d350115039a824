// tools/swcalls/cli_transport.cpp — the adapters this build has (see cli_transport.hpp).
#include "cli_transport.hpp"

#include <utility>

#if SWCALLS_CLI_HAVE_BEAST
#include <swcalls/beast.hpp>
#endif
#if SWCALLS_CLI_HAVE_CURL
#include <swcalls/curl.hpp>
#endif
#if SWCALLS_CLI_HAVE_POSIX_TLS
#include <swcalls/posix_tls.hpp>
#elif SWCALLS_CLI_HAVE_POSIX
#include <swcalls/posix.hpp>
#endif

namespace swcalls_cli {
namespace {

template <class Adapter>
class adapter_transport final : public cli_transport {
public:
    adapter_transport(const swcalls::endpoint& e, const swcalls::transport_options& o) : adapter_(e, o) {}
    std::error_code exchange(std::string_view head, swcalls::byte_sink on_bytes) override {
        return adapter_.exchange(head, on_bytes);
    }
    void close() override { adapter_.close(); }
    std::string_view error_detail() const override { return adapter_.error_detail(); }

private:
    Adapter adapter_;
};

struct transport_entry {
    std::string_view name;
    std::unique_ptr<cli_transport> (*make)(const swcalls::endpoint&, const swcalls::transport_options&);
    bool https;  // can talk TLS
};

template <class Adapter>
std::unique_ptr<cli_transport> make_adapter(const swcalls::endpoint& e, const swcalls::transport_options& o) {
    return std::make_unique<adapter_transport<Adapter>>(e, o);
}

// In order of preference: the first one built is the default.
const transport_entry built_transports[] = {
#if SWCALLS_CLI_HAVE_BEAST
    {"beast", make_adapter<swcalls::beast::transport>, true},
#endif
#if SWCALLS_CLI_HAVE_CURL
    {"curl", make_adapter<swcalls::curl::transport>, true},
#endif
#if SWCALLS_CLI_HAVE_POSIX_TLS
    {"posix", make_adapter<swcalls::posix::tls_transport>, true},
#elif SWCALLS_CLI_HAVE_POSIX
    {"posix", make_adapter<swcalls::posix::transport>, false},
#endif
    {"", nullptr, false},  // keeps the array non-empty in a build without adapters
};

}  // namespace

std::string built_transport_names() {
    std::string names;
    for (const transport_entry& entry : built_transports) {
        if (entry.make == nullptr) continue;
        if (!names.empty()) names += ", ";
        names += entry.name;
    }
    return names;
}

std::string_view default_transport_name() { return built_transports[0].name; }

transport_choice make_transport(std::string_view name, const swcalls::endpoint& e,
                                const swcalls::transport_options& options) {
    if (name.empty()) name = default_transport_name();
    for (const transport_entry& entry : built_transports) {
        if (entry.make == nullptr || entry.name != name) continue;
        if (e.scheme == swcalls::url_scheme::https && !entry.https)
            return {nullptr, "the " + std::string(name) + " transport of this build has no TLS (built without OpenSSL)"};
        return {entry.make(e, options), {}};
    }
    const std::string built = built_transport_names();
    if (built.empty()) return {nullptr, "this build of swcalls has no network transport"};
    return {nullptr, "the " + std::string(name) + " transport is not built into this swcalls (built: " + built + ")"};
}

}  // namespace swcalls_cli
