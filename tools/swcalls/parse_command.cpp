// tools/swcalls/parse_command.cpp — `swcalls parse [FILE|-] [--chunk-size N] [--format table|csv|ndjson]`.
//
// Feeds a saved "List all Calls" body to the library's streaming page parser a chunk at a time and prints
// each call from inside the parser's callback: memory stays fixed whatever the size of the body.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <swcalls/swcalls.hpp>

#include "cli_args.hpp"
#include "commands.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "output_format.hpp"
#include "output_sink.hpp"
#include "body_source.hpp"

namespace swcalls_cli {
namespace {

constexpr std::uint64_t default_chunk_size = 65536;
constexpr std::uint64_t max_chunk_size = 16 * 1024 * 1024;
// The parser's storage: must hold the largest single call (about 1.5 KiB in real bodies) plus the page's URIs.
constexpr std::size_t parser_storage_size = 64 * 1024;

constexpr const char parse_help[] = R"(Usage: swcalls parse [FILE|-] [--chunk-size N] [--format table|csv|ndjson]

Parse a saved "List all Calls" response body (SignalWire or Twilio shape, any key order) and print each
call as soon as it is parsed. Reads FILE, or standard input when FILE is '-' or omitted. The body is read
in chunks and never held in memory whole.

Options:
  --format FORMAT   how to print the calls (default: table)
      table     fixed-width columns for a terminal: SID, DATE_CREATED, FROM, TO, STATUS, DIRECTION,
                DURATION, PRICE (with its unit); '-' for null. A longer value is cut and ends in an
                ellipsis. Control characters, C1 controls and bidi overrides are shown escaped
                (\n, \x1b, \u202e). A summary goes to standard error: "N calls; next page: URI|none".
      csv       RFC 4180 with CRLF line ends: a header row, then one row per call. Columns: every
                field below, then subresource_uris.notifications, subresource_uris.recordings.
                Null or absent is an empty field; an empty string is "". Values are never altered
                (no formula-injection prefixes: phone numbers start with '+').
      ndjson    one JSON object per call per line: every modelled field under its API key, null when
                absent or null, then "subresource_uris" ({"notifications":..,"recordings":..}, or
                null when absent). duration, queue_time, price and audio_* are JSON numbers (price
                exactly as sent, e.g. -0.200, even when sent as a string); status, direction and
                answered_by exactly as sent; strings re-escaped (controls, U+2028, U+2029 as \uXXXX).
  --chunk-size N    feed the parser N bytes at a time, 1..16777216 (default 65536); the output is
                    the same whatever N is
  -h, --help        show this help

Fields, in output order:
  )";

constexpr const char parse_help_tail[] = R"(

Exit status:
  0  the body is a calls page; every call was printed
  1  usage error (unknown option, bad value), FILE cannot be read, or output cannot be written
  4  the body is not valid JSON (the message gives the byte offset and the reason)
  5  valid JSON but not a calls page (not an object with a "calls" array of objects, or a call
     field of the wrong type), or one call object larger than the parser's 64 KiB storage
Calls before the point of an error have already been printed.
)";

struct parse_options {
    const char* path = "-";
    bool path_given = false;
    std::size_t chunk_size = default_chunk_size;
    output_format format = output_format::table;
    bool help = false;
};

// Returns -1 when the command line is good, else the exit status (a message has been printed).
int read_arguments(int argc, char** argv, parse_options& options) {
    bool options_ended = false;
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        if (!options_ended && looks_like_option(arg)) {
            if (arg == "--") {
                options_ended = true;
                continue;
            }
            if (is_help_flag(arg)) {
                options.help = true;
                continue;
            }
            option_match m = match_option("--chunk-size", argc, argv, i, value);
            if (m == option_match::no) m = match_option("--format", argc, argv, i, value);
            if (m == option_match::no)
                return fail(exit_usage, {"parse: unknown option ", quoted(arg), " (see 'swcalls parse --help')"});
            std::string_view name = arg.substr(0, arg.find('='));
            if (m == option_match::missing_value)
                return fail(exit_usage, {"parse: ", name, " needs a value"});
            if (name == "--chunk-size") {
                auto n = parse_whole_number(value, 1, max_chunk_size);
                if (!n)
                    return fail(exit_usage, {"parse: --chunk-size must be a whole number from 1 to 16777216, not ",
                                             quoted(value)});
                options.chunk_size = static_cast<std::size_t>(*n);
            } else {
                auto f = format_from_name(value);
                if (!f)
                    return fail(exit_usage, {"parse: --format must be ", format_names, ", not ", quoted(value)});
                options.format = *f;
            }
            continue;
        }
        if (options.path_given)
            return fail(exit_usage, {"parse: more than one FILE: ", quoted(options.path), " and ", quoted(arg)});
        options.path = argv[i];
        options.path_given = true;
    }
    return -1;
}

