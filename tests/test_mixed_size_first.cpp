// A translation unit built with the other SWCALLS_SIZE_FIRST than the rest of the suite (config.hpp): the
// parser reads the same whichever copy of a shared inline function the linker keeps. The rest of the suite
// parses with the default setting, so both copies of the key lookups (find_call_key, ...) exist in this
// program; unoptimised builds (the sanitizer pass is a Debug build) keep one of them for both.
#if defined(SWCALLS_SIZE_FIRST) && SWCALLS_SIZE_FIRST
#undef SWCALLS_SIZE_FIRST
#define SWCALLS_SIZE_FIRST 0
#else
#undef SWCALLS_SIZE_FIRST
#define SWCALLS_SIZE_FIRST 1
#endif
#include <swcalls/page_parser.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

TEST_CASE("a translation unit with the other SWCALLS_SIZE_FIRST reads every key") {
    // Keys shorter than 8 bytes after a longer one: the key buffer holds the longer key's bytes past them,
    // which only the zero padding keeps out of the hash.
    const std::string_view body =
        R"({"calls":[{"audio_out_jitter_avg":1,"sid":"CA1","to":"+1","status":"completed","from":"+2"},)"
        R"({"subresource_uris":{"notifications":"/n","recordings":"/r"},"sid":"CA2","price":"-0.5"}],)"
        R"("next_page_uri":"/x","page":3,"start":0,"end":1})";
    std::vector<std::string> seen;
    char storage[1024];
    auto on_call = [&](const swcalls::call_view& call) {
        seen.push_back(std::string(call.sid.value_or("-")) + " " + std::string(call.to.value_or("-")) + " " +
                       std::string(call.from.value_or("-")) + " " + std::string(call.status_text.value_or("-")) + " " +
                       std::string(call.price ? call.price->text() : "-") + " " +
                       std::string(call.subresource_uris.recordings.value_or("-")));
    };
    swcalls::page_parser parser(storage, sizeof storage, on_call);
    REQUIRE_FALSE(parser.feed(body));
    REQUIRE_FALSE(parser.finish());
    CHECK(seen == std::vector<std::string>{"CA1 +1 +2 completed - -", "CA2 - - - -0.5 /r"});
    const swcalls::page_view page = parser.page();
    CHECK(page.next_page_uri.value_or("") == "/x");
    CHECK(page.page.value_or(-1) == 3);
    CHECK(page.end.value_or(-1) == 1);
}
