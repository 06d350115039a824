// tools/swcalls/list_args.hpp — the command line of `swcalls list`, read into an endpoint, a call_query and
// the tool's own options. Kept apart from list_command.cpp so tests can drive it with a made-up environment.
//
// Rules (the help text in list_command.cpp says the same to users):
// - "--name value" or "--name=value". In the first form a next argument starting with "--" is not taken as
//   the value ("--project --token x" is "--project needs a value"); use "--name=--value" for such a value.
// - A flag given twice: the last one counts. "--" ends the options; `list` takes no operands.
// - Credentials: --space-url, --project, --token, else SIGNALWIRE_SPACE_URL, SIGNALWIRE_PROJECT_ID,
//   SIGNALWIRE_API_TOKEN (an empty variable counts as unset). Flags win over the environment.
//   --base-url replaces the space URL (flag or variable), which is then not needed; a --space-url flag
//   given with it must still be valid.
// - Values are checked in a fixed order, whatever the order on the command line: filters, --page-size,
//   --limit, --format, --ca-file, --transport, --retries, --timeout, then --base-url / --space-url, then missing credentials,
//   then CR/LF/NUL in the project ID or token.
// - Messages never contain a token's value: a token is never quoted, an unknown option is quoted up to its
//   '=' only, and scrub_secrets() (list_command.cpp runs every message through it) replaces any remaining
//   occurrence of a token given on the command line or in the environment with "***".
#pragma once

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <swcalls/call_enums.hpp>
#include <swcalls/call_query.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/request_writer.hpp>

#include "cli_args.hpp"
#include "diagnostics.hpp"
#include "output_format.hpp"

namespace swcalls_cli {

inline constexpr std::string_view space_url_variable = "SIGNALWIRE_SPACE_URL";
inline constexpr std::string_view project_id_variable = "SIGNALWIRE_PROJECT_ID";
inline constexpr std::string_view api_token_variable = "SIGNALWIRE_API_TOKEN";

// The transports `--transport` accepts (the next issue builds them; this one checks the name only).
inline constexpr std::string_view transport_names = "beast|curl|posix";

inline bool is_transport_name(std::string_view name) noexcept {
    return name == "beast" || name == "curl" || name == "posix";
}

// The three variables `list` reads; nullptr or "" is unset.
struct list_environment {
    const char* space_url = nullptr;
    const char* project_id = nullptr;
    const char* api_token = nullptr;

    static list_environment from_process() {
        return {std::getenv("SIGNALWIRE_SPACE_URL"), std::getenv("SIGNALWIRE_PROJECT_ID"),
                std::getenv("SIGNALWIRE_API_TOKEN")};
    }
};

struct list_options {
    swcalls::endpoint endpoint;     // views into argv / the environment
    swcalls::call_query query;      // query.page_size = min(--limit, --page-size, 1000) when either is given
    std::uint64_t limit = 0;        // --limit; 0: none
    output_format format = output_format::table;
    std::string_view ca_file;       // "" when not given
    std::string_view transport;     // "" when not given: the build's default
    std::uint32_t attempts = 5;     // --retries: attempts per page (1: no retry)
    std::uint32_t timeout_seconds = 30;  // --timeout: the longest silence from the server
    bool dry_run = false;
    bool help = false;
};

// status < 0: the command line is good. Otherwise the exit status and a one-line message without the
// "swcalls: " prefix and without a newline.
struct list_parse_result {
    int status = -1;
    std::string message;
    explicit operator bool() const noexcept { return status < 0; }
};

namespace list_detail {

enum flag : int {
    f_space_url, f_project, f_token, f_base_url,
    f_to, f_from, f_status, f_parent_call_sid,
    f_start_time, f_start_time_before, f_start_time_after,
    f_end_time, f_end_time_before, f_end_time_after,
    f_page_size, f_limit, f_format, f_ca_file, f_transport, f_retries, f_timeout,
    flag_count
};

inline constexpr std::string_view flag_names[flag_count] = {
    "--space-url", "--project", "--token", "--base-url",
    "--to", "--from", "--status", "--parent-call-sid",
    "--start-time", "--start-time-before", "--start-time-after",
    "--end-time", "--end-time-before", "--end-time-after",
    "--page-size", "--limit", "--format", "--ca-file", "--transport", "--retries", "--timeout",
};

inline std::string build_message(std::initializer_list<message_part> parts) {
    std::string line = "list: ";
    append_message(line, parts);
    return line;
}

inline list_parse_result usage(std::initializer_list<message_part> parts) {
    return {1, build_message(parts)};
}

inline std::optional<std::string_view> from_env(const char* value) {
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string_view(value);
}

}  // namespace list_detail

// Reads the arguments after "list". On success fills `out` (which must not outlive argv or the environment).
inline list_parse_result parse_list_args(int argc, char** argv, const list_environment& env, list_options& out) {
    using namespace list_detail;
    std::optional<std::string_view> given[flag_count];
    bool options_ended = false;

    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        // A stray argument may be a token given without --token: say where it is, never what it is.
        if (options_ended || !looks_like_option(arg))
            return usage({"unexpected argument #", std::to_string(i + 1),
                          "; list takes options only (see 'swcalls list --help')"});
        if (arg == "--") {
            options_ended = true;
            continue;
        }
        if (is_help_flag(arg)) {
            out.help = true;
            continue;
        }
        const std::size_t eq = arg.find('=');
        const std::string_view name = arg.substr(0, eq);
        if (name == "--dry-run") {
            if (eq != std::string_view::npos) return usage({"--dry-run takes no value"});
            out.dry_run = true;
            continue;
        }
        int which = -1;
        for (int f = 0; f < flag_count; ++f)
            if (flag_names[f] == name) which = f;
        if (which < 0) {
            // Quote the option's name only as far as it looks like one ("--token:s3cret" shows "--token").
            std::size_t shown = 2;
            while (shown < name.size() && ((name[shown] >= 'a' && name[shown] <= 'z') || name[shown] == '-')) ++shown;
            return usage({"unknown option ", quoted(name.substr(0, shown)), shown < name.size() ? "..." : "",
                          " (see 'swcalls list --help')"});
        }
        std::string_view value;
        if (eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
        } else {
            if (i + 1 >= argc || std::string_view(argv[i + 1]).substr(0, 2) == "--")
                return usage({name, " needs a value"});
            value = argv[++i];
        }
        if (value.empty()) return usage({name, " needs a non-empty value"});
        given[which] = value;
    }
    if (out.help) return {};

