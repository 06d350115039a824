// The page parser never allocates: proved with counting replacements of the global operator new/delete.
// page_parser.hpp is included first: this file also proves it compiles on its own.
//
// The replacements below serve the whole test executable (that is how replacement works); their counters
// are shared with other test files through allocation_counter.hpp. They count only while `counting` is on,
// are malloc-based, and never return null from the throwing forms: with exceptions they throw
// std::bad_alloc, without them they abort.
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include "allocation_counter.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

// The counters other test files read through allocation_counter.hpp.
namespace swcalls_test {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
std::atomic<std::size_t> deallocations{0};
}  // namespace swcalls_test

namespace {

using swcalls_test::allocations;
using swcalls_test::counting;
using swcalls_test::deallocations;

void* allocate(std::size_t size) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}

// Over-aligned blocks from plain malloc (portable: no aligned_alloc / posix_memalign): the block's start is
// stored just before the aligned address handed out.
void* allocate_aligned(std::size_t size, std::size_t alignment) noexcept {
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
    if (alignment < alignof(void*)) alignment = alignof(void*);
    if (size > SIZE_MAX - alignment - sizeof(void*)) return nullptr;
    void* block = std::malloc(size + alignment + sizeof(void*));
    if (!block) return nullptr;
    std::uintptr_t start = reinterpret_cast<std::uintptr_t>(block) + sizeof(void*);
    std::uintptr_t aligned = (start + alignment - 1) & ~(std::uintptr_t(alignment) - 1);
    std::memcpy(reinterpret_cast<void*>(aligned - sizeof(void*)), &block, sizeof block);
    return reinterpret_cast<void*>(aligned);
}

void release(void* p) noexcept {
    if (!p) return;
    if (counting.load(std::memory_order_relaxed)) deallocations.fetch_add(1, std::memory_order_relaxed);
    std::free(p);
}

void release_aligned(void* p) noexcept {
    if (!p) return;
    if (counting.load(std::memory_order_relaxed)) deallocations.fetch_add(1, std::memory_order_relaxed);
    void* block;
    std::memcpy(&block, static_cast<char*>(p) - sizeof(void*), sizeof block);
    std::free(block);
}

[[noreturn]] void out_of_memory() {
#if SWCALLS_EXCEPTIONS
    throw std::bad_alloc();
#else
    std::abort();
#endif
}

void* allocate_or_fail(std::size_t size) {
    void* p = allocate(size);
    if (!p) out_of_memory();
    return p;
}

void* allocate_aligned_or_fail(std::size_t size, std::align_val_t alignment) {
    void* p = allocate_aligned(size, static_cast<std::size_t>(alignment));
    if (!p) out_of_memory();
    return p;
}

}  // namespace

