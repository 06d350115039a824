// tools/swcalls/csv_format.hpp — `--format csv`: RFC 4180.
//
// A header row, then one row per call; the columns are those of ndjson, with the subresources flattened to
// "subresource_uris.notifications" and "subresource_uris.recordings". Rows end in CRLF as RFC 4180 says.
// A field holding a comma, a double quote, CR or LF is quoted, quotes doubled. Null is an empty field and an
// empty string is "" so the two stay distinguishable (PostgreSQL's COPY reads them that way).
// Values are never altered: no "formula injection" prefixing, since phone numbers legitimately start with '+'.
#pragma once

#include <string>
#include <string_view>

#include <swcalls/call_view.hpp>

#include "call_columns.hpp"
#include "utf8.hpp"

namespace swcalls_cli {

inline constexpr std::string_view csv_line_end = "\r\n";

inline void append_csv_field(std::string& out, const field_value& v) {
    switch (v.type) {
        case value_type::null: return;
        case value_type::number: out.append(v.text.data(), v.text.size()); return;
        case value_type::string: break;
    }
    std::string_view text = v.text;
    bool quote = text.empty() || text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
        append_valid_utf8(out, text);
        return;
    }
    out += '"';
    std::size_t start = 0;
    for (std::size_t q; (q = text.find('"', start)) != std::string_view::npos; start = q + 1) {
        append_valid_utf8(out, text.substr(start, q + 1 - start));
        out += '"';
    }
    append_valid_utf8(out, text.substr(start));
    out += '"';
}

inline void append_csv_header(std::string& out) {
    bool first = true;
    for_each_column_name([&](std::string_view name) {
        if (!first) out += ',';
        first = false;
        append_csv_field(out, {value_type::string, name});
    });
    out += csv_line_end;
}

inline void append_csv_call(std::string& out, const swcalls::call_view& call) {
    bool first = true;
    auto field = [&](std::string_view, const field_value& v) {
        if (!first) out += ',';
        first = false;
        append_csv_field(out, v);
    };
    for_each_call_field(call, field);
    for_each_subresource(call, field);
    out += csv_line_end;
}

}  // namespace swcalls_cli
