// tools/swcalls/mock_command.cpp — `swcalls mock [options]`: the mock LaML server on 127.0.0.1, until
// SIGINT or SIGTERM.
//
// The server is tools/mock/mock_server.hpp, the same one the tests start in-process; this file only reads
// the command line, starts it, says where it listens, and waits for a signal to stop it cleanly.
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <signal.h>

#include "mock_server.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"

namespace swcalls_cli {
namespace {

// Enough for any listing test; each call is a few hundred bytes in memory.
constexpr std::uint64_t max_calls = 1000000;

constexpr const char mock_help[] = R"(Usage: swcalls mock [options]

Run the mock SignalWire Compatibility API server on 127.0.0.1 until interrupted (Ctrl-C, SIGTERM). It
answers GET /api/laml/2010-04-01/Accounts/PROJECT/Calls (and /Calls.json) like the real API: pages with
next_page_uri, PageSize, PageToken and the filters, HTTP Basic checked, the API's error bodies. The calls
are made up from the seed: the same options give the same calls, in the same order, on every run.

Data and credentials:
  --port N              port to listen on, 0..65535; 0 picks a free one (default 0)
  --calls N             how many calls the account holds, 0..1000000 (default 200)
  --seed N              seed of the made-up calls (default 1)
  --project ID          the project ID served (default: the demo project)
  --token TOKEN         the API token required (default: the demo token, which is printed; a token
                        given here is never printed)
  --tls CERT KEY        serve https with this certificate chain and key (PEM files)

Faults, decided per request from --fault-seed (P is a probability from 0 to 1; their sum at most 1):
  --fault-429 P         answer 429 Too Many Requests
  --fault-5xx P         answer 500, 502 (an HTML page, as proxies send) or 503
  --fault-reset P       send part of the body, then reset the connection
  --fault-short P       send part of the body, then close (Content-Length promised more)
  --retry-after S       send Retry-After: S with 429 and 503 (default 0)
  --drip BYTES:MS       write every response BYTES at a time, pausing MS milliseconds in between
  --chunked             Transfer-Encoding: chunked for pages, in random chunk sizes
  --fault-seed N        seed of the fault decisions (default 1)

Connections and scripting:
  --close               close the connection after every response (no keep-alive)
  --port-file PATH      write the port number to PATH once listening (for scripts using --port 0)
  --foreign-next-page URL
                        make the first page's next_page_uri this URL (clients must refuse to follow
                        it to another host)
  -h, --help            show this help

Options take '--name value' or '--name=value' (--tls takes two values: '--tls CERT KEY').
The last of a repeated option counts.

Once listening, one line goes to standard output:
  swcalls mock: listening on http://127.0.0.1:PORT (project ID, N calls)
followed by the 'swcalls list' command line that lists the calls.

Exit status:
  0  stopped by SIGINT or SIGTERM
  1  usage error (unknown option, bad value), or the server could not start (port in use, TLS files)
)";

struct mock_options {
    swcalls_mock::server_options server;
    std::string port_file;
    bool help = false;
};

// A probability: a plain decimal number from 0 to 1 ("0.25", "1", ".5"); nullopt for anything else.
std::optional<double> parse_probability(std::string_view text) {
    if (text.empty() || text.size() > 32) return std::nullopt;
    for (char c : text)
        if (!(c >= '0' && c <= '9') && c != '.') return std::nullopt;  // no sign, exponent, inf or nan
    const std::string copy(text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (errno != 0 || end != copy.c_str() + copy.size() || !(value >= 0.0 && value <= 1.0)) return std::nullopt;
    return value;
}

// Printable ASCII without spaces: what can go into Basic credentials and a command line shown to the user.
bool is_plain_text(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7F || c == '\'' || c == '"' || c == '\\') return false;
    }
    return true;
}

