// bench/footprint/session.cpp — parser + list_session, driven by hand as an event loop would (no
// list_calls): the same work as core.cpp without the blocking driver loop.
#include <swcalls/list_session.hpp>

#include "footprint_io.hpp"
#include "on_call.hpp"

using session_type = swcalls::list_session<on_call_type>;

extern "C" const unsigned fp_sizeof_list_session = sizeof(session_type);

int main() {
    swcalls::endpoint where;
    swcalls::error_code ec = swcalls::parse_space_url(fp.space, where);
    where.project_id = fp.project;
    where.api_token = fp.token;
    swcalls::call_query query;
    query.to = fp.to;
    swcalls::list_storage<> memory;
    swcalls::list_options options;
    options.memory = memory.view();
    session_type session(where, options, on_call);
    swcalls::list_action a = session.start(query);
    while (a.what != swcalls::list_action::done) {
        if (a.what == swcalls::list_action::send) {
            fp.sink = static_cast<unsigned>(a.request_head.size());
            session.on_bytes(std::string_view(fp.input, fp.input_size));
            a = session.on_exchange_end({});
        } else {
            fp.sink = static_cast<unsigned>(a.delay.count());
            a = session.after_wait();
        }
        if (session.should_close()) fp.sink = 0;
    }
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(session.result().ec.value()) +
              static_cast<unsigned>(session.result().calls);
    return 0;
}
