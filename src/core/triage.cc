#include "core/triage.h"

#include <algorithm>
#include <array>

namespace unknot {
namespace {

using Predicate = bool (*)(const Intake&);

struct Rule {
  RuleInfo info;
  Predicate fires;
};

bool any_symptom(const Intake& intake, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(),
                     [&](const char* name) { return intake.has_symptom(name); });
}

bool any_history(const Intake& intake, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(),
                     [&](const char* name) { return intake.has_history(name); });
}

bool started_after_minor_injury(const Intake& intake) {
  return intake.pain.started_after == "minor_strain" ||
         intake.pain.started_after == "minor_fall_or_bump";
}

bool sudden_onset(const Intake& intake) { return intake.pain.onset == "sudden"; }

// Sudden onset with no strain, fall or accident to explain it ([R8]: visceral causes).
bool sudden_unexplained(const Intake& intake) {
  return sudden_onset(intake) &&
         (!intake.pain.started_after || intake.pain.started_after == "nothing");
}

// Pain at its worst: now, or the worst of the last week (aortic and bleeding pain is
// typically worst at onset and may have eased since, [R12]).
int worst_pain(const Intake& intake) {
  return std::max(intake.pain.now, intake.pain.worst_last_week.value_or(0));
}

// The context that gives "pain spreading to the arm or jaw" its cardiac meaning ([R14]):
// pain brought on by effort, or known heart disease. Chest pain, breathlessness, sweat or
// nausea fire the cardiac rule on their own.
bool cardiac_context(const Intake& intake) {
  return intake.has_symptom("pain_on_exertion") || intake.has_history("heart_disease");
}

// The warning signs of a heart attack that count on their own with upper-back pain ([R14]).
bool cardiac_symptom(const Intake& intake) {
  return any_symptom(intake, {"chest_pain_or_pressure", "shortness_of_breath",
                              "cold_sweat_or_nausea", "lightheaded_or_fainting"});
}

// Stroke-like or brainstem signs that make neck pain or a new headache an emergency
// (clinical.md §1.2 last row, [R4][R19][R20]). Double vision and stroke signs fire on their
// own in stroke_or_brainstem_signs. The older answer "dizziness_or_drop_attacks" may mean a
// drop attack, so it counts too; plain dizzy spells count only with both neck pain and a
// new headache, the usual first picture of a torn neck artery [R20].
bool brainstem_sign(const Intake& intake) {
  return any_symptom(intake, {"drop_attacks_or_blackouts", "dizziness_or_drop_attacks",
                              "difficulty_swallowing"});
}

bool new_headache(const Intake& intake) {
  return any_symptom(intake, {"new_severe_headache", "sudden_worst_headache"});
}

bool neck_pain_with_brainstem_picture(const Intake& intake) {
  const bool neck = intake.has_area("neck");
  return ((neck || new_headache(intake)) && brainstem_sign(intake)) ||
         (neck && new_headache(intake) && intake.has_symptom("dizzy_spells"));
}

// What makes pain on breathing in likely to be a clot ([R13]): recent surgery, immobility
// or a long journey, pregnancy or a recent birth, hormone treatment, a past clot, cancer.
bool clot_risk(const Intake& intake) {
  return any_history(intake, {"previous_blood_clot", "hormone_treatment",
                              "recent_long_journey_or_immobility", "surgery_last_3_months",
                              "upper_body_surgery_last_3_months", "recently_gave_birth",
                              "pregnant", "pregnant_20_weeks_or_more", "cancer"});
}

// Pain counts as "new" for the age rule when it began within the last 12 weeks (the
// acute and subacute bands, [R5b]).
constexpr double kNewPainWeeks = 12;
// Pain of 8 or more out of 10 is "severe" for the see-a-professional rule ([R9] "severe").
constexpr int kSeverePain = 8;
// Sudden unexplained pain this strong in someone on blood thinners may be a bleed into the
// spine or behind the belly: an emergency (judgement call, docs/safety-rules.md).
constexpr int kSevereSuddenPainOnThinners = 7;
// Self-care tried for 3 or more weeks without getting better: the week-3-4 rule ([R1], §1.4).
constexpr double kSelfCareWeeks = 3;
// Pain lasting more than 12 weeks is chronic ([R5b], [R17]); physiotherapy review advised ([R6]).
constexpr double kChronicWeeks = 12;

