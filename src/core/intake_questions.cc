#include "core/intake_questions.h"

#include <string>
#include <string_view>

#include "core/session_script.h"
#include "core/vocabulary.h"

namespace unknot {

AnswerShape answer_shape(const IntakeOption& option) {
  if (!option.value) return AnswerShape::kFlag;
  const std::string_view pointer = option.pointer;
  if (pointer == "/pain/started_after" || pointer == "/pain/onset" || pointer == "/self_care/change") {
    return AnswerShape::kChoice;
  }
  return AnswerShape::kListItem;
}

const std::vector<IntakeOption>& emergency_sign_options() {
  static const std::vector<IntakeOption> options = {
      {"Chest pain, pressure, squeezing or tightness", "/symptoms", "chest_pain_or_pressure"},
      {"Short of breath", "/symptoms", "shortness_of_breath"},
      {"A cold sweat, or feeling sick", "/symptoms", "cold_sweat_or_nausea"},
      {"Light-headed, or you have fainted", "/symptoms", "lightheaded_or_fainting"},
      // Asked beside the heart-attack signs: spreading pain counts as cardiac only with
      // effort, chest symptoms, sweat, sickness, breathlessness or heart disease (triage.cc).
      {"Pain spreading into your arm or jaw", "/symptoms", "pain_spreads_to_arm_or_jaw"},
      {"Pain that comes on with effort (stairs, walking fast) and eases when you rest", "/symptoms",
       "pain_on_exertion"},
      {"Sudden, severe pain that feels like tearing or ripping", "/pain/tearing_or_ripping", nullptr},
      {"Coughing up blood", "/symptoms", "coughing_blood"},
      {"Numbness, tingling or weakness in both legs", "/symptoms", "both_legs_numb_weak_or_tingling"},
      {"A change in controlling your bladder or bowels", "/symptoms", "bladder_or_bowel_change"},
      {"Numbness around your genitals or buttocks", "/symptoms", "saddle_numbness"},
      {"Face drooping, slurred speech, or one arm weak", "/symptoms", "stroke_signs"},
      {"Double vision", "/symptoms", "double_vision"},
      {"A sudden headache, the worst you have ever had", "/symptoms", "sudden_worst_headache"},
      {"Black, tarry stools, or vomiting blood", "/symptoms", "black_stools_or_vomiting_blood"},
      {"The pain began after a serious accident (car crash, fall from a height)", "/pain/started_after",
       "major_accident"},
  };
  return options;
}

const std::vector<IntakeOption>& urgent_sign_options() {
  static const std::vector<IntakeOption> options = {
      {"A fever (feeling hot and shivery, 38 °C / 100.4 °F or more)", "/symptoms", "fever"},
      {"Losing weight without trying", "/symptoms", "unexplained_weight_loss"},
      {"A lump on your back, or your back has changed shape", "/symptoms", "lump_or_back_shape_change"},
      {"Feeling generally unwell", "/symptoms", "feeling_generally_unwell"},
      {"Weakness or clumsiness in an arm or hand", "/symptoms", "arm_or_hand_weakness_or_clumsiness"},
      {"Numbness, pins and needles or tingling in an arm or hand", "/symptoms",
       "arm_or_hand_numbness_or_tingling"},
      {"Unsteady when you walk", "/symptoms", "unsteady_walking"},
      {"An electric-shock feeling down your back when you bend your neck", "/symptoms",
       "electric_shock_on_neck_bend"},
      {"Falling down without warning, or blacking out", "/symptoms", "drop_attacks_or_blackouts"},
      {"New dizzy spells (the room spins, or you feel off balance)", "/symptoms", "dizzy_spells"},
      {"A new, severe headache", "/symptoms", "new_severe_headache"},
      {"Pain like a tight band around your chest or belly", "/symptoms", "band_like_trunk_pain"},
      {"Trouble swallowing", "/symptoms", "difficulty_swallowing"},
      {"A painful or swollen calf", "/symptoms", "calf_pain_or_swelling"},
      {"Stiffness in the morning that lasts more than 30 minutes", "/symptoms",
       "morning_stiffness_over_30_min"},
  };
  return options;
}

const std::vector<IntakeOption>& area_options() {
  static const std::vector<IntakeOption> options = {
      {"Between the shoulder blades", "/pain/areas", "between_shoulder_blades"},
      {"Upper back", "/pain/areas", "upper_back"},
      {"Neck", "/pain/areas", "neck"},
      {"Shoulder", "/pain/areas", "shoulder"},
      {"Arm", "/pain/areas", "arm"},
      {"Hand", "/pain/areas", "hand"},
      {"Chest", "/pain/areas", "chest"},
      {"Jaw", "/pain/areas", "jaw"},
      {"Lower back", "/pain/areas", "lower_back"},
      {"Legs", "/pain/areas", "legs"},
  };
  return options;
}

const std::vector<IntakeOption>& pain_feature_options() {
  static const std::vector<IntakeOption> options = {
      {"Worse when you breathe in", "/pain/worse_breathing_in", nullptr},
      {"Worse when you cough or sneeze", "/pain/worse_cough_sneeze", nullptr},
      {"Constant, and no position or rest eases it", "/pain/constant_unrelieved_by_rest_or_position",
       nullptr},
      {"Worse at night", "/pain/worse_at_night", nullptr},
  };
  return options;
}

const std::vector<IntakeOption>& history_options() {
  static const std::vector<IntakeOption> options = {
      {"Cancer, now or in the past", "/history", "cancer"},
      {"Osteoporosis (thin bones)", "/history", "osteoporosis"},
      {"A broken bone in the spine before", "/history", "previous_vertebral_fracture"},
      {"Steroid tablets for 3 months or more", "/history", "long_term_steroids"},
      {"A weakened immune system", "/history", "immunosuppressed"},
      {"Injecting drugs", "/history", "iv_drug_use"},
      {"A recent infection, or a recent medical procedure", "/history",
       "recent_infection_or_invasive_procedure"},
      {"Heart disease", "/history", "heart_disease"},
      {"A problem with the aorta, or a connective-tissue disorder", "/history",
       "aortic_disease_or_connective_tissue_disorder"},
      {"Inflammatory arthritis", "/history", "inflammatory_arthritis"},
      {"Diabetes", "/history", "diabetes"},
      {"Blood thinners", "/history", "blood_thinners"},
      {"Pregnant", "/history", "pregnant"},
      {"Surgery on the upper body in the last 3 months", "/history", "upper_body_surgery_last_3_months"},
      {"A stomach ulcer or bleeding", "/history", "stomach_ulcer_or_bleeding"},
      {"Kidney or liver disease", "/history", "kidney_or_liver_disease"},
      {"Asthma, or a reaction to aspirin or ibuprofen", "/history", "asthma_or_nsaid_allergy"},
  };
  return options;
}

const std::vector<IntakeOption>& clot_risk_options() {
  static const std::vector<IntakeOption> options = {
      {"A long journey (4 hours or more), or a long time in bed or sitting still, in the last 4 weeks",
       "/history", "recent_long_journey_or_immobility"},
      {"An operation in the last 3 months", "/history", "surgery_last_3_months"},
      {"You had a baby in the last 3 months", "/history", "recently_gave_birth"},
      {"The pill, HRT or another hormone treatment", "/history", "hormone_treatment"},
      {"A blood clot before, in a leg or the lungs", "/history", "previous_blood_clot"},
  };
  return options;
}

const std::vector<IntakeOption>& pregnancy_stage_options() {
  static const std::vector<IntakeOption> options = {
      {"I am 20 weeks pregnant or more", "/history", "pregnant_20_weeks_or_more"},
  };
  return options;
}

const std::vector<IntakeOption>& pregnancy_sign_options() {
  static const std::vector<IntakeOption> options = {
      {"Changes in your sight, such as blurring or flashing lights", "/symptoms", "vision_changes"},
      {"Sudden swelling of your face, hands or feet", "/symptoms", "sudden_swelling_face_or_hands"},
      {"Pain just below your ribs", "/symptoms", "pain_under_ribs"},
  };
  return options;
}

const std::vector<FollowUpQuestion>& follow_up_questions() {
  static const std::vector<FollowUpQuestion> questions = {
      {"Your pain is worse when you breathe in. Do any of these apply to you?", &clot_risk_options,
       {"Worse when you breathe in", "/pain/worse_breathing_in", nullptr}},
      {"You are pregnant. Does this apply to you?", &pregnancy_stage_options,
       {"Pregnant", "/history", "pregnant"}},
      // A new, severe headache is among the urgent signs asked before; triage counts it too.
      {"You are 20 weeks pregnant or more. Do you have any of these?", &pregnancy_sign_options,
       {"I am 20 weeks pregnant or more", "/history", "pregnant_20_weeks_or_more"}},
  };
  return questions;
}

std::vector<const std::vector<IntakeOption>*> all_option_lists() {
  return {&emergency_sign_options(), &urgent_sign_options(), &onset_options(),
          &started_after_options(),  &area_options(),        &pain_feature_options(),
          &history_options(),        &clot_risk_options(),   &pregnancy_stage_options(),
          &pregnancy_sign_options(), &self_care_change_options(), &equipment_options(),
          &constraint_options(),     &caution_options(),     &trigger_options()};
}

const std::vector<IntakeOption>& equipment_options() {
  static const std::vector<IntakeOption> options = {
      {"Foam roller", "/profile/equipment", "foam_roller"},
      {"Massage ball or tennis ball", "/profile/equipment", "massage_ball"},
      {"Theracane (hooked massage stick)", "/profile/equipment", "theracane"},
      {"Heat pack, heating pad or hot-water bottle", "/profile/equipment", "heat_pack"},
      {"Cold pack", "/profile/equipment", "cold_pack"},
      {"Resistance band", "/profile/equipment", "resistance_band"},
      {"Dumbbells", "/profile/equipment", "dumbbells"},
  };
  return options;
}

const std::vector<IntakeOption>& constraint_options() {
  static const std::vector<IntakeOption> options = {
      {"Kneeling is hard or painful", "/profile/constraints", "cannot_kneel"},
      {"Lying on the floor is hard", "/profile/constraints", "cannot_lie_on_floor"},
      {"Wrist pain (leaning on your hands hurts)", "/profile/constraints", "wrist_pain"},
      {"Lifting your arms overhead hurts your shoulder", "/profile/constraints", "shoulder_pain_overhead"},
  };
  return options;
}

const std::vector<IntakeOption>& caution_options() {
  static const std::vector<IntakeOption> options = {
      {"Skin on your back that does not feel heat, cold or touch well", "/profile/cautions",
       "reduced_skin_sensation"},
      {"Poor circulation", "/profile/cautions", "poor_circulation"},
      {"Raynaud's (fingers go white or blue in the cold)", "/profile/cautions", "raynauds"},
      {"A skin problem on your back", "/profile/cautions", "skin_condition_on_back"},
      {"Cold makes you feel unwell or hurts", "/profile/cautions", "cold_sensitivity"},
  };
  return options;
}

const std::vector<IntakeOption>& trigger_options() {
  static const std::vector<IntakeOption> options = {
      {"Desk or computer work", "/profile/triggers", "desk_work"},
      {"Using your phone", "/profile/triggers", "phone_use"},
      {"Driving", "/profile/triggers", "driving"},
      {"Carrying a heavy bag", "/profile/triggers", "heavy_bag"},
      {"Reaching forward", "/profile/triggers", "reaching_forward"},
      {"Working with arms overhead", "/profile/triggers", "overhead_work"},
      {"Repeating the same movement", "/profile/triggers", "repetitive_motion"},
      {"Stress", "/profile/triggers", "stress"},
      {"Poor sleep", "/profile/triggers", "poor_sleep"},
      {"Sport", "/profile/triggers", "sport"},
      {"Standing for a long time", "/profile/triggers", "standing_long"},
  };
  return options;
}

const std::vector<IntakeOption>& onset_options() {
  static const std::vector<IntakeOption> options = {{"Gradually", "/pain/onset", "gradual"},
                                                    {"Suddenly", "/pain/onset", "sudden"}};
  return options;
}

const std::vector<IntakeOption>& started_after_options() {
  static const std::vector<IntakeOption> options = {
      {"Nothing in particular", "/pain/started_after", "nothing"},
      {"A minor strain, like lifting or an awkward movement", "/pain/started_after", "minor_strain"},
      {"A minor fall or bump", "/pain/started_after", "minor_fall_or_bump"}};
  return options;
}

const std::vector<IntakeOption>& self_care_change_options() {
  static const std::vector<IntakeOption> options = {{"Better", "/self_care/change", "better"},
                                                    {"About the same", "/self_care/change", "same"},
                                                    {"Worse", "/self_care/change", "worse"}};
  return options;
}

std::string symptom_label(const std::string& symptom) {
  for (const auto* list : all_option_lists()) {
    for (const IntakeOption& option : *list) {
      if (option.value && symptom == option.value && std::string_view(option.pointer) == "/symptoms") {
        return option.label;
      }
    }
  }
  if (symptom == "dizziness_or_drop_attacks") return "Dizzy spells, drop attacks or blackouts";
  return spaced(symptom);
}

std::vector<IntakeOption> session_check_options() {
  std::vector<IntakeOption> options;
  for (const std::string& symptom : session_check_symptoms()) {
    for (const auto* list : {&emergency_sign_options(), &urgent_sign_options()}) {
      for (const IntakeOption& option : *list) {
        if (option.value && symptom == option.value) options.push_back(option);
      }
    }
  }
  return options;
}

}  // namespace unknot
