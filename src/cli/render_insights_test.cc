#include "cli/render_insights.h"

#include "testing/test_util.h"

#include <gtest/gtest.h>

#include "contract/insights_json.h"

namespace unknot::cli {
namespace {

const int kStart = days_from_civil(2026, 3, 2);

DiaryEntry morning(int day, int nprs) { return test_util::pain_entry(kStart + day, nprs); }

DiaryEntry trigger(int day, const std::string& name) { return test_util::trigger_entry(kStart + day, name); }

TEST(InsightsRender, SparklineBlocksAndGaps) {
  std::vector<DailyPain> days = {{0, 0.0}, {1, std::nullopt}, {2, 5.0}, {3, 10.0}};
  EXPECT_EQ("▁ ▅█", pain_sparkline(days));
}

TEST(InsightsRender, EmptyDiaryRendersWithoutCrashing) {
  const std::string text = render_insights(build_insights({}, kStart), TerminalStyle{80, false});
  EXPECT_NE(std::string::npos, text.find("no morning readings yet")) << text;
  EXPECT_NE(std::string::npos, text.find("No triggers logged yet")) << text;
  // No week rows before the diary began, so an empty diary has none.
  EXPECT_EQ(std::string::npos, text.find("2026-W10")) << text;
}

TEST(InsightsRender, SparklineBarsAndNotEnoughData) {
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 28; ++day) {
    if (day % 9 != 4) entries.push_back(morning(day, day % 11));
  }
  entries.push_back(trigger(2, "desk_work"));
  const Insights insights = build_insights(entries, kStart + 27);
  for (const TerminalStyle& style : {TerminalStyle{80, false}, TerminalStyle{40, true}}) {
    const std::string text = render_insights(insights, style);
    EXPECT_NE(std::string::npos, text.find("▁")) << text;
    EXPECT_NE(std::string::npos, text.find("█")) << text;
    EXPECT_NE(std::string::npos, text.find(pain_sparkline(insights.morning_pain))) << text;
    EXPECT_NE(std::string::npos, text.find("not enough data yet")) << text;
    EXPECT_NE(std::string::npos, text.find("desk work")) << text;
  }
}

TEST(InsightsRender, FindingsWithEffectAndInterval) {
  // Desk work on days 0, 2, ..., 8 followed by pain 5, 6, 7, 6, 6; other days by 3, 4, 5, 4, 4.
  std::vector<DiaryEntry> entries;
  const int mornings[] = {0, 5, 3, 6, 4, 7, 5, 6, 4, 6, 4};
  for (int day = 1; day <= 10; ++day) entries.push_back(morning(day, mornings[day]));
  for (int day : {0, 2, 4, 6, 8}) entries.push_back(trigger(day, "desk_work"));
  const Insights insights = build_insights(entries, kStart + 10);
  const std::string text = render_insights(insights, TerminalStyle{80, false});
  EXPECT_NE(std::string::npos, text.find("desk work  +2.0 points (95% CI 1.0 to 3.0; n 5 vs 5 days)")) << text;
  EXPECT_NE(std::string::npos, text.find("went with")) << text;

  const auto json = contract::insights_to_json(insights);
  EXPECT_EQ("unknot.insights/1", json["schema"]);
  EXPECT_EQ("2026-03-12", json["as_of"]);
  EXPECT_EQ(28u, json["morning_pain"].size());
  EXPECT_TRUE(json["morning_pain"][0]["nprs"].is_null());
  // Weeks from the one the diary began (2026-03-02, W10) to as_of's (W11), none before.
  ASSERT_EQ(2u, json["weeks"].size());
  EXPECT_EQ("2026-W10", json["weeks"][0]["week"]);
  EXPECT_EQ("2026-W11", json["weeks"][1]["week"]);
  EXPECT_EQ(2.0, json["triggers"][0]["effect"]);
  EXPECT_EQ(0.97, json["triggers"][0]["ci95"]["low"]);
  EXPECT_EQ(3.03, json["triggers"][0]["ci95"]["high"]);
  EXPECT_EQ(5, json["triggers"][0]["n_with"]);
  EXPECT_TRUE(json["techniques"].empty());
  EXPECT_TRUE(json["relief_note"].is_string());
}

}  // namespace
}  // namespace unknot::cli
