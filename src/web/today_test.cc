// "Today" from plain values: the session or a rest day, the check-in, the week's count, the
// sparkline, the safety words and the next review.
#include "web/today.h"

#include <gtest/gtest.h>

#include "core/session_script.h"
#include "testing/test_util.h"

namespace unknot::web {
namespace {

const int kMonday = days_from_civil(2026, 3, 2);

struct Fixture {
  Plan plan = build_plan(test_util::clean_intake(), test_util::embedded_catalogue());
  std::vector<DiaryEntry> diary;
  TodayView make(int today) {
    const Review review = build_review(diary, today, plan.strength_days_per_week);
    const PlanPhase* phase = phase_for_week(plan, review.weeks_in_program);
    return build_today(plan, phase, phase ? session_for_day(*phase, today) : nullptr, diary, review, today);
  }
};

DiaryEntry done_session(int day) {
  DiaryEntry entry;
  entry.at = iso_date(day) + "T18:00:00";
  entry.type = EntryType::kSession;
  entry.session = "strength";
  entry.completed = true;
  return entry;
}

TEST(Today, ShowsTodaysSessionCheckInAndWeek) {
  Fixture f;
  for (int day = 0; day < 9; ++day) f.diary.push_back(test_util::pain_entry(kMonday + day, 6 - day / 3));
  f.diary.push_back(done_session(kMonday + 7));
  f.diary.push_back(done_session(kMonday + 1));  // last week: not this week's
  const TodayView view = f.make(kMonday + 8);     // Tuesday of the second week
  EXPECT_EQ(view.date, "Tuesday 10 March 2026");
  EXPECT_TRUE(view.checked_in);
  EXPECT_EQ(view.pain_today, 4);
  EXPECT_EQ(view.sessions_this_week, 1);
  EXPECT_GT(view.sessions_planned_this_week, 0);
  ASSERT_EQ(view.pain_days.size(), static_cast<size_t>(kSparkDays));
  EXPECT_FALSE(view.pain_days.front().has_value());
  EXPECT_DOUBLE_EQ(*view.pain_days.back(), 4.0);
  EXPECT_FALSE(view.warning);
  EXPECT_NE(view.safety.find("No warning signs"), std::string::npos);
  // The first review is four weeks after the diary's first day.
  EXPECT_EQ(view.next_review, "Monday 30 March 2026 (in 2 weeks)");
  const std::string html = today_html(view);
  if (!view.session_id.empty()) {
    EXPECT_NE(html.find("href=\"/session/" + view.session_id + "\""), std::string::npos);
  } else {
    EXPECT_NE(html.find("Rest day"), std::string::npos);
  }
  EXPECT_NE(html.find("<polyline class=\"spark-line\""), std::string::npos);
  EXPECT_NE(html.find("Done: morning pain 4 out of 10"), std::string::npos);
}

TEST(Today, WithoutACheckInItOffersOneAndAWarningSignShows) {
  Fixture f;
  // The plan carries the safety status: a sign logged lately is part of it.
  f.plan.logged_signs.push_back({"fever", "2026-03-04"});
  const TodayView view = f.make(kMonday + 3);
  EXPECT_FALSE(view.checked_in);
  EXPECT_TRUE(view.warning);
  EXPECT_NE(view.safety.find("2026-03-04"), std::string::npos) << view.safety;
  const std::string html = today_html(view);
  EXPECT_NE(html.find("href=\"/checkin\""), std::string::npos);
  EXPECT_NE(html.find("today-warning"), std::string::npos);
  EXPECT_NE(html.find("No morning readings yet"), std::string::npos);
}

TEST(Today, ARestDayHasNoStartButton) {
  Fixture f;
  const Review review = build_review(f.diary, kMonday, f.plan.strength_days_per_week);
  const TodayView view = build_today(f.plan, nullptr, nullptr, f.diary, review, kMonday);
  EXPECT_TRUE(view.session_id.empty());
  const std::string html = today_html(view);
  EXPECT_NE(html.find("Rest day"), std::string::npos);
  EXPECT_EQ(html.find("start-today"), std::string::npos);
}

}  // namespace
}  // namespace unknot::web
