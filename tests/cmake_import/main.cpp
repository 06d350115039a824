// A consumer of swcalls: compiles against whichever way CMake found the library and checks it is the one
// it was promised. A second translation unit includes the same header, so a non-inline definition in a
// header fails to link here.
#include <swcalls/swcalls.hpp>

#include <cstdio>
#include <cstring>
#include <system_error>

bool second_unit_agrees();

int main() {
    int failures = 0;
    auto check = [&](bool ok, const char* what) {
        if (!ok) {
            std::fprintf(stderr, "%s: FAILED: %s\n", CONSUMER_NAME, what);
            ++failures;
        }
    };
    check(std::strcmp(SWCALLS_VERSION_STRING, SWCALLS_EXPECTED_VERSION) == 0, "the expected version");
    std::error_code ec = swcalls::errc::unexpected_end;
    check(swcalls::kind_of(ec) == swcalls::errc_kind::syntax, "errc converts to a syntax error_code");
    check(swcalls::to_text(swcalls::status_from_text("in-progress")) == "in-progress", "status text round trip");
    check(second_unit_agrees(), "a second translation unit sees the same category");
    if (failures == 0) std::printf("%s: swcalls %s ok\n", CONSUMER_NAME, SWCALLS_VERSION_STRING);
    return failures == 0 ? 0 : 1;
}
