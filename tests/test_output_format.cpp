// Tests for the swcalls command-line tool's formatters (tools/swcalls/*.hpp): JSON and CSV escaping, the
// ndjson and csv rows, the terminal table's truncation and escaping, UTF-8 decoding and argument parsing.
// The end-to-end behaviour of the binary is tested by tests/cli/run_cli_tests.sh.
#include "../tools/swcalls/output_format.hpp"
#include "../tools/swcalls/cli_args.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::string_literals;
using namespace swcalls_cli;

std::string json(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

std::string csv(const field_value& v) {
    std::string out;
    append_csv_field(out, v);
    return out;
}

std::string cell(std::string_view text, std::size_t width, bool right = false, bool pad = true) {
    std::string out;
    append_table_cell(out, text, width, right, pad);
    return out;
}

// Terminal columns of text that holds no wide or zero-width characters: code points, not bytes.
std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// A decimal over a string literal (its text must outlive the call_view, as the parser's storage does).
swcalls::decimal decimal_of(std::string_view text) {
    swcalls::decimal d;
    REQUIRE(swcalls::decimal::from_text(text, d));
    return d;
}

swcalls::call_view sample_call() {
    swcalls::call_view call;
    call.sid = "CA0001";
    call.from = "+15551230000";
    call.to = "sip:alice@example.com";
    call.status = swcalls::call_status::completed;
    call.status_text = "completed";
    call.direction = swcalls::call_direction::unknown;
    call.direction_text = "sideways";  // a value the library does not know travels as sent
    call.duration = 42;
    call.price = decimal_of("-0.200");
    call.price_text = "-0.200";
    call.price_unit = "USD";
    call.audio_in_mos = decimal_of("4.10");
    call.annotation = "say \"hi\"\n";
    call.subresource_uris.recordings = "/r?a=1&b=2";
    return call;
}

}  // namespace

TEST_CASE("utf8: well-formed sequences decode, ill-formed bytes become one U+FFFD each") {
    auto check = [](std::string_view bytes, char32_t value, std::size_t length, bool valid) {
        decoded_code_point d = decode_utf8(bytes, 0);
        CHECK(d.value == value);
        CHECK(d.length == length);
        CHECK(d.valid == valid);
    };
    check("A", U'A', 1, true);
    check("\xC3\xA9", U'\u00E9', 2, true);
    check("\xE2\x80\xA8", U'\u2028', 3, true);
    check("\xF0\x9F\x98\x80", U'\U0001F600', 4, true);
    check("\xC0\x80", 0xFFFD, 1, false);          // overlong NUL
    check("\xE0\x80\xAF", 0xFFFD, 1, false);      // overlong '/'
    check("\xED\xA0\x80", 0xFFFD, 1, false);      // UTF-16 surrogate
    check("\xF4\x90\x80\x80", 0xFFFD, 1, false);  // above U+10FFFF
    check("\xF0\x9F\x98", 0xFFFD, 1, false);      // truncated
    check("\x80", 0xFFFD, 1, false);              // lone continuation byte

    std::string out;
    append_valid_utf8(out, "a\xFF" "b\xC3\xA9");
    CHECK(out == "a\xEF\xBF\xBD" "b\xC3\xA9");
}

TEST_CASE("utf8: terminal width of code points") {
    CHECK(display_width(U'a') == 1);
    CHECK(display_width(U'\u00E9') == 1);
    CHECK(display_width(U'\u0301') == 0);       // combining acute accent
    CHECK(display_width(U'\u4E2D') == 2);       // CJK
    CHECK(display_width(U'\U0001F600') == 2);   // emoji
    CHECK(display_width(U'\u2026') == 1);
}

