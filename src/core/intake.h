// One person's intake (../shared/spec/intake.schema.json) as a plain value. Parsing and
// schema validation live in src/contract/intake_json; everything here is already valid.
// Omitted arrays are empty; omitted optional answers are std::nullopt or false.
#pragma once

#include <optional>
#include <set>
#include <string>

namespace unknot {

struct Intake {
  int age = 0;

  struct Pain {
    int now = 0;
    std::optional<int> worst_last_week;
    double weeks_since_onset = 0;
    std::optional<std::string> onset;          // gradual | sudden
    std::set<std::string> areas;
    std::optional<std::string> started_after;  // nothing | minor_strain | minor_fall_or_bump | major_accident
    bool tearing_or_ripping = false;
    bool worse_breathing_in = false;
    bool worse_cough_sneeze = false;
    bool constant_unrelieved_by_rest_or_position = false;
    bool worse_at_night = false;
  } pain;

  std::set<std::string> symptoms;
  std::set<std::string> history;

  struct SelfCare {
    std::optional<double> weeks_tried;
    std::optional<std::string> change;  // better | same | worse
  } self_care;

  struct Profile {
    std::set<std::string> equipment;
    std::set<std::string> constraints;
    std::set<std::string> cautions;
    std::optional<int> minutes_per_day;
    std::optional<int> strength_days_per_week;
    std::optional<double> desk_hours_per_day;
    std::set<std::string> triggers;
  } profile;

  bool has_symptom(const std::string& name) const { return symptoms.count(name) > 0; }
  bool has_history(const std::string& name) const { return history.count(name) > 0; }
  bool has_area(const std::string& name) const { return pain.areas.count(name) > 0; }
  bool has_constraint(const std::string& name) const { return profile.constraints.count(name) > 0; }
  bool has_caution(const std::string& name) const { return profile.cautions.count(name) > 0; }
  bool has_trigger(const std::string& name) const { return profile.triggers.count(name) > 0; }
  // Whether the person has this piece of equipment, counting what the plan may assume.
  bool has_equipment(const std::string& name) const;
  // Whether `name` (a constraint, caution or history item) applies to this person.
  bool has_condition(const std::string& name) const {
    return has_constraint(name) || has_caution(name) || has_history(name);
  }
};

// The intake to run the safety screen on when a warning sign is reported later (check-in,
// session re-check, a logged symptom): the saved one, or, when nobody has done the intake,
// a stand-in adult whose pain began a week ago, so that only the reported signs decide.
Intake intake_for_screening(const std::optional<Intake>& saved);

}  // namespace unknot
