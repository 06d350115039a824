// swcalls/http_response.hpp — a sans-I/O HTTP/1.1 response decoder: bytes in, head fields and body bytes out.
//
// The transport reads from its socket (or TLS stream) however it likes and feeds what arrived, in any
// chunking down to one byte. The decoder reads the status line and headers, works out where the body ends
// (Content-Length, chunked, or the connection's close), and hands the body bytes to a sink as they arrive:
// sub-ranges of the fed chunk, so nothing is copied (chunked framing is skipped, not copied out). It never
// allocates and never throws; the only state it keeps is a few counters, two short bounded texts and a
// 64-byte word (the header name or list element being read, or Retry-After's value).
//
// Decisions (the RFC 9112 choices a client must make):
//   - Lines end with CRLF or a bare LF (RFC 9112 §2.2 allows recipients to accept LF); a CR must be followed
//     by LF. The same rule holds for chunk-size lines, the CRLF after chunk data, and trailers.
//   - Obsolete line folding (a header line starting with SP or HT) is refused, as is white space between a
//     header name and its colon, and any control byte other than HT in a value.
//   - Status line: "HTTP/1.<digit> <3 digits>[ <reason>]"; the code must be 100..599, the reason may be empty
//     (the space before it too). 1xx interim responses (100 Continue) are read and skipped (101 too: swcalls
//     never asks for an upgrade). No empty lines are tolerated before a status line.
//   - Content-Length: one or more digits (white space around them), no sign, no list; duplicates must agree;
//     with Transfer-Encoding it is refused (a response with both is a smuggling hazard, not a message).
//   - Transfer-Encoding must be exactly "chunked"; Content-Encoding must be absent or "identity": anything
//     else is http_unsupported_coding when the response has a body (swcalls sends no Accept-Encoding).
//   - 204 and 304 responses have no body whatever their headers say. Requests are never HEAD.
//   - Retry-After is kept as sent: a number of seconds, or an HTTP date (parse_http_date: IMF-fixdate, and
//     the obsolete RFC 850 and asctime forms RFC 9110 says recipients must accept; always GMT, so an RFC 2822
//     date with another zone or ISO 8601 is not one). wait_seconds(now) turns either into a wait. A value
//     that is neither is ignored, as if absent; when repeated, the last one counts. Where dates are not read
//     (SWCALLS_RETRY_AFTER_DATES 0, the default on bare metal: config.hpp), a date is ignored like that too.
//   - Keep-alive: HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive"; never
//     after a body delimited by the connection closing, nor after a chunked HTTP/1.0 response (RFC 9112 §6.1).
//   - Limits: max_line_length bytes per line (without its line ending) and max_head_size bytes for the whole
//     head, interim 1xx heads included; the trailer section has the same max_head_size budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "bounded_text.hpp"
#include "config.hpp"
#include "date.hpp"
#include "error.hpp"
#include "error_code.hpp"
#include "detail/decimal_text.hpp"
#include "detail/string_slices.hpp"

namespace swcalls {

struct http_decoder_options {
    // The longest status, header, chunk-size or trailer line, in bytes without its CRLF: http_line_too_long.
    std::uint32_t max_line_length = 8 * 1024;
    // The largest response head (all 1xx heads, status line, headers, blank line): http_headers_too_large.
    std::uint32_t max_head_size = 32 * 1024;
    // The largest body: http_body_too_large, as soon as it is known (a Content-Length or a chunk size beyond
    // it), or at the first byte past it (a body delimited by the close). A server that never stops sending
    // is cut off here. A page of 1000 calls is 1 to 3 MB; the default leaves room for twenty times that.
    std::uint64_t max_body_size = 64 * 1024 * 1024;
    // When true, feed() returns as soon as the head is complete, before any body byte reaches the sink, so
    // the caller can look at status() and pick what reads the body; feed the rest of the chunk again.
    bool pause_after_head = false;
};

// How the body of the current response is delimited.
enum class http_framing : std::uint8_t {
    unknown,         // the head is not complete yet
    none,            // no body: 204, 304, or Content-Length: 0
    content_length,  // exactly content_length() bytes
    chunked,         // Transfer-Encoding: chunked
    until_close,     // neither: the body ends when the connection closes (call finish())
};

// The Retry-After header, as sent.
struct http_retry_after {
    enum class form : std::uint8_t { absent, seconds, date };
    form kind = form::absent;
    std::uint64_t seconds = 0;  // form::seconds (saturated at 2^64 - 1)
    utc_timestamp date{};       // form::date

