#include "core/review.h"

#include "core/safety_status.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <span>

namespace unknot {
namespace {

double round1(double value) { return std::round(value * 10) / 10; }

// Sessions read by the pain-monitoring rules: those since the last weekly review.
constexpr int kSessionsWindowDays = 7;

// The entries of `diary` up to day `as_of`, in the diary's order. Without a copy when the
// diary is in time order, as storage reads it: they are a prefix of it (ten years of entries
// are 440 KB, and fresh memory costs a process more than the review does). Otherwise (facts
// made from entries in any order) they are copied into `copy`.
std::span<const EntryFacts> entries_up_to(const DiaryFacts& diary, int as_of, std::vector<EntryFacts>& copy) {
  const std::vector<EntryFacts>& all = diary.entries;
  auto by_day = [](const EntryFacts& a, const EntryFacts& b) { return a.day < b.day; };
  if (std::is_sorted(all.begin(), all.end(), by_day)) {
    const auto end = std::partition_point(all.begin(), all.end(), [&](const EntryFacts& entry) { return entry.day <= as_of; });
    return std::span<const EntryFacts>(all.data(), static_cast<std::size_t>(end - all.begin()));
  }
  std::copy_if(all.begin(), all.end(), std::back_inserter(copy), [&](const EntryFacts& entry) { return entry.day <= as_of; });
  return copy;
}

// Mean pain in [from, to], exact (comparisons use it unrounded). Morning readings are the
// measure (§6 "weekly means of morning pain"); when a window has none, all pain readings in
// it are used instead. An empty window (from > to) has no mean.
struct WindowMean {
  std::optional<double> mean;
  int count = 0;
};

WindowMean window_mean(std::span<const EntryFacts> entries, int from, int to) {
  for (bool mornings_only : {true, false}) {
    double sum = 0;
    int count = 0;
    for (const EntryFacts& entry : entries) {
      if (entry.type != EntryType::kPain || !entry.nprs) continue;
      if (mornings_only && !is_morning_pain(entry)) continue;
      if (entry.day < from || entry.day > to) continue;
      sum += *entry.nprs;
      ++count;
    }
    if (count > 0) return {sum / count, count};
  }
  return {};
}

// The window as shown: its exact mean rounded to one decimal, for display only.
PainWindow shown_window(const WindowMean& exact, int from, int to) {
  return {from, to, exact.mean ? std::optional<double>(round1(*exact.mean)) : std::nullopt, exact.count};
}

// Meaningful change on the 0-10 scale (§2.1 design note): at least 2 points or 30% for
// "meaningful", 1 point or 15% for "slight"; the percentage rule alone when the baseline is
// 7 or more, the point rule alone when it is 4 or less, either in between.
bool reached(double baseline, double points, double percent, double point_threshold, double percent_threshold) {
  // A hair of tolerance: -15/7 points on 50/7 is -30% exactly, whatever the last bit says.
  constexpr double kTolerance = 1e-9;
  const bool by_points = points <= -point_threshold + kTolerance;
  const bool by_percent = percent <= -percent_threshold + kTolerance;
  if (baseline >= 7) return by_percent;
  if (baseline <= 4) return by_points;
  return by_points || by_percent;
}

}  // namespace

double meaningful_improvement_line(double baseline_mean) {
  // The same branches as reached(): percent alone from 7, points alone up to 4, either between.
  const double by_points = baseline_mean - 2;
  const double by_percent = baseline_mean * (1 - 0.30);
  double line = by_points;
  if (baseline_mean >= 7) {
    line = by_percent;
  } else if (baseline_mean > 4) {
    line = std::max(by_points, by_percent);
  }
  return line;
}

Review build_review(const std::vector<DiaryEntry>& entries, int as_of, int target_per_week) {
  return build_review_from_facts(facts_of(entries), as_of, target_per_week);
}

Review build_review_from_facts(const DiaryFacts& diary, int as_of, int target_per_week) {
  Review review;
  review.as_of = as_of;
  review.target_per_week = target_per_week;
  std::vector<EntryFacts> copy;
  const std::span<const EntryFacts> entries = entries_up_to(diary, as_of, copy);
  auto add = [&](const char* code, std::string says) { review.reasons.push_back({code, std::move(says)}); };

  std::optional<int> start;
  for (const EntryFacts& entry : entries) {
    if (!start || entry.day < *start) start = entry.day;
  }
  if (!start) {
    review.baseline = {as_of, as_of, std::nullopt, 0};
    review.current = review.baseline;
    review.verdict = "not_enough_data";
    review.next_step = "hold";
    add("no_entries", "The diary is empty. Log your morning pain each day (`unknot log pain N --context morning`).");
    return review;
  }
  review.first_day = start;
  const int days_in = as_of - *start + 1;
  review.weeks_in_program = round1(days_in / 7.0);
  // The first week from the first reading, never past as_of; the current window is the last
  // 7 days that do not overlap it (empty, from > to, while the first week is still running).
  const int baseline_to = std::min(*start + 6, as_of);
  const int current_from = std::max(as_of - 6, baseline_to + 1);
  const WindowMean baseline_mean = window_mean(entries, *start, baseline_to);
  const WindowMean current_mean = window_mean(entries, current_from, as_of);
  review.baseline = shown_window(baseline_mean, *start, baseline_to);
  review.current = shown_window(current_mean, current_from, as_of);

  // Adherence: completed strength sessions per week over the last 4 weeks, or the time
  // since the first entry; at least a week, so one session on day 1 is "1 a week", not 7.
  const int adherence_days = std::min(28, days_in);
  const int rate_days = std::max(adherence_days, 7);
  int strength_sessions = 0;
  for (const EntryFacts& entry : entries) {
    if (entry.type == EntryType::kSession && entry.strength_session && entry.completed.value_or(false) &&
        entry.day > as_of - adherence_days) {
      ++strength_sessions;
    }
  }
  review.strength_sessions_per_week = round1(strength_sessions * 7.0 / rate_days);
  int breaks_done = 0, breaks_skipped = 0;
  for (const EntryFacts& entry : entries) {
    if (entry.type != EntryType::kBreak || entry.day <= as_of - adherence_days) continue;
    if (entry.outcome == BreakOutcome::kDone) ++breaks_done;
    if (entry.outcome == BreakOutcome::kSkipped) ++breaks_skipped;
  }
  review.desk_breaks_done_per_week = round1(breaks_done * 7.0 / rate_days);
  review.desk_breaks_skipped_per_week = round1(breaks_skipped * 7.0 / rate_days);

  const bool windows_apart = review.current.from > review.baseline.to && review.current.from <= review.current.to;
  const bool enough = windows_apart && review.baseline.entries >= kMinimumEntriesPerWindow &&
                      review.current.entries >= kMinimumEntriesPerWindow;
  if (!enough) {
    review.verdict = "not_enough_data";
    add("not_enough_data",
        windows_apart ? "Fewer than 3 pain readings in the first week or the last 7 days; the weekly means "
                        "need at least 3 each."
                      : "Less than two weeks of diary so far: the first week is the baseline, and the "
                        "comparison needs a separate, later week.");
  } else {
    // Judged on the exact means: 7.14 -> 5.0 is -30%, meaningful, though 7.1 -> 5.0 would not be.
    const double baseline = *baseline_mean.mean;
    const double points = *current_mean.mean - baseline;
    const double percent = baseline > 0 ? points / baseline * 100 : 0;
    review.change_points = round1(points);
    review.change_percent = round1(percent);
    if (reached(baseline, points, percent, 2, 30)) {
      review.verdict = "meaningful_improvement";
    } else if (reached(baseline, points, percent, 1, 15)) {
      review.verdict = "slight_improvement";
    } else if (points >= 1) {
      review.verdict = "worse";
    } else {
      review.verdict = "no_change";
    }
  }

  // Sessions since the last weekly review (the last 7 days), newest last, for the
  // pain-monitoring model: every one counts, of any kind, not only the latest.
  std::vector<const EntryFacts*> sessions;
  std::vector<const EntryFacts*> morning_readings;  // for next-morning checks
  for (const EntryFacts& entry : entries) {
    if (entry.type == EntryType::kSession && entry.day > as_of - kSessionsWindowDays) sessions.push_back(&entry);
    if (is_morning_pain(entry)) morning_readings.push_back(&entry);
  }
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const EntryFacts* a, const EntryFacts* b) { return earlier(*a, *b); });
  // Worse the next morning: a morning reading the day after the session above the mean of
  // this person's mornings in the week before it (recent, not the first week), by more than
  // half a point.
  auto next_morning_worse = [&](const EntryFacts& session) {
    const int day = session.day;
    double sum = 0;
    int count = 0;
    for (const EntryFacts* morning : morning_readings) {
      if (morning->day >= day - 7 && earlier(*morning, session)) {
        sum += *morning->nprs;
        ++count;
      }
    }
    if (count == 0) return false;
    const double usual = sum / count;
    return std::any_of(morning_readings.begin(), morning_readings.end(), [&](const EntryFacts* morning) {
      return morning->day == day + 1 && *morning->nprs > usual + 0.5;
    });
  };
  const bool any_too_much = std::any_of(sessions.begin(), sessions.end(), [&](const EntryFacts* session) {
    return session->pain_during.value_or(0) > 5 || next_morning_worse(*session);
  });

  bool symptom_recent = false;
  for (const EntryFacts& entry : entries) {
    if (entry.type == EntryType::kSymptom && entry.day > as_of - kRescreenWindowDays) symptom_recent = true;
  }

  if (symptom_recent) {
    review.next_step = "rescreen";
    add("red_flag_symptom_logged",
        "You logged a warning sign in the last two weeks. Answer the safety questions again before your next "
        "session. If it is an emergency sign, call your emergency number now.");
  } else if (review.weeks_in_program >= 4 && (review.verdict == "no_change" || review.verdict == "worse")) {
    review.next_step = "see_professional";
    add("not_working_at_week_4",
        "After 4 weeks your morning pain is no better than in your first week. The plan is not working well "
        "enough on its own: book a GP or physiotherapist, and take this review with you.");
  } else if (any_too_much) {
    review.next_step = "regress";
    add("too_much_load",
        "A session in the last week hurt more than 5/10, or the next morning was worse than your usual. Do about "
        "a third less next time (pain-monitoring model).");
  } else if (sessions.size() >= 2 &&
             std::all_of(sessions.end() - 2, sessions.end(), [&](const EntryFacts* session) {
               return session->completed.value_or(false) && session->pain_during.value_or(10) <= 3 &&
                      !next_morning_worse(*session);
             })) {
    review.next_step = "progress";
    add("ready_to_progress",
        "Your last two sessions were done in full with pain at 3/10 or less and no worse the next morning: "
        "add about 10% more reps (ACSM 2-10% rule).");
  } else {
    review.next_step = "hold";
    add("hold", sessions.empty() ? "No sessions logged yet: keep to the plan's dose."
                                 : "Keep the same dose: pain during sessions is acceptable or there is not yet "
                                   "a clear pattern.");
  }
  if (review.weeks_in_program >= 4 && review.verdict == "meaningful_improvement") {
    add("meaningful_improvement", "Your weekly morning pain has dropped by a clinically meaningful amount. Keep going.");
  }
  if (review.strength_sessions_per_week < target_per_week && review.weeks_in_program >= 1) {
    add("below_target", "Fewer strength sessions than planned. Consistency matters more than intensity.");
  }
  return review;
}

DoseStep dose_step_for(const Review& review) {
  if (review.next_step == "progress") return DoseStep::kProgress;
  if (review.next_step == "regress") return DoseStep::kRegress;
  return DoseStep::kHold;
}

}  // namespace unknot
