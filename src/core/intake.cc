#include "core/intake.h"

#include "core/vocabulary.h"

namespace unknot {

bool Intake::has_equipment(const std::string& name) const {
  return is_assumed_equipment(name) || profile.equipment.count(name) > 0;
}

}  // namespace unknot