// The rules, most severe tier first. Each names its reference tags (clinical.md).
constexpr std::array kRules = {
    // --- Tier A: call the emergency number now (clinical.md §1.2).
    Rule{{"cardiac_warning_signs", Tier::kEmergency, "R14"},
         [](const Intake& i) {
           return cardiac_symptom(i) ||
                  (i.has_symptom("pain_spreads_to_arm_or_jaw") && cardiac_context(i));
         }},
    Rule{{"heart_disease_sudden_pain", Tier::kEmergency, "R14"},
         // Known heart disease and new, sudden back pain with no cause: a heart attack may
         // show as back pain without chest pain (clinical.md §1.2 second row).
         [](const Intake& i) { return i.has_history("heart_disease") && sudden_unexplained(i); }},
    Rule{{"chest_pain_with_back_pain", Tier::kEmergency, "R9 R14"},
         [](const Intake& i) { return i.has_area("chest") || i.has_area("jaw"); }},
    Rule{{"aortic_dissection_signs", Tier::kEmergency, "R11 R12"},
         [](const Intake& i) { return i.pain.tearing_or_ripping; }},
    Rule{{"aortic_risk_sudden_pain", Tier::kEmergency, "R12"},
         // A higher-risk condition plus abrupt onset, whatever its strength or cause: high
         // probability on the aortic dissection risk score ([R12]).
         [](const Intake& i) {
           return i.has_history("aortic_disease_or_connective_tissue_disorder") && sudden_onset(i);
         }},
    Rule{{"pulmonary_embolism_signs", Tier::kEmergency, "R13"},
         [](const Intake& i) {
           return i.pain.worse_breathing_in &&
                  any_symptom(i, {"shortness_of_breath", "calf_pain_or_swelling",
                                  "lightheaded_or_fainting"});
         }},
    Rule{{"coughing_blood", Tier::kEmergency, "R13"},
         [](const Intake& i) { return i.has_symptom("coughing_blood"); }},
    Rule{{"major_trauma", Tier::kEmergency, "R9 R21"},
         [](const Intake& i) { return i.pain.started_after == "major_accident"; }},
    Rule{{"spinal_cord_compression_signs", Tier::kEmergency, "R9 R21"},
         [](const Intake& i) {
           return any_symptom(i, {"both_legs_numb_weak_or_tingling", "bladder_or_bowel_change",
                                  "saddle_numbness"});
         }},
    Rule{{"stroke_or_brainstem_signs", Tier::kEmergency, "R4 R19 R20"},
         [](const Intake& i) { return any_symptom(i, {"stroke_signs", "double_vision"}); }},
    Rule{{"neck_pain_with_brainstem_signs", Tier::kEmergency, "R4 R19 R20"},
         [](const Intake& i) { return neck_pain_with_brainstem_picture(i); }},
    Rule{{"sudden_worst_headache", Tier::kEmergency, "R20 R4"},
         [](const Intake& i) { return i.has_symptom("sudden_worst_headache"); }},
    Rule{{"sudden_severe_pain_on_blood_thinners", Tier::kEmergency, "R8 D28e"},
         [](const Intake& i) {
           return i.has_history("blood_thinners") && sudden_unexplained(i) &&
                  worst_pain(i) >= kSevereSuddenPainOnThinners;
         }},
    Rule{{"bleeding_signs", Tier::kEmergency, "D28c D28e"},
         [](const Intake& i) { return i.has_symptom("black_stools_or_vomiting_blood"); }},

    // --- Tier B: see a doctor today or within 24-48 hours (clinical.md §1.3).
    Rule{{"fever", Tier::kUrgent, "R9 R23 R8"},
         [](const Intake& i) { return i.has_symptom("fever"); }},
    Rule{{"unexplained_weight_loss", Tier::kUrgent, "R9 R6"},
         [](const Intake& i) { return i.has_symptom("unexplained_weight_loss"); }},
    Rule{{"lump_or_shape_change", Tier::kUrgent, "R9"},
         [](const Intake& i) { return i.has_symptom("lump_or_back_shape_change"); }},
    Rule{{"constant_unrelieved_pain", Tier::kUrgent, "R9 R1 R8"},
         [](const Intake& i) { return i.pain.constant_unrelieved_by_rest_or_position; }},
    Rule{{"cancer_history", Tier::kUrgent, "R15 R16"},
         [](const Intake& i) { return i.has_history("cancer"); }},
    Rule{{"fracture_risk_after_minor_injury", Tier::kUrgent, "R1 R8 R16 R21 R22"},
         [](const Intake& i) {
           // Fragile bone breaks with a strain or a bump; over 50, a fall or bump counts.
           bool fragile_bone = any_history(i, {"osteoporosis", "previous_vertebral_fracture",
                                               "long_term_steroids"});
           return (fragile_bone && started_after_minor_injury(i)) ||
                  (i.age > 50 && i.pain.started_after == "minor_fall_or_bump");
         }},
    Rule{{"arm_weakness_or_clumsiness", Tier::kUrgent, "R10 R18 R19 R6"},
         [](const Intake& i) { return i.has_symptom("arm_or_hand_weakness_or_clumsiness"); }},
    Rule{{"unsteady_walking", Tier::kUrgent, "R21 R19"},
         [](const Intake& i) { return i.has_symptom("unsteady_walking"); }},
    Rule{{"lhermitte_sign", Tier::kUrgent, "R19"},
         [](const Intake& i) { return i.has_symptom("electric_shock_on_neck_bend"); }},
    Rule{{"dizziness_or_drop_attacks", Tier::kUrgent, "R19 R4"},
         [](const Intake& i) {
           return any_symptom(i, {"dizziness_or_drop_attacks", "drop_attacks_or_blackouts",
                                  "dizzy_spells"});
         }},
    Rule{{"band_like_trunk_pain", Tier::kUrgent, "R21"},
         [](const Intake& i) { return i.has_symptom("band_like_trunk_pain"); }},
    Rule{{"difficulty_swallowing", Tier::kUrgent, "R1 R8"},
         [](const Intake& i) { return i.has_symptom("difficulty_swallowing"); }},
    Rule{{"new_severe_headache", Tier::kUrgent, "R20 R4"},
         [](const Intake& i) { return i.has_symptom("new_severe_headache"); }},
    Rule{{"calf_pain_or_swelling", Tier::kUrgent, "R13"},
         [](const Intake& i) { return i.has_symptom("calf_pain_or_swelling"); }},
    Rule{{"sudden_unexplained_onset", Tier::kUrgent, "R8"},
         [](const Intake& i) { return sudden_unexplained(i); }},
    Rule{{"sudden_pain_on_blood_thinners", Tier::kUrgent, "R8 D28e"},
         // Even after a strain or a bump: on blood thinners a small injury can bleed.
         [](const Intake& i) { return i.has_history("blood_thinners") && sudden_onset(i); }},
    Rule{{"breathing_pain_with_clot_risk", Tier::kUrgent, "R13"},
         [](const Intake& i) { return i.pain.worse_breathing_in && clot_risk(i); }},
    Rule{{"exertion_pain_with_heart_disease", Tier::kUrgent, "R14"},
         [](const Intake& i) {
           return i.has_symptom("pain_on_exertion") && i.has_history("heart_disease");
         }},
    Rule{{"pregnancy_warning_signs", Tier::kUrgent, "NG133"},
         // After 20 weeks: signs of pre-eclampsia need a same-day check. Outside the
         // reference's sources; see docs/safety-rules.md.
         [](const Intake& i) {
           return i.has_history("pregnant_20_weeks_or_more") &&
                  any_symptom(i, {"new_severe_headache", "vision_changes",
                                  "sudden_swelling_face_or_hands", "pain_under_ribs"});
         }},

    // --- Weak warning signs: alone, a professional check; together, urgent [R17][R3].
    Rule{{"worse_at_night", Tier::kWarningSign, "R9 R6 R8"},
         [](const Intake& i) { return i.pain.worse_at_night; }},
    Rule{{"worse_cough_sneeze", Tier::kWarningSign, "R9"},
         [](const Intake& i) { return i.pain.worse_cough_sneeze; }},
    Rule{{"worse_breathing_in", Tier::kWarningSign, "R13 R1"},
         [](const Intake& i) { return i.pain.worse_breathing_in; }},
    Rule{{"age_outside_usual_range", Tier::kWarningSign, "R1 R16 R8"},
         [](const Intake& i) {
           return (i.age < 20 || i.age > 50) && i.pain.weeks_since_onset <= kNewPainWeeks;
         }},
    Rule{{"bone_fragility_history", Tier::kWarningSign, "R1 R8 R22"},
         [](const Intake& i) {
           return any_history(i, {"osteoporosis", "previous_vertebral_fracture",
                                  "long_term_steroids"});
         }},
    Rule{{"infection_risk_history", Tier::kWarningSign, "R8 R16 R1"},
         [](const Intake& i) {
           return any_history(i, {"immunosuppressed", "iv_drug_use",
                                  "recent_infection_or_invasive_procedure",
                                  "upper_body_surgery_last_3_months"});
         }},
    Rule{{"inflammatory_features", Tier::kWarningSign, "R1 R7 R19"},
         [](const Intake& i) {
           return i.has_symptom("morning_stiffness_over_30_min") ||
                  i.has_history("inflammatory_arthritis");
         }},
    Rule{{"feeling_generally_unwell", Tier::kWarningSign, "R6 R8"},
         [](const Intake& i) { return i.has_symptom("feeling_generally_unwell"); }},
    Rule{{"pain_on_exertion", Tier::kWarningSign, "R14"},
         [](const Intake& i) { return i.has_symptom("pain_on_exertion"); }},

    // --- Tier C: see a GP or physiotherapist; gentle self-care may go on (§1.4, seeds).
    Rule{{"severe_pain", Tier::kSeeProfessional, "R9"},
         [](const Intake& i) { return i.pain.now >= kSeverePain; }},
    Rule{{"arm_numbness_or_tingling", Tier::kSeeProfessional, "R10 R6"},
         [](const Intake& i) { return i.has_symptom("arm_or_hand_numbness_or_tingling"); }},
    Rule{{"pain_in_arm_or_hand", Tier::kSeeProfessional, "R6 R10"},
         [](const Intake& i) { return i.has_area("arm") || i.has_area("hand"); }},
    Rule{{"not_improving_with_self_care", Tier::kSeeProfessional, "R1 R9 R10"},
         [](const Intake& i) {
           return i.self_care.weeks_tried && *i.self_care.weeks_tried >= kSelfCareWeeks &&
                  i.self_care.change == "same";
         }},
    Rule{{"getting_worse", Tier::kSeeProfessional, "R9"},
         [](const Intake& i) { return i.self_care.change == "worse"; }},
    Rule{{"long_lasting_pain", Tier::kSeeProfessional, "R6 R17 R5b"},
         [](const Intake& i) { return i.pain.weeks_since_onset > kChronicWeeks; }},
    Rule{{"pain_in_legs", Tier::kSeeProfessional, "R9 R21"},
         [](const Intake& i) { return i.has_area("legs"); }},
    Rule{{"pain_spreading_to_arm_or_jaw", Tier::kSeeProfessional, "R6 R10"},
         // On its own (no chest symptoms, effort or heart disease) spreading pain is most
         // often from muscle or a nerve in the neck; cardiac_warning_signs covers the rest.
         [](const Intake& i) {
           return i.has_symptom("pain_spreads_to_arm_or_jaw") && !cardiac_context(i) &&
                  !cardiac_symptom(i);
         }},
};

