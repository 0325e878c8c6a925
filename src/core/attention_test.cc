#include "core/attention.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace unknot {
namespace {

using test_util::pain_entry;

const int kToday = days_from_civil(2026, 3, 30);

Review quiet_review() {
  Review review;
  review.as_of = kToday;
  review.verdict = "no_change";
  review.next_step = "hold";
  review.weeks_in_program = 2.0;
  return review;
}

DiaryEntry session_entry(int day, int pain_during) {
  DiaryEntry entry;
  entry.at = iso_date(day) + "T18:00:00";
  entry.type = EntryType::kSession;
  entry.session = "strength";
  entry.completed = true;
  entry.pain_during = pain_during;
  return entry;
}

DiaryEntry symptom_entry(int day) {
  DiaryEntry entry;
  entry.at = iso_date(day);
  entry.type = EntryType::kSymptom;
  entry.symptom = "fever";
  return entry;
}

TEST(Attention, NothingToActOnForARecentQuietDiary) {
  EXPECT_TRUE(attention_for({pain_entry(kToday - 1, 3)}, std::nullopt, quiet_review(), kToday).empty());
}

TEST(Attention, NoEntryForSevenDaysOrNoneAtAll) {
  EXPECT_EQ(attention_for({}, std::nullopt, quiet_review(), kToday), std::vector{Attention::kNoRecentEntry});
  EXPECT_TRUE(attention_for({pain_entry(kToday - 6, 3)}, std::nullopt, quiet_review(), kToday).empty());
  EXPECT_EQ(attention_for({pain_entry(kToday - 7, 3)}, std::nullopt, quiet_review(), kToday),
            std::vector{Attention::kNoRecentEntry});
}

TEST(Attention, WarningSymptomWithinTheWindowComesFirst) {
  const auto found = attention_for({symptom_entry(kToday - 27), pain_entry(kToday, 3)}, std::nullopt, quiet_review(), kToday);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front(), Attention::kWarningSign);
  EXPECT_TRUE(attention_for({symptom_entry(kToday - 28), pain_entry(kToday, 3)}, std::nullopt, quiet_review(), kToday).empty());
}

TEST(Attention, IntakeScreenCountsOnlyWhenUrgentOrEmergency) {
  Triage screen;
  screen.level = Level::kSeeProfessional;
  EXPECT_TRUE(attention_for({pain_entry(kToday, 3)}, screen, quiet_review(), kToday).empty());
  screen.level = Level::kUrgent;
  EXPECT_EQ(attention_for({pain_entry(kToday, 3)}, screen, quiet_review(), kToday), std::vector{Attention::kWarningSign});
}

TEST(Attention, PainfulSessionAboveFiveInTheLastFortnight) {
  EXPECT_TRUE(attention_for({session_entry(kToday, 5)}, std::nullopt, quiet_review(), kToday).empty());
  EXPECT_EQ(attention_for({session_entry(kToday, 6)}, std::nullopt, quiet_review(), kToday),
            std::vector{Attention::kPainfulSession});
  EXPECT_EQ(attention_for({session_entry(kToday - 14, 9), pain_entry(kToday, 2)}, std::nullopt, quiet_review(), kToday),
            std::vector<Attention>{});
}

TEST(Attention, ReviewVerdictsAndTheWeekFourReview) {
  Review review = quiet_review();
  review.verdict = "worse";
  review.next_step = "see_professional";
  review.weeks_in_program = 4.2;
  EXPECT_EQ(attention_for({pain_entry(kToday, 7)}, std::nullopt, review, kToday),
            (std::vector{Attention::kSeeProfessional, Attention::kPainWorse, Attention::kReviewDue}));
  review = quiet_review();
  review.next_step = "rescreen";
  EXPECT_EQ(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday), std::vector{Attention::kWarningSign});
  review = quiet_review();
  review.weeks_in_program = 3.9;
  EXPECT_TRUE(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday).empty());
  review.weeks_in_program = 5.0;
  EXPECT_TRUE(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday).empty());
}

// One test per rule of the clinician's list (issue 18), each alone.
TEST(AttentionRule, PainWorseThanTheFirstWeekFromARealReview) {
  std::vector<DiaryEntry> entries;
  for (int day = kToday - 27; day <= kToday; ++day) entries.push_back(pain_entry(day, day < kToday - 20 ? 3 : 7));
  const Review review = build_review(entries, kToday, 3);
  ASSERT_EQ(review.verdict, "worse");
  const auto found = attention_for(entries, std::nullopt, review, kToday);
  EXPECT_NE(std::find(found.begin(), found.end(), Attention::kPainWorse), found.end());
  std::vector<DiaryEntry> steady;
  for (int day = kToday - 27; day <= kToday; ++day) steady.push_back(pain_entry(day, 4));
  const auto none = attention_for(steady, std::nullopt, build_review(steady, kToday, 3), kToday);
  EXPECT_EQ(std::find(none.begin(), none.end(), Attention::kPainWorse), none.end());
}

TEST(AttentionRule, TheReviewSaysSeeAProfessional) {
  Review review = quiet_review();
  review.next_step = "see_professional";
  EXPECT_EQ(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday),
            std::vector{Attention::kSeeProfessional});
}

TEST(AttentionRule, TheWeekFourReviewIsDueInTheFourthToFifthWeek) {
  Review review = quiet_review();
  review.weeks_in_program = 4.0;
  EXPECT_EQ(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday), std::vector{Attention::kReviewDue});
  review.weeks_in_program = 4.9;
  EXPECT_EQ(attention_for({pain_entry(kToday, 3)}, std::nullopt, review, kToday), std::vector{Attention::kReviewDue});
}

TEST(AttentionRule, AWarningSignLoggedPutsThePatientFirstWhateverElseApplies) {
  Review review = quiet_review();
  review.verdict = "worse";
  const auto found = attention_for({symptom_entry(kToday), session_entry(kToday, 8)}, std::nullopt, review, kToday);
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found.front(), Attention::kWarningSign);
}

TEST(AttentionRule, CodesRoundTripAndNothingElseIsAReason) {
  for (Attention reason : kAllAttention) EXPECT_EQ(attention_from_code(to_string(reason)), reason);
  EXPECT_FALSE(attention_from_code("warning"));
  EXPECT_FALSE(attention_from_code(""));
  EXPECT_FALSE(attention_from_code("WARNING_SIGN"));
}

}  // namespace
}  // namespace unknot
