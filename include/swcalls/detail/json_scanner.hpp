// swcalls/detail/json_scanner.hpp — a validating, resumable JSON scanner that never allocates.
//
// It checks the whole of RFC 8259 (plus a leading UTF-8 byte order mark), one chunk at a time, keeping its
// place between chunks down to a single byte. It knows nothing about calls: it reports structure and keys
// to a Handler, and copies (unescaping) a scalar's text only where the Handler gives it room to. So every
// received byte is copied at most once, and only the bytes somebody asked for.
//
// Handler (a template parameter: calls are inlined, no virtual dispatch):
//   void on_begin(bool is_object, std::uint32_t level);  // a container opens at nesting level (1 = top)
//   bool on_end(std::uint32_t level);                    // the container at `level` closed; false stops the scan
//   void on_key(const char* key, std::size_t length, bool too_long, std::uint32_t level);
//                                                        // key: zero-padded to 8 bytes; too_long past max_key_length
//   value_sink on_scalar_begin(std::uint32_t level);     // a string or number starts inside `level` (0 = top)
//   void on_scalar_end(char* text_end);                  // its text ends at text_end (when captured)
//   void on_literal(literal value, std::uint32_t level); // true / false / null
// Optional: `static constexpr bool truncates_values = true;` lets a sink given with `truncate` set end the
// capture when it is full (the rest of the value is still validated) instead of failing with
// call_too_large; on_scalar_end then gets nullptr. For readers that keep a bounded prefix of a value
// (api_error's message). Without it, `truncate` is ignored and costs nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <type_traits>

#include "../config.hpp"
#include "../error_code.hpp"
#include "swar.hpp"
#include "key_lookup.hpp"
#include "utf8.hpp"

namespace swcalls::detail {

enum class literal : std::uint8_t { true_value, false_value, null_value };

// Whether Handler opted in to truncating values that overflow their sink (see the comment at the top).
template <class Handler, class = void>
struct handler_truncates_values : std::false_type {};
template <class Handler>
struct handler_truncates_values<Handler, std::void_t<decltype(Handler::truncates_values)>>
    : std::bool_constant<Handler::truncates_values> {};

// Where a scalar's unescaped text is written; begin == nullptr: validate only, keep nothing. truncate: when
// full, keep the prefix rather than fail (only for handlers with truncates_values).
struct value_sink {
    char* begin;
    char* end;
    bool truncate = false;
};

// The part of a number the scan is in; `ended` and `invalid` are only what number_moves says a character
// does (the number ends before it / it cannot come next), never a state.
enum class number_part : std::uint8_t {
    start, minus, zero, integer, dot, fraction, exponent_mark, exponent_sign, exponent, ended, invalid
};
using np = number_part;

// A number's grammar as a table (RFC 8259 §6), rather than a case per part: a row per part, a 4-bit field
// per class of the next character (number_class) saying which part it leads to. Much smaller code on a
// microcontroller, and no slower. At namespace scope: one copy whatever the scanner's instantiations.
constexpr std::uint32_t number_row(number_part other, number_part zero, number_part nonzero, number_part dot,
                                   number_part exponent_mark, number_part plus, number_part minus) noexcept {
    const number_part moves[] = {other, zero, nonzero, dot, exponent_mark, plus, minus};
    std::uint32_t row = 0;
    for (unsigned i = 0; i < 7; ++i) row |= std::uint32_t(moves[i]) << (4 * i);
    return row;
}
inline constexpr std::uint32_t number_moves[] = {
    // after:          any other      '0'            '1'..'9'       '.'         'e' 'E'              '+'                  '-'
    /* start */ number_row(np::invalid, np::zero, np::integer, np::invalid, np::invalid, np::invalid, np::minus),
    /* minus */ number_row(np::invalid, np::zero, np::integer, np::invalid, np::invalid, np::invalid, np::invalid),
    /* zero */ number_row(np::ended, np::invalid, np::invalid, np::dot, np::exponent_mark, np::ended, np::ended),
    /* integer */ number_row(np::ended, np::integer, np::integer, np::dot, np::exponent_mark, np::ended, np::ended),
    /* dot */ number_row(np::invalid, np::fraction, np::fraction, np::invalid, np::invalid, np::invalid, np::invalid),
    /* fraction */ number_row(np::ended, np::fraction, np::fraction, np::ended, np::exponent_mark, np::ended, np::ended),
    /* exponent_mark */ number_row(np::invalid, np::exponent, np::exponent, np::invalid, np::invalid,
                                   np::exponent_sign, np::exponent_sign),
    /* exponent_sign */ number_row(np::invalid, np::exponent, np::exponent, np::invalid, np::invalid, np::invalid,
                                   np::invalid),
    /* exponent */ number_row(np::ended, np::exponent, np::exponent, np::ended, np::ended, np::ended, np::ended),
};

// The column of number_moves for `c`: looked up from '+' to 'E' ('e' as 'E'); any other character is 0.
inline unsigned number_class(char c) noexcept {
    //                                 +   ,   -   .   /   0   1 .. 9                              :..D                         E
    static constexpr char classes[] = "\5\0\6\3\0\1\2\2\2\2\2\2\2\2\2\0\0\0\0\0\0\0\0\0\0\0\4";
    const unsigned i = static_cast<unsigned>(static_cast<unsigned char>(c == 'e' ? 'E' : c)) - unsigned('+');
    return i < sizeof classes - 1 ? static_cast<unsigned>(classes[i]) : 0;
}

template <class Handler, std::uint32_t MaxDepth>
class json_scanner {
    static_assert(MaxDepth >= 4 && MaxDepth <= 65536, "swcalls: MaxDepth must be 4 (a calls page) .. 65536");

public:
    json_scanner() noexcept { reset(); }

