#include "core/insights.h"

#include "core/vocabulary.h"

#include <algorithm>
#include <limits>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <span>
#include <set>

namespace unknot {
namespace {

struct Dated {
  const DiaryEntry* entry;
  int day;
};

bool has_time(const DiaryEntry& entry) { return entry.at.size() == 19; }

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

// Sample variance (n - 1 in the denominator); needs at least two values.
double variance(const std::vector<double>& values) {
  const double centre = mean(values);
  double sum = 0;
  for (double value : values) sum += (value - centre) * (value - centre);
  return sum / static_cast<double>(values.size() - 1);
}

// "1.2", never "-0.0".
std::string number_text(double value) {
  double rounded = std::round(value * 10) / 10;
  if (rounded == 0) rounded = 0;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", rounded);
  return text;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// "points higher (95% CI ...)" or "about the same" wording for a difference and its interval.
std::string interval_text(double low, double high) {
  return "95% CI " + number_text(low) + " to " + number_text(high);
}

std::string chance_caveat(double low, double high) {
  return low <= 0 && high >= 0 ? " The interval includes no difference, so this could be chance." : "";
}

TriggerEffect trigger_effect(const std::string& trigger, const std::vector<double>& with,
                             const std::vector<double>& without) {
  TriggerEffect result;
  result.trigger = trigger;
  result.n_with = static_cast<int>(with.size());
  result.n_without = static_cast<int>(without.size());
  const std::string name = spaced(trigger);
  if (result.n_with < kMinimumInsightGroup || result.n_without < kMinimumInsightGroup) {
    result.says = capitalised(name) + ": not enough data yet. " + std::to_string(result.n_with) + " day" +
                  (result.n_with == 1 ? "" : "s") + " with it and " + std::to_string(result.n_without) +
                  " without it have a next-morning pain reading; at least " +
                  std::to_string(kMinimumInsightGroup) + " of each are needed.";
    return result;
  }
  result.enough_data = true;
  const double mean_with = mean(with), mean_without = mean(without);
  const double effect = mean_with - mean_without;
  // Welch: standard error from each group's own variance, Welch-Satterthwaite df.
  const double a = variance(with) / result.n_with, b = variance(without) / result.n_without;
  const double se = std::sqrt(a + b);
  double half = 0;
  if (se > 0) {
    const double df = (a + b) * (a + b) / (a * a / (result.n_with - 1) + b * b / (result.n_without - 1));
    half = t_critical_95(df) * se;
  }
  result.mean_with = mean_with;
  result.mean_without = mean_without;
  result.effect = effect;
  result.ci_low = effect - half;
  result.ci_high = effect + half;
  const std::string counts = "; " + std::to_string(result.n_with) + " vs " + std::to_string(result.n_without) + " days)";
  if (number_text(std::fabs(effect)) == "0.0") {
    result.says = "Days with " + name + " went with about the same next-morning pain as days without it (difference " +
                  number_text(effect) + " points, " + interval_text(effect - half, effect + half) + counts + ".";
  } else {
    result.says = "Days with " + name + " went with next-morning pain " + number_text(std::fabs(effect)) +
                  " points " + (effect > 0 ? "higher" : "lower") + " than days without it (" +
                  interval_text(effect - half, effect + half) + counts + ".";
  }
  result.says += chance_caveat(effect - half, effect + half);
  return result;
}

TechniqueRelief technique_relief(const std::string& technique, const std::vector<double>& changes) {
  TechniqueRelief result;
  result.technique = technique;
  result.n = static_cast<int>(changes.size());
  if (result.n < kMinimumInsightGroup) {
    result.says = technique + ": not enough data yet. " + std::to_string(result.n) + " session" +
                  (result.n == 1 ? " has" : "s have") +
                  " a pain reading before and after (context after_session); at least " +
                  std::to_string(kMinimumInsightGroup) + " are needed.";
    return result;
  }
  result.enough_data = true;
  const double change = mean(changes);
  const double half = t_critical_95(result.n - 1) * std::sqrt(variance(changes) / result.n);
  result.mean_change = change;
  result.ci_low = change - half;
  result.ci_high = change + half;
  const std::string tail = "; " + std::to_string(result.n) + " sessions). Short-term change only.";
  if (number_text(std::fabs(change)) == "0.0") {
    result.says = "Sessions with " + technique + " went with about the same pain right after as just before (change " +
                  number_text(change) + " points, " + interval_text(change - half, change + half) + tail;
  } else {
    result.says = "Sessions with " + technique + " went with pain " + number_text(std::fabs(change)) + " points " +
                  (change < 0 ? "lower" : "higher") + " right after than just before (" +
                  interval_text(change - half, change + half) + tail;
  }
  result.says += chance_caveat(change - half, change + half);
  return result;
}

}  // namespace

double t_critical_95(double df) {
  // Two-sided 95% (upper 2.5%) points of Student's t, df 1..30, from standard tables.
  static constexpr std::array<double, 30> kTable = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,  // 1-10
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,  // 11-20
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};  // 21-30
  if (!(df >= 1)) return kTable[0];
  if (df > 30) return 1.96;  // the normal value; at most 4% narrower than the exact t beyond df 30
  return kTable[static_cast<std::size_t>(std::floor(df)) - 1];
}

int iso_monday(int day) { return day - weekday(day); }

std::string iso_week_label(int day) {
  // An ISO week belongs to the year of its Thursday.
  const int thursday = iso_monday(day) + 3;
  const int year = std::stoi(iso_date(thursday).substr(0, 4));
  const int week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-W%02d", year, week);
  return text;
}

Insights build_insights(const std::vector<DiaryEntry>& all_entries, int as_of_day) {
  Insights insights;
  insights.as_of = as_of_day;
  std::vector<Dated> entries;
  for (const DiaryEntry& entry : all_entries) {
    const std::optional<int> day = day_number(entry.at);
    if (day && *day <= as_of_day) entries.push_back({&entry, *day});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Dated& a, const Dated& b) { return a.entry->at < b.entry->at; });

