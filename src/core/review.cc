#include "core/review.h"

#include "core/safety_status.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace unknot {
namespace {

double round1(double value) { return std::round(value * 10) / 10; }

struct Dated {
  int day;
  const DiaryEntry* entry;
};

// Mean pain in [from, to]. Morning readings are the measure (§6 "weekly means of morning
// pain"); when a window has none, all pain readings in it are used instead.
PainWindow window(const std::vector<Dated>& entries, int from, int to) {
  PainWindow result{from, to, std::nullopt, 0};
  for (bool mornings_only : {true, false}) {
    double sum = 0;
    int count = 0;
    for (const Dated& dated : entries) {
      const DiaryEntry& entry = *dated.entry;
      if (entry.type != EntryType::kPain || !entry.nprs) continue;
      if (mornings_only && !is_morning_pain(entry)) continue;
      if (dated.day < from || dated.day > to) continue;
      sum += *entry.nprs;
      ++count;
    }
    if (count > 0) {
      result.mean_nprs = round1(sum / count);
      result.entries = count;
      return result;
    }
  }
  return result;
}

// Meaningful change on the 0-10 scale (§2.1 design note): at least 2 points or 30% for
// "meaningful", 1 point or 15% for "slight"; the percentage rule alone when the baseline is
// 7 or more, the point rule alone when it is 4 or less, either in between.
bool reached(double baseline, double points, double percent, double point_threshold, double percent_threshold) {
  const bool by_points = points <= -point_threshold;
  const bool by_percent = percent <= -percent_threshold;
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

Review build_review(const std::vector<DiaryEntry>& all_entries, int as_of, int target_per_week) {
  Review review;
  review.as_of = as_of;
  review.target_per_week = target_per_week;
  // Each entry's day is worked out once; everything below filters on it.
  std::vector<Dated> entries;
  entries.reserve(all_entries.size());
  for (const DiaryEntry& entry : all_entries) {
    const int day = *day_number(entry.at);
    if (day <= as_of) entries.push_back({day, &entry});
  }
  auto add = [&](const char* code, std::string says) { review.reasons.push_back({code, std::move(says)}); };

  std::optional<int> start;
  for (const Dated& dated : entries) {
    if (!start || dated.day < *start) start = dated.day;
  }
  if (!start) {
    review.baseline = {as_of, as_of, std::nullopt, 0};
    review.current = review.baseline;
    review.verdict = "not_enough_data";
    review.next_step = "hold";
    add("no_entries", "The diary is empty. Log your morning pain each day (`unknot log pain N --context morning`).");
    return review;
  }
  const int days_in = as_of - *start + 1;
  review.weeks_in_program = round1(days_in / 7.0);
  review.baseline = window(entries, *start, *start + 6);
  review.current = window(entries, as_of - 6, as_of);

  // Adherence: completed strength sessions per week over the last 4 weeks (or since start).
  const int adherence_days = std::min(28, days_in);
  int strength_sessions = 0;
  for (const Dated& dated : entries) {
    const DiaryEntry& entry = *dated.entry;
    if (entry.type == EntryType::kSession && entry.session == "strength" && entry.completed.value_or(false) &&
        dated.day > as_of - adherence_days) {
      ++strength_sessions;
    }
  }
  review.strength_sessions_per_week = round1(strength_sessions * 7.0 / adherence_days);
  int breaks_done = 0, breaks_skipped = 0;
  for (const Dated& dated : entries) {
    if (dated.entry->type != EntryType::kBreak || dated.day <= as_of - adherence_days) continue;
    if (dated.entry->outcome == "done") ++breaks_done;
    if (dated.entry->outcome == "skipped") ++breaks_skipped;
  }
  review.desk_breaks_done_per_week = round1(breaks_done * 7.0 / adherence_days);
  review.desk_breaks_skipped_per_week = round1(breaks_skipped * 7.0 / adherence_days);

  const bool windows_apart = review.current.from > review.baseline.to;
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
    const double baseline = *review.baseline.mean_nprs;
    const double points = round1(*review.current.mean_nprs - baseline);
    const double percent = baseline > 0 ? round1(points / baseline * 100) : 0;
    review.change_points = points;
    review.change_percent = percent;
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

  // Sessions of the last 14 days, newest last, for the pain-monitoring model: older ones
  // say nothing about today's load.
  std::vector<const DiaryEntry*> sessions;
  std::map<int, std::vector<int>> mornings;  // day -> morning readings, for next-morning checks
  for (const Dated& dated : entries) {
    if (dated.entry->type == EntryType::kSession && dated.day > as_of - 14) sessions.push_back(dated.entry);
    if (is_morning_pain(*dated.entry)) mornings[dated.day].push_back(*dated.entry->nprs);
  }
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const DiaryEntry* a, const DiaryEntry* b) { return a->at < b->at; });
  auto next_morning_above_baseline = [&](const DiaryEntry& session) {
    auto next = mornings.find(*day_number(session.at) + 1);
    if (next == mornings.end() || !review.baseline.mean_nprs) return false;
    return std::any_of(next->second.begin(), next->second.end(),
                       [&](int nprs) { return nprs > *review.baseline.mean_nprs + 0.5; });
  };

  bool symptom_recent = false;
  for (const Dated& dated : entries) {
    if (dated.entry->type == EntryType::kSymptom && dated.day > as_of - kRescreenWindowDays) symptom_recent = true;
  }

  if (symptom_recent) {
    review.next_step = "rescreen";
    add("red_flag_symptom_logged",
        "A warning symptom was logged in the last two weeks. Run `unknot triage` again before the next "
        "session; if it is an emergency sign, call your emergency number now.");
  } else if (review.weeks_in_program >= 4 && (review.verdict == "no_change" || review.verdict == "worse")) {
    review.next_step = "see_professional";
    add("not_working_at_week_4",
        "After 4 weeks your morning pain is no better than in your first week. The plan is not working well "
        "enough on its own: book a GP or physiotherapist, and take this review with you.");
  } else if (!sessions.empty() && (sessions.back()->pain_during.value_or(0) > 5 ||
                                   next_morning_above_baseline(*sessions.back()))) {
    review.next_step = "regress";
    add("too_much_load",
        "Your last session hurt more than 5/10, or the next morning was worse than your usual. Do about a third "
        "less next time (pain-monitoring model).");
  } else if (sessions.size() >= 2 &&
             std::all_of(sessions.end() - 2, sessions.end(), [&](const DiaryEntry* session) {
               return session->completed.value_or(false) && session->pain_during.value_or(10) <= 3 &&
                      !next_morning_above_baseline(*session);
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