    void reset() noexcept {
        state_ = state::value;
        depth_ = 0;
        consumed_ = 0;
        error_ = errc{};
        std::memset(kinds_, 0, sizeof kinds_);
    }

    // Scans one chunk. Returns the first syntax or storage error (sticky). Not noexcept: the handler runs the
    // user's callback, which may throw; the exception then leaves the scanner mid-token (page_parser
    // notices and refuses to go on).
    error_code feed(const char* data, std::size_t size, Handler& handler) {
        if (state_ == state::failed) return error_;
        if (state_ == state::stopped) return {};
        const char* end = data + size;
        const char* p = run(data, end, handler);
        consumed_ += static_cast<std::uint64_t>(p - data);  // on failure: the offset of the offending byte
        return state_ == state::failed ? error_ : errc{};
    }

    // The body has ended: a number at the very end completes; anything else unfinished is an error.
    error_code finish(Handler& handler) {
        if (state_ == state::failed) return error_;
        if (state_ == state::stopped || state_ == state::done) return {};
        // A number cut short ("1.", "-") is a truncated body like any other: unexpected_end.
        if (state_ == state::number && number_can_end()) {
            handler.on_scalar_end(out_);
            after_value();
            if (state_ == state::done) return {};
        }
        state_ = state::failed;
        error_ = errc::unexpected_end;
        return error_;
    }

    std::uint32_t depth() const noexcept { return depth_; }
    std::uint64_t consumed() const noexcept { return consumed_; }
    // A failed scan consumes nothing after the offending byte, so that byte's offset is consumed_.
    std::uint64_t error_offset() const noexcept { return state_ == state::failed ? consumed_ : 0; }
    bool stopped() const noexcept { return state_ == state::stopped; }
    bool complete() const noexcept { return state_ == state::done; }

private:
    enum class state : std::uint8_t {
        value,              // a value must come (top level, after ':' or after ',' in an array)
        value_or_close,     // just after '['
        key_or_close,       // just after '{'
        key,                // after ',' in an object
        colon,
        comma_or_close,
        done,               // the top-level value is complete: only white space may follow
        string,             // inside a string (key or value)
        number,
        literal,
        stopped,            // the handler asked to stop
        failed,
    };
    enum class string_part : std::uint8_t { plain, escape, hex, utf8, low_backslash, low_u };

    // The three literals, and the UTF-8 byte order mark, which is matched the same way.
    static constexpr const char* literal_texts[] = {"true", "false", "null", "\xEF\xBB\xBF"};
    static constexpr std::uint8_t bom_literal = 3;

    // ---- structure --------------------------------------------------------------------------------

    bool top_is_object() const noexcept {
        std::uint32_t i = depth_ - 1;
        return (kinds_[i / 8] >> (i % 8)) & 1u;
    }

