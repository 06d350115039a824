// Tests for `swcalls list`'s argument reading (tools/swcalls/list_args.hpp): what lands in the endpoint and
// the query, flags against a made-up environment, the messages, and the token scrubbing.
// The binary's end-to-end behaviour (exact --dry-run heads, exit statuses) is in tests/cli/run_list_tests.sh.
#include "../tools/swcalls/list_args.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace swcalls_cli;

// Owns the argument strings and hands out a char** over them, as main() gets.
struct args {
    std::vector<std::string> strings;
    std::vector<char*> pointers;
    args(std::initializer_list<const char*> list) : strings(list.begin(), list.end()) {
        for (std::string& s : strings) pointers.push_back(s.data());
        pointers.push_back(nullptr);
    }
    int argc() const { return static_cast<int>(strings.size()); }
    char** argv() { return pointers.data(); }
};

list_parse_result parse(args& a, list_options& out, const list_environment& env = {}) {
    return parse_list_args(a.argc(), a.argv(), env, out);
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

TEST_CASE("list args: flags fill the endpoint and the query") {
    args a{"--space-url", "example", "--project=P1", "--token", "TOKEN_1234", "--to", "+15551234567",
           "--from=+15550000000", "--status", "no-answer", "--start-time-after", "2018-09-19",
           "--end-time", "2018-09-19T20:00:00Z", "--limit", "5", "--page-size", "20", "--format", "csv",
           "--transport=posix", "--ca-file", "/x/ca.pem", "--dry-run"};
    list_options o;
    list_parse_result r = parse(a, o);
    REQUIRE(r);
    CHECK(o.endpoint.host() == "example.signalwire.com");
    CHECK(o.endpoint.scheme == swcalls::url_scheme::https);
    CHECK(o.endpoint.path_root == swcalls::laml_path_root);
    CHECK(o.endpoint.project_id == "P1");
    CHECK(o.endpoint.api_token == "TOKEN_1234");
    CHECK(o.query.to == std::optional<std::string_view>("+15551234567"));
    CHECK(o.query.from == std::optional<std::string_view>("+15550000000"));
    CHECK(o.query.status == std::optional<swcalls::call_status>(swcalls::call_status::no_answer));
    REQUIRE(o.query.start_time_after);
    CHECK(o.query.start_time_after->kind == swcalls::date_filter::form::date);
    CHECK(o.query.start_time_after->date.day == 19u);
    REQUIRE(o.query.end_time);
    CHECK(o.query.end_time->kind == swcalls::date_filter::form::timestamp);
    CHECK(o.query.page_size == std::optional<std::int64_t>(5));  // min(limit 5, page size 20)
    CHECK(o.limit == 5u);
    CHECK(o.format == output_format::csv);
    CHECK(o.transport == "posix");
    CHECK(o.ca_file == "/x/ca.pem");
    CHECK(o.dry_run);
    CHECK_FALSE(o.help);
}

TEST_CASE("list args: PageSize is min(limit, page size, 1000) of those given") {
    struct row {
        std::initializer_list<const char*> extra;
        std::optional<std::int64_t> expected;
    };
    const row rows[] = {
        {{}, std::nullopt},
        {{"--page-size", "20"}, 20},
        {{"--limit", "5"}, 5},
        {{"--limit", "5000"}, 1000},
        {{"--page-size", "20", "--limit", "100"}, 20},
        {{"--page-size", "1000", "--limit", "999"}, 999},
    };
    for (const row& r : rows) {
        args a{"--base-url", "http://127.0.0.1:8080", "--project", "P", "--token", "T"};
        for (const char* e : r.extra) {
            a.strings.push_back(e);
        }
        a.pointers.clear();
        for (std::string& s : a.strings) a.pointers.push_back(s.data());
        list_options o;
        REQUIRE(parse(a, o));
        CHECK(o.query.page_size == r.expected);
    }
}

TEST_CASE("list args: flags win over the environment; --base-url replaces the space") {
    list_environment env{"envspace", "ENVPROJ", "ENVTOKEN"};
    {
        args a{};
        list_options o;
        REQUIRE(parse(a, o, env));
        CHECK(o.endpoint.host() == "envspace.signalwire.com");
        CHECK(o.endpoint.project_id == "ENVPROJ");
        CHECK(o.endpoint.api_token == "ENVTOKEN");
    }
    {
        args a{"--space-url", "flag.example.org", "--project", "FP", "--token", "FT"};
        list_options o;
        REQUIRE(parse(a, o, env));
        CHECK(o.endpoint.host() == "flag.example.org");
        CHECK(o.endpoint.project_id == "FP");
        CHECK(o.endpoint.api_token == "FT");
    }
    {
        args a{"--base-url", "http://127.0.0.1:8080/texml/"};
        list_options o;
        REQUIRE(parse(a, o, env));
        CHECK(o.endpoint.host() == "127.0.0.1");
        CHECK(o.endpoint.port == 8080);
        CHECK(o.endpoint.scheme == swcalls::url_scheme::http);
        CHECK(o.endpoint.path_root == "/texml");
    }
    {
        list_environment empty{"", "", ""};
        args a{"--space-url", "example"};
        list_options o;
        list_parse_result r = parse(a, o, empty);
        CHECK(r.status == 1);
        CHECK(contains(r.message, "the project ID"));
        CHECK(contains(r.message, "the API token"));
        CHECK_FALSE(contains(r.message, "the space URL"));
    }
}

TEST_CASE("list args: errors are one line, status 1, and never show the token") {
    const char* token = "PTsecret_abcdef_123456";
    struct row {
        std::initializer_list<const char*> argv;
        const char* expected;
    };
    const row rows[] = {
        {{"--space-url", "example", "--project", "P"}, "the API token (give --token TOKEN"},
        {{"--project", "P", "--token", token}, "the space URL"},
        {{"--space-url", "example", "--token", token}, "the project ID"},
        {{"--space-url", "example", "--project", "P", "--token", "PT\rsecret"}, "(from --token) must not contain CR"},
        {{"--page-size", "0"}, "--page-size must be a whole number from 1 to 1000"},
        {{"--page-size", "1001"}, "--page-size"},
        {{"--limit", "0"}, "--limit must be"},
        {{"--status", "done"}, "--status must be one of"},
        {{"--start-time", "2018-02-30"}, "--start-time must be a date"},
        {{"--to", "+1\r\nX: y"}, "--to must not contain CR, LF or NUL"},
        {{"--transport", "asio"}, "--transport must be beast|curl|posix"},
        {{"--format", "json"}, "--format must be table|csv|ndjson"},
        {{"--nope=1"}, "unknown option '--nope'"},
        {{"--to"}, "--to needs a value"},
        {{"--dry-run=1"}, "--dry-run takes no value"},
        {{"operand"}, "unexpected argument #1;"},
        {{"--space-url", "http://example.signalwire.com"}, "--space-url must be"},
        {{"--base-url", "example.com"}, "--base-url must be"},
    };
    for (const row& r : rows) {
        args a(r.argv);
        list_options o;
        list_parse_result result = parse(a, o);
        CAPTURE(r.expected);
        CHECK(result.status == 1);
        CHECK(contains(result.message, r.expected));
        CHECK(result.message.find('\n') == std::string::npos);
        CHECK(result.message.find('\r') == std::string::npos);
        CHECK_FALSE(contains(result.message, token));
        CHECK_FALSE(contains(result.message, "secret"));
    }
}

TEST_CASE("list args: scrub_secrets removes tokens from the command line and the environment") {
    args a{"--token", "TOK_one_1234", "--token=TOK_two_5678", "x"};
    list_environment env{nullptr, nullptr, "TOK_env_9999"};
    std::string message = "a TOK_one_1234 b TOK_two_5678 c TOK_env_9999 d TOK_one_1234";
    scrub_secrets(message, a.argc(), a.argv(), env);
    CHECK(message == "a *** b *** c *** d ***");

    // The escaped form a message would show for a token holding a control byte.
    args b{"--token", "TOK\x1b_abc"};
    std::string escaped = "x 'TOK\\x1b_abc' y";
    scrub_secrets(escaped, b.argc(), b.argv(), {});
    CHECK(escaped == "x '***' y");

    // The base64 of "project:token", as a server echoing the Authorization header would show it.
    swcalls::endpoint e;
    e.project_id = "myproject";
    e.api_token = "SECRETTOKENVALUE123456";
    std::string echoed = "body 'Authorization: Basic bXlwcm9qZWN0OlNFQ1JFVFRPS0VOVkFMVUUxMjM0NTY='";
    scrub_secrets(echoed, 0, nullptr, {}, &e);
    CHECK(echoed == "body 'Authorization: Basic ***'");

    // A token too short to be real is not scrubbed: replacing every "e" would wreck the message and show it.
    args c{"--token", "e"};
    std::string plain = "could not connect to the server";
    scrub_secrets(plain, c.argc(), c.argv(), {});
    CHECK(plain == "could not connect to the server");
}

TEST_CASE("list args: --help is recognised; the last of a repeated flag counts") {
    {
        args a{"--help"};
        list_options o;
        REQUIRE(parse(a, o));
        CHECK(o.help);
    }
    {
        args a{"--base-url", "http://h", "--project", "P", "--token", "T", "--status", "busy", "--status", "failed"};
        list_options o;
        REQUIRE(parse(a, o));
        CHECK(o.query.status == std::optional<swcalls::call_status>(swcalls::call_status::failed));
    }
}
