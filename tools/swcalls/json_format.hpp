// tools/swcalls/json_format.hpp — `--format ndjson`: one JSON object per call, one call per line.
//
// Every modelled field appears under its API key in the library's field order, null when absent or null,
// then "subresource_uris". Strings are re-escaped so that any JSON parser reads back the parser's unescaped
// text exactly; each line is valid UTF-8 and holds no raw control character, U+2028 or U+2029.
#pragma once

#include <string>
#include <string_view>

#include <swcalls/call_view.hpp>

#include "call_columns.hpp"
#include "utf8.hpp"

namespace swcalls_cli {

inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        // Copy runs of plain printable ASCII in one append: the common case by far.
        std::size_t run = i;
        while (run < text.size()) {
            unsigned char c = static_cast<unsigned char>(text[run]);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
            ++run;
        }
        out.append(text.data() + i, run - i);
        i = run;
        if (i == text.size()) break;
        decoded_code_point d = decode_utf8(text, i);
        char32_t cp = d.value;
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case 0x2028: out += "\\u2028"; break;  // line terminators in JavaScript: escaped for safe embedding
            case 0x2029: out += "\\u2029"; break;
            default:
                if (cp < 0x20) {
                    out += "\\u00";
                    out += hex[cp >> 4];
                    out += hex[cp & 0xF];
                } else if (!d.valid) {
                    out += "\\ufffd";
                } else {
                    out.append(text.data() + i, d.length);
                }
        }
        i += d.length;
    }
    out += '"';
}

inline void append_json_value(std::string& out, const field_value& v) {
    switch (v.type) {
        case value_type::null: out += "null"; break;
        case value_type::number: out.append(v.text.data(), v.text.size()); break;
        case value_type::string: append_json_string(out, v.text); break;
    }
}

// Writes a JSON object member by member: `{` before the first, `,` between, `}` at close().
class json_object_writer {
public:
    explicit json_object_writer(std::string& out) : out_(out) {}
    void member(std::string_view key, const field_value& value) {
        open_member(key);
        append_json_value(out_, value);
    }
    void open_member(std::string_view key) {
        out_ += separator_;
        separator_ = ',';
        append_json_string(out_, key);
        out_ += ':';
    }
    void close() {
        if (separator_ == '{') out_ += '{';
        out_ += '}';
    }

private:
    std::string& out_;
    char separator_ = '{';
};

// One call as one line of NDJSON, newline included.
inline void append_ndjson_call(std::string& out, const swcalls::call_view& call) {
    json_object_writer object(out);
    for_each_call_field(call, [&](std::string_view key, const field_value& v) { object.member(key, v); });
    object.open_member(subresources_key);
    if (!has_subresources(call)) {
        out += "null";
    } else {
        json_object_writer inner(out);
        for_each_subresource(call, [&](std::string_view key, const field_value& v) { inner.member(key, v); });
        inner.close();
    }
    object.close();
    out += '\n';
}

}  // namespace swcalls_cli
