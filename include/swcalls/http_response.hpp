// swcalls/http_response.hpp — a sans-I/O HTTP/1.1 response decoder: bytes in, head fields and body bytes out.
//
// The transport reads from its socket (or TLS stream) however it likes and feeds what arrived, in any
// chunking down to one byte. The decoder reads the status line and headers, works out where the body ends
// (Content-Length, chunked, or the connection's close), and hands the body bytes to a sink as they arrive:
// sub-ranges of the fed chunk, so nothing is copied (chunked framing is skipped, not copied out). It never
// allocates and never throws; the only state it keeps is a few counters and three short bounded texts.
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
//     that is neither is ignored, as if absent; when repeated, the last one counts.
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
        if (date <= now) return std::uint64_t(0);
        // Unsigned subtraction gives the exact difference of two int64 values (it is below 2^64).
        std::uint64_t whole = static_cast<std::uint64_t>(date.seconds) - static_cast<std::uint64_t>(now.seconds);
        if (date.nanoseconds > now.nanoseconds) return whole + 1;  // part of a second more: round up
        return whole;  // equal, or fewer nanoseconds: whole - 1 and a fraction, rounded up
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
constexpr bool is_text(unsigned char c) noexcept { return c == ' ' || c == '\t' || (c >= 0x21 && c != 0x7F); }
constexpr bool is_ows(unsigned char c) noexcept { return c == ' ' || c == '\t'; }
constexpr char lower(unsigned char c) noexcept {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}
constexpr int hex_digit(unsigned char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The headers the decoder reads; every other one is checked for syntax and skipped. After `other`, in the
// order of header_names below: the decoder turns a name's index i into header(i + 1).
enum class header : std::uint8_t {
    other,
    content_length,
    transfer_encoding,
    content_encoding,
    content_type,
    retry_after,
    connection
};

// Words the decoder looks for, lower case, each ended by a NUL (the list by an empty word). Header names in
// the order of `header` (after other); list tokens of Transfer-Encoding, Content-Encoding and Connection.
inline constexpr char header_names[] =
    "content-length\0transfer-encoding\0content-encoding\0content-type\0retry-after\0connection\0";
inline constexpr char list_tokens[] = "chunked\0identity\0close\0keep-alive\0";
enum list_token : int { chunked_token, identity_token, close_token, keep_alive_token };

// Index of `text` (`length` bytes, none of them NUL) in a list of words as above, or -1. One loop for every
// lookup, instead of a string comparison per word.
inline int word_index(const char* words, const char* text, std::size_t length) noexcept {
    for (int index = 0; *words != '\0'; ++index) {
        std::size_t i = 0;
        while (i < length && words[i] == text[i]) ++i;
        if (i == length && words[i] == '\0') return index;
        while (*words++ != '\0') {
        }
    }
    return -1;
}

// The value of a Retry-After header, without its leading white space (trailing white space is skipped here).
inline http_retry_after parse_retry_after(std::string_view text) noexcept {
    http_retry_after r;
    std::size_t i = 0;
    std::uint64_t v = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
        if (!append_decimal_digit(v, static_cast<unsigned>(text[i] - '0'))) v = UINT64_MAX;  // stays saturated
    const std::size_t digits = i;
    while (i < text.size() && is_ows(static_cast<unsigned char>(text[i]))) ++i;
    if (digits > 0 && i == text.size()) {
        r.kind = http_retry_after::form::seconds;
        r.seconds = v;
        return r;
    }
    utc_timestamp t;
    if (!parse_http_date(text, t)) {  // it skips the surrounding white space itself
        r.kind = http_retry_after::form::date;
        r.date = t;
    }
    return r;
}

}  // namespace http
}  // namespace detail

template <class Sink>
class http_response_decoder {
    static_assert(detail::is_body_sink<Sink>::value,
                  "swcalls: an http_response_decoder sink must be callable as sink(std::string_view) and return "
                  "void, std::error_code or swcalls::error_code (a non-zero error stops the decoder)");

public:
    explicit http_response_decoder(Sink sink, http_decoder_options options = {}) noexcept
        : sink_(static_cast<Sink&&>(sink)), options_(options) {}  // the members start as reset() leaves them