int report_parse_error(const std::error_code& ec, std::uint64_t offset, const std::string& source) {
    const swcalls::errc_kind kind = swcalls::kind_of(ec);
    std::string message = kind == swcalls::errc_kind::storage
                              ? "a call object is larger than the 64 KiB this tool gives the parser"
                              : ec.message();
    // A syntax error and a call that overflows storage have a place in the body; a shape error is a
    // verdict on the whole document.
    if (kind == swcalls::errc_kind::syntax || kind == swcalls::errc_kind::storage) {
        char digits[24];
        std::snprintf(digits, sizeof digits, "%llu", static_cast<unsigned long long>(offset));
        message += " (at byte offset ";
        message += digits;
        message += ')';
    }
    return fail(exit_status_for(ec), {source, ": ", message});
}

}  // namespace

void print_parse_help(std::FILE* out) {
    // The field list comes from the library's own list, wrapped to the width of the text above.
    std::string help = parse_help;
    std::size_t line_length = 2;
    auto add_word = [&](std::string_view word) {
        if (line_length > 2 && line_length + 1 + word.size() > 100) {
            help += "\n  ";
            line_length = 2;
        } else if (line_length > 2) {
            help += ' ';
            ++line_length;
        }
        help += word;
        line_length += word.size();
    };
    for_each_column_name([&](std::string_view name) {
        if (name.substr(0, subresources_key.size()) != subresources_key) add_word(name);
    });
    add_word(subresources_key);
    help += parse_help_tail;
    std::fwrite(help.data(), 1, help.size(), out);
}

int run_parse(int argc, char** argv) {
    parse_options options;
    if (int status = read_arguments(argc, argv, options); status >= 0) return status;
    if (options.help) {
        print_parse_help(stdout);
        return exit_ok;
    }

    body_source source;
    if (!source.open(options.path))
        return fail(exit_usage, {"parse: cannot open ", quoted(options.path), ": ", std::strerror(source.error())});

    std::vector<char> chunk(options.chunk_size);
    std::vector<char> storage(parser_storage_size);
    output_sink out(stdout);
    const output_format format = options.format;
    append_header(format, out.buffer());

    auto on_call = [&](const swcalls::call_view& call) -> bool {
        append_call(format, out.buffer(), call);
        return out.flush_if_full();  // false stops the parser: nowhere to write to
    };
    swcalls::page_parser parser{storage.data(), storage.size(), on_call};

    std::error_code ec;
    bool any_input = false;
    for (;;) {
        long n = source.read(chunk.data(), chunk.size());
        if (n < 0) {
            if (any_input) out.flush();  // what was parsed stays printed; a lone header does not
            return fail(exit_usage, {"parse: cannot read ", quoted(source.name()), ": ", std::strerror(source.error())});
        }
        if (n == 0) {
            ec = parser.finish();
            break;
        }
        any_input = true;
        ec = parser.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
        if (ec || parser.stopped() || !out.flush()) break;
    }
    out.flush();
    if (out.failed()) return fail(exit_usage, {"parse: cannot write output: ", std::strerror(out.error())});
    if (ec) return report_parse_error(ec, parser.error_offset(), source.name());

    std::string summary;
    append_summary(format, summary, parser.page());
    std::fwrite(summary.data(), 1, summary.size(), stderr);
    return exit_ok;
}

}  // namespace swcalls_cli
