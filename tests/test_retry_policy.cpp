// Tests for swcalls/retry_policy.hpp: which statuses are retried and how long each wait is.
#include <swcalls/retry_policy.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <optional>

using std::chrono::milliseconds;
using swcalls::retry_delay;
using swcalls::retry_policy;

TEST_CASE("retry: 429 and 5xx are retried, nothing else") {
    for (int status : {429, 500, 502, 503, 504, 599}) CHECK(swcalls::is_retryable_status(status));
    for (int status : {200, 204, 301, 400, 401, 403, 404, 428, 430, 600}) CHECK_FALSE(swcalls::is_retryable_status(status));
}

TEST_CASE("retry: exponential backoff with jitter in [d/2, d], capped at max_delay") {
    retry_policy policy;  // 5 attempts, 500 ms base, 30 s cap
    swcalls::jitter_source jitter(42);
    const std::int64_t expected_ceiling[] = {500, 1000, 2000, 4000};  // before attempts 2, 3, 4, 5
    for (int round = 0; round < 200; ++round) {
        for (std::uint32_t attempt = 2; attempt <= 5; ++attempt) {
            std::optional<milliseconds> wait = retry_delay(policy, attempt, std::nullopt, jitter);
            REQUIRE(wait);
            const std::int64_t d = expected_ceiling[attempt - 2];
            CHECK(wait->count() >= d / 2);
            CHECK(wait->count() <= d);
        }
    }
    // Used up: attempt 6 of 5, and nonsense attempt numbers.
    CHECK_FALSE(retry_delay(policy, 6, std::nullopt, jitter));
    CHECK_FALSE(retry_delay(policy, 1, std::nullopt, jitter));
    CHECK_FALSE(retry_delay(policy, 0, std::nullopt, jitter));

    policy.max_attempts = 100;
    policy.max_delay = milliseconds(3000);
    for (std::uint32_t attempt = 2; attempt <= 100; ++attempt) {
        std::optional<milliseconds> wait = retry_delay(policy, attempt, std::nullopt, jitter);
        REQUIRE(wait);
        CHECK(wait->count() <= 3000);
        if (attempt >= 5) CHECK(wait->count() >= 1500);  // the cap, halved by jitter at most
    }
}

TEST_CASE("retry: the jitter actually varies, and is replayable from its seed") {
    retry_policy policy;
    swcalls::jitter_source a(7), b(7), c(8);
    bool differs = false;
    std::int64_t first = -1;
    for (int i = 0; i < 50; ++i) {
        std::int64_t wa = retry_delay(policy, 4, std::nullopt, a)->count();
        CHECK(wa == retry_delay(policy, 4, std::nullopt, b)->count());
        if (first < 0) first = wa;
        differs |= wa != first;
        (void)retry_delay(policy, 4, std::nullopt, c);
    }
    CHECK(differs);
}

TEST_CASE("retry: the jitter draw is floor(random * n / 2^64), exact to the last bit") {
    using swcalls::detail::scale_to;
    // Against 128-bit arithmetic where the compiler has it; the fixed cases hold everywhere.
    static_assert(scale_to(0, 1000) == 0);
    static_assert(scale_to(~0ULL, 1000) == 999);
    static_assert(scale_to(1ULL << 63, 1000) == 500);
    static_assert(scale_to(~0ULL, ~0ULL) == ~0ULL - 1);
    static_assert(scale_to(~0ULL, 1) == 0);
#ifdef __SIZEOF_INT128__
    __extension__ typedef unsigned __int128 u128;
    swcalls::jitter_source random(11);
    const std::uint64_t sizes[] = {1, 2, 3, 1000, 0xFFFFFFFFULL, 0x100000000ULL, 0x123456789ABCDEFULL, ~0ULL};
    std::uint64_t mismatches = 0;
    for (int i = 0; i < 20000; ++i) {
        const std::uint64_t r = random.next(), n = sizes[i % 8] + (i % 8 == 7 ? 0 : random.next() % 7);
        const auto expected = static_cast<std::uint64_t>((static_cast<u128>(r) * n) >> 64);
        mismatches += scale_to(r, n) != expected;
    }
    CHECK(mismatches == 0);
#endif
}

TEST_CASE("retry: Retry-After is honoured exactly, unless it is longer than max_delay") {
    retry_policy policy;
    swcalls::jitter_source jitter(1);
    CHECK(retry_delay(policy, 2, milliseconds(7000), jitter) == milliseconds(7000));
    CHECK(retry_delay(policy, 2, milliseconds(0), jitter) == milliseconds(0));
    CHECK(retry_delay(policy, 2, milliseconds(-5), jitter) == milliseconds(0));  // a date in the past
    CHECK(retry_delay(policy, 2, milliseconds(30000), jitter) == milliseconds(30000));
    CHECK_FALSE(retry_delay(policy, 2, milliseconds(30001), jitter));
    CHECK_FALSE(retry_delay(policy, 6, milliseconds(1), jitter));  // attempts still count
}

TEST_CASE("retry: degenerate policies do not loop or overflow") {
    swcalls::jitter_source jitter(3);
    retry_policy never;
    never.max_attempts = 1;
    CHECK_FALSE(retry_delay(never, 2, std::nullopt, jitter));

    retry_policy zero;
    zero.max_attempts = UINT32_MAX;
    zero.base_delay = milliseconds(0);
    CHECK(retry_delay(zero, UINT32_MAX, std::nullopt, jitter) == milliseconds(0));

    retry_policy huge;
    huge.max_attempts = UINT32_MAX;
    huge.base_delay = milliseconds(1);
    huge.max_delay = milliseconds(INT64_MAX);
    std::optional<milliseconds> wait = retry_delay(huge, UINT32_MAX, std::nullopt, jitter);
    REQUIRE(wait);
    CHECK(wait->count() >= INT64_MAX / 2);
}

TEST_CASE("retry: a negative max_delay waits nothing rather than dividing by zero") {
    retry_policy odd;
    odd.max_delay = milliseconds(-1);
    swcalls::jitter_source jitter(5);
    for (std::uint32_t attempt = 2; attempt <= odd.max_attempts; ++attempt)
        CHECK(retry_delay(odd, attempt, std::nullopt, jitter) == milliseconds(0));
}
