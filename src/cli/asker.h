// Questions at a prompt, one at a time: a line, a number in a range, a checklist or one
// choice from a numbered list. Re-asks with a clear message on a bad answer; throws
// OutOfAnswers when input ends. Shared by `unknot start`, `checkin` and `session`.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/terminal.h"
#include "core/intake_questions.h"

namespace unknot::cli {

struct OutOfAnswers {};

class Asker {
 public:
  Asker(std::istream& in, std::ostream& out, const TerminalStyle& style) : in_(in), out_(out), style_(style) {}

  // Writes each answer after its prompt, for answers piped in rather than typed (a
  // terminal echoes typed answers itself), so the transcript reads as question and answer.
  void echo_answers(bool echo) { echo_ = echo; }

  std::string line() {
    std::string answer;
    if (!std::getline(in_, answer)) throw OutOfAnswers{};
    if (echo_) out_ << answer << "\n";
    auto start = answer.find_first_not_of(" \t\r");
    auto end = answer.find_last_not_of(" \t\r");
    return start == std::string::npos ? "" : answer.substr(start, end - start + 1);
  }

  void say(const std::string& text) { out_ << wrap(text, style_.width); }

  void question(const std::string& text) {
    out_ << "\n" << style_.bold(wrap(text, style_.width));
  }

  // A number in [minimum, maximum]; empty answer gives `fallback` when there is one.
  std::optional<double> number(const std::string& text, double minimum, double maximum, bool whole,
                               std::optional<double> fallback, bool optional) {
    question(text);
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      if (answer.empty()) {
        if (fallback) return fallback;
        if (optional) return std::nullopt;
      }
      std::istringstream parse(answer);
      double value = 0;
      std::string rest;
      if (parse >> value && !(parse >> rest) && value >= minimum && value <= maximum &&
          (!whole || value == std::floor(value))) {
        return value;
      }
      out_ << wrap(fmt::format("Please type {} from {} to {}{}.", whole ? "a whole number" : "a number",
                               minimum, maximum, optional || fallback ? ", or press Enter to skip" : ""),
                   style_.width);
    }
  }

  // Several options by number; empty answer is none.
  // `enter_means` says what an empty answer means ("none" unless the caller has a default).
  std::vector<const IntakeOption*> checklist(const std::string& text, const std::vector<IntakeOption>& options,
                                             const std::string& enter_means = "none") {
    question(text);
    for (std::size_t index = 0; index < options.size(); ++index) {
      out_ << fmt::format("  {:>2}. {}\n", index + 1, options[index].label);
    }
    // One option is a yes-or-no question: "type 1" reads better than "numbers from 1 to 1".
    const std::string how = options.size() == 1 ? std::string("Type 1 if it applies")
                                                : "Type the numbers that apply, separated by spaces";
    out_ << style_.dim(how + ", or press Enter for " + enter_means + ".") << "\n";
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      for (char& c : answer) {
        if (c == ',') c = ' ';
      }
      std::istringstream parse(answer);
      std::vector<const IntakeOption*> chosen;
      std::string token;
      bool valid = true;
      while (parse >> token) {
        char* end = nullptr;
        long number = std::strtol(token.c_str(), &end, 10);
        if (*end != '\0' || number < 1 || number > static_cast<long>(options.size())) {
          valid = false;
          break;
        }
        const IntakeOption* option = &options[static_cast<std::size_t>(number - 1)];
        if (std::find(chosen.begin(), chosen.end(), option) == chosen.end()) chosen.push_back(option);
      }
      if (valid) return chosen;
      const std::string range =
          options.size() == 1 ? std::string("Please type 1") : fmt::format("Please type numbers from 1 to {}", options.size());
      out_ << wrap(range + ", or press Enter for " + enter_means + ".", style_.width);
    }
  }

  // Exactly one option by number; empty answer gives nullptr when `optional`.
  const IntakeOption* choose(const std::string& text, const std::vector<IntakeOption>& options, bool optional) {
    question(text);
    for (std::size_t index = 0; index < options.size(); ++index) {
      out_ << fmt::format("  {:>2}. {}\n", index + 1, options[index].label);
    }
    while (true) {
      out_ << "> " << std::flush;
      std::string answer = line();
      if (answer.empty() && optional) return nullptr;
      char* end = nullptr;
      long number = std::strtol(answer.c_str(), &end, 10);
      if (!answer.empty() && *end == '\0' && number >= 1 && number <= static_cast<long>(options.size())) {
        return &options[static_cast<std::size_t>(number - 1)];
      }
      out_ << wrap(fmt::format("Please type one number from 1 to {}{}.", options.size(),
                               optional ? ", or press Enter to skip" : ""),
                   style_.width);
    }
  }

 private:
  std::istream& in_;
  std::ostream& out_;
  const TerminalStyle& style_;
  bool echo_ = false;
};

}  // namespace unknot::cli
