#include "core/desk_schedule.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "core/plan.h"
#include "testing/test_util.h"

namespace unknot {
namespace {

constexpr double kMinute = 60;
constexpr int kTenAm = 10 * 3600;

// A fake clock: `seconds` since the test began, on a day that starts at `start_of_day`
// local time.
DeskClock at(double seconds, int start_of_day = kTenAm) {
  return {seconds, static_cast<int>(start_of_day + seconds) % (24 * 3600)};
}

// A fake idle source: the person gives input continuously during each [from, to) spell.
// Before the first input the desktop has been idle since `idle_since` (like a server that
// started earlier).
struct FakeDesk {
  std::vector<std::pair<double, double>> typing;
  double idle_since = 0;

  double idle(double now) const {
    double last = idle_since;
    for (const auto& [from, to] : typing) {
      if (from <= now) last = std::max(last, std::min(now, to));
    }
    return now - last;
  }
};

struct Timeline {
  std::vector<double> reminders;  // when a reminder was shown
  std::vector<double> withdrawn;  // when one was taken away
  int looks = 0;
};

// Drives `schedule` by its own wake-ups from `from` to `until`, as the service does, and
// answers each reminder at once with `outcome` (nullopt: leave it unanswered).
Timeline drive(DeskSchedule& schedule, const FakeDesk& desk, double from, double until,
          std::optional<BreakOutcome> outcome = BreakOutcome::kDone, int start_of_day = kTenAm) {
  Timeline run;
  double now = from;
  while (now <= until) {
    ++run.looks;
    const DeskDecision decision = schedule.observe(at(now, start_of_day), desk.idle(now));
    if (decision.withdraw) run.withdrawn.push_back(now);
    if (decision.remind) {
      run.reminders.push_back(now);
      if (outcome) schedule.answer(at(now, start_of_day), *outcome);
    }
    EXPECT_GT(decision.wake_at, now);
    now = decision.wake_at;
  }
  return run;
}

DeskSettings defaults() { return DeskSettings{}; }

TEST(DeskSchedule, RemindsAfterFortyMinutesOfContinuousWork) {
  DeskSchedule schedule(defaults(), at(0));
  const Timeline run = drive(schedule, FakeDesk{{{0, 1e9}}}, 0, 100 * kMinute);
  EXPECT_EQ((std::vector<double>{40 * kMinute, 80 * kMinute}), run.reminders);
}

TEST(DeskSchedule, IdleTimeIsNotDeskTime) {
  // Given a person who is not there for the first hour, the count starts when they type.
  DeskSchedule schedule(defaults(), at(0));
  const Timeline run = drive(schedule, FakeDesk{{{60 * kMinute, 1e9}}, -kMinute}, 0, 110 * kMinute);
  ASSERT_EQ(1u, run.reminders.size());
  EXPECT_NEAR(100 * kMinute, run.reminders[0], kDeskRecheckSeconds);
}

TEST(DeskSchedule, TimeAwayCountsAsANaturalBreak) {
  DeskSchedule schedule(defaults(), at(0));
  // Six minutes away at minute 30 restart the count: next reminder 40 min after coming back.
  const Timeline run = drive(schedule, FakeDesk{{{0, 30 * kMinute}, {36 * kMinute, 1e9}}}, 0, 90 * kMinute);
  ASSERT_EQ(1u, run.reminders.size());
  EXPECT_NEAR(76 * kMinute, run.reminders[0], kDeskRecheckSeconds);
}

TEST(DeskSchedule, ShortPausesStillCountAsDeskTime) {
  DeskSchedule schedule(defaults(), at(0));
  // Three-minute pauses (reading, thinking) are spent sitting: the reminder stays at 40 min.
  FakeDesk desk{{{0, 10 * kMinute}, {13 * kMinute, 20 * kMinute}, {23 * kMinute, 1e9}}};
  const Timeline run = drive(schedule, desk, 0, 41 * kMinute);
  EXPECT_EQ(std::vector<double>{40 * kMinute}, run.reminders);
}

TEST(DeskSchedule, CatchesEveryNaturalBreakWhateverItsOffset) {
  // Given one spell away just longer than a natural break (by the 1 s a real timer may be
  // late), starting at any second of the first half hour, the sparse sampling still sees it
  // and the reminder moves.
  for (int offset = 0; offset < 30 * 60; offset += 7) {
    DeskSchedule schedule(defaults(), at(0));
    const double away_from = 60 + offset, away_to = away_from + kDefaultNaturalBreakSeconds + 1;
    const Timeline run = drive(schedule, FakeDesk{{{0, away_from}, {away_to, 1e9}}}, 0, away_to + 41 * kMinute);
    ASSERT_EQ(1u, run.reminders.size()) << "offset " << offset;
    EXPECT_NEAR(away_to + 40 * kMinute, run.reminders[0], kDeskRecheckSeconds) << "offset " << offset;
  }
}

TEST(DeskSchedule, WakesRarelyDuringContinuousWork) {
  DeskSchedule schedule(defaults(), at(0));
  const Timeline run = drive(schedule, FakeDesk{{{0, 1e9}}}, 0, 40 * kMinute);
  // One look per natural break (5 min) and one at the due time: no busy polling.
  EXPECT_LE(run.looks, 40 / 5 + 2);
}

TEST(DeskSchedule, SnoozeAsksAgainAfterTheSnooze) {
  DeskSchedule schedule(defaults(), at(0));
  FakeDesk desk{{{0, 1e9}}};
  const Timeline first = drive(schedule, desk, 0, 40 * kMinute, BreakOutcome::kSnoozed);
  ASSERT_EQ(std::vector<double>{40 * kMinute}, first.reminders);
  EXPECT_EQ(40 * kMinute + kDefaultSnoozeSeconds, schedule.due_at());
  const Timeline second = drive(schedule, desk, 40 * kMinute + 1, 46 * kMinute, BreakOutcome::kDone);
  EXPECT_EQ(std::vector<double>{45 * kMinute}, second.reminders);
  // Done starts a fresh spell of 40 minutes.
  EXPECT_EQ(85 * kMinute, schedule.due_at());
}

TEST(DeskSchedule, SkipStartsAFreshSpell) {
  DeskSchedule schedule(defaults(), at(0));
  const Timeline run = drive(schedule, FakeDesk{{{0, 1e9}}}, 0, 90 * kMinute, BreakOutcome::kSkipped);
  EXPECT_EQ((std::vector<double>{40 * kMinute, 80 * kMinute}), run.reminders);
}

TEST(DeskSchedule, AnUnansweredReminderIsAskedAgain) {
  DeskSchedule schedule(defaults(), at(0));
  const Timeline run = drive(schedule, FakeDesk{{{0, 1e9}}}, 0, 51 * kMinute, std::nullopt);
  EXPECT_EQ((std::vector<double>{40 * kMinute, 45 * kMinute, 50 * kMinute}), run.reminders);
  EXPECT_EQ(DeskState::kReminding, schedule.state());
}

TEST(DeskSchedule, SteppingAwayFromAReminderIsABreak) {
  DeskSchedule schedule(defaults(), at(0));
  // Reminded at 40 and not answered; away from 40 to 47: at 45 that is a natural break, so
  // the reminder is withdrawn instead of asked again.
  FakeDesk desk{{{0, 40 * kMinute}, {47 * kMinute, 1e9}}};
  const Timeline run = drive(schedule, desk, 0, 90 * kMinute, std::nullopt);
  ASSERT_EQ(2u, run.reminders.size());
  EXPECT_EQ(40 * kMinute, run.reminders[0]);
  ASSERT_EQ(1u, run.withdrawn.size());
  EXPECT_EQ(45 * kMinute, run.withdrawn[0]);
  EXPECT_NEAR(87 * kMinute, run.reminders[1], kDeskRecheckSeconds);
}

TEST(DeskSchedule, ASleepingMachineIsABreak) {
  DeskSchedule schedule(defaults(), at(0));
  FakeDesk desk{{{0, 20 * kMinute}, {140 * kMinute, 1e9}}};
  Timeline before = drive(schedule, desk, 0, 19 * kMinute);
  EXPECT_TRUE(before.reminders.empty());
  // The lid closes at minute 20 and opens two hours later; a key press wakes the machine, so
  // the desktop reports almost no idle time. The clock's jump tells.
  const DeskDecision woke = schedule.observe(at(140 * kMinute + 2), 2.0);
  EXPECT_FALSE(woke.remind);
  EXPECT_EQ(DeskState::kWorking, schedule.state());
  EXPECT_NEAR(180 * kMinute, schedule.due_at(), 5);
}

TEST(DeskSchedule, ALateTimerIsNotSleep) {
  DeskSchedule schedule(defaults(), at(0));
  const DeskDecision first = schedule.observe(at(0), 0.0);
  // The timer fires 20 s late on a busy machine: still one spell of work.
  schedule.observe(at(first.wake_at + 20), 0.0);
  EXPECT_EQ(40 * kMinute, schedule.due_at());
}

TEST(DeskSchedule, ALongScreenLockIsABreakAndAShortOneIsNot) {
  DeskSchedule schedule(defaults(), at(0));
  schedule.observe(at(0), 0.0);
  schedule.set_locked(at(10 * kMinute), true);
  EXPECT_EQ(DeskState::kLocked, schedule.state());
  EXPECT_FALSE(schedule.observe(at(11 * kMinute), 60.0).remind);
  schedule.set_locked(at(11 * kMinute), false);
  EXPECT_EQ(40 * kMinute, schedule.due_at());
  schedule.set_locked(at(20 * kMinute), true);
  schedule.set_locked(at(30 * kMinute), false);
  EXPECT_EQ(70 * kMinute, schedule.due_at());
  EXPECT_EQ(DeskState::kWorking, schedule.state());
}

TEST(DeskSchedule, NoReminderWhileTheScreenIsLocked) {
  DeskSchedule schedule(defaults(), at(0));
  schedule.observe(at(0), 0.0);
  schedule.set_locked(at(39 * kMinute), true);
  // Even with input reaching the desktop (say, typing a password), nothing is shown.
  const DeskDecision decision = schedule.observe(at(41 * kMinute), 0.0);
  EXPECT_FALSE(decision.remind);
  EXPECT_EQ(DeskState::kLocked, schedule.state());
}

TEST(DeskSchedule, DoNotDisturbHoldsTheReminderBack) {
  DeskSchedule schedule(defaults(), at(0));
  schedule.set_do_not_disturb(true);
  FakeDesk desk{{{0, 1e9}}};
  const Timeline held = drive(schedule, desk, 0, 50 * kMinute);
  EXPECT_TRUE(held.reminders.empty());
  EXPECT_EQ(DeskState::kHeldBack, schedule.state());
  schedule.set_do_not_disturb(false);
  const DeskDecision decision = schedule.observe(at(50 * kMinute + 30), 0.0);
  EXPECT_TRUE(decision.remind);
}

TEST(DeskSchedule, NothingOutsideWorkingHours) {
  DeskSettings settings;
  settings.hours = WorkingHours{9 * 60, 17 * 60};
  // The day starts at 08:00 and the person types all day.
  constexpr int kEightAm = 8 * 3600;
  DeskSchedule schedule(settings, at(0, kEightAm));
  const DeskDecision first = schedule.observe(at(0, kEightAm), 0.0);
  EXPECT_FALSE(first.remind);
  EXPECT_EQ(DeskState::kOutsideHours, schedule.state());
  EXPECT_EQ(60 * kMinute, first.wake_at);  // wakes at 09:00, not before
  const Timeline day = drive(schedule, FakeDesk{{{0, 1e9}}}, first.wake_at, 9.5 * 3600, BreakOutcome::kDone, kEightAm);
  ASSERT_FALSE(day.reminders.empty());
  EXPECT_EQ(100 * kMinute, day.reminders.front());  // 09:40
  EXPECT_LT(day.reminders.back(), 9 * 3600);         // none after 17:00
  EXPECT_EQ(DeskState::kOutsideHours, schedule.state());
}

TEST(DeskSchedule, WorkingHoursMaySpanMidnight) {
  DeskSettings settings;
  settings.hours = WorkingHours{22 * 60, 6 * 60};
  DeskSchedule schedule(settings, at(0, 23 * 3600));
  EXPECT_FALSE(schedule.observe(at(0, 23 * 3600), 0.0).remind);
  EXPECT_EQ(DeskState::kWorking, schedule.state());
  schedule.observe(at(8 * 3600, 23 * 3600), 0.0);  // 07:00
  EXPECT_EQ(DeskState::kOutsideHours, schedule.state());
}

TEST(DeskSchedule, PlainTimerCountsWallTime) {
  DeskSchedule schedule(defaults(), at(0));
  std::vector<double> reminders;
  double now = 0;
  while (now <= 85 * kMinute) {
    const DeskDecision decision = schedule.observe(at(now), std::nullopt);
    if (decision.remind) {
      reminders.push_back(now);
      schedule.answer(at(now), BreakOutcome::kDone);
    }
    now = decision.wake_at;
  }
  EXPECT_EQ((std::vector<double>{40 * kMinute, 80 * kMinute}), reminders);
}

TEST(DeskSchedule, NamesForStatesAndOutcomes) {
  EXPECT_EQ("held_back", to_string(DeskState::kHeldBack));
  EXPECT_EQ("outside_hours", to_string(DeskState::kOutsideHours));
  EXPECT_EQ(BreakOutcome::kSnoozed, parse_break_outcome("snoozed"));
  EXPECT_EQ(std::nullopt, parse_break_outcome("later"));
}

// ---------------------------------------------------------------------------------------

Intake desk_worker() {
  Intake person = test_util::clean_intake();
  person.profile.triggers = {"desk_work"};
  person.profile.desk_hours_per_day = 8;
  return person;
}

std::vector<std::string> ids(const std::vector<MicroBreak>& breaks) {
  std::vector<std::string> out;
  for (const MicroBreak& micro : breaks) out.push_back(micro.technique);
  return out;
}

TEST(MicroBreaks, PlanHabitsFirstThenOtherDeskTechniques) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  const Intake person = desk_worker();
  const Plan plan = build_plan(person, catalogue);
  const std::vector<MicroBreak> breaks = micro_breaks(plan, catalogue, person);
  EXPECT_EQ((std::vector<std::string>{"posture-reset", "shoulder-blade-squeeze", "shoulder-rolls", "neck-side-tilt",
                                      "chest-opener-doorway"}),
            ids(breaks));
  for (const MicroBreak& micro : breaks) {
    EXPECT_LE(micro.seconds, kMicroBreakMaxSeconds) << micro.technique;
    EXPECT_GE(micro.seconds, 20) << micro.technique;
    EXPECT_FALSE(micro.name.empty());
    EXPECT_FALSE(micro.summary.empty());
    EXPECT_FALSE(micro.sources.empty());
  }
}

TEST(MicroBreaks, OnlyWhatThePlanAllowsThisPerson) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  Intake person = desk_worker();
  person.history = {"upper_body_surgery_last_3_months"};
  person.profile.constraints = {"shoulder_pain_overhead"};
  const Plan plan = build_plan(person, catalogue);
  ASSERT_EQ(PlanStatus::kOk, plan.status);
  const std::vector<MicroBreak> breaks = micro_breaks(plan, catalogue, person);
  const std::vector<std::string> offered = ids(breaks);
  // Strength work waits after recent upper-body surgery; the chest opener keeps the arms low.
  EXPECT_EQ(offered.end(), std::find(offered.begin(), offered.end(), "shoulder-blade-squeeze"));
  auto chest = std::find_if(breaks.begin(), breaks.end(),
                            [](const MicroBreak& micro) { return micro.technique == "chest-opener-doorway"; });
  ASSERT_NE(breaks.end(), chest);
  EXPECT_EQ("Doorway chest stretch with low arms", chest->name);
}