    // Forgets the response: the next byte fed starts a new one (the next response on a kept-alive
    // connection). Options and sink stay.
    void reset() noexcept {
        error_ = {};
        error_offset_ = 0;
        consumed_ = 0;
        head_bytes_ = 0;
        interim_ = 0;
        body_bytes_ = 0;
        head_complete_ = false;
        finished_ = false;
        in_sink_ = false;
        framing_ = http_framing::unknown;
        keep_alive_ = false;
        begin_head();
    }

    // Reads what it can of `size` bytes. Stops at the end of the response (see used) or at the first error.
    http_feed_result feed(const char* data, std::size_t size) {
        if (in_sink_) return {error_code(errc::parser_finished), 0};  // the sink threw: reset() first
        if (state_ == state::failed) return {error_, 0};
        if (state_ == state::complete || finished_) return {error_code(errc::parser_finished), 0};
        const char* p = data;
        const char* const end = data + size;
        bool pause = false;
        // Every way out (the end of the data or of the response, the pause, or a `break` on an error or a
        // sink's failure) reaches the one tail below that counts what was consumed.
        while (p != end && state_ < state::complete && !pause) {
            if (state_ >= state::chunk_data) {
                // One delivery for the three body states: a body delimited by the close takes all.
                const bool counted = state_ != state::body_close;
                std::size_t n = static_cast<std::size_t>(end - p);
                if (counted && remaining_ < n) n = static_cast<std::size_t>(remaining_);
                // Counted bodies were checked against max_body_size when their size became known.
                const std::uint64_t room = options_.max_body_size - body_bytes_;
                const bool too_large = !counted && n > room;
                if (too_large) n = static_cast<std::size_t>(room);  // up to the limit, then the error
                if (n != 0 && !deliver(p, n, consumed_ + static_cast<std::uint64_t>(p - data))) break;
                p += n;
                if (too_large) {
                    fail(errc::http_body_too_large, consumed_ + static_cast<std::uint64_t>(p - data));
                    break;
                }
                if (counted && (remaining_ -= n) == 0) {
                    if (state_ == state::chunk_data) {
                        state_ = state::chunk_data_end;
                        line_length_ = 0;
                    } else {
                        state_ = state::complete;
                    }
                }
            } else {
                const errc e = step(static_cast<unsigned char>(*p));
                if (e != errc{}) {
                    fail(e, consumed_ + static_cast<std::uint64_t>(p - data));
                    break;
                }
                ++p;
                if (head_just_completed_) {
                    head_just_completed_ = false;
                    pause = options_.pause_after_head;
                }
            }
        }
        consumed_ += static_cast<std::uint64_t>(p - data);
        return {error_, static_cast<std::size_t>(p - data)};  // error_ is still {} unless this feed failed
    }

    http_feed_result feed(std::string_view bytes) { return feed(bytes.data(), bytes.size()); }

    // The connection has closed (end of stream). Completes a body delimited by the close; anything else
    // unfinished is an error: http_no_response before any byte, http_head_truncated inside the head,
    // http_body_truncated inside a Content-Length or chunked body. Later feed() calls fail until reset().
    error_code finish() noexcept {
        if (state_ == state::failed) return error_;
        if (in_sink_) return error_code(errc::parser_finished);
        finished_ = true;
        if (state_ >= state::body_close) {  // body_close or complete (failed has returned above)
            state_ = state::complete;
            return {};
        }
        // Past the head (chunk framing, chunk data, a Content-Length body, the trailers): the body was cut.
        errc e = errc::http_body_truncated;
        if (state_ <= state::value && !in_trailers_)
            e = consumed_ == 0 ? errc::http_no_response : errc::http_head_truncated;
        fail(e, consumed_);
        return error_;
    }

    // ---- where the decoder is ---------------------------------------------------------------------

    // The final (non-1xx) head has been read: status(), the headers and framing() are known.
    bool head_complete() const noexcept { return head_complete_; }
    // The whole response has been read (for until_close bodies: after finish()).
    bool complete() const noexcept { return state_ == state::complete; }
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
    int version() const noexcept { return minor_ == 0 ? 10 : 11; }
    // The reason phrase as sent, up to 64 bytes (display only).
    std::string_view reason() const noexcept { return reason_.view(); }
    // How many 1xx interim responses were skipped.
    std::uint32_t interim_responses() const noexcept { return interim_; }

