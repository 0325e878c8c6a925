#include "core/review.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace unknot {
namespace {

DiaryEntry pain(int day, int nprs, const std::string& context = "morning") {
  return test_util::pain_entry(day, nprs, context);
}

DiaryEntry session(int day, int pain_during, bool completed = true) {
  DiaryEntry entry;
  entry.at = iso_date(day) + "T18:00:00";
  entry.type = EntryType::kSession;
  entry.session = "strength";
  entry.completed = completed;
  entry.pain_during = pain_during;
  return entry;
}

const int kStart = days_from_civil(2026, 3, 2);

// Four weeks of morning pain: `weekly[w]` every day of week w.
std::vector<DiaryEntry> month(std::array<int, 4> weekly) {
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 28; ++day) entries.push_back(pain(kStart + day, weekly[day / 7]));
  return entries;
}

TEST(Diary, DatesRoundTrip) {
  EXPECT_EQ("2026-03-02", iso_date(kStart));
  EXPECT_EQ(kStart + 29, *day_number("2026-03-31T23:59:59"));
  EXPECT_EQ("2024-02-29", iso_date(days_from_civil(2024, 2, 29)));
  EXPECT_FALSE(is_valid_timestamp("2026-02-29"));
  EXPECT_FALSE(is_valid_timestamp("2026-03-02T24:00:00"));
  EXPECT_FALSE(is_valid_timestamp("2026-3-2"));
  EXPECT_TRUE(is_valid_timestamp("2026-03-02"));
}

TEST(Review, HandComputedMeaningfulImprovement) {
  // Given baseline mean 6.0 and last-week mean 3.0 (hand computed: -3.0 points, -50%),
  // the change is meaningful (>= 2 points or 30%), at week 4.0.
  auto entries = month({6, 5, 4, 3});
  Review review = build_review(entries, kStart + 27, 3);
  EXPECT_DOUBLE_EQ(4.0, review.weeks_in_program);
  EXPECT_EQ(kStart, review.baseline.from);
  EXPECT_EQ(kStart + 6, review.baseline.to);
  EXPECT_DOUBLE_EQ(6.0, *review.baseline.mean_nprs);
  EXPECT_EQ(7, review.baseline.entries);
  EXPECT_DOUBLE_EQ(3.0, *review.current.mean_nprs);
  EXPECT_DOUBLE_EQ(-3.0, *review.change_points);
  EXPECT_DOUBLE_EQ(-50.0, *review.change_percent);
  EXPECT_EQ("meaningful_improvement", review.verdict);
  EXPECT_EQ("hold", review.next_step);  // no sessions logged
}

TEST(Review, ThresholdsFollowTheBaseline) {
  struct Case {
    std::array<int, 4> weekly;
    const char* verdict;
  };
  const Case cases[] = {
      {{6, 6, 6, 5}, "slight_improvement"},   // -1 point (16.7%): slight
      {{6, 6, 6, 6}, "no_change"},
      {{6, 6, 6, 7}, "worse"},
      {{4, 4, 4, 3}, "slight_improvement"},   // baseline <= 4: points rule, -1
      {{4, 4, 4, 2}, "meaningful_improvement"},  // -2 points
      {{8, 8, 8, 6}, "slight_improvement"},   // baseline >= 7: percent rule, -25%
      {{8, 8, 8, 5}, "meaningful_improvement"},  // -37.5%
      {{10, 10, 10, 8}, "slight_improvement"},   // -2 points is only 20% at baseline 10
  };
  for (const Case& c : cases) {
    Review review = build_review(month(c.weekly), kStart + 27, 3);
    EXPECT_EQ(c.verdict, review.verdict) << c.weekly[0] << " -> " << c.weekly[3];
  }
}

TEST(Review, NotWorkingAtWeekFourMeansSeeAProfessional) {
  Review review = build_review(month({6, 6, 6, 6}), kStart + 27, 3);
  EXPECT_EQ("see_professional", review.next_step);
  Review early = build_review(month({6, 6, 6, 6}), kStart + 20, 3);  // week 3.0
  EXPECT_NE("see_professional", early.next_step);
}

