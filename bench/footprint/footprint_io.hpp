// bench/footprint/footprint_io.hpp — what every footprint image shares (defined in input.cpp).
#pragma once

// The program's inputs and output, in one object: volatile, so the optimiser cannot see what is parsed
// and cannot drop what is computed; one object, so --gc-sections keeps all of it (and the text it points
// at) in every image alike, the empty one included, and it cancels out of the deltas.
struct fp_io {
    const char* volatile input;  // an HTTP response: head, then a one-call page
    volatile unsigned input_size;
    volatile unsigned sink;      // where each program writes what it computed
    const char* volatile space;  // "example": a SignalWire space
    const char* volatile project;
    const char* volatile token;
    const char* volatile to;     // a To filter
};
extern "C" fp_io fp;

// The JSON body of the shared response (what follows the blank line), for the body-only images.
struct fp_bytes {
    const char* data;
    unsigned size;
};
inline fp_bytes fp_body() {
    const char* p = fp.input;
    unsigned n = fp.input_size;
    while (n >= 4 && !(p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n')) ++p, --n;
    if (n >= 4) p += 4, n -= 4;
    return {p, n};
}
