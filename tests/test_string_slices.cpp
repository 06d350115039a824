// Tests for swcalls/detail/string_slices.hpp. Included first to prove the header is self-contained.
#include <swcalls/detail/string_slices.hpp>

#include <doctest/doctest.h>

#include <string_view>

namespace {
using namespace std::string_view_literals;
using swcalls::detail::bytes_between;
using swcalls::detail::bytes_from;
using swcalls::detail::first_bytes;

// The same bytes at the same address: a slice is a view into its source, never a copy.
bool same_view(std::string_view a, std::string_view b) { return a.data() == b.data() && a.size() == b.size(); }
}  // namespace

TEST_SUITE("string slices") {

TEST_CASE("slices are substr's views inside the text, and clamp where substr throws") {
    constexpr std::string_view text = "host:8080"sv;
    static_assert(first_bytes(text, 4) == "host"sv);
    static_assert(bytes_from(text, 5) == "8080"sv);
    static_assert(bytes_between(text, 2, 6) == "st:8"sv);
    for (std::size_t start = 0; start <= text.size(); ++start) {
        CHECK(same_view(first_bytes(text, start), text.substr(0, start)));
        // (at the very end substr still points there; bytes_from gives an empty view, wherever it points)
        if (start < text.size()) CHECK(same_view(bytes_from(text, start), text.substr(start)));
        else CHECK(bytes_from(text, start).empty());
        for (std::size_t end = start; end <= text.size(); ++end)
            CHECK(bytes_between(text, start, end) == text.substr(start, end - start));
    }
    // Past the end (where substr would throw std::out_of_range): empty, or all of the text.
    CHECK(first_bytes(text, 100) == text);
    CHECK(first_bytes(text, std::string_view::npos) == text);
    CHECK(bytes_from(text, 100).empty());
    CHECK(bytes_from(text, std::string_view::npos).empty());
    CHECK(bytes_between(text, 7, 100) == "80"sv);
    CHECK(bytes_between(text, 100, 200).empty());
    CHECK(bytes_between(text, 6, 2).empty());  // an end before the start is nothing, not a wrap-around
    CHECK(first_bytes({}, 3).empty());
    CHECK(bytes_from({}, 0).empty());
}

}  // TEST_SUITE
