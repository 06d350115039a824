// Tests for swcalls/detail/key_lookup.hpp: JSON object key -> field id.
// key_lookup.hpp is included first: this file also proves it compiles on its own.
#include <swcalls/detail/key_lookup.hpp>

#include <doctest/doctest.h>

#include <cctype>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using swcalls::detail::call_field;
using swcalls::detail::page_field;
using swcalls::detail::subresource_field;

// The key as the scanner hands it over: in a buffer of swcalls::detail::max_key_length + 8 bytes, zero past its length.
struct padded_key {
    char bytes[swcalls::detail::max_key_length + 8] = {};
    std::size_t length = 0;
    explicit padded_key(std::string_view key) {
        REQUIRE(key.size() <= swcalls::detail::max_key_length);
        std::memcpy(bytes, key.data(), key.size());
        length = key.size();
    }
};

template <class Table>
auto find(const Table& table, std::string_view key) {
    // The scanner never looks up a key longer than the longest modelled one: it is unknown outright.
    if (key.size() > swcalls::detail::max_key_length) return decltype(table.find(nullptr, 0))::none;
    padded_key k(key);
    return table.find(k.bytes, k.length);
}

// The names of a table's fields, in id order (the order of the X-macro lists, then the extra key).
template <std::size_t N>
std::vector<std::string> names_of(const std::string_view (&list)[N]) {
    return std::vector<std::string>(std::begin(list), std::end(list));
}

// Every near miss of `name`: each proper prefix, each one-character extension, each single character
// replaced, dropped or swapped with its neighbour, and case changes.
std::vector<std::string> near_misses(const std::string& name) {
    std::vector<std::string> out;
    for (std::size_t n = 0; n < name.size(); ++n) out.push_back(name.substr(0, n));
    for (const char* extra : {"s", "_", "x", " ", "0"}) {
        out.push_back(name + extra);
        out.push_back(extra + name);
    }
    out.push_back(name + std::string(1, '\0'));
    for (std::size_t i = 0; i < name.size(); ++i) {
        std::string changed = name;
        changed[i] = char(changed[i] + 1);
        out.push_back(changed);
        changed[i] = char(name[i] - 1);
        out.push_back(changed);
        std::string upper = name;
        upper[i] = char(std::toupper(static_cast<unsigned char>(upper[i])));
        out.push_back(upper);
        out.push_back(name.substr(0, i) + name.substr(i + 1));
        if (i + 1 < name.size()) {
            std::string swapped = name;
            std::swap(swapped[i], swapped[i + 1]);
            out.push_back(swapped);
        }
    }
    std::string all_upper = name;
    for (char& c : all_upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    out.push_back(all_upper);
    // A dash for an underscore (API spellings elsewhere use dashes).
    std::string dashed = name;
    for (char& c : dashed)
        if (c == '_') c = '-';
    out.push_back(dashed);
    return out;
}

// Checks that every name maps to its own id and every near miss maps to none (or to the id of the name it
// happens to equal: "to" is a prefix of "to_formatted").
template <class Table, std::size_t N>
void check_table(const Table& table, const std::string_view (&list)[N]) {
    using id_type = decltype(table.find("", 0));
    const std::vector<std::string> names = names_of(list);
    REQUIRE(names.size() == std::size_t(id_type::count));
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());  // no duplicate names
    for (std::size_t i = 0; i < names.size(); ++i) {
        INFO("key: ", names[i]);
        CHECK(names[i].size() <= swcalls::detail::max_key_length);
        CHECK(find(table, names[i]) == id_type(i));
    }
    std::size_t misses = 0;
    for (const std::string& name : names) {
        for (const std::string& miss : near_misses(name)) {
            if (miss.size() > swcalls::detail::max_key_length) continue;
            std::size_t expected = names.size();
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == miss) expected = i;
            INFO("near miss of ", name, ": \"", miss, "\" (", miss.size(), " bytes)");
            if (expected == names.size()) {
                CHECK(find(table, miss) == id_type::none);
                ++misses;
            } else {
                CHECK(find(table, miss) == id_type(expected));
            }
        }
    }
    CHECK(misses > 30 * names.size());
}

// Each table test runs on both forms: the hashed tables the parser uses for speed, and the lists of names
// it uses where code size comes first (SWCALLS_SIZE_FIRST).
template <class Check>
void for_each_form(const Check& check) {
    SUBCASE("hashed tables") {
        check(swcalls::detail::call_keys, swcalls::detail::page_keys, swcalls::detail::subresource_keys);
    }
    SUBCASE("listed names") {
        check(swcalls::detail::call_key_list, swcalls::detail::page_key_list, swcalls::detail::subresource_key_list);
    }
}

}  // namespace

