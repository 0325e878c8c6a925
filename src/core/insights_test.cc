#include "core/insights.h"

#include "testing/test_util.h"

#include <gtest/gtest.h>

#include <cmath>

namespace unknot {
namespace {

const int kStart = days_from_civil(2026, 3, 2);  // a Monday, ISO week 2026-W10

DiaryEntry pain(int day, int nprs, const std::string& context = "morning", const std::string& time = "07:30:00") {
  return test_util::pain_entry(kStart + day, nprs, context, time);
}

DiaryEntry trigger(int day, const std::string& name) { return test_util::trigger_entry(kStart + day, name); }

DiaryEntry session(int day, const std::vector<std::string>& techniques, const std::string& time = "18:00:00",
                   const std::string& kind = "strength", bool completed = true) {
  DiaryEntry entry;
  entry.at = iso_date(kStart + day) + (time.empty() ? "" : "T" + time);
  entry.type = EntryType::kSession;
  entry.session = kind;
  entry.completed = completed;
  for (const std::string& technique : techniques) entry.items.push_back({technique, std::nullopt});
  return entry;
}

// Trigger on days 0, 2, 4, 6, 8; next-morning pain after them 5, 6 (mean of 5 and 7), 7, 6, 6
// and after the days between (1, 3, 5, 7, 9) 3, 4, 5, 4, 4.
std::vector<DiaryEntry> alternating_desk_work() {
  std::vector<DiaryEntry> entries;
  for (int day : {0, 2, 4, 6, 8}) entries.push_back(trigger(day, "desk_work"));
  entries.push_back(trigger(0, "stress"));
  const int mornings[] = {0, 5, 3, 6, 4, 7, 5, 6, 4, 6, 4};  // index = day; day 3 is set below
  for (int day = 1; day <= 10; ++day) {
    if (day != 3) entries.push_back(pain(day, mornings[day]));
  }
  entries.push_back(pain(3, 5, "morning", "07:00:00"));
  entries.push_back(pain(3, 7, "next_morning", "07:30:00"));
  entries.push_back(pain(5, 9, "evening", "20:00:00"));  // not a morning reading: ignored
  entries.push_back(trigger(12, "desk_work"));           // after as_of: ignored
  entries.push_back(pain(13, 10));
  return entries;
}

TEST(Insights, TriggerEffectHandComputedWelch) {
  // with    = {5, 6, 7, 6, 6}: mean 6.0, sample variance (1+0+1+0+0)/4 = 0.5
  // without = {3, 4, 5, 4, 4}: mean 4.0, sample variance 0.5
  // effect = 2.0; se = sqrt(0.5/5 + 0.5/5) = sqrt(0.2) = 0.4472136
  // Welch df = (0.1 + 0.1)^2 / (0.1^2/4 + 0.1^2/4) = 0.04 / 0.005 = 8 -> t = 2.306
  // half width = 2.306 * 0.4472136 = 1.0312746 -> CI 0.9687254 to 3.0312746
  Insights insights = build_insights(alternating_desk_work(), kStart + 10);
  ASSERT_EQ(2u, insights.triggers.size());
  const TriggerEffect& desk = insights.triggers[0];
  EXPECT_EQ("desk_work", desk.trigger);
  EXPECT_TRUE(desk.enough_data);
  EXPECT_EQ(5, desk.n_with);
  EXPECT_EQ(5, desk.n_without);
  EXPECT_DOUBLE_EQ(6.0, *desk.mean_with);
  EXPECT_DOUBLE_EQ(4.0, *desk.mean_without);
  EXPECT_DOUBLE_EQ(2.0, *desk.effect);
  EXPECT_NEAR(0.9687254, *desk.ci_low, 1e-6);
  EXPECT_NEAR(3.0312746, *desk.ci_high, 1e-6);
  EXPECT_EQ(
      "Days with desk work went with next-morning pain 2.0 points higher than days without it "
      "(95% CI 1.0 to 3.0; 5 vs 5 days).",
      desk.says);

  // stress was logged once: 1 day with, 9 without.
  const TriggerEffect& stress = insights.triggers[1];
  EXPECT_EQ("stress", stress.trigger);
  EXPECT_FALSE(stress.enough_data);
  EXPECT_EQ(1, stress.n_with);
  EXPECT_EQ(9, stress.n_without);
  EXPECT_FALSE(stress.effect);
  EXPECT_FALSE(stress.ci_low);
  EXPECT_NE(std::string::npos, stress.says.find("not enough data yet")) << stress.says;
}

TEST(Insights, TriggerEffectUnequalVariances) {
  // with (days 0-4)     = {6, 6, 6, 6, 8}: mean 6.4, variance (4 * 0.16 + 2.56) / 4 = 0.8
  // without (days 5-10) = {4, 4, 4, 4, 4, 4}: mean 4.0, variance 0
  // effect 2.4; a = 0.8/5 = 0.16, b = 0; se = 0.4; df = 0.16^2 / (0.16^2/4) = 4 -> t = 2.776
  // half width = 2.776 * 0.4 = 1.1104 -> CI 1.2896 to 3.5104
  std::vector<DiaryEntry> entries;
  for (int day = 0; day <= 4; ++day) entries.push_back(trigger(day, "phone_use"));
  for (int day = 1; day <= 5; ++day) entries.push_back(pain(day, day == 5 ? 8 : 6));
  for (int day = 6; day <= 11; ++day) entries.push_back(pain(day, 4));
  Insights insights = build_insights(entries, kStart + 11);
  ASSERT_EQ(1u, insights.triggers.size());
  const TriggerEffect& effect = insights.triggers[0];
  EXPECT_TRUE(effect.enough_data);
  EXPECT_EQ(5, effect.n_with);
  EXPECT_EQ(6, effect.n_without);
  EXPECT_NEAR(2.4, *effect.effect, 1e-12);
  EXPECT_NEAR(1.2896, *effect.ci_low, 1e-9);
  EXPECT_NEAR(3.5104, *effect.ci_high, 1e-9);
}

TEST(Insights, TriggerNotEnoughDataYet) {
  // As of day 8 only days 0-7 have a next morning: 4 with desk work, 4 without.
  Insights insights = build_insights(alternating_desk_work(), kStart + 8);
  const TriggerEffect& desk = insights.triggers[0];
  EXPECT_FALSE(desk.enough_data);
  EXPECT_EQ(4, desk.n_with);
  EXPECT_EQ(4, desk.n_without);
  EXPECT_FALSE(desk.effect);
  EXPECT_EQ(
      "Desk work: not enough data yet. 4 days with it and 4 without it have a next-morning pain reading; "
      "at least 5 of each are needed.",
      desk.says);
}

TEST(Insights, EmptyDiary) {
  Insights insights = build_insights({}, kStart);
  EXPECT_TRUE(insights.triggers.empty());
  EXPECT_TRUE(insights.techniques.empty());
  EXPECT_NE(std::string::npos, insights.relief_note.find("No sessions")) << insights.relief_note;
  ASSERT_EQ(28u, insights.morning_pain.size());
  for (const DailyPain& day : insights.morning_pain) EXPECT_FALSE(day.morning_nprs);
  // No week before the diary began: an empty diary has no weeks to show.
  EXPECT_TRUE(insights.weeks.empty());
}

TEST(Insights, WeeksCountDeskBreaksByOutcome) {
  std::vector<DiaryEntry> entries;
  auto desk_break = [&](int day, const char* outcome) {
    DiaryEntry entry;
    entry.at = iso_date(kStart + day) + "T11:00:00";
    entry.type = EntryType::kBreak;
    entry.technique = "neck-side-tilt";
    entry.outcome = outcome;
    entries.push_back(entry);
  };
  desk_break(0, "done");
  desk_break(1, "done");
  desk_break(6, "snoozed");   // Sunday: still week 2026-W10
  desk_break(7, "skipped");   // Monday: the next week
  Insights insights = build_insights(entries, kStart + 7);
  const WeekAdherence& w10 = insights.weeks[insights.weeks.size() - 2];
  const WeekAdherence& w11 = insights.weeks.back();
  EXPECT_EQ("2026-W10", w10.iso_week);
  EXPECT_EQ(2, w10.breaks_done);
  EXPECT_EQ(1, w10.breaks_snoozed);
  EXPECT_EQ(0, w10.breaks_skipped);
  EXPECT_EQ(1, w11.breaks_skipped);
  EXPECT_EQ(0, w11.completed_sessions);  // breaks are not sessions
}

TEST(Insights, TechniqueReliefHandComputedPairedT) {
  std::vector<DiaryEntry> entries;
  // Days 0-3: morning 9 (not the closest earlier reading), 17:00 reading before the 18:00
  // session, after_session at 18:45. before -> after: 5->3, 5->4, 6->4, 6->3.
  const int before[] = {5, 5, 6, 6}, after[] = {3, 4, 4, 3};
  for (int day = 0; day < 4; ++day) {
    entries.push_back(pain(day, 9));
    entries.push_back(pain(day, before[day], "evening", "17:00:00"));
    std::vector<std::string> items = {"forearm-roller-slide"};
    if (day == 0) items.push_back("forearm-roller-slide");  // twice in one session counts once
    if (day < 3) items.push_back("wall-angel");
    entries.push_back(session(day, items));
    entries.push_back(pain(day, after[day], "after_session", "18:45:00"));
  }
  // Day 4: session and after reading without times -> compared with the morning reading: 6->4.
  entries.push_back(pain(4, 6));
  entries.push_back(session(4, {"forearm-roller-slide"}, ""));
  entries.push_back(pain(4, 4, "after_session", ""));

  // forearm-roller-slide changes {-2, -1, -2, -3, -2}: mean -2.0, variance (0+1+0+1+0)/4 = 0.5,
  // se = sqrt(0.5/5) = 0.3162278, df 4 -> t 2.776, half = 0.8778483 -> CI -2.8778483 to -1.1221517
  Insights insights = build_insights(entries, kStart + 4);
  EXPECT_TRUE(insights.relief_note.empty());
  ASSERT_EQ(2u, insights.techniques.size());
  const TechniqueRelief& roller = insights.techniques[0];
  EXPECT_EQ("forearm-roller-slide", roller.technique);
  EXPECT_TRUE(roller.enough_data);
  EXPECT_EQ(5, roller.n);
  EXPECT_DOUBLE_EQ(-2.0, *roller.mean_change);
  EXPECT_NEAR(-2.8778483, *roller.ci_low, 1e-6);
  EXPECT_NEAR(-1.1221517, *roller.ci_high, 1e-6);
  EXPECT_EQ(
      "Sessions with forearm-roller-slide went with pain 2.0 points lower right after than just before "
      "(95% CI -2.9 to -1.1; 5 sessions). Short-term change only.",
      roller.says);

  const TechniqueRelief& angel = insights.techniques[1];
  EXPECT_EQ("wall-angel", angel.technique);
  EXPECT_FALSE(angel.enough_data);
  EXPECT_EQ(3, angel.n);
  EXPECT_FALSE(angel.mean_change);
  EXPECT_NE(std::string::npos, angel.says.find("not enough data yet")) << angel.says;
}

TEST(Insights, SessionsWithoutAfterSessionReadingsAreNamed) {
  std::vector<DiaryEntry> entries;
  for (int day = 0; day < 6; ++day) {
    entries.push_back(pain(day, 5));
    entries.push_back(session(day, {"forearm-roller-slide"}));
  }
  Insights insights = build_insights(entries, kStart + 5);
  EXPECT_TRUE(insights.techniques.empty());
  EXPECT_NE(std::string::npos, insights.relief_note.find("after_session")) << insights.relief_note;
}

TEST(Insights, WeeklyAdherenceByIsoWeek) {
  std::vector<DiaryEntry> entries;
  // Week 2026-W10 (days 0-6): 2 completed strength, 1 completed mobility, 1 strength not done;
  // pain on day 0 (twice) and day 3 -> 2 days.
  entries.push_back(session(0, {}, "18:00:00", "strength"));
  entries.push_back(session(2, {}, "18:00:00", "strength"));
  entries.push_back(session(4, {}, "18:00:00", "mobility"));
  entries.push_back(session(5, {}, "18:00:00", "strength", false));
  entries.push_back(pain(0, 4));
  entries.push_back(pain(0, 3, "evening", "20:00:00"));
  entries.push_back(pain(3, 4));
  // Week 2026-W11: one strength session and one pain day up to as_of (day 9, a Wednesday).
  entries.push_back(session(8, {}, "18:00:00", "strength"));
  entries.push_back(pain(7, 4));
  entries.push_back(session(10, {}, "18:00:00", "strength"));  // after as_of
  entries.push_back(pain(10, 4));
  // Week 2026-W09 (day -1 is Sunday 2026-03-01).
  entries.push_back(pain(-1, 5));

  Insights insights = build_insights(entries, kStart + 9);
  // The diary began in 2026-W09 (day -1): its weeks start there, not 8 weeks back.
  ASSERT_EQ(3u, insights.weeks.size());
  EXPECT_EQ("2026-W09", insights.weeks[0].iso_week);
  EXPECT_EQ(kStart - 7, insights.weeks[0].monday);
  const WeekAdherence& w09 = insights.weeks[0];
  const WeekAdherence& w10 = insights.weeks[1];
  const WeekAdherence& w11 = insights.weeks[2];
  EXPECT_EQ("2026-W09", w09.iso_week);
  EXPECT_EQ(0, w09.completed_sessions);
  EXPECT_EQ(1, w09.pain_days);
  EXPECT_EQ("2026-W10", w10.iso_week);
  EXPECT_EQ(kStart, w10.monday);
  EXPECT_EQ(3, w10.completed_sessions);
  EXPECT_EQ(2, w10.strength_sessions);
  EXPECT_EQ(2, w10.pain_days);
  EXPECT_EQ("2026-W11", w11.iso_week);
  EXPECT_EQ(1, w11.completed_sessions);
  EXPECT_EQ(1, w11.strength_sessions);
  EXPECT_EQ(1, w11.pain_days);
}

TEST(Insights, IsoWeeksAcrossYearBoundaries) {
  EXPECT_EQ("2020-W53", iso_week_label(days_from_civil(2021, 1, 3)));  // a Sunday
  EXPECT_EQ("2021-W01", iso_week_label(days_from_civil(2021, 1, 4)));
  EXPECT_EQ("2025-W01", iso_week_label(days_from_civil(2024, 12, 30)));
  EXPECT_EQ(days_from_civil(2024, 12, 30), iso_monday(days_from_civil(2025, 1, 5)));
  EXPECT_EQ(kStart, iso_monday(kStart + 6));
}

TEST(Insights, MorningPainSeriesLast28Days) {
  std::vector<DiaryEntry> entries = {pain(0, 7), pain(27, 2), pain(27, 5, "next_morning", "08:00:00"),
                                     pain(27, 9, "evening", "20:00:00"), pain(30, 1)};
  Insights insights = build_insights(entries, kStart + 27);
  ASSERT_EQ(28u, insights.morning_pain.size());
  EXPECT_EQ(kStart, insights.morning_pain.front().day);
  EXPECT_DOUBLE_EQ(7.0, *insights.morning_pain.front().morning_nprs);
  EXPECT_FALSE(insights.morning_pain[1].morning_nprs);
  EXPECT_EQ(kStart + 27, insights.morning_pain.back().day);
  EXPECT_DOUBLE_EQ(3.5, *insights.morning_pain.back().morning_nprs);  // mean of 2 and 5
}

TEST(Insights, TCriticalTable) {
  EXPECT_DOUBLE_EQ(12.706, t_critical_95(1));
  EXPECT_DOUBLE_EQ(2.306, t_critical_95(8));
  EXPECT_DOUBLE_EQ(2.306, t_critical_95(8.9));  // rounded down: wider interval
  EXPECT_DOUBLE_EQ(2.042, t_critical_95(30));
  EXPECT_DOUBLE_EQ(1.96, t_critical_95(31));
}

}  // namespace
}  // namespace unknot
