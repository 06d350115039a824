// tools/swcalls/table_format.hpp — `--format table`: fixed-width columns for a person at a terminal.
//
// Output streams, so the column widths cannot be measured first: they are fixed, and a longer value is cut at
// a code point boundary and ends in "…". Widths count terminal columns (wide CJK and emoji take two).
// The body is untrusted: control characters (ESC, CR, ...), C1 controls, bidirectional overrides and
// ill-formed bytes are shown as visible escapes, so a hostile body cannot drive the terminal or hide text.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>

#include <swcalls/call_view.hpp>

#include "utf8.hpp"

namespace swcalls_cli {

struct table_column {
    std::string_view title;
    std::size_t width;  // terminal columns; at least 2 (room for one character and "…")
    bool right_aligned;
};

// SignalWire SIDs are 36-character UUIDs (Twilio's 34); RFC 2822 dates are 31 characters; E.164 numbers
// are at most 16; "in-progress" is the longest status and "outbound-dial" the longest common direction.
inline constexpr table_column table_columns[] = {
    {"SID", 36, false},    {"DATE_CREATED", 31, false}, {"FROM", 16, false},    {"TO", 16, false},
    {"STATUS", 11, false}, {"DIRECTION", 13, false},    {"DURATION", 8, true}, {"PRICE", 16, false},
};
inline constexpr std::string_view table_gap = "  ";
inline constexpr std::string_view table_null = "-";
inline constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026

// True for code points that change how a terminal shows what follows rather than showing themselves.
inline bool is_terminal_control(char32_t cp) noexcept {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)  // C0, DEL, C1 (0x9B is a CSI on its own)
           || cp == 0x2028 || cp == 0x2029                        // line and paragraph separators
           || (cp >= 0x202A && cp <= 0x202E)                       // bidirectional embeddings and overrides
           || (cp >= 0x2066 && cp <= 0x2069);                      // bidirectional isolates
}

// Calls emit(bytes, columns) for each visible piece of text: a printable code point as it is, or the escape
// that stands for a control character (\n, \t, \r, \x1b, \u202e) or an ill-formed byte (\xff).
template <class Emit>
void for_each_display_piece(std::string_view text, Emit&& emit) {
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t i = 0;
    while (i < text.size()) {
        decoded_code_point d = decode_utf8(text, i);
        char escape[12];
        std::size_t length = 0;
        auto put = [&](char c) { escape[length++] = c; };
        if (!d.valid) {
            unsigned b = static_cast<unsigned char>(text[i]);
            put('\\'); put('x'); put(hex[b >> 4]); put(hex[b & 0xF]);
        } else if (is_terminal_control(d.value)) {
            char32_t cp = d.value;
            put('\\');
            if (cp == '\n') put('n');
            else if (cp == '\t') put('t');
            else if (cp == '\r') put('r');
            else if (cp < 0x100) { put('x'); put(hex[cp >> 4]); put(hex[cp & 0xF]); }
            else { put('u'); for (int shift = 12; shift >= 0; shift -= 4) put(hex[(cp >> shift) & 0xF]); }
        }
        if (length != 0)
            emit(std::string_view(escape, length), length);
        else
            emit(text.substr(i, d.length), std::size_t(display_width(d.value)));
        i += d.length;
    }
}

// Appends text made safe for a terminal, whatever its length (for the summary line).
inline void append_terminal_safe(std::string& out, std::string_view text) {
    for_each_display_piece(text, [&](std::string_view bytes, std::size_t) { out.append(bytes.data(), bytes.size()); });
}

// Appends text in exactly `width` columns (fewer when !pad and left-aligned): cut with "…" when longer.
inline void append_table_cell(std::string& out, std::string_view text, std::size_t width, bool right_aligned,
                              bool pad) {
    std::string cell;
    std::size_t used = 0;             // columns taken by `cell`
    std::size_t cut_bytes = std::string::npos, cut_columns = 0;  // where "…" goes if the text overflows
    bool overflow = false;
    for_each_display_piece(text, [&](std::string_view bytes, std::size_t columns) {
        if (overflow) return;
        if (cut_bytes == std::string::npos && used + columns > width - 1) {
            cut_bytes = cell.size();
            cut_columns = used;
        }
        if (used + columns > width) {
            overflow = true;
            return;
        }
        cell.append(bytes.data(), bytes.size());
        used += columns;
    });
    if (overflow) {
        cell.resize(cut_bytes);
        cell.append(ellipsis.data(), ellipsis.size());
        used = cut_columns + 1;
    }
    std::size_t padding = width > used ? width - used : 0;
    if (right_aligned) out.append(padding, ' ');
    out += cell;
    if (!right_aligned && pad) out.append(padding, ' ');
}

inline void append_table_row(std::string& out, const std::string_view (&cells)[std::size(table_columns)]) {
    constexpr std::size_t count = std::size(table_columns);
    for (std::size_t c = 0; c < count; ++c) {
        const table_column& column = table_columns[c];
        bool last = c + 1 == count;
        append_table_cell(out, cells[c], column.width, column.right_aligned, !last);
        if (!last) out += table_gap;
    }
    out += '\n';
}

inline void append_table_header(std::string& out) {
    std::string_view titles[std::size(table_columns)];
    for (std::size_t c = 0; c < std::size(table_columns); ++c) titles[c] = table_columns[c].title;
    append_table_row(out, titles);
}

inline void append_table_call(std::string& out, const swcalls::call_view& call) {
    auto text = [](const swcalls::opt_text& v) { return v ? *v : table_null; };
    auto enum_text = [&](const swcalls::opt_text& raw, auto value) -> std::string_view {
        if (raw) return *raw;
        if (value) return swcalls::to_text(*value);
        return table_null;
    };
    char duration[24];
    std::string_view duration_text = table_null;
    if (call.duration) {
        auto r = std::to_chars(duration, duration + sizeof duration, *call.duration);
        duration_text = std::string_view(duration, std::size_t(r.ptr - duration));
    }
    std::string price;  // "-0.200 USD": the price exactly as sent, then the unit
    if (call.price_text) {
        price = *call.price_text;
    } else if (call.price) {
        char digits[40];
        auto r = std::to_chars(digits, digits + sizeof digits, call.price->value());
        price.assign(digits, r.ptr);
    }
    if (!price.empty() && call.price_unit) {
        price += ' ';
        price += *call.price_unit;
    }
    const std::string_view cells[] = {
        text(call.sid),
        text(call.date_created),
        text(call.from),
        text(call.to),
        enum_text(call.status_text, call.status),
        enum_text(call.direction_text, call.direction),
        duration_text,
        price.empty() ? table_null : std::string_view(price),
    };
    append_table_row(out, cells);
}

// "2 calls; next page: /api/laml/...", or "next page: none" on the last page. For standard error.
inline void append_table_summary(std::string& out, const swcalls::page_view& page) {
    char count[24];
    auto r = std::to_chars(count, count + sizeof count, static_cast<unsigned long long>(page.calls));
    out.append(count, r.ptr);
    out += page.calls == 1 ? " call; next page: " : " calls; next page: ";
    if (page.has_next())
        append_terminal_safe(out, *page.next_page_uri);
    else
        out += "none";
    out += '\n';
}

}  // namespace swcalls_cli
