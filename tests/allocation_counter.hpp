// The allocation counter shared by every test that proves "no heap": tests/test_allocations.cpp replaces the
// global operator new/delete (once, for the whole test executable) and defines the counters declared here.
//
// Usage: construct an allocation_window, run the code under test, stop() it, then CHECK. No doctest macro
// may run while it counts: doctest itself allocates.
#pragma once

#include <atomic>
#include <cstddef>

namespace swcalls_test {

extern std::atomic<bool> counting;              // the replacements count only while this is on
extern std::atomic<std::size_t> allocations;    // operator new calls counted
extern std::atomic<std::size_t> deallocations;  // operator delete calls counted (null pointers excluded)

// Counts (de)allocations between its construction and stop().
class allocation_window {
public:
    allocation_window() noexcept {
        allocations.store(0);
        deallocations.store(0);
        counting.store(true);
    }
    ~allocation_window() { counting.store(false); }
    allocation_window(const allocation_window&) = delete;
    allocation_window& operator=(const allocation_window&) = delete;
    void stop() noexcept { counting.store(false); }
    void resume() noexcept { counting.store(true); }
    std::size_t allocated() const noexcept { return allocations.load(); }
    std::size_t freed() const noexcept { return deallocations.load(); }
};

}  // namespace swcalls_test
