#include "core/session_script.h"

#include <gtest/gtest.h>

#include "core/diary.h"
#include "core/vocabulary.h"

#include <algorithm>

namespace unknot {
namespace {

// Doses are written with designated initializers; the fields left out are meant to be empty.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

int total(const std::vector<SessionStep>& steps) {
  int seconds = 0;
  for (const SessionStep& step : steps) seconds += step.seconds;
  return seconds;
}

std::vector<StepKind> kinds(const std::vector<SessionStep>& steps) {
  std::vector<StepKind> out;
  for (const SessionStep& step : steps) out.push_back(step.kind);
  return out;
}

TEST(SessionScript, DurationIsOneTimedStepAfterGettingReady) {
  auto steps = steps_for_dose(Dose{.duration_s = 900}, 3);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].kind, StepKind::kPrepare);
  EXPECT_EQ(steps[0].seconds, kPrepareSeconds);
  EXPECT_EQ(steps[1].kind, StepKind::kTimed);
  EXPECT_EQ(steps[1].seconds, 900);
  EXPECT_EQ(steps[1].label, "Keep going");
}

TEST(SessionScript, RepsPerSideInSetsWithRests) {
  // 2 sets x 12 reps per side, 4 s a rep, 60 s rest: set 1 left, switch, set 1 right,
  // rest, set 2 left, switch, set 2 right.
  auto steps = steps_for_dose(Dose{.sets = 2, .reps = 12, .per_side = true, .rest_s = 60}, 4, 3);
  EXPECT_EQ(kinds(steps), (std::vector<StepKind>{StepKind::kPrepare, StepKind::kReps, StepKind::kSwitch,
                                                 StepKind::kReps, StepKind::kRest, StepKind::kReps,
                                                 StepKind::kSwitch, StepKind::kReps}));
  EXPECT_EQ(steps[1].label, "12 reps · Set 1 of 2 · left side");
  EXPECT_EQ(steps[1].side, Side::kLeft);
  EXPECT_EQ(steps[3].side, Side::kRight);
  EXPECT_EQ(steps[1].seconds, 12 * 4);
  EXPECT_EQ(steps[2].label, "Change to the right side");
  EXPECT_EQ(steps[4].label, "Rest before set 2");
  EXPECT_EQ(steps[4].seconds, 60);
  for (const SessionStep& step : steps) EXPECT_EQ(step.item, 3);
  EXPECT_EQ(total(steps), kPrepareSeconds + 4 * 48 + 2 * kSwitchSidesSeconds + 60);
}

TEST(SessionScript, HoldAtEndOfRepIsPartOfThePace) {
  auto steps = steps_for_dose(Dose{.sets = 1, .reps = 10, .hold_s = 5}, 7);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].seconds_per_rep, 12);
  EXPECT_EQ(steps[1].seconds, 120);
  EXPECT_EQ(steps[1].set, 0) << "a single set is not numbered";
}

TEST(SessionScript, HoldsPerSideRelaxBetweenHolds) {
  auto steps = steps_for_dose(Dose{.hold_s = 30, .holds = 3, .per_side = true}, 3);
  EXPECT_EQ(kinds(steps), (std::vector<StepKind>{StepKind::kPrepare, StepKind::kHold, StepKind::kRest, StepKind::kHold,
                                                 StepKind::kRest, StepKind::kHold, StepKind::kSwitch, StepKind::kHold,
                                                 StepKind::kRest, StepKind::kHold, StepKind::kRest, StepKind::kHold}));
  EXPECT_EQ(steps[1].label, "Hold 1 of 3 · left side");
  EXPECT_EQ(steps[11].label, "Hold 3 of 3 · right side");
  EXPECT_EQ(total(steps), kPrepareSeconds + 6 * 30 + 4 * kBetweenHoldsSeconds + kSwitchSidesSeconds);
}

TEST(SessionScript, TimedSetsPerSide) {
  auto steps = steps_for_dose(Dose{.duration_s = 60, .sets = 2, .per_side = true, .rest_s = 15}, 3);
  EXPECT_EQ(total(steps), kPrepareSeconds + 4 * 60 + 2 * kSwitchSidesSeconds + 15);
  EXPECT_EQ(steps[1].label, "Set 1 of 2 · left side");
}

