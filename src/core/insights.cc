#include "core/insights.h"

#include "core/vocabulary.h"

#include <algorithm>
#include <iterator>
#include <array>
#include <cstdint>
#include <limits>
#include <cmath>
#include <cstdio>
#include <span>

namespace unknot {
namespace {

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

Insights build_insights(const std::vector<DiaryEntry>& entries, int as_of_day) {
  return build_insights_from_facts(facts_of(entries), as_of_day);
}

Insights build_insights_from_facts(const DiaryFacts& diary, int as_of_day) {
  Insights insights;
  insights.as_of = as_of_day;
  // The entries up to as_of, in time order (ties in the diary's order). Storage gives them in
  // time order already: they are then a prefix of the diary, read in place (ten years of
  // entries are 440 KB, and fresh memory costs a process more than these sums do). Otherwise
  // they are copied and put in order.
  auto by_time = [](const EntryFacts& a, const EntryFacts& b) { return earlier(a, b); };
  std::vector<EntryFacts> sorted_copy;
  std::span<const EntryFacts> entries;
  if (std::is_sorted(diary.entries.begin(), diary.entries.end(), by_time)) {
    const auto end = std::partition_point(diary.entries.begin(), diary.entries.end(),
                                          [&](const EntryFacts& entry) { return entry.day <= as_of_day; });
    entries = std::span<const EntryFacts>(diary.entries.data(), static_cast<std::size_t>(end - diary.entries.begin()));
  } else {
    std::copy_if(diary.entries.begin(), diary.entries.end(), std::back_inserter(sorted_copy),
                 [&](const EntryFacts& entry) { return entry.day <= as_of_day; });
    std::stable_sort(sorted_copy.begin(), sorted_copy.end(), by_time);
    entries = sorted_copy;
  }
  // The entries of the days [from, to]: one contiguous run, as they are in time order.
  auto days = [&](int from, int to) {
    auto begin = std::lower_bound(entries.begin(), entries.end(), from,
                                  [](const EntryFacts& entry, int day) { return entry.day < day; });
    auto end = std::upper_bound(begin, entries.end(), to, [](int day, const EntryFacts& entry) { return day < entry.day; });
    return entries.subspan(static_cast<std::size_t>(begin - entries.begin()), static_cast<std::size_t>(end - begin));
  };

  // Morning pain per day: the mean of that day's morning and next_morning readings, summed
  // in time order (by day, as the entries are).
  struct MorningDay {
    int day;
    double sum;
    int count;
  };
  std::vector<MorningDay> mornings;
  if (!entries.empty()) {  // room for a day each at most, without growing
    mornings.reserve(std::min<std::size_t>(entries.size(), static_cast<std::size_t>(entries.back().day - entries.front().day) + 1));
  }
  for (const EntryFacts& entry : entries) {
    if (!is_morning_pain(entry)) continue;
    if (mornings.empty() || mornings.back().day != entry.day) mornings.push_back({entry.day, 0, 0});
    mornings.back().sum += *entry.nprs;
    ++mornings.back().count;
  }
  auto morning = [&](int day) -> std::optional<double> {
    auto it = std::lower_bound(mornings.begin(), mornings.end(), day,
                               [](const MorningDay& reading, int wanted) { return reading.day < wanted; });
    if (it == mornings.end() || it->day != day) return std::nullopt;
    return it->sum / static_cast<double>(it->count);
  };

  for (int day = as_of_day - kInsightSeriesDays + 1; day <= as_of_day; ++day) {
    insights.morning_pain.push_back({day, morning(day)});
  }

  // Adherence per ISO week, from the week the diary began (none before it: an empty week
  // before the first entry would read as a week of doing nothing).
  const int last_monday = iso_monday(as_of_day);
  const int diary_began = entries.empty() ? std::numeric_limits<int>::max() : entries.front().day;
  for (int week = kInsightWeeks - 1; week >= 0; --week) {
    WeekAdherence row;
    row.monday = last_monday - 7 * week;
    if (row.monday + 6 < diary_began) continue;
    row.iso_week = iso_week_label(row.monday);
    std::optional<int> last_pain_day;
    for (const EntryFacts& entry : days(row.monday, row.monday + 6)) {
      if (entry.type == EntryType::kSession && entry.completed.value_or(false)) {
        ++row.completed_sessions;
        if (entry.strength_session) ++row.strength_sessions;
      }
      if (entry.type == EntryType::kPain && entry.nprs && last_pain_day != entry.day) {
        ++row.pain_days;  // the entries come by day: a new day's first reading
        last_pain_day = entry.day;
      }
      if (entry.type == EntryType::kBreak) {
        if (entry.outcome == BreakOutcome::kDone) ++row.breaks_done;
        if (entry.outcome == BreakOutcome::kSnoozed) ++row.breaks_snoozed;
        if (entry.outcome == BreakOutcome::kSkipped) ++row.breaks_skipped;
      }
    }
    insights.weeks.push_back(row);
  }

  // Trigger effects over the diary span: each day d from the first entry to as_of - 1 whose
  // next day has a morning reading is "with" or "without" each trigger.
  if (!entries.empty()) {
    const int first_day = entries.front().day;
    // The days of each trigger (by its place in diary.names), each once, in order.
    std::vector<std::vector<int>> trigger_days(diary.names.size());
    std::vector<std::uint32_t> triggers;
    for (const EntryFacts& entry : entries) {
      if (entry.type != EntryType::kTrigger || entry.trigger == EntryFacts::kNoName) continue;
      std::vector<int>& logged = trigger_days[entry.trigger];
      if (logged.empty()) triggers.push_back(entry.trigger);
      if (logged.empty() || logged.back() != entry.day) logged.push_back(entry.day);
    }
    std::sort(triggers.begin(), triggers.end(),
              [&](std::uint32_t a, std::uint32_t b) { return diary.names[a] < diary.names[b]; });
    for (std::uint32_t trigger : triggers) {
      const std::vector<int>& logged = trigger_days[trigger];
      std::vector<double> with, without;
      for (const MorningDay& next : mornings) {
        const int day = next.day - 1;
        if (day < first_day || day >= as_of_day) continue;
        (std::binary_search(logged.begin(), logged.end(), day) ? with : without)
            .push_back(next.sum / static_cast<double>(next.count));
      }
      insights.triggers.push_back(trigger_effect(diary.names[trigger], with, without));
    }
  }

  // Technique relief: each session with items, paired with an after_session reading the
  // same day (at or after the session when both have times) and the closest earlier
  // reading that day, else that day's morning reading. A session only looks at its own
  // day's entries (keeps this linear in the diary's size).
  std::vector<std::vector<double>> changes(diary.names.size());  // by technique, its place in diary.names
  std::vector<bool> used_after(entries.size());  // by place in entries
  auto place = [&](const EntryFacts& entry) { return static_cast<std::size_t>(&entry - entries.data()); };
  int sessions_with_items = 0, sessions_with_after = 0;
  bool any_change = false;
  std::vector<std::uint32_t> techniques;
  for (const EntryFacts& entry : entries) {
    if (entry.type != EntryType::kSession || entry.item_count == 0) continue;
    ++sessions_with_items;
    const EntryFacts* after = nullptr;
    const auto same_day = days(entry.day, entry.day);
    for (const EntryFacts& candidate : same_day) {
      if (candidate.type != EntryType::kPain || !candidate.nprs || candidate.context != PainContext::kAfterSession ||
          used_after[place(candidate)]) {
        continue;
      }
      if (has_time(entry) && has_time(candidate) && earlier(candidate, entry)) continue;
      after = &candidate;
      break;
    }
    if (!after) continue;
    used_after[place(*after)] = true;
    ++sessions_with_after;
    std::optional<double> before;
    const EntryFacts* reference = has_time(entry) ? &entry : has_time(*after) ? after : nullptr;
    if (reference) {
      for (const EntryFacts& candidate : same_day) {
        if (candidate.type == EntryType::kPain && candidate.nprs && &candidate != after && has_time(candidate) &&
            earlier(candidate, *reference)) {
          before = *candidate.nprs;  // entries are sorted, so the last match is the closest
        }
      }
    }
    if (!before) before = morning(entry.day);
    if (!before) continue;
    // Each technique once per session, however many times it was done in it.
    const auto items = diary.items_of(entry);
    techniques.assign(items.begin(), items.end());
    std::sort(techniques.begin(), techniques.end());
    techniques.erase(std::unique(techniques.begin(), techniques.end()), techniques.end());
    for (std::uint32_t technique : techniques) changes[technique].push_back(*after->nprs - *before);
    any_change = true;
  }
  if (!any_change) {
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
  std::vector<std::uint32_t> compared;  // the techniques with changes, by name
  for (std::uint32_t technique = 0; technique < changes.size(); ++technique) {
    if (!changes[technique].empty()) compared.push_back(technique);
  }
  std::sort(compared.begin(), compared.end(),
            [&](std::uint32_t a, std::uint32_t b) { return diary.names[a] < diary.names[b]; });
  for (std::uint32_t technique : compared) {
    insights.techniques.push_back(technique_relief(diary.names[technique], changes[technique]));
  }
  return insights;
}

}  // namespace unknot
