// Terminal text for `unknot insights`: a sparkline of the last 28 days' morning pain, bars
// for weekly adherence, and the trigger and technique findings with effect, 95% CI and n.
// Pure: a function from values to a string.
#pragma once

#include <string>

#include "cli/terminal.h"
#include "core/insights.h"

namespace unknot::cli {

// One block per day, "▁" (0) to "█" (10); a space for a day without a morning reading.
std::string pain_sparkline(const std::vector<DailyPain>& days);

std::string render_insights(const Insights& insights, const TerminalStyle& style);

}  // namespace unknot::cli