TEST(SessionScript, EmptyDoseIsOnlyGettingReady) {
  auto steps = steps_for_dose(Dose{}, 3);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].kind, StepKind::kPrepare);
}

TEST(SessionScript, ScriptItemsPointAtTheirStepsAndCarryTheCard) {
  Catalogue kb;
  Technique squeeze;
  squeeze.id = "squeeze";
  squeeze.name = "Squeeze";
  squeeze.steps = {"Sit tall.", "Squeeze."};
  squeeze.cues = {"Shoulders down."};
  squeeze.stop_if = {"Sharp pain."};
  squeeze.seconds_per_rep = 5;
  Variant wall;
  wall.id = "wall";
  wall.steps = {"Stand at a wall."};
  squeeze.variants.push_back(wall);
  kb.techniques.push_back(squeeze);

  PlanSession session{"strength", "Strength day", 3, 10, {}};
  PlanItem heat;
  heat.technique = "heat-pack";  // not in this catalogue: the script still runs it
  heat.name = "Heat";
  heat.dose = Dose{.duration_s = 300};
  PlanItem item;
  item.technique = "squeeze";
  item.variant = "wall";
  item.name = "Squeeze at a wall";
  item.dose = Dose{.sets = 2, .reps = 10, .rest_s = 30};
  item.why = "Strength helps.";
  session.items = {heat, item};

  SessionScript script = build_session_script(session, kb);
  ASSERT_EQ(script.items.size(), 2u);
  EXPECT_EQ(script.items[1].steps, std::vector<std::string>{"Stand at a wall."});
  EXPECT_EQ(script.items[1].cues, squeeze.cues);
  EXPECT_EQ(script.items[1].stop_if, squeeze.stop_if);
  EXPECT_EQ(script.items[1].dose, "2 sets of 10 reps, rest 30 s between sets");
  EXPECT_EQ(script.items[1].reps_target, 20);
  EXPECT_EQ(script.items[0].first_step, 0);
  EXPECT_EQ(script.items[0].step_count, 2);
  EXPECT_EQ(script.items[1].first_step, 2);
  EXPECT_EQ(script.items[1].step_count, 4);
  EXPECT_EQ(script.steps[2].item, 1);
  EXPECT_EQ(script.total_seconds, 2 * kPrepareSeconds + 300 + 2 * 50 + 30);
}

TEST(SessionScript, TodaysSessionIsTheStrengthDayOnItsWeekdays) {
  PlanPhase phase;
  phase.sessions = {PlanSession{"daily-relief", "Relief", 7, 10, {}}, PlanSession{"strength", "Strength", 3, 15, {}}};
  const int monday = days_from_civil(2026, 11, 16);
  ASSERT_EQ(weekday(monday), 0);
  EXPECT_EQ(session_for_day(phase, monday)->id, "strength");
  EXPECT_EQ(session_for_day(phase, monday + 1)->id, "daily-relief");
  EXPECT_EQ(session_for_day(phase, monday + 2)->id, "strength");
  EXPECT_EQ(session_for_day(phase, monday + 6)->id, "daily-relief");
}

TEST(SessionScript, PhaseForWeek) {
  Plan plan;
  plan.phases = {PlanPhase{"calm", "Calm", 1, 2, "", {}, {}}, PlanPhase{"strengthen", "Strength", 3, 8, "", {}, {}}};
  EXPECT_EQ(phase_for_week(plan, 0)->id, "calm");
  EXPECT_EQ(phase_for_week(plan, 1.9)->id, "calm");
  EXPECT_EQ(phase_for_week(plan, 2.0)->id, "strengthen");
  EXPECT_EQ(phase_for_week(Plan{}, 3), nullptr);
}

TEST(SessionScript, PreSessionCheckUsesIntakeSymptomNames) {
  auto names = symptom_names();
  EXPECT_EQ(session_check_symptoms().size(), 5u);
  for (const std::string& symptom : session_check_symptoms()) {
    EXPECT_NE(std::find(names.begin(), names.end(), symptom), names.end()) << symptom;
  }
}

TEST(SessionScript, ClockText) {
  EXPECT_EQ(clock_text(0), "0:00");
  EXPECT_EQ(clock_text(65), "1:05");
  EXPECT_EQ(clock_text(900), "15:00");
  EXPECT_EQ(clock_text(-3), "0:00");
}

#pragma GCC diagnostic pop

}  // namespace
}  // namespace unknot
