// bench/footprint/parser_double.cpp — the parser image, its callback reading the decimals as double: the
// price of `double p = *call.price` on a Cortex-M4, whose FPU is single precision (soft-float routines and
// the exact slow path of decimal -> double).
#define FP_DECIMALS_AS_DOUBLE 1
#include "parser.cpp"
