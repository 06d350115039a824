// Tests for swcalls/list_cursor.hpp: a cursor saved as text and read back, and what is refused.
#include <swcalls/list_cursor.hpp>

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <string_view>

namespace {
std::string formatted(const swcalls::list_cursor& cursor) {
    std::size_t needed = 0;
    char buffer[4200];
    REQUIRE_FALSE(swcalls::format_cursor(cursor, buffer, sizeof buffer, needed));
    return std::string(buffer, needed);
}
}  // namespace

TEST_CASE("cursor: saved as one line and read back the same") {
    swcalls::list_cursor cursor;
    const std::string target =
        "/api/laml/2010-04-01/Accounts/b3877c40-da60-4998-90ad-b792e98472af/Calls?Page=1&PageSize=50&PageToken=PAxx";
    REQUIRE_FALSE(cursor.set_target(target));
    cursor.delivered_on_page = 17;
    cursor.delivered_total = 1067;
    const std::string text = formatted(cursor);
    CHECK(text == "swcalls-cursor 2 17 1067 - " + target);  // no sid known yet: "-"

    swcalls::list_cursor back;
    REQUIRE_FALSE(swcalls::parse_cursor(text, back));
    CHECK(back.target() == target);
    CHECK(back.delivered_on_page == 17);
    CHECK(back.delivered_total == 1067);
    REQUIRE_FALSE(swcalls::parse_cursor(text + "\n", back));
    REQUIRE_FALSE(swcalls::parse_cursor(text + "\r\n", back));
    CHECK(back.target() == target);

    cursor.delivered_on_page = 0;
    cursor.delivered_total = UINT64_MAX;
    REQUIRE_FALSE(swcalls::parse_cursor(formatted(cursor), back));
    CHECK(back.delivered_total == UINT64_MAX);
    CHECK(back.delivered_on_page == 0);
}

TEST_CASE("cursor: a buffer too small gets nothing and learns the size needed") {
    swcalls::list_cursor cursor;
    REQUIRE_FALSE(cursor.set_target("/a/Calls?PageToken=PA1"));
    cursor.delivered_on_page = 3;
    cursor.delivered_total = 3;
    const std::string text = formatted(cursor);
    for (std::size_t size = 0; size < text.size(); ++size) {
        char buffer[64];
        std::memset(buffer, '#', sizeof buffer);
        std::size_t needed = 0;
        CHECK(swcalls::format_cursor(cursor, buffer, size, needed) == swcalls::errc::buffer_too_small);
        CHECK(needed == text.size());
        CHECK(std::string_view(buffer, sizeof buffer) == std::string(sizeof buffer, '#'));
    }
}

TEST_CASE("cursor: targets a request line cannot carry are refused") {
    swcalls::list_cursor cursor;
    for (std::string_view bad : {std::string_view("/a b"), std::string_view("/a\r\nHost: x"), std::string_view("/a\0b", 4),
                                 std::string_view("/a\x7f"), std::string_view("/a\tb")})
        CHECK(cursor.set_target(bad) == swcalls::errc::invalid_uri);
    CHECK(cursor.target().empty());
    CHECK(cursor.set_target(std::string(swcalls::list_cursor::max_target + 1, 'a')) == swcalls::errc::buffer_too_small);
    CHECK_FALSE(cursor.set_target("/" + std::string(swcalls::list_cursor::max_target - 1, 'a')));
}

TEST_CASE("cursor: anything but a saved cursor is refused, and leaves the cursor alone") {
    swcalls::list_cursor cursor;
    REQUIRE_FALSE(cursor.set_target("/keep"));
    cursor.delivered_on_page = 1;
    cursor.delivered_total = 2;
    const std::string long_sid_line =
        "swcalls-cursor 2 1 2 " + std::string(swcalls::list_cursor::max_sid + 1, 's') + " /a";
    for (std::string_view bad : {std::string_view(""), std::string_view("swcalls-cursor 2"),
                                 std::string_view("swcalls-cursor 2 1 2"), std::string_view("swcalls-cursor 2 1 2 - "),
                                 std::string_view("swcalls-cursor 1 1 2 - /a"),  // another version
                                 std::string_view("swcalls-cursor 2 1 2 /a"),    // no sid field
                                 std::string_view("swcalls-cursor 2 x 2 - /a"), std::string_view("swcalls-cursor 2 01 2 - /a"),
                                 std::string_view("swcalls-cursor 2 3 2 - /a"),  // more on the page than in all
                                 std::string_view("swcalls-cursor 2 1 2 - a/b"), std::string_view("swcalls-cursor 2 1 2 - /a b"),
                                 std::string_view("swcalls-cursor 2 1 2  /a"),   // empty sid
                                 std::string_view("swcalls-cursor 2 1 99999999999999999999 - /a"),
                                 std::string_view("swcalls-cursor  2 1 2 - /a"), std::string_view("SWCALLS-CURSOR 2 1 2 - /a"),
                                 std::string_view("swcalls-cursor 2 1 2 - //evil.example/a"),
                                 std::string_view(long_sid_line)}) {
        INFO("text: ", std::string(bad));
        CHECK(swcalls::parse_cursor(bad, cursor) == swcalls::errc::invalid_cursor);
        CHECK(cursor.target() == "/keep");
        CHECK(cursor.delivered_on_page == 1);
        CHECK(cursor.delivered_total == 2);
    }
}

TEST_CASE("cursor: the last delivered sid travels with it") {
    swcalls::list_cursor cursor;
    REQUIRE_FALSE(cursor.set_target("/a/Calls?PageSize=3"));
    cursor.delivered_on_page = 2;
    cursor.delivered_total = 2;
    cursor.set_last_sid("b3877c40-da60-4998-90ad-b792e98472ca");
    const std::string text = formatted(cursor);
    CHECK(text == "swcalls-cursor 2 2 2 b3877c40-da60-4998-90ad-b792e98472ca /a/Calls?PageSize=3");
    swcalls::list_cursor back;
    REQUIRE_FALSE(swcalls::parse_cursor(text, back));
    CHECK(back.last_sid() == "b3877c40-da60-4998-90ad-b792e98472ca");
    // Sids a line cannot hold are not kept (the page is then not checked), never written half.
    for (std::string_view odd : {std::string_view("a b"), std::string_view("-"), std::string_view("caf\xC3\xA9")}) {
        cursor.set_last_sid(odd);
        CHECK(cursor.last_sid().empty());
    }
    cursor.set_last_sid(std::string(swcalls::list_cursor::max_sid + 1, 's'));
    CHECK(cursor.last_sid().empty());
}
