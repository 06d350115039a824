// bench/footprint/core_few.cpp — the whole core (core.cpp), the listing parsing only sid, status and
// duration: list_calls(..., swcalls::only<...>).
#define FP_FEW_FIELDS 1
#include "core.cpp"
