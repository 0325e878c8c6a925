#include "core/session_run.h"

#include <gtest/gtest.h>

namespace unknot {
namespace {

// Doses are written with designated initializers; the fields left out are meant to be empty.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

// Heat 60 s, then 2 sets of 3 reps (4 s each) with 10 s rest, then holds per side.
SessionScript sample_script() {
  PlanSession session{"strength", "Strength day", 3, 10, {}};
  PlanItem heat;
  heat.technique = "heat-pack";
  heat.name = "Heat";
  heat.dose = Dose{.duration_s = 60};
  PlanItem row;
  row.technique = "band-row";
  row.name = "Row";
  row.dose = Dose{.sets = 2, .reps = 3, .rest_s = 10};
  PlanItem tilt;
  tilt.technique = "neck-side-tilt";
  tilt.name = "Tilt";
  tilt.dose = Dose{.hold_s = 10, .holds = 1, .per_side = true};
  session.items = {heat, row, tilt};
  SessionScript script = build_session_script(session, Catalogue{});
  // build_session_script uses 3 s a rep for techniques it does not know; pin 4 s here.
  for (SessionStep& step : script.steps) {
    if (step.kind == StepKind::kReps) {
      step.seconds_per_rep = 4;
      step.seconds = 12;
    }
  }
  script.total_seconds = 0;
  for (const SessionStep& step : script.steps) script.total_seconds += step.seconds;
  return script;
}

// Advances a fake clock in 250 ms ticks, like the terminal's frame loop.
void run_for(SessionRun& run, int seconds) {
  for (int tick = 0; tick < seconds * 4; ++tick) run.elapse(250);
}

TEST(SessionRun, WholeSessionOnTheClockAlone) {
  SessionScript script = sample_script();
  SessionRun run(script);
  EXPECT_EQ(run.step().kind, StepKind::kPrepare);
  EXPECT_EQ(run.seconds_left(), script.total_seconds);
  run_for(run, script.total_seconds - 1);
  EXPECT_FALSE(run.finished());
  EXPECT_EQ(run.step().kind, StepKind::kHold);
  EXPECT_EQ(run.step().side, Side::kRight);
  run_for(run, 1);
  EXPECT_TRUE(run.finished());
  EXPECT_TRUE(run.completed());
  EXPECT_EQ(run.results()[1].reps, 6) << "the paced count counts every rep";
  EXPECT_DOUBLE_EQ(run.progress(), 1.0);
}

TEST(SessionRun, OneBigElapseCrossesSteps) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run.take_events();
  run.elapse((kPrepareSeconds + 60 + kPrepareSeconds + 5) * 1000LL);
  EXPECT_EQ(run.step().kind, StepKind::kReps);
  EXPECT_EQ(run.reps_now(), 1);
  EXPECT_EQ(run.step_remaining_ms(), 7000);
  auto events = run.take_events();
  EXPECT_EQ(std::count(events.begin(), events.end(), SessionRun::Event::kItemStarted), 1);
  EXPECT_EQ(std::count(events.begin(), events.end(), SessionRun::Event::kStepStarted), 3);
}

TEST(SessionRun, PauseStopsTheClock) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run_for(run, 5);
  run.toggle_pause();
  run_for(run, 100);
  EXPECT_EQ(run.step().kind, StepKind::kPrepare);
  EXPECT_EQ(run.step_remaining_ms(), (kPrepareSeconds - 5) * 1000);
  run.toggle_pause();
  run_for(run, kPrepareSeconds - 5);
  EXPECT_EQ(run.step().kind, StepKind::kTimed);
  auto events = run.take_events();
  EXPECT_NE(std::find(events.begin(), events.end(), SessionRun::Event::kPaused), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), SessionRun::Event::kResumed), events.end());
}

TEST(SessionRun, KeyedRepsEndTheStepWhenTheCountIsReached) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run.skip_item();  // no heat today
  EXPECT_TRUE(run.results()[0].skipped);
  EXPECT_FALSE(run.results()[0].done);
  run.next_step();  // ready
  ASSERT_EQ(run.step().kind, StepKind::kReps);
  run.count_rep();
  EXPECT_TRUE(run.counting_by_key());
  run_for(run, 60);  // slow today: the clock does not end a counted step
  EXPECT_EQ(run.step().kind, StepKind::kReps);
  EXPECT_EQ(run.reps_now(), 1);
  run.count_rep();
  run.count_rep();
  EXPECT_EQ(run.step().kind, StepKind::kRest);
  EXPECT_FALSE(run.counting_by_key()) << "each step starts paced again";
}

TEST(SessionRun, BackRestartsTheStepOrGoesToThePreviousOne) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run_for(run, kPrepareSeconds + 30);
  ASSERT_EQ(run.step().kind, StepKind::kTimed);
  run.back();  // 30 s in: start this step again
  EXPECT_EQ(run.step().kind, StepKind::kTimed);
  EXPECT_EQ(run.step_remaining_ms(), 60000);
  run.back();  // straight away again: the step before
  EXPECT_EQ(run.step().kind, StepKind::kPrepare);
  EXPECT_EQ(run.step_index(), 0);
}

TEST(SessionRun, BackIntoASkippedItemUnskipsIt) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run.skip_item();
  run.back();
  EXPECT_EQ(run.step().item, 0);
  EXPECT_FALSE(run.results()[0].skipped);
}

TEST(SessionRun, QuitKeepsWhatWasDone) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run_for(run, kPrepareSeconds + 60 + kPrepareSeconds + 9);  // heat done, 2 reps into set 1
  run.quit();
  EXPECT_TRUE(run.finished());
  EXPECT_TRUE(run.quit_early());
  EXPECT_FALSE(run.completed());
  EXPECT_TRUE(run.results()[0].done);
  EXPECT_FALSE(run.results()[1].done);
  EXPECT_EQ(run.results()[1].reps, 2);
  auto events = run.take_events();
  EXPECT_EQ(events.back(), SessionRun::Event::kFinished);
}

TEST(SessionRun, SkippingTheLastItemFinishes) {
  SessionScript script = sample_script();
  SessionRun run(script);
  run.skip_item();
  run.skip_item();
  run.skip_item();
  EXPECT_TRUE(run.finished());
  EXPECT_FALSE(run.completed());
  run.elapse(1000);  // nothing happens after the end
  run.count_rep();
  EXPECT_TRUE(run.finished());
}

TEST(SessionRun, EmptyScriptIsFinishedAtOnce) {
  SessionScript script;
  SessionRun run(script);
  EXPECT_TRUE(run.finished());
  EXPECT_EQ(run.seconds_left(), 0);
}

#pragma GCC diagnostic pop

}  // namespace
}  // namespace unknot
