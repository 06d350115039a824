// tools/swcalls/list_command.cpp — `swcalls list`: lists calls from the API.
//
// Reads and checks the whole command line (list_args.hpp), then either prints the request head it would send
// (--dry-run, credentials redacted) or lists the calls over the chosen transport (fetch_calls.hpp).
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <swcalls/request_writer.hpp>

#include "commands.hpp"
#include "diagnostics.hpp"
#include "cli_transport.hpp"
#include "exit_status.hpp"
#include "fetch_calls.hpp"
#include "list_args.hpp"

namespace swcalls_cli {
namespace {

constexpr const char list_help[] = R"(Usage: swcalls list [options]

List calls through the SignalWire Compatibility API ("List all Calls") or a Twilio-compatible one.

Credentials (a flag wins over its environment variable; an empty variable counts as unset):
  --space-url SPACE     the space: example, example.signalwire.com or https://example.signalwire.com
                        (env SIGNALWIRE_SPACE_URL); requests go to https://HOST/api/laml/2010-04-01
  --project ID          project ID, or a Twilio account SID (env SIGNALWIRE_PROJECT_ID)
  --token TOKEN         API token (env SIGNALWIRE_API_TOKEN); sent only as HTTP Basic, never printed
  --base-url URL        another server instead of the space: http(s)://host[:port][/root], e.g.
                        http://127.0.0.1:8080 (the mock), https://api.twilio.com/2010-04-01,
                        http://127.0.0.1:8080/texml; without a path the LaML root
                        /api/laml/2010-04-01 is used. Replaces the space URL (then not needed).

Filters (each sent only when given; all percent-encoded):
  --to NUMBER  --from NUMBER  --parent-call-sid SID
  --status STATUS       queued, ringing, in-progress, canceled, completed, busy, failed or no-answer
  --start-time WHEN  --start-time-before WHEN  --start-time-after WHEN
  --end-time WHEN    --end-time-before WHEN    --end-time-after WHEN
                        (StartTime, StartTime<, StartTime>, EndTime, EndTime<, EndTime>)
      WHEN is a calendar date, 2018-09-19, sent as 2018-09-19 (Twilio: a UTC day; '<' and '>' mean
      on or before / on or after it), or a timestamp with a zone, 2018-09-19T20:00:00Z or
      'Wed, 19 Sep 2018 20:00:00 +0000', sent as RFC 2822 GMT: Wed, 19 Sep 2018 20:00:00 GMT.

Output and paging:
  --page-size N         calls per page, 1..1000 (the server's default is 50)
  --limit N             stop after N calls (N >= 1); PageSize is sent as min(limit, page size, 1000)
  --format FORMAT       table, csv or ndjson, as for 'swcalls parse' (default: table)

Connection:
  --ca-file PATH        CA certificates (PEM) to trust for https, instead of the system's
  --transport NAME      beast, curl or posix: which networking stack moves the bytes (default: the
                        first of those this build has). Certificates and host names are always
                        verified; there is no flag that turns that off.
  --retries N           attempts per page, 1..100 (default 5; 1 means no retry): 429, 5xx and broken
                        connections are asked again, after Retry-After or 0.5 s, 1 s, 2 s, ...
  --timeout SECONDS     give up on a server silent for this long, 1..3600 (default 30); connecting
                        (with the TLS handshake) gets a third of it, but at least 5 s (or all of it
                        when --timeout is less than 5)
  --dry-run             print the request head that would be sent and exit: the request line, then
                        one 'Name: value' header per line (LF line ends, no blank line after), with
                        'Authorization: Basic ***' in place of the credentials
  -h, --help            show this help

Options take '--name value' or '--name=value' (a value starting with '--' needs the '=' form);
the last of a repeated option counts.

Exit status:
  0  ok (--dry-run: the head was printed)
  1  usage error: unknown option, bad value, missing credentials
  2  the API answered with an error
  3  network or TLS error (the message says why: refused, timed out, certificate not trusted,
     certificate for another host name), or the server's HTTP was broken
  4  the body is not valid JSON
  5  valid JSON but not a calls page
Retried pages never print a call twice or skip one. The API token never appears in any output.
)";

}  // namespace

void print_list_help(std::FILE* out) { std::fputs(list_help, out); }

int run_list(int argc, char** argv) {
    const list_environment env = list_environment::from_process();
    list_options options;
    const swcalls::endpoint* credentials = nullptr;  // known once the command line is read
    auto report = [&](int status, std::string message) {
        scrub_secrets(message, argc, argv, env, credentials);
        return fail(status, {message});
    };

    list_parse_result parsed = parse_list_args(argc, argv, env, options);
    if (!parsed) return report(parsed.status, parsed.message);
    if (options.help) {
        print_list_help(stdout);
        return exit_ok;
    }
    credentials = &options.endpoint;

    // The head is written (and everything checked once more by the library) whether or not it is printed.
    swcalls::write_result r = swcalls::write_redacted_request_head(options.endpoint, options.query, nullptr, 0);
    if (r.ec != swcalls::errc::buffer_too_small)
        return report(exit_status_for(r.ec), std::string("list: cannot build the request: ") + r.ec.message());
    std::string head(r.size, '\0');
    r = swcalls::write_redacted_request_head(options.endpoint, options.query, head.data(), head.size());
    if (r.ec) return report(exit_status_for(r.ec), std::string("list: cannot build the request: ") + r.ec.message());

    if (!options.dry_run) {
        fetch_request request;
        request.endpoint = &options.endpoint;
        request.query = &options.query;
        request.limit = options.limit;
        request.format = options.format;
        request.transport = options.transport;
        request.transport_options.ca_file = options.ca_file;
        request.transport_options.io_timeout = std::chrono::seconds(options.timeout_seconds);
        // Connecting gets a third of the timeout, at least 5 s (or all of it when that is less).
        const std::uint32_t connect_seconds = std::max<std::uint32_t>(5, options.timeout_seconds / 3);
        request.transport_options.connect_timeout =
            std::chrono::seconds(std::min(connect_seconds, options.timeout_seconds));
        request.retry.max_attempts = options.attempts;
        const fetch_outcome outcome = fetch_and_print(request);
        if (outcome.status != exit_ok) return report(outcome.status, "list: " + outcome.message);
        return exit_ok;
    }

    // CRLF line ends become LF; the blank line that ends the head is left out.
    std::string text;
    for (std::size_t at = 0; at < head.size();) {
        std::size_t end = head.find("\r\n", at);
        if (end == std::string::npos) end = head.size();
        if (end == at) break;  // the blank line
        text.append(head, at, end - at);
        text += '\n';
        at = end + 2;
    }
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
        return report(exit_usage, std::string("list: cannot write output: ") + std::strerror(errno));
    return exit_ok;
}

}  // namespace swcalls_cli
