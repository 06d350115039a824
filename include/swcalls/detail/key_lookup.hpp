// swcalls/detail/key_lookup.hpp — object key -> field id, with one hash and one compare (or, where code size
// comes first, by comparing it with each name in turn: key_list below).
//
// The parser sees about forty keys per call; comparing each against every known name would dominate.
// Keys are hashed from their first eight bytes, last two bytes and length (the multiplier was chosen so
// that the current names need few probes: 4 second probes among the 38 call keys, none among the page's and
// the subresources'); tables use linear probing, so a new field never breaks lookups — at worst it costs
// another probe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "../config.hpp"
#include "call_fields.hpp"
#include "packed_names.hpp"
#include "swar.hpp"

namespace swcalls::detail {

// Field ids, in the order of the X-macro lists; `none` for keys swcalls does not model.
enum class call_field : std::uint8_t {
#define SWCALLS_X(member, key, kind) member,
    SWCALLS_CALL_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    subresource_uris,
    count,
    none = 0xFF
};
enum class subresource_field : std::uint8_t {
#define SWCALLS_X(member, key, kind) member,
    SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    count,
    none = 0xFF
};
enum class page_field : std::uint8_t {
#define SWCALLS_X(member, key, kind) member,
    SWCALLS_PAGE_FIELDS(SWCALLS_X)
#undef SWCALLS_X
    calls,
    count,
    none = 0xFF
};

#define SWCALLS_X(member, key, kind) sizeof(key) - 1,
inline constexpr std::size_t key_lengths[] = {SWCALLS_CALL_FIELDS(SWCALLS_X) SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_X)
                                                  SWCALLS_PAGE_FIELDS(SWCALLS_X) sizeof("subresource_uris") - 1};
#undef SWCALLS_X
template <std::size_t N>
constexpr std::size_t longest(const std::size_t (&lengths)[N]) noexcept {
    std::size_t most = 0;
    for (std::size_t n : lengths) most = n > most ? n : most;
    return most;
}
// The longest key swcalls models: the scanner keeps no more of a key than this; a longer one is unknown.
inline constexpr std::size_t max_key_length = longest(key_lengths);

// The key's first 8 bytes as a little-endian number. The table is built at compile time byte by byte; at run
// time, on a little-endian machine, one unaligned load does the same (the byte loop cost 8% of all the
// parser's instructions: compilers do not merge it).
constexpr std::uint64_t key_head_bytes(const char* key) noexcept {
    std::uint64_t head = 0;
    for (std::size_t i = 0; i < 8; ++i) head |= std::uint64_t(static_cast<unsigned char>(key[i])) << (8 * i);
    return head;
}
inline std::uint64_t key_head_loaded(const char* key) noexcept { return load_le64(key); }

// `key` points at max_key_length + 8 readable bytes, zero past its length (the scanner pads its key buffer).
// `head` is its first 8 bytes (key_head_bytes / key_head_loaded).
constexpr std::uint32_t key_hash(const char* key, std::size_t length, std::uint64_t head) noexcept {
    std::uint64_t tail = length >= 2 ? (std::uint64_t(static_cast<unsigned char>(key[length - 2])) |
                                        std::uint64_t(static_cast<unsigned char>(key[length - 1])) << 8)
                                     : std::uint64_t(static_cast<unsigned char>(key[0]));
    std::uint64_t mixed = head ^ ((tail | std::uint64_t(length) << 16) << 40);
    return static_cast<std::uint32_t>((mixed * 0x9f9ec59b97243931ULL) >> 57);  // 7 bits: 0..127
}

// Slots for `count` names: a power of two at least 1.5 times the count (so probes stay short and a free slot
// ends every probe), at most 128 (the hash's 7 bits). The call table has 64, the page table 16 and the
// subresource table 4: on a microcontroller the tables are flash (three 128-slot tables of string_views were
// 3.5 KiB).
constexpr std::size_t key_slots_for(std::size_t count) noexcept {
    std::size_t slots = 4;
    while (slots < count + count / 2 + 1 && slots < 128) slots *= 2;
    return slots;
}