    // How long to wait, in whole seconds, counted from `now`: the seconds as sent, or the time until the
    // date rounded up (0 for a date already past). nullopt when the header was absent or unreadable.
    constexpr std::optional<std::uint64_t> wait_seconds(utc_timestamp now) const noexcept {
        if (kind == form::seconds) return seconds;
        if (kind == form::absent) return std::nullopt;
        // form::date. Kept when SWCALLS_RETRY_AFTER_DATES is 0, although the decoder then never reads a date:
        // the struct is public and may be filled by hand, and the branch is only a compare and a subtraction.
        if (date.seconds < now.seconds) return std::uint64_t(0);  // already past
        // The whole seconds between them, plus one for a part of a second more (rounded up). In the same second,
        // that is 1 or 0 (a date not after now): no separate test for that case. Unsigned subtraction gives the
        // exact difference of two int64 values (it is below 2^64).
        return static_cast<std::uint64_t>(date.seconds) - static_cast<std::uint64_t>(now.seconds) +
               (date.nanoseconds > now.nanoseconds ? 1u : 0u);
    }
};

// What one feed() did: the first error (sticky), and how many of the fed bytes belong to this response.
// Bytes past `used` were not consumed: they belong to the next response on the connection (or, after an
// error, were never looked at).
struct http_feed_result {
    error_code error;
    std::size_t used = 0;
};

// A sink that drops the body (for responses whose body does not matter).
struct discard_body {
    constexpr void operator()(std::string_view) const noexcept {}
};

namespace detail {

template <class Sink, class = void>
struct is_body_sink : std::false_type {};
template <class Sink>
struct is_body_sink<Sink, std::void_t<decltype(std::declval<Sink&>()(std::string_view()))>>
    : std::bool_constant<std::is_void_v<decltype(std::declval<Sink&>()(std::string_view()))> ||
                         is_error_result_v<decltype(std::declval<Sink&>()(std::string_view()))>> {};

namespace http {

// RFC 9110 token characters (header names, codings, connection options), by the rule; evaluated only at
// compile time, to build the bitmap below.
constexpr bool is_tchar_by_rule(unsigned c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    for (char special : "!#$%&'*+-.^_`|~")
        if (special != '\0' && c == static_cast<unsigned char>(special)) return true;
    return false;
}
constexpr std::uint32_t tchar_bits(unsigned first) noexcept {
    std::uint32_t bits = 0;
    for (unsigned i = 0; i < 32; ++i)
        if (is_tchar_by_rule(first + i)) bits |= std::uint32_t(1) << i;
    return bits;
}
// One bit per ASCII byte: a shift and a mask per test instead of a chain of compares.
inline constexpr std::uint32_t tchar_bitmap[4] = {tchar_bits(0), tchar_bits(32), tchar_bits(64), tchar_bits(96)};
constexpr bool is_tchar(unsigned char c) noexcept { return c < 128 && (tchar_bitmap[c >> 5] >> (c & 31) & 1) != 0; }

// Bytes allowed in a header value or reason phrase: SP, HT, visible ASCII, and obs-text (0x80..0xFF).
// (Of the control bytes only HT, as a bit of a mask: a test the compiler does not split into a path for HT.)
constexpr bool is_text(unsigned char c) noexcept { return c >= 0x20 ? c != 0x7F : ((1u << '\t') >> c & 1) != 0; }
constexpr bool is_ows(unsigned char c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool is_digit(unsigned char c) noexcept { return static_cast<unsigned>(c - '0') < 10; }
constexpr char lower(unsigned char c) noexcept {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}
constexpr int hex_digit(unsigned char c) noexcept {
    if (is_digit(c)) return c - '0';
    const unsigned letter = (c | 0x20u) - 'a';  // 'A'..'F' and 'a'..'f' to 0..5
    return letter < 6 ? static_cast<int>(letter) + 10 : -1;
}

// The first 13 bytes of a status line; '0' stands for any digit.
inline constexpr char status_line_start[] = "HTTP/1.0 000 ";

// The headers the decoder reads, in the order of header_names below (word_index() gives a name's index);
// every other one is checked for syntax and skipped. The three list headers come first: they index the
// rows of token_facts.
enum class header : std::uint8_t {
    transfer_encoding,
    content_encoding,
    connection,
    content_length,
    content_type,
    retry_after,
    other
};

// Words the decoder looks for, lower case, each ended by a NUL (the list by an empty word). Header names in
// the order of `header`; list tokens of Transfer-Encoding, Content-Encoding and Connection.
inline constexpr char header_names[] =
    "transfer-encoding\0content-encoding\0connection\0content-length\0content-type\0retry-after\0";
inline constexpr char list_tokens[] = "chunked\0identity\0close\0keep-alive\0";

// Index of `text` (`length` bytes, none of them NUL; compared ignoring ASCII case) in a list of words as
// above, or the number of words when it is none of them (an empty text, or one longer than every word, is
// none: text is read no further than the longest word). One loop for every lookup, instead of a string
// comparison per word.
inline std::size_t word_index(const char* words, const char* text, std::size_t length) noexcept {
    std::size_t index = 0;
    for (; *words != '\0'; ++index) {
        std::size_t i = 0;
        while (i < length && words[i] != '\0' && words[i] == lower(static_cast<unsigned char>(text[i]))) ++i;
        if (i == length && words[i] == '\0') break;
        while (*words++ != '\0') {
        }
    }
    return index;
}

// What the headers of a head said, one bit each.
enum head_fact : std::uint8_t {
    content_length_seen = 1,
    transfer_coding_seen = 2,    // a Transfer-Encoding header, even an empty one
    chunked_coding = 4,          // "chunked" among its codings
    transfer_coding_bad = 8,     // any other coding, or chunked twice
    content_coding_bad = 16,     // a Content-Encoding other than identity
    close_option = 32,           // Connection: close
    keep_alive_option = 64,      // Connection: keep-alive
};

// The fact a list element states: a row per list header (its `header`), a column per word of
// list_tokens, and a last one for any other element. Only one coding, chunked, is decoded; identity is no
// coding at all.
inline constexpr std::uint8_t token_facts[3][5] = {
    {chunked_coding, transfer_coding_bad, transfer_coding_bad, transfer_coding_bad, transfer_coding_bad},
    {content_coding_bad, 0, content_coding_bad, content_coding_bad, content_coding_bad},
    {0, 0, close_option, keep_alive_option, 0},
};
static_assert(static_cast<int>(header::connection) == 2, "the list headers index the rows of token_facts");

// Where the decoder is. The order matters: feed() tests the bulk states as ">= chunk_data" and the end states
// as ">= complete", step() the head's as "<= value" (and part_error() too), finish() ">= body_close" (a body
// ended by the close, or complete).
enum class phase : std::uint8_t {
    status_line,      // "HTTP/1.<digit> <3 digits>[ <reason>]", read by the byte's place in the line
    header_name,      // a header line's name, or the blank line that ends the head (or the trailers)
    value_start,      // optional white space after the colon
    value,
    chunk_size,       // hex digits
    chunk_space,      // white space after the size (before ';' or the line end)
    chunk_extension,  // ';' and anything up to the line end: ignored
    chunk_data_end,   // the CRLF after a chunk's data
    // Bulk states, handled in feed() (not by step()).
    chunk_data,
    body_length,
    body_close,
    complete,
    failed,
};

// The state a head starts without (so also a 1xx head's successor): every member zero, so that one
// assignment of `{}` starts a head, instead of a store per member. The compiler lowers it to a memset of
// the base's own bytes; never write that memset by hand: sizeof(head_state) can cover a derived class's
// members placed in its tail padding (the decoder's sink).
// The response's flags and error are here too, although they belong to the whole response: they are still
// zero whenever a head starts (they are set once the final head is complete, or when the response fails, and
// no head starts after either), and here, before the texts, a load or store of one is a 16-bit instruction
// on Thumb-2 (32-bit past byte 31 for a byte, past byte 124 for a word).
struct head_state {
    phase state_ = phase::status_line;
    header header_{};  // the header whose value is being read (set by begin_value() before any use)
    bool cr_ = false;
    bool in_trailers_ = false;
    char minor_version_ = 0;  // the digit as sent ('0': HTTP/1.0); 0 before it
    std::uint8_t facts_ = 0;        // head_fact bits
    bool in_parameters_ = false;    // list headers: after a ';', up to the next ','
    std::uint8_t digits_ = 0;       // Content-Length, Retry-After: 0 before the digits, 1 in them, 2 in white
                                    // space after; 3: a Retry-After that is no number of seconds
    std::uint8_t word_length_ = 0;  // of word_; sizeof word_ + 1 once more did not fit
    // The response's (see above).
    http_framing framing_ = http_framing::unknown;
    bool head_complete_ = false;
    bool keep_alive_ = false;
    bool in_sink_ = false;
    bool paused_ = false;  // the head has just completed with pause_after_head: feed() returns
    int status_ = 0;
    std::uint32_t line_length_ = 0;  // bytes of the current line so far, without its line ending
    std::uint64_t number_ = 0;       // the Content-Length value being read, or Retry-After's seconds
    std::uint64_t content_length_ = 0;
    std::uint64_t remaining_ = 0;  // of the Content-Length body or the current chunk; the chunk size being read;
                                   // the room left under max_body_size in a body delimited by the close
    error_code error_;  // the response's (see above)
    http_retry_after retry_after_;
    bounded_text<128> content_type_;  // (first of the texts: its length's offset is small, as above)
    // The header name, then (once the colon is read) the current list element of its value, or the
    // Retry-After value. Longer names and list elements are none of ours; a longer Retry-After is ignored.
    char word_[64];
    bounded_text<64> reason_;
};

// A response's state: its current head's, and what a 1xx head leaves to the next. All zero after reset(),
// again in one assignment.
struct response_state : head_state {
    std::uint64_t error_offset_ = 0;
    std::uint64_t consumed_ = 0;
    std::uint64_t body_bytes_ = 0;
    std::uint32_t head_bytes_ = 0;  // of the head (interim heads included), then of the trailers
    std::uint32_t interim_ = 0;
};
// Assigning `{}` must stay a plain copy of zeros (no member with a constructor or destructor of its own).
static_assert(std::is_trivially_copyable_v<head_state> && std::is_trivially_copyable_v<response_state>);

}  // namespace http
}  // namespace detail

// (The decoder's state lives in a plain base, detail::http::response_state, so that reset() and the start of a
// head each zero theirs in one assignment.)
template <class Sink>
class http_response_decoder : private detail::http::response_state {
    static_assert(detail::is_body_sink<Sink>::value,
                  "swcalls: an http_response_decoder sink must be callable as sink(std::string_view) and return "
                  "void, std::error_code or swcalls::error_code (a non-zero error stops the decoder)");

public:
    explicit http_response_decoder(Sink sink, http_decoder_options options = {}) noexcept
        : response_state(), sink_(static_cast<Sink&&>(sink)), options_(options) {}  // as reset() leaves them

