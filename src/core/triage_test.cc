#include "core/triage.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::clean_intake;
using test_util::embedded_catalogue;

struct RuleCase {
  std::string name;
  std::function<void(Intake&)> mutate;
  std::vector<std::string> codes;  // exactly what fires, in rule order
  Level level;
};

std::vector<RuleCase> rule_cases() {
  return {
      // --- Emergency.
      {"cardiac", [](Intake& i) { i.symptoms.insert("chest_pain_or_pressure"); },
       {"cardiac_warning_signs"}, Level::kEmergency},
      // Spreading pain is cardiac only in the cardiac context (effort, heart disease, chest
      // symptoms) [R14]; on its own it is a check-up, not an ambulance (issue 12, point 6).
      {"arm_or_jaw_spread_alone", [](Intake& i) { i.symptoms.insert("pain_spreads_to_arm_or_jaw"); },
       {"pain_spreading_to_arm_or_jaw"}, Level::kSeeProfessional},
      {"arm_or_jaw_spread_with_exertion",
       [](Intake& i) {
         i.symptoms.insert("pain_spreads_to_arm_or_jaw");
         i.symptoms.insert("pain_on_exertion");
       },
       {"cardiac_warning_signs", "pain_on_exertion"}, Level::kEmergency},
      {"arm_or_jaw_spread_with_heart_disease",
       [](Intake& i) {
         i.symptoms.insert("pain_spreads_to_arm_or_jaw");
         i.history.insert("heart_disease");
       },
       {"cardiac_warning_signs"}, Level::kEmergency},
      {"arm_or_jaw_spread_with_nausea",
       [](Intake& i) {
         i.symptoms.insert("pain_spreads_to_arm_or_jaw");
         i.symptoms.insert("cold_sweat_or_nausea");
       },
       {"cardiac_warning_signs"}, Level::kEmergency},
      {"breathless", [](Intake& i) { i.symptoms.insert("shortness_of_breath"); },
       {"cardiac_warning_signs"}, Level::kEmergency},
      // Heart disease: sudden unexplained pain is an emergency; an explained twinge or a
      // stable old diagnosis with no symptoms is not.
      {"heart_disease_sudden_unexplained",
       [](Intake& i) {
         i.age = 45;
         i.pain.now = 6;
         i.history.insert("heart_disease");
         i.pain.onset = "sudden";
       },
       {"heart_disease_sudden_pain", "sudden_unexplained_onset"}, Level::kEmergency},
      {"heart_disease_sudden_after_strain",
       [](Intake& i) {
         i.history.insert("heart_disease");
         i.pain.onset = "sudden";
         i.pain.started_after = "minor_strain";
       },
       {}, Level::kSelfCare},
      {"heart_disease_stable_no_symptoms",
       [](Intake& i) {
         i.history.insert("heart_disease");
         i.pain.onset = "gradual";
       },
       {}, Level::kSelfCare},
      {"heart_disease_with_exertion_pain",
       [](Intake& i) {
         i.history.insert("heart_disease");
         i.symptoms.insert("pain_on_exertion");
       },
       {"exertion_pain_with_heart_disease", "pain_on_exertion"}, Level::kUrgent},
      {"chest_area", [](Intake& i) { i.pain.areas.insert("chest"); },
       {"chest_pain_with_back_pain"}, Level::kEmergency},
      {"jaw_area", [](Intake& i) { i.pain.areas.insert("jaw"); },
       {"chest_pain_with_back_pain"}, Level::kEmergency},
      {"tearing", [](Intake& i) { i.pain.tearing_or_ripping = true; },
       {"aortic_dissection_signs"}, Level::kEmergency},
      // A higher-risk condition with abrupt onset is an emergency at any strength and
      // whatever the person blames it on [R12] (issue 12, point 1: 5/10 was missed).
      {"aortic_risk_pain_7",
       [](Intake& i) {
         i.history.insert("aortic_disease_or_connective_tissue_disorder");
         i.pain.onset = "sudden";
         i.pain.started_after = "minor_strain";
         i.pain.now = 7;
       },
       {"aortic_risk_sudden_pain"}, Level::kEmergency},
      {"aortic_risk_pain_5_no_tearing",
       [](Intake& i) {
         i.history.insert("aortic_disease_or_connective_tissue_disorder");
         i.pain.onset = "sudden";
         i.pain.started_after = "minor_strain";
         i.pain.now = 5;
       },
       {"aortic_risk_sudden_pain"}, Level::kEmergency},
      {"aortic_risk_pain_1_unexplained",
       [](Intake& i) {
         i.history.insert("aortic_disease_or_connective_tissue_disorder");
         i.pain.onset = "sudden";
         i.pain.now = 1;
       },
       {"aortic_risk_sudden_pain", "sudden_unexplained_onset"}, Level::kEmergency},
      {"aortic_risk_gradual",
       [](Intake& i) {
         i.history.insert("aortic_disease_or_connective_tissue_disorder");
         i.pain.onset = "gradual";
         i.pain.now = 6;
       },
       {}, Level::kSelfCare},
      {"pulmonary_embolism",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.symptoms.insert("calf_pain_or_swelling");
       },
       {"pulmonary_embolism_signs", "calf_pain_or_swelling", "worse_breathing_in"},
       Level::kEmergency},
      {"coughing_blood", [](Intake& i) { i.symptoms.insert("coughing_blood"); },
       {"coughing_blood"}, Level::kEmergency},
      {"major_accident", [](Intake& i) { i.pain.started_after = "major_accident"; },
       {"major_trauma"}, Level::kEmergency},
      {"saddle_numbness", [](Intake& i) { i.symptoms.insert("saddle_numbness"); },
       {"spinal_cord_compression_signs"}, Level::kEmergency},
      {"bladder_or_bowel", [](Intake& i) { i.symptoms.insert("bladder_or_bowel_change"); },
       {"spinal_cord_compression_signs"}, Level::kEmergency},
      {"double_vision", [](Intake& i) { i.symptoms.insert("double_vision"); },
       {"stroke_or_brainstem_signs"}, Level::kEmergency},
      {"black_stools", [](Intake& i) { i.symptoms.insert("black_stools_or_vomiting_blood"); },
       {"bleeding_signs"}, Level::kEmergency},
      // Neck pain or a new headache with brainstem signs: Tier A (§1.2 last row).
      {"neck_pain_headache_drop_attacks",
       [](Intake& i) {
         i.pain.areas.insert("neck");
         i.symptoms.insert("new_severe_headache");
         i.symptoms.insert("drop_attacks_or_blackouts");
       },
       {"neck_pain_with_brainstem_signs", "dizziness_or_drop_attacks", "new_severe_headache"},
       Level::kEmergency},
      {"neck_pain_blackouts",
       [](Intake& i) {
         i.pain.areas.insert("neck");
         i.symptoms.insert("drop_attacks_or_blackouts");
       },
       {"neck_pain_with_brainstem_signs", "dizziness_or_drop_attacks"}, Level::kEmergency},
      {"headache_trouble_swallowing",
       [](Intake& i) {
         i.symptoms.insert("new_severe_headache");
         i.symptoms.insert("difficulty_swallowing");
       },
       {"neck_pain_with_brainstem_signs", "difficulty_swallowing", "new_severe_headache"},
       Level::kEmergency},
      {"drop_attacks_without_neck_pain_or_headache",
       [](Intake& i) { i.symptoms.insert("drop_attacks_or_blackouts"); },
       {"dizziness_or_drop_attacks"}, Level::kUrgent},
      {"issue_vignette_lumped_dizziness_answer",
       [](Intake& i) {
         i.pain.areas.insert("neck");
         i.symptoms.insert("new_severe_headache");
         i.symptoms.insert("dizziness_or_drop_attacks");
       },
       {"neck_pain_with_brainstem_signs", "dizziness_or_drop_attacks", "new_severe_headache"},
       Level::kEmergency},
      {"neck_pain_headache_dizzy_spells",
       [](Intake& i) {
         i.pain.areas.insert("neck");
         i.symptoms.insert("new_severe_headache");
         i.symptoms.insert("dizzy_spells");
       },
       {"neck_pain_with_brainstem_signs", "dizziness_or_drop_attacks", "new_severe_headache"},
       Level::kEmergency},
      {"neck_pain_dizzy_spells",
       [](Intake& i) {
         i.pain.areas.insert("neck");
         i.symptoms.insert("dizzy_spells");
       },
       {"dizziness_or_drop_attacks"}, Level::kUrgent},
      {"sudden_worst_headache", [](Intake& i) { i.symptoms.insert("sudden_worst_headache"); },
       {"sudden_worst_headache"}, Level::kEmergency},
      // Blood thinners (issue 12, point 2): sudden unexplained pain of 7+ is an emergency.
      {"thinners_sudden_unexplained_9",
       [](Intake& i) {
         i.age = 45;
         i.history.insert("blood_thinners");
         i.pain.onset = "sudden";
         i.pain.started_after = "nothing";
         i.pain.now = 9;
       },
       {"sudden_severe_pain_on_blood_thinners", "sudden_unexplained_onset",
        "sudden_pain_on_blood_thinners", "severe_pain"},
       Level::kEmergency},
      {"thinners_sudden_unexplained_worst_7",
       [](Intake& i) {
         i.history.insert("blood_thinners");
         i.pain.onset = "sudden";
         i.pain.now = 3;
         i.pain.worst_last_week = 7;
       },
       {"sudden_severe_pain_on_blood_thinners", "sudden_unexplained_onset",
        "sudden_pain_on_blood_thinners"},
       Level::kEmergency},
      {"thinners_sudden_unexplained_6",
       [](Intake& i) {
         i.history.insert("blood_thinners");
         i.pain.onset = "sudden";
         i.pain.now = 6;
         i.pain.worst_last_week = 6;
       },
       {"sudden_unexplained_onset", "sudden_pain_on_blood_thinners"}, Level::kUrgent},
      {"thinners_sudden_after_strain",
       [](Intake& i) {
         i.history.insert("blood_thinners");
         i.pain.onset = "sudden";
         i.pain.started_after = "minor_strain";
         i.pain.now = 9;
       },
       {"sudden_pain_on_blood_thinners", "severe_pain"}, Level::kUrgent},
      {"thinners_gradual",
       [](Intake& i) {
         i.history.insert("blood_thinners");
         i.pain.onset = "gradual";
       },
       {}, Level::kSelfCare},

      // --- Urgent.
      {"fever", [](Intake& i) { i.symptoms.insert("fever"); }, {"fever"}, Level::kUrgent},
      {"weight_loss", [](Intake& i) { i.symptoms.insert("unexplained_weight_loss"); },
       {"unexplained_weight_loss"}, Level::kUrgent},
      {"lump", [](Intake& i) { i.symptoms.insert("lump_or_back_shape_change"); },
       {"lump_or_shape_change"}, Level::kUrgent},
      {"constant_pain", [](Intake& i) { i.pain.constant_unrelieved_by_rest_or_position = true; },
       {"constant_unrelieved_pain"}, Level::kUrgent},
      {"cancer", [](Intake& i) { i.history.insert("cancer"); }, {"cancer_history"},
       Level::kUrgent},
      {"fracture_osteoporosis_strain",
       [](Intake& i) {
         i.history.insert("osteoporosis");
         i.pain.started_after = "minor_strain";
       },
       {"fracture_risk_after_minor_injury", "bone_fragility_history"}, Level::kUrgent},
      {"fracture_age_51_fall",
       [](Intake& i) {
         i.age = 51;
         i.pain.started_after = "minor_fall_or_bump";
       },
       {"fracture_risk_after_minor_injury", "age_outside_usual_range"}, Level::kUrgent},
      {"no_fracture_age_51_strain",
       [](Intake& i) {
         i.age = 51;
         i.pain.started_after = "minor_strain";
       },
       {"age_outside_usual_range"}, Level::kSeeProfessional},
      {"no_fracture_age_50_fall",
       [](Intake& i) {
         i.age = 50;
         i.pain.started_after = "minor_fall_or_bump";
       },
       {}, Level::kSelfCare},
      {"arm_weakness", [](Intake& i) { i.symptoms.insert("arm_or_hand_weakness_or_clumsiness"); },
       {"arm_weakness_or_clumsiness"}, Level::kUrgent},
      {"unsteady", [](Intake& i) { i.symptoms.insert("unsteady_walking"); },
       {"unsteady_walking"}, Level::kUrgent},
      {"lhermitte", [](Intake& i) { i.symptoms.insert("electric_shock_on_neck_bend"); },
       {"lhermitte_sign"}, Level::kUrgent},
      {"dizziness", [](Intake& i) { i.symptoms.insert("dizziness_or_drop_attacks"); },
       {"dizziness_or_drop_attacks"}, Level::kUrgent},
      {"band_like", [](Intake& i) { i.symptoms.insert("band_like_trunk_pain"); },
       {"band_like_trunk_pain"}, Level::kUrgent},
      {"swallowing", [](Intake& i) { i.symptoms.insert("difficulty_swallowing"); },
       {"difficulty_swallowing"}, Level::kUrgent},
      {"headache", [](Intake& i) { i.symptoms.insert("new_severe_headache"); },
       {"new_severe_headache"}, Level::kUrgent},
      {"calf", [](Intake& i) { i.symptoms.insert("calf_pain_or_swelling"); },
       {"calf_pain_or_swelling"}, Level::kUrgent},
      // Pain on breathing in with a clot risk: a same-day check for a clot [R13].
      {"breathing_in_after_long_journey",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("recent_long_journey_or_immobility");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},
      {"breathing_in_past_clot",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("previous_blood_clot");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},
      {"breathing_in_recent_birth",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("recently_gave_birth");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},
      {"breathing_in_hormones",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("hormone_treatment");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},
      {"breathing_in_recent_surgery",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("surgery_last_3_months");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},
      {"breathing_in_upper_body_surgery",
       [](Intake& i) {
         i.pain.worse_breathing_in = true;
         i.history.insert("upper_body_surgery_last_3_months");
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in", "infection_risk_history",
        "several_warning_signs_together"},
       Level::kUrgent},
      {"clot_risk_without_breathing_pain",
       [](Intake& i) {
         i.history.insert("hormone_treatment");
         i.history.insert("recent_long_journey_or_immobility");
       },
       {}, Level::kSelfCare},
      {"upper_body_surgery_alone",
       [](Intake& i) { i.history.insert("upper_body_surgery_last_3_months"); },
       {"infection_risk_history"}, Level::kSeeProfessional},
      // Pregnancy after 20 weeks: signs of pre-eclampsia need a same-day check.
      {"pregnant_22_weeks_vision_changes",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.history.insert("pregnant_20_weeks_or_more");
         i.symptoms.insert("vision_changes");
       },
       {"pregnancy_warning_signs"}, Level::kUrgent},
      {"pregnant_22_weeks_swelling",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.history.insert("pregnant_20_weeks_or_more");
         i.symptoms.insert("sudden_swelling_face_or_hands");
       },
       {"pregnancy_warning_signs"}, Level::kUrgent},
      {"pregnant_22_weeks_pain_under_ribs",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.history.insert("pregnant_20_weeks_or_more");
         i.symptoms.insert("pain_under_ribs");
       },
       {"pregnancy_warning_signs"}, Level::kUrgent},
      {"pregnant_22_weeks_headache",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.history.insert("pregnant_20_weeks_or_more");
         i.symptoms.insert("new_severe_headache");
       },
       {"new_severe_headache", "pregnancy_warning_signs"}, Level::kUrgent},
      {"pregnant_early_vision_changes",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.symptoms.insert("vision_changes");
       },
       {}, Level::kSelfCare},
      {"second_trimester_desk_ache",
       [](Intake& i) {
         i.age = 31;
         i.history.insert("pregnant");
         i.history.insert("pregnant_20_weeks_or_more");
         i.pain.onset = "gradual";
         i.profile.triggers.insert("desk_work");
       },
       {}, Level::kSelfCare},
      {"pregnant_breathing_in",
       [](Intake& i) {
         i.history.insert("pregnant");
         i.pain.worse_breathing_in = true;
       },
       {"breathing_pain_with_clot_risk", "worse_breathing_in"}, Level::kUrgent},

      // --- Warning signs, alone.
      {"night", [](Intake& i) { i.pain.worse_at_night = true; }, {"worse_at_night"},
       Level::kSeeProfessional},
      {"cough_sneeze", [](Intake& i) { i.pain.worse_cough_sneeze = true; },
       {"worse_cough_sneeze"}, Level::kSeeProfessional},
      {"breathing_in_alone", [](Intake& i) { i.pain.worse_breathing_in = true; },
       {"worse_breathing_in"}, Level::kSeeProfessional},
      {"age_51", [](Intake& i) { i.age = 51; }, {"age_outside_usual_range"},
       Level::kSeeProfessional},
      {"age_50", [](Intake& i) { i.age = 50; }, {}, Level::kSelfCare},
      {"age_19", [](Intake& i) { i.age = 19; }, {"age_outside_usual_range"},
       Level::kSeeProfessional},
      {"age_20", [](Intake& i) { i.age = 20; }, {}, Level::kSelfCare},
      {"age_51_weeks_12",
       [](Intake& i) {
         i.age = 51;
         i.pain.weeks_since_onset = 12;
       },
       {"age_outside_usual_range"}, Level::kSeeProfessional},
      {"age_51_weeks_12_5",
       [](Intake& i) {
         i.age = 51;
         i.pain.weeks_since_onset = 12.5;
       },
       {"long_lasting_pain"}, Level::kSeeProfessional},
      {"steroids", [](Intake& i) { i.history.insert("long_term_steroids"); },
       {"bone_fragility_history"}, Level::kSeeProfessional},
      {"iv_drugs", [](Intake& i) { i.history.insert("iv_drug_use"); },
       {"infection_risk_history"}, Level::kSeeProfessional},
      {"morning_stiffness", [](Intake& i) { i.symptoms.insert("morning_stiffness_over_30_min"); },
       {"inflammatory_features"}, Level::kSeeProfessional},
      {"inflammatory_arthritis", [](Intake& i) { i.history.insert("inflammatory_arthritis"); },
       {"inflammatory_features"}, Level::kSeeProfessional},
      {"unwell", [](Intake& i) { i.symptoms.insert("feeling_generally_unwell"); },
       {"feeling_generally_unwell"}, Level::kSeeProfessional},
      {"exertion_alone", [](Intake& i) { i.symptoms.insert("pain_on_exertion"); },
       {"pain_on_exertion"}, Level::kSeeProfessional},
      // Sudden unexplained onset is a Tier B trigger [R8] (issue 12, point 2); an
      // explained sudden twinge (reaching for a box) is the common harmless case.
      {"sudden_no_cause", [](Intake& i) { i.pain.onset = "sudden"; },
       {"sudden_unexplained_onset"}, Level::kUrgent},
      {"sudden_after_nothing",
       [](Intake& i) {
         i.pain.onset = "sudden";
         i.pain.started_after = "nothing";
       },
       {"sudden_unexplained_onset"}, Level::kUrgent},
      {"sudden_after_strain",
       [](Intake& i) {
         i.pain.onset = "sudden";
         i.pain.started_after = "minor_strain";
       },
       {}, Level::kSelfCare},
      {"gradual_after_nothing",
       [](Intake& i) {
         i.pain.onset = "gradual";
         i.pain.started_after = "nothing";
       },
       {}, Level::kSelfCare},

      // --- See a professional.
      {"pain_8", [](Intake& i) { i.pain.now = 8; }, {"severe_pain"}, Level::kSeeProfessional},
      {"pain_7", [](Intake& i) { i.pain.now = 7; }, {}, Level::kSelfCare},
      {"arm_numbness", [](Intake& i) { i.symptoms.insert("arm_or_hand_numbness_or_tingling"); },
       {"arm_numbness_or_tingling"}, Level::kSeeProfessional},
      {"arm_area", [](Intake& i) { i.pain.areas.insert("arm"); }, {"pain_in_arm_or_hand"},
       Level::kSeeProfessional},
      {"hand_area", [](Intake& i) { i.pain.areas.insert("hand"); }, {"pain_in_arm_or_hand"},
       Level::kSeeProfessional},
      {"self_care_3_weeks_same",
       [](Intake& i) {
         i.self_care.weeks_tried = 3;
         i.self_care.change = "same";
       },
       {"not_improving_with_self_care"}, Level::kSeeProfessional},
      {"self_care_2_9_weeks_same",
       [](Intake& i) {
         i.self_care.weeks_tried = 2.9;
         i.self_care.change = "same";
       },
       {}, Level::kSelfCare},
      {"self_care_3_weeks_better",
       [](Intake& i) {
         i.self_care.weeks_tried = 3;
         i.self_care.change = "better";
       },
       {}, Level::kSelfCare},
      {"getting_worse", [](Intake& i) { i.self_care.change = "worse"; }, {"getting_worse"},
       Level::kSeeProfessional},
      {"weeks_12_1", [](Intake& i) { i.pain.weeks_since_onset = 12.1; }, {"long_lasting_pain"},
       Level::kSeeProfessional},
      {"weeks_12", [](Intake& i) { i.pain.weeks_since_onset = 12; }, {}, Level::kSelfCare},
      {"legs", [](Intake& i) { i.pain.areas.insert("legs"); }, {"pain_in_legs"},
       Level::kSeeProfessional},

      // --- Combinations.
      {"two_warning_signs",
       [](Intake& i) {
         i.pain.worse_at_night = true;
         i.pain.worse_cough_sneeze = true;
       },
       {"worse_at_night", "worse_cough_sneeze", "several_warning_signs_together"},
       Level::kUrgent},
      {"emergency_beats_urgent",
       [](Intake& i) {
         i.symptoms.insert("fever");
         i.pain.tearing_or_ripping = true;
       },
       {"aortic_dissection_signs", "fever"}, Level::kEmergency},
      {"urgent_beats_see_professional",
       [](Intake& i) {
         i.symptoms.insert("fever");
         i.pain.now = 9;
       },
       {"fever", "severe_pain"}, Level::kUrgent},
  };
}

