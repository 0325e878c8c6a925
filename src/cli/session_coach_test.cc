#include "cli/session_coach.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <algorithm>
#include <regex>
#include <sstream>

#include "content/content_loader.h"

namespace unknot::cli {
namespace {

// Doses are written with designated initializers; the fields left out are meant to be empty.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

// A clock that only moves when the coach sleeps.
class FakeClock : public Clock {
 public:
  std::int64_t now_ms() override { return now_; }
  void sleep_ms(std::int64_t milliseconds) override {
    now_ += milliseconds;
    slept_ += milliseconds;
  }
  std::int64_t slept() const { return slept_; }

 private:
  std::int64_t now_ = 1'000'000;
  std::int64_t slept_ = 0;
};

const Catalogue& catalogue() {
  static const Catalogue kb = *content::load_catalogue(std::nullopt);
  return kb;
}

// Heat for a minute, then band rows.
SessionScript script() {
  PlanSession session{"strength", "Strength day", 3, 10, {}};
  PlanItem heat;
  heat.technique = "heat-pack";
  heat.name = "Heat pack";
  heat.dose = Dose{.duration_s = 60};
  PlanItem row;
  row.technique = "band-row";
  row.name = "Band row";
  row.dose = Dose{.sets = 2, .reps = 12, .rest_s = 60};
  session.items = {heat, row};
  return build_session_script(session, catalogue());
}

std::string strip_styles(const std::string& text) { return std::regex_replace(text, std::regex("\x1b\\[[0-9;]*m"), ""); }

int width_of(const std::string& text) {
  int width = 0;
  for (unsigned char c : strip_styles(text)) {
    if ((c & 0xC0) != 0x80) ++width;
  }
  return width;
}

TEST(SessionCoach, LineModeRunsTheWholeSessionOnItsOwnClockAndLogsIt) {
  SessionScript plan = script();
  std::istringstream in("\n3\n\n");  // no warning signs; pain 3; keep what the coach saw
  std::ostringstream out;
  FakeClock clock;
  CoachOptions options;
  options.speed = 60;
  auto outcome = run_guided_session(in, out, -1, plan, catalogue(), std::nullopt, "2026-11-21T18:00:00", clock,
                                    options, TerminalStyle{});
  ASSERT_TRUE(outcome) << outcome.error().message;
  EXPECT_FALSE(outcome->stopped_for_safety);
  // The clock ran the planned time at 60 times speed.
  EXPECT_NEAR(static_cast<double>(clock.slept()), plan.total_seconds * 1000.0 / 60, plan.steps.size() + 1.0);
  ASSERT_EQ(outcome->entries.size(), 1u);
  const DiaryEntry& entry = outcome->entries[0];
  EXPECT_EQ(entry.type, EntryType::kSession);
  EXPECT_EQ(entry.session, "strength");
  EXPECT_EQ(entry.at, "2026-11-21T18:00:00");
  EXPECT_EQ(entry.pain_during, 3);
  EXPECT_EQ(entry.completed, true);
  ASSERT_EQ(entry.items.size(), 2u);
  EXPECT_EQ(entry.items[0].technique, "heat-pack");
  EXPECT_FALSE(entry.items[0].reps.has_value());
  EXPECT_EQ(entry.items[1].technique, "band-row");
  EXPECT_EQ(entry.items[1].reps, 24);
  const std::string text = out.str();
  EXPECT_NE(text.find("1 of 2: Heat pack"), std::string::npos);
  EXPECT_NE(text.find("12 reps · Set 2 of 2"), std::string::npos);
  EXPECT_NE(text.find("Rest before set 2 (1:00)"), std::string::npos);
  EXPECT_NE(text.find("Stop if"), std::string::npos) << "the card's stop rules are shown";
  EXPECT_NE(text.find("unknot checkin"), std::string::npos) << "it points at tomorrow's next-morning pain";
}

TEST(SessionCoach, AWarningSignStopsBeforeTheFirstItem) {
  SessionScript plan = script();
  std::istringstream in("1\n");  // chest pain or pressure
  std::ostringstream out;
  FakeClock clock;
  auto outcome = run_guided_session(in, out, -1, plan, catalogue(), std::nullopt, "2026-11-21T18:00:00", clock,
                                    CoachOptions{}, TerminalStyle{});
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->stopped_for_safety);
  EXPECT_EQ(clock.slept(), 0) << "no item was started";
  ASSERT_EQ(outcome->entries.size(), 1u);
  EXPECT_EQ(outcome->entries[0].type, EntryType::kSymptom);
  EXPECT_EQ(outcome->entries[0].symptom, "chest_pain_or_pressure");
  EXPECT_NE(out.str().find("No session today"), std::string::npos);
}

TEST(SessionCoach, TheCheckAsksExactlyTheFiveSigns) {
  SessionScript plan = script();
  std::istringstream in("6\n");  // there are five
  std::ostringstream out;
  FakeClock clock;
  auto outcome = run_guided_session(in, out, -1, plan, catalogue(), std::nullopt, "2026-11-21T18:00:00", clock,
                                    CoachOptions{}, TerminalStyle{});
  ASSERT_FALSE(outcome) << "input ran out after the re-ask";
  EXPECT_EQ(outcome.error().kind, ErrorKind::kBadInput);
  EXPECT_NE(out.str().find("Please type numbers from 1 to 5"), std::string::npos);
  EXPECT_NE(out.str().find("Chest pain"), std::string::npos);
  EXPECT_NE(out.str().find("Weakness or clumsiness"), std::string::npos);
}

TEST(SessionCoach, ThePersonCorrectsWhichItemsWereDone) {
  SessionScript plan = script();
  std::istringstream in("\n7\n2\n");  // pain 7; only the rows
  std::ostringstream out;
  FakeClock clock;
  CoachOptions options;
  options.speed = 100;
  auto outcome = run_guided_session(in, out, -1, plan, catalogue(), std::nullopt, "2026-11-21T18:00:00", clock,
                                    options, TerminalStyle{});
  ASSERT_TRUE(outcome);
  const DiaryEntry& entry = outcome->entries.at(0);
  ASSERT_EQ(entry.items.size(), 1u);
  EXPECT_EQ(entry.items[0].technique, "band-row");
  EXPECT_EQ(entry.completed, false);
  EXPECT_NE(out.str().find("more than the pain-monitoring model allows"), std::string::npos);
}

TEST(SessionCoach, FramesFitTheTerminalAtEverySize) {
  SessionScript plan = script();
  SessionRun run(plan);
  for (int step = 0; step < 6; ++step) {
    for (bool unicode : {true, false}) {
      TerminalStyle style;
      style.color = true;
      style.unicode = unicode;
      for (int width : {20, 40, 80, 132}) {
        for (int height : {8, 12, 24, 50}) {
          auto lines = render_coach_frame(run, plan, width, height, style);
          EXPECT_LE(static_cast<int>(lines.size()), height) << width << "x" << height;
          for (const std::string& line : lines) {
            EXPECT_LE(width_of(line), width) << line;
            if (!unicode) {
              EXPECT_TRUE(std::all_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                  << "not ASCII: " << line;
            }
          }
          EXPECT_NE(strip_styles(lines.back()).find("q quit"), std::string::npos) << "keys always on screen";
        }
      }
    }
    run.next_step();
  }
}

TEST(SessionCoach, FrameShowsWhatToDoNowAndForHowLong) {
  SessionScript plan = script();
  SessionRun run(plan);
  run.next_step();  // heat starts
  run.elapse(15'000);
  auto lines = render_coach_frame(run, plan, 80, 30, TerminalStyle{});
  std::string frame;
  for (const std::string& line : lines) frame += line + "\n";
  EXPECT_NE(frame.find("Heat pack"), std::string::npos);
  EXPECT_NE(frame.find("KEEP GOING"), std::string::npos);
  EXPECT_NE(frame.find("█"), std::string::npos) << "a big countdown on a roomy screen";
  EXPECT_NE(frame.find("Next: Band row"), std::string::npos);
  run.toggle_pause();
  lines = render_coach_frame(run, plan, 80, 12, TerminalStyle{});
  frame.clear();
  for (const std::string& line : lines) frame += line + "\n";
  EXPECT_NE(frame.find("0:45 left"), std::string::npos) << "a small screen shows the countdown as text";
  EXPECT_NE(frame.find("PAUSED"), std::string::npos);
}

TEST(SessionCoach, RepsFrameFollowsThePaceOrTheKeys) {
  SessionScript plan = script();
  SessionRun run(plan);
  run.skip_item();
  run.next_step();
  ASSERT_EQ(run.step().kind, StepKind::kReps);
  run.elapse(plan.steps[static_cast<std::size_t>(run.step_index())].seconds_per_rep * 1000 * 2 + 100);
  auto frame = render_coach_frame(run, plan, 100, 12, TerminalStyle{});
  std::string text;
  for (const std::string& line : frame) text += line + "\n";
  EXPECT_NE(text.find("Rep 3 of 12"), std::string::npos) << text;
  run.count_rep();
  frame = render_coach_frame(run, plan, 100, 12, TerminalStyle{});
  text.clear();
  for (const std::string& line : frame) text += line + "\n";
  EXPECT_NE(text.find("Rep 1 of 12 · press r after each rep"), std::string::npos) << text;
}

TEST(SessionCoach, SpeakerSpeaksThroughEspeakWhenItIsThere) {
  // A stand-in espeak-ng on PATH that writes down what it was asked to say.
  const std::string dir = testing::TempDir() + "speaker-" + std::to_string(::getpid());
  ASSERT_EQ(std::system(("mkdir -p '" + dir + "'").c_str()), 0);
  const std::string said = dir + "/said";
  {
    std::ofstream fake(dir + "/espeak-ng");
    fake << "#!/bin/sh\nshift\necho \"$*\" >> '" << said << "'\n";
  }
  ASSERT_EQ(::chmod((dir + "/espeak-ng").c_str(), 0755), 0);
  const std::string saved_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", (dir + ":" + saved_path).c_str(), 1);
  {
    Speaker speaker(true);
    EXPECT_TRUE(speaker.enabled());
    speaker.say("Hold. Breathe slowly.");
  }  // the destructor waits for the last cue
  ::setenv("PATH", saved_path.c_str(), 1);
  std::ifstream heard(said);
  std::string line;
  std::getline(heard, line);
  EXPECT_EQ(line, "Hold. Breathe slowly.");

  ::setenv("PATH", dir.c_str(), 1);
  ::unlink((dir + "/espeak-ng").c_str());
  EXPECT_FALSE(Speaker(true).enabled()) << "no espeak-ng: cues are shown, not spoken";
  ::setenv("PATH", saved_path.c_str(), 1);
  EXPECT_FALSE(Speaker(false).enabled());
}

TEST(SessionCoach, SpokenCues) {
  SessionScript plan = script();
  SessionRun run(plan);
  EXPECT_EQ(spoken_cue(run), "Next: Heat pack. Get ready.");
  run.next_step();
  EXPECT_EQ(spoken_cue(run), "Start. 1:00.");
  run.quit();
  EXPECT_EQ(spoken_cue(run), "Session stopped.");
}

#pragma GCC diagnostic pop

}  // namespace
}  // namespace unknot::cli