    // Forgets the response: the next byte fed starts a new one (the next response on a kept-alive
    // connection). Options and sink stay.
    void reset() noexcept {
        static_cast<detail::http::response_state&>(*this) = {};
    }

    // Reads what it can of `size` bytes. Stops at the end of the response (see used) or at the first error.
    http_feed_result feed(const char* data, std::size_t size) {
        using detail::http::phase;
        if (in_sink_) return {error_code(errc::parser_finished), 0};  // the sink threw: reset() first
        if (state_ == phase::failed) return {error_, 0};
        if (state_ == phase::complete) return {error_code(errc::parser_finished), 0};  // (finish() ends here too)
        const char* p = data;
        const char* const end = data + size;
        paused_ = false;
        // Every way out (the end of the data or of the response, the pause, or a `break` on an error or a
        // sink's failure) reaches the one tail below that counts what was consumed (and a failure's offset).
        while (p != end && state_ < phase::complete && !paused_) {
            if (state_ >= phase::chunk_data) {
                // One delivery for the three body states: up to what is left of the chunk or the Content-Length
                // body, or (a body delimited by the close) of the room under max_body_size; counted bodies were
                // checked against max_body_size when their size became known.
                std::size_t n = static_cast<std::size_t>(end - p);
                if (remaining_ < n) n = static_cast<std::size_t>(remaining_);
                if (n == 0) {  // only a body delimited by the close, at the first byte past the limit
                    fail(errc::http_body_too_large);
                    break;
                }
                if (const error_code e = deliver(p, n)) {
                    fail(e);
                    break;
                }
                p += n;
                if ((remaining_ -= n) == 0 && state_ != phase::body_close)
                    state_ = state_ == phase::chunk_data ? phase::chunk_data_end : phase::complete;
            } else {
                const errc e = step(static_cast<unsigned char>(*p));
                if (e != errc{}) {
                    fail(e);
                    break;
                }
                ++p;
            }
        }
        consumed_ += static_cast<std::size_t>(p - data);
        // A failure stops p at the byte that caused it (the first of a range the sink refused).
        if (state_ == phase::failed) error_offset_ = consumed_;
        return {error_, static_cast<std::size_t>(p - data)};  // error_ is still {} unless this feed failed
    }