TEST(Review, NotEnoughData) {
  EXPECT_EQ("not_enough_data", build_review({}, kStart, 3).verdict);
  // Two readings in the last week are not enough for a weekly mean.
  std::vector<DiaryEntry> entries = month({6, 5, 4, 3});
  std::erase_if(entries, [](const DiaryEntry& entry) { return *day_number(entry.at) > kStart + 20; });
  entries.push_back(pain(kStart + 26, 3));
  entries.push_back(pain(kStart + 27, 3));
  EXPECT_EQ("not_enough_data", build_review(entries, kStart + 27, 3).verdict);
}

TEST(Review, PainMonitoringModel) {
  auto entries = month({5, 5, 5, 5});
  auto with = [&](std::vector<DiaryEntry> extra) {
    std::vector<DiaryEntry> all = entries;
    all.insert(all.end(), extra.begin(), extra.end());
    return build_review(all, kStart + 20, 3).next_step;
  };
  EXPECT_EQ("progress", with({session(kStart + 17, 2), session(kStart + 19, 3)}));
  EXPECT_EQ("hold", with({session(kStart + 17, 2), session(kStart + 19, 4)}));
  EXPECT_EQ("regress", with({session(kStart + 17, 2), session(kStart + 19, 6)}));
  EXPECT_EQ("hold", with({session(kStart + 17, 2), session(kStart + 19, 2, false)}));
  // Next morning clearly above the baseline (5.0): regress.
  std::vector<DiaryEntry> sore = entries;
  std::erase_if(sore, [](const DiaryEntry& entry) { return *day_number(entry.at) == kStart + 20; });
  sore.push_back(pain(kStart + 20, 7));
  sore.push_back(session(kStart + 19, 2));
  EXPECT_EQ("regress", build_review(sore, kStart + 20, 3).next_step);
}

TEST(Review, LoggedSymptomMeansRescreen) {
  auto entries = month({6, 5, 4, 3});
  DiaryEntry symptom;
  symptom.at = iso_date(kStart + 25);
  symptom.type = EntryType::kSymptom;
  symptom.symptom = "fever";
  entries.push_back(symptom);
  EXPECT_EQ("rescreen", build_review(entries, kStart + 27, 3).next_step);
}

TEST(Review, AdherenceCountsCompletedStrengthSessions) {
  auto entries = month({5, 5, 5, 5});
  for (int week = 0; week < 4; ++week) {
    entries.push_back(session(kStart + week * 7, 2));
    entries.push_back(session(kStart + week * 7 + 2, 2));
  }
  entries.push_back(session(kStart + 4, 2, /*completed=*/false));
  Review review = build_review(entries, kStart + 27, 3);
  EXPECT_DOUBLE_EQ(2.0, review.strength_sessions_per_week);  // 8 completed in 28 days
  EXPECT_EQ(3, review.target_per_week);
}

DiaryEntry desk_break(int day, const std::string& outcome) {
  DiaryEntry entry;
  entry.at = iso_date(day) + "T10:40:00";
  entry.type = EntryType::kBreak;
  entry.technique = "posture-reset";
  entry.outcome = outcome;
  return entry;
}

TEST(Review, AdherenceCountsDeskBreaks) {
  auto entries = month({5, 5, 5, 5});
  for (int day = 0; day < 28; ++day) entries.push_back(desk_break(kStart + day, "done"));
  for (int day = 0; day < 14; ++day) entries.push_back(desk_break(kStart + day, "skipped"));
  entries.push_back(desk_break(kStart + 3, "snoozed"));
  entries.push_back(desk_break(kStart + 40, "done"));  // after as_of: not counted
  Review review = build_review(entries, kStart + 27, 3);
  EXPECT_DOUBLE_EQ(7.0, review.desk_breaks_done_per_week);     // 28 in 28 days
  EXPECT_DOUBLE_EQ(3.5, review.desk_breaks_skipped_per_week);  // 14 in 28 days
}

// --- The review reads the diary right (issue 11). Each case is worked out by hand.

TEST(Review, WindowsStartAtTheFirstReadingAndNeverReachPastAsOf) {
  // Two readings, on days 0 and 1, reviewed on day 1: the first week is days 0-1 (not 0-6,
  // which would end in the future) and there is no separate later window yet.
  std::vector<DiaryEntry> entries = {pain(kStart, 6), pain(kStart + 1, 5)};
  Review review = build_review(entries, kStart + 1, 3);
  EXPECT_EQ(kStart, review.baseline.from);
  EXPECT_EQ(kStart + 1, review.baseline.to);
  EXPECT_GT(review.current.from, review.current.to);  // empty
  EXPECT_LE(review.current.to, kStart + 1);
  EXPECT_EQ(0, review.current.entries);
  EXPECT_EQ("not_enough_data", review.verdict);
}

