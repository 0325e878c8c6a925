// "Today": the home page once there is an intake. Everything a daily visit needs without
// scrolling: today's session (or a rest day) with a start button, whether today's check-in is
// done, this week's sessions against the plan, the morning-pain trend as a sparkline, the
// safety status in plain words and the next review. Built as values from the plan, the diary
// and the review (pure, tested), then drawn by today_html.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/plan.h"
#include "core/review.h"

namespace unknot::web {

struct TodayView {
  std::string date;                 // "Monday 30 March 2026"
  std::string session_id;           // "" on a rest day
  std::string session_title;
  int session_minutes = 0;
  std::vector<std::string> session_items;  // technique names
  bool checked_in = false;          // a morning pain reading today
  std::optional<int> pain_today;
  int sessions_this_week = 0;       // completed sessions since Monday
  int sessions_planned_this_week = 0;
  std::vector<std::optional<double>> pain_days;  // morning pain, the last kSparkDays days, oldest first
  bool warning = false;             // the safety status is not plain self-care, or signs were logged
  std::string safety;               // the safety status (core/safety_status) in plain words
  std::string safety_html;          // the same status as drawn by safety_status_html (trusted markup)
  std::string next_review;          // "Monday 20 April (in 3 weeks)"
};

constexpr int kSparkDays = 14;

// `phase`: the phase the person is in now (nullptr: none); `session`: today's session from it
// (nullptr: a rest day). `today` is a day number.
TodayView build_today(const Plan& plan, const PlanPhase* phase, const PlanSession* session,
                      const std::vector<DiaryEntry>& diary, const Review& review, int today);

std::string today_html(const TodayView& view);

}  // namespace unknot::web
