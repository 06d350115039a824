// bench/footprint/core_speed.cpp — the whole core (core.cpp) with the parser's speed-tuned steps kept under
// -Os (SWCALLS_SIZE_FIRST 0: strings 4 bytes at a time, keys found by hash; bare-metal -Os makes it 1 by
// default, see include/swcalls/config.hpp): what the size-first choices save.
#define SWCALLS_SIZE_FIRST 0
#include "core.cpp"