    static constexpr bool truncates_values = handler_truncates_values<Handler>::value;

    // A scalar value starts: its text goes to `sink`.
    void open_value(value_sink sink) noexcept {
        out_ = sink.begin;
        out_end_ = sink.end;
        if constexpr (truncates_values) truncate_ = sink.truncate;
    }

    // Where the scan goes once a value (scalar or container) is complete.
    void after_value() noexcept { state_ = depth_ == 0 ? state::done : state::comma_or_close; }

    const char* fail(errc e, const char* p) noexcept {
        state_ = state::failed;
        error_ = e;
        return p;
    }

    bool push(bool is_object, Handler& handler) {
        if (depth_ == MaxDepth) return false;
        handler.on_begin(is_object, depth_ + 1);
        std::uint32_t i = depth_++;
        if (is_object) kinds_[i / 8] |= std::uint8_t(1u << (i % 8));
        else kinds_[i / 8] &= std::uint8_t(~(1u << (i % 8)));
        return true;
    }

    // Closes the innermost container with *p ('}' or ']'); fails if it does not match, stops if the
    // handler says so. Returns where the scan goes on (the run loop returns once it failed or stopped).
    const char* close(const char* p, Handler& handler) {
        if (top_is_object() != (*p == '}')) return fail(errc::unexpected_character, p);
        const bool keep_going = handler.on_end(depth_);
        --depth_;
        after_value();
        if (!keep_going) state_ = state::stopped;
        return p + 1;
    }