void* operator new(std::size_t size) { return allocate_or_fail(size); }
void* operator new[](std::size_t size) { return allocate_or_fail(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return allocate_aligned_or_fail(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return allocate_aligned_or_fail(size, a); }
void* operator new(std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate_aligned(size, static_cast<std::size_t>(a));
}

void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release_aligned(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release_aligned(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release_aligned(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release_aligned(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release_aligned(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release_aligned(p); }

namespace {

using swcalls::errc;

// Counts (de)allocations between its construction and stop() (see allocation_counter.hpp).
using swcalls_test::allocation_window;

// Pointers stored here escape, so the compiler cannot elide the allocations of the self-test.
void* volatile escape;

// What the callback saw, kept without allocating.
struct tally {
    std::size_t calls = 0;
    std::int64_t duration_sum = 0;
    std::size_t text_bytes = 0;
    std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over every sid
    std::size_t stop_at = 0;                       // 0: never stop
};

// A realistic call (every modelled field, as SignalWire sends them) with index i. Every seventh has a
// metric with 30 significant digits, which parse_decimal settles on its slow (big-integer) path.
std::string make_call(int i, std::string_view caller_name = "Caf\\u00e9 caller") {
    const std::string n = std::to_string(i);
    const std::string sid = "b3877c40-da60-4998-90ad-" + std::string(12 - n.size(), '0') + n;
    const std::string account = "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls/";
    return R"({"sid":")" + sid + R"(","account_sid":"b3877c40-da60-4998-90ad-b792e98472af",)"
           R"("date_created":"Wed, 19 Sep 2018 20:00:00 +0000","date_updated":"Wed, 19 Sep 2018 21:00:00 +0000",)"
           R"("parent_call_sid":null,"to":"+1310567)" + std::to_string(1000 + i % 9000) + R"(",)"
           R"("formatted_to":"(310) 567-8901","to_formatted":"(310) 567-8901","from":"+13103384645",)"
           R"("formatted_from":"(310) 338-4645","from_formatted":"(310) 338-4645",)"
           R"("phone_number_sid":"b3877c40-da60-4998-90ad-b792e98472pn","status":"completed",)"
           R"("start_time":"Wed, 19 Sep 2018 20:00:01 +0000","end_time":"Fri, 21 Sep 2018 10:00:00 +0000",)"
           R"("duration":)" + (i % 2 ? "\"" + n + "\"" : n) + R"(,"price":"-0.00)" + std::to_string(i % 10) +
           R"(","price_unit":"USD","direction":"outbound-api","answered_by":"machine_start",)"
           R"("api_version":"2010-04-01","forwarded_from":null,"caller_name":")" + std::string(caller_name) +
           R"(","uri":")" + account + sid + R"(.json","subresource_uris":{"notifications":null,)"
           R"("recordings":")" + account + sid + R"(/Recordings.json","payments":"/p"},"annotation":null,)"
           R"("group_sid":null,"audio_in_mos":4.5,"sip_result_code":"200",)"
           R"("audio_rtt_avg":)" + (i % 7 ? "50" : "50.0000000000000000000000000001e-0") + R"(,"audio_rtt_min":20,)"
           R"("audio_rtt_max":100,"audio_out_jitter_min":1,"audio_out_jitter_max":10,"audio_out_jitter_avg":5,)"
           R"("audio_out_lost":0,"extra":{"nested":[1,2,3],"flag":true}})";
}

// A page of `count` calls; `replace(i)` may substitute call i's text (for the error bodies).
template <class Replace>
std::string make_page(int count, Replace replace) {
    std::string body = R"({"uri":"/api/laml/2010-04-01/Accounts/AC/Calls?Page=0&PageSize=1000",)"
                       R"("first_page_uri":"/api/laml/2010-04-01/Accounts/AC/Calls?Page=0&PageSize=1000",)"
                       R"("previous_page_uri":null,"page":0,"page_size":1000,"calls":[)";
    body.reserve(std::size_t(count) * 1700);
    for (int i = 0; i < count; ++i) {
        if (i) body += ',';
        body += replace(i);
    }
    body += R"(],"next_page_uri":"/api/laml/2010-04-01/Accounts/AC/Calls?Page=1&PageSize=1000&PageToken=PA1"})";
    return body;
}

std::string make_page(int count) {
    return make_page(count, [](int i) { return make_call(i); });
}

struct run_result {
    std::error_code feed_error;
    std::error_code finish_error;
    std::uint64_t error_offset = 0;
    bool stopped = false;
    swcalls::page_view page;
    tally seen;
};

// Everything from construction to page() happens inside the caller's allocation window.
run_result parse_in_chunks(std::string_view body, std::size_t chunk, char* storage, std::size_t storage_size,
                           std::size_t stop_at = 0) {
    run_result result;
    result.seen.stop_at = stop_at;
    tally& seen = result.seen;
    swcalls::page_parser parser{storage, storage_size, [&seen](const swcalls::call_view& call) {
                                    ++seen.calls;
                                    seen.duration_sum += call.duration.value_or(0);
                                    if (call.sid) {
                                        seen.text_bytes += call.sid->size();
                                        for (char c : *call.sid) seen.hash = (seen.hash ^ std::uint8_t(c)) * 1099511628211ULL;
                                    }
                                    if (call.subresource_uris.recordings) seen.text_bytes += call.subresource_uris.recordings->size();
                                    if (call.caller_name) seen.text_bytes += call.caller_name->size();
                                    return seen.calls != seen.stop_at;
                                }};
    for (std::size_t at = 0; at < body.size() && !result.feed_error; at += chunk) {
        std::size_t n = body.size() - at < chunk ? body.size() - at : chunk;
        result.feed_error = parser.feed(body.data() + at, n);
    }
    result.finish_error = parser.finish();
    result.error_offset = parser.error_offset();
    result.stopped = parser.stopped();
    result.page = parser.page();
    // Using the results must not allocate either.
    (void)swcalls::kind_of(result.finish_error);
    (void)(result.finish_error == errc::call_too_large);
    return result;
}

}  // namespace

TEST_CASE("the counting operator new/delete count (a self-test of this file)") {
    struct alignas(64) over_aligned {
        char bytes[64];
    };
    allocation_window window;
    escape = ::operator new(24);
    ::operator delete(escape);
    int* array = new int[3];
    escape = array;
    delete[] array;
    over_aligned* big = new over_aligned;
    escape = big;
    const bool aligned = reinterpret_cast<std::uintptr_t>(big) % 64 == 0;
    delete big;
    int* nothrow = new (std::nothrow) int(5);
    escape = nothrow;
    delete nothrow;
    {
        std::string text(200, 'x');
        escape = text.data();
    }
    window.stop();
    CHECK(window.allocated() == 5);
    CHECK(window.freed() == 5);
    CHECK(aligned);
    window.resume();
    over_aligned* several = new over_aligned[3];
    escape = several;
    const bool array_aligned = reinterpret_cast<std::uintptr_t>(several) % 64 == 0;
    delete[] several;
    window.stop();
    CHECK(array_aligned);
    CHECK(window.allocated() == 6);
}

TEST_CASE("no allocation while parsing a page of 1000 calls: whole, one byte at a time, 1460-byte chunks") {
    const std::string body = make_page(1000);  // built before counting starts
    REQUIRE(body.size() > 1000 * 1300);
    std::int64_t expected_durations = 0;
    for (int i = 0; i < 1000; ++i) expected_durations += i;

    static char storage[4096];
    std::uint64_t first_hash = 0;
    for (std::size_t chunk : {body.size(), std::size_t(1), std::size_t(1460), std::size_t(7), std::size_t(65536)}) {
        CAPTURE(chunk);
        allocation_window window;
        run_result r = parse_in_chunks(body, chunk, storage, sizeof storage);
        window.stop();
        CHECK(window.allocated() == 0);
        CHECK(window.freed() == 0);
        CHECK(r.feed_error == std::error_code());
        CHECK(r.finish_error == std::error_code());
        CHECK(r.seen.calls == 1000);
        CHECK(r.page.calls == 1000);
        CHECK(r.seen.duration_sum == expected_durations);
        CHECK(r.page.has_next());
        CHECK(r.page.page_size == 1000);
        if (first_hash == 0) first_hash = r.seen.hash;
        CHECK(r.seen.hash == first_hash);
    }
}

TEST_CASE("no allocation with a field selection either, in a storage too small for the full parser") {
    const std::string body = make_page(1000);
    std::int64_t expected_durations = 0;
    for (int i = 0; i < 1000; ++i) expected_durations += i;
    static char storage[256];  // sid, status, duration, and the page's URIs
    for (std::size_t chunk : {body.size(), std::size_t(1), std::size_t(1460)}) {
        CAPTURE(chunk);
        allocation_window window;
        std::size_t calls = 0;
        std::int64_t durations = 0;
        bool only_selected = true;
        swcalls::page_parser parser{storage,
                                    [&](const swcalls::call_view& call) {
                                        ++calls;
                                        durations += call.duration.value_or(0);
                                        if (!call.sid || call.status != swcalls::call_status::completed ||
                                            call.to || call.price || call.subresource_uris.recordings)
                                            only_selected = false;
                                    },
                                    swcalls::only<swcalls::field::sid, swcalls::field::status, swcalls::field::duration>};
        std::error_code feed_error;
        for (std::size_t at = 0; at < body.size() && !feed_error; at += chunk)
            feed_error = parser.feed(body.data() + at, body.size() - at < chunk ? body.size() - at : chunk);
        std::error_code finish_error = parser.finish();
        swcalls::page_view page = parser.page();
        window.stop();
        CHECK(window.allocated() == 0);
        CHECK(window.freed() == 0);
        CHECK(feed_error == std::error_code());
        CHECK(finish_error == std::error_code());
        CHECK(calls == 1000);
        CHECK(durations == expected_durations);
        CHECK(only_selected);
        CHECK(page.has_next());
    }
    // The full parser does not fit in that storage.
    run_result full = parse_in_chunks(body, 1460, storage, sizeof storage);
    CHECK(full.finish_error == errc::call_too_large);
}

TEST_CASE("no allocation on the error paths either") {
    static char storage[4096];
    // Every body is built before counting starts.
    const std::string good = make_page(1000);
    std::string syntax = good;
    const std::size_t broken = syntax.find("\"status\"", syntax.size() / 2) + 8;  // the ':' after a key
    REQUIRE(syntax[broken] == ':');
    syntax[broken] = ';';
    const std::string truncated = good.substr(0, good.size() - 3);
    const std::string too_large = make_page(1000, [](int i) {
        return i == 700 ? make_call(i, std::string(5000, 'n')) : make_call(i);
    });
    const std::string wrong_type = make_page(1000, [](int i) {
        std::string call = make_call(i);
        if (i == 300) call.replace(call.find("\"annotation\":null"), 17, "\"annotation\":{}");
        return call;
    });
    const std::string bad_number = make_page(1000, [](int i) {
        std::string call = make_call(i);
        if (i == 400) call.replace(call.find("\"audio_in_mos\":4.5"), 18, "\"audio_in_mos\":\"x\"");
        return call;
    });
    const std::string not_a_page = "[" + good + "]";
    const std::string invalid_utf8 = make_page(1000, [](int i) {
        return i == 999 ? make_call(i, "\xC3\x28") : make_call(i);
    });

    struct error_case {
        const std::string* body;
        errc expected;
        std::size_t calls;  // delivered before the error
    };
    const error_case cases[] = {
        {&syntax, errc::unexpected_character, 0},  // the count is checked below from the offset instead
        {&truncated, errc::unexpected_end, 1000},
        {&too_large, errc::call_too_large, 700},
        {&wrong_type, errc::wrong_field_type, 300},
        {&bad_number, errc::invalid_field_value, 400},
        {&not_a_page, errc::not_a_calls_page, 0},
        {&invalid_utf8, errc::invalid_utf8, 999},
    };
    for (const error_case& c : cases) {
        for (std::size_t chunk : {c.body->size(), std::size_t(1), std::size_t(1460)}) {
            CAPTURE(chunk);
            CAPTURE(static_cast<int>(c.expected));
            allocation_window window;
            run_result r = parse_in_chunks(*c.body, chunk, storage, sizeof storage);
            window.stop();
            CHECK(window.allocated() == 0);
            CHECK(window.freed() == 0);
            CHECK(r.finish_error == c.expected);
            if (c.body == &syntax) {
                CHECK(r.error_offset == broken);
                CHECK(r.seen.calls > 400);
                CHECK(r.seen.calls < 600);
            } else {
                CHECK(r.seen.calls == c.calls);
            }
        }
    }

}

TEST_CASE("no allocation for an early stop, a small storage, and reset() between bodies") {
    static char storage[4096];
    const std::string good = make_page(1000);
    std::string syntax = good;
    syntax[syntax.find("\"status\"", syntax.size() / 2) + 8] = ';';
    const std::string truncated = good.substr(0, good.size() - 3);
    {
        allocation_window window;
        run_result stopped = parse_in_chunks(good, 1460, storage, sizeof storage, 10);
        char small[128];
        run_result small_storage = parse_in_chunks(good, 1460, small, sizeof small);
        tally seen;
        swcalls::page_parser parser{storage, [&seen](const swcalls::call_view&) { ++seen.calls; }};
        std::error_code first = parser.feed(syntax);
        parser.reset();
        std::error_code second = parser.feed(good);
        std::error_code second_finish = parser.finish();
        std::error_code after = parser.feed("x");
        parser.reset();
        std::error_code third = parser.feed(truncated);
        std::error_code third_finish = parser.finish();
        window.stop();
        CHECK(window.allocated() == 0);
        CHECK(stopped.stopped);
        CHECK(stopped.seen.calls == 10);
        CHECK(stopped.finish_error == std::error_code());
        CHECK(small_storage.finish_error == errc::call_too_large);
        CHECK(first == errc::unexpected_character);
        CHECK(second == std::error_code());
        CHECK(second_finish == std::error_code());
        CHECK(after == errc::parser_finished);
        CHECK(third == std::error_code());
        CHECK(third_finish == errc::unexpected_end);
        CHECK(seen.calls > 2000);
    }
}
