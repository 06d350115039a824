// bench/footprint/error_code.cpp — swcalls's std::error_code plumbing alone: make_error_code() and the
// category it points at (error.hpp). Every other image has this under it; this row says what it costs.
#include <swcalls/error.hpp>

#include "footprint_io.hpp"

int main() {
    const std::error_code ec = swcalls::make_error_code(static_cast<swcalls::errc>(fp.input_size & 0xff));
    fp.sink = static_cast<unsigned>(ec.value()) + (ec == swcalls::errc::unexpected_end ? 1u : 0u);
    return 0;
}
