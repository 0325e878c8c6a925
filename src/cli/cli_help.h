// How the command line explains itself, read from the same CLI11 definitions the parser uses:
// `--help` and `unknot help COMMAND` (usage with the full command path and the global
// options), parse errors as plain sentences with a "did you mean" for a mistyped command or
// option, and the list of every command (for the man pages, completions and tests).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
class Option;
class ParseError;
}  // namespace CLI

namespace unknot::cli {

// "unknot log pain": the program and the subcommands that lead to `command`.
std::string command_path(const CLI::App& command);

// The subcommands a person can use (hidden ones left out), in definition order.
std::vector<const CLI::App*> visible_subcommands(const CLI::App& command);

// `command` and every subcommand under it, depth first, in definition order.
std::vector<const CLI::App*> all_commands(const CLI::App& root);

// The option and argument a person reads in a usage line: "--intake FILE", "N".
std::string option_usage(const CLI::Option& option);

// The options a person can give `command` itself (not the global ones, not -h/--help).
std::vector<const CLI::Option*> own_options(const CLI::App& command);

// The options every command takes (those of the program itself, with -h/--help).
std::vector<const CLI::Option*> global_options(const CLI::App& command);

// Help for one command: "Usage: unknot log pain [OPTIONS] N", what it does, its arguments,
// its options, the options every command takes, and its subcommands.
std::string render_help(const CLI::App& command, int width);

// A parse error as one plain sentence (plus a "did you mean" when a word is close to a
// command or option of `where`, the innermost command parsed). `args`: the words as typed.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& where,
                                 const std::vector<std::string>& args = {});

// One line on stderr: "unknot: " and the message, unless the message already starts by naming
// its command ("unknot log pain needs N."), so nothing reads "unknot: unknot ...".
std::string error_line(const std::string& message);

// The candidate nearest to `word` (edit distance), if near enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace unknot::cli
