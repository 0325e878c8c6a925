// Insights (`unknot insights`): patterns in the user's own diary, with their uncertainty.
// Pure. Every finding is an association in one person's diary, never proof of cause, so each
// `says` sentence reports what "went with" what, with a 95% confidence interval and the
// number of days or sessions behind it. docs/architecture.md: core/ is standard library only.
//
// - Trigger effects: next-morning pain after days with a trigger vs after days without it
//   (Welch's t-interval for the difference of two means).
// - Technique relief: pain right after a session vs just before it, per technique in the
//   session (t-interval of the paired differences). Short-term only.
// - Adherence per ISO week (Monday-based) for the last 8 weeks, none before the diary began.
// - Morning pain for each of the last 28 days, for a sparkline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/diary_facts.h"

namespace unknot {

// Fewer days (or session pairs) than this in a group -> "not enough data yet".
constexpr int kMinimumInsightGroup = 5;
constexpr int kInsightWeeks = 8;
constexpr int kInsightSeriesDays = 28;

struct TriggerEffect {
  std::string trigger;  // the diary's name, e.g. "desk_work"
  int n_with = 0;       // days with the trigger that have a next-morning reading
  int n_without = 0;    // days without it that have a next-morning reading
  bool enough_data = false;
  // Set only when enough_data: means of next-morning pain, their difference (with minus
  // without; positive = more pain after trigger days) and its 95% confidence interval.
  std::optional<double> mean_with;
  std::optional<double> mean_without;
  std::optional<double> effect;
  std::optional<double> ci_low;
  std::optional<double> ci_high;
  std::string says;
};

struct TechniqueRelief {
  std::string technique;  // technique id from the session's items
  int n = 0;              // sessions with a before/after pair
  bool enough_data = false;
  // Set only when enough_data: mean of (after - before); negative = less pain after.
  std::optional<double> mean_change;
  std::optional<double> ci_low;
  std::optional<double> ci_high;
  std::string says;
};

struct WeekAdherence {
  int monday = 0;         // day number of the week's Monday
  std::string iso_week;   // "2026-W10"
  int completed_sessions = 0;  // sessions of any kind logged as completed
  int strength_sessions = 0;   // of those, strength sessions
  int pain_days = 0;           // days with at least one pain reading
  int breaks_done = 0;         // desk micro-breaks (`unknot desk`) taken
  int breaks_snoozed = 0;
  int breaks_skipped = 0;
};

struct DailyPain {
  int day = 0;
  std::optional<double> morning_nprs;  // mean of that day's morning/next_morning readings
};

struct Insights {
  int as_of = 0;
  std::vector<DailyPain> morning_pain;  // kInsightSeriesDays days ending at as_of, oldest first
  std::vector<WeekAdherence> weeks;     // up to kInsightWeeks ISO weeks ending with as_of's, oldest first
  std::vector<TriggerEffect> triggers;  // every trigger name logged up to as_of, by name
  std::vector<TechniqueRelief> techniques;  // by id; empty when no session has a before/after pair
  std::string relief_note;  // why `techniques` is empty (no sessions with items / no after_session readings)
};

// `entries` in any order; entries after `as_of` (a day number) and entries whose `at` is not
// a valid timestamp are ignored.
Insights build_insights_from_facts(const DiaryFacts& diary, int as_of_day);
// The same, from whole entries (their facts_of()).
Insights build_insights(const std::vector<DiaryEntry>& entries, int as_of_day);

// Two-sided 95% critical value of Student's t for `df` degrees of freedom: a table for
// df 1..30 (a fractional df is rounded down, which widens the interval), 1.96 beyond.
double t_critical_95(double df);

// Monday (day number) of the ISO week containing `day`, and that week's label "YYYY-Www".
int iso_monday(int day);
std::string iso_week_label(int day);

}  // namespace unknot