TEST_CASE("call keys: every name finds its field, near misses find none") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        check_table(calls, swcalls::detail::call_key_names);
        // Spot checks against the ids, independently of the name list.
        CHECK(find(calls, "sid") == call_field::sid);
        CHECK(find(calls, "account_sid") == call_field::account_sid);
        CHECK(find(calls, "to") == call_field::to);
        CHECK(find(calls, "to_formatted") == call_field::to_formatted);
        CHECK(find(calls, "formatted_to") == call_field::formatted_to);
        CHECK(find(calls, "from") == call_field::from);
        CHECK(find(calls, "price") == call_field::price);
        CHECK(find(calls, "price_unit") == call_field::price_unit);
        CHECK(find(calls, "audio_out_jitter_min") == call_field::audio_out_jitter_min);
        CHECK(find(calls, "audio_out_jitter_max") == call_field::audio_out_jitter_max);
        CHECK(find(calls, "audio_out_jitter_avg") == call_field::audio_out_jitter_avg);
        CHECK(find(calls, "audio_rtt_min") == call_field::audio_rtt_min);
        CHECK(find(calls, "subresource_uris") == call_field::subresource_uris);
        CHECK(find(calls, "sip_result_code") == call_field::sip_result_code);
        CHECK(find(calls, "queue_time") == call_field::queue_time);
        CHECK(std::size_t(call_field::count) == 38);
    });
}

TEST_CASE("subresource keys") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        check_table(subresources, swcalls::detail::subresource_key_names);
        CHECK(find(subresources, "notifications") == subresource_field::notifications);
        CHECK(find(subresources, "recordings") == subresource_field::recordings);
        // Twilio's other subresources are not modelled.
        for (const char* other : {"payments", "events", "siprec", "streams", "transcriptions", "user_defined_messages"})
            CHECK(find(subresources, other) == subresource_field::none);
    });
}

TEST_CASE("page keys") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        check_table(pages, swcalls::detail::page_key_names);
        CHECK(find(pages, "calls") == page_field::calls);
        CHECK(find(pages, "uri") == page_field::uri);
        CHECK(find(pages, "next_page_uri") == page_field::next_page_uri);
        CHECK(find(pages, "previous_page_uri") == page_field::previous_page_uri);
        CHECK(find(pages, "first_page_uri") == page_field::first_page_uri);
        CHECK(find(pages, "page") == page_field::page);
        CHECK(find(pages, "page_size") == page_field::page_size);
        CHECK(find(pages, "start") == page_field::start);
        CHECK(find(pages, "end") == page_field::end);
        CHECK(find(pages, "account_sid") == page_field::account_sid);
        // Keys Twilio sends that swcalls does not model.
        for (const char* other : {"last_page_uri", "num_pages", "total", "meta", "key", "url", "previous_page_url"})
            CHECK(find(pages, other) == page_field::none);
    });
}

TEST_CASE("each table knows only its own level's keys") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        for (std::string_view page_only : {"calls", "next_page_uri", "page_size", "page", "end", "start"})
            CHECK(find(calls, page_only) == call_field::none);
        for (std::string_view call_only : {"sid", "status", "duration", "to", "subresource_uris"})
            CHECK(find(pages, call_only) == page_field::none);
        for (std::string_view call_only : {"sid", "uri", "recording", "notification"})
            CHECK(find(subresources, call_only) == subresource_field::none);
        for (std::string_view sub_only : {"notifications", "recordings"})
            CHECK(find(calls, sub_only) == call_field::none);
        // Keys in two tables map to each table's own id.
        CHECK(find(calls, "account_sid") == call_field::account_sid);
        CHECK(find(pages, "account_sid") == page_field::account_sid);
        CHECK(find(calls, "uri") == call_field::uri);
        CHECK(find(pages, "uri") == page_field::uri);
    });
}

TEST_CASE("keys that share a hash's inputs are told apart") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        // The hash reads the first eight bytes, the last two and the length: keys that agree on all of those
        // differ only in the middle, and the compare must catch it.
        CHECK(find(calls, "audio_out_jitter_xin") == call_field::none);
        CHECK(find(calls, "audio_ou__jitter_min") == call_field::none);
        CHECK(find(calls, "phone_nuXber_sid") == call_field::none);
        CHECK(find(calls, "parent_cXll_sid") == call_field::none);
        CHECK(find(calls, "date_creXted") == call_field::none);
        CHECK(find(calls, "forwarded_fXom") == call_field::none);
        CHECK(find(pages, "previous_pXge_uri") == page_field::none);
        CHECK(find(pages, "first_pagX_uri") == page_field::none);
        // Bytes past the key's length are ignored when they are zero, as the scanner guarantees.
        CHECK(find(calls, std::string_view("sid", 3)) == call_field::sid);
        CHECK(find(calls, "") == call_field::none);
        CHECK(find(calls, std::string(swcalls::detail::max_key_length, 's')) == call_field::none);
        CHECK(find(calls, "\xEF\xBB\xBF" "sid") == call_field::none);
        CHECK(find(calls, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF") == call_field::none);
    });
}