    http_feed_result feed(std::string_view bytes) { return feed(bytes.data(), bytes.size()); }

    // The connection has closed (end of stream). Completes a body delimited by the close; anything else
    // unfinished is an error: http_no_response before any byte, http_head_truncated inside the head,
    // http_body_truncated inside a Content-Length or chunked body. Later feed() calls fail until reset().
    error_code finish() noexcept {
        using detail::http::phase;
        if (state_ == phase::failed) return error_;
        if (in_sink_) return error_code(errc::parser_finished);
        if (state_ >= phase::body_close) {  // body_close or complete (failed has returned above)
            state_ = phase::complete;
            return {};
        }
        // Past the head (chunk framing, chunk data, a Content-Length body, the trailers): the body was cut.
        errc e = errc::http_body_truncated;
        if (!head_complete_) e = consumed_ == 0 ? errc::http_no_response : errc::http_head_truncated;
        fail(e);
        error_offset_ = consumed_;
        return e;
    }

    // ---- where the decoder is ---------------------------------------------------------------------

    // The final (non-1xx) head has been read: status(), the headers and framing() are known.
    bool head_complete() const noexcept { return head_complete_; }
    // The whole response has been read (for until_close bodies: after finish()).
    bool complete() const noexcept { return state_ == detail::http::phase::complete; }
    // The first error, sticky until reset(); also what feed() and finish() returned.
    error_code error() const noexcept { return error_; }
    // Offset of the byte that caused the error, counted from the first byte fed since reset() (for errors
    // at the end of the stream: the number of bytes fed; for a sink's error: the first byte it was given).
    std::uint64_t error_offset() const noexcept { return error_offset_; }
    // Bytes of the stream consumed since reset().
    std::uint64_t consumed() const noexcept { return consumed_; }