TEST(Review, CurrentWindowNeverOverlapsTheBaseline) {
  // Ten days of readings, reviewed on day 9: baseline days 0-6, current days 7-9 (not 3-9).
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 10; ++day) entries.push_back(pain(kStart + day, day < 7 ? 6 : 3));
  Review review = build_review(entries, kStart + 9, 3);
  EXPECT_EQ(kStart + 6, review.baseline.to);
  EXPECT_EQ(kStart + 7, review.current.from);
  EXPECT_EQ(kStart + 9, review.current.to);
  EXPECT_EQ(3, review.current.entries);
  ASSERT_TRUE(review.current.mean_nprs);
  EXPECT_DOUBLE_EQ(3.0, *review.current.mean_nprs);  // 3 readings of 3, none from the baseline
}

TEST(Review, RatesPerWeekUseElapsedTimeButAtLeastAWeek) {
  // One strength session on day 1 (the diary's first day), reviewed that day: 1 a week.
  std::vector<DiaryEntry> entries = {pain(kStart, 5), session(kStart, 2)};
  EXPECT_DOUBLE_EQ(1.0, build_review(entries, kStart, 3).strength_sessions_per_week);
  // ... and the next day still 1 a week, not 3.5.
  EXPECT_DOUBLE_EQ(1.0, build_review(entries, kStart + 1, 3).strength_sessions_per_week);
  // Four sessions in 14 days: 2 a week.
  for (int day : {2, 5, 9}) entries.push_back(session(kStart + day, 2));
  EXPECT_DOUBLE_EQ(2.0, build_review(entries, kStart + 13, 3).strength_sessions_per_week);
}

TEST(Review, EverySessionSinceTheLastReviewCountsForThePainRules) {
  // A strength session at 8/10 and the same evening a heat session at 2/10: regress, although
  // the latest session was easy.
  auto entries = month({5, 5, 5, 5});
  entries.push_back(session(kStart + 19, 8));
  DiaryEntry heat = session(kStart + 19, 2);
  heat.at = iso_date(kStart + 19) + "T21:00:00";
  heat.session = "daily-relief";
  entries.push_back(heat);
  EXPECT_EQ("regress", build_review(entries, kStart + 20, 3).next_step);
}

TEST(Review, NextMorningIsComparedWithRecentMorningsNotTheFirstWeek) {
  // First week at 7, then mornings settle at 2; after a session on day 20 the next morning is
  // 6. Against the first week (7) that looks fine; against the recent mornings (2) it is a
  // flare: regress.
  auto entries = month({7, 2, 2, 2});
  std::erase_if(entries, [](const DiaryEntry& entry) { return *day_number(entry.at) == kStart + 21; });
  entries.push_back(pain(kStart + 21, 6));
  entries.push_back(session(kStart + 20, 2));
  EXPECT_EQ("regress", build_review(entries, kStart + 21, 3).next_step);
  // The same next morning at 2: no flare.
  auto calm = month({7, 2, 2, 2});
  calm.push_back(session(kStart + 18, 2));
  calm.push_back(session(kStart + 20, 2));
  EXPECT_EQ("progress", build_review(calm, kStart + 21, 3).next_step);
}

TEST(Review, NoRoundingBeforeAComparison) {
  // Baseline 7,7,7,7,7,7,8: mean 50/7 = 7.142857 (shown as 7.1). Last week all 5.0.
  // Exact change: -15/7 points = -30.0%: meaningful. Rounded first (7.1 -> 5.0 = -29.6%)
  // it would only have been "slight".
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 7; ++day) entries.push_back(pain(kStart + day, day == 6 ? 8 : 7));
  for (int day = 21; day < 28; ++day) entries.push_back(pain(kStart + day, 5));
  Review review = build_review(entries, kStart + 27, 3);
  ASSERT_TRUE(review.baseline.mean_nprs);
  EXPECT_DOUBLE_EQ(7.1, *review.baseline.mean_nprs);
  EXPECT_EQ("meaningful_improvement", review.verdict);
  EXPECT_DOUBLE_EQ(-30.0, *review.change_percent);
}

}  // namespace
}  // namespace unknot