// The combination rule has no predicate of its own: it fires on two or more warning signs.
constexpr RuleInfo kSeveralWarningSigns = {"several_warning_signs_together", Tier::kUrgent,
                                           "R17 R3"};

std::array<RuleInfo, kRules.size() + 1> make_rule_infos() {
  std::array<RuleInfo, kRules.size() + 1> infos{};
  for (std::size_t index = 0; index < kRules.size(); ++index) infos[index] = kRules[index].info;
  infos[kRules.size()] = kSeveralWarningSigns;
  return infos;
}

const std::array<RuleInfo, kRules.size() + 1> kRuleInfos = make_rule_infos();

Level level_of(Tier tier) {
  switch (tier) {
    case Tier::kEmergency: return Level::kEmergency;
    case Tier::kUrgent: return Level::kUrgent;
    case Tier::kWarningSign:
    case Tier::kSeeProfessional: return Level::kSeeProfessional;
  }
  return Level::kSelfCare;
}

}  // namespace

std::string_view to_string(Level level) {
  switch (level) {
    case Level::kEmergency: return "emergency";
    case Level::kUrgent: return "urgent";
    case Level::kSeeProfessional: return "see_professional";
    case Level::kSelfCare: return "self_care";
  }
  return "self_care";
}

std::span<const RuleInfo> triage_rules() { return kRuleInfos; }

std::vector<std::string> fired_rule_codes(const Intake& intake) {
  std::vector<std::string> codes;
  int warning_signs = 0;
  for (const Rule& rule : kRules) {
    if (!rule.fires(intake)) continue;
    codes.emplace_back(rule.info.code);
    if (rule.info.tier == Tier::kWarningSign) ++warning_signs;
  }
  if (warning_signs >= 2) codes.emplace_back(kSeveralWarningSigns.code);
  return codes;
}

Triage triage(const Intake& intake, const SafetyText& text) {
  Triage result;
  for (const std::string& code : fired_rule_codes(intake)) {
    auto info = std::find_if(kRuleInfos.begin(), kRuleInfos.end(),
                             [&](const RuleInfo& rule) { return rule.code == code; });
    result.level = std::max(result.level, level_of(info->tier));
    auto says = text.rule_says.find(code);
    result.reasons.push_back({code, says == text.rule_says.end() ? code : says->second});
  }
  result.program_allowed = result.level <= Level::kSeeProfessional;
  auto level_text = text.levels.find(std::string(to_string(result.level)));
  if (level_text != text.levels.end()) result.advice = level_text->second.advice;
  return result;
}

}  // namespace unknot
