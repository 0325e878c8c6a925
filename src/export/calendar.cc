#include "export/calendar.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/diary.h"
#include "core/dose_words.h"
#include "core/session_script.h"

namespace unknot::exporting {
namespace {

constexpr int kStartMinuteOfDay = 18 * 60;
constexpr int kOpenEndedWeeks = 12;
constexpr int kAlarmMinutesBefore = 10;
constexpr const char* kDayCodes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;


// "YYYYMMDDTHHMMSSZ" naming a real UTC date and time.
bool is_utc_stamp(const std::string& text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  for (std::size_t index = 0; index < 15; ++index) {
    if (index != 8 && !std::isdigit(static_cast<unsigned char>(text[index]))) return false;
  }
  const std::string date = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2);
  return day_number(date).has_value() && std::stoi(text.substr(9, 2)) < 24 && std::stoi(text.substr(11, 2)) < 60 &&
         std::stoi(text.substr(13, 2)) <= 60;
}

icaltimetype floating_time(int day, int minute_of_day) {
  const std::string date = iso_date(day);
  icaltimetype time = icaltime_null_time();
  time.year = std::stoi(date.substr(0, 4));
  time.month = std::stoi(date.substr(5, 2));
  time.day = std::stoi(date.substr(8, 2));
  time.hour = minute_of_day / 60;
  time.minute = minute_of_day % 60;
  time.second = 0;
  time.is_date = 0;
  time.zone = nullptr;  // floating local time
  return time;
}

std::string describe_session(const PlanSession& session, const PlanPhase& phase) {
  std::string text = phase.title + ", " + session.title + ":\n";
  for (const PlanItem& item : session.items) {
    text += "- " + item.name + ": " + describe_dose(item.dose) + "\n";
  }
  text += "\n";
  text += kStopRule;
  return text;
}

}  // namespace

std::string weekly_days(int days_per_week) {
  std::string out;
  for (int index : session_weekdays(days_per_week)) out += (out.empty() ? "" : ",") + std::string(kDayCodes[index]);
  return out;
}

Result<std::string> plan_to_ics(const Plan& plan, const std::string& first_day_iso,
                                const std::string& dtstamp_utc) {
  return plan_to_ics(plan, CalendarOptions{first_day_iso, "", kStartMinuteOfDay, dtstamp_utc, ""});
}

std::string calendar_person_key(const std::string& data_dir) {
  std::uint32_t hash = 2166136261u;  // FNV-1a: stable across runs and machines
  for (char c : data_dir) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  static const char kHex[] = "0123456789abcdef";
  std::string key(8, '0');
  for (int index = 7; index >= 0; --index, hash >>= 4) key[static_cast<std::size_t>(index)] = kHex[hash & 15];
  return key;
}

std::optional<int> parse_time_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t index : {0u, 1u, 3u, 4u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[index]))) return std::nullopt;
  }
  const int hours = std::stoi(text.substr(0, 2));
  const int minutes = std::stoi(text.substr(3, 2));
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

