// tools/mock/mock_faults.hpp — which requests the mock server answers badly, and how.
//
//   swcalls_mock::fault_plan plan;  plan.rate_429 = 0.2;  plan.retry_after_seconds = 0;
//   swcalls_mock::fault_dice dice{plan};            // one per server, shared by its connections
//   swcalls_mock::fault_draw d = dice.draw();       // per request: kind, 5xx status, where to cut, ...
//
// Every random choice comes from one generator seeded with plan.seed and drawn under a lock, in the order
// requests arrive: one client talking to the server sees the same faults on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>

namespace swcalls_mock {

struct fault_plan {
    // Chance, per request, of each fault (their sum should be at most 1; they are tried in this order).
    double rate_429 = 0, rate_5xx = 0, rate_reset = 0, rate_short = 0;
    unsigned retry_after_seconds = 0;  // Retry-After sent with 429 and 503 (0 sends "Retry-After: 0")
    std::size_t drip_bytes = 0;        // > 0: responses are written drip_bytes at a time ...
    unsigned drip_delay_ms = 0;        // ... with this pause between writes
    bool chunked = false;              // Transfer-Encoding: chunked for 200 bodies (random chunk sizes)
    std::uint64_t seed = 1;
    bool send_retry_after = true;      // false: 429 and 503 come without Retry-After (the client's backoff)
};

enum class fault_kind {
    none,
    too_many_requests,  // 429 with the API's 20429 body
    server_error,       // 500, 502 (an HTML page, as proxies send) or 503
    reset,              // part of the body, then a TCP reset (SO_LINGER 0)
    short_body,         // part of the body, then a clean close: Content-Length promised more
};

struct fault_draw {
    fault_kind kind = fault_kind::none;
    int status = 0;            // with server_error: 500, 502 or 503
    double cut = 0;            // with reset and short_body: the fraction of the body sent, in [0, 1)
    std::uint64_t chunk_seed = 0;  // the chunk sizes of a chunked body
};

// xorshift64*: small, fast, and the same everywhere.
class fault_random {
public:
    explicit fault_random(std::uint64_t seed) noexcept : state_(seed ? seed : 0x9E3779B97F4A7C15ULL) {}
    std::uint64_t next() noexcept {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545F4914F6CDD1DULL;
    }
    // Uniform in [0, 1).
    double unit() noexcept { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

private:
    std::uint64_t state_;
};

class fault_dice {
public:
    explicit fault_dice(const fault_plan& plan) noexcept : plan_(plan), random_(plan.seed) {}

    // The fate of the next request. Always draws the same number of values, so the sequence does not
    // depend on which faults happened.
    fault_draw draw() {
        std::lock_guard<std::mutex> lock(mutex_);
        const double u = random_.unit();
        const std::uint64_t variant = random_.next();
        fault_draw d;
        d.cut = random_.unit();
        d.chunk_seed = random_.next();
        double edge = plan_.rate_429;
        if (u < edge) {
            d.kind = fault_kind::too_many_requests;
            d.status = 429;
        } else if (u < (edge += plan_.rate_5xx)) {
            d.kind = fault_kind::server_error;
            static constexpr int statuses[] = {500, 502, 503};
            d.status = statuses[variant % 3];
        } else if (u < (edge += plan_.rate_reset)) {
            d.kind = fault_kind::reset;
        } else if (u < (edge += plan_.rate_short)) {
            d.kind = fault_kind::short_body;
        }
        return d;
    }

private:
    fault_plan plan_;
    fault_random random_;
    std::mutex mutex_;
};

}  // namespace swcalls_mock
