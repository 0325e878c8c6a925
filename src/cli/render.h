// Human-readable text for the terminal: technique cards, topics, the triage result and
// the printed plan. Pure functions from values to strings, so tests compare whole outputs.
#pragma once

#include <string>

#include "cli/terminal.h"
#include "core/dose_words.h"
#include "core/catalogue.h"
#include "core/plan.h"
#include "core/triage.h"

namespace unknot::cli {

std::string render_welcome(const TerminalStyle& style);
std::string render_technique_list(const std::vector<const Technique*>& techniques, const TerminalStyle& style);
std::string render_technique_card(const Technique& technique, const Catalogue& catalogue,
                                  const TerminalStyle& style);
std::string render_topic_list(const Catalogue& catalogue, const TerminalStyle& style);
std::string render_topic(const Topic& topic, const Catalogue& catalogue, const TerminalStyle& style);
std::string render_triage(const Triage& triage, const Catalogue& catalogue, const TerminalStyle& style);
// The one safety status (core/safety_status): the screen, then the warning signs logged
// lately that it included. `plan`, `session` and `checkin` show it first.
std::string render_safety_status(const Triage& triage, const std::vector<LoggedSign>& logged,
                                 const Catalogue& catalogue, const TerminalStyle& style);
std::string render_plan(const Plan& plan, const Catalogue& catalogue, const TerminalStyle& style);

}  // namespace unknot::cli