    // ---- the head ---------------------------------------------------------------------------------

    // The status code (100..599); 0 until a status line has been read. Interim 1xx codes show only while
    // their own head is being read.
    int status() const noexcept { return status_; }
    // 10 for HTTP/1.0, 11 for HTTP/1.1 (and later 1.x minor versions); meaningful once status() is set.
    int version() const noexcept { return minor_version_ == '0' ? 10 : 11; }
    // The reason phrase as sent, up to 64 bytes (display only).
    std::string_view reason() const noexcept { return reason_.view(); }
    // How many 1xx interim responses were skipped.
    std::uint32_t interim_responses() const noexcept { return interim_; }

    http_framing framing() const noexcept { return framing_; }
    // The Content-Length header's value, when there was one.
    std::optional<std::uint64_t> content_length() const noexcept {
        return (facts_ & detail::http::content_length_seen) != 0 ? std::optional<std::uint64_t>(content_length_)
                                                                 : std::nullopt;
    }
    // The Content-Type value (white space around it removed), up to 128 bytes; empty when absent.
    std::string_view content_type() const noexcept { return content_type_.view(); }
    bool content_type_truncated() const noexcept { return content_type_.truncated(); }
    const http_retry_after& retry_after() const noexcept { return retry_after_; }
    // Whether the connection may carry the next request once this response is complete().
    bool keep_alive() const noexcept { return keep_alive_; }  // (fail() clears it)

    // Body bytes handed to the sink so far.
    std::uint64_t body_bytes() const noexcept { return body_bytes_; }

    Sink& sink() noexcept { return sink_; }
    const Sink& sink() const noexcept { return sink_; }

private:
    using phase = detail::http::phase;
    using header = detail::http::header;

    // Everything a head (or an interim head's successor) starts without.
    void begin_head() noexcept { static_cast<detail::http::head_state&>(*this) = {}; }

    // A failure; error_offset_ is set by the caller: feed() once it has counted what was consumed up to the
    // byte that caused it, finish() at the end of the stream.
    void fail(error_code e) noexcept {
        state_ = phase::failed;
        error_ = e;
        keep_alive_ = false;
    }

