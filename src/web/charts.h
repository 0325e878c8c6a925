// Progress charts drawn as SVG on the server, so the same picture serves the page, the
// printable report and people without JavaScript. Each chart carries a <title> and <desc>
// for screen readers, and the page shows the same numbers as a table. Colours come from
// CSS classes (web/assets/style.css), so dark mode and print restyle them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/insights.h"
#include "core/review.h"

namespace unknot::web {

struct DayPain {
  int day = 0;
  double nprs = 0;  // mean of that day's morning readings
};

struct WeekPain {
  int monday = 0;
  double mean_nprs = 0;  // mean of the week's morning readings
  int readings = 0;
};

// Morning pain (the review's measure) between two day numbers, inclusive.
struct PainTrend {
  int from = 0;
  int to = 0;
  std::vector<DayPain> days;              // days with a reading, oldest first
  std::vector<WeekPain> weeks;            // ISO weeks with a reading, oldest first
  std::optional<double> baseline_mean;    // the review's first-week mean
  std::optional<double> meaningful_line;  // meaningful_improvement_line(baseline_mean)
};

PainTrend pain_trend(const std::vector<DiaryEntry>& entries, int from, int to, const Review& review);

// Daily morning pain as dots, weekly means as a line, the first-week mean as a dashed line
// and the band below the meaningful-change line shaded.
std::string pain_trend_svg(const PainTrend& trend);

// Completed sessions per ISO week (strength part darker) against the plan's strength target.
// Weeks that end before `first_day` (the person's first diary entry) are left out: the
// chart starts when the person did.
std::string sessions_per_week_svg(const std::vector<WeekAdherence>& weeks, int target_per_week,
                                  std::optional<int> first_day = std::nullopt);

// Each trigger's difference in next-morning pain with its 95% interval; triggers without
// enough data are listed by the page, not drawn. Empty string when none has enough data.
std::string triggers_svg(const std::vector<TriggerEffect>& triggers);

}  // namespace unknot::web
