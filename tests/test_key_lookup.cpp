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

}  // namespace

TEST_CASE("call keys: every name finds its field, near misses find none") {
    check_table(swcalls::detail::call_keys, swcalls::detail::call_key_names);
    // Spot checks against the ids, independently of the name list.
    CHECK(find(swcalls::detail::call_keys, "sid") == call_field::sid);
    CHECK(find(swcalls::detail::call_keys, "account_sid") == call_field::account_sid);
    CHECK(find(swcalls::detail::call_keys, "to") == call_field::to);
    CHECK(find(swcalls::detail::call_keys, "to_formatted") == call_field::to_formatted);
    CHECK(find(swcalls::detail::call_keys, "formatted_to") == call_field::formatted_to);
    CHECK(find(swcalls::detail::call_keys, "from") == call_field::from);
    CHECK(find(swcalls::detail::call_keys, "price") == call_field::price);
    CHECK(find(swcalls::detail::call_keys, "price_unit") == call_field::price_unit);
    CHECK(find(swcalls::detail::call_keys, "audio_out_jitter_min") == call_field::audio_out_jitter_min);
    CHECK(find(swcalls::detail::call_keys, "audio_out_jitter_max") == call_field::audio_out_jitter_max);
    CHECK(find(swcalls::detail::call_keys, "audio_out_jitter_avg") == call_field::audio_out_jitter_avg);
    CHECK(find(swcalls::detail::call_keys, "audio_rtt_min") == call_field::audio_rtt_min);
    CHECK(find(swcalls::detail::call_keys, "subresource_uris") == call_field::subresource_uris);
    CHECK(find(swcalls::detail::call_keys, "sip_result_code") == call_field::sip_result_code);
    CHECK(find(swcalls::detail::call_keys, "queue_time") == call_field::queue_time);
    CHECK(std::size_t(call_field::count) == 38);
}

TEST_CASE("subresource keys") {
    check_table(swcalls::detail::subresource_keys, swcalls::detail::subresource_key_names);
    CHECK(find(swcalls::detail::subresource_keys, "notifications") == subresource_field::notifications);
    CHECK(find(swcalls::detail::subresource_keys, "recordings") == subresource_field::recordings);
    // Twilio's other subresources are not modelled.
    for (const char* other : {"payments", "events", "siprec", "streams", "transcriptions", "user_defined_messages"})
        CHECK(find(swcalls::detail::subresource_keys, other) == subresource_field::none);
}

TEST_CASE("page keys") {
    check_table(swcalls::detail::page_keys, swcalls::detail::page_key_names);
    CHECK(find(swcalls::detail::page_keys, "calls") == page_field::calls);
    CHECK(find(swcalls::detail::page_keys, "uri") == page_field::uri);
    CHECK(find(swcalls::detail::page_keys, "next_page_uri") == page_field::next_page_uri);
    CHECK(find(swcalls::detail::page_keys, "previous_page_uri") == page_field::previous_page_uri);
    CHECK(find(swcalls::detail::page_keys, "first_page_uri") == page_field::first_page_uri);
    CHECK(find(swcalls::detail::page_keys, "page") == page_field::page);
    CHECK(find(swcalls::detail::page_keys, "page_size") == page_field::page_size);
    CHECK(find(swcalls::detail::page_keys, "start") == page_field::start);
    CHECK(find(swcalls::detail::page_keys, "end") == page_field::end);
    CHECK(find(swcalls::detail::page_keys, "account_sid") == page_field::account_sid);
    // Keys Twilio sends that swcalls does not model.
    for (const char* other : {"last_page_uri", "num_pages", "total", "meta", "key", "url", "previous_page_url"})
        CHECK(find(swcalls::detail::page_keys, other) == page_field::none);
}

TEST_CASE("each table knows only its own level's keys") {
    for (std::string_view page_only : {"calls", "next_page_uri", "page_size", "page", "end", "start"})
        CHECK(find(swcalls::detail::call_keys, page_only) == call_field::none);
    for (std::string_view call_only : {"sid", "status", "duration", "to", "subresource_uris"})
        CHECK(find(swcalls::detail::page_keys, call_only) == page_field::none);
    for (std::string_view call_only : {"sid", "uri", "recording", "notification"})
        CHECK(find(swcalls::detail::subresource_keys, call_only) == subresource_field::none);
    for (std::string_view sub_only : {"notifications", "recordings"})
        CHECK(find(swcalls::detail::call_keys, sub_only) == call_field::none);
    // Keys in two tables map to each table's own id.
    CHECK(find(swcalls::detail::call_keys, "account_sid") == call_field::account_sid);
    CHECK(find(swcalls::detail::page_keys, "account_sid") == page_field::account_sid);
    CHECK(find(swcalls::detail::call_keys, "uri") == call_field::uri);
    CHECK(find(swcalls::detail::page_keys, "uri") == page_field::uri);
}

TEST_CASE("keys that share a hash's inputs are told apart") {
    // The hash reads the first eight bytes, the last two and the length: keys that agree on all of those
    // differ only in the middle, and the compare must catch it.
    CHECK(find(swcalls::detail::call_keys, "audio_out_jitter_xin") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "audio_ou__jitter_min") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "phone_nuXber_sid") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "parent_cXll_sid") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "date_creXted") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "forwarded_fXom") == call_field::none);
    CHECK(find(swcalls::detail::page_keys, "previous_pXge_uri") == page_field::none);
    CHECK(find(swcalls::detail::page_keys, "first_pagX_uri") == page_field::none);
    // Bytes past the key's length are ignored when they are zero, as the scanner guarantees.
    CHECK(find(swcalls::detail::call_keys, std::string_view("sid", 3)) == call_field::sid);
    CHECK(find(swcalls::detail::call_keys, "") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, std::string(swcalls::detail::max_key_length, 's')) == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "\xEF\xBB\xBF" "sid") == call_field::none);
    CHECK(find(swcalls::detail::call_keys, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF") == call_field::none);
}

TEST_CASE("a table stays correct when names collide in the hash (linear probing)") {
    // Many names that share their first 8 bytes and their last 2, differing in length or the middle:
    // whatever slots they hash to, each must be found and no other key must be.
    enum class test_id : unsigned char { a, b, c, d, e, f, g, h, count, none = 0xFF };
    static constexpr std::string_view names[] = {"prefix__x_zz", "prefix__y_zz", "prefix__xxzz", "prefix___zz",
                                                 "prefix__zz",   "prefix__abzz", "prefix_____zz", "prefix_zz"};
    static constexpr swcalls::detail::key_table<test_id, swcalls::detail::total_length(names)> table{names};
    check_table(table, names);
}

TEST_CASE("a key is found whatever stale bytes follow it in the scanner's buffer") {
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
    CHECK(check(swcalls::detail::call_keys, swcalls::detail::call_key_names) == 0);
    CHECK(check(swcalls::detail::page_keys, swcalls::detail::page_key_names) == 0);
    CHECK(check(swcalls::detail::subresource_keys, swcalls::detail::subresource_key_names) == 0);
}
