#include "web/charts.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace unknot::web {
namespace {

const int kMonday = days_from_civil(2026, 3, 2);  // a Monday

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

TEST(Charts, PainTrendAveragesMorningReadingsByDayAndIsoWeek) {
  std::vector<DiaryEntry> entries = {
      test_util::pain_entry(kMonday, 6),     test_util::pain_entry(kMonday, 4, "next_morning", "09:00:00"),
      test_util::pain_entry(kMonday + 1, 8), test_util::pain_entry(kMonday + 2, 9, "evening"),  // not morning
      test_util::pain_entry(kMonday + 7, 3), test_util::pain_entry(kMonday - 30, 10),  // before `from`
  };
  Review review;
  review.baseline.mean_nprs = 6.0;
  const PainTrend trend = pain_trend(entries, kMonday, kMonday + 13, review);
  ASSERT_EQ(trend.days.size(), 3u);
  EXPECT_DOUBLE_EQ(trend.days[0].nprs, 5.0);
  EXPECT_DOUBLE_EQ(trend.days[1].nprs, 8.0);
  ASSERT_EQ(trend.weeks.size(), 2u);
  EXPECT_DOUBLE_EQ(trend.weeks[0].mean_nprs, 6.0);  // (6 + 4 + 8) / 3 readings
  EXPECT_EQ(trend.weeks[0].readings, 3);
  EXPECT_DOUBLE_EQ(trend.weeks[1].mean_nprs, 3.0);
  // Baseline 6 is between 4 and 7: either 2 points or 30% counts, so the line is at 4.2.
  ASSERT_TRUE(trend.meaningful_line);
  EXPECT_NEAR(*trend.meaningful_line, 4.2, 1e-9);
}

// Given a first week at pain B and a last week at pain C, should draw C inside the band
// exactly when the review calls it a meaningful improvement.
TEST(Charts, MeaningfulLineAgreesWithTheReviewVerdict) {
  for (int baseline = 1; baseline <= 10; ++baseline) {
    for (int current = 0; current <= 10; ++current) {
      std::vector<DiaryEntry> entries;
      for (int day = 0; day < 7; ++day) entries.push_back(test_util::pain_entry(kMonday + day, baseline));
      for (int day = 21; day < 28; ++day) entries.push_back(test_util::pain_entry(kMonday + day, current));
      const Review review = build_review(entries, kMonday + 27, 3);
      const bool inside_band = current <= meaningful_improvement_line(baseline) + 1e-9;
      EXPECT_EQ(review.verdict == "meaningful_improvement", inside_band) << baseline << " -> " << current;
    }
  }
}

TEST(Charts, PainTrendSvgDrawsEachMorningTheBandAndTheWeeklyLine) {
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 14; ++day) entries.push_back(test_util::pain_entry(kMonday + day, 7 - day / 4));
  Review review;
  review.baseline.mean_nprs = 7.0;
  const std::string svg = pain_trend_svg(pain_trend(entries, kMonday, kMonday + 13, review));
  EXPECT_EQ(count(svg, "<circle class=\"dot\""), 14u);
  EXPECT_EQ(count(svg, "<rect class=\"band\""), 1u);
  EXPECT_EQ(count(svg, "<polyline class=\"mean-line\""), 1u);
  EXPECT_NE(svg.find("<title id=\"pain-chart-title\">"), std::string::npos);
  EXPECT_NE(svg.find("at or below 4.9/10 would be a meaningful improvement"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);  // the CSP forbids inline styles
}

TEST(Charts, PainTrendWithoutReadingsSaysSo) {
  const std::string svg = pain_trend_svg(pain_trend({}, kMonday, kMonday + 83, Review{}));
  EXPECT_NE(svg.find("No morning readings yet"), std::string::npos);
  EXPECT_EQ(svg.find("class=\"band\""), std::string::npos);
}

TEST(Charts, SessionsPerWeekDrawsBarsAndTheTarget) {
  std::vector<WeekAdherence> weeks(3);
  for (int i = 0; i < 3; ++i) {
    weeks[i].monday = kMonday + 7 * i;
    weeks[i].iso_week = "2026-W1" + std::to_string(i);
    weeks[i].completed_sessions = 5 + i;
    weeks[i].strength_sessions = 2;
  }
  const std::string svg = sessions_per_week_svg(weeks, 3);
  EXPECT_EQ(count(svg, "<rect class=\"bar\""), 3u);
  EXPECT_EQ(count(svg, "<rect class=\"bar-strength\""), 3u);
  EXPECT_NE(svg.find("strength target 3"), std::string::npos);
  EXPECT_NE(svg.find("2026-W12: 7 (2 strength)."), std::string::npos);
}

TEST(Charts, TriggersChartOnlyDrawsTriggersWithEnoughData) {
  TriggerEffect thin;
  thin.trigger = "driving";
  EXPECT_EQ(triggers_svg({thin}), "");
  TriggerEffect strong;
  strong.trigger = "desk_work";
  strong.enough_data = true;
  strong.effect = 1.5;
  strong.ci_low = 0.5;
  strong.ci_high = 2.5;
  const std::string svg = triggers_svg({thin, strong});
  EXPECT_NE(svg.find(">desk work</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">driving</text>"), std::string::npos);
  EXPECT_NE(svg.find("desk work: +1.5 (+0.5 to +2.5)."), std::string::npos);
}

}  // namespace
}  // namespace unknot::web
