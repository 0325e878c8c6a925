#include "core/diary.h"

#include <cstdio>

#include "core/diary_facts.h"

namespace unknot {

std::string_view to_string(EntryType type) {
  switch (type) {
    case EntryType::kPain: return "pain";
    case EntryType::kSession: return "session";
    case EntryType::kTrigger: return "trigger";
    case EntryType::kSymptom: return "symptom";
    case EntryType::kNote: return "note";
    case EntryType::kBreak: return "break";
  }
  return "note";
}

// Howard Hinnant's days_from_civil algorithm.
int days_from_civil(int year, int month, int day) {
  year -= month <= 2;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int>(day_of_era) - 719468;
}

std::string iso_date(int day) {
  day += 719468;
  const int era = (day >= 0 ? day : day - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(day - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int year = static_cast<int>(year_of_era) + era * 400;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned d = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  char text[48];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", year + (m <= 2), m, d);
  return text;
}

namespace {

bool digits(std::string_view text, std::size_t from, std::size_t count) {
  for (std::size_t index = from; index < from + count; ++index) {
    if (index >= text.size() || text[index] < '0' || text[index] > '9') return false;
  }
  return true;
}

int number_at(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t index = from; index < from + count; ++index) value = value * 10 + (text[index] - '0');
  return value;
}

}  // namespace

std::optional<int> day_number(std::string_view iso) {
  if (!is_valid_timestamp(iso)) return std::nullopt;
  return days_from_civil(number_at(iso, 0, 4), number_at(iso, 5, 2), number_at(iso, 8, 2));
}

int weekday(int day) {
  // Day 0, 1970-01-01, was a Thursday (3 counting from Monday).
  return ((day + 3) % 7 + 7) % 7;
}

bool is_morning_pain(const DiaryEntry& entry) {
  return entry.type == EntryType::kPain && entry.nprs && is_morning(pain_context_named(entry.context));
}

bool is_valid_timestamp(std::string_view iso) {
  if (iso.size() != 10 && iso.size() != 19) return false;
  if (!digits(iso, 0, 4) || iso[4] != '-' || !digits(iso, 5, 2) || iso[7] != '-' || !digits(iso, 8, 2)) return false;
  const int year = number_at(iso, 0, 4), month = number_at(iso, 5, 2), day = number_at(iso, 8, 2);
  if (month < 1 || month > 12 || day < 1 || year < 1900) return false;
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
  if (iso.size() == 10) return true;
  if (iso[10] != 'T' || !digits(iso, 11, 2) || iso[13] != ':' || !digits(iso, 14, 2) || iso[16] != ':' ||
      !digits(iso, 17, 2)) {
    return false;
  }
  return number_at(iso, 11, 2) < 24 && number_at(iso, 14, 2) < 60 && number_at(iso, 17, 2) < 60;
}

}  // namespace unknot
