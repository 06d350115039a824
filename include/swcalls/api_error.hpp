// swcalls/api_error.hpp — what the API said when it answered with an error (a non-2xx status).
//
// The Compatibility API's error body is {"code": 20003, "message": "...", "more_info": "...", "status": 401}
// (Twilio adds "details": {...}); create-call errors use {"errors": [{"code": "30010", "message": ...}]}.
// Proxies and load balancers send empty bodies or HTML instead. api_error_reader reads any of these, as the
// body streams in, into a bounded api_error: nothing is allocated, long texts are cut at a UTF-8 boundary
// (with a flag), and an odd body never makes the operation fail — it just leaves fields empty.
//
// Rules: the first value wins when a field appears twice (top level or the first element of "errors",
// whichever comes first); only the first element of "errors" is read; "code" may be a JSON integer or a
// string of digits (anything else leaves `code` empty but keeps `code_text`); a body that is not one valid
// JSON document (empty, HTML, cut off) leaves code, message, more_info and status empty and
// body_was_json false. body_excerpt always holds the first bytes of the body, made safe to print.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

#include "bounded_text.hpp"
#include "config.hpp"
#include "detail/json_scanner.hpp"
#include "detail/packed_names.hpp"
#include "detail/string_slices.hpp"
#include "number.hpp"

namespace swcalls {

struct api_error {
    int http_status = 0;                   // the response's status code
    std::optional<std::int64_t> code;      // the API's error code (20003, or "30010" read as 30010)
    bounded_text<64> code_text;            // the code as sent (e.g. "invalid_parameter", which is no integer)
    bounded_text<256> message;             // "Authentication failed"
    bounded_text<256> more_info;           // a link to the documentation of the code
    std::optional<int> status;             // the body's own "status" member, when present
    bool body_was_json = false;            // the body was one valid JSON document
    // The body's first bytes for display: printable ASCII kept, runs of white space (CR, LF, HT, SP) as one
    // space, leading white space dropped, every other byte (controls, non-ASCII) as '?'.
    bounded_text<256> body_excerpt;
};

namespace detail {

// The scanner's Handler for error bodies (see json_scanner.hpp). Levels: 1 the body object, 2 the
// "errors" array, 3 its elements (only the first is read).
class api_error_handler {
public:
    static constexpr bool truncates_values = true;  // a long message is cut, not an error

    explicit api_error_handler(api_error* out) noexcept : out_(out) {}

    void reset() noexcept {
        errors_ = errors_array::closed;
        in_first_error_ = false;
        target_ = field::none;
        capturing_ = field::none;
        seen_ = 0;
    }

    // The scanner's events as one code, for on_event.
    enum class event : std::uint8_t { begin_array, begin_object, end, scalar_begin, literal };

    // The Handler interface (json_scanner<api_error_handler>): each event goes to on_event, or to key_event
    // or scalar_end_event (below).
    void on_begin(bool is_object, std::uint32_t level) noexcept {
        on_event(is_object ? event::begin_object : event::begin_array, level);
    }
    bool on_end(std::uint32_t level) noexcept {
        on_event(event::end, level);
        return true;
    }
    void on_key(const char* key, std::size_t length, bool too_long, std::uint32_t level) noexcept {
        key_event(too_long ? nullptr : key, length, level);
    }
    value_sink on_scalar_begin(std::uint32_t level) noexcept { return on_event(event::scalar_begin, level); }
    void on_scalar_end(char* text_end) noexcept { scalar_end_event(text_end); }
    void on_literal(literal, std::uint32_t level) noexcept { on_event(event::literal, level); }

    // One out-of-line entry for the events that carry only a level, so that a scanner which mostly reads calls
    // pages (page_or_error_parser.hpp) makes one call at each of its event sites instead of inlining this
    // handler at each (a key and a scalar's end have entries of their own: key_event, scalar_end_event).
    // `level` as the Handler gets it. Returns the sink for event::scalar_begin (none for the other events).
    SWCALLS_NOINLINE value_sink on_event(event e, std::uint32_t level) noexcept {
        if (e == event::end) {
            if (level == 3) in_first_error_ = false;
            if (level == 2) errors_ = errors_array::closed;
            return {nullptr, nullptr};
        }
        return on_value(e, level);
    }

