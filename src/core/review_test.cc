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

// Ten morning readings in each of two weeks whose means are exactly `baseline_tenths` / 10
// and `current_tenths` / 10 (e.g. 69 and 59: 6.9 then 5.9), reviewed at the end of week two.
Review two_weeks(int baseline_tenths, int current_tenths) {
  std::vector<DiaryEntry> entries;
  auto week = [&](int first_day, int tenths) {
    for (int reading = 0; reading < 10; ++reading) {
      const int nprs = tenths / 10 + (reading < tenths % 10 ? 1 : 0);
      entries.push_back(pain(first_day + reading % 7, nprs));
    }
  };
  week(kStart, baseline_tenths);
  week(kStart + 7, current_tenths);
  return build_review(entries, kStart + 13, 3);
}

// Both sides of every line of the verdict: the percentage rule alone from a baseline of
// exactly 7, the point rule alone up to exactly 4, either rule in between; 2 points or 30%
// for meaningful, 1 point or 15% for slight, 1 point up for worse.
TEST(Review, VerdictBoundariesOnBothSides) {
  struct Case {
    int baseline_tenths;
    int current_tenths;
    const char* verdict;
  };
  const Case cases[] = {
      // Baseline exactly 7: percentage alone. -1 point is only 14.3%: no change; -1.1 is 15.7%.
      {70, 60, "no_change"},
      {70, 59, "slight_improvement"},
      // -2 points is only 28.6% at 7: slight, not meaningful; -2.1 is 30%.
      {70, 50, "slight_improvement"},
      {70, 49, "meaningful_improvement"},
      // Just below 7 either rule counts: -1 point (14.5%) is slight, -2 points (29%) meaningful.
      {69, 59, "slight_improvement"},
      {69, 49, "meaningful_improvement"},
      // Percentage lines at a high baseline: exactly 15% and 30% count, just under does not.
      {80, 68, "slight_improvement"},
      {80, 69, "no_change"},
      {100, 70, "meaningful_improvement"},
      {100, 71, "slight_improvement"},
      // Baseline exactly 4: points alone. -0.6 is 15% but under a point: no change.
      {40, 34, "no_change"},
      {40, 30, "slight_improvement"},
      {40, 21, "slight_improvement"},
      {40, 20, "meaningful_improvement"},
      // Just above 4 either rule counts: -0.7 is 17.1%, slight by percentage.
      {41, 34, "slight_improvement"},
      // Worse: a full point up, not less.
      {50, 60, "worse"},
      {50, 59, "no_change"},
  };
  for (const Case& c : cases) {
    const Review review = two_weeks(c.baseline_tenths, c.current_tenths);
    ASSERT_TRUE(review.baseline.mean_nprs);
    ASSERT_DOUBLE_EQ(c.baseline_tenths / 10.0, *review.baseline.mean_nprs);
    ASSERT_TRUE(review.current.mean_nprs);
    ASSERT_DOUBLE_EQ(c.current_tenths / 10.0, *review.current.mean_nprs);
    EXPECT_EQ(c.verdict, review.verdict) << c.baseline_tenths / 10.0 << " -> " << c.current_tenths / 10.0;
  }
}

TEST(Review, ThreeReadingsAWeekAreEnoughAndTwoAreNot) {
  auto review_with = [](int readings_in_last_week) {
    std::vector<DiaryEntry> entries;
    for (int day = 0; day < 3; ++day) entries.push_back(pain(kStart + day, 6));
    for (int day = 0; day < readings_in_last_week; ++day) entries.push_back(pain(kStart + 7 + day, 3));
    return build_review(entries, kStart + 13, 3).verdict;
  };
  EXPECT_EQ("meaningful_improvement", review_with(3));
  EXPECT_EQ("not_enough_data", review_with(2));
  // And the first week likewise.
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 2; ++day) entries.push_back(pain(kStart + day, 6));
  for (int day = 0; day < 7; ++day) entries.push_back(pain(kStart + 7 + day, 3));
  EXPECT_EQ("not_enough_data", build_review(entries, kStart + 13, 3).verdict);
}

