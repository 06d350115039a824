// bench/alloc_counter.hpp — counts heap allocations and live heap bytes in the benchmark binary.
//
// Replaces the global operator new/delete (every form: plain, array, nothrow, aligned, sized) with malloc plus a
// small header that remembers the size, so the program knows at every moment how many bytes are live and the
// highest that figure reached. RapidJSON allocates with malloc directly (CrtAllocator), so its peers are
// instantiated with `counting_allocator`, which goes through the same counters.
//
// The replacement functions are defined here, not inline (the standard forbids inline replacements): include
// this header in exactly one translation unit, the benchmark's main file. Single-threaded by design.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace bench::heap {

struct counters {
    std::uint64_t allocations = 0;  // every successful allocation, ever
    std::int64_t live = 0;          // bytes requested and not yet freed
    std::int64_t peak = 0;          // the highest `live` since the last reset_peak()
};
inline counters now;

inline void reset_peak() { now.peak = now.live; }

// Header in front of every block: the requested size. 16 bytes keep malloc's alignment for the caller.
constexpr std::size_t header = 16;

// Not inlined into operator new/delete: the compiler would then see new paired with free and warn.
[[gnu::noinline]] inline void* allocate(std::size_t n, std::size_t align = header) {
    if (align < header) align = header;
    void* base = nullptr;
    if (align == header) {
        base = std::malloc(n + header);
    } else {
        std::size_t total = (n + align + align - 1) / align * align;
        base = std::aligned_alloc(align, total);
    }
    if (!base) return nullptr;
    char* user = static_cast<char*>(base) + align;
    std::memcpy(user - sizeof(std::size_t), &n, sizeof n);
    ++now.allocations;
    now.live += static_cast<std::int64_t>(n);
    if (now.live > now.peak) now.peak = now.live;
    return user;
}

[[gnu::noinline]] inline void release(void* p, std::size_t align = header) {
    if (!p) return;
    if (align < header) align = header;
    char* user = static_cast<char*>(p);
    std::size_t n;
    std::memcpy(&n, user - sizeof(std::size_t), sizeof n);
    now.live -= static_cast<std::int64_t>(n);
    std::free(user - align);
}

// For RapidJSON's Reader and Document (its CrtAllocator calls malloc/realloc/free directly).
class counting_allocator {
public:
    static const bool kNeedFree = true;
    void* Malloc(std::size_t size) { return size ? allocate(size) : nullptr; }
    void* Realloc(void* old, std::size_t old_size, std::size_t new_size) {
        if (new_size == 0) { release(old); return nullptr; }
        void* p = allocate(new_size);
        if (p && old) std::memcpy(p, old, old_size < new_size ? old_size : new_size);
        release(old);
        return p;
    }
    static void Free(void* p) { release(p); }
    bool operator==(const counting_allocator&) const { return true; }
    bool operator!=(const counting_allocator&) const { return false; }
};

// What happened on the heap between construction and now.
struct probe {
    std::uint64_t allocations0 = now.allocations;
    std::int64_t live0 = now.live;
    probe() { reset_peak(); }
    std::uint64_t allocations() const { return now.allocations - allocations0; }
    std::int64_t peak_bytes() const { return now.peak - live0; }  // highest live bytes above the starting level
};

}  // namespace bench::heap

#ifndef BENCH_NO_ALLOCATION_HOOK
// clang-format off
void* operator new(std::size_t n) { if (void* p = bench::heap::allocate(n)) return p; throw std::bad_alloc(); }
void* operator new[](std::size_t n) { if (void* p = bench::heap::allocate(n)) return p; throw std::bad_alloc(); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return bench::heap::allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return bench::heap::allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) { if (void* p = bench::heap::allocate(n, static_cast<std::size_t>(a))) return p; throw std::bad_alloc(); }
void* operator new[](std::size_t n, std::align_val_t a) { if (void* p = bench::heap::allocate(n, static_cast<std::size_t>(a))) return p; throw std::bad_alloc(); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return bench::heap::allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept { return bench::heap::allocate(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { bench::heap::release(p); }
void operator delete[](void* p) noexcept { bench::heap::release(p); }
void operator delete(void* p, std::size_t) noexcept { bench::heap::release(p); }
void operator delete[](void* p, std::size_t) noexcept { bench::heap::release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { bench::heap::release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { bench::heap::release(p); }
void operator delete(void* p, std::align_val_t a) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
void operator delete[](void* p, std::align_val_t a) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
void operator delete(void* p, std::size_t, std::align_val_t a) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
void operator delete[](void* p, std::size_t, std::align_val_t a) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept { bench::heap::release(p, static_cast<std::size_t>(a)); }
// clang-format on
#endif
