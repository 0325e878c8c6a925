// The interactive intake behind `unknot start`: one question at a time, in plain words,
// red-flag questions first. An emergency answer stops it at once with what to do now.
// Reads answers from `in` and writes to `out`, so tests drive it with string streams.
#pragma once

#include <iosfwd>
#include <optional>

#include "cli/terminal.h"
#include "core/catalogue.h"
#include "core/intake.h"
#include "core/result.h"

namespace unknot::cli {

enum class WizardEnd { kFinished, kEmergency };

struct WizardResult {
  WizardEnd end = WizardEnd::kFinished;
  std::optional<Intake> intake;  // set when kFinished
};

// kBadInput error when the answers run out before the intake is complete.
Result<WizardResult> run_start_wizard(std::istream& in, std::ostream& out, const Catalogue& catalogue,
                                      const TerminalStyle& style);

}  // namespace unknot::cli