// Returns -1 when the command line is good, else the exit status (a message has been printed).
int read_arguments(int argc, char** argv, mock_options& options) {
    swcalls_mock::server_options& o = options.server;
    swcalls_mock::fault_plan& f = o.faults;
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (is_help_flag(arg)) {
            options.help = true;
            continue;
        }
        if (!looks_like_option(arg))
            return fail(exit_usage, {"mock: unexpected argument ", quoted(arg), " (see 'swcalls mock --help')"});
        if (arg == "--chunked") {
            f.chunked = true;
            continue;
        }
        if (arg == "--close") {
            o.close_after_each = true;
            continue;
        }
        if (arg == "--tls") {
            if (i + 2 >= argc) return fail(exit_usage, {"mock: --tls needs two values: CERT KEY"});
            o.tls_cert_file = argv[++i];
            o.tls_key_file = argv[++i];
            continue;
        }
        static constexpr std::string_view valued[] = {
            "--port",        "--calls",      "--seed",        "--project",     "--token",     "--fault-429",
            "--fault-5xx",   "--fault-reset", "--fault-short", "--retry-after", "--drip",      "--fault-seed",
            "--port-file",   "--foreign-next-page",
        };
        std::string_view name, value;
        option_match m = option_match::no;
        for (std::string_view candidate : valued) {
            int j = i;
            m = match_option(candidate, argc, argv, j, value);
            if (m != option_match::no) {
                name = candidate;
                i = j;
                break;
            }
        }
        if (m == option_match::no)
            return fail(exit_usage, {"mock: unknown option ", quoted(arg.substr(0, arg.find('='))),
                                     " (see 'swcalls mock --help')"});
        if (m == option_match::missing_value) return fail(exit_usage, {"mock: ", name, " needs a value"});

        auto whole = [&](std::uint64_t min, std::uint64_t max, const char* range) -> std::optional<std::uint64_t> {
            auto n = parse_whole_number(value, min, max);
            if (!n) fail(exit_usage, {"mock: ", name, " must be a whole number from ", range, ", not ", quoted(value)});
            return n;
        };
        auto probability = [&](double& out) -> bool {
            auto p = parse_probability(value);
            if (!p) {
                fail(exit_usage, {"mock: ", name, " must be a probability from 0 to 1 (like 0.25), not ", quoted(value)});
                return false;
            }
            out = *p;
            return true;
        };
        constexpr std::uint64_t u64_max = std::numeric_limits<std::uint64_t>::max();
        if (name == "--port") {
            auto n = whole(0, 65535, "0 to 65535");
            if (!n) return exit_usage;
            o.port = static_cast<std::uint16_t>(*n);
        } else if (name == "--calls") {
            auto n = whole(0, max_calls, "0 to 1000000");
            if (!n) return exit_usage;
            o.api.calls = *n;
        } else if (name == "--seed") {
            auto n = whole(0, u64_max, "0 to 18446744073709551615");
            if (!n) return exit_usage;
            o.api.seed = *n;
        } else if (name == "--fault-seed") {
            auto n = whole(0, u64_max, "0 to 18446744073709551615");
            if (!n) return exit_usage;
            f.seed = *n;
        } else if (name == "--retry-after") {
            auto n = whole(0, std::numeric_limits<unsigned>::max(), "0 to 4294967295");
            if (!n) return exit_usage;
            f.retry_after_seconds = static_cast<unsigned>(*n);
        } else if (name == "--project") {
            if (!is_plain_text(value) || value.find(':') != std::string_view::npos)
                return fail(exit_usage, {"mock: --project must be printable ASCII without spaces, quotes or ':', not ",
                                         quoted(value)});
            o.api.project_id = std::string(value);
        } else if (name == "--token") {
            // Never echoed back in a message: it may be someone's real token given by mistake.
            if (!is_plain_text(value))
                return fail(exit_usage, {"mock: --token must be printable ASCII without spaces or quotes"});
            o.api_token = std::string(value);
        } else if (name == "--fault-429") {
            if (!probability(f.rate_429)) return exit_usage;
        } else if (name == "--fault-5xx") {
            if (!probability(f.rate_5xx)) return exit_usage;
        } else if (name == "--fault-reset") {
            if (!probability(f.rate_reset)) return exit_usage;
        } else if (name == "--fault-short") {
            if (!probability(f.rate_short)) return exit_usage;
        } else if (name == "--drip") {
            const std::size_t colon = value.find(':');
            const auto bytes = colon == std::string_view::npos ? std::nullopt
                                                               : parse_whole_number(value.substr(0, colon), 1, 1 << 20);
            const auto ms = colon == std::string_view::npos ? std::nullopt
                                                            : parse_whole_number(value.substr(colon + 1), 0, 60000);
            if (!bytes || !ms)
                return fail(exit_usage, {"mock: --drip must be BYTES:MS (BYTES 1..1048576, MS 0..60000), like 64:10, not ",
                                         quoted(value)});
            f.drip_bytes = static_cast<std::size_t>(*bytes);
            f.drip_delay_ms = static_cast<unsigned>(*ms);
        } else if (name == "--port-file") {
            if (value.empty()) return fail(exit_usage, {"mock: --port-file needs a path"});
            options.port_file = std::string(value);
        } else if (name == "--foreign-next-page") {
            if (!is_plain_text(value))
                return fail(exit_usage, {"mock: --foreign-next-page must be a URL (printable ASCII, no spaces), not ",
                                         quoted(value)});
            o.api.foreign_next_page = std::string(value);
        }
    }
    const double sum = f.rate_429 + f.rate_5xx + f.rate_reset + f.rate_short;
    if (sum > 1.0 + 1e-9) return fail(exit_usage, {"mock: the fault probabilities add up to more than 1"});
    return -1;
}

