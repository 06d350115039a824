// tools/swcalls/output_format.hpp — the --format choice, and what each format writes before, for and after
// the calls. The formats themselves live in table_format.hpp, csv_format.hpp and json_format.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <swcalls/call_view.hpp>

#include "csv_format.hpp"
#include "json_format.hpp"
#include "table_format.hpp"

namespace swcalls_cli {

enum class output_format { table, csv, ndjson };

inline constexpr std::string_view format_names = "table|csv|ndjson";

inline std::optional<output_format> format_from_name(std::string_view name) noexcept {
    if (name == "table") return output_format::table;
    if (name == "csv") return output_format::csv;
    if (name == "ndjson") return output_format::ndjson;
    return std::nullopt;
}

// Before the first call (standard output).
inline void append_header(output_format format, std::string& out) {
    switch (format) {
        case output_format::table: append_table_header(out); break;
        case output_format::csv: append_csv_header(out); break;
        case output_format::ndjson: break;
    }
}

inline void append_call(output_format format, std::string& out, const swcalls::call_view& call) {
    switch (format) {
        case output_format::table: append_table_call(out, call); break;
        case output_format::csv: append_csv_call(out, call); break;
        case output_format::ndjson: append_ndjson_call(out, call); break;
    }
}

// After the page (standard error): only the table, which is read by a person, gets a summary; csv and
// ndjson keep both streams clean for scripts.
inline void append_summary(output_format format, std::string& err, const swcalls::page_view& page) {
    if (format == output_format::table) append_table_summary(err, page);
}

}  // namespace swcalls_cli
