// JSONTestSuite (github.com/nst/JSONTestSuite, test_parsing/) through swcalls::page_parser.
// page_parser.hpp is included first: this file also proves it compiles on its own.
//
//   y_*  valid JSON: finish() gives no syntax error (none of them is a calls page, so not_a_calls_page)
//   n_*  invalid JSON: errc_kind::syntax (the two 100000-deep files: depth_limit, which is of that kind)
//   i_*  implementation-defined: the exact answer swcalls gives is fixed in the table below
//
// Each file is also parsed one byte at a time (and small files in every other chunking) with the same answer.
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include "test_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using swcalls::errc;
using swcalls::errc_kind;
using namespace swcalls_test;

struct suite_file {
    std::string name;
    std::string bytes;
};

// Every test_parsing file whose name starts with `prefix`, sorted by name. False (after a MESSAGE) when the
// suite is not available.
bool load_suite(const char* prefix, std::vector<suite_file>& files) {
    files.clear();
    const std::string dir = shared_data_dir();
    std::error_code ec;
    const std::filesystem::path path = std::filesystem::path(dir) / "JSONTestSuite" / "test_parsing";
    if (dir.empty() || !std::filesystem::is_directory(path, ec)) {
        MESSAGE("skipped: JSONTestSuite not found (set SWCALLS_SHARED_DATA to the shared data directory)");
        return false;
    }
    for (std::filesystem::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0 || name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
        suite_file f{name, {}};
        REQUIRE(read_file(it->path().string(), f.bytes));
        files.push_back(std::move(f));
    }
    REQUIRE_FALSE(ec);
    std::sort(files.begin(), files.end(), [](const suite_file& a, const suite_file& b) { return a.name < b.name; });
    return true;
}

// Parses a suite file whole, one byte at a time and (when small) in every chunking; all must agree.
parse_outcome parse_suite_file(const suite_file& f) {
    INFO("file: ", f.name);
    if (f.bytes.size() <= 2048) return parse_all_ways(f.bytes);
    parse_outcome whole = parse_whole(f.bytes);
    check_invariants(whole);
    std::vector<std::size_t> every_byte;
    for (std::size_t i = 1; i < f.bytes.size(); ++i) every_byte.push_back(i);
    CHECK(difference(whole, parse_pieces(f.bytes, every_byte)) == "");
    for (std::size_t cut : {std::size_t(1), std::size_t(127), std::size_t(128), std::size_t(129), f.bytes.size() / 2})
        CHECK(difference(whole, parse_pieces(f.bytes, {cut})) == "");
    return whole;
}

}  // namespace

TEST_CASE("JSONTestSuite y_: every valid document is accepted as JSON") {
    std::vector<suite_file> files;
    if (!load_suite("y_", files)) return;
    CHECK(files.size() == 95);
    for (const suite_file& f : files) {
        INFO("file: ", f.name);
        parse_outcome r = parse_suite_file(f);
        const errc_kind kind = swcalls::kind_of(r.result);
        CHECK((kind == errc_kind::none || kind == errc_kind::not_a_page));
        // None of them is an object with a "calls" array.
        CHECK(r.result == errc::not_a_calls_page);
        CHECK(r.calls.empty());
        CHECK(r.consumed == f.bytes.size());
    }
}

TEST_CASE("JSONTestSuite n_: every invalid document is a syntax error") {
    std::vector<suite_file> files;
    if (!load_suite("n_", files)) return;
    CHECK(files.size() == 188);
    for (const suite_file& f : files) {
        INFO("file: ", f.name);
        parse_outcome r = parse_suite_file(f);
        CHECK(swcalls::kind_of(r.result) == errc_kind::syntax);
        CHECK(r.error_offset <= f.bytes.size());
        if (r.result == errc::unexpected_end) CHECK(r.error_offset == f.bytes.size());
        else CHECK(r.error_offset < f.bytes.size());
        if (f.name == "n_structure_100000_opening_arrays.json" || f.name == "n_structure_open_array_object.json") {
            CHECK(r.result == errc::depth_limit);
            CHECK(r.error_offset > 0);
        }
    }
}