TEST(Triage, CleanIntakeIsSelfCare) {
  const Intake intake = clean_intake();
  const Triage result = triage(intake, embedded_catalogue().safety);
  EXPECT_EQ(result.level, Level::kSelfCare);
  EXPECT_TRUE(result.reasons.empty());
  EXPECT_TRUE(result.program_allowed);
  EXPECT_TRUE(fired_rule_codes(intake).empty());
}

TEST(Triage, EachRuleFiresWithItsLevel) {
  for (const RuleCase& rule_case : rule_cases()) {
    SCOPED_TRACE(rule_case.name);
    Intake intake = clean_intake();
    rule_case.mutate(intake);
    EXPECT_EQ(fired_rule_codes(intake), rule_case.codes);
    const Triage result = triage(intake, embedded_catalogue().safety);
    EXPECT_EQ(to_string(result.level), to_string(rule_case.level));
    std::vector<std::string> reason_codes;
    for (const TriageReason& reason : result.reasons) reason_codes.push_back(reason.code);
    EXPECT_EQ(reason_codes, rule_case.codes);
    EXPECT_EQ(result.program_allowed, rule_case.level <= Level::kSeeProfessional);
  }
}

TEST(Triage, TableCoversEveryRule) {
  std::set<std::string> covered;
  for (const RuleCase& rule_case : rule_cases()) covered.insert(rule_case.codes.begin(), rule_case.codes.end());
  for (const RuleInfo& rule : triage_rules()) {
    EXPECT_TRUE(covered.count(std::string(rule.code))) << rule.code << " has no test case";
  }
}

