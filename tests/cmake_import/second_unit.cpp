#include <swcalls/swcalls.hpp>

bool second_unit_agrees() {
    return swcalls::make_error_code(swcalls::errc::call_too_large).category() == swcalls::error_category();
}
