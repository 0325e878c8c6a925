#include "core/session_script.h"

#include "core/step_text.h"

#include <algorithm>
#include <cmath>

#include "core/diary.h"
#include "core/dose_words.h"

namespace unknot {
namespace {

std::string side_words(Side side) {
  switch (side) {
    case Side::kLeft: return "left side";
    case Side::kRight: return "right side";
    case Side::kNone: break;
  }
  return "";
}

std::string join_label(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    out += (out.empty() ? "" : " · ") + part;
  }
  return out;
}

std::string of(const char* what, int index, int count) {
  if (count <= 1) return "";
  return std::string(what) + " " + std::to_string(index) + " of " + std::to_string(count);
}

// Builds the steps of one item in order; the helpers below add the dose's own work for
// one set on one side.
class StepWriter {
 public:
  StepWriter(int item, std::vector<SessionStep>& out) : item_(item), out_(out) {}

  void add(SessionStep step) {
    step.item = item_;
    out_.push_back(std::move(step));
  }

  void rest(int seconds, std::string label) {
    if (seconds <= 0) return;
    SessionStep step;
    step.kind = StepKind::kRest;
    step.seconds = seconds;
    step.label = std::move(label);
    add(std::move(step));
  }

  void switch_to(Side side) {
    SessionStep step;
    step.kind = StepKind::kSwitch;
    step.side = side;
    step.seconds = kSwitchSidesSeconds;
    step.label = "Change to the " + side_words(side);
    add(std::move(step));
  }

 private:
  int item_;
  std::vector<SessionStep>& out_;
};

}  // namespace

std::vector<SessionStep> steps_for_dose(const Dose& dose, int seconds_per_rep, int item) {
  std::vector<SessionStep> steps;
  StepWriter writer(item, steps);
  SessionStep prepare;
  prepare.kind = StepKind::kPrepare;
  prepare.seconds = kPrepareSeconds;
  prepare.label = "Get ready";
  writer.add(prepare);

  const bool has_work = dose.reps || dose.holds || dose.hold_s || dose.duration_s;
  if (!has_work) return steps;
  const std::vector<Side> sides =
      dose.per_side.value_or(false) ? std::vector<Side>{Side::kLeft, Side::kRight} : std::vector<Side>{Side::kNone};
  const int sets = std::max(dose.sets.value_or(1), 1);
  for (int set = 1; set <= sets; ++set) {
    for (std::size_t side_index = 0; side_index < sides.size(); ++side_index) {
      const Side side = sides[side_index];
      if (side_index > 0) writer.switch_to(side);
      const std::string where = join_label({of("Set", set, sets), side_words(side)});
      // The work of one set on one side; numbered only when there is more than one set.
      auto work = [&](StepKind kind) {
        SessionStep step;
        step.kind = kind;
        step.side = side;
        step.set = sets > 1 ? set : 0;
        step.sets = sets > 1 ? sets : 0;
        return step;
      };
      if (dose.reps) {
        SessionStep step = work(StepKind::kReps);
        step.reps = *dose.reps;
        // Each rep is the movement plus any hold at its end.
        step.seconds_per_rep = std::max(seconds_per_rep, 1) + dose.hold_s.value_or(0);
        step.seconds = step.reps * step.seconds_per_rep;
        step.label = join_label({std::to_string(step.reps) + " reps", where});
        writer.add(step);
      } else if (dose.holds || dose.hold_s) {
        const int holds = std::max(dose.holds.value_or(1), 1);
        for (int hold = 1; hold <= holds; ++hold) {
          if (hold > 1) writer.rest(kBetweenHoldsSeconds, "Relax");
          SessionStep step = work(StepKind::kHold);
          step.hold = holds > 1 ? hold : 0;
          step.holds = holds > 1 ? holds : 0;
          step.seconds = dose.hold_s.value_or(0);
          step.label = join_label({holds > 1 ? of("Hold", hold, holds) : "Hold", where});
          writer.add(step);
        }
      } else {
        SessionStep step = work(StepKind::kTimed);
        step.seconds = *dose.duration_s;
        step.label = where.empty() ? "Keep going" : where;
        writer.add(step);
      }
    }
    if (set < sets) writer.rest(dose.rest_s.value_or(0), "Rest before set " + std::to_string(set + 1));
  }
  return steps;
}

