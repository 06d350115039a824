// swcalls/list_cursor.hpp — where a listing stands, so that it can resume without losing or repeating a call.
//
// A cursor is the request target of the page being read and how many of that page's calls were already
// delivered. After a failure the list driver hands it back; resuming asks for the same page again and skips
// the calls already delivered. Saved as one line of text it survives the process:
//
//   swcalls-cursor 2 <calls delivered from this page> <calls delivered in all> <last sid or -> <request target>
//
// Resuming by cursor relies on the page holding the same calls when asked again, which is what the
// PageToken in next_page_uri gives. The first page has no PageToken and shifts when new calls arrive, so
// the cursor also keeps the sid of the last call delivered: a page asked again must have it in the same
// place, or the driver stops with errc::page_changed rather than repeat or lose a call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>

#include "detail/decimal_text.hpp"
#include "detail/string_slices.hpp"
#include "detail/uri_chars.hpp"
#include "error.hpp"
#include "error_code.hpp"

namespace swcalls {

template <class Callback, class Fields>
class list_session;

class list_cursor {
public:
    // Longest request target a cursor holds; real next_page_uri values are a few hundred bytes.
    static constexpr std::size_t max_target = 2048;

    // The page to ask for (path and query, as sent); empty before the first page is known.
    std::string_view target() const noexcept { return {target_, target_length_}; }
    // Refuses targets longer than max_target (buffer_too_small) or that no request line may carry
    // (invalid_uri; see detail::is_followable_target). Empty means "not known yet".
    error_code set_target(std::string_view target) noexcept {
        if (target.size() > max_target) return errc::buffer_too_small;
        if (!target.empty() && !detail::is_followable_target(target)) return errc::invalid_uri;
        for (std::size_t i = 0; i < target.size(); ++i) target_[i] = target[i];
        target_length_ = target.size();
        return {};
    }

    // Longest sid kept; SignalWire's are 36 bytes, Twilio's 34.
    static constexpr std::size_t max_sid = 64;

    // The sid of the last call delivered from target(); empty when unknown (none delivered, or a sid too
    // long or with bytes a cursor line cannot hold — then the page is not checked when asked again).
    std::string_view last_sid() const noexcept { return {last_sid_, last_sid_length_}; }
    void set_last_sid(std::string_view sid) noexcept {
        last_sid_length_ = 0;
        if (sid.size() > max_sid) return;
        if (sid.size() == 1 && sid[0] == '-') return;  // the text form's "unknown" (no call to compare views)
        // Checked while copied (one loop): a refused sid leaves the length 0, whatever bytes it wrote.
        for (std::size_t i = 0; i < sid.size(); ++i) {
            const char c = sid[i];
            if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) return;
            last_sid_[i] = c;
        }
        last_sid_length_ = sid.size();
    }

    std::uint64_t delivered_on_page = 0;  // calls of target() already delivered: skip these when resuming
    std::uint64_t delivered_total = 0;    // calls delivered since the listing began

private:
    // A session moving on to a new page: nothing of it delivered yet, so no last sid either (as
    // set_last_sid({}) leaves it, without the call).
    template <class Callback, class Fields>
    friend class list_session;
    void start_page() noexcept {
        delivered_on_page = 0;
        last_sid_length_ = 0;
    }

    char target_[max_target] = {};
    std::size_t target_length_ = 0;
    char last_sid_[max_sid] = {};
    std::size_t last_sid_length_ = 0;
};

namespace detail {
inline constexpr std::string_view cursor_magic = "swcalls-cursor 2 ";

// Reads digits up to a space; false for anything else, a leading zero, or overflow.
inline bool read_decimal(std::string_view& text, std::uint64_t& value) noexcept {
    std::size_t i = 0;
    std::uint64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        unsigned digit = unsigned(text[i] - '0');
        if (!append_decimal_digit(v, digit)) return false;
        ++i;
    }
    if (i == 0 || (i > 1 && text[0] == '0') || i == text.size() || text[i] != ' ') return false;
    value = v;
    text.remove_prefix(i + 1);
    return true;
}
}  // namespace detail

// Writes the cursor as one line of text (no newline). `needed` is always the full length; a smaller
// buffer gets nothing and errc::buffer_too_small.
inline error_code format_cursor(const list_cursor& cursor, char* out, std::size_t size,
                                std::size_t& needed) noexcept {
    using namespace std::string_view_literals;
    const std::string_view sid = cursor.last_sid().empty() ? "-"sv : cursor.last_sid();
    needed = detail::cursor_magic.size() + detail::decimal_length(cursor.delivered_on_page) + 1 +
             detail::decimal_length(cursor.delivered_total) + 1 + sid.size() + 1 + cursor.target().size();
    if (size < needed) return errc::buffer_too_small;
    for (char c : detail::cursor_magic) *out++ = c;
    out = detail::write_decimal_u64(out, cursor.delivered_on_page);
    *out++ = ' ';
    out = detail::write_decimal_u64(out, cursor.delivered_total);
    *out++ = ' ';
    for (char c : sid) *out++ = c;
    *out++ = ' ';
    for (char c : cursor.target()) *out++ = c;
    return {};
}

// Reads what format_cursor wrote (a trailing newline or CR LF is allowed). On failure `cursor` is untouched.
inline error_code parse_cursor(std::string_view text, list_cursor& cursor) noexcept {
    using namespace std::string_view_literals;
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (detail::first_bytes(text, detail::cursor_magic.size()) != detail::cursor_magic) return errc::invalid_cursor;
    text.remove_prefix(detail::cursor_magic.size());
    std::uint64_t on_page = 0, total = 0;
    if (!detail::read_decimal(text, on_page) || !detail::read_decimal(text, total)) return errc::invalid_cursor;
    const std::size_t sid_end = text.find(' ');
    if (sid_end == 0 || sid_end == std::string_view::npos) return errc::invalid_cursor;
    const std::string_view sid = detail::first_bytes(text, sid_end);
    text.remove_prefix(sid_end + 1);
    if (on_page > total || text.empty() || text.front() != '/') return errc::invalid_cursor;
    list_cursor parsed;
    if (parsed.set_target(text)) return errc::invalid_cursor;
    parsed.set_last_sid(sid);
    if (sid != "-"sv && parsed.last_sid() != sid) return errc::invalid_cursor;
    parsed.delivered_on_page = on_page;
    parsed.delivered_total = total;
    cursor = parsed;
    return {};
}

}  // namespace swcalls
