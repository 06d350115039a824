// tools/swcalls/fetch_calls.hpp — lists calls over a transport and prints them: what `swcalls list` and
// `swcalls demo` share.
//
// Calls are printed from inside the library's callback, as each page streams in; memory stays fixed
// whatever the number of pages. Failures come back as an exit status and a one-line message (without the
// "swcalls: " prefix) for the caller to print: `list` first scrubs it of the token.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <swcalls/swcalls.hpp>

#include "cli_transport.hpp"
#include "diagnostics.hpp"
#include "exit_status.hpp"
#include "output_format.hpp"
#include "output_sink.hpp"
#include "progress_line.hpp"

namespace swcalls_cli {

struct fetch_request {
    const swcalls::endpoint* endpoint = nullptr;
    const swcalls::call_query* query = nullptr;
    std::uint64_t limit = 0;  // 0: all
    output_format format = output_format::table;
    std::string_view transport;  // "" for the build's default
    swcalls::transport_options transport_options{};
    swcalls::retry_policy retry{};
    bool summary = true;  // the table format's "N calls ..." line on standard error
};

struct fetch_outcome {
    int status = exit_ok;
    std::string message;         // when status != 0: what went wrong, one line, "list: ..."-less
    std::uint64_t calls = 0;
    std::uint32_t pages = 0;
    std::uint32_t requests = 0;
    std::uint64_t bytes = 0;     // response bytes received, heads included
    double seconds = 0;
    std::string transport_name;  // the transport used
};

namespace fetch_detail {

// Counts the bytes a transport hands over.
struct counting_transport {
    cli_transport* inner;
    std::uint64_t bytes = 0;
    std::uint32_t exchanges = 0;

    std::error_code exchange(std::string_view head, swcalls::byte_sink on_bytes) {
        ++exchanges;
        auto count = [&](std::string_view b) {
            bytes += b.size();
            return on_bytes(b);
        };
        return inner->exchange(head, swcalls::byte_sink(count));
    }
    void close() { inner->close(); }
};

inline void append_number(std::string& out, std::uint64_t n) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%llu", static_cast<unsigned long long>(n));
    out += digits;
}

// "the API answered HTTP 401 (code 20003): 'Authentication failed' (more info: '...')"
inline std::string describe_api_error(const swcalls::api_error& d) {
    std::string text = "the API answered HTTP ";
    append_number(text, static_cast<std::uint64_t>(d.http_status));
    if (d.code) {
        text += " (code ";
        text += std::to_string(*d.code);
        text += ')';
    } else if (!d.code_text.empty()) {
        append_message(text, {" (code ", quoted(d.code_text.view()), ")"});
    }
    if (!d.message.empty()) {
        append_message(text, {": ", quoted(d.message.view())});
    } else if (!d.body_excerpt.empty()) {
        append_message(text, {": body ", quoted(d.body_excerpt.view())});
    }
    if (!d.more_info.empty()) append_message(text, {" (more info: ", quoted(d.more_info.view()), ")"});
    return text;
}

// A transport error with the adapter's detail: "TLS: the server's certificate is for another host name
// (hostname mismatch)".
inline std::string describe_transport_error(const std::error_code& ec, std::string_view detail) {
    std::string text = ec.message();
    if (!detail.empty()) append_message(text, {" (", quoted(detail), ")"});
    return text;
}

}  // namespace fetch_detail

inline fetch_outcome fetch_and_print(const fetch_request& request) {
    using namespace fetch_detail;
    fetch_outcome outcome;
    const auto started = std::chrono::steady_clock::now();

    transport_choice choice = make_transport(request.transport, *request.endpoint, request.transport_options);
    if (!choice.transport) {
        outcome.status = exit_usage;
        outcome.message = choice.problem;
        return outcome;
    }
    outcome.transport_name = std::string(request.transport.empty() ? default_transport_name() : request.transport);
    counting_transport transport{choice.transport.get()};

    // 64 KiB for the parser holds any real call many times over; 8 KiB for the request head.
    auto memory = std::make_unique<swcalls::list_storage<64 * 1024, 8 * 1024>>();
    swcalls::list_options options;
    options.memory = memory->view();
    options.limit = request.limit;
    options.retry = request.retry;
    options.jitter_seed = static_cast<std::uint64_t>(started.time_since_epoch().count()) | 1;

    output_sink out(stdout);
    progress_line progress;
    const output_format format = request.format;
    append_header(format, out.buffer());
    std::uint64_t printed = 0;
    auto flush = [&]() {
        progress.before_output();
        return out.flush();
    };
    auto on_call = [&](const swcalls::call_view& call) -> bool {
        append_call(format, out.buffer(), call);
        ++printed;
        progress.update(printed, transport.exchanges);
        return out.buffer().size() < 32 * 1024 || flush();  // false stops the listing: nowhere to write to
    };
    auto sleep = [&](std::chrono::milliseconds d) {
        if (printed > 0) flush();  // what arrived before a pause is shown before it (a lone header is not)
        std::this_thread::sleep_for(d);
    };
    const swcalls::list_result r =
        swcalls::list_calls(transport, *request.endpoint, *request.query, options, on_call, sleep);
    if (printed > 0 || !r.ec) flush();  // a lone table header is not printed for a listing that failed at once
    progress.erase();

    outcome.calls = r.calls;
    outcome.pages = r.pages;
    outcome.requests = r.requests;
    outcome.bytes = transport.bytes;
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (out.failed()) {
        outcome.status = exit_usage;
        outcome.message = std::string("cannot write output: ") + std::strerror(out.error());
        return outcome;
    }
    if (r.ec) {
        std::error_code cause = r.ec;
        std::string text;
        if (r.ec == swcalls::errc::retries_exhausted) {
            cause = r.last_error;
            text = "gave up after ";
            append_number(text, r.requests);
            text += r.requests == 1 ? " attempt: " : " attempts: ";
        }
        if (cause == swcalls::errc::api_error) {
            text += describe_api_error(r.details);
        } else if (swcalls::kind_of(cause) == swcalls::errc_kind::network) {
            text += describe_transport_error(cause, choice.transport->error_detail());
        } else {
            text += cause.message();
        }
        if (r.calls > 0) {
            text += "; ";
            append_number(text, r.calls);
            text += " calls were printed before it";
        }
        // A next_page_uri that cannot be followed is a fault of the page, not of the command line.
        const bool bad_next_page = cause == swcalls::errc::foreign_uri || cause == swcalls::errc::invalid_uri;
        outcome.status = bad_next_page ? exit_not_a_page : exit_status_for(cause);
        outcome.message = std::move(text);
        return outcome;
    }
    if (request.summary && format == output_format::table) {
        std::string line;
        append_number(line, r.calls);
        line += r.calls == 1 ? " call" : " calls";
        line += r.stopped ? " (limit reached)" : "";
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    return outcome;
}

}  // namespace swcalls_cli
