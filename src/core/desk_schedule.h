// Desk micro-break reminders (`unknot desk`), decided without any I/O: the adapter in
// src/desk/ feeds this readings of the desktop's idle time, screen-lock changes, the
// do-not-disturb flag, the person's answers and two clocks, and it says when a break is due
// and when to look again. It also picks which 30-60 second micro-break to offer from the
// person's plan. docs/desk.md explains the rules for people.
//
// Rules (../shared/reference/clinical.md §6, "Desk micro-breaks"): a 30-60 s posture or
// movement break after about 30-45 minutes of continuous keyboard and mouse activity,
// counted from real activity, not wall-clock time, and framed as comfort and variety, not a
// cure (§3.6: change position often, don't hold the neck still for long [R10]; workplace
// changes have not clearly reduced pain [D26]; posture links are cross-sectional [D27]). So:
// - Work is counted from the end of the last break. A spell away from the keyboard of at
//   least `natural_break_seconds` is a natural break and starts the count again; shorter
//   pauses (reading, thinking) still count as desk time, since the person usually sits on.
// - A locked screen, or a jump in the clock while the machine slept, counts as time away.
// - Reminders wait while do-not-disturb is on, and nothing runs outside working hours.
// - Done and Skip start a new work spell; Snooze asks again after `snooze_seconds`; a
//   reminder left unanswered for `snooze_seconds` is asked again the same way.
//
// Sampling: for a desktop that can only be asked "how long since the last input?" (X11),
// the next look is at most (natural_break - idle) seconds away. That catches every spell
// away of natural_break or more (give or take a late timer), while waking at most once per
// natural_break during continuous work: no busy polling.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.h"
#include "core/intake.h"
#include "core/plan.h"
#include "core/result.h"

namespace unknot {

// Defaults (clinical.md §6 "Desk micro-breaks": 30-60 s after about 30-45 min).
constexpr int kDefaultDeskWorkSeconds = 40 * 60;
// Five minutes without input is taken as having got up: a product choice, documented in
// docs/desk.md; shorter pauses are mostly spent sitting.
constexpr int kDefaultNaturalBreakSeconds = 5 * 60;
constexpr int kDefaultSnoozeSeconds = 5 * 60;
constexpr int kMicroBreakMaxSeconds = 60;
// How often to look again while the person is away, the screen is locked or a reminder is
// held back by do-not-disturb (nothing is lost by looking rarely then); never less often
// than once per natural break.
constexpr int kDeskRecheckSeconds = 60;
// A timer may fire this late without the gap counting as the machine having slept.
constexpr int kDeskLateSlackSeconds = 30;

// Working hours as minutes after local midnight, [start, end); end < start spans midnight.
struct WorkingHours {
  int start_minute = 0;
  int end_minute = 0;
  bool operator==(const WorkingHours&) const = default;
};

struct DeskSettings {
  int work_seconds = kDefaultDeskWorkSeconds;
  int natural_break_seconds = kDefaultNaturalBreakSeconds;
  int snooze_seconds = kDefaultSnoozeSeconds;
  std::optional<WorkingHours> hours;  // nullopt: any time
};

// One reading of the clocks the schedule needs.
struct DeskClock {
  // Seconds on a clock that keeps counting while the machine sleeps (CLOCK_BOOTTIME), so a
  // suspend shows up as a jump.
  double seconds = 0;
  // Local time of day, 0..86399, for working hours.
  int local_seconds_of_day = 0;
};

enum class DeskState {
  kWorking,       // counting desk time towards the next break
  kAway,          // away from the keyboard: a natural break
  kReminding,     // a reminder is on screen, waiting for an answer
  kHeldBack,      // a break is due but do-not-disturb is on
  kLocked,        // the screen is locked
  kOutsideHours,  // outside working hours
};

// "working", "away", "reminding", "held_back", "locked", "outside_hours".
std::string_view to_string(DeskState state);

enum class BreakOutcome : unsigned char { kDone, kSnoozed, kSkipped };

// "done", "snoozed", "skipped" (the diary's `outcome`).
std::string_view to_string(BreakOutcome outcome);
std::optional<BreakOutcome> parse_break_outcome(std::string_view name);

struct DeskDecision {
  bool remind = false;    // show a reminder now
  bool withdraw = false;  // take the reminder on screen away (the person stepped away)
  double wake_at = 0;     // call observe() again at this clock time at the latest
};

class DeskSchedule {
 public:
  DeskSchedule(DeskSettings settings, DeskClock now);

  // One reading: seconds since the last keyboard or mouse input, or nullopt when the desktop
  // cannot tell (the plain-timer fallback: every second counts as desk time).
  DeskDecision observe(DeskClock now, std::optional<double> idle_seconds);

  void set_locked(DeskClock now, bool locked);
  void set_do_not_disturb(bool on) { do_not_disturb_ = on; }

  // The person's answer to the reminder on screen.
  void answer(DeskClock now, BreakOutcome outcome);

  DeskState state() const { return state_; }
  const DeskSettings& settings() const { return settings_; }
  // When the next break is due (clock seconds); meaningful while working or reminding.
  double due_at() const;
  // Desk time counted towards the next break at `now`.
  double worked_seconds(DeskClock now) const;

 private:
  bool within_hours(DeskClock now) const;
  double seconds_until_hours(DeskClock now) const;
  void start_work_spell(double at);

  DeskSettings settings_;
  DeskState state_ = DeskState::kWorking;
  double work_started_ = 0;
  std::optional<double> snoozed_until_;
  double reminded_at_ = 0;
  double last_seen_ = 0;
  double expected_wake_ = 0;
  double locked_at_ = 0;
  bool locked_ = false;
  bool do_not_disturb_ = false;
};

// One micro-break to offer: a form of a technique this person can do safely, with a dose
// trimmed to fit 30-60 seconds.
struct MicroBreak {
  std::string technique;  // technique id (the diary's `technique`)
  std::string name;       // the form's name, for people
  std::string summary;    // the technique's (or variant's) summary
  Dose dose;
  int seconds = 0;        // about how long it takes
  std::vector<std::string> sources;
};

// Techniques that suit a break at the desk, in the order they are tried after the plan's own
// habits: seated or standing, no equipment beyond a doorway, over in a minute.
const std::vector<std::string>& desk_technique_ids();

// The micro-breaks for this person: first the plan's desk habits (in plan order), then the
// other desk techniques the plan's safety rules allow them (safe_form), each once. Empty when
// the plan refers the person to a professional.
std::vector<MicroBreak> micro_breaks(const Plan& plan, const Catalogue& catalogue, const Intake& intake);

// `dose` cut down to at most kMicroBreakMaxSeconds: one set, fewer holds or reps, no rest.
Dose micro_dose(const Dose& dose, int seconds_per_rep);

// The `turn`-th break of a rotation through `breaks` (not empty), so they vary.
const MicroBreak& pick_micro_break(const std::vector<MicroBreak>& breaks, int turn);

// "40m", "90s", "1h", "1h30m" or a plain number of minutes -> seconds. kBadInput names
// `option` when the text is not such a duration or is outside [minimum, maximum] seconds.
Result<int> parse_duration(const std::string& text, const std::string& option, int minimum, int maximum);

// "09:00-17:30" -> working hours. kBadInput names `option` when it is not that form.
Result<WorkingHours> parse_working_hours(const std::string& text, const std::string& option);

}  // namespace unknot
