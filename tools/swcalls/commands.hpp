// tools/swcalls/commands.hpp — the subcommands main() dispatches to.
//
// Each subcommand lives in its own <name>_command.cpp and is one entry of the table in main.cpp:
// adding `list`, `demo` or `mock` is a new file and a new row, nothing else.
#pragma once

#include <cstdio>
#include <string_view>

namespace swcalls_cli {

struct command {
    std::string_view name;
    std::string_view summary;                 // one line in `swcalls --help`
    int (*run)(int argc, char** argv);        // the arguments after the command name; returns the exit status
    void (*print_help)(std::FILE* out);       // `swcalls help NAME`, `swcalls NAME --help`
};

int run_parse(int argc, char** argv);
void print_parse_help(std::FILE* out);

int run_list(int argc, char** argv);
void print_list_help(std::FILE* out);
int run_demo(int argc, char** argv);
void print_demo_help(std::FILE* out);
int run_mock(int argc, char** argv);
void print_mock_help(std::FILE* out);

}  // namespace swcalls_cli
