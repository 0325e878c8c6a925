// The closed vocabularies shared by the contract, the knowledge base and the plan engine:
// technique kinds and body positions (../shared/spec/README.md section 3), and the intake's
// names for equipment, constraints, cautions, history, symptoms and triggers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace unknot {

enum class Kind {
  kHeat, kCold, kStretch, kMobility, kSelfMassage, kStrength, kPosture, kBreathing,
  kEducation, kProfessionalCare,
};

enum class Position { kStanding, kSeated, kKneeling, kQuadruped, kProne, kSupine, kSideLying };

std::string_view to_string(Kind kind);
std::string_view to_string(Position position);
std::optional<Kind> parse_kind(std::string_view name);
std::optional<Position> parse_position(std::string_view name);

// True for positions on the floor that need kneeling (cannot_kneel excludes them).
bool needs_kneeling(Position position);
// True for positions lying on the floor (cannot_lie_on_floor excludes them).
bool lies_on_floor(Position position);

// The intake's enumerations (intake.schema.json). Lists, in schema order.
std::span<const std::string_view> equipment_names();
std::span<const std::string_view> constraint_names();
std::span<const std::string_view> caution_names();
std::span<const std::string_view> history_names();
std::span<const std::string_view> symptom_names();
std::span<const std::string_view> trigger_names();
std::span<const std::string_view> kind_names();
std::span<const std::string_view> position_names();
// A position as people read it: "on hands and knees", "lying face down" (lower case).
std::string_view position_words(Position position);

bool contains(std::span<const std::string_view> names, std::string_view name);

// A vocabulary name for people: "self_massage" -> "self massage".
std::string spaced(std::string_view name);

// Equipment the plan may assume everyone has: a wall, a sturdy chair, a doorway and a mat.
bool is_assumed_equipment(std::string_view name);

}  // namespace unknot