    // key == nullptr: a key too long to be a field's name. A key at level 1 is the body object's (only an
    // object has keys), at level 3 an element's of "errors". Out of line, like on_event.
    SWCALLS_NOINLINE void key_event(const char* key, std::size_t length, std::uint32_t level) noexcept {
        target_ = field::none;
        if (!key) return;
        const bool top = level == 1;
        if (!top && !(level == 3 && in_first_error_)) return;
        // The names are in field order from code (1), as name_index counts (0: none of them).
        const auto f = static_cast<field>(name_index(field_names, sizeof field_names - 1, {key, length}));
        if (f != field::errors || top) target_ = f;
    }

private:
    enum class field : std::uint8_t { none, code, message, more_info, status, errors };
    // The "errors" array (level 2): not open, open before its first element, open after.
    enum class errors_array : std::uint8_t { closed, empty, started };

    // The names in the order of `field` after none, each after its length: key_event turns the i-th into
    // field(i + 1). One string rather than a table of string_views (smaller on a microcontroller).
    static constexpr char field_names[] = "\4code\7message\11more_info\6status\6errors";
    static_assert(count_length_prefixed(field_names, sizeof field_names - 1) == std::size_t(field::errors),
                  "one name per field, in field order");

    static constexpr std::uint8_t bit(field f) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(f)); }

    // A value starts (a container, a scalar or a literal); the last key named its field.
    value_sink on_value(event e, std::uint32_t level) noexcept {
        const bool opens = e == event::begin_array || e == event::begin_object;
        // An element of the "errors" array: the container at level 2 holds it.
        bool first_error = false;
        if ((opens ? level - 1 : level) == 2 && errors_ != errors_array::closed) {
            first_error = errors_ == errors_array::empty;
            errors_ = errors_array::started;
        }
        const field target = target_;
        target_ = field::none;
        if (opens) {
            if (level == 2 && target == field::errors && e == event::begin_array) errors_ = errors_array::empty;
            if (level == 3) in_first_error_ = first_error && e == event::begin_object;
            return {nullptr, nullptr};
        }
        if (e == event::literal) return {nullptr, nullptr};  // "message": null leaves the field empty
        capturing_ = field::none;
        if (target == field::none || target == field::errors || (seen_ & bit(target))) return {nullptr, nullptr};
        capturing_ = target;
        char* begin = number_;
        std::size_t size = sizeof number_;
        if (target == field::code) {
            begin = out_->code_text.storage();
            size = out_->code_text.capacity;
        } else if (target != field::status) {
            bounded_text<256>& text = target == field::message ? out_->message : out_->more_info;
            begin = text.storage();
            size = text.capacity;
        }
        return {begin, begin + size, true};
    }

    // text_end == nullptr: the scanner stopped writing at the sink's end. Out of line, and an entry of its
    // own (no event code to pass): a scanner that mostly reads calls pages calls it from one site.
    SWCALLS_NOINLINE void scalar_end_event(const char* text_end) noexcept {
        field f = capturing_;
        capturing_ = field::none;
        if (f == field::none) return;
        seen_ |= bit(f);
        const bool cut = text_end == nullptr;
        const char* text = number_;
        if (f == field::code) {
            text = finish_text(out_->code_text, text_end, cut);
        } else if (f != field::status) {
            finish_text(f == field::message ? out_->message : out_->more_info, text_end, cut);
            return;
        }
        // code and status: also as integers
        if (cut) return;
        const std::string_view digits(text, static_cast<std::size_t>(text_end - text));
        std::int64_t value = 0;
        if (!parse_integer(digits, value)) return;
        if (f == field::code) out_->code = value;
        else if (value >= 0 && value <= 999) out_->status = static_cast<int>(value);
    }

    // Returns the text's storage.
    template <std::size_t N>
    static const char* finish_text(bounded_text<N>& text, const char* text_end, bool cut) noexcept {
        text.set_length(cut ? N : static_cast<std::size_t>(text_end - text.storage()), cut);
        return text.storage();
    }

