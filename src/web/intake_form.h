// The web intake as short steps ("Step 2 of 5", each about a screen and a half), and the
// form checks that help: every problem at once, next to its field, in plain words, with every
// answer kept. Step 1 is the emergency signs on their own (pages.h, intake_safety_html); the
// steps after it are data here: which questions, in which order. Pure: values in, HTML out.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/intake_questions.h"
#include "web/http.h"

namespace unknot::web {

// A number the intake asks for: the form field, where it goes in the intake document, the
// question, and what the form accepts.
struct IntakeNumber {
  const char* name;     // form field: "age"
  const char* pointer;  // JSON pointer in the intake: "/age"
  const char* label;    // the question people read
  double minimum;
  double maximum;
  bool whole;
  bool required;
  const char* hint;    // "" for none
  const char* preset;  // the value the field starts with, "" for none
};

const std::vector<IntakeNumber>& intake_numbers();

// A form field for an intake option: its name ("symptoms", "pain/tearing_or_ripping") and
// value ("fever", "true" for a yes/no answer); and the element id for a field or option.
std::string field_name(const IntakeOption& option);
std::string field_value(const IntakeOption& option);
std::string element_id(std::string text);

constexpr int kIntakeSteps = 5;

// What is wrong with an answer: the form field ("age", "pain_now") and what to do, in words.
using FieldErrors = std::vector<std::pair<std::string, std::string>>;

// The problems with step `step`'s answers in `answers` (all answers so far), every one.
FieldErrors check_intake_step(int step, const FormFields& answers);

// Step `step` (2 to kIntakeSteps) of the intake form, answers filled in from `answers`, the
// other steps' answers carried as hidden fields, and `errors` beside their fields with a
// summary on top. `problem` (optional) is a message about the whole form.
std::string intake_step_html(const std::string& csrf, int step, const FormFields& answers,
                             const FieldErrors& errors, const std::string& problem = "");

// A message from the intake parser with field names and JSON pointers ("pain.now",
// "/profile/minutes_per_day") replaced by the questions people read.
std::string in_plain_words(std::string message);

}  // namespace unknot::web
