// Diary entries (../shared/spec/README.md section 4) and the calendar arithmetic the
// progress review needs. Pure: dates are parsed from text and counted as day numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace unknot {

enum class EntryType : unsigned char { kPain, kSession, kTrigger, kSymptom, kNote, kBreak };

struct SessionItemDone {
  std::string technique;
  std::optional<int> reps;
  bool operator==(const SessionItemDone&) const = default;
};

struct DiaryEntry {
  std::string at;  // "2026-03-02" or "2026-03-02T07:30:00", local time
  EntryType type = EntryType::kNote;
  // pain
  std::optional<int> nprs;
  std::string context;  // morning | next_morning | evening | during_exercise | after_session | other
  // session
  std::string session;
  std::optional<bool> completed;
  std::optional<int> pain_during;
  std::vector<SessionItemDone> items;
  // trigger
  std::string trigger;
  std::optional<double> hours;
  // symptom
  std::string symptom;
  // note
  std::string text;
  // break: a desk micro-break reminder (`unknot desk`) and what the person did with it
  std::string technique;  // the micro-break's technique id
  std::string outcome;    // done | snoozed | skipped

  bool operator==(const DiaryEntry&) const = default;
};

// The contract's name of an entry type: "pain", "session", "trigger", "symptom", "note",
// "break".
std::string_view to_string(EntryType type);

// Days since 1970-01-01 for a civil date (proleptic Gregorian).
int days_from_civil(int year, int month, int day);

// The day number of an ISO date or date-time ("2026-03-02" / "2026-03-02T07:30:00");
// nullopt when it is not a real date and time in that form.
std::optional<int> day_number(std::string_view iso);

// "YYYY-MM-DD" for a day number.
std::string iso_date(int day);

// Whether `iso` is a valid date or date-time in the contract's forms.
bool is_valid_timestamp(std::string_view iso);

// Day of the week for a day number, Monday = 0 .. Sunday = 6 (ISO 8601 and RFC 5545 order).
int weekday(int day);

// Whether `entry` is a morning pain reading (context morning or next_morning): the measure
// that progress and insights are judged on (clinical.md §6, weekly means of morning pain).
bool is_morning_pain(const DiaryEntry& entry);

}  // namespace unknot