TEST_CASE("JSONTestSuite i_: each implementation-defined document has a fixed answer") {
    struct expected_answer {
        const char* name;
        errc code;            // errc{}: success (none of these is a page, so none is)
        std::uint64_t offset; // for syntax errors: the offending byte
    };
    // The offsets were worked out by hand from each file's bytes, e.g. ["\uDADA"]: the lone high surrogate
    // is refused at the closing quote, offset 8; a lone low surrogate at its last hex digit.
    static const expected_answer table[] = {
        {"i_number_double_huge_neg_exp.json", errc::not_a_calls_page, 0},
        {"i_number_huge_exp.json", errc::not_a_calls_page, 0},
        {"i_number_neg_int_huge_exp.json", errc::not_a_calls_page, 0},
        {"i_number_pos_double_huge_exp.json", errc::not_a_calls_page, 0},
        {"i_number_real_neg_overflow.json", errc::not_a_calls_page, 0},
        {"i_number_real_pos_overflow.json", errc::not_a_calls_page, 0},
        {"i_number_real_underflow.json", errc::not_a_calls_page, 0},
        {"i_number_too_big_neg_int.json", errc::not_a_calls_page, 0},
        {"i_number_too_big_pos_int.json", errc::not_a_calls_page, 0},
        {"i_number_very_big_negative_int.json", errc::not_a_calls_page, 0},
        {"i_object_key_lone_2nd_surrogate.json", errc::invalid_surrogate, 7},           // {"\uDFAA":0}
        {"i_string_1st_surrogate_but_2nd_missing.json", errc::invalid_surrogate, 8},    // ["\uDADA"]
        {"i_string_1st_valid_surrogate_2nd_invalid.json", errc::invalid_surrogate, 13}, // ["\uD888\u1234"]
        {"i_string_UTF-16LE_with_BOM.json", errc::unexpected_character, 0},             // FF FE
        {"i_string_UTF-8_invalid_sequence.json", errc::invalid_utf8, 7},                // ... FA
        {"i_string_UTF8_surrogate_U+D800.json", errc::invalid_utf8, 3},                 // ED A0 80
        {"i_string_incomplete_surrogate_and_escape_valid.json", errc::invalid_surrogate, 9},  // ["\uD800\n"]
        {"i_string_incomplete_surrogate_pair.json", errc::invalid_surrogate, 7},        // ["\uDd1ea"]
        {"i_string_incomplete_surrogates_escape_valid.json", errc::invalid_surrogate, 13},  // ["\uD800\uD800\n"]
        {"i_string_invalid_lonely_surrogate.json", errc::invalid_surrogate, 8},         // ["\ud800"]
        {"i_string_invalid_surrogate.json", errc::invalid_surrogate, 8},                // ["\ud800abc"]
        {"i_string_invalid_utf-8.json", errc::invalid_utf8, 2},                         // FF
        {"i_string_inverted_surrogates_U+1D11E.json", errc::invalid_surrogate, 7},      // ["\uDd1e\uD834"]
        {"i_string_iso_latin_1.json", errc::invalid_utf8, 3},                           // E9 then the quote
        {"i_string_lone_second_surrogate.json", errc::invalid_surrogate, 7},            // ["\uDFAA"]
        {"i_string_lone_utf8_continuation_byte.json", errc::invalid_utf8, 2},           // 81
        {"i_string_not_in_unicode_range.json", errc::invalid_utf8, 3},                  // F4 BF
        {"i_string_overlong_sequence_2_bytes.json", errc::invalid_utf8, 2},             // C0
        {"i_string_overlong_sequence_6_bytes.json", errc::invalid_utf8, 2},             // FC
        {"i_string_overlong_sequence_6_bytes_null.json", errc::invalid_utf8, 2},        // FC
        {"i_string_truncated-utf-8.json", errc::invalid_utf8, 3},                       // E0 FF
        {"i_string_utf16BE_no_BOM.json", errc::unexpected_character, 0},                // 00 5B
        {"i_string_utf16LE_no_BOM.json", errc::unexpected_character, 1},                // 5B 00
        {"i_structure_500_nested_arrays.json", errc::depth_limit, 128},                 // SWCALLS_MAX_DEPTH + 1
        {"i_structure_UTF-8_BOM_empty_object.json", errc::not_a_calls_page, 0},         // EF BB BF {}
    };
    static_assert(sizeof table / sizeof table[0] == 35, "one answer for each of the 35 i_ files");

    std::vector<suite_file> files;
    if (!load_suite("i_", files)) return;
    REQUIRE(files.size() == 35);  // the table covers exactly the files there are
    for (std::size_t i = 0; i < files.size(); ++i) {
        const suite_file& f = files[i];
        const expected_answer& e = table[i];
        INFO("file: ", f.name);
        REQUIRE(f.name == e.name);
        parse_outcome r = parse_suite_file(f);
        CHECK(r.result == e.code);
        if (swcalls::kind_of(e.code) == errc_kind::syntax) CHECK(r.error_offset == e.offset);
        else CHECK(r.consumed == f.bytes.size());
    }
}
