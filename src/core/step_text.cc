#include "core/step_text.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace unknot {
namespace {

// A number as written: digits, or a word a step might spell it with.
constexpr const char* kNumber =
    "(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)";

int number_value(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0]))) return std::stoi(word);
  static const std::pair<const char*, int> kWords[] = {
      {"a", 1},    {"an", 1},      {"one", 1},     {"two", 2},     {"three", 3},   {"four", 4},
      {"five", 5}, {"six", 6},     {"seven", 7},   {"eight", 8},   {"nine", 9},    {"ten", 10},
      {"eleven", 11}, {"twelve", 12}, {"fifteen", 15}, {"twenty", 20}, {"thirty", 30}};
  for (const auto& [name, value] : kWords) {
    if (word == name) return value;
  }
  return 0;
}

int ordinal_value(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
  return word == "second" ? 2 : word == "third" ? 3 : 4;
}

// Seconds in `count` of `unit` ("minute", "mins", "seconds").
int in_seconds(int count, const std::string& unit) {
  return (unit.size() >= 3 && (unit[0] == 'm' || unit[0] == 'M')) ? count * 60 : count;
}

enum class Capture { kCount, kTime, kOrdinal, kSetsOfReps };

// One way a text states a dose number. Rules run in order and each match is blanked out,
// so "2 sets of 12" is read once (sets and reps) and not again as "Do 2".
struct Rule {
  DoseField field;
  Capture capture;
  std::regex pattern;
};

// `text` with each "<N>" standing for a number as written.
std::regex pattern(const std::string& text) {
  std::string expanded;
  std::size_t at = 0;
  for (std::size_t found; (found = text.find("<N>", at)) != std::string::npos; at = found + 3) {
    expanded += text.substr(at, found - at) + kNumber;
  }
  expanded += text.substr(at);
  return std::regex(expanded, std::regex::icase | std::regex::ECMAScript);
}

const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = [] {
    const std::string time_unit = "(seconds?|minutes?|mins?)\\b";
    std::vector<Rule> list;
    list.push_back({DoseField::kSets, Capture::kSetsOfReps, pattern("\\b<N>\\s+sets\\s+of\\s+<N>\\b")});
    list.push_back({DoseField::kRest, Capture::kTime,
                    pattern("\\brest(?:ing)?\\s+(?:for\\s+)?(?:about\\s+)?<N>\\s+" + time_unit)});
    list.push_back({DoseField::kHold, Capture::kTime,
                    pattern("\\b(?:hold|holding|pause|keep still)\\b[^.;]*?\\b<N>\\s+" + time_unit)});
    list.push_back({DoseField::kDuration, Capture::kTime,
                    pattern("\\b(?:roll|keep going|go on|stay|stop after)\\s+(?:for\\s+)?(?:up\\s+to\\s+)?"
                            "(?:another\\s+)?<N>\\s+" + time_unit)});
    list.push_back({DoseField::kDuration, Capture::kTime, pattern("\\b<N>\\s+(minutes?|mins?)\\b")});
    list.push_back({DoseField::kSets, Capture::kCount, pattern("\\b<N>\\s+sets?\\b")});
    list.push_back({DoseField::kSets, Capture::kOrdinal, pattern("\\b(second|third|fourth)\\s+(?:set|round)\\b")});
    list.push_back({DoseField::kHolds, Capture::kCount, pattern("\\b<N>\\s+holds?\\b")});
    list.push_back({DoseField::kReps, Capture::kCount,
                    pattern("\\b<N>\\s+(?:more\\s+)?(?:reps?|repetitions?|times|(?:slow\\s+)?(?:circles|rounds))\\b")});
    list.push_back({DoseField::kReps, Capture::kCount, pattern("\\bround\\s+of\\s+<N>\\b")});
    list.push_back({DoseField::kReps, Capture::kCount, pattern("\\bdo\\s+(?!an?\\b)<N>\\b")});
    list.push_back({DoseField::kReps, Capture::kCount, pattern("\\b<N>\\s+more\\b")});
    list.push_back({DoseField::kReps, Capture::kCount, pattern("\\bwhen\\s+<N>\\s+feel")});
    return list;
  }();
  return kRules;
}

