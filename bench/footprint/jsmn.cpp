// bench/footprint/jsmn.cpp — the reference row: jsmn (libjsmn-dev, header-only, default options) tokenising
// the same body. jsmn only finds token boundaries: no unescaping, no UTF-8 check, no numbers, no keys
// matched; the caller still has to do all of that, and needs one token per value (not counted here).
#define JSMN_STATIC
#include <jsmn.h>

#include "footprint_io.hpp"

extern "C" const unsigned fp_sizeof_jsmn_parser = sizeof(jsmn_parser);
extern "C" const unsigned fp_sizeof_jsmn_token = sizeof(jsmntok_t);

int main() {
    jsmntok_t tokens[128];  // the caller's token array, on the stack: not in .bss
    jsmn_parser parser;
    jsmn_init(&parser);
    const fp_bytes body = fp_body();
    const int n = jsmn_parse(&parser, body.data, body.size, tokens, 128);
    unsigned h = static_cast<unsigned>(n);
    for (int i = 0; i < n; ++i)
        h += static_cast<unsigned>(tokens[i].type) + static_cast<unsigned>(tokens[i].start) +
             static_cast<unsigned>(tokens[i].end) + static_cast<unsigned>(tokens[i].size);
    fp.sink = h;
    return 0;
}