TEST_CASE("json: strings are re-escaped so that any JSON parser reads back the same text") {
    CHECK(json("plain") == R"("plain")");
    CHECK(json("") == R"("")");
    CHECK(json("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(json("\x01\x1b\x1f"s) == R"("\u0001\u001b\u001f")");
    CHECK(json("nul\0byte"s) == R"("nul\u0000byte")");
    CHECK(json("del\x7f") == "\"del\x7f\"");                             // DEL is legal in JSON
    CHECK(json("/path?a=1&b=2") == R"("/path?a=1&b=2")");               // '/' needs no escape
    CHECK(json("\xE2\x80\xA8|\xE2\x80\xA9") == R"("\u2028|\u2029")");   // JavaScript line terminators
    CHECK(json("caf\xC3\xA9 \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");  // UTF-8 passes through
    CHECK(json("bad\xFFtail") == R"("bad\ufffdtail")");                 // never invalid UTF-8 out
}

TEST_CASE("json: number syntax check used for price_text") {
    for (std::string_view good : {"0", "-0", "-0.200", "12", "1.5e3", "1E-7", "0.0", "-1e+2"})
        CHECK_MESSAGE(is_json_number(good), good);
    for (std::string_view bad : {"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x10", " 1", "1 ", "NaN", "inf", "1.2.3"})
        CHECK_MESSAGE(!is_json_number(bad), bad);
}

TEST_CASE("ndjson: every modelled field under its API key, in the library's order, then subresource_uris") {
    std::string line;
    append_ndjson_call(line, sample_call());
    REQUIRE(!line.empty());
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);  // exactly one line

    // Keys appear in SWCALLS_CALL_FIELDS order, each exactly once.
    std::vector<std::string> keys;
#define COLLECT_KEY(member, key, kind) keys.push_back("\"" key "\":");
    SWCALLS_CALL_FIELDS(COLLECT_KEY)
#undef COLLECT_KEY
    keys.push_back("\"subresource_uris\":");
    std::size_t previous = 0;
    for (const std::string& key : keys) {
        std::size_t at = line.find(key, previous);
        CHECK_MESSAGE(at != std::string::npos, key);
        if (at != std::string::npos) previous = at + key.size();
    }
    CHECK(line.rfind("{\"sid\":\"CA0001\",\"account_sid\":null,", 0) == 0);

    CHECK(line.find(R"("from":"+15551230000")") != std::string::npos);
    CHECK(line.find(R"("status":"completed")") != std::string::npos);
    CHECK(line.find(R"("direction":"sideways")") != std::string::npos);  // raw text, not "unknown"
    CHECK(line.find(R"("duration":42,)") != std::string::npos);
    CHECK(line.find(R"("price":-0.200,)") != std::string::npos);         // exactly as sent, as a number
    CHECK(line.find(R"("price_unit":"USD")") != std::string::npos);
    CHECK(line.find(R"("answered_by":null)") != std::string::npos);
    CHECK(line.find(R"("queue_time":null)") != std::string::npos);
    CHECK(line.find(R"("audio_in_mos":4.1,)") != std::string::npos);     // shortest round trip
    CHECK(line.find(R"("audio_out_lost":null,)") != std::string::npos);
    CHECK(line.find(R"("annotation":"say \"hi\"\n")") != std::string::npos);
    CHECK(line.find(R"("subresource_uris":{"notifications":null,"recordings":"/r?a=1&b=2"}})") !=
          std::string::npos);
}

TEST_CASE("ndjson: absent subresource_uris is null; the price prints as sent, other decimals as the shortest double") {
    swcalls::call_view call;
    call.price = decimal_of("0.250");  // no price_text: the decimal's own text
    call.audio_rtt_avg = decimal_of("1000000000000000000000");
    std::string line;
    append_ndjson_call(line, call);
    CHECK(line.find(R"("price":0.250,)") != std::string::npos);
    CHECK(line.find(R"("audio_rtt_avg":1e+21,)") != std::string::npos);
    CHECK(line.find(R"("subresource_uris":null})") != std::string::npos);

    swcalls::call_view empty;
    line.clear();
    append_ndjson_call(line, empty);
    CHECK(line.find(R"("sid":null)") != std::string::npos);
    CHECK(line.find(R"("status":null)") != std::string::npos);
    CHECK(line.find(R"("price":null)") != std::string::npos);
}

TEST_CASE("csv: RFC 4180 quoting; null and empty string stay distinct; values never mangled") {
    CHECK(csv({}) == "");
    CHECK(csv({value_type::string, ""}) == "\"\"");
    CHECK(csv({value_type::string, "plain"}) == "plain");
    CHECK(csv({value_type::string, "a,b"}) == "\"a,b\"");
    CHECK(csv({value_type::string, "say \"hi\""}) == "\"say \"\"hi\"\"\"");
    CHECK(csv({value_type::string, "\""}) == "\"\"\"\"");
    CHECK(csv({value_type::string, "line\nbreak"}) == "\"line\nbreak\"");
    CHECK(csv({value_type::string, "cr\rhere"}) == "\"cr\rhere\"");
    CHECK(csv({value_type::string, "+15551230000"}) == "+15551230000");  // no formula-injection prefix
    CHECK(csv({value_type::string, "=SUM(A1)"}) == "=SUM(A1)");
    CHECK(csv({value_type::string, "@x -y"}) == "@x -y");
    CHECK(csv({value_type::number, "-0.200"}) == "-0.200");
    CHECK(csv({value_type::string, "caf\xC3\xA9"}) == "caf\xC3\xA9");
}

TEST_CASE("csv: the header names every column, and each row has as many fields") {
    std::string header;
    append_csv_header(header);
    CHECK(header.rfind("sid,account_sid,date_created,", 0) == 0);
    CHECK(header.size() > 2);
    CHECK(header.substr(header.size() - 2) == "\r\n");
    CHECK(header.find(",subresource_uris.notifications,subresource_uris.recordings\r\n") != std::string::npos);

    std::string row;
    append_csv_call(row, sample_call());
    CHECK(row.rfind("CA0001,,", 0) == 0);
    CHECK(row.find(",completed,") != std::string::npos);
    CHECK(row.find(",42,-0.200,USD,sideways,") != std::string::npos);
    CHECK(row.find(",\"say \"\"hi\"\"\n\",") != std::string::npos);
    CHECK(row.substr(row.size() - 14) == ",,/r?a=1&b=2\r\n");
    // Outside quotes, commas separate fields: count them with the quoted parts removed.
    auto separators = [](std::string_view line) {
        std::size_t n = 0;
        bool quoted = false;
        for (char c : line) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) ++n;
        }
        return n;
    };
    CHECK(separators(row) == separators(header));
}

TEST_CASE("table: cells have a fixed width; longer values end in an ellipsis, cut between code points") {
    CHECK(cell("abc", 5) == "abc  ");
    CHECK(cell("abc", 5, true) == "  abc");
    CHECK(cell("abc", 5, false, false) == "abc");
    CHECK(cell("abcde", 5) == "abcde");
    CHECK(cell("abcdef", 5) == "abcd\xE2\x80\xA6");
    // Two-byte characters: five fit exactly; six are cut to four plus the ellipsis, never mid-sequence.
    CHECK(cell("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5) == "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    std::string cut = cell("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5);
    CHECK(cut == "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
    CHECK(code_points(cut) == 5);
    // Wide characters take two columns: "中文字" is 6 columns, cut to "中" + "…" + padding in 4.
    CHECK(cell("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97", 4) == "\xE4\xB8\xAD\xE2\x80\xA6 ");
    // Emoji (4-byte) are never split.
    CHECK(cell("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 5) == "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xE2\x80\xA6");
    // A combining mark stays with its base character.
    CHECK(cell("e\xCC\x81", 2) == "e\xCC\x81 ");
}

TEST_CASE("table: control characters are shown as escapes, never sent to the terminal") {
    CHECK(cell("a\x1b[31mred", 20) == "a\\x1b[31mred        ");
    CHECK(cell("two\nlines\r\t", 20) == "two\\nlines\\r\\t      ");
    CHECK(cell("del\x7f", 10) == "del\\x7f   ");
    CHECK(cell("c1\xC2\x9B" "2J", 10) == "c1\\x9b2J  ");       // U+009B is a CSI by itself
    CHECK(cell("\xE2\x80\xAE" "evil", 12) == "\\u202eevil  ");  // bidi override
    CHECK(cell("bad\xFF", 10) == "bad\\xff   ");
    // An escape is never cut in half: it goes whole or gives way to the ellipsis.
    CHECK(cell("ab\x1b", 5) == "ab\xE2\x80\xA6  ");

    std::string out;
    append_terminal_safe(out, "/next?x=\x1b]0;title\x07");
    CHECK(out == "/next?x=\\x1b]0;title\\x07");
}

TEST_CASE("table: header and rows line up") {
    std::string header, row;
    append_table_header(header);
    swcalls::call_view call = sample_call();
    append_table_call(row, call);
    CHECK(header.rfind("SID ", 0) == 0);
    CHECK(row.rfind("CA0001 ", 0) == 0);
    // Every column before the last is padded: the last column starts at the same place in both lines.
    std::size_t prefix = 0;
    for (std::size_t c = 0; c + 1 < std::size(table_columns); ++c) prefix += table_columns[c].width + table_gap.size();
    auto column_start = [&](const std::string& line) {
        std::size_t count = 0, i = 0;
        for (; i < line.size() && count < prefix; ++i)
            if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++count;
        return line.substr(i);
    };
    CHECK(column_start(header) == "PRICE\n");
    CHECK(column_start(row) == "-0.200 USD\n");
    CHECK(row.find("   42  ") != std::string::npos);            // duration right-aligned
    CHECK(row.find("sideways") != std::string::npos);           // raw direction text
    CHECK(row.find("sip:alice@exampl\xE2\x80\xA6") == std::string::npos);  // 16 columns: cut at 15 + "…"
    CHECK(row.find("sip:alice@examp\xE2\x80\xA6") != std::string::npos);

    swcalls::call_view nothing;
    row.clear();
    append_table_call(row, nothing);
    CHECK(column_start(row) == "-\n");
}

TEST_CASE("table: summary line") {
    swcalls::page_view page;
    page.calls = 2;
    std::string out;
    append_table_summary(out, page);
    CHECK(out == "2 calls; next page: none\n");
    page.calls = 1;
    page.next_page_uri = "/api/laml/2010-04-01/Accounts/p/Calls?Page=1&PageToken=PA1";
    out.clear();
    append_table_summary(out, page);
    CHECK(out == "1 call; next page: /api/laml/2010-04-01/Accounts/p/Calls?Page=1&PageToken=PA1\n");
    page.next_page_uri = "";
    out.clear();
    append_table_summary(out, page);
    CHECK(out == "1 call; next page: none\n");
}

TEST_CASE("format names") {
    CHECK(format_from_name("table") == output_format::table);
    CHECK(format_from_name("csv") == output_format::csv);
    CHECK(format_from_name("ndjson") == output_format::ndjson);
    CHECK(!format_from_name("json"));
    CHECK(!format_from_name("CSV"));
    CHECK(!format_from_name(""));
}

TEST_CASE("cli args: whole numbers and --name value / --name=value") {
    CHECK(parse_whole_number("1", 1, 100) == 1u);
    CHECK(parse_whole_number("100", 1, 100) == 100u);
    CHECK(!parse_whole_number("101", 1, 100));
    CHECK(!parse_whole_number("0", 1, 100));
    CHECK(!parse_whole_number("", 1, 100));
    CHECK(!parse_whole_number("-1", 1, 100));
    CHECK(!parse_whole_number("+1", 1, 100));
    CHECK(!parse_whole_number("1.0", 1, 100));
    CHECK(!parse_whole_number(" 1", 1, 100));
    CHECK(!parse_whole_number("0x10", 1, 100));
    CHECK(!parse_whole_number("99999999999999999999999", 1, ~std::uint64_t(0)));
    CHECK(parse_whole_number("18446744073709551615", 0, ~std::uint64_t(0)) == ~std::uint64_t(0));
    CHECK(!parse_whole_number("18446744073709551616", 0, ~std::uint64_t(0)));
    CHECK(!parse_whole_number("9", 0, 5));

    char a0[] = "--chunk-size", a1[] = "7", a2[] = "--chunk-size=9", a3[] = "--chunk-sizes=1", a4[] = "--chunk-size";
    char* argv[] = {a0, a1, a2, a3, a4};
    std::string_view value;
    int i = 0;
    CHECK(match_option("--chunk-size", 5, argv, i, value) == option_match::value);
    CHECK(value == "7");
    CHECK(i == 1);
    i = 2;
    CHECK(match_option("--chunk-size", 5, argv, i, value) == option_match::value);
    CHECK(value == "9");
    CHECK(i == 2);
    i = 3;
    CHECK(match_option("--chunk-size", 5, argv, i, value) == option_match::no);
    i = 4;
    CHECK(match_option("--chunk-size", 5, argv, i, value) == option_match::missing_value);
    CHECK(match_option("--format", 5, argv, i, value) == option_match::no);

    CHECK(looks_like_option("--x"));
    CHECK(looks_like_option("-h"));
    CHECK(!looks_like_option("-"));
    CHECK(!looks_like_option("file.json"));
}