// Whether the `length` bytes at `a` and `b` are equal, where both have key_read_slack more readable bytes
// past them (the scanner's key buffer and the tables' blobs do). On 64-bit little-endian machines, 8 bytes
// a step, with the bytes past the end shifted out: the parser looks up forty keys a call, and calling
// memcmp was 3% of all its instructions. Elsewhere (32-bit MCUs, where code size counts more), memcmp.
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    SWCALLS_NATIVE_WORD64
#define SWCALLS_KEY_COMPARE_BY_WORD 1
inline constexpr std::size_t key_read_slack = 7;
#else
#define SWCALLS_KEY_COMPARE_BY_WORD 0
inline constexpr std::size_t key_read_slack = 0;
#endif
inline bool same_key_bytes(const char* a, const char* b, std::size_t length) noexcept {
#if SWCALLS_KEY_COMPARE_BY_WORD
    for (;;) {
        const std::uint64_t x = load_le64(a), y = load_le64(b);
        if (length <= 8) return length == 0 || ((x ^ y) << (8 * (8 - length))) == 0;
        if (x != y) return false;
        a += 8;
        b += 8;
        length -= 8;
    }
#else
    return std::memcmp(a, b, length) == 0;
#endif
}

// A key table as find_key reads it, whatever its ids and sizes.
struct key_table_ref {
    const std::uint16_t* offsets;  // name i: lengths[i] bytes at blob + offsets[i]
    const std::uint8_t* lengths;
    const std::uint8_t* ids;       // per slot: the id of the name there, or 0xFF (free)
    const char* blob;
    std::uint32_t mask;            // slots - 1 (a power of two)
    std::uint32_t slot_mask() const noexcept { return mask; }
};

// The id of the name `key` in `table` (a key_table or a key_table_ref), or 0xFF when it is none of them.
// `key` points at max_key_length + 8 readable bytes, zero past its length (see key_hash).
template <class Table>
inline std::uint8_t find_in(const Table& table, const char* key, std::size_t length) noexcept {
    std::size_t slot = key_hash(key, length, key_head_loaded(key)) & table.slot_mask();
    for (std::uint8_t id; (id = table.ids[slot]) != 0xFF; slot = (slot + 1) & table.slot_mask()) {
        if (table.lengths[id] == length && same_key_bytes(table.blob + table.offsets[id], key, length)) return id;
    }
    return 0xFF;
}

// One out-of-line copy of the lookup for every table: what a microcontroller uses (key_table::find).
SWCALLS_NOINLINE inline std::uint8_t find_key(const key_table_ref& table, const char* key, std::size_t length) noexcept {
    return find_in(table, key, length);
}

// Flash is what a table costs on a microcontroller, so nothing is stored twice: the names sit end to end in
// one blob sized to them (total_length), each id has its offset and length, and each slot holds only an id
// (one byte). (Lengths implied by the next offset would save a byte a name, but cost the host parser 0.2% of
// its instructions: lookups are that hot.)
template <class Id, std::size_t BlobSize>
struct key_table {
    static constexpr std::size_t count = std::size_t(Id::count);
    static constexpr std::size_t slots = key_slots_for(count);
    static_assert(count < slots, "swcalls: a key table needs a free slot to end its probes");
    static_assert(BlobSize < 65536, "swcalls: key offsets are 16-bit");
    static_assert(std::uint8_t(Id::none) == 0xFF && count < 0xFF, "swcalls: key ids are bytes, 0xFF for none");

    char blob[BlobSize] = {};  // first: on the host, its address is the table's
    std::uint16_t offsets[count] = {};
    std::uint8_t lengths[count] = {};
    std::uint8_t ids[slots] = {};

    constexpr explicit key_table(const std::string_view (&list)[count]) {
        for (auto& id : ids) id = 0xFF;
        std::size_t used = 0;
        for (std::size_t i = 0; i < count; ++i) {
            char padded[max_key_length + 8] = {};
            for (std::size_t j = 0; j < list[i].size(); ++j) padded[j] = list[i][j];
            std::uint32_t slot = key_hash(padded, list[i].size(), key_head_bytes(padded)) % slots;
            while (ids[slot] != 0xFF) slot = (slot + 1) % slots;
            ids[slot] = static_cast<std::uint8_t>(i);
            offsets[i] = static_cast<std::uint16_t>(used);
            lengths[i] = static_cast<std::uint8_t>(list[i].size());
            for (char c : list[i]) blob[used++] = c;
        }
    }

