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

}  // namespace
}  // namespace unknot
