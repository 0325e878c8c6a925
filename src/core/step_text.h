// A technique's steps with their numbers taken from the dose actually prescribed. Pure.
//
// The dose owns the numbers a person acts on (minutes, holds, reps, sets, rests). Steps in
// content/ never restate them: they hold placeholders ({duration}, {reps}, {sets_of_reps},
// ...; docs/content-format.md) that render_steps() fills from the dose the plan gave, after
// its halving, progress or regress. The terminal coach, the browser player's script, the
// technique cards and the plan all render through render_steps(), so the text beside a
// timer can never disagree with it.
//
// stated_dose_numbers() finds the numbers a text states for a dose field ("15 minutes",
// "Do 30", "2 sets"): the content loader refuses a step template that states one the dose
// owns, and the tests check that every one a rendered step states equals the dose.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"

namespace unknot {

enum class DoseField { kDuration, kSets, kReps, kHold, kHolds, kRest };

// "duration", "sets", ... for messages.
const char* to_string(DoseField field);

// The value the dose gives the field (seconds for times), or nullopt when it does not own it.
// A dose with reps and no sets owns one set.
std::optional<int> dose_value(const Dose& dose, DoseField field);

// A number a text states for a dose field.
struct StatedNumber {
  DoseField field;
  int value = 0;      // seconds for times
  std::string text;   // the words that state it, as written ("15 minutes", "Do 30")
};

// Every number `text` states for a dose field, in the order found. Numbers for other things
// (centimetres, tempo "over 2 to 3 seconds", "5 out of 10", breaths) are not dose numbers.
std::vector<StatedNumber> stated_dose_numbers(const std::string& text);

// "15 minutes", "1 minute", "90 seconds", "1 second".
std::string time_words(int seconds);

// The placeholders a step may use, each with the dose field it needs.
struct StepPlaceholder {
  const char* name;   // used as {name}
  DoseField needs;
  const char* renders;  // for the documentation and messages
};
const std::vector<StepPlaceholder>& step_placeholders();

// What is wrong with `step` as a template for `dose`: an unknown placeholder, a placeholder
// whose field the dose lacks, or a literal number for a field the dose owns. nullopt: fine.
std::optional<std::string> step_template_problem(const std::string& step, const Dose& dose);

// `step` with each placeholder filled from `dose`.
std::string render_step(const std::string& step, const Dose& dose);
std::vector<std::string> render_steps(const std::vector<std::string>& steps, const Dose& dose);

}  // namespace unknot
