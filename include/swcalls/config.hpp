// swcalls/config.hpp — version, compile-time knobs and the few macros every header shares.
//
// Every knob can be set before including swcalls (or with -D); each has one line saying what it is for.
// A knob that sizes a type only picks a default template argument, so translation units built with
// different values get different types, never one type with two layouts.
#pragma once

#define SWCALLS_VERSION_MAJOR 0
#define SWCALLS_VERSION_MINOR 1
#define SWCALLS_VERSION_PATCH 0
#define SWCALLS_VERSION_STRING "0.1.0"

// Deepest JSON nesting page_parser accepts before failing with errc::depth_limit (one bit of state a
// level; a calls page needs 4). The default of page_parser's MaxDepth template argument, and the depth of
// error bodies too (api_error_reader and list sessions): a deeper one reads as not JSON (body_was_json false).
#ifndef SWCALLS_MAX_DEPTH
#define SWCALLS_MAX_DEPTH 128
#endif

// Exceptions: detected from the compiler, so -fno-exceptions builds need nothing else.
#ifndef SWCALLS_EXCEPTIONS
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define SWCALLS_EXCEPTIONS 1
#else
#define SWCALLS_EXCEPTIONS 0
#endif
#endif

// Internal invariant checks; define SWCALLS_ASSERT(x) to your own handler, or to nothing. By default: assert()
// on systems with an OS; on bare metal (no OS macro) a trap, because newlib's assert() links its printf family
// (about 6.6 KiB on a Cortex-M4, see bench/footprint.sh) to print where nobody reads. NDEBUG turns both off.
#ifndef SWCALLS_ASSERT
#if defined(NDEBUG)
#define SWCALLS_ASSERT(x) ((void)0)
#elif !defined(__unix__) && !defined(__APPLE__) && !defined(_WIN32) && (defined(__GNUC__) || defined(__clang__))
#define SWCALLS_ASSERT(x) ((x) ? (void)0 : __builtin_trap())
#else
#include <cassert>
#define SWCALLS_ASSERT(x) assert(x)
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define SWCALLS_LIKELY(x) __builtin_expect(!!(x), 1)
#define SWCALLS_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SWCALLS_FORCE_INLINE inline __attribute__((always_inline))
#define SWCALLS_NOINLINE __attribute__((noinline))
#else
#define SWCALLS_LIKELY(x) (x)
#define SWCALLS_UNLIKELY(x) (x)
#define SWCALLS_FORCE_INLINE inline
#define SWCALLS_NOINLINE
#endif
