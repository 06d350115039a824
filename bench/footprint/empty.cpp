// bench/footprint/empty.cpp — the baseline: startup code, libc's exit path, and the shared input.
#include "footprint_io.hpp"

int main() {
    fp.sink = fp.input_size + static_cast<unsigned>(fp.input[0]);
    return 0;
}
