#include "export/calendar.h"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/plan.h"
#include "testing/test_util.h"

namespace unknot::exporting {
namespace {

const char* const kStamp = "20261121T080000Z";

Intake export_intake() {
  Intake intake = test_util::clean_intake();  // 35, pain 4/10 for 3 weeks
  intake.profile.equipment = {"foam_roller", "resistance_band"};
  return intake;
}

std::vector<std::string> content_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find("\r\n", start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));  // not CRLF-terminated: the test flags it
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

int count_byday(const std::string& rrule) {
  const std::size_t at = rrule.find("BYDAY=");
  if (at == std::string::npos) return 0;
  const std::string days = rrule.substr(at + 6, rrule.find(';', at) - (at + 6));
  return static_cast<int>(std::count(days.begin(), days.end(), ',')) + 1;
}

TEST(Calendar, PlanParsesBackWithEveryRequiredProperty) {
  const Plan plan = build_plan(export_intake(), test_util::embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  const Result<std::string> ics = plan_to_ics(plan, "2026-11-23", kStamp);
  ASSERT_TRUE(ics.ok()) << ics.error().message;

  // Lines end in CRLF and are at most 75 octets (RFC 5545 section 3.1).
  ASSERT_GE(ics->size(), 2u);
  EXPECT_EQ(ics->substr(ics->size() - 2), "\r\n");
  for (const std::string& line : content_lines(*ics)) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
  }

  icalcomponent* calendar = icalparser_parse_string(ics->c_str());
  ASSERT_NE(calendar, nullptr);
  ASSERT_EQ(icalcomponent_isa(calendar), ICAL_VCALENDAR_COMPONENT);
  icalproperty* version = icalcomponent_get_first_property(calendar, ICAL_VERSION_PROPERTY);
  ASSERT_NE(version, nullptr);
  EXPECT_STREQ(icalproperty_get_version(version), "2.0");
  icalproperty* prodid = icalcomponent_get_first_property(calendar, ICAL_PRODID_PROPERTY);
  ASSERT_NE(prodid, nullptr);
  EXPECT_STREQ(icalproperty_get_prodid(prodid), "-//unknot//unknot//EN");

  // Expected: per UID, the session's days per week.
  std::map<std::string, int> expected_days;
  for (const PlanPhase& phase : plan.phases) {
    for (const PlanSession& session : phase.sessions) {
      int days = 0;  // exactly the days of the plan's week
      for (const PlanDay& day : phase.week) days += static_cast<int>(std::count(day.sessions.begin(), day.sessions.end(), session.id));
      expected_days[phase.id + "-" + session.id + "@unknot.invalid"] = days;
    }
  }
  ASSERT_FALSE(expected_days.empty());

  int events = 0;
  for (icalcomponent* event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event != nullptr;
       event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    ++events;
    for (icalproperty_kind kind : {ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY, ICAL_DTSTART_PROPERTY,
                                   ICAL_DURATION_PROPERTY, ICAL_RRULE_PROPERTY, ICAL_SUMMARY_PROPERTY,
                                   ICAL_DESCRIPTION_PROPERTY}) {
      EXPECT_EQ(icalcomponent_count_properties(event, kind), 1) << icalproperty_kind_to_string(kind);
    }
    EXPECT_EQ(icalcomponent_count_properties(event, ICAL_DTEND_PROPERTY), 0);
    const std::string uid = icalcomponent_get_uid(event);
    ASSERT_EQ(expected_days.count(uid), 1u) << uid;

    const icaltimetype start = icalcomponent_get_dtstart(event);
    EXPECT_TRUE(start.zone == nullptr && !icaltime_is_utc(start)) << uid;  // floating
    EXPECT_GE(start.hour, 18);
    const icaltimetype stamp = icalproperty_get_dtstamp(icalcomponent_get_first_property(event, ICAL_DTSTAMP_PROPERTY));
    EXPECT_TRUE(icaltime_is_utc(stamp));

    char* rrule = icalproperty_get_value_as_string_r(icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY));
    const std::string rule = rrule;
    icalmemory_free_buffer(rrule);
    EXPECT_NE(rule.find("FREQ=WEEKLY"), std::string::npos) << rule;
    EXPECT_TRUE(rule.find("COUNT=") != std::string::npos || rule.find("UNTIL=") != std::string::npos) << rule;
    EXPECT_EQ(count_byday(rule), std::clamp(expected_days[uid], 1, 7)) << rule;

    const std::string description = icalcomponent_get_description(event);
    EXPECT_NE(description.find("Stop if pain passes 5/10"), std::string::npos);
    EXPECT_NE(description.find("emergency number"), std::string::npos);

    icalcomponent* alarm = icalcomponent_get_first_component(event, ICAL_VALARM_COMPONENT);
    ASSERT_NE(alarm, nullptr) << uid;
    EXPECT_EQ(icalproperty_get_action(icalcomponent_get_first_property(alarm, ICAL_ACTION_PROPERTY)),
              ICAL_ACTION_DISPLAY);
    EXPECT_NE(icalcomponent_get_first_property(alarm, ICAL_DESCRIPTION_PROPERTY), nullptr);
    const icaltriggertype trigger =
        icalproperty_get_trigger(icalcomponent_get_first_property(alarm, ICAL_TRIGGER_PROPERTY));
    EXPECT_EQ(icaldurationtype_as_int(trigger.duration), -600);
  }
  EXPECT_EQ(events, static_cast<int>(expected_days.size()));
  icalcomponent_free(calendar);
}

