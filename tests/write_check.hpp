// A check for every function that writes into a caller's buffer and returns swcalls::write_result: the
// exact bytes when the buffer is large enough, and, for every smaller size (down to a null buffer of size
// 0), errc::buffer_too_small with the exact size needed and not one byte written, inside the buffer or past it.
#pragma once

#include <swcalls/error.hpp>
#include <swcalls/write_result.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <ostream>  // doctest prints std::error_code through it
#include <string>
#include <string_view>
#include <system_error>

namespace swcalls_test {

// Calls write(out, size) with a buffer of exactly the needed size, then of every smaller size. Returns the
// text written into the exact-size buffer ("" on error, after failing a CHECK).
template <class Write>
std::string check_writes(Write&& write) {
    constexpr char guard = '\x5a';
    // The size needed, as the writer reports it for a null buffer of size 0.
    const swcalls::write_result probe = write(static_cast<char*>(nullptr), std::size_t(0));
    REQUIRE(probe.ec == swcalls::errc::buffer_too_small);
    const std::size_t needed = probe.size;
    REQUIRE(needed > 0);

    // A buffer with a guard region after it: nothing may be written past the size given.
    std::string arena(needed + 64, guard);
    std::size_t wrong_error = 0, wrong_size = 0, touched = 0;
    for (std::size_t size = 0; size < needed; ++size) {
        const swcalls::write_result r = write(arena.data(), size);
        if (r.ec != swcalls::errc::buffer_too_small) ++wrong_error;
        if (r.size != needed) ++wrong_size;
        if (arena.find_first_not_of(guard) != std::string::npos) {
            ++touched;
            arena.assign(needed + 64, guard);
        }
    }
    CHECK_MESSAGE(wrong_error == 0, wrong_error, " sizes below ", needed, " did not give buffer_too_small");
    CHECK_MESSAGE(wrong_size == 0, wrong_size, " sizes below ", needed, " reported another size needed");
    CHECK_MESSAGE(touched == 0, touched, " sizes below ", needed, " wrote into the buffer");

    const swcalls::write_result exact = write(arena.data(), needed);
    CHECK(exact.ec == std::error_code());
    CHECK(exact.size == needed);
    CHECK(arena.substr(needed) == std::string(64, guard));
    // A larger buffer gives the same bytes and size.
    std::string larger(needed + 100, guard);
    const swcalls::write_result roomy = write(larger.data(), larger.size());
    CHECK(roomy.ec == std::error_code());
    CHECK(roomy.size == needed);
    CHECK(larger.substr(0, needed) == arena.substr(0, needed));
    if (exact.ec) return std::string();
    return arena.substr(0, needed);
}

// What a writer that must fail returns, with a buffer that is certainly large enough; the buffer must be
// left untouched.
template <class Write>
swcalls::write_result failed_write(Write&& write) {
    std::string buffer(4096, '\x5a');
    const swcalls::write_result r = write(buffer.data(), buffer.size());
    CHECK(r.ec != std::error_code());
    CHECK(r.size == 0);
    CHECK(buffer == std::string(4096, '\x5a'));
    return r;
}

}  // namespace swcalls_test
