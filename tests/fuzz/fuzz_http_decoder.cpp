// libFuzzer target for swcalls::http_response_decoder: any bytes, fed whole or split at fuzzer-chosen points,
// must give the same answer (error, offset, head fields, body bytes), never hand out a byte twice or one that
// was not fed, and a well-formed response built from the input must decode to exactly the body it carries.
// Build/run: see tests/fuzz/README.md (or tools/fuzz.sh).
//
// Input layout: byte 0 and byte 1 are parameters, the rest is the payload.
//   byte 0:       chunking: < 0x40 fixed chunks of (byte0 + 1) bytes; otherwise pseudo-random sizes 0..31
//                 (0 = an empty feed) from a generator seeded with byte 0
//   byte 1 bit 0: pause_after_head (the list session's mode: the rest of the chunk is fed again)
//   byte 1 bit 1: small limits (64-byte lines, 256-byte heads) instead of the defaults
//   byte 1 bits 6-7: 0 or 1: the payload is a whole response, decoded as it is;
//                 2: the payload is a body, sent chunked (sizes and extensions from the generator);
//                 3: the payload is a body, sent with Content-Length.
//   In modes 2 and 3 the decoder must finish with no error, complete, keep-alive, the body exactly the payload.
#include <swcalls/http_response.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#define FUZZ_CHECK(x)                \
    do {                             \
        if (!(x)) __builtin_trap();  \
    } while (0)

namespace {

struct body_collector {
    std::string* body;
    void operator()(std::string_view bytes) const { body->append(bytes.data(), bytes.size()); }
};

// Everything observable about one decoded response.
struct outcome {
    swcalls::error_code error;
    std::uint64_t error_offset = 0, consumed = 0, body_bytes = 0;
    int status = 0, version = 0;
    std::string reason, content_type, body;
    bool complete = false, head_complete = false, keep_alive = false, content_type_truncated = false;
    swcalls::http_framing framing = swcalls::http_framing::unknown;
    std::optional<std::uint64_t> content_length;
    swcalls::http_retry_after::form retry_kind = swcalls::http_retry_after::form::absent;
    std::uint64_t retry_seconds = 0;
    swcalls::utc_timestamp retry_date{};
    std::uint32_t interim = 0;
    std::size_t fed = 0;  // bytes of the input the decoder took as this response's

