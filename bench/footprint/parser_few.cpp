// bench/footprint/parser_few.cpp — the page parser keeping three fields (field_selection.hpp): sid,
// status and duration, the callback reading just those. The others are still validated as JSON.
#include <swcalls/page_parser.hpp>

#include "footprint_io.hpp"

namespace {
using swcalls::field;
auto on_call = [](const swcalls::call_view& call) {
    unsigned h = 0;
    if (call.sid) h += static_cast<unsigned>(call.sid->size());
    if (call.status) h += static_cast<unsigned>(*call.status);
    if (call.duration) h += static_cast<unsigned>(*call.duration);
    fp.sink = h;
};
using parser_type = swcalls::page_parser<decltype(on_call), SWCALLS_MAX_DEPTH,
                                         swcalls::fields<field::sid, field::status, field::duration>>;
}  // namespace

extern "C" const unsigned fp_sizeof_page_parser_few = sizeof(parser_type);

int main() {
    char storage[1024];  // the caller's storage, on the stack: not in .bss
    parser_type parser{storage, on_call};
    const fp_bytes body = fp_body();
    swcalls::error_code ec = parser.feed(body.data, body.size);  // light: no std::error_category linked
    if (!ec) ec = parser.finish();
    const swcalls::page_view page = parser.page();
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(parser.error_offset()) +
              static_cast<unsigned>(page.calls) + static_cast<unsigned>(page.page_size.value_or(0)) +
              (page.has_next() ? 1u : 0u);
    return 0;
}
