// bench/footprint/request.cpp — the request side alone: an endpoint from a space name, a call_query with a
// text, a status, a date and a page size, and the complete request head written into a caller's buffer.
#include <swcalls/call_query.hpp>
#include <swcalls/endpoint.hpp>
#include <swcalls/request_writer.hpp>

#include "footprint_io.hpp"

extern "C" const unsigned fp_sizeof_endpoint = sizeof(swcalls::endpoint);
extern "C" const unsigned fp_sizeof_call_query = sizeof(swcalls::call_query);

int main() {
    swcalls::endpoint where;
    swcalls::error_code ec = swcalls::parse_space_url(fp.space, where);
    where.project_id = fp.project;
    where.api_token = fp.token;
    swcalls::call_query query;
    query.to = fp.to;
    query.status = static_cast<swcalls::call_status>(fp.input_size & 3);
    query.start_time_after = swcalls::date_filter::on_date(2018, 9, fp.input_size & 15);
    query.page_size = fp.input_size;
    char head[1024];  // the caller's buffer, on the stack
    const swcalls::write_result r = swcalls::write_request_head(where, query, head, sizeof head);
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(r.ec.value()) + static_cast<unsigned>(r.size) +
              static_cast<unsigned>(head[r.size / 2]);
    return 0;
}
