#include "cli/cli_help.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "cli/terminal.h"

namespace unknot::cli {
namespace {

const CLI::App& root_of(const CLI::App& command) {
  const CLI::App* current = &command;
  while (current->get_parent()) current = current->get_parent();
  return *current;
}

bool hidden(const CLI::Option& option) { return option.get_group().empty(); }

// One "  NAME   what it does" row per option, the descriptions lined up and wrapped.
std::string option_rows(const std::vector<const CLI::Option*>& options, int width) {
  std::vector<std::pair<std::string, std::string>> rows;
  std::size_t name_width = 0;
  for (const CLI::Option* option : options) {
    std::string name = option->get_positional() ? option->get_name(true) : option_usage(*option);
    name_width = std::max(name_width, name.size());
    rows.emplace_back(std::move(name), option->get_description());
  }
  name_width = std::min<std::size_t>(name_width, 24);
  std::string out;
  for (const auto& [name, description] : rows) {
    std::string first = fmt::format("  {:<{}}  ", name, name_width);
    if (first.size() > name_width + 4) {  // a long name gets its own line
      out += "  " + name + "\n";
      first = std::string(name_width + 4, ' ');
    }
    out += wrap(description, width, first, std::string(name_width + 4, ' '));
  }
  return out;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters each cost 1 ("revew" -> "review" is 1, "reivew" -> "review" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::vector<std::string> option_names(const CLI::App& where) {
  std::vector<std::string> names;
  auto add = [&](const std::vector<const CLI::Option*>& options) {
    for (const CLI::Option* option : options) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    }
  };
  add(own_options(where));
  add(global_options(where));
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App& where) {
  std::vector<std::string> names;
  for (const CLI::App* sub : visible_subcommands(where)) names.push_back(sub->get_name());
  return names;
}

// "revew" or "--as-off": a sentence naming the unknown word and the likely one meant.
std::string unexpected_word(const std::string& word, const CLI::App& where) {
  const std::string path = command_path(where);
  const bool looks_like_option = word.rfind("-", 0) == 0;
  const std::string bare = looks_like_option ? word.substr(0, word.find('=')) : word;
  if (looks_like_option) {
    std::string sentence = fmt::format("{} has no option {}.", path, bare);
    if (auto near = closest_name(bare, option_names(where))) sentence += fmt::format(" Did you mean {}?", *near);
    return sentence + fmt::format(" `{} --help` lists its options.", path);
  }
  auto subcommands = subcommand_names(where);
  if (subcommands.empty()) {
    return fmt::format("{} takes no further argument '{}'. `{} --help` shows how to use it.", path, word, path);
  }
  std::string sentence = fmt::format("'{}' is not a command of {}.", word, path);
  if (auto near = closest_name(word, subcommands)) sentence += fmt::format(" Did you mean `{} {}`?", path, *near);
  return sentence + fmt::format(" `{} --help` lists them.", path);
}

std::string option_or_argument(const std::string& name, const CLI::App& where) {
  for (const CLI::Option* option : own_options(where)) {
    if (option->get_name() == name || option->get_name(true) == name) {
      return option->get_positional() ? option->get_name(true) : option_usage(*option);
    }
  }
  return name;
}

}  // namespace

std::string command_path(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* current = &command; current; current = current->get_parent()) names.push_back(current->get_name());
  std::string path;
  for (auto name = names.rbegin(); name != names.rend(); ++name) path += (path.empty() ? "" : " ") + *name;
  return path;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& command) {
  return command.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty() && !sub->get_name().empty(); });
}

std::vector<const CLI::App*> all_commands(const CLI::App& root) {
  std::vector<const CLI::App*> out{&root};
  for (const CLI::App* sub : visible_subcommands(root)) {
    auto below = all_commands(*sub);
    out.insert(out.end(), below.begin(), below.end());
  }
  return out;
}

std::string option_usage(const CLI::Option& option) {
  if (option.get_positional()) return option.get_name(true);
  std::string names;
  for (const std::string& name : option.get_snames()) names += (names.empty() ? "-" : ", -") + name;
  for (const std::string& name : option.get_lnames()) names += (names.empty() ? "--" : ", --") + name;
  if (option.get_type_size_max() > 0) names += " " + option.get_type_name();
  return names;
}

std::vector<const CLI::Option*> own_options(const CLI::App& command) {
  if (!command.get_parent()) return {};  // the program's own options are the global ones
  const CLI::Option* help = command.get_help_ptr();
  return command.get_options([&](const CLI::Option* option) { return option != help && !hidden(*option); });
}

std::vector<const CLI::Option*> global_options(const CLI::App& command) {
  const CLI::App& root = root_of(command);
  return root.get_options([](const CLI::Option* option) { return !hidden(*option) && !option->get_positional(); });
}

