// A dose in plain words, and the stop rule every session carries: shared by the terminal,
// the calendar and the FHIR export so they all say the same thing. Pure.
#pragma once

#include <string>

#include "core/catalogue.h"

namespace unknot {

// "2 sets of 12 reps, rest 1 min between sets"; "as described" when the dose says nothing.
std::string describe_dose(const Dose& dose);

// The pain-monitoring stop rule and the emergency line (clinical.md sections 3.1 and 1).
inline constexpr const char* kStopRule =
    "Stop if pain passes 5/10 or is not settled by the next morning; chest pain or "
    "breathlessness: call your emergency number.";

}  // namespace unknot
