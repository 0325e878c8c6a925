// Manual pages and shell completions written from the CLI11 command tree the binary parses
// with (`unknot --generate-man DIR`, `unknot --generate-completion SHELL`, run by the build),
// so they cannot drift from the commands: a command added to cli/app.cc appears in both.
#pragma once

#include <map>
#include <string>

#include "core/result.h"

namespace CLI {
class App;
}

namespace unknot::cli {

// File name -> roff text: unknot.1 (the overview and every command in one line) and one
// page per command group, unknot-GROUP.1 (the group and each of its subcommands).
std::map<std::string, std::string> manual_pages(const CLI::App& root, const std::string& version);

enum class Shell { kBash, kZsh, kFish };

// A completion script for `shell`: commands, subcommands and options at each level, files
// or directories after options and arguments whose value is a FILE or DIR.
std::string completion_script(const CLI::App& root, Shell shell);

// "bash", "zsh" or "fish".
Result<Shell> parse_shell(const std::string& name);

}  // namespace unknot::cli
