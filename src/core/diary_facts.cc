#include "core/diary_facts.h"

#include <algorithm>

namespace unknot {

PainContext pain_context_named(std::string_view name) {
  if (name == "morning") return PainContext::kMorning;
  if (name == "next_morning") return PainContext::kNextMorning;
  if (name == "evening") return PainContext::kEvening;
  if (name == "during_exercise") return PainContext::kDuringExercise;
  if (name == "after_session") return PainContext::kAfterSession;
  if (name == "other") return PainContext::kOther;
  return PainContext::kNone;
}

std::optional<DayAndSecond> day_and_second(std::string_view at) {
  const std::optional<int> day = day_number(at);
  if (!day) return std::nullopt;
  DayAndSecond result{*day, -1};
  if (at.size() == 19) {
    auto two_digits = [&](std::size_t from) { return (at[from] - '0') * 10 + (at[from + 1] - '0'); };
    result.second = two_digits(11) * 3600 + two_digits(14) * 60 + two_digits(17);
  }
  return result;
}

std::uint32_t DiaryFacts::name_index(std::string_view name) {
  // A diary names a handful of triggers and techniques: a linear search is the fastest.
  for (std::size_t index = names.size(); index-- > 0;) {
    if (names[index] == name) return static_cast<std::uint32_t>(index);
  }
  names.emplace_back(name);
  return static_cast<std::uint32_t>(names.size() - 1);
}

std::optional<EntryFacts> facts_without_names(const DiaryEntry& entry) {
  const std::optional<DayAndSecond> when = day_and_second(entry.at);
  if (!when) return std::nullopt;
  EntryFacts facts;
  facts.day = when->day;
  facts.second = when->second;
  facts.type = entry.type;
  facts.context = pain_context_named(entry.context);
  facts.outcome = parse_break_outcome(entry.outcome);
  facts.strength_session = entry.session == "strength";
  // The contract keeps both on 0-10; anything else would not fit and is no reading.
  if (entry.nprs && *entry.nprs >= 0 && *entry.nprs <= 10) facts.nprs = static_cast<std::int8_t>(*entry.nprs);
  if (entry.pain_during && *entry.pain_during >= 0 && *entry.pain_during <= 10) {
    facts.pain_during = static_cast<std::int8_t>(*entry.pain_during);
  }
  facts.completed = entry.completed;
  return facts;
}

bool DiaryFacts::add(const DiaryEntry& entry) {
  std::optional<EntryFacts> facts = facts_without_names(entry);
  if (!facts) return false;
  if (!entry.trigger.empty()) facts->trigger = name_index(entry.trigger);
  facts->first_item = static_cast<std::uint32_t>(items.size());
  for (const SessionItemDone& item : entry.items) items.push_back(name_index(item.technique));
  facts->item_count = static_cast<std::uint32_t>(entry.items.size());
  entries.push_back(*facts);
  return true;
}

void put_in_time_order(std::vector<EntryFacts>& entries) {
  // Insertion sort (stable, in place) while entries move back only a few places; when the
  // diary is far from time order (imported newest first, say), a merge sort instead.
  const std::size_t move_budget = 8 * entries.size() + 64;
  std::size_t moves = 0;
  for (std::size_t next = 1; next < entries.size(); ++next) {
    if (!earlier(entries[next], entries[next - 1])) continue;
    const EntryFacts held = entries[next];
    std::size_t place = next;
    while (place > 0 && earlier(held, entries[place - 1])) {
      entries[place] = entries[place - 1];
      --place;
      ++moves;
    }
    entries[place] = held;
    if (moves > move_budget) {
      std::stable_sort(entries.begin(), entries.end(), [](const EntryFacts& a, const EntryFacts& b) { return earlier(a, b); });
      return;
    }
  }
}

DiaryFacts facts_of(const std::vector<DiaryEntry>& entries) {
  DiaryFacts facts;
  facts.entries.reserve(entries.size());
  for (const DiaryEntry& entry : entries) facts.add(entry);
  return facts;
}

}  // namespace unknot