TEST(Review, NotWorkingAtWeekFourMeansSeeAProfessional) {
  Review review = build_review(month({6, 6, 6, 6}), kStart + 27, 3);
  EXPECT_EQ("see_professional", review.next_step);
  Review early = build_review(month({6, 6, 6, 6}), kStart + 20, 3);  // week 3.0
  EXPECT_NE("see_professional", early.next_step);
  // Week 3.9 is not yet week 4; a slight improvement at week 4 is working.
  std::vector<DiaryEntry> short_of_four = month({6, 6, 6, 6});
  short_of_four.pop_back();
  EXPECT_NE("see_professional", build_review(short_of_four, kStart + 26, 3).next_step);
  EXPECT_EQ("see_professional", build_review(month({6, 6, 6, 7}), kStart + 27, 3).next_step);
  EXPECT_NE("see_professional", build_review(month({6, 6, 6, 5}), kStart + 27, 3).next_step);
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
  // Pain during the last session: 5 is acceptable (hold), above 5 is too much.
  EXPECT_EQ("hold", with({session(kStart + 17, 2), session(kStart + 19, 5)}));
  // Both of the last two sessions must be easy to progress, not only the last.
  EXPECT_EQ("hold", with({session(kStart + 17, 4), session(kStart + 19, 3)}));
  // Sessions since the last weekly review count, the last 7 days (6 days ago: too much); older
  // ones say nothing (docs/review-rules.md).
  EXPECT_EQ("regress", with({session(kStart + 14, 7)}));
  EXPECT_EQ("hold", with({session(kStart + 13, 7)}));
  EXPECT_EQ("hold", with({session(kStart + 17, 2), session(kStart + 19, 2, false)}));
  // Next morning clearly above the baseline (5.0): regress.
  std::vector<DiaryEntry> sore = entries;
  std::erase_if(sore, [](const DiaryEntry& entry) { return *day_number(entry.at) == kStart + 20; });
  sore.push_back(pain(kStart + 20, 7));
  sore.push_back(session(kStart + 19, 2));
  EXPECT_EQ("regress", build_review(sore, kStart + 20, 3).next_step);
  // Half a point above the baseline is still the usual; a point above is not.
  auto next_morning = [&](int nprs) {
    std::vector<DiaryEntry> all = entries;
    std::erase_if(all, [](const DiaryEntry& entry) { return *day_number(entry.at) == kStart + 20; });
    all.push_back(pain(kStart + 20, nprs));
    all.push_back(session(kStart + 17, 2));
    all.push_back(session(kStart + 19, 2));
    return build_review(all, kStart + 20, 3).next_step;
  };
  EXPECT_EQ("regress", next_morning(6));
  EXPECT_EQ("progress", next_morning(5));
}

TEST(Review, LoggedSymptomMeansRescreen) {
  auto entries = month({6, 5, 4, 3});
  DiaryEntry symptom;
  symptom.at = iso_date(kStart + 25);
  symptom.type = EntryType::kSymptom;
  symptom.symptom = "fever";
  entries.push_back(symptom);
  EXPECT_EQ("rescreen", build_review(entries, kStart + 27, 3).next_step);
  // Within the last 14 days (13 days ago) it counts; 14 days ago it no longer does.
  auto symptom_days_ago = [&](int days) {
    std::vector<DiaryEntry> all = month({6, 5, 4, 3});
    DiaryEntry logged = symptom;
    logged.at = iso_date(kStart + 27 - days);
    all.push_back(logged);
    return build_review(all, kStart + 27, 3).next_step;
  };
  EXPECT_EQ("rescreen", symptom_days_ago(13));
  EXPECT_NE("rescreen", symptom_days_ago(14));
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
