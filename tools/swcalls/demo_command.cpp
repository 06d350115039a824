// tools/swcalls/demo_command.cpp — `swcalls demo`: the whole path, without an account.
//
// Starts the bundled mock LaML server on a free 127.0.0.1 port (in this process), lists its calls through
// the real HTTP path — request writer, a network transport, HTTP/1.1 decoder, streaming page parser, paging
// by next_page_uri, retries — prints them, and says what it took.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <swcalls/swcalls.hpp>

#include "cli_args.hpp"
#include "cli_transport.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "fetch_calls.hpp"
#include "output_format.hpp"
#include "mock_server.hpp"

namespace swcalls_cli {
namespace {

constexpr const char demo_help[] = R"(Usage: swcalls demo [--calls N] [--page-size N] [--format table|csv|ndjson]
                    [--transport NAME] [--faults]

Start the bundled mock LaML server on a free port of 127.0.0.1, list its calls through the real HTTP
path (the same code as 'swcalls list'), print them, and then a summary on standard error: calls,
pages, requests, bytes received, time.

Options:
  --calls N          calls the mock serves, 0..1000000 (default 120)
  --page-size N      calls per page, 1..1000 (default 50)
  --format FORMAT    table, csv or ndjson, as for 'swcalls list' (default: table)
  --transport NAME   beast, curl or posix (default: the first of those this build has)
  --faults           make the mock misbehave: 429 with Retry-After, 5xx, connections reset mid-body
                     and short bodies, each on about one request in eight; the listing still prints
                     every call exactly once
  -h, --help         show this help

Exit status: as for 'swcalls list'.
)";

struct demo_options {
    std::uint64_t calls = 120;
    std::uint32_t page_size = 50;
    output_format format = output_format::table;
    std::string_view transport;
    bool faults = false;
    bool help = false;
};

// Returns -1 when the command line is good, else the exit status (a message has been printed).
int read_arguments(int argc, char** argv, demo_options& options) {
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (is_help_flag(arg)) {
            options.help = true;
            continue;
        }
        if (arg == "--faults") {
            options.faults = true;
            continue;
        }
        std::string_view value;
        option_match m = option_match::no;
        for (const char* name : {"--calls", "--page-size", "--format", "--transport"}) {
            m = match_option(name, argc, argv, i, value);
            if (m != option_match::no) break;
        }
        if (m == option_match::no) {
            if (looks_like_option(arg))
                return fail(exit_usage, {"demo: unknown option ", quoted(arg.substr(0, arg.find('='))),
                                         " (see 'swcalls demo --help')"});
            return fail(exit_usage, {"demo: takes no operands, not ", quoted(arg)});
        }
        const std::string_view name = arg.substr(0, arg.find('='));
        if (m == option_match::missing_value) return fail(exit_usage, {"demo: ", name, " needs a value"});
        if (name == "--calls") {
            auto n = parse_whole_number(value, 0, 1000000);
            if (!n) return fail(exit_usage, {"demo: --calls must be a whole number from 0 to 1000000, not ", quoted(value)});
            options.calls = *n;
        } else if (name == "--page-size") {
            auto n = parse_whole_number(value, 1, 1000);
            if (!n) return fail(exit_usage, {"demo: --page-size must be a whole number from 1 to 1000, not ", quoted(value)});
            options.page_size = static_cast<std::uint32_t>(*n);
        } else if (name == "--format") {
            auto f = format_from_name(value);
            if (!f) return fail(exit_usage, {"demo: --format must be ", format_names, ", not ", quoted(value)});
            options.format = *f;
        } else {
            options.transport = value;
        }
    }
    return -1;
}

}  // namespace

void print_demo_help(std::FILE* out) { std::fputs(demo_help, out); }

int run_demo(int argc, char** argv) {
    demo_options options;
    if (int status = read_arguments(argc, argv, options); status >= 0) return status;
    if (options.help) {
        print_demo_help(stdout);
        return exit_ok;
    }

    swcalls_mock::server_options mock;
    mock.api.calls = options.calls;
    mock.api.seed = 1;
    mock.api.project_id = swcalls_mock::demo_project_id;
    mock.api_token = swcalls_mock::demo_api_token;
    if (options.faults) {
        mock.faults.rate_429 = 0.04;
        mock.faults.rate_5xx = 0.04;
        mock.faults.rate_reset = 0.03;
        mock.faults.rate_short = 0.03;
        mock.faults.retry_after_seconds = 0;
        mock.faults.seed = 7;
    }
    swcalls_mock::server server(mock);
    if (std::error_code ec = server.start()) {
        std::string detail(server.error_detail());
        return fail(exit_network, {"demo: cannot start the mock server: ", ec.message(),
                                   detail.empty() ? "" : " (", detail, detail.empty() ? "" : ")"});
    }
    const std::string base_url = server.base_url();

    swcalls::endpoint endpoint;
    if (std::error_code ec = swcalls::parse_base_url(base_url, endpoint))
        return fail(exit_usage, {"demo: the mock's URL ", quoted(base_url), " is not usable: ", ec.message()});
    endpoint.project_id = swcalls_mock::demo_project_id;
    endpoint.api_token = swcalls_mock::demo_api_token;
    swcalls::call_query query;
    query.page_size = options.page_size;

    fetch_request request;
    request.endpoint = &endpoint;
    request.query = &query;
    request.format = options.format;
    request.transport = options.transport;
    request.summary = false;
    request.retry.max_attempts = 8;                                  // --faults: about one request in seven fails
    request.retry.base_delay = std::chrono::milliseconds(20);       // a demo need not be patient
    const fetch_outcome outcome = fetch_and_print(request);
    server.stop();
    if (outcome.status != exit_ok) return fail(outcome.status, {"demo: ", outcome.message});

    std::fprintf(stderr,
                 "demo: %" PRIu64 " calls in %" PRIu32 " pages from the mock at %s, through the %s transport: "
                 "%" PRIu32 " requests (%" PRIu32 " retried), %" PRIu64 " bytes received, %.3f s\n",
                 outcome.calls, outcome.pages, base_url.c_str(), outcome.transport_name.c_str(), outcome.requests,
                 outcome.requests - outcome.pages,  // every page read took one good request
                 outcome.bytes, outcome.seconds);
    return exit_ok;
}

}  // namespace swcalls_cli