  // Morning pain per day: the mean of that day's morning and next_morning readings.
  std::map<int, std::vector<double>> morning_readings;
  for (const Dated& dated : entries) {
    if (is_morning_pain(*dated.entry)) morning_readings[dated.day].push_back(*dated.entry->nprs);
  }
  auto morning = [&](int day) -> std::optional<double> {
    auto it = morning_readings.find(day);
    if (it == morning_readings.end()) return std::nullopt;
    return mean(it->second);
  };

  for (int day = as_of_day - kInsightSeriesDays + 1; day <= as_of_day; ++day) {
    insights.morning_pain.push_back({day, morning(day)});
  }

  // Adherence per ISO week, from the week the diary began (none before it: an empty week
  // before the first entry would read as a week of doing nothing).
  const int last_monday = iso_monday(as_of_day);
  int diary_began = std::numeric_limits<int>::max();  // an empty diary has no weeks
  for (const Dated& dated : entries) diary_began = std::min(diary_began, dated.day);
  for (int week = kInsightWeeks - 1; week >= 0; --week) {
    WeekAdherence row;
    row.monday = last_monday - 7 * week;
    if (row.monday + 6 < diary_began) continue;
    row.iso_week = iso_week_label(row.monday);
    std::set<int> pain_days;
    for (const Dated& dated : entries) {
      if (dated.day < row.monday || dated.day > row.monday + 6) continue;
      const DiaryEntry& entry = *dated.entry;
      if (entry.type == EntryType::kSession && entry.completed.value_or(false)) {
        ++row.completed_sessions;
        if (entry.session == "strength") ++row.strength_sessions;
      }
      if (entry.type == EntryType::kPain && entry.nprs) pain_days.insert(dated.day);
      if (entry.type == EntryType::kBreak) {
        if (entry.outcome == "done") ++row.breaks_done;
        if (entry.outcome == "snoozed") ++row.breaks_snoozed;
        if (entry.outcome == "skipped") ++row.breaks_skipped;
      }
    }
    row.pain_days = static_cast<int>(pain_days.size());
    insights.weeks.push_back(row);
  }

