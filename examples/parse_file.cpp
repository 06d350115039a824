// examples/parse_file.cpp — the core API in one small program: parse a saved "List all Calls" body.
//
//   parse_file examples/signalwire_page.json
//
// Reads the file in 512-byte pieces (as a socket would hand them over), prints one line per call and the
// link to the next page. No heap is used by swcalls; the only buffers are the two arrays below.
#include <swcalls/swcalls.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: parse_file BODY.json\n");
        return 1;
    }
    std::FILE* file = std::fopen(argv[1], "rb");
    if (!file) {
        std::perror(argv[1]);
        return 1;
    }

    char storage[4096];  // all the parser's memory: the fields of one call, plus the page's URIs
    swcalls::page_parser parser{storage, [](const swcalls::call_view& call) {
        std::string_view sid = call.sid.value_or("-");
        std::string_view status = call.status_text.value_or("-");
        std::printf("%.*s  %-11.*s %6lld s  %.*s %.*s\n", int(sid.size()), sid.data(), int(status.size()),
                    status.data(), static_cast<long long>(call.duration.value_or(0)),
                    int(call.price_text.value_or("").size()), call.price_text.value_or("").data(),
                    int(call.price_unit.value_or("").size()), call.price_unit.value_or("").data());
    }};

    char chunk[512];
    std::error_code ec;
    std::size_t n;
    while (!ec && (n = std::fread(chunk, 1, sizeof chunk, file)) > 0) ec = parser.feed(chunk, n);
    std::fclose(file);
    if (!ec) ec = parser.finish();
    if (ec) {
        std::fprintf(stderr, "%s: %s (byte %llu)\n", argv[1], ec.message().c_str(),
                     static_cast<unsigned long long>(parser.error_offset()));
        return swcalls::kind_of(ec) == swcalls::errc_kind::syntax ? 4 : 5;
    }
    swcalls::page_view page = parser.page();
    std::printf("%zu calls; next page: %.*s\n", page.calls, int(page.next_page_uri.value_or("(none)").size()),
                page.next_page_uri.value_or("(none)").data());
    return 0;
}
