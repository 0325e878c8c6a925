#include "core/vocabulary.h"

#include <algorithm>
#include <array>

namespace unknot {
namespace {

constexpr std::array<std::string_view, 10> kKindNames = {
    "heat", "cold", "stretch", "mobility", "self_massage", "strength", "posture", "breathing",
    "education", "professional_care"};

constexpr std::array<std::string_view, 7> kPositionNames = {
    "standing", "seated", "kneeling", "quadruped", "prone", "supine", "side_lying"};

constexpr std::array<std::string_view, 11> kEquipment = {
    "foam_roller", "massage_ball", "theracane", "heat_pack", "cold_pack", "resistance_band",
    "dumbbells", "sturdy_chair", "wall", "doorway", "mat"};

constexpr std::array<std::string_view, 4> kConstraints = {
    "cannot_kneel", "cannot_lie_on_floor", "wrist_pain", "shoulder_pain_overhead"};

constexpr std::array<std::string_view, 5> kCautions = {
    "reduced_skin_sensation", "poor_circulation", "raynauds", "skin_condition_on_back",
    "cold_sensitivity"};

constexpr std::array<std::string_view, 23> kHistory = {
    "cancer", "osteoporosis", "previous_vertebral_fracture", "long_term_steroids",
    "immunosuppressed", "iv_drug_use", "recent_infection_or_invasive_procedure", "heart_disease",
    "aortic_disease_or_connective_tissue_disorder", "inflammatory_arthritis", "diabetes",
    "blood_thinners", "pregnant", "upper_body_surgery_last_3_months", "stomach_ulcer_or_bleeding",
    "kidney_or_liver_disease", "asthma_or_nsaid_allergy",
    // Added by the second clinical review (issue 12): pregnancy stage and blood-clot risk.
    "pregnant_20_weeks_or_more", "previous_blood_clot", "hormone_treatment",
    "recent_long_journey_or_immobility", "surgery_last_3_months", "recently_gave_birth"};

constexpr std::array<std::string_view, 33> kSymptoms = {
    "chest_pain_or_pressure", "shortness_of_breath", "cold_sweat_or_nausea",
    "lightheaded_or_fainting", "pain_spreads_to_arm_or_jaw", "coughing_blood",
    "calf_pain_or_swelling", "fever", "unexplained_weight_loss", "feeling_generally_unwell",
    "arm_or_hand_numbness_or_tingling", "arm_or_hand_weakness_or_clumsiness",
    "both_legs_numb_weak_or_tingling", "unsteady_walking", "bladder_or_bowel_change",
    "saddle_numbness", "stroke_signs", "new_severe_headache", "dizziness_or_drop_attacks",
    "double_vision", "electric_shock_on_neck_bend", "lump_or_back_shape_change",
    "morning_stiffness_over_30_min", "band_like_trunk_pain", "difficulty_swallowing",
    "black_stools_or_vomiting_blood",
    // Added by the second clinical review (issue 12): brainstem signs apart from plain
    // dizziness, the thunderclap headache, the cardiac context, and pregnancy signs.
    "drop_attacks_or_blackouts", "dizzy_spells", "sudden_worst_headache", "pain_on_exertion",
    "vision_changes", "sudden_swelling_face_or_hands", "pain_under_ribs"};

constexpr std::array<std::string_view, 11> kTriggers = {
    "desk_work", "phone_use", "driving", "heavy_bag", "reaching_forward", "overhead_work",
    "repetitive_motion", "stress", "poor_sleep", "sport", "standing_long"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_from(const std::array<std::string_view, N>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<Enum>(it - names.begin());
}

}  // namespace

std::string_view to_string(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }
std::string_view to_string(Position position) {
  return kPositionNames[static_cast<std::size_t>(position)];
}
std::optional<Kind> parse_kind(std::string_view name) { return parse_from<Kind>(kKindNames, name); }
std::optional<Position> parse_position(std::string_view name) {
  return parse_from<Position>(kPositionNames, name);
}

bool needs_kneeling(Position position) {
  return position == Position::kKneeling || position == Position::kQuadruped;
}
bool lies_on_floor(Position position) {
  return position == Position::kProne || position == Position::kSupine ||
         position == Position::kSideLying;
}

std::span<const std::string_view> equipment_names() { return kEquipment; }
std::span<const std::string_view> constraint_names() { return kConstraints; }
std::span<const std::string_view> caution_names() { return kCautions; }
std::span<const std::string_view> history_names() { return kHistory; }
std::span<const std::string_view> symptom_names() { return kSymptoms; }
std::span<const std::string_view> trigger_names() { return kTriggers; }
std::span<const std::string_view> kind_names() { return kKindNames; }
std::span<const std::string_view> position_names() { return kPositionNames; }

std::string_view position_words(Position position) {
  switch (position) {
    case Position::kStanding: return "standing";
    case Position::kSeated: return "sitting";
    case Position::kKneeling: return "kneeling";
    case Position::kQuadruped: return "on hands and knees";
    case Position::kProne: return "lying face down";
    case Position::kSupine: return "lying on the back";
    case Position::kSideLying: return "lying on the side";
  }
  return "standing";
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string spaced(std::string_view name) {
  std::string text(name);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

bool is_assumed_equipment(std::string_view name) {
  return name == "wall" || name == "sturdy_chair" || name == "doorway" || name == "mat";
}

}  // namespace unknot
