// The one safety status a person sees first everywhere (`unknot plan`, `session`,
// `checkin`, the web home and plan page, and plan JSON): the saved intake's screen plus every
// warning sign logged in the diary within the review's re-screen window. Pure: computed
// here, in one place, so every surface says the same thing in the same words.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/triage.h"

namespace unknot {

// Days a logged warning sign keeps counting: the progress review re-screens (next step
// `rescreen`) over the same window (core/review.cc).
constexpr int kRescreenWindowDays = 14;

struct LoggedSign {
  std::string symptom;  // an intake symptom name
  std::string at;       // when it was first logged in the window
};

struct SafetyStatus {
  Triage triage;                     // the screen of the intake with the logged signs added
  std::vector<LoggedSign> logged;    // signs from the diary in the window, first-logged order
};

// Symptom entries of the last kRescreenWindowDays days up to `as_of` (a day number),
// each symptom once, oldest first. Entries after `as_of` do not count.
std::vector<LoggedSign> warning_signs_logged(const std::vector<DiaryEntry>& diary, int as_of);

// The logged signs in plain words, the same on every surface: "Warning signs you logged in
// the last 14 days: Double vision (2026-03-02); ..." Empty when nothing was logged.
std::string logged_signs_text(const std::vector<LoggedSign>& logged);

// `person` with `logged` added to its symptoms: what the screen runs on.
Intake with_logged_signs(Intake person, const std::vector<LoggedSign>& logged);

// The status: `saved` (or the stand-in adult of intake_for_screening when there is none)
// screened together with the warning signs logged in the window.
SafetyStatus safety_status(const std::optional<Intake>& saved, const std::vector<DiaryEntry>& diary,
                           int as_of, const SafetyText& text);

}  // namespace unknot
