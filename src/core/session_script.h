// A plan session as a script a coach can follow second by second: each item's dose
// expanded into steps (get ready, timed work, holds, paced reps, rests, side changes).
// Pure. The terminal coach (cli/session_*), the browser player (web/) and the plan's time
// estimates all read the same expansion, so what the plan promises is what the session
// does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/plan.h"

namespace unknot {

enum class StepKind {
  kPrepare,  // read the steps and get into position
  kTimed,    // keep going for `seconds` (heat, rolling, breathing)
  kHold,     // hold a position for `seconds`
  kReps,     // `reps` repetitions, one every `seconds_per_rep` (paced) or counted by key
  kRest,     // rest between sets, or relax between holds
  kSwitch,   // change to the other side
};

enum class Side { kNone, kLeft, kRight };

struct SessionStep {
  int item = 0;  // index into SessionScript::items
  StepKind kind = StepKind::kTimed;
  Side side = Side::kNone;
  int set = 0, sets = 0;    // 1-based; 0 when the dose has no sets
  int hold = 0, holds = 0;  // 1-based; 0 when not a hold
  int seconds = 0;          // the countdown; for reps, reps * seconds_per_rep
  int reps = 0;
  int seconds_per_rep = 0;
  std::string label;        // "Set 1 of 2 · left side", "Rest", "Get ready"
};

// Seconds to get ready for each item (read the steps, get into position).
constexpr int kPrepareSeconds = 20;
// Seconds to relax between holds and to change sides.
constexpr int kBetweenHoldsSeconds = 5;
constexpr int kSwitchSidesSeconds = 5;

// The steps of one item at `dose`, starting with its get-ready step; `item` fills
// SessionStep::item. A dose that says nothing gives only the get-ready step.
std::vector<SessionStep> steps_for_dose(const Dose& dose, int seconds_per_rep, int item = 0);

struct ScriptItem {
  std::string technique;
  std::string variant;
  std::string name;
  std::string dose;  // in plain words
  std::string summary;
  std::vector<std::string> steps;
  std::vector<std::string> cues;
  std::vector<std::string> stop_if;
  std::string why;
  std::vector<std::string> cautions;
  std::vector<std::string> sources;
  int reps_target = 0;  // total reps the dose asks for (all sets and sides); 0: not a reps item
  int first_step = 0;   // index of its first step in SessionScript::steps
  int step_count = 0;
};

struct SessionScript {
  std::string session;  // the plan session id
  std::string title;
  std::vector<ScriptItem> items;
  std::vector<SessionStep> steps;
  int total_seconds = 0;
};

SessionScript build_session_script(const PlanSession& session, const Catalogue& catalogue);

// The phase a person is in after `weeks_in_program` weeks (0 on the first day).
const PlanPhase* phase_for_week(const Plan& plan, double weeks_in_program);

// Weekdays (Monday = 0) a session done `days_per_week` times is placed on: spread out,
// weekdays first. Shared with the calendar export.
std::vector<int> session_weekdays(int days_per_week);

// The session for day `day` in `phase`, from the phase's week (PlanPhase::week). nullptr
// on a rest day or for an empty phase.
const PlanSession* session_for_day(const PlanPhase& phase, int day);

// A session of `plan` by id, from the phase given first, then any phase. nullptr if none.
const PlanSession* find_session(const Plan& plan, const std::string& id, const PlanPhase* prefer = nullptr);

// The warning signs asked about just before every session, as intake symptom names: chest
// pain or pressure, breathlessness, new numbness, weakness or clumsiness (clinical.md §1).
// Any of them stops the session; the terminal coach and the web player ask the same list.
const std::vector<std::string>& session_check_symptoms();

// "1:05", "12:00": minutes and seconds for countdowns.
std::string clock_text(int seconds);

}  // namespace unknot
