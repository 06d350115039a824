// tools/swcalls/main.cpp — `swcalls`: the command-line face of the library. Dispatches to a subcommand.
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

#include <swcalls/config.hpp>

#include "cli_args.hpp"
#include "cli_transport.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"

namespace swcalls_cli {
namespace {

const command commands[] = {
    {"demo", "start the bundled mock server on 127.0.0.1 and list its calls through the real HTTP path",
     run_demo, print_demo_help},
    {"list", "list calls from the API (--dry-run prints the request it would send)", run_list, print_list_help},
    {"mock", "run the mock LaML server on 127.0.0.1, for trying swcalls (and your own code) without an account",
     run_mock, print_mock_help},
    {"parse", "parse a saved \"List all Calls\" response body and print its calls", run_parse, print_parse_help},
};

const command* find_command(std::string_view name) {
    for (const command& c : commands)
        if (c.name == name) return &c;
    return nullptr;
}

void print_usage(std::FILE* out) {
    std::fputs("Usage: swcalls <command> [options]\n"
               "       swcalls --help | --version\n"
               "\n"
               "Lists phone calls through the SignalWire Compatibility API (Twilio-compatible \"List all Calls\").\n"
               "\n"
               "Commands:\n",
               out);
    for (const command& c : commands)
        std::fprintf(out, "  %-14.*s %.*s\n", int(c.name.size()), c.name.data(), int(c.summary.size()),
                     c.summary.data());
    std::fputs("  help [COMMAND] show this help, or a command's\n"
               "\n"
               "Options:\n"
               "  -h, --help     show this help\n"
               "  --version      print the version\n"
               "\n"
               "Run 'swcalls <command> --help' for a command's options.\n"
               "\n"
               "Exit status: 0 ok; 1 usage or I/O error; 2 API error; 3 network or TLS error;\n"
               "4 the body is not valid JSON; 5 valid JSON but not a calls page.\n",
               out);
}

int usage_error(std::initializer_list<message_part> parts) {
    print_message(parts);
    print_usage(stderr);
    return exit_usage;
}

}  // namespace
}  // namespace swcalls_cli

int main(int argc, char** argv) {
    using namespace swcalls_cli;
    if (argc < 2) return usage_error({"no command given"});
    std::string_view first = argv[1];
    if (is_help_flag(first)) {
        print_usage(stdout);
        return exit_ok;
    }
    if (first == "--version" || first == "version") {
        std::printf("swcalls %s\n", SWCALLS_VERSION_STRING);
        const std::string transports = built_transport_names();
        std::printf("transports: %s\n", transports.empty() ? "none" : transports.c_str());
        return exit_ok;
    }
    if (first == "help") {
        if (argc < 3) {
            print_usage(stdout);
            return exit_ok;
        }
        const command* c = find_command(argv[2]);
        if (!c) return usage_error({"help: unknown command ", quoted(argv[2])});
        c->print_help(stdout);
        return exit_ok;
    }
    const command* c = find_command(first);
    if (!c) {
        if (looks_like_option(first)) return usage_error({"unknown option ", quoted(first)});
        return usage_error({"unknown command ", quoted(first)});
    }
    return c->run(argc - 2, argv + 2);
}