TEST_CASE("a table stays correct when names collide in the hash (linear probing)") {
    // Many names that share their first 8 bytes and their last 2, differing in length or the middle:
    // whatever slots they hash to, each must be found and no other key must be.
    enum class test_id : unsigned char { a, b, c, d, e, f, g, h, count, none = 0xFF };
    static constexpr std::string_view names[] = {"prefix__x_zz", "prefix__y_zz", "prefix__xxzz", "prefix___zz",
                                                 "prefix__zz",   "prefix__abzz", "prefix_____zz", "prefix_zz"};
    static constexpr swcalls::detail::key_table<test_id, swcalls::detail::total_length(names)> table{names};
    check_table(table, names);
    // The same names as a list: scanned in order, each still found only by itself.
    static constexpr swcalls::detail::key_list<test_id, swcalls::detail::packed_size(names)> list{names};
    check_table(list, names);
}

TEST_CASE("a key list holds each name after its length, as the enums' spellings are packed") {
    enum class test_id : unsigned char { a, b, count, none = 0xFF };
    static constexpr std::string_view names[] = {"ab", "c"};
    static constexpr swcalls::detail::key_list<test_id, swcalls::detail::packed_size(names)> list{names};
    CHECK(std::string_view(list.names.bytes, sizeof list.names.bytes) == std::string_view("\2ab\1c", 5));
    CHECK(list.find("c", 1) == test_id::b);
    CHECK(list.find("ab", 2) == test_id::a);
    CHECK(list.find("a", 1) == test_id::none);
    CHECK(list.find("", 0) == test_id::none);
}

TEST_CASE("the parser's lookups agree with both forms of the tables") {
    // find_*_key pick the hashed tables or the lists by SWCALLS_SIZE_FIRST; either way the same ids.
    for (std::size_t i = 0; i < std::size(swcalls::detail::call_key_names); ++i) {
        const padded_key k(swcalls::detail::call_key_names[i]);
        CHECK(swcalls::detail::find_call_key(k.bytes, k.length) == call_field(i));
    }
    for (std::size_t i = 0; i < std::size(swcalls::detail::page_key_names); ++i) {
        const padded_key k(swcalls::detail::page_key_names[i]);
        CHECK(swcalls::detail::find_page_key(k.bytes, k.length) == page_field(i));
    }
    for (std::size_t i = 0; i < std::size(swcalls::detail::subresource_key_names); ++i) {
        const padded_key k(swcalls::detail::subresource_key_names[i]);
        CHECK(swcalls::detail::find_subresource_key(k.bytes, k.length) == subresource_field(i));
    }
    const padded_key other("sids");
    CHECK(swcalls::detail::find_call_key(other.bytes, other.length) == call_field::none);
    CHECK(swcalls::detail::find_page_key(other.bytes, other.length) == page_field::none);
    CHECK(swcalls::detail::find_subresource_key(other.bytes, other.length) == subresource_field::none);
}

TEST_CASE("a key is found whatever stale bytes follow it in the scanner's buffer") {
    for_each_form([]([[maybe_unused]] const auto& calls, [[maybe_unused]] const auto& pages,
                     [[maybe_unused]] const auto& subresources) {
        // The scanner zero-pads a key only up to 8 bytes; past that its buffer holds what earlier, longer keys
        // left. Lookups compare 8 bytes at a time on 64-bit machines and must ignore everything past the length.
        const auto check = [](const auto& table, const auto& names) {
            std::size_t misses = 0;
            for (std::size_t i = 0; i < std::size(names); ++i) {
                const std::string_view name = names[i];
                for (char stale : {'X', '\0', '\xFF', 'a'}) {
                    char bytes[swcalls::detail::max_key_length + 8];
                    std::memset(bytes, stale, sizeof bytes);
                    std::memcpy(bytes, name.data(), name.size());
                    if (name.size() < 8) std::memset(bytes + name.size(), 0, 8 - name.size());  // as the scanner pads
                    misses += std::size_t(table.find(bytes, name.size())) != i;
                    // One byte shorter: the same bytes, a different key (never a false match on the stale tail).
                    if (name.size() > 1) {
                        char shorter[sizeof bytes];
                        std::memcpy(shorter, bytes, sizeof bytes);
                        if (name.size() - 1 < 8) std::memset(shorter + name.size() - 1, 0, 9 - name.size());
                        const auto found = table.find(shorter, name.size() - 1);
                        misses += found != decltype(found)::none && names[std::size_t(found)] != name.substr(0, name.size() - 1);
                    }
                }
            }
            return misses;
        };
        CHECK(check(calls, swcalls::detail::call_key_names) == 0);
        CHECK(check(pages, swcalls::detail::page_key_names) == 0);
        CHECK(check(subresources, swcalls::detail::subresource_key_names) == 0);
    });
}
