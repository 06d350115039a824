// bench/footprint/core.cpp — the whole core: endpoint + call_query + request writer + HTTP/1.1 decoder +
// page parser + list driver (list_calls, so list_session, retries, paging, cursor), over a transport
// that "sends" the head and answers with the shared response. The clock is the default one
// (system_utc_now, for Retry-After dates), as a program that does not set options.clock gets.
#include <swcalls/list_driver.hpp>

#include "footprint_io.hpp"
#include "on_call.hpp"

// core_few.cpp: the same listing, parsing three fields (FP_FEW_FIELDS).
#ifdef FP_FEW_FIELDS
namespace {
using swcalls::field;
auto on_few = [](const swcalls::call_view& call) {
    fp.sink = static_cast<unsigned>(call.sid.value_or("").size()) + static_cast<unsigned>(call.status.has_value()) +
              static_cast<unsigned>(call.duration.value_or(0));
};
}  // namespace
#define FP_LISTING_CALLBACK on_few, sleep, swcalls::only<field::sid, field::status, field::duration>
#else
#define FP_LISTING_CALLBACK on_call, sleep
#endif

namespace {
struct buffer_transport {
    std::error_code exchange(std::string_view head, swcalls::byte_sink on_bytes) {
        fp.sink = static_cast<unsigned>(head.size()) + static_cast<unsigned>(head[head.size() / 2]);
        on_bytes(std::string_view(fp.input, fp.input_size));
        return {};
    }
    void close() { fp.sink = 0; }
};
}  // namespace

#ifndef FP_FEW_FIELDS
extern "C" const unsigned fp_sizeof_list_result = sizeof(swcalls::list_result);
#endif

int main() {
    swcalls::endpoint where;
    swcalls::error_code ec = swcalls::parse_space_url(fp.space, where);
    where.project_id = fp.project;
    where.api_token = fp.token;
    swcalls::call_query query;
    query.to = fp.to;
    query.status = static_cast<swcalls::call_status>(fp.input_size & 3);
    query.start_time_after = swcalls::date_filter::on_date(2018, 9, fp.input_size & 15);
    swcalls::list_storage<> memory;  // the caller's memory, on the stack
    swcalls::list_options options;
    options.memory = memory.view();
    buffer_transport transport;
    auto sleep = [](std::chrono::milliseconds d) { fp.sink = static_cast<unsigned>(d.count()); };
    const swcalls::list_result r = swcalls::list_calls(transport, where, query, options, FP_LISTING_CALLBACK);
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(r.ec.value()) +
              static_cast<unsigned>(r.calls) + static_cast<unsigned>(r.pages);
    return 0;
}
