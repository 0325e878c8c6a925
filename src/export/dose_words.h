// Shared wording for the export adapters (calendar, FHIR): a dose in plain words and the
// stop rule every exported session carries. Pure; no third-party headers.
#pragma once

#include <string>

#include "core/catalogue.h"

namespace unknot::exporting {

// "2 sets of 12 reps, rest 1 min between sets"; "as described" when the dose says nothing.
std::string dose_in_words(const Dose& dose);

// The pain-monitoring stop rule and the emergency line (clinical.md sections 3.1 and 1).
inline constexpr const char* kStopRule =
    "Stop if pain passes 5/10 or is not settled by the next morning; chest pain or "
    "breathlessness: call your emergency number.";

}  // namespace unknot::exporting