    bool operator==(const outcome& o) const {
        return error == o.error && error_offset == o.error_offset && consumed == o.consumed &&
               body_bytes == o.body_bytes && status == o.status && version == o.version && reason == o.reason &&
               content_type == o.content_type && body == o.body && complete == o.complete &&
               head_complete == o.head_complete && keep_alive == o.keep_alive &&
               content_type_truncated == o.content_type_truncated && framing == o.framing &&
               content_length == o.content_length && retry_kind == o.retry_kind && retry_seconds == o.retry_seconds &&
               retry_date == o.retry_date && interim == o.interim && fed == o.fed;
    }
};

struct generator {
    std::uint32_t state;
    std::uint32_t next() {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
};

// Splits `size` bytes as byte 0 says.
std::vector<std::size_t> chunk_sizes(std::uint8_t how, std::size_t size) {
    std::vector<std::size_t> sizes;
    generator g{0x9E3779B9u ^ how};
    std::size_t left = size;
    while (left > 0) {
        std::size_t n = how < 0x40 ? std::size_t(how) + 1 : g.next() % 32;
        if (n > left) n = left;
        sizes.push_back(n);
        left -= n;
    }
    return sizes;
}

outcome decode(std::string_view input, const std::vector<std::size_t>& sizes, swcalls::http_decoder_options options) {
    outcome out;
    swcalls::http_response_decoder<body_collector> decoder(body_collector{&out.body}, options);
    std::size_t at = 0;
    bool stopped = false;
    for (std::size_t size : sizes) {
        std::string_view chunk = input.substr(at, size);
        at += size;
        // Fed again after a pause at the end of the head, as the list session does.
        for (;;) {
            const swcalls::http_feed_result r = decoder.feed(chunk);
            FUZZ_CHECK(r.used <= chunk.size());
            out.fed += r.used;
            chunk.remove_prefix(r.used);
            if (r.error || decoder.complete()) {
                FUZZ_CHECK(r.error == decoder.error());
                stopped = true;
                break;
            }
            if (chunk.empty()) break;
            FUZZ_CHECK(r.used != 0);  // no error, not complete, bytes left: it must have taken some
            FUZZ_CHECK(options.pause_after_head && decoder.head_complete());  // the only other reason to return
        }
        if (stopped) break;
    }
    if (!stopped) {
        const swcalls::error_code finished = decoder.finish();
        FUZZ_CHECK(finished == decoder.error());
        FUZZ_CHECK(!finished || !decoder.complete());
        // finish() twice says the same.
        FUZZ_CHECK(decoder.finish() == finished);
    }
    out.error = decoder.error();
    out.error_offset = decoder.error_offset();
    out.consumed = decoder.consumed();
    out.body_bytes = decoder.body_bytes();
    out.status = decoder.status();
    out.version = decoder.version();
    out.reason = std::string(decoder.reason());
    out.content_type = std::string(decoder.content_type());
    out.content_type_truncated = decoder.content_type_truncated();
    out.complete = decoder.complete();
    out.head_complete = decoder.head_complete();
    out.keep_alive = decoder.keep_alive();
    out.framing = decoder.framing();
    out.content_length = decoder.content_length();
    out.retry_kind = decoder.retry_after().kind;
    out.retry_seconds = decoder.retry_after().seconds;
    out.retry_date = decoder.retry_after().date;
    out.interim = decoder.interim_responses();

    // Invariants of any outcome.
    FUZZ_CHECK(out.body.size() == out.body_bytes);
    FUZZ_CHECK(out.body.size() <= out.fed);
    FUZZ_CHECK(out.fed <= input.size());
    FUZZ_CHECK(out.consumed <= input.size());
    if (out.error) {
        FUZZ_CHECK(!out.complete);
        FUZZ_CHECK(out.error_offset <= input.size());
        FUZZ_CHECK(!out.keep_alive);
    }
    if (out.complete) {
        FUZZ_CHECK(out.head_complete);
        FUZZ_CHECK(out.status >= 200 && out.status <= 599);
        if (out.framing == swcalls::http_framing::content_length) {
            FUZZ_CHECK(out.content_length && *out.content_length == out.body.size());
        }
        if (out.framing == swcalls::http_framing::none) FUZZ_CHECK(out.body.empty());
    }
    if (!out.head_complete) FUZZ_CHECK(out.body.empty());
    return out;
}

// A response carrying `body`: chunked (sizes, hex case and extensions from the generator) or with Content-Length.
std::string build_response(std::string_view body, bool chunked, std::uint32_t seed) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    if (!chunked) {
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        r.append(body.data(), body.size());
        return r;
    }
    r += "Transfer-Encoding: chunked\r\n\r\n";
    generator g{seed | 1u};
    std::size_t at = 0;
    while (at < body.size()) {
        std::size_t n = 1 + g.next() % 300;
        if (n > body.size() - at) n = body.size() - at;
        char size[32];
        std::snprintf(size, sizeof size, (g.next() & 1) ? "%zx" : "%zX", n);
        r += size;
        if ((g.next() & 7) == 0) r += ";ext=\"v\"";
        r += (g.next() & 3) == 0 ? "\n" : "\r\n";  // a bare LF is accepted as a line end
        r.append(body.data() + at, n);
        r += "\r\n";
        at += n;
    }
    r += "0\r\n";
    if (g.next() & 1) r += "X-Trailer: yes\r\n";
    r += "\r\n";
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t how = data[0];
    const std::uint8_t flags = data[1];
    const std::string_view payload(reinterpret_cast<const char*>(data + 2), size - 2);

    swcalls::http_decoder_options options;
    options.pause_after_head = (flags & 1) != 0;
    if (flags & 2) {
        options.max_line_length = 64;
        options.max_head_size = 256;
    }
    const unsigned mode = flags >> 6;

    std::string built;
    std::string_view input = payload;
    if (mode >= 2) {
        built = build_response(payload, mode == 2, 0x5bd1e995u ^ how);
        input = built;
        options.max_line_length = 8 * 1024;  // the built head is well within the defaults
        options.max_head_size = 32 * 1024;
    }

    const outcome whole = decode(input, {input.size()}, options);
    const outcome split = decode(input, chunk_sizes(how, input.size()), options);
    FUZZ_CHECK(whole == split);
    // One byte at a time, for short inputs (the slowest and most thorough chunking).
    if (input.size() <= 512) FUZZ_CHECK(decode(input, std::vector<std::size_t>(input.size(), 1), options) == whole);

    if (mode >= 2) {
        FUZZ_CHECK(!whole.error);
        FUZZ_CHECK(whole.complete);
        FUZZ_CHECK(whole.status == 200);
        FUZZ_CHECK(whole.keep_alive);
        FUZZ_CHECK(whole.body == payload);
        FUZZ_CHECK(whole.fed == input.size());
        FUZZ_CHECK(whole.framing ==
                   (mode == 2 ? swcalls::http_framing::chunked
                              : (payload.empty() ? swcalls::http_framing::none : swcalls::http_framing::content_length)));
        FUZZ_CHECK(whole.content_type == "application/json");
    }
    return 0;
}
