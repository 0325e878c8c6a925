// The plan as an iCalendar file (RFC 5545; clinical.md section 5.4), built with libical.
//
// One VEVENT per session of each phase, repeating weekly on the session's days for the
// phase's weeks (12 weeks for the open-ended last phase), at 18:00 floating local time so
// reminders follow the person across time zones. Every event carries the session's items
// with their doses, the stop rule, and a display alarm 10 minutes before. The output is a
// one-way snapshot (no METHOD): importing it again adds nothing new, since UIDs are stable.
// libical's headers stay in calendar.cc.
#pragma once

#include <optional>
#include <string>

#include "core/plan.h"
#include "core/result.h"

namespace unknot::exporting {

// `first_day_iso` ("YYYY-MM-DD") is the day week 1 begins; `dtstamp_utc` (e.g.
// "20261121T080000Z") is when the file is made, passed in so the output is reproducible.
// Each phase starts on first_day + (first_week - 1) * 7 days; an event's first occurrence
// is the first of its weekdays on or after that day (RFC 5545 wants DTSTART to be one of
// the recurrence's days), and sessions of one phase follow each other from 18:00 so they
// never overlap. Bad input: a plan on hold (status refer), a malformed date or stamp.
Result<std::string> plan_to_ics(const Plan& plan, const std::string& first_day_iso,
                                const std::string& dtstamp_utc);

// What to export and when. Each session goes on exactly the days of its phase's week
// (PlanPhase::week), at `minute_of_day`, and only from `from_day_iso` on: a person six
// weeks in gets the rest of their current phase and the ones after, not week 1 again.
struct CalendarOptions {
  std::string first_day_iso;  // the day week 1 began
  std::string from_day_iso;   // the first day to put in the calendar (empty: first_day_iso)
  int minute_of_day = 18 * 60;
  std::string dtstamp_utc;
  std::string person;         // a stable key for this person, so UIDs are theirs: "a1b2c3"
};
Result<std::string> plan_to_ics(const Plan& plan, const CalendarOptions& options);

// A stable key for one person's events (UIDs), from their data directory: "9f2c01ab".
std::string calendar_person_key(const std::string& data_dir);

// "HH:MM" (00:00-23:59) as minutes after midnight; nullopt when malformed.
std::optional<int> parse_time_of_day(const std::string& text);

// The RRULE BYDAY days for a number of days per week (clamped to 1..7), e.g. 3 -> "MO,WE,FR".
std::string weekly_days(int days_per_week);

}  // namespace unknot::exporting
