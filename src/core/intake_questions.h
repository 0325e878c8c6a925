// The intake's multiple-choice answers as data: each option's wording for people and where
// it goes in the intake document (intake.schema.json). The terminal wizard (cli/start_wizard)
// and the web form (web/) both ask from these lists, so the red-flag questions read the same
// everywhere and there is one place to change them. Pure data, red-flag lists first.
#pragma once

#include <vector>

namespace unknot {

struct IntakeOption {
  const char* label;    // what people read
  const char* pointer;  // JSON pointer in the intake: "/symptoms", "/pain/tearing_or_ripping"
  const char* value;    // the list entry or enum value; nullptr for a yes/no answer (true)
};

// How an option's answer is written into the intake document.
enum class AnswerShape {
  kFlag,      // pointer = true
  kChoice,    // pointer = value (one of an enum)
  kListItem,  // value appended to the array at pointer
};

AnswerShape answer_shape(const IntakeOption& option);

// Signs that may need emergency help: asked first, on their own.
const std::vector<IntakeOption>& emergency_sign_options();
// Signs that need a doctor soon.
const std::vector<IntakeOption>& urgent_sign_options();
const std::vector<IntakeOption>& onset_options();
const std::vector<IntakeOption>& started_after_options();  // without major_accident (an emergency sign)
const std::vector<IntakeOption>& area_options();
const std::vector<IntakeOption>& pain_feature_options();
const std::vector<IntakeOption>& history_options();
const std::vector<IntakeOption>& self_care_change_options();
const std::vector<IntakeOption>& equipment_options();
const std::vector<IntakeOption>& constraint_options();
const std::vector<IntakeOption>& caution_options();
const std::vector<IntakeOption>& trigger_options();

// The short re-check before every guided session (session_check_symptoms() in
// core/session_script.h), worded as in the lists above.
std::vector<IntakeOption> session_check_options();

}  // namespace unknot