    // Hands a body range to the sink; returns the sink's error, if any. `n` is never 0 (feed() delivers
    // only what is there).
    error_code deliver(const char* p, std::size_t n) {
        using result = decltype(sink_(std::string_view()));
        error_code ec;
        in_sink_ = true;
        if constexpr (std::is_void_v<result>) sink_(std::string_view(p, n));
        else ec = detail::as_error_code(sink_(std::string_view(p, n)));
        in_sink_ = false;
        if (!ec) body_bytes_ += n;
        return ec;
    }

    // The error of a malformed byte or line in the part being read: the status line, a header line (of the
    // head, or a trailer), or the chunk framing.
    errc part_error() const noexcept {
        if (state_ == phase::status_line) return errc::http_status_line;
        if (state_ <= phase::value && !in_trailers_) return errc::http_header_syntax;
        return errc::http_chunk_syntax;
    }

    // Whether the current head's headers mean anything (interim heads and trailers are only checked).
    bool interpreting() const noexcept { return !in_trailers_ && status_ >= 200; }

    // One byte of a line-oriented part: the head, a chunk-size line, the end of chunk data, the trailers.
    errc step(unsigned char c) noexcept {
        using namespace detail::http;
        // Budgets first, so that a limit is reported at the same byte whatever the chunking.
        if (state_ <= phase::value && ++head_bytes_ > options_.max_head_size) return errc::http_headers_too_large;
        if (c == '\n') {  // after a CR or not
            cr_ = false;
            return end_line();
        }
        if (cr_) return part_error();  // a CR must be followed by LF
        if (c == '\r') {
            cr_ = true;
            return errc{};
        }
        if (++line_length_ > options_.max_line_length) return errc::http_line_too_long;
        // A control byte (other than HT) is wrong in every part, with the part's error: in a reason phrase or a
        // header value, and in any other place, where no control byte is expected either (checked once here).
        if (!is_text(c)) return part_error();

        switch (state_) {
            case phase::status_line: return status_byte(c);
            case phase::header_name:
                if (c == ':' && line_length_ > 1) return begin_value();
                if (!is_tchar(c)) return part_error();  // SP/HT first: obs-fold; ':' first: no name; SP/HT before
                                                        // the colon, and the rest
                word_byte(c);  // (word_ is empty at the start of a line: see end_value())
                return errc{};
            case phase::value_start:
                if (is_ows(c)) return errc{};
                state_ = phase::value;
                [[fallthrough]];
            case phase::value: return value_byte(c);  // header_ is other when the headers are not interpreted
            case phase::chunk_size: {
                const int d = hex_digit(c);
                if (d >= 0) {
                    if ((remaining_ >> 60) != 0) return errc::http_chunk_syntax;  // 2^64 and beyond
                    remaining_ = remaining_ << 4 | static_cast<unsigned>(d);
                    return errc{};
                }
                if (line_length_ == 1) return errc::http_chunk_syntax;  // no digit before it
                state_ = phase::chunk_space;
                [[fallthrough]];
            }
            case phase::chunk_space:
                if (is_ows(c)) return errc{};
                if (c != ';') return errc::http_chunk_syntax;
                state_ = phase::chunk_extension;
                return errc{};
            default:  // chunk_extension: anything (text) goes; chunk_data_end: chunk data must be followed by CRLF
                return state_ == phase::chunk_extension ? errc{} : errc::http_chunk_syntax;
        }
    }

    // A byte of the status line, by its place: "HTTP/1.", the minor version digit, SP, the three digits of
    // the code, SP (or the end of the line, in end_line()), then the reason phrase.
    errc status_byte(unsigned char c) noexcept {
        const std::uint32_t at = line_length_ - 1;
        if (at > 12) {
            reason_.push_back(static_cast<char>(c));
            return errc{};
        }
        const char expected = detail::http::status_line_start[at];
        if (expected != '0') return c == static_cast<unsigned char>(expected) ? errc{} : errc::http_status_line;
        if (!detail::http::is_digit(c)) return errc::http_status_line;
        if (at == 7) {
            minor_version_ = static_cast<char>(c);
            return errc{};
        }
        status_ = status_ * 10 + (c - '0');
        if (at == 11 && (status_ < 100 || status_ > 599)) return errc::http_status_line;
        return errc{};
    }

