// The web app's pages as HTML (the part inside <main>), from plain values. Pure: the
// handlers in web/app.cc gather the data through service::Workspace and wrap the result
// with web::page(). Every wording about safety and techniques comes from the knowledge
// base and the shared intake questions (core/intake_questions.h), never from here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "core/diary.h"
#include "core/insights.h"
#include "core/intake_questions.h"
#include "core/plan.h"
#include "core/review.h"
#include "core/triage.h"
#include "web/charts.h"

namespace unknot::web {

// The name of a form field for an intake option: "symptoms=fever", "pain/tearing_or_ripping".
std::string option_field_value(const IntakeOption& option);

// `safety_status`: safety_status_html() of the current plan, shown first; empty without an intake.
std::string welcome_html(bool has_intake, const std::string& safety_status = "");
// The one safety status (core/safety_status) of `plan`: the screen and the warning signs
// logged lately that it included, in the words `unknot plan` uses.
std::string safety_status_html(const Plan& plan, const Catalogue& catalogue, const std::string& lead);

// Intake, step 1: the emergency signs on their own (the later steps: web/intake_form.h).
std::string intake_safety_html(const std::string& csrf);
// The safety screen's result: what to do now (emergency numbers as tel: links) and why. With
// `you_said` (the labels of the answers ticked on the form), the "why" lists those only and
// keeps the rules' general wording folded away; without, every reason.
std::string triage_html(const Triage& triage, const Catalogue& catalogue, const std::string& lead,
                        const std::vector<std::string>& you_said = {});

std::string no_intake_html();
// `today` is today's session (nullptr when none); links go to the session player.
// `current_phase` is the id of the phase the person is in now ("" when not known).
std::string plan_html(const Plan& plan, const Catalogue& catalogue, const PlanSession* today,
                      const std::string& current_phase = "");

// Short reads from the knowledge base: the list, and one topic.
std::string topics_html(const Catalogue& catalogue);
std::string topic_html(const Topic& topic, const Catalogue& catalogue);

std::string techniques_html(const Catalogue& catalogue);
std::string technique_html(const Technique& technique, const Catalogue& catalogue);

// The player's frame; player.js fetches /api/session/ID and runs it (and posts the result
// with the token from <meta name="csrf-token">). Without script, the items as a plain list.
std::string session_html(const PlanSession& session);

// The short safety re-check before a session (core/session_script's session_check_symptoms):
// ticking any sign stops the session; "none" opens the player. `speed` is carried to the
// player (for demonstrations and tests); empty when not given.
std::string session_check_html(const PlanSession& session, const std::string& csrf, const std::string& speed);

// The longest note the check-in's field takes (maxlength) and the server stores, in characters.
constexpr int kNoteMaxCharacters = 2000;

// Characters (Unicode code points) in UTF-8 `text`, as a browser's maxlength counts them for
// text outside the rare astral planes.
int character_count(std::string_view text);

// `safety_status`: safety_status_html() of the current plan, shown first (may be empty);
// `late_pregnancy`: also ask the pregnancy signs (20 weeks pregnant or more).
std::string checkin_html(const std::string& csrf, bool session_yesterday, const std::string& safety_status = "",
                         bool late_pregnancy = false);
std::string diary_html(const std::vector<DiaryEntry>& newest_first, const std::string& csrf,
                       const std::string& notice);

std::string progress_html(const PainTrend& trend, const Insights& insights, const Review& review,
                          bool printable);
std::string review_html(const Review& review);
std::string export_html(bool has_intake);

std::string error_html(int status, const std::string& message);

}  // namespace unknot::web
