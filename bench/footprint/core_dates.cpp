// bench/footprint/core_dates.cpp — the whole core (core.cpp) as a board with a set wall clock builds it:
// Retry-After HTTP dates read (SWCALLS_RETRY_AFTER_DATES 1, the default where an OS runs the program; bare
// metal leaves them out, see include/swcalls/config.hpp), with the default clock (std::time).
#define SWCALLS_RETRY_AFTER_DATES 1
#include "core.cpp"