Result<std::string> plan_to_ics(const Plan& plan, const CalendarOptions& options) {
  if (plan.status == PlanStatus::kRefer) {
    return Error::bad_input("the plan is on hold (see a doctor first); there is nothing to put in a calendar");
  }
  const std::string& first_day_iso = options.first_day_iso;
  const std::optional<int> first_day = first_day_iso.size() == 10 ? day_number(first_day_iso) : std::nullopt;
  if (!first_day) return Error::bad_input("first day: expected a date YYYY-MM-DD, got \"" + first_day_iso + "\"");
  const std::string from_iso = options.from_day_iso.empty() ? first_day_iso : options.from_day_iso;
  const std::optional<int> from_day = from_iso.size() == 10 ? day_number(from_iso) : std::nullopt;
  if (!from_day) return Error::bad_input("from: expected a date YYYY-MM-DD, got \"" + from_iso + "\"");
  if (options.minute_of_day < 0 || options.minute_of_day >= 24 * 60) {
    return Error::bad_input("time: expected HH:MM between 00:00 and 23:59");
  }
  const std::string& dtstamp_utc = options.dtstamp_utc;
  if (!is_utc_stamp(dtstamp_utc)) {
    return Error::bad_input("timestamp: expected UTC YYYYMMDDTHHMMSSZ, got \"" + dtstamp_utc + "\"");
  }
  const icaltimetype dtstamp = icaltime_from_string(dtstamp_utc.c_str());
  if (icaltime_is_null_time(dtstamp) || !icaltime_is_valid_time(dtstamp)) {
    return Error::bad_input("timestamp: not a real date and time: \"" + dtstamp_utc + "\"");
  }

  ComponentPtr calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//unknot//unknot//EN"));

  std::set<std::string> uids;
  for (const PlanPhase& phase : plan.phases) {
    const int phase_start = *first_day + (std::max(phase.first_week, 1) - 1) * 7;
    const int phase_end = phase.last_week ? *first_day + *phase.last_week * 7  // first day after it
                                          : std::max(phase_start, *from_day) + kOpenEndedWeeks * 7;
    const int begin = std::max(phase_start, *from_day);
    if (begin >= phase_end) continue;  // a phase already behind the person
    for (const PlanSession& session : phase.sessions) {
      // The days of the week this session has in the phase's week: nothing else.
      std::vector<int> days;
      // A hand-built plan may lack the week; the engine's rule fills it in the same way.
      const std::vector<PlanDay> week = phase.week.size() == 7 ? phase.week : schedule_week(phase.sessions);
      for (const PlanDay& day : week) {
        if (std::find(day.sessions.begin(), day.sessions.end(), session.id) != day.sessions.end()) {
          days.push_back(day.weekday);
        }
      }
      if (days.empty()) continue;
      int count = 0;
      int start = -1;
      for (int day = begin; day < phase_end; ++day) {
        if (std::find(days.begin(), days.end(), weekday(day)) == days.end()) continue;
        if (start < 0) start = day;
        ++count;
      }
      if (count == 0) continue;
      const int minutes = std::max(session.minutes, 1);

      const std::string base = (options.person.empty() ? "" : options.person + "-") + phase.id + "-" + session.id;
      std::string uid = base;
      for (int suffix = 2; uids.count(uid) > 0; ++suffix) uid = base + "-" + std::to_string(suffix);
      uids.insert(uid);
      uid += "@unknot.invalid";

      std::string byday;
      for (int day : days) byday += (byday.empty() ? "" : ",") + std::string(kDayCodes[day]);
      const std::string rule = "FREQ=WEEKLY;BYDAY=" + byday + ";COUNT=" + std::to_string(count);
      const icalrecurrencetype recurrence = icalrecurrencetype_from_string(rule.c_str());
      if (recurrence.freq != ICAL_WEEKLY_RECURRENCE) return Error::failure("calendar: libical rejected " + rule);

      icalcomponent* event = icalcomponent_new_vevent();
      icalcomponent_add_component(calendar.get(), event);  // the calendar owns it from here
      icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
      icalcomponent_add_property(event, icalproperty_new_dtstamp(dtstamp));
      icalcomponent_add_property(event, icalproperty_new_dtstart(floating_time(start, options.minute_of_day)));
      icalcomponent_add_property(event, icalproperty_new_duration(icaldurationtype_from_int(minutes * 60)));
      const std::string summary = "unknot: " + session.title + " (" + phase.title + ")";
      icalcomponent_add_property(event, icalproperty_new_summary(summary.c_str()));
      icalcomponent_add_property(event, icalproperty_new_description(describe_session(session, phase).c_str()));
      icalcomponent_add_property(event, icalproperty_new_rrule(recurrence));

      icalcomponent* alarm = icalcomponent_new_valarm();
      icalcomponent_add_component(event, alarm);
      icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
      const std::string reminder = "unknot: " + session.title + " in " + std::to_string(kAlarmMinutesBefore) + " minutes";
      icalcomponent_add_property(alarm, icalproperty_new_description(reminder.c_str()));
      icalcomponent_add_property(alarm, icalproperty_new_trigger(icaltriggertype_from_int(-kAlarmMinutesBefore * 60)));
    }
  }

  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (text == nullptr) return Error::failure("calendar: libical could not write the calendar");
  std::string out(text);
  icalmemory_free_buffer(text);
  return out;
}

}  // namespace unknot::exporting
