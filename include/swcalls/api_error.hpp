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
#include <cstring>
#include <iterator>
#include <optional>
#include <string_view>

#include "bounded_text.hpp"
#include "config.hpp"
#include "detail/json_scanner.hpp"
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
        top_is_object_ = false;
        errors_open_ = false;
        in_first_error_ = false;
        elements_ = 0;
        target_ = field::none;
        capturing_ = field::none;
        seen_ = 0;
    }

    void on_begin(bool is_object, std::uint32_t level) noexcept {
        field target = take_target();
        if (level == 1) {
            top_is_object_ = is_object;
        } else if (level == 2) {
            if (target == field::errors && !is_object) {
                errors_open_ = true;
                elements_ = 0;
            }
        } else if (level == 3 && errors_open_) {
            in_first_error_ = is_object && elements_ == 0;
            ++elements_;
        }
    }

    bool on_end(std::uint32_t level) noexcept {
        if (level == 3) in_first_error_ = false;
        if (level == 2) errors_open_ = false;
        return true;
    }

    void on_key(const char* key, std::size_t length, bool too_long, std::uint32_t level) noexcept {
        target_ = field::none;
        if (too_long) return;
        std::string_view name(key, length);
        const bool top = level == 1 && top_is_object_;
        const bool element = level == 3 && in_first_error_;
        if (!top && !element) return;
        // One loop over the names (in field order, from code) instead of a comparison written out for each.
        for (std::uint8_t i = 0; i < std::size(field_names); ++i) {
            if (name == field_names[i]) {
                const field f = static_cast<field>(i + 1);
                if (f != field::errors || top) target_ = f;
                return;
            }
        }
    }

    value_sink on_scalar_begin(std::uint32_t level) noexcept {
        if (level == 2 && errors_open_) ++elements_;
        field target = take_target();
        capturing_ = field::none;
        if (target == field::none || target == field::errors || (seen_ & bit(target))) return {nullptr, nullptr};
        capturing_ = target;
        switch (target) {
            case field::code: return sink_of(out_->code_text);
            case field::message: return sink_of(out_->message);
            case field::more_info: return sink_of(out_->more_info);
            case field::status: return {number_, number_ + sizeof number_, true};
            default: return {nullptr, nullptr};
        }
    }

    void on_scalar_end(char* text_end) noexcept {
        field f = capturing_;
        capturing_ = field::none;
        if (f == field::none) return;
        seen_ |= bit(f);
        const bool cut = text_end == nullptr;  // the scanner stopped writing at the sink's end
        switch (f) {
            case field::code: {
                finish_text(out_->code_text, text_end, cut);
                std::int64_t value = 0;
                if (!cut && parse_integer(out_->code_text.view(), value)) out_->code = value;
                break;
            }
            case field::message: finish_text(out_->message, text_end, cut); break;
            case field::more_info: finish_text(out_->more_info, text_end, cut); break;
            case field::status: {
                std::int64_t value = 0;
                if (!cut && parse_integer(std::string_view(number_, static_cast<std::size_t>(text_end - number_)), value) &&
                    value >= 0 && value <= 999)
                    out_->status = static_cast<int>(value);
                break;
            }
            default: break;
        }
    }

    void on_literal(literal, std::uint32_t level) noexcept {
        if (level == 2 && errors_open_) ++elements_;
        target_ = field::none;  // "message": null leaves the field empty
    }

private:
    enum class field : std::uint8_t { none, code, message, more_info, status, errors };

    // In the order of `field` after none: on_key turns index i into field(i + 1).
    static constexpr std::string_view field_names[] = {"code", "message", "more_info", "status", "errors"};
    static_assert(std::size(field_names) == std::size_t(field::errors), "one name per field, in field order");

    static constexpr std::uint8_t bit(field f) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(f)); }

    field take_target() noexcept {
        field t = target_;
        target_ = field::none;
        return t;
    }

    template <std::size_t N>
    static value_sink sink_of(bounded_text<N>& text) noexcept {
        return {text.storage(), text.storage() + N, true};
    }

    template <std::size_t N>
    static void finish_text(bounded_text<N>& text, char* text_end, bool cut) noexcept {
        text.set_length(cut ? N : static_cast<std::size_t>(text_end - text.storage()), cut);
    }

    api_error* out_;
    bool top_is_object_ = false;
    bool errors_open_ = false;
    bool in_first_error_ = false;
    std::uint32_t elements_ = 0;
    field target_ = field::none;
    field capturing_ = field::none;
    std::uint8_t seen_ = 0;  // one bit a field: the first value wins
    char number_[24] = {};
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