  // Trigger effects over the diary span: each day d from the first entry to as_of - 1 whose
  // next day has a morning reading is "with" or "without" each trigger.
  if (!entries.empty()) {
    int first_day = entries.front().day;
    for (const Dated& dated : entries) first_day = std::min(first_day, dated.day);
    std::map<std::string, std::set<int>> trigger_days;
    for (const Dated& dated : entries) {
      if (dated.entry->type == EntryType::kTrigger && !dated.entry->trigger.empty()) {
        trigger_days[dated.entry->trigger].insert(dated.day);
      }
    }
    for (const auto& [trigger, days] : trigger_days) {
      std::vector<double> with, without;
      for (int day = first_day; day < as_of_day; ++day) {
        const std::optional<double> next = morning(day + 1);
        if (!next) continue;
        (days.count(day) ? with : without).push_back(*next);
      }
      insights.triggers.push_back(trigger_effect(trigger, with, without));
    }
  }

  // Technique relief: each session with items, paired with an after_session reading the
  // same day (at or after the session when both have times) and the closest earlier
  // reading that day, else that day's morning reading.
  // Entries are sorted by time, so each day's entries are one contiguous run: index the runs
  // so a session only looks at its own day (keeps this linear in the diary's size).
  std::map<int, std::pair<std::size_t, std::size_t>> day_runs;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    auto [run, inserted] = day_runs.try_emplace(entries[index].day, index, index + 1);
    if (!inserted) run->second.second = index + 1;
  }
  std::map<std::string, std::vector<double>> changes;
  std::set<const DiaryEntry*> used_after;
  int sessions_with_items = 0, sessions_with_after = 0;
  for (const Dated& session : entries) {
    const DiaryEntry& entry = *session.entry;
    if (entry.type != EntryType::kSession || entry.items.empty()) continue;
    ++sessions_with_items;
    const DiaryEntry* after = nullptr;
    const auto [run_begin, run_end] = day_runs.at(session.day);
    const auto same_day = std::span<const Dated>(entries).subspan(run_begin, run_end - run_begin);
    for (const Dated& dated : same_day) {
      const DiaryEntry& candidate = *dated.entry;
      if (dated.day != session.day || candidate.type != EntryType::kPain || !candidate.nprs ||
          candidate.context != "after_session" || used_after.count(&candidate)) {
        continue;
      }
      if (has_time(entry) && has_time(candidate) && candidate.at < entry.at) continue;
      after = &candidate;
      break;
    }
    if (!after) continue;
    used_after.insert(after);
    ++sessions_with_after;
    std::optional<double> before;
    const DiaryEntry* reference = has_time(entry) ? &entry : has_time(*after) ? after : nullptr;
    if (reference) {
      for (const Dated& dated : same_day) {
        const DiaryEntry& candidate = *dated.entry;
        if (dated.day == session.day && candidate.type == EntryType::kPain && candidate.nprs && &candidate != after &&
            has_time(candidate) && candidate.at < reference->at) {
          before = *candidate.nprs;  // entries are sorted, so the last match is the closest
        }
      }
    }
    if (!before) before = morning(session.day);
    if (!before) continue;
    std::set<std::string> techniques;
    for (const SessionItemDone& item : entry.items) techniques.insert(item.technique);
    for (const std::string& technique : techniques) changes[technique].push_back(*after->nprs - *before);
  }
  if (changes.empty()) {
    if (sessions_with_items == 0) {
      insights.relief_note = "No sessions with techniques logged yet, so there is no short-term relief to compare.";
    } else if (sessions_with_after == 0) {
      insights.relief_note =
          "None of your sessions has a pain reading logged right after it (context after_session), so short-term "
          "relief cannot be compared yet. After your next session: `unknot log pain N --context after_session`.";
    } else {
      insights.relief_note =
          "Your after-session pain readings have no earlier pain reading the same day to compare with. Log your "
          "morning pain too, or a reading just before the session.";
    }
  }
  for (const auto& [technique, values] : changes) insights.techniques.push_back(technique_relief(technique, values));
  return insights;
}

}  // namespace unknot
