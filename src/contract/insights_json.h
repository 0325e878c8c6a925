// The insights object (`unknot insights --json`, schema "unknot.insights/1"). Numbers are
// rounded to 2 decimals; what is not known (no reading that day, not enough data) is null.
#pragma once

#include <nlohmann/json.hpp>

#include "core/insights.h"

namespace unknot::contract {

nlohmann::ordered_json insights_to_json(const Insights& insights);

}  // namespace unknot::contract