TEST(MicroBreaks, NoneWhenThePlanRefers) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  Intake person = desk_worker();
  person.symptoms = {"chest_pain_or_pressure", "shortness_of_breath"};
  const Plan plan = build_plan(person, catalogue);
  ASSERT_EQ(PlanStatus::kRefer, plan.status);
  EXPECT_TRUE(micro_breaks(plan, catalogue, person).empty());
}

TEST(MicroBreaks, RotationVisitsEachInTurn) {
  const Catalogue& catalogue = test_util::embedded_catalogue();
  const Intake person = desk_worker();
  const std::vector<MicroBreak> breaks = micro_breaks(build_plan(person, catalogue), catalogue, person);
  ASSERT_GE(breaks.size(), 3u);
  EXPECT_EQ(breaks[0].technique, pick_micro_break(breaks, 0).technique);
  EXPECT_EQ(breaks[1].technique, pick_micro_break(breaks, 1).technique);
  EXPECT_EQ(breaks[0].technique, pick_micro_break(breaks, static_cast<int>(breaks.size())).technique);
}

TEST(MicroBreaks, DoseIsCutToAMinute) {
  Dose squeeze;
  squeeze.sets = 2;
  squeeze.reps = 10;
  squeeze.hold_s = 5;
  squeeze.rest_s = 30;
  const Dose micro = micro_dose(squeeze, 7);
  EXPECT_EQ(1, micro.sets);
  EXPECT_EQ(5, micro.reps);  // 5 x (7 + 5) s = 60 s
  EXPECT_FALSE(micro.rest_s);
  Dose tilt;
  tilt.holds = 3;
  tilt.hold_s = 20;
  tilt.per_side = true;
  EXPECT_EQ(1, micro_dose(tilt, 3).holds);
  Dose reset;
  reset.duration_s = 300;
  EXPECT_EQ(60, micro_dose(reset, 3).duration_s);
}

