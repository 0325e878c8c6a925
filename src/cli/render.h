// Human-readable text for the terminal: technique cards, topics, the triage result and
// the printed plan. Pure functions from values to strings, so tests compare whole outputs.
#pragma once

#include <optional>
#include <string>

#include "cli/terminal.h"
#include "core/dose_words.h"
#include "core/catalogue.h"
#include "core/plan.h"
#include "core/triage.h"

namespace unknot::cli {

std::string render_welcome(const TerminalStyle& style);
std::string render_technique_list(const std::vector<const Technique*>& techniques, const TerminalStyle& style);
// One form of a technique (`variant` empty: the main form) as a card. Its steps are
// rendered from `prescribed` when given (the dose the person's plan gives this form),
// otherwise from the form's own dose.
std::string render_technique_card(const Technique& technique, const std::string& variant,
                                  const std::optional<Dose>& prescribed, const Catalogue& catalogue,
                                  const TerminalStyle& style);
std::string render_topic_list(const Catalogue& catalogue, const TerminalStyle& style);
std::string render_topic(const Topic& topic, const Catalogue& catalogue, const TerminalStyle& style);
std::string render_triage(const Triage& triage, const Catalogue& catalogue, const TerminalStyle& style);
// The one safety status (core/safety_status): the screen, then the warning signs logged
// lately that it included. `plan`, `session` and `checkin` show it first.
std::string render_safety_status(const Triage& triage, const std::vector<LoggedSign>& logged,
                                 const Catalogue& catalogue, const TerminalStyle& style);
std::string render_plan(const Plan& plan, const Catalogue& catalogue, const TerminalStyle& style);
// "Today, Tuesday: Strength, about 14 minutes." or "Today, Sunday: a rest day.", from the
// week of `phase` (the person's current phase) for day number `day`.
std::string render_today(const PlanPhase& phase, int day, const TerminalStyle& style);

}  // namespace unknot::cli
