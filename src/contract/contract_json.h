// The contract's JSON shapes (../shared/spec/README.md): triage (section 2), plan (section 3)
// and the knowledge base (section 6). Field names and meanings here are public: add fields,
// never rename or drop one.
#pragma once

#include <nlohmann/json.hpp>

#include "core/catalogue.h"
#include "core/plan.h"
#include "core/triage.h"

namespace unknot::contract {

using OrderedJson = nlohmann::ordered_json;

OrderedJson dose_to_json(const Dose& dose);
OrderedJson triage_to_json(const Triage& triage);
// The one safety status (core/safety_status): the screen with the warning signs logged in
// the re-screen window that it included. Plan JSON carries it as `safety_status`.
OrderedJson safety_status_to_json(const Triage& triage, const std::vector<LoggedSign>& logged);
OrderedJson plan_to_json(const Plan& plan);
OrderedJson technique_to_json(const Technique& technique);
OrderedJson techniques_to_json(const std::vector<Technique>& techniques);
OrderedJson topic_to_json(const Topic& topic);

}  // namespace unknot::contract