bool write_port_file(const std::string& path, std::uint16_t port) {
    std::FILE* file = std::fopen(path.c_str(), "w");
    if (!file) return false;
    const bool written = std::fprintf(file, "%u\n", unsigned(port)) > 0;
    return std::fclose(file) == 0 && written;
}

}  // namespace

void print_mock_help(std::FILE* out) { std::fputs(mock_help, out); }

int run_mock(int argc, char** argv) {
    mock_options options;
    options.server.api.project_id = std::string(swcalls_mock::demo_project_id);
    options.server.api_token = std::string(swcalls_mock::demo_api_token);
    if (int status = read_arguments(argc, argv, options); status >= 0) return status;
    if (options.help) {
        print_mock_help(stdout);
        return exit_ok;
    }

    // The signals are taken by sigwait() below, on this thread: block them before any thread starts.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    swcalls_mock::server server{options.server};
    if (server.start()) {
        std::string detail;  // it may hold a file name from the command line: made terminal-safe
        append_terminal_safe(detail, server.error_detail());
        return fail(exit_usage, {"mock: cannot start: ", detail});
    }
    if (!options.port_file.empty() && !write_port_file(options.port_file, server.port())) {
        const int e = errno;
        server.stop();
        return fail(exit_usage, {"mock: cannot write ", quoted(options.port_file), ": ", std::strerror(e)});
    }

    const swcalls_mock::server_options& o = options.server;
    const std::string base_url = server.base_url();
    std::printf("swcalls mock: listening on %s (project %s, %llu calls)\n", base_url.c_str(), o.api.project_id.c_str(),
                static_cast<unsigned long long>(o.api.calls));
    // The demo token is no secret: showing it makes the line ready to paste. A token given with --token
    // might be someone's real one by mistake, so that one is not printed.
    const bool demo_token = o.api_token == swcalls_mock::demo_api_token;
    std::printf("  list them: swcalls list --base-url %s --project %s --token %s%s\n", base_url.c_str(),
                o.api.project_id.c_str(), demo_token ? o.api_token.c_str() : "<the --token given>",
                server.is_tls() ? " --ca-file <the CA that signed the certificate>" : "");
    std::fflush(stdout);

    int signal_number = 0;
    while (sigwait(&stop_signals, &signal_number) != 0) {
    }
    server.stop();
    const swcalls_mock::server_stats stats = server.stats();
    std::fprintf(stderr, "swcalls mock: stopped (%s): %llu connections, %llu requests, %llu faults injected\n",
                 signal_number == SIGINT ? "SIGINT" : "SIGTERM", static_cast<unsigned long long>(stats.connections),
                 static_cast<unsigned long long>(stats.requests), static_cast<unsigned long long>(stats.faults_injected));
    return exit_ok;
}

}  // namespace swcalls_cli
