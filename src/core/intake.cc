#include "core/intake.h"

#include "core/vocabulary.h"

namespace unknot {

bool Intake::has_equipment(const std::string& name) const {
  return is_assumed_equipment(name) || profile.equipment.count(name) > 0;
}

Intake intake_for_screening(const std::optional<Intake>& saved) {
  if (saved) return *saved;
  Intake stand_in;
  stand_in.age = 35;
  stand_in.pain.weeks_since_onset = 1;
  return stand_in;
}

}  // namespace unknot
