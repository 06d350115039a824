// bench/footprint/http.cpp — the HTTP/1.1 response decoder alone, fed the shared response: status,
// framing, keep-alive and Retry-After read, body bytes counted by the sink.
#include <swcalls/http_response.hpp>

#include "footprint_io.hpp"

namespace {
struct count_body {
    unsigned* total;
    void operator()(std::string_view bytes) const { *total += static_cast<unsigned>(bytes.size()); }
};
}  // namespace

extern "C" const unsigned fp_sizeof_http_decoder = sizeof(swcalls::http_response_decoder<count_body>);

int main() {
    unsigned body = 0;
    swcalls::http_response_decoder<count_body> decoder{count_body{&body}};
    const swcalls::http_feed_result fed = decoder.feed(fp.input, fp.input_size);
    swcalls::error_code ec = fed.error;
    if (!ec && !decoder.complete()) ec = decoder.finish();
    const auto wait = decoder.retry_after().wait_seconds(swcalls::utc_timestamp{1537387200, 0});
    fp.sink = static_cast<unsigned>(ec.value()) + static_cast<unsigned>(fed.used) + body +
              static_cast<unsigned>(decoder.status()) + static_cast<unsigned>(decoder.framing()) +
              (decoder.keep_alive() ? 1u : 0u) + static_cast<unsigned>(wait.value_or(0));
    return 0;
}
