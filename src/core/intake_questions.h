// The intake's multiple-choice answers as data: each option's wording for people and where
// it goes in the intake document (intake.schema.json). The terminal wizard (cli/start_wizard)
// and the web form (web/) both ask from these lists, so the red-flag questions read the same
// everywhere and there is one place to change them. Pure data, red-flag lists first.
#pragma once

#include <string>
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
// Follow-ups, asked only when they matter (see follow_up_questions()).
const std::vector<IntakeOption>& clot_risk_options();        // with pain on breathing in
const std::vector<IntakeOption>& pregnancy_stage_options();  // when pregnant
const std::vector<IntakeOption>& pregnancy_sign_options();   // 20 weeks pregnant or more
// How the check-in (terminal and web) asks pregnancy_sign_options() again.
inline constexpr const char* kPregnancySignsCheckinQuestion =
    "You are 20 weeks pregnant or more. Any of these since your last check-in?";
const std::vector<IntakeOption>& self_care_change_options();
const std::vector<IntakeOption>& equipment_options();
const std::vector<IntakeOption>& constraint_options();
const std::vector<IntakeOption>& caution_options();
const std::vector<IntakeOption>& trigger_options();

// A question asked only after a given answer: blood-clot risk only with pain on breathing
// in ([R13]), the pregnancy stage only when pregnant, the signs of pre-eclampsia only from
// 20 weeks. In the order they are asked; a later one may depend on an earlier one.
struct FollowUpQuestion {
  const char* question;
  const std::vector<IntakeOption>& (*options)();
  IntakeOption asked_when;  // asked only when the intake holds this answer
};
const std::vector<FollowUpQuestion>& follow_up_questions();

// Every option list above, for turning a form answer back into its option.
std::vector<const std::vector<IntakeOption>*> all_option_lists();

// What people read for an intake symptom name: its question label, or the name spaced out
// when no question asks it (older names).
std::string symptom_label(const std::string& symptom);

// The short re-check before every guided session (session_check_symptoms() in
// core/session_script.h), worded as in the lists above.
std::vector<IntakeOption> session_check_options();

}  // namespace unknot