SessionScript build_session_script(const PlanSession& session, const Catalogue& catalogue) {
  SessionScript script;
  script.session = session.id;
  script.title = session.title;
  for (const PlanItem& planned : session.items) {
    const int index = static_cast<int>(script.items.size());
    ScriptItem item;
    item.technique = planned.technique;
    item.variant = planned.variant;
    item.name = planned.name;
    item.dose = describe_dose(planned.dose);
    item.why = planned.why;
    item.cautions = planned.cautions;
    item.sources = planned.sources;
    int seconds_per_rep = 3;
    if (const Technique* technique = catalogue.find_technique(planned.technique)) {
      seconds_per_rep = technique->seconds_per_rep;
      const TechniqueForm form = technique->form(planned.variant);
      item.summary = form.summary;
      item.steps = render_steps(form.steps, planned.dose);  // the numbers the plan prescribed
      item.cues = form.cues;
      item.stop_if = form.stop_if;
    }
    std::vector<SessionStep> steps = steps_for_dose(planned.dose, seconds_per_rep, index);
    item.first_step = static_cast<int>(script.steps.size());
    item.step_count = static_cast<int>(steps.size());
    for (const SessionStep& step : steps) {
      item.reps_target += step.reps;
      script.total_seconds += step.seconds;
    }
    script.steps.insert(script.steps.end(), steps.begin(), steps.end());
    script.items.push_back(std::move(item));
  }
  return script;
}

const PlanPhase* phase_for_week(const Plan& plan, double weeks_in_program) {
  if (plan.phases.empty()) return nullptr;
  const int week = static_cast<int>(std::floor(std::max(weeks_in_program, 0.0))) + 1;
  const PlanPhase* found = &plan.phases.front();
  for (const PlanPhase& phase : plan.phases) {
    if (phase.first_week <= week) found = &phase;
  }
  return found;
}

std::vector<int> session_weekdays(int days_per_week) {
  switch (std::clamp(days_per_week, 1, 7)) {
    case 1: return {2};
    case 2: return {1, 4};
    case 3: return {0, 2, 4};
    case 4: return {0, 1, 3, 4};
    case 5: return {0, 1, 2, 3, 4};
    case 6: return {0, 1, 2, 3, 4, 5};
    default: return {0, 1, 2, 3, 4, 5, 6};
  }
}

const PlanSession* session_for_day(const PlanPhase& phase, int day) {
  // A hand-built phase may lack the week; the engine's rule fills it in the same way.
  const std::vector<PlanDay> week = phase.week.size() == 7 ? phase.week : schedule_week(phase.sessions);
  const PlanDay& today = week[static_cast<std::size_t>(weekday(day))];
  if (today.sessions.empty()) return nullptr;  // a rest day
  for (const PlanSession& session : phase.sessions) {
    if (session.id == today.sessions.front()) return &session;
  }
  return nullptr;
}

const PlanSession* find_session(const Plan& plan, const std::string& id, const PlanPhase* prefer) {
  if (prefer) {
    for (const PlanSession& session : prefer->sessions) {
      if (session.id == id) return &session;
    }
  }
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      if (session.id == id) return &session;
    }
  }
  return nullptr;
}

const std::vector<std::string>& session_check_symptoms() {
  static const std::vector<std::string> symptoms = {
      "chest_pain_or_pressure", "shortness_of_breath", "arm_or_hand_numbness_or_tingling",
      "both_legs_numb_weak_or_tingling", "arm_or_hand_weakness_or_clumsiness"};
  return symptoms;
}

std::string clock_text(int seconds) {
  seconds = std::max(seconds, 0);
  const int minutes = seconds / 60;
  const int rest = seconds % 60;
  return std::to_string(minutes) + ":" + (rest < 10 ? "0" : "") + std::to_string(rest);
}

}  // namespace unknot