    http_framing framing() const noexcept { return framing_; }
    // The Content-Length header's value, when there was one.
    std::optional<std::uint64_t> content_length() const noexcept {
        return content_length_seen_ ? std::optional<std::uint64_t>(content_length_) : std::nullopt;
    }
    // The Content-Type value (white space around it removed), up to 128 bytes; empty when absent.
    std::string_view content_type() const noexcept { return content_type_.view(); }
    bool content_type_truncated() const noexcept { return content_type_.truncated(); }
    const http_retry_after& retry_after() const noexcept { return retry_after_; }
    // Whether the connection may carry the next request once this response is complete().
    bool keep_alive() const noexcept { return keep_alive_ && !error_; }

    // Body bytes handed to the sink so far.
    std::uint64_t body_bytes() const noexcept { return body_bytes_; }

    Sink& sink() noexcept { return sink_; }
    const Sink& sink() const noexcept { return sink_; }

private:
    enum class state : std::uint8_t {
        version,          // "HTTP/1." then a minor digit
        version_space,    // the SP after the version
        code,             // three digits
        after_code,       // SP, or the end of the line
        reason,
        header_start,     // a header line, or the blank line that ends the head (or the trailers)
        header_name,
        value_start,      // optional white space after the colon
        value,
        chunk_size,       // hex digits
        chunk_space,      // white space after the size (before ';' or the line end)
        chunk_extension,  // ';' and anything up to the line end: ignored
        chunk_data_end,   // the CRLF after a chunk's data
        // Bulk states, handled in feed() (not by step()). The order matters: feed() tests the bulk states as
        // ">= chunk_data" and the end states as ">= complete", step() the head's as "<= value", and finish()
        // "<= value" (still in the head) and ">= body_close" (a body ended by the close, or complete).
        chunk_data,
        body_length,
        body_close,
        complete,
        failed,
    };

    void fail(errc e, std::uint64_t offset) noexcept {
        state_ = state::failed;
        error_ = error_code(e);
        error_offset_ = offset;
    }

    // Hands a body range to the sink. False (and failed) when the sink returned an error.
    // `n` is never 0 (feed() delivers only what is there); `offset` is that of p in the stream.
    bool deliver(const char* p, std::size_t n, std::uint64_t offset) {
        using result = decltype(sink_(std::string_view()));
        in_sink_ = true;
        if constexpr (std::is_void_v<result>) {
            sink_(std::string_view(p, n));
            in_sink_ = false;
        } else {
            const error_code ec = detail::as_error_code(sink_(std::string_view(p, n)));
            in_sink_ = false;
            if (ec) {
                state_ = state::failed;
                error_ = ec;
                error_offset_ = offset;
                return false;
            }
        }
        body_bytes_ += n;
        return true;
    }

    // Everything a head (or an interim head's successor) starts without.
    SWCALLS_NOINLINE void begin_head() noexcept {
        state_ = state::version;
        status_ = 0;
        minor_ = 1;
        matched_ = 0;
        line_length_ = 0;
        cr_ = false;
        in_trailers_ = false;
        head_just_completed_ = false;
        reason_.clear();
        content_type_.clear();
        retry_after_ = http_retry_after{};
        content_length_ = 0;
        content_length_seen_ = false;
        chunked_ = false;
        transfer_coding_seen_ = false;
        transfer_coding_bad_ = false;
        content_coding_bad_ = false;
        close_ = false;
        keep_alive_option_ = false;
        remaining_ = 0;
        trailer_bytes_ = 0;
    }

    errc syntax_error() const noexcept { return in_trailers_ ? errc::http_chunk_syntax : errc::http_header_syntax; }

    // Whether the current head's headers mean anything (interim heads and trailers are only checked).
    bool interpreting() const noexcept { return !in_trailers_ && status_ >= 200; }

