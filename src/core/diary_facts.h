// The part of each diary entry that the progress review and insights read, small and flat.
// Ten years of diary is 13,700 entries; as full DiaryEntry values (strings, a vector and
// optionals: 328 bytes and a heap allocation or two each) building them cost a whole-process
// `unknot review` more than the review itself, most of it touching 4.5 MB of fresh memory.
// EntryFacts is 32 bytes with no heap memory of its own: names (triggers, a session's
// techniques) are held once each in DiaryFacts::names. Storage fills DiaryFacts straight from
// the diary's typed columns; facts_of() makes the same facts from entries (storage's tests
// tie the two together). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/desk_schedule.h"  // BreakOutcome, the diary's `outcome`
#include "core/diary.h"

namespace unknot {

// A pain reading's context (../shared/spec/README.md section 4); kNone when the entry has
// none, or holds a word outside the contract's list (an entry another program wrote).
enum class PainContext : std::uint8_t { kNone, kMorning, kNextMorning, kEvening, kDuringExercise, kAfterSession, kOther };

PainContext pain_context_named(std::string_view name);
// Whether a reading in `context` is a morning reading (morning or next_morning): the one rule
// behind both is_morning_pain() overloads.
inline bool is_morning(PainContext context) {
  return context == PainContext::kMorning || context == PainContext::kNextMorning;
}

struct EntryFacts {
  static constexpr std::uint32_t kNoName = 0xffffffff;
  int day = 0;      // the day number of `at`
  int second = -1;  // the second of that day; -1 when `at` is a date alone
  std::uint32_t trigger = kNoName;  // the trigger's name: its place in DiaryFacts::names
  // A session's items: their techniques are DiaryFacts::items[first_item, first_item + item_count).
  std::uint32_t first_item = 0;
  std::uint32_t item_count = 0;
  EntryType type = EntryType::kNote;
  PainContext context = PainContext::kNone;
  std::optional<BreakOutcome> outcome;  // a break's; nullopt without one (or an unknown word)
  bool strength_session = false;        // a session named "strength"
  std::optional<std::int8_t> nprs;
  std::optional<std::int8_t> pain_during;
  std::optional<bool> completed;

  bool operator==(const EntryFacts&) const = default;
};

// Whether `a` is earlier than `b` as their `at` texts order (a date alone before any time
// that day).
inline bool earlier(const EntryFacts& a, const EntryFacts& b) {
  return a.day != b.day ? a.day < b.day : a.second < b.second;
}
inline bool has_time(const EntryFacts& entry) { return entry.second >= 0; }
// A morning pain reading (context morning or next_morning), as is_morning_pain(DiaryEntry).
// Inline: the review asks it of every entry of the diary.
inline bool is_morning_pain(const EntryFacts& entry) {
  return entry.type == EntryType::kPain && entry.nprs && is_morning(entry.context);
}

static_assert(sizeof(EntryFacts) <= 32, "ten years of diary is 13,700 of them");

struct DiaryFacts {
  std::vector<EntryFacts> entries;
  std::vector<std::string> names;     // each trigger name and technique once, in the order first met
  std::vector<std::uint32_t> items;   // the sessions' items' techniques, as places in `names`

  // The place of `name` in `names`, adding it when it is not there yet.
  std::uint32_t name_index(std::string_view name);
  std::span<const std::uint32_t> items_of(const EntryFacts& entry) const {
    return std::span<const std::uint32_t>(items).subspan(entry.first_item, entry.item_count);
  }
  // Adds the facts of `entry`; false (nothing added) when its `at` is not a valid timestamp.
  bool add(const DiaryEntry& entry);
};

// Puts `entries` in time order (earlier()), entries at the same time in the order they are
// in; in place. A diary is nearly in time order as it was added (a day's date-only entries
// after its timed ones): each entry moves back a few places and no second copy is made.
void put_in_time_order(std::vector<EntryFacts>& entries);

// The facts of `entry` without its names (no trigger, no items: those are places in a
// DiaryFacts' list); nullopt when its `at` is not a valid timestamp. DiaryFacts::add() and
// storage (which keeps them packed beside each row) make an entry's facts with it.
std::optional<EntryFacts> facts_without_names(const DiaryEntry& entry);

// The facts of `entries`, in the same order; an entry whose `at` is not a valid timestamp is
// left out.
DiaryFacts facts_of(const std::vector<DiaryEntry>& entries);

// The day and second of an `at` text; nullopt when it is not a valid timestamp.
struct DayAndSecond {
  int day = 0;
  int second = -1;
};
std::optional<DayAndSecond> day_and_second(std::string_view at);

}  // namespace unknot
