#include "core/dose_words.h"

#include <vector>

namespace unknot {
namespace {

std::string seconds_text(int seconds) {
  if (seconds >= 60 && seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
  if (seconds > 60) return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
  return std::to_string(seconds) + " s";
}

}  // namespace

std::string describe_dose(const Dose& dose) {
  std::vector<std::string> parts;
  if (dose.duration_s) parts.push_back(seconds_text(*dose.duration_s));
  if (dose.reps) {
    const int sets = dose.sets.value_or(1);
    std::string text = sets == 1 ? std::to_string(*dose.reps) + " reps"
                                 : std::to_string(sets) + " sets of " + std::to_string(*dose.reps) + " reps";
    if (dose.hold_s) text += ", holding each " + seconds_text(*dose.hold_s);
    parts.push_back(text);
  } else if (dose.holds || dose.hold_s) {
    const int holds = dose.holds.value_or(1);
    const std::string hold = seconds_text(dose.hold_s.value_or(0));
    std::string text = holds == 1 ? "hold " + hold : std::to_string(holds) + " holds of " + hold;
    if (dose.sets && *dose.sets > 1) text = std::to_string(*dose.sets) + " sets of " + text;
    parts.push_back(text);
  } else if (dose.sets && *dose.sets > 1) {
    parts.push_back(std::to_string(*dose.sets) + " sets");
  }
  if (dose.per_side.value_or(false)) parts.push_back("each side");
  if (dose.rest_s && *dose.rest_s > 0) parts.push_back("rest " + seconds_text(*dose.rest_s) + " between sets");
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out.empty() ? "as described" : out;
}

}  // namespace unknot
