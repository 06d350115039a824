// doctest's main() for every swcalls test executable; the tests themselves are in test_*.cpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
