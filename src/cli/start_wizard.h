// The interactive intake behind `unknot start`: one question at a time, in plain words,
// red-flag questions first. An emergency answer stops it at once with what to do now.
// Reads answers from `in` and writes to `out`, so tests drive it with string streams.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/terminal.h"
#include "core/catalogue.h"
#include "core/diary.h"
#include "core/intake.h"
#include "core/result.h"

namespace unknot::cli {

enum class WizardEnd { kFinished, kEmergency };

struct WizardResult {
  WizardEnd end = WizardEnd::kFinished;
  std::optional<Intake> intake;  // set when kFinished
};

struct CheckinResult {
  WizardEnd end = WizardEnd::kFinished;
  std::vector<DiaryEntry> entries;  // to store, even when it ended on an emergency
};

// The daily check-in: the quick red-flag re-check first (an emergency answer stops it at
// once with what to do now), then morning pain (as next-morning pain when a session was
// logged yesterday), yesterday's triggers and an optional note. `person` is the saved
// intake, if any, so warning signs are screened together with what is already known.
// Before noon it asks about the pain now, as this morning's; from noon it asks about this
// morning in the past tense (stored for today's date, as morning pain, only if answered)
// and then about the pain now (as evening pain from 17:00, else "other").
// `echo_answers`: answers come piped in, so write each after its question.
Result<CheckinResult> run_checkin(std::istream& in, std::ostream& out, const Catalogue& catalogue,
                                  const TerminalStyle& style, const std::optional<Intake>& person,
                                  const std::string& now, bool session_yesterday, bool echo_answers = false);

// kBadInput error when the answers run out before the intake is complete.
Result<WizardResult> run_start_wizard(std::istream& in, std::ostream& out, const Catalogue& catalogue,
                                      const TerminalStyle& style);

}  // namespace unknot::cli
