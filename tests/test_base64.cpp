// Tests for swcalls/detail/base64.hpp. Included first to prove the header is self-contained.
#include <swcalls/detail/base64.hpp>
#include <swcalls/request_writer.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace {

using swcalls::detail::base64_encode;
using swcalls::detail::base64_encoded_size;
using swcalls::detail::base64_writer;

// Encodes into a buffer one byte larger than needed; the guard byte proves nothing is written past the size.
std::string encode(std::string_view bytes) {
    const std::size_t size = base64_encoded_size(bytes.size());
    std::string buffer(size + 1, '#');
    const std::size_t written = base64_encode(bytes, buffer.data());
    CHECK(written == size);
    CHECK(buffer[size] == '#');
    buffer.resize(written);
    return buffer;
}

// The same bytes handed to base64_writer in three pieces, cut at a and b.
std::string encode_pieces(std::string_view bytes, std::size_t a, std::size_t b) {
    std::string buffer(base64_encoded_size(bytes.size()) + 1, '#');
    base64_writer writer{buffer.data()};
    writer.add(bytes.substr(0, a));
    writer.add(bytes.substr(a, b - a));
    writer.add(bytes.substr(b));
    const std::size_t written = writer.finish();
    CHECK(buffer[buffer.size() - 1] == '#');
    buffer.resize(written);
    return buffer;
}

constexpr bool encodes_at_compile_time() {
    char out[8] = {};
    return base64_encode("foob", out) == 8 && out[0] == 'Z' && out[5] == 'g' && out[6] == '=' && out[7] == '=';
}
static_assert(encodes_at_compile_time());

}  // namespace

TEST_CASE("base64: the RFC 4648 section 10 test vectors") {
    CHECK(encode("") == "");
    CHECK(encode("f") == "Zg==");
    CHECK(encode("fo") == "Zm8=");
    CHECK(encode("foo") == "Zm9v");
    CHECK(encode("foob") == "Zm9vYg==");
    CHECK(encode("fooba") == "Zm9vYmE=");
    CHECK(encode("foobar") == "Zm9vYmFy");
}

TEST_CASE("base64: encoded sizes") {
    CHECK(base64_encoded_size(0) == 0);
    CHECK(base64_encoded_size(1) == 4);
    CHECK(base64_encoded_size(2) == 4);
    CHECK(base64_encoded_size(3) == 4);
    CHECK(base64_encoded_size(4) == 8);
    CHECK(base64_encoded_size(36 + 1 + 50) == 116);
}

TEST_CASE("base64: Basic credentials (RFC 7617's example and swcalls-shaped ones)") {
    CHECK(encode("Aladdin:open sesame") == "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    CHECK(encode("proj:tok") == "cHJvajp0b2s=");
    // Expected values from Python's base64.b64encode.
    CHECK(encode("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:secret-token") ==
          "QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTpzZWNyZXQtdG9rZW4=");
}

TEST_CASE("base64: every byte value (the whole alphabet, '+' and '/' included)") {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    // From Python: base64.b64encode(bytes(range(256))).
    CHECK(encode(all) ==
          "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9Q"
          "UVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6Ch"
          "oqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy"
          "8/T19vf4+fr7/P3+/w==");
}

TEST_CASE("base64_writer: the output does not depend on how the input is split") {
    const std::string_view text = "b3877c40-da60:PT token!";
    const std::string whole = encode(text);
    std::size_t mismatches = 0;
    for (std::size_t a = 0; a <= text.size(); ++a)
        for (std::size_t b = a; b <= text.size(); ++b)
            if (encode_pieces(text, a, b) != whole) ++mismatches;
    CHECK(mismatches == 0);
    CHECK(whole == "YjM4NzdjNDAtZGE2MDpQVCB0b2tlbiE=");
}

// The request writer has its own encoder, writing straight into its sink (request_writer.hpp:
// put_basic_credentials). Both must give the same bytes, for every length residue and every byte value.
TEST_CASE("base64: the request writer's Basic credentials equal base64_encode(project \":\" token)") {
    swcalls::endpoint e;
    std::string project, token;
    for (std::size_t p = 0; p < 12; ++p) {
        for (std::size_t t = 0; t < 12; ++t) {
            project.clear();
            token.clear();
            for (std::size_t i = 0; i < p; ++i) project += static_cast<char>((37 * (i + p + t) + 11) & 0xFF);
            for (std::size_t i = 0; i < t; ++i) token += static_cast<char>((91 * (i + 3 * p + t) + 200) & 0xFF);
            for (char& c : project) if (c == ':' || c == '\r' || c == '\n' || c == '\0') c = 'x';  // validate() refuses these
            for (char& c : token) if (c == '\r' || c == '\n' || c == '\0') c = 'y';
            e.project_id = project;
            e.api_token = token;
            CAPTURE(p);
            CAPTURE(t);
            char written[64];
            const swcalls::write_result r = swcalls::write_authorization_value(e, written, sizeof written);
            REQUIRE_FALSE(r.ec);
            CHECK(std::string(written, r.size) == "Basic " + encode(project + ":" + token));
        }
    }
}
