// bench/footprint/parser.cpp — the page parser alone: a body in, every call to a callback that reads
// several fields of each kind, then page() and the error offset.
#include <swcalls/page_parser.hpp>

#include "footprint_io.hpp"
#include "on_call.hpp"

using parser_type = swcalls::page_parser<on_call_type>;

// Read by footprint.sh from the object file: the parser's own state on the target, without the storage;
// also with a callback that holds a pointer, as a [&] lambda capturing one object does.
namespace {
struct pointer_callback {
    unsigned* total;
    void operator()(const swcalls::call_view& call) const { *total += static_cast<unsigned>(call.sid.has_value()); }
};
}  // namespace
#ifndef FP_DECIMALS_AS_DOUBLE  // parser_double.cpp: the same objects
extern "C" const unsigned fp_sizeof_page_parser = sizeof(parser_type);
extern "C" const unsigned fp_sizeof_page_parser_ptr = sizeof(swcalls::page_parser<pointer_callback>);
#endif

int main() {
    char storage[4096];  // the caller's storage, on the stack: not in .bss
    parser_type parser{storage, on_call};
    const fp_bytes body = fp_body();  // the parser reads bodies only
    swcalls::error_code ec = parser.feed(body.data, body.size);  // light: no std::error_category linked
    if (!ec) ec = parser.finish();
    const swcalls::page_view page = parser.page();
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(parser.error_offset()) +
              static_cast<unsigned>(page.calls) + static_cast<unsigned>(page.page_size.value_or(0)) +
              (page.has_next() ? 1u : 0u);
    return 0;
}
