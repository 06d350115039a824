// swcalls/retry_policy.hpp — when to try a failed page again, and how long to wait first.
//
// Listing calls is a GET: safe to repeat. 429 (too many requests), 5xx and broken connections are retried;
// the wait honours the server's Retry-After when it sends one, otherwise it grows exponentially with
// jitter, so that many clients failing together do not retry together. Pure arithmetic: the list driver
// owns the clock and the sleeping, and tests inject both.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace swcalls {

struct retry_policy {
    // Attempts per page, the first included: 1 means never retry.
    std::uint32_t max_attempts = 5;
    // The first backoff; each later one doubles, up to max_delay.
    std::chrono::milliseconds base_delay{500};
    // The longest single wait. A Retry-After longer than this is not waited for: the page fails instead,
    // since a server asking for a long pause will not answer sooner to a client that ignores it.
    std::chrono::milliseconds max_delay{30000};
};

// Whether an HTTP status is worth another attempt of the same GET.
constexpr bool is_retryable_status(int status) noexcept { return status == 429 || (status >= 500 && status <= 599); }

// A small, fast generator for jitter (xorshift64*): deterministic from its seed, so tests can replay it.
class jitter_source {
public:
    constexpr explicit jitter_source(std::uint64_t seed) noexcept : state_(seed ? seed : 0x9E3779B97F4A7C15ULL) {}
    constexpr std::uint64_t next() noexcept {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545F4914F6CDD1DULL;
    }

private:
    std::uint64_t state_;
};

namespace detail {
// floor(random * n / 2^64): a draw in [0, n) from 64 random bits, without a division (which on a 32-bit
// MCU links a 700-byte routine); the high half of the 128-bit product, from 32-bit halves.
// Each step is a 32x32 product plus at most two 32-bit values, which cannot overflow 64 bits (one UMAAL on an M4).
constexpr std::uint64_t scale_to(std::uint64_t random, std::uint64_t n) noexcept {
    const std::uint64_t r_lo = random & 0xFFFFFFFFu, r_hi = random >> 32;
    const std::uint64_t n_lo = n & 0xFFFFFFFFu, n_hi = n >> 32;
    const std::uint64_t lo_lo = r_lo * n_lo;
    const std::uint64_t hi_lo = r_hi * n_lo + (lo_lo >> 32);
    const std::uint64_t lo_hi = r_lo * n_hi + (hi_lo & 0xFFFFFFFFu);
    return r_hi * n_hi + (hi_lo >> 32) + (lo_hi >> 32);
}
}  // namespace detail

// How long to wait before attempt number `next_attempt` (2 for the first retry), or nullopt when the
// policy says stop: attempts used up, or a Retry-After beyond max_delay. With no Retry-After the wait is
// drawn uniformly from [d/2, d], d = min(max_delay, base_delay × 2^(next_attempt - 2)).
constexpr std::optional<std::chrono::milliseconds> retry_delay(const retry_policy& policy, std::uint32_t next_attempt,
                                                              std::optional<std::chrono::milliseconds> retry_after,
                                                              jitter_source& jitter) noexcept {
    if (next_attempt < 2 || next_attempt > policy.max_attempts) return std::nullopt;
    if (retry_after) {
        if (*retry_after > policy.max_delay) return std::nullopt;
        return *retry_after < std::chrono::milliseconds(0) ? std::chrono::milliseconds(0) : *retry_after;
    }
    // Unsigned from here (both are clamped at 0 first): halving and doubling are plain shifts then.
    const std::uint64_t ceiling = policy.max_delay.count() < 0 ? 0 : static_cast<std::uint64_t>(policy.max_delay.count());
    std::uint64_t delay = policy.base_delay.count() < 0 ? 0 : static_cast<std::uint64_t>(policy.base_delay.count());
    if (delay > ceiling) delay = ceiling;  // (doubling never passes the ceiling: it stops at it)
    // delay <= ceiling < 2^63, so doubling cannot overflow: double, then cap. A delay of 0, or at the
    // ceiling, stays as it is, and 63 doublings take any other past the ceiling: no more are needed, and
    // the loop needs no other test.
    const std::uint32_t doublings = next_attempt - 2 < 63 ? next_attempt - 2 : 63;
    for (std::uint32_t i = 0; i < doublings; ++i) {
        delay *= 2;
        if (delay > ceiling) delay = ceiling;
    }
    const std::uint64_t half = delay / 2;
    const std::uint64_t spread = delay - half;  // uniform in [half, delay]
    return std::chrono::milliseconds(static_cast<std::int64_t>(half + detail::scale_to(jitter.next(), spread + 1)));
}

}  // namespace swcalls