TEST(Triage, OneWarningSignAsksForACheckTwoAreUrgent) {
  Intake one = clean_intake();
  one.history.insert("immunosuppressed");
  const Triage single = triage(one, embedded_catalogue().safety);
  EXPECT_EQ(single.level, Level::kSeeProfessional);
  EXPECT_TRUE(single.program_allowed);

  Intake two = one;
  two.symptoms.insert("feeling_generally_unwell");
  const Triage both = triage(two, embedded_catalogue().safety);
  EXPECT_EQ(both.level, Level::kUrgent);
  EXPECT_FALSE(both.program_allowed);
  ASSERT_FALSE(both.reasons.empty());
  EXPECT_EQ(both.reasons.back().code, "several_warning_signs_together");
}

TEST(Triage, ProgramAllowedOnlyBelowUrgent) {
  const std::vector<std::pair<std::function<void(Intake&)>, bool>> cases = {
      {[](Intake&) {}, true},
      {[](Intake& i) { i.pain.now = 9; }, true},
      {[](Intake& i) { i.symptoms.insert("fever"); }, false},
      {[](Intake& i) { i.symptoms.insert("coughing_blood"); }, false},
  };
  for (const auto& [mutate, allowed] : cases) {
    Intake intake = clean_intake();
    mutate(intake);
    EXPECT_EQ(triage(intake, embedded_catalogue().safety).program_allowed, allowed);
  }
}