    // One byte of a line-oriented part: the head, a chunk-size line, the end of chunk data, the trailers.
    errc step(unsigned char c) noexcept {
        // Budgets first, so that a limit is reported at the same byte whatever the chunking.
        if (state_ <= state::value) {
            std::uint32_t& used = in_trailers_ ? trailer_bytes_ : head_bytes_;
            if (++used > options_.max_head_size) return errc::http_headers_too_large;
        }
        if (cr_) {
            if (c != '\n') return line_error();
            cr_ = false;
            return end_line();
        }
        if (c == '\r') {
            cr_ = true;
            return errc{};
        }
        if (c == '\n') return end_line();
        if (++line_length_ > options_.max_line_length) return errc::http_line_too_long;

        switch (state_) {
            case state::version: {
                constexpr char prefix[] = "HTTP/1.";
                if (matched_ < 7) {
                    if (c != static_cast<unsigned char>(prefix[matched_])) return errc::http_status_line;
                    ++matched_;
                    return errc{};
                }
                if (c < '0' || c > '9') return errc::http_status_line;
                minor_ = static_cast<std::uint8_t>(c - '0');
                state_ = state::version_space;
                return errc{};
            }
            case state::version_space:
                if (c != ' ') return errc::http_status_line;
                state_ = state::code;
                matched_ = 0;
                return errc{};
            case state::code:
                if (c < '0' || c > '9') return errc::http_status_line;
                status_ = status_ * 10 + (c - '0');
                if (++matched_ == 3) {
                    if (status_ < 100 || status_ > 599) return errc::http_status_line;
                    state_ = state::after_code;
                }
                return errc{};
            case state::after_code:
                if (c != ' ') return errc::http_status_line;
                state_ = state::reason;
                return errc{};
            case state::reason:
                if (!detail::http::is_text(c)) return errc::http_status_line;
                reason_.push_back(static_cast<char>(c));
                return errc{};
            case state::header_start:
                if (!detail::http::is_tchar(c)) return syntax_error();  // SP/HT: obs-fold; ':': no name
                word_length_ = 0;
                word_too_long_ = false;
                state_ = state::header_name;
                [[fallthrough]];  // the first byte of the name, a tchar (so not ':')
            case state::header_name:
                if (c == ':') return begin_value();
                if (!detail::http::is_tchar(c)) return syntax_error();  // SP/HT before the colon, and the rest
                word_byte(c);
                return errc{};
            case state::value_start:
                if (detail::http::is_ows(c)) return errc{};
                state_ = state::value;
                [[fallthrough]];
            case state::value:
                if (!detail::http::is_text(c)) return syntax_error();
                return value_byte(c);  // header_ is other when the headers are not interpreted
            case state::chunk_size: {
                int d = detail::http::hex_digit(c);
                if (d >= 0) {
                    if (remaining_ > (UINT64_MAX >> 4)) return errc::http_chunk_syntax;  // 2^64 and beyond
                    remaining_ = remaining_ << 4 | static_cast<unsigned>(d);
                    ++matched_;
                    return errc{};
                }
                if (matched_ == 0) return errc::http_chunk_syntax;
                if (detail::http::is_ows(c)) {
                    state_ = state::chunk_space;
                    return errc{};
                }
                if (c == ';') {
                    state_ = state::chunk_extension;
                    return errc{};
                }
                return errc::http_chunk_syntax;
            }
            case state::chunk_space:
                if (detail::http::is_ows(c)) return errc{};
                if (c == ';') {
                    state_ = state::chunk_extension;
                    return errc{};
                }
                return errc::http_chunk_syntax;
            case state::chunk_extension:
                return detail::http::is_text(c) ? errc{} : errc::http_chunk_syntax;
            case state::chunk_data_end:
                return errc::http_chunk_syntax;  // chunk data must be followed by CRLF
            default:
                return errc{};  // not reached: bulk states are handled by feed()
        }
    }

    // A CR followed by something other than LF, in the part being read.
    errc line_error() const noexcept {
        switch (state_) {
            case state::version:
            case state::version_space:
            case state::code:
            case state::after_code:
            case state::reason: return errc::http_status_line;
            case state::header_start:
            case state::header_name:
            case state::value_start:
            case state::value: return syntax_error();
            default: return errc::http_chunk_syntax;
        }
    }

    errc end_line() noexcept {
        line_length_ = 0;
        switch (state_) {
            case state::after_code:
            case state::reason:
                state_ = state::header_start;
                return errc{};
            case state::version:
            case state::version_space:
            case state::code: return errc::http_status_line;
            case state::header_start: return in_trailers_ ? end_trailers() : end_head();
            case state::header_name: return syntax_error();  // a line without a colon
            case state::value_start:
            case state::value: {
                state_ = state::header_start;
                return end_value();
            }
            case state::chunk_size:
                if (matched_ == 0) return errc::http_chunk_syntax;
                [[fallthrough]];
            case state::chunk_space:
            case state::chunk_extension:
                if (remaining_ == 0) {  // the last chunk: trailers follow
                    in_trailers_ = true;
                    trailer_bytes_ = 0;
                    state_ = state::header_start;
                } else {
                    if (remaining_ > options_.max_body_size - body_bytes_) return errc::http_body_too_large;
                    state_ = state::chunk_data;
                }
                return errc{};
            case state::chunk_data_end:
                begin_chunk();
                return errc{};
            default: return errc{};
        }
    }