    static bool is_space(unsigned char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

    // ---- the main loop ----------------------------------------------------------------------------

    const char* run(const char* p, const char* end, Handler& handler) {
        // Resume a token cut by the previous chunk's end.
        switch (state_) {
            case state::string: p = scan_string(p, end, handler); break;
            case state::number: p = scan_number(p, end, handler); break;
            case state::literal: p = scan_literal(p, end, handler); break;
            case state::value:
                // A UTF-8 byte order mark, tolerated only as the body's first bytes (RFC 8259 §8.1 allows it);
                // anywhere else 0xEF is an unexpected character (begin_value).
                if (SWCALLS_UNLIKELY(consumed_ == 0) && p != end && static_cast<unsigned char>(*p) == 0xEF)
                    p = begin_literal(bom_literal, p, end, handler);
                break;
            default: break;
        }
        while (p != end) {
            if (state_ >= state::string) {  // a token is still open (chunk ended) or the scan is over
                return p;
            }
            unsigned char c = static_cast<unsigned char>(*p);
            if (is_space(c)) {
                ++p;
#if SWCALLS_NATIVE_WORD64
                // Pretty-printed bodies: a line break, then indentation; the spaces go 8 at a time. Any other
                // white space (and the last bytes of a chunk) goes round the loop again.
                while (end - p >= 8) {
                    const std::size_t spaces = leading_spaces(p);
                    p += spaces;
                    if (spaces != 8) break;
                }
#else
                while (p != end && is_space(static_cast<unsigned char>(*p))) ++p;
#endif
                continue;
            }
            switch (state_) {
                case state::value_or_close:
                    if (c == ']') {
                        p = close(p, handler);
                        continue;
                    }
                    [[fallthrough]];
                case state::value:
                    p = begin_value(p, end, handler);
                    continue;
                case state::key_or_close:
                    if (c == '}') {
                        p = close(p, handler);
                        continue;
                    }
                    [[fallthrough]];
                case state::key:
                    if (c != '"') return fail(errc::unexpected_character, p);
                    in_key_ = true;
                    key_too_long_ = false;
                    out_ = key_;
                    out_end_ = key_ + max_key_length;
                    begin_string();
                    p = scan_string(p + 1, end, handler);
                    continue;
                case state::colon:
                    if (c != ':') return fail(errc::unexpected_character, p);
                    state_ = state::value;
                    ++p;
                    // Pretty-printed ": ": its space without a round of the loop (unless size comes first).
                    if (!SWCALLS_SIZE_FIRST && p != end && *p == ' ') ++p;
                    continue;
                case state::comma_or_close:
                    if (c == ',') {
                        state_ = top_is_object() ? state::key : state::value;
                        ++p;
                        continue;
                    }
                    if (c == '}' || c == ']') {
                        p = close(p, handler);
                        continue;
                    }
                    return fail(errc::unexpected_character, p);
                case state::done:
                    return fail(errc::trailing_content, p);
                default:
                    return p;
            }
        }
        return p;
    }

    const char* begin_value(const char* p, const char* end, Handler& handler) {
        unsigned char c = static_cast<unsigned char>(*p);
        switch (c) {
            case '"': return begin_scalar(p, end, handler);
            case '{':
            case '[':
                if (!push(c == '{', handler)) return fail(errc::depth_limit, p);
                state_ = c == '{' ? state::key_or_close : state::value_or_close;
                return p + 1;
            case 't': return begin_literal(0, p, end, handler);
            case 'f': return begin_literal(1, p, end, handler);
            case 'n': return begin_literal(2, p, end, handler);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return begin_scalar(p, end, handler);
                return fail(errc::unexpected_character, p);
        }
    }

    // A string or a number starts at p: one call to the handler for both.
    const char* begin_scalar(const char* p, const char* end, Handler& handler) {
        in_key_ = false;
        open_value(handler.on_scalar_begin(depth_));
        if (*p == '"') {
            begin_string();
            return scan_string(p + 1, end, handler);
        }
        state_ = state::number;
        number_part_ = number_part::start;
        return scan_number(p, end, handler);
    }

    // ---- literals (true, false, null, and the byte order mark) -----------------------------------

    const char* begin_literal(std::uint8_t which, const char* p, const char* end, Handler& handler) {
        state_ = state::literal;
        literal_ = which;
        literal_matched_ = 0;
        return scan_literal(p, end, handler);
    }

    const char* scan_literal(const char* p, const char* end, Handler& handler) {
        const char* const text = literal_texts[literal_];
        const char* rest = text + literal_matched_;  // what is still to come (kept in a register meanwhile)
        for (; *rest != '\0'; ++rest, ++p) {
            if (p == end) {  // the chunk ended mid-literal
                literal_matched_ = static_cast<std::uint8_t>(rest - text);
                return p;
            }
            if (*p != *rest) return fail(literal_ == bom_literal ? errc::unexpected_character : errc::invalid_literal, p);
        }
        if (literal_ == bom_literal) {
            state_ = state::value;
            return p;
        }
        handler.on_literal(static_cast<literal>(literal_), depth_);
        after_value();
        return p;
    }

    // ---- numbers ----------------------------------------------------------------------------------

    bool number_can_end() const noexcept {
        return number_part_ == number_part::zero || number_part_ == number_part::integer ||
               number_part_ == number_part::fraction || number_part_ == number_part::exponent;
    }

    // Keeps one character of a number, when its text is captured. False when the sink is full.
    bool keep(char c) noexcept {
        if (!out_) return true;
        if (out_ == out_end_) {
            if (!truncates_values || !truncate_) return false;
            out_ = nullptr;
            return true;
        }
        *out_++ = c;
        return true;
    }

    const char* scan_number(const char* p, const char* end, Handler& handler) {
        while (p != end) {
            const char c = *p;
            const auto next = static_cast<number_part>(
                (number_moves[static_cast<unsigned>(number_part_)] >> (4 * number_class(c))) & 0xFu);
            if (next == number_part::ended) return end_number(p, handler);
            if (next == number_part::invalid) return fail(errc::invalid_number, p);
            number_part_ = next;
            if (!keep(c)) return fail(errc::call_too_large, p);
            ++p;
        }
        return p;
    }

    const char* end_number(const char* p, Handler& handler) {
        handler.on_scalar_end(out_);
        after_value();
        return p;
    }

    // ---- strings ----------------------------------------------------------------------------------

    void begin_string() noexcept {
        state_ = state::string;
        string_part_ = string_part::plain;
        high_surrogate_ = 0;
    }

    // A full sink ends a key's capture (the key is then unknown) but is an error for a value, unless the
    // Handler truncates values.
    bool put(char c) noexcept {
        if (!out_) return true;
        if (SWCALLS_LIKELY(out_ != out_end_)) {
            *out_++ = c;
            return true;
        }
        if (in_key_) {
            key_too_long_ = true;
            out_ = nullptr;
            return true;
        }
        if (truncates_values && truncate_) {
            out_ = nullptr;
            return true;
        }
        return false;
    }

    bool put_code_point(std::uint32_t cp) noexcept {
        char bytes[4];
        int n = encode_utf8(cp, bytes);
        for (int i = 0; i < n; ++i)
            if (!put(bytes[i])) return false;
        return true;
    }

    static int hex_value(char c) noexcept {
        const unsigned digit = static_cast<unsigned char>(c) - unsigned('0');
        if (digit < 10) return static_cast<int>(digit);
        const unsigned letter = (static_cast<unsigned char>(c) | 0x20u) - unsigned('a');  // 'A'..'F' as 'a'..'f'
        return letter < 6 ? static_cast<int>(letter) + 10 : -1;
    }

    const char* scan_string(const char* p, const char* end, Handler& handler) {
        for (;;) {
            if (string_part_ == string_part::plain) {
#if !SWCALLS_SIZE_FIRST
                // Plain ASCII runs, a word (scan_word_size bytes) at a time.
                char* out = out_;
                if (out) {
#if SWCALLS_HAVE_STRING_BLOCK16
                    bool stopped = false;
                    while (end - p >= 16 && out_end_ - out >= 16) {
                        const unsigned stop = string_block16(p, out);
                        if (stop) {
                            const std::size_t n = first_flagged16(stop);
                            out += n;
                            p += n;
                            stopped = true;
                            break;
                        }
                        out += 16;
                        p += 16;
                    }
                    if (!stopped)
#endif
                    while (end - p >= std::ptrdiff_t(scan_word_size) && out_end_ - out >= std::ptrdiff_t(scan_word_size)) {
                        const scan_word stop = string_stop_mask(p);
                        std::memcpy(out, p, scan_word_size);
                        if (stop) {
                            std::size_t n = first_flagged(stop);
                            out += n;
                            p += n;
                            break;
                        }
                        out += scan_word_size;
                        p += scan_word_size;
                    }
                    out_ = out;
                } else {
#if SWCALLS_HAVE_STRING_BLOCK16
                    bool stopped = false;
                    while (end - p >= 16) {
                        if (const unsigned stop = string_stops16(load16(p))) {
                            p += first_flagged16(stop);
                            stopped = true;
                            break;
                        }
                        p += 16;
                    }
                    if (!stopped)
#endif
                    while (end - p >= std::ptrdiff_t(scan_word_size)) {
                        const scan_word stop = string_stop_mask(p);
                        if (stop) {
                            p += first_flagged(stop);
                            break;
                        }
                        p += scan_word_size;
                    }
                }
#else
                // Plain ASCII runs, a byte at a time (where code size comes first), in registers: a byte that
                // needs more, and a full sink, take the general path below.
                char* out = out_;
                for (; p != end; ++p) {
                    const unsigned char c = static_cast<unsigned char>(*p);
                    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                    if (out) {
                        if (out == out_end_) break;
                        *out++ = static_cast<char>(c);
                    }
                }
                out_ = out;
#endif
                if (p == end) return p;
                unsigned char c = static_cast<unsigned char>(*p);
                if (c == '"') return end_string(p + 1, handler);
                if (c == '\\') {
                    string_part_ = string_part::escape;
                    ++p;
                    continue;
                }
                if (c < 0x20) return fail(errc::control_character, p);
                if (c >= 0x80) {
                    utf8_lead lead = classify_utf8_lead(c);
                    if (lead.continuation_bytes == 0) return fail(errc::invalid_utf8, p);
                    utf8_remaining_ = lead.continuation_bytes;
                    utf8_min_ = lead.first_min;
                    utf8_max_ = lead.first_max;
                    string_part_ = string_part::utf8;
                }
                if (!put(static_cast<char>(c))) return fail(errc::call_too_large, p);
                ++p;
                continue;
            }
            if (p == end) return p;
            char c = *p;
            switch (string_part_) {
                case string_part::utf8: {
                    unsigned char u = static_cast<unsigned char>(c);
                    if (u < utf8_min_ || u > utf8_max_) return fail(errc::invalid_utf8, p);
                    if (!put(c)) return fail(errc::call_too_large, p);
                    utf8_min_ = 0x80;
                    utf8_max_ = 0xBF;
                    if (--utf8_remaining_ == 0) string_part_ = string_part::plain;
                    break;
                }
                case string_part::escape: {
                    // '"', '\\' and '/' stand for themselves; 'u' starts four hex digits; the five letters are
                    // looked up (smaller code than a case each).
                    char unescaped = c;
                    if (c != '"' && c != '\\' && c != '/') {
                        if (c == 'u') {
                            string_part_ = string_part::hex;
                            hex_digits_ = 0;
                            code_unit_ = 0;
                            break;
                        }
                        static constexpr char letters[] = "bfnrt";
                        static constexpr char controls[] = "\b\f\n\r\t";
                        std::size_t i = 0;
                        while (i < 5 && letters[i] != c) ++i;
                        if (i == 5) return fail(errc::invalid_escape, p);
                        unescaped = controls[i];
                    }
                    if (!put(unescaped)) return fail(errc::call_too_large, p);
                    string_part_ = string_part::plain;
                    break;
                }
                case string_part::hex: {
                    int v = hex_value(c);
                    if (v < 0) return fail(errc::invalid_escape, p);
                    code_unit_ = static_cast<std::uint16_t>(code_unit_ << 4 | v);
                    if (++hex_digits_ < 4) break;
                    if (errc e = complete_escape(); e != errc{}) return fail(e, p);
                    break;
                }
                case string_part::low_backslash:
                    if (c != '\\') return fail(errc::invalid_surrogate, p);
                    string_part_ = string_part::low_u;
                    break;
                case string_part::low_u:
                    if (c != 'u') return fail(errc::invalid_surrogate, p);
                    string_part_ = string_part::hex;
                    hex_digits_ = 0;
                    code_unit_ = 0;
                    break;
                case string_part::plain: break;
            }
            ++p;
        }
    }

    // Four hex digits are in code_unit_: a code point, or half of a surrogate pair.
    errc complete_escape() noexcept {
        std::uint32_t unit = code_unit_;
        std::uint32_t cp = unit;
        if (high_surrogate_) {
            if (unit < 0xDC00 || unit > 0xDFFF) return errc::invalid_surrogate;
            cp = 0x10000 + ((std::uint32_t(high_surrogate_) - 0xD800) << 10) + (unit - 0xDC00);
            high_surrogate_ = 0;
        } else if (unit >= 0xD800 && unit <= 0xDBFF) {
            high_surrogate_ = static_cast<std::uint16_t>(unit);
            string_part_ = string_part::low_backslash;
            return errc{};
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return errc::invalid_surrogate;
        }
        string_part_ = string_part::plain;
        return put_code_point(cp) ? errc{} : errc::call_too_large;
    }

    const char* end_string(const char* p, Handler& handler) {
        if (in_key_) {
            std::size_t length = out_ ? static_cast<std::size_t>(out_ - key_) : max_key_length;
            // Zero-padded to 8 bytes for the key hash (key_lookup.hpp). Also where size comes first, whose lists of
            // names do not need it: a program whose translation units differ in SWCALLS_SIZE_FIRST may link this
            // scanner with the other setting's lookup.
            if (length < 8) std::memset(key_ + length, 0, 8 - length);
            handler.on_key(key_, length, key_too_long_, depth_);
            state_ = state::colon;
            return p;
        }
        handler.on_scalar_end(out_);
        after_value();
        return p;
    }

    // ---- state ------------------------------------------------------------------------------------

    state state_;
    string_part string_part_ = string_part::plain;
    number_part number_part_ = number_part::start;
    bool in_key_ = false;
    bool key_too_long_ = false;
    bool truncate_ = false;  // the open value's sink keeps a prefix when full (truncates_values only)
    std::uint8_t literal_ = 0;
    std::uint8_t literal_matched_ = 0;
    std::uint8_t utf8_remaining_ = 0;
    std::uint8_t utf8_min_ = 0;
    std::uint8_t utf8_max_ = 0;
    std::uint8_t hex_digits_ = 0;
    std::uint16_t code_unit_ = 0;
    std::uint16_t high_surrogate_ = 0;
    std::uint32_t depth_ = 0;
    errc error_{};
    std::uint64_t consumed_ = 0;
    char* out_ = nullptr;
    char* out_end_ = nullptr;
    std::uint8_t kinds_[(MaxDepth + 7) / 8];  // one bit a level: 1 object, 0 array
    char key_[max_key_length + 8];
};

}  // namespace swcalls::detail
