// The plan engine: intake + knowledge base -> a personal, phased plan. Pure.
//
// Phases (calm -> mobilize -> strengthen -> maintain) each hold sessions made of "slots":
// a slot names the job (warm the muscles, strengthen the mid-back, ...) and the techniques
// that can do it, best first. For each slot the engine takes the first technique whose
// form (the technique itself or one of its variants) this person can do safely: nothing
// they lack, no position they cannot take, nothing their cautions or history rule out.
// Sessions never exceed the person's minutes per day or five items. docs/plan-rules.md
// gives every rule with its source. Every word the plan shows comes from the catalogue's
// plan wording (content/plan.yaml); plan_text_specs() lists the texts the engine needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/intake.h"
#include "core/safety_status.h"
#include "core/triage.h"

namespace unknot {

struct PlanItem {
  std::string technique;
  std::string variant;  // empty: the technique's main form
  std::string name;     // the form's name, for people
  Kind kind = Kind::kMobility;
  Position position = Position::kStanding;
  std::vector<std::string> equipment;
  bool weight_on_hands = false;
  bool overhead = false;
  Dose dose;
  int estimated_seconds = 0;
  std::string why;
  std::vector<std::string> sources;
  std::vector<std::string> cautions;
  std::string source;  // "" the plan engine; "clinician" prescribed (core/prescription.h)
};

struct PlanSession {
  std::string id;
  std::string title;
  int days_per_week = 0;
  int minutes = 0;
  std::vector<PlanItem> items;
};

// One weekday of a phase's week: the sessions done that day (none: a rest day) and their
// minutes together, never more than the person's minutes per day.
struct PlanDay {
  int weekday = 0;  // Monday = 0
  std::vector<std::string> sessions;
  int minutes = 0;
};

struct PlanPhase {
  std::string id;
  std::string title;
  int first_week = 1;
  std::optional<int> last_week;  // nullopt: open-ended
  std::string advance_when;
  std::vector<PlanSession> sessions;
  // Monday to Sunday: which session falls on which day, computed once by build_plan. The
  // terminal, the web, `unknot session` and the calendar all read it.
  std::vector<PlanDay> week;
};

struct Habit {
  std::string technique;
  Kind kind = Kind::kPosture;
  std::string when;
  std::string why;
};

struct ReviewRule {
  int first_week = 4;
  std::string rule;
};

// A plain-language statement tied to a code: how the plan settles a disagreement between
// the seeds, or a note specific to this person.
struct PlanNote {
  std::string code;
  std::string says;
};

enum class PlanStatus { kOk, kRefer };

struct Plan {
  PlanStatus status = PlanStatus::kOk;
  Triage triage;
  // Warning signs from the diary that the screen above included (core/safety_status): with
  // `triage`, the person's one safety status. Empty for a plan made from an intake file.
  std::vector<LoggedSign> logged_signs;
  bool irritable = false;
  int minutes_per_day = 0;
  int strength_days_per_week = 0;
  std::vector<PlanPhase> phases;
  std::vector<Habit> habits;
  ReviewRule review;
  std::vector<PlanNote> reconciliations;
  std::vector<PlanNote> notes;
  std::vector<std::string> learn;  // topic ids worth reading, in order
};

// The progress review's verdict on load (pain-monitoring model, clinical.md §3.1).
enum class DoseStep { kHold, kProgress, kRegress };

struct PlanOptions {
  DoseStep strength_step = DoseStep::kHold;
};

// Minutes per day when the intake does not say, and strength days per week.
constexpr int kDefaultMinutesPerDay = 15;
constexpr int kDefaultStrengthDays = 3;
constexpr int kMaxStrengthDays = 4;
constexpr int kMaxItemsPerSession = 5;

// Strength days a week the plan uses: the person's choice (default 3), at most 4.
int planned_strength_days(const Intake& intake);

// Whether pain is "irritable": 7-10 now, or began within the last week (clinical.md §6).
bool is_irritable(const Intake& intake);

// Estimated seconds to do one item at `dose` (setup included), for fitting sessions.
int estimate_seconds(const Dose& dose, int seconds_per_rep);

// The dose one step up or down (ACSM 2-10% / one set, clinical.md §3.1-3.2).
Dose step_dose(const Dose& dose, DoseStep step);

Plan build_plan(const Intake& intake, const Catalogue& catalogue, const PlanOptions& options = {});

// The week of a phase: sessions done on fewer days first (strength) on their spread-out
// weekdays (session_weekdays), then the others on the days still free, one session a day.
std::vector<PlanDay> schedule_week(const std::vector<PlanSession>& sessions);

// "Monday" ... "Sunday" for weekday 0..6.
const char* weekday_name(int weekday);

// A text the engine shows people: its key in Catalogue::plan_wording and the placeholders
// the engine fills in it (each usable as `{name}`).
struct PlanTextSpec {
  std::string key;
  std::vector<std::string> placeholders;
};

// Every text build_plan may look up, in file order, derived from the same tables the engine
// builds plans from. The content loader requires exactly these keys and no other placeholders.
std::vector<PlanTextSpec> plan_text_specs();

// The form of `technique` this person can do safely, by the same rules the plan's sessions
// use (equipment, positions, contraindications, cautions, history), as an item with that
// form's own dose and no `why`; nullopt when no form is safe. For the desk micro-breaks.
std::optional<PlanItem> safe_form(const Technique& technique, const Intake& intake);

}  // namespace unknot