    void begin_chunk() noexcept {
        state_ = state::chunk_size;
        remaining_ = 0;
        matched_ = 0;
        line_length_ = 0;
    }

    errc end_trailers() noexcept {
        state_ = state::complete;
        return errc{};
    }

    // The blank line after the headers.
    errc end_head() noexcept {
        if (status_ < 200) {  // an interim response: the real one follows
            ++interim_;
            begin_head();
            return errc{};
        }
        const bool bodyless = status_ == 204 || status_ == 304;
        if (bodyless) {
            framing_ = http_framing::none;
        } else {
            if (transfer_coding_seen_ && (transfer_coding_bad_ || !chunked_)) return errc::http_unsupported_coding;
            if (chunked_ && content_length_seen_) return errc::http_content_length;
            if (chunked_) framing_ = http_framing::chunked;
            else if (content_length_seen_) framing_ = content_length_ ? http_framing::content_length : http_framing::none;
            else framing_ = http_framing::until_close;
            if (content_coding_bad_ && framing_ != http_framing::none) return errc::http_unsupported_coding;
            if (framing_ == http_framing::content_length && content_length_ > options_.max_body_size)
                return errc::http_body_too_large;
        }
        keep_alive_ = (minor_ >= 1 ? !close_ : keep_alive_option_ && !close_) &&
                      framing_ != http_framing::until_close && !(minor_ == 0 && framing_ == http_framing::chunked);
        head_complete_ = true;
        head_just_completed_ = true;
        switch (framing_) {
            case http_framing::chunked: begin_chunk(); break;
            case http_framing::content_length:
                remaining_ = content_length_;
                state_ = state::body_length;
                break;
            case http_framing::until_close: state_ = state::body_close; break;
            default: state_ = state::complete; break;
        }
        return errc{};
    }

    // ---- header names and values ------------------------------------------------------------------

    // A byte of the header name, or of a list element in its value, kept lower case.
    void word_byte(unsigned char c) noexcept {
        if (word_length_ < sizeof word_) word_[word_length_++] = detail::http::lower(c);
        else word_too_long_ = true;
    }

    errc begin_value() noexcept {
        state_ = state::value_start;
        // Left other for headers that are only checked (interim heads, trailers) and for names too long to be
        // ours: value_byte() and end_value() then do nothing.
        header_ = detail::http::header::other;
        if (!interpreting() || word_too_long_) return errc{};
        const int name = detail::http::word_index(detail::http::header_names, word_, word_length_);
        header_ = static_cast<detail::http::header>(name + 1);  // -1, not one of ours: other
        word_length_ = 0;  // the name is read: word_ now keeps the value's list elements
        word_too_long_ = false;
        in_parameters_ = false;
        digits_ = 0;
        after_digits_ = false;
        number_ = 0;
        switch (header_) {
            case detail::http::header::content_type: content_type_.clear(); break;  // the last one counts
            case detail::http::header::retry_after: retry_text_.clear(); break;
            case detail::http::header::transfer_encoding: transfer_coding_seen_ = true; break;
            default: break;
        }
        return errc{};
    }

    errc value_byte(unsigned char c) noexcept {
        using detail::http::header;
        switch (header_) {
            case header::content_length:
                if (c >= '0' && c <= '9') {
                    if (after_digits_) return errc::http_content_length;  // "1 2"
                    unsigned d = c - '0';
                    if (!detail::append_decimal_digit(number_, d)) return errc::http_content_length;
                    ++digits_;
                    return errc{};
                }
                if (detail::http::is_ows(c) && digits_ > 0) {
                    after_digits_ = true;
                    return errc{};
                }
                return errc::http_content_length;  // a sign, a list, a letter
            case header::transfer_encoding:
            case header::content_encoding:
            case header::connection:
                if (c == ',') {
                    end_token();
                    in_parameters_ = false;
                } else if (in_parameters_) {
                    // transfer/content coding parameters: ignored up to the next list element
                } else if (c == ';') {
                    end_token();
                    in_parameters_ = true;
                } else if (detail::http::is_ows(c)) {
                    end_token();
                } else {
                    word_byte(c);
                }
                return errc{};
            case header::content_type: content_type_.push_back(static_cast<char>(c)); return errc{};
            case header::retry_after: retry_text_.push_back(static_cast<char>(c)); return errc{};
            case header::other: return errc{};
        }
        return errc{};
    }

