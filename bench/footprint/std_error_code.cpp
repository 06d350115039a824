// bench/footprint/std_error_code.cpp — the floor of any std::error_code API, without swcalls: a minimal
// custom category (name() and the message() every category must have, returning std::string) behind a
// static, as make_error_code needs. Its vtable links std::string (operator new, malloc) and libstdc++'s
// system_error.o (the base class's virtuals, and through them strerror), whether message() is called or
// not. The error_code row is swcalls's real category: this plus its message table.
#include <string>
#include <system_error>

#include "footprint_io.hpp"

namespace {
class minimal_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "x"; }
    std::string message(int) const override { return "x"; }
};
const std::error_category& category() noexcept {
    static const minimal_category c;
    return c;
}
}  // namespace

int main() {
    const std::error_code ec(static_cast<int>(fp.input_size & 0xff), category());
    fp.sink = static_cast<unsigned>(ec.value()) + (ec == std::error_code(1, category()) ? 1u : 0u);
    return 0;
}
