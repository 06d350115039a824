// bench/footprint/input.cpp — linked into every footprint image, the empty one included, so the deltas
// count library code only: the bytes each program reads (a tiny HTTP response with a one-call page, and
// the credentials and filter of the request images), reached through the volatile members of `fp`.
#include "footprint_io.hpp"

namespace {
const char response[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 192\r\n\r\n"
    "{\"calls\":[{\"sid\":\"CA1\",\"status\":\"completed\",\"duration\":\"4\",\"price\":\"-0.200\","
    "\"date_created\":\"Wed, 19 Sep 2018 20:00:00 +0000\",\"to\":\"+15551234567\"}],"
    "\"next_page_uri\":null,\"page\":0,\"page_size\":50}";
}  // namespace

extern "C" {
fp_io fp = {
    response,
    sizeof response - 1,
    0,
    "example",
    "b3877c40-da60-4998-90ad-b792e98472af",
    "PTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "+15551234567",
};
}