    swcalls::call_query& q = out.query;
    // Text filters: sent as given, percent-encoded; CR, LF and NUL could never be sent.
    auto text = [&](flag f, std::optional<std::string_view>& into) -> list_parse_result {
        if (!given[f]) return {};
        if (swcalls::detail::contains_head_breaking(*given[f]))
            return usage({flag_names[f], " must not contain CR, LF or NUL: ", quoted(*given[f])});
        into = *given[f];
        return {};
    };
    auto date = [&](flag f, std::optional<swcalls::date_filter>& into) -> list_parse_result {
        if (!given[f]) return {};
        swcalls::date_filter d;
        if (swcalls::parse_date_filter(*given[f], d))
            return usage({flag_names[f], " must be a date (2018-09-19) or a timestamp with a zone "
                                         "(2018-09-19T20:00:00Z, 'Wed, 19 Sep 2018 20:00:00 +0000'), not ",
                          quoted(*given[f])});
        into = d;
        return {};
    };
    if (auto r = text(f_to, q.to); !r) return r;
    if (auto r = text(f_from, q.from); !r) return r;
    if (auto r = text(f_parent_call_sid, q.parent_call_sid); !r) return r;
    if (given[f_status]) {
        swcalls::call_status s{};
        if (swcalls::parse_status_filter(*given[f_status], s))
            return usage({"--status must be one of queued, ringing, in-progress, canceled, completed, busy, "
                          "failed, no-answer; not ",
                          quoted(*given[f_status])});
        q.status = s;
    }
    if (auto r = date(f_start_time, q.start_time); !r) return r;
    if (auto r = date(f_start_time_before, q.start_time_before); !r) return r;
    if (auto r = date(f_start_time_after, q.start_time_after); !r) return r;
    if (auto r = date(f_end_time, q.end_time); !r) return r;
    if (auto r = date(f_end_time_before, q.end_time_before); !r) return r;
    if (auto r = date(f_end_time_after, q.end_time_after); !r) return r;

    std::optional<std::uint64_t> page_size;
    if (given[f_page_size]) {
        page_size = parse_whole_number(*given[f_page_size], 1, std::uint64_t(swcalls::max_page_size));
        if (!page_size)
            return usage({"--page-size must be a whole number from 1 to 1000, not ", quoted(*given[f_page_size])});
    }
    if (given[f_limit]) {
        auto n = parse_whole_number(*given[f_limit], 1, UINT64_MAX);
        if (!n) return usage({"--limit must be a whole number of 1 or more, not ", quoted(*given[f_limit])});
        out.limit = *n;
    }
    // PageSize = min(limit, page size, 1000) of those given: no row is fetched only to be dropped.
    if (page_size || out.limit != 0) {
        std::uint64_t size = std::uint64_t(swcalls::max_page_size);
        if (page_size && *page_size < size) size = *page_size;
        if (out.limit != 0 && out.limit < size) size = out.limit;
        q.page_size = static_cast<std::int64_t>(size);
    }
    if (given[f_format]) {
        auto f = format_from_name(*given[f_format]);
        if (!f) return usage({"--format must be ", format_names, ", not ", quoted(*given[f_format])});
        out.format = *f;
    }
    if (given[f_ca_file]) out.ca_file = *given[f_ca_file];
    if (given[f_transport]) {
        if (!is_transport_name(*given[f_transport]))
            return usage({"--transport must be ", transport_names, ", not ", quoted(*given[f_transport])});
        out.transport = *given[f_transport];
    }
    if (given[f_retries]) {
        auto n = parse_whole_number(*given[f_retries], 1, 100);
        if (!n) return usage({"--retries must be a whole number from 1 to 100, not ", quoted(*given[f_retries])});
        out.attempts = static_cast<std::uint32_t>(*n);
    }
    if (given[f_timeout]) {
        auto n = parse_whole_number(*given[f_timeout], 1, 3600);
        if (!n) return usage({"--timeout must be a whole number of seconds from 1 to 3600, not ", quoted(*given[f_timeout])});
        out.timeout_seconds = static_cast<std::uint32_t>(*n);
    }