    errc end_line() noexcept {
        const std::uint32_t length = line_length_;
        line_length_ = 0;
        switch (state_) {
            case phase::status_line:
                if (length < 12) return errc::http_status_line;  // the line ended inside "HTTP/1.x nnn"
                state_ = phase::header_name;
                return errc{};
            case phase::header_name:
                if (length != 0) return part_error();  // a line without a colon
                if (!in_trailers_) return end_head();
                state_ = phase::complete;  // the end of the trailers
                return errc{};
            case phase::value_start:
            case phase::value: state_ = phase::header_name; return end_value();
            case phase::chunk_size:
                if (length == 0) return errc::http_chunk_syntax;  // no size at all
                [[fallthrough]];
            case phase::chunk_space:
            case phase::chunk_extension:
                if (remaining_ == 0) {  // the last chunk: trailers follow, with a budget of their own
                    in_trailers_ = true;
                    head_bytes_ = 0;
                    state_ = phase::header_name;
                } else {
                    if (remaining_ > options_.max_body_size - body_bytes_) return errc::http_body_too_large;
                    state_ = phase::chunk_data;
                }
                return errc{};
            default:  // chunk_data_end: the next chunk-size line (remaining_ is 0: the chunk's data has ended)
                state_ = phase::chunk_size;
                return errc{};
        }
    }

    // The blank line after the headers.
    errc end_head() noexcept {
        using namespace detail::http;
        if (status_ < 200) {  // an interim response: the real one follows
            ++interim_;
            begin_head();
            return errc{};
        }
        if (status_ == 204 || status_ == 304) {
            framing_ = http_framing::none;
        } else {
            const unsigned te = facts_ & (transfer_coding_seen | chunked_coding | transfer_coding_bad);
            if (te != 0 && te != (transfer_coding_seen | chunked_coding)) return errc::http_unsupported_coding;
            const bool length_seen = (facts_ & content_length_seen) != 0;
            if (te != 0 && length_seen) return errc::http_content_length;
            framing_ = te != 0        ? http_framing::chunked
                       : !length_seen ? http_framing::until_close
                       : content_length_ != 0 ? http_framing::content_length
                                              : http_framing::none;
            if ((facts_ & content_coding_bad) != 0 && framing_ != http_framing::none)
                return errc::http_unsupported_coding;
            if (framing_ == http_framing::content_length && content_length_ > options_.max_body_size)
                return errc::http_body_too_large;
        }
        // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "Connection: keep-alive" and not chunked;
        // never after a body delimited by the close.
        keep_alive_ = (facts_ & close_option) == 0 && framing_ != http_framing::until_close &&
                      (minor_version_ != '0' || ((facts_ & keep_alive_option) != 0 && framing_ != http_framing::chunked));
        head_complete_ = true;
        paused_ = options_.pause_after_head;
        // The body's state, by framing_ (unknown is not reached). A chunked body starts with remaining_ 0 (no
        // Content-Length came with it); a body delimited by the close may fill max_body_size.
        constexpr phase body_state[] = {phase::complete, phase::complete, phase::body_length, phase::chunk_size,
                                        phase::body_close};
        remaining_ = framing_ == http_framing::until_close ? options_.max_body_size : content_length_;
        state_ = body_state[static_cast<int>(framing_)];
        return errc{};
    }

    // ---- header names and values ------------------------------------------------------------------

    // A byte of the header name, of a list element in its value, or of Retry-After's value.
    void word_byte(unsigned char c) noexcept {
        if (word_length_ < sizeof word_) word_[word_length_++] = static_cast<char>(c);
        else word_length_ = sizeof word_ + 1;  // cut: none of the words, and no Retry-After
    }

    errc begin_value() noexcept {
        using namespace detail::http;
        state_ = phase::value_start;
        // Other for headers that are only checked (interim heads, trailers: looked up as an empty name, which
        // is none of ours): value_byte() and end_value() then do nothing.
        header_ = static_cast<header>(word_index(header_names, word_, interpreting() ? word_length_ : 0));
        word_length_ = 0;  // the name is read: word_ now keeps the value's list elements, or Retry-After's value
        in_parameters_ = false;
        digits_ = 0;
        number_ = 0;
        if (header_ == header::content_type) content_type_.clear();  // the last one counts
        if (header_ == header::transfer_encoding) facts_ |= transfer_coding_seen;
        return errc{};
    }