TEST(Triage, EveryRuleHasWordingInTheCatalogue) {
  const SafetyText& safety = embedded_catalogue().safety;
  for (const RuleInfo& rule : triage_rules()) {
    auto says = safety.rule_says.find(std::string(rule.code));
    ASSERT_NE(says, safety.rule_says.end()) << rule.code;
    EXPECT_FALSE(says->second.empty()) << rule.code;
    EXPECT_NE(says->second, std::string(rule.code));
  }
}

TEST(Triage, ReasonsAndAdviceUseTheCatalogueWording) {
  const SafetyText& safety = embedded_catalogue().safety;
  for (const RuleCase& rule_case : rule_cases()) {
    SCOPED_TRACE(rule_case.name);
    Intake intake = clean_intake();
    rule_case.mutate(intake);
    const Triage result = triage(intake, safety);
    for (const TriageReason& reason : result.reasons) {
      EXPECT_EQ(reason.says, safety.rule_says.at(reason.code));
    }
    const std::string level(to_string(result.level));
    ASSERT_TRUE(safety.levels.count(level)) << level;
    EXPECT_FALSE(result.advice.empty());
    EXPECT_EQ(result.advice, safety.levels.at(level).advice);
  }
}

TEST(Triage, LevelNames) {
  EXPECT_EQ(to_string(Level::kSelfCare), "self_care");
  EXPECT_EQ(to_string(Level::kSeeProfessional), "see_professional");
  EXPECT_EQ(to_string(Level::kUrgent), "urgent");
  EXPECT_EQ(to_string(Level::kEmergency), "emergency");
}

}  // namespace
}  // namespace unknot

namespace unknot {
namespace {

TEST(IntakeForScreening, SavedIntakeOrAStandInAdult) {
  Intake saved;
  saved.age = 72;
  saved.pain.weeks_since_onset = 30;
  EXPECT_EQ(intake_for_screening(saved).age, 72);
  EXPECT_EQ(intake_for_screening(saved).pain.weeks_since_onset, 30);
  const Intake stand_in = intake_for_screening(std::nullopt);
  EXPECT_EQ(stand_in.age, 35);
  EXPECT_EQ(stand_in.pain.weeks_since_onset, 1);
  EXPECT_TRUE(stand_in.symptoms.empty());
}

}  // namespace
}  // namespace unknot