    // A list element of Transfer-Encoding, Content-Encoding or Connection has ended.
    void end_token() noexcept {
        using detail::http::header;
        if (word_length_ == 0 && !word_too_long_) return;  // empty list elements are allowed
        // A cut token is none of the words (the list has no empty one).
        const int token =
            detail::http::word_index(detail::http::list_tokens, word_, word_too_long_ ? 0 : word_length_);
        word_length_ = 0;
        word_too_long_ = false;
        switch (header_) {
            case header::transfer_encoding:
                // Only one coding, chunked, is decoded; chunked twice, or any other coding, is not.
                if (token == detail::http::chunked_token && !chunked_) chunked_ = true;
                else transfer_coding_bad_ = true;
                break;
            case header::content_encoding:
                if (token != detail::http::identity_token) content_coding_bad_ = true;
                break;
            case header::connection:
                if (token == detail::http::close_token) close_ = true;
                else if (token == detail::http::keep_alive_token) keep_alive_option_ = true;
                break;
            default: break;
        }
    }

    errc end_value() noexcept {
        using detail::http::header;
        auto space = [](char c) { return c == ' ' || c == '\t'; };
        switch (header_) {
            case header::content_length:
                if (digits_ == 0) return errc::http_content_length;
                if (content_length_seen_ && content_length_ != number_) return errc::http_content_length;
                content_length_seen_ = true;
                content_length_ = number_;
                return errc{};
            case header::transfer_encoding:
            case header::content_encoding:
            case header::connection: end_token(); return errc{};
            case header::content_type:
                if (!content_type_.truncated()) content_type_.trim_back(space);
                return errc{};
            case header::retry_after:
                retry_after_ = retry_text_.truncated() ? http_retry_after{}
                                                       : detail::http::parse_retry_after(retry_text_.view());
                return errc{};
            case header::other: return errc{};
        }
        return errc{};
    }

    // ---- state ------------------------------------------------------------------------------------

    Sink sink_;
    http_decoder_options options_;

    state state_ = state::version;
    http_framing framing_ = http_framing::unknown;
    detail::http::header header_ = detail::http::header::other;
    std::uint8_t minor_ = 1;
    bool cr_ = false;
    bool in_trailers_ = false;
    bool head_complete_ = false;
    bool head_just_completed_ = false;
    bool finished_ = false;
    bool in_sink_ = false;
    bool keep_alive_ = false;
    // Header facts of the current head.
    bool content_length_seen_ = false;
    bool chunked_ = false;
    bool transfer_coding_seen_ = false;
    bool transfer_coding_bad_ = false;
    bool content_coding_bad_ = false;
    bool close_ = false;
    bool keep_alive_option_ = false;
    // Scratch for the header being read.
    bool word_too_long_ = false;
    bool in_parameters_ = false;
    bool after_digits_ = false;
    std::uint8_t word_length_ = 0;
    std::uint32_t digits_ = 0;
    std::uint32_t matched_ = 0;  // status line: prefix bytes or code digits; chunk size: hex digits
    std::uint32_t line_length_ = 0;
    std::uint32_t head_bytes_ = 0;
    std::uint32_t trailer_bytes_ = 0;
    std::uint32_t interim_ = 0;
    int status_ = 0;
    std::uint64_t number_ = 0;
    std::uint64_t content_length_ = 0;
    std::uint64_t remaining_ = 0;  // of the Content-Length body or the current chunk; the chunk size being read
    std::uint64_t body_bytes_ = 0;
    std::uint64_t consumed_ = 0;
    std::uint64_t error_offset_ = 0;
    error_code error_;
    http_retry_after retry_after_;
    // The header name, then (once the colon is read) the current list element of its value. The longest
    // word looked for is "transfer-encoding"; longer ones are none of ours.
    char word_[20] = {};
    bounded_text<64> reason_;
    bounded_text<128> content_type_;
    bounded_text<64> retry_text_;
};

}  // namespace swcalls
