// swcalls/config.hpp — version, compile-time knobs and the few macros every header shares.
//
// Every knob can be set before including swcalls (or with -D); each has one line saying what it is for.
// A knob that sizes a type only picks a default template argument, so translation units built with
// different values get different types, never one type with two layouts.
#pragma once

#include <cstdint>  // UINTPTR_MAX

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

// 1 where an operating system runs the program (it has a wall clock and an assert() that prints somewhere), 0
// on bare metal (no OS macro): the defaults of SWCALLS_ASSERT, SWCALLS_RETRY_AFTER_DATES and
// SWCALLS_SIZE_FIRST follow it.
#ifndef SWCALLS_HOSTED
#if defined(__unix__) || defined(__APPLE__) || defined(_WIN32)
#define SWCALLS_HOSTED 1
#else
#define SWCALLS_HOSTED 0
#endif
#endif

// Whether a Retry-After given as an HTTP date (not seconds) is read. A date needs a wall clock to become a
// wait: systems with an OS have one (std::time); bare metal usually has none (newlib's time() fails, and a
// list session ignores a date then: see list_options::clock), so there the date parser (about 0.9 KiB on a
// Cortex-M4) is left out and a date reads as no Retry-After at all: the backoff applies, as without one.
// Define it to 1 on a board whose clock is set (and point list_options::clock at it).
#ifndef SWCALLS_RETRY_AFTER_DATES
#define SWCALLS_RETRY_AFTER_DATES SWCALLS_HOSTED
#endif

// 1 where 64-bit words are native (64-bit targets): the parser's hot steps are tuned for speed there. On
// 32-bit MCUs, where each 64-bit operation is two or more instructions, they are tuned for code size (4-byte
// string steps, shared out-of-line lookups). Either value works anywhere (the tests run both).
#ifndef SWCALLS_NATIVE_WORD64
#if UINTPTR_MAX > 0xFFFFFFFFu
#define SWCALLS_NATIVE_WORD64 1
#else
#define SWCALLS_NATIVE_WORD64 0
#endif
#endif

// 1: where smaller code costs speed, the smaller is chosen: string bodies are scanned a byte at a time (not
// a word at a time), object keys are found by comparing them with each name in turn (no hash, no slot
// tables), and ": " gets no shortcut. About 0.5 KiB less on a Cortex-M4; the parser then
// runs about 2.3 times the instructions (x86-64, -O2; README, Footprint). By default 1 on bare metal built
// for size (-Os or -Oz, which define __OPTIMIZE_SIZE__), where flash is what runs out; 0 elsewhere, hosted
// -Os builds (a router's, say) included. Either value reads every input alike (the tests and a fuzz target
// run both). As for NDEBUG, the standard wants every translation unit to agree; where they do not (one file
// built with -Os, another with -O2), no type changes and every copy of a function the linker may keep reads
// every input the same way, whichever setting it came from (keys are padded for the hash under either).
#ifndef SWCALLS_SIZE_FIRST
#if defined(__OPTIMIZE_SIZE__) && !SWCALLS_HOSTED
#define SWCALLS_SIZE_FIRST 1
#else
#define SWCALLS_SIZE_FIRST 0
#endif
#endif

// Internal invariant checks; define SWCALLS_ASSERT(x) to your own handler, or to nothing. By default: assert()
// on systems with an OS; on bare metal (no OS macro) a trap, because newlib's assert() links its printf family
// (about 6.6 KiB on a Cortex-M4, see bench/footprint.sh) to print where nobody reads. NDEBUG turns both off.
#ifndef SWCALLS_ASSERT
#if defined(NDEBUG)
#define SWCALLS_ASSERT(x) ((void)0)
#elif !SWCALLS_HOSTED && (defined(__GNUC__) || defined(__clang__))
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