    // Where requests go.
    swcalls::endpoint& e = out.endpoint;
    const char* const space_help =
        " must be a space name (example), its host (example.signalwire.com) or https://example.signalwire.com; "
        "another server or a path root goes in --base-url; not ";
    if (given[f_space_url]) {
        swcalls::endpoint scratch;
        if (swcalls::parse_space_url(*given[f_space_url], scratch))
            return usage({"--space-url", space_help, quoted(*given[f_space_url])});
    }
    bool space_missing = false;
    if (given[f_base_url]) {
        if (swcalls::parse_base_url(*given[f_base_url], e))
            return usage({"--base-url must be http:// or https://, a host, an optional :port and an optional path "
                          "root (http://127.0.0.1:8080/texml), not ",
                          quoted(*given[f_base_url])});
    } else if (given[f_space_url]) {
        (void)swcalls::parse_space_url(*given[f_space_url], e);  // checked above
    } else if (auto v = from_env(env.space_url)) {
        if (swcalls::parse_space_url(*v, e)) return usage({space_url_variable, space_help, quoted(*v)});
    } else {
        space_missing = true;
    }

    // Who asks.
    std::string_view project_source = "--project", token_source = "--token";
    std::optional<std::string_view> project = given[f_project], token = given[f_token];
    if (!project && (project = from_env(env.project_id))) project_source = project_id_variable;
    if (!token && (token = from_env(env.api_token))) token_source = api_token_variable;
    if (space_missing || !project || !token) {
        std::string missing;
        auto add = [&](const char* what) {
            if (!missing.empty()) missing += "; ";
            missing += what;
        };
        if (space_missing)
            add("the space URL (give --space-url SPACE, set SIGNALWIRE_SPACE_URL, or give --base-url URL)");
        if (!project) add("the project ID (give --project ID or set SIGNALWIRE_PROJECT_ID)");
        if (!token) add("the API token (give --token TOKEN or set SIGNALWIRE_API_TOKEN)");
        return usage({"missing credentials: ", missing});
    }
    if (swcalls::detail::contains_head_breaking(*project))
        return usage({"the project ID (from ", project_source, ") must not contain CR, LF or NUL"});
    if (swcalls::detail::contains_head_breaking(*token))  // never quoted: the token is never shown
        return usage({"the API token (from ", token_source, ") must not contain CR, LF or NUL"});
    e.project_id = *project;
    e.api_token = *token;
    return {};
}

// Replaces, in `message`, every occurrence of any token given on this command line ("--token X",
// "--token=X", even where the loop above would not have read it so) or in SIGNALWIRE_API_TOKEN, raw or as
// the terminal-safe escaping would show it, and the base64 of "project:token" that a server might echo back
// from the Authorization header (when `credentials` is given), with "***". A last line of defence: messages
// are built not to contain a token in the first place. Tokens shorter than min_scrubbed_token bytes are
// left alone: replacing every "e" would wreck the message and give the token away (no real token is that
// short).
inline constexpr std::size_t min_scrubbed_token = 8;

inline void scrub_secrets(std::string& message, int argc, char** argv, const list_environment& env,
                          const swcalls::endpoint* credentials = nullptr) {
    auto scrub = [&](std::string_view secret) {
        if (secret.size() < min_scrubbed_token) return;
        std::string escaped;
        append_terminal_safe(escaped, secret);
        for (std::string_view s : {secret, std::string_view(escaped)}) {
            if (s.empty()) continue;
            for (std::size_t at = message.find(s); at != std::string::npos; at = message.find(s, at + 3))
                message.replace(at, s.size(), "***");
        }
    };
    for (int i = 0; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--token" && i + 1 < argc) scrub(argv[i + 1]);
        if (arg.substr(0, 8) == "--token=") scrub(arg.substr(8));
    }
    if (env.api_token) scrub(env.api_token);
    if (credentials && !credentials->api_token.empty()) {
        // The library's own Authorization value, "Basic <base64>": the base64 part is the secret.
        swcalls::write_result r = swcalls::write_authorization_value(*credentials, nullptr, 0);
        std::string value(r.size, '\0');
        r = swcalls::write_authorization_value(*credentials, value.data(), value.size());
        if (!r.ec) scrub(std::string_view(value).substr(value.find(' ') + 1));
    }
}

}  // namespace swcalls_cli