TEST(Calendar, PhasesStartOnTheirWeekAndCoverTheirWeeks) {
  Plan plan;
  PlanItem row;
  row.name = "Standing band row";
  row.kind = Kind::kStrength;
  row.dose.sets = 2;
  row.dose.reps = 12;
  PlanPhase first{"mobilize", "Move", 1, 2, "", {PlanSession{"strength", "Strength day", 3, 15, {row}}}, {}};
  PlanPhase last{"maintain", "Keep it gone", 3, std::nullopt, "",
                 {PlanSession{"once", "Once a week", 1, 10, {row}},
                  PlanSession{"daily", "Every day", 7, 5, {row}}}, {}};
  plan.phases = {first, last};
  // 2026-11-23 is a Monday.
  const Result<std::string> ics = plan_to_ics(plan, "2026-11-23", kStamp);
  ASSERT_TRUE(ics.ok()) << ics.error().message;
  const std::string& text = *ics;
  EXPECT_NE(text.find("DTSTART:20261123T180000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("RRULE:FREQ=WEEKLY;COUNT=6;BYDAY=MO,WE,FR"), std::string::npos) << text;
  // Week 3 starts Monday 2026-12-07; the once-a-week session is on Wednesdays.
  EXPECT_NE(text.find("DTSTART:20261209T180000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("COUNT=12;BYDAY=WE"), std::string::npos) << text;
  // The daily session takes the six other days of the week (one session a day, so a day
  // never holds more than the person's minutes), from Monday 2026-12-07, 12 weeks.
  EXPECT_NE(text.find("DTSTART:20261207T180000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("COUNT=72;BYDAY=MO,TU,TH,FR,SA,SU"), std::string::npos) << text;
  EXPECT_NE(text.find("UID:maintain-daily@unknot.invalid"), std::string::npos);
  EXPECT_NE(text.find("DURATION:PT15M"), std::string::npos);
  EXPECT_NE(text.find("SUMMARY:unknot: Strength day (Move)"), std::string::npos);
  EXPECT_NE(text.find("TRIGGER:-PT10M"), std::string::npos);
}

// The days each event repeats on, by UID: "MO,WE,FR".
std::map<std::string, std::string> byday_by_uid(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string uid;
  for (const std::string& line : content_lines(text)) {
    if (line.rfind("UID:", 0) == 0) uid = line.substr(4);
    const std::size_t at = line.find("BYDAY=");
    if (line.rfind("RRULE:", 0) == 0 && at != std::string::npos) {
      out[uid] = line.substr(at + 6, line.find(';', at) - (at + 6));
    }
  }
  return out;
}

TEST(Calendar, ExportsExactlyThePlansWeekFromTheCurrentWeekAtTheChosenTime) {
  const Plan plan = build_plan(export_intake(), test_util::embedded_catalogue());
  ASSERT_EQ(plan.status, PlanStatus::kOk);
  // Week 1 began Monday 2026-11-23; the person exports six weeks in, on 2027-01-04.
  const Result<std::string> ics =
      plan_to_ics(plan, CalendarOptions{"2026-11-23", "2027-01-04", 7 * 60 + 30, kStamp, "abc123"});
  ASSERT_TRUE(ics.ok()) << ics.error().message;
  const char* const codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  const std::map<std::string, std::string> byday = byday_by_uid(*ics);
  for (const PlanPhase& phase : plan.phases) {
    const bool behind = phase.last_week && *phase.last_week * 7 <= 6 * 7;
    for (const PlanSession& session : phase.sessions) {
      const std::string uid = "abc123-" + phase.id + "-" + session.id + "@unknot.invalid";
      if (behind) {
        EXPECT_EQ(byday.count(uid), 0u) << uid << " is in a phase already behind the person";
        continue;
      }
      std::string expected;
      for (const PlanDay& day : phase.week) {
        if (std::count(day.sessions.begin(), day.sessions.end(), session.id)) {
          expected += (expected.empty() ? "" : ",") + std::string(codes[day.weekday]);
        }
      }
      ASSERT_EQ(byday.count(uid), 1u) << uid;
      EXPECT_EQ(byday.at(uid), expected) << uid;
    }
  }
  // Nothing starts before the day of the export, and everything at 07:30.
  for (const std::string& line : content_lines(*ics)) {
    if (line.rfind("DTSTART:", 0) != 0) continue;
    EXPECT_GE(line.substr(8, 8), "20270104") << line;
    EXPECT_EQ(line.substr(16), "T073000") << line;
  }
  EXPECT_EQ(parse_time_of_day("07:30"), 450);
  EXPECT_FALSE(parse_time_of_day("7:30"));
  EXPECT_FALSE(parse_time_of_day("24:00"));
  EXPECT_EQ(calendar_person_key("/home/a/.local/share/unknot"), calendar_person_key("/home/a/.local/share/unknot"));
  EXPECT_NE(calendar_person_key("/home/a/.local/share/unknot"), calendar_person_key("/home/b/.local/share/unknot"));
}

TEST(Calendar, WeeklyDays) {
  EXPECT_EQ(weekly_days(1), "WE");
  EXPECT_EQ(weekly_days(2), "TU,FR");
  EXPECT_EQ(weekly_days(3), "MO,WE,FR");
  EXPECT_EQ(weekly_days(4), "MO,TU,TH,FR");
  EXPECT_EQ(weekly_days(5), "MO,TU,WE,TH,FR");
  EXPECT_EQ(weekly_days(6), "MO,TU,WE,TH,FR,SA");
  EXPECT_EQ(weekly_days(7), "MO,TU,WE,TH,FR,SA,SU");
}

TEST(Calendar, ReferredPlanAndBadInputAreRefused) {
  Plan refer;
  refer.status = PlanStatus::kRefer;
  const Result<std::string> held = plan_to_ics(refer, "2026-11-23", kStamp);
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().kind, ErrorKind::kBadInput);
  EXPECT_NE(held.error().message.find("on hold"), std::string::npos);

  const Plan plan = build_plan(export_intake(), test_util::embedded_catalogue());
  for (const char* day : {"2026-02-30", "23/11/2026", "2026-11-23T10:00:00", ""}) {
    const Result<std::string> bad = plan_to_ics(plan, day, kStamp);
    ASSERT_FALSE(bad.ok()) << day;
    EXPECT_EQ(bad.error().kind, ErrorKind::kBadInput);
  }
  for (const char* stamp : {"20261121T080000", "2026-11-21T08:00:00Z", "20261321T080000Z"}) {
    const Result<std::string> bad = plan_to_ics(plan, "2026-11-23", stamp);
    ASSERT_FALSE(bad.ok()) << stamp;
    EXPECT_EQ(bad.error().kind, ErrorKind::kBadInput);
  }
}

TEST(Calendar, SameInputSameOutput) {
  const Plan plan = build_plan(export_intake(), test_util::embedded_catalogue());
  const Result<std::string> first = plan_to_ics(plan, "2026-11-23", kStamp);
  const Result<std::string> second = plan_to_ics(plan, "2026-11-23", kStamp);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

}  // namespace
}  // namespace unknot::exporting
