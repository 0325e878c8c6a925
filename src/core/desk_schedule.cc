#include "core/desk_schedule.h"

#include <algorithm>
#include <cctype>
#include <limits>

namespace unknot {
namespace {

constexpr int kSecondsPerDay = 24 * 60 * 60;

// Never ask to be woken sooner than this: a reading taken exactly at a boundary must move on.
constexpr double kMinimumStep = 1;

}  // namespace

std::string_view to_string(DeskState state) {
  switch (state) {
    case DeskState::kWorking: return "working";
    case DeskState::kAway: return "away";
    case DeskState::kReminding: return "reminding";
    case DeskState::kHeldBack: return "held_back";
    case DeskState::kLocked: return "locked";
    case DeskState::kOutsideHours: return "outside_hours";
  }
  return "working";
}

std::string_view to_string(BreakOutcome outcome) {
  switch (outcome) {
    case BreakOutcome::kDone: return "done";
    case BreakOutcome::kSnoozed: return "snoozed";
    case BreakOutcome::kSkipped: return "skipped";
  }
  return "done";
}

std::optional<BreakOutcome> parse_break_outcome(std::string_view name) {
  for (BreakOutcome outcome : {BreakOutcome::kDone, BreakOutcome::kSnoozed, BreakOutcome::kSkipped}) {
    if (to_string(outcome) == name) return outcome;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// The schedule.

DeskSchedule::DeskSchedule(DeskSettings settings, DeskClock now)
    : settings_(settings), work_started_(now.seconds), last_seen_(now.seconds), expected_wake_(now.seconds) {}

double DeskSchedule::due_at() const {
  return snoozed_until_ ? *snoozed_until_ : work_started_ + settings_.work_seconds;
}

double DeskSchedule::worked_seconds(DeskClock now) const {
  switch (state_) {
    case DeskState::kWorking:
    case DeskState::kReminding:
    case DeskState::kHeldBack: return std::max(0.0, now.seconds - work_started_);
    default: return 0;
  }
}

void DeskSchedule::start_work_spell(double at) {
  work_started_ = at;
  snoozed_until_.reset();
}

bool DeskSchedule::within_hours(DeskClock now) const {
  if (!settings_.hours) return true;
  const int start = settings_.hours->start_minute * 60, end = settings_.hours->end_minute * 60;
  const int time = now.local_seconds_of_day;
  return start < end ? (time >= start && time < end) : (time >= start || time < end);
}

double DeskSchedule::seconds_until_hours(DeskClock now) const {
  const int start = settings_.hours ? settings_.hours->start_minute * 60 : 0;
  const int until = ((start - now.local_seconds_of_day) % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay;
  return std::max<double>(until, kMinimumStep);
}

DeskDecision DeskSchedule::observe(DeskClock now, std::optional<double> idle_seconds) {
  DeskDecision decision;
  auto finish = [&](double wake_at) {
    decision.wake_at = std::max(wake_at, now.seconds + kMinimumStep);
    expected_wake_ = decision.wake_at;
    return decision;
  };
  auto leave_reminding = [&](DeskState next) {
    if (state_ == DeskState::kReminding) decision.withdraw = true;
    state_ = next;
  };
  // Every look is asked for at most natural_break seconds ahead while counting, so a much
  // later look than asked for means the clock jumped: the machine slept (or unknot was
  // stopped). Either way the person was not typing.
  const bool counting = state_ == DeskState::kWorking || state_ == DeskState::kReminding ||
                        state_ == DeskState::kHeldBack;
  const bool slept = counting && now.seconds > expected_wake_ + kDeskLateSlackSeconds &&
                     now.seconds - last_seen_ >= settings_.natural_break_seconds;
  last_seen_ = now.seconds;
  const double idle = idle_seconds.value_or(0);
  const double recheck = std::min(kDeskRecheckSeconds, settings_.natural_break_seconds);

  if (!within_hours(now)) {
    leave_reminding(DeskState::kOutsideHours);
    return finish(now.seconds + seconds_until_hours(now));
  }
  if (state_ == DeskState::kOutsideHours) {
    state_ = DeskState::kWorking;
    start_work_spell(now.seconds);
  }
  if (locked_) {
    leave_reminding(DeskState::kLocked);
    return finish(now.seconds + recheck);
  }
  if (slept) {
    leave_reminding(DeskState::kWorking);
    start_work_spell(now.seconds - std::min(idle, static_cast<double>(settings_.natural_break_seconds)));
  }
  if (idle_seconds && idle >= settings_.natural_break_seconds) {
    leave_reminding(DeskState::kAway);
    return finish(now.seconds + recheck);
  }
  if (state_ == DeskState::kAway || state_ == DeskState::kLocked) {
    // Back at the keyboard: the last input was `idle` seconds ago, so work began about then.
    state_ = DeskState::kWorking;
    start_work_spell(now.seconds - idle);
  }
  // The earliest moment the current pause could become a natural break.
  const double look_ahead = idle_seconds ? now.seconds + (settings_.natural_break_seconds - idle)
                                         : std::numeric_limits<double>::infinity();

  if (state_ == DeskState::kReminding) {
    if (now.seconds - reminded_at_ >= settings_.snooze_seconds) {
      // Left unanswered: ask again, as a snooze would.
      reminded_at_ = now.seconds;
      decision.remind = true;
    }
    return finish(std::min(reminded_at_ + settings_.snooze_seconds, look_ahead));
  }
  if (now.seconds >= due_at()) {
    if (do_not_disturb_) {
      state_ = DeskState::kHeldBack;
      return finish(std::min(now.seconds + recheck, look_ahead));
    }
    state_ = DeskState::kReminding;
    reminded_at_ = now.seconds;
    decision.remind = true;
    return finish(std::min(now.seconds + settings_.snooze_seconds, look_ahead));
  }
  state_ = DeskState::kWorking;
  return finish(std::min(due_at(), look_ahead));
}

void DeskSchedule::set_locked(DeskClock now, bool locked) {
  if (locked == locked_) return;
  locked_ = locked;
  if (locked) {
    locked_at_ = now.seconds;
    if (state_ != DeskState::kOutsideHours) state_ = DeskState::kLocked;
    return;
  }
  if (state_ == DeskState::kLocked) state_ = DeskState::kWorking;
  // A lock as long as a natural break was one; a shorter one changes nothing.
  if (now.seconds - locked_at_ >= settings_.natural_break_seconds) start_work_spell(now.seconds);
  last_seen_ = now.seconds;
}

void DeskSchedule::answer(DeskClock now, BreakOutcome outcome) {
  if (state_ == DeskState::kReminding || state_ == DeskState::kHeldBack) state_ = DeskState::kWorking;
  if (outcome == BreakOutcome::kSnoozed) {
    snoozed_until_ = now.seconds + settings_.snooze_seconds;
  } else {
    start_work_spell(now.seconds);
  }
}

// ---------------------------------------------------------------------------------------
// Which micro-break.

const std::vector<std::string>& desk_technique_ids() {
  static const std::vector<std::string> kIds = {"posture-reset", "shoulder-blade-squeeze", "shoulder-rolls",
                                                "neck-side-tilt", "chest-opener-doorway"};
  return kIds;
}

Dose micro_dose(const Dose& dose, int seconds_per_rep) {
  Dose micro = dose;
  micro.rest_s.reset();
  if (micro.sets) micro.sets = 1;
  if (micro.duration_s) micro.duration_s = std::min(*micro.duration_s, kMicroBreakMaxSeconds);
  const int setup = estimate_seconds(Dose{}, seconds_per_rep);
  auto too_long = [&] { return estimate_seconds(micro, seconds_per_rep) - setup > kMicroBreakMaxSeconds; };
  while (too_long() && micro.holds && *micro.holds > 1) --*micro.holds;
  while (too_long() && micro.reps && *micro.reps > 1) --*micro.reps;
  while (too_long() && micro.hold_s && *micro.hold_s > 5) *micro.hold_s -= 5;
  return micro;
}

std::vector<MicroBreak> micro_breaks(const Plan& plan, const Catalogue& catalogue, const Intake& intake) {
  std::vector<MicroBreak> breaks;
  if (plan.status != PlanStatus::kOk) return breaks;
  const std::vector<std::string>& desk = desk_technique_ids();
  auto add = [&](const std::string& id) {
    if (std::any_of(breaks.begin(), breaks.end(), [&](const MicroBreak& taken) { return taken.technique == id; })) {
      return;
    }
    const Technique* technique = catalogue.find_technique(id);
    if (!technique) return;
    std::optional<PlanItem> form = safe_form(*technique, intake);
    if (!form) return;
    MicroBreak micro;
    micro.technique = id;
    micro.name = form->name;
    const Variant* variant = technique->find_variant(form->variant);
    micro.summary = variant && !variant->summary.empty() ? variant->summary : technique->summary;
    micro.dose = micro_dose(form->dose, technique->seconds_per_rep);
    micro.seconds = estimate_seconds(micro.dose, technique->seconds_per_rep) -
                    estimate_seconds(Dose{}, technique->seconds_per_rep);
    micro.sources = technique->sources;
    breaks.push_back(std::move(micro));
  };
  // The plan's own desk habits first: they were chosen for this person's triggers.
  for (const Habit& habit : plan.habits) {
    if (std::find(desk.begin(), desk.end(), habit.technique) != desk.end()) add(habit.technique);
  }
  for (const std::string& id : desk) add(id);
  return breaks;
}

const MicroBreak& pick_micro_break(const std::vector<MicroBreak>& breaks, int turn) {
  const int count = static_cast<int>(breaks.size());
  return breaks[static_cast<std::size_t>(((turn % count) + count) % count)];
}

// ---------------------------------------------------------------------------------------
// Options.

Result<int> parse_duration(const std::string& text, const std::string& option, int minimum, int maximum) {
  auto bad = [&] {
    return Error::bad_input(option + ": '" + text + "' is not a duration (e.g. 40m, 90s, 1h30m; a plain number is minutes)");
  };
  if (text.empty()) return bad();
  long long total = 0;
  std::size_t index = 0;
  bool any_unit = false;
  while (index < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[index]))) return bad();
    long long number = 0;
    while (index < text.size() && std::isdigit(static_cast<unsigned char>(text[index]))) {
      number = number * 10 + (text[index] - '0');
      if (number > 1'000'000) return bad();
      ++index;
    }
    if (index == text.size()) {
      if (any_unit) return bad();  // "1h30" is ambiguous
      total += number * 60;
      break;
    }
    const char unit = text[index++];
    any_unit = true;
    if (unit == 'h') {
      total += number * 3600;
    } else if (unit == 'm') {
      total += number * 60;
    } else if (unit == 's') {
      total += number;
    } else {
      return bad();
    }
  }
  if (total < minimum || total > maximum) {
    return Error::bad_input(option + ": '" + text + "' must be from " + std::to_string(minimum) + " s to " +
                            std::to_string(maximum / 60) + " min");
  }
  return static_cast<int>(total);
}

Result<WorkingHours> parse_working_hours(const std::string& text, const std::string& option) {
  auto bad = [&] { return Error::bad_input(option + ": '" + text + "' is not a time range like 09:00-17:30"); };
  auto minute_of = [](const std::string& part) -> std::optional<int> {
    if (part.size() != 5 || part[2] != ':') return std::nullopt;
    for (std::size_t index : {0u, 1u, 3u, 4u}) {
      if (!std::isdigit(static_cast<unsigned char>(part[index]))) return std::nullopt;
    }
    const int hours = (part[0] - '0') * 10 + (part[1] - '0');
    const int minutes = (part[3] - '0') * 10 + (part[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
  };
  const std::size_t dash = text.find('-');
  if (dash == std::string::npos) return bad();
  const std::optional<int> start = minute_of(text.substr(0, dash)), end = minute_of(text.substr(dash + 1));
  if (!start || !end) return bad();
  if (*start % (24 * 60) == *end) {
    return Error::bad_input(option + ": '" + text + "' starts and ends at the same time");
  }
  return WorkingHours{*start % (24 * 60), *end};
}

}  // namespace unknot
