// swcalls/write_result.hpp — what every swcalls function that writes into a caller's buffer returns.
//
// One shape for the request target, the Host and Authorization values, the request head and the next
// page's target: an error_code and a size. When the buffer is too small the error is
// errc::buffer_too_small, `size` is the exact number of bytes needed, and nothing at all is written to
// the buffer; call again with at least that many bytes.
#pragma once

#include <cstddef>
#include <system_error>

#include "error_code.hpp"

namespace swcalls {

struct write_result {
    error_code ec;          // {} on success
    std::size_t size = 0;   // success: bytes written; errc::buffer_too_small: bytes needed; other errors: 0
};

}  // namespace swcalls