    static constexpr std::uint32_t slot_mask() noexcept { return slots - 1; }
    key_table_ref ref() const noexcept { return {offsets, lengths, ids, blob, slot_mask()}; }

    // On 64-bit hosts the parser's speed counts: each table's lookup is inlined with its sizes as constants
    // (an instruction more per lookup is half a percent of the parser's). Elsewhere flash counts: one copy.
    Id find(const char* key, std::size_t length) const noexcept {
#if SWCALLS_NATIVE_WORD64
        return Id(find_in(*this, key, length));
#else
        return Id(find_key(ref(), key, length));
#endif
    }
};

// The blob size for a list of names: their bytes, end to end, and the key_read_slack same_key_bytes needs.
template <std::size_t N>
constexpr std::size_t total_length(const std::string_view (&list)[N]) noexcept {
    std::size_t sum = key_read_slack;
    for (std::string_view name : list) sum += name.size();
    return sum;
}

// ---- the smallest form: a list of names, scanned (SWCALLS_SIZE_FIRST) ------------------------------

// Where code size comes first (SWCALLS_SIZE_FIRST), a key is found by comparing it with each name in turn:
// about forty length compares a key instead of a hash and one compare, but no hashing code and no slot or
// offset tables, only the names, packed as the enums' spellings are and looked up by the same name_index
// (packed_names.hpp). A distinct type and distinct variables from the hashed tables, so that translation
// units built with either setting share no type or table of two layouts (find_*_key below differ in body,
// but both answer alike for a padded key, which the scanner always gives).
template <class Id, std::size_t Size>
struct key_list {
    static constexpr std::size_t count = std::size_t(Id::count);
    static_assert(std::uint8_t(Id::none) == 0xFF && count < 0xFF, "swcalls: key ids are bytes, 0xFF for none");

    name_list<Size> names;  // in id order

    constexpr explicit key_list(const std::string_view (&list)[count]) : names(pack_names<Size>(list)) {}

    // `key` needs no padding here: only its `length` bytes are read.
    Id find(const char* key, std::size_t length) const noexcept {
        const unsigned position = name_index(names.bytes, Size, std::string_view(key, length));  // 0: none
        return position == 0 ? Id::none : Id(position - 1);
    }
};

// ---- the tables -------------------------------------------------------------------------------------

#define SWCALLS_X(member, key, kind) key,
inline constexpr std::string_view call_key_names[] = {SWCALLS_CALL_FIELDS(SWCALLS_X) "subresource_uris"};
inline constexpr std::string_view subresource_key_names[] = {SWCALLS_SUBRESOURCE_FIELDS(SWCALLS_X)};
inline constexpr std::string_view page_key_names[] = {SWCALLS_PAGE_FIELDS(SWCALLS_X) "calls"};
#undef SWCALLS_X
static_assert(max_key_length <= 255, "swcalls: a listed name's length is one byte");

// Hashed (for speed); each table is in flash only where it is used (-fdata-sections and --gc-sections).
inline constexpr key_table<call_field, total_length(call_key_names)> call_keys{call_key_names};
inline constexpr key_table<subresource_field, total_length(subresource_key_names)> subresource_keys{subresource_key_names};
inline constexpr key_table<page_field, total_length(page_key_names)> page_keys{page_key_names};
// Listed (for size).
inline constexpr key_list<call_field, packed_size(call_key_names)> call_key_list{call_key_names};
inline constexpr key_list<subresource_field, packed_size(subresource_key_names)> subresource_key_list{
    subresource_key_names};
inline constexpr key_list<page_field, packed_size(page_key_names)> page_key_list{page_key_names};

// The parser's lookups: the hashed tables, or the lists where code size comes first. (`key` as for
// key_hash: padded; the lists do not need it.)
inline call_field find_call_key(const char* key, std::size_t length) noexcept {
    return SWCALLS_SIZE_FIRST ? call_key_list.find(key, length) : call_keys.find(key, length);
}
inline subresource_field find_subresource_key(const char* key, std::size_t length) noexcept {
    return SWCALLS_SIZE_FIRST ? subresource_key_list.find(key, length) : subresource_keys.find(key, length);
}
inline page_field find_page_key(const char* key, std::size_t length) noexcept {
    return SWCALLS_SIZE_FIRST ? page_key_list.find(key, length) : page_keys.find(key, length);
}

}  // namespace swcalls::detail