// ---------------------------------------------------------------------------------------

TEST(DeskOptions, Durations) {
  EXPECT_EQ(2400, *parse_duration("40m", "--every", 1, 86400));
  EXPECT_EQ(2400, *parse_duration("40", "--every", 1, 86400));
  EXPECT_EQ(90, *parse_duration("90s", "--every", 1, 86400));
  EXPECT_EQ(5400, *parse_duration("1h30m", "--every", 1, 86400));
  for (const char* bad : {"", "m", "4x", "1h30", "-5m", "1.5h"}) {
    auto parsed = parse_duration(bad, "--every", 1, 86400);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(ErrorKind::kBadInput, parsed.error().kind);
    EXPECT_NE(std::string::npos, parsed.error().message.find("--every")) << parsed.error().message;
  }
  auto too_long = parse_duration("30h", "--every", 1, 8 * 3600);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(std::string::npos, too_long.error().message.find("must be from")) << too_long.error().message;
}

TEST(DeskOptions, WorkingHours) {
  EXPECT_EQ((WorkingHours{9 * 60, 17 * 60 + 30}), *parse_working_hours("09:00-17:30", "--hours"));
  EXPECT_EQ((WorkingHours{22 * 60, 6 * 60}), *parse_working_hours("22:00-06:00", "--hours"));
  EXPECT_EQ((WorkingHours{0, 24 * 60}), *parse_working_hours("00:00-24:00", "--hours"));
  for (const char* bad : {"9-5", "09:00", "09:00-09:00", "25:00-26:00", "09:60-10:00", "09:00-17:30x"}) {
    auto parsed = parse_working_hours(bad, "--hours");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(std::string::npos, parsed.error().message.find("--hours")) << parsed.error().message;
  }
}

}  // namespace
}  // namespace unknot
