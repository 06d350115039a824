// tools/swcalls/cli_args.hpp — the small pieces every subcommand's argument loop needs.
//
// Options take "--name value" or "--name=value"; "--" ends the options; "-" is an operand (standard input).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace swcalls_cli {

inline bool is_help_flag(std::string_view arg) noexcept { return arg == "--help" || arg == "-h"; }

// True for an argument that looks like an option rather than an operand ("-" alone is an operand).
inline bool looks_like_option(std::string_view arg) noexcept { return arg.size() > 1 && arg[0] == '-'; }

enum class option_match { no, value, missing_value };

// Matches argv[i] against option `name` ("--chunk-size"). On a match, `value` is its value and i is left on
// the last argument used, so the caller's loop increment moves past it.
inline option_match match_option(std::string_view name, int argc, char** argv, int& i, std::string_view& value) {
    std::string_view arg = argv[i];
    if (arg.substr(0, name.size()) != name) return option_match::no;
    if (arg.size() == name.size()) {
        if (i + 1 >= argc) return option_match::missing_value;
        value = argv[++i];
        return option_match::value;
    }
    if (arg[name.size()] != '=') return option_match::no;
    value = arg.substr(name.size() + 1);
    return option_match::value;
}

// Plain decimal digits only (no sign, spaces, hex or suffix) within [min, max]; nullopt otherwise,
// including on overflow.
inline std::optional<std::uint64_t> parse_whole_number(std::string_view text, std::uint64_t min,
                                                       std::uint64_t max) noexcept {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        unsigned digit = unsigned(c - '0');
        if (digit > max || value > (max - digit) / 10) return std::nullopt;  // value * 10 + digit > max
        value = value * 10 + digit;
    }
    if (value < min) return std::nullopt;
    return value;
}

}  // namespace swcalls_cli