    api_error* out_;
    errors_array errors_ = errors_array::closed;
    bool in_first_error_ = false;  // inside the first element of "errors", an object
    field target_ = field::none;
    field capturing_ = field::none;
    std::uint8_t seen_ = 0;  // one bit a field: the first value wins
    // Not zeroed: the scanner writes a value's text here before scalar_end_event reads it (zeroing it was 24 bytes
    // of a Cortex-M4 image).
    char number_[24];
};

}  // namespace detail

namespace detail {

// What reading an error body needs besides a JSON scanner: the handler that fills the record, the excerpt
// and the size. The record itself is the owner's (a list session fills its result's directly, keeping no
// second copy). api_error_reader pairs it with a scanner of its own; a list session with its page parser's
// (page_or_error_parser.hpp), so that one scanner's code serves both kinds of body.
class api_error_record {
public:
    explicit api_error_record(api_error* target) noexcept : error_(*target), handler_(target) {}

    // It refers to its owner's record: a copy would write into the original's.
    api_error_record(const api_error_record&) = delete;
    api_error_record& operator=(const api_error_record&) = delete;

    // Empties the record for the body of a response with this status.
    void reset(int http_status) noexcept {
        error_ = api_error{};
        error_.http_status = http_status;
        handler_.reset();
        pending_space_ = false;
        body_size_ = 0;
    }

    // Counts the bytes and adds them to the excerpt; the scanner gets them apart.
    void take(std::string_view bytes) noexcept {
        body_size_ += bytes.size();
        bounded_text<256>& out = error_.body_excerpt;
        for (char ch : bytes) {
            if (out.truncated()) return;
            unsigned char c = static_cast<unsigned char>(ch);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pending_space_ = !out.empty();
                continue;
            }
            if (pending_space_) {
                out.push_back(' ');
                pending_space_ = false;
            }
            out.push_back(c >= 0x20 && c < 0x7F ? ch : '?');
        }
    }

    // The body has ended; `was_json`: the scanner found one valid JSON document.
    const api_error& finish(bool was_json) noexcept {
        error_.body_was_json = was_json;
        if (!was_json) {  // half-read fields of a broken body would mislead more than help
            error_.code.reset();
            error_.code_text.clear();
            error_.message.clear();
            error_.more_info.clear();
            error_.status.reset();
        }
        return error_;
    }

    api_error_handler& handler() noexcept { return handler_; }
    const api_error& result() const noexcept { return error_; }
    std::uint64_t body_size() const noexcept { return body_size_; }

private:
    api_error& error_;
    api_error_handler handler_;
    bool pending_space_ = false;
    std::uint64_t body_size_ = 0;
};

}  // namespace detail

// Reads an error body, fed in any chunking, into an api_error. Usable directly as the body sink of
// http_response_decoder. Never fails: finish() always yields a record, however odd the body.
class api_error_reader {
public:
    explicit api_error_reader(int http_status = 0) noexcept { reset(http_status); }

    // It refers to its own record: copying or moving it would point into the original.
    api_error_reader(const api_error_reader&) = delete;
    api_error_reader& operator=(const api_error_reader&) = delete;

    // Starts over for another body.
    void reset(int http_status) noexcept {
        record_.reset(http_status);
        scanner_.reset();
        json_failed_ = false;
        finished_ = false;
    }

    void feed(std::string_view bytes) noexcept {
        if (finished_) return;
        record_.take(bytes);
        if (!json_failed_ && !bytes.empty() && scanner_.feed(bytes.data(), bytes.size(), record_.handler()))
            json_failed_ = true;
    }

    void operator()(std::string_view bytes) noexcept { feed(bytes); }

    // The body has ended. Idempotent.
    const api_error& finish() noexcept {
        if (finished_) return record_.result();
        finished_ = true;
        if (!json_failed_ && scanner_.finish(record_.handler())) json_failed_ = true;
        return record_.finish(!json_failed_);
    }

    // The record so far (complete after finish()).
    const api_error& result() const noexcept { return record_.result(); }
    std::uint64_t body_size() const noexcept { return record_.body_size(); }

private:
    api_error error_;
    detail::api_error_record record_{&error_};
    detail::json_scanner<detail::api_error_handler, SWCALLS_MAX_DEPTH> scanner_;  // as a session reads them
    bool json_failed_ = false;
    bool finished_ = false;
};

}  // namespace swcalls