std::string render_help(const CLI::App& command, int width) {
  const std::string path = command_path(command);
  std::string usage = "Usage: " + path;
  const auto options = own_options(command);
  std::vector<const CLI::Option*> arguments, named;
  for (const CLI::Option* option : options) (option->get_positional() ? arguments : named).push_back(option);
  usage += " [OPTIONS]";
  for (const CLI::Option* argument : arguments) {
    usage += " " + (argument->get_required() ? argument->get_name(true) : "[" + argument->get_name(true) + "]");
  }
  const auto subcommands = visible_subcommands(command);
  if (!subcommands.empty()) usage += command.get_require_subcommand_min() > 0 ? " COMMAND" : " [COMMAND]";

  std::string out = wrap(usage, width, "", "         ");
  if (!command.get_description().empty()) out += "\n" + wrap(command.get_description(), width);
  if (!arguments.empty()) out += "\nArguments:\n" + option_rows(arguments, width);
  if (!named.empty()) out += "\nOptions:\n" + option_rows(named, width);
  out += std::string("\n") + (command.get_parent() ? "Global options (every command takes them):\n" : "Options:\n") +
         option_rows(global_options(command), width);
  if (!subcommands.empty()) {
    out += "\nCommands:\n";
    std::size_t name_width = 0;
    for (const CLI::App* sub : subcommands) name_width = std::max(name_width, sub->get_name().size());
    for (const CLI::App* sub : subcommands) {
      out += wrap(sub->get_description(), width, fmt::format("  {:<{}}  ", sub->get_name(), name_width),
                  std::string(name_width + 4, ' '));
    }
    out += "\n" + wrap(fmt::format("`{} COMMAND --help` tells more about one.", path), width);
  }
  return out;
}

std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& where,
                                 const std::vector<std::string>& args) {
  const std::string message = error.what();
  const std::string path = command_path(where);
  const std::string help_hint = fmt::format(" `{} --help` shows how to use it.", path);
  std::smatch match;
  if (message.rfind("The following argument", 0) == 0) {
    // "The following argument was not expected: revew" ("arguments were", several words, in
    // reverse order): name the first word typed.
    const auto colon = message.find(": ");
    const std::string words = colon == std::string::npos ? message : message.substr(colon + 2);
    return unexpected_word(words.substr(words.rfind(' ') + 1), where);
  }
  // A command that needs a subcommand, given a word that is not one ("unknot log pian 3").
  const bool needs_subcommand =
      message.rfind("Requires at least", 0) == 0 || message.rfind("A subcommand is required", 0) == 0;
  if (needs_subcommand) {
    // CLI11 does not keep the stray word: it is the first word after the command's name.
    auto name = std::find(args.begin(), args.end(), where.get_name());
    if (where.get_parent() && name != args.end()) {
      auto stray = std::find_if(name + 1, args.end(), [](const std::string& word) { return word.rfind('-', 0) != 0; });
      if (stray != args.end()) return unexpected_word(*stray, where);
    }
  }
  static const std::regex conversion(R"(Could not convert: (\S+) = (.*))");
  if (std::regex_match(message, match, conversion)) {
    return fmt::format("{}: {} should be a number, not '{}'.", path, option_or_argument(match[1], where),
                       match[2].str()) + help_hint;
  }
  static const std::regex at_most(R"((\S+): At Most (\d+) required but received (\d+))");
  if (std::regex_match(message, match, at_most)) {
    return fmt::format("{} was given {} times; give it once.", match[1].str(), match[3].str());
  }
  static const std::regex expected(R"(Expected (?:exactly|at least) \d+ arguments? to (\S+), got \d+)");
  if (std::regex_match(message, match, expected)) {
    return fmt::format("{} needs a value.", option_or_argument(match[1], where)) + help_hint;
  }
  static const std::regex required(R"((\S+) is required)");
  if (std::regex_match(message, match, required)) {
    return fmt::format("{} needs {}.", path, option_or_argument(match[1], where)) + help_hint;
  }
  if (needs_subcommand) {
    std::string names;
    for (const std::string& name : subcommand_names(where)) names += (names.empty() ? "" : ", ") + name;
    return fmt::format("{} needs a command: {}. `{} --help` tells more.", path, names, path);
  }
  // Anything else: CLI11's words, as a sentence.
  std::string sentence = message;
  if (!sentence.empty() && sentence.back() != '.') sentence += '.';
  return sentence + help_hint;
}

std::string error_line(const std::string& message) {
  return message.rfind("unknot ", 0) == 0 ? message : "unknot: " + message;
}

std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // Near enough to be a typo: a third of the letters wrong at most (and at least one allowed).
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  if (!best || best_distance > allowed) return std::nullopt;
  return best;
}

}  // namespace unknot::cli