    // (Chains of ifs on header_ here and in end_value(), not switches: a switch whose cases jump back
    // becomes a table of 4-byte addresses on Thumb-2.)
    errc value_byte(unsigned char c) noexcept {
        using namespace detail::http;
        if (header_ == header::other) return errc{};
        if (header_ == header::content_type) {
            content_type_.push_back(static_cast<char>(c));
            return errc{};
        }
        if (header_ >= header::content_length) {  // Content-Length or Retry-After (Content-Type is above)
            // Both are read as a number as the bytes come (one copy of the 64-bit digit code for the two).
            if (!number_byte(c)) {
                if (header_ == header::content_length) return errc::http_content_length;
                digits_ = 3;  // Retry-After: no number of seconds (a date, or nothing we read)
            }
            if (header_ == header::content_length) return errc{};
            // Retry-After's text is kept too: for a date, and because a value longer than word_ is ignored.
        } else {
            // Transfer-Encoding, Content-Encoding, Connection: elements end at ',', ';' and white space; coding
            // parameters (after ';') are ignored up to the next element.
            if (c == ',') in_parameters_ = false;
            else if (in_parameters_) return errc{};
            if (c == ';') in_parameters_ = true;
            if (c == ',' || c == ';' || is_ows(c)) {
                end_token();
                return errc{};
            }
        }
        word_byte(c);
        return errc{};
    }

    // A byte of a value that must be digits with optional white space after them (Content-Length, Retry-After's
    // seconds; white space before them was skipped in value_start): false for anything else ("1 2", a sign, a
    // letter, a list). Past 2^64 - 1 is false for Content-Length; Retry-After's seconds saturate there.
    bool number_byte(unsigned char c) noexcept {
        using namespace detail::http;
        if (is_digit(c)) {
            if (digits_ >= 2) return false;
            digits_ = 1;
            if (!detail::append_decimal_digit(number_, static_cast<unsigned>(c - '0'))) {
                if (header_ == header::content_length) return false;
                number_ = UINT64_MAX;  // and stays so
            }
            return true;
        }
        if (!is_ows(c) || digits_ == 0) return false;
        if (digits_ == 1) digits_ = 2;
        return true;
    }

    // A list element of Transfer-Encoding, Content-Encoding or Connection has ended: its fact is noted.
    void end_token() noexcept {
        using namespace detail::http;
        if (word_length_ == 0) return;  // empty list elements are allowed (and header::other keeps no byte)
        // A cut element is none of the words (it is longer than all of them).
        const std::size_t token = word_index(list_tokens, word_, word_length_);
        word_length_ = 0;
        std::uint8_t fact = token_facts[static_cast<int>(header_)][token];
        if ((fact & facts_ & chunked_coding) != 0) fact = transfer_coding_bad;  // chunked twice
        facts_ |= fact;
    }

    errc end_value() noexcept {
        using namespace detail::http;
        // (Headers of no interest, header::other, reach end_token(), which does nothing for them: no value
        // byte was kept.)
        if (header_ == header::content_type) {
            if (!content_type_.truncated()) content_type_.trim_back([](char c) { return c == ' ' || c == '\t'; });
        } else if (header_ == header::retry_after) {
            end_retry_after();
            word_length_ = 0;  // word_ is empty for the next line's name (end_token() empties it too)
        } else if (header_ == header::content_length) {
            if (digits_ == 0 || ((facts_ & content_length_seen) != 0 && content_length_ != number_))
                return errc::http_content_length;  // no digits, or a duplicate that disagrees
            facts_ |= content_length_seen;
            content_length_ = number_;
        } else {
            end_token();  // the list headers
        }
        return errc{};
    }

    // The Retry-After value has ended (without its leading white space in word_, its seconds in number_):
    // a number of seconds, a date, or neither (ignored, as if absent). The last one counts.
    void end_retry_after() noexcept {
        retry_after_ = http_retry_after{};
        // A value too long for word_ is neither a number nor a date: ignored.
        if (word_length_ > sizeof word_) return;
        if (digits_ == 1 || digits_ == 2) {  // digits, then white space or nothing
            retry_after_.kind = http_retry_after::form::seconds;
            retry_after_.seconds = number_;
            return;
        }
#if SWCALLS_RETRY_AFTER_DATES
        utc_timestamp t;
        if (!parse_http_date(std::string_view(word_, word_length_), t)) {  // it skips the white space around itself
            retry_after_.kind = http_retry_after::form::date;
            retry_after_.date = t;
        }
#endif
    }

    // ---- state (and the base, detail::http::response_state) ----------------------------------------

    Sink sink_;
    http_decoder_options options_;
};

}  // namespace swcalls