std::string plural(int count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

const char* to_string(DoseField field) {
  switch (field) {
    case DoseField::kDuration: return "duration";
    case DoseField::kSets: return "sets";
    case DoseField::kReps: return "reps";
    case DoseField::kHold: return "hold";
    case DoseField::kHolds: return "holds";
    case DoseField::kRest: return "rest";
  }
  return "?";
}

std::optional<int> dose_value(const Dose& dose, DoseField field) {
  switch (field) {
    case DoseField::kDuration: return dose.duration_s;
    case DoseField::kSets:
      if (dose.sets) return dose.sets;
      return dose.reps ? std::optional<int>(1) : std::nullopt;
    case DoseField::kReps: return dose.reps;
    case DoseField::kHold: return dose.hold_s;
    case DoseField::kHolds:
      if (dose.holds) return dose.holds;
      return dose.hold_s && !dose.reps ? std::optional<int>(1) : std::nullopt;
    case DoseField::kRest: return dose.rest_s;
  }
  return std::nullopt;
}

std::vector<StatedNumber> stated_dose_numbers(const std::string& text) {
  std::vector<StatedNumber> found;
  std::string rest = text;  // matches are blanked out with '#' as they are read
  for (const Rule& rule : rules()) {
    std::smatch match;
    std::string::const_iterator from = rest.cbegin();
    std::string blanked = rest;
    while (std::regex_search(from, rest.cend(), match, rule.pattern)) {
      const std::size_t start = static_cast<std::size_t>(match[0].first - rest.cbegin());
      const std::string words = text.substr(start, static_cast<std::size_t>(match.length(0)));
      switch (rule.capture) {
        case Capture::kCount: found.push_back({rule.field, number_value(match[1]), words}); break;
        case Capture::kTime:
          found.push_back({rule.field, in_seconds(number_value(match[1]), match[2]), words});
          break;
        case Capture::kOrdinal: found.push_back({rule.field, ordinal_value(match[1]), words}); break;
        case Capture::kSetsOfReps:
          found.push_back({DoseField::kSets, number_value(match[1]), words});
          found.push_back({DoseField::kReps, number_value(match[2]), words});
          break;
      }
      std::fill(blanked.begin() + static_cast<std::ptrdiff_t>(start),
                blanked.begin() + static_cast<std::ptrdiff_t>(start + static_cast<std::size_t>(match.length(0))), '#');
      from = match[0].second;
      if (match.length(0) == 0) break;
    }
    rest = std::move(blanked);
  }
  return found;
}

std::string time_words(int seconds) {
  if (seconds >= 60 && seconds % 60 == 0) return plural(seconds / 60, "minute", "minutes");
  return plural(seconds, "second", "seconds");
}

const std::vector<StepPlaceholder>& step_placeholders() {
  static const std::vector<StepPlaceholder> kPlaceholders = {
      {"duration", DoseField::kDuration, "the time, \"15 minutes\""},
      {"hold", DoseField::kHold, "one hold, \"30 seconds\""},
      {"holds", DoseField::kHolds, "how many holds, \"3 holds\""},
      {"reps", DoseField::kReps, "reps in one set, \"12\""},
      {"sets", DoseField::kSets, "how many sets, \"2 sets\""},
      {"sets_of_reps", DoseField::kReps,
       "\"12\" for one set; \"2 sets of 12, resting 1 minute between sets\" for more"},
      {"rest", DoseField::kRest, "the rest between sets, \"1 minute\""},
  };
  return kPlaceholders;
}

namespace {

const StepPlaceholder* find_placeholder(std::string_view name) {
  for (const StepPlaceholder& placeholder : step_placeholders()) {
    if (name == placeholder.name) return &placeholder;
  }
  return nullptr;
}

std::string fill(std::string_view name, const Dose& dose) {
  const int sets = dose_value(dose, DoseField::kSets).value_or(1);
  if (name == "duration") return time_words(dose.duration_s.value_or(0));
  if (name == "hold") return time_words(dose.hold_s.value_or(0));
  if (name == "rest") return time_words(dose.rest_s.value_or(0));
  if (name == "reps") return std::to_string(dose.reps.value_or(0));
  if (name == "holds") return plural(dose_value(dose, DoseField::kHolds).value_or(1), "hold", "holds");
  if (name == "sets") return plural(sets, "set", "sets");
  if (name == "sets_of_reps") {
    const std::string reps = std::to_string(dose.reps.value_or(0));
    if (sets <= 1) return reps;
    std::string text = std::to_string(sets) + " sets of " + reps;
    if (dose.rest_s && *dose.rest_s > 0) text += ", resting " + time_words(*dose.rest_s) + " between sets";
    return text;
  }
  return "{" + std::string(name) + "}";
}

// Calls `on_placeholder(name)` for each {name} and `on_text(text)` for the words between.
template <typename OnText, typename OnPlaceholder>
void walk(const std::string& step, OnText on_text, OnPlaceholder on_placeholder) {
  std::size_t at = 0;
  while (at < step.size()) {
    const std::size_t open = step.find('{', at);
    const std::size_t close = open == std::string::npos ? open : step.find('}', open);
    if (close == std::string::npos) break;
    on_text(std::string_view(step).substr(at, open - at));
    on_placeholder(std::string_view(step).substr(open + 1, close - open - 1));
    at = close + 1;
  }
  if (at < step.size()) on_text(std::string_view(step).substr(at));
}

}  // namespace

std::optional<std::string> step_template_problem(const std::string& step, const Dose& dose) {
  std::optional<std::string> problem;
  std::string words;  // the step without its placeholders
  walk(
      step, [&](std::string_view text) { words += text; },
      [&](std::string_view name) {
        if (problem) return;
        const StepPlaceholder* placeholder = find_placeholder(name);
        if (!placeholder) {
          std::string known;
          for (const StepPlaceholder& entry : step_placeholders()) known += (known.empty() ? "{" : ", {") + std::string(entry.name) + "}";
          problem = "has an unknown placeholder {" + std::string(name) + "} (a step may use " + known + ")";
        } else if (!dose_value(dose, placeholder->needs)) {
          problem = "uses {" + std::string(name) + "}, which needs '" + to_string(placeholder->needs) +
                    "', which the dose does not have";
        }
      });
  if (problem) return problem;
  for (const StatedNumber& number : stated_dose_numbers(words)) {
    if (!dose_value(dose, number.field)) continue;
    const char* placeholder = number.field == DoseField::kDuration ? "{duration}"
                              : number.field == DoseField::kSets   ? "{sets} or {sets_of_reps}"
                              : number.field == DoseField::kReps   ? "{reps} or {sets_of_reps}"
                              : number.field == DoseField::kHold   ? "{hold}"
                              : number.field == DoseField::kHolds  ? "{holds}"
                                                                   : "{rest}";
    return "says '" + number.text + "', but the dose owns the " + to_string(number.field) +
           " (the plan may change it): write " + placeholder;
  }
  return std::nullopt;
}

std::string render_step(const std::string& step, const Dose& dose) {
  std::string out;
  walk(
      step, [&](std::string_view text) { out += text; },
      [&](std::string_view name) { out += fill(name, dose); });
  return out;
}

std::vector<std::string> render_steps(const std::vector<std::string>& steps, const Dose& dose) {
  std::vector<std::string> out;
  out.reserve(steps.size());
  for (const std::string& step : steps) out.push_back(render_step(step, dose));
  return out;
}

}  // namespace unknot
