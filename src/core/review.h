// The progress review (../shared/spec/README.md section 5): honest arithmetic over the
// diary. Pure. Rules from ../shared/reference/clinical.md: weekly means of morning pain and
// the meaningful-change thresholds (§2.1), the pain-monitoring model (§3.1), the week-4
// review and "see a professional" when it is not working (§1.4), re-screening on any
// red-flag symptom. docs/review-rules.md explains each rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/diary_facts.h"
#include "core/plan.h"

namespace unknot {

struct PainWindow {
  int from = 0;  // day numbers, inclusive
  int to = 0;
  std::optional<double> mean_nprs;
  int entries = 0;
};

struct ReviewReason {
  std::string code;
  std::string says;
};

struct Review {
  int as_of = 0;
  std::optional<int> first_day;  // the day of the first diary entry; nullopt: empty diary
  double weeks_in_program = 0;
  PainWindow baseline;
  PainWindow current;
  std::optional<double> change_points;
  std::optional<double> change_percent;
  std::string verdict;    // meaningful_improvement | slight_improvement | no_change | worse | not_enough_data
  std::string next_step;  // progress | hold | regress | rescreen | see_professional
  double strength_sessions_per_week = 0;
  int target_per_week = 0;
  // Desk micro-breaks (`unknot desk`) over the same window as the sessions: taken, and
  // turned down (skipped), per week. Snoozes are asked again, so they count as neither.
  double desk_breaks_done_per_week = 0;
  double desk_breaks_skipped_per_week = 0;
  std::vector<ReviewReason> reasons;
};

// Entries needed in a 7-day window for its mean to count.
constexpr int kMinimumEntriesPerWindow = 3;

// `entries` in any order; `as_of` a day number; `target_per_week` the plan's strength days.
// An entry whose `at` is not a valid timestamp is left out.
Review build_review_from_facts(const DiaryFacts& diary, int as_of, int target_per_week);
// The same, from whole entries (their facts_of()).
Review build_review(const std::vector<DiaryEntry>& entries, int as_of, int target_per_week);

// The weekly mean of morning pain at or below which the change from `baseline_mean` counts
// as a meaningful improvement under the verdict's rule (2 points or 30%, as build_review
// judges it): the line a progress chart draws. Below 0 when no reading can get there (a
// first week of 1/10 cannot fall by 2 points).
double meaningful_improvement_line(double baseline_mean);

// What the review means for the next strength session's dose.
DoseStep dose_step_for(const Review& review);

}  // namespace unknot
